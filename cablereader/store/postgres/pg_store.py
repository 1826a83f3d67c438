"""The cable store on a PostgreSQL server: opens, closes and composes the mixins.

Reading is in postgres/reading.py, writing in postgres/writing.py, the people's own data
in postgres/user_data.py. Every mixin uses `self._conn` (a psycopg connection in
autocommit mode: each write is its own transaction, a snapshot a REPEATABLE READ one)
and `self._person` (whose stars and notes these are: the database role unless set).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import psycopg
from psycopg import pq

from cablereader.store.api import StoreError
from cablereader.store.postgres import schema
from cablereader.store.postgres.connection import connect, shown_url, translated
from cablereader.store.postgres.reading import PgReadingMixin
from cablereader.store.postgres.user_data import PgUserDataMixin
from cablereader.store.postgres.writing import PgWritingMixin


class PostgresCableStore(PgReadingMixin, PgWritingMixin, PgUserDataMixin):
    """A store in one PostgreSQL database, shared by everyone who connects to it."""

    def __init__(
        self,
        url: str,
        *,
        read_only: bool = False,
        create: bool = True,
        person: str | None = None,
    ) -> None:
        """`create`: make the tables in an empty database (else "import first")."""
        self._url = url
        self.read_only = read_only
        self._conn: psycopg.Connection = connect(url, read_only=read_only)
        try:
            if schema.current_version(self._conn) == 0 and (read_only or not create):
                raise StoreError(f"no store at {shown_url(url)}: import first")
            if not read_only:
                schema.migrate(self._conn)
            row = self._conn.execute("SELECT current_user").fetchone()
            self._person: str = person or (str(row[0]) if row else "")
            self._conn.execute(f"LISTEN {schema.CHANNEL}")
        except BaseException:
            self._conn.close()
            raise
        self._start_reading()

    @property
    def location(self) -> str | None:
        """The URL as given (the factory opens it again from this); see `shown_location`."""
        return self._url

    @property
    def shown_location(self) -> str:
        """The URL to show a user: without a password."""
        return shown_url(self._url)

    @property
    def path(self) -> Path | None:
        return None

    @property
    def person(self) -> str:
        return self._person

    def close(self) -> None:
        self._conn.close()

    def reopen(self, *, read_only: bool = True) -> PostgresCableStore:
        fresh = PostgresCableStore(self._url, read_only=read_only, person=self._person)
        fresh._follow_person(self)  # the same person, also after a change of name
        return fresh

    def interrupt(self) -> None:
        """Safe from any thread: the statement running now raises QueryInterrupted (the
        server is asked to cancel it; nothing runs, nothing happens)."""
        if self._conn.closed:
            return
        if self._conn.pgconn.transaction_status == pq.TransactionStatus.ACTIVE:
            self._conn.cancel_safe(timeout=5.0)

    @translated("tell whether the store changed")
    def data_version(self) -> int:
        """Moves whenever the cables (or, through the user half, the people's data) were
        written by anyone: the sum of the generation counters in `store_meta`, which every
        write transaction bumps. The server NOTIFYs each write too; the counter is what is
        read, so a notification missed (a connection just opened) loses nothing."""
        self._drain_notifications()
        row = self._conn.execute(
            "SELECT coalesce(sum(value), 0) FROM store_meta WHERE key <> 'schema'"
        ).fetchone()
        return int(row[0]) if row else 0

    def _drain_notifications(self) -> list[str]:
        """The payloads notified since the last look, without waiting."""
        return [n.payload for n in self._conn.notifies(timeout=0)]

    @translated("wait for changes to the store")
    def wait_for_change(self, timeout: float) -> list[str]:
        """Wait up to `timeout` seconds for another connection's write (NOTIFY on the
        `cablereader` channel); returns the payloads ('cables', or the user half's), empty
        when nothing came. For a thread that follows other desks without polling."""
        found = self._drain_notifications()
        if not found:
            found = [n.payload for n in self._conn.notifies(timeout=timeout, stop_after=1)]
        return found + self._drain_notifications()

    def snapshot(self) -> AbstractContextManager[None]:
        return self._snapshot()

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        """Reads inside see the store as of their first statement (REPEATABLE READ); only
        for reading: the transaction is rolled back at the end."""
        conn = self._conn
        if conn.pgconn.transaction_status != pq.TransactionStatus.IDLE:
            yield  # already inside a snapshot or a write: that one holds
            return
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            yield
        finally:
            if conn.pgconn.transaction_status != pq.TransactionStatus.IDLE:
                conn.execute("ROLLBACK")
