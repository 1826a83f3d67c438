"""The SQLite cable store: the only module that writes SQL against the store's tables.

Cables hold the reference-box fields of their current version for sorting and facets;
each version keeps its parsed form and its raw source, both zlib-compressed (the raw
pages are mostly sidebar and shrink about tenfold). Searching goes through one FTS5 table
of the current versions' subjects and bodies.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import sqlite_utils

from cablereader.core.model import Cable, ParsedVersion
from cablereader.core.serialize import changed_fields, decode_cable, encode_cable
from cablereader.store import schema
from cablereader.store.api import (
    CableFilter,
    CableRow,
    Facet,
    SearchHit,
    SortKey,
    StoredCable,
    StoreError,
    VersionInfo,
    WriteResult,
)
from cablereader.store.filters import build_where

_ROW_COLUMNS = (
    "id, reference_id, created, created_approx, released, classification, origin, subject, "
    "tags, partial, versions"
)
_FACET_SQL = {
    Facet.ORIGIN: "c.origin",
    Facet.CLASSIFICATION: "c.classification",
    Facet.YEAR: "c.year",
    Facet.MONTH: "c.month",
    Facet.RELEASED: "c.released_day",
}


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")


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


class SqliteCableStore:
    """A store in one SQLite file (or in memory for tests)."""

    def __init__(self, path: str | Path | None, *, read_only: bool = False) -> None:
        self.path = None if path is None else Path(path)
        try:
            if self.path is None:
                self.db = sqlite_utils.Database(memory=True)
            else:
                if not read_only:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                self._check_is_store(self.path)
                uri = f"file:{self.path}?mode=ro" if read_only else str(self.path)
                conn = sqlite3.connect(uri, uri=read_only, timeout=10.0, check_same_thread=False)
                self.db = sqlite_utils.Database(conn)
            self.db.execute("PRAGMA busy_timeout = 10000")
            if not read_only and self.path is not None:
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA foreign_keys = OFF")
            if not read_only:
                schema.migrate(self.db)
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{path}: cannot open the cable store ({error})") from error

    @staticmethod
    def _check_is_store(path: Path) -> None:
        """Refuse to touch a file that is some other SQLite database or not one at all."""
        if not path.exists() or path.stat().st_size == 0:
            return
        with path.open("rb") as handle:
            head = handle.read(100)
        if not head.startswith(b"SQLite format 3\0"):
            raise StoreError(f"{path} is not a Cable Reader store (not an SQLite file)")
        app_id = int.from_bytes(head[68:72], "big")
        if app_id not in (0, schema.APPLICATION_ID):
            raise StoreError(f"{path} is an SQLite file of another application")

    def close(self) -> None:
        self.db.conn.close()

    # -- writing -------------------------------------------------------------------------

    def begin_import(self, sources: Sequence[str]) -> int:
        with self.db.atomic():
            cursor = self.db.execute(
                "INSERT INTO import_runs (started_at, sources) VALUES (?, ?)",
                [_now(), json.dumps(list(sources))],
            )
        return int(cursor.lastrowid or 0)

    def file_unchanged(self, path: str, size: int, mtime_ns: int) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM files WHERE path = ? AND size = ? AND mtime_ns = ?",
            [path, size, mtime_ns],
        ).fetchone()
        return row is not None

    def file_cable_count(self, path: str) -> int:
        row = self.db.execute("SELECT cables FROM files WHERE path = ?", [path]).fetchone()
        return 0 if row is None else int(row[0])

    def record_file(self, path: str, size: int, mtime_ns: int, fmt: str, cables: int) -> None:
        with self.db.atomic():
            self.db.execute(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
                [path, size, mtime_ns, fmt, cables, _now()],
            )

    def write_versions(
        self, versions: Iterable[ParsedVersion], run: int | None = None
    ) -> list[WriteResult]:
        """Write a batch in one transaction; each version is added, a new version, or a no-op."""
        results: list[WriteResult] = []
        with self.db.atomic():
            for version in versions:
                results.append(self._write_version(version, run))
        return results

    def _write_version(self, version: ParsedVersion, run: int | None) -> WriteResult:
        cable, source = version.cable, version.source
        content_hash = hashlib.sha1(source.raw).hexdigest()
        existing = self.db.execute(
            "SELECT c.id, c.version_id, v.sort_key FROM cables c"
            " JOIN versions v ON v.id = c.version_id WHERE c.reference_id = ?",
            [cable.reference_id],
        ).fetchone()
        # The newest release is shown; a version that does not say when it was released
        # (cables.csv) only wins when nothing else is known, since pages also carry the
        # release time and article links the CSV lacks.
        sort_key = cable.released or ""
        if existing is None:
            cable_id = self._insert_cable_row(cable, run)
            version_id = self._insert_version(cable_id, version, content_hash, sort_key, [], run)
            self.db.execute("UPDATE cables SET version_id = ? WHERE id = ?", [version_id, cable_id])
            self._write_searchable(cable_id, cable, replace=False)
            return WriteResult(cable.reference_id, "added")
        cable_id, current_id, current_key = existing
        if self.db.execute(
            "SELECT 1 FROM versions WHERE cable_id = ? AND content_hash = ?",
            [cable_id, content_hash],
        ).fetchone():
            return WriteResult(cable.reference_id, "unchanged")
        changes = changed_fields(self._load_version(current_id), cable)
        version_id = self._insert_version(cable_id, version, content_hash, sort_key, changes, run)
        self.db.execute("UPDATE cables SET versions = versions + 1 WHERE id = ?", [cable_id])
        if sort_key >= current_key:
            self._make_current(cable_id, version_id, cable, run)
        return WriteResult(cable.reference_id, "updated")

    def _insert_cable_row(self, cable: Cable, run: int | None) -> int:
        cursor = self.db.execute(
            "INSERT INTO cables (reference_id, created, created_approx, released, classification,"
            " origin, subject, tags, partial, year, month, released_day, import_run)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [cable.reference_id, *self._current_fields(cable), run],
        )
        return int(cursor.lastrowid or 0)

    @staticmethod
    def _current_fields(cable: Cable) -> list[object]:
        """The list columns, in the order both the INSERT and the UPDATE name them."""
        return [
            cable.created,
            int(cable.created_approx),
            cable.released,
            cable.classification,
            cable.origin,
            cable.subject,
            " ".join(cable.tags),
            int(cable.partial),
            cable.created[:4],
            cable.created[:7],
            cable.released[:10] if cable.released else None,
        ]

    def _insert_version(
        self,
        cable_id: int,
        version: ParsedVersion,
        content_hash: str,
        sort_key: str,
        changes: list[str],
        run: int | None,
    ) -> int:
        source = version.source
        cursor = self.db.execute(
            "INSERT INTO versions (cable_id, content_hash, format, build, source_path,"
            " source_position, imported_at, import_run, released, sort_key, changes, data, raw)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                cable_id,
                content_hash,
                str(source.format),
                str(source.build),
                source.path,
                source.position,
                _now(),
                run,
                version.cable.released,
                sort_key,
                json.dumps(changes),
                encode_cable(version.cable),
                zlib.compress(source.raw, 1),
            ],
        )
        return int(cursor.lastrowid or 0)

    def _make_current(self, cable_id: int, version_id: int, cable: Cable, run: int | None) -> None:
        self.db.execute(
            "UPDATE cables SET created = ?, created_approx = ?, released = ?, classification = ?,"
            " origin = ?, subject = ?, tags = ?, partial = ?, year = ?, month = ?,"
            " released_day = ?, import_run = ?, version_id = ? WHERE id = ?",
            [*self._current_fields(cable), run, version_id, cable_id],
        )
        self._write_searchable(cable_id, cable, replace=True)

    def _write_searchable(self, cable_id: int, cable: Cable, replace: bool) -> None:
        """Tags, REF targets and full text of the version being shown."""
        if replace:
            for table in ("cable_tags", "cable_refs"):
                self.db.execute(f"DELETE FROM {table} WHERE cable_id = ?", [cable_id])
            self.db.execute("DELETE FROM cable_text WHERE rowid = ?", [cable_id])
        conn = self.db.conn
        conn.executemany(
            "INSERT INTO cable_tags (cable_id, tag) VALUES (?, ?)",
            [(cable_id, tag) for tag in cable.tags],
        )
        conn.executemany(
            "INSERT INTO cable_refs (cable_id, label, text, target) VALUES (?, ?, ?, ?)",
            [(cable_id, r.label, r.text, r.reference_id) for r in cable.references],
        )
        conn.execute(
            "INSERT INTO cable_text (rowid, subject, body) VALUES (?, ?, ?)",
            [cable_id, cable.subject, cable.body],
        )

    # -- reading -------------------------------------------------------------------------

    def _load_version(self, version_id: int) -> Cable:
        blob = self.db.execute("SELECT data FROM versions WHERE id = ?", [version_id]).fetchone()[0]
        return decode_cable(blob)

    def count(self, flt: CableFilter | None = None) -> int:
        where, params = build_where(flt or CableFilter())
        return int(
            self.db.execute(f"SELECT count(*) FROM cables c WHERE {where}", params).fetchone()[0]
        )

    def query_ids(
        self, flt: CableFilter, sort: SortKey = SortKey.CREATED, descending: bool = True
    ) -> list[int]:
        """Ids of every matching cable, in order: all the list model keeps in memory."""
        where, params = build_where(flt)
        direction = "DESC" if descending else "ASC"
        match = flt.query.fts_match() if flt.query else None
        if sort is SortKey.RANK and match:
            sql = (
                f"SELECT c.id FROM cable_text JOIN cables c ON c.id = cable_text.rowid"
                f" WHERE cable_text MATCH ? AND {where}"
                f" ORDER BY bm25(cable_text, 5.0, 1.0) {'ASC' if descending else 'DESC'}"
            )
            return [r[0] for r in self.db.execute(sql, [match, *params])]
        column = "created" if sort is SortKey.RANK else str(sort)
        order = f"c.{column} {direction}, c.id {direction}"
        sql = f"SELECT c.id FROM cables c WHERE {where} ORDER BY {order}"
        return [r[0] for r in self.db.execute(sql, params)]

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

    def cable_id(self, reference_id: str) -> int | None:
        row = self.db.execute(
            "SELECT id FROM cables WHERE reference_id = ?", [reference_id.upper()]
        ).fetchone()
        return None if row is None else int(row[0])

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

    def raw_source(self, version_id: int) -> bytes:
        blob = self.db.execute("SELECT raw FROM versions WHERE id = ?", [version_id]).fetchone()[0]
        return zlib.decompress(blob)

    def cited_by(self, reference_id: str) -> list[CableRow]:
        ids = [
            r[0]
            for r in self.db.execute(
                "SELECT DISTINCT cable_id FROM cable_refs WHERE target = ?", [reference_id.upper()]
            )
        ]
        rows = self.fetch_rows(ids)
        return sorted(rows.values(), key=lambda r: r.created, reverse=True)

    def search(self, flt: CableFilter, limit: int = 20) -> list[SearchHit]:
        """Ranked hits with snippets; without free text, the newest matching cables."""
        where, params = build_where(flt)
        match = flt.query.fts_match() if flt.query else None
        if match:
            sql = (
                f"SELECT c.id, snippet(cable_text, 1, '[', ']', '…', 16),"
                f" bm25(cable_text, 5.0, 1.0) AS rank FROM cable_text"
                f" JOIN cables c ON c.id = cable_text.rowid"
                f" WHERE cable_text MATCH ? AND {where} ORDER BY rank LIMIT ?"
            )
            found = list(self.db.execute(sql, [match, *params, limit]))
        else:
            sql = (
                f"SELECT c.id, c.subject, 0.0 FROM cables c WHERE {where}"
                " ORDER BY c.created DESC LIMIT ?"
            )
            found = list(self.db.execute(sql, [*params, limit]))
        rows = self.fetch_rows([f[0] for f in found])
        return [SearchHit(rows[f[0]], " ".join(str(f[1]).split()), float(f[2])) for f in found]

    def facet_counts(self, facet: Facet, flt: CableFilter | None = None) -> list[tuple[str, int]]:
        """Counts for one facet under every other current selection, so choices combine."""
        others = flt.with_selection(facet, ()) if flt else CableFilter()
        where, params = build_where(others)
        if facet is Facet.TAG:
            sql = (
                f"SELECT t.tag, count(*) FROM cable_tags t JOIN cables c ON c.id = t.cable_id"
                f" WHERE {where} GROUP BY t.tag ORDER BY count(*) DESC, t.tag"
            )
        else:
            column = _FACET_SQL[facet]
            order = (
                f"{column} DESC"
                if facet in (Facet.YEAR, Facet.MONTH, Facet.RELEASED)
                else "count(*) DESC"
            )
            sql = (
                f"SELECT {column}, count(*) FROM cables c WHERE {where} AND {column} IS NOT NULL"
                f" GROUP BY {column} ORDER BY {order}"
            )
        return [(str(v), int(n)) for v, n in self.db.execute(sql, params)]

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

    def integrity_ok(self) -> bool:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
