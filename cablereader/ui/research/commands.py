"""The research commands on the main window: stars, reads, notes, collections, history,
export, and the notes backup.

`install_research_commands(window, store)` is the one call the main window makes. It
adds a Research menu, File ▸ Export cables… / Export my notes… / Import my notes…,
Go ▸ History…, and a Notes dock; the store and file work goes through the store's
user-data methods and research_io, the same calls as the command line. Exports run in
a worker (export_commands.py), the marks' counts in a thread (marks_counter.py), and
when an opened cable counts as read is read_marking.py's business.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QInputDialog, QMainWindow, QMenu

from cablereader.core.anchoring import locate_quote
from cablereader.core.user_items import DEFAULT_HIGHLIGHT, DEFAULT_STAR
from cablereader.research_io import ExportSource
from cablereader.store.api import StoreError
from cablereader.store.protocol import CableStore
from cablereader.ui.research.collection_drops import accept_drops
from cablereader.ui.research.export_commands import ExportCommands
from cablereader.ui.research.host import ResearchHost, host_for_window
from cablereader.ui.research.list_marks import MarksDelegate
from cablereader.ui.research.list_menu import install_list_menu
from cablereader.ui.research.marks_counter import MarksCounter, MarksSource
from cablereader.ui.research.marks_panel import MarksPanel
from cablereader.ui.research.notes_panel import NotesPanel
from cablereader.ui.research.print_commands import PrintCommands
from cablereader.ui.research.read_marking import ReadMarker
from cablereader.ui.research.saved_and_views import SavedSearchesAndViews
from cablereader.ui.store_watch import UserDataWatch


def _menu(window: QMainWindow, title: str) -> QMenu:
    """The window's menu of that title ("&File"), made if it has none."""
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and menu.title() == title:
            return menu
    return window.menuBar().addMenu(title)


class ResearchCommands(SavedSearchesAndViews, QObject):
    marks_watch: UserDataWatch | None = None
    def __init__(self, host: ResearchHost, store: ExportSource) -> None:
        super().__init__(host.window)
        self.host = host
        self.store = store
        window = host.window
        self.notes_panel = NotesPanel(store)
        self.notes_panel.go_to_paragraph.connect(
            lambda ref, anchor: host.open_cable(ref, anchor or None)
        )
        self.notes_dock = QDockWidget("Notes", window)
        self.notes_dock.setObjectName("notesDock")
        self.notes_dock.setWidget(self.notes_panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.notes_dock)
        self.notes_dock.hide()
        self.actions: dict[str, QAction] = {}
        # The reader draws and makes notes and highlights itself; each side tells the other.
        self.reader_marks = host.reader_marks
        if self.reader_marks is not None:
            self.reader_marks.marks.attach(store)
            self.reader_marks.marks.edited.connect(self._reader_marks_edited)
            self.notes_panel.changed.connect(self._redraw_reader)
        self.marks: MarksDelegate | None = None
        if host.list_view is not None:
            self.marks = MarksDelegate(store, host.reference_at, 0, host.list_view)
            host.list_view.setItemDelegate(self.marks)
        research = _menu(window, "&Research")
        self._add(
            research,
            "star",
            "&Star or unstar",
            self.toggle_star,
            "Ctrl+D",
            "Star the selected cables, or unstar them if all are starred",
        )
        self._add(research, "toggle_read", "Mark &read or unread", self.toggle_read, "Ctrl+Shift+M")
        self._add(research, "mark_all_read", "Mark &all read", self.mark_all_read)
        self._add(
            research,
            "add_note",
            "Add &note…",
            self.add_note,
            "Ctrl+Shift+N",
            "Add a note to the cable being read",
        )
        self._add(
            research,
            "highlight",
            "&Highlight selection",
            self.highlight_selection,
            "Ctrl+Shift+H",
            "Highlight the selected text of one paragraph",
        )
        for name, action in (self.reader_marks.actions if self.reader_marks else {}).items():
            window.addAction(action)  # the reader's keys: a paragraph note, remove highlight
            research.addAction(action)
            self.actions[name] = action
        self._add(
            research,
            "add_to_collection",
            "Add to &collection…",
            self.add_to_collection,
            "Ctrl+Shift+K",
        )
        self._add(research, "collections", "Co&llections…", self.show_collections)
        toggle = self.notes_dock.toggleViewAction()
        toggle.setText("Show &notes panel")
        research.addAction(toggle)
        self.read_marker = ReadMarker(self._mark_read, research, window)
        self.exports = ExportCommands(host, store, self._status, self._notes_imported)
        self.scopes, self.export_to = self.exports.scopes, self.exports.export_to
        self.export_my_notes = self.exports.export_my_notes
        self.import_my_notes = self.exports.import_my_notes
        file_menu = _menu(window, "&File")
        first = file_menu.actions()[-1] if file_menu.actions() else None  # before Quit
        self.printing = PrintCommands(host, store, self._status)
        for name, text, handler, keys in (
            ("print", "&Print…", self.printing.print_cables, "Ctrl+P"),
            ("save_pdf", "Save as P&DF…", self.exports.save_as_pdf, "Ctrl+Shift+P"),
            ("export_cables", "&Export cables…", self.exports.export_cables, "Ctrl+E"),
            ("export_notes", "Export my &notes…", self.export_my_notes, ""),
            ("import_notes", "Import my n&otes…", self.import_my_notes, ""),
        ):
            action = self._make(name, text, handler, keys, "")
            file_menu.insertAction(first, action) if first else file_menu.addAction(action)
        self._add(_menu(window, "&Go"), "history", "&History…", self.show_history, "Ctrl+H")
        self._add(research, "save_search", "Save current &search…", self.save_search)
        self.saved_menu = research.addMenu("Saved searc&hes")
        self.saved_menu.aboutToShow.connect(self._fill_saved_menu)
        self._add(research, "all_notes", "All &notes and highlights…", self.show_all_notes)
        self.exports.busy_changed.append(
            lambda busy: self.actions["export_cables"].setEnabled(not busy)
        )
        self.marks_panel: MarksPanel | None = None
        self.marks_counter: MarksCounter | None = None
        if host.add_browse_section is not None:
            self.marks_counter = MarksCounter(cast(MarksSource, store), self)
            self.marks_panel = MarksPanel(cast(MarksSource, store), counter=self.marks_counter)
            self.marks_panel.saved_toggled.connect(self._on_saved_toggled)
            host.add_browse_section(
                self.marks_panel, self.marks_panel.filter_node, self.marks_panel.changed
            )
            # cables dragged from the list
            accept_drops(self, self.marks_panel, self.marks_panel.cables_dropped)
        if host.list_view is not None:
            install_list_menu(self, host.list_view)
        host.events.cable_opened.connect(self.on_cable_opened)
        host.events.search_run.connect(self.record_search)
        host.events.search_changed.connect(self._show_search)
        host.events.store_changed.connect(self._marks_changed)
        if host.list_view is not None:  # another desk's stars, collections, saved searches
            self.marks_watch = UserDataWatch(store, host.list_view)
            self.marks_watch.changed.connect(self._marks_changed)
        host.events.closing.connect(self.stop)
        app = QCoreApplication.instance()
        if app is not None:  # a session ending without closing the window
            app.aboutToQuit.connect(self.stop)

    def stop(self) -> None:
        """Before the window goes: the counting thread and a running export end."""
        self.read_marker.cancel()
        self.exports.stop()
        if self.marks_counter is not None:
            self.marks_counter.stop()

    def _make(self, name: str, text: str, handler: Any, keys: str, tip: str) -> QAction:
        action = QAction(text, self.host.window)
        action.setObjectName(f"action_{name}")
        if keys:
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: self._run(handler))
        self.host.window.addAction(action)
        self.actions[name] = action
        return action

    def _add(
        self, menu: QMenu, name: str, text: str, handler: Any, keys: str = "", tip: str = ""
    ) -> None:
        menu.addAction(self._make(name, text, handler, keys, tip))

    def _run(self, handler: Any) -> None:
        """A locked or read-only store is something to tell, not a crash in a slot."""
        try:
            handler()
        except StoreError as error:
            self._status(f"Not saved: {error}")

    def _status(self, text: str) -> None:
        self.host.window.statusBar().showMessage(text, 5000)

    def targets(self) -> list[str]:
        return self._targets()

    def _targets(self) -> list[str]:
        """The selected cables, or the one being read."""
        selected = self.host.selected_reference_ids()
        current = self.host.current_reference_id()
        return selected or ([current] if current else [])

    # -- marking ---------------------------------------------------------------------

    def on_cable_opened(self, reference_id: str, anchor: str) -> None:
        """Opening a cable puts it in the history, and marks it read when the setting
        says (now, after a delay, or never)."""
        try:
            already_read = reference_id in self.store.read_ids()
            self.store.record_history(
                "cable", f"{reference_id}#{anchor}" if anchor else reference_id
            )
        except StoreError as error:  # a read-only or locked store still reads
            self._status(f"Not marked read: {error}")
        else:
            self.read_marker.opened(reference_id, already_read)
        self.notes_panel.show_cable(reference_id)

    def _mark_read(self, reference_id: str) -> None:
        try:
            self.store.mark_read([reference_id])
        except StoreError as error:
            self._status(f"Not marked read: {error}")
            return
        self._marks_changed()  # the browse panel's counts are read again

    def record_search(self, query_text: str) -> None:
        """For the window to call when a search runs (see the hooks in host.py)."""
        if query_text.strip():
            self.store.record_history("search", query_text.strip())

    def _reader_marks_edited(self) -> None:
        """The reader's menu or keys changed a note or highlight."""
        self.notes_panel.refresh()
        self._refresh_panel()

    def _redraw_reader(self) -> None:
        if self.reader_marks is not None:
            self.reader_marks.marks.reload()

    def _marks_changed(self) -> None:
        if self.marks is not None:
            self.marks.reload()
        self._refresh_panel()
        if self.marks_watch is not None:  # what was just read needs no second reading
            self.marks_watch.catch_up()

    def _refresh_panel(self) -> None:
        if self.marks_panel is not None:
            self.marks_panel.refresh()

    def _notes_imported(self) -> None:
        self.notes_panel.refresh()
        self._redraw_reader()
        self._marks_changed()

    def toggle_star(self) -> None:
        targets = self._targets()
        if not targets:
            return
        stars = self.store.stars()
        self.set_star(None if all(ref in stars for ref in targets) else DEFAULT_STAR)

    def set_star(self, colour: str | None) -> None:
        """Star the targets in a colour, or unstar them (None): the key and the list's menu."""
        targets = self._targets()
        if not targets:
            return
        if colour is None:
            self.store.unstar(targets)
            self._status(f"Unstarred {len(targets)} cables")
        else:
            self.store.star(targets, colour)
            self._status(f"Starred {len(targets)} cables")
        self._marks_changed()

    def toggle_read(self) -> None:
        targets = self._targets()
        if not targets:
            return
        read = self.store.read_ids()
        self.set_read(not all(ref in read for ref in targets))

    def set_read(self, read: bool) -> None:
        targets = self._targets()
        if not targets:
            return
        self.store.mark_read(targets, read=read)
        if self.read_marker.pending in targets:  # marked by hand: the delay must not undo it
            self.read_marker.cancel()
        self._marks_changed()
        self._status(f"Marked {len(targets)} cables {'read' if read else 'unread'}")

    def mark_all_read(self) -> None:
        self._status(f"Marked {self.store.mark_all_read()} cables read")
        self._marks_changed()

    def add_note(self) -> None:
        self.notes_panel.show_cable(self.host.current_reference_id())
        self.notes_dock.show()
        self.notes_panel.add_note()
        self._refresh_panel()

    def highlight_selection(self, colour: str = DEFAULT_HIGHLIGHT, note: str = "") -> bool:
        """Keep the reader's selection as a highlight of its paragraph."""
        reference_id = self.host.current_reference_id()
        paragraph, text = self.host.selection()
        quote = (text or "").strip()
        if reference_id is None or paragraph is None or not quote:
            self._status("Select some text in one paragraph to highlight it")
            return False
        span = locate_quote(paragraph.text, quote)
        if span is None:
            self._status("A highlight is kept within one paragraph: select text inside one")
            return False
        start, end = span
        self.store.add_highlight(
            reference_id, paragraph.anchor, start, end, paragraph.text[start:end], colour, note
        )
        self.notes_panel.refresh()
        self._redraw_reader()
        self._refresh_panel()
        self._status(f"Highlighted {len(quote)} characters")
        return True

    def add_to_collection(
        self, name: str | None = None, reference_ids: Sequence[str] | None = None
    ) -> int:
        targets = list(reference_ids) if reference_ids is not None else self._targets()
        if not targets:
            return 0
        if name is None:
            names = [c.name for c in self.store.collections()]
            name, ok = QInputDialog.getItem(
                self.host.window,
                "Add to collection",
                f"Add {len(targets)} cables to:",
                names,
                0,
                True,
            )
            if not ok or not name.strip():
                return 0
        added = self.store.add_to_collection(name, targets)
        self._refresh_panel()
        self._status(f"Added {added} cables to {' '.join(name.split())}")
        return added


def install_research_commands(
    window: QMainWindow, store: CableStore | ExportSource, host: ResearchHost | None = None
) -> ResearchCommands:
    """The main window's one call: adds the research menus, actions and Notes dock.

    The window holds its store as a CableStore; the user-data methods are the separate
    UserDataStore protocol until the two are joined, so the store is taken as both here
    (SqliteCableStore is both)."""
    commands = ResearchCommands(host or host_for_window(window), cast(ExportSource, store))
    return commands
