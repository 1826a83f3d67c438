"""Citations for reference managers: CSL-JSON, BibTeX and RIS.

A cable is mapped as Zotero's own "WikiLeaks PlusD" translator maps one, so that an
export and a capture from the site land in a library the same way:

- item type report (CSL `report`, BibTeX `@techreport`, RIS `TY  - RPRT`);
- number = the reference ID;
- author = the origin as an institution ("US Embassy Lima", see authors.py);
- genre / report type = "Diplomatic cable" plus the classification;
- date = the creation date;
- publisher and archive = WikiLeaks;
- URL in the reader's chosen link style.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from cablereader.core.export.authors import institution_author
from cablereader.core.export.records import ExportRecord

PUBLISHER = "WikiLeaks"
_BIBTEX_MONTHS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)


def genre(classification: str) -> str:
    """The report type: "Diplomatic cable, CONFIDENTIAL", or "Diplomatic cable" alone."""
    marking = " ".join(classification.split())
    return f"Diplomatic cable, {marking}" if marking else "Diplomatic cable"


def _date_parts(created: str) -> tuple[int, int, int] | None:
    match = _DATE.match(created or "")
    return (int(match[1]), int(match[2]), int(match[3])) if match else None


def _title(record: ExportRecord) -> str:
    return " ".join(record.cable.subject.split()) or record.reference_id


def _csl_item(record: ExportRecord) -> dict[str, Any]:
    cable = record.cable
    item: dict[str, Any] = {
        "id": cable.reference_id,
        "type": "report",
        "title": _title(record),
        "author": [{"literal": institution_author(cable.origin)}],
        "number": cable.reference_id,
        "genre": genre(cable.classification),
        "publisher": PUBLISHER,
        "archive": PUBLISHER,
        "URL": record.url,
    }
    parts = _date_parts(cable.created)
    if parts:
        item["issued"] = {"date-parts": [list(parts)]}
    if cable.tags:
        item["keyword"] = ", ".join(cable.tags)
    return item


def to_csl_json(records: Sequence[ExportRecord]) -> str:
    return json.dumps([_csl_item(r) for r in records], ensure_ascii=False, indent=2) + "\n"


_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}


def bibtex_escape(text: str) -> str:
    """Cable text as BibTeX text: specials escaped, so braces always balance."""
    return "".join(_BIBTEX_ESCAPES.get(ch, ch) for ch in " ".join(text.split()))


def _bibtex_key(reference_id: str, seen: set[str]) -> str:
    key = re.sub(r"[^A-Za-z0-9]", "", reference_id) or "cable"
    unique, n = key, 1
    while unique in seen:
        n += 1
        unique = f"{key}-{n}"
    seen.add(unique)
    return unique


def _bibtex_entry(record: ExportRecord, key: str) -> str:
    cable = record.cable
    author = bibtex_escape(institution_author(cable.origin))
    fields: list[tuple[str, str]] = [
        # Doubled braces: one institution, never split into first and last names; the
        # title keeps its capitals.
        ("title", "{" + bibtex_escape(_title(record)) + "}"),
        ("author", "{" + author + "}"),
        ("institution", "{" + author + "}"),
        ("type", bibtex_escape(genre(cable.classification))),
        ("number", bibtex_escape(cable.reference_id)),
    ]
    parts = _date_parts(cable.created)
    if parts:
        fields += [
            ("year", str(parts[0])),
            ("month", _BIBTEX_MONTHS[parts[1] - 1] if 1 <= parts[1] <= 12 else ""),
            ("date", f"{parts[0]:04d}-{parts[1]:02d}-{parts[2]:02d}"),
        ]
    fields += [
        ("publisher", PUBLISHER),
        ("url", record.url.replace("{", "%7B").replace("}", "%7D")),
    ]
    if cable.tags:
        fields.append(("keywords", bibtex_escape(", ".join(cable.tags))))
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
        for name, value in fields
        if value
    )
    return f"@techreport{{{key},\n{body}\n}}\n"


def to_bibtex(records: Sequence[ExportRecord]) -> str:
    seen: set[str] = set()
    return "\n".join(_bibtex_entry(r, _bibtex_key(r.reference_id, seen)) for r in records)


def _ris_value(text: str) -> str:
    """One RIS line holds one value: line breaks would start bogus tags."""
    return " ".join(text.split())


def _ris_entry(record: ExportRecord) -> list[str]:
    cable = record.cable
    lines = [
        ("TY", "RPRT"),
        ("TI", _title(record)),
        ("AU", institution_author(cable.origin)),
        ("M3", genre(cable.classification)),
        ("SN", cable.reference_id),
    ]
    parts = _date_parts(cable.created)
    if parts:
        lines += [
            ("PY", f"{parts[0]:04d}"),
            ("DA", f"{parts[0]:04d}/{parts[1]:02d}/{parts[2]:02d}/"),
        ]
    lines += [("PB", PUBLISHER), ("DP", PUBLISHER), ("UR", record.url)]
    lines += [("KW", tag) for tag in cable.tags]
    lines.append(("ER", ""))
    # "ER  - " keeps its space: the tag format is always two letters, two spaces, "- ".
    return [f"{tag}  - {_ris_value(value)}" for tag, value in lines]


def to_ris(records: Sequence[ExportRecord]) -> str:
    """RIS with CRLF line ends, as the format's specification writes them."""
    lines: list[str] = []
    for record in records:
        lines += [*_ris_entry(record), ""]
    return "\r\n".join(lines)
