"""`cablereader diff`, `source` and `stats --by` on the development corpus."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from cablereader.cli import main
from cablereader.core.version_diff import ChangeKind, diff_versions
from cablereader.store.api import CableFilter, Facet


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def _repeated(store) -> list[str]:
    rows = store.db.execute("SELECT reference_id FROM cables WHERE versions > 1 ORDER BY id")
    return [r[0] for r in rows]


def test_every_repeated_corpus_cable_diffs_against_itself_to_nothing(corpus_store) -> None:
    repeated = _repeated(corpus_store)
    assert len(repeated) > 300  # the Dec 2010 pages are also in the CSV sample
    for refid in repeated:
        stored = corpus_store.fetch_cable(refid)
        for version in stored.versions:
            cable = corpus_store.fetch_cable(refid, version.id).cable
            assert diff_versions(cable, cable) == []


def test_corpus_builds_differ_in_known_ways(corpus_store) -> None:
    """Across the corpus's cables published in two or three forms, the changes found are of
    the kinds the builds are known for, and at least one redaction was lifted."""
    kinds: Counter[ChangeKind] = Counter()
    for refid in _repeated(corpus_store):
        versions = corpus_store.fetch_cable(refid).versions
        cables = [corpus_store.fetch_cable(refid, v.id).cable for v in versions]
        for old, new in itertools.pairwise(cables):
            kinds.update(c.kind for c in diff_versions(old, new))
            # The classification of a cable never changed between these builds.
            assert old.classification == new.classification
    assert kinds[ChangeKind.REDACTION_LIFTED] >= 1
    assert kinds[ChangeKind.CLASSIFICATION] == 0


def test_diff_json_lists_changes_with_kind_anchor_old_and_new(corpus_store, capsys) -> None:
    db = str(corpus_store.path)
    found = None
    for refid in _repeated(corpus_store):
        code, out = _run(capsys, "diff", refid, "--json", "--db", db)
        assert code == 0
        data = json.loads(out)
        assert data["reference_id"] == refid
        if data["changes"]:
            found = data
            break
    assert found is not None
    change = found["changes"][0]
    assert set(change) == {"kind", "anchor", "old", "new"}
    assert change["kind"] in {str(k) for k in ChangeKind}
    assert found["from"]["number"] < found["to"]["number"]


def test_diff_of_a_version_with_itself_says_no_changes(corpus_store, capsys) -> None:
    refid = _repeated(corpus_store)[0]
    code, out = _run(capsys, "diff", refid, "--from", "2", "--to", "2", "--db",
                     str(corpus_store.path))
    assert code == 0
    assert "no changes" in out


def test_diff_with_one_version_says_so_and_exits_0(corpus_store, capsys) -> None:
    single = corpus_store.db.execute(
        "SELECT reference_id FROM cables WHERE versions = 1"
    ).fetchone()[0]
    code, out = _run(capsys, "diff", single, "--db", str(corpus_store.path))
    assert code == 0
    assert "one version only" in out
    code, out = _run(capsys, "diff", single, "--json", "--db", str(corpus_store.path))
    assert code == 0 and json.loads(out)["changes"] == []


def test_diff_refuses_a_version_number_out_of_range(corpus_store, capsys) -> None:
    refid = _repeated(corpus_store)[0]
    code = main(["diff", refid, "--to", "9", "--db", str(corpus_store.path)])
    assert code == 2
    assert "no version 9" in capsys.readouterr().err


def test_source_prints_the_stored_bytes(corpus_store, tmp_path: Path) -> None:
    refid = _repeated(corpus_store)[0]
    stored = corpus_store.fetch_cable(refid)
    for number, version in enumerate(stored.versions, start=1):
        out = subprocess.run(
            [sys.executable, "-m", "cablereader", "source", refid, "--version", str(number),
             "--db", str(corpus_store.path)],
            capture_output=True, check=True,
        ).stdout
        assert out == corpus_store.raw_source(version.id)
        assert refid.encode() in out


def test_stats_by_month_equals_the_store_counts(corpus_store, capsys) -> None:
    code, out = _run(capsys, "stats", "--by", "month", "--json", "--db", str(corpus_store.path))
    assert code == 0
    counts = {row["key"]: row["count"] for row in json.loads(out)["counts"]}
    direct = dict(corpus_store.db.execute("SELECT month, count(*) FROM cables GROUP BY month"))
    assert counts == direct
    assert sum(counts.values()) == corpus_store.count()


def test_stats_by_release_day_with_a_query(corpus_store, capsys) -> None:
    code, out = _run(capsys, "stats", "--by", "release-day", "--query", "embassy", "--json",
                     "--db", str(corpus_store.path))
    assert code == 0
    counts = {row["key"]: row["count"] for row in json.loads(out)["counts"]}
    from cablereader.core.query import parse_query

    flt = CableFilter(query=parse_query("embassy"))
    assert counts == dict(corpus_store.facet_counts(Facet.RELEASED, flt))
    assert 0 < sum(counts.values()) <= corpus_store.count(flt)


def test_stats_by_change_counts_the_cables_each_search_finds(corpus_store, capsys) -> None:
    code, out = _run(capsys, "stats", "--by", "change", "--json", "--db", str(corpus_store.path))
    assert code == 0
    counts = {row["key"]: row["count"] for row in json.loads(out)["counts"]}
    from cablereader.core.query import parse_query

    assert counts and set(counts) <= {"redaction", "subject", "classification", "text", "tags",
                                      "times", "origin"}
    for kind, n in counts.items():
        assert corpus_store.count(CableFilter(query=parse_query(f"changed:{kind}"))) == n
