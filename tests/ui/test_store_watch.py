"""The window follows writes made elsewhere: another process, another connection.

A command-line import beside the window used to leave its list, counts and status line
as they were ("50264 of 342 cables"). Now a timer notices the store's data version move
and the window reads again; F5 does it at once. The tests wait on the window's state
(qtbot.waitUntil), never on the clock.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from cablereader.store.api import Facet
from cablereader.store.sqlite_store import SqliteCableStore
from cablereader.ui.main_window import MainWindow
from tests.conftest import ROOT
from tests.reliability.synthetic import make_cable as synthetic_cable
from tests.reliability.synthetic import site_page
from tests.ui.conftest import make_cable, write_cables


def _window(qtbot, store: SqliteCableStore) -> MainWindow:
    window = MainWindow(store)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):  # shortcuts reach the active window only
        window.show()
        window.activateWindow()
    return window


def _write_elsewhere(path: Path, *reference_ids: str) -> None:
    """Cables committed through a connection of its own, as the wizard's worker does."""
    other = SqliteCableStore(path)
    try:
        write_cables(other, *(make_cable(r) for r in reference_ids))
    finally:
        other.close()


def _classification_total(window: MainWindow) -> int:
    return sum(window.facet_model.counts(Facet.CLASSIFICATION).values())


def test_an_import_by_another_process_shows_up(qtbot, store, tmp_path) -> None:
    write_cables(store, make_cable("10TESTPOST1"))
    window = _window(qtbot, store)
    qtbot.waitUntil(lambda: _classification_total(window) == 1, timeout=5000)
    assert window.count_label.text() == "1 of 1 cables"
    pages = tmp_path / "pages"
    pages.mkdir()
    rng = random.Random(3)
    for serial in range(1, 26):
        cable = synthetic_cable(rng, serial)
        (pages / f"{cable.reference_id}.html").write_bytes(site_page(cable))
    result = subprocess.run(
        [sys.executable, "-m", "cablereader", "import", "--db", str(store.path), str(pages)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    qtbot.waitUntil(lambda: window.count_label.text() == "26 of 26 cables", timeout=10_000)
    assert window.list_model.rowCount() == 26
    qtbot.waitUntil(lambda: _classification_total(window) == 26, timeout=10_000)


def test_the_total_is_never_older_than_the_list(qtbot, store) -> None:
    """A search typed after another program imported, before the timer noticed: the list
    is read afresh, and so must the total be."""
    write_cables(store, make_cable("10TESTPOST1"))
    window = _window(qtbot, store)
    # No event is processed from here on, so the watch's timer cannot be what saves the day.
    _write_elsewhere(store.path, "10TESTPOST2", "10TESTPOST3")
    window.search_field.setText("test")
    window.apply_filter()
    assert window.list_model.rowCount() == 3
    assert window.count_label.text() == "3 of 3 cables"


def test_f5_reads_the_store_again(qtbot, store) -> None:
    write_cables(store, make_cable("10TESTPOST1"))
    window = _window(qtbot, store)
    window.store_watch.timer.stop()
    action = window.commands["refresh"]
    assert action.shortcut().toString() == "F5"
    assert action in window.menuBar().actions()[2].menu().actions()  # File, Edit, View
    _write_elsewhere(store.path, "10TESTPOST2")
    assert window.list_model.rowCount() == 1
    qtbot.keyClick(window.table, Qt.Key.Key_F5)
    assert window.list_model.rowCount() == 2
    assert window.count_label.text() == "2 of 2 cables"
    qtbot.waitUntil(lambda: _classification_total(window) == 2, timeout=5000)


def test_the_open_cable_stays_selected_after_a_refresh(qtbot, store) -> None:
    write_cables(store, make_cable("10TESTPOST1"), make_cable("10TESTPOST2"))
    window = _window(qtbot, store)
    assert window.open_cable("10TESTPOST1")
    _write_elsewhere(store.path, "10TESTPOST3")
    window.store_watch.refresh()
    assert window.list_model.rowCount() == 3
    current = window.table.currentIndex()
    assert current.isValid()
    assert window.list_model.reference_at(current.row()) == "10TESTPOST1"


def test_a_read_only_store_says_so(qtbot, store) -> None:
    write_cables(store, make_cable("10TESTPOST1"))
    path = store.path
    assert path is not None
    reader = SqliteCableStore(path, read_only=True)
    try:
        window = _window(qtbot, reader)
        assert "read-only" in window.windowTitle()
        assert window.count_label.text() == "1 of 1 cables (read-only)"
        window.close()
    finally:
        reader.close()
