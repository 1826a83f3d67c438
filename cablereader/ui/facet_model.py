"""The browse panel's model: facet sections with checkable values and their counts.

The model owns the browse selections (which values are checked) because the counts it
shows depend on them; the main window reads `selections()` to build the list's filter
and calls `refresh(filter)` so counts follow the search and the other facets.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

from cablereader.store.api import CableFilter, Facet
from cablereader.store.sqlite_store import SqliteCableStore

SECTIONS: tuple[tuple[Facet, str], ...] = (
    (Facet.ORIGIN, "By origin"),
    (Facet.TAG, "By tag"),
    (Facet.CLASSIFICATION, "By classification"),
    (Facet.YEAR, "By year"),
    (Facet.MONTH, "By month"),
    (Facet.RELEASED, "By release date"),
)
FACET_ROLE = Qt.ItemDataRole.UserRole + 1
VALUE_ROLE = Qt.ItemDataRole.UserRole + 2


class FacetModel(QStandardItemModel):
    """Two columns (value, count); one top-level row a facet, its values as children."""

    selection_changed = Signal()

    def __init__(self, store: SqliteCableStore, parent: Any = None) -> None:
        super().__init__(parent)
        self._store = store
        self._selected: dict[Facet, tuple[str, ...]] = {}
        self._updating = False
        self.setHorizontalHeaderLabels(["Value", "Cables"])
        bold = QFont()
        bold.setBold(True)
        for facet, title in SECTIONS:
            section = QStandardItem(title)
            section.setData(str(facet), FACET_ROLE)
            section.setFont(bold)
            section.setEditable(False)
            spacer = QStandardItem("")
            spacer.setEditable(False)
            self.appendRow([section, spacer])
        self.itemChanged.connect(self._on_item_changed)
        self.refresh(CableFilter())

    def selections(self) -> tuple[tuple[Facet, tuple[str, ...]], ...]:
        """Checked values in section order, as CableFilter.selections expects them."""
        return tuple((f, self._selected[f]) for f, _ in SECTIONS if self._selected.get(f))

    def section_item(self, facet: Facet) -> QStandardItem:
        for row in range(self.rowCount()):
            item = self.item(row, 0)
            if item.data(FACET_ROLE) == str(facet):
                return item
        raise KeyError(facet)

    def value_item(self, facet: Facet, value: str) -> QStandardItem | None:
        section = self.section_item(facet)
        for row in range(section.rowCount()):
            child = section.child(row, 0)
            if child.data(VALUE_ROLE) == value:
                return child
        return None

    def set_checked(self, facet: Facet, value: str, checked: bool) -> None:
        """Programmatic check, going through the same path as a click."""
        item = self.value_item(facet, value)
        if item is not None:
            state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
            item.setCheckState(state)

    def clear_selection(self) -> None:
        if not self._selected:
            return
        self._selected.clear()
        self.selection_changed.emit()

    def refresh(self, flt: CableFilter) -> None:
        """Re-count every facet under the filter; checked values stay even at zero."""
        self._updating = True
        try:
            for facet, _ in SECTIONS:
                self._fill(facet, self._store.facet_counts(facet, flt))
        finally:
            self._updating = False

    def _fill(self, facet: Facet, counts: list[tuple[str, int]]) -> None:
        section = self.section_item(facet)
        chosen = self._selected.get(facet, ())
        present = {value for value, _ in counts}
        counts = counts + [(value, 0) for value in chosen if value not in present]
        section.removeRows(0, section.rowCount())
        for value, count in counts:
            item = QStandardItem(value)
            item.setData(str(facet), FACET_ROLE)
            item.setData(value, VALUE_ROLE)
            item.setEditable(False)
            item.setCheckable(True)
            checked = value in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            number = QStandardItem(str(count))
            number.setEditable(False)
            number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            section.appendRow([item, number])
        self.setItem(section.row(), 1, QStandardItem(str(len(counts))))
        self.item(section.row(), 1).setEditable(False)

    def _on_item_changed(self, item: QStandardItem) -> None:
        if self._updating or not item.isCheckable():
            return
        facet = Facet(item.data(FACET_ROLE))
        value = str(item.data(VALUE_ROLE))
        values = list(self._selected.get(facet, ()))
        if item.checkState() == Qt.CheckState.Checked and value not in values:
            values.append(value)
        elif item.checkState() != Qt.CheckState.Checked and value in values:
            values.remove(value)
        else:
            return
        if values:
            self._selected[facet] = tuple(values)
        else:
            self._selected.pop(facet, None)
        self.selection_changed.emit()
