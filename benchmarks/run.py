"""The benchmark runner: generate (or reuse) a corpus, measure, compare with the targets.

    python -m benchmarks.run --size small|full [--repeat K] [--out benchmarks/results]

Every figure in the table comes from this run. Imports, the floor, the queries and the
app start each run in a fresh child process, so that each one's peak memory is its own
and no Python-level cache carries over from one to the next (the OS page cache does: the
files were just written, as they would be after a download). Medians over `--repeat`
runs for the imports; percentiles over all samples for the queries. Last, the research
stage (user_data.py) seeds a reader's marks into the CSV store and measures the window
again with them (`--no-research` skips it). With `--postgres`, the PostgreSQL store too
(benchmarks/postgres.py): the CSV imported into a new database on `--pg URL`'s server, or
on a throwaway cluster of the runner's own, and timed beside the CSV store (issue 19).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sqlite3
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks import generate, postgres, user_data, window
from benchmarks.measure import (
    measure_app_start,
    measure_floor,
    measure_import,
    measure_queries,
    measure_strict_floor,
)
from benchmarks.report import markdown, table_rows, write_results
from benchmarks.timing import MB, SEED, in_child, remove_db

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
SIZES = {"small": (2_000, 200), "full": (generate.TOTAL_CABLES, 20_000)}

# -- corpus -------------------------------------------------------------------------------


def ensure_corpus(folder: Path, cables: int, pages: int, seed: int, corpus: Path) -> dict[str, Any]:
    """The generated corpus in `folder`, made only when missing or made with other settings."""
    manifest_path = folder / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if (
            manifest.get("cables_requested"),
            manifest.get("pages_requested"),
            manifest.get("seed"),
        ) == (
            cables,
            pages,
            seed,
        ):
            manifest["reused"] = True
            return manifest
    generate.generate(folder, cables, pages, seed, corpus, progress=True)
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["reused"] = False
    return manifest


# -- machine ------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """What the figures were measured on; they mean little without it."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    try:
        import PySide6

        pyside = PySide6.__version__
    except ImportError:
        pyside = "not installed"
    import cablereader

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": ram_gb,
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "pyside6": pyside,
        "cablereader": getattr(cablereader, "__version__", "?"),
    }


# -- the run ------------------------------------------------------------------------------


def run(
    size: str,
    repeat: int,
    out: Path,
    corpus: Path,
    query_repeat: int = 5,
    app_repeat: int = 3,
    research: bool = True,
    own_floor: bool = True,
    pg: str | None = None,
) -> dict[str, Any]:
    """Generate or reuse the corpus, measure everything, write and return the results.

    The import is compared with the strict floor (measure.STRICT_FLOOR), run just before
    each import on the same file; `own_floor` adds benchmarks/floor.py (FTS5 fed batch by
    batch under WAL, about three times the strict floor's work), labelled as what it is.
    `pg`: None skips the PostgreSQL stage; "" runs it on a throwaway cluster; else the
    URL of a server to make (and drop) the stage's database on.
    """
    cables, pages = SIZES[size]
    folder = WORK / size
    print(f"corpus: {folder} ({cables:,} cables, {pages:,} pages)", flush=True)
    manifest = ensure_corpus(folder, cables, pages, SEED, corpus)
    csv_path = folder / "cables.csv"
    pages_path = folder / "pages"
    csv_db = folder / "store-csv.db"
    html_db = folder / "store-html.db"
    floor_db = folder / "floor.db"
    csv_mb = csv_path.stat().st_size / MB
    pages_mb = manifest["pages_bytes"] / MB
    floors: list[dict[str, Any]] = []
    stricts: list[dict[str, Any]] = []
    imports: list[dict[str, Any]] = []
    htmls: list[dict[str, Any]] = []
    for n in range(repeat):
        print(f"[{n + 1}/{repeat}] strict floor ...", flush=True)
        stricts.append(in_child(measure_strict_floor, str(csv_path), str(floor_db)))
        if own_floor:
            print(f"[{n + 1}/{repeat}] own floor ...", flush=True)
            floors.append(in_child(measure_floor, str(csv_path), str(floor_db)))
        print(f"[{n + 1}/{repeat}] CSV import ...", flush=True)
        imports.append(in_child(measure_import, str(csv_path), str(csv_db)))
        print(f"[{n + 1}/{repeat}] HTML import ...", flush=True)
        htmls.append(in_child(measure_import, str(pages_path), str(html_db)))
    remove_db(floor_db)
    import_s = statistics.median(i["seconds"] for i in imports)
    import_cpu = statistics.median(i["cpu_seconds"] for i in imports)
    html_s = statistics.median(h["seconds"] for h in htmls)
    print("queries ...", flush=True)
    queries = in_child(measure_queries, str(csv_db), query_repeat)
    print("app start ...", flush=True)
    app = measure_app_start(str(csv_db), app_repeat)
    print("window ...", flush=True)
    window_results = in_child(window.measure_window_at, str(csv_db))
    pg_results: dict[str, Any] = {}
    if pg is not None:
        # Before the research stage, so that both stores hold the same cables only.
        print("PostgreSQL ...", flush=True)
        pg_results = postgres_stage(csv_path, csv_db, imports, pg, query_repeat)
    research_results: dict[str, Any] = {}
    if research:
        # Last, since it writes the reader's marks into the CSV store (kept in work/).
        print("research: seeding user data, then the window again ...", flush=True)
        research_results = user_data.measure_stage(str(csv_db))
    results = {
        "size": size,
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": machine(),
        "corpus": manifest,
        "repeat": repeat,
        "import": {
            "csv": {
                "seconds": round(import_s, 2),
                "samples_s": [round(i["seconds"], 2) for i in imports],
                "cpu_seconds": round(import_cpu, 2),
                "cables": imports[-1]["added"],
                "failed": imports[-1]["failed"],
                "failures": imports[-1]["failures"],
                "cables_per_s": round(cables / import_s, 1),
                "mb_per_s": round(csv_mb / import_s, 2),
                "csv_mb": round(csv_mb, 1),
                "db_mb": round(imports[-1]["db_bytes"] / MB, 1),
                "peak_rss_mb": max(i["peak_rss_mb"] for i in imports),
            },
            "strict_floor": _floor_figures(stricts),
            "floor": _floor_figures(floors) if floors else None,
            "ratio": _ratio(import_s, stricts, "seconds"),
            "cpu_ratio": _ratio(import_cpu, stricts, "cpu_seconds"),
            "own_floor_ratio": _ratio(import_s, floors, "seconds") if floors else None,
            "html": {
                "seconds": round(html_s, 2),
                "samples_s": [round(h["seconds"], 2) for h in htmls],
                "pages": htmls[-1]["added"] + htmls[-1]["updated"],
                "failed": htmls[-1]["failed"],
                "failures": htmls[-1]["failures"],
                "pages_per_s": round(pages / html_s, 1),
                "mb_per_s": round(pages_mb / html_s, 2),
                "pages_mb": round(pages_mb, 1),
                "db_mb": round(htmls[-1]["db_bytes"] / MB, 1),
                "peak_rss_mb": max(h["peak_rss_mb"] for h in htmls),
            },
        },
        "queries": queries,
        "app": app,
        "window": window_results,
    }
    if pg_results:
        results["postgresql"] = pg_results
    if research_results:
        results["research"] = research_results
    results["table"] = table_rows(results)
    write_results(results, out)
    return results


def _floor_figures(floors: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians of a floor's runs, or why it was not run."""
    if any("skipped" in f for f in floors):
        return {"skipped": next(f["skipped"] for f in floors if "skipped" in f)}
    figures: dict[str, Any] = {
        "seconds": round(statistics.median(f["seconds"] for f in floors), 2),
        "samples_s": [round(f["seconds"], 2) for f in floors],
        "db_mb": round(floors[-1]["db_bytes"] / MB, 1),
        "peak_rss_mb": max(f["peak_rss_mb"] for f in floors),
    }
    if all("cpu_seconds" in f for f in floors):
        figures["cpu_seconds"] = round(statistics.median(f["cpu_seconds"] for f in floors), 2)
    return figures


def _ratio(value: float, floors: list[dict[str, Any]], key: str) -> float | None:
    """`value` over the floors' median of `key`; None when the floor was not run."""
    if not floors or any(key not in f for f in floors):
        return None
    return round(value / statistics.median(f[key] for f in floors), 2)


def postgres_stage(
    csv_path: Path, csv_db: Path, imports: list[dict[str, Any]], pg: str, repeat: int
) -> dict[str, Any]:
    """benchmarks/postgres.py's comparison, beside the CSV import just measured (its
    median run) and its store; `pg` as for run()."""
    median = statistics.median(i["seconds"] for i in imports)
    sqlite_import = dict(min(imports, key=lambda i: abs(i["seconds"] - median)))
    with postgres.pg_server(pg or None, cluster=True) as server:
        return postgres.measure_stage(csv_path, server, csv_db, sqlite_import, repeat)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="import runs to take the median of (default 3 small, 1 full)",
    )
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument(
        "--skip-own-floor",
        action="store_true",
        help="do not run benchmarks/floor.py beside the strict floor (saves its time)",
    )
    parser.add_argument("--corpus", type=Path, default=generate.DEFAULT_CORPUS)
    parser.add_argument(
        "--no-research",
        action="store_true",
        help="skip the research stage (user data seeded into the CSV store, window again)",
    )
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="also measure the PostgreSQL store (a throwaway cluster unless --pg is given)",
    )
    parser.add_argument(
        "--pg", metavar="URL", help="a server for the PostgreSQL stage (implies --postgres)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    repeat = args.repeat or (3 if args.size == "small" else 1)
    pg = args.pg if args.pg else ("" if args.postgres else None)
    results = run(
        args.size,
        repeat,
        args.out,
        args.corpus,
        research=not args.no_research,
        own_floor=not args.skip_own_floor,
        pg=pg,
    )
    print()
    print(markdown(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
