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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from benchmarks.measure import measure_import, pick_queries
from benchmarks.timing import in_child, peak_rss_mb, summary_ms, timed_ms

HERE = Path(__file__).resolve().parent
TARGET_MS = 300.0
IMPORT_RATIO = 2.0  # at most 2 × the SQLite import


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
def pg_server(given: str | None, cluster: bool = True) -> Iterator[str]:
    """`given`, or a throwaway cluster of this process's own (stopped and removed after)."""
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


def load_average() -> list[float]:
    """The machine's 1/5/15-minute load: the figures mean little on a busy machine."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def _new_database(server: str) -> tuple[str, str]:
    import psycopg

    name = f"cablereader_bench_{os.getpid()}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
    return name, database_url(server, name)


def _drop_database(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _results(
    csv_path: Path, imports: tuple[dict[str, Any], dict[str, Any]],
    sqlite_db: Path, url: str, repeat: int, loads: dict[str, list[float]],
) -> dict[str, Any]:
    """Both stores timed on the same searches (picked from the SQLite store's words)."""
    sqlite_import, pg_import = imports
    queries = pick_queries(str(sqlite_db))
    print("SQLite queries ...", flush=True)
    sqlite_q = in_child(measure_store, str(sqlite_db), queries, repeat)
    loads["after SQLite queries"] = load_average()
    print("PostgreSQL queries ...", flush=True)
    pg_q = in_child(measure_store, url, queries, repeat)
    loads["after PostgreSQL queries"] = load_average()
    return {
        "csv": str(csv_path),
        "cables": pg_import["added"],
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "cores": os.cpu_count(),
        "load_average": loads,
        "import": {"sqlite": sqlite_import, "postgresql": pg_import,
                   "ratio": round(pg_import["seconds"] / sqlite_import["seconds"], 2)},
        "sqlite": sqlite_q,
        "postgresql": pg_q,
    }


def measure_stage(
    csv_path: Path, server: str, sqlite_db: Path, sqlite_import: dict[str, Any], repeat: int
) -> dict[str, Any]:
    """The runner's PostgreSQL stage (benchmarks/run.py --postgres): the CSV imported into
    a new database on `server` (dropped after), then both stores timed, beside the
    runner's own SQLite import of the same CSV and its store."""
    loads = {"start": load_average()}
    name, url = _new_database(server)
    try:
        print("PostgreSQL import ...", flush=True)
        pg_import = in_child(measure_pg_import, str(csv_path), url)
        loads["after PostgreSQL import"] = load_average()
        return _results(csv_path, (sqlite_import, pg_import), sqlite_db, url, repeat, loads)
    finally:
        _drop_database(server, name)


def run(
    csv_path: Path, server: str, repeat: int, work: Path, keep: bool = False,
    reuse: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Import into both stores and measure them; `keep` leaves both stores in place
    (their locations are in the results) and `reuse` (the results of such a run)
    measures the kept stores again without importing, keeping that run's import figures."""
    work.mkdir(parents=True, exist_ok=True)
    loads: dict[str, list[float]] = {"start": load_average()}
    if reuse:
        sqlite_db = Path(reuse["stores"]["sqlite"])
        url = reuse["stores"]["postgresql"]
        loads.update({k: v for k, v in reuse.get("load_average", {}).items()
                      if k.endswith("import")})
        results = _results(csv_path, (reuse["import"]["sqlite"], reuse["import"]["postgresql"]),
                           sqlite_db, url, repeat, loads)
        results["stores"] = reuse["stores"]
        return results
    sqlite_db = work / "pg-bench-sqlite.db"
    name, url = _new_database(server)
    try:
        print("SQLite import ...", flush=True)
        sqlite_import = in_child(measure_import, str(csv_path), str(sqlite_db))
        loads["after SQLite import"] = load_average()
        print(f"  {sqlite_import['seconds']:.1f} s", flush=True)
        print("PostgreSQL import ...", flush=True)
        pg_import = in_child(measure_pg_import, str(csv_path), url)
        loads["after PostgreSQL import"] = load_average()
        print(f"  {pg_import['seconds']:.1f} s", flush=True)
        results = _results(csv_path, (sqlite_import, pg_import), sqlite_db, url, repeat, loads)
    finally:
        if not keep:
            _drop_database(server, name)
            for suffix in ("", "-wal", "-shm"):
                Path(str(sqlite_db) + suffix).unlink(missing_ok=True)
    if keep:
        results["stores"] = {"sqlite": str(sqlite_db), "postgresql": url}
    return results


def table_rows(results: dict[str, Any]) -> list[list[str]]:
    """Rows for the runner's table (benchmarks/report.py): PostgreSQL's figures against
    issue 19's targets, SQLite's beside them in the measure's name."""
    rows: list[list[str]] = []
    imp = results["import"]
    pg_import, lite_import = imp["postgresql"], imp["sqlite"]
    rows.append([
        "PostgreSQL", f"CSV import ({pg_import['added']:,} cables; SQLite"
        f" {lite_import['seconds']:.1f} s)",
        f"{pg_import['seconds']:.1f} s ({imp['ratio']:.2f} × SQLite)", "≤ 2 × SQLite",
        "PASS" if imp["ratio"] <= IMPORT_RATIO else "MISS",
    ])
    rows.append([
        "PostgreSQL", "CSV import failures", str(pg_import["failed"]), "0",
        "PASS" if pg_import["failed"] == 0 else "MISS",
    ])
    rows.append([
        "PostgreSQL", "database size", f"{pg_import['db_bytes'] / 2**20:,.0f} MB", "", "",
    ])

    def row(measure: str, pg: dict[str, Any], lite: dict[str, Any]) -> list[str]:
        return [
            "PostgreSQL", f"{measure} (SQLite p95 {lite.get('p95_ms', 0):.0f} ms)",
            f"p50 {pg['p50_ms']:.0f} ms, p95 {pg['p95_ms']:.0f} ms",
            f"p95 < {TARGET_MS:.0f} ms", "PASS" if pg["p95_ms"] < TARGET_MS else "MISS",
        ]

    lite_all = results["sqlite"]
    for kind, pg in results["postgresql"]["search"].items():
        lite = lite_all["search"].get(kind, {})
        for part, how in (
            ("list", f"list newest first, ~{pg['hits_median']:,} hits"),
            ("ranked", "list by relevance"),
            ("snippets", "20 hits with snippets"),
        ):
            rows.append(row(f"search {kind} ({how})", pg[part], lite.get(part, {})))
    for name, pg in results["postgresql"]["facets"].items():
        rows.append(row(f"facet counts: {name}", pg, lite_all["facets"].get(name, {})))
    for name, pg in results["postgresql"]["sort"].items():
        rows.append(row(f"sort all by {name}", pg, lite_all["sort"].get(name, {})))
    return rows


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
    loads = results.get("load_average", {})
    if loads:
        lines += ["", f"Load average (1/5/15 min, {results.get('cores', '?')} cores): " + "; ".join(
            f"{when} {'/'.join(f'{x:.2f}' for x in load)}" for when, load in loads.items())]
    return "\n".join(lines)


def write(results: dict[str, Any], out: Path, stem: str | None) -> Path:
    """`<stem>.json` with every figure and `<stem>.md`, the table (stem: postgres-<cables>)."""
    out.mkdir(parents=True, exist_ok=True)
    stem = stem or f"postgres-{results['cables']}"
    target = out / f"{stem}.json"
    target.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (out / f"{stem}.md").write_text(markdown(results) + "\n", encoding="utf-8")
    return target


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.postgres", description=__doc__)
    parser.add_argument("--csv", type=Path, required=True)
    parser.add_argument("--pg", help="a server's URL to make the benchmark's database on")
    parser.add_argument("--cluster", action="store_true", help="start a throwaway cluster")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--name", help="the results' file stem (default postgres-<cables>)")
    parser.add_argument("--keep", action="store_true",
                        help="keep both stores (with --pg: a --cluster is removed anyway)")
    parser.add_argument("--reuse", type=Path, metavar="JSON",
                        help="measure the stores a --keep run left again, without importing")
    args = parser.parse_args(argv)
    reuse = json.loads(args.reuse.read_text(encoding="utf-8")) if args.reuse else None
    if reuse:
        results = run(args.csv, "", args.repeat, HERE / "work", reuse=reuse)
    else:
        with pg_server(args.pg, args.cluster) as server:
            results = run(args.csv, server, args.repeat, HERE / "work", keep=args.keep)
    target = write(results, args.out, args.name)
    print()
    print(markdown(results))
    print(f"\n(written to {target})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
