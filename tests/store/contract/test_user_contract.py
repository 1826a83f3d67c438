"""What every store promises about the people's own data (issue 19), on each kind
(conftest.py): stars and read marks per person, shared notes with their authors,
"mine / everyone's" listings and search fields, and notes backups merged without
duplicates. Only the UserDataStore and CableStore protocols are used.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Protocol, cast

import pytest

from cablereader.core import notes_json
from cablereader.core.query import parse_query
from cablereader.store.api import CableFilter, StoreError
from cablereader.store.protocol import CableStore
from cablereader.store.user_data_api import UserDataStore, UserFilter
from tests.store.contract.cables import reference_id, versions

N = 12


class Store(CableStore, UserDataStore, Protocol):
    """Both halves, as every store kind composes them."""


@pytest.fixture
def store(any_store: CableStore) -> Store:
    return cast(Store, any_store)


@pytest.fixture
def filled(store: Store) -> Store:
    store.write_versions(versions(N), run=store.begin_import(["/synthetic"]))
    return store


def _searched(store: Store, text: str) -> set[str]:
    flt = CableFilter(query=parse_query(text))
    rows = store.fetch_rows(store.query_ids(flt))
    return {row.reference_id for row in rows.values()}


def test_stars_read_marks_and_history_belong_to_each_person(store: Store) -> None:
    one, two = reference_id(1), reference_id(2)
    store.set_person("Ana Ruiz")
    assert store.person == "Ana Ruiz"
    store.star([one], "red")
    store.mark_read([one, two])
    store.record_history("cable", one)
    store.set_person("ben")
    assert store.stars() == {} and store.read_ids() == set() and store.history() == []
    store.star([two])
    store.mark_read([two])
    store.unstar([one])  # Ana's star is hers: Ben cannot take it away by unstarring
    store.set_person("  Ana   Ruiz ")  # spelled as stored
    assert {r: s.colour for r, s in store.stars().items()} == {one: "red"}
    assert store.read_ids() == {one, two}
    assert [h.value for h in store.history()] == [one]
    store.mark_read([two], read=False)
    store.set_person("ben")
    assert list(store.stars()) == [two] and store.read_ids() == {two}


def test_notes_and_highlights_are_shared_with_their_authors(store: Store) -> None:
    ref = reference_id(3)
    store.set_person("ana")
    hers = store.add_note(ref, "Ana's reading of the cable")
    mark = store.add_highlight(ref, "par1", 0, 9, "Paragraph", "green", "check this")
    store.set_person("ben")
    his = store.add_note(ref, "Ben disagrees", anchor="par1")
    assert (hers.author, mark.author, his.author) == ("ana", "ana", "ben")
    assert {(n.text, n.author) for n in store.notes(ref)} == {
        ("Ana's reading of the cable", "ana"),
        ("Ben disagrees", "ben"),
    }
    assert [n.uuid for n in store.notes(ref, mine=True)] == [his.uuid]
    assert [n.uuid for n in store.notes(mine=True)] == [his.uuid]
    assert store.highlights(ref, mine=True) == []
    assert [(h.uuid, h.author) for h in store.highlights(ref)] == [(mark.uuid, "ana")]
    # Only the author changes or deletes a shared item: nothing of Ana's is lost.
    with pytest.raises(StoreError, match="ana"):
        store.edit_note(hers.uuid, "overwritten")
    with pytest.raises(StoreError, match="ana"):
        store.delete_note(hers.uuid)
    with pytest.raises(StoreError, match="ana"):
        store.edit_highlight(mark.uuid, note="mine now")
    with pytest.raises(StoreError, match="ana"):
        store.delete_highlight(mark.uuid)
    assert store.edit_note(his.uuid, "Ben agrees").author == "ben"
    store.set_person("ana")
    assert {n.text for n in store.notes(ref)} == {"Ana's reading of the cable", "Ben agrees"}
    assert store.highlights(ref)[0].note == "check this"
    store.delete_note(hers.uuid)
    assert [n.author for n in store.notes()] == ["ben"]


def test_collections_and_saved_searches_are_shared_with_authors(store: Store) -> None:
    store.set_person("ana")
    store.add_to_collection("Peru", [reference_id(1)])
    store.save_search("uranium", "uranium", [("year", ["2001"])])
    store.set_person("ben")
    assert store.add_to_collection("Peru", [reference_id(2), reference_id(1)]) == 1
    store.add_to_collection("Ben's", [reference_id(5)])
    peru = store.collection("Peru")
    assert peru is not None and peru.author == "ana"
    assert [i.reference_id for i in peru.items] == [reference_id(1), reference_id(2)]
    assert [(c.name, c.author) for c in store.collections()] == [("Peru", "ana"), ("Ben's", "ben")]
    assert [c.name for c in store.collections(mine=True)] == ["Ben's"]
    assert [(s.name, s.author) for s in store.saved_searches()] == [("uranium", "ana")]
    assert store.saved_searches(mine=True) == []
    saved = store.save_search("uranium", "uranium election")  # shared: one of that name
    assert saved.author == "ben"
    assert [(s.query, s.author) for s in store.saved_searches()] == [("uranium election", "ben")]


def test_search_fields_mine_and_everyones(filled: Store) -> None:
    a, b, c = reference_id(1), reference_id(2), reference_id(3)
    filled.set_person("ana")
    filled.star([a], "red")
    filled.mark_read([a])
    filled.add_note(a, "São Paulo figures, see the e-mail")
    filled.set_person("ben")
    filled.star([b])
    filled.add_highlight(c, "par1", 0, 9, "Paragraph", note="harvest numbers")
    # Ben's own marks...
    assert _searched(filled, "is:starred") == {b}
    assert _searched(filled, "star:red") == set()
    assert len(_searched(filled, "is:unread")) == N
    assert _searched(filled, "by:me") == {c}
    # ...and everyone's notes.
    assert _searched(filled, "has:note") == {a, c}
    assert _searched(filled, "has:highlight") == {c}
    assert _searched(filled, "by:ana") == {a}
    assert _searched(filled, 'by:"ben"') == {c}
    assert _searched(filled, "note:sao") == {a}  # accents do not matter, as in the text
    assert _searched(filled, "note:paul*") == {a}
    assert _searched(filled, "note:e-mail") == {a}  # a phrase, as FTS5 reads it
    assert _searched(filled, "note:harvest") == {c}
    assert _searched(filled, "note:figures note:harvest") == set()
    assert _searched(filled, 'note:"harvest AND"') == set()  # typed words, never syntax
    assert set(filled.fetch_rows(filled.user_filter_ids(UserFilter.AUTHOR, "me"))) == set(
        filled.query_ids(CableFilter(query=parse_query("by:me")))
    )
    filled.set_person("ana")
    assert _searched(filled, "is:starred") == {a} and _searched(filled, "star:red") == {a}
    assert _searched(filled, "by:me") == {a}
    assert len(_searched(filled, "is:unread")) == N - 1
    counts = filled.user_counts()
    assert (counts["starred"], counts["unread"], counts["has:note"]) == (1, N - 1, 2)
    filled.set_person("ben")
    assert filled.user_counts()["unread"] == N


def test_a_backup_merges_with_authors_and_without_duplicates(store: Store) -> None:
    ref = reference_id(4)
    store.set_person("ana")
    note = store.add_note(ref, "from Ana's laptop")
    store.star([ref], "blue")
    store.add_to_collection("Lima", [ref])
    text = notes_json.dumps(store.user_data())
    data = notes_json.loads(text)
    assert data.person == "ana" and [n.author for n in data.notes] == ["ana"]
    assert data.collections[0].author == "ana"
    # Ben imports it: the notes stay Ana's, the stars in the file become his.
    store.set_person("ben")
    report = store.merge_user_data(data)
    assert report["notes"] == {"added": 0, "updated": 0}  # the same uuid: not twice
    assert report["stars"] == {"added": 1, "updated": 0}
    assert [(n.uuid, n.author) for n in store.notes()] == [(note.uuid, "ana")]
    assert list(store.stars()) == [ref]
    again = store.merge_user_data(data)
    assert all(c == {"added": 0, "updated": 0} for c in again.values()), again
    # An edit made later elsewhere replaces the older copy; the author is kept.
    edited = replace(data.notes[0], text="edited", edited="2999-01-01T00:00:00Z")
    later = replace(data, notes=(edited,))
    assert store.merge_user_data(later)["notes"] == {"added": 0, "updated": 1}
    assert [(n.text, n.author) for n in store.notes()] == [("edited", "ana")]


def test_an_old_backup_without_authors_becomes_the_importers(store: Store) -> None:
    """A version 1 file (before people) still imports: its items become the person's."""
    document = {
        "format": "cablereader-notes",
        "version": 1,
        "stars": [
            {"reference_id": "05lima4377", "colour": "red", "starred_at": "2024-01-01T00:00:00Z"}
        ],
        "notes": [
            {
                "uuid": "11111111-2222-3333-4444-555555555555",
                "reference_id": "05LIMA4377",
                "anchor": "par2",
                "text": "an old note",
                "created": "2024-01-01T00:00:00Z",
                "edited": "2024-01-01T00:00:00Z",
            }
        ],
        "collections": [
            {"uuid": "c-1", "name": "Old", "created": "2024-01-01T00:00:00Z",
             "items": [{"reference_id": "05LIMA4377", "added": "2024-01-01T00:00:00Z"}]}
        ],
        "saved_searches": [
            {"uuid": "s-1", "name": "old", "query": "lima", "selections": [],
             "created": "2024-01-01T00:00:00Z"}
        ],
    }
    store.set_person("cleo")
    store.merge_user_data(notes_json.loads(json.dumps(document)))
    assert [(n.text, n.author) for n in store.notes(mine=True)] == [("an old note", "cleo")]
    assert [c.author for c in store.collections()] == ["cleo"]
    assert [s.author for s in store.saved_searches()] == ["cleo"]
    assert list(store.stars()) == ["05LIMA4377"]


def test_every_user_write_moves_the_user_data_version(store: Store) -> None:
    seen = store.user_data_version()
    store.add_note(reference_id(1), "x")
    assert store.user_data_version() != seen
    seen = store.user_data_version()
    store.star([reference_id(1)])
    assert store.user_data_version() != seen


def test_a_reopened_store_serves_the_same_person(filled: Store) -> None:
    """The window's counting thread reads through a store reopened from the window's:
    after Change… of name it must count the new person's stars, not the old one's."""
    try:
        other = cast(Store, filled.reopen(read_only=True))
    except StoreError:
        pytest.skip("a store in memory has no second connection")
    try:
        a, b = reference_id(1), reference_id(2)
        filled.set_person("ana")
        filled.star([a])
        starred = CableFilter(query=parse_query("is:starred"))
        assert other.person == "ana" and other.count(starred) == 1
        assert _searched(other, "is:starred") == {a}
        filled.set_person("ben")
        filled.star([b, reference_id(3)])
        assert other.person == "ben"
        assert other.count(starred) == 2 and _searched(other, "is:starred") == {b, reference_id(3)}
        filled.set_person("ana")
        assert _searched(other, "is:starred") == {a}
    finally:
        other.close()


def test_lists_change_alike_on_every_store(filled: Store) -> None:
    """Collections, saved searches, history and highlights through every method."""
    refs = [reference_id(n) for n in range(1, 5)]
    filled.set_person("ana")
    assert filled.add_to_collection("  Lima   2005 ", refs) == 4
    filled.reorder_collection("Lima 2005", [refs[3], refs[1]])
    lima = filled.collection("Lima 2005")
    assert lima is not None
    assert [i.reference_id for i in lima.items] == [refs[3], refs[1], refs[0], refs[2]]
    assert filled.remove_from_collection("Lima 2005", [refs[1], "99NOWHERE1"]) == 1
    filled.create_collection("Quito")
    with pytest.raises(ValueError, match="already"):
        filled.rename_collection("Lima 2005", "Quito")
    filled.rename_collection("Lima 2005", "Lima")
    assert [c.name for c in filled.collections()] == ["Lima", "Quito"]
    assert filled.user_counts()["in:Lima"] == 3
    assert _searched(filled, 'in:"Lima"') == {refs[0], refs[2], refs[3]}
    filled.delete_collection("Lima")
    assert [c.name for c in filled.collections()] == ["Quito"]
    saved = filled.save_search("x", "uranium", [("origin", ["Embassy Lima"])])
    assert filled.saved_searches()[0] == saved
    filled.delete_saved_search("x")
    assert filled.saved_searches() == []
    filled.record_history("search", "uranium")
    filled.record_history("cable", f"{refs[0]}#par1")
    assert [h.kind for h in filled.history()] == ["cable", "search"]
    assert [h.value for h in filled.history("search")] == ["uranium"]
    filled.clear_history()
    assert filled.history() == []
    mark = filled.add_highlight(refs[0], None, 0, 4, "Para", "blue")
    filled.edit_highlight(mark.uuid, colour="pink")
    filled.edit_highlight(mark.uuid, note="now with words")
    [changed] = filled.highlights(refs[0])
    assert (changed.colour, changed.note) == ("pink", "now with words")
    assert _searched(filled, "note:words") == {refs[0]}
    with pytest.raises(ValueError, match="colour"):
        filled.edit_highlight(mark.uuid, colour="octarine")
    filled.delete_highlight(mark.uuid)
    assert filled.highlights() == []
    assert filled.mark_all_read() == N
    assert filled.mark_all_read() == 0 and len(filled.read_ids()) == N
