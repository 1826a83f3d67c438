"""The browse panel's "Your marks" section (issue 14): starred, unread, with notes, each
collection and each saved search, with the store's counts; ticking entries filters the
list, ticked entries being alternatives AND-ed with the search field."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from cablereader.importer.run import import_sources
from cablereader.store.sqlite_store import SqliteCableStore
from cablereader.ui.main_window import MainWindow
from cablereader.ui.research.commands import ResearchCommands, install_research_commands
from tests.reliability.synthetic import make_cable, site_page


@pytest.fixture
def marked(qtbot, tmp_path: Path):
    rng = random.Random(41)
    folder = tmp_path / "pages"
    folder.mkdir()
    refs = []
    for n, station in enumerate(("LIMA", "PARIS", "BERN", "TOKYO"), 1):
        cable = make_cable(rng, n, station)
        refs.append(cable.reference_id)
        (folder / f"{cable.reference_id}.html").write_bytes(site_page(cable))
    store = SqliteCableStore(tmp_path / "cables.db")
    assert import_sources(store, [folder]).failed == 0
    window = MainWindow(store)
    qtbot.addWidget(window)
    commands = getattr(window, "research", None) or install_research_commands(window, store)
    window.show()
    qtbot.waitExposed(window)
    yield window, commands, store, refs
    window.close()
    store.close()


def _listed(window: MainWindow) -> set[str]:
    model = window.list_model
    refs = [model.reference_at(row) for row in range(model.rowCount())]
    return {r for r in refs if r}


def _counts(commands: ResearchCommands) -> dict[str, str]:
    panel = commands.marks_panel
    assert panel is not None
    return {label: panel._items()[i].text(1) for i, (label, _q, _t) in enumerate(panel.entries())}


def test_the_section_lists_marks_with_counts_and_follows_changes(marked) -> None:
    window, commands, store, refs = marked
    panel = commands.marks_panel
    assert panel is not None and window.facets.isAncestorOf(panel)
    assert _counts(commands) == {"Starred": "0", "Unread": "4", "With notes": "0"}

    assert window.open_cable(refs[0])  # opening marks it read: the count follows
    commands.actions["star"].trigger()
    assert commands.add_to_collection("Andes") == 1
    store.add_note(refs[1], "the energy figures")
    window.search_field.setText("origin:Bern")
    assert commands.save_search("Bern only")
    window.search_timer.stop()  # not searched: no timer left running for the next test
    assert _counts(commands) == {
        "Starred": "1",
        "Unread": "3",
        "With notes": "1",
        "Collection: Andes": "1",
        "Saved search: Bern only": "",
    }
    assert [q for _label, q, _t in panel.entries()] == [
        "is:starred", "is:unread", "has:note", 'in:"Andes"', "origin:Bern",
    ]
    assert store.user_counts()["unread"] == 3


def test_ticking_entries_filters_the_list(qtbot, marked) -> None:
    window, commands, store, refs = marked
    panel = commands.marks_panel
    assert panel is not None
    store.star([refs[1]])
    store.add_to_collection("Andes", [refs[0]])
    store.save_search("Bern only", "origin:Bern", [])
    panel.refresh()
    assert len(_listed(window)) == 4

    panel.set_ticked("is:starred", True)
    assert _listed(window) == {refs[1]}
    assert window.search_field.text() == ""  # the search field is left as typed
    panel.set_ticked('in:"Andes"', True)  # ticked entries are alternatives
    assert _listed(window) == {refs[0], refs[1]}
    qtbot.keyClicks(window.search_field, "origin:Lima")
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert _listed(window) == {refs[0]}  # and the search still applies
    window.search_field.clear()
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    panel.set_ticked("is:starred", False)
    panel.set_ticked('in:"Andes"', False)
    assert len(_listed(window)) == 4
    panel.set_ticked("origin:Bern", True)
    assert _listed(window) == {refs[2]}
    panel.set_ticked("origin:Bern", False)

    # a ticked mark follows a star given while it is ticked
    panel.set_ticked("is:starred", True)
    assert window.open_cable(refs[3])
    commands.actions["star"].trigger()
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert _listed(window) == {refs[1], refs[3]}
