"""Page 4: what the import did, each failure with its file and reason, and what next.

The report can be saved (text or CSV) because a failure list from a whole release is
too long to read in a dialog, and "Show imported cables" narrows the main window's list
to this import so the user can check what arrived.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from cablereader.importer.run import ImportReport
from cablereader.ui.plain_text import plain_tooltip
from cablereader.ui.wizard.report_file import count_lines, save_report

MAX_ROWS = 5000  # the saved report has them all; a list of 250k rows helps nobody


class SummaryPage(QWizardPage):
    """Counts, the failures list, Save report… and Show imported cables."""

    show_run_requested = Signal(int)  # the import run whose cables to list

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("summaryPage")
        self.setTitle("Import finished")
        self.setSubTitle("What was imported, and each file that could not be.")
        self.setFinalPage(True)
        self.report: ImportReport | None = None
        self.counts = QLabel("")
        self.counts.setObjectName("summaryCounts")
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        self.counts.setWordWrap(True)
        self.failures = QTreeWidget()
        self.failures.setObjectName("failureList")
        self.failures.setHeaderLabels(["File", "Problem"])
        self.failures.setRootIsDecorated(False)
        self.failures.setAlternatingRowColors(True)
        self.failures.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.failures.header().resizeSection(0, 220)
        self.failures.header().setStretchLastSection(True)
        self.save_button = QPushButton("Save report…")
        self.save_button.setObjectName("saveReportButton")
        self.save_button.clicked.connect(self.choose_report_file)
        self.show_button = QPushButton("Show imported cables")
        self.show_button.setObjectName("showImportedButton")
        self.show_button.clicked.connect(self._on_show)
        self.saved_label = QLabel("")
        self.saved_label.setObjectName("savedLabel")
        self.saved_label.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.show_button)
        buttons.addStretch(1)
        self.failures_title = QLabel("")
        self.failures_title.setObjectName("failuresTitle")
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addSpacing(8)
        layout.addWidget(self.failures_title)
        layout.addWidget(self.failures, 100)  # takes the room while shown, else the stretch
        layout.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.saved_label)

    def set_result(self, report: ImportReport | None, error: str) -> None:
        """Fill the page from the import's outcome (or the error that stopped it)."""
        self.report = report
        self.failures.clear()
        if report is None:
            self.setTitle("Import failed")
            self.counts.setText(f"Nothing could be imported: {error}")
            self.failures.hide()
            self.failures_title.clear()
            self.save_button.setEnabled(False)
            self.show_button.setEnabled(False)
            return
        self.setTitle("Import stopped" if report.cancelled else "Import finished")
        self.counts.setText("\n".join(count_lines(report)))
        for failure in report.failures[:MAX_ROWS]:
            item = QTreeWidgetItem([Path(failure.path).name, failure.reason])
            item.setToolTip(0, plain_tooltip(failure.path) or "")
            item.setToolTip(1, plain_tooltip(failure.reason) or "")
            self.failures.addTopLevelItem(item)
        if len(report.failures) > MAX_ROWS:
            more = len(report.failures) - MAX_ROWS
            self.failures.addTopLevelItem(
                QTreeWidgetItem(["…", f"{more:,} more in the saved report"])
            )
        self.failures.setVisible(bool(report.failures))
        self.failures_title.setText(
            "Files that could not be imported (hover for the full path):"
            if report.failures
            else "No file failed."
        )
        self.save_button.setEnabled(True)
        self.show_button.setEnabled(report.added + report.updated > 0)

    def choose_report_file(self) -> None:
        if self.report is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self,
            "Save import report",
            f"import-{self.report.run}.txt",
            "Text (*.txt);;CSV for a spreadsheet (*.csv)",
        )
        if not path:
            return
        try:
            written = save_report(self.report, path)
        except OSError as error:
            self.saved_label.setText(f"Could not save the report: {error.strerror or error}")
            return
        self.saved_label.setText(f"Report saved to {written}")

    def _on_show(self) -> None:
        if self.report is not None:
            self.show_run_requested.emit(self.report.run)
