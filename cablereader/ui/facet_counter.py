"""Counting the browse facets in a thread, so the window answers while it counts.

Under a search for a common word the six counts take most of a second at full scale;
done on the GUI thread they froze typing after every search. A thread of its own, with
its own read-only connection to the store, counts the newest filter asked for; a newer
request interrupts the count in progress (SQLite's `interrupt`), so fast typing never
queues stale work. A store held only in memory (tests) cannot be opened twice, so it is
counted in place.
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


def count_all(store: CableStore, flt: CableFilter) -> Counts:
    return {facet: store.facet_counts(facet, flt) for facet in Facet}


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
        try:
            while True:
                with self._wake:
                    while self._wanted is None and not self._stopping:
                        self._wake.wait()
                    if self._stopping or self._wanted is None:
                        return
                    flt, self._wanted = self._wanted, None
                try:
                    counts = count_all(store, flt)
                except QueryInterrupted:
                    with self._wake:  # interrupted: count the newer filter, or this again
                        if self._wanted is None:
                            self._wanted = flt
                    continue
                except StoreError as error:
                    log.warning("facet counts failed: %s", error)
                    continue
                self.counted.emit(flt, counts)
                if not prepared:  # after the first counts, while the reader looks around
                    prepared = True
                    self._prepare(store)
        finally:
            with self._wake:
                self._store = None
            store.close()

    def _prepare(self, store: CableStore) -> None:
        """Load what counting under a filter needs; a request arriving meanwhile
        interrupts it, and the columns are then read by the count that needs them."""
        try:
            store.prepare_facets()
        except QueryInterrupted:
            pass
        except StoreError as error:
            log.warning("facet columns not read ahead: %s", error)


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
