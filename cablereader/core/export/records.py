"""One cable as every export sees it: its reference box, its address, and your marks.

Built once per cable by the caller (who holds the store and the link settings), so
that every format below is a pure function of a list of these.
"""

from __future__ import annotations

from dataclasses import dataclass

from cablereader.core.model import Cable, Paragraph
from cablereader.core.user_items import Highlight, Note


@dataclass(frozen=True, slots=True)
class ExportRecord:
    cable: Cable
    url: str  # in the link style the reader chose
    star: str | None = None  # the star's colour
    notes: tuple[Note, ...] = ()
    highlights: tuple[Highlight, ...] = ()

    @property
    def reference_id(self) -> str:
        return self.cable.reference_id


def paragraph_label(anchor: str | None, paragraphs: tuple[Paragraph, ...] = ()) -> str:
    """How a note names its place: "¶13" for par13, "cable" for the whole cable."""
    if not anchor:
        return "cable"
    number = next((p.number for p in paragraphs if p.anchor == anchor and p.number), None)
    return f"¶{number or anchor.removeprefix('par')}"


def notes_text(record: ExportRecord) -> str:
    """Notes and highlights in one cell: `¶13: text`, `¶2 “quote”: note`, a blank line apart."""
    parts = []
    for note in record.notes:
        parts.append(f"{paragraph_label(note.anchor, record.cable.paragraphs)}: {note.text}")
    for mark in record.highlights:
        label = paragraph_label(mark.anchor, record.cable.paragraphs)
        parts.append(f"{label} “{mark.quote}”" + (f": {mark.note}" if mark.note else ""))
    return "\n\n".join(parts)
