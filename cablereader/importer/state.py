"""The small object through which a long import reports progress and hears "cancel".

Plain Python so the command line, the tests and the Qt worker all drive the same
function; the worker only turns `on_progress` calls into signals.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(slots=True)
class Progress:
    files_done: int = 0
    files_total: int = 0
    bytes_done: int = 0
    bytes_total: int = 0
    cables_written: int = 0
    current: str = ""


@dataclass
class ImportState:
    on_progress: Callable[[Progress], None] | None = None
    min_interval: float = 0.1  # throttle: at most ten reports a second
    # Called at every progress point, unthrottled, on the importing thread. A test holds an
    # import at a known point with it (waiting on an event it sets); None otherwise.
    checkpoint: Callable[[ImportState], None] | None = None
    progress: Progress = field(default_factory=Progress)
    _cancel: threading.Event = field(default_factory=threading.Event)
    _last: float = 0.0

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def wait_cancelled(self, timeout: float | None = None) -> bool:
        """Block until `cancel()` is called (from another thread); True once it has been."""
        return self._cancel.wait(timeout)

    def report(self, force: bool = False) -> None:
        if self.checkpoint is not None:
            self.checkpoint(self)
        if self.on_progress is None:
            return
        now = time.monotonic()
        if force or now - self._last >= self.min_interval:
            self._last = now
            self.on_progress(self.progress)
