"""When an opened cable is marked read (issue 14): on opening, after N seconds, or never,
chosen in Research ▸ Mark cables read and kept in the MARK_READ_AFTER setting.

The delay's timer is driven by the test (its timeout emitted by hand), never waited for."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QMenu

from cablereader.importer.run import import_sources
from cablereader.store.sqlite_store import SqliteCableStore
from cablereader.ui.main_window import MainWindow
from cablereader.ui.research.commands import install_research_commands
from cablereader.ui.window_settings import ALL_SETTINGS, MARK_READ_AFTER
from tests.reliability.synthetic import make_cable, site_page


@pytest.fixture
def opened(qtbot, tmp_path: Path):
    rng = random.Random(5)
    folder = tmp_path / "pages"
    folder.mkdir()
    refs = []
    for n, station in enumerate(("LIMA", "PARIS", "BERN"), 1):
        cable = make_cable(rng, n, station)
        refs.append(cable.reference_id)
        (folder / f"{cable.reference_id}.html").write_bytes(site_page(cable))
    store = SqliteCableStore(tmp_path / "cables.db")
    assert import_sources(store, [folder]).failed == 0

    def make() -> tuple[MainWindow, object]:
        window = MainWindow(store)
        qtbot.addWidget(window)
        commands = getattr(window, "research", None) or install_research_commands(window, store)
        window.show()
        qtbot.waitExposed(window)
        return window, commands

    yield make, store, refs
    store.close()


def _choose(qtbot, window: MainWindow, text: str) -> None:
    """Pick an entry of Research ▸ Mark cables read, as the reader does."""
    menu = window.findChild(QMenu, "markReadMenu")
    assert menu is not None
    action = next(a for a in menu.actions() if a.text().replace("&", "").startswith(text))
    action.trigger()


def test_the_setting_is_declared_once_and_read_on_opening_is_the_default(opened) -> None:
    make, store, refs = opened
    assert MARK_READ_AFTER in ALL_SETTINGS and MARK_READ_AFTER.get() == 0
    window, commands = make()
    assert commands.read_marker.on_opening.isChecked()
    assert window.open_cable(refs[0])
    assert refs[0] in store.read_ids() and not commands.read_marker.timer.isActive()


def test_after_a_delay_only_the_cable_stayed_on_is_marked(qtbot, opened, monkeypatch) -> None:
    make, store, refs = opened
    window, commands = make()
    marker = commands.read_marker
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(lambda *a, **k: (7, True)))
    _choose(qtbot, window, "After")
    assert MARK_READ_AFTER.get() == 7 and marker.after_delay.isChecked()
    assert marker.after_delay.text() == "&After 7 seconds…"

    assert window.open_cable(refs[0])
    assert refs[0] not in store.read_ids()
    assert marker.timer.isActive() and marker.timer.interval() == 7000
    assert window.open_cable(refs[1])  # left before the time was up: stays unread
    assert marker.pending == refs[1] and marker.timer.isActive()
    marker.timer.timeout.emit()  # seven seconds on refs[1]
    assert store.read_ids() == {refs[1]} and not marker.timer.isActive()
    delegate = commands.marks
    assert delegate is not None and not delegate.is_unread(refs[1])
    assert delegate.is_unread(refs[0])  # the list shows it bold still
    panel = commands.marks_panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.up_to_date)
    assert panel.counts()["Unread"] == "2"

    # Back to a paragraph of the cable whose time is running: its time keeps running.
    assert window.open_cable(refs[2])
    assert window.open_cable(refs[2], "par1")
    assert marker.pending == refs[2] and marker.timer.isActive()
    marker.timer.timeout.emit()
    assert refs[2] in store.read_ids()

    # An already read cable needs no timer; a cancelled dialog keeps the choice.
    assert window.open_cable(refs[1])
    assert not marker.timer.isActive()
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(lambda *a, **k: (30, False)))
    _choose(qtbot, window, "After")
    assert MARK_READ_AFTER.get() == 7 and marker.after_delay.isChecked()


def test_never_automatically_and_the_choice_is_remembered(qtbot, opened) -> None:
    make, store, refs = opened
    window, commands = make()
    _choose(qtbot, window, "Never")
    assert window.open_cable(refs[0])
    assert store.read_ids() == set() and not commands.read_marker.timer.isActive()
    commands.actions["toggle_read"].trigger()  # by hand it still works
    assert store.read_ids() == {refs[0]}
    window.close()

    again, commands_again = make()  # the next session keeps the choice
    assert commands_again.read_marker.never.isChecked()
    assert again.open_cable(refs[1]) and refs[1] not in store.read_ids()
    _choose(qtbot, again, "On opening")
    assert MARK_READ_AFTER.get() == 0
    assert again.open_cable(refs[2]) and refs[2] in store.read_ids()


def test_switching_to_never_cancels_a_running_delay(qtbot, opened) -> None:
    make, store, refs = opened
    MARK_READ_AFTER.set(3)
    window, commands = make()
    assert window.open_cable(refs[0]) and commands.read_marker.timer.isActive()
    _choose(qtbot, window, "Never")
    assert not commands.read_marker.timer.isActive() and commands.read_marker.pending is None
    assert store.read_ids() == set()


def test_marking_by_hand_while_the_delay_runs_is_not_undone(qtbot, opened) -> None:
    make, store, refs = opened
    MARK_READ_AFTER.set(10)
    window, commands = make()
    marker = commands.read_marker
    assert window.open_cable(refs[0]) and marker.pending == refs[0]
    commands.actions["toggle_read"].trigger()  # read now, by hand
    commands.actions["toggle_read"].trigger()  # and unread again: so it stays
    assert not marker.timer.isActive() and marker.pending is None
    marker.timer.timeout.emit()
    assert refs[0] not in store.read_ids()
