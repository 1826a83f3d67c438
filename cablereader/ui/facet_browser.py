"""The browse panel on the left: facets as a tree of checkable values, and Clear."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from cablereader.store.api import CableFilter
from cablereader.ui.facet_counter import Counts, FacetCounter
from cablereader.ui.facet_model import FacetModel


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
        self.setMinimumWidth(240)  # origins like "Embassy Addis Ababa" must stay readable
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
        self.tree = QTreeView()
        self.tree.setObjectName("facetTree")
        self.tree.setModel(model)
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
        layout.addWidget(self.tree)
        model.selection_changed.connect(self._sync_clear)

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
