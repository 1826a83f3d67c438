"""The import pipeline shared by the command line and the wizard.

`import_sources(store, sources, state)` walks the sources, parses each file and writes
through the store in batches, one transaction a batch. A page is written whole or not
at all; a broken CSV row is reported and skipped while the rest of the file imports.
Files already imported with the same size and time are skipped without being read,
which makes a repeated import of the whole release take seconds.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cablereader.core.assemble import CableFormatError
from cablereader.core.formats.csv_rows import RawRow, iter_raw_rows, parse_csv_row
from cablereader.core.model import (
    ParsedVersion,
    ParseFailure,
    SiteBuild,
    Source,
    SourceFormat,
)
from cablereader.importer import parallel
from cablereader.importer.pages import whole_file_version
from cablereader.importer.parallel import RowPool
from cablereader.importer.reading import ReadCancelledError, Stamp, TrackedStream, read_whole
from cablereader.importer.scan import FoundFile, scan
from cablereader.importer.state import ImportState
from cablereader.store.api import PreparedVersion
from cablereader.store.protocol import CableStore

log = logging.getLogger("cablereader.importer")
BATCH = 2000  # rows a transaction: FTS5 merges less with bigger ones (measured: -15%)
BATCH_BYTES = 48 << 20
CABLE_SUFFIXES = frozenset({".html", ".htm", ".csv", ".txt"})


@dataclass(slots=True)
class ImportReport:
    run: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped_files: int = 0
    not_recognised: list[str] = field(default_factory=list)
    cancelled: bool = False
    failures: list[ParseFailure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def committed(self) -> int:
        return self.added + self.updated + self.unchanged

    def fail(self, path: str, reason: str, position: int = 0) -> None:
        self.failed += 1
        self.failures.append(ParseFailure(path, reason, position))


def _csv_versions(
    found: FoundFile,
    report: ImportReport,
    state: ImportState,
    pool: RowPool | None,
    settled: list[bool],
) -> Iterator[ParsedVersion | PreparedVersion]:
    """The file's rows as versions; `settled` gets whether the whole file was read, and
    read as it was when scanned (only then may it be recorded as imported)."""
    name = found.shown
    with TrackedStream(found.path, lambda: state.cancelled) as stream:
        rows = iter_raw_rows(stream.as_binary())
        outcomes = (
            pool.prepared(name, rows)
            if pool is not None and found.size >= parallel.PARALLEL_MIN_BYTES
            else _parsed_rows(name, rows)
        )
        for size, outcome in outcomes:
            if state.cancelled:
                return
            state.progress.bytes_done += size
            if isinstance(outcome, tuple):
                number, reason = outcome
                report.fail(name, f"row {number}: {reason}", number)
                continue
            version = outcome.version if isinstance(outcome, PreparedVersion) else outcome
            for warning in version.cable.warnings:
                report.warnings.append(f"{name} row {version.source.position}: {warning}")
            yield outcome
        settled.append(_settled(found, stream.stamp, stream.steady(), report))


def _settled(found: FoundFile, stamp: Stamp, steady: bool, report: ImportReport) -> bool:
    """Whether what was read is the file the scan saw, whole: a file that changed between
    the scan and the read, or while it was read, is imported as read but not recorded, so
    that the next import reads it again (a file recorded with its scan-time size after it
    shrank was skipped for good once restored)."""
    if steady and stamp == Stamp(found.size, found.mtime_ns):
        return True
    report.warnings.append(
        f"{found.shown}: changed while being imported; imported as read, and read again"
        " by the next import"
    )
    return False


def _parsed_rows(
    path: str, rows: Iterable[RawRow]
) -> Iterator[tuple[int, ParsedVersion | tuple[int, str]]]:
    """The same as the pool's outcomes, in this process: for files too small for a pool."""
    for row in rows:
        try:
            cable = parse_csv_row(row.data)
        except CableFormatError as error:
            yield len(row.data), (row.number, str(error))
            continue
        source = Source(path, SourceFormat.CSV, SiteBuild.CSV_2011, row.data, row.number)
        yield len(row.data), ParsedVersion(cable, source)


class _Writer:
    """Collects versions and writes them in batches, counting outcomes."""

    def __init__(
        self, store: CableStore, report: ImportReport, state: ImportState, run: int
    ) -> None:
        self.store, self.report, self.state, self.run = store, report, state, run
        self.pending: list[ParsedVersion | PreparedVersion] = []
        self.pending_bytes = 0

    def add(self, version: ParsedVersion | PreparedVersion) -> None:
        """Batches end at BATCH rows or BATCH_BYTES of source, whichever comes first:
        2,000 site pages of 190 KB would otherwise hold 380 MB."""
        self.pending.append(version)
        if isinstance(version, PreparedVersion):
            self.pending_bytes += version.size
        else:
            self.pending_bytes += len(version.source.raw)
        if len(self.pending) >= BATCH or self.pending_bytes >= BATCH_BYTES:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        for result in self.store.write_versions(self.pending, self.run):
            if result.outcome == "added":
                self.report.added += 1
            elif result.outcome == "updated":
                self.report.updated += 1
            else:
                self.report.unchanged += 1
        self.state.progress.cables_written += len(self.pending)
        self.pending = []
        self.pending_bytes = 0
        self.state.report()


def _import_file(
    found: FoundFile,
    writer: _Writer,
    report: ImportReport,
    state: ImportState,
    pool: RowPool | None = None,
) -> tuple[int, int]:
    """Import one file: (cables it held, rows that failed); (-1, 0) when it failed whole,
    was cancelled, or must not be recorded as imported (see `_settled`)."""
    name = found.shown
    if found.format is SourceFormat.CSV:
        failed_before = report.failed
        count = 0
        settled: list[bool] = []
        try:
            for version in _csv_versions(found, report, state, pool, settled):
                writer.add(version)
                count += 1
        except ReadCancelledError:
            pass
        except OSError as error:  # gone, unreadable or no longer a regular file
            report.fail(name, f"cannot read: {error.strerror or error}")
            writer.flush()
            return -1, 0
        writer.flush()
        if state.cancelled or settled != [True]:
            return -1, 0
        return count, report.failed - failed_before
    try:
        read = read_whole(found.path, lambda: state.cancelled)
    except ReadCancelledError:
        return -1, 0
    except OSError as error:
        report.fail(name, f"cannot read: {error.strerror or error}")
        return -1, 0
    data = read.data
    state.progress.bytes_done += len(data)
    try:
        version = whole_file_version(name, found.format or SourceFormat.SITE_PAGE, data)
    except CableFormatError as error:
        report.fail(name, str(error))
        return -1, 0
    except (ValueError, KeyError, IndexError) as error:  # a parser bug must not stop the run
        log.exception("parser error in %s", name)
        report.fail(name, f"could not be parsed ({type(error).__name__}: {error})")
        return -1, 0
    for warning in version.cable.warnings:
        report.warnings.append(f"{name}: {warning}")
    writer.add(version)
    return (1, 0) if _settled(found, read.stamp, read.steady, report) else (-1, 0)


def is_failure(found: FoundFile) -> bool:
    """Whether a file the scan found broken or unknown is a failure (the import fails) or
    just not ours (counted aside): unknown files named like cable files, and anything
    that could not be read or listed, are failures."""
    return found.unreadable or Path(found.path).suffix.lower() in CABLE_SUFFIXES


def _needs_import(
    store: CableStore, found: FoundFile, report: ImportReport, state: ImportState
) -> bool:
    """Files that are not ours, broken or already imported are counted here; False then."""
    name = found.shown
    if found.format is None and found.error and not is_failure(found):
        report.not_recognised.append(name)
    elif found.error or found.format is None:
        report.fail(name, found.error or "not a cable file")
    elif store.file_unchanged(name, found.size, found.mtime_ns):
        report.skipped_files += 1
        cables, failed_rows = store.file_counts(name)
        report.unchanged += cables
        if failed_rows:
            report.warnings.append(
                f"{name}: unchanged since it was imported, when {failed_rows} of its"
                " rows could not be read"
            )
        state.progress.bytes_done += found.size
    else:
        return True
    return False


def _import_pages(
    pages: list[FoundFile],
    writer: _Writer,
    report: ImportReport,
    state: ImportState,
    pool: RowPool,
    finished: list[tuple[FoundFile, int, int]],
) -> None:
    """Pages parsed and prepared by the pool, written here in their order."""
    progress = state.progress
    asked = ((found.path, found.shown, str(found.format)) for found in pages)
    for found, (path, read, outcome) in zip(pages, pool.prepared_pages(asked), strict=True):
        if state.cancelled:
            return
        progress.current = path
        progress.bytes_done += read.size
        if isinstance(outcome, str):
            report.fail(path, outcome)
        else:
            for warning in outcome.version.cable.warnings:
                report.warnings.append(f"{path}: {warning}")
            writer.add(outcome)
            if _settled(found, read.stamp, read.steady, report):
                finished.append((found, 1, 0))
        progress.files_done += 1
        state.report()


def _import_all(
    store: CableStore,
    found_files: list[FoundFile],
    writer: _Writer,
    report: ImportReport,
    state: ImportState,
    pools: tuple[RowPool | None, RowPool | None],
    finished: list[tuple[FoundFile, int, int]],
) -> None:
    """Every file in order; with a page pool, runs of pages between other files go
    through it together."""
    progress = state.progress
    row_pool, page_pool = pools
    pages: list[FoundFile] = []

    def flush_pages() -> None:
        if pages and page_pool is not None:
            _import_pages(pages, writer, report, state, page_pool, finished)
        pages.clear()

    for found in found_files:
        if state.cancelled:
            break
        progress.current = found.shown
        if not _needs_import(store, found, report, state):
            progress.files_done += 1
            state.report()
            continue
        if page_pool is not None and found.format is not SourceFormat.CSV:
            pages.append(found)
            continue
        flush_pages()
        cables, failed_rows = _import_file(found, writer, report, state, row_pool)
        if cables >= 0:
            finished.append((found, cables, failed_rows))
        progress.files_done += 1
        state.report()
    if not state.cancelled:
        flush_pages()
    report.cancelled = report.cancelled or state.cancelled


def import_sources(
    store: CableStore,
    sources: Iterable[str | Path],
    state: ImportState | None = None,
    files: list[FoundFile] | None = None,
) -> ImportReport:
    """Import every cable file under `sources`; see the module docstring for the rules."""
    state = state or ImportState()
    source_list = [str(s) for s in sources]
    found_files = files if files is not None else list(scan(source_list))
    report = ImportReport(run=store.begin_import(source_list))
    writer = _Writer(store, report, state, report.run)
    progress = state.progress
    progress.files_total = len(found_files)
    progress.bytes_total = sum(f.size for f in found_files)
    finished: list[tuple[FoundFile, int, int]] = []
    big_csv = any(
        f.format is SourceFormat.CSV and f.size >= parallel.PARALLEL_MIN_BYTES for f in found_files
    )
    pages = sum(f.format in (SourceFormat.SITE_PAGE, SourceFormat.TEXT_PAGE) for f in found_files)
    helps = parallel.pool_helps()
    row_pool = (
        RowPool(store.version_encoder(), store.import_workers(os.cpu_count() or 1))
        if big_csv and helps
        else None
    )
    page_pool = (
        RowPool(store.version_encoder(), parallel.page_worker_count())
        if pages >= parallel.PARALLEL_MIN_PAGES and helps
        else None
    )
    try:
        _import_all(store, found_files, writer, report, state, (row_pool, page_pool), finished)
    finally:
        for pool in (row_pool, page_pool):
            if pool is not None:
                pool.close(stop_now=state.cancelled)
    writer.flush()
    # Only once their cables are committed do files count as imported.
    for found, cables, failed_rows in finished:
        store.record_file(
            found.shown, found.size, found.mtime_ns, str(found.format), cables, failed_rows
        )
    report.cancelled = report.cancelled or state.cancelled
    state.report(force=True)
    return report
