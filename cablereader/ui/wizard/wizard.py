"""The import wizard: sources, scan, import, summary, in that order.

Only the scan page's Import button writes anything (it is the commit page). Cancelling
or closing while an import runs asks the worker to stop and closes once it has: a
writer is never killed, and never left running behind a closed window.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWizard, QWizardPage

from cablereader.importer.scan import FoundFile
from cablereader.ui.wizard.import_page import ImportPage
from cablereader.ui.wizard.scan_page import ScanPage
from cablereader.ui.wizard.sources_page import SourcesPage
from cablereader.ui.wizard.summary_page import SummaryPage


class ImportWizard(QWizard):
    """Import cables into the store at `db_path`, a file or a server's URL (the caller's
    store stays a reader)."""

    import_progress = Signal(object)  # importer.state.Progress
    cables_arrived = Signal()  # every few seconds during an import: time to refresh
    import_done = Signal(object, str)  # ImportReport | None, error text
    show_run_requested = Signal(int)  # "Show imported cables": the import run

    def __init__(
        self, db_path: Path | str | None, sources: list[str] | None = None, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.setWindowTitle("Import cables")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setMinimumSize(680, 500)
        self._closing = False
        self.sources_page = SourcesPage(sources)
        self.scan_page = ScanPage(db_path, self.sources_page.sources)
        self.import_page = ImportPage(db_path, self.sources_page.sources, self._scanned_files)
        self.summary_page = SummaryPage()
        self.pages: tuple[QWizardPage, ...] = (
            self.sources_page,
            self.scan_page,
            self.import_page,
            self.summary_page,
        )
        for page in self.pages:
            self.addPage(page)
        self.import_page.progressed.connect(self.import_progress)
        self.import_page.cables_arrived.connect(self.cables_arrived)
        self.import_page.import_done.connect(self._on_import_done)
        self.summary_page.show_run_requested.connect(self.show_run_requested)
        if parent is not None:
            parent.installEventFilter(self)  # to stop our threads if the window goes

    def _scanned_files(self) -> list[FoundFile]:
        summary = self.scan_page.summary
        return [] if summary is None else summary.files

    @property
    def busy(self) -> bool:
        """True while a scan or an import is running in the background."""
        return self.scan_page.scanning or self.import_page.running

    def _on_import_done(self, report: Any, error: str) -> None:
        self.summary_page.set_result(report, error)
        self.import_done.emit(report, error)
        if self._closing:
            super().reject()
        elif self.currentPage() is self.import_page:
            self.next()

    def reject(self) -> None:
        """Cancel: a scan is stopped at once; an import is asked to stop and awaited."""
        if self.import_page.running:
            self._closing = True
            self.import_page.stop()
            self.button(QWizard.WizardButton.CancelButton).setEnabled(False)
            return  # closes in _on_import_done, once the committed batches are recorded
        self.scan_page.stop(wait=True)
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.import_page.running:
            event.ignore()
            self.reject()
            return
        self.scan_page.stop(wait=True)
        super().closeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The main window closing under us: wait for our threads rather than orphan them."""
        if watched is self.parent() and event.type() == QEvent.Type.Close and self.busy:
            self.scan_page.stop(wait=True)
            self.import_page.wait()
        return False
