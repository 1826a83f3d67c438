"""Reading the store as of one moment while others write to it.

Counting the browse facets reads the store several times (the highest id, each facet's
column, the ids a filter lets through). An import committing between two of those reads
once gave a column ids beyond the highest it was sized for, and an IndexError ended the
counting thread. In WAL mode a read transaction keeps one snapshot however many commits
land meanwhile, and never blocks them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlite_utils


@contextmanager
def one_snapshot(db: sqlite_utils.Database) -> Iterator[None]:
    """Every read inside sees the store as the first one did. Only for reading: the
    transaction is rolled back, also when a statement inside was interrupted."""
    if db.conn.in_transaction:  # left open when an interrupt hit the last rollback
        db.conn.rollback()
    db.execute("BEGIN")
    try:
        yield
    finally:
        if db.conn.in_transaction:
            db.conn.rollback()
