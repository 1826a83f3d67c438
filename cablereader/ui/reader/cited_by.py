"""The reader's "Cited by" tab: the cables whose REF lines name the one being read.

Each line is plain text (a subject is cable text) and is cut to a cell's length; the
origin and classification are in its plain-text tooltip.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from cablereader.store.api import CableRow
from cablereader.ui.plain_text import cell_text, plain_tooltip


class CitedByList(QListWidget):
    open_requested = Signal(str)  # the citing cable's reference ID, activated

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("citedByList")
        self.itemActivated.connect(
            lambda item: self.open_requested.emit(str(item.data(Qt.ItemDataRole.UserRole)))
        )

    def fill(self, rows: Sequence[CableRow]) -> int:
        self.clear()
        for row in rows:
            item = QListWidgetItem(
                cell_text(f"{row.reference_id}   {row.created[:10]}   {row.subject}")
            )
            item.setData(Qt.ItemDataRole.UserRole, row.reference_id)
            item.setToolTip(plain_tooltip(f"{row.origin}, {row.classification}") or "")
            self.addItem(item)
        return len(rows)
