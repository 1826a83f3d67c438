"""A database export row that some early-2011 pages hold in their text box.

Instead of the telegram, such a page shows one row of the site's database export:
`2007-09-11 09:44:00<TAB>07BERN881<TAB>Embassy Bern<TAB>SECRET<TAB>07STATE124823<TAB>`
then the header and the body, written MySQL-OUTFILE style: fields split by tabs, a
backslash before every newline (and tab or backslash) that belongs to a field. The row is
the cable, so we read the cable out of it; its creation time has seconds and no clock bug.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cablereader.core.timestamps import Stamp

_ROW_START = re.compile(
    r"^\s*([0-9]{4})-([0-9]{2})-([0-9]{2}) ([0-9]{2}):([0-9]{2}):([0-9]{2})\t"
    r"([0-9]{2}[A-Z0-9]{2,60})\t"
)
FIELDS = 7  # created, reference ID, origin, classification, references, header, body


@dataclass(frozen=True, slots=True)
class ExportRow:
    created: Stamp
    reference_id: str
    origin: str
    classification: str
    references: tuple[str, ...]
    header: str
    body: str


def looks_like_export_row(text: str) -> bool:
    return _ROW_START.match(text) is not None


def split_fields(text: str) -> list[str]:
    """The row's fields: tabs not escaped split them; a backslash keeps the next character
    (the newline, tab or backslash it escapes) as text; an unescaped newline ends the row."""
    fields: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            current.append(text[i + 1 : i + 2])  # a dangling last backslash is dropped
            i += 2
            continue
        if char == "\t" and len(fields) < FIELDS - 1:
            fields.append("".join(current))
            current = []
        elif char == "\n" and len(fields) == FIELDS - 1:
            break  # the row ends; what follows is not part of the cable
        else:
            current.append(char)
        i += 1
    fields.append("".join(current))
    return fields


def parse_export_row(text: str) -> ExportRow | None:
    """The cable in a box that holds an export row, or None when the box is not one."""
    m = _ROW_START.match(text)
    if not m:
        return None
    fields = split_fields(text[len(text) - len(text.lstrip()) :])
    if len(fields) < FIELDS - 1:
        return None
    if len(fields) == FIELDS - 1:
        fields.insert(FIELDS - 2, "")  # no tab between header and body: all of it is body
    year, month, day, hour, minute, _ = (int(g) for g in m.groups()[:6])
    _, reference_id, origin, classification, references, header, body = fields[:FIELDS]
    return ExportRow(
        created=Stamp(year, month, day, hour, minute),
        reference_id=reference_id.strip(),
        origin=origin.strip(),
        classification=classification.strip().upper(),
        references=tuple(r.strip() for r in references.split("|") if r.strip()),
        header=header.rstrip("\n"),
        body=body,
    )
