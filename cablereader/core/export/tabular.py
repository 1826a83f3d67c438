"""Results, a selection or a collection as CSV and JSON, for spreadsheets and scripts.

The same columns in both: reference ID, created, released, classification, origin,
subject, tags, URL, your star and your notes. CSV is RFC 4180 (quoted where needed,
CRLF between rows) with UTF-8 text; cable text is written exactly as it is, so a
subject beginning with "-" or "=" stays that way (a spreadsheet may need "import as text").
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from cablereader.core.export.records import ExportRecord, notes_text, paragraph_label

COLUMNS = (
    "reference_id",
    "created",
    "released",
    "classification",
    "origin",
    "subject",
    "tags",
    "url",
    "star",
    "notes",
)
EXPORT_FORMAT = "cablereader-export"
EXPORT_VERSION = 1


def _row(record: ExportRecord) -> dict[str, str]:
    cable = record.cable
    return {
        "reference_id": cable.reference_id,
        "created": cable.created,
        "released": cable.released or "",
        "classification": cable.classification,
        "origin": cable.origin,
        "subject": cable.subject,
        "tags": " ".join(cable.tags),
        "url": record.url,
        "star": record.star or "",
        "notes": notes_text(record),
    }


def to_csv(records: Sequence[ExportRecord]) -> str:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow(_row(record))
    return out.getvalue()


def _item(record: ExportRecord) -> dict[str, Any]:
    cable = record.cable
    return {
        "reference_id": cable.reference_id,
        "created": cable.created,
        "released": cable.released,
        "classification": cable.classification,
        "origin": cable.origin,
        "subject": cable.subject,
        "tags": list(cable.tags),
        "url": record.url,
        "star": record.star,
        "notes": [
            {
                "paragraph": n.anchor,
                "label": paragraph_label(n.anchor, cable.paragraphs),
                "text": n.text,
                "created": n.created,
                "edited": n.edited,
            }
            for n in record.notes
        ],
        "highlights": [
            {
                "paragraph": h.anchor,
                "start": h.start,
                "end": h.end,
                "quote": h.quote,
                "colour": h.colour,
                "note": h.note,
                "created": h.created,
            }
            for h in record.highlights
        ],
    }


def to_json(records: Sequence[ExportRecord], title: str = "") -> str:
    document = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "title": title,
        "cables": [_item(r) for r in records],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
