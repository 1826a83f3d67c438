"""What a scan found, told before anything is written: counts by format and build, and
how much of it the store already holds, as far as that is cheap to know.

Plain Python (no Qt) so the scan worker can build it off the GUI thread and tests can
check the numbers directly.
"""

from __future__ import annotations

import io
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cablereader.core.formats.csv_rows import iter_raw_rows
from cablereader.core.formats.detect import HEAD_BYTES
from cablereader.core.formats.site_page import TABLE_MARK, page_build
from cablereader.core.model import SiteBuild, SourceFormat
from cablereader.importer.reading import open_regular
from cablereader.importer.run import is_failure
from cablereader.importer.scan import FoundFile
from cablereader.store.protocol import CableStore

CSV_SAMPLE_BYTES = 1 << 20  # rows of a big cables.csv are estimated from its first MB
PAGE_TAIL_BYTES = 32_768  # big Aug 2011 pages keep their cable table near the end

BUILD_NAMES = {
    SiteBuild.NOV_2010: "Nov 2010 build",
    SiteBuild.DEC_2010: "Dec 2010 build",
    SiteBuild.EARLY_2011: "Cablegate site, early 2011",
    SiteBuild.AUG_2011: "Aug 2011 build",
    SiteBuild.UNKNOWN: "no cable table seen (may fail)",
}


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def estimate_csv_rows(path: str, size: int) -> tuple[int, bool]:
    """Rows in a cables.csv and whether the count is exact.

    Counting the rows of the 1.7 GB file would take as long as reading it, so a big file
    is estimated from the average row size in its first megabyte.
    """
    try:
        with os.fdopen(open_regular(path)[0], "rb") as handle:  # never a pipe (reading.py)
            sample = handle.read(CSV_SAMPLE_BYTES)
    except OSError:
        return 0, False
    rows = list(iter_raw_rows(io.BytesIO(sample), chunk_size=len(sample) + 1))
    if len(sample) >= size:
        return len(rows), True
    if len(rows) < 2:
        return 1, False
    last = rows[-1]  # probably cut off by the sample's end: average the complete ones
    average = last.offset / (len(rows) - 1)
    return max(len(rows), round(size / average)), False


def refine_page_build(found: FoundFile) -> SiteBuild:
    """The build of a page whose head did not tell it (pages over 64 KB).

    The scan reads only a file's head, but the builds differ in a script named at the end
    of the page, and the Aug 2011 pages put their cable table after ~180 KB of sidebar:
    the head (the table of a long Nov/Dec 2010 page) plus the tail settle it cheaply.
    """
    if found.format is not SourceFormat.SITE_PAGE or found.build is not SiteBuild.UNKNOWN:
        return found.build
    try:
        with os.fdopen(open_regular(found.path)[0], "rb") as handle:
            handle.seek(max(0, found.size - PAGE_TAIL_BYTES))
            tail = handle.read()
            if TABLE_MARK.encode() in tail:  # every Aug 2011 page: one small read
                return page_build(tail)
            handle.seek(0)
            return page_build(handle.read(HEAD_BYTES) + tail)
    except OSError:
        return SiteBuild.UNKNOWN


@dataclass
class ScanSummary:
    """Counts for the scan page; `files` is what the import will be given."""

    files: list[FoundFile] = field(default_factory=list)
    pages_by_build: Counter[SiteBuild] = field(default_factory=Counter)
    csv_files: int = 0
    csv_rows: int = 0
    csv_rows_exact: bool = True
    text_pages: int = 0
    not_recognised: list[str] = field(default_factory=list)
    will_fail: list[tuple[str, str]] = field(default_factory=list)
    unchanged_files: int = 0
    new_pages: int = 0
    new_cables: int = 0  # distinct: one cable can have a page in each site build
    existing_pages: int = 0
    compared: bool = False

    @property
    def importable(self) -> int:
        return sum(self.pages_by_build.values()) + self.csv_files + self.text_pages

    def format_lines(self) -> list[str]:
        """One line per kind of file found, in words."""
        lines = []
        for build, count in sorted(self.pages_by_build.items(), key=lambda item: str(item[0])):
            lines.append(f"{_plural(count, 'Cablegate page')}, {BUILD_NAMES[build]}")
        if self.csv_files:
            about = "" if self.csv_rows_exact else "about "
            name = "cables.csv" if self.csv_files == 1 else "cables.csv files"
            lines.append(f"{self.csv_files} {name}, {about}{_plural(self.csv_rows, 'row')}")
        if self.text_pages:
            lines.append(_plural(self.text_pages, "text page"))
        if self.will_fail:
            lines.append(f"{_plural(len(self.will_fail), 'file')} that cannot be read as cables")
        if self.not_recognised:
            lines.append(f"{_plural(len(self.not_recognised), 'file')} not recognised (skipped)")
        return lines or ["No files found"]

    def store_lines(self) -> list[str]:
        """How the files compare with the collection, where that is known before reading."""
        if not self.compared:
            return ["Not compared with your collection (it could not be opened for reading)"]
        lines = []
        if self.new_pages:
            lines.append(
                f"{_plural(self.new_cables, 'cable')} new to your collection"
                f" (in {_plural(self.new_pages, 'page')})"
            )
        if self.existing_pages:
            lines.append(
                f"{_plural(self.existing_pages, 'page')} of cables already in your collection"
                " (a changed text is kept as a new version)"
            )
        if self.unchanged_files:
            lines.append(
                f"{_plural(self.unchanged_files, 'file')} imported before and unchanged"
                " (skipped quickly)"
            )
        if self.csv_files:
            lines.append("cables.csv rows are compared with your collection while importing")
        return lines


def summarise(
    files: Iterable[FoundFile],
    store: CableStore | None,
    cancelled: Callable[[], bool] = lambda: False,
) -> ScanSummary:
    """Count what was found; compare with `store` (its own connection) when given."""
    summary = ScanSummary(files=list(files))
    stems: list[str] = []
    for found in summary.files:
        if cancelled():
            break
        if found.format is None or found.error:
            if is_failure(found):
                summary.will_fail.append((found.shown, found.error or "not a cable file"))
            else:
                summary.not_recognised.append(found.shown)
            continue
        if store is not None and store.file_unchanged(found.shown, found.size, found.mtime_ns):
            summary.unchanged_files += 1
        elif found.format is SourceFormat.SITE_PAGE:
            stems.append(Path(found.shown).stem.upper())
        if found.format is SourceFormat.SITE_PAGE:
            summary.pages_by_build[refine_page_build(found)] += 1
        elif found.format is SourceFormat.CSV:
            rows, exact = estimate_csv_rows(found.path, found.size)
            summary.csv_files += 1
            summary.csv_rows += rows
            summary.csv_rows_exact = summary.csv_rows_exact and exact
        else:
            summary.text_pages += 1
    if store is not None:
        existing = store.existing_ids(stems)
        summary.existing_pages = sum(1 for stem in stems if stem in existing)
        summary.new_pages = len(stems) - summary.existing_pages
        summary.new_cables = len(set(stems) - existing)
        summary.compared = True
    return summary
