"""The list's whole-store orders are walks of an index, never a sort (schema
step `_sort_indexes`).

At full scale a whole-store ORDER BY that SQLite must sort in a temporary B-tree took
~1.2 s where an index walk takes ~0.2 s (target < 300 ms): every sort key, in both
directions, must find an index that gives `ordering.order_clause` as it is written.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import sqlite_utils

from cablereader.core.model import CLASSIFICATIONS
from cablereader.store import schema
from cablereader.store.api import SortKey
from cablereader.store.ordering import whole_order_sql
from cablereader.store.sqlite_store import SqliteCableStore

SORT_KEYS = [k for k in SortKey if k is not SortKey.RANK]
_NEW_INDEXES = {
    *(f"cables_{c}_newest" for c in ("released", "origin", "subject", "tags")),
    "cables_level",
    "cables_level_newest",
}
# Their (column, id) indexes became (column, created, id) under the same names.
_REPLACED = ("cables_released", "cables_origin", "cables_subject", "cables_tags")


def _fill(db: sqlite_utils.Database, count: int = 300) -> None:
    """Synthetic cables with many ties (few origins, subjects, tags, release days)."""
    rnd = random.Random(13)
    rows = []
    for i in range(1, count + 1):
        year = rnd.randint(1985, 2010)
        created = f"{year}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}T10:00"
        rows.append(
            (
                i,
                f"{year % 100:02d}TEST{i}",
                created,
                rnd.choice(["2011-08-30T00:00", "2010-11-28T00:00", None]),
                rnd.choice(CLASSIFICATIONS),
                rnd.choice(["Embassy Paris", "Embassy Rome", "Secretary of State"]),
                rnd.choice(["VISIT", "TALKS", ""]),
                rnd.choice(["PREL PGOV", "ECON", ""]),
                str(year),
                created[:7],
            )
        )
    with db.conn:
        db.conn.executemany(
            "INSERT INTO cables (id, reference_id, created, released, classification, origin,"
            " subject, tags, year, month) VALUES (?,?,?,?,?,?,?,?,?,?)",
            rows,
        )


def _plan(db: sqlite_utils.Database, sql: str) -> list[str]:
    return [str(row[3]) for row in db.execute(f"EXPLAIN QUERY PLAN {sql}")]


def _indexes(db: sqlite_utils.Database) -> dict[str, str]:
    """Each index's name and its CREATE statement (None for those SQLite made itself)."""
    return {
        r[0]: str(r[1])
        for r in db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'")
    }


# The version before the sort indexes, wherever their step lands among the migrations.
PREVIOUS = schema.MIGRATIONS.index(schema._sort_indexes)


def _old_store(path: Path) -> None:
    """A store as the step before left it, with cables, a file and an import run in it."""
    db = sqlite_utils.Database(path)
    with db.atomic():
        for step in schema.MIGRATIONS[:PREVIOUS]:
            step(db)
        db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {PREVIOUS}")
    _fill(db)
    with db.conn:
        db.execute("INSERT INTO files VALUES ('/x.csv', 1, 1, 'cables-csv', 300, 'then', 2)")
        db.execute("INSERT INTO import_runs VALUES (1, 'then', '[\"/x.csv\"]')")
    db.close()


def _tables(db: sqlite_utils.Database) -> dict[str, list[tuple[object, ...]]]:
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {n: sorted(db.execute(f'SELECT * FROM "{n}"'), key=repr) for n in names}


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("key", SORT_KEYS)
def test_every_whole_order_walks_an_index(store, key: SortKey, descending: bool) -> None:
    _fill(store.db)
    plan = _plan(store.db, whole_order_sql(key, descending))
    assert not any("TEMP B-TREE" in step for step in plan), plan
    assert any("INDEX" in step for step in plan), plan
    # Covering: the ids come from the index alone, not from a lookup of every row.
    assert any("COVERING INDEX" in step for step in plan), plan


def test_facet_filters_still_use_an_index(store) -> None:
    """`origin IN (...)` and the like lost their `(column, id)` index to `(column,
    created, id)`: they must still look up, not scan."""
    _fill(store.db)
    for column in ("origin", "classification", "released", "year", "month", "released_day"):
        plan = _plan(store.db, f"SELECT c.id FROM cables c WHERE c.{column} IN ('a', 'b')")
        assert any("INDEX" in step and "SCAN" not in step for step in plan), (column, plan)


def test_the_version_before_gets_the_indexes_with_its_tables_untouched(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_store(path)
    before_db = sqlite_utils.Database(path)
    before = _tables(before_db)
    old_indexes = _indexes(before_db)
    assert not set(old_indexes) & _NEW_INDEXES
    for name in _REPLACED:
        assert old_indexes[name].endswith(f"({name.removeprefix('cables_')}, id)"), name
    before_db.close()
    upgraded = SqliteCableStore(path)
    try:
        assert upgraded.db.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST
        indexes = _indexes(upgraded.db)
        assert set(indexes) >= _NEW_INDEXES
        for name in _REPLACED:
            assert indexes[name].endswith(f"({name.removeprefix('cables_')}, created, id)")
        after = _tables(upgraded.db)
        # Every table it had keeps its rows; later steps may add tables of their own. The
        # full-text index's own tables are rebuilt by v7 (keeping no text): what it finds
        # is checked in test_contentless_text.py.
        kept = [name for name in before if not name.startswith("cable_text")]
        assert {name: after[name] for name in kept} == {name: before[name] for name in kept}
        assert set(after) - set(before) <= {"store_meta"}
        for key in SORT_KEYS:
            for descending in (False, True):
                plan = _plan(upgraded.db, whole_order_sql(key, descending))
                assert not any("TEMP B-TREE" in step for step in plan), (key, plan)
        assert upgraded.integrity_ok()
        assert upgraded.file_counts("/x.csv") == (300, 2)
    finally:
        upgraded.close()
