"""The query language's user fields as SQL over `cables c`: `is:starred`, `is:unread`,
`has:note`, `in:"collection"`, `note:word` and `by:name`, for store/filters.py to AND
in, plus the counts the browse panel shows for them.

Whose marks: is:starred, star:COLOUR, is:read and is:unread are the person's in use
(`cablereader_person()`, which the store defines on its connection); has:note,
has:highlight, note:word and in:"name" are everyone's, as the items are shared; by:NAME
narrows to cables with a note or highlight by that person (by:me: the person in use).
"""

from __future__ import annotations

from cablereader.core.people import ME
from cablereader.store.user_base import UserTables
from cablereader.store.user_data_api import UserFilter


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


def user_condition(kind: UserFilter | str, value: str | None = None) -> tuple[str, list[object]]:
    """A condition over `cables c` for `is:starred`, `is:unread`, `has:note`,
    `in:"name"` and `note:word`, to AND into the WHERE clause of store/filters.py.
    A plain function so that the query translation (store/fts_query.py) can use it."""
    kind = UserFilter(kind)
    if kind is UserFilter.STARRED:
        mine = "SELECT reference_id FROM user_stars WHERE person = cablereader_person()"
        if value:
            return f"c.reference_id IN ({mine} AND colour = ?)", [value]
        return f"c.reference_id IN ({mine})", []
    read = "SELECT reference_id FROM user_read WHERE person = cablereader_person()"
    if kind is UserFilter.UNREAD:
        return f"c.reference_id NOT IN ({read})", []
    if kind is UserFilter.READ:
        return f"c.reference_id IN ({read})", []
    if kind is UserFilter.AUTHOR:
        name = " ".join((value or "").split())
        who, args = ("cablereader_person()", []) if name.lower() == ME else ("?", [name, name])
        return (
            f"(c.reference_id IN (SELECT reference_id FROM user_notes WHERE author = {who})"
            " OR c.reference_id IN"
            f" (SELECT reference_id FROM user_highlights WHERE author = {who}))",
            list(args),
        )
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


class UserFilterMixin(UserTables):
    def user_filter_sql(
        self, kind: UserFilter | str, value: str | None = None
    ) -> tuple[str, list[object]]:
        """A condition over `cables c` for one user filter (see `user_condition`)."""
        return user_condition(kind, value)

    def user_filter_ids(self, kind: UserFilter | str, value: str | None = None) -> list[int]:
        """The cables' row ids that match one user filter (for counts and tests)."""
        where, params = self.user_filter_sql(kind, value)
        return [
            int(r[0]) for r in self.db.execute(f"SELECT c.id FROM cables c WHERE {where}", params)
        ]

    def user_counts(self) -> dict[str, int]:
        """For the browse panel: starred, unread and annotated cables held in the store,
        and each collection's size by name ("in:<name>"). Remembered until a mark may
        have changed (user_base.UserTables._memo)."""
        return dict(self._memo("counts", self._count_marks))

    def _count_marks(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for label, kind in (
            ("starred", UserFilter.STARRED),
            ("read", UserFilter.READ),
            ("has:note", UserFilter.HAS_NOTE),
        ):
            where, params = self.user_filter_sql(kind)
            counts[label] = int(
                self.db.execute(f"SELECT count(*) FROM cables c WHERE {where}", params).fetchone()[
                    0
                ]
            )
        # Unread is all but the read: NOT IN would test every one of 251,287 cables on the
        # GUI thread after each cable opened; IN walks the few read ones by their key.
        total = int(self.db.execute("SELECT count(*) FROM cables").fetchone()[0])
        counts["unread"] = total - counts.pop("read")
        for name, size in self.db.execute(
            "SELECT k.name, count(i.reference_id) FROM user_collections k"
            " LEFT JOIN user_collection_items i ON i.collection = k.uuid"
            " GROUP BY k.uuid ORDER BY k.position"
        ):
            counts[f"in:{name}"] = int(size)
        return counts
