"""An import report in words, for the summary page and for "Save report…".

Text for reading and CSV for a spreadsheet, chosen by the file's extension, so a user
who imports a whole release can sort the failures by reason.
"""

from __future__ import annotations

import csv
import errno
import io
from pathlib import Path

from cablereader.importer.run import ImportReport
from cablereader.store.connection import is_store_file


def _cables(count: int) -> str:
    return f"{count:,} cable" if count == 1 else f"{count:,} cables"


def count_lines(report: ImportReport) -> list[str]:
    """The outcome in plain words, one count a line."""
    lines = []
    if report.cancelled:
        lines.append(
            f"The import was stopped; {_cables(report.committed)} saved before it stopped."
        )
    lines += [
        f"{_cables(report.added)} added",
        f"{_cables(report.updated)} updated (a new version kept)",
        f"{_cables(report.unchanged)} unchanged",
        f"{report.failed:,} failed",
    ]
    skipped = len(report.not_recognised)
    if skipped:
        lines.append(f"{skipped:,} file{'' if skipped == 1 else 's'} not recognised (skipped)")
    return lines


def as_text(report: ImportReport) -> str:
    out = [f"Cable Reader import #{report.run}", "", *count_lines(report)]
    if report.failures:
        out += ["", "Failures:"]
        for failure in report.failures:
            out.append(f"{failure.path}: {failure.reason}")
    if report.not_recognised:
        out += ["", "Not recognised:"]
        out += report.not_recognised
    if report.warnings:
        out += ["", "Warnings:"]
        out += report.warnings
    return "\n".join(out) + "\n"


def as_csv(report: ImportReport) -> str:
    """One row per counted outcome and per problem: kind, file, detail."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["kind", "file", "detail"])
    for kind, value in (
        ("added", report.added),
        ("updated", report.updated),
        ("unchanged", report.unchanged),
        ("failed", report.failed),
    ):
        writer.writerow([kind, "", value])
    if report.cancelled:
        writer.writerow(["cancelled", "", "stopped before the end"])
    for failure in report.failures:
        writer.writerow(["failure", failure.path, failure.reason])
    for path in report.not_recognised:
        writer.writerow(["not recognised", path, ""])
    for warning in report.warnings:
        writer.writerow(["warning", "", warning])
    return buffer.getvalue()


def save_report(report: ImportReport, path: str | Path) -> Path:
    """Write CSV when the name ends in .csv, text otherwise; returns the path written."""
    target = Path(path)
    if is_store_file(str(target)):  # writing it would destroy the store and drop its locks
        raise OSError(errno.EPERM, "that file is the cable store; choose another name")
    body = as_csv(report) if target.suffix.lower() == ".csv" else as_text(report)
    target.write_text(body, encoding="utf-8")
    return target
