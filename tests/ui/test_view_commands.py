"""Choosing list columns and the reader font, both remembered."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QFontDialog

from cablereader.ui import view_commands
from cablereader.ui.main_window import MainWindow


def test_columns_can_be_hidden_and_shown_but_not_all(qtbot, window: MainWindow) -> None:
    header = window.table.horizontalHeader()
    menu = view_commands.column_menu(header)
    titles = [a.text() for a in menu.actions()]
    assert titles == ["Reference ID", "Created", "Released", "Classification", "Origin",
                      "Subject", "Tags"]
    menu.actions()[6].setChecked(False)
    assert header.isSectionHidden(6)
    for action in view_commands.column_menu(header).actions()[1:6]:
        action.setChecked(False)
    last = view_commands.column_menu(header).actions()[0]
    assert last.isChecked() and not last.isEnabled()  # the last visible column stays
    view_commands.column_menu(header).actions()[6].setChecked(True)
    assert not header.isSectionHidden(6)


def test_reader_font_is_applied_and_remembered(qtbot, window: MainWindow, corpus_store,
                                                monkeypatch) -> None:
    chosen = QFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    chosen.setPointSize(17)
    monkeypatch.setattr(QFontDialog, "getFont", staticmethod(lambda *a, **k: (True, chosen)))
    assert window.open_cable("05LIMA4377")
    window.commands["reader_font"].trigger()
    assert window.reader.body_pane.font().pointSize() == 17
    assert window.reader.header_pane.font().pointSize() == 17
    again = MainWindow(corpus_store)
    qtbot.addWidget(again)
    assert again.reader.body_pane.font().pointSize() == 17


def test_search_results_can_be_ranked_by_relevance(qtbot, window: MainWindow,
                                                    corpus_store) -> None:
    window.search_field.setText("Rafsanjani")
    window.apply_filter()
    window.commands["sort_relevance"].trigger()
    ranked = [window.list_model.reference_at(r) for r in range(window.list_model.rowCount())]
    from cablereader.core.query import parse_query
    from cablereader.store.api import CableFilter

    hits = corpus_store.search(CableFilter(query=parse_query("Rafsanjani")), limit=100)
    assert ranked == [h.row.reference_id for h in hits]
    assert not window.table.horizontalHeader().isSortIndicatorShown()
    window.table.horizontalHeader().sectionClicked.emit(1)
    assert window.table.horizontalHeader().isSortIndicatorShown()
