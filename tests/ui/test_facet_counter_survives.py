"""The counting thread outlives any one count that fails.

Counting while another program imported once raised an IndexError in the thread, which
ended it, and the browse counts stopped for the rest of the session. A fault is injected
into the counting function here: the thread logs it, counts again on a fresh connection,
and keeps answering later requests.
"""

from __future__ import annotations

import logging
import threading

import pytest

from cablereader.core.query import parse_query
from cablereader.store.api import CableFilter, Facet
from cablereader.store.sqlite_store import SqliteCableStore
from cablereader.ui import facet_counter
from cablereader.ui.facet_counter import RETRIES, FacetCounter, count_all
from tests.ui.conftest import make_cable, write_cables


@pytest.fixture
def filled(store):
    write_cables(store, make_cable("10TESTPOST1"), make_cable("10TESTPOST2"))
    return store


def test_a_count_that_raises_once_is_counted_again(qtbot, filled, monkeypatch, caplog) -> None:
    real = count_all
    calls: list[CableFilter] = []

    def fails_first(store, flt):
        calls.append(flt)
        if len(calls) == 1:
            raise IndexError("array index out of range")  # as in the race with an import
        return real(store, flt)

    monkeypatch.setattr(facet_counter, "count_all", fails_first)
    counter = FacetCounter(filled)
    try:
        flt = CableFilter(query=parse_query("test"))
        with (
            caplog.at_level(logging.ERROR, logger="cablereader.ui"),
            qtbot.waitSignal(counter.counted, timeout=5000) as blocker,
        ):
            counter.request(flt)
        assert blocker.args == [flt, real(filled, flt)]
        assert calls == [flt, flt]
        assert any("facet counts failed" in r.getMessage() for r in caplog.records)
        # And the thread goes on answering.
        other = CableFilter(query=parse_query("hello"))
        with qtbot.waitSignal(counter.counted, timeout=5000) as blocker:
            counter.request(other)
        assert blocker.args == [other, real(filled, other)]
    finally:
        counter.stop()


def test_a_count_that_always_raises_is_given_up_then_the_next_is_counted(
    qtbot, filled, monkeypatch
) -> None:
    real = count_all
    broken = CableFilter(query=parse_query("test"))
    tried = threading.Semaphore(0)
    calls: list[CableFilter] = []

    def fails_for_one_filter(store, flt):
        calls.append(flt)
        if flt == broken:
            tried.release()
            raise IndexError("array index out of range")
        return real(store, flt)

    monkeypatch.setattr(facet_counter, "count_all", fails_for_one_filter)
    counter = FacetCounter(filled)
    answered: list[CableFilter] = []
    counter.counted.connect(lambda flt, _counts: answered.append(flt))
    try:
        counter.request(broken)
        for _ in range(RETRIES + 1):  # the first try and its retries, no more
            assert tried.acquire(timeout=5)
        fine = CableFilter(query=parse_query("hello"))
        with qtbot.waitSignal(counter.counted, timeout=5000) as blocker:
            counter.request(fine)
        assert blocker.args == [fine, real(filled, fine)]
        assert calls.count(broken) == RETRIES + 1
        assert answered == [fine]
    finally:
        counter.stop()


def test_an_import_committing_between_two_reads_of_a_count_changes_nothing(
    qtbot, filled, monkeypatch, caplog
) -> None:
    """The race itself: another connection commits just after the count read the highest
    id and before it read the facet columns. The count sees one snapshot throughout."""
    assert filled.path is not None
    writer = SqliteCableStore(filled.path)
    real_size = SqliteCableStore._size
    landed: list[int] = []

    def size_then_an_import_commits(self: SqliteCableStore) -> int:
        highest = real_size(self)
        if self.read_only and not landed:  # the counting thread's connection, once
            write_cables(writer, make_cable("10TESTPOST3"), make_cable("10TESTPOST4"))
            landed.append(highest)
        return highest

    monkeypatch.setattr(SqliteCableStore, "_size", size_then_an_import_commits)
    counter = FacetCounter(filled)
    try:
        flt = CableFilter(query=parse_query("test"))  # under a filter: the columns count
        with (
            caplog.at_level(logging.ERROR, logger="cablereader.ui"),
            qtbot.waitSignal(counter.counted, timeout=5000) as blocker,
        ):
            counter.request(flt)
        assert landed == [2]
        assert [r.getMessage() for r in caplog.records] == []
        assert sum(n for _value, n in blocker.args[1][Facet.CLASSIFICATION]) == 2
        # The next count sees the cables committed meanwhile.
        with qtbot.waitSignal(counter.counted, timeout=5000) as blocker:
            counter.request(CableFilter(query=parse_query("test OR hello")))
        assert sum(n for _value, n in blocker.args[1][Facet.CLASSIFICATION]) == 4
    finally:
        counter.stop()
        writer.close()
