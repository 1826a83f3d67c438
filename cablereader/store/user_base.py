"""What every user-data mixin of the store shares: the connection, the person in use,
writes that count as changes, and the spelling of reference IDs and paragraph anchors."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any

import sqlite_utils

from cablereader.core.people import PersonInUse, clean_name, login_name
from cablereader.store.api import StoreError

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


def check_author(kind: str, author: str, person: str) -> None:
    """Shared items are changed only by their author: a teammate's note is read, never
    overwritten or deleted from another desk (nothing is ever lost)."""
    if author and author != person:
        raise StoreError(f"this {kind} is {author}'s: only they can change or delete it")


class UserTables:
    """Needs the store's `db` and `_writing` (SqliteCableStore has them)."""

    db: sqlite_utils.Database
    _writing: Callable[[], AbstractContextManager[None]]
    _user_writes: int = 0
    _writes: int = 0  # SqliteCableStore's count of cable writes through this connection
    _marks_writes: int = 0  # user writes other than the history
    _people: PersonInUse

    def _start_people(self, person: str | None, shared: PersonInUse | None = None) -> None:
        """The person in use (`shared`: the one of the store this one was reopened
        from), and `cablereader_person()` in SQL for the query language's is:starred
        and is:unread (store/user_filters.py), which are translated without knowing the
        store; it reads the person at each query, so set_person applies at once."""
        self._people = shared or PersonInUse(clean_name(person) or login_name())
        self.db.conn.create_function("cablereader_person", 0, lambda: self._people.name)

    @property
    def person(self) -> str:
        """Whose stars, read marks and history are read and written, and the author of
        what is added: the name set, or the login name."""
        return self._people.name

    def set_person(self, name: str) -> None:
        """Use another name from now on ("": the login name again), here and in the
        stores reopened from this one."""
        self._people.become(clean_name(name) or login_name())

    def _user_write(self, marks: bool = True) -> AbstractContextManager[None]:
        # Not counted in `_writes`: that counter says the *cables* changed (the window's
        # store watch reloads the list and counts on it), and a star or a read mark must
        # not cost that. Caches of user-field queries key on user_data_version instead.
        self._user_writes += 1
        if marks:  # the history is no mark: the memos below survive it
            self._marks_writes += 1
        return self._writing()

    # -- memos of the marks the window reads again after every cable opened -----------
    # With 20,000 read marks, 2,000 stars and 10,000 notes on the full store, reading the
    # read IDs (twice), the stars and the "Your marks" counts again cost about 7, 3 and
    # 20 ms each time an unread cable was opened (benchmarks/user_data.py). They are
    # kept until the marks may have changed: another connection's commit (data_version),
    # cables written through this one, or a mark written through this one; `mark_read`
    # updates them in place instead, since opening a cable is what marks one read.

    def _marks_key(self) -> tuple[int, int, int]:
        # A change of person changes whose stars and read marks these are.
        commits = int(self.db.execute("PRAGMA data_version").fetchone()[0])
        return commits, self._writes, self._marks_writes + self._people.changes

    def _marks_memos(self) -> dict[str, tuple[tuple[int, int, int], Any]]:
        memos: dict[str, tuple[tuple[int, int, int], Any]] = self.__dict__.setdefault(
            "_memos_of_marks", {}
        )
        return memos

    def _memo(self, name: str, compute: Callable[[], Any]) -> Any:
        key = self._marks_key()
        found = self._marks_memos().get(name)
        if found is None or found[0] != key:
            found = (key, compute())
            self._marks_memos()[name] = found
        return found[1]

    def _valid_memos(self) -> tuple[tuple[int, int, int], dict[str, Any]]:
        """The memos that hold now, and the key they hold for (for a write to update)."""
        key = self._marks_key()
        memos = self._marks_memos().items()
        return key, {name: value for name, (seen, value) in memos if seen == key}

    def _keep_memos(self, before: tuple[int, int, int], kept: dict[str, Any]) -> None:
        """After one write of ours that updated these memos itself: valid again, unless
        another connection committed meanwhile (its change is not in them)."""
        key = self._marks_key()
        if key[:2] != before[:2]:
            return
        memos = self._marks_memos()
        for name, value in kept.items():
            memos[name] = (key, value)

    def user_data_version(self) -> int:
        """Moves whenever the user data may have changed: every write through this
        connection, and every commit of another connection or process (PRAGMA
        data_version, read from the WAL index: cheap enough for a timer to ask). The
        notes panel follows a note written at another desk with it; caches of
        `is:starred`-style queries key on it."""
        commits = int(self.db.execute("PRAGMA data_version").fetchone()[0])
        return commits + self._user_writes + self._people.changes

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[dict[str, Any]]:
        return list(self.db.query(sql, list(params)))
