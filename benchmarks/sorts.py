"""Whole-store sorts alone: `query_ids` of every cable by each sort key, both ways.

    python -m benchmarks.sorts STORE [--repeat N] [--json OUT]

The same figure as the runner's "sort all by ..." rows (measure.py), without its
searches and facets, to check a change to the sort indexes quickly at full size. Each
sample opens a fresh read-only store (not timed), since orderings are remembered. It
also reads the query plan of each whole-store ORDER BY and the store's size by index.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.window import _ms


def measure_sorts(db_path: str, repeat: int = 5) -> dict[str, Any]:
    from cablereader.store.api import CableFilter, SortKey
    from cablereader.store.ordering import order_clause
    from cablereader.store.sqlite_store import SqliteCableStore

    sorts: dict[str, Any] = {}
    for key in SortKey:
        for descending in (False, True):
            samples = []
            plan: list[str] = []
            for _ in range(repeat):
                fresh = SqliteCableStore(db_path, read_only=True)
                started = time.perf_counter()
                fresh.query_ids(CableFilter(), key, descending)
                samples.append((time.perf_counter() - started) * 1000)
                if not plan and key is not SortKey.RANK:
                    sql = f"SELECT c.id FROM cables c ORDER BY {order_clause(key, descending)}"
                    plan = [str(r[3]) for r in fresh.db.execute(f"EXPLAIN QUERY PLAN {sql}")]
                fresh.close()
            sorts[f"{key} {'desc' if descending else 'asc'}"] = {**_ms(samples), "plan": plan}
    store = SqliteCableStore(db_path, read_only=True)
    try:
        page = store.db.execute("PRAGMA page_size").fetchone()[0]
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        free = store.db.execute("PRAGMA freelist_count").fetchone()[0]
        version = store.db.execute("PRAGMA user_version").fetchone()[0]
        try:
            by_name = {
                str(name): int(size)
                for name, size in store.db.execute(
                    "SELECT name, sum(pgsize) FROM dbstat WHERE name LIKE 'cables%'"
                    " OR name LIKE 'sqlite_autoindex_cables%' GROUP BY name"
                )
            }
        except Exception as error:  # dbstat is a compile-time option of SQLite
            by_name = {"unavailable": 0, str(error): 0}
    finally:
        store.close()
    return {
        "schema": version,
        "sort": sorts,
        "file_bytes": Path(db_path).stat().st_size,
        "used_bytes": (pages - free) * page,
        "cables_table_and_indexes_bytes": by_name,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results = measure_sorts(str(args.store), args.repeat)
    text = json.dumps(results, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
