"""The main window driven as a user would: browse, search, read, follow links, go back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QTextCursor
from PySide6.QtWidgets import QLabel, QLineEdit, QTableView, QTextBrowser, QWizard

from cablereader.core.query import parse_query
from cablereader.store.api import CableFilter, Facet
from cablereader.ui.main_window import BROWSE_PAGE, WELCOME_PAGE, MainWindow
from cablereader.ui.wizard.wizard import ImportWizard


@pytest.fixture
def window(qtbot, corpus_store) -> MainWindow:
    shown = MainWindow(corpus_store)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    return shown


def _check_facet(qtbot, window: MainWindow, facet: Facet, value: str) -> None:
    """Select the value in the browse tree and press Space, as a keyboard user would."""
    tree = window.facets.tree
    tree.expand(window.facet_model.section_index(facet))
    index = window.facet_model.value_index(facet, value)
    assert index.isValid()
    tree.setCurrentIndex(index)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Space)


def _click_text(qtbot, pane: QTextBrowser, text: str) -> None:
    """Click in the middle of the first occurrence of text in a pane."""
    cursor = pane.document().find(text)
    assert not cursor.isNull(), text
    middle = QTextCursor(cursor)
    middle.setPosition((cursor.selectionStart() + cursor.selectionEnd()) // 2)
    pane.setTextCursor(middle)
    pane.ensureCursorVisible()
    rect = pane.cursorRect(middle)
    qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_browse_by_origin_and_tag(qtbot, window: MainWindow, corpus_store) -> None:
    assert window.stack.currentIndex() == BROWSE_PAGE
    assert window.findChild(QTableView, "cableList").model().rowCount() == 346
    assert window.count_label.text() == "346 of 346 cables"
    _check_facet(qtbot, window, Facet.ORIGIN, "Embassy Paris")
    assert window.list_model.rowCount() == 37
    assert window.count_label.text() == "37 of 346 cables"
    _check_facet(qtbot, window, Facet.TAG, "PREL")
    expected = corpus_store.count(
        CableFilter(selections=((Facet.ORIGIN, ("Embassy Paris",)), (Facet.TAG, ("PREL",))))
    )
    assert 0 < expected < 37
    assert window.list_model.rowCount() == expected
    assert window.count_label.text() == f"{expected} of 346 cables"
    qtbot.mouseClick(window.facets.clear_button, Qt.MouseButton.LeftButton)
    assert window.count_label.text() == "346 of 346 cables"


def test_clicking_a_column_header_sorts_in_the_store(qtbot, window: MainWindow) -> None:
    header = window.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(0) + 20, header.height() // 2))
    refs = [window.list_model.reference_at(r) for r in range(window.list_model.rowCount())]
    assert refs == sorted(refs) or refs == sorted(refs, reverse=True)
    assert window.list_model.sort_key.value == "reference_id"


def test_search_phrase_is_debounced(qtbot, window: MainWindow, corpus_store) -> None:
    field = window.findChild(QLineEdit, "searchField")
    qtbot.keyClicks(field, '"german elections"')
    assert window.list_model.rowCount() == 346  # nothing until the typing pauses
    expected = corpus_store.count(CableFilter(query=parse_query('"german elections"')))
    assert 0 < expected < 346
    qtbot.waitUntil(lambda: window.list_model.rowCount() == expected, timeout=300_000)
    assert window.count_label.text() == f"{expected} of 346 cables"
    # The browse counts follow once the list has been shown.
    qtbot.waitUntil(
        lambda: sum(window.facet_model.counts(Facet.YEAR).values()) == expected, timeout=300_000
    )
    window.table.setCurrentIndex(window.list_model.index(0, 0))
    assert window.reader.hit_count > 0
    assert window.reader.current_hit == 0  # opened at the first hit
    qtbot.keyClick(window.table, Qt.Key.Key_F3)
    assert window.reader.current_hit == 1 % window.reader.hit_count
    qtbot.keyClick(window.table, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert window.reader.current_hit == 0
    # Escape in the list must not wipe the query (issue 13); in the field it clears it.
    qtbot.keyClick(window.table, Qt.Key.Key_Escape)
    assert field.text() == '"german elections"'
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert field.text() == ""
    assert window.list_model.rowCount() == 346


def test_open_cable_shows_all_three_panes(qtbot, window: MainWindow, corpus_store) -> None:
    row = window.list_model.row_of_reference("09BERLIN1176")
    rect = window.table.visualRect(window.list_model.index(row, 0))
    window.table.scrollTo(window.list_model.index(row, 0))
    rect = window.table.visualRect(window.list_model.index(row, 0))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.reader.reference_id == "09BERLIN1176"
    cable = corpus_store.fetch_cable("09BERLIN1176").cable
    box = window.reader.reference_box
    assert box.values["Reference ID"].full_text == "09BERLIN1176"
    assert box.values["Origin"].full_text == "Embassy Berlin"
    assert box.values["Classification"].full_text == "CONFIDENTIAL//NOFORN"
    versions = len(corpus_store.fetch_cable("09BERLIN1176").versions)
    assert box.versions_label.text() == f"{versions} versions"
    header = window.reader.header_pane.toPlainText()
    assert "FM AMEMBASSY BERLIN" in header and "MERKEL VS. STEINMEIER" in header
    assert "SECSTATE WASHDC PRIORITY 5271" in header
    body = window.reader.body_pane.toPlainText()
    assert "This is not a \"change\" election." in body
    assert cable.paragraphs[-1].text.strip().splitlines()[-1].strip() in body
    # None of its REF cables are in the development corpus: each says so.
    assert corpus_store.existing_ids(r.reference_id for r in cable.references) == set()
    assert header.count("not in your collection") == len(cable.references)


def test_follow_ref_link_and_go_back(qtbot, window: MainWindow, corpus_store) -> None:
    assert window.open_cable("09PARIS504")
    cable = corpus_store.fetch_cable("09PARIS504").cable
    present = corpus_store.existing_ids(r.reference_id for r in cable.references)
    target = next(r for r in cable.references if r.reference_id in present)
    _click_text(qtbot, window.reader.header_pane, target.text)
    assert window.reader.reference_id == target.reference_id
    assert window.table.currentIndex().row() == window.list_model.row_of_reference(
        target.reference_id)
    qtbot.keyClick(window.table, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.reader.reference_id == "09PARIS504"
    qtbot.keyClick(window.table, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.reader.reference_id == target.reference_id
    qtbot.mouseClick(window.reader.body_pane.viewport(), Qt.MouseButton.BackButton,
                     pos=QPoint(20, 20))
    assert window.reader.reference_id == "09PARIS504"
    assert not window.commands["back"].isEnabled()


def test_keyboard_navigation(qtbot, window: MainWindow) -> None:
    window.open_cable(window.list_model.reference_at(5))
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_J)
    assert window.reader.reference_id == window.list_model.reference_at(6)
    qtbot.keyClick(window.table, Qt.Key.Key_J)
    assert window.reader.reference_id == window.list_model.reference_at(7)
    qtbot.keyClick(window.table, Qt.Key.Key_K)
    assert window.reader.reference_id == window.list_model.reference_at(6)
    qtbot.keyClick(window.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.goto_field.isVisible() and window.goto_field.hasFocus()
    qtbot.keyClicks(window.goto_field, "05LIMA4377#par13")
    qtbot.keyClick(window.goto_field, Qt.Key.Key_Return)
    assert window.reader.reference_id == "05LIMA4377"
    assert not window.goto_field.isVisible()
    assert window.reader.body_pane.verticalScrollBar().value() > 0
    qtbot.keyClick(window.reader.body_pane, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_field.hasFocus()
    qtbot.keyClicks(window.search_field, "jk/")  # typed letters stay in the field
    assert window.search_field.text() == "jk/"
    qtbot.keyClick(window.search_field, Qt.Key.Key_Escape)
    assert window.search_field.text() == ""
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Slash)
    assert window.search_field.hasFocus()


def test_zoom_shortcuts(qtbot, window: MainWindow) -> None:
    window.open_cable("09PARIS504")
    size = window.reader.body_pane.font().pointSizeF()
    qtbot.keyClick(window.table, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.body_pane.font().pointSizeF() > size
    qtbot.keyClick(window.table, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.table, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.body_pane.font().pointSizeF() < size
    qtbot.keyClick(window.table, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.body_pane.font().pointSizeF() == size


def test_settings_remember_layout_and_last_cable(qtbot, corpus_store) -> None:
    first = MainWindow(corpus_store)
    qtbot.addWidget(first)
    first.table.horizontalHeader().resizeSection(5, 333)
    first.table.horizontalHeader().moveSection(6, 0)
    first.open_cable("06KIEV1261")
    first.close()
    second = MainWindow(corpus_store)
    qtbot.addWidget(second)
    assert second.table.horizontalHeader().sectionSize(5) == 333
    assert second.table.horizontalHeader().visualIndex(6) == 0
    assert second.restore_last_cable()
    assert second.reader.reference_id == "06KIEV1261"


def test_hostile_text_in_window_is_literal(qtbot, hostile_store) -> None:
    shown = MainWindow(hostile_store)
    qtbot.addWidget(shown)
    assert shown.open_cable("10TESTPOST1")
    body = shown.reader.body_pane.toPlainText()
    assert "<script>alert(1)</script>" in body
    assert '<img src="http://x">' in body


@pytest.mark.parametrize("how", ["button", "drop"])
def test_empty_store_welcome_and_import(qtbot, store, corpus, monkeypatch, how) -> None:
    """The welcome page's button and a drop both lead into the import wizard."""
    shown = MainWindow(store)
    qtbot.addWidget(shown)
    assert shown.stack.currentIndex() == WELCOME_PAGE
    assert "drop folders" in shown.welcome.findChild(QLabel, "welcomeText").text()
    assert shown.count_label.text() == "0 of 0 cables"
    assert shown.acceptDrops()
    folder = corpus / "cablegate-201011" / "cable" / "2009" / "09"
    expected = len(list(folder.glob("*.html")))
    assert expected > 0
    if how == "button":
        qtbot.mouseClick(shown.welcome.import_button, Qt.MouseButton.LeftButton)
        wizard = shown.findChild(ImportWizard, "importWizard")
        assert wizard is not None and wizard.sources_page.sources() == []
        wizard.sources_page.add_sources([str(folder)])
    else:
        data = QMimeData()
        data.setUrls([QUrl.fromLocalFile(str(folder))])
        drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, data,
                          Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        shown.dropEvent(drop)
        assert drop.isAccepted()
        wizard = shown.findChild(ImportWizard, "importWizard")
        assert wizard is not None and wizard.sources_page.sources() == [str(folder)]
    wizard.next()
    qtbot.waitUntil(lambda: wizard.scan_page.isComplete(), timeout=300_000)
    with qtbot.waitSignal(shown.import_finished, timeout=300_000):
        wizard.button(QWizard.WizardButton.CommitButton).click()
    assert shown.stack.currentIndex() == BROWSE_PAGE
    assert shown.list_model.rowCount() == expected
    assert shown.count_label.text() == f"{expected} of {expected} cables"
    assert f"{expected} added" in shown.statusBar().currentMessage()
    wizard.accept()


def test_dropping_a_link_opens_the_cable(qtbot, corpus_store) -> None:
    shown = MainWindow(corpus_store)
    qtbot.addWidget(shown)
    data = QMimeData()
    data.setUrls([QUrl("https://wikileaks.org/cable/2005/10/05LIMA4377.html#par13")])
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, data,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    shown.dropEvent(drop)
    assert drop.isAccepted()
    assert shown.reader.reference_id == "05LIMA4377"
    assert shown.reader.links.highlighted
