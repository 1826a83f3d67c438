"""The reader's own data in the store: stars, reads, notes, highlights, collections,
saved searches and history.

These tables belong to the reader, not to the cables: no import writes to them, and they
are keyed by reference ID (and paragraph anchor), so a re-import, a new version of a
cable or a store upgrade leaves them as they were. SqliteCableStore composes this mixin;
its methods are the `UserDataStore` protocol (store/user_data_api.py).

Stars, read marks and history are the person's in use (`person`); notes and highlights
are everyone's, each with its author, and only its author changes or deletes it.
"""

from __future__ import annotations

from collections.abc import Iterable

from cablereader.core.user_items import (
    DEFAULT_HIGHLIGHT,
    DEFAULT_STAR,
    HIGHLIGHT_COLOURS,
    STAR_COLOURS,
    Highlight,
    Note,
    Star,
    UserData,
    new_uuid,
    now_utc,
)
from cablereader.store.user_base import UserTables, check_author
from cablereader.store.user_base import anchor_of as _anchor
from cablereader.store.user_base import ref as _ref
from cablereader.store.user_data_api import MergeReport
from cablereader.store.user_filters import UserFilterMixin, fts_words
from cablereader.store.user_lists import HISTORY_LIMIT, UserListsMixin
from cablereader.store.user_merge import highlight_row, merge_into, note_row
from cablereader.store.user_rows import highlight_of, note_of

__all__ = ["HISTORY_LIMIT", "UserDataMixin", "fts_words"]


class UserDataMixin(UserFilterMixin, UserListsMixin, UserTables):
    """Stars, reads, notes and highlights here; lists and filters in their own mixins."""

    # -- stars and reads -------------------------------------------------------------

    def star(self, reference_ids: Iterable[str], colour: str = DEFAULT_STAR) -> None:
        """Star (or re-colour) cables; they need not be in the store yet."""
        if colour not in STAR_COLOURS:
            raise ValueError(
                f"unknown star colour {colour!r}; use one of {', '.join(STAR_COLOURS)}"
            )
        at = now_utc()
        rows = [
            {"person": self.person, "reference_id": _ref(r), "colour": colour, "starred_at": at}
            for r in reference_ids
        ]
        with self._user_write():
            self.db.table("user_stars").upsert_all(rows, pk=("person", "reference_id"))

    def unstar(self, reference_ids: Iterable[str]) -> None:
        with self._user_write():
            for reference_id in reference_ids:
                self.db.execute(
                    "DELETE FROM user_stars WHERE person = ? AND reference_id = ?",
                    [self.person, _ref(reference_id)],
                )

    def stars(self) -> dict[str, Star]:
        """The person's stars (each person stars for themselves)."""
        return dict(self._memo("stars", self._read_stars))

    def _read_stars(self) -> dict[str, Star]:
        rows = self._rows(
            "SELECT * FROM user_stars WHERE person = ? ORDER BY starred_at, reference_id",
            [self.person],
        )
        return {
            r["reference_id"]: Star(r["reference_id"], r["colour"], r["starred_at"]) for r in rows
        }

    def mark_read(self, reference_ids: Iterable[str], read: bool = True) -> None:
        """Read or unread again; the first time read is kept when marked read twice.

        Nothing is written when nothing changes: every commit moves other connections'
        data_version, and the facet-counting thread drops its cached counts on that, so
        re-opening a read cable must not commit."""
        refs = list(dict.fromkeys(_ref(r) for r in reference_ids))
        already = self._present("user_read", refs)
        refs = [r for r in refs if (r in already) != read]
        if not refs:
            return
        before, memos = self._valid_memos()
        with self._user_write():
            if read:
                at = now_utc()
                self.db.table("user_read").insert_all(
                    [{"person": self.person, "reference_id": r, "read_at": at} for r in refs],
                    pk=("person", "reference_id"),
                    ignore=True,
                )
            else:
                for ref in refs:
                    self.db.execute(
                        "DELETE FROM user_read WHERE person = ? AND reference_id = ?",
                        [self.person, ref],
                    )
        # Read marks change only the read IDs and the unread count: update those memos.
        if "read" in memos:
            memos["read"] = memos["read"] | set(refs) if read else memos["read"] - set(refs)
        if "counts" in memos:
            held = len(self._present("cables", refs))
            counts = dict(memos["counts"])
            counts["unread"] = counts.get("unread", 0) + (-held if read else held)
            memos["counts"] = counts
        self._keep_memos(before, memos)

    def _present(self, table: str, refs: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(refs), 500):
            chunk = refs[start : start + 500]
            marks = ",".join("?" * len(chunk))
            # The cables belong to no one; the person's own marks are theirs alone.
            mine = table != "cables"
            found.update(
                r[0]
                for r in self.db.execute(
                    f"SELECT reference_id FROM {table} WHERE"
                    f"{' person = ? AND' if mine else ''} reference_id IN ({marks})",
                    [self.person, *chunk] if mine else chunk,
                )
            )
        return found

    def mark_all_read(self) -> int:
        """Every cable in the store; returns how many were unread."""
        with self._user_write():
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO user_read (person, reference_id, read_at)"
                " SELECT ?, reference_id, ? FROM cables",
                [self.person, now_utc()],
            )
        return int(cursor.rowcount)

    def read_ids(self) -> set[str]:
        return set(self._memo("read", self._read_ids))

    def _read_ids(self) -> set[str]:
        return {
            r[0]
            for r in self.db.execute(
                "SELECT reference_id FROM user_read WHERE person = ?", [self.person]
            )
        }

    # -- notes -----------------------------------------------------------------------

    def add_note(self, reference_id: str, text: str, anchor: str | None = None) -> Note:
        at = now_utc()
        note = Note(new_uuid(), _ref(reference_id), _anchor(anchor), text, at, at, self.person)
        with self._user_write():
            self.db.table("user_notes").insert(note_row(note))
        return note

    def _check_author(self, table: str, kind: str, uuid: str) -> None:
        found = self.db.execute(f"SELECT author FROM {table} WHERE uuid = ?", [uuid]).fetchone()
        if found is not None:
            check_author(kind, found[0], self.person)

    def edit_note(self, uuid: str, text: str) -> Note:
        """The author's own note only (StoreError for a teammate's)."""
        self._check_author("user_notes", "note", uuid)
        with self._user_write():
            self.db.execute(
                "UPDATE user_notes SET text = ?, edited = ? WHERE uuid = ?", [text, now_utc(), uuid]
            )
        found = self._rows("SELECT * FROM user_notes WHERE uuid = ?", [uuid])
        if not found:
            raise KeyError(uuid)
        return note_of(found[0])

    def delete_note(self, uuid: str) -> None:
        self._check_author("user_notes", "note", uuid)
        with self._user_write():
            self.db.execute("DELETE FROM user_notes WHERE uuid = ?", [uuid])

    def _where(self, reference_id: str | None, mine: bool) -> tuple[str, list[object]]:
        clauses: list[str] = []
        params: list[object] = []
        if reference_id is not None:
            clauses.append("reference_id = ?")
            params.append(_ref(reference_id))
        if mine:
            clauses.append("author = ?")
            params.append(self.person)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def notes(self, reference_id: str | None = None, *, mine: bool = False) -> list[Note]:
        """A cable's notes (cable-wide first, then by paragraph), or every note; everyone's,
        or with `mine` only the person's."""
        order = " ORDER BY reference_id, anchor IS NOT NULL, length(anchor), anchor, created, rowid"
        where, params = self._where(reference_id, mine)
        return [note_of(r) for r in self._rows("SELECT * FROM user_notes" + where + order, params)]

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
            new_uuid(),
            _ref(reference_id),
            _anchor(anchor),
            start,
            end,
            quote,
            colour,
            note,
            at,
            at,
            self.person,
        )
        with self._user_write():
            self.db.table("user_highlights").insert(highlight_row(item))
        return item

    def edit_highlight(
        self, uuid: str, *, note: str | None = None, colour: str | None = None
    ) -> None:
        if colour is not None and colour not in HIGHLIGHT_COLOURS:
            raise ValueError(f"unknown highlight colour {colour!r}")
        self._check_author("user_highlights", "highlight", uuid)
        with self._user_write():
            self.db.execute(
                "UPDATE user_highlights SET note = coalesce(?, note), colour = coalesce(?, colour),"
                " edited = ? WHERE uuid = ?",
                [note, colour, now_utc(), uuid],
            )

    def delete_highlight(self, uuid: str) -> None:
        self._check_author("user_highlights", "highlight", uuid)
        with self._user_write():
            self.db.execute("DELETE FROM user_highlights WHERE uuid = ?", [uuid])

    def highlights(
        self, reference_id: str | None = None, *, mine: bool = False
    ) -> list[Highlight]:
        order = " ORDER BY reference_id, length(anchor), anchor, start, rowid"
        where, params = self._where(reference_id, mine)
        rows = self._rows("SELECT * FROM user_highlights" + where + order, params)
        return [highlight_of(r) for r in rows]

    # -- all at once: backups --------------------------------------------------------

    def user_data(self, *, mine: bool = False) -> UserData:
        """For a notes backup: the person's stars, reads and history, and everyone's notes,
        highlights, collections and saved searches with their authors (`mine`: only the
        person's own)."""
        return UserData(
            stars=tuple(self.stars().values()),
            read=tuple(
                (r[0], r[1])
                for r in self.db.execute(
                    "SELECT reference_id, read_at FROM user_read WHERE person = ? ORDER BY 1",
                    [self.person],
                )
            ),
            notes=tuple(self.notes(mine=mine)),
            highlights=tuple(self.highlights(mine=mine)),
            collections=tuple(self.collections(mine=mine)),
            saved_searches=tuple(self.saved_searches(mine=mine)),
            history=tuple(reversed(self.history(limit=2 * HISTORY_LIMIT))),
            person=self.person,
        )

    def merge_user_data(self, data: UserData) -> MergeReport:
        """Merge a backup in one transaction, by uuid (and by name for collections and
        saved searches), so importing the same file twice adds nothing the second time.
        Its stars, reads and history become the person's; items keep their authors (an
        old file's have none: they become the person's)."""
        with self._user_write():
            return merge_into(self.db, data, self.person)
