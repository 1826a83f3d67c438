"""The reader pane: one cable in three stacked panes, search hits, links, and citations.

Link clicks are handled here rather than by QTextBrowser, because cable text is
untrusted: `cablereader://` links open cables in the app, http(s) links go to the
system browser only when clicked, and every other scheme is ignored.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QMimeData, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QCursor,
    QDesktopServices,
    QFontDatabase,
    QHelpEvent,
    QPalette,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QTextEdit,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from cablereader.core.links import parse_link
from cablereader.core.model import Cable
from cablereader.store.api import StoredCable
from cablereader.store.protocol import CableStore
from cablereader.ui.reader.cable_html import EXPAND_SCHEME, TAG_SCHEME, body_html, header_html
from cablereader.ui.reader.hit_finder import find_hits
from cablereader.ui.reader.missing_banner import MissingBanner
from cablereader.ui.reader.paragraph_links import ParagraphLinks
from cablereader.ui.reader.reference_box import ReferenceBox
from cablereader.ui.reader.reflow import JOIN_MARK
from cablereader.ui.reader.stored_text import stored_text
from cablereader.ui.theme import muted_for
from cablereader.ui.window_settings import REFLOW

MAX_HITS = 5000
HIT_COLOUR = QColor("#ffe066")
CURRENT_HIT_COLOUR = QColor("#ff9f1a")


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

    def event(self, event: QEvent) -> bool:
        """Show the tooltip of the text under the mouse (TAG meanings, ¶ hints)."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            cursor = self.cursorForPosition(self.viewport().mapFromGlobal(event.globalPos()))
            tip = cursor.charFormat().toolTip()
            if tip and tip != JOIN_MARK:
                QToolTip.showText(event.globalPos(), tip, self)
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


class CableReader(QWidget):
    """Shows one cable; asks the window to open others through `open_requested`."""

    open_requested = Signal(str, str)  # reference id, anchor ("" for none)
    status_message = Signal(str)
    tag_requested = Signal(str)  # a tag clicked in the header

    def __init__(self, store: CableStore, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("reader")
        self._store = store
        self._stored: StoredCable | None = None
        self._existing: set[str] = set()
        self._terms: tuple[str, ...] = ()
        self._hits: list[QTextCursor] = []
        self._hit = -1
        self._zoom = 0
        self.reference_box = ReferenceBox()
        self.reference_box.version_chosen.connect(self._on_version_chosen)
        self.header_pane = CableTextBrowser("headerPane")
        self.body_pane = CableTextBrowser("bodyPane")
        for pane in (self.header_pane, self.body_pane):
            pane.anchorClicked.connect(self.follow_link)
        self.links = ParagraphLinks(self.body_pane, self)
        self.links.copied.connect(self.status_message)
        self.body_pane.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.body_pane.customContextMenuRequested.connect(self._show_context_menu)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("readerSplitter")
        self.splitter.addWidget(self.reference_box)
        self.splitter.addWidget(self.header_pane)
        self.splitter.addWidget(self.body_pane)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 2)  # the header keeps room for SUBJECT, TAGS and REF
        self.splitter.setChildrenCollapsible(False)
        self.cited_by = QListWidget()
        self.cited_by.setObjectName("citedByList")
        self.cited_by.itemActivated.connect(self._on_cited_activated)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("readerTabs")
        self.tabs.addTab(self.splitter, "Cable")
        self.tabs.addTab(self.cited_by, "Cited by")
        self.title = QLabel()
        self.title.setObjectName("readerTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # a subject is cable text
        self.title.setWordWrap(True)  # wrapped, never clipped
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setStyleSheet("font-weight: bold; font-size: 120%; padding: 4px 6px;")
        self.missing = MissingBanner()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.missing)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs)
        self._expanded: frozenset[str] = frozenset()
        self.reflow = REFLOW.get()
        self.clear()

    # -- showing -----------------------------------------------------------------------

    @property
    def current(self) -> StoredCable | None:
        return self._stored

    @property
    def reference_id(self) -> str | None:
        return self._stored.cable.reference_id if self._stored else None

    def clear(self) -> None:
        self._stored = None
        self.header_pane.clear()
        self.body_pane.setHtml("<p><i>Select a cable in the list to read it.</i></p>")
        self.cited_by.clear()
        self.tabs.setTabText(1, "Cited by")
        self.reference_box.setVisible(False)
        self.title.clear()
        self.title.hide()

    def show_cable(
        self, reference_id: str, anchor: str | None = None, version_id: int | None = None
    ) -> bool:
        """Load a cable (False when it is not in the store) and scroll to the anchor."""
        stored = self._store.fetch_cable(reference_id, version_id)
        if stored is None:
            return False
        if self._stored is None or self._stored.cable.reference_id != stored.cable.reference_id:
            self._expanded = frozenset()
        self._stored = stored
        self.missing.hide()
        self.title.setText(stored.cable.subject or stored.cable.reference_id)
        self.title.show()
        self.links.cable = stored.cable
        self.links.highlighted = []
        wanted = {r.reference_id for r in stored.cable.references if r.reference_id}
        self._existing = self._store.existing_ids(wanted) if wanted else set()
        self._render(stored.cable)
        self.reference_box.show_cable(stored)
        self.reference_box.setVisible(True)
        self._fill_cited_by(stored.cable.reference_id)
        if anchor:
            self.scroll_to_anchor(anchor)
        elif self._hits:
            self.next_hit()  # a search result opens at its first hit, not at the top
        return True

    def _render(self, cable: Cable) -> None:
        """Build both panes from the cable; no store access, so theme changes are cheap."""
        self.links.highlighted = []  # its cursors belong to the document being replaced
        note = muted_for(self.palette(), on_base=True).name()
        self.header_pane.setHtml(header_html(cable, self._existing, self._expanded, note))
        self.body_pane.setHtml(
            body_html(cable, is_dark(self.palette()), self.reflow, note)
        )
        self._apply_highlight()

    def set_reflow(self, on: bool) -> None:
        """View ▸ Reading mode: join wrapped lines (the text and anchors do not change)."""
        self.reflow = on
        REFLOW.set(on)
        self.refresh_style()

    def refresh_style(self) -> None:
        """Re-render after a palette change, so summary backgrounds suit the theme."""
        if self._stored is not None:
            self._render(self._stored.cable)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.refresh_style()

    def scroll_to_anchor(self, anchor: str) -> None:
        """Bring a paragraph into view and mark it, as the site's `#parN` links did."""
        self.tabs.setCurrentIndex(0)
        self.links.highlight(anchor, is_dark(self.palette()))
        self._paint_hits()
        self.body_pane.scrollToAnchor(anchor)

    def _show_context_menu(self, point: Any) -> None:
        self.links.context_menu(point).exec(self.body_pane.viewport().mapToGlobal(point))

    def copy_paragraph_link(self) -> str | None:
        """Ctrl+Shift+C: the paragraph under the mouse if it is over the text, else at
        the text cursor; the cable's link when neither is in a numbered paragraph."""
        viewport = self.body_pane.viewport()
        point = viewport.mapFromGlobal(QCursor.pos())
        inside = viewport.rect().contains(point) and viewport.underMouse()
        paragraph = self.links.paragraph_under_cursor(point if inside else None)
        return self.links.copy(paragraph if paragraph and paragraph.anchor else None)

    def copy_cable_link(self) -> str | None:
        return self.links.copy(None)

    def _fill_cited_by(self, reference_id: str) -> None:
        self.cited_by.clear()
        rows = self._store.cited_by(reference_id)
        for row in rows:
            item = QListWidgetItem(f"{row.reference_id}   {row.created[:10]}   {row.subject}")
            item.setData(Qt.ItemDataRole.UserRole, row.reference_id)
            item.setToolTip(f"{row.origin}, {row.classification}")
            self.cited_by.addItem(item)
        self.tabs.setTabText(1, f"Cited by ({len(rows)})")

    def _on_cited_activated(self, item: QListWidgetItem) -> None:
        """Read the citing cable on the Cable tab, not on an emptied Cited-by list."""
        self.tabs.setCurrentIndex(0)
        self.open_requested.emit(str(item.data(Qt.ItemDataRole.UserRole)), "")

    def _on_version_chosen(self, version_id: int) -> None:
        if self._stored is not None:
            self.show_cable(self._stored.cable.reference_id, None, version_id)

    # -- links -------------------------------------------------------------------------

    def follow_link(self, url: QUrl) -> None:
        """Our scheme opens in the app, http(s) in the browser, anything else nowhere."""
        scheme = url.scheme().lower()
        if scheme == TAG_SCHEME:
            self.tag_requested.emit(url.path())
        elif scheme == EXPAND_SCHEME and self._stored is not None:
            bar = self.header_pane.verticalScrollBar()
            kept = bar.value()
            self._expanded = self._expanded | {url.path()}
            self._render(self._stored.cable)
            bar.setValue(kept)
        elif scheme == "cablereader":
            link = parse_link(url.toString())
            if link is None:
                return
            if link.reference_id == self.reference_id and link.anchor:
                # A ¶ click copies the paragraph's link, as on the site, and marks the
                # paragraph without moving the view (the reader is reading there).
                bar = self.body_pane.verticalScrollBar()
                kept = bar.value()
                self.links.copy(self.links.paragraph_for_anchor(link.anchor))
                self.links.highlight(link.anchor, is_dark(self.palette()))
                self._paint_hits()
                bar.setValue(kept)
            else:
                self.open_requested.emit(link.reference_id, link.anchor or "")
        elif scheme in ("http", "https"):
            QDesktopServices.openUrl(url)

    # -- search hits -------------------------------------------------------------------

    def set_highlight_terms(self, terms: tuple[str, ...]) -> None:
        self._terms = terms
        self._apply_highlight()

    @property
    def hit_count(self) -> int:
        return len(self._hits)

    @property
    def current_hit(self) -> int:
        return self._hit

    def _apply_highlight(self) -> None:
        self._hits = []
        self._hit = -1
        document = self.body_pane.document()
        if self._terms:
            for start, end in find_hits(document.toPlainText(), self._terms, MAX_HITS):
                cursor = QTextCursor(document)
                cursor.setPosition(start)
                cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
                self._hits.append(cursor)
        self._paint_hits()

    def _paint_hits(self) -> None:
        selections = list(self.links.highlighted)
        for number, cursor in enumerate(self._hits):
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor  # type: ignore[misc]
            colour = CURRENT_HIT_COLOUR if number == self._hit else HIT_COLOUR
            selection.format.setBackground(colour)  # type: ignore[attr-defined]
            selection.format.setForeground(QColor("#000000"))  # type: ignore[attr-defined]
            selections.append(selection)
        self.body_pane.setExtraSelections(selections)

    def next_hit(self, backwards: bool = False) -> bool:
        """Move to the next (or previous) hit, wrapping around; False when there are none."""
        if not self._hits:
            return False
        step = -1 if backwards else 1
        if self._hit < 0:
            self._hit = len(self._hits) - 1 if backwards else 0
        else:
            self._hit = (self._hit + step) % len(self._hits)
        self._paint_hits()
        cursor = QTextCursor(self._hits[self._hit])
        cursor.clearSelection()
        self.body_pane.setTextCursor(cursor)
        self._centre_cursor()
        self.status_message.emit(f"Hit {self._hit + 1} of {len(self._hits)}")
        return True

    def _centre_cursor(self) -> None:
        """Put the current hit in the middle of the pane, so what follows it shows too."""
        bar = self.body_pane.verticalScrollBar()
        rect = self.body_pane.cursorRect()
        bar.setValue(bar.value() + rect.center().y() - self.body_pane.viewport().height() // 2)

    def show_missing(self, reference_id: str) -> None:
        """A cable that is not in the store: a banner, not a dialog that blocks keys."""
        self.missing.show_missing(reference_id)

    # -- zoom --------------------------------------------------------------------------

    def zoom(self, steps: int) -> None:
        """Zoom both text panes together; steps=0 returns to the normal size."""
        change = -self._zoom if steps == 0 else steps
        if not -8 <= self._zoom + change <= 20:
            return
        self._zoom += change
        for pane in (self.header_pane, self.body_pane):
            if change > 0:
                pane.zoomIn(change)
            elif change < 0:
                pane.zoomOut(-change)

    @property
    def zoom_level(self) -> int:
        return self._zoom
