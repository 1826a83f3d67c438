"""Page 3: the import itself, with counts, rate, time left, the current file and Stop.

Stopping asks the importer to finish its current batch; what was committed stays and
the summary says how much. The worker is never killed, so the store stays whole.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from cablereader.importer.run import ImportReport
from cablereader.importer.scan import FoundFile
from cablereader.importer.state import Progress
from cablereader.ui.wizard.sources_page import remember_folders
from cablereader.ui.wizard.workers import WizardImportWorker

REFRESH_MS = 3000  # how often the main window's list catches up during an import
BAR_STEPS = 1000


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def progress_text(progress: Progress, elapsed: float) -> tuple[str, str]:
    """The counts line and the rate/time-left line for one progress report."""
    counts = (
        f"{progress.files_done:,} of {progress.files_total:,} files read, "
        f"{progress.cables_written:,} cables saved so far"
    )
    if elapsed < 0.5 or progress.bytes_done <= 0:
        return counts, "Working out the rate…"
    # Cables count once their batch is committed; until the first batch, files tell more.
    if progress.cables_written:
        rate = f"{progress.cables_written / elapsed:,.0f} cables a second"
    else:
        rate = f"{progress.files_done / elapsed:,.0f} files a second"
    left = max(0, progress.bytes_total - progress.bytes_done) * elapsed / progress.bytes_done
    return counts, f"{rate}, " + ("almost done" if left < 5 else f"about {_duration(left)} left")


class ImportPage(QWizardPage):
    """Runs a WizardImportWorker over the scanned files and reports as it goes."""

    progressed = Signal(object)  # Progress
    cables_arrived = Signal()  # every few seconds while cables are being written
    import_done = Signal(object, str)  # ImportReport | None, error text

    def __init__(
        self,
        db_path: Path | str | None,
        sources: Callable[[], list[str]],
        files: Callable[[], list[FoundFile]],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importPage")
        self.setTitle("Importing")
        self.setSubTitle("You can keep reading in the main window; new cables appear as they come.")
        self.db_path = db_path
        self._sources, self._files = sources, files
        self.worker: WizardImportWorker | None = None
        self.report: ImportReport | None = None
        self.error = ""
        self._started = 0.0
        self._written_seen = 0
        self._last_written = 0
        self.bar = QProgressBar()
        self.bar.setObjectName("importProgressBar")
        self.bar.setRange(0, BAR_STEPS)
        self.counts = QLabel("Starting…")
        self.counts.setObjectName("importCounts")
        self.rate = QLabel("")
        self.rate.setObjectName("importRate")
        self.rate.setTextFormat(Qt.TextFormat.PlainText)  # may carry an error naming a file
        self.current = QLabel("")
        self.current.setObjectName("importCurrent")
        self.current.setTextFormat(Qt.TextFormat.PlainText)
        self.current.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stop_button = QPushButton("Stop import")
        self.stop_button.setObjectName("stopImportButton")
        self.stop_button.clicked.connect(self.stop)
        for label in (self.counts, self.rate, self.current):
            label.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.counts)
        layout.addWidget(self.rate)
        layout.addWidget(self.current)
        layout.addStretch(1)
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_MS)
        self.refresh_timer.timeout.connect(self._maybe_refresh)

    @property
    def running(self) -> bool:
        return self.worker is not None

    def initializePage(self) -> None:
        if self.worker is not None or self.report is not None or self.db_path is None:
            return
        sources = self._sources()
        remember_folders(sources)
        self._started = time.monotonic()
        self.worker = WizardImportWorker(self.db_path, sources, self._files(), self)
        self.worker.progress.connect(self._on_progress)
        self.worker.done.connect(self._on_done)
        self.refresh_timer.start()
        self.worker.start()

    @property
    def stopping(self) -> bool:
        return self.worker is not None and self.worker.state.cancelled

    def isComplete(self) -> bool:
        return self.worker is None and (self.report is not None or bool(self.error))

    def stop(self) -> None:
        """Ask the import to stop; the summary follows once it has."""
        if self.worker is None:
            return
        self.worker.cancel()
        self.stop_button.setEnabled(False)
        self.rate.setText("Stopping after the current batch…")

    def wait(self) -> None:
        """Block until the worker has stopped (only when the app is going away)."""
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait()

    def _on_progress(self, progress: Progress) -> None:
        if progress.bytes_total > 0:
            self.bar.setValue(int(BAR_STEPS * progress.bytes_done / progress.bytes_total))
        counts, rate = progress_text(progress, time.monotonic() - self._started)
        self.counts.setText(counts)
        if self.worker is not None and not self.worker.state.cancelled:
            self.rate.setText(rate)
        self.current.setText(f"Reading {Path(progress.current).name}" if progress.current else "")
        self._last_written = progress.cables_written
        self.progressed.emit(progress)

    def _maybe_refresh(self) -> None:
        if self._last_written != self._written_seen:
            self._written_seen = self._last_written
            self.cables_arrived.emit()

    def _on_done(self, report: ImportReport | None, error: str) -> None:
        if self.worker is not None:
            self.worker.wait()
            self.worker.deleteLater()
            self.worker = None
        self.refresh_timer.stop()
        self.report, self.error = report, error
        self.stop_button.setEnabled(False)
        if report is not None:
            if not report.cancelled:
                self.bar.setValue(BAR_STEPS)
            self.counts.setText(f"{report.committed:,} cables saved, {report.failed:,} failed")
        self.rate.setText(f"The import failed: {error}" if error else "Done.")
        self.current.clear()
        self.completeChanged.emit()
        self.import_done.emit(report, error)
