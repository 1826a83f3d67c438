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
from html import escape

from cablereader.core.model import Cable, Paragraph, Reference
from cablereader.core.refid import find_inline_ids
from cablereader.core.tag_meanings import tag_meaning

REDACTION_RE = re.compile(r"X{3,}")
FOLD_CHARS = 400  # longest displayed line; a fold is a plain line break
PAGE_CHARS = 200_000  # body characters shown at first, and added by each "Show more"
SHOW_MORE_URL = "cablereader-more:next"  # the reader's own; never leaves the app
SHOW_EARLIER_URL = "cablereader-more:earlier"
SUMMARY_BACKGROUND = "#fff6d5"
SUMMARY_BACKGROUND_DARK = "#3d3a26"
_SAFE_SCHEMES = ("http://", "https://")


def app_link(reference_id: str, anchor: str | None = None) -> str:
    """Our own scheme; the reader opens these in the app, never in a browser."""
    fragment = f"#{anchor}" if anchor else ""
    return f"cablereader://cable/{reference_id}{fragment}"


def _spans(text: str, marking: str | None) -> list[tuple[int, int, str, str]]:
    """Non-overlapping (start, end, kind, data) spans to decorate, in text order."""
    found: list[tuple[int, int, str, str]] = []
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
    """Breaks text into lines of at most FOLD_CHARS, counting across the pieces of one
    paragraph (plain text, links, redactions), so a fold can fall inside any of them."""

    def __init__(self, column: int = 0) -> None:
        self.column = column

    def __call__(self, text: str) -> str:
        if self.column + len(text) <= FOLD_CHARS and "\n" not in text:
            self.column += len(text)
            return text  # the common case: nothing to fold
        out: list[str] = []
        for number, line in enumerate(text.split("\n")):
            if number:
                out.append("\n")
                self.column = 0
            while self.column + len(line) > FOLD_CHARS:
                room = FOLD_CHARS - self.column
                out.append(line[:room] + "\n")
                line = line[room:]
                self.column = 0
            out.append(line)
            self.column += len(line)
        return "".join(out)


def fold(text: str) -> str:
    """The text with no line longer than FOLD_CHARS (for display only)."""
    return _Folder()(text)


def decorate(text: str, marking: str | None = None, own_id: str | None = None) -> str:
    """Escape text, bolding the marking, flagging redactions and linking written IDs.

    Long lines are folded at FOLD_CHARS, for display only.
    """
    parts: list[str] = []
    cursor = 0
    folded = _Folder()
    for start, end, kind, data in _spans(text, marking):
        parts.append(escape(folded(text[cursor:start])))
        piece = escape(folded(text[start:end]))
        if kind == "marking":
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


def _paragraph_html(cable: Cable, paragraph: Paragraph, dark: bool, room: int) -> str:
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
            f' title="Link to this paragraph" style="text-decoration:none">¶</a>'
        )
        if text[:1] == " ":
            text = text[1:]  # the ¶ takes the place of one indent, keeping columns aligned
    body = decorate(text.rstrip("\n"), paragraph.marking, cable.reference_id)
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


def body_html(
    cable: Cable, dark: bool = False, limit: int = PAGE_CHARS, start: int = 0
) -> str:
    """The body as paragraphs with ¶ links, followed by the articles it appears in.

    Only `limit` characters are shown, from the paragraph holding character `start`;
    when there are more, a "Show more" link (SHOW_MORE_URL) ends the page and the
    articles wait for the end of the body, and a "Show earlier" link (SHOW_EARLIER_URL)
    begins a page that does not start at the top.
    """
    parts: list[str] = []
    shown = skipped = 0
    for paragraph in _paragraphs(cable):
        if skipped + len(paragraph.text) <= start and not shown:
            skipped += len(paragraph.text)
            continue
        if shown >= limit:
            break
        parts.append(_paragraph_html(cable, paragraph, dark, limit - shown))
        shown += min(len(paragraph.text), limit - shown)
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


FIELD_CHARS = 4000  # a header field (subject, TO line) shown at most; routing has more
FIELD_LINES = 50  # TO and INFO addressees shown at most


def _field(text: str) -> str:
    """A header field escaped and folded, cut (with an ellipsis) past FIELD_CHARS."""
    cut = text[:FIELD_CHARS]
    return escape(fold(cut)) + ("…" if len(cut) < len(text) else "")


def header_html(cable: Cable, existing: set[str]) -> str:
    """Recipients, tags, subject and REF items (linked) first, then the header as published.

    The structured part comes first because it is what readers act on (the REF links);
    the raw routing lines below it are for those checking the source.
    """
    parts = []
    rows: list[tuple[str, str]] = []
    if cable.sender:
        rows.append(("FROM", _field(cable.sender)))
    if cable.to:
        rows.append(("TO", "<br>".join(_field(t) for t in cable.to[:FIELD_LINES])))
    if cable.info:
        rows.append(("INFO", "<br>".join(_field(t) for t in cable.info[:FIELD_LINES])))
    if cable.tags:
        rows.append(("TAGS", " ".join(_tag_html(tag) for tag in cable.tags)))
    if cable.subject:
        rows.append(("SUBJECT", _field(cable.subject)))
    if cable.references:
        rows.append(("REF", "<br>".join(_reference_html(r, existing) for r in cable.references)))
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
        parts.append("<p><i>No header in this source.</i></p>")
    return "".join(parts)


def _tag_html(tag: str) -> str:
    """A tag with its meaning as a tooltip, dotted-underlined so it invites a hover."""
    meaning = tag_meaning(tag)
    if meaning is None:
        return escape(tag)
    return (
        f'<span title="{escape(meaning, quote=True)}" style="text-decoration:underline;'
        f' text-decoration-style:dotted">{escape(tag)}</span>'
    )


def _reference_html(reference: Reference, existing: set[str]) -> str:
    """A REF item links only to cables the reader can open; others say why not."""
    label, text, target = reference.label, reference.text, reference.reference_id
    prefix = f"{escape(label)}. " if label else ""
    if target and target in existing:
        return f'{prefix}<a href="{escape(app_link(target))}">{escape(text)}</a>'
    missing = f" ({escape(target)}: not in your collection)" if target else (
        " (not in your collection)"
    )
    return f'{prefix}{escape(text)}<span style="color:#888888"><i>{missing}</i></span>'
