"""One file, one cable: reading a site page or a text page into a version.

Kept apart from the pipeline because worker processes run it too (see parallel.py).
"""

from __future__ import annotations

from cablereader.core.formats.site_page import parse_site_page_and_build
from cablereader.core.formats.text_page import parse_text_page, text_build
from cablereader.core.model import ParsedVersion, Source, SourceFormat


def whole_file_version(path: str, fmt: SourceFormat, data: bytes) -> ParsedVersion:
    if fmt is SourceFormat.SITE_PAGE:
        cable, build = parse_site_page_and_build(data)
    else:
        cable = parse_text_page(data)
        build = text_build(cable.released, 5 if cable.released else 4)
    return ParsedVersion(cable, Source(path, fmt, build, data))
