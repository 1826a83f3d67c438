"""Merging a notes backup into the PostgreSQL store's user tables, as store/user_merge.py
does on SQLite: by uuid (an item already here is replaced only by a copy edited later),
collections and saved searches also by name; stars, reads and history go to the person
importing, items keep their authors (those of an old file, none: the person's).
Runs inside the caller's write transaction."""

from __future__ import annotations

import json

import psycopg

from cablereader.core.user_items import Highlight, Note, UserData
from cablereader.store.postgres.user_words import note_tsvector
from cablereader.store.user_data_api import MergeReport

_NOTE_COLUMNS = "uuid, reference_id, anchor, text, created, edited, author, words"
_HIGHLIGHT_COLUMNS = (
    'uuid, reference_id, anchor, start, "end", quote, colour, note, created, edited, author,'
    " words"
)


def note_values(note: Note) -> list[object]:
    return [
        note.uuid,
        note.reference_id,
        note.anchor,
        note.text,
        note.created,
        note.edited,
        note.author,
    ]


def highlight_values(item: Highlight) -> list[object]:
    return [
        item.uuid,
        item.reference_id,
        item.anchor,
        item.start,
        item.end,
        item.quote,
        item.colour,
        item.note,
        item.created,
        item.edited,
        item.author,
    ]


def _merge_edited(
    conn: psycopg.Connection,
    table: str,
    columns: str,
    rows: list[tuple[str, str, list[object]]],
    counts: dict[str, int],
) -> None:
    """rows: (uuid, edited, values with the tsvector text last)."""
    names = [c.strip() for c in columns.split(",")]
    marks = ", ".join(["%s"] * (len(names) - 1) + ["%s::tsvector"])
    for uuid, edited, values in rows:
        found = conn.execute(f"SELECT edited FROM {table} WHERE uuid = %s", [uuid]).fetchone()
        if found is None:
            conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)
            counts["added"] += 1
        elif edited > found[0]:
            sets = ", ".join(
                f"{n} = %s::tsvector" if n == "words" else f"{n} = %s" for n in names[1:]
            )
            conn.execute(f"UPDATE {table} SET {sets} WHERE uuid = %s", [*values[1:], uuid])
            counts["updated"] += 1


def merge_into(conn: psycopg.Connection, data: UserData, person: str) -> MergeReport:
    report: MergeReport = {}

    def counts(name: str) -> dict[str, int]:
        return report.setdefault(name, {"added": 0, "updated": 0})

    stars = counts("stars")
    for star in data.stars:
        found = conn.execute(
            "SELECT starred_at FROM user_stars WHERE person = %s AND reference_id = %s",
            [person, star.reference_id],
        ).fetchone()
        if found is None or star.starred_at > found[0]:
            conn.execute(
                "INSERT INTO user_stars (person, reference_id, colour, starred_at)"
                " VALUES (%s, %s, %s, %s) ON CONFLICT (person, reference_id)"
                " DO UPDATE SET colour = excluded.colour, starred_at = excluded.starred_at",
                [person, star.reference_id, star.colour, star.starred_at],
            )
            stars["added" if found is None else "updated"] += 1
    read = counts("read")
    for reference_id, read_at in data.read:
        cursor = conn.execute(
            "INSERT INTO user_read (person, reference_id, read_at) VALUES (%s, %s, %s)"
            " ON CONFLICT DO NOTHING",
            [person, reference_id, read_at],
        )
        read["added"] += cursor.rowcount
    _merge_edited(
        conn,
        "user_notes",
        _NOTE_COLUMNS,
        [
            (n.uuid, n.edited, [*note_values(n)[:-1], n.author or person, note_tsvector(n.text)])
            for n in data.notes
        ],
        counts("notes"),
    )
    _merge_edited(
        conn,
        "user_highlights",
        _HIGHLIGHT_COLUMNS,
        [
            (
                h.uuid,
                h.edited,
                [*highlight_values(h)[:-1], h.author or person, note_tsvector(h.note)],
            )
            for h in data.highlights
        ],
        counts("highlights"),
    )
    collections = counts("collections")
    items = counts("collection items")
    for collection in data.collections:
        found = conn.execute(
            "SELECT uuid FROM user_collections WHERE uuid = %s OR name = %s"
            " ORDER BY uuid = %s DESC",
            [collection.uuid, collection.name, collection.uuid],
        ).fetchone()
        if found is None:
            conn.execute(
                "INSERT INTO user_collections (uuid, name, position, created, author)"
                " SELECT %s, %s, coalesce(max(position), -1) + 1, %s, %s FROM user_collections",
                [collection.uuid, collection.name, collection.created, collection.author or person],
            )
            target = collection.uuid
            collections["added"] += 1
        else:
            target = str(found[0])
        last = conn.execute(
            "SELECT coalesce(max(position), -1) FROM user_collection_items WHERE collection = %s",
            [target],
        ).fetchone()
        start = int(last[0]) + 1 if last else 0
        added_here = 0
        for item in sorted(collection.items, key=lambda i: i.position):
            cursor = conn.execute(
                "INSERT INTO user_collection_items (collection, reference_id, position, added)"
                " VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
                [target, item.reference_id, start + added_here, item.added],
            )
            added_here += cursor.rowcount
        items["added"] += added_here
    searches = counts("saved searches")
    for search in data.saved_searches:
        cursor = conn.execute(
            "INSERT INTO user_saved_searches (uuid, name, query, selections, created, author)"
            " SELECT %s, %s, %s, %s, %s, %s WHERE NOT EXISTS"
            " (SELECT 1 FROM user_saved_searches WHERE uuid = %s OR name = %s)",
            [
                search.uuid,
                search.name,
                search.query,
                json.dumps([[f, list(v)] for f, v in search.selections]),
                search.created,
                search.author or person,
                search.uuid,
                search.name,
            ],
        )
        searches["added"] += cursor.rowcount
    history = counts("history")
    for entry in data.history:
        cursor = conn.execute(
            "INSERT INTO user_history (uuid, person, kind, value, at)"
            " VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
            [entry.uuid, person, entry.kind, entry.value, entry.at],
        )
        history["added"] += cursor.rowcount
    return report
