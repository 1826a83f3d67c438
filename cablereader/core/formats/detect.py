"""Which format a file is in, from its first bytes rather than its name."""

from __future__ import annotations

import re

from cablereader.core.formats.csv_rows import looks_like_csv
from cablereader.core.formats.site_page import TABLE_MARK
from cablereader.core.formats.text_page import looks_like_text_page
from cablereader.core.model import SourceFormat

HEAD_BYTES = 65_536
_HTML = re.compile(rb"^\s*(?:\xef\xbb\xbf)?\s*(?:<\?xml|<!DOCTYPE\s+html|<html)", re.IGNORECASE)


def detect_format(head: bytes) -> SourceFormat | None:
    """The format of a file whose first HEAD_BYTES bytes are `head`, or None."""
    if looks_like_csv(head):
        return SourceFormat.CSV
    if _HTML.match(head) or TABLE_MARK.encode() in head:
        return SourceFormat.SITE_PAGE
    if b"\0" in head[:4096]:
        return None
    if looks_like_text_page(head.decode("utf-8", errors="replace")):
        return SourceFormat.TEXT_PAGE
    return None
