"""What the PostgreSQL store's user-data mixins share: the connection, the person in
use, and writes that count and tell others (user_meta's counter and a NOTIFY)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.rows import dict_row

from cablereader.core.people import PersonInUse, clean_name
from cablereader.store.api import StoreError
from cablereader.store.postgres.connection import as_store_error
from cablereader.store.postgres.schema import CHANNEL


class PgUserTables:
    """Needs the store's `_conn`, `_person` and `read_only` (PostgresCableStore's)."""

    _conn: psycopg.Connection
    read_only: bool
    _people: PersonInUse

    @property
    def _person(self) -> str:
        """The name in use, kept in a PersonInUse shared with the stores reopened from
        this one (`_follow_person`), so the counting thread counts the same stars."""
        return self._people.name

    @_person.setter
    def _person(self, name: str) -> None:
        if getattr(self, "_people", None) is None:
            self._people = PersonInUse(name)
        else:
            self._people.become(name)

    @property
    def person(self) -> str:
        return self._people.name

    def _follow_person(self, other: PgUserTables) -> None:
        """Serve whomever `other` serves, now and after a change of name."""
        self._people = other._people

    def set_person(self, name: str) -> None:
        """Use another name from now on ("": the database role again)."""
        cleaned = clean_name(name)
        if not cleaned:
            row = self._user_rows("SELECT current_user AS name")
            cleaned = str(row[0]["name"])
        self._people.become(cleaned)

    @contextmanager
    def _user_errors(self, what: str) -> Iterator[None]:
        try:
            yield
        except psycopg.Error as error:
            store_error = as_store_error(error, what)
            if store_error is None:
                raise
            raise store_error from error

    def _user_rows(self, sql: str, params: Sequence[object] = ()) -> list[dict[str, Any]]:
        with self._user_errors("read your notes and marks"), self._conn.cursor(
            row_factory=dict_row
        ) as cursor:
            cursor.execute(sql, list(params))
            return list(cursor.fetchall())

    def _user_value(self, sql: str, params: Sequence[object] = ()) -> Any:
        with self._user_errors("read your notes and marks"):
            row = self._conn.execute(sql, list(params)).fetchone()
        return None if row is None else row[0]

    @contextmanager
    def _user_write(self, what: str, *, tell: bool = True) -> Iterator[psycopg.Connection]:
        """One transaction that moves user_meta's counter and NOTIFYs `what` on commit
        ('stars', 'notes'...), so that every other window sees the change. History is
        written without `tell`: no one else shows it, and a cable opened at one desk
        must not make every window look again."""
        if self.read_only:
            raise StoreError("this store is open read-only")
        with self._user_errors("save your notes and marks"), self._conn.transaction():
            yield self._conn
            if tell:
                self._conn.execute(
                    "UPDATE user_meta SET value = value + 1 WHERE key = 'changes'"
                )
                self._conn.execute("SELECT pg_notify(%s, %s)", [CHANNEL, what])

    def user_data_version(self) -> int:
        """Moves with every write of user data by anyone, at any desk: user_meta's
        counter, one row by its key (the window asks it on a timer); and when this store
        starts serving another person (is:starred now means their stars)."""
        changes = int(self._user_value("SELECT value FROM user_meta WHERE key = 'changes'") or 0)
        return changes + self._people.changes
