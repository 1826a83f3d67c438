"""The reader pane: one cable in three stacked panes, search hits, links, and citations.

Link clicks are handled here rather than by QTextBrowser, because cable text is
untrusted: `cablereader://` links open cables in the app, http(s) links go to the
system browser only when clicked, and every other scheme is ignored.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QCursor, QDesktopServices, QTextCursor
from PySide6.QtWidgets import (
    QLabel,
    QMenu,
    QSplitter,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from cablereader.core.links import parse_link
from cablereader.core.model import Cable
from cablereader.store.api import StoredCable
from cablereader.store.protocol import CableStore
from cablereader.ui.reader.cable_html import (
    EXPAND_SCHEME,
    NOTE_SCHEME,
    PAGE_CHARS,
    SHOW_EARLIER_URL,
    SHOW_MORE_URL,
    TAG_SCHEME,
    body_html,
    header_html,
    paragraph_span,
    shown_paragraphs,
)
from cablereader.ui.reader.cited_by import CitedByList
from cablereader.ui.reader.mark_commands import MarkCommands
from cablereader.ui.reader.missing_banner import MissingBanner
from cablereader.ui.reader.paragraph_links import ParagraphLinks
from cablereader.ui.reader.reference_box import ReferenceBox
from cablereader.ui.reader.search_hits import centre_cursor, hit_cursors, hit_selections
from cablereader.ui.reader.text_browser import CableTextBrowser, is_dark, kept_view, zoom_panes
from cablereader.ui.reader.user_marks import UserMarks
from cablereader.ui.theme import muted_for
from cablereader.ui.window_settings import REFLOW


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
        self._shown_chars = PAGE_CHARS  # of the body; "Show more" adds a page
        self._first_char = 0  # where the shown part starts; "Show earlier" moves it back
        self.reference_box = ReferenceBox()
        self.reference_box.version_chosen.connect(self._on_version_chosen)
        self.header_pane = CableTextBrowser("headerPane")
        self.body_pane = CableTextBrowser("bodyPane")
        for pane in (self.header_pane, self.body_pane):
            pane.anchorClicked.connect(self.follow_link)
        self.links = ParagraphLinks(self.body_pane, self)
        self.links.copied.connect(self.status_message)
        self.marks = UserMarks(self)  # drawn once the research commands attach the store
        self.marks.redraw.connect(self._redraw_marks)
        self.marks.status.connect(self.status_message)
        self.mark_commands = MarkCommands(self.body_pane, self.links, self.marks, self)
        self._mark_selections: list[QTextEdit.ExtraSelection] = []
        self._drawn_notes: tuple[dict[str, str], list[str]] = ({}, [])  # as last rendered
        self.body_pane.extra_tip = self.marks.tooltip_at
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
        self.cited_by = CitedByList()
        self.cited_by.open_requested.connect(self._on_cited_activated)
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
        self.marks.load(None)
        self._mark_selections = []
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
        self._shown_chars, self._first_char = PAGE_CHARS, 0
        if anchor:
            self._page_for(stored.cable, anchor)
        self.links.cable = stored.cable
        self.links.highlighted = []
        self.marks.load(stored.cable.reference_id)
        wanted = {r.reference_id for r in stored.cable.references if r.reference_id}
        self._existing = self._store.existing_ids(wanted) if wanted else set()
        self._render(stored.cable)
        self.reference_box.show_cable(stored)
        self.reference_box.setVisible(True)
        count = self.cited_by.fill(self._store.cited_by(stored.cable.reference_id))
        self.tabs.setTabText(1, f"Cited by ({count})")
        if anchor:
            self.scroll_to_anchor(anchor)
        elif self._hits:
            self.next_hit()  # a search result opens at its first hit, not at the top
        return True

    def _render(self, cable: Cable) -> None:
        """Build both panes from the cable; no store access, so theme changes are cheap."""
        self.links.highlighted = []  # its cursors belong to the document being replaced
        note = muted_for(self.palette(), on_base=True).name()
        self._drawn_notes = (self.marks.note_tips(), self.marks.cable_notes())
        self.header_pane.setHtml(
            header_html(cable, self._existing, self._expanded, note, self._drawn_notes[1])
        )
        self.body_pane.setHtml(
            body_html(
                cable, is_dark(self.palette()), self.reflow, note, self._shown_chars,
                self._first_char, self._drawn_notes[0],
            )
        )
        self._draw_marks(cable)
        self._apply_highlight()

    def _draw_marks(self, cable: Cable) -> None:
        skipped, shown = shown_paragraphs(cable, self._shown_chars, self._first_char)
        self._mark_selections = self.marks.selections(
            self.body_pane.document(), cable, shown, skipped, self.palette()
        )

    def _redraw_marks(self) -> None:
        """A note or highlight changed: draw again, in place. Only highlights changed:
        the selections alone; a note mark came or went: the panes, keeping the view, the
        text cursor, the marked paragraph and the current search hit."""
        stored = self._stored
        if stored is None or stored.cable.reference_id != self.marks.reference_id:
            return
        if self._drawn_notes != (self.marks.note_tips(), self.marks.cable_notes()):
            target = self.links.highlighted_anchor if self.links.highlighted else None
            hit = self._hit
            with kept_view(self.header_pane, self.body_pane):
                self._render(stored.cable)
            if target:
                self.links.highlight(target, is_dark(self.palette()))
            if 0 <= hit < len(self._hits):
                self._hit = hit
        else:
            self._draw_marks(stored.cable)
        self._paint_hits()

    def set_reflow(self, on: bool) -> None:
        """View ▸ Reading mode: join wrapped lines (the text and anchors do not change)."""
        self.reflow = on
        REFLOW.set(on)
        self.refresh_style()

    def show_more(self) -> None:
        """Add a page of the body to what is shown, keeping the reader where it was."""
        if self._stored is None:
            return
        bar = self.body_pane.verticalScrollBar()
        where = bar.value()
        self._shown_chars += PAGE_CHARS
        self._render(self._stored.cable)
        bar.setValue(where)

    def show_earlier(self) -> None:
        """Start the shown part a page earlier (it began at a far paragraph)."""
        if self._stored is None:
            return
        moved = min(PAGE_CHARS, self._first_char)
        self._first_char -= moved
        self._shown_chars += moved
        self._render(self._stored.cable)

    def _page_for(self, cable: Cable, anchor: str) -> bool:
        """Make the paragraph `anchor` part of what is shown; True when that changed it.

        A paragraph past what is shown starts the shown part (with "Show earlier" above
        it), rather than laying out everything before it.
        """
        span = paragraph_span(cable, anchor)
        if span is None:
            return False
        start, end = span
        shown_end = self._first_char + self._shown_chars
        if start >= self._first_char and end <= shown_end:
            return False
        self._first_char = start
        self._shown_chars = max(PAGE_CHARS, end - start)
        return True

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
        if self._stored is not None and self._page_for(self._stored.cable, anchor):
            self._render(self._stored.cable)
        self.links.highlight(anchor, is_dark(self.palette()))
        self._paint_hits()
        self.body_pane.scrollToAnchor(anchor)

    def _show_context_menu(self, point: Any) -> None:
        self.context_menu(point).exec(self.body_pane.viewport().mapToGlobal(point))

    def context_menu(self, point: QPoint) -> QMenu:
        """Copy and link entries, then notes and highlights, for the text at `point`."""
        menu = self.links.context_menu(point)
        self.mark_commands.add_menu_entries(menu, point)
        return menu

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

    def _on_cited_activated(self, reference_id: str) -> None:
        """Read the citing cable on the Cable tab, not on an emptied Cited-by list."""
        self.tabs.setCurrentIndex(0)
        self.open_requested.emit(reference_id, "")

    def _on_version_chosen(self, version_id: int) -> None:
        if self._stored is not None:
            self.show_cable(self._stored.cable.reference_id, None, version_id)

    # -- links -------------------------------------------------------------------------

    def follow_link(self, url: QUrl) -> None:
        """Our scheme opens in the app, http(s) in the browser, anything else nowhere."""
        scheme = url.scheme().lower()
        if url.toString() == SHOW_MORE_URL:
            self.show_more()
        elif url.toString() == SHOW_EARLIER_URL:
            self.show_earlier()
        elif scheme == TAG_SCHEME:
            self.tag_requested.emit(url.path())
        elif scheme == NOTE_SCHEME:
            self.mark_commands.edit_note(url.path() or None)
        elif scheme == EXPAND_SCHEME and self._stored is not None:
            self._expanded = self._expanded | {url.path()}
            with kept_view(self.header_pane):
                self._render(self._stored.cable)
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
        self._hits = hit_cursors(self.body_pane.document(), self._terms)
        self._hit = -1
        self._paint_hits()

    def _paint_hits(self) -> None:
        """The marked paragraph under the reader's highlights, the search hits on top."""
        self.body_pane.setExtraSelections(
            list(self.links.highlighted) + self._mark_selections
            + hit_selections(self._hits, self._hit)
        )

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
        centre_cursor(self.body_pane)
        self.status_message.emit(f"Hit {self._hit + 1} of {len(self._hits)}")
        return True

    def show_missing(self, reference_id: str) -> None:
        """A cable that is not in the store: a banner, not a dialog that blocks keys."""
        self.missing.show_missing(reference_id)

    # -- zoom --------------------------------------------------------------------------

    def zoom(self, steps: int) -> None:
        """Zoom both text panes together; steps=0 returns to the normal size."""
        self._zoom = zoom_panes((self.header_pane, self.body_pane), self._zoom, steps)

    @property
    def zoom_level(self) -> int:
        return self._zoom
