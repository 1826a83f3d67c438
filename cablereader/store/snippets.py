"""Snippets of the hits shown, cut by FTS5 itself from the few bodies they come from.

The store's full-text index keeps no copy of the text (schema v7, see schema.py), and
FTS5's snippet() needs the text. So the subjects and bodies of the hits on show (20 or
so) are put in a small FTS5 table in memory, made like the store's, and snippet() runs
there with the same match: FTS5 picks a snippet from the row's own phrase matches only,
so the text comes out as the store's own table gave it. A connection of its own, so that
no transaction of the store's connection is opened or ended by reading.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

_TABLE = (
    "CREATE VIRTUAL TABLE shown USING fts5("
    "subject, body, tokenize = 'unicode61 remove_diacritics 2')"
)


def snippets(texts: Iterable[tuple[int, str, str]], match: str) -> dict[int, str]:
    """For (cable id, subject, body) the snippet of the body around what `match` finds:
    words found in [brackets], cut with … to about 16 words."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(_TABLE)
        conn.executemany("INSERT INTO shown (rowid, subject, body) VALUES (?, ?, ?)", texts)
        rows = conn.execute(
            "SELECT rowid, snippet(shown, 1, '[', ']', '…', 16) FROM shown WHERE shown MATCH ?",
            [match],
        )
        return {int(rowid): str(text or "") for rowid, text in rows}
    finally:
        conn.close()
