"""The browse panel as a user ticks through it: a filter box, rows that stay put, tag
meanings in the tree, and a click on a tag in the header filtering by it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from cablereader.core.model import CLASSIFICATIONS
from cablereader.store.api import Facet
from cablereader.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, corpus_store) -> MainWindow:
    shown = MainWindow(corpus_store)
    qtbot.addWidget(shown)
    shown.resize(1366, 740)
    shown.show()
    qtbot.waitExposed(shown)
    shown.facets.refresh(shown.list_model.cable_filter)
    return shown


def _values(window: MainWindow, facet: Facet) -> list[str]:
    model = window.facet_model
    section = model.section_index(facet)
    return [model.index(r, 0, section).data(Qt.ItemDataRole.UserRole)
            for r in range(model.rowCount(section))]


def _visible(window: MainWindow, facet: Facet) -> list[str]:
    section = window.facet_model.section_index(facet)
    return [value for row, value in enumerate(_values(window, facet))
            if not window.facets.tree.isRowHidden(row, section)]


def test_the_filter_box_finds_a_value_by_typing(qtbot, window: MainWindow) -> None:
    box = window.facets.filter_box
    qtbot.keyClicks(box, "lima")
    origins = _visible(window, Facet.ORIGIN)
    assert origins and all("lima" in o.lower() for o in origins)
    assert window.facets.tree.isExpanded(window.facet_model.section_index(Facet.ORIGIN))
    # Tag meanings are searched too: "political" finds PREL.
    box.clear()
    qtbot.keyClicks(box, "external political")
    assert "PREL" in _visible(window, Facet.TAG)
    box.clear()
    assert len(_visible(window, Facet.TAG)) == len(_values(window, Facet.TAG))


def test_tag_meanings_are_in_the_tree(window: MainWindow) -> None:
    index = window.facet_model.value_index(Facet.TAG, "PREL")
    assert index.data() == "PREL · External political relations"
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "External political relations" in tip and "<b>" not in tip


def test_classifications_are_in_level_order(window: MainWindow) -> None:
    shown = _values(window, Facet.CLASSIFICATION)
    assert shown == [c for c in CLASSIFICATIONS if c in shown]


def test_rows_do_not_move_while_ticking(qtbot, window: MainWindow) -> None:
    # Ticking origins changes every other section's counts (as SECRET moved in issue 13).
    tree = window.facets.tree
    before = _values(window, Facet.TAG)
    tree.expand(window.facet_model.section_index(Facet.ORIGIN))
    for value in ("Embassy Paris", "Embassy Berlin"):
        index = window.facet_model.value_index(Facet.ORIGIN, value)
        tree.setFocus()
        tree.setCurrentIndex(index)
        qtbot.keyClick(tree, Qt.Key.Key_Space)
        assert window.facet_model.hold_order
        window.facets.refresh(window.list_model.cable_filter)  # the new counts arrive
        after = _values(window, Facet.TAG)
        # Values shown before keep their order; values new to the section come last.
        assert [v for v in after if v in before] == [v for v in before if v in after]
        assert after[: len([v for v in after if v in before])] == [
            v for v in after if v in before]
        before = after
    assert window.facet_model.is_checked(Facet.ORIGIN, "Embassy Berlin")
    # Away from the tree, the next counts may be ordered by count again.
    window.search_field.setFocus()
    assert not window.facet_model.hold_order


def test_a_click_on_a_tag_in_the_header_filters_by_it(qtbot, window: MainWindow) -> None:
    window.open_cable("06KIEV1261")
    pane = window.reader.header_pane
    found = pane.document().find("PREL")
    cursor = QTextCursor(pane.document())
    cursor.setPosition(found.selectionStart() + 1)
    qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton,
                     pos=pane.cursorRect(cursor).center())
    assert window.facet_model.is_checked(Facet.TAG, "PREL")
    assert all("PREL" in (window.list_model.row_at(r).tags or "").split()
               for r in range(window.list_model.rowCount()))
    assert window.reader.reference_id == "06KIEV1261"  # it has the tag: still being read
