"""The notes panel: the open cable's notes and highlights, with add, edit and delete.

A dock beside the reader. Every line is plain text (a note is the reader's text, a
quote is the cable's, an author's name is a person's), and double-clicking one goes to
its paragraph. On a shared archive the notes are everyone's, each with its author:
"Everyone's / Mine" chooses which show, only one's own can be edited or deleted, and a
teammate's new note shows within a second (UserDataWatch). "You: NAME" says whose
stars and notes these are; Change… sets the name used for this archive.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
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
from cablereader.ui.store_watch import UserDataWatch
from cablereader.ui.window_settings import PERSON, store_key

_UUID_ROLE = Qt.ItemDataRole.UserRole
_KIND_ROLE = Qt.ItemDataRole.UserRole + 1
_ANCHOR_ROLE = Qt.ItemDataRole.UserRole + 2
_TEXT_ROLE = Qt.ItemDataRole.UserRole + 3
_AUTHOR_ROLE = Qt.ItemDataRole.UserRole + 4
EVERYONE, MINE = 0, 1  # the scope box's rows


def note_line(label: str, text: str, edited: str, author: str = "") -> str:
    """One line per item: where, when last edited, by whom, and the text on one line."""
    by = f"{' '.join(author.split())} · " if author else ""
    return f"{label} · {edited[:16].replace('T', ' ')} · {by}{' '.join(text.split())}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def person_key(store: object) -> str:
    """The settings key of an archive's chosen name: its location (a file, a URL)."""
    return store_key(getattr(store, "location", None) or f"memory:{id(store)}")


def make_scope_box() -> QComboBox:
    """"Everyone's" or "Mine": the notes panel's and the all-notes view's filter."""
    box = QComboBox()
    box.setObjectName("notesScope")
    box.addItem("Everyone's notes")
    box.addItem("My notes")
    box.setToolTip("Show the notes and highlights of everyone, or only yours")
    return box


class NotesPanel(QWidget):
    go_to_paragraph = Signal(str, str)  # reference ID, anchor ("" for the whole cable)
    changed = Signal()  # a note or highlight was added, edited or deleted here
    person_changed = Signal(str)

    def __init__(self, store: UserDataStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notesPanel")
        self._store = store
        self.reference_id: str | None = None
        self.title = QLabel("No cable open")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.scope = make_scope_box()
        self.scope.currentIndexChanged.connect(lambda _row: self.refresh())
        self.person_label = QLabel("")
        self.person_label.setObjectName("notesPerson")
        self.person_label.setTextFormat(Qt.TextFormat.PlainText)
        self.person_button = QPushButton("Change…")
        self.person_button.setToolTip("The name your stars and notes go under in this archive")
        self.person_button.clicked.connect(lambda: self.change_person())
        self.list = QListWidget()
        self.list.setObjectName("notesList")
        self.list.setWordWrap(True)  # notes are sentences: wrap rather than scroll sideways
        self.list.itemDoubleClicked.connect(self._go)
        self.list.currentItemChanged.connect(lambda *_items: self._enable())
        self.add_button = QPushButton("&Add note…")
        self.edit_button = QPushButton("&Edit…")
        self.delete_button = QPushButton("&Delete")
        self.add_button.clicked.connect(lambda: self.add_note())
        self.edit_button.clicked.connect(lambda: self.edit_current())
        self.delete_button.clicked.connect(self.delete_current)
        who = QHBoxLayout()
        who.addWidget(self.person_label, 1)
        who.addWidget(self.person_button)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.scope)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addLayout(who)
        # A teammate's note (another desk, another window) shows without reopening.
        self.watch = UserDataWatch(store, self)
        self.watch.changed.connect(self.refresh)
        self.show_cable(None)

    @property
    def mine_only(self) -> bool:
        return self.scope.currentIndex() == MINE

    def show_cable(self, reference_id: str | None) -> None:
        self.reference_id = reference_id
        self.refresh()

    def refresh(self) -> None:
        """Read the cable's notes again, keeping the item that was current."""
        self.watch.catch_up()
        current = self.list.currentItem()
        kept = None if current is None else str(current.data(_UUID_ROLE))
        self.list.clear()
        self.person_label.setText(f"You: {self._store.person}")
        self.add_button.setEnabled(self.reference_id is not None)
        if self.reference_id is None:
            self.title.setText("No cable open")
            self._enable()
            return
        notes = self._store.notes(self.reference_id, mine=self.mine_only)
        marks = self._store.highlights(self.reference_id, mine=self.mine_only)
        self.title.setText(
            f"{self.reference_id}: {_count(len(notes), 'note')}, {_count(len(marks), 'highlight')}"
        )
        for note in notes:
            line = note_line(paragraph_label(note.anchor), note.text, note.edited, note.author)
            self._add_item(line, note.uuid, "note", note.anchor, note.text, note.author)
        for mark in marks:
            text = f"“{mark.quote}”" + (f" {mark.note}" if mark.note else "")
            label = paragraph_label(mark.anchor) + f" ({mark.colour})"
            line = note_line(label, text, mark.edited, mark.author)
            self._add_item(line, mark.uuid, "highlight", mark.anchor, mark.note, mark.author)
        for row in range(self.list.count()):
            if kept is not None and self.list.item(row).data(_UUID_ROLE) == kept:
                self.list.setCurrentRow(row)
        self._enable()

    def _enable(self) -> None:
        """Edit and Delete are for one's own items: a teammate's note is read only."""
        item = self.list.currentItem()
        own = item is not None and str(item.data(_AUTHOR_ROLE)) in ("", self._store.person)
        has_cable = self.reference_id is not None
        for button in (self.edit_button, self.delete_button):
            button.setEnabled(has_cable and (item is None or own))

    def _add_item(
        self, text: str, uuid: str, kind: str, anchor: str | None, raw: str, author: str
    ) -> None:
        item = QListWidgetItem(text)  # QListWidgetItem text is never rich text
        item.setData(_UUID_ROLE, uuid)
        item.setData(_KIND_ROLE, kind)
        item.setData(_ANCHOR_ROLE, anchor or "")
        item.setData(_TEXT_ROLE, raw)
        item.setData(_AUTHOR_ROLE, author)
        item.setToolTip("Double-click to go to the paragraph")
        self.list.addItem(item)

    def _go(self, item: QListWidgetItem) -> None:
        if self.reference_id:
            self.go_to_paragraph.emit(self.reference_id, str(item.data(_ANCHOR_ROLE)))

    def change_person(self, name: str | None = None) -> bool:
        """Set the name this archive's stars and notes go under (kept for next time)."""
        if name is None:
            name, ok = QInputDialog.getText(
                self, "Your name", "Your stars and notes go under this name:",
                text=self._store.person,
            )
            if not ok:
                return False
        try:
            self._store.set_person(name)
        except ValueError:
            return False
        PERSON.set(self._store.person, person_key(self._store))
        self.refresh()
        self.person_changed.emit(self._store.person)
        return True

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
        if item is None or not self.edit_button.isEnabled():
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
        if item is None or not self.delete_button.isEnabled():
            return
        uuid, kind = str(item.data(_UUID_ROLE)), str(item.data(_KIND_ROLE))
        if kind == "note":
            self._store.delete_note(uuid)
        else:
            self._store.delete_highlight(uuid)
        self.refresh()
        self.changed.emit()
