"""Origins in a narrow browse panel: the kind of post gives way before the place does
(it used to read "…bassy Madrid", "…tary of State")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from cablereader.store.api import Facet
from cablereader.ui.facet_browser import FacetBrowser
from cablereader.ui.facet_model import FacetModel
from cablereader.ui.origin_names import shorten_origin


def _within(width: int):
    return lambda text: len(text) <= width


def test_the_kind_of_post_is_abbreviated_and_the_place_kept() -> None:
    assert shorten_origin("Embassy Madrid", _within(11)) == "Emb. Madrid"
    assert shorten_origin("Consulate Istanbul", _within(14)) == "Cons. Istanbul"
    assert shorten_origin("US Mission USNATO", _within(15)) == "US Miss. USNATO"
    assert shorten_origin("Embassy Addis Ababa", _within(10)) == "Emb. Addis Ababa"  # whole
    assert shorten_origin("Secretary of State", _within(14)) == "Secr. of State"


def test_a_name_that_fits_or_cannot_shorten_is_kept() -> None:
    assert shorten_origin("Embassy Paris", _within(13)) == "Embassy Paris"
    assert shorten_origin("USNATO", _within(2)) == "USNATO"  # the caller elides it
    assert shorten_origin("REO Basrah", _within(3)) == "REO Basrah"


def test_the_browse_panel_shows_the_short_form_and_the_whole_in_the_tooltip(
    qtbot, corpus_store
) -> None:
    model = FacetModel(corpus_store)
    browser = FacetBrowser(model)
    qtbot.addWidget(browser)
    browser.resize(220, 600)
    browser.show()
    qtbot.waitExposed(browser)
    tree = browser.tree
    tree.expand(model.section_index(Facet.ORIGIN))
    index = model.value_index(Facet.ORIGIN, "Embassy Madrid")
    tree.setColumnWidth(0, 110)  # narrower than "Embassy Madrid" in any font here
    option = QStyleOptionViewItem()
    option.initFrom(tree)
    option.rect = tree.visualRect(index)
    option.widget = tree
    tree.itemDelegateForIndex(index).initStyleOption(option, index)
    shown = option.text
    assert shown.startswith("Emb") and shown.endswith("Madrid"), shown
    assert index.data(Qt.ItemDataRole.ToolTipRole) and "Embassy Madrid" in str(
        index.data(Qt.ItemDataRole.ToolTipRole)
    )
