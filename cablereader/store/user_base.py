"""What every user-data mixin of the store shares: the connection, writes that count as
changes, and the spelling of reference IDs and paragraph anchors."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any

import sqlite_utils

_ANCHOR_RE = re.compile(r"par(?:[0-9]{1,6}|[A-Z])")


def ref(reference_id: str) -> str:
    return reference_id.strip().upper()


def anchor_of(anchor: str | None) -> str | None:
    """None for the whole cable; ValueError for anything that is not a paragraph anchor."""
    if anchor is None or anchor == "":
        return None
    if not _ANCHOR_RE.fullmatch(anchor):
        raise ValueError(f"not a paragraph anchor: {anchor!r} (write par13 or parB)")
    return anchor


class UserTables:
    """Needs the store's `db` and `_writing` (SqliteCableStore has them)."""

    db: sqlite_utils.Database
    _writing: Callable[[], AbstractContextManager[None]]
    _user_writes: int = 0

    def _user_write(self) -> AbstractContextManager[None]:
        # Not counted in `_writes`: that counter says the *cables* changed (the window's
        # store watch reloads the list and counts on it), and a star or a read mark must
        # not cost that. Caches of user-field queries key on user_data_version instead.
        self._user_writes += 1
        return self._writing()

    def user_data_version(self) -> int:
        """Moves with every user-data write through this connection (for caches of
        `is:starred`-style queries; other connections' writes move PRAGMA data_version)."""
        return self._user_writes

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[dict[str, Any]]:
        return list(self.db.query(sql, list(params)))
