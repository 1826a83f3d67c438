"""The research commands that put a saved search back or open a view of the reader's
marks: Save current search…, Saved searches ▸, ticking one in the browse panel, All
notes and highlights…, Collections…, Go ▸ History….

A mixin of ResearchCommands (commands.py), kept apart so each file has one job: these
open dialogs and restore searches, and own none of the window's actions.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QMenu

from cablereader.research_io import ExportSource
from cablereader.ui.research.all_notes import AllNotesDialog
from cablereader.ui.research.collections_dialog import CollectionsDialog
from cablereader.ui.research.dialogs import HistoryDialog
from cablereader.ui.research.host import ResearchHost
from cablereader.ui.research.marks_panel import MarksPanel


class SavedSearchesAndViews:
    # Set by ResearchCommands.__init__:
    host: ResearchHost
    store: ExportSource
    marks_panel: MarksPanel | None
    saved_menu: QMenu
    _status: Callable[[str], None]
    _refresh_panel: Callable[[], None]
    _marks_changed: Callable[[], None]

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
        """Put a saved search back: its text in the search field, its browse ticks."""
        saved = next((s for s in self.store.saved_searches() if s.name == name), None)
        if saved is None:
            return False
        self.host.apply_search(saved.query, saved.selections)
        return True

    def _on_saved_toggled(self, name: str, on: bool) -> None:
        """A saved search ticked in Your marks runs it; unticked, the search is cleared."""
        if not on:
            self.host.apply_search("", ())
        elif not self.run_saved_search(name):
            self._refresh_panel()  # it went away meanwhile
        self._show_search()

    def _show_search(self) -> None:
        if self.marks_panel is not None:
            self.marks_panel.show_search(*self.host.current_search())

    def show_collections(self) -> CollectionsDialog:
        dialog = CollectionsDialog(self.store, self._marks_changed, self.host.window)
        dialog.open_cable.connect(lambda ref: self.host.open_cable(ref, None))
        if self.marks_panel is not None:  # added to from the list meanwhile: shown
            self.marks_panel.counts_shown.connect(dialog.refresh_if_shown)
        dialog.setModal(False)
        dialog.show()
        return dialog

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
