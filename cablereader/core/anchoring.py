"""Finding a highlight again in a newer version of its cable.

A highlight remembers its paragraph, character offsets into that paragraph's text, and
the quoted text. When a later version changes the text (a correction, another build's
spacing), the offsets may point at something else; the quote is what the reader chose,
so it decides: the same place if it still reads the same, else the quote's nearest
occurrence in its own paragraph, else in the nearest paragraph that has it (also with
the line breaks and spaces allowed to differ), and only then the paragraph alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from cablereader.core.model import Paragraph
from cablereader.core.user_items import Highlight


class AnchorState(StrEnum):
    EXACT = "exact"  # the offsets still hold the quote
    MOVED = "moved"  # the quote was found elsewhere (same or another paragraph)
    PARAGRAPH = "paragraph"  # the quote is gone; its paragraph is still there
    LOST = "lost"  # neither the quote nor the paragraph: shown on the cable as a whole


@dataclass(frozen=True, slots=True)
class Anchored:
    """Where to draw a highlight in this version: paragraph index, offsets into its text."""

    state: AnchorState
    anchor: str | None
    paragraph_index: int | None
    start: int | None
    end: int | None


def _nearest(text: str, quote: str, near: int) -> tuple[int, int] | None:
    """The occurrence of quote in text whose start is closest to `near`."""
    best: tuple[int, int] | None = None
    at = text.find(quote)
    while at != -1:
        if best is None or abs(at - near) < abs(best[0] - near):
            best = (at, at + len(quote))
        at = text.find(quote, at + 1)
    return best


def _loose(text: str, quote: str, near: int) -> tuple[int, int] | None:
    """As _nearest, but any run of whitespace in the quote matches any run in the text
    (the builds wrap and pad lines differently)."""
    words = quote.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    found = [(m.start(), m.end()) for m in pattern.finditer(text)]
    return min(found, key=lambda span: abs(span[0] - near)) if found else None


def locate_quote(text: str, quote: str, near: int = 0) -> tuple[int, int] | None:
    """Offsets of a selection inside its paragraph's text, for a new highlight: the
    reader shows the text reflowed, so the spacing of a selection may not be the source's."""
    return _nearest(text, quote, near) or _loose(text, quote, near)


def reanchor(highlight: Highlight, paragraphs: Sequence[Paragraph]) -> Anchored:
    """Where `highlight` is in a version with these paragraphs; pure, never raises."""
    home = next((p for p in paragraphs if highlight.anchor and p.anchor == highlight.anchor), None)
    quote = highlight.quote
    if home is not None and home.text[highlight.start : highlight.end] == quote:
        return Anchored(AnchorState.EXACT, home.anchor, home.index, highlight.start, highlight.end)
    home_position = home.index if home is not None else 0
    # Its own paragraph first, then the others nearest to it first.
    ordered = sorted(
        paragraphs,
        key=lambda p: (p is not home, abs(p.index - home_position), p.index),
    )
    for finder in (_nearest, _loose):
        for paragraph in ordered:
            near = highlight.start if paragraph is home else 0
            span = finder(paragraph.text, quote, near)
            if span is not None:
                return Anchored(AnchorState.MOVED, paragraph.anchor, paragraph.index, *span)
    if home is not None:
        return Anchored(AnchorState.PARAGRAPH, home.anchor, home.index, None, None)
    return Anchored(AnchorState.LOST, None, None, None, None)


def reanchor_all(
    highlights: Sequence[Highlight], paragraphs: Sequence[Paragraph]
) -> list[tuple[Highlight, Anchored]]:
    """Every highlight of one cable against the version being shown."""
    return [(h, reanchor(h, paragraphs)) for h in highlights]
