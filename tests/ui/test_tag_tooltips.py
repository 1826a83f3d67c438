"""TAGS in the header pane carry their meanings as tooltips."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip

from cablereader.core.tag_meanings import tag_meaning
from cablereader.ui.reader.reader_view import CableReader


def test_tag_meanings_cover_subject_country_and_organisation_codes() -> None:
    assert tag_meaning("prel") == "External political relations"
    assert tag_meaning("SP") == "Spain" and tag_meaning("GM") == "Germany"
    assert tag_meaning("NATO") == "North Atlantic Treaty Organization"
    assert tag_meaning("ORGANIZED CRIME") is None


def test_hovering_a_tag_shows_its_meaning(qtbot, corpus_store) -> None:
    reader = CableReader(corpus_store)
    qtbot.addWidget(reader)
    reader.resize(900, 700)
    reader.show()
    qtbot.waitExposed(reader)
    assert reader.show_cable("06KIEV1261")
    pane = reader.header_pane
    found = pane.document().find("PREL")
    cursor = QTextCursor(pane.document())
    cursor.setPosition(found.selectionStart() + 1)
    tip = "External political relations. Click to list the cables with this tag."
    assert cursor.charFormat().toolTip() == tip
    point = pane.cursorRect(cursor).center()
    global_point = pane.viewport().mapToGlobal(point)
    QApplication.sendEvent(pane, QHelpEvent(QEvent.Type.ToolTip, point, global_point))
    assert QToolTip.text() == tip
    assert isinstance(point, QPoint)
