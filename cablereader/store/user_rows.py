"""A note's or a highlight's row, as either store reads it back, made into its item.

The column names are the same in the SQLite and the PostgreSQL user tables, so both
stores build their items here, and a new field is added in one place.
"""

from __future__ import annotations

from typing import Any

from cablereader.core.user_items import Highlight, Note


def note_of(row: dict[str, Any]) -> Note:
    return Note(
        row["uuid"],
        row["reference_id"],
        row["anchor"],
        row["text"],
        row["created"],
        row["edited"],
        row["author"],
    )


def highlight_of(row: dict[str, Any]) -> Highlight:
    return Highlight(
        row["uuid"],
        row["reference_id"],
        row["anchor"],
        int(row["start"]),
        int(row["end"]),
        row["quote"],
        row["colour"],
        row["note"],
        row["created"],
        row["edited"],
        row["author"],
    )
