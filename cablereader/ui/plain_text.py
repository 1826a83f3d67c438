"""Cable text and file names shown by Qt widgets that would otherwise guess it is HTML.

Qt shows any tooltip, and any label or message box left at `Qt.TextFormat.AutoText`,
as rich text when the string "might be rich text": a cable subject such as
``<img src="/dev/zero">`` then makes Qt load that file as an image. Every string that
comes from a cable or a file name goes through one of these helpers, so there is a
single place that decides how untrusted text is shown.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

# A tooltip is a hint, not a reader: a subject of several megabytes would take seconds
# to lay out in the tooltip's own document, so only its beginning is shown.
TOOLTIP_CHARS = 2000


def plain_tooltip(text: str | None) -> str | None:
    """A tooltip that shows `text` literally: escaped, wrapped in our own paragraph.

    The wrapper makes Qt treat the whole string as HTML that *we* wrote (so it never
    guesses), and `white-space:pre-wrap` keeps the text's own spaces and line breaks.
    None or empty stays None, so a model returns no tooltip rather than an empty one.
    """
    if not text:
        return None
    if len(text) > TOOLTIP_CHARS:
        text = text[:TOOLTIP_CHARS] + "…"
    return f"<p style='white-space:pre-wrap'>{escape(text, quote=False)}</p>"


# A list cell shows one line; Qt measures and elides the whole string at every paint,
# which took 13 s for a 10 MB subject. The full text is in the reader.
CELL_CHARS = 1000


def cell_text(text: str) -> str:
    """Text for a list or tree cell, cut (with an ellipsis) past CELL_CHARS."""
    return text if len(text) <= CELL_CHARS else text[:CELL_CHARS] + "…"


def plain_message(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    object_name: str = "",
) -> QMessageBox:
    """A message box whose text is shown as plain text (a path or a cable id may be in it).

    Returned unshown, so a caller chooses `exec()` or `open()` and may add buttons.
    """
    box = QMessageBox(parent)
    if object_name:
        box.setObjectName(object_name)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    return box


def show_plain_warning(parent: Any, title: str, text: str) -> None:
    """`QMessageBox.warning`, but with the text shown literally."""
    plain_message(parent, QMessageBox.Icon.Warning, title, text).exec()


def show_plain_critical(parent: Any, title: str, text: str) -> None:
    """`QMessageBox.critical`, but with the text shown literally."""
    plain_message(parent, QMessageBox.Icon.Critical, title, text).exec()
