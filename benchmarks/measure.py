"""The measurements of the runner; each runs in a child process of its own."""

from __future__ import annotations

import json
import os
import random
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.floor import run_floor
from benchmarks.timing import (
    SEED,
    TreeMemory,
    db_bytes,
    peak_rss_mb,
    remove_db,
    summary_ms,
    timed_ms,
)

THREE_WORDS = re.compile(r"\b([A-Za-z]{3,}) ([A-Za-z]{3,}) ([A-Za-z]{3,})\b")

# -- measurements (each runs in a child process) -----------------------------------------


# The reference of issue 18: one transaction, then one FTS5 'rebuild'. It lives beside the
# project (../shared/bench), is run from there and never copied in.
PROJECT = Path(__file__).resolve().parent.parent
STRICT_FLOOR = PROJECT.parent / "shared" / "bench" / "floor_import.py"


def _cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (the import's workers,
    the floor's process): on a machine shared with other work, the figure that load
    changes least."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure_import(source: str, db_path: str) -> dict[str, Any]:
    """Import `source` into a new store at `db_path` with the app's own importer."""
    from cablereader.importer.run import import_sources
    from cablereader.store.sqlite_store import SqliteCableStore

    remove_db(Path(db_path))
    with TreeMemory() as memory:
        cpu = _cpu_seconds()
        started = time.perf_counter()
        store = SqliteCableStore(db_path)
        report = import_sources(store, [source])
        store.close()
        seconds = time.perf_counter() - started
        cpu = _cpu_seconds() - cpu
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "added": report.added,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "failed": report.failed,
        "failures": [str(f) for f in report.failures[:5]],
        "db_bytes": db_bytes(Path(db_path)),
        "main_peak_rss_mb": peak_rss_mb(),
        "peak_rss_mb": max(peak_rss_mb(), memory.peak_mb),
    }


def measure_strict_floor(csv_path: str, db_path: str) -> dict[str, Any]:
    """The strict floor (STRICT_FLOOR) on the same file, in a process of its own, timed
    from outside: wall and CPU seconds, its database's size and its peak memory."""
    remove_db(Path(db_path))
    if not STRICT_FLOOR.exists():
        return {"skipped": f"{STRICT_FLOOR} not found"}
    cpu = _cpu_seconds()
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(STRICT_FLOOR), csv_path, db_path],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    size = db_bytes(Path(db_path))
    remove_db(Path(db_path))
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "db_bytes": size,
        "peak_rss_mb": round(peak_kb / 1024, 1),
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
