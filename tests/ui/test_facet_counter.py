"""Counting facets in a thread: right counts, newest filter wins, clean stop."""

from __future__ import annotations

from cablereader.core.query import parse_query
from cablereader.store.api import CableFilter, Facet
from cablereader.ui.facet_counter import FacetCounter, count_all


def test_counts_come_back_from_the_thread(qtbot, corpus_store) -> None:
    counter = FacetCounter(corpus_store)
    try:
        flt = CableFilter(query=parse_query("embassy"))
        with qtbot.waitSignal(counter.counted, timeout=300_000) as blocker:
            counter.request(flt)
        got_filter, counts = blocker.args
        assert got_filter == flt
        assert counts == count_all(corpus_store, flt)
        assert set(counts) == set(Facet)
    finally:
        counter.stop()


def test_fast_requests_end_with_the_newest(qtbot, corpus_store) -> None:
    counter = FacetCounter(corpus_store)
    answered: list[CableFilter] = []
    counter.counted.connect(lambda flt, _counts: answered.append(flt))
    try:
        texts = ["iran", "class:secret", "tag:PREL", "embassy", "origin:paris"]
        for text in texts:
            counter.request(CableFilter(query=parse_query(text)))
        newest = CableFilter(query=parse_query(texts[-1]))
        qtbot.waitUntil(lambda: newest in answered, timeout=300_000)
        assert answered[-1] == newest  # whatever was skipped, the last word is the newest
    finally:
        counter.stop()
