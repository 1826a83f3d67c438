"""The store's one cache: bounded, least recently used out first, all of it forgotten
when the change counter moves."""

from __future__ import annotations

import pytest

from cablereader.store.cache import Lru, ResultCache


def test_the_least_recently_used_goes_first() -> None:
    lru: Lru[str, int] = Lru(2)
    computed: list[str] = []

    def value(key: str) -> int:
        computed.append(key)
        return len(key)

    assert lru.get("a", lambda: value("a")) == 1
    assert lru.get("bb", lambda: value("bb")) == 2
    assert lru.get("a", lambda: value("a")) == 1  # kept, and now the most recent
    lru.get("ccc", lambda: value("ccc"))  # "bb" goes
    assert len(lru) == 2
    lru.get("a", lambda: value("a"))
    lru.get("bb", lambda: value("bb"))
    assert computed == ["a", "bb", "ccc", "bb"]


def test_a_failed_computation_remembers_nothing() -> None:
    lru: Lru[str, int] = Lru(2)

    def fail() -> int:
        raise RuntimeError("interrupted")

    for _ in range(2):
        with pytest.raises(RuntimeError):
            lru.get("a", fail)
    assert len(lru) == 0 and lru.get("a", lambda: 5) == 5


def test_every_part_is_forgotten_when_the_counter_moves() -> None:
    counter = [0]
    cache = ResultCache(lambda: counter[0])
    ids: Lru[str, list[int]] = cache.part(4)
    counts: Lru[str, int] = cache.part(4)
    cache.check()
    ids.get("x", lambda: [1])
    counts.get("y", lambda: 1)
    cache.check()  # unchanged: kept
    assert (len(ids), len(counts)) == (1, 1)
    counter[0] += 1
    cache.check()
    assert (len(ids), len(counts)) == (0, 0)
    ids.get("x", lambda: [2])
    cache.clear()
    assert len(ids) == 0
