"""Putting a search's hits in list order without asking SQLite to sort them again.

SQLite sorts a filtered set by walking a column's index and testing every one of the
251,287 cables against the filter (about 150-300 ms for a common word or an origin).
Instead the order of the whole store by each column is read once (100-170 ms) and each
search's ids are picked out of it in order, 20-30 ms however many they are. A few
thousand hits are quicker to sort in SQL by their ids (the store does that).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from cablereader.core.model import CLASSIFICATIONS
from cablereader.store.api import SortKey


def level_of(column: str) -> str:
    """Classification sorts by level (UNCLASSIFIED < ... < SECRET//NOFORN), not by its text.

    The schema indexes this very expression (over `classification`), which is how SQLite
    walks an index instead of sorting: it must stay the same text as the index's, so a
    change to CLASSIFICATIONS needs a new schema step (tests/store/test_sort_indexes.py
    fails otherwise).
    """
    return (
        f"CASE {column} "
        + " ".join(f"WHEN '{name}' THEN {rank}" for rank, name in enumerate(CLASSIFICATIONS))
        + f" ELSE {len(CLASSIFICATIONS)} END"
    )


_LEVEL = level_of("c.classification")


def order_clause(key: SortKey, descending: bool) -> str:
    """ORDER BY text over `cables c`: the key, then ties newest first, then by id.

    Created itself ties by id only, in the same direction, so that the default order
    (newest first) stays a walk of its index. Every other key has two indexes (schema
    step _sort_indexes): `(key, created DESC, id DESC)` walked forwards for ascending,
    and `(key, created, id)` walked backwards for descending, since `key DESC, created
    DESC, id DESC` is not the reverse of the ascending order. The reference ID is unique, so it
    has no ties and its own index, holding only it and the id, serves both directions.
    """
    direction = "DESC" if descending else "ASC"
    if key is SortKey.CREATED:
        return f"c.created {direction}, c.id {direction}"
    if key is SortKey.REFERENCE_ID:  # unique: naming the ties would only make SQLite
        return f"c.reference_id {direction}"  # read every row for a created it never uses
    column = _LEVEL if key is SortKey.CLASSIFICATION else f"c.{key}"
    return f"{column} {direction}, c.created DESC, c.id DESC"


def whole_order_sql(key: SortKey, descending: bool) -> str:
    """Every cable's id in the list's order: a walk of one index, never a sort."""
    return f"SELECT c.id FROM cables c ORDER BY {order_clause(key, descending)}"


class WholeOrder:
    """Every cable id in ascending order of one column, ties by id."""

    def __init__(self, ids: list[int]) -> None:
        self.ids = ids
        self.highest = max(ids, default=0)

    def pick(self, wanted: Iterable[int], descending: bool) -> list[int]:
        """The ids of `wanted` that are in the order, arranged as there (or reversed).

        Through a mask indexed by id (ids are the store's dense integer keys), which
        costs the same however many the hits are: worth it for many, not for a few.
        """
        mask = bytearray(self.highest + 1)
        for cable_id in wanted:
            if 0 < cable_id <= self.highest:
                mask[cable_id] = 1
        picked = list(itertools.compress(self.ids, map(mask.__getitem__, self.ids)))
        if descending:
            picked.reverse()
        return picked
