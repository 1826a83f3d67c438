"""Writing one parsed version into the store's tables: the store's write path.

A version is added to its cable (made if new) unless the same content is already there;
the version with the newest release becomes the one shown, and the list columns, tags,
REF targets and full text follow it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import sqlite_utils

from cablereader.core.codec import pack
from cablereader.core.model import Cable, ParsedVersion, SourceFormat
from cablereader.core.serialize import changed_fields, decode_cable, encode_cable
from cablereader.store.api import PreparedVersion, WriteResult
from cablereader.store.change_index import refresh_cable_changes


def now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")


def content_hash_of(version: ParsedVersion) -> str:
    """What makes two versions the same: the bytes read, except a CSV row's own row
    number, which says where the row sat in one file, not what the cable says."""
    raw = version.source.raw
    if version.source.format is SourceFormat.CSV:
        raw = raw[raw.find(b'","') + 3 :]
    return hashlib.sha1(raw).hexdigest()


def prepare(version: ParsedVersion | PreparedVersion) -> PreparedVersion:
    """The SQLite store's encoder: content hash, encoded cable, compressed source. A
    module-level function, so worker processes can be handed it by name."""
    if isinstance(version, PreparedVersion):
        return version
    return PreparedVersion(
        version,
        (
            content_hash_of(version),
            encode_cable(version.cable),
            pack(version.source.raw),
        ),
    )


def _stored(prepared: PreparedVersion) -> tuple[str, bytes, bytes]:
    content_hash, data, raw = prepared.stored
    assert isinstance(content_hash, str) and isinstance(data, bytes) and isinstance(raw, bytes)
    return content_hash, data, raw


def write_version(
    db: sqlite_utils.Database, given: ParsedVersion | PreparedVersion, run: int | None
) -> WriteResult:
    """Add a cable, add a version to one, or notice that this version is already there."""
    prepared = prepare(given)
    version = prepared.version
    cable = version.cable
    content_hash = _stored(prepared)[0]
    existing = db.execute(
        "SELECT c.id, c.version_id, v.sort_key FROM cables c"
        " JOIN versions v ON v.id = c.version_id WHERE c.reference_id = ?",
        [cable.reference_id],
    ).fetchone()
    # The newest release is shown; a version that does not say when it was released
    # (cables.csv) only wins when nothing else is known, since pages also carry the
    # release time and article links the CSV lacks.
    sort_key = cable.released or ""
    if existing is None:
        cable_id = _insert_cable_row(db, cable, run)
        version_id = _insert_version(db, cable_id, prepared, sort_key, [], run)
        db.execute("UPDATE cables SET version_id = ? WHERE id = ?", [version_id, cable_id])
        _write_searchable(db, cable_id, cable)
        return WriteResult(cable.reference_id, "added")
    cable_id, current_id, current_key = existing
    if db.execute(
        "SELECT 1 FROM versions WHERE cable_id = ? AND content_hash = ?",
        [cable_id, content_hash],
    ).fetchone():
        return WriteResult(cable.reference_id, "unchanged")
    shown = decode_cable(
        db.execute("SELECT data FROM versions WHERE id = ?", [current_id]).fetchone()[0]
    )
    changes = changed_fields(shown, cable)
    version_id = _insert_version(db, cable_id, prepared, sort_key, changes, run)
    db.execute("UPDATE cables SET versions = versions + 1 WHERE id = ?", [cable_id])
    refresh_cable_changes(db, cable_id, {version_id: cable})
    if sort_key >= current_key:
        _make_current(db, cable_id, version_id, cable, run, shown)
    return WriteResult(cable.reference_id, "updated")


def _insert_cable_row(db: sqlite_utils.Database, cable: Cable, run: int | None) -> int:
    cursor = db.execute(
        "INSERT INTO cables (reference_id, created, created_approx, released, classification,"
        " origin, subject, tags, partial, year, month, released_day, import_run)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [cable.reference_id, *_current_fields(cable), run],
    )
    return int(cursor.lastrowid or 0)


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
    db: sqlite_utils.Database,
    cable_id: int,
    prepared: PreparedVersion,
    sort_key: str,
    changes: list[str],
    run: int | None,
) -> int:
    version = prepared.version
    source = version.source
    content_hash, data, raw = _stored(prepared)
    cursor = db.execute(
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
            now(),
            run,
            version.cable.released,
            sort_key,
            json.dumps(changes),
            data,
            raw,
        ],
    )
    return int(cursor.lastrowid or 0)


def _make_current(
    db: sqlite_utils.Database,
    cable_id: int,
    version_id: int,
    cable: Cable,
    run: int | None,
    shown: Cable,
) -> None:
    """`cable` becomes the version shown, in place of `shown`."""
    db.execute(
        "UPDATE cables SET created = ?, created_approx = ?, released = ?, classification = ?,"
        " origin = ?, subject = ?, tags = ?, partial = ?, year = ?, month = ?,"
        " released_day = ?, import_run = ?, version_id = ? WHERE id = ?",
        [*_current_fields(cable), run, version_id, cable_id],
    )
    _write_searchable(db, cable_id, cable, replaced=shown)


def _write_searchable(
    db: sqlite_utils.Database, cable_id: int, cable: Cable, replaced: Cable | None = None
) -> None:
    """Tags, REF targets and full text of the version being shown; `replaced` is the
    version shown until now, whose words leave the index (which keeps no text of its own:
    the words to delete are found by tokenizing the text they came from)."""
    if replaced is not None:
        for table in ("cable_tags", "cable_refs"):
            db.execute(f"DELETE FROM {table} WHERE cable_id = ?", [cable_id])
        db.execute(
            "INSERT INTO cable_text (cable_text, rowid, subject, body) VALUES ('delete', ?, ?, ?)",
            [cable_id, replaced.subject, replaced.body],
        )
    conn = db.conn
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
