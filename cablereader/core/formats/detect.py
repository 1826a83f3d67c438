"""Which format a file is in, from its first bytes rather than its name."""

from __future__ import annotations

import re

from cablereader.core.decoding import UTF16_BOMS, sniff_text
from cablereader.core.formats.csv_rows import looks_like_csv
from cablereader.core.formats.site_page import TABLE_MARK
from cablereader.core.formats.text_page import looks_like_text_page
from cablereader.core.model import SourceFormat

HEAD_BYTES = 65_536
# The BOM is not whitespace, so each blank belongs to exactly one `\s*`: with the BOM
# optional between two `\s*`, 64 KB of blanks took seconds of backtracking per file.
_HTML = re.compile(rb"^\s*(?:\xef\xbb\xbf\s*)?(?:<\?xml|<!DOCTYPE\s+html|<html)", re.IGNORECASE)


def detect_format(head: bytes) -> SourceFormat | None:
    """The format of a file whose first HEAD_BYTES bytes are `head`, or None."""
    if head.startswith(UTF16_BOMS):
        # A page or text page saved as UTF-16 is read whole and decoded; a UTF-16 CSV is
        # not (rows are cut on byte values), so it is not recognised.
        found = detect_format(sniff_text(head).encode("utf-8"))
        return None if found is SourceFormat.CSV else found
    if looks_like_csv(head):
        return SourceFormat.CSV
    if _HTML.match(head) or TABLE_MARK.encode() in head:
        return SourceFormat.SITE_PAGE
    if b"\0" in head[:4096]:
        return None
    if looks_like_text_page(sniff_text(head)):
        return SourceFormat.TEXT_PAGE
    return None
