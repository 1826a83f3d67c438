"""The browse panel's "Your marks" section (issue 14): starred, unread, with notes, each
collection and each saved search, with the store's counts (counted in a thread); ticking
marks filters the list, ticked marks being alternatives AND-ed with the search field;
ticking a saved search puts it back (its text and its browse ticks)."""

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


def _settled(qtbot, commands: ResearchCommands):
    """The panel once the counts asked for last have come back from the counting thread."""
    panel = commands.marks_panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.up_to_date)
    return panel


def _counts(qtbot, commands: ResearchCommands) -> dict[str, str]:
    return _settled(qtbot, commands).counts()


def test_the_section_lists_marks_with_counts_and_follows_changes(qtbot, marked) -> None:
    window, commands, store, refs = marked
    panel = commands.marks_panel
    assert panel is not None and window.facets.isAncestorOf(panel)
    assert commands.marks_counter is not None and commands.marks_counter.threaded
    assert _counts(qtbot, commands) == {"Starred": "0", "Unread": "4", "With notes": "0"}

    assert window.open_cable(refs[0])  # opening marks it read: the count follows
    commands.actions["star"].trigger()
    assert commands.add_to_collection("Andes") == 1
    store.add_note(refs[1], "the energy figures")
    window.search_field.setText("origin:Bern")
    assert commands.save_search("Bern only")
    window.search_timer.stop()  # not searched: no timer left running for the next test
    assert _counts(qtbot, commands) == {
        "Starred": "1",
        "Unread": "3",
        "With notes": "1",
        "Collection: Andes": "1",
        "Saved search: Bern only": "1",
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
    _settled(qtbot, commands)
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
    panel.set_ticked("origin:Bern", True)  # a saved search is put back, not AND-ed
    assert _listed(window) == {refs[2]}
    assert window.search_field.text() == "origin:Bern"
    panel.set_ticked("origin:Bern", False)
    assert window.search_field.text() == "" and len(_listed(window)) == 4

    # a ticked mark follows a star given while it is ticked
    panel.set_ticked("is:starred", True)
    assert window.open_cable(refs[3])
    commands.actions["star"].trigger()
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert _listed(window) == {refs[1], refs[3]}


def test_a_saved_search_keeps_its_text_ticks_and_dates_and_ticking_puts_them_back(
    qtbot, marked
) -> None:
    from cablereader.store.api import Facet

    window, commands, store, refs = marked
    panel = _settled(qtbot, commands)
    cable = store.fetch_cable(refs[0]).cable
    month = cable.created[:7]
    # The browse values come from the facet counting thread: tick one once it is there.
    origin_shown = window.facet_model.value_index
    qtbot.waitUntil(lambda: origin_shown(Facet.ORIGIN, cable.origin).isValid())
    window.facet_model.set_checked(Facet.ORIGIN, cable.origin, True)
    window.version_commands.timeline.span_chosen.emit(month, month)  # a span on the timeline
    assert window.search_field.text() == f"from:{month} to:{month}"
    dates_shown = window.facets.dates.isVisibleTo
    qtbot.waitUntil(lambda: dates_shown(window.facets))  # once the counts are in
    assert _listed(window) == {refs[0]}
    assert commands.save_search("Lima that month")
    [saved] = store.saved_searches()
    assert saved.query == f"from:{month} to:{month}"
    assert saved.selections == (("origin", (cable.origin,)),)
    # Its count is that of the whole search, text and ticks, and its tick shows it is on.
    assert _counts(qtbot, commands)["Saved search: Lima that month"] == "1"
    assert ("Saved search: Lima that month", saved.query, True) in panel.entries()

    window.facet_model.clear_selection()  # another search: the saved one is no longer on
    window.version_commands.timeline.span_cleared.emit()
    assert window.search_field.text() == "" and len(_listed(window)) == 4
    assert ("Saved search: Lima that month", saved.query, False) in panel.entries()
    qtbot.waitUntil(lambda: not dates_shown(window.facets))

    panel.set_ticked(saved.query, True)  # as the reader ticks it
    assert window.search_field.text() == f"from:{month} to:{month}"
    assert window.facet_model.selections() == ((Facet.ORIGIN, (cable.origin,)),)
    qtbot.waitUntil(lambda: dates_shown(window.facets))
    assert _listed(window) == {refs[0]}
    assert window.list_model.cable_filter == window.current_filter()

    window.search_field.setText("something else")  # editing it: no longer the saved one
    assert ("Saved search: Lima that month", saved.query, False) in panel.entries()
    window.search_field.setText(f"from:{month}   to:{month}")  # the same words again
    assert ("Saved search: Lima that month", saved.query, True) in panel.entries()
    panel.set_ticked(saved.query, False)  # unticked: the search is cleared
    assert window.search_field.text() == "" and window.facet_model.selections() == ()
    assert len(_listed(window)) == 4
    window.search_timer.stop()


def test_a_search_with_ticks_only_is_listed_and_counted(qtbot, marked) -> None:
    from cablereader.store.api import Facet

    window, commands, store, refs = marked
    origin = store.fetch_cable(refs[1]).cable.origin
    store.save_search("Paris", "", [("origin", [origin]), ("no-such-facet", ["x"])])
    commands._refresh_panel()
    assert _counts(qtbot, commands)["Saved search: Paris"] == "1"
    origin_shown = window.facet_model.value_index
    qtbot.waitUntil(lambda: origin_shown(Facet.ORIGIN, origin).isValid())
    _settled(qtbot, commands).set_ticked("", True)  # its query is empty: only ticks
    assert window.facet_model.selections() == ((Facet.ORIGIN, (origin,)),)
    assert _listed(window) == {refs[1]}
    assert ("Saved search: Paris", "", True) in _settled(qtbot, commands).entries()


def test_the_counts_are_counted_off_the_gui_thread(qtbot, marked, monkeypatch) -> None:
    import threading

    from cablereader.ui.research import marks_counter

    window, commands, store, refs = marked
    panel = _settled(qtbot, commands)
    held = threading.Event()
    counted_in: list[threading.Thread] = []
    original = marks_counter.count_marks

    def held_count(source):
        counted_in.append(threading.current_thread())
        assert held.wait(30)
        return original(source)

    monkeypatch.setattr(marks_counter, "count_marks", held_count)
    store.star([refs[2]])
    panel.refresh()
    qtbot.waitUntil(lambda: bool(counted_in))
    assert counted_in[0] is not threading.main_thread()
    assert not panel.up_to_date and panel.counts()["Starred"] == "0"  # the old ones stay
    qtbot.mouseClick(window.search_field, Qt.MouseButton.LeftButton)  # the window answers
    qtbot.keyClicks(window.search_field, "energy")
    assert window.search_field.text() == "energy"
    held.set()
    assert _counts(qtbot, commands)["Starred"] == "1"
    window.search_timer.stop()


def test_marks_written_by_another_program_show(qtbot, marked) -> None:
    from cablereader.store.api import Facet

    window, commands, store, refs = marked
    store.star([refs[0]])
    commands._marks_changed()
    _settled(qtbot, commands).set_ticked("is:starred", True)
    assert _listed(window) == {refs[0]}
    other = SqliteCableStore(store.path)  # e.g. `cablereader star` in a terminal
    try:
        other.star([refs[3]], "red")
        other.save_search("Tokyo", "origin:Tokyo")
    finally:
        other.close()
    assert window.store_watch.check()  # what its poll timer does every 1.5 s
    counts = _counts(qtbot, commands)
    assert counts["Starred"] == "2" and counts["Saved search: Tokyo"] == "1"
    assert commands.marks is not None and commands.marks.star_of(refs[3]) == "red"
    assert _listed(window) == {refs[0], refs[3]}  # the list under the ticked Starred too
    # and the browse counts under it, from the facet-counting thread's own connection
    qtbot.waitUntil(lambda: window.facets.up_to_date)
    origins = window.facet_model.counts(Facet.ORIGIN)
    assert {k: v for k, v in origins.items() if v} == {"Embassy Lima": 1, "Embassy Tokyo": 1}


def test_a_saved_search_puts_back_ticks_of_values_the_browse_panel_does_not_list(
    qtbot, marked
) -> None:
    from cablereader.store.api import Facet

    window, commands, store, refs = marked
    lima = store.fetch_cable(refs[0]).cable.origin
    store.save_search("Lima", "", [("origin", [lima])])
    window.search_field.setText("origin:Bern")  # under it, the panel lists Bern only
    window.apply_filter()
    qtbot.waitUntil(lambda: window.facets.up_to_date)
    assert not window.facet_model.value_index(Facet.ORIGIN, lima).isValid()
    panel = _settled(qtbot, commands)
    commands._refresh_panel()
    _settled(qtbot, commands).set_ticked("", True)
    assert window.search_field.text() == ""
    assert window.facet_model.selections() == ((Facet.ORIGIN, (lima,)),)
    assert _listed(window) == {refs[0]}
    qtbot.waitUntil(lambda: window.facet_model.value_index(Facet.ORIGIN, lima).isValid())
    assert window.facet_model.is_checked(Facet.ORIGIN, lima)
    assert ("Saved search: Lima", "", True) in panel.entries()
