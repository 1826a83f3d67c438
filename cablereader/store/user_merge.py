"""Merging a notes backup into the user tables without duplicating anything.

Items are matched by uuid: one already here is replaced only by a copy edited later.
Collections and saved searches are also matched by name, since a reader who made
"Peru" on two machines means one collection. Stars and reads are keyed by reference ID
and go, with the history, to the person importing ("import my notes"); notes,
highlights, collections and saved searches keep their authors, and those of a file from
before people (no author) become the importing person's. Runs inside the caller's
write transaction.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import sqlite_utils

from cablereader.core.user_items import Highlight, Note, UserData
from cablereader.store.user_data_api import MergeReport


def note_row(note: Note) -> dict[str, Any]:
    return {
        "uuid": note.uuid,
        "reference_id": note.reference_id,
        "anchor": note.anchor,
        "text": note.text,
        "created": note.created,
        "edited": note.edited,
        "author": note.author,
    }


def highlight_row(item: Highlight) -> dict[str, Any]:
    return {
        "uuid": item.uuid,
        "reference_id": item.reference_id,
        "anchor": item.anchor,
        "start": item.start,
        "end": item.end,
        "quote": item.quote,
        "colour": item.colour,
        "note": item.note,
        "created": item.created,
        "edited": item.edited,
        "author": item.author,
    }


def _merge_edited(
    db: sqlite_utils.Database, table: str, rows: list[dict[str, Any]], counts: dict[str, int]
) -> None:
    for row in rows:
        found = db.execute(f"SELECT edited FROM {table} WHERE uuid = ?", [row["uuid"]]).fetchone()
        if found is None:
            db.table(table).insert(row)
            counts["added"] += 1
        elif row["edited"] > found[0]:
            db.table(table).update(row["uuid"], row)
            counts["updated"] += 1


def merge_into(db: sqlite_utils.Database, data: UserData, person: str) -> MergeReport:
    report: MergeReport = {}

    def counts(name: str) -> dict[str, int]:
        return report.setdefault(name, {"added": 0, "updated": 0})

    stars = counts("stars")
    for star in data.stars:
        found = db.execute(
            "SELECT starred_at FROM user_stars WHERE person = ? AND reference_id = ?",
            [person, star.reference_id],
        ).fetchone()
        if found is None or star.starred_at > found[0]:
            db.table("user_stars").upsert(
                {
                    "person": person,
                    "reference_id": star.reference_id,
                    "colour": star.colour,
                    "starred_at": star.starred_at,
                },
                pk=("person", "reference_id"),
            )
            stars["added" if found is None else "updated"] += 1
    read = counts("read")
    for reference_id, read_at in data.read:
        cursor = db.execute(
            "INSERT OR IGNORE INTO user_read (person, reference_id, read_at) VALUES (?, ?, ?)",
            [person, reference_id, read_at],
        )
        read["added"] += cursor.rowcount
    notes = [note_row(replace(n, author=n.author or person)) for n in data.notes]
    _merge_edited(db, "user_notes", notes, counts("notes"))
    marks = [highlight_row(replace(h, author=h.author or person)) for h in data.highlights]
    _merge_edited(db, "user_highlights", marks, counts("highlights"))
    collections = counts("collections")
    items = counts("collection items")
    for collection in data.collections:
        found = db.execute(
            "SELECT uuid FROM user_collections WHERE uuid = ? OR name = ? ORDER BY uuid = ? DESC",
            [collection.uuid, collection.name, collection.uuid],
        ).fetchone()
        if found is None:
            last = db.execute(
                "SELECT coalesce(max(position), -1) FROM user_collections"
            ).fetchone()[0]
            db.table("user_collections").insert(
                {
                    "uuid": collection.uuid,
                    "name": collection.name,
                    "position": int(last) + 1,
                    "created": collection.created,
                    "author": collection.author or person,
                }
            )
            target = collection.uuid
            collections["added"] += 1
        else:
            target = found[0]
        last_item = db.execute(
            "SELECT coalesce(max(position), -1) FROM user_collection_items WHERE collection = ?",
            [target],
        ).fetchone()[0]
        added_here = 0
        for item in sorted(collection.items, key=lambda i: i.position):
            cursor = db.execute(
                "INSERT OR IGNORE INTO user_collection_items"
                " (collection, reference_id, position, added) VALUES (?, ?, ?, ?)",
                [target, item.reference_id, int(last_item) + 1 + added_here, item.added],
            )
            added_here += cursor.rowcount
        items["added"] += added_here
    searches = counts("saved searches")
    for search in data.saved_searches:
        found = db.execute(
            "SELECT 1 FROM user_saved_searches WHERE uuid = ? OR name = ?",
            [search.uuid, search.name],
        ).fetchone()
        if found is None:
            db.table("user_saved_searches").insert(
                {
                    "uuid": search.uuid,
                    "name": search.name,
                    "query": search.query,
                    "selections": json.dumps([[f, list(v)] for f, v in search.selections]),
                    "created": search.created,
                    "author": search.author or person,
                }
            )
            searches["added"] += 1
    history = counts("history")
    for entry in data.history:
        cursor = db.execute(
            "INSERT OR IGNORE INTO user_history (uuid, kind, value, at, person)"
            " VALUES (?, ?, ?, ?, ?)",
            [entry.uuid, entry.kind, entry.value, entry.at, person],
        )
        history["added"] += cursor.rowcount
    return report
