"""Opening the wizard from the main window, and keeping that window up to date.

Kept here rather than in main_window.py so the window only needs one call per entry
point (File ▸ Import, drops) and one small public method for "Show imported cables".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from cablereader.ui.wizard.wizard import ImportWizard

if TYPE_CHECKING:
    from cablereader.ui.window_api import CableWindow


def open_import_wizard(window: CableWindow, sources: list[str] | None = None) -> bool:
    """Show the wizard over `window`'s store with `sources` filled in.

    Returns False when the store is in memory (nothing to import into); a wizard already
    open is raised and given the new sources instead. The wizard imports through its own
    connection to the same store: the file, or the server's URL.
    """
    location = window.store.path or window.store.location
    if location is None:
        return False
    parent = window.as_widget()
    current = parent.findChild(ImportWizard, "importWizard")
    if current is not None and current.isVisible():
        if sources and current.currentPage() is current.sources_page:
            current.sources_page.add_sources(sources)
        current.raise_()
        current.activateWindow()
        return True
    wizard = ImportWizard(location, sources, parent)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.cables_arrived.connect(window.refresh_from_store)
    wizard.import_done.connect(window.on_import_done)
    wizard.show_run_requested.connect(window.show_import_run)
    wizard.open()
    return True
