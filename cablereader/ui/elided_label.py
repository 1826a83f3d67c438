"""A one-line label that shortens its text with "…" to fit, and then shows the whole
text as its tooltip (plain text): nothing is ever silently clipped."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy


def plain_tooltip(text: str) -> str:
    """A tooltip that Qt cannot take for markup: escaped, in a paragraph that keeps lines."""
    return f"<p style='white-space:pre-wrap'>{escape(text)}</p>" if text else ""


class ElidedLabel(QLabel):
    def __init__(self, text: str = "", parent: Any = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._full = ""
        self.set_full_text(text)

    @property
    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        self._full = text
        self._elide()

    def is_elided(self) -> bool:
        return self.text() != self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = self.contentsRect().width() - 2 * self.margin()
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, room)
        super().setText(shown)
        self.setToolTip(plain_tooltip(self._full) if shown != self._full else "")
