"""Every menu command in one table, so shortcuts and menus cannot drift apart.

The window builds its QActions from `ACTIONS` and connects handlers by name; tests look
actions up by name too, so renaming a menu text never breaks a shortcut test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu


@dataclass(frozen=True, slots=True)
class ActionSpec:
    name: str
    text: str
    menu: str
    shortcuts: tuple[QKeySequence.StandardKey | str, ...] = ()
    tip: str = ""
    checkable: bool = False


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("import", "&Import cables…", "&File", ("Ctrl+I",),
               "Import a folder of cable pages, cables.csv or text pages"),
    ActionSpec("quit", "&Quit", "&File", (QKeySequence.StandardKey.Quit,)),
    ActionSpec("find", "&Search", "&Edit", ("Ctrl+F", "/"), "Put the cursor in the search field"),
    ActionSpec("clear_search", "&Clear search", "&Edit", ("Escape",)),
    ActionSpec("copy_paragraph_link", "Copy &paragraph link", "&Edit", ("Ctrl+Shift+C",),
               "Copy the link to the paragraph under the cursor"),
    ActionSpec("copy_cable_link", "Copy link to &cable", "&Edit", ("Ctrl+Alt+C",),
               "Copy the link to the cable being read"),
    ActionSpec("next_hit", "Next &hit", "&Edit", ("F3",), "Next search hit in the cable"),
    ActionSpec("previous_hit", "&Previous hit", "&Edit", ("Shift+F3",)),
    ActionSpec("zoom_in", "Zoom &in", "&View", ("Ctrl++", "Ctrl+=")),
    ActionSpec("zoom_out", "Zoom &out", "&View", ("Ctrl+-",)),
    ActionSpec("zoom_reset", "&Normal size", "&View", ("Ctrl+0",)),
    ActionSpec("reader_font", "Reader &font…", "&View", (), "Choose the reader's font"),
    ActionSpec("refresh", "&Refresh", "&View", ("F5",),
               "Read the store again, e.g. to show what a command-line import added"),
    ActionSpec("reflow", "&Reading mode (join wrapped lines)", "&View", (),
               "Let paragraphs wrap to the pane; lists, tables and addresses stay", True),
    ActionSpec("list_above", "&List above reader", "&View", (),
               "For small screens: the list across the top, the reader below it", True),
    ActionSpec("compare_versions", "&Compare versions…", "&View", ("Ctrl+Shift+D",),
               "Two versions of this cable side by side, changes marked"),
    ActionSpec("view_source", "&Source of this version…", "&View", ("Ctrl+U",),
               "The raw page or CSV row this version was read from, as plain text"),
    ActionSpec("timeline", "&Timeline", "&View", ("Ctrl+Shift+T",),
               "A histogram of the listed cables by month; click or drag to pick dates", True),
    ActionSpec("sort_relevance", "Sort by &relevance", "&View", ("Ctrl+R",),
               "List the best matches for the search words first"),
    ActionSpec("back", "&Back", "&Go", ("Alt+Left",)),
    ActionSpec("forward", "&Forward", "&Go", ("Alt+Right",)),
    ActionSpec("goto", "&Go to cable…", "&Go", ("Ctrl+L",),
               "Open a cable by reference ID or link, e.g. 05LIMA4377#par13"),
    ActionSpec("next_pane", "Next &pane", "&Go", ("F6",),
               "Search, browse, list, reader, in turn"),
    ActionSpec("previous_pane", "Previous pa&ne", "&Go", ("Shift+F6",)),
    ActionSpec("next_cable", "Ne&xt cable", "&Go", ("J",)),
    ActionSpec("previous_cable", "Pre&vious cable", "&Go", ("K",)),
    ActionSpec("understanding", "&Understanding cables", "&Help", ("F1",),
               "What the three parts of a cable mean, and how to cite a paragraph"),
    ActionSpec("search_syntax", "&Search syntax", "&Help", (),
               "How to write a search: phrases, OR, NOT, NEAR, fields and dates"),
    ActionSpec("about", "&About Cable Reader", "&Help"),
)


class ActionRegistry:
    """Creates the QActions on a window, puts them in menus, and finds them by name."""

    def __init__(self, window: QMainWindow) -> None:
        self._actions: dict[str, QAction] = {}
        menus: dict[str, QMenu] = {}
        for spec in ACTIONS:
            action = QAction(spec.text, window)
            action.setObjectName(f"action_{spec.name}")
            action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setCheckable(spec.checkable)
            if spec.tip:
                action.setStatusTip(spec.tip)
                action.setToolTip(spec.tip)
            if spec.menu not in menus:
                menus[spec.menu] = window.menuBar().addMenu(spec.menu)
            menus[spec.menu].addAction(action)
            window.addAction(action)  # shortcuts work even with the menu bar hidden
            self._actions[spec.name] = action

        self.menus = menus  # by their menu text, for modules that add entries

    def __getitem__(self, name: str) -> QAction:
        return self._actions[name]

    def menu(self, title: str) -> QMenu:
        """A menu by the title it is declared with in ACTIONS (e.g. "&Edit")."""
        return self.menus[title]

    def connect(self, handlers: dict[str, Callable[..., Any]]) -> None:
        for name, handler in handlers.items():
            self._actions[name].triggered.connect(lambda _checked=False, h=handler: h())
