"""The cable list's context menu: open, star, mark read or unread, collect, copy links,
export and print, for the whole selection.

A right click on a row that is not selected selects that row alone; on a selected row
the selection stays, as file managers do. Every entry acts through the research
commands (commands.py), the same handlers as the Research menu and its keys; entries
that have a key show it (the menu's own actions carry it as text after a tab, so no
key is bound twice). `build_list_menu(commands, view, pos)` builds the menu for a
position without showing it, for tests and for `install_list_menu`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QInputDialog, QMenu

from cablereader.core.link_formats import ClipboardPayload
from cablereader.core.links import LinkTarget, cable_url
from cablereader.core.user_items import STAR_COLOURS
from cablereader.research_io import ExportSource
from cablereader.ui.clipboard import copy_payload
from cablereader.ui.research.export_commands import ExportCommands
from cablereader.ui.research.host import ResearchHost
from cablereader.ui.research.list_marks import star_icon
from cablereader.ui.research.marks_panel import MarksPanel


class ResearchCommands(Protocol):
    """What the menu uses of commands.ResearchCommands (which installs it: a protocol,
    so the two modules do not import each other)."""

    host: ResearchHost
    store: ExportSource
    actions: dict[str, QAction]
    marks_panel: MarksPanel | None
    exports: ExportCommands

    def targets(self) -> list[str]: ...
    def set_star(self, colour: str | None) -> None: ...
    def set_read(self, read: bool) -> None: ...
    def add_to_collection(self, name: str | None = None) -> int: ...
    def _run(self, handler: Callable[[], object]) -> None: ...
    def _status(self, text: str) -> None: ...
    def _marks_changed(self) -> None: ...

COLLECTION_PREFIX = "Collection: "  # the browse panel's label of a collection's entry
MAX_LISTED = 8  # more collections to remove from go into a submenu
# Above this many selected rows (Ctrl+A on the whole archive) the menu does not read
# every selected cable to open: which are read, which collections hold them. The
# commands themselves still act on the whole selection when chosen.
LOOKUP_LIMIT = 2000


def _menu_text(name: str) -> str:
    """A name as a menu shows it: one line, and "&" a character, not a mnemonic."""
    return " ".join(name.split()).replace("&", "&&")


def _key_of(commands: ResearchCommands, name: str) -> str:
    action = commands.actions.get(name)
    if action is None or action.shortcut().isEmpty():
        return ""
    return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)


def _add(menu: QMenu, text: str, name: str, handler: Any, key: str = "") -> QAction:
    action = menu.addAction(f"{text}\t{key}" if key else text)
    action.setObjectName(name)
    action.triggered.connect(lambda _checked=False: handler())
    return action


def ticked_collections(commands: ResearchCommands) -> list[str]:
    """The collections ticked in the browse panel (the list is showing them)."""
    panel = commands.marks_panel
    if panel is None:
        return []
    return [
        label[len(COLLECTION_PREFIX):]
        for label, _query, ticked in panel.entries()
        if ticked and label.startswith(COLLECTION_PREFIX)
    ]


def _select_clicked_row(view: QAbstractItemView, pos: QPoint) -> int | None:
    """The row under `pos`, joined to the selection as a file manager does."""
    index = view.indexAt(pos)
    if not index.isValid():
        return None
    selection = view.selectionModel()
    if not selection.isRowSelected(index.row(), index.parent()):
        view.setCurrentIndex(index)  # the row alone (and so it opens, as a click does)
    return index.row()


def copy_links(commands: ResearchCommands, view: QAbstractItemView) -> int:
    """The selected cables' web addresses, one a line, in the link style chosen."""
    model: Any = view.model()
    rows = sorted({i.row() for i in view.selectionModel().selectedRows()})
    settings = commands.host.link_settings()
    lines = []
    for row in rows:
        found = model.row_at(row) if hasattr(model, "row_at") else None
        if found is None:
            continue
        target = LinkTarget(
            found.reference_id, found.created, found.origin, found.subject, found.classification
        )
        try:
            lines.append(cable_url(target, settings))
        except ValueError:  # a custom template that cannot take this cable
            continue
    if lines:
        copy_payload(ClipboardPayload("\n".join(lines), None))
        commands._status(f"Copied {len(lines)} links" if len(lines) > 1 else "Copied the link")
    return len(lines)


def _new_collection(commands: ResearchCommands) -> None:
    name, ok = QInputDialog.getText(commands.host.window, "New collection", "Name:")
    if ok and name.strip():
        commands.add_to_collection(name)


def _remove_from(commands: ResearchCommands, name: str) -> None:
    targets = commands.targets()
    removed = commands.store.remove_from_collection(name, targets)
    commands._status(f"Removed {removed} cables from {' '.join(name.split())}")
    commands._marks_changed()
    if name in ticked_collections(commands) and commands.marks_panel is not None:
        commands.marks_panel.changed.emit()  # the list shows that collection: filter again


def build_list_menu(
    commands: ResearchCommands, view: QAbstractItemView, pos: QPoint
) -> QMenu | None:
    """The menu for a right click at `pos` (viewport coordinates); None off the rows."""
    clicked = _select_clicked_row(view, pos)
    if clicked is None:
        return None
    ranges = view.selectionModel().selection()  # whole rows: a range per run of rows
    many = sum(ranges.at(i).bottom() - ranges.at(i).top() + 1 for i in range(ranges.count()))
    looked_up = many <= LOOKUP_LIMIT
    model: Any = view.model()
    clicked_ref = model.reference_at(clicked) if hasattr(model, "reference_at") else None
    targets = commands.targets() if looked_up else [clicked_ref] if clicked_ref else []
    if not targets:
        return None
    run = commands._run
    menu = QMenu(view)
    menu.setObjectName("cableListMenu")
    opened = clicked_ref or targets[0]
    _add(menu, "&Open", "open", lambda: commands.host.open_cable(opened, None))
    menu.addSeparator()
    star = menu.addMenu("&Star")
    star.setObjectName("starMenu")
    star.addAction(commands.actions["star"])  # the key's own action: Ctrl+D
    star.addSeparator()
    dark = QApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128
    for colour in STAR_COLOURS:
        action = _add(
            star, colour.capitalize(), f"star_{colour}",
            lambda c=colour: run(lambda: commands.set_star(c)),
        )
        action.setIcon(star_icon(colour, 14, dark))
    star.addSeparator()
    _add(star, "&Unstar", "unstar", lambda: run(lambda: commands.set_star(None)))
    read = commands.store.read_ids() if looked_up else set()
    all_read = looked_up and all(ref in read for ref in targets)
    key = _key_of(commands, "toggle_read") if looked_up else ""  # it does the change
    _add(menu, "Mark &read", "mark_read", lambda: run(lambda: commands.set_read(True)),
         "" if all_read else key)
    _add(menu, "Mark &unread", "mark_unread", lambda: run(lambda: commands.set_read(False)),
         key if all_read else "")
    menu.addSeparator()
    collections = commands.store.collections()
    add = menu.addMenu("Add to &collection")
    add.setObjectName("addMenu")
    for collection in collections:
        _add(add, _menu_text(collection.name), f"add:{collection.name}",
             lambda n=collection.name: run(lambda: commands.add_to_collection(n)))
    if collections:
        add.addSeparator()
    _add(add, "&New collection…", "new_collection", lambda: run(lambda: _new_collection(commands)))
    wanted = set(targets) if looked_up else set()
    holding = ticked_collections(commands) + [
        c.name for c in collections if any(i.reference_id in wanted for i in c.items)
    ]
    names = list(dict.fromkeys(holding))
    into = menu
    if len(names) > 1:
        into = menu.addMenu("Re&move from collection")
        into.setObjectName("removeMenu")
    for name in names[: MAX_LISTED if len(names) > 1 else 1]:
        text = f"Re&move from collection “{_menu_text(name)}”" if into is menu else _menu_text(name)
        _add(into, text, f"remove:{name}", lambda n=name: run(lambda: _remove_from(commands, n)))
    menu.addSeparator()
    _add(menu, "Copy &link" if many == 1 else f"Copy {many} &links",
         "copy_links", lambda: copy_links(commands, view))
    _add(menu, "&Export selected…", "export_selected",
         lambda: commands.exports.export_cables(first="Selected cables"),
         _key_of(commands, "export_cables"))
    menu.addAction(commands.actions["print"])  # the key's own action: Ctrl+P
    return menu


def install_list_menu(commands: ResearchCommands, view: QAbstractItemView) -> None:
    """A right click (or the menu key) on the list's rows shows the menu."""
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show(pos: QPoint) -> None:
        menu = build_list_menu(commands, view, pos)
        if menu is not None:
            menu.exec(view.viewport().mapToGlobal(pos))
            menu.deleteLater()

    view.customContextMenuRequested.connect(show)
