"""The browse panel on the left: facets as a tree of checkable values, and Clear."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from cablereader.store.api import CableFilter, Facet
from cablereader.ui.facet_counter import Counts, FacetCounter
from cablereader.ui.facet_model import SECTIONS, FacetModel
from cablereader.ui.origin_names import shorten_origin

ORIGIN_SECTION = next(i for i, (facet, _title) in enumerate(SECTIONS) if facet is Facet.ORIGIN)


class _ValueDelegate(QStyledItemDelegate):
    """Origins that do not fit abbreviate their leading words ("Emb. Madrid"), then
    shorten on the left, so the city stays in view (ui/origin_names.py). Everything else
    shortens on the right. The whole value is the row's tooltip."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Any) -> None:
        super().initStyleOption(option, index)
        parent = index.parent()
        if not (parent.isValid() and parent.row() == ORIGIN_SECTION) or not option.text:
            return
        option.textElideMode = Qt.TextElideMode.ElideLeft
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        room = style.subElementRect(
            QStyle.SubElement.SE_ItemViewItemText, option, widget
        ).width() - 2 * style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin)
        metrics = option.fontMetrics
        option.text = shorten_origin(option.text, lambda t: metrics.horizontalAdvance(t) <= room)


class FacetBrowser(QWidget):
    """Checking values narrows the list; the model decides how facets combine."""

    counts_shown = Signal()

    def __init__(
        self, model: FacetModel, parent: Any = None, counter: FacetCounter | None = None
    ) -> None:
        super().__init__(parent)
        self.counter = counter
        self._asked: CableFilter | None = None
        self._shown: CableFilter | None = None
        if counter is not None:
            counter.counted.connect(self._on_counted)
        self.setObjectName("facetBrowser")
        # Long values ("Embassy Addis Ababa") are elided, with the whole in the tooltip.
        self.setMinimumWidth(220)
        self.model = model
        title = QLabel("Browse")
        title.setObjectName("facetTitle")
        self.clear_button = QPushButton("Clear")
        self.clear_button.setObjectName("facetClear")
        self.clear_button.setToolTip("Uncheck every value and show all cables again")
        self.clear_button.setEnabled(False)
        self.clear_button.clicked.connect(model.clear_selection)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.clear_button)
        self._filtered = False
        self.filter_box = QLineEdit()
        self.filter_box.setObjectName("facetFilter")
        self.filter_box.setPlaceholderText("Filter origins, tags…")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self.apply_value_filter)
        # The date filter a search holds (from the timeline or typed), shown where the
        # other filters are, with a button that removes it.
        self.dates = QWidget()
        self.dates.setObjectName("facetDates")
        self.dates_label = QLabel("")
        self.dates_label.setObjectName("facetDatesLabel")
        self.dates_label.setTextFormat(Qt.TextFormat.PlainText)
        self.dates_label.setWordWrap(True)
        self.dates_clear = QToolButton()
        self.dates_clear.setObjectName("facetDatesClear")
        self.dates_clear.setText("×")
        self.dates_clear.setToolTip("Remove the date filter")
        dates_row = QHBoxLayout(self.dates)
        dates_row.setContentsMargins(2, 0, 0, 0)
        dates_row.addWidget(self.dates_label, 1)
        dates_row.addWidget(self.dates_clear)
        self.dates.hide()
        self.tree = QTreeView()
        self.tree.setObjectName("facetTree")
        self.tree.installEventFilter(self)
        self.tree.viewport().installEventFilter(self)
        self.tree.setModel(model)
        self.tree.setItemDelegateForColumn(0, _ValueDelegate(self.tree))
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(False)
        self.tree.setHeaderHidden(True)  # "value / count" is evident; the width is not spare
        self.tree.setIndentation(14)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.expand(model.index(0, 0))  # origins: the most common way in
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.dates)
        layout.addWidget(self.tree)
        model.selection_changed.connect(self._sync_clear)
        for changed in (model.rowsInserted, model.rowsRemoved, model.dataChanged):
            changed.connect(lambda *_: self.apply_value_filter())

    def show_dates(self, text: str | None) -> None:
        """Show the search's date filter ("Created 2007-09 to 2008-02"), or hide the line."""
        self.dates_label.setText(text or "")
        self.dates.setVisible(bool(text))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Hold the rows' order while the mouse is over the tree or it has the focus."""
        kind = event.type()
        if kind in (QEvent.Type.Enter, QEvent.Type.FocusIn):
            self.model.hold_order = True
        elif kind in (QEvent.Type.Leave, QEvent.Type.FocusOut):
            self.model.hold_order = self.tree.hasFocus() or self.tree.underMouse()
        return False

    def apply_value_filter(self) -> None:
        """Show only values containing the filter text (tag meanings count too)."""
        needle = self.filter_box.text().strip().casefold()
        if not needle and not self._filtered:
            return  # nothing hidden: new counts need no pass over the rows
        self._filtered = bool(needle)
        for section in range(self.model.rowCount()):
            parent = self.model.index(section, 0)
            shown = 0
            for row in range(self.model.rowCount(parent)):
                text = str(self.model.index(row, 0, parent).data()).casefold()
                hidden = bool(needle) and needle not in text
                self.tree.setRowHidden(row, parent, hidden)
                shown += not hidden
            if needle and shown:
                self.tree.expand(parent)

    def refresh(self, flt: CableFilter) -> None:
        """Count here and now."""
        self._asked = self._shown = flt
        self.model.refresh(flt)
        self._sync_clear()
        self.counts_shown.emit()

    def recount(self, flt: CableFilter) -> None:
        """Count in the counter's thread when there is one; the newest filter wins."""
        if self.counter is None:
            self.refresh(flt)
            return
        self._asked = flt
        self.counter.request(flt)

    @property
    def up_to_date(self) -> bool:
        """Whether the counts shown are those of the last filter asked for."""
        return self._asked is not None and self._shown == self._asked

    def stop_counting(self) -> None:
        if self.counter is not None:
            self.counter.stop()

    def _on_counted(self, flt: CableFilter, counts: Counts) -> None:
        if flt == self._asked:  # older answers arrive after newer questions: dropped
            self._shown = flt
            self.model.show_counts(counts)
            self._sync_clear()
            self.counts_shown.emit()

    def _sync_clear(self) -> None:
        self.clear_button.setEnabled(bool(self.model.selections()))
