"""The reader's own data about cables: stars, reads, notes, highlights, collections,
saved searches and history, as plain values shared by the store, the JSON backup and
the exports.

A store may be shared by a team (issue 19): stars, read marks and history belong to
each person, while notes, highlights, collections and saved searches are shared and
carry their `author` (the person's name; "" in values made before there were people).

Everything is keyed by reference ID (and paragraph anchor) rather than by the store's
row ids, so it survives re-imports, new versions of a cable and a move to another store;
each item that can be created twice carries a uuid, so merging two backups never
duplicates it.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
from dataclasses import dataclass, field

STAR_COLOURS: tuple[str, ...] = ("yellow", "red", "green", "blue", "purple")
HIGHLIGHT_COLOURS: tuple[str, ...] = ("yellow", "green", "blue", "pink")
DEFAULT_STAR = STAR_COLOURS[0]
DEFAULT_HIGHLIGHT = HIGHLIGHT_COLOURS[0]


def now_utc() -> str:
    """Seconds are enough for user data; UTC so two machines' times compare."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_uuid() -> str:
    return str(uuid_module.uuid4())


@dataclass(frozen=True, slots=True)
class Star:
    reference_id: str
    colour: str
    starred_at: str


@dataclass(frozen=True, slots=True)
class Note:
    """Plain text on a cable (anchor None) or on one of its paragraphs ("par13")."""

    uuid: str
    reference_id: str
    anchor: str | None
    text: str
    created: str
    edited: str
    author: str = ""


@dataclass(frozen=True, slots=True)
class Highlight:
    """A passage: paragraph + character offsets into the paragraph's text, and the
    quoted text itself, which is what re-anchors it when a newer version moves it."""

    uuid: str
    reference_id: str
    anchor: str | None
    start: int
    end: int
    quote: str
    colour: str
    note: str
    created: str
    edited: str
    author: str = ""


@dataclass(frozen=True, slots=True)
class CollectionItem:
    reference_id: str
    position: int
    added: str


@dataclass(frozen=True, slots=True)
class Collection:
    uuid: str
    name: str
    position: int
    created: str
    items: tuple[CollectionItem, ...] = field(default=())
    author: str = ""  # who made it; anyone may add to a shared collection


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """A query as typed and the browse panel's selections, as [[facet, [values]], ...]."""

    uuid: str
    name: str
    query: str
    selections: tuple[tuple[str, tuple[str, ...]], ...]
    created: str
    author: str = ""  # who saved it last


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    uuid: str
    kind: str  # "cable" (value: a reference ID, optionally with #anchor) or "search"
    value: str
    at: str


@dataclass(frozen=True, slots=True)
class UserData:
    """All of it at once: what a notes backup holds. Stars, reads and history are those
of `person` (who exported them); the other items carry their own authors."""

    stars: tuple[Star, ...] = ()
    read: tuple[tuple[str, str], ...] = ()  # (reference_id, read_at)
    notes: tuple[Note, ...] = ()
    highlights: tuple[Highlight, ...] = ()
    collections: tuple[Collection, ...] = ()
    saved_searches: tuple[SavedSearch, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    person: str = ""
