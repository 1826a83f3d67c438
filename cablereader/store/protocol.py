"""`CableStore`: everything the importer, the window and the command line may ask of a
store, and nothing about how it keeps cables.

SQLite (store/sqlite_store.py) is one implementation; a store on a database server is
meant to be another. Open one with `store.factory.open_store(location)`. Errors a user
can act on arrive as `StoreError`; a query stopped by `interrupt()` as `QueryInterrupted`.
The contract tests (tests/store/contract) run against every implementation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from cablereader.core.model import ParsedVersion
from cablereader.store.api import (
    CableFilter,
    CableRow,
    Facet,
    PreparedVersion,
    SearchHit,
    SortKey,
    StoredCable,
    WriteResult,
)

# Turns a parsed version into the store's stored forms; picklable, for worker processes.
VersionEncoder = Callable[[ParsedVersion], PreparedVersion]


class CableStore(Protocol):
    """A cable store. Not thread-safe, except `interrupt()`: one thread uses a store, and
    a second thread opens its own with `reopen()`."""

    @property
    def location(self) -> str | None:
        """Where the store is (a file path today, a server URL later); None in memory."""

    @property
    def path(self) -> Path | None:
        """The store's file, for the import wizard and About; None when it has none."""

    @property
    def read_only(self) -> bool: ...

    def close(self) -> None: ...

    def reopen(self, *, read_only: bool = True) -> CableStore:
        """A second, independent connection to the same store (for another thread)."""

    def interrupt(self) -> None:
        """Stop the query running in another thread: it raises QueryInterrupted."""

    def data_version(self) -> int:
        """A number that changes whenever the cables may have changed, through any
        connection or process: the window polls it to follow other writers."""

    def snapshot(self) -> AbstractContextManager[None]:
        """Reads inside see the store as of one moment, while others commit."""

    # -- writing (the importer) ------------------------------------------------------------

    def version_encoder(self) -> VersionEncoder:
        """The function that prepares versions for `write_versions` in worker processes."""

    def import_workers(self, cores: int) -> int:
        """How many worker processes should prepare versions on a machine of `cores`
        cores: it depends on where the store does its writing."""

    def begin_import(self, sources: Sequence[str]) -> int: ...

    def file_unchanged(self, path: str, size: int, mtime_ns: int) -> bool: ...

    def file_counts(self, path: str) -> tuple[int, int]: ...

    def record_file(
        self, path: str, size: int, mtime_ns: int, fmt: str, cables: int, failed: int = 0
    ) -> None: ...

    def write_versions(
        self, versions: Iterable[ParsedVersion | PreparedVersion], run: int | None = None
    ) -> list[WriteResult]: ...

    # -- reading and search ----------------------------------------------------------------

    def count(self, flt: CableFilter | None = None) -> int: ...

    def query_ids(
        self, flt: CableFilter, sort: SortKey = SortKey.CREATED, descending: bool = True
    ) -> list[int]: ...

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, CableRow]: ...

    def cable_id(self, reference_id: str) -> int | None: ...

    def existing_ids(self, reference_ids: Iterable[str]) -> set[str]: ...

    def fetch_cable(
        self, reference_id: str, version_id: int | None = None
    ) -> StoredCable | None: ...

    def raw_source(self, version_id: int) -> bytes: ...

    def cited_by(self, reference_id: str) -> list[CableRow]: ...

    def search(self, flt: CableFilter, limit: int = 20) -> list[SearchHit]: ...

    def facet_counts(
        self, facet: Facet, flt: CableFilter | None = None
    ) -> list[tuple[str, int]]: ...

    def prepare_facets(self) -> None: ...

    def stats(self) -> dict[str, list[tuple[str, int]]]: ...

    def integrity_ok(self) -> bool: ...
