"""Finding cable files under the paths a user gave, and telling their formats apart.

Walks without following symbolic links (no loops), never reads more than the first
64 KB of a file to know what it is, and reports unreadable files instead of failing.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cablereader.core.formats.detect import HEAD_BYTES, detect_format
from cablereader.core.formats.site_page import page_build
from cablereader.core.model import SiteBuild, SourceFormat


@dataclass(frozen=True, slots=True)
class FoundFile:
    path: str
    size: int
    mtime_ns: int
    format: SourceFormat | None  # None: not a cable file we know
    build: SiteBuild
    error: str | None = None


def iter_paths(sources: Iterable[str | Path]) -> Iterator[Path]:
    """Every regular file under the sources, in a stable order."""
    for source in sources:
        path = Path(source)
        if path.is_symlink() and path.is_dir():
            path = path.resolve()
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs.sort()
                for name in sorted(files):
                    yield Path(root) / name
        else:
            yield path


def examine(path: Path) -> FoundFile:
    try:
        stat = path.stat()
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as error:
        return FoundFile(
            str(path), 0, 0, None, SiteBuild.UNKNOWN, f"cannot read: {error.strerror or error}"
        )
    fmt = detect_format(head)
    build = SiteBuild.UNKNOWN
    if fmt is SourceFormat.CSV:
        build = SiteBuild.CSV_2011
    elif fmt is SourceFormat.SITE_PAGE and len(head) < stat.st_size:
        build = SiteBuild.UNKNOWN  # decided when the whole page is read
    elif fmt is SourceFormat.SITE_PAGE:
        build = page_build(head)
    problem = None
    if fmt is None:
        problem = "empty file" if stat.st_size == 0 else "not a cable file (format not recognised)"
    return FoundFile(str(path), stat.st_size, stat.st_mtime_ns, fmt, build, problem)


def scan(sources: Iterable[str | Path]) -> Iterator[FoundFile]:
    for path in iter_paths(sources):
        if not path.exists() and not path.is_symlink():
            yield FoundFile(str(path), 0, 0, None, SiteBuild.UNKNOWN, "no such file or folder")
            continue
        yield examine(path)
