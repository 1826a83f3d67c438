"""Upgrading a PostgreSQL store of schema 2 (each body held twice: in the shown version's
`data` and in `cable_text.body`; no count of words) to schema 3: the cables, their
search and snippets, and the people's own data are all there after it."""

from __future__ import annotations

import psycopg

from cablereader.core.query import parse_query
from cablereader.store.api import CableFilter
from cablereader.store.factory import open_store
from cablereader.store.postgres.schema import current_version, latest
from tests.store.contract.cables import versions


def _as_schema_2(url: str) -> None:
    """Give the database the shape schema 2 had: the body column back, filled, and the
    columns' storage as they were made."""
    with psycopg.connect(url) as conn:
        conn.execute("ALTER TABLE cable_text DROP COLUMN size")  # and its index
        conn.execute("ALTER TABLE cable_text DROP COLUMN pairs")
        conn.execute("ALTER TABLE cable_text ADD COLUMN body text")
        conn.execute(
            "UPDATE cable_text t SET body = 'old copy of the body ' || c.reference_id"
            " FROM cables c WHERE c.id = t.id"
        )
        conn.execute("ALTER TABLE cable_text ALTER COLUMN body SET NOT NULL")
        conn.execute("ALTER TABLE cable_text ALTER COLUMN words SET STORAGE EXTENDED")
        conn.execute("UPDATE store_meta SET value = 2 WHERE key = 'schema'")


def _columns(url: str, table: str) -> dict[str, str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT attname, attstorage FROM pg_attribute"
            " WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
            [table],
        ).fetchall()
    return {str(name): str(storage) for name, storage in rows}


def test_schema_2_upgrades_with_cables_and_user_data_kept(pg_url: str) -> None:
    store = open_store(pg_url, create=True)
    store.write_versions(versions(5))
    ref = store.fetch_rows(store.query_ids(CableFilter())).popitem()[1].reference_id
    store.star([ref], "red")
    note = store.add_note(ref, "my note, kept")
    store.create_collection("kept")
    store.add_to_collection("kept", [ref])
    hits_before = store.search(CableFilter(query=parse_query("harvest")))
    store.close()
    _as_schema_2(pg_url)
    assert "body" in _columns(pg_url, "cable_text")

    store = open_store(pg_url)
    try:
        with psycopg.connect(pg_url) as conn:
            assert current_version(conn) == latest() == 3
        assert "body" not in _columns(pg_url, "cable_text")
        assert _columns(pg_url, "cable_text")["words"] == "e"  # external: not compressed
        assert _columns(pg_url, "versions")["data"] == "e"
        with psycopg.connect(pg_url) as conn:  # each cable's words counted for ranking
            sizes = conn.execute("SELECT size, length(words) FROM cable_text").fetchall()
        assert len(sizes) == 5 and all(size == words > 0 for size, words in sizes)
        assert store.count(CableFilter()) == 5
        assert set(store.stars()) == {ref}
        assert [n.text for n in store.notes(ref)] == [note.text]
        kept = store.collection("kept")
        assert kept is not None and [item.reference_id for item in kept.items] == [ref]
        # Snippets come from the shown version, not from the dropped copy.
        hits = store.search(CableFilter(query=parse_query("harvest")))
        assert [h.snippet for h in hits] == [h.snippet for h in hits_before]
        assert hits and all("old copy" not in h.snippet for h in hits)
        assert any("[harvest]" in h.snippet.lower() for h in hits)
        # And it still imports: new cables' words reach the index.
        assert store.count(CableFilter(query=parse_query('"number 6"'))) == 0
        store.write_versions(versions(7)[5:])
        assert store.count(CableFilter(query=parse_query('"number 6"'))) == 1
    finally:
        store.close()
