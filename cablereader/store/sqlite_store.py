"""The SQLite cable store: the only module that writes SQL against the store's tables.

Cables hold the reference-box fields of their current version for sorting and facets;
each version keeps its parsed form and its raw source, both compressed with zstd (the raw
pages are mostly sidebar and shrink about tenfold). Searching goes through one FTS5 table
of the current versions' subjects and bodies. Reading and searching are in
store/reading.py, writing in store/writing.py; this class opens, closes and composes them.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from pathlib import Path

from cablereader.core.people import PersonInUse
from cablereader.store import schema
from cablereader.store.api import StoreError
from cablereader.store.connection import close_database, open_database
from cablereader.store.errors import as_store_error, translated
from cablereader.store.reading import ReadingMixin
from cablereader.store.snapshot import one_snapshot
from cablereader.store.user_data import UserDataMixin
from cablereader.store.writing import WritingMixin


class SqliteCableStore(ReadingMixin, WritingMixin, UserDataMixin):
    """A store in one SQLite file (or in memory for tests)."""

    def __init__(
        self,
        path: str | Path | None,
        *,
        read_only: bool = False,
        person: str | None = None,
        shared_person: PersonInUse | None = None,
    ) -> None:
        self.path = None if path is None else Path(path)
        self.read_only = read_only
        self._writes = 0  # data_version only moves for other connections' commits
        self._seen_commit = -1  # PRAGMA data_version when the generation was last read
        self._generation = 0
        self._start_cache(self._change_counter)
        try:
            # Read-only also when the file cannot be written (read-only media or folder).
            self.db, self.read_only = open_database(self.path, read_only, person)
        except sqlite3.Error as error:
            # Only what the user can act on (not a store, unreadable, locked) is "cannot
            # open"; any other error is a bug and must be seen as one.
            store_error = as_store_error(error, f"open the cable store {path}")
            if store_error is None:
                raise
            raise store_error from error
        if self.path is None:  # a file is migrated on opening; memory starts empty
            schema.migrate(self.db, person)
        self._start_people(person, shared_person)

    @property
    def location(self) -> str | None:
        return None if self.path is None else str(self.path)

    def close(self) -> None:
        close_database(self.db)

    def reopen(self, *, read_only: bool = True) -> SqliteCableStore:
        """A second connection to the same file; a store in memory has no second one."""
        if self.path is None:
            raise StoreError("a store held in memory cannot be opened twice")
        return SqliteCableStore(
            self.path, read_only=read_only, person=self.person, shared_person=self._people
        )

    @translated("tell whether the store changed")
    def data_version(self) -> int:
        """A number that changes whenever the cables may have changed, through any
        connection: SQLite's data_version moves for other connections' commits (another
        process, the wizard's worker), the write count for this one's. Cheap enough to
        ask every second: SQLite reads it from the WAL index, not the tables."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0]) + self._writes

    def snapshot(self) -> AbstractContextManager[None]:
        return one_snapshot(self.db)

    def interrupt(self) -> None:
        """Safe from any thread: the query running now raises QueryInterrupted."""
        self.db.conn.interrupt()

    def _change_counter(self) -> tuple[int, int]:
        """Moves whenever cables were written, through this connection or any other; not
        for the reader's own data (history, stars), which other commits are. The row is
        read only when some commit happened since it was last read."""
        commit = self.db.execute("PRAGMA data_version").fetchone()[0]
        if commit != self._seen_commit:
            self._seen_commit = commit
            row = self.db.execute("SELECT value FROM store_meta WHERE key = 'cables'").fetchone()
            self._generation = int(row[0]) if row else 0
        return self._generation, self._writes
