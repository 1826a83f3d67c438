"""Issue 13, driven as a user would: layout, keyboard, and the list after a search."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from cablereader.store.api import SortKey
from cablereader.ui.cable_list_model import COLUMNS
from cablereader.ui.main_window import MainWindow
from cablereader.ui.window_layout import share_space


@pytest.fixture
def window(qtbot, corpus_store) -> MainWindow:
    shown = MainWindow(corpus_store)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    return shown


def _search(qtbot, window: MainWindow, text: str) -> None:
    window.search_field.setFocus()
    window.search_field.selectAll()
    qtbot.keyClicks(window.search_field, text)
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)


def _column(name: str) -> int:
    return next(i for i, (title, _key) in enumerate(COLUMNS) if title == name)


# -- layout ------------------------------------------------------------------------------


def test_first_window_fits_the_available_screen(qtbot, corpus_store) -> None:
    shown = MainWindow(corpus_store)
    qtbot.addWidget(shown)
    room = shown.screen().availableGeometry()
    assert room.contains(QRect(shown.pos(), shown.size()))


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080)])
def test_first_list_shows_reference_created_and_40_characters_of_subject(
    qtbot, corpus_store, width: int, height: int
) -> None:
    shown = MainWindow(corpus_store)
    qtbot.addWidget(shown)
    shown.resize(width, height)
    shown.show()
    qtbot.waitExposed(shown)
    share_space(shown.splitter, shown.content_splitter, shown.table)
    header = shown.table.horizontalHeader()
    viewport = shown.table.viewport().width()
    metrics = shown.table.fontMetrics()
    for name in ("Reference ID", "Created"):
        column = _column(name)
        assert header.sectionViewportPosition(column) + header.sectionSize(column) <= viewport
    subject = _column("Subject")
    visible = viewport - header.sectionViewportPosition(subject)
    assert min(visible, header.sectionSize(subject)) >= metrics.horizontalAdvance("n" * 40)
    # The widest approximate time fits its column: nothing shows as "19:0…".
    created = header.sectionSize(_column("Created"))
    assert metrics.horizontalAdvance("2009-09-18 19:06 (approx.)") < created - 8
    assert shown.reader.width() >= 320


def test_split_and_list_above_are_remembered(qtbot, corpus_store) -> None:
    first = MainWindow(corpus_store)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.commands["list_above"].trigger()
    assert first.content_splitter.orientation() == Qt.Orientation.Vertical
    first.content_splitter.setSizes([200, 400])
    sizes = first.content_splitter.sizes()
    first.close()
    second = MainWindow(corpus_store)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.commands["list_above"].isChecked()
    assert second.content_splitter.orientation() == Qt.Orientation.Vertical
    assert second.content_splitter.sizes() == sizes


# -- keyboard ----------------------------------------------------------------------------


def test_tab_order_is_search_browse_list_reader(qtbot, window: MainWindow) -> None:
    window.search_field.setFocus()
    order = []
    for _ in range(5):
        order.append(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert order == [window.search_field, window.facets.filter_box, window.facets.tree,
                     window.table, window.reader.body_pane]


def test_tab_never_walks_the_lists_cells(qtbot, window: MainWindow) -> None:
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Home)
    opened = window.reader.reference_id
    qtbot.keyClick(window.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.reader.body_pane
    assert window.reader.reference_id == opened


def test_f6_cycles_the_panes(qtbot, window: MainWindow) -> None:
    window.search_field.setFocus()
    seen = []
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        seen.append(QApplication.focusWidget())
    assert seen == [window.facets.tree, window.table, window.reader.body_pane,
                    window.search_field]
    qtbot.keyClick(window.search_field, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is window.reader.body_pane


def test_enter_opens_and_focuses_the_reader_which_pages_with_space(
    qtbot, window: MainWindow
) -> None:
    row = window.list_model.row_of_reference("09BERLIN1176")
    window.table.setFocus()
    window.table.setCurrentIndex(window.list_model.index(row, 0))
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    assert window.reader.reference_id == "09BERLIN1176"
    pane = window.reader.body_pane
    assert QApplication.focusWidget() is pane
    bar = pane.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    qtbot.keyClick(pane, Qt.Key.Key_Space)
    assert bar.value() == bar.pageStep() or bar.value() == bar.maximum()
    qtbot.keyClick(pane, Qt.Key.Key_PageUp)
    assert bar.value() == 0
    qtbot.keyClick(pane, Qt.Key.Key_PageDown)
    assert bar.value() > 0
    assert window.reader.reference_id == "09BERLIN1176"  # paging never changes cable


def test_focus_is_visible(window: MainWindow) -> None:
    assert ":focus" in window.styleSheet() and "palette(highlight)" in window.styleSheet()


# -- the list after a search, filter or sort ---------------------------------------------


def test_a_search_keeps_the_open_cable_when_it_is_among_the_results(
    qtbot, window: MainWindow
) -> None:
    window.open_cable("09BERLIN1176")
    _search(qtbot, window, "westerwelle")
    assert window.reader.reference_id == "09BERLIN1176"
    current = window.table.currentIndex()
    assert window.list_model.reference_at(current.row()) == "09BERLIN1176"
    assert window.table.viewport().rect().intersects(window.table.visualRect(current))


def test_otherwise_the_first_result_is_selected_and_opened(qtbot, window: MainWindow) -> None:
    window.open_cable("09BERLIN1176")
    _search(qtbot, window, "tag:PREL -westerwelle")
    assert window.table.currentIndex().row() == 0
    assert window.reader.reference_id == window.list_model.reference_at(0)
    assert window.table.verticalScrollBar().value() == 0


def test_after_a_sort_the_selected_cable_stays_in_view(qtbot, window: MainWindow) -> None:
    last = window.list_model.reference_at(window.list_model.rowCount() - 1)
    window.open_cable(last)
    header = window.table.horizontalHeader()
    column = _column("Reference ID")
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.rect().center().__class__(
                         header.sectionViewportPosition(column) + 10, header.height() // 2))
    assert window.list_model.sort_key is SortKey.REFERENCE_ID
    current = window.table.currentIndex()
    assert window.list_model.reference_at(current.row()) == last
    assert window.table.viewport().rect().intersects(window.table.visualRect(current))


def test_classification_sorts_by_level_and_ties_are_newest_first(corpus_store) -> None:
    from cablereader.core.model import CLASSIFICATIONS
    from cablereader.store.api import CableFilter

    ids = corpus_store.query_ids(CableFilter(), SortKey.CLASSIFICATION, False)
    rows = corpus_store.fetch_rows(ids)
    levels = [CLASSIFICATIONS.index(rows[i].classification) for i in ids]
    assert levels == sorted(levels)
    for level in set(levels):
        same = [i for i in ids if CLASSIFICATIONS.index(rows[i].classification) == level]
        created = [rows[i].created for i in same]
        assert created == sorted(created, reverse=True)
    ids = corpus_store.query_ids(CableFilter(), SortKey.CLASSIFICATION, True)
    levels = [CLASSIFICATIONS.index(rows[i].classification) for i in ids]
    assert levels == sorted(levels, reverse=True)
    origin = corpus_store.query_ids(CableFilter(), SortKey.ORIGIN, False)
    first = [rows[i] for i in origin if rows[i].origin == rows[origin[0]].origin]
    assert [r.created for r in first] == sorted((r.created for r in first), reverse=True)
