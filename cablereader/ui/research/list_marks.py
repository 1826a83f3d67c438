"""Unread cables in bold and stars by the reference ID, in the cable list.

A delegate rather than a change to the list model: it reads the reader's marks from
memory (a set of read IDs and a dict of stars, reloaded when a mark changes), so the
list stays as fast as before and the model keeps one job.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QWidget

from cablereader.store.user_data_api import UserDataStore

STAR_COLOURS_RGB = {
    "yellow": "#b58900",  # #e0a800 was 2.2:1 on white: a star must stand out (3:1)
    "red": "#d32f2f",
    "green": "#2e7d32",
    "blue": "#1565c0",
    "purple": "#7b1fa2",
}
# The same colours lighter, for a dark list: dark blue and purple on #1e1e1e hardly show.
STAR_COLOURS_ON_DARK = {
    "yellow": "#ffc83d",
    "red": "#ff6b6b",
    "green": "#66cc6a",
    "blue": "#6aaeff",
    "purple": "#d08cf0",
}


def star_rgb(colour: str, dark: bool = False) -> str:
    table = STAR_COLOURS_ON_DARK if dark else STAR_COLOURS_RGB
    return table.get(colour, table["yellow"])


def star_icon(colour: str, size: int = 14, dark: bool = False) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    try:
        font = QFont()
        font.setPixelSize(size)
        painter.setFont(font)
        painter.setPen(QColor(star_rgb(colour, dark)))
        painter.drawText(QRect(0, 0, size, size), int(Qt.AlignmentFlag.AlignCenter), "★")
    finally:
        painter.end()
    return QIcon(pixmap)


class MarksDelegate(QStyledItemDelegate):
    """Bold for unread rows; a coloured star before a starred cable's reference ID."""

    def __init__(
        self,
        store: UserDataStore,
        reference_at: Callable[[int], str | None],
        star_column: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._reference_at = reference_at
        self._star_column = star_column
        self._read: set[str] = set()
        self._stars: dict[str, str] = {}
        self._icons: dict[tuple[str, bool], QIcon] = {}
        self.reload()

    def reload(self) -> None:
        """Read the marks again (after the reader or a backup import changed them)."""
        self._read = self._store.read_ids()
        self._stars = {ref: star.colour for ref, star in self._store.stars().items()}
        parent = self.parent()
        if isinstance(parent, QWidget):
            parent.update()
            viewport = getattr(parent, "viewport", None)
            if callable(viewport):
                viewport().update()

    def is_unread(self, reference_id: str) -> bool:
        return reference_id not in self._read

    def star_of(self, reference_id: str) -> str | None:
        return self._stars.get(reference_id)

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        reference_id = self._reference_at(index.row())
        if not reference_id:
            return
        if self.is_unread(reference_id):
            font = QFont(option.font)
            font.setBold(True)
            option.font = font
        colour = self.star_of(reference_id)
        if colour and index.column() == self._star_column:
            dark = option.palette.color(QPalette.ColorRole.Base).lightness() < 128
            if (colour, dark) not in self._icons:
                self._icons[colour, dark] = star_icon(colour, dark=dark)
            option.icon = self._icons[colour, dark]
            option.features |= QStyleOptionViewItem.ViewItemFeature.HasDecoration
