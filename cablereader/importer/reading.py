"""Reading a file the importer was given: only regular files, cancellable, and knowing
what was really read.

A scan and the import that follows it are apart in time (the wizard shows its summary in
between), so the file read may no longer be the file scanned: it may have been swapped for
a named pipe (a plain `open` would block for ever, deaf to Cancel), or it may be shrinking
or growing while it is read. So every read opens without blocking, refuses what is not a
regular file, reads in pieces between which it checks for cancel, and compares the
descriptor's own size and time before and after with what the scan saw. Only a file read
whole and unchanged since its scan may be recorded as imported; any other is imported as
read and read again next time.

File names that are not valid UTF-8 (a `café.html` written in Latin-1) reach Python as
strings with lone surrogates ("surrogateescape"). They stay so for opening the file, but
everywhere a name leaves the importer as text (the store's tables, reports, the screen)
it is `shown_path`: the undecodable bytes written as backslash escapes, `caf\\xe9.html`.
"""

from __future__ import annotations

import os
import stat as stat_module
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

PIECE = 1 << 20  # bytes read between two looks at the cancel flag
# Non-blocking, so that opening a named pipe returns at once and fstat can refuse it.
OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def shown_path(path: str) -> str:
    """A path as text that any UTF-8 store, file or screen accepts: bytes that are not
    UTF-8 become `\\xNN` escapes. Valid names come back unchanged (a name that really
    contains a backslash and `xNN` reads the same; size and time still tell them apart)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return path


def kind(mode: int) -> str:
    """What a file that is not regular is, in words."""
    if stat_module.S_ISDIR(mode):
        return "a folder"
    if stat_module.S_ISFIFO(mode):
        return "a named pipe"
    if stat_module.S_ISSOCK(mode):
        return "a socket"
    if stat_module.S_ISCHR(mode) or stat_module.S_ISBLK(mode):
        return "a device"
    return "a special file"


class NotRegularFileError(OSError):
    """The path names something that must not be read (a pipe, a device, a folder)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.strerror = reason


class ReadCancelledError(Exception):
    """The import was cancelled while this file was being read."""


def open_regular(path: str) -> tuple[int, os.stat_result]:
    """A descriptor on `path` and its status, only if it is a regular file."""
    fd = os.open(path, OPEN_FLAGS)
    try:
        status = os.fstat(fd)
        if not stat_module.S_ISREG(status.st_mode):
            raise NotRegularFileError(f"not a regular file ({kind(status.st_mode)}), not read")
    except BaseException:
        os.close(fd)
        raise
    return fd, status


@dataclass(frozen=True, slots=True)
class Stamp:
    """A file's size and modification time, as an open descriptor reported them."""

    size: int
    mtime_ns: int

    @classmethod
    def of(cls, status: os.stat_result) -> Stamp:
        return cls(status.st_size, status.st_mtime_ns)


@dataclass(frozen=True, slots=True)
class WholeRead:
    data: bytes
    stamp: Stamp  # at the start of the read
    steady: bool  # the same size and time after the read, and exactly that many bytes


def read_whole(path: str, cancelled: Callable[[], bool] = lambda: False) -> WholeRead:
    """The whole of a regular file, in pieces; raises ReadCancelledError,
    NotRegularFileError (a subclass of OSError) or OSError."""
    fd, before = open_regular(path)
    try:
        pieces: list[bytes] = []
        while True:
            if cancelled():
                raise ReadCancelledError(path)
            piece = os.read(fd, PIECE)
            if not piece:
                break
            pieces.append(piece)
        after = os.fstat(fd)
    finally:
        os.close(fd)
    data = b"".join(pieces)
    stamp = Stamp.of(before)
    return WholeRead(data, stamp, Stamp.of(after) == stamp and len(data) == stamp.size)


class TrackedStream:
    """A regular file opened for streaming (a cables.csv): reads check for cancel, and
    `steady()` says at the end whether what was read is the file as it was at the start."""

    def __init__(self, path: str, cancelled: Callable[[], bool] = lambda: False) -> None:
        self._fd, before = open_regular(path)
        self.stamp = Stamp.of(before)
        self._cancelled = cancelled
        self._read = 0
        self._ended = False

    def read(self, size: int = -1) -> bytes:
        if self._cancelled():
            raise ReadCancelledError()
        if size < 0:
            size = max(self.stamp.size - self._read, PIECE)
        data = os.read(self._fd, size)
        self._read += len(data)
        self._ended = self._ended or not data
        return data

    def steady(self) -> bool:
        """Read to its end, exactly its size, its size and time unchanged since opening."""
        after = Stamp.of(os.fstat(self._fd))
        return self._ended and after == self.stamp and self._read == self.stamp.size

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> TrackedStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def as_binary(self) -> BinaryIO:
        """For readers typed on BinaryIO, which only ever call `read(n)`."""
        return self  # type: ignore[return-value]
