"""Reading and searching the PostgreSQL store: id lists, rows, whole cables, snippets,
facet counts, statistics. A mixin of PostgresCableStore (postgres/pg_store.py).

Facets and sorting are SQL over indexes (postgres/schema.py); what is asked again (id
lists, counts) is kept in a ResultCache, forgotten when the `cables` generation in
`store_meta` moves (any writer, any desk). Readers never wait for an importer: a write
batch is one transaction, and MVCC shows readers the last committed one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

import psycopg

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
from cablereader.store.facet_columns import ordered
from cablereader.store.ordering import order_clause
from cablereader.store.postgres.connection import translated
from cablereader.store.postgres.filters import (
    TextHits,
    UserSql,
    Where,
    build_where,
    no_user_data,
)
from cablereader.store.postgres.snippet import phrases_of, snippet

FACET_CACHE_SIZE = 256
TEXT_CACHE_SIZE = 8  # the ids of the last few searches' words
ID_CACHE_SIZE = 4
# ts_rank_cd's weights {D, C, B, A}: the subject (A) weighs five times the body (B), as
# the SQLite store's bm25(cable_text, 5.0, 1.0).
RANK_WEIGHTS = "'{0.1, 0.1, 0.2, 1.0}'"
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


# tsquery's "followed by" operators, which `&` loosens to "both there".
_WORDS_ONLY = re.compile(r"<(?:-|\d+)>")
# A phrase pair's bit is set in a cable's signature (text.pair_hash and pairs_signature:
# the hash modulo the signature's bits, whatever its size).
_PAIR_HELD = "get_bit(pairs, %s::bigint %% (8 * octet_length(pairs))::bigint) = 1"
RANK_SQL = f"ts_rank_cd({RANK_WEIGHTS}, t.words, %s::tsquery)"
# ts_rank_cd reads (de-TOASTs) each hit's whole tsvector: 0.4 s for a common word's
# 16,000 hits at 50,000 cables. Past this many hits only the RANK_CAP hits with the most
# words are ranked by it; the rest follow them, most words first (README: relevance).
RANK_CAP = 2000
# Past this many hits of words alone, a list is the hits picked out of the whole store's
# list in that order (kept, as the window asks for it first), in Python: cheaper than
# looking each hit up in `cables` (6 µs a hit here), and the same order.
PICK_FROM_ALL = 1000
# Past this many hits of words alone, the hits by size are sorted in Python by the sizes
# the words' lookup read (reading every cable's size from its index took 180 ms);
# below it SQL looks the hits up.
SIZES_FROM_LOOKUP = 20000
# How many different words a cable's tsvector holds (kept beside it, with an index in
# that order): ts_rank_cd, not normalized, grows with a cable's words.
SIZE_SQL = "t.size"


class PgReadingMixin:
    """The reading half of PostgresCableStore."""

    _conn: psycopg.Connection
    _cache: ResultCache
    _ids: Lru[tuple[CableFilter, SortKey, bool, int], list[int]]
    _facets: Lru[tuple[Facet, CableFilter, int], list[tuple[str, int]]]
    _text_hits: Lru[tuple[str, tuple[int, ...]], TextHits]
    _ranks: Lru[tuple[CableFilter, int], list[tuple[int, float]]]

    def _start_reading(self) -> None:
        self._cache = ResultCache(self._cables_generation)
        self._ids = self._cache.part(ID_CACHE_SIZE)
        self._facets = self._cache.part(FACET_CACHE_SIZE)
        self._text_hits = self._cache.part(TEXT_CACHE_SIZE)
        self._ranks = self._cache.part(ID_CACHE_SIZE)

    def _cables_generation(self) -> int:
        row = self._conn.execute("SELECT value FROM store_meta WHERE key = 'cables'").fetchone()
        return int(row[0]) if row else 0

    def _user_sql(self) -> UserSql:
        """The user half's conditions for is:starred, in:"...", note:word (if it has them)."""
        method = getattr(self, "user_filter_sql", None)
        if method is None:
            return no_user_data
        return method  # type: ignore[no-any-return]

    def _user_marks(self) -> int:
        """A user-data generation for cache keys of filters on the readers' marks."""
        version = getattr(self, "user_data_version", None)  # anyone's, at any desk
        return int(version()) if version is not None else 0

    def _marks_seen(self, flt: CableFilter) -> int:
        if flt.query is not None and flt.query.uses_user_data:
            return self._user_marks()
        return 0

    def _where(self, flt: CableFilter | None) -> Where:
        return build_where(flt or CableFilter(), self._user_sql(), self._text_ids)

    def _text_ids(self, tsquery: str, pairs: tuple[int, ...] = ()) -> TextHits:
        """The cables whose words match, through the GIN index (see filters.build_where:
        the planner is told not to read every row, for this one statement). With the
        pair bits of the query's phrases, the index finds the cables holding the words
        (no tsvector read), and only those whose signature has every pair are read to
        check the phrases (text.pairs_signature). A NOT keeps the plain way: loosening what
        it excludes would exclude too little."""
        self._cache.check()
        loosened = _WORDS_ONLY.sub("&", tsquery) if pairs and "!" not in tsquery else None

        def find() -> TextHits:
            conn = self._conn
            with conn.transaction():
                conn.execute("SET LOCAL enable_seqscan = off")
                if loosened is None:
                    rows = conn.execute(
                        "SELECT id, size FROM cable_text WHERE words @@ %s::tsquery",
                        [tsquery],
                    ).fetchall()
                else:
                    held = " AND ".join([_PAIR_HELD] * len(pairs))
                    rows = conn.execute(
                        "SELECT id, size FROM cable_text WHERE words @@ %s::tsquery AND CASE"
                        f" WHEN pairs IS NULL OR ({held}) THEN words @@ %s::tsquery"
                        " ELSE false END",
                        [loosened, *pairs, tsquery],
                    ).fetchall()
                conn.execute("SET LOCAL enable_seqscan TO DEFAULT")
            return TextHits([int(r[0]) for r in rows], [int(r[1]) for r in rows])

        return self._text_hits.get((tsquery, pairs), find)

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        return self._conn.execute(sql, params).fetchall()  # type: ignore[arg-type]

    @translated(_READ)
    def count(self, flt: CableFilter | None = None) -> int:
        where = self._where(flt)
        sql = f"SELECT count(*) FROM {where.from_clause} WHERE {where.sql}"
        rows = self._rows(sql, where.params)
        return int(rows[0][0])

    @translated(_READ)
    def query_ids(
        self, flt: CableFilter, sort: SortKey = SortKey.CREATED, descending: bool = True
    ) -> list[int]:
        """Ids of every matching cable in order; the last few lists are kept (callers must
        not change them)."""
        self._cache.check()
        return self._ids.get(
            (flt, sort, descending, self._marks_seen(flt)),
            lambda: self._query_ids(flt, sort, descending),
        )

    def _ranked(self, flt: CableFilter, where: Where) -> list[tuple[int, float]]:
        """Hits by relevance, best first (ties: lower id first), with their ranks; past
        RANK_CAP hits, see RANK_CAP (the rest carry rank 0.0). The last few are kept:
        the ranked list's first page and the search's 20 hits are the same."""
        self._cache.check()
        return self._ranks.get(
            (flt, self._marks_seen(flt)), lambda: self._rank_hits(where)
        )

    def _rank_hits(self, where: Where) -> list[tuple[int, float]]:
        if where.words_hits <= RANK_CAP:  # every hit ranked, in one statement
            return [
                (int(r[0]), float(r[1]))
                for r in self._rows(
                    f"SELECT c.id, {RANK_SQL} AS rank FROM {where.ranked_from}"
                    f" WHERE {where.sql} ORDER BY rank DESC, c.id ASC",
                    [where.rank, *where.params],
                )
            ]
        if where.hits is not None and where.hit_sizes is not None and (
            len(where.hits) > SIZES_FROM_LOOKUP
        ):
            minus = [-n for n in where.hit_sizes]  # most words first, then lower id
            by_size = [i for _n, i in sorted(zip(minus, where.hits, strict=True))]
        else:
            by_size = [
                int(r[0])
                for r in self._rows(
                    f"SELECT c.id FROM {where.ranked_from} WHERE {where.sql}"
                    f" ORDER BY {SIZE_SQL} DESC, c.id ASC",
                    where.params,
                )
            ]
        ranked = by_size if len(by_size) <= RANK_CAP else by_size[:RANK_CAP]
        ranks = dict(
            self._rows(
                f"SELECT t.id, {RANK_SQL} FROM cable_text t WHERE t.id = ANY(%s)",
                [where.rank, ranked],
            )
        )
        best = sorted(((i, float(ranks[i])) for i in ranked), key=lambda h: (-h[1], h[0]))
        return best + [(i, 0.0) for i in by_size[len(ranked):]]

    def _query_ids(self, flt: CableFilter, sort: SortKey, descending: bool) -> list[int]:
        where = self._where(flt)
        if sort is SortKey.RANK and where.rank:
            ids = [i for i, _rank in self._ranked(flt, where)]
            return ids if descending else ids[::-1]
        key = SortKey.CREATED if sort is SortKey.RANK else sort
        if where.hits is not None and len(where.hits) > PICK_FROM_ALL:
            wanted = set(where.hits)
            return [i for i in self.query_ids(CableFilter(), key, descending) if i in wanted]
        sql = (
            f"SELECT c.id FROM {where.from_clause} WHERE {where.sql}"
            f" ORDER BY {order_clause(key, descending)}"
        )
        return [r[0] for r in self._rows(sql, where.params)]

    @translated(_READ)
    def fetch_rows(self, ids: Sequence[int]) -> dict[int, CableRow]:
        rows: dict[int, CableRow] = {}
        for values in self._rows(
            f"SELECT {_ROW_COLUMNS} FROM cables WHERE id = ANY(%s)", [list(ids)]
        ):
            rows[int(values[0])] = _row(values)
        return rows

    @translated(_READ)
    def cable_id(self, reference_id: str) -> int | None:
        rows = self._rows(
            "SELECT id FROM cables WHERE reference_id = %s", [reference_id.upper()]
        )
        return int(rows[0][0]) if rows else None

    @translated(_READ)
    def existing_ids(self, reference_ids: Iterable[str]) -> set[str]:
        wanted = list(set(reference_ids))
        rows = self._rows("SELECT reference_id FROM cables WHERE reference_id = ANY(%s)", [wanted])
        return {str(r[0]) for r in rows}

    def _load_version(self, version_id: int) -> Cable:
        rows = self._rows("SELECT data FROM versions WHERE id = %s", [version_id])
        return decode_cable(bytes(rows[0][0]))

    @translated(_READ)
    def fetch_cable(self, reference_id: str, version_id: int | None = None) -> StoredCable | None:
        found = self._rows(
            "SELECT id, version_id FROM cables WHERE reference_id = %s", [reference_id.upper()]
        )
        if not found:
            return None
        cable_id, current = int(found[0][0]), int(found[0][1])
        chosen = version_id or current
        versions = tuple(
            VersionInfo(
                int(v[0]), v[1], v[2], v[3], int(v[4]), v[5], v[6],
                tuple(json.loads(v[7])), int(v[0]) == current,
            )
            for v in self._rows(
                "SELECT id, format, build, source_path, source_position, imported_at, released,"
                " changes FROM versions WHERE cable_id = %s ORDER BY sort_key, id",
                [cable_id],
            )
        )
        if chosen not in {v.id for v in versions}:
            return None
        return StoredCable(cable_id, self._load_version(chosen), chosen, versions)

    @translated(_READ)
    def raw_source(self, version_id: int) -> bytes:
        rows = self._rows("SELECT raw FROM versions WHERE id = %s", [version_id])
        return unpack(bytes(rows[0][0]))  # zstd, as the shared encoder packs it (zlib read too)

    @translated(_READ)
    def cited_by(self, reference_id: str) -> list[CableRow]:
        ids = [
            int(r[0])
            for r in self._rows(
                "SELECT DISTINCT cable_id FROM cable_refs WHERE target = %s",
                [reference_id.upper()],
            )
        ]
        rows = self.fetch_rows(ids)
        return sorted(rows.values(), key=lambda r: r.created, reverse=True)

    @translated(_READ)
    def search(self, flt: CableFilter, limit: int = 20) -> list[SearchHit]:
        """Ranked hits with snippets marked as the SQLite store marks them
        (postgres/snippet.py); without words, the newest matching cables."""
        where = self._where(flt)
        if where.rank:
            # Ranked first, bodies after: a body in the ranking's rows would be read
            # (de-TOASTed) for every hit, not only for the few shown.
            found = self._ranked(flt, where)[:limit]
            bodies = {
                int(r[0]): decode_cable(bytes(r[1])).body
                for r in self._rows(
                    "SELECT c.id, v.data FROM cables c JOIN versions v ON v.id = c.version_id"
                    " WHERE c.id = ANY(%s)",
                    [[f[0] for f in found]],
                )
            }
            phrases = phrases_of(flt.query)
            shown = [(int(f[0]), snippet(bodies[f[0]], phrases), float(f[1])) for f in found]
        else:
            sql = (
                f"SELECT c.id, c.subject, 0.0 FROM {where.from_clause} WHERE {where.sql}"
                " ORDER BY c.created DESC, c.id DESC LIMIT %s"
            )
            shown = [
                (int(f[0]), str(f[1]), float(f[2]))
                for f in self._rows(sql, [*where.params, limit])
            ]
        rows = self.fetch_rows([f[0] for f in shown])
        return [SearchHit(rows[i], " ".join(text.split()), rank) for i, text, rank in shown]

    @translated(_READ)
    def facet_counts(self, facet: Facet, flt: CableFilter | None = None) -> list[tuple[str, int]]:
        """Counts for one facet under every other current selection, so choices combine."""
        others = flt.with_selection(facet, ()) if flt else CableFilter()
        self._cache.check()
        return self._facets.get(
            (facet, others, self._marks_seen(others)), lambda: self._count_facet(facet, others)
        )

    def _count_facet(self, facet: Facet, others: CableFilter) -> list[tuple[str, int]]:
        where = self._where(others)
        everything = where.sql == "true"
        if facet in (Facet.TAG, Facet.CHANGED):
            table, column = (
                ("cable_tags", "tag") if facet is Facet.TAG else ("cable_changes", "kind")
            )
            sql = f"SELECT g.{column}, count(*) FROM {table} g"
            params = where.params
            if where.hits is not None:
                # Words alone: join their hits straight to the table (a semi-join over
                # `cables` took twice as long for a common word's 80,000 hits).
                sql = (
                    f"SELECT g.{column}, count(*) FROM unnest(%s::bigint[]) h (id)"
                    f" JOIN {table} g ON g.cable_id = h.id"
                )
                params = [where.hits]
            elif not everything:
                sql += (
                    f" WHERE g.cable_id IN (SELECT c.id FROM {where.from_clause}"
                    f" WHERE {where.sql})"
                )
            counted = [(str(v), int(n)) for v, n in self._rows(sql + " GROUP BY 1", params)]
            if facet is Facet.TAG:
                return ordered(str(facet), counted)
            return _changes_in_order(dict(counted))
        sql = (
            f"SELECT c.{facet}, count(*) FROM {where.from_clause}"
            f" WHERE {where.sql} AND c.{facet} IS NOT NULL GROUP BY 1"
        )
        return ordered(str(facet), [(str(v), int(n)) for v, n in self._rows(sql, where.params)])

    @translated(_READ)
    def prepare_facets(self) -> None:
        """Count the whole store's facets now, so that the first look at them is quick."""
        for facet in Facet:
            self.facet_counts(facet)

    @translated(_READ)
    def stats(self) -> dict[str, list[tuple[str, int]]]:
        def grouped(sql: str) -> list[tuple[str, int]]:
            return [(str(v), int(n)) for v, n in self._rows(sql)]

        return {
            "cables": [("cables", self.count())],
            "versions by format": grouped(
                "SELECT format, count(*) FROM versions GROUP BY format ORDER BY 2 DESC, 1"
            ),
            "versions by build": grouped(
                "SELECT build, count(*) FROM versions GROUP BY build ORDER BY 2 DESC, 1"
            ),
            "classification": grouped(
                "SELECT classification, count(*) FROM cables GROUP BY 1 ORDER BY 2 DESC, 1"
            ),
            "origin": grouped(
                "SELECT origin, count(*) FROM cables GROUP BY 1 ORDER BY 2 DESC, 1"
            ),
            "year": grouped("SELECT year, count(*) FROM cables GROUP BY 1 ORDER BY 1"),
        }

    @translated(_READ)
    def integrity_ok(self) -> bool:
        """Every cable has its shown version and its words, and counts its versions
        right: what a write batch keeps together (the server checks its own pages)."""
        rows = self._rows(
            "SELECT NOT EXISTS (SELECT 1 FROM cables c"
            " LEFT JOIN versions v ON v.id = c.version_id AND v.cable_id = c.id"
            " LEFT JOIN cable_text t ON t.id = c.id"
            " WHERE v.id IS NULL OR t.id IS NULL"
            " OR c.versions <> (SELECT count(*) FROM versions w WHERE w.cable_id = c.id))"
        )
        return bool(rows[0][0])


def _changes_in_order(counted: dict[str, int]) -> list[tuple[str, int]]:
    known = [(kind, counted[kind]) for kind in CHANGE_GROUPS if counted.get(kind)]
    rest = sorted((k, n) for k, n in counted.items() if n and k not in CHANGE_GROUPS)
    return known + rest
