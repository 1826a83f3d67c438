"""The store: versions, idempotent writes, filters, facets, search, safety on open."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cablereader.core.formats.site_page import parse_site_page
from cablereader.core.model import CLASSIFICATIONS, ParsedVersion, SiteBuild, Source, SourceFormat
from cablereader.core.query import parse_query
from cablereader.importer.run import import_sources
from cablereader.store import schema
from cablereader.store.api import CableFilter, Facet, SortKey, StoreError
from cablereader.store.sqlite_store import SqliteCableStore


def _version(path: Path, build: SiteBuild) -> ParsedVersion:
    data = path.read_bytes()
    return ParsedVersion(
        parse_site_page(data), Source(str(path), SourceFormat.SITE_PAGE, build, data)
    )


def test_two_builds_give_one_cable_with_two_versions(store, corpus: Path) -> None:
    report = import_sources(store, [corpus / "cablegate-201011", corpus / "cablegate-201012"])
    nov = {p.stem for p in (corpus / "cablegate-201011").rglob("*.html")}
    dec = {p.stem for p in (corpus / "cablegate-201012").rglob("*.html")}
    assert report.failed == 0
    assert store.count() == len(nov | dec)
    assert report.added == len(nov | dec) and report.updated == len(nov & dec)
    for refid in sorted(nov & dec):
        stored = store.fetch_cable(refid)
        assert stored is not None and len(stored.versions) == 2, refid
        assert {v.build for v in stored.versions} == {"2010-11", "2010-12"}
        # The Dec 2010 build has a release date, so its version is the one shown.
        assert stored.cable.released is not None
        assert [v.current for v in stored.versions].count(True) == 1
    for refid in sorted(dec - nov)[:5]:
        assert len(store.fetch_cable(refid).versions) == 1


def test_same_version_twice_is_unchanged(store, corpus: Path) -> None:
    page = next((corpus / "cablegate-201012").rglob("*.html"))
    first = store.write_versions([_version(page, SiteBuild.DEC_2010)])
    again = store.write_versions([_version(page, SiteBuild.DEC_2010)])
    assert [r.outcome for r in first + again] == ["added", "unchanged"]
    stored = store.fetch_cable(page.stem)
    assert store.raw_source(stored.version_id) == page.read_bytes()


def test_changes_between_versions_are_recorded(store, corpus: Path) -> None:
    nov = corpus / "cablegate-201011/cable/1979/08/79TEHRAN8980.html"
    dec = corpus / "cablegate-201012/cable/1979/08/79TEHRAN8980.html"
    store.write_versions([_version(nov, SiteBuild.NOV_2010)])
    store.write_versions([_version(dec, SiteBuild.DEC_2010)])
    versions = store.fetch_cable("79TEHRAN8980").versions
    assert versions[-1].current and "released" in versions[-1].changes


def test_filters_facets_and_sorting(corpus_store) -> None:
    everything = corpus_store.count()
    paris = CableFilter().with_selection(Facet.ORIGIN, ("Embassy Paris",))
    assert corpus_store.count(paris) == 37
    prel = paris.with_selection(Facet.TAG, ("PREL",))
    assert 0 < corpus_store.count(prel) < 37
    origins = dict(corpus_store.facet_counts(Facet.ORIGIN, paris))
    assert origins["Embassy Paris"] == 37 and sum(origins.values()) == everything
    tags = dict(corpus_store.facet_counts(Facet.TAG, paris))
    assert tags["PREL"] == corpus_store.count(prel)
    ids = corpus_store.query_ids(CableFilter(), SortKey.CREATED, descending=True)
    created = [r.created for r in corpus_store.fetch_rows(ids).values()]
    rows = corpus_store.fetch_rows(ids)
    assert [rows[i].created for i in ids] == sorted(created, reverse=True)
    by_ref = corpus_store.query_ids(CableFilter(), SortKey.REFERENCE_ID, descending=False)
    refs = corpus_store.fetch_rows(by_ref)
    assert [refs[i].reference_id for i in by_ref] == sorted(r.reference_id for r in refs.values())


def test_search_language(corpus_store) -> None:
    def count(text: str) -> int:
        return corpus_store.count(CableFilter(query=parse_query(text)))

    assert count('"partial extract"') == 0  # the site's note is not cable text
    assert count("E.O. 12958") > 100
    assert count("decl-2013") >= 0  # literal, never an error
    assert count("tag:PREL origin:paris") == corpus_store.count(
        CableFilter()
        .with_selection(Facet.ORIGIN, ("Embassy Paris",))
        .with_selection(Facet.TAG, ("PREL",))
    )
    assert count("ref:05LIMA4377") == 1
    assert count("from:2009 to:2009") == 158
    assert count("class:secret") == 70 + 57
    hits = corpus_store.search(CableFilter(query=parse_query("Rafsanjani")), limit=5)
    assert hits and all("rafsanjani" in (h.snippet + h.row.subject).lower() for h in hits)
    cited = corpus_store.cited_by("09BERLIN1002")
    assert "09BERLIN1176" in [r.reference_id for r in cited]


def test_refuses_files_that_are_not_stores(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("my notes")
    with pytest.raises(StoreError, match="not a Cable Reader store"):
        SqliteCableStore(text)
    assert text.read_text() == "my notes"
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("PRAGMA application_id = 42")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="another application"):
        SqliteCableStore(other)


def test_schema_version_and_integrity(store) -> None:
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST
    assert store.integrity_ok()


def test_a_version_1_store_upgrades_with_every_cable_kept(tmp_path: Path, corpus: Path) -> None:
    """A store as the first release wrote it (schema 1) opens, upgrades, keeps its cables."""
    import sqlite_utils

    from cablereader.store.version_writer import write_version

    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    with db.atomic():
        schema.MIGRATIONS[0](db)
        db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
        db.execute("PRAGMA user_version = 1")
    pages = sorted((corpus / "cablegate-201011").rglob("*.html"))[:5]
    with db.atomic():
        for page in pages:
            write_version(db, _version(page, SiteBuild.NOV_2010), None)
        db.execute("INSERT INTO files VALUES ('/x.csv', 1, 1, 'cables-csv', 5, 'then')")
    db.close()
    upgraded = SqliteCableStore(path)
    try:
        assert upgraded.db.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST
        assert upgraded.count() == 5
        for page in pages:
            assert (
                upgraded.fetch_cable(page.stem).cable.body
                == parse_site_page(page.read_bytes()).body
            )
        assert upgraded.file_counts("/x.csv") == (5, 0)
        assert upgraded.integrity_ok()
    finally:
        upgraded.close()


def test_a_csv_with_bad_rows_is_skipped_next_time_and_says_so(store, tmp_path: Path) -> None:
    good = '"1","1/2/2009 3:03","09TEST1","Embassy Test","SECRET","","","1. (S) Text.\\n"\n'
    csv = tmp_path / "cables.csv"
    csv.write_text(good + '"2","broken"\n')
    first = import_sources(store, [csv])
    assert (first.added, first.failed) == (1, 1)
    again = import_sources(store, [csv])
    assert (again.skipped_files, again.unchanged, again.failed) == (1, 1, 0)
    assert again.warnings == [
        f"{csv}: unchanged since it was imported, when 1 of its rows could not be read"
    ]


def test_facet_counts_follow_writes_from_any_connection(store, corpus: Path) -> None:
    pages = sorted((corpus / "cablegate-201012").rglob("*.html"))
    store.write_versions([_version(pages[0], SiteBuild.DEC_2010)])
    before = dict(store.facet_counts(Facet.CLASSIFICATION))
    assert sum(before.values()) == 1
    assert store.facet_counts(Facet.CLASSIFICATION) == list(before.items())  # cached
    other = SqliteCableStore(store.path)  # e.g. the wizard's import worker
    try:
        other.write_versions([_version(p, SiteBuild.DEC_2010) for p in pages[1:4]])
    finally:
        other.close()
    after = dict(store.facet_counts(Facet.CLASSIFICATION))
    assert sum(after.values()) == 4
    store.write_versions([_version(pages[5], SiteBuild.DEC_2010)])
    assert sum(dict(store.facet_counts(Facet.CLASSIFICATION)).values()) == 5
    tags = dict(store.facet_counts(Facet.TAG))
    assert tags == dict(
        store._count_facet(Facet.TAG, CableFilter().with_selection(Facet.ORIGIN, ()))
    )


@pytest.mark.parametrize("sort", [k for k in SortKey if k is not SortKey.RANK])
@pytest.mark.parametrize("descending", [False, True])
def test_filtered_lists_follow_the_sort_column(corpus_store, sort, descending) -> None:
    """Filtered ids are picked out of the whole store's order; they must come out exactly
    as sorting the matching rows by the column would put them: classification by level,
    ties newest first (issue 13; they were by id before), Created ties by id."""
    # Many hits are picked from the whole order, a few are sorted in SQL: both are here.
    for text in (
        "embassy",
        "tag:PREL government",
        "class:secret -iran",
        "origin:paris",
        "Rafsanjani",
    ):
        flt = CableFilter(query=parse_query(text))
        ids = corpus_store.query_ids(flt, sort, descending)
        assert len(ids) == corpus_store.count(flt) > 0, text
        rows = corpus_store.fetch_rows(ids)

        def key(cable_id: int, rows: dict = rows) -> tuple[bool, object]:
            value = getattr(rows[cable_id], str(sort))
            if sort is SortKey.CLASSIFICATION:
                value = CLASSIFICATIONS.index(value)
            return (value is not None, "" if value is None else value)  # NULL first

        if sort is SortKey.CREATED:
            expected = sorted(ids, key=lambda i: (key(i), i), reverse=descending)
        else:
            newest = sorted(ids, key=lambda i: (rows[i].created, i), reverse=True)
            expected = sorted(newest, key=key, reverse=descending)  # stable: ties stay newest
        assert ids == expected, (text, sort)
        assert set(ids) == {h.row.id for h in corpus_store.search(flt, limit=10_000)}, text


def test_relevance_lists_keep_every_condition(corpus_store) -> None:
    """Ranked lists read the words from the index once; facets, fields and exclusions
    must still narrow them, and the best hit must lead as in `search`."""
    for text, selections in (
        ("embassy", ()),
        ("government -iran class:secret", ()),
        ("embassy", ((Facet.ORIGIN, ("Embassy Paris",)),)),
    ):
        flt = CableFilter(query=parse_query(text), selections=selections)
        ranked = corpus_store.query_ids(flt, SortKey.RANK, descending=True)
        assert sorted(ranked) == sorted(corpus_store.query_ids(flt)) and ranked, text
        best = corpus_store.search(flt, limit=3)
        assert ranked[: len(best)] == [h.row.id for h in best], text
