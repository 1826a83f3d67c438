"""Finding cable files under the paths a user gave, and telling their formats apart.

Walks without following symbolic links (no loops), never reads more than the first
64 KB of a file to know what it is, and reports unreadable files instead of failing.
Only regular files are read: a FIFO named `x.html` would block a plain `open` forever and
a device such as /dev/zero would never end, so those are reported, not read. Folders that
cannot be listed are reported too, where `os.walk` alone would skip them without a word.

A release folder can hold hundreds of thousands of files, so the walk works on plain
strings and one `open`/`fstat`/`read` per file: pathlib objects and separate `stat` calls
made scanning 100,000 small files take about three times as long.
"""

from __future__ import annotations

import os
import stat as stat_module
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cablereader.core.decoding import MAX_CABLE_BYTES, UTF16_BOMS, too_large
from cablereader.core.formats.detect import HEAD_BYTES, detect_format
from cablereader.core.formats.site_page import page_build
from cablereader.core.model import SiteBuild, SourceFormat
from cablereader.importer.reading import OPEN_FLAGS, kind, shown_path
from cablereader.store.connection import is_store_file


@dataclass(frozen=True, slots=True)
class FoundFile:
    path: str
    size: int
    mtime_ns: int
    format: SourceFormat | None  # None: not a cable file we know
    build: SiteBuild
    error: str | None = None
    unreadable: bool = False  # could not be opened or listed: a failure, whatever its name

    @property
    def shown(self) -> str:
        """The path as text for the store, reports and the screen (see reading.py)."""
        return shown_path(self.path)


def _walk(sources: Iterable[str | Path], unlisted: list[OSError] | None) -> Iterator[str]:
    on_error = unlisted.append if unlisted is not None else None
    for source in sources:
        path = os.fspath(source)
        if os.path.islink(path) and os.path.isdir(path):
            path = os.path.realpath(path)
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path, onerror=on_error, followlinks=False):
                dirs.sort()
                for name in sorted(files):
                    yield os.path.join(root, name)
        else:
            yield path


def _cannot_read(path: str, error: OSError, what: str = "cannot read") -> FoundFile:
    reason = f"{what}: {error.strerror or error}"
    return FoundFile(path, 0, 0, None, SiteBuild.UNKNOWN, reason, unreadable=True)


def examine(path: str | Path) -> FoundFile:
    """What one file is, from its first HEAD_BYTES bytes."""
    name = os.fspath(path)
    if is_store_file(name):  # opening it would drop this process's locks on the store
        return FoundFile(name, 0, 0, None, SiteBuild.UNKNOWN, "the cable store itself, not read")
    try:
        fd = os.open(name, OPEN_FLAGS)
        try:
            stat = os.fstat(fd)
            if not stat_module.S_ISREG(stat.st_mode):
                reason = f"not a regular file ({kind(stat.st_mode)}), not read"
                return FoundFile(name, 0, stat.st_mtime_ns, None, SiteBuild.UNKNOWN, reason)
            head = os.read(fd, HEAD_BYTES)
        finally:
            os.close(fd)
    except OSError as error:
        return _cannot_read(name, error)
    fmt = detect_format(head)
    build = SiteBuild.UNKNOWN
    if fmt is SourceFormat.CSV:
        build = SiteBuild.CSV_2011
    elif fmt is SourceFormat.SITE_PAGE and len(head) < stat.st_size:
        build = SiteBuild.UNKNOWN  # decided when the whole page is read
    elif fmt is SourceFormat.SITE_PAGE:
        build = page_build(head)
    problem: str | None = None
    if fmt in (SourceFormat.SITE_PAGE, SourceFormat.TEXT_PAGE) and stat.st_size > MAX_CABLE_BYTES:
        problem = too_large(stat.st_size)  # refused before the importer reads it whole
    if fmt is None:
        if stat.st_size == 0:
            problem = "empty file"
        elif head.startswith(UTF16_BOMS):
            problem = "UTF-16 text that is not a cable page (save a cables.csv as UTF-8)"
        elif b"\0" in head[:4096]:
            problem = "binary data (NUL bytes), not a cable file"
        else:
            problem = "not a cable file (format not recognised)"
    return FoundFile(name, stat.st_size, stat.st_mtime_ns, fmt, build, problem)


def scan(sources: Iterable[str | Path]) -> Iterator[FoundFile]:
    """Every file under the sources, examined; folders that could not be listed come last
    as unreadable entries, so that a permission problem is reported, not silently skipped."""
    unlisted: list[OSError] = []
    for path in _walk(sources, unlisted):
        found = examine(path)
        if found.error and found.error.startswith("cannot read") and not os.path.lexists(path):
            found = FoundFile(path, 0, 0, None, SiteBuild.UNKNOWN, "no such file or folder")
        yield found
    for error in unlisted:
        yield _cannot_read(os.fspath(error.filename or "?"), error, "cannot list this folder")
