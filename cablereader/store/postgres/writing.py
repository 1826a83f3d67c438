"""Writing to the PostgreSQL store."""

from __future__ import annotations


class PgWritingMixin:
    """The writing half of PostgresCableStore."""
