"""SQLite errors are told apart by result code: the user's to fix, or a bug."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cablereader.store import schema
from cablereader.store.api import QueryInterrupted, StoreError
from cablereader.store.connection import user_errors
from cablereader.store.errors import as_store_error, primary_code
from cablereader.store.sqlite_store import SqliteCableStore


def _error(conn: sqlite3.Connection, sql: str) -> sqlite3.Error:
    try:
        conn.execute(sql)
    except sqlite3.Error as error:
        return error
    raise AssertionError(f"{sql} did not fail")


def test_a_bug_whose_message_says_locked_is_still_a_bug() -> None:
    """The old test matched words such as "locked" in the message: a missing table named
    `locked` was shown to the user as a locked store."""
    conn = sqlite3.connect(":memory:")
    locked = pytest.raises(sqlite3.OperationalError, match="no such table: locked")
    with locked, user_errors("read the store"):
        conn.execute("SELECT * FROM locked")
    with pytest.raises(sqlite3.OperationalError), user_errors("read the store"):
        conn.execute("SELEKT 1")


def test_read_only_and_busy_are_the_users(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("CREATE TABLE t (x)")
    reader = sqlite3.connect(path.as_uri() + "?mode=ro", uri=True)
    refused = pytest.raises(StoreError, match="cannot write to the store: the store cannot be")
    with refused, user_errors("write to the store"):
        reader.execute("INSERT INTO t VALUES (1)")
    writer.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    busy = _error(other, "BEGIN IMMEDIATE")
    assert primary_code(busy) == sqlite3.SQLITE_BUSY
    translated = as_store_error(busy, "write to the store")
    assert translated is not None and "another program is using the store" in str(translated)
    writer.execute("ROLLBACK")
    for conn in (writer, reader, other):
        conn.close()


def test_an_interrupted_query_is_query_interrupted() -> None:
    conn = sqlite3.connect(":memory:")
    conn.set_progress_handler(lambda: 1, 1)  # a non-zero answer stops the query as interrupt
    error = _error(conn, "SELECT 1")
    assert primary_code(error) == sqlite3.SQLITE_INTERRUPT
    assert isinstance(as_store_error(error, "count"), QueryInterrupted)


def test_a_damaged_file_cannot_be_opened(tmp_path: Path) -> None:
    path = tmp_path / "damaged.db"
    path.write_bytes(b"SQLite format 3\0" + b"\0" * 84 + b"\xff" * 4000)
    # Refused by the header check (through SQLite) before the store is opened for use.
    with pytest.raises(StoreError, match=r"not an SQLite file|damaged|cannot open the cable store"):
        SqliteCableStore(path)


def test_a_bug_while_opening_is_not_cannot_open(tmp_path: Path, monkeypatch) -> None:
    """Every DatabaseError used to become "cannot open the cable store", hiding bugs."""
    real = schema.migrate

    def broken(db, person=None) -> None:
        real(db, person)
        db.execute("SELECT no_such_column FROM cables")

    monkeypatch.setattr(schema, "migrate", broken)
    with pytest.raises(sqlite3.OperationalError, match="no_such_column"):
        SqliteCableStore(tmp_path / "new.db")
