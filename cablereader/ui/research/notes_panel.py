"""The notes panel: the open cable's notes and highlights, with add, edit and delete.

A dock beside the reader. Every line is plain text (a note is the reader's text, a
quote is the cable's), and double-clicking one goes to its paragraph.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cablereader.core.export.records import paragraph_label
from cablereader.store.user_data_api import UserDataStore

_UUID_ROLE = Qt.ItemDataRole.UserRole
_KIND_ROLE = Qt.ItemDataRole.UserRole + 1
_ANCHOR_ROLE = Qt.ItemDataRole.UserRole + 2
_TEXT_ROLE = Qt.ItemDataRole.UserRole + 3


def note_line(label: str, text: str, edited: str) -> str:
    """One line per item: where, when last edited, and the text on one line."""
    return f"{label} · {edited[:16].replace('T', ' ')} · {' '.join(text.split())}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


class NotesPanel(QWidget):
    go_to_paragraph = Signal(str, str)  # reference ID, anchor ("" for the whole cable)
    changed = Signal()  # a note or highlight was added, edited or deleted here

    def __init__(self, store: UserDataStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notesPanel")
        self._store = store
        self.reference_id: str | None = None
        self.title = QLabel("No cable open")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.list = QListWidget()
        self.list.setObjectName("notesList")
        self.list.setWordWrap(True)  # notes are sentences: wrap rather than scroll sideways
        self.list.itemDoubleClicked.connect(self._go)
        self.add_button = QPushButton("&Add note…")
        self.edit_button = QPushButton("&Edit…")
        self.delete_button = QPushButton("&Delete")
        self.add_button.clicked.connect(lambda: self.add_note())
        self.edit_button.clicked.connect(lambda: self.edit_current())
        self.delete_button.clicked.connect(self.delete_current)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.show_cable(None)

    def show_cable(self, reference_id: str | None) -> None:
        self.reference_id = reference_id
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        has_cable = self.reference_id is not None
        for button in (self.add_button, self.edit_button, self.delete_button):
            button.setEnabled(has_cable)
        if self.reference_id is None:
            self.title.setText("No cable open")
            return
        notes = self._store.notes(self.reference_id)
        marks = self._store.highlights(self.reference_id)
        self.title.setText(
            f"{self.reference_id}: {_count(len(notes), 'note')}, {_count(len(marks), 'highlight')}"
        )
        for note in notes:
            line = note_line(paragraph_label(note.anchor), note.text, note.edited)
            self._add_item(line, note.uuid, "note", note.anchor, note.text)
        for mark in marks:
            text = f"“{mark.quote}”" + (f" {mark.note}" if mark.note else "")
            line = note_line(paragraph_label(mark.anchor) + f" ({mark.colour})", text, mark.edited)
            self._add_item(line, mark.uuid, "highlight", mark.anchor, mark.note)

    def _add_item(self, text: str, uuid: str, kind: str, anchor: str | None, raw: str) -> None:
        item = QListWidgetItem(text)  # QListWidgetItem text is never rich text
        item.setData(_UUID_ROLE, uuid)
        item.setData(_KIND_ROLE, kind)
        item.setData(_ANCHOR_ROLE, anchor or "")
        item.setData(_TEXT_ROLE, raw)
        item.setToolTip("Double-click to go to the paragraph")
        self.list.addItem(item)

    def _go(self, item: QListWidgetItem) -> None:
        if self.reference_id:
            self.go_to_paragraph.emit(self.reference_id, str(item.data(_ANCHOR_ROLE)))

    def add_note(self, anchor: str | None = None, text: str | None = None) -> bool:
        """Add a note on the cable or a paragraph; asks for the text unless given."""
        if self.reference_id is None:
            return False
        if text is None:
            where = paragraph_label(anchor)
            text, ok = QInputDialog.getMultiLineText(
                self, "Add note", f"Note on {self.reference_id} ({where}):"
            )
            if not ok:
                return False
        if not text.strip():
            return False
        self._store.add_note(self.reference_id, text, anchor)
        self.refresh()
        self.changed.emit()
        return True

    def edit_current(self, text: str | None = None) -> bool:
        item = self.list.currentItem()
        if item is None:
            return False
        uuid, kind = str(item.data(_UUID_ROLE)), str(item.data(_KIND_ROLE))
        if text is None:
            current = str(item.data(_TEXT_ROLE))
            text, ok = QInputDialog.getMultiLineText(self, "Edit note", "Note:", current)
            if not ok:
                return False
        if kind == "note":
            self._store.edit_note(uuid, text)
        else:
            self._store.edit_highlight(uuid, note=text)
        self.refresh()
        self.changed.emit()
        return True

    def delete_current(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        uuid, kind = str(item.data(_UUID_ROLE)), str(item.data(_KIND_ROLE))
        if kind == "note":
            self._store.delete_note(uuid)
        else:
            self._store.delete_highlight(uuid)
        self.refresh()
        self.changed.emit()
