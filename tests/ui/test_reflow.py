"""Reading mode: wrapped lines joined on screen, lists/tables/addresses kept, page
breaks dimmed and read through, and everything copied exactly as stored."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextCursor

from cablereader.ui.main_window import MainWindow
from cablereader.ui.reader.reflow import joined_newlines
from cablereader.ui.window_settings import REFLOW

LONG = "The German public does not see the September 27 parliamentary"


def test_running_lines_join_and_structure_stays() -> None:
    text = (
        f"{LONG} \nelections as decisive, and on many foreign policy fronts \nwe see.\n"
        "\nSECSTATE WASHDC\nAMEMBASSY PARIS\n"
        f"{LONG} points:\n- first item of a list here\n- second item of the list\n"
        f"{LONG} table\nName      Votes     Share\n"
    )
    joined = joined_newlines(text)
    newlines = [i for i, ch in enumerate(text) if ch == "\n"]
    assert joined == {newlines[0], newlines[1]}  # only the running paragraph's lines


def test_a_page_break_inside_a_sentence_is_read_through() -> None:
    text = f"{LONG} to resettle a\nSTATE 00018437 002 OF 003\nGuantanamo detainee said."
    joined = joined_newlines(text)
    assert joined == {i for i, ch in enumerate(text) if ch == "\n"}
    ended = f"{LONG} to resettle.\n\nSTATE 00018437 002 OF 003\n\nThe detainee said."
    assert joined_newlines(ended) == set()


@pytest.fixture
def window(qtbot, corpus_store) -> MainWindow:
    shown = MainWindow(corpus_store)
    qtbot.addWidget(shown)
    shown.resize(1366, 740)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def _copy_all(qtbot, window: MainWindow) -> str:
    pane = window.reader.body_pane
    pane.setFocus()
    qtbot.keyClick(pane, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(pane, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    return QGuiApplication.clipboard().text()


def test_reading_mode_is_on_by_default_and_copies_the_stored_text(
    qtbot, window: MainWindow, corpus_store
) -> None:
    assert REFLOW.get() and window.commands["reflow"].isChecked()
    window.open_cable("09BERLIN1176")
    shown = window.reader.body_pane.toPlainText()
    reflowed_copy = _copy_all(qtbot, window)
    window.commands["reflow"].trigger()  # off
    assert not REFLOW.get()
    plain = window.reader.body_pane.toPlainText()
    assert shown.count("\n") < plain.count("\n") // 2
    assert len(shown) == len(plain)  # one space for each newline: positions do not move
    assert reflowed_copy == _copy_all(qtbot, window)
    assert "does not see the September 27 parliamentary elections as" in shown.replace(
        "  ", " ")
    window.commands["reflow"].trigger()
    assert window.reader.body_pane.toPlainText() == shown
    window.reader.scroll_to_anchor("par3")  # anchors still work
    assert window.reader.links.highlighted


def test_page_break_lines_are_dimmed_and_the_sentence_reads_on(window: MainWindow) -> None:
    window.open_cable("10STATE18437")
    pane = window.reader.body_pane
    text = pane.toPlainText()
    assert "resettle a STATE 00018437 002 OF 003 Guantanamo" in text
    found = pane.document().find("STATE 00018437 002 OF 003")
    cursor = QTextCursor(pane.document())
    cursor.setPosition(found.selectionStart() + 1)
    colour = cursor.charFormat().foreground().color()
    normal = pane.palette().color(pane.foregroundRole())
    assert colour.name() != normal.name()
