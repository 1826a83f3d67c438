"""The query language's user fields as SQL over `cables c` on PostgreSQL, for
postgres/filters.py to AND in, and the browse panel's counts: the same meaning as on
SQLite (store/user_filters.py). is:starred, star:COLOUR, is:read and is:unread are the
person's in use; has:note, has:highlight, note:word and in:"name" are everyone's;
by:NAME (by:me) narrows to cables with a note or highlight by that person."""

from __future__ import annotations

from cablereader.core.people import ME
from cablereader.store.postgres.user_base import PgUserTables
from cablereader.store.postgres.user_words import note_tsquery
from cablereader.store.user_data_api import UserFilter


class PgUserFilterMixin(PgUserTables):
    def user_filter_sql(
        self, kind: UserFilter | str, value: str | None = None
    ) -> tuple[str, list[object]]:
        """A condition over `cables c` (psycopg's %s parameters)."""
        kind = UserFilter(kind)
        person = self.person
        if kind is UserFilter.STARRED:
            mine = "SELECT reference_id FROM user_stars WHERE person = %s"
            if value:
                return f"c.reference_id IN ({mine} AND colour = %s)", [person, value]
            return f"c.reference_id IN ({mine})", [person]
        read = "SELECT reference_id FROM user_read WHERE person = %s"
        if kind is UserFilter.UNREAD:
            return f"c.reference_id NOT IN ({read})", [person]
        if kind is UserFilter.READ:
            return f"c.reference_id IN ({read})", [person]
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
                " JOIN user_collections k ON k.uuid = i.collection WHERE k.name = %s)",
                [" ".join((value or "").split())],
            )
        if kind is UserFilter.AUTHOR:
            name = " ".join((value or "").split())
            who = person if name.lower() == ME else name
            return (
                "(c.reference_id IN (SELECT reference_id FROM user_notes WHERE author = %s)"
                " OR c.reference_id IN"
                " (SELECT reference_id FROM user_highlights WHERE author = %s))",
                [who, who],
            )
        query = note_tsquery(value or "")
        if query is None:
            return "false", []
        return (
            "(c.reference_id IN (SELECT reference_id FROM user_notes"
            " WHERE words @@ %s::tsquery)"
            " OR c.reference_id IN (SELECT reference_id FROM user_highlights"
            " WHERE words @@ %s::tsquery))",
            [query, query],
        )

    def user_filter_ids(self, kind: UserFilter | str, value: str | None = None) -> list[int]:
        where, params = self.user_filter_sql(kind, value)
        rows = self._user_rows(f"SELECT c.id FROM cables c WHERE {where} ORDER BY c.id", params)
        return [int(r["id"]) for r in rows]

    def user_counts(self) -> dict[str, int]:
        """Starred, unread and annotated cables held in the store, and each collection's
        size by name ("in:<name>"), as on SQLite."""
        counts: dict[str, int] = {}
        for label, kind in (
            ("starred", UserFilter.STARRED),
            ("read", UserFilter.READ),
            ("has:note", UserFilter.HAS_NOTE),
        ):
            where, params = self.user_filter_sql(kind)
            sql = f"SELECT count(*) FROM cables c WHERE {where}"
            counts[label] = int(self._user_value(sql, params))
        total = int(self._user_value("SELECT count(*) FROM cables"))
        counts["unread"] = total - counts.pop("read")
        for row in self._user_rows(
            "SELECT k.name, count(i.reference_id) AS size FROM user_collections k"
            " LEFT JOIN user_collection_items i ON i.collection = k.uuid"
            " GROUP BY k.uuid, k.name, k.position ORDER BY k.position"
        ):
            counts[f"in:{row['name']}"] = int(row["size"])
        return counts
