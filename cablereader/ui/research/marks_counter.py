"""Counting "Your marks" in a thread: starred, unread, with notes, each collection and
each saved search.

A saved search's count is a search of the whole store (a common word under it takes a
good part of a second at full scale), and the marks are counted again after every star
and every cable read: on the GUI thread that froze the window each time. As the facet
counts do (ui/facet_counter.py), a thread of its own with its own read-only connection
counts, the newest request wins (a newer one interrupts the count in progress), and the
answer comes back as a signal. A store held only in memory (tests) cannot be opened
twice, so it is counted in place.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

from PySide6.QtCore import QObject, QThread, Signal

from cablereader.core.query import parse_query
from cablereader.core.user_items import SavedSearch
from cablereader.store.api import CableFilter, Facet, QueryInterrupted, StoreError
from cablereader.store.protocol import CableStore
from cablereader.store.user_data_api import UserDataStore

log = logging.getLogger("cablereader.ui")


class MarksSource(UserDataStore, Protocol):
    """What counting the marks reads: the reader's data, and searches of the cables."""

    def count(self, flt: CableFilter | None = None) -> int: ...


@dataclass(frozen=True, slots=True)
class MarksCounts:
    """One answer: `user_counts()` and each saved search with its count (None when it
    cannot be counted, e.g. a search that only names facets this version lacks)."""

    counts: dict[str, int]
    saved: tuple[tuple[SavedSearch, int | None], ...]
    # Each collection's author, for the panel's "only mine" (the saved searches carry theirs).
    authors: dict[str, str] = field(default_factory=dict)


def saved_filter(saved: SavedSearch) -> CableFilter | None:
    """The list's filter a saved search restores: its text and its browse ticks
    (values of facets this version does not know are left out, as restoring does)."""
    query = parse_query(saved.query)
    selections: list[tuple[Facet, tuple[str, ...]]] = []
    for facet, values in saved.selections:
        try:
            known = Facet(facet)
        except ValueError:
            continue
        if values:
            selections.append((known, tuple(values)))
    if query.is_empty() and not selections:
        return None
    return CableFilter(None if query.is_empty() else query, tuple(selections))


def count_marks(store: MarksSource) -> MarksCounts:
    counts = store.user_counts()
    saved: list[tuple[SavedSearch, int | None]] = []
    for search in store.saved_searches():
        flt = saved_filter(search)
        saved.append((search, None if flt is None else store.count(flt)))
    authors = {collection.name: collection.author for collection in store.collections()}
    return MarksCounts(counts, tuple(saved), authors)


def count_marks_at_once(store: MarksSource) -> MarksCounts:
    """Every count from one snapshot, so they agree with each other."""
    with cast(CableStore, store).snapshot():
        return count_marks(store)


class _MarksThread(QThread):
    """Waits for a request, counts, says so; a newer request interrupts an older count."""

    counted = Signal(int, object)  # request number, MarksCounts

    def __init__(self, store: MarksSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._wake = threading.Condition()
        self._wanted: int | None = None
        self._stopping = False
        self._store: MarksSource | None = store  # used only by this thread from now on

    def ask(self, request: int) -> None:
        with self._wake:
            self._wanted = request
            if self._store is not None:
                cast(CableStore, self._store).interrupt()
            self._wake.notify()

    def stop(self) -> None:
        with self._wake:
            self._stopping = True
            if self._store is not None:
                cast(CableStore, self._store).interrupt()
            self._wake.notify()
        self.wait()

    def run(self) -> None:
        try:
            while True:
                with self._wake:
                    while self._wanted is None and not self._stopping:
                        self._wake.wait()
                    if self._stopping or self._wanted is None or self._store is None:
                        return
                    request, self._wanted = self._wanted, None
                    store = self._store
                try:
                    result = count_marks_at_once(store)
                except QueryInterrupted:
                    with self._wake:  # for a newer request, or stopping: count again
                        if self._wanted is None:
                            self._wanted = request
                    continue
                except Exception:  # a bug or a race with an import: the next request counts
                    with self._wake:
                        newer = self._wanted is not None or self._stopping
                    if not newer:  # else it was interrupted where the store does not say so
                        log.exception("the marks' counts failed")
                    continue
                self.counted.emit(request, result)
        finally:
            with self._wake:
                current, self._store = self._store, None
            if current is not None:
                cast(CableStore, current).close()


class MarksCounter(QObject):
    """`request()` asks for the counts; `counted(MarksCounts)` brings the newest."""

    counted = Signal(object)

    def __init__(self, store: MarksSource, parent: Any = None) -> None:
        super().__init__(parent)
        self._store = store
        self._asked = 0
        self._thread: _MarksThread | None = None
        self._stopped = False
        cables = cast(CableStore, store)
        try:
            reader = None if cables.location is None else cables.reopen(read_only=True)
        except StoreError as error:
            log.warning("your marks are counted on the GUI thread: %s", error)
            reader = None
        if reader is not None:
            self._thread = _MarksThread(cast(MarksSource, reader), self)
            self._thread.counted.connect(self._on_counted)
            self._thread.start()

    @property
    def threaded(self) -> bool:
        return self._thread is not None

    def request(self) -> None:
        if self._stopped:
            return
        self._asked += 1
        if self._thread is None:
            self.counted.emit(count_marks(self._store))
        else:
            self._thread.ask(self._asked)

    def _on_counted(self, request: int, result: MarksCounts) -> None:
        if request == self._asked and not self._stopped:  # older answers are dropped
            self.counted.emit(result)

    def stop(self) -> None:
        """Must run before the window goes: a QThread destroyed while running aborts."""
        self._stopped = True
        if self._thread is not None:
            self._thread.stop()
            self._thread = None
