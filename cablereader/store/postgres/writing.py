"""Writing to the PostgreSQL store: import runs, files, and batches of versions.

A batch is one transaction: a killed import leaves whole batches, and the next import
finds what is there and writes the rest. Cables new to the store, the bulk of an import,
arrive through COPY; a version of a cable already held goes the one-by-one way of
store/version_writer.py. Writers take turns on an advisory lock held for the batch's
transaction, so two importers interleave whole batches; readers never wait (MVCC).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Mapping, Sequence

import psycopg
from psycopg.adapt import Dumper
from psycopg.pq import Format

from cablereader.core.change_groups import groups_between
from cablereader.core.model import Cable, ParsedVersion
from cablereader.core.serialize import changed_fields, decode_cable
from cablereader.store.api import PreparedVersion, StoreError, WriteResult
from cablereader.store.postgres.connection import translated
from cablereader.store.postgres.schema import CHANNEL, WRITE_LOCK
from cablereader.store.postgres.text import cable_words
from cablereader.store.protocol import VersionEncoder
from cablereader.store.version_writer import now
from cablereader.store.version_writer import prepare as prepare_sqlite

_WRITE = "write to the store"
TSVECTOR_OID = 3614  # pg_type's, fixed since PostgreSQL 8.3


def prepare(version: ParsedVersion | PreparedVersion) -> PreparedVersion:
    """The PostgreSQL store's encoder: the SQLite store's forms (content hash, encoded
    cable, compressed source) plus the cable's tsvector, all made in a worker process."""
    base = prepare_sqlite(version)
    if len(base.stored) == 5:
        return base
    cable = base.version.cable
    return PreparedVersion(base.version, (*base.stored, *cable_words(cable.subject, cable.body)))


def _stored(prepared: PreparedVersion) -> tuple[str, bytes, bytes, bytes, bytes]:
    content_hash, data, raw, words, pairs = prepare(prepared).stored
    assert isinstance(content_hash, str) and isinstance(data, bytes)
    assert isinstance(raw, bytes) and isinstance(words, bytes) and isinstance(pairs, bytes)
    return content_hash, data, raw, words, pairs


class _TsvectorDumper(Dumper):
    """A tsvector already in binary form (text.tsvector_binary), for a binary COPY."""

    format = Format.BINARY
    oid = TSVECTOR_OID

    def dump(self, obj: object) -> bytes:
        assert isinstance(obj, bytes)
        return obj


class _Tsvector(bytes):
    """Only names the dumper; the COPY picks it by the column's type."""


def _current_fields(cable: Cable) -> list[object]:
    """The list columns, in the order both the COPY and the UPDATE name them."""
    return [
        cable.created,
        cable.created_approx,
        cable.released,
        cable.classification,
        cable.origin,
        cable.subject,
        " ".join(cable.tags),
        cable.partial,
        cable.created[:4],
        cable.created[:7],
        cable.released[:10] if cable.released else None,
    ]


_CABLE_COLUMNS = (
    "created, created_approx, released, classification, origin, subject, tags, partial,"
    " year, month, released_day"
)
_VERSION_COLUMNS = (
    "id, cable_id, content_hash, format, build, source_path, source_position, imported_at,"
    " import_run, released, sort_key, changes, data, raw"
)


def _version_row(
    version_id: int, cable_id: int, prepared: PreparedVersion, changes: list[str], run: int | None
) -> tuple[object, ...]:
    source = prepared.version.source
    content_hash, data, raw = _stored(prepared)[:3]
    released = prepared.version.cable.released
    return (
        version_id, cable_id, content_hash, str(source.format), str(source.build), source.path,
        source.position, now(), run, released, released or "", json.dumps(changes), data, raw,
    )


class PgWritingMixin:
    """The writing half of PostgresCableStore."""

    _conn: psycopg.Connection
    read_only: bool
    _unanalysed: int  # versions written since the last ANALYZE

    def version_encoder(self) -> VersionEncoder:
        return prepare

    def import_workers(self, cores: int) -> int:
        """Every core: the writing is the server's work (on its own machine, or in its
        own process), and preparing a version here, its tsvector above all, is most of
        the import's CPU. On the 2-core reference machine, with the server on it, two
        workers took 60k cables in 116 s against one worker's 165 s."""
        return max(1, min(cores, 8))

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError("cannot write to the store: it is open read-only")

    @translated(_WRITE)
    def begin_import(self, sources: Sequence[str]) -> int:
        self._check_writable()
        row = self._conn.execute(
            "INSERT INTO import_runs (started_at, sources) VALUES (%s, %s) RETURNING id",
            [now(), json.dumps(list(sources))],
        ).fetchone()
        assert row is not None
        return int(row[0])

    @translated("read the store")
    def file_unchanged(self, path: str, size: int, mtime_ns: int) -> bool:
        row = self._conn.execute(
            "SELECT 1 FROM files WHERE path = %s AND size = %s AND mtime_ns = %s",
            [path, size, mtime_ns],
        ).fetchone()
        return row is not None

    @translated("read the store")
    def file_counts(self, path: str) -> tuple[int, int]:
        row = self._conn.execute(
            "SELECT cables, failed FROM files WHERE path = %s", [path]
        ).fetchone()
        return (0, 0) if row is None else (int(row[0]), int(row[1]))

    @translated(_WRITE)
    def record_file(
        self, path: str, size: int, mtime_ns: int, fmt: str, cables: int, failed: int = 0
    ) -> None:
        self._check_writable()
        self._conn.execute(
            "INSERT INTO files (path, size, mtime_ns, format, cables, imported_at, failed)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (path) DO UPDATE SET"
            " size = excluded.size, mtime_ns = excluded.mtime_ns, format = excluded.format,"
            " cables = excluded.cables, imported_at = excluded.imported_at,"
            " failed = excluded.failed",
            [path, size, mtime_ns, fmt, cables, now(), failed],
        )
        if getattr(self, "_unanalysed", 0):
            # After a file's cables, the planner's statistics: without them, the first
            # searches after a big import would be planned for an empty store.
            self._conn.execute(
                "ANALYZE cables, versions, cable_text, cable_tags, cable_refs, cable_changes"
            )
            self._unanalysed = 0

    @translated(_WRITE)
    def write_versions(
        self, versions: Iterable[ParsedVersion | PreparedVersion], run: int | None = None
    ) -> list[WriteResult]:
        """Write a batch in one transaction; each version is added, a new version, or a no-op."""
        self._check_writable()
        batch = [prepare(v) for v in versions]
        results: list[WriteResult | None] = [None] * len(batch)
        conn = self._conn
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])
            refs = list(dict.fromkeys(p.version.cable.reference_id for p in batch))
            held = {
                str(r[0]): {str(h) for h in r[1]}
                for r in conn.execute(
                    "SELECT c.reference_id, array_agg(v.content_hash) FROM cables c"
                    " JOIN versions v ON v.cable_id = c.id"
                    " WHERE c.reference_id = ANY(%s) GROUP BY 1",
                    [refs],
                )
            }
            new: list[int] = []
            later: list[int] = []
            for n, prepared in enumerate(batch):
                ref = prepared.version.cable.reference_id
                if ref in held:
                    if _stored(prepared)[0] in held[ref]:
                        results[n] = WriteResult(ref, "unchanged")
                    else:
                        later.append(n)
                else:
                    new.append(n)
                    held[ref] = {_stored(prepared)[0]}
            first_new = {batch[n].version.cable.reference_id: n for n in reversed(new)}
            bulk = [n for n in new if first_new[batch[n].version.cable.reference_id] == n]
            self._copy_new_cables([batch[n] for n in bulk], run)
            for n in bulk:
                results[n] = WriteResult(batch[n].version.cable.reference_id, "added")
            for n in later:
                results[n] = self._write_one(batch[n], run)
            self._unanalysed = getattr(self, "_unanalysed", 0) + len(batch)
            conn.execute("UPDATE store_meta SET value = value + 1 WHERE key = 'cables'")
            conn.execute("SELECT pg_notify(%s, 'cables')", [CHANNEL])
        return [r for r in results if r is not None]

    def _new_ids(self, sequence: str, count: int) -> list[int]:
        rows = self._conn.execute(
            "SELECT nextval(%s) FROM generate_series(1, %s)", [sequence, count]
        ).fetchall()
        return [int(r[0]) for r in rows]

    def _copy_new_cables(self, batch: list[PreparedVersion], run: int | None) -> None:
        """Cables the store does not hold yet, each with its one version, through COPY."""
        if not batch:
            return
        conn = self._conn
        cable_ids = self._new_ids("cables_id_seq", len(batch))
        version_ids = self._new_ids("versions_id_seq", len(batch))
        rows = list(zip(cable_ids, version_ids, batch, strict=True))
        with conn.cursor() as cursor:
            with cursor.copy(
                f"COPY cables (id, reference_id, version_id, {_CABLE_COLUMNS}, import_run)"
                " FROM STDIN"
            ) as copy:
                for cable_id, version_id, prepared in rows:
                    cable = prepared.version.cable
                    copy.write_row(
                        (cable_id, cable.reference_id, version_id, *_current_fields(cable), run)
                    )
            with cursor.copy(f"COPY versions ({_VERSION_COLUMNS}) FROM STDIN") as copy:
                for cable_id, version_id, prepared in rows:
                    copy.write_row(_version_row(version_id, cable_id, prepared, [], run))
            self._copy_searchable(cursor, list(zip(cable_ids, batch, strict=True)))

    def _copy_searchable(
        self, cursor: psycopg.Cursor, cables: list[tuple[int, PreparedVersion]]
    ) -> None:
        """Tags, REF targets and words of the versions being shown."""
        with cursor.copy("COPY cable_tags (cable_id, tag) FROM STDIN") as copy:
            for cable_id, prepared in cables:
                for tag in prepared.version.cable.tags:
                    copy.write_row((cable_id, tag))
        with cursor.copy("COPY cable_refs (cable_id, label, text, target) FROM STDIN") as copy:
            for cable_id, prepared in cables:
                for ref in prepared.version.cable.references:
                    copy.write_row((cable_id, ref.label, ref.text, ref.reference_id))
        cursor.adapters.register_dumper(_Tsvector, _TsvectorDumper)
        with cursor.copy(
            "COPY cable_text (id, words, size, pairs) FROM STDIN (FORMAT BINARY)"
        ) as copy:
            copy.set_types(["int8", "tsvector", "int4", "bytea"])
            for cable_id, prepared in cables:
                words, pairs = _stored(prepared)[3:]
                copy.write_row((cable_id, words, int.from_bytes(words[:4], "big"), pairs))

    def _write_one(self, prepared: PreparedVersion, run: int | None) -> WriteResult:
        """A version of a cable already held (or earlier in this batch)."""
        conn = self._conn
        cable = prepared.version.cable
        content_hash = _stored(prepared)[0]
        existing = conn.execute(
            "SELECT c.id, c.version_id, v.sort_key, v.data FROM cables c"
            " JOIN versions v ON v.id = c.version_id WHERE c.reference_id = %s",
            [cable.reference_id],
        ).fetchone()
        assert existing is not None  # only cables held or copied in this batch come here
        cable_id, _current, current_key, current_data = existing
        if conn.execute(
            "SELECT 1 FROM versions WHERE cable_id = %s AND content_hash = %s",
            [cable_id, content_hash],
        ).fetchone():
            return WriteResult(cable.reference_id, "unchanged")
        changes = changed_fields(decode_cable(bytes(current_data)), cable)
        version_id = self._new_ids("versions_id_seq", 1)[0]
        with conn.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO versions ({_VERSION_COLUMNS})"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                _version_row(version_id, cable_id, prepared, changes, run),
            )
            cursor.execute("UPDATE cables SET versions = versions + 1 WHERE id = %s", [cable_id])
            self._refresh_changes(cursor, cable_id, {version_id: cable})
            sort_key = cable.released or ""
            if sort_key >= current_key:
                cursor.execute(
                    "UPDATE cables SET (" + _CABLE_COLUMNS + ", import_run, version_id) ="
                    " (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) WHERE id = %s",
                    [*_current_fields(cable), run, version_id, cable_id],
                )
                for table in ("cable_tags", "cable_refs"):
                    cursor.execute(f"DELETE FROM {table} WHERE cable_id = %s", [cable_id])
                cursor.execute("DELETE FROM cable_text WHERE id = %s", [cable_id])
                self._copy_searchable(cursor, [(cable_id, prepared)])
        return WriteResult(cable.reference_id, "updated")

    def _refresh_changes(
        self, cursor: psycopg.Cursor, cable_id: int, known: Mapping[int, Cable]
    ) -> None:
        """The kinds of change between consecutive versions, in release order (as
        store/change_index.py works them out for SQLite)."""
        rows = cursor.execute(
            "SELECT id, CASE WHEN id = ANY(%s) THEN NULL ELSE data END FROM versions"
            " WHERE cable_id = %s ORDER BY sort_key, id",
            [list(known), cable_id],
        ).fetchall()
        cables = [known[v] if blob is None else decode_cable(bytes(blob)) for v, blob in rows]
        kinds: set[str] = set()
        for old, new in itertools.pairwise(cables):
            kinds |= groups_between(old, new)
        cursor.execute("DELETE FROM cable_changes WHERE cable_id = %s", [cable_id])
        if kinds:
            cursor.executemany(
                "INSERT INTO cable_changes (cable_id, kind) VALUES (%s, %s)",
                [(cable_id, kind) for kind in sorted(kinds)],
            )
