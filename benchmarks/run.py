"""The benchmark runner: generate (or reuse) a corpus, measure, compare with the targets.

    python -m benchmarks.run --size small|full [--repeat K] [--out benchmarks/results]

Every figure in the table comes from this run. Imports, the floor, the queries and the
app start each run in a fresh child process, so that each one's peak memory is its own
and no Python-level cache carries over from one to the next (the OS page cache does: the
files were just written, as they would be after a download). Medians over `--repeat`
runs for the imports; percentiles over all samples for the queries.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import platform
import random
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import generate, window
from benchmarks.floor import run_floor

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
SIZES = {"small": (2_000, 200), "full": (generate.TOTAL_CABLES, 20_000)}
SEED = 1
MB = 1_000_000
THREE_WORDS = re.compile(r"\b([A-Za-z]{3,}) ([A-Za-z]{3,}) ([A-Za-z]{3,})\b")


@dataclass(frozen=True, slots=True)
class Target:
    """One target of the brief: a limit on a figure, and which way is good."""

    limit: float
    below: bool = True  # True: the figure must be below (or at) the limit

    def check(self, value: float | None) -> str:
        if value is None:
            return "n/a"
        ok = value <= self.limit if self.below else value >= self.limit
        return "PASS" if ok else "MISS"


TARGETS = {
    "import_ratio": Target(1.5),
    "import_seconds_full": Target(180.0),
    "html_pages_per_s": Target(1_500.0, below=False),
    "search_p50_ms": Target(50.0),
    "search_p95_ms": Target(300.0),
    "facet_ms": Target(200.0),
    "sort_ms": Target(300.0),
    "open_ms": Target(50.0),
    "start_s": Target(1.5),
    "memory_mb": Target(400.0),
}


# -- helpers ------------------------------------------------------------------------------


def peak_rss_mb() -> float:
    """This process's peak resident memory: VmHWM from /proc (psutil is not a dependency),
    else getrusage, which Linux reports in KB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def tree_rss_mb(root: int) -> float:
    """Resident memory of a process plus all its descendants, from /proc: the importer
    may parse in worker processes, whose memory counts as much as the writer's."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        ppid = kb = 0
        for line in status.splitlines():
            if line.startswith("PPid:"):
                ppid = int(line.split()[1])
            elif line.startswith("VmRSS:"):
                kb = int(line.split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
        rss[int(entry.name)] = kb
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, ()))
    return round(total / 1024, 1)


class TreeMemory:
    """Samples `tree_rss_mb` of this process in a thread while a measurement runs; twice
    a second is enough for memory that builds up over seconds and costs ~nothing."""

    def __init__(self, interval: float = 0.5) -> None:
        self.interval = interval
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while True:
            self.peak_mb = max(self.peak_mb, tree_rss_mb(os.getpid()))
            if self._stop.wait(self.interval):
                return

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def percentile(samples: Sequence[float], share: float) -> float:
    """Nearest-rank percentile; with few samples p95 is simply the slowest but one."""
    ordered = sorted(samples)
    index = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def timed_ms(action: Callable[[], object]) -> float:
    """Wall time of one call: what a person waits for, whatever the process does."""
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def summary_ms(samples: Sequence[float]) -> dict[str, float]:
    """p50 for the usual case, p95 and max for the cold or unlucky one."""
    return {
        "p50_ms": round(percentile(samples, 0.50), 2),
        "p95_ms": round(percentile(samples, 0.95), 2),
        "max_ms": round(max(samples), 2),
        "n": len(samples),
    }


def in_child(function: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """Run a measurement in a fresh process (spawned, so it starts from a clean slate)."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(function, *args).result()


def remove_db(path: Path) -> None:
    """Every import starts from an empty store, WAL files included."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def db_bytes(path: Path) -> int:
    """Store size on disk, counting a WAL that has not been checkpointed yet."""
    return sum(
        Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists()
    )


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


# -- measurements (each runs in a child process) -----------------------------------------


def measure_import(source: str, db_path: str) -> dict[str, Any]:
    """Import `source` into a new store at `db_path` with the app's own importer."""
    from cablereader.importer.run import import_sources
    from cablereader.store.sqlite_store import SqliteCableStore

    remove_db(Path(db_path))
    with TreeMemory() as memory:
        started = time.perf_counter()
        store = SqliteCableStore(db_path)
        report = import_sources(store, [source])
        store.close()
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "added": report.added,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "failed": report.failed,
        "failures": [str(f) for f in report.failures[:5]],
        "db_bytes": db_bytes(Path(db_path)),
        "main_peak_rss_mb": peak_rss_mb(),
        "peak_rss_mb": max(peak_rss_mb(), memory.peak_mb),
    }


def measure_floor(csv_path: str, db_path: str) -> dict[str, Any]:
    """The floor in its own process, like the import it is compared with."""
    seconds, rows = run_floor(Path(csv_path), Path(db_path))
    return {
        "seconds": seconds,
        "rows": rows,
        "db_bytes": db_bytes(Path(db_path)),
        "peak_rss_mb": peak_rss_mb(),
    }


def _vocabulary(
    db: sqlite3.Connection, low: int, high: int, count: int, rng: random.Random
) -> list[str]:
    """`count` words found in between `low` and `high` cables, from the FTS index itself."""
    rows = db.execute(
        "SELECT term FROM temp.bench_vocab WHERE doc BETWEEN ? AND ? AND length(term) >= 4"
        " AND term GLOB '[a-z]*' AND term NOT GLOB '*[0-9]*' ORDER BY term",
        [low, high],
    ).fetchall()
    terms = [r[0] for r in rows]
    return rng.sample(terms, min(count, len(terms)))


def pick_queries(db_path: str, seed: int = SEED, per_kind: int = 5) -> dict[str, list[str]]:
    """Search texts by kind, chosen from the store's own vocabulary and facets so that
    "rare", "medium" and "common" mean the same share of cables at any corpus size."""
    from cablereader.store.api import Facet
    from cablereader.store.sqlite_store import SqliteCableStore

    rng = random.Random(seed)
    store = SqliteCableStore(db_path, read_only=True)
    total = store.count()
    db = sqlite3.connect(db_path)
    db.execute("CREATE VIRTUAL TABLE temp.bench_vocab USING fts5vocab(main, cable_text, row)")
    rare = _vocabulary(db, 2, max(5, total // 5_000), per_kind, rng)
    medium = _vocabulary(db, max(6, total // 200), max(12, total // 50), per_kind, rng)
    common = _vocabulary(db, max(13, total // 4), total, per_kind, rng)
    db.close()
    phrases: list[str] = []
    ids = [r[0] for r in store.db.execute("SELECT reference_id FROM cables ORDER BY id")]
    for reference_id in rng.sample(ids, min(len(ids), per_kind * 3)):
        stored = store.fetch_cable(reference_id)
        if stored is None:
            continue
        # Three words that stand next to each other in a real body, so the phrase hits.
        runs = THREE_WORDS.findall(stored.cable.body)
        if runs:
            phrases.append('"' + " ".join(rng.choice(runs)).lower() + '"')
        if len(phrases) >= per_kind:
            break
    origins = [name for name, _ in store.facet_counts(Facet.ORIGIN)]
    tags = [name for name, _ in store.facet_counts(Facet.TAG)]
    years = [name for name, _ in store.facet_counts(Facet.YEAR)]
    store.close()
    top_origin = origins[0].split()[-1].lower() if origins else "paris"
    mid_origin = origins[len(origins) // 2].split()[-1].lower() if origins else "lima"
    year = years[len(years) // 4] if years else "2009"
    fields = [
        f"origin:{top_origin}",
        f"origin:{mid_origin}",
        f"tag:{tags[0] if tags else 'PREL'}",
        f"tag:{tags[len(tags) // 2] if tags else 'PGOV'}",
        "class:secret",
        "class:unclassified",
        f"from:{year}-01-01 to:{year}-12-31",
        f"origin:{top_origin} tag:{tags[0] if tags else 'PREL'} class:confidential",
    ]
    return {
        "rare word": rare,
        "medium word": medium,
        "common word": common,
        "phrase": phrases,
        "field filters": fields,
        "every cable": ["from:1900"],
    }


def _list(store: Any, flt: Any, newest_first: bool) -> int:
    """What the list shows for a search: every matching id in the list's order (newest
    first unless the reader sorts by relevance), then a screenful of rows."""
    from cablereader.store.api import SortKey

    ids = store.query_ids(flt, SortKey.CREATED if newest_first else SortKey.RANK, True)
    store.fetch_rows(ids[:100])
    return len(ids)


def measure_queries(db_path: str, repeat: int = 5, seed: int = SEED) -> dict[str, Any]:
    """Search, facet, sort and open timings on a store, as the app issues them."""
    from cablereader.core.query import parse_query
    from cablereader.store.api import CableFilter, Facet, SortKey
    from cablereader.store.sqlite_store import SqliteCableStore

    queries = pick_queries(db_path, seed)
    store = SqliteCableStore(db_path, read_only=True)
    total = store.count()
    search: dict[str, Any] = {}
    for kind, texts in queries.items():
        list_samples: list[float] = []
        ranked_samples: list[float] = []
        snippet_samples: list[float] = []
        hits: list[int] = []
        for text in texts:
            flt = CableFilter(query=parse_query(text))
            for _ in range(repeat):
                # The store keeps recent results, so every sample starts from a store as
                # the app has it after starting: opened, the default list read (untimed).
                fresh = SqliteCableStore(db_path, read_only=True)
                fresh.query_ids(CableFilter(), SortKey.CREATED, True)
                list_samples.append(
                    timed_ms(lambda s=fresh, f=flt, h=hits: h.append(_list(s, f, True)))
                )
                ranked_samples.append(timed_ms(lambda s=fresh, f=flt: _list(s, f, False)))
                snippet_samples.append(timed_ms(lambda s=fresh, f=flt: s.search(f, 20)))
                fresh.close()
        if not list_samples:
            search[kind] = {"queries": [], "skipped": "no such words in this corpus"}
            continue
        search[kind] = {
            "queries": texts,
            "hits_median": int(statistics.median(hits)),
            "list": summary_ms(list_samples),
            "ranked": summary_ms(ranked_samples),
            "snippets": summary_ms(snippet_samples),
        }
    # The store may keep facet counts until the data changes, but a person meets the
    # uncached cost on every new filter: "first" opens a fresh store for each sample
    # (opening not timed), "cached" repeats the call on one store.
    tagged = CableFilter().with_selection(Facet.CLASSIFICATION, ("SECRET",))
    cases = [(str(f), f, CableFilter()) for f in Facet]
    cases.append(("origin | class=SECRET", Facet.ORIGIN, tagged))
    facets: dict[str, Any] = {}
    for name, facet, flt in cases:
        first: list[float] = []
        for _ in range(repeat):
            fresh = SqliteCableStore(db_path, read_only=True)
            first.append(timed_ms(lambda s=fresh, f=facet, c=flt: s.facet_counts(f, c)))
            fresh.close()
        cached = [timed_ms(lambda f=facet, c=flt: store.facet_counts(f, c)) for _ in range(repeat)]
        facets[name] = {**summary_ms(first), "cached": summary_ms(cached)}
    sorts: dict[str, Any] = {}
    for key in SortKey:
        for descending in (False, True):
            # The store remembers orderings, so each sample is a fresh store (opening
            # not timed): the cost of the first click on a column header.
            samples = []
            for _ in range(repeat):
                fresh = SqliteCableStore(db_path, read_only=True)
                samples.append(
                    timed_ms(lambda s=fresh, k=key, d=descending: s.query_ids(CableFilter(), k, d))
                )
                fresh.close()
            sorts[f"{key} {'desc' if descending else 'asc'}"] = summary_ms(samples)
    rng = random.Random(seed)
    ids = [r[0] for r in store.db.execute("SELECT reference_id FROM cables")]
    chosen = rng.sample(ids, min(len(ids), 100))
    open_samples = [timed_ms(lambda r=r: store.fetch_cable(r)) for r in chosen]
    store.close()
    return {
        "cables": total,
        "search": search,
        "facets": facets,
        "sort": sorts,
        "open": summary_ms(open_samples),
        "peak_rss_mb": peak_rss_mb(),
    }


APP_PROBE = r"""
import inspect, json, sys, time
started = float(sys.argv[2])
import cablereader.app as app_module
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

entry = getattr(app_module, "main", None)
if callable(entry) and "run" in inspect.signature(entry).parameters:
    # The app's own entry point, stopped before its event loop.
    code = entry(["--db", sys.argv[1]], run=False)
    qapp = QApplication.instance()
    window = qapp.property("cablereader_window") if qapp is not None else None
    how = "app.main(run=False)"
else:
    code, window = 0, None
if window is None:
    from cablereader.store.sqlite_store import SqliteCableStore
    from cablereader.ui.main_window import MainWindow
    qapp = QApplication.instance() or QApplication(["cablereader"])
    window = MainWindow(SqliteCableStore(sys.argv[1]))
    window.show()
    how = "MainWindow(store)"
model = window.list_model

def check():
    if model.rowCount() > 0:
        rows = model.rowCount()
        model.row_at(0)
        elapsed = time.time() - started
        print(json.dumps({"ready_s": elapsed, "rows": rows, "how": how}), flush=True)
        qapp.quit()
    else:
        QTimer.singleShot(5, check)

QTimer.singleShot(0, check)
QTimer.singleShot(60000, qapp.quit)
qapp.exec()
"""


def measure_app_start(db_path: str, repeat: int = 3) -> dict[str, Any]:
    """Process start to a filled cable list, offscreen; skipped while there is no app."""
    import importlib.util

    try:
        found = importlib.util.find_spec("cablereader.app")
    except (ImportError, ValueError) as error:
        found, reason = None, str(error)
    else:
        reason = "cablereader.app does not exist yet"
    if found is None:
        return {"measured": False, "reason": f"not measured: {reason}"}
    samples: list[float] = []
    peaks: list[float] = []
    detail: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as config:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": config}
        for _ in range(repeat):
            # Output goes to files, not pipes: wait4 (for the child's own peak memory)
            # must not block on a full pipe.
            with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
                started = time.time()
                proc = subprocess.Popen(
                    [sys.executable, "-c", APP_PROBE, db_path, repr(started)],
                    stdout=out,
                    stderr=err,
                    env=env,
                    text=True,
                )
                _, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = os.waitstatus_to_exitcode(status)
                out.seek(0)
                err.seek(0)
                lines = [line for line in out.read().splitlines() if line.startswith("{")]
                error_text = err.read().strip()[-300:]
            if not lines:
                return {
                    "measured": False,
                    "reason": f"not measured: the probe failed ({error_text})",
                }
            detail = json.loads(lines[-1])
            samples.append(detail["ready_s"])
            peaks.append(usage.ru_maxrss / 1024)
    return {
        "measured": True,
        "start_s": round(statistics.median(samples), 3),
        "samples_s": [round(s, 3) for s in samples],
        "rows": detail.get("rows"),
        "how": detail.get("how"),
        "peak_rss_mb": round(max(peaks), 1),
    }


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
) -> dict[str, Any]:
    """Generate or reuse the corpus, measure everything, write and return the results."""
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
    imports: list[dict[str, Any]] = []
    htmls: list[dict[str, Any]] = []
    for n in range(repeat):
        print(f"[{n + 1}/{repeat}] floor ...", flush=True)
        floors.append(in_child(measure_floor, str(csv_path), str(floor_db)))
        print(f"[{n + 1}/{repeat}] CSV import ...", flush=True)
        imports.append(in_child(measure_import, str(csv_path), str(csv_db)))
        print(f"[{n + 1}/{repeat}] HTML import ...", flush=True)
        htmls.append(in_child(measure_import, str(pages_path), str(html_db)))
    remove_db(floor_db)
    floor_s = statistics.median(f["seconds"] for f in floors)
    import_s = statistics.median(i["seconds"] for i in imports)
    html_s = statistics.median(h["seconds"] for h in htmls)
    print("queries ...", flush=True)
    queries = in_child(measure_queries, str(csv_db), query_repeat)
    print("app start ...", flush=True)
    app = measure_app_start(str(csv_db), app_repeat)
    print("window ...", flush=True)
    window_results = in_child(window.measure_window_at, str(csv_db))
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
                "cables": imports[-1]["added"],
                "failed": imports[-1]["failed"],
                "failures": imports[-1]["failures"],
                "cables_per_s": round(cables / import_s, 1),
                "mb_per_s": round(csv_mb / import_s, 2),
                "csv_mb": round(csv_mb, 1),
                "db_mb": round(imports[-1]["db_bytes"] / MB, 1),
                "peak_rss_mb": max(i["peak_rss_mb"] for i in imports),
            },
            "floor": {
                "seconds": round(floor_s, 2),
                "samples_s": [round(f["seconds"], 2) for f in floors],
                "db_mb": round(floors[-1]["db_bytes"] / MB, 1),
                "peak_rss_mb": max(f["peak_rss_mb"] for f in floors),
            },
            "ratio": round(import_s / floor_s, 2),
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
    results["table"] = table_rows(results)
    write_results(results, out)
    return results


def table_rows(results: dict[str, Any]) -> list[list[str]]:
    """Area, measure, value, target, PASS/MISS/n/a: the Markdown table's rows."""
    rows: list[list[str]] = []
    imp = results["import"]
    csv_ = imp["csv"]
    full = results["size"] == "full"
    rows.append(
        [
            "Import",
            "CSV import time",
            f"{csv_['seconds']:.1f} s",
            "< 180 s (full size)",
            TARGETS["import_seconds_full"].check(csv_["seconds"]) if full else "n/a",
        ]
    )
    rows.append(
        [
            "Import",
            "CSV cables/s, MB/s",
            f"{csv_['cables_per_s']:,.0f} cables/s, {csv_['mb_per_s']:.1f} MB/s",
            "",
            "",
        ]
    )
    rows.append(
        [
            "Import",
            "Floor (csv module + one table + FTS5)",
            f"{imp['floor']['seconds']:.1f} s",
            "",
            "",
        ]
    )
    rows.append(
        [
            "Import",
            "Import / floor",
            f"{imp['ratio']:.2f} ×",
            "≤ 1.5 ×",
            TARGETS["import_ratio"].check(imp["ratio"]),
        ]
    )
    rows.append(
        [
            "Import",
            "CSV failures",
            str(csv_["failed"]),
            "0",
            "PASS" if csv_["failed"] == 0 else "MISS",
        ]
    )
    rows.append(
        [
            "Import",
            "DB size after CSV",
            f"{csv_['db_mb']:,.0f} MB (CSV {csv_['csv_mb']:,.0f} MB)",
            "",
            "",
        ]
    )
    html = imp["html"]
    rows.append(
        [
            "Import",
            "HTML folder pages/s, MB/s",
            f"{html['pages_per_s']:,.0f} pages/s, {html['mb_per_s']:.1f} MB/s "
            f"({html['pages']:,} pages in {html['seconds']:.1f} s)",
            "≥ 1,500 pages/s",
            TARGETS["html_pages_per_s"].check(html["pages_per_s"]),
        ]
    )
    rows.append(
        [
            "Import",
            "HTML failures",
            str(html["failed"]),
            "0",
            "PASS" if html["failed"] == 0 else "MISS",
        ]
    )
    queries = results["queries"]
    for kind, found in queries["search"].items():
        if "list" not in found:
            rows.append(["Search", kind, found.get("skipped", "skipped"), "", "n/a"])
            continue
        typical = kind not in ("common word", "every cable")
        target = "p50 < 50 ms, p95 < 300 ms" if typical else "p95 < 300 ms"
        for key, how in (
            ("list", f"list newest first, ~{found['hits_median']:,} hits"),
            ("ranked", "list by relevance"),
            ("snippets", "20 hits with snippets"),
        ):
            figure = found.get(key)
            if figure is None:
                continue
            status = TARGETS["search_p95_ms"].check(figure["p95_ms"])
            if typical and status == "PASS":
                status = TARGETS["search_p50_ms"].check(figure["p50_ms"])
            rows.append(
                [
                    "Search",
                    f"{kind} ({how})",
                    f"p50 {figure['p50_ms']:.1f} ms, p95 {figure['p95_ms']:.1f} ms",
                    target,
                    status,
                ]
            )
    for name, found in queries["facets"].items():
        rows.append(
            [
                "Browse",
                f"facet counts: {name} (first time)",
                f"p50 {found['p50_ms']:.1f} ms, p95 {found['p95_ms']:.1f} ms"
                f" (cached: p50 {found['cached']['p50_ms']:.1f} ms)",
                "< 200 ms (p50)",
                TARGETS["facet_ms"].check(found["p50_ms"]),
            ]
        )
    for name, found in queries["sort"].items():
        rows.append(
            [
                "Browse",
                f"sort all by {name}",
                f"p50 {found['p50_ms']:.1f} ms, p95 {found['p95_ms']:.1f} ms",
                "< 300 ms (p50)",
                TARGETS["sort_ms"].check(found["p50_ms"]),
            ]
        )
    opened = queries["open"]
    rows.append(
        [
            "Browse",
            f"open a cable ({opened['n']} random)",
            f"p50 {opened['p50_ms']:.1f} ms, p95 {opened['p95_ms']:.1f} ms",
            "< 50 ms (p50)",
            TARGETS["open_ms"].check(opened["p50_ms"]),
        ]
    )
    app = results["app"]
    if app.get("measured"):
        rows.append(
            [
                "App",
                f"start to filled list ({app['rows']:,} rows, {app['how']})",
                f"{app['start_s']:.2f} s",
                "< 1.5 s",
                TARGETS["start_s"].check(app["start_s"]),
            ]
        )
        rows.append(
            [
                "Memory",
                "app peak RSS",
                f"{app['peak_rss_mb']:.0f} MB",
                "< 400 MB",
                TARGETS["memory_mb"].check(app["peak_rss_mb"]),
            ]
        )
    else:
        rows.append(["App", "start to filled list", app["reason"], "< 1.5 s", "n/a"])
    if "window" in results:
        rows.extend(window.table_rows(results["window"]))
    rows.append(
        [
            "Memory",
            "CSV import peak RSS (process tree)",
            f"{csv_['peak_rss_mb']:.0f} MB",
            "< 400 MB",
            TARGETS["memory_mb"].check(csv_["peak_rss_mb"]),
        ]
    )
    rows.append(
        [
            "Memory",
            "HTML import peak RSS (process tree)",
            f"{html['peak_rss_mb']:.0f} MB",
            "< 400 MB",
            TARGETS["memory_mb"].check(html["peak_rss_mb"]),
        ]
    )
    rows.append(
        [
            "Memory",
            "query process peak RSS",
            f"{queries['peak_rss_mb']:.0f} MB",
            "< 400 MB",
            TARGETS["memory_mb"].check(queries["peak_rss_mb"]),
        ]
    )
    return rows


def markdown(results: dict[str, Any]) -> str:
    """The results file: machine and corpus first, so the table is read in context."""
    m = results["machine"]
    c = results["corpus"]
    lines = [
        f"# Cable Reader benchmarks: {results['size']} size, {results['date']}",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM; {m['os']}; "
        f"Python {m['python']}, SQLite {m['sqlite']}, PySide6 {m['pyside6']}, "
        f"cablereader {m['cablereader']}.",
        "",
        f"Corpus: {c['cables']:,} generated cables ({c['csv_bytes'] / MB:,.0f} MB CSV, "
        f"{c['text_bytes'] / max(1, c['cables']) / 1000:.1f} KB text a cable on average, "
        f"{c['over_64k']} over 64 KB, {c['partial']:,} partial extracts) and {c['pages']:,} "
        f"site pages ({c['pages_bytes'] / MB:,.0f} MB), seed {c['seed']}. "
        f"Imports: median of {results['repeat']} run(s).",
        "",
        "| Area | Measure | Value | Target | Status |",
        "|---|---|---|---|---|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in results["table"]]
    return "\n".join(lines) + "\n"


def write_results(results: dict[str, Any], out: Path) -> tuple[Path, Path]:
    """`<size>-<date>.md` for people, `.json` with every sample summary for tools."""
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{results['size']}-{results['date'][:10]}"
    md_path = out / f"{stem}.md"
    json_path = out / f"{stem}.json"
    md_path.write_text(markdown(results), encoding="utf-8")
    json_path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return md_path, json_path


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
    parser.add_argument("--corpus", type=Path, default=generate.DEFAULT_CORPUS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    repeat = args.repeat or (3 if args.size == "small" else 1)
    results = run(args.size, repeat, args.out, args.corpus)
    print()
    print(markdown(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
