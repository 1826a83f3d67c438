"""The browse panel's "Your marks" section: starred, unread, with notes, each collection
and each saved search, with counts; ticking entries narrows the list.

An entry stands for a query (``is:starred``, ``in:"name"``, a saved search's text), so
ticking it adds that query to the list's filter, AND-ed with the search field; ticked
entries are alternatives, as values within one facet are. The counts are the store's
`user_counts` (whole store, not under the current search); a saved search shows none.
Nothing here runs SQL: the store is asked through the UserDataStore protocol.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem

from cablereader.core.query import parse_query
from cablereader.core.query_ast import Node
from cablereader.core.query_parse import make_or
from cablereader.store.user_data_api import UserDataStore
from cablereader.ui.plain_text import cell_text, plain_tooltip

TITLE = "Your marks"
MAX_ROWS_SHOWN = 10  # more entries scroll, so the facets below keep their room
_QUERY = Qt.ItemDataRole.UserRole


def _quoted(name: str) -> str:
    return '"' + name.replace('"', " ") + '"'


class MarksPanel(QTreeWidget):
    """One bold section row, its entries checkable; `changed` when a tick changes."""

    changed = Signal()

    def __init__(self, store: UserDataStore, parent: Any = None) -> None:
        super().__init__(parent)
        self._store = store
        self.setObjectName("marksTree")
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        self.setIndentation(14)
        self.setUniformRowHeights(True)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.section = QTreeWidgetItem([TITLE, ""])
        bold = QFont()
        bold.setBold(True)
        self.section.setFont(0, bold)
        self.addTopLevelItem(self.section)
        self._filling = False
        self.itemChanged.connect(self._on_item_changed)
        self.refresh()
        self.expandItem(self.section)

    def _items(self) -> list[QTreeWidgetItem]:
        children = (self.section.child(i) for i in range(self.section.childCount()))
        return [item for item in children if item is not None]

    def entries(self) -> list[tuple[str, str, bool]]:
        """(label, query, ticked) of every entry, in order (for tests and the window)."""
        return [
            (
                item.text(0),
                str(item.data(0, _QUERY)),
                item.checkState(0) == Qt.CheckState.Checked,
            )
            for item in self._items()
        ]

    def set_ticked(self, query: str, ticked: bool) -> None:
        for item in self._items():
            if item.data(0, _QUERY) == query:
                state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
                item.setCheckState(0, state)

    def filter_node(self) -> Node | None:
        """The ticked entries' queries, OR-ed: what the window ANDs into its filter."""
        nodes = [parse_query(query).expr for _label, query, ticked in self.entries() if ticked]
        return make_or([node for node in nodes if node is not None])

    def refresh(self) -> None:
        """Read the counts, collections and saved searches again; ticks are kept."""
        ticked = {query for _label, query, on in self.entries() if on}
        counts = self._store.user_counts()
        rows: list[tuple[str, str, int | None]] = [
            ("Starred", "is:starred", counts.get("starred", 0)),
            ("Unread", "is:unread", counts.get("unread", 0)),
            ("With notes", "has:note", counts.get("has:note", 0)),
        ]
        for key, size in counts.items():
            if key.startswith("in:"):
                name = key[3:]
                rows.append((f"Collection: {name}", f"in:{_quoted(name)}", size))
        for saved in self._store.saved_searches():
            if parse_query(saved.query).expr is not None:
                rows.append((f"Saved search: {saved.name}", saved.query, None))
        self._filling = True
        try:
            self.section.takeChildren()
            for label, query, count in rows:
                item = QTreeWidgetItem([cell_text(label), "" if count is None else str(count)])
                item.setData(0, _QUERY, query)
                item.setToolTip(0, plain_tooltip(f"{label}: {query}") or "")
                item.setTextAlignment(
                    1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsUserCheckable
                )
                on = query in ticked
                item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                self.section.addChild(item)
            self.section.setText(1, str(len(rows)))
        finally:
            self._filling = False
        self._fit_height(len(rows) + 1)
        if ticked - {query for _label, query, _count in rows}:
            self.changed.emit()  # a ticked collection or saved search went away

    def _fit_height(self, rows: int) -> None:
        """As tall as its rows (up to MAX_ROWS_SHOWN), not half the browse panel."""
        row = max(self.sizeHintForRow(0), self.fontMetrics().height() + 4)
        self.setFixedHeight(min(rows, MAX_ROWS_SHOWN) * row + 2 * self.frameWidth() + 2)

    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if not self._filling and column == 0 and item.parent() is self.section:
            self.changed.emit()
