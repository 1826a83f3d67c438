"""Smoke test of the benchmark's research stage (benchmarks/user_data.py) on a tiny
generated store: it seeds every kind of user data through the store's own methods,
deterministically, and produces every figure, in seconds instead of the full run's
minutes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import generate, research_window, user_data
from benchmarks.timing import SEED
from cablereader.importer.run import import_sources
from cablereader.store.sqlite_store import SqliteCableStore
from tests.conftest import CORPUS

CABLES = 300


@pytest.fixture(scope="module")
def tiny_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("research")
    generate.generate(folder / "corpus", CABLES, 0, seed=SEED, corpus=CORPUS)
    db = folder / "store.db"
    store = SqliteCableStore(str(db))
    import_sources(store, [folder / "corpus" / "cables.csv"])
    store.close()
    return db


def _user_data(db: Path) -> tuple[object, ...]:
    store = SqliteCableStore(str(db), read_only=True)
    try:
        data = store.user_data()
    finally:
        store.close()
    notes = sorted((n.reference_id, n.anchor or "", n.text) for n in data.notes)
    marks = sorted(
        (h.reference_id, h.anchor or "", h.start, h.end, h.quote) for h in data.highlights
    )
    kept = sorted((c.name, tuple(i.reference_id for i in c.items)) for c in data.collections)
    return notes, marks, sorted(s.reference_id for s in data.stars), kept


def test_seeding_is_deterministic_and_uses_real_quotes(tiny_store: Path, tmp_path: Path) -> None:
    copies = []
    for name in ("a.db", "b.db"):
        copy = tmp_path / name
        source = SqliteCableStore(str(tiny_store), read_only=True)
        source.db.execute(f"VACUUM INTO '{copy}'")
        source.close()
        seeded = user_data.seed_user_data(str(copy))
        copies.append(copy)
    plan = user_data.Plan(**seeded["plan"])
    made = seeded["made"]
    assert made["notes"] == plan.cable_notes + plan.paragraph_notes
    assert made["highlights"] == plan.highlights and made["stars"] == plan.stars
    assert made["read"] == plan.read and made["collections"] == plan.collections
    assert made["saved searches"] == plan.saved_searches
    assert all(v["seconds"] >= 0 for k, v in seeded["seeding"].items() if k != "total seconds")
    assert _user_data(copies[0]) == _user_data(copies[1])
    store = SqliteCableStore(str(copies[0]), read_only=True)
    try:
        for mark in store.highlights():
            stored = store.fetch_cable(mark.reference_id)
            assert stored is not None
            paragraph = next(p for p in stored.cable.paragraphs if p.anchor == mark.anchor)
            assert paragraph.text[mark.start : mark.end] == mark.quote
        with pytest.raises(RuntimeError, match="user data already"):
            user_data.seed_user_data(str(copies[0]))
    finally:
        store.close()


def test_research_stage_produces_every_figure(tiny_store: Path, tmp_path: Path) -> None:
    copy = tmp_path / "stage.db"
    source = SqliteCableStore(str(tiny_store), read_only=True)
    source.db.execute(f"VACUUM INTO '{copy}'")
    source.close()
    out = tmp_path / "results"
    assert user_data.main([str(copy), "--out", str(out), "--name", "tiny"]) == 0
    results = json.loads((out / "tiny.json").read_text(encoding="utf-8"))
    shown = results["window"]
    assert shown["rows"] == CABLES
    for kind in ("is:starred", "in:a big collection", "has:note", "note:word"):
        found = shown[f"search: {user_data.USER_KIND}{kind}"]["painted"]
        assert found["n"] == 5 and found["p50_ms"] > 0, kind
        side = results["research"]["store side"][kind]
        assert side["list"]["n"] == 5 and max(side["hits"]) > 0, kind
    for name in ("browse click", "search: rare word", "sort by a column", "open a cable"):
        assert shown[name]["painted"]["n"] > 0, name
    research = results["research"]
    for name, _limit, _target in research_window.TARGETS:
        assert research[name]["n"] > 0 and research[name]["max_ms"] >= 0, name
    made = results["made"]
    assert research["Notes view items"] == made["notes"] + made["highlights"]
    assert research["notes export bytes"] > 1000
    assert research["Your marks entries"] == 3 + made["collections"] + made["saved searches"]
    rows = results["table"]
    assert {row[4] for row in rows} <= {"PASS", "MISS", ""} and "PASS" in {r[4] for r in rows}
    table = (out / "tiny.md").read_text(encoding="utf-8")
    assert "| Area | Measure | Value | Target | Status |" in table
    assert "Research (window)" in table and "search: mine: is:starred" in table
