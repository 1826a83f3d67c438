"""What every CableStore promises, run against each implementation (see conftest.py).

Only the protocol is used here: no SQL, no file layout, no implementation's attributes.
"""

from __future__ import annotations

import threading

import pytest

from cablereader.core.model import SiteBuild
from cablereader.core.query import parse_query
from cablereader.store.api import CableFilter, Facet, QueryInterrupted, SortKey, StoreError
from cablereader.store.protocol import CableStore
from tests.store.contract.cables import (
    BODY_WORDS,
    ORIGINS,
    cable,
    reference_id,
    version,
    versions,
)

N = 30  # cables in a filled store: ten of each origin, class and body word


@pytest.fixture
def filled(any_store: CableStore) -> CableStore:
    any_store.write_versions(versions(N), run=any_store.begin_import(["/synthetic"]))
    return any_store


def _text(words: str) -> CableFilter:
    return CableFilter(query=parse_query(words))


def test_writes_add_then_leave_unchanged(any_store: CableStore) -> None:
    first = any_store.write_versions(versions(5))
    again = any_store.write_versions(versions(5))
    assert [r.outcome for r in first] == ["added"] * 5
    assert [r.outcome for r in again] == ["unchanged"] * 5
    assert [r.reference_id for r in first] == [reference_id(n) for n in range(5)]
    assert any_store.count() == 5


def test_prepared_versions_write_as_parsed_ones(any_store: CableStore) -> None:
    encode = any_store.version_encoder()
    prepared = [encode(v) for v in versions(3)]
    assert all(p.size > 0 for p in prepared)
    assert [r.outcome for r in any_store.write_versions(prepared)] == ["added"] * 3
    assert [r.outcome for r in any_store.write_versions(versions(3))] == ["unchanged"] * 3
    stored = any_store.fetch_cable(reference_id(2))
    assert stored is not None and stored.cable == cable(2)


def test_import_workers_leave_the_writer_its_core_only_when_it_writes_here(
    any_store: CableStore,
) -> None:
    for cores in (1, 2, 4, 64):
        assert 1 <= any_store.import_workers(cores) <= min(cores, 8)
    # SQLite writes in this process, a server in its own.
    writes_here = any_store.location is None or "://" not in any_store.location
    assert any_store.import_workers(2) == (1 if writes_here else 2)


def test_a_newer_release_becomes_the_version_shown(filled: CableStore) -> None:
    newer = version(3, build=SiteBuild.AUG_2011, released="2011-08-30T00:00", extra=" More.")
    older = version(3, build=SiteBuild.NOV_2010, released=None, extra=" Less.")
    assert [r.outcome for r in filled.write_versions([newer, older])] == ["updated", "updated"]
    stored = filled.fetch_cable(reference_id(3).lower())  # ids are found in any case
    assert stored is not None
    assert stored.cable == newer.cable
    assert len(stored.versions) == 3 and [v.current for v in stored.versions].count(True) == 1
    current = next(v for v in stored.versions if v.current)
    assert current.id == stored.version_id and current.build == str(SiteBuild.AUG_2011)
    assert "released" in current.changes
    assert filled.raw_source(stored.version_id) == newer.source.raw
    first = min(v.id for v in stored.versions)
    old = filled.fetch_cable(reference_id(3), first)
    assert old is not None and old.cable == cable(3) and old.version_id == first
    assert filled.count() == N
    assert filled.fetch_rows([stored.id])[stored.id].versions == 3


def test_count_and_filters(filled: CableStore) -> None:
    paris = CableFilter().with_selection(Facet.ORIGIN, (ORIGINS[0],))
    assert filled.count() == N
    assert filled.count(paris) == N // 3
    assert filled.count(CableFilter().with_selection(Facet.TAG, ("PREL",))) == 2 * N // 3
    assert filled.count(CableFilter().with_selection(Facet.TAG, ("PREL", "FR"))) == N // 3
    both = paris.with_selection(Facet.CLASSIFICATION, ("SECRET", "UNCLASSIFIED"))
    assert filled.count(both) == N // 3
    assert filled.count(CableFilter().with_selection(Facet.YEAR, ("2003",))) == N // 10
    # A word in the body of a third and in the subject of another third.
    assert filled.count(_text(BODY_WORDS[0])) == 2 * N // 3
    assert filled.count(paris.with_selection(Facet.TAG, ("PGOV",))) == 0


def test_query_ids_sort_every_way(filled: CableStore) -> None:
    everything = CableFilter()
    rows = filled.fetch_rows(filled.query_ids(everything))
    for key in (SortKey.REFERENCE_ID, SortKey.CREATED, SortKey.ORIGIN, SortKey.SUBJECT):
        for descending in (False, True):
            ids = filled.query_ids(everything, key, descending)
            assert len(ids) == N and set(ids) == set(rows)
            values = [getattr(rows[i], str(key)) for i in ids]
            assert values == sorted(values, reverse=descending), (key, descending)
    paris = CableFilter().with_selection(Facet.ORIGIN, (ORIGINS[0],))
    ids = filled.query_ids(paris, SortKey.REFERENCE_ID, descending=False)
    assert [rows[i].reference_id for i in ids] == sorted(reference_id(n) for n in range(0, N, 3))


def test_rows_and_cables_read_back(filled: CableStore) -> None:
    ids = filled.query_ids(CableFilter(), SortKey.REFERENCE_ID, descending=False)
    rows = filled.fetch_rows([*ids, 10_000_000])  # an unknown id is left out
    assert set(rows) == set(ids)
    row = rows[ids[0]]
    assert row.reference_id == reference_id(0)
    assert (row.origin, row.classification, row.tags) == (ORIGINS[0], "UNCLASSIFIED", "PREL FR")
    assert row.created == cable(0).created and row.versions == 1 and not row.partial
    assert filled.cable_id(reference_id(0)) == ids[0]
    assert filled.cable_id("99NOWHERE1") is None
    assert filled.fetch_cable("99NOWHERE1") is None
    assert filled.existing_ids([reference_id(1), "99NOWHERE1"]) == {reference_id(1)}
    stored = filled.fetch_cable(reference_id(7))
    assert stored is not None and stored.cable == cable(7)
    assert filled.raw_source(stored.version_id) == version(7).source.raw


def test_search_ranks_and_snippets(filled: CableStore) -> None:
    word = BODY_WORDS[0]
    hits = filled.search(_text(word), limit=5)
    assert len(hits) == 5
    ranked = filled.query_ids(_text(word), SortKey.RANK)
    assert [h.row.id for h in hits] == ranked[:5]
    assert len(ranked) == 2 * N // 3
    assert word in hits[0].row.subject  # a word in the subject weighs more
    every = filled.search(_text(word), limit=N)
    assert any(f"[{word}]" in h.snippet for h in every)
    assert all("\n" not in h.snippet for h in every)
    paris = CableFilter().with_selection(Facet.ORIGIN, (ORIGINS[0],))
    newest = filled.search(paris, limit=3)  # no words: the newest matching cables
    created = sorted((cable(n).created for n in range(0, N, 3)), reverse=True)[:3]
    assert [h.row.created for h in newest] == created


def test_facet_counts_combine_other_selections(filled: CableStore) -> None:
    origins = dict(filled.facet_counts(Facet.ORIGIN))
    assert origins == {origin: N // 3 for origin in ORIGINS}
    secret = CableFilter().with_selection(Facet.CLASSIFICATION, ("SECRET",))
    # Within the origin facet, the origin choice itself does not narrow the counts.
    chosen = secret.with_selection(Facet.ORIGIN, (ORIGINS[0],))
    assert dict(filled.facet_counts(Facet.ORIGIN, chosen)) == {ORIGINS[2]: N // 3}
    tags = dict(filled.facet_counts(Facet.TAG, chosen))
    assert tags == {}  # Paris cables are never secret
    tags = dict(filled.facet_counts(Facet.TAG, secret))
    assert tags == {"PREL": N // 3, "ECON": N // 3, "PE": N // 3}
    years = dict(filled.facet_counts(Facet.YEAR))
    assert years == {str(2000 + y): N // 10 for y in range(10)}
    assert dict(filled.facet_counts(Facet.RELEASED)) == {"2010-12-01": N}
    under_text = dict(filled.facet_counts(Facet.CLASSIFICATION, _text(BODY_WORDS[0])))
    assert under_text == {"UNCLASSIFIED": N // 3, "SECRET": N // 3}
    filled.prepare_facets()
    assert dict(filled.facet_counts(Facet.ORIGIN)) == origins


def test_answers_follow_new_writes(filled: CableStore) -> None:
    """Remembered answers (id lists, counts) are forgotten when the store changes."""
    before = filled.query_ids(CableFilter())
    counts = dict(filled.facet_counts(Facet.ORIGIN))
    filled.write_versions([version(N)])
    after = filled.query_ids(CableFilter())
    assert len(after) == len(before) + 1
    assert dict(filled.facet_counts(Facet.ORIGIN))[ORIGINS[0]] == counts[ORIGINS[0]] + 1


def test_cited_by_and_stats(filled: CableStore) -> None:
    citing = filled.cited_by(reference_id(0))
    expected = [n for n in range(N) if n % 4 == 1]
    assert sorted(r.reference_id for r in citing) == sorted(reference_id(n) for n in expected)
    assert [r.created for r in citing] == sorted((r.created for r in citing), reverse=True)
    assert filled.cited_by("99NOWHERE1") == []
    stats = filled.stats()
    assert stats["cables"] == [("cables", N)]
    assert dict(stats["origin"]) == {origin: N // 3 for origin in ORIGINS}
    assert dict(stats["versions by format"]) == {"site-page": N}
    assert sum(n for _, n in stats["year"]) == N
    assert filled.integrity_ok()


def test_import_runs_and_files(any_store: CableStore) -> None:
    run = any_store.begin_import(["/a", "/b"])
    assert any_store.begin_import(["/c"]) > run
    assert not any_store.file_unchanged("/a/x.csv", 10, 5)
    any_store.record_file("/a/x.csv", 10, 5, "cables-csv", 7, failed=2)
    assert any_store.file_unchanged("/a/x.csv", 10, 5)
    assert not any_store.file_unchanged("/a/x.csv", 11, 5)
    assert any_store.file_counts("/a/x.csv") == (7, 2)
    assert any_store.file_counts("/a/other.csv") == (0, 0)
    any_store.write_versions(versions(4), run)
    assert any_store.count(CableFilter(import_run=run)) == 4


def test_interrupt_stops_a_running_query_and_the_store_goes_on(any_store: CableStore) -> None:
    any_store.write_versions(versions(300))
    done = threading.Event()

    def keep_interrupting() -> None:  # whatever the timing, some interrupt lands in a query
        while not done.is_set():
            any_store.interrupt()
            done.wait(0.0005)

    interrupter = threading.Thread(target=keep_interrupting)
    interrupter.start()
    try:
        with pytest.raises(QueryInterrupted):
            while True:
                any_store.stats()
                any_store.count(_text(BODY_WORDS[1]))
    finally:
        done.set()
        interrupter.join()
    assert isinstance(QueryInterrupted("x"), StoreError)
    assert any_store.count() == 300  # nothing was left half done
    assert any_store.count(_text(BODY_WORDS[1])) == 200


def test_a_second_connection_sees_the_same_store(filled: CableStore) -> None:
    if filled.location is None:  # a store in memory has no second connection
        with pytest.raises(StoreError):
            filled.reopen()
        return
    reader = filled.reopen(read_only=True)
    writer = filled.reopen(read_only=False)
    try:
        assert reader.location == filled.location and reader.read_only
        assert reader.count() == N
        assert dict(reader.facet_counts(Facet.YEAR)) == dict(filled.facet_counts(Facet.YEAR))
        writer.write_versions([version(N)])
        assert reader.count() == N + 1 and filled.count() == N + 1
        assert len(filled.query_ids(CableFilter())) == N + 1
        with pytest.raises(StoreError):
            reader.write_versions([version(N + 1)])
        assert filled.count() == N + 1
    finally:
        reader.close()
        writer.close()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"about uranium"', N // 3),
        ("urani*", 2 * N // 3),
        ('"about urani*"', N // 3),
        ("about NEAR/0 uranium", N // 3),
        ("paragraph NEAR/1 uranium", 0),
        ("paragraph NEAR/2 uranium", N // 3),
        ("uranium NEAR/2 paragraph", N // 3),  # either order
        ("uranium -harvest", N // 3),
        ("-uranium", N // 3),
        ("uranium OR election", N),
        ("(uranium OR harvest) -election", N // 3),
        ("uranium origin:paris", N // 3),
        ("uranium OR origin:lima", N),
        ('"number 7"', 1),
        ("7", 1),
        ("class:secret harvest", 0),
        ("from:2005 to:2005-12-31", N // 10),
        ("tag:PE OR tag:FR", 2 * N // 3),
        ("ref:05SYNTH*", N // 10),
        ("cites:" + reference_id(0), len(range(1, N, 4))),
    ],
)
def test_the_query_language_finds_the_same_cables(
    filled: CableStore, text: str, expected: int
) -> None:
    flt = _text(text)
    assert filled.count(flt) == expected
    assert len(filled.query_ids(flt)) == expected
    assert len(filled.query_ids(flt, SortKey.RANK, descending=False)) == expected
    assert len(filled.search(flt, limit=N)) == expected


def test_changed_and_month_facets(filled: CableStore) -> None:
    assert dict(filled.facet_counts(Facet.CHANGED)) == {}
    newer = version(4, build=SiteBuild.AUG_2011, released="2011-08-30T00:00", extra=" More.")
    filled.write_versions([newer])
    changed = dict(filled.facet_counts(Facet.CHANGED))
    assert changed and all(n == 1 for n in changed.values())
    assert filled.count(_text("is:changed")) == 1
    for kind in changed:
        chosen = CableFilter().with_selection(Facet.CHANGED, (kind,))
        assert filled.fetch_rows(filled.query_ids(chosen))[filled.cable_id(reference_id(4)) or 0]
        assert filled.count(_text(f"changed:{kind}")) == 1
    months = dict(filled.facet_counts(Facet.MONTH))
    assert sum(months.values()) == N
    for month, n in months.items():
        assert filled.count(CableFilter().with_selection(Facet.MONTH, (month,))) == n


def test_empty_requests(filled: CableStore) -> None:
    assert filled.write_versions([]) == []
    assert filled.fetch_rows([]) == {}
    assert filled.existing_ids([]) == set()
    assert filled.count(_text('"nothing like this"')) == 0
    assert filled.search(_text("nowhere"), limit=5) == []


def test_other_connections_writes_move_data_version_and_spare_a_snapshot(
    filled: CableStore,
) -> None:
    if filled.location is None:
        return  # one connection only: test_a_second_connection_sees_the_same_store
    writer = filled.reopen(read_only=False)
    try:
        before = filled.data_version()
        writer.write_versions([version(N)])
        assert filled.data_version() != before
        with filled.snapshot():
            seen = filled.count()
            writer.write_versions([version(N + 1)])  # a reader never holds up a writer
            assert filled.count() == seen == N + 1
        assert filled.count() == N + 2
    finally:
        writer.close()
