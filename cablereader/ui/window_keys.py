"""The window's keyboard: Tab order, F6 between panes, and reading keys in the reader.

Tab goes search → browse → list → reader and never walks the list's cells (it changed
cable when it wrapped); F6 and Shift+F6 cycle the same panes; in the reader Space and
Shift+Space page like PageDown and PageUp; Enter on the list opens the cable and puts
the focus in the reader.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QScrollBar, QWidget

# A visible focus frame on every pane: the platform style alone shows none for views.
FOCUS_STYLE = (
    "QTableView#cableList:focus, QTreeView#facetTree:focus, QTextBrowser:focus,"
    " QLineEdit:focus { border: 2px solid palette(highlight); }"
    # The browse panel's ticks drawn from the palette's text and highlight colours: the
    # style's own, under the window's stylesheet, had no visible outline on a dark base.
    " QTreeView#facetTree::indicator, QTreeView#marksTree::indicator {"
    " width: 12px; height: 12px; border: 1px solid palette(text); border-radius: 2px;"
    " background: palette(base); }"
    " QTreeView#facetTree::indicator:checked, QTreeView#marksTree::indicator:checked {"
    " background: palette(highlight); border: 1px solid palette(text); }"
)


def chain_tab_order(widgets: list[QWidget]) -> None:
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)


def cycle_focus(panes: list[QWidget], step: int) -> QWidget:
    """Move the focus to the next (or previous) pane from the one holding it."""
    focus = QApplication.focusWidget()
    holding = [i for i, p in enumerate(panes) if focus and (p is focus or p.isAncestorOf(focus))]
    index = holding[0] if holding else -1
    target = panes[(index + step) % len(panes)] if index >= 0 else panes[0]
    reason = Qt.FocusReason.TabFocusReason if step > 0 else Qt.FocusReason.BacktabFocusReason
    target.setFocus(reason)
    return target


class ReadingKeys(QObject):
    """Space and Shift+Space page the reader, as in a browser or a mail client."""

    def __init__(self, pane: QAbstractScrollArea) -> None:
        super().__init__(pane)
        self.pane = pane
        pane.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            bar: QScrollBar = self.pane.verticalScrollBar()
            key, mods = event.key(), event.modifiers()
            back = mods & Qt.KeyboardModifier.ShiftModifier
            if key == Qt.Key.Key_Space and not mods & Qt.KeyboardModifier.ControlModifier:
                bar.triggerAction(
                    QScrollBar.SliderAction.SliderPageStepSub if back
                    else QScrollBar.SliderAction.SliderPageStepAdd
                )
                return True
            if key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                bar.triggerAction(
                    QScrollBar.SliderAction.SliderPageStepAdd if key == Qt.Key.Key_PageDown
                    else QScrollBar.SliderAction.SliderPageStepSub
                )
                return True
        return False
