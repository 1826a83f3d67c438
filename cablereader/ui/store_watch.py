"""Noticing that another program (or the wizard's worker) wrote to the store.

The window's list, counts and status line are read from the store once; a command-line
import running beside it would otherwise leave them stale ("50264 of 342 cables"). A
timer asks the store's data version, which SQLite keeps in the WAL index, so asking
costs microseconds and reads no table; when it moved, `changed` is emitted and the
window reads again. A refresh at full scale takes a noticeable moment on the GUI
thread, so while an import keeps committing the watch waits long enough between
refreshes that they take at most a tenth of the time.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from cablereader.store.api import StoreError
from cablereader.store.protocol import CableStore

log = logging.getLogger("cablereader.ui")
POLL_MS = 800  # newly imported cables show within a second (a teammate's import too)
BUSY_SHARE = 10  # wait at least ten times as long as the last refresh took


class StoreWatch(QObject):
    """Emits `changed` when the store's content changed since it was last seen."""

    changed = Signal()

    def __init__(self, store: CableStore, parent: Any = None) -> None:
        super().__init__(parent)
        self._store = store
        self._seen = self._version()
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def _version(self) -> int | None:
        try:
            return self._store.data_version()
        except StoreError as error:  # e.g. the file went away: keep showing what we have
            log.warning("cannot tell whether the store changed: %s", error)
            return None

    def catch_up(self) -> None:
        """Remember the store as it is now: called before a refresh reads it, so a
        commit landing during the refresh is noticed by the next check."""
        self._seen = self._version()

    def check(self) -> bool:
        """Emit `changed` if the store changed since last seen; whether it did."""
        version = self._version()
        if version is None or version == self._seen:
            return False
        self._seen = version
        started = time.monotonic()
        self.changed.emit()
        spent_ms = int((time.monotonic() - started) * 1000)
        self.timer.setInterval(max(POLL_MS, spent_ms * BUSY_SHARE))
        return True

    def refresh(self) -> None:
        """Refresh now whatever the version says (View ▸ Refresh)."""
        self._seen = self._version()
        self.changed.emit()

    def stop(self) -> None:
        self.timer.stop()


USER_POLL_MS = 400  # a teammate's note shows within about half a second


class UserDataWatch(QObject):
    """Emits `changed` when the people's data (notes, highlights, stars...) may have
    changed through any connection, process or desk, so that the notes panel shows a
    teammate's note without a restart. Asks `user_data_version()`: on SQLite the WAL
    index's data version, on PostgreSQL one small row that every write moves (and
    NOTIFYs), so it is cheap enough for a short interval."""

    changed = Signal()

    def __init__(self, store: Any, widget: QWidget, interval_ms: int = USER_POLL_MS) -> None:
        """Watches while `widget` is shown (a hidden panel has nothing to keep fresh,
        and a closed window's store may be closed already); `changed` when shown again
        if anything changed meanwhile."""
        super().__init__(widget)
        self._store = store
        self._seen: int | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            self.timer.start()
            self.check()
        elif event.type() == QEvent.Type.Hide:
            self.timer.stop()
        return False

    def _version(self) -> int | None:
        try:
            return int(self._store.user_data_version())
        except StoreError as error:
            log.warning("cannot tell whether the notes changed: %s", error)
            return None

    def catch_up(self) -> None:
        """The caller has just read everything: only later changes count."""
        self._seen = self._version()

    def check(self) -> bool:
        version = self._version()
        if version is None or version == self._seen:
            return False
        self._seen = version
        self.changed.emit()
        return True

    def stop(self) -> None:
        self.timer.stop()
