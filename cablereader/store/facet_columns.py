"""Facet counts from each cable's facet values held in memory as small integer codes.

Counting a facet in SQL over a search's hits means one lookup in the cables table per
hit and per facet: for 100,000 hits the six counts took 0.9-1.6 s at full scale. Here
each facet is read once (a column of codes indexed by cable id, about 1 MB each, and
the tags of every cable as shared tuples) and counting is a pass in C over the hits
(`Counter` over `map`), some tens of milliseconds. The store rebuilds the columns when
its data changes, and counts the whole store (no filter) from its indexes instead.
"""

from __future__ import annotations

import itertools
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

# Facets listed newest first rather than by count; the rest are by count, then name.
BY_VALUE = frozenset({"year", "month", "released_day"})


@dataclass(slots=True)
class _Column:
    values: list[str | None]  # code -> value
    codes: array[int]  # cable id -> code (0 also for ids that are not cables)


@dataclass(slots=True)
class _TagColumn:
    values: list[str]
    tags_of: list[tuple[int, ...]]  # cable id -> tag codes


def _ids(text: str | None) -> Iterator[int]:
    return map(int, text.split(",")) if text else iter(())


def read_column(groups: Iterable[tuple[str | None, str | None]], highest: int) -> _Column:
    """(value, "id,id,...") pairs, as `SELECT column, group_concat(id) ... GROUP BY 1`
    gives them: SQLite does the grouping in one step, where fetching 251,287 rows one
    by one would hand the GIL back and forth with the window at every row."""
    values: list[str | None] = [None]
    codes = array("I", bytes(4 * (highest + 1)))
    for value, ids in groups:
        code = 0
        if value is not None:
            code = len(values)
            values.append(value)
        for cable_id in _ids(ids):
            codes[cable_id] = code
    return _Column(values, codes)


def read_tags(groups: Iterable[tuple[str, str | None]], highest: int) -> _TagColumn:
    """("TAG TAG ...", "id,id,...") pairs: the cables sharing each set of tags, as the
    cables table keeps them (a TAG never holds a space: the parser splits on spaces).
    Each set is split once and all its cables share one tuple."""
    values: list[str] = []
    code_of: dict[str, int] = {}
    tags_of: list[tuple[int, ...]] = [()] * (highest + 1)
    for text, ids in groups:
        codes = []
        for tag in text.split():
            code = code_of.get(tag)
            if code is None:
                code = code_of[tag] = len(values)
                values.append(tag)
            codes.append(code)
        shared = tuple(codes)
        for cable_id in _ids(ids):
            tags_of[cable_id] = shared
    return _TagColumn(values, tags_of)


def ordered(facet: str, counted: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    if facet in BY_VALUE:
        return sorted(counted, reverse=True)
    return sorted(counted, key=lambda item: (-item[1], item[0]))


def count_column(facet: str, column: _Column, ids: Iterable[int]) -> list[tuple[str, int]]:
    """Counts of the facet's values among `ids` (cables without a value not counted)."""
    counts = Counter(map(column.codes.__getitem__, ids))
    values = column.values
    return ordered(facet, ((str(values[c]), n) for c, n in counts.items() if values[c] is not None))


def count_tags(column: _TagColumn, ids: Iterable[int]) -> list[tuple[str, int]]:
    counts = Counter(itertools.chain.from_iterable(map(column.tags_of.__getitem__, ids)))
    values = column.values
    return ordered("tag", ((values[c], n) for c, n in counts.items()))


class FacetColumns:
    """The columns of one store, read on first use through the callables given."""

    def __init__(
        self,
        read_values: Callable[[str], Iterable[tuple[str | None, str | None]]],
        read_tag_rows: Callable[[], Iterable[tuple[str, str | None]]],
        highest: int,
    ) -> None:
        self._read_values = read_values
        self._read_tag_rows = read_tag_rows
        self.highest = highest
        self._columns: dict[str, _Column] = {}
        self._tags: _TagColumn | None = None

    def load(self, facets: Iterable[str]) -> None:
        """Read the columns now (about 1.4 s at full scale for all six), e.g. while idle."""
        for facet in facets:
            if facet == "tag" and self._tags is None:
                self._tags = read_tags(self._read_tag_rows(), self.highest)
            elif facet != "tag" and facet not in self._columns:
                self._columns[facet] = read_column(self._read_values(facet), self.highest)

    def count(self, facet: str, ids: Iterable[int]) -> list[tuple[str, int]]:
        self.load((facet,))
        if facet == "tag":
            assert self._tags is not None
            return count_tags(self._tags, ids)
        return count_column(facet, self._columns[facet], ids)
