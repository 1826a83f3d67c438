"""Searches with many hits on PostgreSQL (issue 19, "Speed at full scale"): past
PICK_FROM_ALL hits of words alone, a list is picked out of the whole store's list in the
same order; past RANK_CAP hits, relevance ranks only the RANK_CAP hits with the most
words (their tsvector's stored size) and the rest follow them, most words first. Counts
and sets stay exact. The limits are lowered here so that 160 cables cross them.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from cablereader.core.query import parse_query
from cablereader.importer.run import import_sources
from cablereader.store.api import CableFilter, Facet, SortKey
from cablereader.store.factory import open_store
from cablereader.store.postgres import reading
from cablereader.store.protocol import CableStore
from tests.reliability.synthetic import csv_row, make_cable

ROWS = 160
CAP = 5


@pytest.fixture
def stores(tmp_path: Path, pg_url: str) -> tuple[CableStore, CableStore]:
    rng = random.Random(19)
    csv = tmp_path / "cables.csv"
    with csv.open("wb") as out:
        for n in range(1, ROWS + 1):
            out.write(csv_row(make_cable(rng, n), n))
    sqlite = open_store(tmp_path / "cables.db", create=True)
    pg = open_store(pg_url, create=True)
    for store in (sqlite, pg):
        assert import_sources(store, [csv]).failed == 0
    yield sqlite, pg
    sqlite.close()
    pg.close()


def _text(text: str) -> CableFilter:
    return CableFilter(query=parse_query(text))


def _common(store: CableStore) -> list[str]:
    """Words (and a phrase) with more hits than both lowered limits."""
    found = [
        text for text in ("minister", "the", "energy", '"the minister"', "minis*")
        if store.count(_text(text)) > CAP
    ]
    assert len(found) >= 3, found
    return found


def _sizes(pg: CableStore) -> dict[int, int]:
    # "Most words": how many different words (lexemes) a cable has.
    rows = pg._rows("SELECT id, length(words) FROM cable_text")  # type: ignore[attr-defined]
    return {int(i): int(n) for i, n in rows}


def test_lists_picked_from_the_whole_store_are_the_sql_lists(
    stores: tuple[CableStore, CableStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    sqlite, pg = stores
    words = _common(pg)
    expected = {
        (text, key, d): pg.query_ids(_text(text), key, d)
        for text in words for key in SortKey if key is not SortKey.RANK
        for d in (True, False)
    }
    monkeypatch.setattr(reading, "PICK_FROM_ALL", 1)
    pg._cache.clear()  # type: ignore[attr-defined]
    for (text, key, d), ids in expected.items():
        assert pg.query_ids(_text(text), key, d) == ids, (text, key, d)
        # and what SQLite gives, for the orders both stores share (not by relevance)
        assert ids == sqlite.query_ids(_text(text), key, d), (text, key, d)
    # Words with a field filter still go through SQL, with the same answer.
    flt = _text("minister").with_selection(Facet.CLASSIFICATION, ("SECRET",))
    assert set(pg.query_ids(flt)) == set(sqlite.query_ids(flt))


def test_relevance_past_the_cap_ranks_the_hits_with_most_words(
    stores: tuple[CableStore, CableStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    sqlite, pg = stores
    sizes = _sizes(pg)
    exact = {text: pg.query_ids(_text(text), SortKey.RANK) for text in _common(pg)}
    scores = {text: {h.row.id: h.rank for h in pg.search(_text(text), ROWS)} for text in exact}
    for cap_only_sql in (False, True):
        monkeypatch.setattr(reading, "RANK_CAP", CAP)
        monkeypatch.setattr(reading, "SIZES_FROM_LOOKUP", ROWS * 2 if cap_only_sql else CAP)
        if cap_only_sql:  # words with a filter that keeps every cable: the SQL way
            monkeypatch.setattr(reading, "PICK_FROM_ALL", ROWS * 2)
        pg._cache.clear()  # type: ignore[attr-defined]
        for text, full in exact.items():
            flt = _text(text)
            if cap_only_sql:
                flt = flt.with_selection(Facet.CLASSIFICATION, tuple(
                    v for v, _n in pg.facet_counts(Facet.CLASSIFICATION)))
            capped = pg.query_ids(flt, SortKey.RANK)
            assert sorted(capped) == sorted(full) == sorted(
                sqlite.query_ids(flt, SortKey.RANK))
            assert pg.count(flt) == len(capped)
            by_size = sorted(full, key=lambda i: (-sizes[i], i))
            top = by_size[:CAP]
            assert capped[:CAP] == sorted(top, key=lambda i: (-scores[text][i], i)), text
            assert capped[CAP:] == by_size[CAP:], text
            assert pg.query_ids(flt, SortKey.RANK, descending=False) == capped[::-1]
            hits = pg.search(flt, 3)
            assert [h.row.id for h in hits] == capped[:3]
            assert [h.rank for h in hits] == [scores[text][i] for i in capped[:3]]
            assert all("[" in h.snippet for h in hits)
            whole = pg.search(flt, ROWS)
            assert [h.row.id for h in whole] == capped
            assert all(h.rank == 0.0 for h in whole[CAP:])
