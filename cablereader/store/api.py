"""What the rest of the app may ask of a cable store; no SQL here.

The UI and importer only use these types, so a server-backed store could replace the
SQLite one without them noticing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from cablereader.core.model import Cable
from cablereader.core.query import Query


class StoreError(Exception):
    """Something the user can fix or must know: not a cable store, locked, read-only."""


class SortKey(StrEnum):
    REFERENCE_ID = "reference_id"
    CREATED = "created"
    RELEASED = "released"
    CLASSIFICATION = "classification"
    ORIGIN = "origin"
    SUBJECT = "subject"
    TAGS = "tags"
    RANK = "rank"  # search relevance; falls back to CREATED without free text


class Facet(StrEnum):
    ORIGIN = "origin"
    TAG = "tag"
    CLASSIFICATION = "classification"
    YEAR = "year"
    MONTH = "month"
    RELEASED = "released_day"


@dataclass(frozen=True, slots=True)
class CableFilter:
    """A search query plus the browse panel's selections (values within a facet are OR-ed,
    facets are AND-ed, except tags, which must all be present)."""

    query: Query | None = None
    selections: tuple[tuple[Facet, tuple[str, ...]], ...] = ()
    import_run: int | None = None

    def selected(self, facet: Facet) -> tuple[str, ...]:
        for name, values in self.selections:
            if name is facet:
                return values
        return ()

    def with_selection(self, facet: Facet, values: tuple[str, ...]) -> CableFilter:
        rest = tuple((f, v) for f, v in self.selections if f is not facet)
        new = (*rest, (facet, values)) if values else rest
        return CableFilter(self.query, new, self.import_run)


@dataclass(frozen=True, slots=True)
class CableRow:
    """What the cable list shows for one cable."""

    id: int
    reference_id: str
    created: str
    created_approx: bool
    released: str | None
    classification: str
    origin: str
    subject: str
    tags: str
    partial: bool
    versions: int


@dataclass(frozen=True, slots=True)
class VersionInfo:
    id: int
    format: str
    build: str
    source_path: str
    source_position: int
    imported_at: str
    released: str | None
    changes: tuple[str, ...]
    current: bool


@dataclass(frozen=True, slots=True)
class StoredCable:
    id: int
    cable: Cable
    version_id: int
    versions: tuple[VersionInfo, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class SearchHit:
    row: CableRow
    snippet: str
    rank: float


@dataclass(frozen=True, slots=True)
class WriteResult:
    """The outcome of writing one parsed version."""

    reference_id: str
    outcome: str  # "added", "updated" or "unchanged"
