"""The browse panel's model: facet sections with checkable values and their counts.

The model owns the browse selections (which values are checked) because the counts it
shows depend on them; the main window reads `selections()` to build the list's filter
and hands it counts (`show_counts`, made in a thread) so they follow the search and the
other facets.

A hand-written two-level model rather than QStandardItemModel: it holds plain Python
tuples, with no item wrappers to keep alive, and new counts change rows in place.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from cablereader.core.change_groups import GROUP_MEANINGS
from cablereader.core.model import CLASSIFICATIONS
from cablereader.core.tag_meanings import tag_meaning
from cablereader.store.api import CableFilter, Facet
from cablereader.store.protocol import CableStore
from cablereader.ui.plain_text import cell_text, plain_tooltip

SECTIONS: tuple[tuple[Facet, str], ...] = (
    (Facet.ORIGIN, "By origin"),
    (Facet.TAG, "By tag"),
    (Facet.CLASSIFICATION, "By classification"),
    (Facet.YEAR, "By year"),
    (Facet.MONTH, "By month"),
    (Facet.RELEASED, "By release date"),
    (Facet.CHANGED, "Changed between versions"),
)


def _meaning(facet: Facet, value: str) -> str | None:
    """What a tag stands for, or what a kind of change between versions means."""
    if facet is Facet.TAG:
        return tag_meaning(value)
    return GROUP_MEANINGS.get(value) if facet is Facet.CHANGED else None


def _level(classification: str) -> int:
    known = classification in CLASSIFICATIONS
    return CLASSIFICATIONS.index(classification) if known else len(CLASSIFICATIONS)


_TOP = 0xFFFF  # internalId of section rows; value rows carry their section number
_Index = QModelIndex | QPersistentModelIndex


class FacetModel(QAbstractItemModel):
    """Two columns (value, count); one top-level row a facet, its values as children."""

    selection_changed = Signal()

    def __init__(self, store: CableStore, parent: Any = None, load: bool = True) -> None:
        super().__init__(parent)
        self._store = store
        self._selected: dict[Facet, tuple[str, ...]] = {}
        self._values: list[list[tuple[str, int]]] = [[] for _ in SECTIONS]
        self.hold_order = False
        self._bold = QFont()
        self._bold.setBold(True)
        if load:
            self.refresh(CableFilter())

    # -- selections --------------------------------------------------------------------

    def selections(self) -> tuple[tuple[Facet, tuple[str, ...]], ...]:
        """Checked values in section order, as CableFilter.selections expects them."""
        return tuple((f, self._selected[f]) for f, _ in SECTIONS if self._selected.get(f))

    def counts(self, facet: Facet) -> dict[str, int]:
        return dict(self._values[self._section_of(facet)])

    def section_index(self, facet: Facet) -> QModelIndex:
        return self.index(self._section_of(facet), 0)

    def value_index(self, facet: Facet, value: str) -> QModelIndex:
        section = self._section_of(facet)
        for row, (shown, _) in enumerate(self._values[section]):
            if shown == value:
                return self.index(row, 0, self.index(section, 0))
        return QModelIndex()

    def is_checked(self, facet: Facet, value: str) -> bool:
        return value in self._selected.get(facet, ())

    def set_checked(self, facet: Facet, value: str, checked: bool) -> None:
        """Programmatic check, going through the same path as a click."""
        index = self.value_index(facet, value)
        if index.isValid():
            state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
            self.setData(index, state, Qt.ItemDataRole.CheckStateRole)

    def set_selections(self, selections: tuple[tuple[Facet, tuple[str, ...]], ...]) -> None:
        """Tick exactly these values (a saved search put back), listed or not: a value the
        current counts leave out is ticked all the same, and shows once counted. One
        `selection_changed`, so the list is searched once."""
        chosen = {facet: tuple(dict.fromkeys(values)) for facet, values in selections if values}
        if chosen == self._selected:
            return
        self._selected = chosen
        for section in range(len(SECTIONS)):
            rows = len(self._values[section])
            if rows:
                parent = self.index(section, 0)
                self.dataChanged.emit(self.index(0, 0, parent), self.index(rows - 1, 0, parent))
        self.selection_changed.emit()

    def clear_selection(self) -> None:
        if not self._selected:
            return
        self._selected.clear()
        for section in range(len(SECTIONS)):
            rows = len(self._values[section])
            if rows:
                parent = self.index(section, 0)
                self.dataChanged.emit(self.index(0, 0, parent), self.index(rows - 1, 0, parent))
        self.selection_changed.emit()

    def refresh(self, flt: CableFilter) -> None:
        """Re-count every facet under the filter, here and now (the window counts in a
        thread and hands the results to `show_counts`)."""
        self.show_counts({facet: self._store.facet_counts(facet, flt) for facet, _ in SECTIONS})

    def show_counts(self, counted: dict[Facet, list[tuple[str, int]]]) -> None:
        """Show counts made elsewhere; checked values stay even at zero.

        Classifications are always in level order. While the order is held (the user is
        ticking values), values keep their rows and only the counts change, so nothing
        moves under the mouse; values new to a section go to its end.
        """
        for section, (facet, _) in enumerate(SECTIONS):
            counts = list(counted.get(facet, ()))
            present = {value for value, _ in counts}
            counts += [(v, 0) for v in self._selected.get(facet, ()) if v not in present]
            if facet is Facet.CLASSIFICATION:
                counts.sort(key=lambda item: _level(item[0]))
            elif self.hold_order:
                place = {value: row for row, (value, _) in enumerate(self._values[section])}
                counts.sort(key=lambda item: place.get(item[0], len(place)))
            self._replace_values(section, counts)

    def _replace_values(self, section: int, counts: list[tuple[str, int]]) -> None:
        """Rows change in place; only the difference in length is removed or inserted.

        Removing and re-inserting every row made the tree lay out thousands of tags
        again after each search. Shrink first, then change the rows both lists have,
        then grow: rows next to a removal or insertion keep their data across it, as
        views (and qtmodeltester) expect.
        """
        old = self._values[section]
        if counts == old:
            return
        parent = self.index(section, 0)
        kept = min(len(old), len(counts))
        if len(old) > kept:
            self.beginRemoveRows(parent, kept, len(old) - 1)
            self._values[section] = old[:kept]
            self.endRemoveRows()
        if kept:
            self._values[section] = counts[:kept] + self._values[section][kept:]
            self.dataChanged.emit(self.index(0, 0, parent), self.index(kept - 1, 1, parent))
        if len(counts) > kept:
            self.beginInsertRows(parent, kept, len(counts) - 1)
            self._values[section] = counts
            self.endInsertRows()
        self.dataChanged.emit(self.index(section, 1), self.index(section, 1))

    @staticmethod
    def _section_of(facet: Facet) -> int:
        return next(i for i, (f, _) in enumerate(SECTIONS) if f is facet)

    # -- Qt model interface ------------------------------------------------------------

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP)
        return self.createIndex(row, column, parent.row())

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId(), 0, _TOP)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(SECTIONS)
        if parent.internalId() == _TOP and parent.column() == 0:
            return len(self._values[parent.row()])
        return 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Value", "Cables")[section] if section in (0, 1) else None
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.internalId() != _TOP and index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _TOP:
            return self._section_data(index.row(), index.column(), role)
        facet = SECTIONS[index.internalId()][0]
        value, count = self._values[index.internalId()][index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 1:
                return str(count)
            meaning = _meaning(facet, value)
            return cell_text(f"{value} · {meaning}" if meaning else value)
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            checked = self.is_checked(facet, value)
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            meaning = _meaning(facet, value)
            name = f"{value} ({meaning})" if meaning else value
            return plain_tooltip(f"{name}: {count} cables")
        return None

    def _section_data(self, row: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return SECTIONS[row][1] if column == 0 else str(len(self._values[row]))
        if role == Qt.ItemDataRole.FontRole and column == 0:
            return self._bold
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.CheckStateRole
            or not index.isValid()
            or index.internalId() == _TOP
            or index.column() != 0
        ):
            return False
        facet = SECTIONS[index.internalId()][0]
        name = self._values[index.internalId()][index.row()][0]
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
        values = [v for v in self._selected.get(facet, ()) if v != name]
        if checked:
            values.append(name)
        if values:
            self._selected[facet] = tuple(values)
        else:
            self._selected.pop(facet, None)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.selection_changed.emit()
        return True
