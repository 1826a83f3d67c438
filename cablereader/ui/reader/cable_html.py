"""Cable text to HTML for the reader panes, with every character of cable text escaped.

Cables are untrusted input (a page may contain ``<script>`` or ``<img src=...>`` as
text), so the only markup in the output is the markup written here; every piece of
cable text goes through :func:`html.escape` before it is placed. Pure functions without
Qt, so the escaping rules can be tested on their own.

Display only, never the stored text: Qt lays a line without break opportunities out in
time that grows much faster than its length (a 1 MB line took 58 s), and a document costs
about 300 bytes of memory per character (a 10.9 MB cable took 3.3 GB). So lines longer
than FOLD_CHARS are folded onto the next line, and the body shows its first PAGE_CHARS
characters with a "Show more" link at the end that adds another page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from html import escape

from cablereader.core.cable_text import REDACTION
from cablereader.core.model import Cable, Paragraph, Reference
from cablereader.core.refid import find_inline_ids
from cablereader.core.tag_meanings import tag_meaning
from cablereader.ui.reader.reflow import JOIN_MARK, joined_newlines, page_breaks

REDACTION_RE = REDACTION  # upper or lower case: see cable_text
FOLD_CHARS = 400  # longest run shown without a break opportunity; a fold is a line break
PAGE_CHARS = 200_000  # body characters shown at first, and added by each "Show more"
SHOW_MORE_URL = "cablereader-more:next"  # the reader's own; never leaves the app
SHOW_EARLIER_URL = "cablereader-more:earlier"
_LONG_RUN = re.compile(rf"\S{{{FOLD_CHARS},}}")
_TOKENS = re.compile(r"\s+|\S+")
SUMMARY_BACKGROUND = "#fff6d5"
SUMMARY_BACKGROUND_DARK = "#3d3a26"
_SAFE_SCHEMES = ("http://", "https://")
NOTE_SCHEME = "cablereader-note"  # the reader's own: edits the note on that paragraph
NOTE_MARK = "\u270e"  # ✎, after the ¶ of a paragraph that has a note
NOTE_TIP_CHARS = 2000  # as much of a note as its mark's tooltip shows


def app_link(reference_id: str, anchor: str | None = None) -> str:
    """Our own scheme; the reader opens these in the app, never in a browser."""
    fragment = f"#{anchor}" if anchor else ""
    return f"cablereader://cable/{reference_id}{fragment}"


def _spans(
    text: str, marking: str | None, reflow: bool = False
) -> list[tuple[int, int, str, str]]:
    """Non-overlapping (start, end, kind, data) spans to decorate, in text order."""
    found: list[tuple[int, int, str, str]] = [
        (start, end, "pagebreak", "") for start, end in page_breaks(text)
    ]
    if reflow:
        found += [(at, at + 1, "join", "") for at in joined_newlines(text)]
    if marking:
        at = text.find(marking)
        if at >= 0:
            found.append((at, at + len(marking), "marking", ""))
    found += [(m.start(), m.end(), "redaction", "") for m in REDACTION_RE.finditer(text)]
    found += [(start, end, "refid", refid) for start, end, refid in find_inline_ids(text)]
    found.sort(key=lambda span: (span[0], -span[1]))
    chosen: list[tuple[int, int, str, str]] = []
    cursor = 0
    for span in found:
        if span[0] >= cursor:
            chosen.append(span)
            cursor = span[1]
    return chosen


class _Folder:
    """Breaks runs of more than FOLD_CHARS characters without a space or line break,
    counting across the pieces of one paragraph (plain text, links, redactions), so a
    fold can fall inside any of them. Text with spaces is left to the widget's own
    wrapping: only an unbreakable run makes Qt's layout slow, and folding ordinary long
    lines (newspaper-style bodies) would break words."""

    def __init__(self) -> None:
        self.column = 0  # characters since the last break opportunity

    def __call__(self, text: str) -> str:
        if self.column + len(text) <= FOLD_CHARS or (
            self.column == 0 and _LONG_RUN.search(text) is None
        ):
            tail = len(text) - max(text.rfind(" "), text.rfind("\n"), text.rfind("\t")) - 1
            self.column = self.column + len(text) if tail == len(text) else tail
            return text  # the common case: nothing to fold
        out: list[str] = []
        for match in _TOKENS.finditer(text):
            token = match.group()
            if token[0].isspace():
                out.append(token)
                self.column = 0
                continue
            while self.column + len(token) > FOLD_CHARS:
                room = FOLD_CHARS - self.column
                out.append(token[:room] + "\n")
                token = token[room:]
                self.column = 0
            out.append(token)
            self.column += len(token)
        return "".join(out)


def fold(text: str) -> str:
    """The text with no run longer than FOLD_CHARS without a break (for display only)."""
    return _Folder()(text)


def decorate(
    text: str,
    marking: str | None = None,
    own_id: str | None = None,
    reflow: bool = False,
    note_colour: str = "#595959",
) -> str:
    """Escape text, bolding the marking, flagging redactions and linking written IDs;
    dimming page-break lines and, in reading mode, joining wrapped lines. Unbreakable
    runs are folded at FOLD_CHARS, for display only."""
    parts: list[str] = []
    cursor = 0
    folded = _Folder()
    for start, end, kind, data in _spans(text, marking, reflow):
        parts.append(escape(folded(text[cursor:start])))
        piece = escape(folded(text[start:end]))
        if kind == "join":
            # After a trailing space a second space would show: a zero-width one instead.
            filler = "\u200b" if text[start - 1 : start] == " " else " "
            parts.append(f'<span title="{JOIN_MARK}">{filler}</span>')
            folded.column = 0
        elif kind == "pagebreak":
            parts.append(f'<span style="color:{note_colour}; font-size:small">{piece}</span>')
        elif kind == "marking":
            parts.append(f"<b>{piece}</b>")
        elif kind == "redaction":
            parts.append(
                f'<span style="background-color:#555555; color:#ffffff"'
                f' title="redacted">{piece}</span>'
            )
        elif data == own_id:
            parts.append(piece)
        else:
            parts.append(f'<a href="{escape(app_link(data))}">{piece}</a>')
        cursor = end
    parts.append(escape(folded(text[cursor:])))
    return "".join(parts)


def text_cut(text: str, anchored: bool, noted: bool) -> int:
    """How many leading characters of a paragraph's text the ¶ (and the note mark) stand
    in for: each takes the place of one leading space, so columns stay aligned."""
    cut = 0
    for stands_in in (anchored, anchored and noted):
        if stands_in and text[cut : cut + 1] == " ":
            cut += 1
    return cut


def _note_mark(anchor: str, tip: str) -> str:
    """A plain-text glyph after the ¶ whose link edits the note; the tooltip is the note
    (escaped here, and shown as plain text by the reader)."""
    return (
        f'<a href="{escape(NOTE_SCHEME + ":" + anchor, quote=True)}"'
        f' title="{escape(tip[:NOTE_TIP_CHARS], quote=True)}"'
        f' style="text-decoration:none">{NOTE_MARK}</a>'
    )


def _paragraph_html(
    cable: Cable, paragraph: Paragraph, dark: bool, reflow: bool, note_colour: str, room: int,
    note_tip: str | None = None,
) -> str:
    text = paragraph.text[:room]
    style = "margin-top:0px; margin-bottom:0px;"
    if paragraph.kind == "summary":
        colour = SUMMARY_BACKGROUND_DARK if dark else SUMMARY_BACKGROUND
        style += f" background-color:{colour};"
    pilcrow = ""
    if paragraph.anchor:
        href = escape(app_link(cable.reference_id, paragraph.anchor))
        pilcrow = (
            f'<a name="{escape(paragraph.anchor)}" href="{href}"'
            f' title="Copy link to ¶{paragraph.number}"'
            f' style="text-decoration:none; font-weight:bold; font-size:large">¶</a>'
        )
        if note_tip is not None:
            pilcrow += _note_mark(paragraph.anchor, note_tip)
        text = text[text_cut(text, True, note_tip is not None) :]
    body = decorate(
        text.rstrip("\n"), paragraph.marking, cable.reference_id, reflow, note_colour
    )
    return f'<pre style="{style}">{pilcrow}{body}</pre>'


def _paragraphs(cable: Cable) -> tuple[Paragraph, ...]:
    return cable.paragraphs or (Paragraph(0, None, None, False, None, "preamble", cable.body),)


def body_length(cable: Cable) -> int:
    """The characters the body would show in full."""
    return sum(len(p.text) for p in _paragraphs(cable))


def paragraph_span(cable: Cable, anchor: str) -> tuple[int, int] | None:
    """Where the paragraph `anchor` starts and ends, in characters of the body."""
    total = 0
    for paragraph in _paragraphs(cable):
        if paragraph.anchor == anchor:
            return total, total + len(paragraph.text)
        total += len(paragraph.text)
    return None


def shown_paragraphs(
    cable: Cable, limit: int = PAGE_CHARS, start: int = 0
) -> tuple[int, list[tuple[Paragraph, int]]]:
    """The characters skipped before the shown part, and each shown paragraph with how
    many of its characters are shown (the last one may be cut at `limit`)."""
    shown_list: list[tuple[Paragraph, int]] = []
    shown = skipped = 0
    for paragraph in _paragraphs(cable):
        if skipped + len(paragraph.text) <= start and not shown:
            skipped += len(paragraph.text)
            continue
        if shown >= limit:
            break
        room = min(len(paragraph.text), limit - shown)
        shown_list.append((paragraph, room))
        shown += room
    return skipped, shown_list


def body_html(
    cable: Cable,
    dark: bool = False,
    reflow: bool = False,
    note_colour: str = "#595959",
    limit: int = PAGE_CHARS,
    start: int = 0,
    note_tips: Mapping[str, str] | None = None,
) -> str:
    """The body as paragraphs with ¶ links, followed by the articles it appears in.

    Only `limit` characters are shown, from the paragraph holding character `start`;
    when there are more, a "Show more" link (SHOW_MORE_URL) ends the page and the
    articles wait for the end of the body, and a "Show earlier" link (SHOW_EARLIER_URL)
    begins a page that does not start at the top. A paragraph whose anchor is in
    `note_tips` gets a note mark after its ¶, with that text as its tooltip.
    """
    tips = note_tips or {}
    skipped, shown_list = shown_paragraphs(cable, limit, start)
    parts = [
        _paragraph_html(
            cable, paragraph, dark, reflow, note_colour, room,
            tips.get(paragraph.anchor) if paragraph.anchor else None,
        )
        for paragraph, room in shown_list
    ]
    shown = sum(room for _paragraph, room in shown_list)
    total = body_length(cable)
    if skipped:
        parts.insert(
            0,
            f'<p><a href="{SHOW_EARLIER_URL}">Show earlier</a>'
            f"<i> ({skipped:,} characters before this are not shown)</i></p>",
        )
    if skipped + shown < total:
        parts.append(
            f'<p><a href="{SHOW_MORE_URL}">Show more</a>'
            f"<i> ({shown:,} of {total:,} characters shown; the cable itself is whole)</i></p>"
        )
        return "".join(parts)
    if cable.articles:
        items = []
        for url in cable.articles:
            label = escape(url)
            if url.lower().startswith(_SAFE_SCHEMES):
                items.append(f'<li><a href="{escape(url, quote=True)}">{label}</a></li>')
            else:
                items.append(f"<li>{label}</li>")
        parts.append("<h4>Appears in these articles</h4><ul>" + "".join(items) + "</ul>")
    return "".join(parts)


FOLD_AFTER = 2  # longer address lists fold, showing FOLD_SHOWN lines and "+ N more"
FOLD_SHOWN = 1
EXPAND_SCHEME = "cablereader-expand"
NOTE_COLOUR = "#595959"  # 7:1 on white; the reader passes one computed from its palette
NO_HEADER = "The telegram's routing lines (FM, TO, INFO) are not in this source."
FIELD_CHARS = 4000  # a header field (subject, TO line) shown at most; routing has more
NOTE_ROW_CHARS = 300  # of the cable's notes, on one line in the header (all in the tooltip)
FIELD_LINES = 50  # TO and INFO addressees shown at most, even expanded


def _field(text: str) -> str:
    """A header field escaped and folded, cut (with an ellipsis) past FIELD_CHARS."""
    cut = text[:FIELD_CHARS]
    return escape(fold(cut)) + ("…" if len(cut) < len(text) else "")


def _addresses(name: str, lines: tuple[str, ...], expanded: bool) -> str:
    """Long TO/INFO lists fold after a few lines, so SUBJECT, TAGS and REF stay in view."""
    if expanded or len(lines) <= FOLD_AFTER:
        shown_all = "<br>".join(_field(t) for t in lines[:FIELD_LINES])
        more = len(lines) - FIELD_LINES
        return shown_all + (f"<br><i>… {more:,} more not shown</i>" if more > 0 else "")
    shown = "<br>".join(_field(t) for t in lines[:FOLD_SHOWN])
    rest = len(lines) - FOLD_SHOWN
    return (
        f'{shown}&nbsp;&nbsp;<a href="{EXPAND_SCHEME}:{name}"'
        f' title="Show all {len(lines)} addresses">+ {rest} more</a>'
    )


def header_html(
    cable: Cable,
    existing: set[str],
    expanded: frozenset[str] = frozenset(),
    note_colour: str = NOTE_COLOUR,
    cable_notes: Sequence[str] = (),
) -> str:
    """Recipients, tags, subject and REF items (linked) first, then the header as published.

    The structured part comes first because it is what readers act on (the REF links);
    the raw routing lines below it are for those checking the source. The reader's own
    notes on the whole cable come before everything, as a NOTE row whose mark edits them.
    """
    parts = []
    rows: list[tuple[str, str]] = []
    if cable_notes:
        tip = "\n\n".join(cable_notes)
        shown = _field(" / ".join(" ".join(n.split()) for n in cable_notes)[:NOTE_ROW_CHARS])
        rows.append(("NOTE", f"{_note_mark('', tip)} {shown}"))
    if cable.sender:
        rows.append(("FROM", _field(cable.sender)))
    if cable.to:
        rows.append(("TO", _addresses("to", tuple(cable.to), "to" in expanded)))
    if cable.info:
        rows.append(("INFO", _addresses("info", tuple(cable.info), "info" in expanded)))
    if cable.tags:
        rows.append(("TAGS", " ".join(_tag_html(tag) for tag in cable.tags)))
    if cable.subject:
        rows.append(("SUBJECT", _field(cable.subject)))
    if cable.references:
        refs = (_reference_html(r, existing, note_colour) for r in cable.references)
        rows.append(("REF", "<br>".join(refs)))
    if rows:
        cells = "".join(
            f'<tr><td style="padding-right:8px"><b>{name}</b></td><td>{value}</td></tr>'
            for name, value in rows
        )
        parts.append(f'<table cellspacing="0" style="margin-bottom:8px">{cells}</table>')
    if cable.header.strip():
        header = cable.header[:PAGE_CHARS]
        more = "" if header == cable.header else (
            f"\n<i>… {len(cable.header) - len(header):,} more characters not shown</i>"
        )
        parts.append(f'<pre style="margin:0px">{escape(fold(header))}{more}</pre>')
    else:
        parts.append(f'<p style="color:{note_colour}"><i>{escape(NO_HEADER)}</i></p>')
    return "".join(parts)


TAG_SCHEME = "cablereader-tag"


def _tag_html(tag: str) -> str:
    """A tag as a link that filters the list by it, with its meaning as the tooltip."""
    meaning = tag_meaning(tag)
    hint = f"{meaning}. Click to list the cables with this tag." if meaning else (
        "Click to list the cables with this tag.")
    href = escape(f"{TAG_SCHEME}:{tag}", quote=True)
    return f'<a href="{href}" title="{escape(hint, quote=True)}">{escape(tag)}</a>'


def _reference_html(reference: Reference, existing: set[str], note_colour: str) -> str:
    """A REF item links only to cables the reader can open; one that names a cable we
    do not hold says so, and one that names no cable is shown as written."""
    label, text, target = reference.label, reference.text, reference.reference_id
    prefix = f"{escape(label)}. " if label else ""
    if target and target in existing:
        return f'{prefix}<a href="{escape(app_link(target))}">{escape(text)}</a>'
    if not target:
        return f"{prefix}{escape(text)}"  # names no cable (an e-mail, a report): plain text
    missing = f" ({escape(target)}: not in your collection)"
    return f'{prefix}{escape(text)}<span style="color:{note_colour}"><i>{missing}</i></span>'
