"""Schema v7: the full-text index keeps no copy of the text (store/schema.py).

A v6 store, with the reader's own data in it, is migrated: the user tables come through
untouched, every cable, `show --json` and raw source read the same bytes as a store
imported afresh, and searches find the same cables with the same ranks and snippets as
the v6 table gave. Replacing a cable's version takes its old words out of the index
exactly (the index equals one built from the versions shown alone).
"""

from __future__ import annotations

import sqlite3
import zlib
from pathlib import Path

import pytest
import sqlite_utils

from cablereader import cli
from cablereader.core import codec, serialize
from cablereader.core.model import Cable, SourceFormat
from cablereader.core.query import parse_query
from cablereader.core.serialize import cable_to_dict
from cablereader.importer.pages import whole_file_version
from cablereader.importer.run import import_sources
from cablereader.importer.scan import FoundFile, scan
from cablereader.store import schema, version_writer
from cablereader.store.api import CableFilter
from cablereader.store.fts_query import match_text
from cablereader.store.sqlite_store import SqliteCableStore

V6 = schema.MIGRATIONS.index(schema._contentless_text)
USER_TABLES = (
    "user_stars",
    "user_read",
    "user_notes",
    "user_highlights",
    "user_collections",
    "user_collection_items",
    "user_saved_searches",
    "user_history",
    "user_note_text",
)
QUERIES = ("embassy", "minister", '"prime minister"', "visit", "oil OR gas", "ambassador")


def _pages(corpus: Path) -> list[FoundFile]:
    return [
        f
        for f in scan([str(corpus)])
        if f.format in (SourceFormat.SITE_PAGE, SourceFormat.TEXT_PAGE) and f.error is None
    ]


def _v6_searchable(
    db: sqlite_utils.Database, cable_id: int, cable: Cable, replaced: Cable | None = None
) -> None:
    """What v6 wrote for the version shown: its text, stored in the FTS5 table itself."""
    if replaced is not None:
        for table in ("cable_tags", "cable_refs"):
            db.execute(f"DELETE FROM {table} WHERE cable_id = ?", [cable_id])
        db.execute("DELETE FROM cable_text WHERE rowid = ?", [cable_id])
    db.conn.executemany(
        "INSERT INTO cable_tags (cable_id, tag) VALUES (?, ?)",
        [(cable_id, tag) for tag in cable.tags],
    )
    db.conn.executemany(
        "INSERT INTO cable_refs (cable_id, label, text, target) VALUES (?, ?, ?, ?)",
        [(cable_id, r.label, r.text, r.reference_id) for r in cable.references],
    )
    db.execute(
        "INSERT INTO cable_text (rowid, subject, body) VALUES (?, ?, ?)",
        [cable_id, cable.subject, cable.body],
    )


def _v6_store(path: Path, pages: list[FoundFile], monkeypatch: pytest.MonkeyPatch) -> None:
    """A store as v6 made it: zlib blobs, a contentful FTS5 table, user data."""
    with monkeypatch.context() as patched:
        zlib1 = lambda data: zlib.compress(data, 1)  # noqa: E731
        patched.setattr(version_writer, "pack", zlib1)
        patched.setattr(serialize, "pack", zlib1)
        patched.setattr(version_writer, "_write_searchable", _v6_searchable)
        db = sqlite_utils.Database(path)
        with db.atomic():
            for step in schema.MIGRATIONS[:V6]:
                step(db)
            db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {V6}")
            for found in pages:
                version = whole_file_version(
                    found.shown,
                    found.format or SourceFormat.SITE_PAGE,
                    Path(found.path).read_bytes(),
                )
                version_writer.write_version(db, version, None)
    first, second = [r[0] for r in db.execute("SELECT reference_id FROM cables LIMIT 2")]
    with db.conn:
        db.execute("INSERT INTO user_stars VALUES (?, 'red', '2026-01-01T00:00:00')", [first])
        db.execute("INSERT INTO user_read VALUES (?, '2026-01-02T00:00:00')", [second])
        db.execute(
            "INSERT INTO user_notes VALUES ('n1', ?, 'p2', 'a note on oil', 'then', 'then')",
            [first],
        )
        db.execute(
            "INSERT INTO user_highlights VALUES ('h1', ?, 'p1', 0, 5, 'quote', 'yellow',"
            " 'why', 'then', 'then')",
            [second],
        )
        db.execute("INSERT INTO user_collections VALUES ('c1', 'Reading', 0, 'then')")
        db.execute("INSERT INTO user_collection_items VALUES ('c1', ?, 0, 'then')", [first])
        db.execute("INSERT INTO user_saved_searches VALUES ('s1', 'Oil', 'oil', '[]', 'then')")
        db.execute("INSERT INTO user_history VALUES ('u1', 'opened', ?, 'then')", [first])
    db.close()


def _user_rows(
    conn: sqlite3.Connection, columns: dict[str, list[str]] | None = None
) -> dict[str, list[tuple[object, ...]]]:
    """Every user table's rows; with `columns`, only those (a later step, people in
    schema 8, adds a person or author column, which is checked on its own)."""
    rows = {}
    for table in USER_TABLES:
        names = ", ".join(columns[table]) if columns else "*"
        rows[table] = sorted(conn.execute(f"SELECT {names} FROM {table}"), key=repr)
    return rows


def _user_columns(conn: sqlite3.Connection) -> dict[str, list[str]]:
    return {t: [r[1] for r in conn.execute(f"PRAGMA table_info({t})")] for t in USER_TABLES}


def _v6_hits(conn: sqlite3.Connection, query: str) -> list[tuple[int, str, float]]:
    """The v6 search: snippets and ranks from the contentful table itself."""
    rows = conn.execute(
        "SELECT rowid, snippet(cable_text, 1, '[', ']', '…', 16), bm25(cable_text, 5.0, 1.0)"
        " AS rank FROM cable_text WHERE cable_text MATCH ? ORDER BY rank LIMIT 20",
        [match_text(parse_query(query))],
    )
    return [(int(i), " ".join(str(s).split()), float(r)) for i, s, r in rows]


def _show_json(db: Path, reference_id: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert cli.main(["show", reference_id, "--json", "--db", str(db)]) == 0
    return capsys.readouterr().out


def test_a_v6_store_with_user_data_migrates_and_reads_the_same(
    tmp_path: Path,
    corpus: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pages = _pages(corpus)
    old = tmp_path / "v6.db"
    _v6_store(old, pages, monkeypatch)
    conn = sqlite3.connect(old)
    users_before = _user_rows(conn)
    columns_before = _user_columns(conn)
    hits_before = {q: _v6_hits(conn, q) for q in QUERIES}
    multi = conn.execute("SELECT count(*) FROM cables WHERE versions > 1").fetchone()[0]
    conn.close()
    assert multi > 0  # the corpus holds cables in several builds: replaced versions too
    assert all(hits_before.values())

    fresh = tmp_path / "fresh.db"
    fresh_store = SqliteCableStore(fresh)
    assert import_sources(fresh_store, [str(corpus)], files=pages).failed == 0
    migrated = SqliteCableStore(old, person="ana")
    try:
        assert migrated.db.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST
        assert _user_rows(migrated.db.conn, columns_before) == users_before
        for table, names in _user_columns(migrated.db.conn).items():
            for added in set(names) - set(columns_before[table]):  # people (schema 8)
                owners = migrated.db.execute(f"SELECT DISTINCT {added} FROM {table}")
                assert {r[0] for r in owners} <= {"ana"}, (table, added)
        text_sql = migrated.db.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'cable_text'"
        ).fetchone()[0]
        assert "content = ''" in text_sql
        assert not migrated.db.execute(
            "SELECT name FROM sqlite_master WHERE name LIKE 'cable_text_v6%'"
        ).fetchall()
        for query, before in hits_before.items():
            after = migrated.search(CableFilter(query=parse_query(query)), limit=20)
            assert [h.row.id for h in after] == [b[0] for b in before], query
            assert [h.snippet for h in after] == [b[1] for b in before], query
            assert [h.rank for h in after] == pytest.approx([b[2] for b in before]), query
        references = [r[0] for r in migrated.db.execute("SELECT reference_id FROM cables")]
        for reference_id in references:
            old_cable = migrated.fetch_cable(reference_id)
            new_cable = fresh_store.fetch_cable(reference_id)
            assert old_cable is not None and new_cable is not None
            assert cable_to_dict(old_cable.cable) == cable_to_dict(new_cable.cable)
            for old_v, new_v in zip(old_cable.versions, new_cable.versions, strict=True):
                raw = migrated.raw_source(old_v.id)
                assert raw == fresh_store.raw_source(new_v.id)
                assert raw == Path(old_v.source_path).read_bytes()
    finally:
        migrated.close()
        fresh_store.close()
    for reference_id in references[:25]:
        assert _show_json(old, reference_id, capsys) == _show_json(fresh, reference_id, capsys)


def _index_of(conn: sqlite3.Connection, schema_name: str) -> dict[str, object]:
    """What an FTS5 index holds: every term with the row, column and place it is found
    at, each row's column sizes and the totals bm25 reads."""
    vocab = f"temp.{schema_name}_vocab"
    conn.execute(
        f"CREATE VIRTUAL TABLE {vocab} USING fts5vocab({schema_name}, cable_text, instance)"
    )
    return {
        "terms": sorted(conn.execute(f"SELECT term, doc, col, offset FROM {vocab}")),
        "sizes": sorted(conn.execute(f"SELECT id, sz FROM {schema_name}.cable_text_docsize")),
        "totals": conn.execute(
            f"SELECT block FROM {schema_name}.cable_text_data WHERE id = 1"
        ).fetchone(),
    }


def test_replaced_versions_leave_no_words_in_the_index(tmp_path: Path, corpus: Path) -> None:
    path = tmp_path / "cables.db"
    store = SqliteCableStore(path)
    try:
        assert import_sources(store, [str(corpus)], files=_pages(corpus)).failed == 0
        replaced = store.db.execute("SELECT count(*) FROM cables WHERE versions > 1").fetchone()
        assert replaced[0] > 0
        shown = [
            (cable_id, subject, serialize.decode_cable(data).body)
            for cable_id, subject, data in store.db.execute(
                "SELECT c.id, c.subject, v.data FROM cables c"
                " JOIN versions v ON v.id = c.version_id"
            )
        ]
    finally:
        store.close()
    conn = sqlite3.connect(path)
    try:
        conn.execute("INSERT INTO cable_text (cable_text, rank) VALUES ('integrity-check', 0)")
        conn.execute("ATTACH ':memory:' AS fresh")
        conn.execute(schema.TEXT_TABLE.replace("TABLE cable_text", "TABLE fresh.cable_text"))
        conn.executemany(
            "INSERT INTO fresh.cable_text (rowid, subject, body) VALUES (?, ?, ?)", shown
        )
        assert _index_of(conn, "main") == _index_of(conn, "fresh")
    finally:
        conn.close()


def test_stored_blobs_are_zstd_and_zlib_blobs_still_read() -> None:
    page = b"<html>" + "caf\u00e9 ".encode() * 5000 + b"</html>"
    packed = codec.pack(page)
    assert packed[:4] == b"\x28\xb5\x2f\xfd" and len(packed) < len(page) // 10
    assert codec.unpack(packed) == page
    assert codec.unpack(zlib.compress(page, 1)) == page
    assert codec.unpack(codec.pack(b"")) == b""
