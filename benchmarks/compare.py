"""Before and after one change, side by side: the window and the whole-store sorts.

    python -m benchmarks.compare --before-window B1.json [B2.json ...] \\
        --after-window A1.json [A2.json ...] [--before-sorts B.json --after-sorts A.json] \\
        [--note TEXT] --out RESULTS/NAME

Reads what `benchmarks.window --json` and `benchmarks.sorts --json` wrote, from runs on
the same store on the same machine, and writes NAME.md (the tables) and NAME.json (all
the inputs as they were). Every figure comes from those files; nothing is typed in.
With several window runs a side, each run's p50 is shown and the median of those is
what is compared with the target (a shared machine's load moves single runs a lot).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path
from typing import Any

from benchmarks.timing import MB
from benchmarks.window import table_rows

_WINDOW_TARGETS = (
    ("browse click", 200.0),
    ("search: rare word", 200.0),
    ("search: medium word", 200.0),
    ("search: phrase", 200.0),
    ("search: field filters", 200.0),
    ("search: common word", 200.0),
    ("sort by a column", 300.0),
    ("open a cable", 50.0),
)
SORT_TARGET_MS = 300.0


def _figure(found: dict[str, Any] | None) -> str:
    if not found:
        return "not measured"
    return f"p50 {found['p50_ms']:.0f} ms, p95 {found['p95_ms']:.0f} ms (n={found['n']})"


def _runs(runs: list[dict[str, Any]], name: str, stage: str) -> tuple[str, float | None]:
    """Each run's p50 and p95, and the median of the p50s."""
    found = [r[name][stage] for r in runs if name in r and stage in r[name]]
    if not found:
        return "not measured", None
    middle = statistics.median(f["p50_ms"] for f in found)
    p50s = " / ".join(f"{f['p50_ms']:.0f}" for f in found)
    p95s = " / ".join(f"{f['p95_ms']:.0f}" for f in found)
    return f"median {middle:.0f} ms (p50 {p50s}; p95 {p95s}; n={found[0]['n']} each)", middle


def _status(p50: float | None, limit: float) -> str:
    return "n/a" if p50 is None else ("PASS" if p50 < limit else "MISS")


def window_table(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[list[str]]:
    rows = []
    for name, limit in _WINDOW_TARGETS:
        for stage in ("painted", "settled"):
            if stage == "settled" and not name.startswith(("browse", "search")):
                continue
            old, _ = _runs(before, name, stage)
            new, middle = _runs(after, name, stage)
            label = "list painted" if stage == "painted" else "counts shown too"
            target = f"< {limit:.0f} ms (p50)" if stage == "painted" else ""
            status = _status(middle, limit) if target else ""
            rows.append([f"{name}: {label}", old, new, target, status])

    def each(runs: list[dict[str, Any]], key: str, unit: str) -> str:
        return " / ".join(f"{r.get(key, 0):.0f}" for r in runs) + f" {unit}"

    for key, label in (
        ("first counts after the list, ms", "first browse counts after the list"),
        ("longest event-loop turn while counting, ms", "longest event-loop turn while counting"),
    ):
        rows.append([label, each(before, key, "ms"), each(after, key, "ms"), "", ""])
    worst = max(r["peak_rss_mb"] for r in after)
    rows.append(
        [
            "peak RSS",
            each(before, "peak_rss_mb", "MB"),
            each(after, "peak_rss_mb", "MB"),
            "< 400 MB",
            _status(worst, 400.0),
        ]
    )
    return rows


def sort_table(before: dict[str, Any], after: dict[str, Any]) -> list[list[str]]:
    rows = []
    for name, new in after["sort"].items():
        old = before["sort"].get(name)
        plan = "; ".join(new.get("plan", [])) or "(falls back to created)"
        old_plan = "; ".join(old.get("plan", [])) if old else ""
        rows.append(
            [
                name,
                _figure(old),
                _figure(new),
                f"< {SORT_TARGET_MS:.0f} ms (p50)",
                _status(new["p50_ms"], SORT_TARGET_MS),
                old_plan,
                plan,
            ]
        )
    return rows


def _md(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(r) + " |" for r in rows]


def write(args: argparse.Namespace) -> dict[str, Any]:
    def load(path: Path | None) -> dict[str, Any] | None:
        return None if path is None else json.loads(path.read_text(encoding="utf-8"))

    data = {
        "note": args.note,
        "window": {
            "before": [load(path) for path in args.before_window],
            "after": [load(path) for path in args.after_window],
        },
        "sorts": {"before": load(args.before_sorts), "after": load(args.after_sorts)},
    }
    before, after = data["window"]["before"], data["window"]["after"]
    lines = [f"# {args.title}", "", args.note, ""]
    lines += ["## The window (`benchmarks.window`)", ""]
    header = ["figure", "before", "after", "target", "after vs target"]
    lines += _md(header, window_table(before, after))
    for number, run in enumerate(after, 1):
        lines += ["", f"The runner's rows for run {number} after the change, timeline included:"]
        lines += ["", *_md(["Area", "Measure", "Value", "Target", "Status"], table_rows(run))]
    sorts_before, sorts_after = data["sorts"]["before"], data["sorts"]["after"]
    if sorts_before and sorts_after:
        lines += ["", "## Whole-store sorts (`benchmarks.sorts`)", ""]
        lines += _md(
            ["sort", "before", "after", "target", "after vs target", "plan before", "plan after"],
            sort_table(sorts_before, sorts_after),
        )
        mb = MB
        lines += [
            "",
            f"Store file: {sorts_before['file_bytes'] / mb:,.1f} MB before (schema"
            f" {sorts_before['schema']}), {sorts_after['file_bytes'] / mb:,.1f} MB after (schema"
            f" {sorts_after['schema']}); pages in use {sorts_before['used_bytes'] / mb:,.1f} MB"
            f" -> {sorts_after['used_bytes'] / mb:,.1f} MB.",
            "",
        ]
        sizes = sorted(
            set(sorts_before["cables_table_and_indexes_bytes"])
            | set(sorts_after["cables_table_and_indexes_bytes"])
        )
        size_rows = [
            [
                name,
                f"{sorts_before['cables_table_and_indexes_bytes'].get(name, 0) / mb:,.1f}",
                f"{sorts_after['cables_table_and_indexes_bytes'].get(name, 0) / mb:,.1f}",
            ]
            for name in sizes
        ]
        lines += _md(["table or index", "MB before", "MB after"], size_rows)
    out: Path = args.out
    out.with_suffix(".md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out.with_suffix(".json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before-window", type=Path, nargs="+", required=True)
    parser.add_argument("--after-window", type=Path, nargs="+", required=True)
    parser.add_argument("--before-sorts", type=Path)
    parser.add_argument("--after-sorts", type=Path)
    parser.add_argument("--title", default="Cable Reader: the window at full size")
    parser.add_argument("--note", default="")
    parser.add_argument("--out", type=Path, required=True)
    write(parser.parse_args(argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
