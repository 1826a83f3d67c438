"""The browse panel: counts, checking values, how facets combine, Clear."""

from __future__ import annotations

from PySide6.QtCore import Qt

from cablereader.store.api import CableFilter, Facet
from cablereader.ui.facet_browser import FacetBrowser
from cablereader.ui.facet_model import FacetModel


def _counts(model: FacetModel, facet: Facet) -> dict[str, int]:
    """Read counts as the view shows them, through the model's Qt interface."""
    section = model.section_index(facet)
    return {
        # UserRole: the value itself (tags show "PREL · External political relations").
        model.index(r, 0, section).data(Qt.ItemDataRole.UserRole):
        int(model.index(r, 1, section).data())
        for r in range(model.rowCount(section))
    }


def test_sections_show_values_with_counts(qtmodeltester, corpus_store) -> None:
    model = FacetModel(corpus_store)
    qtmodeltester.check(model)
    titles = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert titles == [
        "By origin", "By tag", "By classification", "By year", "By month", "By release date",
        "Changed between versions",
    ]
    assert _counts(model, Facet.ORIGIN)["Embassy Paris"] == 37
    assert sum(_counts(model, Facet.YEAR).values()) == 346


def test_checking_combines_within_and_across_facets(qtbot, corpus_store) -> None:
    model = FacetModel(corpus_store)
    browser = FacetBrowser(model)
    qtbot.addWidget(browser)
    assert not browser.clear_button.isEnabled()
    with qtbot.waitSignal(model.selection_changed):
        model.set_checked(Facet.ORIGIN, "Embassy Paris", True)
    model.set_checked(Facet.ORIGIN, "Embassy Madrid", True)
    flt = CableFilter(selections=model.selections())
    assert corpus_store.count(flt) == 37 + 30  # OR within a facet
    browser.refresh(flt)
    tags = _counts(model, Facet.TAG)
    flt = flt.with_selection(Facet.TAG, ("PREL",))
    model.set_checked(Facet.TAG, "PREL", True)
    assert model.selections() == flt.selections
    assert corpus_store.count(flt) == tags["PREL"]  # AND across facets
    browser.refresh(CableFilter(selections=model.selections()))
    # Origin counts now reflect the tag choice, and checked values stay checked.
    origins = _counts(model, Facet.ORIGIN)
    assert origins["Embassy Paris"] <= 37
    paris = model.value_index(Facet.ORIGIN, "Embassy Paris")
    assert paris.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert browser.clear_button.isEnabled()
    qtbot.mouseClick(browser.clear_button, Qt.MouseButton.LeftButton)
    assert model.selections() == ()
    browser.refresh(CableFilter())
    assert _counts(model, Facet.ORIGIN)["Embassy Paris"] == 37
    assert not browser.clear_button.isEnabled()


def test_refresh_in_place_shrinks_and_grows_to_the_new_counts(qtmodeltester, corpus_store) -> None:
    """Rows are updated in place; after narrowing and widening again, every section must
    hold exactly what the store counts, and the model must stay valid throughout."""
    from cablereader.core.query import parse_query

    model = FacetModel(corpus_store)
    qtmodeltester.check(model)  # keeps watching every signal the refreshes send
    for text in ("iran", "class:secret embassy", "", "tag:PREL", ""):
        flt = CableFilter(query=parse_query(text) if text else None)
        model.refresh(flt)
        for facet in (Facet.ORIGIN, Facet.TAG, Facet.MONTH):
            assert _counts(model, facet) == dict(corpus_store.facet_counts(facet, flt)), text
    assert sum(_counts(model, Facet.YEAR).values()) == 346
