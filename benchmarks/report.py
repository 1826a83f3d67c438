"""The runner's targets, its table of results and the files it writes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import window
from benchmarks.timing import MB


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


def _floor_rows(imp: dict[str, Any]) -> list[list[str]]:
    """The strict floor (../shared/bench/floor_import.py: one transaction, one FTS5
    'rebuild'), the import's ratio to it in wall and CPU time, and our own older floor
    when it was run."""
    rows: list[list[str]] = []
    strict = imp.get("strict_floor") or {}
    csv_ = imp["csv"]
    if "seconds" in strict:
        cpu = f", {strict['cpu_seconds']:.1f} s CPU" if "cpu_seconds" in strict else ""
        rows.append(
            [
                "Import",
                "Strict floor (floor_import.py: one transaction, one FTS5 rebuild)",
                f"{strict['seconds']:.1f} s{cpu}, {strict['db_mb']:,.0f} MB",
                "",
                "",
            ]
        )
        ratio = imp.get("ratio")
        rows.append(
            [
                "Import",
                "Import / strict floor (wall, same file, same session)",
                f"{ratio:.2f} ×" if ratio is not None else "n/a",
                "≤ 1.5 ×",
                TARGETS["import_ratio"].check(ratio),
            ]
        )
        if imp.get("cpu_ratio") is not None:
            rows.append(
                [
                    "Import",
                    "Import / strict floor (CPU, workers included)",
                    f"{imp['cpu_ratio']:.2f} × ({csv_.get('cpu_seconds', 0):.1f} s CPU)",
                    "",
                    "",
                ]
            )
    else:
        rows.append(["Import", "Strict floor", strict.get("skipped", "not run"), "", "n/a"])
    own = imp.get("floor")
    if own and "seconds" in own:
        rows.append(
            [
                "Import",
                "Own floor (benchmarks/floor.py: FTS5 batch by batch under WAL)",
                f"{own['seconds']:.1f} s (import / it: {imp['own_floor_ratio']:.2f} ×)",
                "",
                "",
            ]
        )
    return rows


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
    rows.extend(_floor_rows(imp))
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
    if "postgresql" in results:
        from benchmarks import postgres

        rows.extend(postgres.table_rows(results["postgresql"]))
    if "research" in results:
        from benchmarks import user_data

        rows.extend(user_data.table_rows(results["research"]))
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
