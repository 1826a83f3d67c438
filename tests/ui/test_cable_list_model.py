"""The cable list model against the real corpus: Qt's model checks, paging, SQL sorting."""

from __future__ import annotations

from PySide6.QtCore import Qt

from cablereader.store.api import CableFilter, Facet
from cablereader.ui import cable_list_model
from cablereader.ui.cable_list_model import CableListModel


def test_model_passes_qt_model_checks(qtmodeltester, corpus_store) -> None:
    model = CableListModel(corpus_store)
    qtmodeltester.check(model)
    assert model.rowCount() == 346
    assert model.columnCount() == 7


def test_default_order_is_newest_first(corpus_store) -> None:
    model = CableListModel(corpus_store)
    created = [model.row_at(row).created for row in range(model.rowCount())]
    assert created == sorted(created, reverse=True)


def test_sort_requeries_the_store(corpus_store) -> None:
    model = CableListModel(corpus_store)
    model.sort(0, Qt.SortOrder.AscendingOrder)
    refs = [model.reference_at(row) for row in range(model.rowCount())]
    assert refs == sorted(refs)
    model.sort(4, Qt.SortOrder.DescendingOrder)
    origins = [model.row_at(row).origin for row in range(model.rowCount())]
    assert origins == sorted(origins, reverse=True)


def test_filter_and_reference_lookup(corpus_store) -> None:
    model = CableListModel(corpus_store)
    model.set_filter(CableFilter().with_selection(Facet.ORIGIN, ("Embassy Paris",)))
    assert model.rowCount() == 37
    assert {model.row_at(r).origin for r in range(37)} == {"Embassy Paris"}
    row = model.row_of_reference("09BERLIN1176")
    assert row is None  # a Berlin cable is not among the Paris ones
    model.set_filter(CableFilter())
    row = model.row_of_reference("09berlin1176")
    assert row is not None and model.reference_at(row) == "09BERLIN1176"


def test_rows_are_fetched_in_pages_and_cached(corpus_store, monkeypatch) -> None:
    monkeypatch.setattr(cable_list_model, "PAGE_SIZE", 50)
    monkeypatch.setattr(cable_list_model, "CACHED_PAGES", 2)
    calls: list[int] = []
    original = corpus_store.fetch_rows

    def counting(ids):
        calls.append(len(ids))
        return original(ids)

    monkeypatch.setattr(corpus_store, "fetch_rows", counting)
    model = CableListModel(corpus_store)
    for row in range(50):
        model.data(model.index(row, 0))
    assert calls == [50]  # one page for the first 50 rows
    model.data(model.index(300, 5))
    model.data(model.index(120, 5))
    model.data(model.index(0, 0))  # page 0 was evicted by the LRU
    assert calls == [50, 46, 50, 50]
