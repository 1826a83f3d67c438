"""Which SQLite errors a user can act on, told by SQLite's result code.

The message text changes between SQLite versions and is no contract; the result code is.
A busy, locked, read-only, full, unreadable or damaged store becomes a StoreError with a
plain message; an interrupted query becomes QueryInterrupted; anything else (a syntax
error, a missing table, a misused connection) is a bug and propagates as it is.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from cablereader.store.api import QueryInterrupted, StoreError

P = ParamSpec("P")
R = TypeVar("R")
E = TypeVar("E", bound=Exception)

USER_FIXABLE = {
    sqlite3.SQLITE_BUSY: "another program is using the store",
    sqlite3.SQLITE_LOCKED: "the store is locked",
    sqlite3.SQLITE_READONLY: "the store cannot be written (a read-only file or folder)",
    sqlite3.SQLITE_FULL: "the disk is full",
    sqlite3.SQLITE_IOERR: "the disk could not be read or written",
    sqlite3.SQLITE_CANTOPEN: "the file cannot be opened",
    sqlite3.SQLITE_NOTADB: "the file is not a Cable Reader store",
    sqlite3.SQLITE_CORRUPT: "the store is damaged",
}


def primary_code(error: sqlite3.Error) -> int | None:
    """SQLite's primary result code (an extended code keeps it in its low byte)."""
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def as_store_error(error: sqlite3.Error, what: str) -> StoreError | None:
    """The StoreError a user should see for `error`, or None when it is a bug."""
    code = primary_code(error)
    if code == sqlite3.SQLITE_INTERRUPT:
        return QueryInterrupted(f"{what}: interrupted")
    plain = None if code is None else USER_FIXABLE.get(code)
    if plain is None:
        return None
    return StoreError(f"cannot {what}: {plain} ({error})")


def translating(
    catch: type[E], convert: Callable[[E, str], StoreError | None]
) -> Callable[[str], Callable[[Callable[P, R]], Callable[P, R]]]:
    """A `translated` decorator for one database library: its `catch` errors that
    `convert` tells (a StoreError) arrive as that; the rest, bugs, propagate as they are.
    The SQLite store and the PostgreSQL store each make theirs from this."""

    def translated(what: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
        def wrap(method: Callable[P, R]) -> Callable[P, R]:
            @functools.wraps(method)
            def run(*args: P.args, **kwargs: P.kwargs) -> R:
                try:
                    return method(*args, **kwargs)
                except catch as error:
                    store_error = convert(error, what)
                    if store_error is None:
                        raise
                    raise store_error from error

            return run

        return wrap

    return translated


# A store method whose user-fixable SQLite errors arrive as StoreError.
translated = translating(sqlite3.Error, as_store_error)
