"""Opening a psycopg connection from a `postgresql://` URL, and telling its errors plainly.

Passwords are never the app's business: libpq reads `.pgpass` / `PGPASSFILE`, the
`sslmode` and the other connection settings itself, from the URL or the environment.
A URL shown to a user (title bar, error message) has its password taken out first.
"""

from __future__ import annotations

import re
from typing import ParamSpec, TypeVar

import psycopg
from psycopg import errors as pg_errors

from cablereader.store.api import QueryInterrupted, StoreError
from cablereader.store.errors import translating

P = ParamSpec("P")
R = TypeVar("R")

_PASSWORD_IN_NETLOC = re.compile(
    r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<user>[^:@/]*):[^@/]*@"
)
_PASSWORD_PARAM = re.compile(r"(?i)([?&]password=)[^&]*")


def shown_url(url: str) -> str:
    """The URL without any password (in the user part or as `?password=`)."""
    text = _PASSWORD_IN_NETLOC.sub(r"\g<scheme>\g<user>@", url)
    return _PASSWORD_PARAM.sub(r"\1…", text)


def connect(url: str, *, read_only: bool = False) -> psycopg.Connection:
    """A connection in autocommit mode: the store opens its own transactions (a write
    batch, a snapshot), so a reader never sits in an idle transaction holding back
    VACUUM. A read-only one is read-only on the server too."""
    try:
        conn = psycopg.connect(url, autocommit=True, application_name="cablereader")
    except psycopg.Error as error:
        shown = shown_url(url)
        raise StoreError(f"cannot open the cable store {shown}: {_plain(error)}") from error
    if read_only:
        conn.execute("SET default_transaction_read_only = on")
    return conn


def _plain(error: psycopg.Error) -> str:
    """The server's or libpq's message, first line, with any password taken out."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return shown_url(text)


def as_store_error(error: psycopg.Error, what: str) -> StoreError | None:
    """The StoreError a user should see, or None when the error is a bug (bad SQL)."""
    if isinstance(error, pg_errors.QueryCanceled):
        return QueryInterrupted(f"{what}: interrupted")
    if isinstance(error, pg_errors.ReadOnlySqlTransaction):
        return StoreError(f"cannot {what}: the store is open read-only")
    if isinstance(error, pg_errors.InsufficientPrivilege):
        return StoreError(f"cannot {what}: your database role may not do this ({_plain(error)})")
    if isinstance(error, (psycopg.OperationalError, pg_errors.DiskFull)):
        return StoreError(f"cannot {what}: the database server: {_plain(error)}")
    return None


# A store method whose user-fixable server errors arrive as StoreError.
translated = translating(psycopg.Error, as_store_error)
