"""Collections, saved searches and history: the user-data lists of the store.

Collections and saved searches are shared (one name, one list, for everyone), each with
its author; history is the person's own."""

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
from cablereader.store.user_base import UserTables
from cablereader.store.user_base import ref as _ref

HISTORY_LIMIT = 10_000  # kept per kind; older entries go first


class UserListsMixin(UserTables):
    # -- collections -----------------------------------------------------------------

    def _collection_row(self, name: str) -> dict[str, Any] | None:
        name = " ".join(name.split())  # as create_collection stores it
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
                    "author": self.person,
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
            taken = self._collection_row(new_name)
            current = self._collection_row(name)
            if current is None:
                raise KeyError(name)
            if taken is not None and taken["uuid"] != current["uuid"]:
                raise ValueError(f"there is already a collection named {new_name}")
            self.db.execute(
                "UPDATE user_collections SET name = ? WHERE uuid = ?", [new_name, current["uuid"]]
            )

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
        return Collection(
            row["uuid"], row["name"], int(row["position"]), row["created"], items, row["author"]
        )

    def collections(self, *, mine: bool = False) -> list[Collection]:
        """Everyone's collections, or with `mine` those the person made."""
        where, params = (" WHERE author = ?", [self.person]) if mine else ("", [])
        rows = self._rows(f"SELECT * FROM user_collections{where} ORDER BY position, name", params)
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
                    "author": self.person,
                },
                pk="uuid",
            )
        return SavedSearch(uuid, name, query, chosen, created, self.person)

    def delete_saved_search(self, name: str) -> None:
        with self._user_write():
            self.db.execute("DELETE FROM user_saved_searches WHERE name = ?", [name])

    def saved_searches(self, *, mine: bool = False) -> list[SavedSearch]:
        """Everyone's saved searches, or with `mine` those the person saved last."""
        where, params = (" WHERE author = ?", [self.person]) if mine else ("", [])
        return [
            SavedSearch(
                r["uuid"],
                r["name"],
                r["query"],
                tuple((str(f), tuple(v)) for f, v in json.loads(r["selections"])),
                r["created"],
                r["author"],
            )
            for r in self._rows(f"SELECT * FROM user_saved_searches{where} ORDER BY name", params)
        ]

    def record_history(self, kind: str, value: str) -> HistoryEntry:
        """A cable opened (value "05LIMA4377" or "05LIMA4377#par13") or a search run, in
        the person's history."""
        if kind not in ("cable", "search"):
            raise ValueError(f"unknown history kind {kind!r}")
        entry = HistoryEntry(new_uuid(), kind, value, now_utc())
        with self._user_write(marks=False):
            self.db.table("user_history").insert(
                {
                    "uuid": entry.uuid,
                    "kind": kind,
                    "value": value,
                    "at": entry.at,
                    "person": self.person,
                }
            )
            self.db.execute(
                "DELETE FROM user_history WHERE person = ? AND kind = ? AND uuid NOT IN"
                " (SELECT uuid FROM user_history WHERE person = ? AND kind = ?"
                " ORDER BY at DESC, rowid DESC LIMIT ?)",
                [self.person, kind, self.person, kind, HISTORY_LIMIT],
            )
        return entry

    def history(self, kind: str | None = None, limit: int = 200) -> list[HistoryEntry]:
        """The person's, newest first."""
        where = " WHERE person = ?" + ("" if kind is None else " AND kind = ?")
        params: list[object] = [self.person, *([] if kind is None else [kind])]
        rows = self._rows(
            f"SELECT * FROM user_history{where} ORDER BY at DESC, rowid DESC LIMIT ?",
            [*params, limit],
        )
        return [HistoryEntry(r["uuid"], r["kind"], r["value"], r["at"]) for r in rows]

    def clear_history(self) -> None:
        with self._user_write(marks=False):
            self.db.execute("DELETE FROM user_history WHERE person = ?", [self.person])
