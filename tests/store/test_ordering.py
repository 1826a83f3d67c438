"""Picking a search's ids out of a whole-store ordering."""

from __future__ import annotations

import random

from cablereader.store.ordering import WholeOrder


def test_ids_come_in_the_given_order_or_reversed() -> None:
    order = WholeOrder([5, 2, 9, 1, 7])
    assert order.pick([1, 9, 5], descending=False) == [5, 9, 1]
    assert order.pick({1, 9, 5}, descending=True) == [1, 9, 5]


def test_nothing_wanted_and_unknown_ids() -> None:
    order = WholeOrder([3, 1, 2])
    assert order.pick([], descending=False) == []
    # Ids the ordering does not know (gaps, beyond its top id) are simply not there.
    assert order.pick([2, 40, 0], descending=False) == [2]
    assert WholeOrder([4, 8]).pick([6], descending=False) == []


def test_few_and_many_hits_agree_with_sorting() -> None:
    rng = random.Random(7)
    ids = rng.sample(range(1, 5001), 4000)  # gaps, as after a store that lost nothing
    order = WholeOrder(ids)
    place = {cable_id: n for n, cable_id in enumerate(ids)}
    for size in (1, 10, 200, 3000):
        wanted = rng.sample(range(1, 5001), size)
        expected = sorted((i for i in wanted if i in place), key=place.__getitem__)
        assert order.pick(wanted, descending=False) == expected
        assert order.pick(wanted, descending=True) == expected[::-1]
