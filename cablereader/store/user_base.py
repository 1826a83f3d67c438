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
    """Needs the store's `db`, `_writing` and `_writes` (SqliteCableStore has them)."""

    db: sqlite_utils.Database
    _writing: Callable[[], AbstractContextManager[None]]
    _writes: int

    def _user_write(self) -> AbstractContextManager[None]:
        # Lists and counts are cached until the store changes; once `is:starred` and
        # friends are in the query language, user writes must count as changes too.
        self._writes += 1
        return self._writing()

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[dict[str, Any]]:
        return list(self.db.query(sql, list(params)))
