"""Issue 13's reader details, as a user meets them: the title line, folded address
lists, contrast, theme, Cited by, F3, ¶ clicks, the missing-cable banner, last cable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import QApplication, QListWidget

from cablereader.ui.main_window import MainWindow
from cablereader.ui.reader.cable_html import NO_HEADER
from cablereader.ui.theme import (
    AA_CONTRAST,
    choose_theme,
    contrast,
    dark_palette,
    light_palette,
    muted_for,
)


@pytest.fixture
def window(qtbot, corpus_store) -> MainWindow:
    shown = MainWindow(corpus_store)
    qtbot.addWidget(shown)
    shown.resize(1366, 740)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def _click_anchor_text(qtbot, pane, text: str) -> None:
    cursor = pane.document().find(text)
    assert not cursor.isNull(), text
    middle = QTextCursor(cursor)
    middle.setPosition((cursor.selectionStart() + cursor.selectionEnd()) // 2)
    rect = pane.cursorRect(middle)
    qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_subject_is_a_title_line_above_the_reader(window: MainWindow, corpus_store) -> None:
    window.open_cable("09BERLIN1176")
    subject = corpus_store.fetch_cable("09BERLIN1176").cable.subject
    assert window.reader.title.isVisible()
    assert window.reader.title.text() == subject
    assert window.reader.title.textFormat() == Qt.TextFormat.PlainText
    assert window.reader.title.wordWrap()


def test_long_address_lists_fold_and_expand(qtbot, window: MainWindow) -> None:
    window.open_cable("06LAPAZ3449")  # 41 INFO addressees
    pane = window.reader.header_pane
    text = pane.toPlainText()
    assert "+ 40 more" in text
    assert text.index("SUBJECT") < 800  # SUBJECT is no longer below the fold
    _click_anchor_text(qtbot, pane, "+ 40 more")
    assert "+ 40 more" not in pane.toPlainText()
    assert len(pane.toPlainText()) > len(text)


def test_no_header_is_worded_truthfully(window: MainWindow) -> None:
    window.open_cable("06PARIS1031")
    assert NO_HEADER in window.reader.header_pane.toPlainText()
    assert "No header in this source." not in window.reader.header_pane.toPlainText()


@pytest.mark.parametrize("palette", [light_palette(), dark_palette()], ids=["light", "dark"])
def test_secondary_text_meets_wcag_aa(palette) -> None:
    from PySide6.QtGui import QPalette

    label = muted_for(palette)
    assert contrast(label, palette.color(QPalette.ColorRole.Window)) >= AA_CONTRAST
    note = muted_for(palette, on_base=True)
    assert contrast(note, palette.color(QPalette.ColorRole.Base)) >= AA_CONTRAST
    # Still secondary: not simply the text colour.
    assert label != palette.color(QPalette.ColorRole.WindowText)
    # The old colours failed: #B8B8B8 on #FBFBFB, #888888 on white.
    assert contrast(QColor("#B8B8B8"), QColor("#FBFBFB")) < 2
    assert contrast(QColor("#888888"), QColor("#ffffff")) < AA_CONTRAST


def test_view_theme_switches_and_the_labels_follow(qtbot, window: MainWindow) -> None:
    from PySide6.QtGui import QPalette

    window.open_cable("09BERLIN1176")
    try:
        window.findChild(type(window.commands["about"]), "theme_dark").trigger()
        base = QApplication.palette().color(QPalette.ColorRole.Base)
        assert base.lightness() < 128
        window.reader.reference_box.setPalette(QApplication.palette())
        title = window.reader.reference_box.titles[0]
        colour = QColor(title.styleSheet().split("color: ")[1].rstrip(";"))
        background = QApplication.palette().color(QPalette.ColorRole.Window)
        assert contrast(colour, background) >= AA_CONTRAST
    finally:
        choose_theme("system")
    assert QApplication.palette().color(QPalette.ColorRole.Base).lightness() >= 128


def test_opening_from_cited_by_switches_to_the_cable_tab(qtbot, window: MainWindow) -> None:
    window.open_cable("08PARIS1501")
    reader = window.reader
    reader.tabs.setCurrentIndex(1)
    cited: QListWidget = reader.cited_by
    target = cited.item(0).data(Qt.ItemDataRole.UserRole)
    cited.setFocus()
    cited.setCurrentRow(0)
    qtbot.keyClick(cited, Qt.Key.Key_Return)
    assert reader.reference_id == target
    assert reader.tabs.currentIndex() == 0
    row = window.list_model.row_of_reference(target)
    assert window.table.currentIndex().row() == row


def test_f3_centres_the_hit_and_says_which_it_is(qtbot, window: MainWindow) -> None:
    window.search_field.setFocus()
    qtbot.keyClicks(window.search_field, "government")
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    window.open_cable("09BERLIN1176")
    reader = window.reader
    assert reader.hit_count >= 3
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F3)
    assert window.statusBar().currentMessage() == f"Hit 2 of {reader.hit_count}"
    pane = reader.body_pane
    bar = pane.verticalScrollBar()
    middle = pane.viewport().height() // 2
    y = pane.cursorRect().center().y()
    if 0 < bar.value() < bar.maximum():  # centred unless the text's end stops it
        assert abs(y - middle) <= pane.fontMetrics().height() * 2


def test_a_pilcrow_click_copies_without_moving_the_view(qtbot, window: MainWindow) -> None:
    window.open_cable("09BERLIN1176")
    pane = window.reader.body_pane
    bar = pane.verticalScrollBar()
    bar.setValue(bar.maximum() // 3)
    kept = bar.value()
    cursor = pane.cursorForPosition(QPoint(5, pane.viewport().height() // 2))
    block = cursor.block()
    found = pane.document().find("¶", block.position())
    assert not found.isNull()
    rect = pane.cursorRect(QTextCursor(pane.document().findBlock(found.selectionStart())))
    middle = QTextCursor(found)
    middle.setPosition(found.selectionStart())
    rect = pane.cursorRect(middle)
    qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=rect.center() + QPoint(3, 0))
    assert bar.value() == kept
    assert window.statusBar().currentMessage().startswith("Copied")
    assert "¶" in window.statusBar().currentMessage()
    assert QApplication.clipboard().text().startswith("http")


def test_pilcrow_tooltip_says_what_it_copies(window: MainWindow) -> None:
    window.open_cable("05LIMA4377")
    cursor = window.reader.body_pane.document().find("¶")
    cursor.setPosition(cursor.selectionStart() + 1)
    assert cursor.charFormat().toolTip().startswith("Copy link to ¶")


def test_last_cable_is_per_store_and_missing_opens_quietly(qtbot, corpus_store, store) -> None:
    first = MainWindow(corpus_store)
    qtbot.addWidget(first)
    first.open_cable("06KIEV1261")
    first.close()
    other = MainWindow(store)  # an empty store: nothing remembered, nothing shown
    qtbot.addWidget(other)
    assert not other.restore_last_cable()
    assert other.reader.missing.isHidden()
    again = MainWindow(corpus_store)
    qtbot.addWidget(again)
    assert again.restore_last_cable()
    assert again.reader.reference_id == "06KIEV1261"


def test_the_welcome_sentence_is_not_clipped(qtbot, store) -> None:
    from PySide6.QtWidgets import QLabel

    shown = MainWindow(store)
    qtbot.addWidget(shown)
    shown.resize(1366, 740)
    shown.show()
    qtbot.waitExposed(shown)
    label = shown.welcome.findChild(QLabel, "welcomeText")
    assert label.height() >= label.heightForWidth(label.width())
    assert "drop folders" in label.text()
