"""The pinned Qt binding must not lose references to None, True and False.

PySide6 6.12.0 on Python 3.11 drops one reference to None on every call of a method
that returns nothing (`setText`, `update`, `processEvents`...) and one to True or False
on every signal `emit`. Python 3.11 counts references to those objects, so after some
tens of thousands of such calls (an hour or two of reading) the app died with "Fatal
Python error: none_dealloc". 6.11.3 does not; this test keeps a future pin honest.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

CALLS = 2_000


class _Emitter(QObject):
    fired = Signal()


def test_void_calls_keep_none_alive(qtbot) -> None:
    label = QLabel("x")
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        label.setText("y")
        label.update()
    # Some drift is normal (other objects come and go); a binding bug loses one per call.
    assert sys.getrefcount(None) - before > -CALLS // 10


def test_signal_emits_keep_booleans_alive(qtbot) -> None:
    emitter = _Emitter()
    before = sys.getrefcount(True) + sys.getrefcount(False)
    for _ in range(CALLS):
        emitter.fired.emit()
    assert sys.getrefcount(True) + sys.getrefcount(False) - before > -CALLS // 10
