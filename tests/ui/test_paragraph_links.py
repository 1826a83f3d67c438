"""Paragraph links in the window: click a ¶, use the menu and keys, paste links to open."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QMenu, QMessageBox, QTextBrowser, QToolButton

from cablereader.core.links import UrlStyle
from cablereader.ui.main_window import MainWindow
from cablereader.ui.reader.paragraph_links import anchor_range, save_link_settings

LIMA_13 = "https://wikileaks.org/cable/2005/10/05LIMA4377.html#par13"


def _anchor_point(pane: QTextBrowser, anchor: str):
    """Where the ¶ of a paragraph is drawn in the pane's viewport."""
    span = anchor_range(pane, anchor)
    assert span is not None, anchor
    cursor = QTextCursor(pane.document())
    cursor.setPosition(span[0] + 1)  # inside the ¶ character
    pane.setTextCursor(cursor)
    pane.ensureCursorVisible()
    rect = pane.cursorRect(cursor)
    return rect.center() - rect.center().__class__(3, 0)


def test_clicking_a_pilcrow_copies_text_and_html(qtbot, window: MainWindow) -> None:
    assert window.open_cable("05LIMA4377")
    pane = window.reader.body_pane
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=_anchor_point(pane, "par13"))
    data = QGuiApplication.clipboard().mimeData()
    assert data.text() == LIMA_13
    assert data.hasHtml() and f'<a href="{LIMA_13}">05LIMA4377 ¶13</a>' in data.html()
    assert "05LIMA4377 ¶13" in window.statusBar().currentMessage()


def test_opening_a_paragraph_link_scrolls_to_it_and_marks_it(qtbot, window: MainWindow) -> None:
    window.show_goto()
    qtbot.keyClicks(window.goto_field, "05LIMA4377#par13")
    qtbot.keyClick(window.goto_field, Qt.Key.Key_Return)
    pane = window.reader.body_pane
    assert window.reader.reference_id == "05LIMA4377"
    highlighted = window.reader.links.highlighted
    assert len(highlighted) == 1
    marked = highlighted[0].cursor.selection().toPlainText()
    assert marked.lstrip("¶").startswith("13. (U) Starting with Fujimori")
    assert highlighted[0] in pane.extraSelections() or any(
        s.cursor.selectionStart() == highlighted[0].cursor.selectionStart()
        for s in pane.extraSelections()
    )
    span = anchor_range(pane, "par13")
    cursor = QTextCursor(pane.document())
    cursor.setPosition(span[0])
    assert pane.viewport().rect().contains(pane.cursorRect(cursor).center())


def test_context_menu_offers_every_format(qtbot, window: MainWindow) -> None:
    assert window.open_cable("05LIMA4377", "par13")
    pane = window.reader.body_pane
    menu = window.reader.links.context_menu(_anchor_point(pane, "par13"))
    names = {a.objectName() for a in menu.findChildren(QMenu)[0].actions()} if menu.findChildren(
        QMenu) else set()
    assert names == {"copy_url", "copy_html", "copy_markdown", "copy_citation", "copy_chicago",
                     "copy_quote", "copy_post"}
    markdown = next(a for a in menu.findChildren(QMenu)[0].actions()
                    if a.objectName() == "copy_markdown")
    markdown.trigger()
    assert QGuiApplication.clipboard().text() == f"[05LIMA4377 ¶13]({LIMA_13})"
    post = next(a for a in menu.findChildren(QMenu)[0].actions() if a.objectName() == "copy_post")
    post.trigger()
    text = QGuiApplication.clipboard().text()
    assert len(text) <= 280 and "#cablegate #05LIMA4377" in text and LIMA_13 in text
    cable = next(a for a in menu.actions() if a.objectName() == "copy_cable_link")
    cable.trigger()
    assert QGuiApplication.clipboard().text() == (
        "https://wikileaks.org/cable/2005/10/05LIMA4377.html")


def test_the_menu_copies_a_chicago_note_citation(qtbot, window: MainWindow) -> None:
    assert window.open_cable("05LIMA4377", "par13")
    pane = window.reader.body_pane
    menu = window.reader.links.context_menu(_anchor_point(pane, "par13"))
    section = menu.findChildren(QMenu)[0]
    labels = [a.text() for a in section.actions()]
    assert labels.index("Copy Chicago note citation") == labels.index("Copy citation") + 1
    chicago = next(a for a in section.actions() if a.objectName() == "copy_chicago")
    QGuiApplication.clipboard().clear()
    chicago.trigger()
    data = QGuiApplication.clipboard().mimeData()
    text = data.text()
    assert text.startswith('US Embassy Lima, "') and text.endswith(f", {LIMA_13}.")
    assert "cable 05LIMA4377, October 11, 2005, ¶ 13, " in text and ", WikiLeaks, " in text
    assert data.hasHtml() and f'<a href="{LIMA_13}">' in data.html()
    message = window.statusBar().currentMessage()
    assert message.startswith("Copied Chicago note citation to 05LIMA4377 ¶13: US Embassy Lima")


def test_keyboard_copy_uses_the_paragraph_at_the_cursor(qtbot, window: MainWindow) -> None:
    assert window.open_cable("05LIMA4377")
    pane = window.reader.body_pane
    found = pane.document().find("Consequently, under Toledo")
    pane.setTextCursor(found)
    pane.setFocus()
    window.commands["copy_paragraph_link"].trigger()
    assert QGuiApplication.clipboard().text().endswith("05LIMA4377.html#par15")
    window.commands["copy_cable_link"].trigger()
    assert QGuiApplication.clipboard().text().endswith("05LIMA4377.html")


def test_link_style_setting_changes_what_is_copied(qtbot, window: MainWindow) -> None:
    assert window.open_cable("05LIMA4377", "par13")
    save_link_settings(UrlStyle.CABLEGATE)
    assert window.reader.links.copy(window.reader.links.paragraph_for_anchor("par13")) == (
        "https://cablegate.wikileaks.org/cable/2005/10/05LIMA4377.html#par13")
    save_link_settings(UrlStyle.CUSTOM, "https://mirror.example/{refid}.html#{anchor}")
    assert window.reader.copy_cable_link() == "https://mirror.example/05LIMA4377.html"
    menu = window.findChild(QMenu, "linkStyleMenu")
    assert menu is not None and len(menu.actions()) == 4


@pytest.mark.parametrize(
    "text",
    ["05LIMA4377 ¶13", LIMA_13, "cablereader://cable/05LIMA4377#par13",
     "http://cablegate.wikileaks.org/cable/2005/10/05LIMA4377.html#par13"],
)
def test_pasting_a_link_on_the_list_opens_it(qtbot, window: MainWindow, text: str) -> None:
    data = QMimeData()
    data.setText(text)
    QGuiApplication.clipboard().setMimeData(data)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.reference_id == "05LIMA4377"
    assert [s.cursor.selection().toPlainText()[:4] for s in window.reader.links.highlighted] == [
        "¶13."]


def test_a_cable_not_in_the_store_is_named_with_its_public_url(
    qtbot, window: MainWindow, no_browser: list[str]
) -> None:
    # A banner in the reader now (issue 13), not a modal box that blocked every key.
    assert not window.open_cable("09STATE999999")
    assert window.findChild(QMessageBox, "missingCableBox") is None
    banner = window.reader.missing
    assert banner.isVisible()
    assert "09STATE999999</b> is not in your collection" in banner.text.text()
    url = "https://wikileaks.org/plusd/cables/09STATE999999_a.html"
    assert url in banner.text.text()
    assert "09STATE999999 is not in your collection" in window.statusBar().currentMessage()
    banner.text.linkActivated.emit(url)  # what a click on the link does
    assert no_browser == [url]
    qtbot.mouseClick(banner.findChild(QToolButton, "missingClose"), Qt.MouseButton.LeftButton)
    assert banner.isHidden()
