"""The all-notes view: every note and highlight, by cable and paragraph, with authors.

With 10,000 items on the full store, a word-wrapped QListWidget spent about a second
laying its items out (benchmarks/research_window.py). Here one line per item, of the same
height, comes from a model the view asks only for the rows it shows; the whole text is
the row's tooltip, as plain text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QDialog, QListView, QPushButton, QVBoxLayout, QWidget

from cablereader.core.export.records import paragraph_label
from cablereader.store.user_data_api import UserDataStore
from cablereader.ui.plain_text import plain_tooltip
from cablereader.ui.research.notes_panel import MINE, make_scope_box
from cablereader.ui.store_watch import UserDataWatch

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class NoteRow:
    reference_id: str
    anchor: str  # "" for the whole cable
    text: str  # one line: where · when · who · what


def note_rows(store: UserDataStore, mine: bool) -> list[NoteRow]:
    """Notes and highlights in reading order: by cable, then paragraph, then time."""
    items: list[tuple[str, str, str, str, str]] = [
        (n.reference_id, n.anchor or "", n.edited, n.author, " ".join(n.text.split()))
        for n in store.notes(mine=mine)
    ]
    items += [
        (
            h.reference_id,
            h.anchor or "",
            h.edited,
            h.author,
            f"“{' '.join(h.quote.split())}” {h.note}".strip(),
        )
        for h in store.highlights(mine=mine)
    ]
    items.sort(key=lambda i: (i[0], len(i[1]), i[1], i[2]))
    rows = []
    for reference_id, anchor, edited, author, text in items:
        where = f"{reference_id} {paragraph_label(anchor or None)}"
        by = f"{' '.join(author.split())} · " if author else ""
        rows.append(NoteRow(reference_id, anchor, f"{where} · {edited[:10]} · {by}{text}"))
    return rows


class NoteRowsModel(QAbstractListModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[NoteRow] = []

    def set_rows(self, rows: list[NoteRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.text  # a view shows it as plain text
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(row.text)
        return None


class AllNotesDialog(QDialog):
    """Every note and highlight, by cable and paragraph, each with its author; everyone's
    or only one's own, kept up to date while it is open (a teammate's new note shows);
    activating one opens it there."""

    open_cable = Signal(str, str)  # reference ID, anchor

    def __init__(self, store: UserDataStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("All notes and highlights")
        self.setObjectName("allNotesDialog")
        self._store = store
        self.scope = make_scope_box()
        self.scope.currentIndexChanged.connect(lambda _row: self.refresh())
        self.model = NoteRowsModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)  # one line each: no layout of 10,000 rows
        self.list.setWordWrap(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.activated.connect(lambda index: self.activate(index.row()))
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scope)
        layout.addWidget(self.list)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(760, 480)
        self.watch = UserDataWatch(store, self)
        self.watch.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.watch.catch_up()
        self.model.set_rows(note_rows(self._store, self.scope.currentIndex() == MINE))

    def texts(self) -> list[str]:
        """The lines shown, in order (for tests and scripts)."""
        return [row.text for row in self.model.rows]

    def activate(self, row: int) -> None:
        item = self.model.rows[row]
        self.open_cable.emit(item.reference_id, item.anchor)
