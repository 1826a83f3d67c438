"""The wizard's two background jobs: looking at the files, then importing them.

Both run off the GUI thread so a 250,000-file release never freezes the window, both
open their own connection to the store file (SQLite connections must not be shared
across threads mid-transaction), and both stop only by being asked: a QThread is never
terminated, because killing a writer mid-transaction is how stores get damaged.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QThread, Signal

from cablereader.importer.run import ImportReport, import_sources
from cablereader.importer.scan import FoundFile, scan
from cablereader.importer.state import ImportState, Progress
from cablereader.logging_setup import current_log_path
from cablereader.store.api import StoreError
from cablereader.store.factory import open_store
from cablereader.store.protocol import CableStore
from cablereader.ui.wizard.scan_summary import ScanSummary, summarise

PROGRESS_INTERVAL = 0.1  # seconds: at most ten progress signals a second
log = logging.getLogger("cablereader.ui.wizard")
# Errors the user can act on (a folder gone, a store that cannot be opened): the message is
# enough. Anything else is a fault in the program, shown and logged with its traceback.
EXPECTED_ERRORS = (OSError, StoreError)


def failure_text(error: Exception, doing: str) -> str:
    """What the wizard says when a worker fails; logs the error, with its traceback."""
    message = str(error) or type(error).__name__
    if isinstance(error, EXPECTED_ERRORS):
        log.warning("%s failed: %s", doing, message)
        return message
    log.error("%s failed", doing, exc_info=error)
    trace = "".join(traceback.format_exception(error)).rstrip()
    where = current_log_path()
    logged = f"\n\nThis is also in the log file {where}" if where else ""
    return f"{type(error).__name__}: {message}\n\n{trace}{logged}"


class ScanWorker(QThread):
    """Walks the sources and summarises them; checks its cancel flag between files."""

    progress = Signal(int, str)  # files examined so far, the current file
    scanned = Signal(object)  # ScanSummary, or None when cancelled
    failed = Signal(str)
    # Called on the worker's thread before each file; None in the app. Tests set it to hold
    # a scan at a known point until they release it (see tests/ui/test_wizard.py).
    checkpoint: ClassVar[Callable[[ScanWorker], None] | None] = None

    def __init__(
        self, sources: list[str], db_path: Path | str | None, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.sources = list(sources)
        self.db_path = db_path
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _open_store(self) -> CableStore | None:
        """A read-only connection for comparing; without one the scan still counts files."""
        if self.db_path is None or (isinstance(self.db_path, Path) and not self.db_path.exists()):
            return None  # a file not made yet; a server's URL is asked
        try:
            return open_store(self.db_path, read_only=True)
        except StoreError:
            return None

    def run(self) -> None:
        try:
            found: list[FoundFile] = []
            last = 0.0
            checkpoint = type(self).checkpoint
            for item in scan(self.sources):
                if checkpoint is not None:
                    checkpoint(self)
                if self.cancelled:
                    self.scanned.emit(None)
                    return
                found.append(item)
                now = time.monotonic()
                if now - last >= PROGRESS_INTERVAL:
                    last = now
                    self.progress.emit(len(found), item.path)
            self.progress.emit(len(found), "")
            store = self._open_store()
            try:
                summary: ScanSummary = summarise(found, store, lambda: self.cancelled)
            finally:
                if store is not None:
                    store.close()
            self.scanned.emit(None if self.cancelled else summary)
        except Exception as error:  # shown to the user instead of killing the thread
            self.failed.emit(failure_text(error, "scan"))


class WizardImportWorker(QThread):
    """Runs `import_sources` over the scanned files with its own writing connection."""

    progress = Signal(object)  # a copy of importer.state.Progress
    done = Signal(object, str)  # ImportReport | None, error text
    # Called on the worker's thread at every progress point of the import, with its state;
    # None in the app. Tests set it to hold an import mid-run until they release it.
    checkpoint: ClassVar[Callable[[ImportState], None] | None] = None

    def __init__(
        self, db_path: Path | str, sources: list[str], files: list[FoundFile], parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.sources = list(sources)
        self.files = list(files)
        self.state = ImportState(
            on_progress=self._report,
            min_interval=PROGRESS_INTERVAL,
            checkpoint=type(self).checkpoint,
        )

    def _report(self, progress: Progress) -> None:
        # A copy: the importer keeps changing its own object while the GUI reads this one.
        self.progress.emit(dataclasses.replace(progress))

    def cancel(self) -> None:
        """Ask the import to stop after the current batch; committed cables stay."""
        self.state.cancel()

    def run(self) -> None:
        report: ImportReport | None = None
        error = ""
        try:
            store = open_store(self.db_path, create=True)
            try:
                report = import_sources(store, self.sources, self.state, files=self.files)
            finally:
                store.close()
        except Exception as exc:  # reported to the user instead of killing the thread
            error = failure_text(exc, "import")
        self.done.emit(report, error)
