"""Copying links to paragraphs, and showing the paragraph a link points at.

Kept out of the reader widget: this part knows about link formats, the link style
setting and the clipboard; the reader only tells it which paragraph is meant.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QPoint, Signal
from PySide6.QtGui import QColor, QTextCursor, QTextFormat
from PySide6.QtWidgets import QMenu, QTextBrowser, QTextEdit

from cablereader.core.link_formats import LinkFormat, format_link
from cablereader.core.links import LinkSettings, UrlStyle, target_for, validate_template
from cablereader.core.model import Cable, Paragraph
from cablereader.ui.clipboard import copy_payload
from cablereader.ui.reader.stored_text import stored_text
from cablereader.ui.window_settings import LINK_STYLE, LINK_TEMPLATE

PARAGRAPH_HIGHLIGHT = QColor("#cfe3ff")
PARAGRAPH_HIGHLIGHT_DARK = QColor("#2d4a6e")

FORMAT_LABELS: tuple[tuple[LinkFormat, str], ...] = (
    (LinkFormat.URL, "Copy link"),
    (LinkFormat.HTML, "Copy rich link (for mail and documents)"),
    (LinkFormat.MARKDOWN, "Copy Markdown link"),
    (LinkFormat.CITATION, "Copy citation"),
    (LinkFormat.CHICAGO, "Copy Chicago note citation"),
    (LinkFormat.QUOTE, "Copy quote with citation"),
    (LinkFormat.POST, "Copy post (280 characters, #cablegate)"),
)
STYLE_LABELS: tuple[tuple[UrlStyle, str], ...] = (
    (UrlStyle.WIKILEAKS, "wikileaks.org cable pages"),
    (UrlStyle.CABLEGATE, "cablegate.wikileaks.org (the 2010 site)"),
    (UrlStyle.PLUSD, "PlusD (no paragraph anchors)"),
    (UrlStyle.CUSTOM, "Custom template…"),
)


def link_settings() -> LinkSettings:
    """The user's link style; a broken stored template falls back to the default."""
    try:
        style = UrlStyle(LINK_STYLE.get())
    except ValueError:
        style = UrlStyle.WIKILEAKS
    template = LINK_TEMPLATE.get()
    if style is UrlStyle.CUSTOM:
        try:
            validate_template(template)
        except ValueError:
            return LinkSettings()
    return LinkSettings(style, template)


def save_link_settings(style: UrlStyle, template: str = "") -> None:
    if style is UrlStyle.CUSTOM:
        validate_template(template)
    LINK_STYLE.set(style.value)
    LINK_TEMPLATE.set(template)


def paragraph_at(browser: QTextBrowser, cable: Cable, position: int) -> Paragraph | None:
    """The paragraph whose ¶ anchor is the last one at or before a document position."""
    block = browser.document().findBlock(position)
    while block.isValid():
        names: list[str] = []
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.isValid() and fragment.position() <= position:
                names += fragment.charFormat().anchorNames()
            iterator += 1
        if names:
            return next((p for p in cable.paragraphs if p.anchor == names[-1]), None)
        block = block.previous()
    return None


def anchor_range(browser: QTextBrowser, anchor: str) -> tuple[int, int] | None:
    """Document positions from a paragraph's ¶ to the next paragraph's ¶."""
    start: int | None = None
    block = browser.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            names = fragment.charFormat().anchorNames() if fragment.isValid() else []
            if names and start is None and anchor in names:
                start = fragment.position()
            elif names and start is not None:
                return start, fragment.position()
            iterator += 1
        block = block.next()
    return None if start is None else (start, browser.document().characterCount() - 1)


class ParagraphLinks(QObject):
    """Copy actions for the body pane: ¶ clicks, the context menu and keyboard shortcuts."""

    copied = Signal(str)  # a message for the status bar

    def __init__(self, browser: QTextBrowser, parent: Any = None) -> None:
        super().__init__(parent)
        self.browser = browser
        self.cable: Cable | None = None
        self.highlighted: list[QTextEdit.ExtraSelection] = []
        self.highlighted_anchor: str | None = None  # the paragraph `highlighted` marks

    def copy(self, paragraph: Paragraph | None, fmt: LinkFormat = LinkFormat.HTML,
             quote_text: str | None = None) -> str | None:
        """Put a link on the clipboard; returns its plain text (None without a cable).

        The default is the rich link: its plain text is the URL, and its HTML pastes as a
        labelled link into mail and documents, so one copy suits both.
        """
        if self.cable is None:
            return None
        target = target_for(self.cable, paragraph)
        payload = format_link(target, fmt, link_settings(), quote_text)
        copy_payload(payload)
        what = f"{self.cable.reference_id} ¶{paragraph.number}" if paragraph and \
            paragraph.anchor else self.cable.reference_id
        label = dict(FORMAT_LABELS)[fmt].removeprefix("Copy ").split(" (")[0]
        self.copied.emit(f"Copied {label} to {what}: {payload.text.splitlines()[-1][:120]}")
        return payload.text

    def paragraph_for_anchor(self, anchor: str) -> Paragraph | None:
        if self.cable is None:
            return None
        return next((p for p in self.cable.paragraphs if p.anchor == anchor), None)

    def paragraph_under_cursor(self, point: QPoint | None = None) -> Paragraph | None:
        """The paragraph at a viewport point, or at the text cursor when no point is given."""
        if self.cable is None:
            return None
        if point is None:
            position = self.browser.textCursor().position()
        else:
            position = self.browser.cursorForPosition(point).position()
        return paragraph_at(self.browser, self.cable, position)

    def selected_text(self) -> str | None:
        cursor = self.browser.textCursor()
        text = stored_text(self.browser.document(), cursor) if cursor.hasSelection() else ""
        return text.replace("¶", "") or None

    def context_menu(self, point: QPoint) -> QMenu:
        """Every link format for the paragraph under the mouse, plus the cable's own link."""
        menu = self.browser.createStandardContextMenu(point)
        paragraph = self.paragraph_under_cursor(point)
        menu.addSeparator()
        if paragraph is not None and paragraph.anchor:
            # The rich link, as a ¶ click and Ctrl+Shift+C copy it (the key only shown).
            direct = menu.addAction(f"Copy link to ¶{paragraph.number}\tCtrl+Shift+C")
            direct.setObjectName("copy_paragraph_link")
            direct.triggered.connect(lambda _c=False: self.copy(paragraph))
            section = menu.addMenu(f"Link to ¶{paragraph.number}")
            for fmt, label in FORMAT_LABELS:
                action = section.addAction(label)
                action.setObjectName(f"copy_{fmt.value}")
                selection = self.selected_text() if fmt is LinkFormat.QUOTE else None
                action.triggered.connect(
                    lambda _c=False, f=fmt, s=selection: self.copy(paragraph, f, s)
                )
        cable_action = menu.addAction("Copy link to cable")
        cable_action.setObjectName("copy_cable_link")
        cable_action.triggered.connect(lambda _c=False: self.copy(None))
        return menu

    def highlight(self, anchor: str, dark: bool) -> bool:
        """Mark the paragraph a link pointed at, as the site did with :target."""
        span = anchor_range(self.browser, anchor)
        if span is None:
            return False
        cursor = QTextCursor(self.browser.document())
        cursor.setPosition(span[0])
        cursor.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor  # type: ignore[misc]
        colour = PARAGRAPH_HIGHLIGHT_DARK if dark else PARAGRAPH_HIGHLIGHT
        selection.format.setBackground(colour)  # type: ignore[attr-defined]
        selection.format.setProperty(  # type: ignore[attr-defined]
            QTextFormat.Property.FullWidthSelection, True
        )
        self.highlighted = [selection]
        self.highlighted_anchor = anchor
        return True
