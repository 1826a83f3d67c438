"""What the rest of the app may ask of the store about the reader's own data; no SQL.

A protocol of its own, next to the cable store's, so the window and the command line
depend on these methods only (and a test double can stand in for the store).

People (issue 19): a store serves one `person` at a time (the name set, else the
database role on PostgreSQL or the login name on SQLite). Stars, read marks and history
are the person's; notes, highlights, collections and saved searches are everyone's and
carry their author; `mine=True` lists only the person's. Only its author may edit or
delete a note or highlight (StoreError otherwise).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Protocol

from cablereader.core.user_items import (
    Collection,
    Highlight,
    HistoryEntry,
    Note,
    SavedSearch,
    Star,
    UserData,
)

# Per kind of item: how many were added and how many replaced by a later edit.
MergeReport = dict[str, dict[str, int]]


class UserFilter(StrEnum):
    """The query language's user fields, as `user_filter_sql` understands them."""

    STARRED = "starred"  # is:starred (value: a colour, optional)
    UNREAD = "unread"  # is:unread
    READ = "read"  # is:read
    HAS_NOTE = "note"  # has:note (a note or a highlight)
    HAS_HIGHLIGHT = "highlight"  # has:highlight
    IN_COLLECTION = "collection"  # in:"name"
    NOTE_TEXT = "note_text"  # note:word
    AUTHOR = "author"  # by:name (by:me: the person in use): a note or highlight by them


# The query language's user fields, as each store's translation reads them: flags
# (`is:starred`) by field and value, and fields that take a value (`in:"name"`).
USER_FLAGS: dict[tuple[str, str], UserFilter] = {
    ("is", "starred"): UserFilter.STARRED,
    ("is", "unread"): UserFilter.UNREAD,
    ("is", "read"): UserFilter.READ,
    ("has", "note"): UserFilter.HAS_NOTE,
    ("has", "highlight"): UserFilter.HAS_HIGHLIGHT,
}
USER_VALUES: dict[str, UserFilter] = {
    "star": UserFilter.STARRED,
    "in": UserFilter.IN_COLLECTION,
    "note": UserFilter.NOTE_TEXT,
    "by": UserFilter.AUTHOR,
}


class UserDataStore(Protocol):
    @property
    def person(self) -> str:
        """Whose stars and reads these are, and the author of what is added now."""

    def set_person(self, name: str) -> None:
        """Use another name from now on ("": the store's default again)."""

    def user_data_version(self) -> int:
        """Moves whenever the user data may have changed, through any connection, process
        or desk: the window asks it on a timer to show a teammate's new note."""

    def star(self, reference_ids: Iterable[str], colour: str = ...) -> None: ...
    def unstar(self, reference_ids: Iterable[str]) -> None: ...
    def stars(self) -> dict[str, Star]: ...
    def mark_read(self, reference_ids: Iterable[str], read: bool = True) -> None: ...
    def mark_all_read(self) -> int: ...
    def read_ids(self) -> set[str]: ...

    def add_note(self, reference_id: str, text: str, anchor: str | None = None) -> Note: ...
    def edit_note(self, uuid: str, text: str) -> Note: ...
    def delete_note(self, uuid: str) -> None: ...
    def notes(self, reference_id: str | None = None, *, mine: bool = False) -> list[Note]: ...

    def add_highlight(
        self,
        reference_id: str,
        anchor: str | None,
        start: int,
        end: int,
        quote: str,
        colour: str = ...,
        note: str = "",
    ) -> Highlight: ...
    def edit_highlight(
        self, uuid: str, *, note: str | None = None, colour: str | None = None
    ) -> None: ...
    def delete_highlight(self, uuid: str) -> None: ...
    def highlights(
        self, reference_id: str | None = None, *, mine: bool = False
    ) -> list[Highlight]: ...

    def create_collection(self, name: str) -> Collection: ...
    def rename_collection(self, name: str, new_name: str) -> None: ...
    def delete_collection(self, name: str) -> None: ...
    def add_to_collection(self, name: str, reference_ids: Iterable[str]) -> int: ...
    def remove_from_collection(self, name: str, reference_ids: Iterable[str]) -> int: ...
    def reorder_collection(self, name: str, reference_ids: Sequence[str]) -> None: ...
    def collection(self, name: str) -> Collection | None: ...
    def collections(self, *, mine: bool = False) -> list[Collection]: ...

    def save_search(
        self, name: str, query: str, selections: Sequence[tuple[str, Sequence[str]]] = ()
    ) -> SavedSearch: ...
    def delete_saved_search(self, name: str) -> None: ...
    def saved_searches(self, *, mine: bool = False) -> list[SavedSearch]: ...
    def record_history(self, kind: str, value: str) -> HistoryEntry: ...
    def history(self, kind: str | None = None, limit: int = 200) -> list[HistoryEntry]: ...
    def clear_history(self) -> None: ...

    def user_data(self, *, mine: bool = False) -> UserData: ...
    def merge_user_data(self, data: UserData) -> MergeReport: ...

    def user_filter_sql(
        self, kind: UserFilter | str, value: str | None = None
    ) -> tuple[str, list[object]]: ...
    def user_filter_ids(self, kind: UserFilter | str, value: str | None = None) -> list[int]: ...
    def user_counts(self) -> dict[str, int]: ...
