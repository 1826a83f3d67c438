"""Reading and searching the SQLite store: lists of ids, rows, whole cables, snippets,
facet counts, statistics. A mixin of SqliteCableStore (store/sqlite_store.py).

What is costly and asked again (id lists, whole-store orderings, facet counts) is kept in
one ResultCache, forgotten when the store changes through any connection.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any

import sqlite_utils

from cablereader.core.change_groups import CHANGE_GROUPS
from cablereader.core.codec import unpack
from cablereader.core.model import Cable
from cablereader.core.serialize import decode_cable
from cablereader.store.api import (
    CableFilter,
    CableRow,
    Facet,
    SearchHit,
    SortKey,
    StoredCable,
    VersionInfo,
)
from cablereader.store.cache import Lru, ResultCache
from cablereader.store.errors import translated
from cablereader.store.facet_columns import FacetColumns, ordered
from cablereader.store.filters import build_where, ranked_sql
from cablereader.store.fts_query import match_text
from cablereader.store.ordering import WholeOrder, order_clause, whole_order_sql
from cablereader.store.snippets import snippets

FACET_CACHE_SIZE = 256
ID_CACHE_SIZE = 4
# Hits fewer than a 25th of the store are sorted in SQL by id (5,000: 15 ms); more are
# picked out of the whole store's order (25-30 ms however many).
SQL_SORT_SHARE = 25
ORDER_CACHE_SIZE = 4  # whole-store orderings kept (key, direction): 251,287 ids are 9 MB
WANTED_CACHE_SIZE = 7  # a filter and the six "all but one facet" filters of a click
_ROW_COLUMNS = (
    "id, reference_id, created, created_approx, released, classification, origin, subject, "
    "tags, partial, versions"
)
_READ = "read the store"


def _row(values: Sequence[Any]) -> CableRow:
    return CableRow(
        int(values[0]),
        str(values[1]),
        str(values[2]),
        bool(values[3]),
        None if values[4] is None else str(values[4]),
        str(values[5]),
        str(values[6]),
        str(values[7]),
        str(values[8]),
        bool(values[9]),
        int(values[10]),
    )


class ReadingMixin:
    """The reading half of SqliteCableStore; `db` is the store's connection."""

    db: sqlite_utils.Database
    _user_writes: int  # user_base.UserTables: moves on every star, read mark, note...
    user_data_version: Callable[[], int]  # user_base.UserTables
    _cache: ResultCache
    _ids: Lru[tuple[CableFilter, SortKey, bool, int], list[int]]
    _orders: Lru[tuple[SortKey, bool], WholeOrder]
    _facets: Lru[tuple[Facet, CableFilter, int], list[tuple[str, int]]]
    _wanted: Lru[tuple[CableFilter, int], list[int] | set[int] | None]
    _columns: Lru[None, FacetColumns]
    _change_masks: Lru[None, dict[str, bytearray]]

    def _start_cache(self, changes: Callable[[], Hashable]) -> None:
        """One cache, emptied whenever `changes()` moves."""
        self._cache = ResultCache(changes)
        self._ids = self._cache.part(ID_CACHE_SIZE)
        self._orders = self._cache.part(ORDER_CACHE_SIZE)
        self._facets = self._cache.part(FACET_CACHE_SIZE)
        self._wanted = self._cache.part(WANTED_CACHE_SIZE)
        self._columns = self._cache.part(1)
        self._change_masks = self._cache.part(1)

    def _marks_seen(self, flt: CableFilter) -> int:
        """The part of a cache key that says which of the reader's marks a result saw.

        The cache empties when the cables change, but a star or a read mark deliberately
        does not count as that (user_base._user_write), so a filter with `is:starred`,
        `in:"..."` and the like keys on this connection's user-data writes and on
        PRAGMA data_version, which moves with every other connection's commit (the
        window's stars, seen from the facet-counting thread; `cablereader star` in a
        terminal, seen from the window), and on a change of person (user_data_version
        sums them). Every other filter keys on 0 and keeps its results across them."""
        if flt.query is not None and flt.query.uses_user_data:
            return self.user_data_version()  # also a teammate's note from another process
        return 0

    def _load_version(self, version_id: int) -> Cable:
        blob = self.db.execute("SELECT data FROM versions WHERE id = ?", [version_id]).fetchone()[0]
        return decode_cable(blob)

    @translated(_READ)
    def count(self, flt: CableFilter | None = None) -> int:
        where, params = build_where(flt or CableFilter())
        return int(
            self.db.execute(f"SELECT count(*) FROM cables c WHERE {where}", params).fetchone()[0]
        )

    @translated(_READ)
    def query_ids(
        self, flt: CableFilter, sort: SortKey = SortKey.CREATED, descending: bool = True
    ) -> list[int]:
        """Ids of every matching cable, in order: all the list model keeps in memory.

        The last few orderings are kept (a list of 251,287 ids is 2 MB) so that clearing
        a selection or going back to a sort order is instant; callers must not change
        the list they get.
        """
        self._cache.check()
        return self._ids.get(
            (flt, sort, descending, self._marks_seen(flt)),
            lambda: self._query_ids(flt, sort, descending),
        )

    def _query_ids(self, flt: CableFilter, sort: SortKey, descending: bool) -> list[int]:
        match = match_text(flt.query)
        if sort is SortKey.RANK and match:
            order = f"bm25(cable_text, 5.0, 1.0) {'ASC' if descending else 'DESC'}"
            sql, params = ranked_sql(flt, "cable_text.rowid", order)
            return [r[0] for r in self.db.execute(sql, [match, *params])]
        key = SortKey.CREATED if sort is SortKey.RANK else sort
        wanted = self._wanted_ids(flt)
        if wanted is None:
            return list(self._whole_order(key, descending).ids)
        if len(wanted) * SQL_SORT_SHARE < self._size():
            sql = (
                "SELECT c.id FROM cables c WHERE c.id IN (SELECT value FROM json_each(?))"
                f" ORDER BY {order_clause(key, descending)}"
            )
            return [r for (r,) in self.db.execute(sql, [json.dumps(list(wanted))])]
        return self._whole_order(key, descending).pick(wanted, False)

    def _wanted_ids(self, flt: CableFilter) -> list[int] | set[int] | None:
        """The ids a filter lets through, in no order; None when it lets all through."""
        where, params = build_where(flt, with_text=False)
        match = match_text(flt.query)
        wanted: list[int] | set[int] | None = None
        if where != "1":
            wanted = self._id_list(f"SELECT c.id AS id FROM cables c WHERE {where}", params)
        if match:
            sql = "SELECT rowid AS id FROM cable_text WHERE cable_text MATCH ?"
            found = self._id_list(sql, [match])
            wanted = found if wanted is None else set(wanted).intersection(found)
        return wanted

    def _id_list(self, sql: str, params: Sequence[object]) -> list[int]:
        """The ids a query gives, in no order, in one row joined by commas: SQLite then
        runs without handing the GIL back at every row (a thread counting facets and the
        window would otherwise wait on each other 100,000 times) and it is faster too."""
        text = self.db.execute(f"SELECT group_concat(id) FROM ({sql})", params).fetchone()[0]
        return list(map(int, text.split(","))) if text else []

    def _size(self) -> int:
        """The top id: as many cables as the store holds, read from the end of its key."""
        return int(self.db.execute("SELECT coalesce(max(id), 0) FROM cables").fetchone()[0])

    def _whole_order(self, sort: SortKey, descending: bool) -> WholeOrder:
        """Every cable's id in the list's order for `sort` (see ordering.order_clause)."""

        def read() -> WholeOrder:
            return WholeOrder([r for (r,) in self.db.execute(whole_order_sql(sort, descending))])

        return self._orders.get((sort, descending), read)

    @translated(_READ)
    def fetch_rows(self, ids: Sequence[int]) -> dict[int, CableRow]:
        rows: dict[int, CableRow] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for values in self.db.execute(
                f"SELECT {_ROW_COLUMNS} FROM cables WHERE id IN ({marks})", chunk
            ):
                rows[values[0]] = _row(values)
        return rows

    @translated(_READ)
    def cable_id(self, reference_id: str) -> int | None:
        row = self.db.execute(
            "SELECT id FROM cables WHERE reference_id = ?", [reference_id.upper()]
        ).fetchone()
        return None if row is None else int(row[0])

    @translated(_READ)
    def existing_ids(self, reference_ids: Iterable[str]) -> set[str]:
        """Which of these cables are in the store, to mark REF links."""
        wanted = list(set(reference_ids))
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self.db.execute(
                    f"SELECT reference_id FROM cables WHERE reference_id IN ({marks})", chunk
                )
            )
        return found

    @translated(_READ)
    def fetch_cable(self, reference_id: str, version_id: int | None = None) -> StoredCable | None:
        row = self.db.execute(
            "SELECT id, version_id FROM cables WHERE reference_id = ?", [reference_id.upper()]
        ).fetchone()
        if row is None:
            return None
        cable_id, current = row
        chosen = version_id or current
        versions = tuple(
            VersionInfo(
                v[0], v[1], v[2], v[3], v[4], v[5], v[6], tuple(json.loads(v[7])), v[0] == current
            )
            for v in self.db.execute(
                "SELECT id, format, build, source_path, source_position, imported_at, released,"
                " changes FROM versions WHERE cable_id = ? ORDER BY sort_key, id",
                [cable_id],
            )
        )
        if chosen not in {v.id for v in versions}:
            return None
        return StoredCable(cable_id, self._load_version(chosen), chosen, versions)

    @translated(_READ)
    def raw_source(self, version_id: int) -> bytes:
        blob = self.db.execute("SELECT raw FROM versions WHERE id = ?", [version_id]).fetchone()[0]
        return unpack(blob)

    @translated(_READ)
    def cited_by(self, reference_id: str) -> list[CableRow]:
        ids = [
            r[0]
            for r in self.db.execute(
                "SELECT DISTINCT cable_id FROM cable_refs WHERE target = ?", [reference_id.upper()]
            )
        ]
        rows = self.fetch_rows(ids)
        return sorted(rows.values(), key=lambda r: r.created, reverse=True)

    @translated(_READ)
    def search(self, flt: CableFilter, limit: int = 20) -> list[SearchHit]:
        """Ranked hits with snippets; without free text, the newest matching cables."""
        match = match_text(flt.query)
        if match:
            columns = "cable_text.rowid, '', bm25(cable_text, 5.0, 1.0) AS rank"
            sql, params = ranked_sql(flt, columns, "rank")
            ranked = list(self.db.execute(f"{sql} LIMIT ?", [match, *params, limit]))
            cut = snippets(self._shown_texts([f[0] for f in ranked]), match)
            found = [(rowid, cut.get(rowid, ""), rank) for rowid, _, rank in ranked]
        else:
            where, params = build_where(flt)
            sql = (
                f"SELECT c.id, c.subject, 0.0 FROM cables c WHERE {where}"
                " ORDER BY c.created DESC LIMIT ?"
            )
            found = list(self.db.execute(sql, [*params, limit]))
        rows = self.fetch_rows([f[0] for f in found])
        return [SearchHit(rows[f[0]], " ".join(str(f[1]).split()), float(f[2])) for f in found]

    def _shown_texts(self, ids: list[int]) -> list[tuple[int, str, str]]:
        """(id, subject, body) of the versions shown of these cables, as the full-text
        index was given them."""
        rows = self.db.execute(
            "SELECT c.id, c.subject, v.data FROM cables c JOIN versions v ON v.id = c.version_id"
            " WHERE c.id IN (SELECT value FROM json_each(?))",
            [json.dumps(ids)],
        )
        return [(cable_id, subject, decode_cable(data).body) for cable_id, subject, data in rows]

    @translated(_READ)
    def facet_counts(self, facet: Facet, flt: CableFilter | None = None) -> list[tuple[str, int]]:
        """Counts for one facet under every other current selection, so choices combine.

        Every browse click asks for all six facets again, so results are kept until the
        store changes (also through another connection, such as an import running in the
        background). Counting itself is done in memory (see facet_columns).
        """
        others = flt.with_selection(facet, ()) if flt else CableFilter()
        self._cache.check()
        return self._facets.get(
            (facet, others, self._marks_seen(others)), lambda: self._count_facet(facet, others)
        )

    @translated(_READ)
    def prepare_facets(self) -> None:
        """Read what counting under a filter needs, so that the first click is quick: for
        a thread that counts facets to do while the reader looks at the first screen."""
        self._cache.check()
        self._facet_columns().load(str(facet) for facet in Facet if facet is not Facet.CHANGED)

    def _facet_columns(self) -> FacetColumns:
        def read() -> FacetColumns:
            return FacetColumns(
                lambda column: self.db.execute(
                    f"SELECT {column}, group_concat(id) FROM cables GROUP BY 1"
                ),
                lambda: self.db.execute("SELECT tags, group_concat(id) FROM cables GROUP BY 1"),
                self._size(),
            )

        return self._columns.get(None, read)

    def _count_facet(self, facet: Facet, others: CableFilter) -> list[tuple[str, int]]:
        # the six facets of a click often share one filter
        wanted = self._wanted.get(
            (others, self._marks_seen(others)), lambda: self._wanted_ids(others)
        )
        if facet is Facet.CHANGED:
            return self._count_changes(wanted)
        if wanted is not None:
            return self._facet_columns().count(str(facet), wanted)
        # The whole store: its indexes answer without reading every row.
        if facet is Facet.TAG:
            sql = "SELECT tag, count(*) FROM cable_tags GROUP BY tag"
        else:
            sql = f"SELECT {facet}, count(*) FROM cables WHERE {facet} IS NOT NULL GROUP BY 1"
        return ordered(str(facet), [(str(v), int(n)) for v, n in self.db.execute(sql)])

    def _count_changes(self, wanted: list[int] | set[int] | None) -> list[tuple[str, int]]:
        """Cables by kind of change between their versions, in the panel's order.

        A cable has several kinds, so each kind is a mask over cable ids (one byte a
        cable, read once until the store changes) and counting is a pass in C."""
        if wanted is None:
            sql = "SELECT kind, count(*) FROM cable_changes GROUP BY kind"
            counted = {str(k): int(n) for k, n in self.db.execute(sql)}
        else:
            masks = self._change_masks.get(None, self._read_change_masks)
            counted = {kind: sum(map(mask.__getitem__, wanted)) for kind, mask in masks.items()}
        known = [(kind, counted[kind]) for kind in CHANGE_GROUPS if counted.get(kind)]
        rest = sorted((k, n) for k, n in counted.items() if n and k not in CHANGE_GROUPS)
        return known + rest

    def _read_change_masks(self) -> dict[str, bytearray]:
        highest = self._size()
        masks: dict[str, bytearray] = {}
        for kind, ids in self.db.execute(
            "SELECT kind, group_concat(cable_id) FROM cable_changes GROUP BY kind"
        ):
            mask = masks[str(kind)] = bytearray(highest + 1)
            for cable_id in map(int, str(ids).split(",")):
                if cable_id <= highest:
                    mask[cable_id] = 1
        return masks

    @translated(_READ)
    def stats(self) -> dict[str, list[tuple[str, int]]]:
        """Counts by format, build, classification, origin and year, for `cablereader stats`."""

        def grouped(sql: str) -> list[tuple[str, int]]:
            return [(str(v), int(n)) for v, n in self.db.execute(sql)]

        return {
            "cables": [("cables", self.count())],
            "versions by format": grouped(
                "SELECT format, count(*) FROM versions GROUP BY format ORDER BY 2 DESC"
            ),
            "versions by build": grouped(
                "SELECT build, count(*) FROM versions GROUP BY build ORDER BY 2 DESC"
            ),
            "classification": grouped(
                "SELECT classification, count(*) FROM cables GROUP BY 1 ORDER BY 2 DESC"
            ),
            "origin": grouped("SELECT origin, count(*) FROM cables GROUP BY 1 ORDER BY 2 DESC"),
            "year": grouped("SELECT year, count(*) FROM cables GROUP BY 1 ORDER BY 1"),
        }

    @translated(_READ)
    def integrity_ok(self) -> bool:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
