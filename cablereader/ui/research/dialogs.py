"""The export dialog (what to export, in which format) and the history dialog; the
all-notes view is in all_notes.py.

Both only gather choices and show data; writing files is research_io's job, the same
function the command line calls.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cablereader.core.links import parse_link
from cablereader.research_io import ExportFormat
from cablereader.store.user_data_api import UserDataStore

FORMAT_LABELS: tuple[tuple[ExportFormat, str], ...] = (
    (ExportFormat.PDF, "PDF (print, with citations)"),
    (ExportFormat.CSV, "CSV table"),
    (ExportFormat.JSON, "JSON"),
    (ExportFormat.MARKDOWN, "Markdown with full text"),
    (ExportFormat.TEXT, "Plain text with full text"),
    (ExportFormat.CSL_JSON, "CSL-JSON (Zotero, Mendeley)"),
    (ExportFormat.BIBTEX, "BibTeX"),
    (ExportFormat.RIS, "RIS (EndNote, Zotero)"),
)


@dataclass(frozen=True, slots=True)
class Scope:
    """Cables to export, by reference ID, or (the list's results, which can be every
    cable) by the store's row ids, which the export worker turns into reference IDs."""

    label: str
    reference_ids: tuple[str, ...]
    title: str
    cable_ids: tuple[int, ...] = ()

    @property
    def size(self) -> int:
        return len(self.reference_ids) or len(self.cable_ids)


class ExportDialog(QDialog):
    """Pick the cables (this cable, the selection, the results, a collection) and a format."""

    def __init__(
        self,
        scopes: list[Scope],
        parent: QWidget | None = None,
        preset: ExportFormat | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Save as PDF" if preset is ExportFormat.PDF else "Export cables")
        self.setObjectName("exportDialog")
        self.scopes = [s for s in scopes if s.size]
        self.scope_box = QComboBox()
        for scope in self.scopes:
            self.scope_box.addItem(f"{scope.label} ({scope.size})")
        self.format_box = QComboBox()
        for fmt, label in FORMAT_LABELS:
            self.format_box.addItem(label, fmt.value)
        if preset is not None:
            self.format_box.setCurrentIndex(self.format_box.findData(preset.value))
        form = QFormLayout()
        form.addRow("&Cables:", self.scope_box)
        form.addRow("&Format:", self.format_box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export…")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.scopes))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def chosen(self) -> tuple[Scope, ExportFormat] | None:
        if not self.scopes:
            return None
        return self.scopes[self.scope_box.currentIndex()], ExportFormat(
            self.format_box.currentData()
        )


class HistoryDialog(QDialog):
    """Go ▸ History: cables opened and searches run, newest first, across sessions."""

    open_cable = Signal(str, str)  # reference ID, anchor
    run_search = Signal(str)

    def __init__(self, store: UserDataStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("History")
        self.setObjectName("historyDialog")
        self._store = store
        self.list = QListWidget()
        self.list.itemActivated.connect(self._activate)
        clear = QPushButton("&Clear history")
        clear.clicked.connect(self.clear)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(clear)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(row)
        self.resize(520, 420)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        for entry in self._store.history():
            when = entry.at[:16].replace("T", " ")
            what = "Opened" if entry.kind == "cable" else "Searched"
            item = QListWidgetItem(f"{when}  {what}  {' '.join(entry.value.split())}")
            item.setData(Qt.ItemDataRole.UserRole, (entry.kind, entry.value))
            self.list.addItem(item)

    def _activate(self, item: QListWidgetItem) -> None:
        kind, value = item.data(Qt.ItemDataRole.UserRole)
        if kind == "cable":
            link = parse_link(value)
            if link is not None:
                self.open_cable.emit(link.reference_id, link.anchor or "")
        else:
            self.run_search.emit(value)

    def clear(self) -> None:
        self._store.clear_history()
        self.refresh()
