"""Searching one's own marks in the window: `is:starred` typed in the search field after
starring through the Research menu, and again after a second star (the store's cached
ids for the same search must not be reused)."""

from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtCore import Qt

from cablereader.importer.run import import_sources
from cablereader.store.sqlite_store import SqliteCableStore
from cablereader.ui.main_window import MainWindow
from cablereader.ui.research.commands import install_research_commands
from tests.reliability.synthetic import make_cable, site_page


def _search(qtbot, window: MainWindow, text: str) -> None:
    window.search_field.clear()
    qtbot.keyClicks(window.search_field, text)
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)


def _listed(window: MainWindow) -> list[str]:
    model = window.list_model
    rows = [model.row_at(row) for row in range(model.rowCount())]
    return [row.reference_id for row in rows if row is not None]


def test_is_starred_in_the_search_field_after_starring(qtbot, tmp_path: Path) -> None:
    rng = random.Random(14)
    folder = tmp_path / "pages"
    folder.mkdir()
    refs = []
    for n, station in enumerate(("LIMA", "PARIS", "BERN"), 1):
        cable = make_cable(rng, n, station)
        refs.append(cable.reference_id)
        (folder / f"{cable.reference_id}.html").write_bytes(site_page(cable))
    store = SqliteCableStore(tmp_path / "cables.db")
    try:
        assert import_sources(store, [folder]).failed == 0
        window = MainWindow(store)
        qtbot.addWidget(window)
        commands = getattr(window, "research", None) or install_research_commands(window, store)
        window.show()
        qtbot.waitExposed(window)

        assert window.open_cable(refs[1])
        commands.actions["star"].trigger()
        _search(qtbot, window, "is:starred")
        assert window.search_bar.problems.isHidden()
        assert _listed(window) == [refs[1]]

        assert window.open_cable(refs[2])
        commands.actions["star"].trigger()
        _search(qtbot, window, "is:starred")
        assert sorted(_listed(window)) == sorted([refs[1], refs[2]])
        _search(qtbot, window, "is:starred -is:unread")  # both were opened, so read
        assert sorted(_listed(window)) == sorted([refs[1], refs[2]])
        _search(qtbot, window, "is:unread")
        assert _listed(window) == [refs[0]]
    finally:
        store.close()
