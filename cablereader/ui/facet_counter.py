"""Counting the browse facets in a thread, so the window answers while it counts.

Under a search for a common word the six counts take most of a second at full scale;
done on the GUI thread they froze typing after every search. A thread of its own, with
its own read-only connection to the store, counts the newest filter asked for; a newer
request interrupts the count in progress (SQLite's `interrupt`), so fast typing never
queues stale work. A store held only in memory (tests) cannot be opened twice, so it is
counted in place.

The thread must outlive anything one count can raise: an IndexError from counting while
another program imported once ended it, and the counts stopped for the session. A count
that fails is logged and tried again on a fresh connection (empty caches), a few times.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from cablereader.store.api import CableFilter, Facet, QueryInterrupted, StoreError
from cablereader.store.protocol import CableStore

log = logging.getLogger("cablereader.ui")
Counts = dict[Facet, list[tuple[str, int]]]
RETRIES = 2  # a count that fails again on fresh connections waits for the next request


def count_all(store: CableStore, flt: CableFilter) -> Counts:
    return {facet: store.facet_counts(facet, flt) for facet in Facet}


def count_all_at_once(store: CableStore, flt: CableFilter) -> Counts:
    """All six counts from one snapshot of the store, even while an import commits."""
    with store.snapshot():
        return count_all(store, flt)


class _CountThread(QThread):
    """Waits for a filter, counts it, says so; the newest request wins."""

    counted = Signal(object, object)  # CableFilter, Counts

    def __init__(self, store: CableStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._wake = threading.Condition()
        self._wanted: CableFilter | None = None
        self._stopping = False
        # Opened by the caller, used only by this thread from now on; None once closed.
        self._store: CableStore | None = store

    def ask(self, flt: CableFilter) -> None:
        with self._wake:
            self._wanted = flt
            if self._store is not None:  # a count still running is for an older filter
                self._store.interrupt()
            self._wake.notify()

    def stop(self) -> None:
        with self._wake:
            self._stopping = True
            if self._store is not None:
                self._store.interrupt()
            self._wake.notify()
        self.wait()

    def run(self) -> None:
        store = self._store
        if store is None:
            return
        prepared = False
        failures = 0
        retried: CableFilter | None = None  # the filter put back after a failure
        try:
            while True:
                with self._wake:
                    while self._wanted is None and not self._stopping:
                        self._wake.wait()
                    if self._stopping or self._wanted is None:
                        return
                    flt, self._wanted = self._wanted, None
                if flt is not retried:  # a new request: a fresh set of tries
                    failures = 0
                try:
                    counts = count_all_at_once(store, flt)
                except QueryInterrupted:
                    with self._wake:  # interrupted: count the newer filter, or this again
                        if self._wanted is None:
                            self._wanted = flt
                    continue
                except Exception:  # a bug, or a race with an import: never the end of counts
                    failures += 1
                    log.exception("facet counts failed (%d); counting on a fresh connection",
                                  failures)
                    store = self._reopen(store)
                    with self._wake:
                        if self._wanted is None and failures <= RETRIES:
                            self._wanted = retried = flt
                    continue
                self.counted.emit(flt, counts)
                if not prepared:  # after the first counts, while the reader looks around
                    prepared = True
                    self._prepare(store)
        finally:
            with self._wake:
                current, self._store = self._store, None
            if current is not None:
                current.close()

    def _reopen(self, store: CableStore) -> CableStore:
        """A new connection to the same store, with nothing remembered from the old one."""
        try:
            fresh = store.reopen(read_only=True)
        except StoreError as error:
            log.warning("facet counts stay on the old connection: %s", error)
            return store
        with self._wake:  # ask() interrupts whichever connection is current
            self._store = fresh
        store.close()
        return fresh

    def _prepare(self, store: CableStore) -> None:
        """Load what counting under a filter needs; a request arriving meanwhile
        interrupts it, and the columns are then read by the count that needs them."""
        try:
            with store.snapshot():
                store.prepare_facets()
        except QueryInterrupted:
            pass
        except Exception:  # only a head start: the count that needs them reads them again
            log.exception("facet columns not read ahead")


class FacetCounter(QObject):
    """Asks for counts and hands them back through `counted(filter, counts)`."""

    counted = Signal(object, object)

    def __init__(self, store: CableStore, parent: Any = None) -> None:
        super().__init__(parent)
        self._store = store
        self._thread: _CountThread | None = None
        try:
            reader = None if store.location is None else store.reopen(read_only=True)
        except StoreError as error:
            log.warning("facets are counted on the GUI thread: %s", error)
            reader = None
        if reader is not None:
            self._thread = _CountThread(reader, self)
            self._thread.counted.connect(self.counted)
            self._thread.start()

    def request(self, flt: CableFilter) -> None:
        if self._thread is None:
            self.counted.emit(flt, count_all(self._store, flt))
        else:
            self._thread.ask(flt)

    def stop(self) -> None:
        """Must run before the window goes: a QThread destroyed while running aborts."""
        if self._thread is not None:
            self._thread.stop()
            self._thread = None
