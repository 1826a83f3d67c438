"""Searching the reader's own marks through the query language (issue 14): results
follow every star, read mark, note and collection change, although those writes do
not empty the store's result cache (they are not cable changes)."""

from __future__ import annotations

import random
from pathlib import Path

from cablereader.core.query import parse_query
from cablereader.importer.run import import_sources
from cablereader.store.api import CableFilter, Facet
from cablereader.store.sqlite_store import SqliteCableStore
from tests.reliability.synthetic import make_cable, site_page

STATIONS = ("LIMA", "PARIS", "BERN", "TOKYO")


def _store_of_four(store: SqliteCableStore, tmp_path: Path) -> list[str]:
    rng = random.Random(1414)
    cables = [make_cable(rng, n, station) for n, station in enumerate(STATIONS, 1)]
    folder = tmp_path / "pages"
    folder.mkdir()
    for cable in cables:
        (folder / f"{cable.reference_id}.html").write_bytes(site_page(cable))
    import_sources(store, [folder])
    return [c.reference_id for c in cables]


def _refs(store: SqliteCableStore, text: str) -> set[str]:
    ids = store.query_ids(CableFilter(parse_query(text)))
    return {row.reference_id for row in store.fetch_rows(ids).values()}


def test_user_fields_find_marked_cables_and_combine(store, tmp_path: Path) -> None:
    lima, paris, bern, rome = _store_of_four(store, tmp_path)
    store.star([lima], "red")
    store.star([paris], "blue")
    store.mark_read([lima, bern])
    store.add_note(paris, "ask the desk officer about the energy figures")
    store.add_highlight(bern, "par1", 0, 3, "abc", "green")
    store.add_to_collection("Andes inquiry", [rome, lima])

    assert _refs(store, "is:starred") == {lima, paris}
    assert _refs(store, "star:red") == {lima}
    assert _refs(store, "star:red OR star:blue") == {lima, paris}
    assert _refs(store, "star:purple") == set()
    assert _refs(store, "is:unread") == {paris, rome}
    assert _refs(store, "is:read") == {lima, bern}
    assert _refs(store, "has:note") == {paris, bern}
    assert _refs(store, "has:highlight") == {bern}
    assert _refs(store, 'in:"Andes inquiry"') == {rome, lima}
    assert _refs(store, "in:Andes") == set()  # the name as written, not a part of it
    assert _refs(store, "note:energy") == {paris}
    # combined with each other and with the cables' own fields
    assert _refs(store, "is:starred -is:read") == {paris}
    assert _refs(store, "is:starred OR has:highlight") == {lima, paris, bern}
    assert _refs(store, 'NOT in:"Andes inquiry" is:unread') == {paris}
    assert _refs(store, "origin:lima OR note:energy") == {lima, paris}
    assert _refs(store, "-(is:starred OR is:read)") == {rome}
    assert store.count(CableFilter(parse_query("is:unread"))) == 2


def test_results_follow_user_changes_despite_the_cache(store, tmp_path: Path) -> None:
    lima, paris, bern, rome = _store_of_four(store, tmp_path)
    starred = CableFilter(parse_query("is:starred"))
    assert _refs(store, "is:starred") == set()
    cable_version = store.data_version()

    store.star([lima])
    assert _refs(store, "is:starred") == {lima}
    assert store.count(starred) == 1
    store.star([paris, bern], "green")
    assert _refs(store, "is:starred") == {lima, paris, bern}
    assert _refs(store, "star:green") == {paris, bern}
    store.unstar([bern])
    assert _refs(store, "is:starred") == {lima, paris}

    assert _refs(store, "is:unread") == {lima, paris, bern, rome}
    store.mark_read([rome])
    assert _refs(store, "is:unread") == {lima, paris, bern}
    store.mark_read([rome], read=False)
    assert _refs(store, "is:unread") == {lima, paris, bern, rome}

    assert _refs(store, "in:Mine") == set()
    store.add_to_collection("Mine", [rome])
    assert _refs(store, "in:Mine") == {rome}
    store.remove_from_collection("Mine", [rome])
    assert _refs(store, "in:Mine") == set()

    # facet counts under a user filter follow the change too
    assert dict(store.facet_counts(Facet.ORIGIN, starred)) == {
        "Embassy Lima": 1, "Embassy Paris": 1
    }
    store.star([rome])
    assert dict(store.facet_counts(Facet.ORIGIN, starred)) == {
        "Embassy Lima": 1, "Embassy Paris": 1, "Embassy Tokyo": 1
    }
    # and none of this was a change of the cables
    assert store.data_version() == cable_version


def test_filters_without_user_fields_keep_their_cached_results(store, tmp_path: Path) -> None:
    """A star must not cost every other search its cached ids (the cache's point)."""
    lima, *_ = _store_of_four(store, tmp_path)
    plain = CableFilter(parse_query("origin:lima"))
    first = store.query_ids(plain)
    store.star([lima])
    assert store.query_ids(plain) is first
    marked = CableFilter(parse_query("origin:lima OR is:starred"))
    kept = store.query_ids(marked)
    assert store.query_ids(marked) is kept
    store.unstar([lima])
    assert store.query_ids(marked) is not kept


def test_results_follow_marks_written_through_another_connection(tmp_path: Path) -> None:
    """The facet-counting thread reads through a connection of its own, and `cablereader
    star` writes through another process: their cached answers to `is:starred` must
    follow those writes too, not only this connection's own."""
    writer = SqliteCableStore(tmp_path / "cables.db")
    lima, paris, _bern, _rome = _store_of_four(writer, tmp_path)
    reader = writer.reopen(read_only=True)
    try:
        starred = CableFilter(parse_query("is:starred"))
        assert _refs(reader, "is:starred") == set()
        assert reader.facet_counts(Facet.ORIGIN, starred) == []
        writer.star([lima, paris])
        assert _refs(reader, "is:starred") == {lima, paris}
        origins = dict(reader.facet_counts(Facet.ORIGIN, starred))
        assert origins == {"Embassy Lima": 1, "Embassy Paris": 1}
        writer.add_to_collection("Andes", [lima])
        assert _refs(reader, 'in:"Andes" is:starred') == {lima}
        writer.unstar([lima])
        assert _refs(reader, "is:starred") == {paris}
    finally:
        reader.close()
        writer.close()
