"""The reader's own data in the store: kept by reference ID, never touched by imports."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from cablereader.core.anchoring import AnchorState, reanchor
from cablereader.importer.run import import_sources
from cablereader.store import schema
from cablereader.store.sqlite_store import SqliteCableStore
from cablereader.store.user_data import fts_words
from cablereader.store.user_data_api import UserDataStore, UserFilter
from tests.reliability.synthetic import SynthCable, make_cable, site_page

USER_TABLES = (
    "user_stars",
    "user_read",
    "user_notes",
    "user_highlights",
    "user_collections",
    "user_collection_items",
    "user_saved_searches",
    "user_history",
)


def _cables() -> list[SynthCable]:
    rng = random.Random(14)
    return [make_cable(rng, n, station) for n, station in enumerate(("LIMA", "PARIS", "BERN"), 1)]


def _write_folder(folder: Path, cables: list[SynthCable], bodies: dict[str, str] | None = None):
    folder.mkdir(parents=True, exist_ok=True)
    for cable in cables:
        body = (bodies or {}).get(cable.reference_id)
        (folder / f"{cable.reference_id}.html").write_bytes(site_page(cable, body))
    return folder


def _fill(store: SqliteCableStore, cables: list[SynthCable]) -> None:
    """Some of everything, on the first two cables."""
    first, second = cables[0].reference_id, cables[1].reference_id
    store.star([first], "red")
    store.mark_read([first, second])
    store.add_note(first, "Ask the desk officer about the ENERGY figures")
    store.add_note(first, "This paragraph contradicts the summary", anchor="par1")
    store.add_highlight(second, "par1", 7, 12, "MINIS", "green", note="who exactly?")
    store.add_to_collection("Peru inquiry", [second, first])
    store.save_search("energy", "energy origin:Lima", [("year", ["2005"])])
    store.record_history("cable", f"{first}#par1")
    store.record_history("search", "energy")


def _snapshot(store: SqliteCableStore) -> dict[str, list[tuple[object, ...]]]:
    return {t: sorted(store.db.execute(f"SELECT * FROM {t}").fetchall()) for t in USER_TABLES}


def test_the_store_is_a_user_data_store(store) -> None:
    def takes(user_store: UserDataStore) -> UserDataStore:
        return user_store

    assert takes(store) is store  # mypy checks the protocol; here, that it is composed


def test_stars_reads_notes_highlights_round_trip(store) -> None:
    store.star(["05lima4377", "05PARIS1"])
    store.star(["05LIMA4377"], "blue")
    assert {r: s.colour for r, s in store.stars().items()} == {
        "05LIMA4377": "blue",
        "05PARIS1": "yellow",
    }
    store.unstar(["05PARIS1"])
    assert list(store.stars()) == ["05LIMA4377"]
    with pytest.raises(ValueError, match="colour"):
        store.star(["05LIMA4377"], "octarine")
    store.mark_read(["05LIMA4377"])
    store.mark_read(["05LIMA4377"])
    assert store.read_ids() == {"05LIMA4377"}
    store.mark_read(["05LIMA4377"], read=False)
    assert store.read_ids() == set()

    note = store.add_note("05LIMA4377", "first thought", anchor="par13")
    cable_note = store.add_note("05LIMA4377", "about the whole cable")
    assert [n.uuid for n in store.notes("05LIMA4377")] == [cable_note.uuid, note.uuid]
    edited = store.edit_note(note.uuid, "second thought")
    assert (edited.text, edited.created) == ("second thought", note.created)
    assert edited.edited >= note.edited
    with pytest.raises(ValueError, match="anchor"):
        store.add_note("05LIMA4377", "x", anchor="13; DROP TABLE")
    store.delete_note(cable_note.uuid)
    assert [n.text for n in store.notes()] == ["second thought"]
    store.add_note("05LIMA4377", "on 2", anchor="par2")
    store.add_note("05LIMA4377", "on 2 again", anchor="par2")  # same second: kept in order
    assert [n.anchor for n in store.notes("05LIMA4377")] == ["par2", "par2", "par13"]
    assert [n.text for n in store.notes("05LIMA4377")][:2] == ["on 2", "on 2 again"]

    mark = store.add_highlight("05LIMA4377", "par2", 4, 9, "FUJIM", "pink", "check")
    assert store.highlights("05LIMA4377") == [mark]
    store.edit_highlight(mark.uuid, note="checked", colour="blue")
    [changed] = store.highlights()
    assert (changed.note, changed.colour, changed.quote) == ("checked", "blue", "FUJIM")
    with pytest.raises(ValueError):
        store.add_highlight("05LIMA4377", "par2", 5, 5, "")
    store.delete_highlight(mark.uuid)
    assert store.highlights() == []


def test_collections_are_named_and_ordered(store) -> None:
    assert store.add_to_collection("Peru", ["05LIMA1", "05LIMA2", "05LIMA3"]) == 3
    assert store.add_to_collection("Peru", ["05LIMA2", "05LIMA4"]) == 1  # no duplicates
    store.create_collection("Andes")
    peru = store.collection("Peru")
    assert peru is not None
    assert [i.reference_id for i in peru.items] == ["05LIMA1", "05LIMA2", "05LIMA3", "05LIMA4"]
    store.reorder_collection("Peru", ["05LIMA4", "05LIMA1"])
    peru = store.collection("Peru")
    assert peru is not None
    assert [i.reference_id for i in peru.items] == ["05LIMA4", "05LIMA1", "05LIMA2", "05LIMA3"]
    assert store.remove_from_collection("Peru", ["05LIMA2", "05LIMA9"]) == 1
    assert [c.name for c in store.collections()] == ["Peru", "Andes"]
    store.rename_collection("Andes", "Andes region")
    with pytest.raises(ValueError, match="already a collection"):
        store.rename_collection("Peru", " Andes  region ")
    with pytest.raises(KeyError):
        store.rename_collection("Nowhere", "x")
    assert store.collection("  Andes   region") is not None
    store.delete_collection("Peru")
    assert [c.name for c in store.collections()] == ["Andes region"]
    assert store.db.execute("SELECT count(*) FROM user_collection_items").fetchone()[0] == 0


def test_saved_searches_and_history(store) -> None:
    store.save_search("lima energy", "energy origin:Lima", [("year", ["2005", "2006"])])
    again = store.save_search("lima energy", "energy", [])
    [saved] = store.saved_searches()
    assert (saved.uuid, saved.query, saved.selections) == (again.uuid, "energy", ())
    store.save_search("tags", "x", [("tag", ["PREL"])])
    assert store.saved_searches()[1].selections == (("tag", ("PREL",)),)
    store.delete_saved_search("tags")
    assert len(store.saved_searches()) == 1

    store.record_history("cable", "05LIMA4377")
    store.record_history("search", "energy")
    store.record_history("cable", "05LIMA4377#par13")
    assert [h.value for h in store.history()] == ["05LIMA4377#par13", "energy", "05LIMA4377"]
    assert [h.value for h in store.history("search")] == ["energy"]
    with pytest.raises(ValueError):
        store.record_history("elsewhere", "x")
    store.clear_history()
    assert store.history() == []


def test_user_filters_match_cables(store, tmp_path: Path) -> None:
    cables = _cables()
    import_sources(store, [_write_folder(tmp_path / "pages", cables)])
    ids = {c.reference_id: store.cable_id(c.reference_id) for c in cables}
    first, second, third = (c.reference_id for c in cables)
    _fill(store, cables)
    store.add_to_collection("Peru inquiry", ["99NOTHELD1"])  # not in the store: no match

    def matched(kind: UserFilter, value: str | None = None) -> set[int]:
        return set(store.user_filter_ids(kind, value))

    assert matched(UserFilter.STARRED) == {ids[first]}
    assert matched(UserFilter.STARRED, "red") == {ids[first]}
    assert matched(UserFilter.STARRED, "blue") == set()
    assert matched(UserFilter.UNREAD) == {ids[third]}
    assert matched(UserFilter.READ) == {ids[first], ids[second]}
    assert matched(UserFilter.HAS_NOTE) == {ids[first], ids[second]}
    assert matched(UserFilter.HAS_HIGHLIGHT) == {ids[second]}
    assert matched(UserFilter.IN_COLLECTION, "Peru inquiry") == {ids[first], ids[second]}
    assert matched(UserFilter.IN_COLLECTION, "nothing") == set()
    # note:word reads notes and highlights' notes, whole words, diacritics folded
    assert matched(UserFilter.NOTE_TEXT, "energy") == {ids[first]}
    assert matched(UserFilter.NOTE_TEXT, "éxactly") == {ids[second]}
    assert matched(UserFilter.NOTE_TEXT, "contra*") == {ids[first]}
    assert matched(UserFilter.NOTE_TEXT, 'desk "AND') == set()  # syntax is just words
    assert matched(UserFilter.NOTE_TEXT, "") == set()
    # editing and deleting keep the index in step
    [note] = [n for n in store.notes(first) if n.anchor is None]
    store.edit_note(note.uuid, "nothing about that any more")
    assert matched(UserFilter.NOTE_TEXT, "energy") == set()
    store.delete_note(note.uuid)
    assert matched(UserFilter.NOTE_TEXT, "nothing") == set()
    counts = store.user_counts()
    assert counts == {"starred": 1, "unread": 1, "has:note": 2, "in:Peru inquiry": 3}
    assert store.mark_all_read() == 1
    assert matched(UserFilter.UNREAD) == set()
    sql, params = store.user_filter_sql("starred")
    assert sql.startswith("c.reference_id IN") and params == []


def test_fts_words_quotes_every_term() -> None:
    assert fts_words('desk "officer" AND x*') == '"desk" """officer""" "AND" "x"*'
    assert fts_words("  ") == ""


def test_user_data_survives_reimports(store, tmp_path: Path) -> None:
    cables = _cables()
    folder = _write_folder(tmp_path / "pages", cables)
    import_sources(store, [folder])
    _fill(store, cables)
    old = store.fetch_cable(cables[0].reference_id)
    assert old is not None
    par1 = next(p for p in old.cable.paragraphs if p.anchor == "par1")
    quote = par1.text[7:20]
    store.add_highlight(cables[0].reference_id, "par1", 7, 20, quote)
    before = _snapshot(store)
    assert all(before[t] for t in USER_TABLES)

    again = import_sources(store, [folder])  # the same folder
    assert again.failed == 0
    assert _snapshot(store) == before

    first = cables[0]
    changed = first.body().replace("1. (C) ", "1. (C) CORRECTED: ", 1)
    newer = _write_folder(tmp_path / "newer", [first], {first.reference_id: changed})
    report = import_sources(store, [newer])
    assert (report.updated, report.failed) == (1, 0)
    stored = store.fetch_cable(first.reference_id)
    assert stored is not None and len(stored.versions) == 2
    assert _snapshot(store) == before
    assert store.notes(first.reference_id)[1].anchor == "par1"
    # The correction pushed the highlighted words along: the quote finds them again.
    [mark] = store.highlights(first.reference_id)
    found = reanchor(mark, stored.cable.paragraphs)
    assert (found.state, found.anchor) == (AnchorState.MOVED, "par1")
    new_par1 = next(p for p in stored.cable.paragraphs if p.anchor == "par1")
    assert new_par1.text[found.start : found.end] == quote
    assert found.start == 7 + len("CORRECTED: ")


def test_user_data_survives_reopening_and_migration_from_v2(tmp_path: Path) -> None:
    """A v2 store (no user tables) opens as v3 with its cables intact and room for notes;
    and a v3 store's user data is still there after it is closed and opened again."""
    path = tmp_path / "cables.db"
    cables = _cables()
    first = SqliteCableStore(path)
    import_sources(first, [_write_folder(tmp_path / "pages", cables)])
    first.close()
    # Make it a v2 store: what the previous release left on disk.
    conn = sqlite3.connect(path)
    for name, kind in conn.execute(
        "SELECT name, type FROM sqlite_master"
        " WHERE (name LIKE 'user%' OR name = 'cable_changes') AND type IN ('table')"
    ).fetchall():
        conn.execute(f"DROP {kind.upper()} IF EXISTS {name}")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()

    upgraded = SqliteCableStore(path)
    assert upgraded.db.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST
    assert upgraded.count() == 3
    assert upgraded.integrity_ok()
    _fill(upgraded, cables)
    before = _snapshot(upgraded)
    upgraded.close()

    reopened = SqliteCableStore(path)
    try:
        assert _snapshot(reopened) == before
        assert reopened.user_filter_ids(UserFilter.NOTE_TEXT, "energy")
    finally:
        reopened.close()


def test_user_writes_do_not_count_as_cable_changes(store) -> None:
    """The window's store watch reloads the list and the counts when data_version moves;
    starring or opening (marking read) must not cost that."""
    cable_version, user_version = store.data_version(), store.user_data_version()
    store.star(["05LIMA4377"])
    store.mark_read(["05LIMA4377"])
    store.add_note("05LIMA4377", "x")
    assert store.data_version() == cable_version
    assert store.user_data_version() == user_version + 3


def test_marking_a_read_cable_read_again_commits_nothing(tmp_path: Path) -> None:
    """Another connection (the facet-counting thread's) sees every commit as a change and
    drops its cached counts; re-opening a read cable must not cause that."""
    store = SqliteCableStore(tmp_path / "cables.db")
    other = store.reopen(read_only=True)
    try:
        store.mark_read(["05LIMA4377"])
        seen = other.data_version()
        store.mark_read(["05LIMA4377"])
        store.mark_read(["05PARIS1"], read=False)  # not read: nothing to undo
        assert other.data_version() == seen
        store.mark_read(["05PARIS1"])
        assert other.data_version() != seen
        assert store.read_ids() == {"05LIMA4377", "05PARIS1"}
    finally:
        other.close()
        store.close()
