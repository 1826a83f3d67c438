"""When an opened cable counts as read: on opening, after a few seconds, or never by
itself, as mail clients offer.

Skimming through the list with the arrow keys opens every cable on the way; with a
delay only the cables the reader stayed on are marked. The delay is one single-shot
QTimer: opening another cable before it fires starts it again for that one, so the cable
left early stays unread. The choice is the MARK_READ_AFTER setting, chosen in
Research ▸ Mark cables read (the app has no preferences dialog).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from cablereader.ui.window_settings import MARK_READ_AFTER

ON_OPENING, NEVER = 0, -1
DEFAULT_DELAY_S = 5
MAX_DELAY_S = 600


class ReadMarker(QObject):
    """Marks the cable being read as read, at the moment the setting says.

    `mark(reference_id)` does the marking (the store write, and what follows it); it is
    given by the research commands, which report a store that refuses the write."""

    def __init__(
        self, mark: Callable[[str], None], menu: QMenu, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._mark = mark
        self._parent = parent
        self.pending: str | None = None  # the cable the timer is counting for
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._on_timeout)
        self.menu = menu.addMenu("Mark cables &read")
        self.menu.setObjectName("markReadMenu")
        group = QActionGroup(self)
        group.setExclusive(True)
        self.on_opening = self._choice(group, "On &opening")
        self.after_delay = self._choice(group, "")
        self.never = self._choice(group, "&Never automatically")
        self.on_opening.triggered.connect(lambda: self.set_delay(ON_OPENING))
        self.after_delay.triggered.connect(lambda: self.ask_delay())
        self.never.triggered.connect(lambda: self.set_delay(NEVER))
        self._show_choice()

    def _choice(self, group: QActionGroup, text: str) -> QAction:
        action = self.menu.addAction(text)
        action.setCheckable(True)
        group.addAction(action)
        return action

    @staticmethod
    def delay() -> int:
        """Seconds: ON_OPENING (0), NEVER (-1), or how long a cable stays open first."""
        value = MARK_READ_AFTER.get()
        return value if value >= NEVER else ON_OPENING

    def _last_delay(self) -> int:
        value = self.delay()
        return value if value > 0 else DEFAULT_DELAY_S

    def _show_choice(self) -> None:
        value = self.delay()
        self.after_delay.setText(f"&After {self._last_delay()} seconds…")
        self.on_opening.setChecked(value == ON_OPENING)
        self.after_delay.setChecked(value > 0)
        self.never.setChecked(value == NEVER)

    def set_delay(self, seconds: int) -> None:
        MARK_READ_AFTER.set(max(NEVER, min(seconds, MAX_DELAY_S)))
        if self.delay() <= 0:
            self.cancel()
        self._show_choice()

    def ask_delay(self) -> bool:
        """The menu's "After N seconds…": asks how many, keeps the old choice if cancelled."""
        seconds, ok = QInputDialog.getInt(
            self._parent,
            "Mark cables read",
            "Mark a cable read after it has been open for (seconds):",
            self._last_delay(),
            1,
            MAX_DELAY_S,
        )
        if ok:
            self.set_delay(seconds)
        self._show_choice()
        return ok

    def opened(self, reference_id: str, already_read: bool) -> None:
        """A cable was opened: mark it now, start the timer for it, or leave it."""
        delay = self.delay()
        if reference_id == self.pending and self.timer.isActive():
            return  # the same cable at another paragraph: its time keeps running
        self.cancel()  # the cable opened before counts no more
        if already_read or delay == NEVER:
            return
        if delay == ON_OPENING:
            self._mark(reference_id)
            return
        self.pending = reference_id
        self.timer.start(delay * 1000)

    def cancel(self) -> None:
        self.timer.stop()
        self.pending = None

    def _on_timeout(self) -> None:
        self.timer.stop()  # also when a test fires it by hand
        reference_id, self.pending = self.pending, None
        if reference_id is not None:
            self._mark(reference_id)
