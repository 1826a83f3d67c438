"""Opening a store file safely, and writing to it one transaction at a time.

The checks here run before anything is written: a file that is not ours (another
program's SQLite database, or no database at all) or that a newer Cable Reader made is
refused untouched. Errors a user can act on (locked, read-only, disk full, not a store)
become StoreError with a plain message; anything else is a bug and propagates as is.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from cablereader.store import schema
from cablereader.store.api import StoreError
from cablereader.store.errors import as_store_error

BUSY_TIMEOUT_MS = 10_000
WRITER_CACHE_KB = 65_536
# Readers (the facet-counting thread, the command line) read long id lists and FTS5
# doclists; the benchmark figures were measured with this cache, its own share was not.
READER_CACHE_KB = 32_768


def _read_only_uri(path: Path) -> str:
    return path.resolve().as_uri() + "?mode=ro"  # as_uri quotes '#', '?' and '%'


def check_is_store(path: Path) -> None:
    """Refuse a file that is some other SQLite database, or not one at all."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        head = handle.read(100)
    if not head.startswith(b"SQLite format 3\0"):
        raise StoreError(f"{path} is not a Cable Reader store (not an SQLite file)")
    app_id = int.from_bytes(head[68:72], "big")
    if app_id not in (0, schema.APPLICATION_ID):
        raise StoreError(f"{path} is an SQLite file of another application")
    if app_id == 0:
        # Most programs leave the id at 0: tell ours apart by its tables.
        conn = sqlite3.connect(_read_only_uri(path), uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
        if tables and "cables" not in tables:
            raise StoreError(f"{path} is an SQLite file of another application")


def open_database(path: Path | None, read_only: bool) -> sqlite_utils.Database:
    if path is None:
        return sqlite_utils.Database(memory=True)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    check_is_store(path)
    if read_only:
        conn = sqlite3.connect(_read_only_uri(path), uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    db = sqlite_utils.Database(conn)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if read_only:
        db.execute(f"PRAGMA cache_size = -{READER_CACHE_KB}")
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > schema.LATEST:
        conn.close()
        raise StoreError(
            f"{path} was made by a newer Cable Reader (store version {version}); "
            "update the app to open it"
        )
    if not read_only:
        db.execute("PRAGMA journal_mode = WAL")  # readers never wait for the importer
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KB}")  # FTS5 merges in memory
        schema.migrate(db)
    return db


@contextmanager
def user_errors(what: str) -> Iterator[None]:
    """Turn the SQLite errors a user can fix into StoreError naming what failed, and an
    interrupted query into QueryInterrupted; anything else propagates as the bug it is."""
    try:
        yield
    except sqlite3.Error as error:
        translated = as_store_error(error, what)
        if translated is None:
            raise
        raise translated from error


@contextmanager
def write_transaction(db: sqlite_utils.Database, read_only: bool) -> Iterator[None]:
    """BEGIN IMMEDIATE takes the write lock up front, so a second writer waits for the
    busy timeout instead of failing at once when its read turns into a write."""
    if read_only:
        raise StoreError("this store is open read-only")
    with user_errors("write to the store"):
        db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if db.conn.in_transaction:
                db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
