"""The people's own data on the PostgreSQL store: stars, reads, notes and highlights,
and backups; collections, saved searches and history in postgres/user_lists.py, the
query language's user fields in postgres/user_filters.py.

The same behaviour as the SQLite store's (store/user_data.py), which the contract tests
check on both: stars, read marks and history are the person's in use; notes and
highlights are everyone's, each with its author, and only the author changes one.
Every write NOTIFYs the `cablereader` channel and moves user_meta's counter.
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
from cablereader.store.postgres.user_base import PgUserTables
from cablereader.store.postgres.user_filters import PgUserFilterMixin
from cablereader.store.postgres.user_lists import HISTORY_LIMIT, PgUserListsMixin
from cablereader.store.postgres.user_merge import highlight_values, merge_into, note_values
from cablereader.store.postgres.user_words import note_tsvector
from cablereader.store.user_base import anchor_of as _anchor
from cablereader.store.user_base import check_author
from cablereader.store.user_base import ref as _ref
from cablereader.store.user_data_api import MergeReport
from cablereader.store.user_rows import highlight_of, note_of

_NOTE_ORDER = (
    " ORDER BY reference_id, anchor IS NOT NULL, length(anchor) NULLS FIRST,"
    " anchor NULLS FIRST, created, seq"
)
_HIGHLIGHT_ORDER = (
    " ORDER BY reference_id, length(anchor) NULLS FIRST, anchor NULLS FIRST, start, seq"
)


class PgUserDataMixin(PgUserFilterMixin, PgUserListsMixin, PgUserTables):
    """Composed into PostgresCableStore; its methods are the UserDataStore protocol."""

    # -- stars and reads -------------------------------------------------------------

    def star(self, reference_ids: Iterable[str], colour: str = DEFAULT_STAR) -> None:
        if colour not in STAR_COLOURS:
            raise ValueError(
                f"unknown star colour {colour!r}; use one of {', '.join(STAR_COLOURS)}"
            )
        at = now_utc()
        refs = list(dict.fromkeys(_ref(r) for r in reference_ids))
        with self._user_write("stars") as conn:
            for reference_id in refs:
                conn.execute(
                    "INSERT INTO user_stars (person, reference_id, colour, starred_at)"
                    " VALUES (%s, %s, %s, %s) ON CONFLICT (person, reference_id)"
                    " DO UPDATE SET colour = excluded.colour, starred_at = excluded.starred_at",
                    [self.person, reference_id, colour, at],
                )

    def unstar(self, reference_ids: Iterable[str]) -> None:
        refs = [_ref(r) for r in reference_ids]
        with self._user_write("stars") as conn:
            conn.execute(
                "DELETE FROM user_stars WHERE person = %s AND reference_id = ANY(%s)",
                [self.person, refs],
            )

    def stars(self) -> dict[str, Star]:
        rows = self._user_rows(
            "SELECT * FROM user_stars WHERE person = %s ORDER BY starred_at, reference_id",
            [self.person],
        )
        return {
            r["reference_id"]: Star(r["reference_id"], r["colour"], r["starred_at"]) for r in rows
        }

    def mark_read(self, reference_ids: Iterable[str], read: bool = True) -> None:
        """Nothing is written (nor notified) when nothing changes: opening a read cable
        again must not make every other window look."""
        refs = list(dict.fromkeys(_ref(r) for r in reference_ids))
        already = {
            r["reference_id"]
            for r in self._user_rows(
                "SELECT reference_id FROM user_read WHERE person = %s AND reference_id = ANY(%s)",
                [self.person, refs],
            )
        }
        refs = [r for r in refs if (r in already) != read]
        if not refs:
            return
        with self._user_write("read") as conn:
            if read:
                conn.execute(
                    "INSERT INTO user_read (person, reference_id, read_at)"
                    " SELECT %s, r, %s FROM unnest(%s::text[]) AS r ON CONFLICT DO NOTHING",
                    [self.person, now_utc(), refs],
                )
            else:
                conn.execute(
                    "DELETE FROM user_read WHERE person = %s AND reference_id = ANY(%s)",
                    [self.person, refs],
                )

    def mark_all_read(self) -> int:
        with self._user_write("read") as conn:
            cursor = conn.execute(
                "INSERT INTO user_read (person, reference_id, read_at)"
                " SELECT %s, reference_id, %s FROM cables ON CONFLICT DO NOTHING",
                [self.person, now_utc()],
            )
        return int(cursor.rowcount)

    def read_ids(self) -> set[str]:
        rows = self._user_rows(
            "SELECT reference_id FROM user_read WHERE person = %s", [self.person]
        )
        return {r["reference_id"] for r in rows}

    # -- notes -----------------------------------------------------------------------

    def _user_where(self, reference_id: str | None, mine: bool) -> tuple[str, list[object]]:
        clauses: list[str] = []
        params: list[object] = []
        if reference_id is not None:
            clauses.append("reference_id = %s")
            params.append(_ref(reference_id))
        if mine:
            clauses.append("author = %s")
            params.append(self.person)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def _check_author(self, table: str, kind: str, uuid: str) -> None:
        author = self._user_value(f"SELECT author FROM {table} WHERE uuid = %s", [uuid])
        if author is not None:
            check_author(kind, str(author), self.person)

    def add_note(self, reference_id: str, text: str, anchor: str | None = None) -> Note:
        at = now_utc()
        note = Note(new_uuid(), _ref(reference_id), _anchor(anchor), text, at, at, self.person)
        with self._user_write("notes") as conn:
            conn.execute(
                "INSERT INTO user_notes (uuid, reference_id, anchor, text, created, edited,"
                " author, words) VALUES (%s, %s, %s, %s, %s, %s, %s, %s::tsvector)",
                [*note_values(note), note_tsvector(text)],
            )
        return note

    def edit_note(self, uuid: str, text: str) -> Note:
        self._check_author("user_notes", "note", uuid)
        with self._user_write("notes") as conn:
            conn.execute(
                "UPDATE user_notes SET text = %s, edited = %s, words = %s::tsvector"
                " WHERE uuid = %s",
                [text, now_utc(), note_tsvector(text), uuid],
            )
        found = self._user_rows("SELECT * FROM user_notes WHERE uuid = %s", [uuid])
        if not found:
            raise KeyError(uuid)
        return note_of(found[0])

    def delete_note(self, uuid: str) -> None:
        self._check_author("user_notes", "note", uuid)
        with self._user_write("notes") as conn:
            conn.execute("DELETE FROM user_notes WHERE uuid = %s", [uuid])

    def notes(self, reference_id: str | None = None, *, mine: bool = False) -> list[Note]:
        where, params = self._user_where(reference_id, mine)
        rows = self._user_rows("SELECT * FROM user_notes" + where + _NOTE_ORDER, params)
        return [note_of(r) for r in rows]

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
        with self._user_write("notes") as conn:
            conn.execute(
                "INSERT INTO user_highlights (uuid, reference_id, anchor, start, \"end\","
                " quote, colour, note, created, edited, author, words)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::tsvector)",
                [*highlight_values(item), note_tsvector(note)],
            )
        return item

    def edit_highlight(
        self, uuid: str, *, note: str | None = None, colour: str | None = None
    ) -> None:
        if colour is not None and colour not in HIGHLIGHT_COLOURS:
            raise ValueError(f"unknown highlight colour {colour!r}")
        self._check_author("user_highlights", "highlight", uuid)
        words = None if note is None else note_tsvector(note)
        with self._user_write("notes") as conn:
            conn.execute(
                "UPDATE user_highlights SET note = coalesce(%s, note),"
                " colour = coalesce(%s, colour), words = coalesce(%s::tsvector, words),"
                " edited = %s WHERE uuid = %s",
                [note, colour, words, now_utc(), uuid],
            )

    def delete_highlight(self, uuid: str) -> None:
        self._check_author("user_highlights", "highlight", uuid)
        with self._user_write("notes") as conn:
            conn.execute("DELETE FROM user_highlights WHERE uuid = %s", [uuid])

    def highlights(
        self, reference_id: str | None = None, *, mine: bool = False
    ) -> list[Highlight]:
        where, params = self._user_where(reference_id, mine)
        rows = self._user_rows("SELECT * FROM user_highlights" + where + _HIGHLIGHT_ORDER, params)
        return [highlight_of(r) for r in rows]

    # -- all at once: backups --------------------------------------------------------

    def user_data(self, *, mine: bool = False) -> UserData:
        read = self._user_rows(
            "SELECT reference_id, read_at FROM user_read WHERE person = %s ORDER BY 1",
            [self.person],
        )
        return UserData(
            stars=tuple(self.stars().values()),
            read=tuple((r["reference_id"], r["read_at"]) for r in read),
            notes=tuple(self.notes(mine=mine)),
            highlights=tuple(self.highlights(mine=mine)),
            collections=tuple(self.collections(mine=mine)),
            saved_searches=tuple(self.saved_searches(mine=mine)),
            history=tuple(reversed(self.history(limit=2 * HISTORY_LIMIT))),
            person=self.person,
        )

    def merge_user_data(self, data: UserData) -> MergeReport:
        """As on SQLite (store/user_merge.py): by uuid, by name for collections and saved
        searches, in one transaction; stars, reads and history become the person's."""
        with self._user_write("notes") as conn:
            return merge_into(conn, data, self.person)

