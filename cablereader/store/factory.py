"""Opening a store from where it is: a file path today, a database server's URL later.

Everything outside the store opens stores here, so the window, the wizard, the counting
thread and the command line never build paths or choose an implementation. Mistakes in
the location itself (a folder, a path under a file, no store where one must be) are
told in one plain line before anything is created.
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

from cablereader.paths import DB_ENV, default_db_path
from cablereader.store.api import StoreError
from cablereader.store.protocol import CableStore

_URL = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://")
_SERVER_SCHEMES = frozenset({"postgresql", "postgres"})


def sqlite_version() -> str:
    """The SQLite library's version, for Help > About (only the store imports sqlite3)."""
    return sqlite3.sqlite_version


def store_location(explicit: str | None = None) -> str | Path:
    """`--db` wins, then $CABLEREADER_DB, then the data folder; a URL is kept as written
    (as a path, `postgresql://host/db` would lose a slash and become a folder)."""
    given = explicit or os.environ.get(DB_ENV)
    if given and _URL.match(given):
        return given
    return default_db_path(explicit)


def upgrade_pending(location: str | Path | None) -> int | None:
    """The schema version a store file would be upgraded from when opened (None: no
    upgrade, or a server's store, which its importer upgrades)."""
    if location is None or _URL.match(str(location)):
        return None
    from cablereader.store.connection import upgrade_pending as file_upgrade_pending

    return file_upgrade_pending(Path(str(location)).expanduser())


UPGRADE_NOTE = (
    "Upgrading this archive to the new store format (from version {old}). This happens"
    " once and can take several minutes for the whole release; your stars, notes,"
    " highlights and collections are kept."
)


def open_store(
    location: str | Path | None,
    *,
    read_only: bool = False,
    create: bool = False,
    person: str | None = None,
) -> CableStore:
    """The store at `location` (None: a new one in memory).

    With `create` a missing store file is made (the import, the window); without it a
    missing one is refused with "no store at PATH: import first", and nothing is made.
    `person`: whose stars and notes (None: the database role, or the login name).
    """
    from cablereader.store.sqlite_store import SqliteCableStore  # only here: the default

    if location is None:
        return SqliteCableStore(None, person=person)
    text = str(location)
    match = _URL.match(text)
    if match:
        scheme = match.group("scheme").lower()
        shown = f"{scheme}://…"  # a URL may carry a password: never repeat it
        if scheme in _SERVER_SCHEMES:
            return _open_server_store(text, read_only=read_only, create=create, person=person)
        raise StoreError(f"{shown}: not a kind of store location Cable Reader knows")
    path = Path(text).expanduser()
    try:
        check_store_path(path, create=create and not read_only)
        return SqliteCableStore(path, read_only=read_only, person=person)
    except OSError as error:  # e.g. a folder that may not be read or made
        raise StoreError(
            f"cannot open the cable store {path}: {error.strerror or error}"
        ) from error


def shown_location(location: str | Path | None) -> str:
    """Where a store is, to show a user (title bar, status bar): the file's path, or a
    server URL without its password; never the password."""
    if location is None:
        return "a store in memory"
    text = str(location)
    if _URL.match(text):
        from cablereader.store.postgres.connection import shown_url  # a server store is open

        return shown_url(text)
    return text


def _open_server_store(
    url: str, *, read_only: bool, create: bool, person: str | None = None
) -> CableStore:
    """A store on a PostgreSQL server; psycopg is imported only now, so that it is needed
    only by those who use one (the `postgres` extra)."""
    try:
        from cablereader.store.postgres.pg_store import PostgresCableStore
    except ImportError as error:
        raise StoreError(
            "a PostgreSQL store needs psycopg: pip install 'cablereader[postgres]'"
            f" ({error.name or error})"
        ) from error
    return PostgresCableStore(url, read_only=read_only, create=create, person=person)


def check_store_path(path: Path, *, create: bool) -> None:
    """Refuse a location that cannot be a store file, before anything is created."""
    if path.is_dir():
        example = path / "cables.db"
        raise StoreError(f"{path} is a folder: give the store file's path, such as {example}")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise StoreError(f"{path}: {parent} is a file, not a folder")
            break
    if not create and (not path.exists() or path.stat().st_size == 0):
        raise StoreError(f"no store at {path}: import first")
