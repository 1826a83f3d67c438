"""What the window's helper modules may use of the main window: a narrow interface.

``link_commands``, ``view_commands`` and ``wizard.hookup`` are wired in by
``main_window``; importing ``MainWindow`` back (even only for type checking) made the
UI package an import cycle. They depend on this protocol instead, which ``MainWindow``
satisfies by its shape.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtWidgets import QMainWindow, QStatusBar, QTableView

from cablereader.store.protocol import CableStore
from cablereader.ui.actions import ActionRegistry
from cablereader.ui.cable_list_model import CableListModel
from cablereader.ui.reader.reader_view import CableReader


class CableWindow(Protocol):
    store: CableStore
    reader: CableReader
    list_model: CableListModel
    commands: ActionRegistry

    @property
    def table(self) -> QTableView:
        """Read-only here, so the window may hold a subclass of QTableView."""
        ...

    def as_widget(self) -> QMainWindow:
        """The window itself, as the parent of dialogs and menus."""
        ...

    def statusBar(self) -> QStatusBar: ...

    def open_cable(
        self, reference_id: str, anchor: str | None = None, record: bool = True
    ) -> bool: ...

    def refresh_from_store(self) -> None: ...

    def on_import_done(self, report: Any, error: str) -> None: ...

    def show_import_run(self, run: int) -> None: ...
