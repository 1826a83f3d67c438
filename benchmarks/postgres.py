"""The PostgreSQL store beside the SQLite store, on the same generated cables.csv.

    python -m benchmarks.postgres --csv benchmarks/work/full/cables.csv \\
        [--pg postgresql://user@host/postgres | --cluster] [--repeat K] [--out DIR]

Imports the CSV into a new SQLite store and into a new database on the server (made
from template0 and dropped at the end; `--cluster` starts a throwaway cluster of its own
with initdb/pg_ctl as the tests do, but with a server's usual durability), then times,
on both, the searches the runner picks from the SQLite store's vocabulary
(benchmarks/measure.py): the list newest first, the list by relevance, 20 hits with
snippets; every facet's counts; every sort. Each sample
is a fresh store (the stores keep results), opening not timed. The targets (issue 19):
import at most 2 × SQLite's; search p95, facet counts and sorts under 300 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from benchmarks.measure import measure_import, pick_queries
from benchmarks.timing import in_child, peak_rss_mb, summary_ms, timed_ms

HERE = Path(__file__).resolve().parent
TARGET_MS = 300.0


def database_url(server: str, name: str) -> str:
    return urlunsplit(urlsplit(server)._replace(path="/" + quote(name)))


def measure_pg_import(csv_path: str, url: str) -> dict[str, Any]:
    """Import the CSV into the (empty) database at `url` with the app's own importer."""
    from cablereader.importer.run import import_sources
    from cablereader.store.factory import open_store

    started = time.perf_counter()
    store = open_store(url, create=True)
    report = import_sources(store, [csv_path])
    store.close()
    seconds = time.perf_counter() - started
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
    return {
        "seconds": seconds,
        "added": report.added,
        "failed": report.failed,
        "db_bytes": int(row[0]) if row else 0,
        "peak_rss_mb": peak_rss_mb(),
    }


def measure_store(location: str, queries: dict[str, list[str]], repeat: int) -> dict[str, Any]:
    """Search, facet and sort timings on one store, opened through the factory."""
    from cablereader.core.query import parse_query
    from cablereader.store.api import CableFilter, Facet, SortKey
    from cablereader.store.factory import open_store

    def fresh() -> Any:
        store = open_store(location, read_only=True)
        return store

    search: dict[str, Any] = {}
    for kind, texts in queries.items():
        lists: list[float] = []
        ranked: list[float] = []
        snippets: list[float] = []
        counts: list[int] = []
        for text in texts:
            flt = CableFilter(query=parse_query(text))
            for _ in range(repeat):
                store = fresh()
                store.query_ids(CableFilter(), SortKey.CREATED, True)  # as after starting
                lists.append(timed_ms(lambda s=store, f=flt, c=counts: c.append(
                    len(s.query_ids(f, SortKey.CREATED, True)))))
                ranked.append(timed_ms(lambda s=store, f=flt: s.query_ids(f, SortKey.RANK, True)))
                snippets.append(timed_ms(lambda s=store, f=flt: s.search(f, 20)))
                store.close()
        if lists:
            search[kind] = {
                "queries": texts,
                "hits_median": int(statistics.median(counts)),
                "list": summary_ms(lists),
                "ranked": summary_ms(ranked),
                "snippets": summary_ms(snippets),
            }
    secret = CableFilter().with_selection(Facet.CLASSIFICATION, ("SECRET",))
    facets: dict[str, Any] = {}
    cases = [(str(f), f, CableFilter()) for f in Facet]
    cases.append(("origin | class=SECRET", Facet.ORIGIN, secret))
    cases.append(("tag | common word", Facet.TAG, CableFilter(
        query=parse_query(queries["common word"][0]) if queries.get("common word") else None)))
    for name, facet, flt in cases:
        samples = []
        for _ in range(repeat):
            store = fresh()
            samples.append(timed_ms(lambda s=store, f=facet, c=flt: s.facet_counts(f, c)))
            store.close()
        facets[name] = summary_ms(samples)
    sorts: dict[str, Any] = {}
    for key in SortKey:
        for descending in (False, True):
            samples = []
            for _ in range(repeat):
                store = fresh()
                samples.append(
                    timed_ms(lambda s=store, k=key, d=descending: s.query_ids(CableFilter(), k, d))
                )
                store.close()
            sorts[f"{key} {'desc' if descending else 'asc'}"] = summary_ms(samples)
    return {"search": search, "facets": facets, "sort": sorts, "peak_rss_mb": peak_rss_mb()}


@contextmanager
def _server(given: str | None, cluster: bool):  # type: ignore[no-untyped-def]
    if given:
        yield given
        return
    if not cluster:
        raise SystemExit("give --pg URL (a server to make a database on) or --cluster")
    sys.path.insert(0, str(HERE.parent))
    from tests.pg_cluster import Cluster, pg_bindir

    bindir = pg_bindir()
    if bindir is None:
        raise SystemExit("no PostgreSQL programs here (apt-get install postgresql)")
    made = Cluster(bindir, durable=True)  # fsync and synchronous commits, as a real server
    made.start()
    try:
        yield made.url
    finally:
        made.stop()


def _worst(section: dict[str, Any], pick: Callable[[dict[str, Any]], float]) -> float:
    return max((pick(v) for v in section.values()), default=0.0)


def run(csv_path: Path, server: str, repeat: int, work: Path) -> dict[str, Any]:
    import psycopg

    work.mkdir(parents=True, exist_ok=True)
    sqlite_db = work / "pg-bench-sqlite.db"
    name = f"cablereader_bench_{os.getpid()}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
    url = database_url(server, name)
    try:
        print("SQLite import ...", flush=True)
        sqlite_import = in_child(measure_import, str(csv_path), str(sqlite_db))
        print(f"  {sqlite_import['seconds']:.1f} s", flush=True)
        print("PostgreSQL import ...", flush=True)
        pg_import = in_child(measure_pg_import, str(csv_path), url)
        print(f"  {pg_import['seconds']:.1f} s", flush=True)
        queries = pick_queries(str(sqlite_db))
        print("SQLite queries ...", flush=True)
        sqlite_q = in_child(measure_store, str(sqlite_db), queries, repeat)
        print("PostgreSQL queries ...", flush=True)
        pg_q = in_child(measure_store, url, queries, repeat)
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        for suffix in ("", "-wal", "-shm"):
            Path(str(sqlite_db) + suffix).unlink(missing_ok=True)
    return {
        "csv": str(csv_path),
        "cables": pg_import["added"],
        "import": {"sqlite": sqlite_import, "postgresql": pg_import,
                   "ratio": round(pg_import["seconds"] / sqlite_import["seconds"], 2)},
        "sqlite": sqlite_q,
        "postgresql": pg_q,
    }


def markdown(results: dict[str, Any]) -> str:
    lines = [
        f"PostgreSQL vs SQLite, {results['cables']:,} cables",
        "",
        "| measure | SQLite | PostgreSQL | target (PG) |",
        "| --- | --- | --- | --- |",
    ]
    imp = results["import"]
    lines.append(
        f"| import | {imp['sqlite']['seconds']:.1f} s | {imp['postgresql']['seconds']:.1f} s"
        f" ({imp['ratio']} ×) | ≤ 2 × SQLite |"
    )
    lines.append(
        f"| store size | {imp['sqlite']['db_bytes'] / 2**20:.0f} MB"
        f" | {imp['postgresql']['db_bytes'] / 2**20:.0f} MB | |"
    )
    for kind, pg in results["postgresql"]["search"].items():
        lite = results["sqlite"]["search"].get(kind, {})
        for part in ("list", "ranked", "snippets"):
            lines.append(
                f"| search {kind}: {part} p95 | {lite.get(part, {}).get('p95_ms', 0):.0f} ms"
                f" | {pg[part]['p95_ms']:.0f} ms | < {TARGET_MS:.0f} ms |"
            )
    for section in ("facets", "sort"):
        for name, pg in results["postgresql"][section].items():
            lite = results["sqlite"][section].get(name, {})
            lines.append(
                f"| {section[:-1] if section == 'facets' else 'sort'} {name} p50/max"
                f" | {lite.get('p50_ms', 0):.0f}/{lite.get('max_ms', 0):.0f} ms"
                f" | {pg['p50_ms']:.0f}/{pg['max_ms']:.0f} ms | < {TARGET_MS:.0f} ms |"
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.postgres", description=__doc__)
    parser.add_argument("--csv", type=Path, required=True)
    parser.add_argument("--pg", help="a server's URL to make the benchmark's database on")
    parser.add_argument("--cluster", action="store_true", help="start a throwaway cluster")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args(argv)
    with _server(args.pg, args.cluster) as server:
        results = run(args.csv, server, args.repeat, HERE / "work")
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / f"postgres-{results['cables']}.json"
    target.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print()
    print(markdown(results))
    print(f"\n(written to {target})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
