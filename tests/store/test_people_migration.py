"""A SQLite store from before people (schema 6) gains them (schema 8): every star, read
mark, note, highlight, collection, saved search and history entry is kept, and goes to
the person who opens it; other people start with their own stars and see the notes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from cablereader.store import schema
from cablereader.store.sqlite_store import SqliteCableStore
from cablereader.store.user_data_api import UserFilter


def _version_6_store(path: Path) -> None:
    """The tables as the last release left them, written with its own SQL."""
    db = sqlite_utils.Database(path)
    with db.atomic():
        for step in schema.MIGRATIONS[:6]:
            step(db)
        db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
        db.execute("PRAGMA user_version = 6")
    rows = {
        "user_stars": [("05LIMA4377", "red", "2024-01-01T00:00:00Z")],
        "user_read": [("05LIMA4377", "2024-01-01T00:00:00Z"), ("06PARIS1", "2024-01-02T00:00:00Z")],
        "user_notes": [("n-1", "05LIMA4377", "par2", "energy figures", "2024-01-01", "2024-01-03")],
        "user_highlights": [
            ("h-1", "06PARIS1", "par1", 0, 5, "PARIS", "green", "why", "2024-01-01", "2024-01-01")
        ],
        "user_collections": [("c-1", "Peru", 0, "2024-01-01")],
        "user_collection_items": [("c-1", "05LIMA4377", 0, "2024-01-01")],
        "user_saved_searches": [("s-1", "energy", "energy", "[]", "2024-01-01")],
        "user_history": [("y-1", "cable", "05LIMA4377#par2", "2024-01-01T00:00:00Z")],
    }
    with db.atomic():
        for table, values in rows.items():
            for row in values:
                db.execute(f"INSERT INTO {table} VALUES ({','.join('?' * len(row))})", row)
    db.close()


def test_a_version_6_store_keeps_its_user_data_for_the_person_opening_it(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _version_6_store(path)
    store = SqliteCableStore(path, person="Ana Ruiz")
    try:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST
        assert schema.LATEST >= schema.PEOPLE_VERSION == 8
        assert store.person == "Ana Ruiz"
        assert {r: s.colour for r, s in store.stars().items()} == {"05LIMA4377": "red"}
        assert store.read_ids() == {"05LIMA4377", "06PARIS1"}
        [note] = store.notes()
        assert (note.uuid, note.text, note.author, note.edited) == (
            "n-1", "energy figures", "Ana Ruiz", "2024-01-03"
        )
        [mark] = store.highlights()
        assert (mark.quote, mark.note, mark.author) == ("PARIS", "why", "Ana Ruiz")
        [peru] = store.collections(mine=True)
        assert (peru.name, peru.author, [i.reference_id for i in peru.items]) == (
            "Peru", "Ana Ruiz", ["05LIMA4377"]
        )
        assert [(s.name, s.author) for s in store.saved_searches(mine=True)] == [
            ("energy", "Ana Ruiz")
        ]
        assert [h.value for h in store.history()] == ["05LIMA4377#par2"]
        # The note's words are still found (the full-text triggers survived the step).
        assert store.user_filter_sql(UserFilter.NOTE_TEXT, "energy")[1] == ['"energy"']
        found = store.db.execute(
            "SELECT uuid FROM user_note_text WHERE user_note_text MATCH 'energy'"
        ).fetchall()
        assert found == [("n-1",)]
        # Someone else on this store: their own (empty) marks, everyone's notes.
        store.set_person("ben")
        assert store.stars() == {} and store.read_ids() == set() and store.history() == []
        assert [n.uuid for n in store.notes()] == ["n-1"] and store.notes(mine=True) == []
        assert store.integrity_ok()
    finally:
        store.close()


def test_the_people_step_can_run_again(tmp_path: Path) -> None:
    """As the other steps: a store whose version was set back upgrades again unharmed."""
    path = tmp_path / "old.db"
    _version_6_store(path)
    SqliteCableStore(path, person="ana").close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 7")
    conn.commit()
    conn.close()
    store = SqliteCableStore(path, person="someone else")
    try:
        assert list(store.stars()) == []  # nothing moved to the second opener
        store.set_person("ana")
        assert list(store.stars()) == ["05LIMA4377"]
        assert [n.author for n in store.notes()] == ["ana"]
    finally:
        store.close()


def test_without_a_name_the_login_name_is_the_person(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "jdoe")
    path = tmp_path / "old.db"
    _version_6_store(path)
    store = SqliteCableStore(path)
    try:
        assert store.person == "jdoe"
        assert [n.author for n in store.notes()] == ["jdoe"]
    finally:
        store.close()
