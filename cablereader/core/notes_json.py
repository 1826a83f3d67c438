"""The notes backup: all of the reader's own data as one versioned JSON document.

One file holds stars, reads, notes, highlights, collections, saved searches and history,
to back them up or carry them to another store. Every item that could be made twice has
a uuid, so importing a file into a store that already has some of it merges instead of
duplicating. Reading is strict: a file that is not ours, or is from a newer format,
is refused with a message rather than half-imported.

Version 2 (issue 19) adds people: "person" says whose stars, reads and history these
are, and each note, highlight, collection and saved search has its "author". Version 1
files (no authors) are still read: their items have author "" and become the importing
person's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from cablereader.core.user_items import (
    HIGHLIGHT_COLOURS,
    STAR_COLOURS,
    Collection,
    CollectionItem,
    Highlight,
    HistoryEntry,
    Note,
    SavedSearch,
    Star,
    UserData,
    now_utc,
)

FORMAT = "cablereader-notes"
_ANCHOR_RE = re.compile(r"par(?:[0-9]{1,6}|[A-Z])")
VERSION = 2


class NotesFormatError(ValueError):
    """The file is not a notes backup we can read; the message says why."""


def to_document(data: UserData, app_version: str = "") -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported": now_utc(),
        "app": f"cablereader {app_version}".strip(),
        "person": data.person,
        "stars": [
            {"reference_id": s.reference_id, "colour": s.colour, "starred_at": s.starred_at}
            for s in data.stars
        ],
        "read": [{"reference_id": r, "read_at": at} for r, at in data.read],
        "notes": [
            {
                "uuid": n.uuid,
                "reference_id": n.reference_id,
                "anchor": n.anchor,
                "text": n.text,
                "created": n.created,
                "edited": n.edited,
                "author": n.author,
            }
            for n in data.notes
        ],
        "highlights": [
            {
                "uuid": h.uuid,
                "reference_id": h.reference_id,
                "anchor": h.anchor,
                "start": h.start,
                "end": h.end,
                "quote": h.quote,
                "colour": h.colour,
                "note": h.note,
                "created": h.created,
                "edited": h.edited,
                "author": h.author,
            }
            for h in data.highlights
        ],
        "collections": [
            {
                "uuid": c.uuid,
                "name": c.name,
                "created": c.created,
                "author": c.author,
                "items": [{"reference_id": i.reference_id, "added": i.added} for i in c.items],
            }
            for c in data.collections
        ],
        "saved_searches": [
            {
                "uuid": s.uuid,
                "name": s.name,
                "query": s.query,
                "selections": [[facet, list(values)] for facet, values in s.selections],
                "created": s.created,
                "author": s.author,
            }
            for s in data.saved_searches
        ],
        "history": [
            {"uuid": h.uuid, "kind": h.kind, "value": h.value, "at": h.at} for h in data.history
        ],
    }


def dumps(data: UserData, app_version: str = "") -> str:
    return json.dumps(to_document(data, app_version), ensure_ascii=False, indent=2) + "\n"


def _text(item: dict[str, Any], key: str, where: str, optional: bool = False) -> Any:
    value = item.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise NotesFormatError(f"{where}: '{key}' must be text")
    return value


def _int(item: dict[str, Any], key: str, where: str) -> int:
    value = item.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise NotesFormatError(f"{where}: '{key}' must be a whole number")
    return value


def _list(document: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = document.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise NotesFormatError(f"'{key}' must be a list of objects")
    return value


def _each(
    document: dict[str, Any], key: str, build: Callable[[dict[str, Any], str], Any]
) -> tuple[Any, ...]:
    return tuple(build(item, f"{key}[{n}]") for n, item in enumerate(_list(document, key)))


def _choice(item: dict[str, Any], key: str, where: str, allowed: tuple[str, ...]) -> str:
    value = _text(item, key, where)
    if value not in allowed:
        raise NotesFormatError(f"{where}: '{key}' must be one of {', '.join(allowed)}")
    return str(value)


def _anchor(item: dict[str, Any], where: str) -> str | None:
    value = _text(item, "anchor", where, optional=True)
    if value is not None and not _ANCHOR_RE.fullmatch(value):
        raise NotesFormatError(f"{where}: 'anchor' must be a paragraph anchor such as par13")
    return value


def _author(i: dict[str, Any], w: str, key: str = "author") -> str:
    """Who made an item (or whose marks a file holds): absent in version 1 files."""
    return " ".join((_text(i, key, w, optional=True) or "").split())


def _star(i: dict[str, Any], w: str) -> Star:
    colour = _choice(i, "colour", w, STAR_COLOURS)
    return Star(_text(i, "reference_id", w).upper(), colour, _text(i, "starred_at", w))


def _read(i: dict[str, Any], w: str) -> tuple[str, str]:
    return _text(i, "reference_id", w).upper(), _text(i, "read_at", w)


def _note(i: dict[str, Any], w: str) -> Note:
    return Note(
        _text(i, "uuid", w),
        _text(i, "reference_id", w).upper(),
        _anchor(i, w),
        _text(i, "text", w),
        _text(i, "created", w),
        _text(i, "edited", w),
        _author(i, w),
    )


def _highlight(i: dict[str, Any], w: str) -> Highlight:
    return Highlight(
        _text(i, "uuid", w),
        _text(i, "reference_id", w).upper(),
        _anchor(i, w),
        _int(i, "start", w),
        _int(i, "end", w),
        _text(i, "quote", w),
        _choice(i, "colour", w, HIGHLIGHT_COLOURS),
        _text(i, "note", w, optional=True) or "",
        _text(i, "created", w),
        _text(i, "edited", w),
        _author(i, w),
    )


def _collection(i: dict[str, Any], w: str) -> Collection:
    items = i.get("items", [])
    if not isinstance(items, list) or not all(isinstance(x, dict) for x in items):
        raise NotesFormatError(f"{w}: 'items' must be a list of objects")
    return Collection(
        _text(i, "uuid", w),
        _text(i, "name", w),
        0,
        _text(i, "created", w),
        tuple(
            CollectionItem(
                _text(x, "reference_id", f"{w}.items[{n}]").upper(),
                n,
                _text(x, "added", f"{w}.items[{n}]"),
            )
            for n, x in enumerate(items)
        ),
        _author(i, w),
    )


def _saved(i: dict[str, Any], w: str) -> SavedSearch:
    raw = i.get("selections", [])
    try:
        selections = tuple((str(facet), tuple(str(v) for v in values)) for facet, values in raw)
    except (TypeError, ValueError) as error:
        raise NotesFormatError(f"{w}: 'selections' must be [[facet, [values]], ...]") from error
    return SavedSearch(
        _text(i, "uuid", w),
        _text(i, "name", w),
        _text(i, "query", w),
        selections,
        _text(i, "created", w),
        _author(i, w),
    )


def _history(i: dict[str, Any], w: str) -> HistoryEntry:
    kind = _text(i, "kind", w)
    if kind not in ("cable", "search"):
        raise NotesFormatError(f"{w}: unknown kind {kind!r}")
    return HistoryEntry(_text(i, "uuid", w), kind, _text(i, "value", w), _text(i, "at", w))


def loads(text: str) -> UserData:
    """Read a notes backup; NotesFormatError for anything that is not one we can read."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise NotesFormatError(f"not a JSON file ({error})") from error
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise NotesFormatError('not a Cable Reader notes file (no "format": "cablereader-notes")')
    version = document.get("version")
    if not isinstance(version, int) or version < 1:
        raise NotesFormatError("the notes file has no valid version")
    if version > VERSION:
        raise NotesFormatError(
            f"the notes file is format version {version}, newer than this app reads ({VERSION}); "
            "update Cable Reader to import it"
        )
    return UserData(
        stars=_each(document, "stars", _star),
        read=_each(document, "read", _read),
        notes=_each(document, "notes", _note),
        highlights=_each(document, "highlights", _highlight),
        collections=_each(document, "collections", _collection),
        saved_searches=_each(document, "saved_searches", _saved),
        history=_each(document, "history", _history),
        person=_author(document, "the file", "person"),
    )
