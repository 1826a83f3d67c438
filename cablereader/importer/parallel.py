"""Parsing a large cables.csv, or many pages, in worker processes while this process writes.

Parsing, hashing and compressing take about two thirds of a row's import time and need
no database, so chunks of raw rows (or of page files) go to a process pool and come back
as prepared versions, in order; the one writer stays in the calling process. Few chunks
are in flight at a time, so memory stays bounded however large the input. Workers are
started with "spawn": forking a process that runs Qt (the wizard) is not safe. Workers
end when their parent dies, however it dies (see worker_guard.py).
"""

from __future__ import annotations

import dataclasses
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cablereader.core.assemble import CableFormatError
from cablereader.core.formats.csv_rows import RawRow, parse_csv_row
from cablereader.core.model import ParsedVersion, SiteBuild, Source, SourceFormat
from cablereader.importer.pages import whole_file_version
from cablereader.importer.reading import Stamp, read_whole
from cablereader.importer.worker_guard import watch_parent
from cablereader.store.api import PreparedVersion
from cablereader.store.protocol import VersionEncoder

CHUNK_BYTES = 4 << 20  # rows per task: enough to hide the pickling, small for memory
PARALLEL_MIN_BYTES = 64 << 20  # smaller files are done before a pool has started
PARALLEL_MIN_PAGES = 400  # fewer pages are imported before a pool has started
PAGES_PER_CHUNK = 16
# What a worker returns for a row: the prepared version, or (row number, reason).
Outcome = PreparedVersion | tuple[int, str]
# ... and for a page: the prepared version, or why it failed.
PageOutcome = PreparedVersion | str


@dataclass(frozen=True, slots=True)
class PageRead:
    """What a worker really read of a page, for the writer to record (see reading.py)."""

    size: int  # bytes read
    stamp: Stamp  # the descriptor's size and time when the read began
    steady: bool  # read whole, unchanged while it was read


UNREAD = PageRead(0, Stamp(0, 0), False)

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor


def worker_count() -> int:
    """One core stays with the writer: on the 2-core reference machine a second worker
    bought no speed and cost 140 MB."""
    return max(1, min((os.cpu_count() or 1) - 1, 8))


def page_worker_count() -> int:
    """Every core: a page costs its worker about 3.7 ms (2.1 of them compressing the
    190 KB page) and the writer far less, so the writer's core is mostly free."""
    return max(1, min(os.cpu_count() or 1, 8))


def pool_helps() -> bool:
    return (os.cpu_count() or 1) > 1


def prepare_rows(encode: VersionEncoder, path: str, rows: list[tuple[int, bytes]]) -> list[Outcome]:
    """Runs in a worker: parse and prepare each row with the store's encoder, or say why
    it could not be read."""
    outcomes: list[Outcome] = []
    for number, data in rows:
        try:
            cable = parse_csv_row(data)
        except CableFormatError as error:
            outcomes.append((number, str(error)))
            continue
        source = Source(path, SourceFormat.CSV, SiteBuild.CSV_2011, data, number)
        prepared = encode(ParsedVersion(cable, source))
        # The writer needs neither the paragraphs nor the raw bytes again (both are in the
        # prepared blobs): leaving them out halves what crosses back between processes.
        slim = ParsedVersion(
            dataclasses.replace(cable, paragraphs=()), dataclasses.replace(source, raw=b"")
        )
        outcomes.append(dataclasses.replace(prepared, version=slim))
    return outcomes


def prepare_pages(
    encode: VersionEncoder, pages: list[tuple[str, str, str]]
) -> list[tuple[PageRead, PageOutcome]]:
    """Runs in a worker: read, parse and prepare whole-file cables (site or text pages);
    each (path, its name as text, format) gives what was read and its version or why it
    could not be read. Pipes and devices are refused, never opened for reading."""
    outcomes: list[tuple[PageRead, PageOutcome]] = []
    for path, name, fmt in pages:
        try:
            whole = read_whole(path)
        except OSError as error:
            outcomes.append((UNREAD, f"cannot read: {error.strerror or error}"))
            continue
        data = whole.data
        read = PageRead(len(data), whole.stamp, whole.steady)
        try:
            version = whole_file_version(name, SourceFormat(fmt), data)
        except CableFormatError as error:
            outcomes.append((read, str(error)))
            continue
        except (ValueError, KeyError, IndexError) as error:  # a parser bug must not stop
            outcomes.append((read, f"could not be parsed ({type(error).__name__}: {error})"))
            continue
        prepared = encode(version)
        slim = ParsedVersion(
            dataclasses.replace(version.cable, paragraphs=()),
            dataclasses.replace(version.source, raw=b""),
        )
        outcomes.append((read, dataclasses.replace(prepared, version=slim)))
    return outcomes


def _chunks(rows: Iterable[RawRow]) -> Iterator[list[tuple[int, bytes]]]:
    chunk: list[tuple[int, bytes]] = []
    size = 0
    for row in rows:
        chunk.append((row.number, row.data))
        size += len(row.data)
        if size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


class RowPool:
    """A process pool for one import, started only when a file is big enough to need it."""

    use_prctl = True  # False only in the test of the portable guard

    def __init__(self, encode: VersionEncoder, workers: int | None = None) -> None:
        self.encode = encode  # the store's, picklable: the importer never builds its format
        self.workers = workers or worker_count()
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            import multiprocessing  # only an import of a big file pays for these
            from concurrent.futures import ProcessPoolExecutor

            context = multiprocessing.get_context("spawn")
            self._executor = ProcessPoolExecutor(
                self.workers,
                mp_context=context,
                initializer=watch_parent,
                initargs=(os.getpid(), self.use_prctl),
            )
        return self._executor

    def prepared(self, path: str, rows: Iterable[RawRow]) -> Iterator[tuple[int, Outcome]]:
        """(bytes of the rows, outcome) for every row, in file order."""
        pool = self._pool()
        pending: deque[tuple[int, Future[list[Outcome]]]] = deque()
        for chunk in _chunks(rows):
            pending.append(
                (sum(len(d) for _, d in chunk), pool.submit(prepare_rows, self.encode, path, chunk))
            )
            while len(pending) > 2 * self.workers:
                yield from self._collect(pending.popleft())
        while pending:
            yield from self._collect(pending.popleft())

    def prepared_pages(
        self, pages: Iterable[tuple[str, str, str]]
    ) -> Iterator[tuple[str, PageRead, PageOutcome]]:
        """(name, what was read, outcome) for every (path, name, format), in order."""
        pool = self._pool()
        pending: deque[tuple[list[str], Future[list[tuple[PageRead, PageOutcome]]]]] = deque()
        chunk: list[tuple[str, str, str]] = []

        def submit() -> None:
            pending.append(
                ([n for _, n, _ in chunk], pool.submit(prepare_pages, self.encode, list(chunk)))
            )
            chunk.clear()

        for page in pages:
            chunk.append(page)
            if len(chunk) >= PAGES_PER_CHUNK:
                submit()
                while len(pending) > 2 * self.workers:
                    yield from self._collect_pages(pending.popleft())
        if chunk:
            submit()
        while pending:
            yield from self._collect_pages(pending.popleft())

    @staticmethod
    def _collect_pages(
        item: tuple[list[str], Future[list[tuple[PageRead, PageOutcome]]]],
    ) -> Iterator[tuple[str, PageRead, PageOutcome]]:
        names, future = item
        for name, (read, outcome) in zip(names, future.result(), strict=True):
            yield name, read, outcome

    @staticmethod
    def _collect(item: tuple[int, Future[list[Outcome]]]) -> Iterator[tuple[int, Outcome]]:
        size, future = item
        outcomes = future.result()
        share = size // max(len(outcomes), 1)
        for outcome in outcomes:
            yield share, outcome

    def close(self, stop_now: bool = False) -> None:
        """Waits for the workers to finish; with `stop_now` (a cancelled import) ends
        them at once instead, since the work they hold is no longer wanted and one chunk
        can keep a worker busy for seconds. Workers write nothing, so ending them is safe."""
        if self._executor is None:
            return
        executor, self._executor = self._executor, None
        if stop_now:
            terminate = getattr(executor, "terminate_workers", None)  # Python 3.14+
            if terminate is not None:
                terminate()
            else:  # the same, through the pool's own table of its processes
                for process in list((getattr(executor, "_processes", None) or {}).values()):
                    process.terminate()
        executor.shutdown(wait=True, cancel_futures=True)
