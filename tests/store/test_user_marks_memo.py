"""The store remembers the read IDs, the stars and the "Your marks" counts between
marks (the window reads all three again after every cable opened): the answers must
stay those of a fresh connection after every kind of write, through this connection
or another, and opening a cable (a read mark, a history entry) must not make the
store read them all again."""

from __future__ import annotations

import random
from pathlib import Path

from cablereader.importer.run import import_sources
from cablereader.store.sqlite_store import SqliteCableStore
from tests.reliability.synthetic import make_cable, site_page


def _store_with_cables(tmp_path: Path) -> tuple[SqliteCableStore, list[str]]:
    rng = random.Random(14)
    cables = [make_cable(rng, n, s) for n, s in enumerate(("LIMA", "PARIS", "BERN", "TOKYO"), 1)]
    folder = tmp_path / "pages"
    folder.mkdir()
    for cable in cables:
        (folder / f"{cable.reference_id}.html").write_bytes(site_page(cable))
    store = SqliteCableStore(tmp_path / "cables.db")
    import_sources(store, [folder])
    return store, [c.reference_id for c in cables]


def _answers(store: SqliteCableStore) -> tuple[object, ...]:
    return store.read_ids(), store.stars(), store.user_counts()


def _fresh_answers(path: Path) -> tuple[object, ...]:
    fresh = SqliteCableStore(path, read_only=True)
    try:
        return _answers(fresh)
    finally:
        fresh.close()


def test_remembered_marks_agree_with_a_fresh_connection(tmp_path: Path) -> None:
    store, refs = _store_with_cables(tmp_path)
    path = tmp_path / "cables.db"
    a, b, c, d = refs
    try:
        writes = [
            lambda: store.mark_read([a]),
            lambda: store.mark_read([b, c, "99NOTHELD1"]),  # one not in the store
            lambda: store.mark_read([b], read=False),
            lambda: store.mark_read(["99NOTHELD1"], read=False),
            lambda: store.star([a, d], "red"),
            lambda: store.star([a], "blue"),
            lambda: store.unstar([d]),
            lambda: store.add_note(c, "a note"),
            lambda: store.add_to_collection("Set", [a, b]),
            lambda: store.record_history("cable", a),
            lambda: store.mark_all_read(),
            lambda: store.mark_read([d], read=False),
        ]
        for write in writes:
            _answers(store)  # remembered before each write
            write()
            assert _answers(store) == _fresh_answers(path)
        counts = store.user_counts()
        assert counts["unread"] == 1 and counts["starred"] == 1 and counts["in:Set"] == 2
    finally:
        store.close()


def test_another_connections_marks_are_seen(tmp_path: Path) -> None:
    store, refs = _store_with_cables(tmp_path)
    other = store.reopen(read_only=False)
    try:
        before = _answers(store)
        other.mark_read(refs[:2])
        other.star([refs[2]])
        after = _answers(store)
        assert after != before
        assert after == _fresh_answers(tmp_path / "cables.db")
        assert store.read_ids() == set(refs[:2])
        # A read mark of ours right after theirs: ours and theirs are both in the answers.
        store.mark_read([refs[3]])
        other.mark_read([refs[2]])
        assert store.read_ids() == set(refs)
        assert store.user_counts()["unread"] == 0
    finally:
        other.close()
        store.close()


def test_opening_a_cable_does_not_read_every_mark_again(tmp_path: Path) -> None:
    """As ResearchCommands.on_cable_opened: a read mark, a history entry, then the read
    IDs, the stars and the counts again: none of the three is read again in full."""
    store, refs = _store_with_cables(tmp_path)
    try:
        store.star([refs[0]])
        _answers(store)
        statements: list[str] = []
        store.db.conn.set_trace_callback(statements.append)
        store.mark_read([refs[1]])
        store.record_history("cable", refs[1])
        read, stars, counts = _answers(store)
        store.db.conn.set_trace_callback(None)
        whole = [
            s
            for s in statements
            if s.startswith("SELECT")
            and ("FROM user_stars" in s or "count(*)" in s or s.endswith("FROM user_read"))
        ]
        assert whole == []
        assert read == {refs[1]} and set(stars) == {refs[0]} and counts["unread"] == 3
        # What the caller gets is its own copy.
        read.add("X")
        counts["unread"] = 99
        assert store.read_ids() == {refs[1]} and store.user_counts()["unread"] == 3
    finally:
        store.close()
