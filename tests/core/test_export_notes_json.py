"""The notes backup: one JSON file, versioned, merged by uuid without duplicates."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from cablereader.core import notes_json
from cablereader.core.notes_json import NotesFormatError
from cablereader.research_io import export_notes, import_notes, merge_summary
from cablereader.store.sqlite_store import SqliteCableStore


def _fill(store: SqliteCableStore) -> None:
    store.star(["05LIMA4377"], "green")
    store.mark_read(["05LIMA4377", "06PARIS1"])
    store.add_note("05LIMA4377", "Toledo's line on Chile: «cautious»", anchor="par13")
    store.add_note("06PARIS1", "whole-cable note\nwith two lines")
    store.add_highlight("05LIMA4377", "par2", 4, 12, "PERUVIAN", "blue", "a note")
    store.add_to_collection("Peru", ["05LIMA4377", "06LIMA9"])
    store.save_search("peru", "origin:Lima energy", [("year", ["2005"])])
    store.record_history("cable", "05LIMA4377#par13")
    store.record_history("search", "origin:Lima energy")


def _contents(store: SqliteCableStore) -> dict[str, object]:
    data = store.user_data()
    return {
        "stars": data.stars,
        "read": data.read,
        "notes": data.notes,
        "highlights": data.highlights,
        "collections": [(c.uuid, c.name, c.items) for c in data.collections],
        "saved": data.saved_searches,
        "history": data.history,
    }


@pytest.fixture
def other(tmp_path: Path):
    opened = SqliteCableStore(tmp_path / "other.db")
    yield opened
    opened.close()


def test_export_then_import_into_an_empty_store_gives_the_same_data(store, other, tmp_path) -> None:
    _fill(store)
    path = tmp_path / "notes.json"
    export_notes(store, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert (document["format"], document["version"]) == ("cablereader-notes", 2)
    assert len(document["notes"]) == 2 and document["highlights"][0]["quote"] == "PERUVIAN"
    assert document["collections"][0]["items"][1] == {
        "reference_id": "06LIMA9",
        "added": document["collections"][0]["items"][1]["added"],
    }
    report = import_notes(other, path)
    assert report["notes"] == {"added": 2, "updated": 0}
    assert _contents(other) == _contents(store)
    # The second time there is nothing new, and nothing is duplicated.
    again = import_notes(other, path)
    assert all(c == {"added": 0, "updated": 0} for c in again.values()), again
    assert merge_summary(again) == "nothing new"
    assert _contents(other) == _contents(store)


def test_merging_keeps_both_sides_and_the_later_edit(store, other, tmp_path) -> None:
    _fill(store)
    path = tmp_path / "notes.json"
    export_notes(store, path)
    import_notes(other, path)
    # On the other machine: one note edited later, one new note, one more cable in "Peru".
    [note] = [n for n in other.notes() if n.anchor == "par13"]
    other.edit_note(note.uuid, "edited on the laptop")
    data = other.user_data()
    newer = replace(
        data,
        notes=tuple(
            replace(n, edited="2999-01-01T00:00:00Z") if n.uuid == note.uuid else n
            for n in data.notes
        ),
    )
    other_path = tmp_path / "laptop.json"
    other_path.write_text(notes_json.dumps(newer), encoding="utf-8")
    store.add_note("07LIMA1", "only on the desktop")
    own_peru = store.collection("Peru")
    other.delete_collection("Peru")
    other.add_to_collection("Peru", ["08LIMA2"])  # same name, another uuid: one collection
    data = replace(newer, collections=tuple(other.user_data().collections))
    other_path.write_text(notes_json.dumps(data), encoding="utf-8")

    report = import_notes(store, other_path)
    assert report["notes"] == {"added": 0, "updated": 1}
    assert report["collections"]["added"] == 0 and report["collection items"]["added"] == 1
    texts = sorted(n.text for n in store.notes())
    assert texts == sorted(
        ["edited on the laptop", "whole-cable note\nwith two lines", "only on the desktop"]
    )
    peru = store.collection("Peru")
    assert peru is not None and own_peru is not None and peru.uuid == own_peru.uuid
    assert [i.reference_id for i in peru.items] == ["05LIMA4377", "06LIMA9", "08LIMA2"]
    # An older copy of the same note does not overwrite the newer one.
    import_notes(store, tmp_path / "notes.json")
    assert "edited on the laptop" in {n.text for n in store.notes()}
    assert store.user_filter_sql("note_text", "laptop")[1] == ['"laptop"']


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not a JSON file"),
        ("[]", "not a Cable Reader notes file"),
        ('{"format": "zotero"}', "not a Cable Reader notes file"),
        ('{"format": "cablereader-notes", "version": 9}', "newer than this app reads"),
        ('{"format": "cablereader-notes", "version": 1, "notes": {}}', "'notes' must be a list"),
        (
            '{"format": "cablereader-notes", "version": 1, "highlights": [{"uuid": "u",'
            ' "reference_id": "X", "start": -1}]}',
            "highlights\\[0\\]",
        ),
        (
            '{"format": "cablereader-notes", "version": 1, "stars": [{"reference_id": "X",'
            ' "colour": "octarine", "starred_at": "t"}]}',
            "'colour' must be one of",
        ),
        (
            '{"format": "cablereader-notes", "version": 1, "notes": [{"uuid": "u",'
            ' "reference_id": "X", "anchor": "13; x", "text": "t", "created": "t",'
            ' "edited": "t"}]}',
            "'anchor' must be a paragraph anchor",
        ),
        (
            '{"format": "cablereader-notes", "version": 1, "history": [{"uuid": "u",'
            ' "kind": "zap", "value": "x", "at": "t"}]}',
            "unknown kind",
        ),
    ],
)
def test_bad_files_are_refused_whole(store, tmp_path, text: str, message: str) -> None:
    store.add_note("05LIMA4377", "kept")
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(NotesFormatError, match=message):
        import_notes(store, path)
    assert [n.text for n in store.notes()] == ["kept"]


def test_export_replaces_the_file_whole(store, tmp_path) -> None:
    path = tmp_path / "notes.json"
    path.write_text("old backup", encoding="utf-8")
    export_notes(store, path)
    assert json.loads(path.read_text(encoding="utf-8"))["notes"] == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
