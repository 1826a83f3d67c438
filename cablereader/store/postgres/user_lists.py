"""Collections, saved searches and history on the PostgreSQL store, as on SQLite
(store/user_lists.py): collections and saved searches are shared, one name for
everyone, each with its author; history is the person's own."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from cablereader.core.user_items import (
    Collection,
    CollectionItem,
    HistoryEntry,
    SavedSearch,
    new_uuid,
    now_utc,
)
from cablereader.store.postgres.user_base import PgUserTables
from cablereader.store.user_base import ref as _ref

HISTORY_LIMIT = 10_000  # kept per person and kind; older entries go first


class PgUserListsMixin(PgUserTables):
    # -- collections -----------------------------------------------------------------

    def _collection_row(self, name: str) -> dict[str, Any] | None:
        found = self._user_rows(
            "SELECT * FROM user_collections WHERE name = %s", [" ".join(name.split())]
        )
        return found[0] if found else None

    def create_collection(self, name: str) -> Collection:
        name = " ".join(name.split())
        if not name:
            raise ValueError("a collection needs a name")
        if self._collection_row(name) is None:
            with self._user_write("collections") as conn:
                conn.execute(
                    "INSERT INTO user_collections (uuid, name, position, created, author)"
                    " SELECT %s, %s, coalesce(max(position), -1) + 1, %s, %s"
                    " FROM user_collections ON CONFLICT (name) DO NOTHING",
                    [new_uuid(), name, now_utc(), self.person],
                )
        found = self.collection(name)
        assert found is not None
        return found

    def rename_collection(self, name: str, new_name: str) -> None:
        new_name = " ".join(new_name.split())
        if not new_name:
            raise ValueError("a collection needs a name")
        current = self._collection_row(name)
        if current is None:
            raise KeyError(name)
        taken = self._collection_row(new_name)
        if taken is not None and taken["uuid"] != current["uuid"]:
            raise ValueError(f"there is already a collection named {new_name}")
        with self._user_write("collections") as conn:
            conn.execute(
                "UPDATE user_collections SET name = %s WHERE uuid = %s",
                [new_name, current["uuid"]],
            )

    def delete_collection(self, name: str) -> None:
        row = self._collection_row(name)
        if row is None:
            return
        with self._user_write("collections") as conn:
            conn.execute("DELETE FROM user_collection_items WHERE collection = %s", [row["uuid"]])
            conn.execute("DELETE FROM user_collections WHERE uuid = %s", [row["uuid"]])

    def add_to_collection(self, name: str, reference_ids: Iterable[str]) -> int:
        collection = self.create_collection(name)
        refs = list(dict.fromkeys(_ref(r) for r in reference_ids))
        added = 0
        with self._user_write("collections") as conn:
            # Row-locked, so two desks adding at once do not take the same positions.
            conn.execute(
                "SELECT 1 FROM user_collections WHERE uuid = %s FOR UPDATE", [collection.uuid]
            )
            last = conn.execute(
                "SELECT coalesce(max(position), -1) FROM user_collection_items"
                " WHERE collection = %s",
                [collection.uuid],
            ).fetchone()
            start = int(last[0]) + 1 if last else 0
            at = now_utc()
            for reference_id in refs:
                cursor = conn.execute(
                    "INSERT INTO user_collection_items (collection, reference_id, position, added)"
                    " VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
                    [collection.uuid, reference_id, start + added, at],
                )
                added += cursor.rowcount
        return added

    def remove_from_collection(self, name: str, reference_ids: Iterable[str]) -> int:
        row = self._collection_row(name)
        if row is None:
            raise KeyError(name)
        with self._user_write("collections") as conn:
            cursor = conn.execute(
                "DELETE FROM user_collection_items WHERE collection = %s"
                " AND reference_id = ANY(%s)",
                [row["uuid"], [_ref(r) for r in reference_ids]],
            )
        return int(cursor.rowcount)

    def reorder_collection(self, name: str, reference_ids: Sequence[str]) -> None:
        collection = self.collection(name)
        if collection is None:
            raise KeyError(name)
        wanted = [_ref(r) for r in reference_ids]
        present = {i.reference_id for i in collection.items}
        rest = [i.reference_id for i in collection.items if i.reference_id not in set(wanted)]
        order = [r for r in wanted if r in present] + rest
        with self._user_write("collections") as conn:
            for position, reference_id in enumerate(order):
                conn.execute(
                    "UPDATE user_collection_items SET position = %s"
                    " WHERE collection = %s AND reference_id = %s",
                    [position, collection.uuid, reference_id],
                )

    def collection(self, name: str) -> Collection | None:
        row = self._collection_row(name)
        return None if row is None else self._collection(row)

    def _collection(self, row: dict[str, Any]) -> Collection:
        items = tuple(
            CollectionItem(r["reference_id"], int(r["position"]), r["added"])
            for r in self._user_rows(
                "SELECT * FROM user_collection_items WHERE collection = %s"
                " ORDER BY position, reference_id",
                [row["uuid"]],
            )
        )
        return Collection(
            row["uuid"], row["name"], int(row["position"]), row["created"], items, row["author"]
        )

    def collections(self, *, mine: bool = False) -> list[Collection]:
        where, params = (" WHERE author = %s", [self.person]) if mine else ("", [])
        rows = self._user_rows(
            f"SELECT * FROM user_collections{where} ORDER BY position, name", params
        )
        return [self._collection(r) for r in rows]

    # -- saved searches and history --------------------------------------------------

    def save_search(
        self, name: str, query: str, selections: Sequence[tuple[str, Sequence[str]]] = ()
    ) -> SavedSearch:
        name = " ".join(name.split())
        if not name:
            raise ValueError("a saved search needs a name")
        chosen = tuple((str(f), tuple(str(v) for v in values)) for f, values in selections)
        with self._user_write("searches") as conn:
            row = conn.execute(
                "INSERT INTO user_saved_searches (uuid, name, query, selections, created, author)"
                " VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (name) DO UPDATE SET"
                " query = excluded.query, selections = excluded.selections,"
                " author = excluded.author RETURNING uuid, created",
                [
                    new_uuid(),
                    name,
                    query,
                    json.dumps([[f, list(v)] for f, v in chosen]),
                    now_utc(),
                    self.person,
                ],
            ).fetchone()
        assert row is not None
        return SavedSearch(str(row[0]), name, query, chosen, str(row[1]), self.person)

    def delete_saved_search(self, name: str) -> None:
        with self._user_write("searches") as conn:
            conn.execute("DELETE FROM user_saved_searches WHERE name = %s", [name])

    def saved_searches(self, *, mine: bool = False) -> list[SavedSearch]:
        where, params = (" WHERE author = %s", [self.person]) if mine else ("", [])
        return [
            SavedSearch(
                r["uuid"],
                r["name"],
                r["query"],
                tuple((str(f), tuple(v)) for f, v in json.loads(r["selections"])),
                r["created"],
                r["author"],
            )
            for r in self._user_rows(
                f"SELECT * FROM user_saved_searches{where} ORDER BY name", params
            )
        ]

    def record_history(self, kind: str, value: str) -> HistoryEntry:
        """In the person's history; not notified (no one else shows it)."""
        if kind not in ("cable", "search"):
            raise ValueError(f"unknown history kind {kind!r}")
        entry = HistoryEntry(new_uuid(), kind, value, now_utc())
        with self._user_write("history", tell=False) as conn:
            conn.execute(
                "INSERT INTO user_history (uuid, person, kind, value, at)"
                " VALUES (%s, %s, %s, %s, %s)",
                [entry.uuid, self.person, kind, value, entry.at],
            )
            conn.execute(
                "DELETE FROM user_history WHERE person = %s AND kind = %s AND uuid NOT IN"
                " (SELECT uuid FROM user_history WHERE person = %s AND kind = %s"
                " ORDER BY at DESC, seq DESC LIMIT %s)",
                [self.person, kind, self.person, kind, HISTORY_LIMIT],
            )
        return entry

    def history(self, kind: str | None = None, limit: int = 200) -> list[HistoryEntry]:
        where = " WHERE person = %s" + ("" if kind is None else " AND kind = %s")
        params: list[object] = [self.person, *([] if kind is None else [kind])]
        rows = self._user_rows(
            f"SELECT * FROM user_history{where} ORDER BY at DESC, seq DESC LIMIT %s",
            [*params, limit],
        )
        return [HistoryEntry(r["uuid"], r["kind"], r["value"], r["at"]) for r in rows]

    def clear_history(self) -> None:
        with self._user_write("history", tell=False) as conn:
            conn.execute("DELETE FROM user_history WHERE person = %s", [self.person])
