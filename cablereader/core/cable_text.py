"""Reading the parts a reader shows out of a cable's header and body text.

Shared by every format: the site pages, cables.csv and saved text all carry the same two
boxes of telegram text, so the fields (TAGS, SUBJECT, REF, paragraphs...) are found here
once. Everything works line by line with small regular expressions because cables are
messy: captions repeat, fields wrap, and half the bodies are newspaper-supplied text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cablereader.core.model import Paragraph, Reference
from cablereader.core.refid import resolve_citation

# Redactions are runs of X; dozens of real pages write them in lower case (`xxxxxxxxxxxx`),
# which are redactions too. No English word has three x in a row.
REDACTION = re.compile(r"X{3,}|x{3,}")

PARTIAL_NOTE = (
    "This record is a partial extract of the original cable. "
    "The full text of the original cable is not available."
)


def split_partial_note(first_box: str) -> tuple[bool, str]:
    """Whether a cable is a partial extract, and what its first box holds besides the note
    (sometimes a bare date-time group such as `081545Z Jun 05`)."""
    if first_box.startswith(PARTIAL_NOTE):
        return True, first_box[len(PARTIAL_NOTE) :].lstrip("\n")
    return False, first_box


# The site anchored every line starting with a number or a capital letter, a dot, a space.
# Paragraphs written `1.(C)` are paragraphs too, but the site gave them no anchor.
_PARAGRAPH_START = re.compile(r"()[ \t]*(?:([0-9]+|[A-Z])\. |([0-9]+)\.(?=\())")
_LINE_PARAGRAPH = re.compile(r"\n()[ \t]*(?:([0-9]+|[A-Z])\. |([0-9]+)\.(?=\())")
_MARKING = re.compile(
    r"^\s*(\((?:U|C|S|TS|SBU|FOUO)(?:\s*//?\s*(?:NF|NOFORN|FOUO|ORCON|NOCONTRACT|REL[^)]{0,40}))*"
    r"(?:\s*-\s*ENTIRE\s+TEXT)?\.?\))",
)
_TAGS_LINE = re.compile(
    r"^\s*TAGS\b\s*:?\s*(.*)$"
    # the singular caption only before a list of codes (`TAG MASS, PREL, BR`), not prose
    r"|^\s*TAG:?\s+((?:[A-Z]{2,6}[,;]?\s+)*[A-Z]{2,6})\s*$",
    re.IGNORECASE,
)
_SUBJECT_LINE = re.compile(r"^\s*SUBJ(?:ECT)?\b\s*:?\s*(.*)$", re.IGNORECASE)
_ANY_REF_LINE = re.compile(r"(?:^|\n)(?=[ \t]*REFS?\b)", re.IGNORECASE)
_REF_LINE = re.compile(r"^\s*REFS?\b\s*:?\s*(.*)$", re.IGNORECASE)
_EO_LINE = re.compile(r"\bE\.\s?O\.\s*[0-9]{5}.*$")
_CLASSIFIED_BY = re.compile(r"^\s*CLASSIFIED\s+BY\s*:?\s*(.*)$", re.IGNORECASE)
_REASON = re.compile(r"(?:,|;|\.)?\s*\b(?:for\s+)?(?:reasons?|per)\b\s*:?\s*(.*)$", re.IGNORECASE)
_FIELD_START = re.compile(
    r"^\s*(?:TAGS|SUBJ(?:ECT)?|REFS?|E\.\s?O\.|CLASSIFIED\s+BY|SIPDIS|[0-9]+\.)\b", re.IGNORECASE
)
_REF_LABEL = re.compile(r"(?:(?<=\s)|^)\(?([A-Z])[.)]\)?\s+")
_SUMMARY = re.compile(r"^\s*(?:\([^)]*\)\s*)?SUMMARY\b", re.IGNORECASE)
_COMMENT = re.compile(r"^\s*(?:\([^)]*\)\s*)?COMMENT\b", re.IGNORECASE)
_END_SUMMARY = re.compile(r"\bEND\s+(?:OF\s+)?SUMMARY\b", re.IGNORECASE)
_LINE_BREAK_TAG = re.compile(r"[ \t]*<br>[ \t]*(?=\n|$)")
_END_COMMENT = re.compile(r"\bEND\s+(?:OF\s+)?COMMENT\b", re.IGNORECASE)
# TAGS after other text on the line (`E.O. 12958: N/A TAGS: ASEC`): the site linked those
# when it read `TAGS:`, so the upper-case form counts anywhere; other spellings only on a
# line that is itself a field (`Tags: prel, tu Subject: turkish p.m. ...`).
_TAGS_INLINE = re.compile(r"(?<=\s)TAGS:\s*")
_TAGS_INLINE_ANY_CASE = re.compile(r"(?<=\s)TAGS\s*:\s*", re.IGNORECASE)
_SUBJECT_INLINE = re.compile(r"(?<=\s)SUBJ(?:ECT)?\s*:\s*", re.IGNORECASE)
# Where a field's value stops because another field starts on the same line.
_NEXT_FIELD_INLINE = re.compile(
    r"\s(?:SUBJ(?:ECT)?|REFS?|CLASSIFIED\s+BY)\s*:|\sTAGS:", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class TextFields:
    """What the telegram text says, apart from the reference box."""

    routing: tuple[str, ...]
    sender: str | None
    to: tuple[str, ...]
    info: tuple[str, ...]
    eo: str | None
    tags: tuple[str, ...]
    subject: str
    references: tuple[Reference, ...]
    classified_by: str | None
    classified_reason: str | None
    paragraphs: tuple[Paragraph, ...]
    summary: str | None
    comment: str | None


def _continuation(lines: list[str], start: int) -> list[str]:
    """The field line at `start` and the lines that continue it, up to a blank line."""
    taken = [lines[start]]
    for line in lines[start + 1 :]:
        if not line.strip() or _FIELD_START.match(line):
            break
        taken.append(line)
    return taken


def _inline_value(line: str, start: re.Pattern[str], any_case: re.Pattern[str] | None) -> int:
    """Where a field's value starts after other text on `line`, or -1.

    `start` is searched anywhere; `any_case` only on a line that is itself a field."""
    m = start.search(line)
    if not m and any_case is not None and _FIELD_START.match(line):
        m = any_case.search(line)
    return m.end() if m else -1


def _field_value(lines: list[str], i: int, first: str) -> str:
    """A field's value from its line (from `first`, what follows the caption) and the lines
    continuing it, stopping where another field starts on the same line."""
    cut = _NEXT_FIELD_INLINE.search(first)
    if cut:
        return first[: cut.start()]
    return " ".join([first, *(part.strip() for part in _continuation(lines, i)[1:])])


def parse_tags(lines: list[str], site_tags: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Every TAG, however the line was written (`TAGS:`, `TAGS`, `Tags:`, continued, after
    other text, joined by semicolons). `site_tags` are the ones the page itself linked:
    evidence of what the site read as tags, used when the text says otherwise."""
    tags: list[str] = []
    for i, line in enumerate(lines):
        m = _TAGS_LINE.match(line)
        if m and m.group(2) is not None and not m.group(2).isupper():
            m = None  # `Tag along...`: a singular caption needs codes in capitals
        if m:
            at = m.start(1) if m.group(1) is not None else m.start(2)
        else:
            at = _inline_value(line, _TAGS_INLINE, _TAGS_INLINE_ANY_CASE)
        if at < 0:
            continue
        for part in re.split(r"[,;\s]+", _field_value(lines, i, line[at:])):
            tag = " ".join(part.split()).strip(" .;").upper()
            if tag and tag not in tags:
                tags.append(tag)
        break
    if site_tags and not set(site_tags) <= set(tags):
        return tuple(dict.fromkeys(site_tags))
    return tuple(tags)


def parse_subject(lines: list[str]) -> str:
    for i, line in enumerate(lines):
        m = _SUBJECT_LINE.match(line)
        at = m.start(1) if m else _inline_value(line, _SUBJECT_INLINE, None)
        if m is None and (at < 0 or not _FIELD_START.match(line)):
            continue
        parts = [line[at:], *(part.strip() for part in _continuation(lines, i)[1:])]
        return " ".join(" ".join(parts).split())
    return ""


def _ref_block(lines: list[str], start: int) -> str:
    """The REF line and its items, which may sit on following lines after blank lines."""
    block = [_REF_LINE.match(lines[start]).group(1)]  # type: ignore[union-attr]
    i = start + 1
    while i < len(lines):
        line = lines[i]
        if line.strip() and not _FIELD_START.match(line):
            block.append(line.strip())
            i += 1
            continue
        j = i
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j < len(lines) and re.match(r"^\s*\(?[A-Z][.)]\)?\s", lines[j]):
            i = j
            continue
        break
    return " ".join(" ".join(block).split())


def split_ref_items(text: str) -> list[tuple[str | None, str]]:
    """`A. PARIS 1610 B. STATE 12` into labelled items; labels must run A, B, C..."""
    cuts: list[tuple[int, int, str]] = []
    expected = "A"
    for m in _REF_LABEL.finditer(text):
        if m.group(1) == expected:
            cuts.append((m.start(), m.end(), expected))
            expected = chr(ord(expected) + 1)
    if not cuts:
        return [(None, text.strip())] if text.strip() else []
    items: list[tuple[str | None, str]] = []
    if text[: cuts[0][0]].strip():
        items.append((None, text[: cuts[0][0]].strip()))
    for n, (_, end, label) in enumerate(cuts):
        stop = cuts[n + 1][0] if n + 1 < len(cuts) else len(text)
        items.append((label, text[end:stop].strip()))
    return items


def parse_references(lines: list[str], citing_year: int | None) -> tuple[Reference, ...]:
    text = "\n".join(lines)
    # Jump to candidate lines with one search instead of matching every line of the body.
    for found in _ANY_REF_LINE.finditer(text):
        i = text.count("\n", 0, found.end())
        line = lines[i]
        if _REF_LINE.match(line) and not re.match(r"^\s*REF\w{2,}", line, re.IGNORECASE):
            items = split_ref_items(_ref_block(lines, i))
            if len(items) == 1 and items[0][1].upper().rstrip(".") == "NONE":
                return ()
            return tuple(
                Reference(label, text, resolve_citation(text, citing_year)) for label, text in items
            )
    return ()


def parse_classified_by(lines: list[str]) -> tuple[str | None, str | None]:
    for i, line in enumerate(lines):
        if _CLASSIFIED_BY.match(line):
            joined = " ".join(part.strip() for part in _continuation(lines, i))
            text = _CLASSIFIED_BY.match(joined).group(1).strip()  # type: ignore[union-attr]
            reason = _REASON.search(text)
            if reason:
                return text[: reason.start()].strip(" ,;.") or None, reason.group(1).strip() or None
            return text or None, None
    return None, None


def parse_eo(lines: list[str]) -> str | None:
    for line in lines:
        m = _EO_LINE.search(line)
        if m:
            tags = _TAGS_INLINE_ANY_CASE.search(m.group(0))
            return (m.group(0)[: tags.start()] if tags else m.group(0)).strip()
    return None


def parse_routing(
    header: str,
) -> tuple[tuple[str, ...], str | None, tuple[str, ...], tuple[str, ...]]:
    """Routing lines, FM, TO and INFO from the first box, each recipient on its own."""
    routing: list[str] = []
    sender: str | None = None
    to: list[str] = []
    info: list[str] = []
    section = "routing"
    for raw in header.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("FM "):
            section, sender = "fm", line[3:].strip()
            continue
        if line.startswith("TO "):
            section, line = "to", line[3:].strip()
        elif line.startswith("INFO "):
            section, line = "info", line[5:].strip()
        elif line in ("BT", "NNNN") or line.startswith("ZEN"):
            section = "end"
            continue
        recipient = re.sub(r"^[A-Z]{4,8}/", "", line)
        if section == "routing":
            routing.append(line)
        elif section == "to":
            to.append(recipient)
        elif section == "info":
            info.append(recipient)
    return tuple(routing), sender, tuple(to), tuple(info)


def _marked_block(
    paragraphs: list[Paragraph], start: re.Pattern[str], end: re.Pattern[str]
) -> str | None:
    """The text of a SUMMARY or COMMENT, up to its END marker when it has one."""
    for n, para in enumerate(paragraphs):
        body = para.text
        if para.marking:
            body = body.split(para.marking, 1)[1]
        elif para.number:
            body = body.split(".", 1)[1]
        if not start.match(body):
            continue
        text = "".join(p.text for p in paragraphs[n:])
        stop = end.search(text)
        chosen = text[: stop.start()] if stop else para.text
        return " ".join(chosen.split()) or None
    return None


def split_paragraphs(body: str) -> tuple[Paragraph, ...]:
    """Cut the body where the site put its ¶ anchors; the pieces add up to the body."""
    # A pattern that starts with a literal newline lets the regex engine skip ahead
    # quickly; the first line is tried on its own.
    head = _PARAGRAPH_START.match(body)
    found = ([head] if head else []) + list(_LINE_PARAGRAPH.finditer(body))
    starts = [(m.start(1), m.group(2) or m.group(3), m.group(2) is not None) for m in found]
    paragraphs: list[Paragraph] = []
    if not starts or starts[0][0] > 0:
        first = starts[0][0] if starts else len(body)
        paragraphs.append(Paragraph(0, None, None, False, None, "preamble", body[:first]))
    for n, (begin, number, by_site) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(body)
        text = body[begin:end]
        after = text.lstrip(" \t")[len(number) + 1 :]
        mark = _MARKING.match(after)
        marking = " ".join(mark.group(1).split()) if mark else None
        rest = after[mark.end() :] if mark else after
        kind = (
            "summary"
            if _SUMMARY.match(rest)
            else "comment"
            if _COMMENT.match(rest)
            else "paragraph"
        )
        paragraphs.append(
            Paragraph(len(paragraphs), number, f"par{number}", by_site, marking, kind, text)
        )
    return tuple(paragraphs)


# A telegram page-break line: the station (cut to ten letters: `TEGUCIGALP`), the serial
# zero-padded to eight digits, the page (`002 OF 004`, `001.2 OF 003`). It is a line of its
# own, or stands after a SUBJECT or REF text where a newspaper joined the lines.
_PAGE_MARK = re.compile(r"\s0[0-9]{5,7}\s+[0-9]{3}(?:\.[0-9])?\s+OF\s+[0-9]{3}(?![0-9])")
_PAGE_BREAK = re.compile(
    r"(?:^|(?<=\s))((?:[A-Z][A-Z'.-]*\s+){1,4})0[0-9]{5,7}\s+[0-9]{3}(?:\.[0-9])?\s+OF\s+"
    r"[0-9]{3}(?![0-9])"
)


def drop_page_break(line: str, own_station: str | None = None) -> str:
    """A field line cut where a telegram page break (`DUBAI 00000049 001.2 OF 003`) starts.

    The station of a page break is the cable's own, so of the capitalised words before the
    serial we drop as many as spell (the start of) the station of the cable's ID, and one
    word when we do not know it. What follows a page break on the same line is the next
    page, not the field; a line that was only a page break becomes blank."""
    if " OF " not in line or not _PAGE_MARK.search(line):
        return line
    m = _PAGE_BREAK.search(line)
    if not m:
        return line
    words = m.group(1).split()
    keep = len(words) - 1
    if own_station:
        for k in range(len(words), 0, -1):
            joined = "".join(words[-k:])
            if len(joined) >= 3 and own_station.startswith(joined):
                keep = len(words) - k
                break
    return " ".join(part for part in (line[: m.start(1)].rstrip(), *words[:keep]) if part)


def _field_lines(text: str, own_station: str | None = None) -> list[str]:
    """Lines for reading fields from. One page ends every line with a literal `<br>`,
    and telegram page-break lines fall between a SUBJECT or REF and what follows: neither
    stays in the published body's fields (SUBJECT, TAGS, REF)."""
    if "<br>" in text:
        text = _LINE_BREAK_TAG.sub("", text)
    lines = text.split("\n")
    if " OF " in text:
        lines = [drop_page_break(line, own_station) for line in lines]
    return lines


def parse_text_fields(
    header: str,
    body: str,
    citing_year: int | None,
    site_tags: tuple[str, ...] = (),
    own_station: str | None = None,
) -> TextFields:
    """All header fields; TAGS/SUBJECT/REF may sit in either box depending on the build.
    `site_tags` are the tags a site page linked itself (see `parse_tags`); `own_station`
    is the station of the cable's own ID, which its page-break lines name."""
    paragraphs = split_paragraphs(body)
    # The fields sit before the first numbered paragraph; lettered REF items may come first.
    first_numbered = next((p.index for p in paragraphs if (p.number or "").isdigit()), None)
    preamble = "".join(p.text for p in paragraphs[:first_numbered])
    field_lines = _field_lines(header + "\n" + preamble, own_station)
    subject = parse_subject(field_lines)
    if not subject:
        field_lines = _field_lines(header + "\n" + body, own_station)
        subject = parse_subject(field_lines)
    routing, sender, to, info = parse_routing(header)
    classified_by, reason = parse_classified_by(field_lines)
    para_list = list(paragraphs)
    return TextFields(
        routing=routing,
        sender=sender,
        to=to,
        info=info,
        eo=parse_eo(field_lines),
        tags=parse_tags(field_lines, site_tags),
        subject=subject,
        references=parse_references(_field_lines(header + "\n" + body, own_station), citing_year),
        classified_by=classified_by,
        classified_reason=reason,
        paragraphs=paragraphs,
        summary=_marked_block(para_list, _SUMMARY, _END_SUMMARY),
        comment=_marked_block(para_list, _COMMENT, _END_COMMENT),
    )
