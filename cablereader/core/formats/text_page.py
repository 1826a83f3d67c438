"""A cable page saved as text: the reference table as tab-separated lines, then the text.

Browsers and copy-paste tools flatten the page differently, so we anchor on the one
thing they all keep: the line `Reference ID<TAB>Created<TAB>...` and the values line
after it. The site's links survive as `[PREL](#)`-style markup, which we undo.
"""

from __future__ import annotations

import re

from cablereader.core.assemble import BoxValues, CableFormatError, assemble_cable
from cablereader.core.cable_text import PARTIAL_NOTE
from cablereader.core.decoding import decode_cable_bytes
from cablereader.core.model import Cable, SiteBuild
from cablereader.core.refid import normalise_reference_id
from cablereader.core.timestamps import parse_site_time

_TABLE_HEAD = re.compile(r"^Reference ID\t(?:Created|Date)\t", re.MULTILINE)
# The link text cannot contain `[` and the target is one run up to `)`, so each `[` starts
# at most one short scan: `[^\]\n]*` plus a `/tag/` split inside the target made a line of
# `[(` or `/tag/` repeats quadratic (15 s for 40 KB).
_LINK_MARKUP = re.compile(r"\[([^\[\]\n]*)\]\(([^()\s]*)\)")
_PARA_MARKUP = re.compile(r"\[¶\]\(#par[0-9A-Za-z]+\)|¶(?=[0-9A-Z]+\. )")
_URL = re.compile(r"<?(https?://[^\s>]+)>?")
ARTICLES_LINE = "Appears in these articles:"


def looks_like_text_page(head: str) -> bool:
    return _TABLE_HEAD.search(head) is not None


def text_build(released: str | None, columns: int) -> SiteBuild:
    """Which build the page was saved from, which decides whether its clock was wrong."""
    if columns == 4:
        return SiteBuild.NOV_2010
    if released and released >= "2011-08-30":
        return SiteBuild.AUG_2011
    return SiteBuild.DEC_2010


def _skip_newlines(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] == "\n":
        pos += 1
    return pos


def _read_articles(text: str, pos: int) -> tuple[list[str], int]:
    """The "Appears in these articles" URLs from `pos` on, and where the text goes on.

    Works with offsets, not by re-slicing the rest of the text for every URL, which made
    a text with many thousands of URL lines quadratic.
    """
    start = _skip_newlines(text, pos)
    if not text.startswith(ARTICLES_LINE, start):
        return [], pos
    pos = start + len(ARTICLES_LINE)
    articles: list[str] = []
    while True:
        line_start = _skip_newlines(text, pos)
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        url = _URL.fullmatch(text[line_start:line_end].strip())
        if not url:
            return articles, pos
        articles.append(url.group(1))
        pos = line_end


def _site_link_text(match: re.Match[str]) -> str:
    """The text of a link the site itself made (an anchor or a tag page); others stay."""
    target = match.group(2)
    return match.group(1) if target.startswith("#") or "/tag/" in target else match.group(0)


def _split_header(text: str) -> tuple[str, str]:
    """Routing lines (up to the end of TO/INFO) are the header box; the rest is body."""
    lines = text.split("\n")
    fm = next((i for i, line in enumerate(lines[:60]) if line.startswith("FM ")), None)
    if fm is None:
        return "", text
    end = fm + 1
    while end < len(lines) and lines[end].strip():
        end += 1
    header = "\n".join(lines[:end]).strip("\n")
    return header, "\n".join(lines[end:]).lstrip("\n")


def parse_text_page(data: bytes) -> Cable:
    text, warnings = decode_cable_bytes(data)
    text = text.replace("\r\n", "\n")
    head = _TABLE_HEAD.search(text)
    if head is None:
        raise CableFormatError("no reference table line (Reference ID, Created, ...) found")
    line_end = text.find("\n", head.start())
    if line_end < 0:
        raise CableFormatError("reference table line is the last line (no values after it)")
    columns = text[head.start() : line_end].split("\t")
    values_end = text.find("\n", line_end + 1)
    values_end = len(text) if values_end < 0 else values_end
    values = text[line_end + 1 : values_end].split("\t")
    if len(values) < len(columns):
        raise CableFormatError("reference table has fewer values than columns")
    box_values = dict(zip((c.strip() for c in columns), (v.strip() for v in values), strict=False))
    reference_id = normalise_reference_id(box_values.get("Reference ID", ""))
    if reference_id is None:
        raise CableFormatError("no valid reference ID in the reference table")
    created = parse_site_time(box_values.get("Created") or box_values.get("Date") or "")
    if created is None:
        raise CableFormatError("creation date missing or unreadable")
    released_text = box_values.get("Released")
    released = parse_site_time(released_text) if released_text else None
    build = text_build(released.iso() if released else None, len(columns))
    articles, after = _read_articles(text, values_end + 1)
    rest = text[after:].lstrip("\n")
    partial = rest.startswith(PARTIAL_NOTE)
    if partial:
        rest = rest[len(PARTIAL_NOTE) :].lstrip("\n")
    rest = _PARA_MARKUP.sub("", _LINK_MARKUP.sub(_site_link_text, rest)).rstrip("\n") + "\n"
    header, body = ("", rest) if partial else _split_header(rest)
    box = BoxValues(
        reference_id=reference_id,
        created=created,
        released=released,
        classification=box_values.get("Classification", "").upper(),
        origin=box_values.get("Origin", ""),
        buggy_clock=build is not SiteBuild.AUG_2011,
    )
    return assemble_cable(box, header, body, partial, tuple(articles), warnings)
