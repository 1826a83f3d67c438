"""`cable_changes`: the kinds of change between a cable's versions, written with each new
version (union over consecutive versions), filled by a migration for older stores, and
found with `is:changed` / `changed:KIND` and the browse facet Facet.CHANGED."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

from cablereader.core.cable_text import split_paragraphs
from cablereader.core.change_groups import change_groups, groups_between
from cablereader.core.model import Cable, ParsedVersion, SiteBuild, Source, SourceFormat
from cablereader.core.query import parse_query
from cablereader.core.version_diff import change_kinds
from cablereader.store import schema
from cablereader.store.api import CableFilter, Facet
from cablereader.store.sqlite_store import SqliteCableStore

BODY = (
    "1. (C) Summary: the minister met XXXXXXXXXXXX on Tuesday. \n"
    "2. (C) The talks covered trade. \n"
)


def _cable(ref: str = "09TESTPOST1", body: str = BODY, **fields: object) -> Cable:
    base = Cable(
        reference_id=ref,
        created="2009-01-02T03:04",
        created_approx=False,
        released="2010-11-28T18:06",
        released_approx=False,
        classification="CONFIDENTIAL",
        origin="Embassy Testville",
        header="R 020304Z JAN 09\nFM AMEMBASSY TESTVILLE\n",
        body=body,
        partial=False,
        subject="TALKS",
        tags=("PREL",),
        paragraphs=split_paragraphs(body),
    )
    return dataclasses.replace(base, **fields)  # type: ignore[arg-type]


def _write(store: SqliteCableStore, cable: Cable, build: SiteBuild, raw: str) -> None:
    source = Source(f"/synthetic/{cable.reference_id}-{build}.html", SourceFormat.SITE_PAGE,
                    build, raw.encode())
    store.write_versions([ParsedVersion(cable, source)])


def _kinds(store: SqliteCableStore, ref: str) -> set[str]:
    cable_id = store.cable_id(ref)
    rows = store.db.execute("SELECT kind FROM cable_changes WHERE cable_id = ?", [cable_id])
    return {r[0] for r in rows}


def _count(store: SqliteCableStore, text: str) -> int:
    return store.count(CableFilter(parse_query(text)))


def test_a_second_version_records_its_kinds(store) -> None:
    _write(store, _cable(), SiteBuild.NOV_2010, "a")
    assert _kinds(store, "09TESTPOST1") == set()
    lifted = _cable(body=BODY.replace("XXXXXXXXXXXX", "Ali Hassan"), subject="TRADE TALKS",
                    released="2010-12-05T10:10")
    _write(store, lifted, SiteBuild.DEC_2010, "b")
    assert _kinds(store, "09TESTPOST1") == {"redaction", "subject", "times"}
    assert _count(store, "is:changed") == 1
    assert _count(store, "changed:redaction") == 1
    assert _count(store, "changed:classification") == 0
    assert _count(store, "changed:text") == 0


def test_kinds_are_the_union_over_consecutive_versions(store) -> None:
    _write(store, _cable(), SiteBuild.NOV_2010, "a")
    lifted = BODY.replace("XXXXXXXXXXXX", "Ali Hassan")
    _write(store, _cable(body=lifted, released="2010-12-05T10:10"), SiteBuild.DEC_2010, "b")
    _write(store, _cable(body=lifted, released="2011-08-30T01:01", classification="SECRET"),
           SiteBuild.AUG_2011, "c")
    # A to B: redaction, B to C: classification; A to C directly would say the same
    # here, but the union is over neighbours, whichever version is shown.
    assert _kinds(store, "09TESTPOST1") == {"redaction", "classification", "times"}


def test_the_same_words_under_another_build_are_no_change(store) -> None:
    _write(store, _cable(), SiteBuild.NOV_2010, "a")
    rewrapped = BODY.replace(" \n", "\n").replace(" on Tuesday.", "\n  on Tuesday.")
    _write(store, _cable(body=rewrapped), SiteBuild.DEC_2010, "b")
    assert store.fetch_cable("09TESTPOST1").versions[1].id  # two versions are kept
    assert _kinds(store, "09TESTPOST1") == set()
    assert _count(store, "is:changed") == 0


def test_a_paragraph_added_is_a_text_change_and_counts_follow_the_filter(store) -> None:
    _write(store, _cable(), SiteBuild.NOV_2010, "a")
    _write(store, _cable("09OTHER2"), SiteBuild.NOV_2010, "a")
    longer = BODY + "3. (U) Comment: nothing new. \n"
    _write(store, _cable(body=longer), SiteBuild.DEC_2010, "b")
    _write(store, _cable("09OTHER2", subject="NEW"), SiteBuild.DEC_2010, "b")
    assert store.facet_counts(Facet.CHANGED) == [("subject", 1), ("text", 1)]
    under = CableFilter(parse_query("ref:09OTHER2"))
    assert store.facet_counts(Facet.CHANGED, under) == [("subject", 1)]
    ticked = CableFilter().with_selection(Facet.CHANGED, ("text",))
    assert store.count(ticked) == 1
    assert store.query_ids(ticked) == [store.cable_id("09TESTPOST1")]


def test_the_migration_fills_the_table_for_an_older_store(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    made = SqliteCableStore(path)
    _write(made, _cable(), SiteBuild.NOV_2010, "a")
    _write(made, _cable(subject="OTHER"), SiteBuild.DEC_2010, "b")
    _write(made, _cable("09SINGLE1"), SiteBuild.NOV_2010, "a")
    before = schema.MIGRATIONS.index(schema._v4)
    with made.db.atomic():
        made.db.execute("DROP TABLE cable_changes")
        made.db.execute(f"PRAGMA user_version = {before}")
    made.close()
    upgraded = SqliteCableStore(path)
    try:
        assert upgraded.db.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST
        assert _kinds(upgraded, "09TESTPOST1") == {"subject"}
        assert _kinds(upgraded, "09SINGLE1") == set()
        assert _count(upgraded, "changed:subject") == 1
    finally:
        upgraded.close()


def test_the_quick_path_agrees_with_the_full_diff_on_the_corpus(corpus_store) -> None:
    """Every pair of neighbouring versions in the development corpus."""
    db = corpus_store.db
    ids = [r[0] for r in db.execute("SELECT id FROM cables WHERE versions > 1")]
    assert len(ids) > 100
    changed = set()
    for cable_id in ids:
        ref = db.execute("SELECT reference_id FROM cables WHERE id = ?", [cable_id]).fetchone()[0]
        stored = corpus_store.fetch_cable(ref)
        cables = [corpus_store.fetch_cable(ref, v.id).cable for v in stored.versions]
        union: set[str] = set()
        for old, new in itertools.pairwise(cables):
            full = change_groups(change_kinds(old, new))
            assert groups_between(old, new) == full, ref
            union |= full
        assert _kinds(corpus_store, ref) == union, ref
        if union:
            changed.add(ref)
    assert _count(corpus_store, "is:changed") == len(changed) > 0
    counts = dict(corpus_store.facet_counts(Facet.CHANGED))
    for kind, n in counts.items():
        assert _count(corpus_store, f"changed:{kind}") == n
