"""The text browser both reader panes use: no link followed, no resource loaded.

Cable text is untrusted: the browser follows no link by itself (the reader routes
them), loads no image or style sheet a cable names, and shows tooltips as plain text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QEvent, QMimeData, QUrl
from PySide6.QtGui import QFontDatabase, QHelpEvent, QPalette, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QToolTip

from cablereader.ui.plain_text import plain_tooltip
from cablereader.ui.reader.reflow import JOIN_MARK
from cablereader.ui.reader.stored_text import stored_text


class CableTextBrowser(QTextBrowser):
    """A text browser that follows no link by itself and loads no resource at all."""

    def __init__(self, object_name: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.setFont(fixed)
        family = fixed.family().replace('"', "")
        self.document().setDefaultStyleSheet(
            f'pre {{ font-family: "{family}"; white-space: pre-wrap; }}'
        )
        # A tooltip for a document position the text itself has none for (a highlight's
        # note, drawn over the text rather than in it).
        self.extra_tip: Callable[[int], str | None] = lambda _position: None

    def event(self, event: QEvent) -> bool:
        """Show the tooltip of the text under the mouse (TAG meanings, ¶ hints, notes)."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            cursor = self.cursorForPosition(self.viewport().mapFromGlobal(event.globalPos()))
            tip = cursor.charFormat().toolTip()
            if not tip or tip == JOIN_MARK:
                tip = self.extra_tip(cursor.position()) or ""
            if tip:
                QToolTip.showText(event.globalPos(), plain_tooltip(tip) or "", self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def createMimeDataFromSelection(self) -> QMimeData:
        """Copy the text as stored: reading mode's joined lines get their newlines back."""
        mime = QMimeData()
        mime.setText(stored_text(self.document(), self.textCursor()))
        return mime

    def loadResource(self, resource_type: int, name: QUrl | str) -> Any:
        """Never fetch images or style sheets named by cable text, local or remote."""
        return None


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def zoom_panes(panes: tuple[QTextBrowser, ...], level: int, steps: int) -> int:
    """Zoom the panes together by `steps` (0: back to the normal size), within -8..20;
    returns the new level."""
    change = -level if steps == 0 else steps
    if not -8 <= level + change <= 20:
        return level
    for pane in panes:
        if change > 0:
            pane.zoomIn(change)
        elif change < 0:
            pane.zoomOut(-change)
    return level + change


@contextmanager
def kept_view(*panes: QTextBrowser) -> Iterator[None]:
    """Render the panes again where the reader was: each one's scroll position and
    text cursor (clamped, should the new text be shorter) come back afterwards."""
    kept = [
        (p.verticalScrollBar().value(), p.textCursor().anchor(), p.textCursor().position())
        for p in panes
    ]
    yield
    for pane, (scrolled, anchor, position) in zip(panes, kept, strict=True):
        end = pane.document().characterCount() - 1
        cursor = QTextCursor(pane.document())
        cursor.setPosition(min(anchor, end))
        cursor.setPosition(min(position, end), QTextCursor.MoveMode.KeepAnchor)
        pane.setTextCursor(cursor)
        pane.verticalScrollBar().setValue(scrolled)
