"""Writing to the SQLite store: import runs, the files already imported, and batches of
versions, each batch one transaction. A mixin of SqliteCableStore (store/sqlite_store.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path

import sqlite_utils

from cablereader.core.model import ParsedVersion
from cablereader.store.api import PreparedVersion, WriteResult
from cablereader.store.connection import check_not_damaged, write_transaction
from cablereader.store.errors import translated
from cablereader.store.protocol import VersionEncoder
from cablereader.store.version_writer import now, prepare, write_version


class WritingMixin:
    """The writing half of SqliteCableStore; `db` is the store's connection."""

    db: sqlite_utils.Database
    path: Path | None
    read_only: bool
    _writes: int  # data_version only moves for other connections' commits

    def version_encoder(self) -> VersionEncoder:
        """Hashing and compressing, which worker processes do before `write_versions`."""
        return prepare

    def import_workers(self, cores: int) -> int:
        """One core stays with the writer, which is this process (SQLite's FTS5 work is
        most of an import): on the 2-core reference machine a second worker bought no
        speed and cost 140 MB."""
        return max(1, min(cores - 1, 8))

    def _writing(self) -> AbstractContextManager[None]:
        return write_transaction(self.db, self.read_only)

    def begin_import(self, sources: Sequence[str]) -> int:
        if not self.read_only:  # a read-only store is refused at once, below
            check_not_damaged(self.db, self.path)
        with self._writing():
            cursor = self.db.execute(
                "INSERT INTO import_runs (started_at, sources) VALUES (?, ?)",
                [now(), json.dumps(list(sources))],
            )
        return int(cursor.lastrowid or 0)

    @translated("read the store")
    def file_unchanged(self, path: str, size: int, mtime_ns: int) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM files WHERE path = ? AND size = ? AND mtime_ns = ?",
            [path, size, mtime_ns],
        ).fetchone()
        return row is not None

    @translated("read the store")
    def file_counts(self, path: str) -> tuple[int, int]:
        """Cables imported from a file, and rows of it that failed, when it was recorded."""
        row = self.db.execute("SELECT cables, failed FROM files WHERE path = ?", [path]).fetchone()
        return (0, 0) if row is None else (int(row[0]), int(row[1]))

    def record_file(
        self, path: str, size: int, mtime_ns: int, fmt: str, cables: int, failed: int = 0
    ) -> None:
        """Remember a file as imported, with how many of its rows could not be read."""
        with self._writing():
            self.db.execute(
                "INSERT OR REPLACE INTO files (path, size, mtime_ns, format, cables,"
                " imported_at, failed) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [path, size, mtime_ns, fmt, cables, now(), failed],
            )

    def write_versions(
        self, versions: Iterable[ParsedVersion | PreparedVersion], run: int | None = None
    ) -> list[WriteResult]:
        """Write a batch in one transaction; each version is added, a new version, or a no-op."""
        results: list[WriteResult] = []
        self._writes += 1
        with self._writing():
            for version in versions:
                results.append(write_version(self.db, version, run))
            # Readers' caches follow this, not every commit (see schema._cable_generation).
            self.db.execute("UPDATE store_meta SET value = value + 1 WHERE key = 'cables'")
        return results
