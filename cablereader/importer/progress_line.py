"""A one-line progress bar for `cablereader import` on a terminal; silent otherwise."""

from __future__ import annotations

import time
from typing import TextIO

from cablereader.importer.state import Progress


class ProgressLine:
    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.enabled = stream.isatty()
        self.started = time.monotonic()
        self.shown = False

    def update(self, progress: Progress) -> None:
        total = max(progress.bytes_total, 1)
        fraction = min(progress.bytes_done / total, 1.0)
        elapsed = time.monotonic() - self.started
        rate = progress.cables_written / elapsed if elapsed > 0 else 0.0
        remaining = elapsed / fraction - elapsed if fraction > 0.01 else None
        eta = f"{remaining:4.0f}s left" if remaining is not None else "        "
        filled = int(fraction * self.width)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(
            f"\r[{bar}] {fraction:4.0%} {progress.files_done}/{progress.files_total} files, "
            f"{progress.cables_written} cables, {rate:,.0f}/s, {eta}"
        )
        self.stream.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
