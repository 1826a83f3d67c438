"""The research commands on the main window: stars, reads, notes, collections, history,
export, and the notes backup.

`install_research_commands(window, store)` is the one call the main window makes. It
adds a Research menu, File ▸ Export cables… / Export my notes… / Import my notes…,
Go ▸ History…, and a Notes dock; the store and file work goes through the store's
user-data methods and research_io, the same calls as the command line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
)

from cablereader.core.anchoring import locate_quote
from cablereader.core.notes_json import NotesFormatError
from cablereader.core.user_items import DEFAULT_HIGHLIGHT
from cablereader.research_io import (
    SUFFIXES,
    ExportFormat,
    ExportSource,
    export_notes,
    export_records,
    import_notes,
    merge_summary,
    render_export,
    write_file_atomically,
)
from cablereader.store.api import StoreError
from cablereader.store.protocol import CableStore
from cablereader.ui.research.dialogs import AllNotesDialog, ExportDialog, HistoryDialog, Scope
from cablereader.ui.research.host import ResearchHost, host_for_window
from cablereader.ui.research.list_marks import MarksDelegate
from cablereader.ui.research.marks_panel import MarksPanel
from cablereader.ui.research.notes_panel import NotesPanel


def _menu(window: QMainWindow, title: str) -> QMenu:
    """The window's menu of that title ("&File"), made if it has none."""
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and menu.title() == title:
            return menu
    return window.menuBar().addMenu(title)


class ResearchCommands(QObject):
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
        toggle = self.notes_dock.toggleViewAction()
        toggle.setText("Show &notes panel")
        research.addAction(toggle)
        file_menu = _menu(window, "&File")
        first = file_menu.actions()[-1] if file_menu.actions() else None  # before Quit
        for name, text, handler, keys in (
            ("export_cables", "&Export cables…", self.export_cables, "Ctrl+E"),
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
        self.marks_panel: MarksPanel | None = None
        if host.add_browse_section is not None:
            self.marks_panel = MarksPanel(store)
            host.add_browse_section(
                self.marks_panel, self.marks_panel.filter_node, self.marks_panel.changed
            )
        host.events.cable_opened.connect(self.on_cable_opened)
        host.events.search_run.connect(self.record_search)

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

    def _targets(self) -> list[str]:
        """The selected cables, or the one being read."""
        selected = self.host.selected_reference_ids()
        current = self.host.current_reference_id()
        return selected or ([current] if current else [])

    # -- marking ---------------------------------------------------------------------

    def on_cable_opened(self, reference_id: str, anchor: str) -> None:
        """Opening a cable marks it read and puts it in the history."""
        try:
            # The browse panel's counts are read again only when a mark moved.
            was_unread = reference_id not in self.store.read_ids()
            self.store.mark_read([reference_id])
            self.store.record_history(
                "cable", f"{reference_id}#{anchor}" if anchor else reference_id
            )
        except StoreError as error:  # a read-only or locked store still reads
            self._status(f"Not marked read: {error}")
            was_unread = False
        self.notes_panel.show_cable(reference_id)
        if self.marks is not None:
            self.marks.reload()
        if was_unread and self.marks_panel is not None:
            self.marks_panel.refresh()

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

    def _refresh_panel(self) -> None:
        if self.marks_panel is not None:
            self.marks_panel.refresh()

    def toggle_star(self) -> None:
        targets = self._targets()
        if not targets:
            return
        stars = self.store.stars()
        if all(ref in stars for ref in targets):
            self.store.unstar(targets)
            self._status(f"Unstarred {len(targets)} cables")
        else:
            self.store.star(targets)
            self._status(f"Starred {len(targets)} cables")
        self._marks_changed()

    def toggle_read(self) -> None:
        targets = self._targets()
        if not targets:
            return
        read = self.store.read_ids()
        unread = not all(ref in read for ref in targets)
        self.store.mark_read(targets, read=unread)
        self._marks_changed()
        self._status(f"Marked {len(targets)} cables {'read' if unread else 'unread'}")

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

    def add_to_collection(self, name: str | None = None) -> int:
        targets = self._targets()
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

    # -- saved searches and the notes view -------------------------------------------

    def save_search(self, name: str | None = None) -> bool:
        text, selections = self.host.current_search()
        if name is None:
            name, ok = QInputDialog.getText(self.host.window, "Save search", "Name:")
            if not ok:
                return False
        if not name.strip() or not (text.strip() or selections):
            return False
        self.store.save_search(name, text, selections)
        self._refresh_panel()
        self._status(f"Saved the search as {' '.join(name.split())}")
        return True

    def _fill_saved_menu(self) -> None:
        self.saved_menu.clear()
        searches = self.store.saved_searches()
        if not searches:
            self.saved_menu.addAction("(none yet)").setEnabled(False)
        for saved in searches:
            action = self.saved_menu.addAction(saved.name.replace("&", "&&"))
            action.triggered.connect(
                lambda _c=False, s=saved: self.host.apply_search(s.query, s.selections)
            )

    def run_saved_search(self, name: str) -> bool:
        saved = next((s for s in self.store.saved_searches() if s.name == name), None)
        if saved is None:
            return False
        self.host.apply_search(saved.query, saved.selections)
        return True

    def show_all_notes(self) -> AllNotesDialog:
        dialog = AllNotesDialog(self.store, self.host.window)
        dialog.open_cable.connect(lambda ref, anchor: self.host.open_cable(ref, anchor or None))
        dialog.setModal(False)
        dialog.show()
        return dialog

    # -- history ---------------------------------------------------------------------

    def show_history(self) -> HistoryDialog:
        dialog = HistoryDialog(self.store, self.host.window)
        dialog.open_cable.connect(lambda ref, anchor: self.host.open_cable(ref, anchor or None))
        dialog.setModal(False)
        dialog.show()
        return dialog

    # -- export ----------------------------------------------------------------------

    def scopes(self) -> list[Scope]:
        current = self.host.current_reference_id()
        scopes = [
            Scope("This cable", (current,) if current else (), current or ""),
            Scope("Selected cables", tuple(self.host.selected_reference_ids()), "Selected cables"),
            Scope("Current results", tuple(self.host.result_reference_ids()), "Search results"),
        ]
        for collection in self.store.collections():
            refs = tuple(i.reference_id for i in collection.items)
            scopes.append(Scope(f"Collection “{collection.name}”", refs, collection.name))
        return scopes

    def export_cables(self) -> None:
        dialog = ExportDialog(self.scopes(), self.host.window)
        if dialog.exec() != ExportDialog.DialogCode.Accepted:
            return
        chosen = dialog.chosen()
        if chosen is None:
            return
        scope, fmt = chosen
        suggested = "".join(ch if ch.isalnum() else "-" for ch in scope.title)[:60] or "cables"
        path, _filter = QFileDialog.getSaveFileName(
            self.host.window, "Export cables", suggested + SUFFIXES[fmt]
        )
        if path:
            self.export_to(Path(path), scope, fmt)

    def export_to(self, path: Path, scope: Scope, fmt: ExportFormat) -> list[str]:
        """Write the export file; returns the IDs that are not in the store."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            records, missing = export_records(
                self.store, scope.reference_ids, self.host.link_settings()
            )
            write_file_atomically(path, render_export(records, fmt, scope.title))
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._status(f"Exported {len(records)} cables to {path.name}")
        return missing

    def export_my_notes(self, path: Path | None = None) -> bool:
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self.host.window, "Export my notes", "cablereader-notes.json", "JSON (*.json)"
            )
            if not chosen:
                return False
            path = Path(chosen)
        export_notes(self.store, path)
        self._status(f"Your notes were written to {path.name}")
        return True

    def import_my_notes(self, path: Path | None = None) -> str | None:
        """Merge a notes backup; returns the summary shown, None if nothing was imported."""
        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(
                self.host.window, "Import my notes", "", "JSON (*.json)"
            )
            if not chosen:
                return None
            path = Path(chosen)
        try:
            report = import_notes(self.store, path)
        except (NotesFormatError, OSError) as error:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                "Import my notes",
                f"{path.name} was not imported: {error}",
                parent=self.host.window,
            )
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.open()
            return None
        summary = merge_summary(report)
        self.notes_panel.refresh()
        self._redraw_reader()
        self._marks_changed()
        self._status(f"Imported {path.name}: {summary}")
        return summary


def install_research_commands(
    window: QMainWindow, store: CableStore | ExportSource, host: ResearchHost | None = None
) -> ResearchCommands:
    """The main window's one call: adds the research menus, actions and Notes dock.

    The window holds its store as a CableStore; the user-data methods are the separate
    UserDataStore protocol until the two are joined, so the store is taken as both here
    (SqliteCableStore is both)."""
    commands = ResearchCommands(host or host_for_window(window), cast(ExportSource, store))
    return commands
