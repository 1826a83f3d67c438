"""Making marks from the reader: its context menu and keys for notes and highlights.

The menu acts on the paragraph under the mouse (and a highlight there), the keys on
the text cursor's. Every change goes through the store's user-data methods, then the
marks are read again and drawn (`UserMarks.changed_here`), so the reader, the Notes
dock and the browse panel's counts follow without reopening the cable.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import QInputDialog, QMenu, QTextBrowser, QWidget

from cablereader.core.anchoring import locate_quote
from cablereader.core.model import Paragraph
from cablereader.core.user_items import DEFAULT_HIGHLIGHT, HIGHLIGHT_COLOURS, Highlight
from cablereader.store.api import StoreError
from cablereader.ui.reader.paragraph_links import ParagraphLinks, paragraph_at
from cablereader.ui.reader.user_marks import HIGHLIGHT_BACKGROUNDS, UserMarks

# The Research menu's own keys (commands.py), shown on the menu entries that do the same.
HIGHLIGHT_KEYS = "Ctrl+Shift+H"
CABLE_NOTE_KEYS = "Ctrl+Shift+N"
COPY_PARAGRAPH_KEYS = "Ctrl+Shift+C"
# The reader's own: a note on the paragraph at the cursor, and removing a highlight.
PARAGRAPH_NOTE_KEYS = "Ctrl+Alt+N"
REMOVE_HIGHLIGHT_KEYS = "Ctrl+Alt+H"


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(HIGHLIGHT_BACKGROUNDS[colour][0]))
    return QIcon(pixmap)


def _where(paragraph: Paragraph | None) -> str:
    return f"¶{paragraph.number}" if paragraph is not None and paragraph.anchor else "the cable"


class MarkCommands(QObject):
    """The reader's note and highlight commands; `actions` are for the Research menu."""

    def __init__(
        self, browser: QTextBrowser, links: ParagraphLinks, marks: UserMarks, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.browser = browser
        self.links = links
        self.marks = marks
        self.dialog_parent = parent
        self.actions: dict[str, QAction] = {}
        for name, text, keys, handler in (
            ("add_paragraph_note", "Add note to &paragraph…", PARAGRAPH_NOTE_KEYS,
             self._note_at_cursor),
            ("remove_highlight", "Remo&ve highlight", REMOVE_HIGHLIGHT_KEYS,
             self._remove_at_cursor),
        ):
            action = QAction(text, self)
            action.setObjectName(f"action_{name}")
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _c=False, h=handler: self._run(h))
            self.actions[name] = action

    def _run(self, handler: Any, *args: Any) -> Any:
        """A locked or read-only store is something to tell, not a crash in a slot."""
        try:
            return handler(*args)
        except StoreError as error:
            self.marks.status.emit(f"Not saved: {error}")
            return None

    # -- notes ------------------------------------------------------------------------

    def add_note(self, paragraph: Paragraph | None, text: str | None = None) -> bool:
        """A new note on a paragraph (None: on the whole cable); asks unless given."""
        store, reference_id = self.marks.store, self.marks.reference_id
        if store is None or reference_id is None:
            return False
        anchor = paragraph.anchor if paragraph is not None else None
        if text is None:
            text, ok = QInputDialog.getMultiLineText(
                self.dialog_parent, "Add note", f"Note on {reference_id} {_where(paragraph)}:"
            )
            if not ok:
                return False
        if not text.strip():
            return False
        store.add_note(reference_id, text, anchor)
        self.marks.changed_here()
        self.marks.status.emit(f"Added a note to {reference_id} {_where(paragraph)}")
        return True

    def edit_note(self, anchor: str | None, text: str | None = None) -> bool:
        """What a note mark does: edit the paragraph's (or cable's) latest note."""
        store = self.marks.store
        notes = self.marks.notes_on(anchor)
        if store is None:
            return False
        if not notes:
            paragraph = self.links.paragraph_for_anchor(anchor) if anchor else None
            return bool(self._run(self.add_note, paragraph, text))
        note = notes[-1]
        if text is None:
            text, ok = QInputDialog.getMultiLineText(
                self.dialog_parent, "Edit note", "Note:", note.text
            )
            if not ok:
                return False
        if not text.strip() or text == note.text:
            return False  # an emptied note is kept; the Notes panel deletes notes
        self._run(store.edit_note, note.uuid, text)
        self.marks.changed_here()
        return True

    def _note_at_cursor(self) -> bool:
        paragraph = self.links.paragraph_under_cursor(None)
        return self.add_note(paragraph if paragraph and paragraph.anchor else None)

    # -- highlights -------------------------------------------------------------------

    def highlight_selection(
        self, colour: str = DEFAULT_HIGHLIGHT, note: str | None = "", ask_note: bool = False
    ) -> bool:
        """Keep the selection as a highlight of the paragraph it starts in."""
        store, cable = self.marks.store, self.links.cable
        cursor = self.browser.textCursor()
        if store is None or cable is None or self.marks.reference_id is None:
            return False
        paragraph = (
            paragraph_at(self.browser, cable, cursor.selectionStart())
            if cursor.hasSelection() else None
        )
        quote = (self.links.selected_text() or "").strip()
        span = locate_quote(paragraph.text, quote) if paragraph is not None and quote else None
        if paragraph is None or span is None:
            self.marks.status.emit("Select some text in one paragraph to highlight it")
            return False
        if ask_note:
            note, ok = QInputDialog.getMultiLineText(
                self.dialog_parent, "Highlight with a note", "Note on the highlight:"
            )
            if not ok:
                return False
        start, end = span
        store.add_highlight(
            self.marks.reference_id, paragraph.anchor, start, end, paragraph.text[start:end],
            colour, note or "",
        )
        self.marks.changed_here()
        self.marks.status.emit(f"Highlighted {end - start} characters in {_where(paragraph)}")
        return True

    def remove_highlight(self, highlight: Highlight) -> None:
        if self.marks.store is not None:
            self.marks.store.delete_highlight(highlight.uuid)
            self.marks.changed_here()
            self.marks.status.emit(f"Removed the highlight “{highlight.quote[:60]}”")

    def _remove_at_cursor(self) -> bool:
        cursor = self.browser.textCursor()
        highlight = self.marks.highlight_at(cursor.selectionStart())
        if highlight is None:
            self.marks.status.emit("The cursor is not on a highlight")
            return False
        self.remove_highlight(highlight)
        return True

    # -- the context menu -------------------------------------------------------------

    def add_menu_entries(self, menu: QMenu, point: QPoint) -> None:
        """The note and highlight entries for the paragraph (and highlight) at `point`."""
        if self.marks.store is None or self.links.cable is None:
            return
        paragraph = self.links.paragraph_under_cursor(point)
        numbered = paragraph if paragraph is not None and paragraph.anchor else None
        highlight = self.marks.highlight_at(self.browser.cursorForPosition(point).position())
        menu.addSeparator()
        has_selection = self.browser.textCursor().hasSelection()
        for title, name, ask in (
            ("&Highlight selection", "highlightMenu", False),
            ("Highlight with a no&te", "highlightNoteMenu", True),
        ):
            colours = menu.addMenu(title)
            colours.setObjectName(name)
            colours.setEnabled(has_selection)
            for colour in HIGHLIGHT_COLOURS:
                action = colours.addAction(_swatch(colour), colour.capitalize() + ("…" * ask))
                action.setObjectName(f"highlight_{colour}")
                if colour == DEFAULT_HIGHLIGHT and not ask:
                    self._show_keys(action, HIGHLIGHT_KEYS)
                action.triggered.connect(
                    lambda _c=False, c=colour, a=ask: self._run(self.highlight_selection, c, "", a)
                )
        if highlight is not None:
            remove = menu.addAction("&Remove highlight")
            remove.setObjectName("remove_highlight")
            self._show_keys(remove, REMOVE_HIGHLIGHT_KEYS)
            remove.triggered.connect(
                lambda _c=False, h=highlight: self._run(self.remove_highlight, h)
            )
        if numbered is not None:
            add = menu.addAction(f"Add &note to ¶{numbered.number}…")
            add.setObjectName("add_paragraph_note")
            self._show_keys(add, PARAGRAPH_NOTE_KEYS)
            add.triggered.connect(lambda _c=False, p=numbered: self._run(self.add_note, p))
            if self.marks.notes_on(numbered.anchor):
                edit = menu.addAction(f"&Edit note on ¶{numbered.number}…")
                edit.setObjectName("edit_paragraph_note")
                edit.triggered.connect(
                    lambda _c=False, a=numbered.anchor: self.edit_note(a)
                )
        cable_note = menu.addAction("Add note to the &cable…")
        cable_note.setObjectName("add_cable_note")
        self._show_keys(cable_note, CABLE_NOTE_KEYS)
        cable_note.triggered.connect(lambda _c=False: self._run(self.add_note, None))

    @staticmethod
    def _show_keys(action: QAction, keys: str) -> None:
        """Show the key of the window's command that does the same; only shown: the
        window's action owns the key, so it is never bound twice."""
        action.setText(f"{action.text()}\t{QKeySequence(keys).toString()}")
