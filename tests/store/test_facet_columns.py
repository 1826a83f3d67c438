"""Facet counts from in-memory columns agree with counting by hand."""

from __future__ import annotations

import random
from collections import Counter

from cablereader.store.facet_columns import FacetColumns, ordered


def _grouped(pairs: dict[int, str | None]) -> list[tuple[str | None, str]]:
    """What `SELECT value, group_concat(id) ... GROUP BY 1` gives."""
    groups: dict[str | None, list[int]] = {}
    for cable_id, value in pairs.items():
        groups.setdefault(value, []).append(cable_id)
    return [(value, ",".join(map(str, ids))) for value, ids in groups.items()]


def _columns(origins: dict[int, str | None], tags: dict[int, str], highest: int) -> FacetColumns:
    return FacetColumns(lambda facet: _grouped(origins), lambda: _grouped(tags), highest)


def test_counts_match_a_plain_count() -> None:
    rng = random.Random(3)
    names = ["Embassy Paris", "Embassy Lima", "Secretary of State", None]
    tag_sets = ["PREL PGOV", "PREL", "", "ECON ETRD PREL", "KJUS"]
    ids = rng.sample(range(1, 400), 300)  # gaps, as ids need not be dense
    origins = {i: rng.choice(names) for i in ids}
    tags = {i: rng.choice(tag_sets) for i in ids}
    columns = _columns(origins, tags, 400)
    for size in (0, 1, 50, 300):
        wanted = rng.sample(ids, size)
        expected_origins = Counter(origins[i] for i in wanted if origins[i] is not None)
        assert dict(columns.count("origin", wanted)) == expected_origins
        expected_tags = Counter(t for i in wanted for t in tags[i].split())
        assert dict(columns.count("tag", wanted)) == expected_tags
    missing = next(i for i in range(1, 400) if i not in origins)
    assert columns.count("origin", [0, missing]) == []  # ids that are not cables: nothing
    assert columns.count("tag", [0, missing]) == []


def test_order_by_count_or_newest_first() -> None:
    counted = [("B", 2), ("A", 2), ("C", 5)]
    assert ordered("origin", counted) == [("C", 5), ("A", 2), ("B", 2)]
    assert ordered("year", [("2009", 1), ("2010", 9), ("1985", 3)]) == [
        ("2010", 9),
        ("2009", 1),
        ("1985", 3),
    ]


def test_columns_are_read_once() -> None:
    reads: list[str] = []

    def read_values(facet: str) -> list[tuple[str | None, str]]:
        reads.append(facet)
        return [("x", "1"), ("y", "2")]

    columns = FacetColumns(read_values, lambda: [("A", "1"), ("A B", "2")], 2)
    columns.load(["origin", "tag"])
    assert columns.count("origin", [1, 2]) == [("x", 1), ("y", 1)]
    assert columns.count("tag", [1, 2]) == [("A", 2), ("B", 1)]
    assert columns.count("origin", [2]) == [("y", 1)]
    assert reads == ["origin"]
