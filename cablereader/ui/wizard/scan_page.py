"""Page 2: what was found, before anything is written.

The last page that changes nothing: it is the wizard's commit page, so its Import button
is the single point after which the store is written and Back is no longer offered.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from cablereader.ui.wizard.scan_summary import ScanSummary
from cablereader.ui.wizard.workers import ScanWorker


def _list_html(title: str, lines: list[str]) -> str:
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return f"<p><b>{html.escape(title)}</b></p><ul>{items}</ul>" if lines else ""


class ScanPage(QWizardPage):
    """Scans in a ScanWorker and shows counts by format, build and novelty."""

    def __init__(
        self, db_path: Path | str | None, sources: Callable[[], list[str]], parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("scanPage")
        self.setTitle("What was found")
        self.setSubTitle("Nothing is written to your collection until you press Import.")
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Import")
        self.db_path = db_path
        self._sources = sources
        self.worker: ScanWorker | None = None
        self.summary: ScanSummary | None = None
        self.status = QLabel("")
        self.status.setObjectName("scanStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.busy = QProgressBar()
        self.busy.setObjectName("scanProgress")
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.stop_button = QPushButton("Stop scanning")
        self.stop_button.setObjectName("stopScanButton")
        self.stop_button.clicked.connect(self.stop)
        self.rescan_button = QPushButton("Scan again")
        self.rescan_button.setObjectName("rescanButton")
        self.rescan_button.clicked.connect(self.start)
        self.results = QLabel("")
        self.results.setObjectName("scanResults")
        self.results.setTextFormat(Qt.TextFormat.RichText)
        self.results.setWordWrap(True)
        self.results.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        row = QHBoxLayout()
        row.addWidget(self.busy, 1)
        row.addWidget(self.stop_button)
        row.addWidget(self.rescan_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(row)
        layout.addWidget(self.results, 1)

    # -- the wizard's calls ----------------------------------------------------------------

    def initializePage(self) -> None:
        self.start()

    def cleanupPage(self) -> None:
        """Going Back: a scan of sources about to change is of no use any more."""
        self.stop(wait=True)
        self.summary = None
        self.results.clear()

    def isComplete(self) -> bool:
        summary = self.summary
        return summary is not None and bool(summary.importable or summary.will_fail)

    # -- scanning ----------------------------------------------------------------------------

    @property
    def scanning(self) -> bool:
        return self.worker is not None

    def start(self) -> None:
        if self.worker is not None:
            return
        self.summary = None
        self.results.clear()
        self.status.setText("Looking at the files…")
        self.busy.show()
        self.stop_button.show()
        self.rescan_button.hide()
        self.worker = ScanWorker(self._sources(), self.db_path, self)
        self.worker.progress.connect(self._on_progress)
        self.worker.scanned.connect(self._on_scanned)
        self.worker.failed.connect(self._on_failed)
        self.completeChanged.emit()
        self.worker.start()

    def stop(self, wait: bool = False) -> None:
        """Ask the scan to stop between files; with `wait`, until it has."""
        if self.worker is None:
            return
        self.worker.cancel()
        self.status.setText("Stopping the scan…")
        if wait:
            self.worker.wait()
            self._finish_worker()

    def _finish_worker(self) -> None:
        if self.worker is not None:
            self.worker.wait()
            self.worker.deleteLater()
            self.worker = None
        self.busy.hide()
        self.stop_button.hide()

    def _on_progress(self, files: int, current: str) -> None:
        if self.worker is None or self.worker.cancelled:
            return
        where = f": {Path(current).name}" if current else ""
        self.status.setText(f"Looking at the files… {files:,} so far{where}")

    def _on_failed(self, error: str) -> None:
        self._finish_worker()
        self.status.setText(f"The scan failed: {error}")
        self.rescan_button.show()
        self.completeChanged.emit()

    def _on_scanned(self, summary: ScanSummary | None) -> None:
        self._finish_worker()
        self.summary = summary
        if summary is None:
            self.status.setText("Scan stopped. Press Scan again, or go Back to change sources.")
            self.rescan_button.show()
        else:
            self.status.setText(
                f"{len(summary.files):,} files looked at; "
                f"{summary.importable:,} of them hold cables."
            )
            self.results.setText(self._results_html(summary))
        self.completeChanged.emit()

    @staticmethod
    def _results_html(summary: ScanSummary) -> str:
        problems = [f"{Path(path).name}: {reason}" for path, reason in summary.will_fail[:5]]
        if len(summary.will_fail) > 5:
            problems.append(f"… and {len(summary.will_fail) - 5:,} more")
        return (
            _list_html("Found", summary.format_lines())
            + _list_html("Compared with your collection", summary.store_lines())
            + _list_html("Will be reported as failed", problems)
        )
