"""The reader's own data in the store: stars, reads, notes, highlights, collections,
saved searches and history.

These tables belong to the reader, not to the cables: no import writes to them, and they
are keyed by reference ID (and paragraph anchor), so a re-import, a new version of a
cable or a store upgrade leaves them as they were. SqliteCableStore composes this mixin;
its methods are the `UserDataStore` protocol (store/user_data_api.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any

import sqlite_utils

from cablereader.core.user_items import (
    DEFAULT_HIGHLIGHT,
    DEFAULT_STAR,
    HIGHLIGHT_COLOURS,
    STAR_COLOURS,
    Collection,
    CollectionItem,
    Highlight,
    HistoryEntry,
    Note,
    SavedSearch,
    Star,
    UserData,
    new_uuid,
    now_utc,
)
from cablereader.store.user_data_api import MergeReport, UserFilter
from cablereader.store.user_merge import highlight_row, merge_into, note_row

_ANCHOR_RE = re.compile(r"par(?:[0-9]{1,6}|[A-Z])")
HISTORY_LIMIT = 10_000  # kept per kind; older entries go first


def _ref(reference_id: str) -> str:
    return reference_id.strip().upper()


def _anchor(anchor: str | None) -> str | None:
    if anchor is None or anchor == "":
        return None
    if not _ANCHOR_RE.fullmatch(anchor):
        raise ValueError(f"not a paragraph anchor: {anchor!r} (write par13 or parB)")
    return anchor


def _note(row: dict[str, Any]) -> Note:
    return Note(
        row["uuid"], row["reference_id"], row["anchor"], row["text"], row["created"], row["edited"]
    )


def _highlight(row: dict[str, Any]) -> Highlight:
    return Highlight(
        row["uuid"],
        row["reference_id"],
        row["anchor"],
        int(row["start"]),
        int(row["end"]),
        row["quote"],
        row["colour"],
        row["note"],
        row["created"],
        row["edited"],
    )


def fts_words(text: str) -> str:
    """The words of `note:...` as an FTS5 query of quoted terms, so that what a reader
    types (quotes, AND, a colon) is always words to find and never query syntax."""
    terms = []
    for word in text.split():
        prefix = word.endswith("*")
        core = word.rstrip("*").replace('"', '""')
        if core:
            terms.append(f'"{core}"' + ("*" if prefix else ""))
    return " ".join(terms)


class UserDataMixin:
    """Methods over the user tables; needs the store's `db`, `_writing` and `_writes`."""

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

    # -- stars and reads -------------------------------------------------------------

    def star(self, reference_ids: Iterable[str], colour: str = DEFAULT_STAR) -> None:
        """Star (or re-colour) cables; they need not be in the store yet."""
        if colour not in STAR_COLOURS:
            raise ValueError(
                f"unknown star colour {colour!r}; use one of {', '.join(STAR_COLOURS)}"
            )
        at = now_utc()
        rows = [
            {"reference_id": _ref(r), "colour": colour, "starred_at": at} for r in reference_ids
        ]
        with self._user_write():
            self.db.table("user_stars").upsert_all(rows, pk="reference_id")

    def unstar(self, reference_ids: Iterable[str]) -> None:
        with self._user_write():
            for reference_id in reference_ids:
                self.db.execute(
                    "DELETE FROM user_stars WHERE reference_id = ?", [_ref(reference_id)]
                )

    def stars(self) -> dict[str, Star]:
        return {
            r["reference_id"]: Star(r["reference_id"], r["colour"], r["starred_at"])
            for r in self._rows("SELECT * FROM user_stars ORDER BY starred_at, reference_id")
        }

    def mark_read(self, reference_ids: Iterable[str], read: bool = True) -> None:
        """Read or unread again; the first time read is kept when marked read twice."""
        refs = [_ref(r) for r in reference_ids]
        with self._user_write():
            if read:
                at = now_utc()
                self.db.table("user_read").insert_all(
                    [{"reference_id": r, "read_at": at} for r in refs],
                    pk="reference_id",
                    ignore=True,
                )
            else:
                for ref in refs:
                    self.db.execute("DELETE FROM user_read WHERE reference_id = ?", [ref])

    def mark_all_read(self) -> int:
        """Every cable in the store; returns how many were unread."""
        with self._user_write():
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO user_read (reference_id, read_at)"
                " SELECT reference_id, ? FROM cables",
                [now_utc()],
            )
        return int(cursor.rowcount)

    def read_ids(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT reference_id FROM user_read")}

    # -- notes -----------------------------------------------------------------------

    def add_note(self, reference_id: str, text: str, anchor: str | None = None) -> Note:
        at = now_utc()
        note = Note(new_uuid(), _ref(reference_id), _anchor(anchor), text, at, at)
        with self._user_write():
            self.db.table("user_notes").insert(note_row(note))
        return note

    def edit_note(self, uuid: str, text: str) -> Note:
        with self._user_write():
            self.db.execute(
                "UPDATE user_notes SET text = ?, edited = ? WHERE uuid = ?", [text, now_utc(), uuid]
            )
        found = self._rows("SELECT * FROM user_notes WHERE uuid = ?", [uuid])
        if not found:
            raise KeyError(uuid)
        return _note(found[0])

    def delete_note(self, uuid: str) -> None:
        with self._user_write():
            self.db.execute("DELETE FROM user_notes WHERE uuid = ?", [uuid])

    def notes(self, reference_id: str | None = None) -> list[Note]:
        """A cable's notes (cable-wide first, then by paragraph), or every note."""
        order = " ORDER BY reference_id, anchor IS NOT NULL, length(anchor), anchor, created, rowid"
        if reference_id is None:
            return [_note(r) for r in self._rows("SELECT * FROM user_notes" + order)]
        rows = self._rows(
            "SELECT * FROM user_notes WHERE reference_id = ?" + order, [_ref(reference_id)]
        )
        return [_note(r) for r in rows]

    # -- highlights ------------------------------------------------------------------

    def add_highlight(
        self,
        reference_id: str,
        anchor: str | None,
        start: int,
        end: int,
        quote: str,
        colour: str = DEFAULT_HIGHLIGHT,
        note: str = "",
    ) -> Highlight:
        if colour not in HIGHLIGHT_COLOURS:
            raise ValueError(f"unknown highlight colour {colour!r}")
        if not 0 <= start < end or not quote:
            raise ValueError("a highlight needs some text: 0 <= start < end and a quote")
        at = now_utc()
        item = Highlight(
            new_uuid(), _ref(reference_id), _anchor(anchor), start, end, quote, colour, note, at, at
        )
        with self._user_write():
            self.db.table("user_highlights").insert(highlight_row(item))
        return item

    def edit_highlight(
        self, uuid: str, *, note: str | None = None, colour: str | None = None
    ) -> None:
        if colour is not None and colour not in HIGHLIGHT_COLOURS:
            raise ValueError(f"unknown highlight colour {colour!r}")
        with self._user_write():
            self.db.execute(
                "UPDATE user_highlights SET note = coalesce(?, note), colour = coalesce(?, colour),"
                " edited = ? WHERE uuid = ?",
                [note, colour, now_utc(), uuid],
            )

    def delete_highlight(self, uuid: str) -> None:
        with self._user_write():
            self.db.execute("DELETE FROM user_highlights WHERE uuid = ?", [uuid])

    def highlights(self, reference_id: str | None = None) -> list[Highlight]:
        order = " ORDER BY reference_id, length(anchor), anchor, start, rowid"
        if reference_id is None:
            return [_highlight(r) for r in self._rows("SELECT * FROM user_highlights" + order)]
        rows = self._rows(
            "SELECT * FROM user_highlights WHERE reference_id = ?" + order, [_ref(reference_id)]
        )
        return [_highlight(r) for r in rows]

    # -- collections -----------------------------------------------------------------

    def _collection_row(self, name: str) -> dict[str, Any] | None:
        found = self._rows("SELECT * FROM user_collections WHERE name = ?", [name])
        return found[0] if found else None

    def create_collection(self, name: str) -> Collection:
        """A new, empty collection at the end; an existing one of that name is returned."""
        name = " ".join(name.split())
        if not name:
            raise ValueError("a collection needs a name")
        with self._user_write():
            existing = self._collection_row(name)
            if existing is None:
                last = self.db.execute("SELECT coalesce(max(position), -1) FROM user_collections")
                row = {
                    "uuid": new_uuid(),
                    "name": name,
                    "position": int(last.fetchone()[0]) + 1,
                    "created": now_utc(),
                }
                self.db.table("user_collections").insert(row)
        found = self.collection(name)
        assert found is not None
        return found

    def rename_collection(self, name: str, new_name: str) -> None:
        new_name = " ".join(new_name.split())
        if not new_name:
            raise ValueError("a collection needs a name")
        with self._user_write():
            self.db.execute("UPDATE user_collections SET name = ? WHERE name = ?", [new_name, name])

    def delete_collection(self, name: str) -> None:
        with self._user_write():
            row = self._collection_row(name)
            if row is not None:
                self.db.execute(
                    "DELETE FROM user_collection_items WHERE collection = ?", [row["uuid"]]
                )
                self.db.execute("DELETE FROM user_collections WHERE uuid = ?", [row["uuid"]])

    def add_to_collection(self, name: str, reference_ids: Iterable[str]) -> int:
        """Append cables (made if missing); those already in it stay where they are.
        Returns how many were added."""
        collection = self.create_collection(name)
        added = 0
        with self._user_write():
            last = self.db.execute(
                "SELECT coalesce(max(position), -1) FROM user_collection_items"
                " WHERE collection = ?",
                [collection.uuid],
            ).fetchone()[0]
            at = now_utc()
            for reference_id in reference_ids:
                cursor = self.db.execute(
                    "INSERT OR IGNORE INTO user_collection_items"
                    " (collection, reference_id, position, added) VALUES (?, ?, ?, ?)",
                    [collection.uuid, _ref(reference_id), int(last) + 1 + added, at],
                )
                added += cursor.rowcount
        return added

    def remove_from_collection(self, name: str, reference_ids: Iterable[str]) -> int:
        row = self._collection_row(name)
        if row is None:
            raise KeyError(name)
        removed = 0
        with self._user_write():
            for reference_id in reference_ids:
                removed += self.db.execute(
                    "DELETE FROM user_collection_items WHERE collection = ? AND reference_id = ?",
                    [row["uuid"], _ref(reference_id)],
                ).rowcount
        return removed

    def reorder_collection(self, name: str, reference_ids: Sequence[str]) -> None:
        """Put the collection's cables in this order; those not named keep theirs, after."""
        collection = self.collection(name)
        if collection is None:
            raise KeyError(name)
        wanted = [_ref(r) for r in reference_ids]
        rest = [i.reference_id for i in collection.items if i.reference_id not in set(wanted)]
        present = {i.reference_id for i in collection.items}
        order = [r for r in wanted if r in present] + rest
        with self._user_write():
            for position, reference_id in enumerate(order):
                self.db.execute(
                    "UPDATE user_collection_items SET position = ?"
                    " WHERE collection = ? AND reference_id = ?",
                    [position, collection.uuid, reference_id],
                )

    def collection(self, name: str) -> Collection | None:
        row = self._collection_row(name)
        return None if row is None else self._collection(row)

    def _collection(self, row: dict[str, Any]) -> Collection:
        items = tuple(
            CollectionItem(r["reference_id"], int(r["position"]), r["added"])
            for r in self._rows(
                "SELECT * FROM user_collection_items WHERE collection = ?"
                " ORDER BY position, reference_id",
                [row["uuid"]],
            )
        )
        return Collection(row["uuid"], row["name"], int(row["position"]), row["created"], items)

    def collections(self) -> list[Collection]:
        rows = self._rows("SELECT * FROM user_collections ORDER BY position, name")
        return [self._collection(r) for r in rows]

    # -- saved searches and history --------------------------------------------------

    def save_search(
        self, name: str, query: str, selections: Sequence[tuple[str, Sequence[str]]] = ()
    ) -> SavedSearch:
        """Save (or overwrite, by name) a query and browse selection."""
        name = " ".join(name.split())
        if not name:
            raise ValueError("a saved search needs a name")
        chosen = tuple((str(f), tuple(str(v) for v in values)) for f, values in selections)
        with self._user_write():
            existing = self._rows(
                "SELECT uuid, created FROM user_saved_searches WHERE name = ?", [name]
            )
            uuid = existing[0]["uuid"] if existing else new_uuid()
            created = existing[0]["created"] if existing else now_utc()
            self.db.table("user_saved_searches").upsert(
                {
                    "uuid": uuid,
                    "name": name,
                    "query": query,
                    "selections": json.dumps([[f, list(v)] for f, v in chosen]),
                    "created": created,
                },
                pk="uuid",
            )
        return SavedSearch(uuid, name, query, chosen, created)

    def delete_saved_search(self, name: str) -> None:
        with self._user_write():
            self.db.execute("DELETE FROM user_saved_searches WHERE name = ?", [name])

    def saved_searches(self) -> list[SavedSearch]:
        return [
            SavedSearch(
                r["uuid"],
                r["name"],
                r["query"],
                tuple((str(f), tuple(v)) for f, v in json.loads(r["selections"])),
                r["created"],
            )
            for r in self._rows("SELECT * FROM user_saved_searches ORDER BY name")
        ]

    def record_history(self, kind: str, value: str) -> HistoryEntry:
        """A cable opened (value "05LIMA4377" or "05LIMA4377#par13") or a search run."""
        if kind not in ("cable", "search"):
            raise ValueError(f"unknown history kind {kind!r}")
        entry = HistoryEntry(new_uuid(), kind, value, now_utc())
        with self._user_write():
            self.db.table("user_history").insert(
                {"uuid": entry.uuid, "kind": kind, "value": value, "at": entry.at}
            )
            self.db.execute(
                "DELETE FROM user_history WHERE kind = ? AND uuid NOT IN"
                " (SELECT uuid FROM user_history WHERE kind = ?"
                " ORDER BY at DESC, rowid DESC LIMIT ?)",
                [kind, kind, HISTORY_LIMIT],
            )
        return entry

    def history(self, kind: str | None = None, limit: int = 200) -> list[HistoryEntry]:
        """Newest first."""
        where = "" if kind is None else " WHERE kind = ?"
        params: list[object] = [] if kind is None else [kind]
        rows = self._rows(
            f"SELECT * FROM user_history{where} ORDER BY at DESC, rowid DESC LIMIT ?",
            [*params, limit],
        )
        return [HistoryEntry(r["uuid"], r["kind"], r["value"], r["at"]) for r in rows]

    def clear_history(self) -> None:
        with self._user_write():
            self.db.execute("DELETE FROM user_history")

    # -- all at once: backups --------------------------------------------------------

    def user_data(self) -> UserData:
        """Everything the reader made, for a notes backup."""
        return UserData(
            stars=tuple(self.stars().values()),
            read=tuple(
                (r[0], r[1])
                for r in self.db.execute("SELECT reference_id, read_at FROM user_read ORDER BY 1")
            ),
            notes=tuple(self.notes()),
            highlights=tuple(self.highlights()),
            collections=tuple(self.collections()),
            saved_searches=tuple(self.saved_searches()),
            history=tuple(reversed(self.history(limit=2 * HISTORY_LIMIT))),
        )

    def merge_user_data(self, data: UserData) -> MergeReport:
        """Merge a backup in one transaction, by uuid (and by name for collections and
        saved searches), so importing the same file twice adds nothing the second time."""
        with self._user_write():
            return merge_into(self.db, data)

    # -- for the query language ------------------------------------------------------

    def user_filter_sql(
        self, kind: UserFilter | str, value: str | None = None
    ) -> tuple[str, list[object]]:
        """A condition over `cables c` for `is:starred`, `is:unread`, `has:note`,
        `in:"name"` and `note:word`, to AND into the WHERE clause of store/filters.py."""
        kind = UserFilter(kind)
        if kind is UserFilter.STARRED:
            if value:
                return "c.reference_id IN (SELECT reference_id FROM user_stars WHERE colour = ?)", [
                    value
                ]
            return "c.reference_id IN (SELECT reference_id FROM user_stars)", []
        if kind is UserFilter.UNREAD:
            return "c.reference_id NOT IN (SELECT reference_id FROM user_read)", []
        if kind is UserFilter.READ:
            return "c.reference_id IN (SELECT reference_id FROM user_read)", []
        if kind is UserFilter.HAS_NOTE:
            return (
                "(c.reference_id IN (SELECT reference_id FROM user_notes)"
                " OR c.reference_id IN (SELECT reference_id FROM user_highlights))",
                [],
            )
        if kind is UserFilter.HAS_HIGHLIGHT:
            return "c.reference_id IN (SELECT reference_id FROM user_highlights)", []
        if kind is UserFilter.IN_COLLECTION:
            return (
                "c.reference_id IN (SELECT i.reference_id FROM user_collection_items i"
                " JOIN user_collections k ON k.uuid = i.collection WHERE k.name = ?)",
                [value or ""],
            )
        match = fts_words(value or "")
        if not match:
            return "0", []
        return (
            "c.reference_id IN (SELECT reference_id FROM user_note_text"
            " WHERE user_note_text MATCH ?)",
            [match],
        )

    def user_filter_ids(self, kind: UserFilter | str, value: str | None = None) -> list[int]:
        """The cables' row ids that match one user filter (for counts and tests)."""
        where, params = self.user_filter_sql(kind, value)
        return [
            int(r[0]) for r in self.db.execute(f"SELECT c.id FROM cables c WHERE {where}", params)
        ]

    def user_counts(self) -> dict[str, int]:
        """For the browse panel: starred, unread and annotated cables held in the store,
        and each collection's size by name ("in:<name>")."""
        counts: dict[str, int] = {}
        for label, kind in (
            ("starred", UserFilter.STARRED),
            ("unread", UserFilter.UNREAD),
            ("has:note", UserFilter.HAS_NOTE),
        ):
            where, params = self.user_filter_sql(kind)
            counts[label] = int(
                self.db.execute(f"SELECT count(*) FROM cables c WHERE {where}", params).fetchone()[
                    0
                ]
            )
        for name, size in self.db.execute(
            "SELECT k.name, count(i.reference_id) FROM user_collections k"
            " LEFT JOIN user_collection_items i ON i.collection = k.uuid"
            " GROUP BY k.uuid ORDER BY k.position"
        ):
            counts[f"in:{name}"] = int(size)
        return counts
