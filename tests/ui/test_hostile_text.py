"""Cable text is data: markup in any field is shown literally and loads nothing.

Qt shows a tooltip (and a label or message box left at AutoText) as HTML whenever the
string "might be rich text", and an ``<img src=...>`` in such HTML makes Qt open that
file. These tests put markup naming a canary file in every field of a cable, show every
place a cable field reaches the screen (tooltips by a real hover event), and check with
inotify that the canary file is never opened and that the text reads back literally.
"""

from __future__ import annotations

import ctypes
import html
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextDocument
from PySide6.QtGui import Qt as QtGui_Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QTableView, QToolTip, QWidget

from cablereader.core.model import Reference
from cablereader.ui.cable_list_model import CableListModel
from cablereader.ui.facet_browser import FacetBrowser
from cablereader.ui.facet_model import SECTIONS, FacetModel
from cablereader.ui.plain_text import plain_message, plain_tooltip
from cablereader.ui.reader.reader_view import CableReader
from tests.ui.conftest import make_cable, write_cables

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="watches files with inotify")

IN_OPEN = 0x20


class OpenWatch:
    """Counts every open(2) of one file, by any code in the process (Qt included)."""

    def __init__(self, path: Path) -> None:
        self._libc = ctypes.CDLL(None, use_errno=True)
        self._fd = self._libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        assert self._fd >= 0
        assert self._libc.inotify_add_watch(self._fd, str(path).encode(), IN_OPEN) >= 0

    def opened(self) -> bool:
        try:
            return len(os.read(self._fd, 4096)) > 0
        except BlockingIOError:
            return False

    def close(self) -> None:
        os.close(self._fd)


@pytest.fixture
def canary(tmp_path: Path) -> Iterator[tuple[str, OpenWatch]]:
    """Markup naming a canary file in three ways Qt would follow, and a watch on it."""
    path = tmp_path / "canary.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n")
    markup = (
        f'<img src="{path}"> <b>bold</b> <a href="file://{path}">link</a>'
        f' <img src="file://{path}">'
    )
    watch = OpenWatch(path)
    assert not watch.opened()
    yield markup, watch
    watch.close()


class RecordingDocument(QTextDocument):
    """A document that records every resource its HTML asks for."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def loadResource(self, kind: int, name: object) -> object:
        self.asked.append(str(name))
        return None


def shown_as(tip: str) -> tuple[str, list[str]]:
    """What Qt's tooltip shows for `tip` (it guesses as QToolTip does), and what it loads."""
    document = RecordingDocument()
    if QtGui_Qt.mightBeRichText(tip):
        document.setHtml(tip)
    else:
        document.setPlainText(tip)
    document.size()  # lays it out: images are fetched here
    return document.toPlainText(), document.asked


def _hover(view: QWidget, viewport: QWidget, point: QPoint) -> str:
    """Send a real tooltip event, as a hover does, and return the tooltip Qt showed."""
    QToolTip.hideText()
    event = QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, event)
    return QToolTip.text()


def _hostile_cables(markup: str):
    target = make_cable(
        "10TESTPOST1",
        subject=f"SUBJECT {markup}",
        origin=f"Embassy {markup}",
        header=f"FM {markup}",
        tags=("PREL", markup),
        sender=markup,
        to=(markup,),
        info=(markup,),
    )
    citing = make_cable(
        "10TESTPOST2",
        subject=f"CITING {markup}",
        origin=f"Consulate {markup}",
        references=(Reference("A", f"10TESTPOST1 {markup}", "10TESTPOST1"),),
    )
    return target, citing


def test_plain_tooltip_shows_any_text_literally() -> None:
    for text in ("<b>x</b>", "a &amp; b", '<img src="/dev/zero">', "two\nlines  spaced", "x"):
        tip = plain_tooltip(text)
        assert tip is not None
        assert shown_as(tip) == (text, [])
    assert plain_tooltip("") is None
    assert plain_tooltip(None) is None
    long = plain_tooltip("y" * 100_000)
    assert long is not None and len(long) < 3000  # a tooltip is a hint, not a reader


def test_cable_list_tooltips_and_cells_are_plain(qtbot, store, canary) -> None:
    markup, watch = canary
    write_cables(store, *_hostile_cables(markup))
    model = CableListModel(store)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(1400, 300)
    view.show()
    qtbot.waitExposed(view)
    subjects = set()
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            tip = index.data(Qt.ItemDataRole.ToolTipRole)
            assert tip is not None
            text, asked = shown_as(tip)
            assert asked == []
            subjects.add(text)
            hovered = _hover(view, view.viewport(), view.visualRect(index).center())
            assert shown_as(hovered)[0] == text
    assert subjects == {f"SUBJECT {markup}", f"CITING {markup}"}
    assert not watch.opened()


def test_browse_tree_tooltips_are_plain(qtbot, store, canary) -> None:
    markup, watch = canary
    write_cables(store, *_hostile_cables(markup))
    model = FacetModel(store)
    browser = FacetBrowser(model)
    qtbot.addWidget(browser)
    browser.resize(400, 900)
    browser.show()
    qtbot.waitExposed(browser)
    tree = browser.tree
    seen = []
    for section in range(len(SECTIONS)):
        parent = model.index(section, 0)
        tree.expand(parent)
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            text, asked = shown_as(index.data(Qt.ItemDataRole.ToolTipRole))
            assert asked == []
            assert text.startswith(index.data(Qt.ItemDataRole.UserRole))  # the value
            seen.append(text)
            tree.scrollTo(index)
            hovered = _hover(tree, tree.viewport(), tree.visualRect(index).center())
            assert shown_as(hovered)[0] == text
    assert f"Embassy {markup}: 1 cables" in seen
    assert f"{markup}: 1 cables" in seen  # the tag
    assert not watch.opened()


def test_reader_and_cited_by_are_plain(qtbot, store, canary) -> None:
    markup, watch = canary
    write_cables(store, *_hostile_cables(markup))
    reader = CableReader(store)
    qtbot.addWidget(reader)
    reader.resize(900, 700)
    reader.show()
    qtbot.waitExposed(reader)
    assert reader.show_cable("10TESTPOST1")
    assert markup in reader.header_pane.toPlainText()
    assert reader.reference_box.values["Origin"].full_text == f"Embassy {markup}"
    for label in reader.reference_box.values.values():
        assert label.textFormat() == Qt.TextFormat.PlainText
    reader.tabs.setCurrentIndex(1)
    item = reader.cited_by.item(0)
    assert markup in item.text()
    text, asked = shown_as(item.toolTip())
    assert (text, asked) == (f"Consulate {markup}, SECRET", [])
    rect = reader.cited_by.visualItemRect(item)
    hovered = _hover(reader.cited_by, reader.cited_by.viewport(), rect.center())
    assert shown_as(hovered)[0] == text
    assert reader.show_cable("10TESTPOST2")
    assert markup in reader.header_pane.toPlainText()
    assert not watch.opened()


def test_reader_tooltips_are_plain(qtbot, store) -> None:
    """The body's own tooltips (redaction, ¶) go through the same helper."""
    write_cables(store, make_cable())
    reader = CableReader(store)
    qtbot.addWidget(reader)
    reader.resize(900, 700)
    reader.show()
    qtbot.waitExposed(reader)
    reader.show_cable("10TESTPOST1")
    pane = reader.body_pane
    found = pane.document().find("XXXXXXXX")
    point = pane.cursorRect(found).center()
    tip = _hover(pane, pane.viewport(), point)
    assert shown_as(tip) == ("redacted", [])


def test_message_boxes_show_text_literally(qtbot, canary) -> None:
    markup, watch = canary
    box = plain_message(None, QMessageBox.Icon.Warning, "t", markup)
    qtbot.addWidget(box)
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert box.text() == markup
    box.show()
    qtbot.waitExposed(box)
    assert not watch.opened()


def test_missing_cable_box_shows_the_id_literally(qtbot, corpus_store, canary) -> None:
    from cablereader.ui.link_commands import explain_missing
    from cablereader.ui.main_window import MainWindow

    markup, watch = canary
    window = MainWindow(corpus_store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    explain_missing(window, markup)  # a banner in the reader now, not a modal box
    banner = window.reader.missing
    assert banner.isVisible()
    shown = banner.text.text()  # our markup around the escaped id
    assert html.escape(markup.upper()) in shown and markup.upper() not in shown
    assert not watch.opened()
