"""The browse panel's "Your marks" section: starred, unread, with notes, each collection
and each saved search, with counts; ticking entries narrows the list.

A mark stands for a query (``is:starred``, ``in:"name"``), so ticking it adds that query
to the list's filter, AND-ed with the search field; ticked marks are alternatives, as
values within one facet are. A saved search is a whole search, not a narrowing: ticking
it puts its text back in the search field and its ticks back in the browse panel (as
Research ▸ Saved searches does), its tick shows while the search is that one, and
unticking it clears the search. The counts (whole store, not under the current search)
come from a MarksCounter, off the GUI thread; nothing here runs SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QActionGroup, QDragEnterEvent, QDragMoveEvent, QDropEvent, QFont
from PySide6.QtWidgets import QHeaderView, QMenu, QTreeWidget, QTreeWidgetItem

from cablereader.core.query import parse_query
from cablereader.core.query_ast import Node
from cablereader.core.query_parse import make_or
from cablereader.ui.plain_text import cell_text, plain_tooltip
from cablereader.ui.research.collection_drops import dropped_reference_ids
from cablereader.ui.research.marks_counter import (
    MarksCounter,
    MarksCounts,
    MarksSource,
    count_marks,
    saved_filter,
)

TITLE = "Your marks"
# The entries under their headings, so a row shows a collection's or a search's name
# alone: the browse panel is narrow, and "Saved search: Elec…" told nothing.
HEADINGS = (TITLE, "Collections", "Saved searches")
MAX_ROWS_SHOWN = 13  # more entries scroll, so the facets below keep their room
_QUERY = Qt.ItemDataRole.UserRole
_SAVED = Qt.ItemDataRole.UserRole + 1  # a saved search's name; None for a mark
_KEY = Qt.ItemDataRole.UserRole + 2  # a saved search as _search_key gives it
_LABEL = Qt.ItemDataRole.UserRole + 3  # "Collection: name", as entries() gives it
Selections = Sequence[tuple[str, Sequence[str]]]


def _quoted(name: str) -> str:
    return '"' + name.replace('"', " ") + '"'


def _search_key(text: str, selections: Selections) -> tuple[str, frozenset[Any]]:
    """A search as the reader sees it: words as typed (spacing aside), ticks in any order."""
    ticks = frozenset((str(f), frozenset(map(str, v))) for f, v in selections if v)
    return " ".join(text.split()), ticks


class MarksPanel(QTreeWidget):
    """Bold heading rows (marks, collections, saved searches), their entries checkable.

    `changed` when a mark's tick changes (the list re-filters); `saved_toggled(name, on)`
    when a saved search is ticked or unticked; `counts_shown` when new counts show."""

    changed = Signal()
    saved_toggled = Signal(str, bool)
    counts_shown = Signal()
    cables_dropped = Signal(str, list)  # a collection's name ("" for a new one), refids

    def __init__(
        self, store: MarksSource, parent: Any = None, counter: MarksCounter | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._counter = counter
        self._waiting = False
        self._search = _search_key("", ())
        # Collections and saved searches are everyone's (issue 19): a heading's menu
        # narrows its section to the person's own.
        self.only_mine = {1: False, 2: False}
        self._last: MarksCounts | None = None
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._show_heading_menu)
        if counter is not None:
            counter.counted.connect(self._show)
        self.setObjectName("marksTree")
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        self.setIndentation(14)
        self.setUniformRowHeights(True)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        bold = QFont()
        bold.setBold(True)
        self.headings: list[QTreeWidgetItem] = []
        for title in HEADINGS:
            heading = QTreeWidgetItem([title, ""])
            heading.setFont(0, bold)
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.addTopLevelItem(heading)
            self.headings.append(heading)
        self.section = self.headings[0]
        for heading in self.headings[1:]:  # until the first counts say there are some
            heading.setHidden(True)
        self._fit_height(4)  # the heading and its three marks, counted or not yet
        self._filling = False
        self.itemChanged.connect(self._on_item_changed)
        self.refresh()
        for heading in self.headings:
            self.expandItem(heading)

    def _items(self) -> list[QTreeWidgetItem]:
        children = (h.child(i) for h in self.headings for i in range(h.childCount()))
        return [item for item in children if item is not None]

    def entries(self) -> list[tuple[str, str, bool]]:
        """(label, query, ticked) of every entry, in order (for tests and the window)."""
        return [
            (
                str(item.data(0, _LABEL)),
                str(item.data(0, _QUERY)),
                item.checkState(0) == Qt.CheckState.Checked,
            )
            for item in self._items()
        ]

    def counts(self) -> dict[str, str]:
        """Each entry's label and the count it shows ("" while it has none)."""
        return {str(item.data(0, _LABEL)): item.text(1) for item in self._items()}

    def set_ticked(self, query: str, ticked: bool) -> None:
        for item in self._items():
            if item.data(0, _QUERY) == query:
                state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
                item.setCheckState(0, state)

    def filter_node(self) -> Node | None:
        """The ticked marks' queries, OR-ed: what the window ANDs into its filter.
        Saved searches are not in it: ticking one put it in the search field."""
        nodes = [
            parse_query(str(item.data(0, _QUERY))).expr
            for item in self._items()
            if item.data(0, _SAVED) is None and item.checkState(0) == Qt.CheckState.Checked
        ]
        return make_or([node for node in nodes if node is not None])

    @property
    def up_to_date(self) -> bool:
        """Whether the counts shown answer the last refresh."""
        return not self._waiting

    def refresh(self) -> None:
        """Count again (in the counter's thread when there is one); ticks are kept."""
        if self._counter is None:
            self._show(count_marks(self._store))
            return
        self._waiting = True
        self._counter.request()

    def show_search(self, text: str, selections: Selections) -> None:
        """The search now in the window: a saved search's tick shows whether it is it."""
        self._search = _search_key(text, selections)
        self._filling = True
        try:
            for item in self._items():
                name = item.data(0, _SAVED)
                if name is not None:
                    on = item.data(0, _KEY) == self._search
                    item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        finally:
            self._filling = False

    def heading_menu(self, pos: QPoint) -> QMenu | None:
        """Everyone's or mine, for the Collections or Saved searches section at `pos`."""
        item = self.itemAt(pos)
        if item is not None and item.parent() is not None:
            item = item.parent()
        if item is None or item not in self.headings[1:]:
            return None
        at = self.headings.index(item)
        menu = QMenu(self)
        group = QActionGroup(menu)
        for text, mine in (("&Everyone's", False), ("Only &mine", True)):
            action = menu.addAction(text)
            action.setObjectName("mine" if mine else "everyone")
            action.setCheckable(True)
            action.setChecked(self.only_mine[at] == mine)
            group.addAction(action)
            action.triggered.connect(lambda _c=False, m=mine: self.show_only_mine(at, m))
        return menu

    def _show_heading_menu(self, pos: QPoint) -> None:
        menu = self.heading_menu(pos)
        if menu is not None:
            menu.exec(self.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def show_only_mine(self, at: int, mine: bool) -> None:
        """Narrow section `at` (1 collections, 2 saved searches) to the person's own."""
        self.only_mine[at] = mine
        base = HEADINGS[at]
        self.headings[at].setText(0, f"{base}: mine" if mine else base)
        if self._last is not None:
            self._show(self._last)

    def _mine(self, result: MarksCounts) -> tuple[set[str] | None, set[str] | None]:
        """The collections and saved searches shown, by name (None: all of them)."""
        if not any(self.only_mine.values()):
            return None, None
        me = self._store.person
        collections = {n for n, who in result.authors.items() if who == me}
        searches = {saved.name for saved, _found in result.saved if saved.author == me}
        return (
            collections if self.only_mine[1] else None,
            searches if self.only_mine[2] else None,
        )

    def _show(self, result: MarksCounts) -> None:
        self._waiting = False
        self._last = result
        mine_collections, mine_searches = self._mine(result)
        ticked = {
            query for item in self._items()
            if item.data(0, _SAVED) is None and item.checkState(0) == Qt.CheckState.Checked
            for query in [str(item.data(0, _QUERY))]
        }
        counts = result.counts
        # heading, label, shown name, query, count, saved search's name, its key
        rows: list[tuple[int, str, str, str, int | None, str | None, Any]] = [
            (0, "Starred", "Starred", "is:starred", counts.get("starred", 0), None, None),
            (0, "Unread", "Unread", "is:unread", counts.get("unread", 0), None, None),
            (0, "With notes", "With notes", "has:note", counts.get("has:note", 0), None, None),
        ]
        for label, size in counts.items():
            if label.startswith("in:"):
                name = label[3:]
                if mine_collections is not None and name not in mine_collections:
                    continue
                rows.append(
                    (1, f"Collection: {name}", name, f"in:{_quoted(name)}", size, None, None)
                )
        for saved, found in result.saved:
            if mine_searches is not None and saved.name not in mine_searches:
                continue
            flt = saved_filter(saved)
            if flt is not None:  # its ticks as put back: of the facets this version has
                key = _search_key(saved.query, [(str(f), v) for f, v in flt.selections])
                label = f"Saved search: {saved.name}"
                rows.append((2, label, saved.name, saved.query, found, saved.name, key))
        self._filling = True
        try:
            for heading in self.headings:
                heading.takeChildren()
            for at, label, name, query, count, saved_name, key in rows:
                item = QTreeWidgetItem([cell_text(name), "" if count is None else str(count)])
                item.setData(0, _LABEL, label)
                item.setData(0, _QUERY, query)
                item.setData(0, _SAVED, saved_name)
                item.setData(0, _KEY, key)
                tip = f"{label}: {query}" if saved_name is None else self._saved_tip(label, key)
                item.setToolTip(0, plain_tooltip(tip) or "")
                item.setTextAlignment(
                    1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsUserCheckable
                )
                on = query in ticked if saved_name is None else key == self._search
                item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                self.headings[at].addChild(item)
            for at, heading in enumerate(self.headings):
                heading.setText(1, str(heading.childCount()))
                heading.setHidden(heading.childCount() == 0 and not self.only_mine.get(at))
        finally:
            self._filling = False
        shown = sum(not heading.isHidden() for heading in self.headings)
        self._fit_height(len(rows) + shown)
        self.counts_shown.emit()
        marks = {query for _at, _label, _name, query, _count, saved, _key in rows if not saved}
        if ticked - marks:
            self.changed.emit()  # a ticked collection went away

    @staticmethod
    def _saved_tip(label: str, key: Any) -> str:
        text, ticks = key
        parts = [f"{label}: {text}" if text else label]
        for facet, values in sorted(ticks):
            parts.append(f"{facet}: {', '.join(sorted(values))}")
        return "\n".join(parts)

    # -- cables dragged from the list (collection_drops.py) ----------------------------

    def drop_target(self, pos: QPoint) -> str | None:
        """Where cables dropped at `pos` go: a collection's name, "" for a new one (the
        Collections heading, or anywhere while there is none), None for nowhere."""
        heading = self.headings[1]
        item = self.itemAt(pos)
        if heading.isHidden():
            return ""
        if item is heading:
            return ""
        if item is not None and item.parent() is heading:
            return str(item.data(0, _LABEL)).removeprefix("Collection: ")
        return None

    def _drag_to(self, event: QDragMoveEvent | QDropEvent) -> str | None:
        if not dropped_reference_ids(event.mimeData()):
            return None
        return self.drop_target(event.position().toPoint())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_reference_ids(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        target = self._drag_to(event)
        if target is None:
            event.ignore()
            return
        item = self.itemAt(event.position().toPoint())
        self.setCurrentItem(item if target and item is not None else self.headings[1])
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        target = self._drag_to(event)
        if target is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.cables_dropped.emit(target, dropped_reference_ids(event.mimeData()))

    def _fit_height(self, rows: int) -> None:
        """As tall as its rows (up to MAX_ROWS_SHOWN), not half the browse panel."""
        # Uniform rows are all as tall as the first; before it is laid out, a guess.
        hint = self.sizeHintForRow(0)
        row = hint if hint > 0 else self.fontMetrics().height() + 4
        self.setFixedHeight(min(rows, MAX_ROWS_SHOWN) * row + 2 * self.frameWidth() + 2)

    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._filling or column != 0 or not any(item.parent() is h for h in self.headings):
            return
        name = item.data(0, _SAVED)
        if name is None:
            self.changed.emit()
        else:
            self.saved_toggled.emit(str(name), item.checkState(0) == Qt.CheckState.Checked)
