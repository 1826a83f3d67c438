"""The cable list: a table model that keeps only ordered ids in memory.

The full release has a quarter of a million cables, so the model never holds rows for
all of them. The store sorts and filters (in SQL) and hands back ids; rows are fetched a
page at a time when the view asks for them and kept in a small LRU cache, which keeps
scrolling smooth and memory flat however large the store grows.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from cablereader.core.query import Query
from cablereader.core.query_ast import Field, positive_terms
from cablereader.core.query_parse import make_and
from cablereader.store.api import CableFilter, CableRow, SortKey
from cablereader.store.protocol import CableStore
from cablereader.ui.plain_text import cell_text, plain_tooltip

PAGE_SIZE = 200
CACHED_PAGES = 8
SNIPPET_CACHE = 64

COLUMNS: tuple[tuple[str, SortKey], ...] = (
    ("Reference ID", SortKey.REFERENCE_ID),
    ("Created", SortKey.CREATED),
    ("Released", SortKey.RELEASED),
    ("Classification", SortKey.CLASSIFICATION),
    ("Origin", SortKey.ORIGIN),
    ("Subject", SortKey.SUBJECT),
    ("Tags", SortKey.TAGS),
)
CREATED_COLUMN = 1
# Rows dragged out: their reference IDs, one a line, as text (another program pastes
# them) and as this type (a collection in the browse panel takes them).
REFIDS_MIME = "application/x-cablereader-refids"

_Index = QModelIndex | QPersistentModelIndex
# What each column shows of a row, in COLUMNS order.
_CELLS: tuple[Callable[[CableRow], str], ...] = (
    lambda r: r.reference_id,
    lambda r: _when(r.created, r.created_approx),
    lambda r: _when(r.released),
    lambda r: r.classification,
    lambda r: r.origin,
    lambda r: r.subject,
    lambda r: r.tags,
)
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_USER = Qt.ItemDataRole.UserRole
# A view asks each visible cell for a dozen roles at every paint; only these have data.
_ROLES_WITH_DATA = frozenset({_DISPLAY, _TOOLTIP, _USER})


def _when(value: str | None, approx: bool = False) -> str:
    """Timestamps read better with a space than the stored ISO 'T'."""
    if not value:
        return "unknown"
    text = value.replace("T", " ")
    return f"{text} (approx.)" if approx else text


class CableListModel(QAbstractTableModel):
    """Rows are cables matching the current filter, in the order the store gave them."""

    def __init__(self, store: CableStore, parent: Any = None) -> None:
        super().__init__(parent)
        self._store = store
        self._filter = CableFilter()
        self._sort_key = SortKey.CREATED
        self._descending = True
        self._ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, CableRow]] = OrderedDict()
        self._snippets: OrderedDict[tuple[CableFilter, int], str] = OrderedDict()
        self.reload()

    # -- queries -----------------------------------------------------------------------

    @property
    def cable_filter(self) -> CableFilter:
        return self._filter

    @property
    def sort_key(self) -> SortKey:
        return self._sort_key

    @property
    def descending(self) -> bool:
        return self._descending

    def set_filter(self, flt: CableFilter) -> None:
        """Re-query with a new filter; the sort order stays what the user chose."""
        self._filter = flt
        self.reload()

    def reload(self) -> None:
        """Fetch the ordered ids again, e.g. after an import added cables."""
        self.beginResetModel()
        self._ids = self._store.query_ids(self._filter, self._sort_key, self._descending)
        self._pages.clear()
        self.endResetModel()

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_at(self, row: int) -> CableRow | None:
        """The CableRow shown in a row, fetched with its page when not cached."""
        cable_id = self.id_at(row)
        if cable_id is None:
            return None
        page = self._page(row // PAGE_SIZE)
        return page.get(cable_id)

    def reference_at(self, row: int) -> str | None:
        found = self.row_at(row)
        return found.reference_id if found else None

    def row_of_reference(self, reference_id: str) -> int | None:
        """The row showing a cable, or None when it is not in the current result."""
        cable_id = self._store.cable_id(reference_id)
        if cable_id is None:
            return None
        # One search in C through the id list (a few ms at 251,287) beats building a dict
        # of every id after each query (30 ms) for the one lookup that usually follows.
        try:
            return self._ids.index(cable_id)
        except ValueError:
            return None

    def _page(self, number: int) -> dict[int, CableRow]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        ids = self._ids[number * PAGE_SIZE : (number + 1) * PAGE_SIZE]
        page = self._store.fetch_rows(ids)
        self._pages[number] = page
        while len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    # -- Qt model interface ------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return [REFIDS_MIME, "text/plain"]

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """The dragged rows only (each row once, in list order): never every row."""
        rows = sorted({index.row() for index in indexes if index.isValid()})
        refs = [ref for ref in (self.reference_at(row) for row in rows) if ref]
        data = QMimeData()
        text = "\n".join(refs)
        data.setText(text)
        data.setData(REFIDS_MIME, text.encode("utf-8"))
        return data

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section][0]
        return None

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if role not in _ROLES_WITH_DATA or not index.isValid():
            return None
        found = self.row_at(index.row())
        if found is None:
            return None
        if role == _DISPLAY:
            column = index.column()
            return cell_text(_CELLS[column](found)) if column < len(_CELLS) else None
        if role == _TOOLTIP:
            return self._tooltip(found)
        return found.reference_id

    def snippet(self, row: CableRow) -> str:
        """The search hit in one cable's text, ``[hits]`` bracketed; "" without words.

        Asked for one row at a time (on hover), so it costs one indexed query, never a
        pass over the result."""
        query = self._filter.query
        if query is None or not positive_terms(query.expr):
            return ""
        key = (self._filter, row.id)
        if key not in self._snippets:
            if len(self._snippets) > SNIPPET_CACHE:
                self._snippets.popitem(last=False)
            expr = make_and([query.expr, Field("ref", (row.reference_id,))]) if query.expr else None
            narrowed = CableFilter(Query(expr), self._filter.selections, self._filter.import_run)
            hits = self._store.search(narrowed, limit=1)
            self._snippets[key] = hits[0].snippet if hits else ""
        return self._snippets[key]

    def _tooltip(self, row: CableRow) -> str | None:
        """Subject and hit snippet, escaped: cable text is never markup."""
        parts = [text for text in (row.subject, self.snippet(row)) if text]
        return plain_tooltip("\n\n".join(parts))

    def sort_by(self, key: SortKey, descending: bool = True) -> None:
        """Sort by a key that has no column, such as search relevance."""
        self._sort_key = key
        self._descending = descending
        self.reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting happens in SQL, so it costs the same for ten cables or a million."""
        if not 0 <= column < len(COLUMNS):
            return
        key, descending = COLUMNS[column][1], order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._sort_key, self._descending):
            return  # the view asks twice per click (sortByColumn, then the header's signal)
        self._sort_key, self._descending = key, descending
        self.reload()
