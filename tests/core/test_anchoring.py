"""Re-anchoring highlights when a newer version of a cable changes its text."""

from __future__ import annotations

from cablereader.core.anchoring import AnchorState, locate_quote, reanchor, reanchor_all
from cablereader.core.model import Paragraph
from cablereader.core.user_items import Highlight


def _paragraphs(*texts: str) -> tuple[Paragraph, ...]:
    return tuple(
        Paragraph(i, str(i), f"par{i}", True, "(C)", "paragraph", text)
        for i, text in enumerate(texts, 1)
    )


def _mark(anchor: str | None, start: int, quote: str) -> Highlight:
    return Highlight(
        "u", "05LIMA4377", anchor, start, start + len(quote), quote, "yellow", "", "t", "t"
    )


OLD = _paragraphs("1. (C) THE MINISTER MET THE AMBASSADOR.\n", "2. (C) TRADE TALKS RESUMED.\n")


def test_unchanged_text_keeps_its_offsets() -> None:
    found = reanchor(_mark("par1", 11, "MINISTER"), OLD)
    assert (found.state, found.anchor, found.start, found.end) == (
        AnchorState.EXACT,
        "par1",
        11,
        19,
    )


def test_shifted_text_moves_with_its_quote() -> None:
    new = _paragraphs("1. (C) CORRECTED: THE MINISTER MET THE AMBASSADOR.\n", OLD[1].text)
    found = reanchor(_mark("par1", 11, "MINISTER"), new)
    assert (found.state, found.anchor) == (AnchorState.MOVED, "par1")
    assert new[0].text[found.start : found.end] == "MINISTER"


def test_nearest_occurrence_wins_inside_the_paragraph() -> None:
    text = "1. (C) THE MINISTER MET THE MINISTER.\n"
    new = _paragraphs("1. (C) X " + text[7:], OLD[1].text)
    assert text[28:36] == "MINISTER"
    found = reanchor(_mark("par1", 28, "MINISTER"), new)
    assert found.start == 30  # the second one, shifted by two, not the first


def test_quote_moved_to_another_paragraph() -> None:
    new = _paragraphs(
        "1. (C) THE AMBASSADOR MET NOBODY.\n",
        "2. (C) TRADE TALKS RESUMED.\n",
        "3. (C) THE MINISTER MET THE AMBASSADOR.\n",
    )
    found = reanchor(_mark("par1", 11, "MINISTER MET"), new)
    assert (found.state, found.anchor) == (AnchorState.MOVED, "par3")
    assert new[2].text[found.start : found.end] == "MINISTER MET"


def test_rewrapped_quote_is_found_across_line_breaks() -> None:
    new = _paragraphs("1. (C) THE MINISTER\nMET  THE AMBASSADOR.\n", OLD[1].text)
    found = reanchor(_mark("par1", 11, "MINISTER MET THE"), new)
    assert found.state is AnchorState.MOVED
    assert new[0].text[found.start : found.end] == "MINISTER\nMET  THE"


def test_quote_gone_falls_back_to_the_paragraph_then_to_the_cable() -> None:
    new = _paragraphs("1. (C) THE SECRETARY MET THE AMBASSADOR.\n", OLD[1].text)
    found = reanchor(_mark("par1", 11, "MINISTER"), new)
    assert (found.state, found.anchor, found.start) == (AnchorState.PARAGRAPH, "par1", None)
    lost = reanchor(_mark("par7", 11, "MINISTER"), new)
    assert (lost.state, lost.anchor, lost.paragraph_index) == (AnchorState.LOST, None, None)
    assert [a.state for _, a in reanchor_all([_mark("par1", 11, "MINISTER")], OLD)] == [
        AnchorState.EXACT
    ]


def test_offsets_past_the_end_do_not_raise() -> None:
    found = reanchor(_mark("par2", 500, "TALKS"), OLD)
    assert (found.state, found.anchor, found.start) == (AnchorState.MOVED, "par2", 13)


def test_locate_a_new_selection_in_its_paragraph() -> None:
    text = OLD[0].text
    assert locate_quote(text, "MINISTER MET") == (11, 23)
    assert locate_quote(text, "MINISTER  MET\nTHE") == (11, 27)  # spacing as displayed
    assert locate_quote(text, "TRADE") is None
