"""Opening a store file safely, and writing to it one transaction at a time.

The checks here run before anything is written: a file that is not ours (another
program's SQLite database, or no database at all) or that a newer Cable Reader made is
refused untouched. Errors a user can act on (locked, read-only, disk full, not a store)
become StoreError with a plain message; anything else is a bug and propagates as is.
Only SQLite opens the store's files (see check_is_store for why), and a store that
cannot be written is opened for reading.
"""

from __future__ import annotations

import os
import sqlite3
from collections import Counter
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
# (st_dev, st_ino) of every store this process holds open, with how many connections:
# files only SQLite may open here. Forgotten on the last close, since a file made later
# may be given the same inode.
_STORE_FILES: Counter[tuple[int, int]] = Counter()
_CONNECTION_FILES: dict[int, tuple[int, int]] = {}
_SIDE_FILES = ("-wal", "-shm", "-journal")


def _read_only_uri(path: Path, immutable: bool = False) -> str:
    uri = path.resolve().as_uri() + "?mode=ro"  # as_uri quotes '#', '?' and '%'
    return uri + "&immutable=1" if immutable else uri


def _cannot_open(error: sqlite3.Error) -> bool:
    """SQLite could not open or write the file or its -wal/-shm (read-only media or folder)."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    return code in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY)


def _connect_read_only(path: Path, check_same_thread: bool = True) -> sqlite3.Connection:
    """A read-only connection, that SQLite has shown it can read.

    A WAL store needs its -shm: when that is missing and cannot be made (read-only media,
    a folder we may not write), SQLite can still read the file as immutable, which is
    right only when no -wal holds changes the file lacks, and when no one writes to it.
    """
    conn = sqlite3.connect(_read_only_uri(path), uri=True, check_same_thread=check_same_thread)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as error:
        conn.close()
        if not _cannot_open(error):
            raise
        if Path(f"{path}-wal").exists():
            raise StoreError(
                f"{path} cannot be read here: its -wal file holds changes, and this folder "
                "does not let SQLite open them; copy the store to a folder you can write"
            ) from error
    return sqlite3.connect(
        _read_only_uri(path, immutable=True), uri=True, check_same_thread=check_same_thread
    )


def _writable(path: Path) -> bool:
    """Whether SQLite could write the store and make its -wal and -shm next to it. Asked
    of the kernel (it also says no on read-only media, even to root): opening the file
    ourselves to find out would drop this process's locks on it."""
    folder_ok = os.access(path.parent, os.W_OK) if path.parent.exists() else True
    return folder_ok and (not path.exists() or os.access(path, os.W_OK))


def _identity(name: str) -> tuple[int, int] | None:
    try:
        found = os.stat(name)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def is_store_file(name: str) -> bool:
    """Whether a file is a store this process opened, or its -wal, -shm or -journal.

    Only SQLite may open those here (see check_is_store), so the importer's scan skips
    them: importing the folder that holds the store must not read the store. Asked of
    the kernel by stat, never by opening.
    """
    if not _STORE_FILES:
        return False
    for suffix in _SIDE_FILES:
        if name.endswith(suffix) and _identity(name[: -len(suffix)]) in _STORE_FILES:
            return True
    return _identity(name) in _STORE_FILES


def upgrade_pending(path: Path) -> int | None:
    """The older schema version of the store at `path` that opening it would upgrade,
    or None (no file yet, already current, not ours: check_is_store says why). Read
    through a read-only SQLite connection, as check_is_store reads. The window and the
    command line say so first: schema 7 rebuilds the full-text index, minutes at full
    scale, and an app that sat silent for them would look hung."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        conn = _connect_read_only(path)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None
    if app_id != schema.APPLICATION_ID or not 0 < version < schema.LATEST:
        return None
    return version


def check_is_store(path: Path) -> None:
    """Refuse a file that is some other SQLite database, or not one at all, untouched.

    Everything is read through SQLite, on a read-only connection, before anything could
    write: never with open(), because on POSIX closing any descriptor on the file drops
    every lock this process holds on it, and SQLite then takes the window's connections
    for gone and deletes the -wal and -shm they still use (tests/reliability/
    test_shared_store.py). An empty file is a new store.
    """
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        conn = _connect_read_only(path)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        code = getattr(error, "sqlite_errorcode", 0) & 0xFF
        if code == sqlite3.SQLITE_NOTADB:
            raise StoreError(f"{path} is not a Cable Reader store (not an SQLite file)") from error
        if code == sqlite3.SQLITE_CORRUPT:
            raise StoreError(f"{path} is damaged ({error}); it was left as it is") from error
        raise
    # Every store has had our id since the first version (it is set with the tables), so
    # a file without it is ours only when it is still empty.
    if app_id != schema.APPLICATION_ID and (app_id != 0 or tables or version):
        raise StoreError(f"{path} is an SQLite file of another application; it was left as it is")
    if version > schema.LATEST:
        raise StoreError(
            f"{path} was made by a newer Cable Reader (store version {version}); "
            "update the app to open it"
        )


def open_database(
    path: Path | None, read_only: bool, person: str | None = None
) -> tuple[sqlite_utils.Database, bool]:
    """The store's connection, and whether it is read-only (`person`: see schema.migrate).

    Asked to write a store that cannot be written (read-only media or folder), it opens
    the store for reading instead, so that it can still be read; writing then says so.
    """
    if path is None:
        return sqlite_utils.Database(memory=True), False
    check_is_store(path)
    if not read_only and path.exists() and not _writable(path):
        read_only = True
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        try:
            db = _set_up_writer(conn, person)
        except sqlite3.OperationalError as error:
            conn.close()
            if not (_cannot_open(error) and path.exists()):
                raise
            read_only = True  # the kernel let us think we could write, SQLite found not
    if read_only:
        conn = _connect_read_only(path, check_same_thread=False)
        db = sqlite_utils.Database(conn)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute(f"PRAGMA cache_size = -{READER_CACHE_KB}")
    identity = _identity(str(path))
    if identity is not None:
        _STORE_FILES[identity] += 1
        _CONNECTION_FILES[id(db.conn)] = identity
    return db, read_only


def close_database(db: sqlite_utils.Database) -> None:
    """Close the connection, and stop guarding its file once no connection holds it."""
    identity = _CONNECTION_FILES.pop(id(db.conn), None)
    db.conn.close()
    if identity is not None:
        _STORE_FILES[identity] -= 1
        if _STORE_FILES[identity] <= 0:
            del _STORE_FILES[identity]


def check_not_damaged(db: sqlite_utils.Database, path: Path | None) -> None:
    """Refuse to import into a damaged store, before anything is written to it: adding to
    a broken b-tree can spread the damage to pages that were whole. quick_check reads
    every page (seconds for a full store, small beside an import) but skips the slow
    index cross-checks of integrity_check."""
    try:
        first = db.execute("PRAGMA quick_check(1)").fetchone()[0]
    except sqlite3.DatabaseError as error:
        first = str(error)
    if first != "ok":
        raise StoreError(
            f"{path or 'the store'} is damaged ({first}); nothing was imported. "
            "Import into a new store (--db), or restore this one from a backup"
        )


def _set_up_writer(conn: sqlite3.Connection, person: str | None) -> sqlite_utils.Database:
    """WAL, and the schema brought up to date: the first writes, after check_is_store."""
    db = sqlite_utils.Database(conn)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA journal_mode = WAL")  # readers never wait for the importer
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KB}")  # FTS5 merges in memory
    schema.migrate(db, person)
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
