"""Cablegate site pages, all three builds, read by string search rather than a DOM.

The pages are not well-formed (raw `&` and `<` in the text) and the final build is about
190 KB of sidebar around a few KB of cable, so we find the cable table and the two `<pre>`
blocks with `str.find` and touch nothing else. The text is literal: only the `&#x000A;`
line breaks and the site's own ¶ anchors and TAGS links are undone.
"""

from __future__ import annotations

import re
from dataclasses import replace

from cablereader.core.assemble import BoxValues, CableFormatError, assemble_cable
from cablereader.core.cable_text import split_partial_note
from cablereader.core.decoding import decode_cable_bytes, sniff_text
from cablereader.core.formats.export_row import parse_export_row
from cablereader.core.model import Cable, SiteBuild
from cablereader.core.refid import normalise_reference_id
from cablereader.core.timestamps import parse_site_time

TABLE_MARK = "<table class='cable'>"
_PAR_ANCHOR = re.compile(r"<a id='par[0-9A-Za-z]+' href='#par[0-9A-Za-z]+'>¶</a>")
# Every pattern below stops at the next `<` (or quote) so that no match can run across
# another tag: that keeps each search linear on junk such as thousands of `<a ` or `/tag/`,
# where `[^>]*` or `.*?</td>` restarted from every position and took quadratic time.
_LINK = re.compile(r"<a href='([^'<>]*)'>([^<]*)</a>")
_HEADING = re.compile(r"<th>([^<]*)</th>")
_LINK_TEXT = re.compile(r"<a\b[^<>]*>([^<]*)</a>")
_TAG = re.compile(r"<[^<>]+>")
_BR_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ARTICLE = re.compile(r"<a href='([^']*)'>")
_RELEASED_CELL = re.compile(r"<a href='/reldate/[^'<>]*'>([0-9]{4}-[0-9]{2})")


def clean_block(block: str) -> str:
    """The text of a `<pre>` box as published: line breaks restored, site links removed.

    A literal `<br>` in a box is a line break: the site's browser showed it as one, not as
    the text "<br>", so it is read (and searched) as a newline; the raw page keeps it."""
    text = block.replace("&#x000A;", "\n")
    if "<" in text:
        text = _BR_TAG.sub("\n", text)
    text = _PAR_ANCHOR.sub("", text)
    return _LINK.sub(lambda m: m.group(2) if "/tag/" in m.group(1) else m.group(0), text)


def site_tag_links(block: str) -> tuple[str, ...]:
    """The tags the site linked on the first line of a box where it linked any: what it
    read as the cable's TAGS (a later TAGS line is a quoted cable's)."""
    if "/tag/" not in block:
        return ()
    for line in block.split("&#x000A;"):
        found = [m.group(2).strip() for m in _LINK.finditer(line) if "/tag/" in m.group(1)]
        if any(found):
            return tuple(dict.fromkeys(tag for tag in found if tag))
    return ()


def _cell_text(cell: str) -> str:
    link = _LINK_TEXT.search(cell)
    return (link.group(1) if link else _TAG.sub("", cell)).strip()


def _cells(table: str) -> list[str]:
    """The contents of the table's `<td>` cells, found with `str.find` so that an unclosed
    cell costs one scan rather than one per following `<td>`."""
    cells: list[str] = []
    pos = table.find("<td")
    while pos >= 0:
        open_end = table.find(">", pos)
        close = table.find("</td>", open_end)
        if open_end < 0 or close < 0:
            break
        cells.append(table[open_end + 1 : close])
        pos = table.find("<td", close)
    return cells


# The sidebar of the builds that load cables.js: how many cables were out, and the months
# of the releases so far. The Aug 2011 build says 251287 / 251,287 and lists 2011/08.
_RELEASED_SO_FAR = re.compile(r"Currently released so far\.\.\.\s*([0-9][0-9,]*)\s*/\s*251,?287")
_RELEASE_MONTH = re.compile(r"id='rdate_([0-9]{6})'")
FULL_RELEASE = 251_287
FINAL_BUILD_MONTH = "201108"
# An Aug 2011 page is ~190 KB, nearly all of it the sidebar of 251,287 cables; the builds
# of early 2011 had released a few thousand and their pages are a fraction of that.
FINAL_BUILD_MIN_SIZE = 150_000

BUILD_LABELS = {
    SiteBuild.NOV_2010: "Cablegate site, Nov 2010",
    SiteBuild.DEC_2010: "Cablegate site, Dec 2010",
    SiteBuild.EARLY_2011: "Cablegate site, early 2011",
    SiteBuild.AUG_2011: "Cablegate site, Aug 2011",
}


def detect_build(page: str, columns: int, released: str | None = None) -> SiteBuild:
    """The site build a page was saved from.

    Pages saved between January and March 2011 already load `static/js/cables.js`, like
    the final build, but they still have the old clock, so the script alone does not
    tell: the sidebar's release count and release months do, and where a page has no
    sidebar (a tail read, a page saved without it) its size and release date.
    """
    if columns == 4:
        return SiteBuild.NOV_2010
    if "static/js/cables.js" not in page:
        return SiteBuild.DEC_2010
    so_far = _RELEASED_SO_FAR.search(page)
    if so_far:
        count = int(so_far.group(1).replace(",", ""))
        return SiteBuild.AUG_2011 if count >= FULL_RELEASE else SiteBuild.EARLY_2011
    months = _RELEASE_MONTH.findall(page)
    if months:
        return SiteBuild.AUG_2011 if max(months) >= FINAL_BUILD_MONTH else SiteBuild.EARLY_2011
    # Size says something only about a whole page: a tail read (the scan's look at a big
    # page) has neither its sidebar nor its start.
    whole_page = "<html" in page[:4096].lower()
    early_release = released is not None and released[:7].replace("-", "") < FINAL_BUILD_MONTH
    if whole_page and early_release and len(page) < FINAL_BUILD_MIN_SIZE:
        return SiteBuild.EARLY_2011
    return SiteBuild.AUG_2011


def split_page(page: str) -> tuple[str, list[str], str]:
    """The cable table and the raw contents of the `<pre>` blocks that follow it."""
    start = page.find(TABLE_MARK)
    if start < 0:
        raise CableFormatError("no cable table found (not a Cablegate cable page)")
    end = page.find("</table>", start)
    if end < 0:
        raise CableFormatError("page is cut off inside the cable table")
    table = page[start:end]
    blocks: list[str] = []
    pos = end
    while len(blocks) < 2:
        open_at = page.find("<pre>", pos)
        if open_at < 0:
            break
        close_at = page.find("</pre>", open_at)
        if close_at < 0:
            raise CableFormatError("page is cut off inside the cable text")
        blocks.append(page[open_at + 5 : close_at])
        pos = close_at + 6
    if not blocks:
        raise CableFormatError("page has a cable table but no cable text")
    if len(blocks) == 1 and "</html>" not in page[pos:].lower():
        # Every published page has two boxes and ends in </html>: one box and no end means
        # the download stopped between them, and the header would pass for the body.
        raise CableFormatError("page is cut off after the first cable text box")
    return table, blocks, page[:start]


def parse_site_page(data: bytes) -> Cable:
    return parse_site_page_and_build(data)[0]


def parse_site_page_and_build(data: bytes) -> tuple[Cable, SiteBuild]:
    """The cable and the site build it came from, from one decoding of the page."""
    page, warnings = decode_cable_bytes(data)
    table, blocks, _ = split_page(page)
    headings = _HEADING.findall(table)
    cells = [_cell_text(c) for c in _cells(table)]
    columns = len(headings)
    if columns not in (4, 5) or len(cells) < columns or headings[0] != "Reference ID":
        raise CableFormatError(f"unexpected cable table ({columns} columns)")
    values = dict(zip(headings, cells, strict=False))
    build = detect_build(page, columns, values.get("Released"))
    reference_id = normalise_reference_id(values["Reference ID"])
    if reference_id is None:
        raise CableFormatError(f"not a reference ID: {values['Reference ID'][:40]!r}")
    created = parse_site_time(values.get("Created") or values.get("Date") or "")
    if created is None:
        raise CableFormatError("creation date missing or unreadable")
    released = parse_site_time(values["Released"]) if "Released" in values else None
    box = BoxValues(
        reference_id=reference_id,
        created=created,
        released=released,
        classification=values.get("Classification", "").upper(),
        origin=values.get("Origin", ""),
        buggy_clock=build is not SiteBuild.AUG_2011,
    )
    articles: tuple[str, ...] = ()
    marker = table.find("Appears in these articles")
    if marker >= 0:
        articles = tuple(_ARTICLE.findall(table[marker:]))
    texts = [clean_block(b) for b in blocks]
    partial, first = split_partial_note(texts[0])
    header, body = ("", first) if len(texts) == 1 else (first, texts[1])
    row = next(filter(None, (parse_export_row(t) for t in (body, header))), None)
    if row is not None:
        # The box holds a database export row, not the telegram: the cable is the row's,
        # and the row's creation time (with seconds, no clock bug) is exact.
        header, body = row.header, row.body
        box = replace(box, created=row.created, created_exact=True)
        if row.reference_id != reference_id:
            warnings = (*warnings, f"the export row on the page is for {row.reference_id}")
    site_tags = next(filter(None, (site_tag_links(b) for b in blocks)), ())
    cable = assemble_cable(box, header, body, partial, articles, warnings, site_tags)
    return cable, build


def page_build(data: bytes) -> SiteBuild:
    """The build of a page, cheaply, for the import scan."""
    text = sniff_text(data)
    start = text.find(TABLE_MARK)
    if start < 0:
        return SiteBuild.UNKNOWN
    columns = text.count("<th>", start, text.find("</tr>", start))
    released = _RELEASED_CELL.search(text, start)
    return detect_build(text, columns, released.group(1) if released else None)
