"""The raw source of one version: read-only, fixed-width, never interpreted.

A site page is HTML and a CSV row is quoted text; both are shown as the characters they
are (a QPlainTextEdit has no rich-text mode at all), so nothing in a page can load,
run or restyle anything. "Save source as…" writes the stored bytes unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cablereader.core.model import SourceFormat

_SUFFIX = {str(SourceFormat.SITE_PAGE): ".html", str(SourceFormat.CSV): ".csv",
           str(SourceFormat.TEXT_PAGE): ".txt"}
SaveChooser = Callable[[QWidget, str], str]


def _choose_file(parent: QWidget, suggested: str) -> str:
    name, _ = QFileDialog.getSaveFileName(parent, "Save source as", suggested)
    return name


def save_source(data: bytes, path: str | Path) -> None:
    """The stored bytes, exactly."""
    Path(path).write_bytes(data)


class SourceDialog(QDialog):
    """Shows `data` as text; the Save button asks `choose_file` where to write it."""

    def __init__(
        self,
        title: str,
        data: bytes,
        fmt: str,
        reference_id: str,
        choose_file: SaveChooser = _choose_file,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sourceView")
        self.setWindowTitle("Source")
        self.resize(900, 650)
        self._data = data
        self._choose_file = choose_file
        self._suggested = reference_id + _SUFFIX.get(fmt, ".txt")
        label = QLabel(title)
        label.setTextFormat(Qt.TextFormat.PlainText)
        self.text = QPlainTextEdit()
        self.text.setObjectName("sourceText")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setPlainText(data.decode("utf-8", "replace"))
        self.save_button = QPushButton("Save source as…")
        self.save_button.setObjectName("sourceSave")
        self.save_button.clicked.connect(self.save)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)

    def save(self) -> str:
        """Ask where, then write the stored bytes; returns the path ('' if cancelled)."""
        path = self._choose_file(self, self._suggested)
        if path:
            save_source(self._data, path)
        return path
