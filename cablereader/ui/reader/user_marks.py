"""The reader's own marks drawn on the body: highlights in their colours, note marks.

Highlights are kept as paragraph + character offsets into that paragraph's text (plus
the quote); the body pane shows that text changed for display (the ¶ and the note mark
stand in for leading spaces, unbreakable runs are folded, reading mode joins lines, a
long body is paged). `BodyMap` maps the offsets to document positions by walking the
shown text beside the stored one, and `reanchor` finds a highlight again in a version
whose text moved. The drawing is a list of ExtraSelections the reader puts between its
paragraph mark and the search hits; the store is reached only through its user-data
methods.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QPalette, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

from cablereader.core.anchoring import AnchorState, reanchor
from cablereader.core.model import Cable, Paragraph
from cablereader.core.user_items import Highlight, Note
from cablereader.store.user_data_api import UserDataStore
from cablereader.ui.reader.cable_html import text_cut
from cablereader.ui.theme import AA_CONTRAST, contrast

# Light and dark backgrounds per highlight colour: pale on a light page, deep on a dark
# one, each keeping the theme's text at 4.5:1 or more (tests measure it), and each apart
# from the search hits' #ffe066 and the linked paragraph's blue.
HIGHLIGHT_BACKGROUNDS: dict[str, tuple[str, str]] = {
    "yellow": ("#fff3b0", "#6b5900"),
    "green": ("#c6efc6", "#1e5c2e"),
    "blue": ("#b3d1ff", "#1c3c94"),
    "pink": ("#ffc9e3", "#74264d"),
}


def highlight_colours(colour: str, palette: QPalette) -> tuple[QColor, QColor]:
    """Background and text colour of a highlight in this palette.

    The palette's own text colour when it keeps AA contrast on the background (it does
    in both of the app's themes), else black or white, whichever contrasts more."""
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    pair = HIGHLIGHT_BACKGROUNDS.get(colour, HIGHLIGHT_BACKGROUNDS["yellow"])
    background = QColor(pair[1] if dark else pair[0])
    text = palette.color(QPalette.ColorRole.Text)
    if contrast(text, background) < AA_CONTRAST:
        black, white = QColor("#000000"), QColor("#ffffff")
        text = black if contrast(black, background) >= contrast(white, background) else white
    return background, text


def _same(stored: str, shown: str) -> bool:
    """A stored character and the one the pane shows for it: a line break may show as a
    space or a zero-width space (reading mode), a no-break space as a space."""
    return stored == shown or (stored in "\n\r\u00a0" and shown in " \n\u200b")


def align(document_text: str, start: int, text: str) -> list[int]:
    """Document position of each character of `text`, shown from `start`, and one past
    the last: shown line breaks the stored text does not have are folds and are stepped
    over; stored characters the pane does not show (a newline after <pre>) take the
    position of the next shown one."""
    if document_text.startswith(text, start):
        return list(range(start, start + len(text) + 1))
    positions: list[int] = []
    at = start
    for character in text:
        while (
            at < len(document_text)
            and not _same(character, document_text[at])
            and document_text[at] == "\n"
        ):
            at += 1  # a fold the stored text does not have
        positions.append(at)
        if at < len(document_text) and _same(character, document_text[at]):
            at += 1
    positions.append(at)
    return positions


@dataclass
class _Shown:
    paragraph: Paragraph
    lead: int  # document position of the ¶ (or of the text, for an unnumbered part)
    start: int  # document position of the first shown character of the text
    cut: int  # stored characters the ¶ and the note mark stand in for
    text: str  # the stored characters shown after them
    positions: list[int] | None = None


class BodyMap:
    """Where each shown paragraph's stored characters are in the body document."""

    def __init__(
        self,
        document: QTextDocument,
        shown: Sequence[tuple[Paragraph, int]],
        noted: set[str],
        skipped: int,
    ) -> None:
        self._text = document.toPlainText()  # the same positions as the document's
        pilcrows = _pilcrows(document)
        first = document.firstBlock()
        cursor = first.next().position() if skipped and first.next().isValid() else 0
        self._shown: dict[int, _Shown] = {}
        previous: _Shown | None = None
        for paragraph, room in shown:
            text = paragraph.text[:room]
            anchored = bool(paragraph.anchor) and paragraph.anchor in pilcrows
            cut = text_cut(text, anchored, paragraph.anchor in noted)
            body = text[cut:].rstrip("\n")
            if anchored:
                lead = pilcrows[str(paragraph.anchor)]
                start = lead + 1 + (1 if paragraph.anchor in noted else 0)
            else:
                # An unnumbered part starts where the one before it ended (its block's
                # end), which is the only time the one before must be walked in full.
                if previous is not None:
                    cursor = self._positions(previous)[-1] + 1
                lead = start = cursor
            entry = _Shown(paragraph, lead, start, cut, body)
            self._shown[paragraph.index] = entry
            # An empty <pre> makes no block: the next part starts where this one did.
            previous = entry if (body or anchored) else previous

    def _positions(self, entry: _Shown) -> list[int]:
        if entry.positions is None:
            entry.positions = align(self._text, entry.start, entry.text)
        return entry.positions

    def span(self, index: int, start: int | None, end: int | None) -> tuple[int, int] | None:
        """Document positions of text[start:end] of paragraph `index` (None, None: all of
        it from its ¶); None when that part is not shown."""
        entry = self._shown.get(index)
        if entry is None:
            return None
        positions = self._positions(entry)
        if start is None or end is None:
            return entry.lead, positions[-1]
        first = max(0, start - entry.cut)
        last = min(len(entry.text), end - entry.cut)
        if first >= len(entry.text) or last <= first:
            return None  # past what is shown (the rest of a long paragraph is paged out)
        return positions[first], positions[last - 1] + 1


def _pilcrows(document: QTextDocument) -> dict[str, int]:
    """Every ¶ anchor's document position: each ¶ found (by the document, far faster than
    walking its fragments), kept when it carries an anchor name (a ¶ in the text has none)."""
    found: dict[str, int] = {}
    cursor = document.find("¶")
    while not cursor.isNull():
        for name in cursor.charFormat().anchorNames():  # the format of the found ¶
            found.setdefault(name, cursor.selectionStart())
        cursor = document.find("¶", cursor)
    return found


@dataclass(frozen=True)
class DrawnHighlight:
    highlight: Highlight
    state: AnchorState
    start: int  # document positions
    end: int


class UserMarks(QObject):
    """The open cable's notes and highlights, as the reader draws them.

    `redraw` asks the reader to render again (the note marks are in the HTML); `edited`
    tells the rest of the window that the reader changed the user data (the Notes dock
    and the browse panel's counts read it again)."""

    redraw = Signal()
    edited = Signal()
    status = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store: UserDataStore | None = None
        self.reference_id: str | None = None
        self.notes: list[Note] = []
        self.highlights: list[Highlight] = []
        self.drawn: list[DrawnHighlight] = []

    def attach(self, store: UserDataStore) -> None:
        """The research commands give the reader the store's user-data side."""
        self.store = store
        self.reload()

    def load(self, reference_id: str | None) -> None:
        """Read the cable's marks from the store (nothing without a store)."""
        self.reference_id = reference_id
        if self.store is None or reference_id is None:
            self.notes, self.highlights = [], []
            return
        self.notes = self.store.notes(reference_id)
        self.highlights = self.store.highlights(reference_id)

    def reload(self) -> None:
        """After the user data changed elsewhere (the Notes dock, an import): draw again."""
        self.load(self.reference_id)
        self.redraw.emit()

    def changed_here(self) -> None:
        self.reload()
        self.edited.emit()

    # -- what the HTML shows ----------------------------------------------------------

    def note_tips(self) -> dict[str, str]:
        """Per paragraph anchor, the tooltip of its note mark: its notes, plain text."""
        tips: dict[str, list[str]] = {}
        for note in self.notes:
            if note.anchor:
                tips.setdefault(note.anchor, []).append(note.text)
        return {
            anchor: "\n\n".join(texts) + "\n\n(click to edit)" for anchor, texts in tips.items()
        }

    def cable_notes(self) -> list[str]:
        return [note.text for note in self.notes if not note.anchor]

    def notes_on(self, anchor: str | None) -> list[Note]:
        return [note for note in self.notes if (note.anchor or None) == (anchor or None)]

    # -- what is drawn over it --------------------------------------------------------

    def selections(
        self,
        document: QTextDocument,
        cable: Cable,
        shown: Sequence[tuple[Paragraph, int]],
        skipped: int,
        palette: QPalette,
    ) -> list[QTextEdit.ExtraSelection]:
        """An ExtraSelection per highlight that can be placed in the shown text."""
        self.drawn = []
        if not self.highlights:
            return []
        noted = set(self.note_tips())
        body = BodyMap(document, shown, noted, skipped)
        selections: list[QTextEdit.ExtraSelection] = []
        for highlight in self.highlights:
            anchored = reanchor(highlight, cable.paragraphs)
            if anchored.paragraph_index is None:
                continue  # lost: neither its quote nor its paragraph is in this version
            span = body.span(anchored.paragraph_index, anchored.start, anchored.end)
            if span is None:
                continue
            self.drawn.append(DrawnHighlight(highlight, anchored.state, *span))
            cursor = QTextCursor(document)
            cursor.setPosition(span[0])
            cursor.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor  # type: ignore[misc]
            background, text = highlight_colours(highlight.colour, palette)
            selection.format.setBackground(background)  # type: ignore[attr-defined]
            selection.format.setForeground(text)  # type: ignore[attr-defined]
            selections.append(selection)
        return selections

    def highlight_at(self, position: int) -> Highlight | None:
        """The highlight drawn over a document position (the last drawn wins, as shown)."""
        for drawn in reversed(self.drawn):
            if drawn.start <= position < drawn.end:
                return drawn.highlight
        return None

    def tooltip_at(self, position: int) -> str | None:
        """A highlight's note, for the pane's tooltip (plain text; the pane escapes it)."""
        highlight = self.highlight_at(position)
        if highlight is None or not highlight.note:
            return None
        return highlight.note
