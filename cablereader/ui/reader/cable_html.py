"""Cable text to HTML for the reader panes, with every character of cable text escaped.

Cables are untrusted input (a page may contain ``<script>`` or ``<img src=...>`` as
text), so the only markup in the output is the markup written here; every piece of
cable text goes through :func:`html.escape` before it is placed. Pure functions without
Qt, so the escaping rules can be tested on their own.
"""

from __future__ import annotations

from html import escape

from cablereader.core.cable_text import REDACTION
from cablereader.core.model import Cable, Paragraph, Reference
from cablereader.core.refid import find_inline_ids
from cablereader.core.tag_meanings import tag_meaning
from cablereader.ui.reader.reflow import JOIN_MARK, joined_newlines, page_breaks

REDACTION_RE = REDACTION  # upper or lower case: see cable_text
SUMMARY_BACKGROUND = "#fff6d5"
SUMMARY_BACKGROUND_DARK = "#3d3a26"
_SAFE_SCHEMES = ("http://", "https://")


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


def decorate(
    text: str,
    marking: str | None = None,
    own_id: str | None = None,
    reflow: bool = False,
    note_colour: str = "#595959",
) -> str:
    """Escape text, bolding the marking, flagging redactions and linking written IDs;
    dimming page-break lines and, in reading mode, joining wrapped lines."""
    parts: list[str] = []
    cursor = 0
    for start, end, kind, data in _spans(text, marking, reflow):
        parts.append(escape(text[cursor:start]))
        piece = escape(text[start:end])
        if kind == "join":
            # After a trailing space a second space would show: a zero-width one instead.
            filler = "\u200b" if text[start - 1 : start] == " " else " "
            parts.append(f'<span title="{JOIN_MARK}">{filler}</span>')
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
    parts.append(escape(text[cursor:]))
    return "".join(parts)


def _paragraph_html(
    cable: Cable, paragraph: Paragraph, dark: bool, reflow: bool, note_colour: str
) -> str:
    text = paragraph.text
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
        if text[:1] == " ":
            text = text[1:]  # the ¶ takes the place of one indent, keeping columns aligned
    body = decorate(
        text.rstrip("\n"), paragraph.marking, cable.reference_id, reflow, note_colour
    )
    return f'<pre style="{style}">{pilcrow}{body}</pre>'


def body_html(
    cable: Cable, dark: bool = False, reflow: bool = False, note_colour: str = "#595959"
) -> str:
    """The body as paragraphs with ¶ links, followed by the articles it appears in."""
    paragraphs = cable.paragraphs or (
        Paragraph(0, None, None, False, None, "preamble", cable.body),
    )
    parts = [_paragraph_html(cable, p, dark, reflow, note_colour) for p in paragraphs]
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


def _addresses(name: str, lines: tuple[str, ...], expanded: bool) -> str:
    """Long TO/INFO lists fold after a few lines, so SUBJECT, TAGS and REF stay in view."""
    if expanded or len(lines) <= FOLD_AFTER:
        return "<br>".join(escape(t) for t in lines)
    shown = "<br>".join(escape(t) for t in lines[:FOLD_SHOWN])
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
) -> str:
    """Recipients, tags, subject and REF items (linked) first, then the header as published.

    The structured part comes first because it is what readers act on (the REF links);
    the raw routing lines below it are for those checking the source.
    """
    parts = []
    rows: list[tuple[str, str]] = []
    if cable.sender:
        rows.append(("FROM", escape(cable.sender)))
    if cable.to:
        rows.append(("TO", _addresses("to", tuple(cable.to), "to" in expanded)))
    if cable.info:
        rows.append(("INFO", _addresses("info", tuple(cable.info), "info" in expanded)))
    if cable.tags:
        rows.append(("TAGS", " ".join(_tag_html(tag) for tag in cable.tags)))
    if cable.subject:
        rows.append(("SUBJECT", escape(cable.subject)))
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
        parts.append(f'<pre style="margin:0px">{escape(cable.header)}</pre>')
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
