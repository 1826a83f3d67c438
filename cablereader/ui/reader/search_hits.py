"""The search's hits in the body pane: cursors over them, and how they are drawn.

Kept out of the reader widget, which holds which hit is current; here are the cursors
(found as the index finds words, see hit_finder) and their ExtraSelections, which the
reader lays over its paragraph mark and the reader's own highlights.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QTextEdit

from cablereader.ui.reader.hit_finder import find_hits

MAX_HITS = 5000
HIT_COLOUR = QColor("#ffe066")
CURRENT_HIT_COLOUR = QColor("#ff9f1a")


def hit_cursors(document: QTextDocument, terms: tuple[str, ...]) -> list[QTextCursor]:
    """A cursor selecting each hit of the terms, in document order (at most MAX_HITS)."""
    cursors: list[QTextCursor] = []
    if terms:
        for start, end in find_hits(document.toPlainText(), terms, MAX_HITS):
            cursor = QTextCursor(document)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursors.append(cursor)
    return cursors


def hit_selections(hits: list[QTextCursor], current: int) -> list[QTextEdit.ExtraSelection]:
    """Yellow hits, the current one orange, black text on both in either theme."""
    selections = []
    for number, cursor in enumerate(hits):
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor  # type: ignore[misc]
        colour = CURRENT_HIT_COLOUR if number == current else HIT_COLOUR
        selection.format.setBackground(colour)  # type: ignore[attr-defined]
        selection.format.setForeground(QColor("#000000"))  # type: ignore[attr-defined]
        selections.append(selection)
    return selections


def centre_cursor(pane: QTextBrowser) -> None:
    """Put the text cursor in the middle of the pane, so what follows it shows too."""
    bar = pane.verticalScrollBar()
    rect = pane.cursorRect()
    bar.setValue(bar.value() + rect.center().y() - pane.viewport().height() // 2)
