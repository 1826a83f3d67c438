"""The data types a cable store hands out and takes in; no SQL here.

The methods are in store/protocol.py (`CableStore`), stores are opened through
store/factory.py (`open_store`): the UI, importer and command line use only these, so a
server-backed store can replace the SQLite one without them noticing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from cablereader.core.model import Cable, ParsedVersion
from cablereader.core.query import Query


class StoreError(Exception):
    """Something the user can fix or must know: not a cable store, locked, read-only."""


class QueryInterrupted(StoreError):  # noqa: N818 - not a failure: the caller asked
    """A query stopped by `CableStore.interrupt()` from another thread: not a failure,
    the caller asked for it (a newer request superseded the running one)."""


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
    CHANGED = "changed"  # kinds of change between versions (cable_changes), many a cable


@dataclass(frozen=True, slots=True)
class CableFilter:
    """A search query plus the browse panel's selections (values within a facet are OR-ed,
    facets are AND-ed, except tags, which must all be present)."""

    query: Query | None = None
    selections: tuple[tuple[Facet, tuple[str, ...]], ...] = ()
    import_run: int | None = None

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


@dataclass(frozen=True, slots=True)
class PreparedVersion:
    """A version with the store's stored forms already computed by the store's encoder
    (`CableStore.version_encoder()`), in a worker process: hashing and compressing are
    most of the CPU time of a write and need no database. Only the store reads `stored`;
    callers may read `version` and `size`."""

    version: ParsedVersion
    stored: tuple[bytes | str, ...]  # the store's own forms, opaque to callers

    @property
    def size(self) -> int:
        """Bytes it adds to a batch, to keep batches' memory bounded."""
        return sum(len(part) for part in self.stored if isinstance(part, bytes))
