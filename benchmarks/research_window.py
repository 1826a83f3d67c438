"""What a reader's own marks add to the window, timed on a seeded store (offscreen).

The list filtered by `is:starred`, `in:"..."`, `has:note` and `note:` is timed by
`window.measure_window` itself, as another kind of search (user_data.measure_stage);
this times the rest: the same filters on the store side (fresh store per sample, as
measure.py times searches) and the browse counts under them, the "Your marks" counts,
the Notes view of every note and highlight, the list's marks delegate (bold unread,
stars) painting page after page while scrolling, and the notes backup of everything.
Runs in its own process (user_data.measure_stage), so its peak memory is its own.
"""

from __future__ import annotations

import os
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.window import _ms

SCROLL_PAGES = 40


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def measure_store_side(db_path: str, searches: dict[str, list[str]]) -> dict[str, Any]:
    """The user filters as the list asks them (ids newest first, a screenful of rows)
    and the origin counts under them, each sample on a fresh store: nothing remembered."""
    from benchmarks.measure import _list
    from cablereader.core.query import parse_query
    from cablereader.store.api import CableFilter, Facet, SortKey
    from cablereader.store.sqlite_store import SqliteCableStore

    found: dict[str, Any] = {}
    for kind, texts in searches.items():
        lists: list[float] = []
        facets: list[float] = []
        hits: list[int] = []
        for text in texts:
            flt = CableFilter(query=parse_query(text))
            fresh = SqliteCableStore(db_path, read_only=True)
            fresh.query_ids(CableFilter(), SortKey.CREATED, True)  # as after starting
            started = time.perf_counter()
            hits.append(_list(fresh, flt, True))
            lists.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            fresh.facet_counts(Facet.ORIGIN, flt)
            facets.append((time.perf_counter() - started) * 1000)
            fresh.close()
        found[kind] = {
            "queries": texts,
            "hits": hits,
            "list": _ms(lists),
            "origin counts": _ms(facets),
        }
    return found


def measure_research(db_path: str, searches: dict[str, list[str]]) -> dict[str, Any]:
    """Timings in ms of what only user data adds to the window (see the module doc)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication, QStyledItemDelegate

    from cablereader.research_io import export_notes
    from cablereader.store.sqlite_store import SqliteCableStore
    from cablereader.ui.main_window import MainWindow

    results: dict[str, Any] = {"store side": measure_store_side(db_path, searches)}
    app = QApplication.instance() or QApplication(["cablereader-bench"])
    store = SqliteCableStore(db_path)
    window = MainWindow(store)
    counted: list[bool] = []
    window.facets.counts_shown.connect(lambda: counted.append(True))
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    deadline = time.perf_counter() + 30
    while not counted and time.perf_counter() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 20)
    research = window.research

    # "Your marks": the store's counts, and the panel read again (it is, on the GUI
    # thread, whenever an unread cable is opened or a mark changes).
    results["user_counts"] = _ms([_timed(store.user_counts) for _ in range(10)])
    panel = research.marks_panel
    if panel is not None:
        # The counts come from the counting thread: a refresh ends when they are shown.
        def refreshed() -> None:
            panel.refresh()
            limit = time.perf_counter() + 30
            while not panel.up_to_date and time.perf_counter() < limit:
                app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 5)

        results["Your marks refreshed"] = _ms([_timed(refreshed) for _ in range(10)])
        results["Your marks entries"] = len(panel.entries())

    # The Notes view of every note and highlight, until its list is painted.
    def all_notes() -> int:
        dialog = research.show_all_notes()
        dialog.list.viewport().repaint()
        shown = dialog.model.rowCount()
        dialog.close()
        dialog.deleteLater()
        return shown

    listed: list[int] = []
    results["Notes view, all items"] = _ms(
        [_timed(lambda: listed.append(all_notes())) for _ in range(5)]
    )
    results["Notes view items"] = listed[-1] if listed else 0
    busiest = max(
        {n.reference_id for n in store.notes()} or {""},
        key=lambda r: len(store.notes(r)) + len(store.highlights(r)) if r else 0,
    )
    research.notes_dock.show()

    def one_cable() -> None:
        research.notes_panel.show_cable(busiest)
        research.notes_panel.list.viewport().repaint()

    results["Notes panel, one cable"] = _ms([_timed(one_cable) for _ in range(10)])
    results["Notes panel items"] = research.notes_panel.list.count()
    research.notes_dock.hide()

    # Scrolling: a page at a time, each until the viewport is repainted; first with the
    # marks delegate (rows fetched for the first time), then the same pages with Qt's
    # plain delegate and with the marks delegate again (rows in memory both times).
    table = window.table
    bar = table.verticalScrollBar()
    marks = table.itemDelegate()

    def scroll(pages: int) -> list[float]:
        bar.setValue(0)
        app.processEvents()
        samples = []
        for _ in range(pages):
            started = time.perf_counter()
            bar.setValue(bar.value() + bar.pageStep())
            table.viewport().repaint()
            samples.append((time.perf_counter() - started) * 1000)
        return samples

    results["scroll, marks delegate, rows fetched"] = _ms(scroll(SCROLL_PAGES))
    plain = QStyledItemDelegate(table)
    table.setItemDelegate(plain)
    results["scroll, Qt's plain delegate"] = _ms(scroll(SCROLL_PAGES))
    table.setItemDelegate(marks)
    results["scroll, marks delegate"] = _ms(scroll(SCROLL_PAGES))
    window.search_field.setText("is:starred")
    window.apply_filter()
    app.processEvents()
    results["scroll, marks delegate, is:starred"] = _ms(scroll(SCROLL_PAGES // 2))
    window.search_field.setText("")
    window.apply_filter()

    # The notes backup of everything (File ▸ Export my notes…), its size.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "notes.json"
        results["notes export"] = _ms([_timed(lambda: export_notes(store, path)) for _ in range(3)])
        results["notes export bytes"] = path.stat().st_size
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    window.close()
    store.close()
    return results


# (figure, target in ms, what the target is) for the table; "set here" where the
# project has none: a 60 Hz frame for scrolling, a second for the Notes view and export.
TARGETS = (
    ("user_counts", 50.0, "< 50 ms (in the open target: run when an unread cable opens)"),
    ("Your marks refreshed", 50.0, "< 50 ms (as above)"),
    ("Notes view, all items", 1000.0, "< 1 s (set here)"),
    ("Notes panel, one cable", 50.0, "< 50 ms (in the open target)"),
    ("scroll, marks delegate, rows fetched", 16.7, "< 16.7 ms a page (set here: a frame)"),
    ("scroll, marks delegate", 16.7, "< 16.7 ms a page (set here: a frame)"),
    ("scroll, Qt's plain delegate", None, "(for comparison)"),
    ("scroll, marks delegate, is:starred", 16.7, "< 16.7 ms a page (set here: a frame)"),
    ("notes export", 2000.0, "< 2 s (set here)"),
)


def _figure(found: dict[str, Any]) -> str:
    return f"p50 {found['p50_ms']:.1f} ms, p95 {found['p95_ms']:.1f} ms"


def table_rows(research: dict[str, Any]) -> list[list[str]]:
    rows: list[list[str]] = []
    for kind, found in research["store side"].items():
        hits = sorted(found["hits"])
        p50 = found["list"]["p50_ms"]
        rows.append(
            [
                "Research (store)",
                f"list {kind} (hits {hits[0]:,}-{hits[-1]:,}), fresh store",
                _figure(found["list"]),
                "p50 < 50 ms, p95 < 300 ms",
                "PASS" if p50 < 50 and found["list"]["p95_ms"] < 300 else "MISS",
            ]
        )
        rows.append(
            [
                "Research (store)",
                f"origin counts under {kind}, fresh store",
                _figure(found["origin counts"]),
                "p50 < 200 ms",
                "PASS" if found["origin counts"]["p50_ms"] < 200 else "MISS",
            ]
        )
    for name, limit, target in TARGETS:
        if name not in research:
            continue
        p50 = research[name]["p50_ms"]
        extra = ""
        if name == "Notes view, all items":
            extra = f" ({research['Notes view items']:,} items)"
        if name == "notes export":
            extra = f" ({research['notes export bytes'] / 1e6:.1f} MB)"
        if name == "Your marks refreshed":
            extra = f" ({research['Your marks entries']} entries)"
        status = "" if limit is None else ("PASS" if p50 < limit else "MISS")
        rows.append(["Research (window)", name + extra, _figure(research[name]), target, status])
    rows.append(
        [
            "Research (window)",
            "peak RSS (research figures)",
            f"{research['peak_rss_mb']:.0f} MB",
            "< 400 MB",
            "PASS" if research["peak_rss_mb"] < 400 else "MISS",
        ]
    )
    return rows
