"""The cable list's view: its columns, and which row is selected after each change.

After a search, filter or sort the cable being read stays selected and in view when it
is among the results; otherwise the first result is selected (and so opened). Rows the
user moves to are announced with `cable_chosen`; Enter or a double click with
`cable_activated`, after which the window puts the focus in the reader.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from cablereader.ui.cable_list_model import CREATED_COLUMN, CableListModel
from cablereader.ui.window_layout import set_default_columns


class CableListView(QTableView):
    cable_chosen = Signal(str)  # the user moved to a row
    cable_activated = Signal(str)  # Enter or a double click on a row

    def __init__(
        self, model: CableListModel, reading: Callable[[], str | None], parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.list_model = model
        self._reading = reading  # the reference id being read, to keep it selected
        self._syncing = False
        self.setObjectName("cableList")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several rows (Shift, Ctrl, Ctrl+A): to star, mark, collect, export or print them
        # at once; moving the current row still opens one cable.
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # Rows drag out (to a collection in the browse panel, or as text elsewhere).
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setTabKeyNavigation(False)  # Tab leaves the list; it never walks its cells
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        set_default_columns(self)  # from font metrics: never measure 250k rows
        header.setSortIndicator(CREATED_COLUMN, Qt.SortOrder.DescendingOrder)
        self.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(lambda *_: self.keep_in_view())
        self.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.activated.connect(self._on_activated)

    def select_reference(self, reference_id: str | None) -> None:
        """Select a cable's row and bring it into view, without announcing it."""
        row = self.list_model.row_of_reference(reference_id) if reference_id else None
        self._syncing = True
        try:
            if row is None:
                self.selectionModel().clearSelection()
            else:
                index = self.list_model.index(row, 0)
                self.setCurrentIndex(index)
                self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        finally:
            self._syncing = False

    def show_results(self) -> None:
        """After a search or filter: keep the cable being read, else take the first."""
        self.scrollToTop()
        reading = self._reading()
        if reading and self.list_model.row_of_reference(reading) is not None:
            self.select_reference(reading)
        elif self.list_model.rowCount():
            self.setCurrentIndex(self.list_model.index(0, 0))

    def keep_in_view(self) -> None:
        """After a sort the model is reset: select the open cable again, in view."""
        self.select_reference(self._reading())

    def move_by(self, step: int) -> None:
        rows = self.list_model.rowCount()
        if not rows:
            return
        current = self.currentIndex()
        row = current.row() + step if current.isValid() else 0
        self.setCurrentIndex(self.list_model.index(max(0, min(rows - 1, row)), 0))

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        reference_id = self.list_model.reference_at(current.row())
        if reference_id and reference_id != self._reading():
            self.cable_chosen.emit(reference_id)

    def _on_activated(self, index: QModelIndex) -> None:
        reference_id = self.list_model.reference_at(index.row())
        if reference_id:
            self.cable_activated.emit(reference_id)
