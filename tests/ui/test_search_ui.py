"""Search as a user types it: OR between fields, visible problems, help, hits, snippets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QTextBrowser

from cablereader.core.query import parse_query
from cablereader.store.api import CableFilter
from cablereader.ui.main_window import MainWindow
from cablereader.ui.reader.hit_finder import find_hits


@pytest.fixture
def window(qtbot, corpus_store) -> MainWindow:
    shown = MainWindow(corpus_store)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def _search(qtbot, window: MainWindow, text: str) -> None:
    window.search_field.clear()
    qtbot.keyClicks(window.search_field, text)
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)


def _count(store, text: str) -> int:
    return store.count(CableFilter(query=parse_query(text)))


def test_or_between_tags_is_the_union(qtbot, window: MainWindow, corpus_store) -> None:
    prel, pgov = _count(corpus_store, "tag:PREL"), _count(corpus_store, "tag:PGOV")
    both = _count(corpus_store, "tag:PREL tag:PGOV")
    _search(qtbot, window, "tag:PREL OR tag:PGOV")
    assert window.list_model.rowCount() == prel + pgov - both
    assert window.list_model.rowCount() > max(prel, pgov)
    assert window.search_bar.problems.isHidden()


def test_not_and_near_are_operators(qtbot, window: MainWindow, corpus_store) -> None:
    everything = window.list_model.rowCount()
    _search(qtbot, window, "NOT tag:PREL")
    assert window.list_model.rowCount() == everything - _count(corpus_store, "tag:PREL")
    _search(qtbot, window, "minister NEAR/3 foreign")
    near = window.list_model.rowCount()
    assert 0 < near < _count(corpus_store, "minister foreign")


def test_what_cannot_be_applied_shows_under_the_field(qtbot, window: MainWindow) -> None:
    _search(qtbot, window, "lima OR")
    label = window.search_bar.problems
    assert label.isVisible()
    assert label.text() == "OR needs something on both sides; it was left out."
    assert label.textFormat() == Qt.TextFormat.PlainText
    _search(qtbot, window, "lima OR quito")
    assert label.isHidden()
    _search(qtbot, window, "from:2007-13 <b>x</b>")
    assert "from:2007-13 is not a date" in label.text()


def test_question_mark_and_help_menu_open_the_syntax(qtbot, window: MainWindow) -> None:
    qtbot.mouseClick(window.search_bar.help_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(QDialog, "searchSyntaxDialog")
    assert dialog is not None and dialog.isVisible()
    text = dialog.findChild(QTextBrowser, "searchSyntaxText").toPlainText()
    for example in ("tag:PREL OR tag:PGOV", "NEAR/5", '"nuclear program"', "embass*"):
        assert example in text
    dialog.close()
    window.commands["search_syntax"].trigger()
    assert window.findChildren(QDialog, "searchSyntaxDialog")[-1].isVisible()


def test_a_prefix_search_highlights_its_hits(qtbot, window: MainWindow) -> None:
    _search(qtbot, window, "embass*")
    assert window.list_model.rowCount() > 0
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Home)
    assert window.reader.reference_id == window.list_model.reference_at(0)
    assert window.reader.hit_count > 0
    marked = window.reader._hits[0].selectedText().lower()
    assert marked.startswith("embass")


def test_highlighting_folds_accents_and_case_as_the_index_does() -> None:
    text = "São Paulo met SAO PAULO; the sao-paulo office. Sãoo Paulo no."
    hits = find_hits(text, ("sao paulo",), 100)
    assert [text[a:b] for a, b in hits] == ["São Paulo", "SAO PAULO", "sao-paulo"]
    assert find_hits(text, ("são paulo",), 100) == hits
    # A prefix marks the whole word; a phrase is marked before its words.
    hits = find_hits("Embassy embassies EMBASSADOR bassy", ("embass*",), 100)
    assert len(hits) == 3
    hits = find_hits("the nuclear program, nuclear", ("nuclear program", "nuclear"), 100)
    assert hits == [(4, 19), (21, 28)]


def test_positions_count_utf16_units_as_qt_does() -> None:
    text = "\U0001f600 iran"
    assert find_hits(text, ("iran",), 10) == [(3, 7)]


def test_the_list_tooltip_shows_the_hit_snippet_as_plain_text(
    qtbot, window: MainWindow
) -> None:
    _search(qtbot, window, '"german elections"')
    index = window.list_model.index(0, 5)
    tip = window.list_model.data(index, Qt.ItemDataRole.ToolTipRole)
    row = window.list_model.row_at(0)
    assert row is not None
    snippet = window.list_model.snippet(row)
    assert "[german] [elections]" in snippet.lower() or "[german elections]" in snippet.lower()
    assert tip.startswith("<p style='white-space:pre-wrap'>")
    assert "<" not in tip[len("<p style='white-space:pre-wrap'>") : -len("</p>")]
