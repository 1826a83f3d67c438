"""Marking and collecting in the window (issue 14): the list's context menu on a whole
selection, dragging rows onto a collection in the browse panel, and Research ▸
Collections… (rename, delete, reorder, remove, open; everyone's or mine)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox

from cablereader.importer.run import import_sources
from cablereader.store.sqlite_store import SqliteCableStore
from cablereader.ui.cable_list_model import REFIDS_MIME
from cablereader.ui.main_window import MainWindow
from cablereader.ui.research.collections_dialog import CollectionsDialog
from cablereader.ui.research.dialogs import ExportDialog
from cablereader.ui.research.list_menu import build_list_menu
from tests.reliability.synthetic import make_cable, site_page

STATIONS = ("LIMA", "PARIS", "BERN", "TEHRAN", "MADRID")


@pytest.fixture
def store(tmp_path: Path):
    rng = random.Random(14)
    folder = tmp_path / "pages"
    folder.mkdir()
    for n, station in enumerate(STATIONS, 1):
        cable = make_cable(rng, n, station)
        (folder / f"{cable.reference_id}.html").write_bytes(site_page(cable))
    opened = SqliteCableStore(tmp_path / "cables.db", person="ana")
    assert import_sources(opened, [folder]).failed == 0
    yield opened
    opened.close()


@pytest.fixture
def window(qtbot, store) -> MainWindow:
    shown = MainWindow(store)
    qtbot.addWidget(shown)
    shown.resize(1200, 700)
    shown.show()
    qtbot.waitExposed(shown)
    panel = shown.research.marks_panel
    qtbot.waitUntil(lambda: panel.up_to_date)
    return shown


def refs_in_list(window: MainWindow) -> list[str]:
    model = window.list_model
    return [model.reference_at(row) or "" for row in range(model.rowCount())]


def select_rows(window: MainWindow, rows: list[int]) -> None:
    from PySide6.QtCore import QItemSelectionModel

    view = window.table
    view.setCurrentIndex(window.list_model.index(rows[0], 0))
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows[1:]:
        view.selectionModel().select(window.list_model.index(row, 0), flags)


def row_point(window: MainWindow, row: int):
    return window.table.visualRect(window.list_model.index(row, 0)).center()


def menu_at(window: MainWindow, row: int) -> QMenu:
    menu = build_list_menu(window.research, window.table, row_point(window, row))
    assert menu is not None
    return menu


def actions_of(menu: QMenu) -> dict[str, QAction]:
    """Every action of the menu and its submenus by object name (the reused ones too)."""
    found: dict[str, QAction] = {}
    for action in menu.actions():
        if action.menu() is not None:
            found.update(actions_of(action.menu()))
        if action.objectName():
            found[action.objectName()] = action
    return found


def test_the_list_menu_acts_on_the_whole_selection(window, store) -> None:
    refs = refs_in_list(window)
    select_rows(window, [0, 2])
    menu = menu_at(window, 2)  # a selected row: the selection stays
    assert window.research.targets() == [refs[0], refs[2]]
    acts = actions_of(menu)
    assert {"open", "star_red", "unstar", "mark_read", "mark_unread", "new_collection",
            "copy_links", "export_selected", "action_print", "action_star"} <= set(acts)
    # The keys show without a second binding: the star and print entries are the
    # Research and File menus' own actions; the others carry the key as text.
    assert acts["action_star"] is window.research.actions["star"]
    assert acts["action_print"] is window.research.actions["print"]
    assert "Ctrl+Shift+M" in acts["mark_read"].text() + acts["mark_unread"].text()
    assert acts["export_selected"].text().endswith("\tCtrl+E")
    shortcuts = [a.shortcut().toString() for a in window.findChildren(QAction)
                 if not a.shortcut().isEmpty()]
    assert len(shortcuts) == len(set(shortcuts))

    acts["star_red"].trigger()
    assert {ref: star.colour for ref, star in store.stars().items()} == {
        refs[0]: "red", refs[2]: "red"}
    assert window.statusBar().currentMessage() == "Starred 2 cables"
    actions_of(menu_at(window, 0))["unstar"].trigger()
    assert store.stars() == {}
    actions_of(menu_at(window, 0))["mark_read"].trigger()
    assert {refs[0], refs[2]} <= store.read_ids()
    again = actions_of(menu_at(window, 0))
    assert again["mark_unread"].text().endswith("\tCtrl+Shift+M")  # what the key would do
    again["mark_unread"].trigger()
    assert not {refs[0], refs[2]} & store.read_ids()


def test_a_right_click_off_the_selection_selects_that_row_alone(window) -> None:
    refs = refs_in_list(window)
    select_rows(window, [0, 1])
    actions_of(menu_at(window, 3))["copy_links"].trigger()
    assert window.research.targets() == [refs[3]]
    copied = QGuiApplication.clipboard().text().splitlines()
    assert len(copied) == 1 and refs[3] in copied[0] and copied[0].startswith("https://")
    select_rows(window, [1, 3, 4])
    menu = menu_at(window, 4)
    assert actions_of(menu)["copy_links"].text() == "Copy 3 &links"
    actions_of(menu)["copy_links"].trigger()
    lines = QGuiApplication.clipboard().text().splitlines()
    assert [next(r for r in refs if r in line) for line in lines] == [refs[1], refs[3], refs[4]]
    below = QPoint(5, window.table.viewport().height() - 2)  # under the last of 5 rows
    assert build_list_menu(window.research, window.table, below) is None


def test_collecting_and_removing_from_the_menu(window, store, monkeypatch, qtbot) -> None:
    refs = refs_in_list(window)
    monkeypatch.setattr(QInputDialog, "getText",
                        staticmethod(lambda *_a, **_k: ("Andes & more", True)))
    select_rows(window, [0, 1])
    actions_of(menu_at(window, 0))["new_collection"].trigger()
    assert [i.reference_id for i in store.collection("Andes & more").items] == refs[:2]
    select_rows(window, [2])
    acts = actions_of(menu_at(window, 2))
    assert acts["add:Andes & more"].text() == "Andes && more"  # "&" shown, not a mnemonic
    acts["add:Andes & more"].trigger()
    assert len(store.collection("Andes & more").items) == 3
    # The cable is in the collection: the menu offers to take it out.
    acts = actions_of(menu_at(window, 2))
    assert acts["remove:Andes & more"].text() == "Re&move from collection “Andes && more”"
    # Shown the collection (ticked in the browse panel), removing narrows the list too.
    panel = window.research.marks_panel
    qtbot.waitUntil(lambda: panel.up_to_date and "Collection: Andes & more" in panel.counts())
    panel.set_ticked('in:"Andes & more"', True)
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 3)
    select_rows(window, [0, 1])
    actions_of(menu_at(window, 1))["remove:Andes & more"].trigger()
    assert [i.reference_id for i in store.collection("Andes & more").items] == [refs[2]]
    qtbot.waitUntil(lambda: window.list_model.rowCount() == 1)
    assert window.statusBar().currentMessage() == "Removed 2 cables from Andes & more"
    qtbot.waitUntil(lambda: panel.up_to_date
                    and panel.counts().get("Collection: Andes & more") == "1")


def test_export_selected_opens_the_export_dialog_on_the_selection(window, monkeypatch) -> None:
    chosen: list[str] = []

    def look(dialog: ExportDialog) -> int:
        chosen.append(dialog.scope_box.currentText())
        return ExportDialog.DialogCode.Rejected

    monkeypatch.setattr(ExportDialog, "exec", look)
    select_rows(window, [1, 2])
    actions_of(menu_at(window, 1))["export_selected"].trigger()
    assert chosen == ["Selected cables (2)"]


def drop_on(panel, point, data: QMimeData) -> QDropEvent:
    drop = QDropEvent(QPointF(point), Qt.DropAction.CopyAction, data,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    panel.dropEvent(drop)
    return drop


def test_dragging_rows_onto_a_collection_adds_them(window, store, monkeypatch, qtbot) -> None:
    refs = refs_in_list(window)
    store.add_to_collection("Europe", [refs[4]])
    window.research._marks_changed()
    panel = window.research.marks_panel
    qtbot.waitUntil(lambda: panel.up_to_date and "Collection: Europe" in panel.counts())
    select_rows(window, [1, 3])
    view = window.table
    data = window.list_model.mimeData(view.selectionModel().selectedIndexes())
    assert data.text() == f"{refs[1]}\n{refs[3]}"  # each row once, not once a column
    assert bytes(data.data(REFIDS_MIME).data()).decode() == f"{refs[1]}\n{refs[3]}"
    assert window.list_model.flags(window.list_model.index(0, 0)) & Qt.ItemFlag.ItemIsDragEnabled
    assert view.dragEnabled()

    entry = next(panel.headings[1].child(i) for i in range(panel.headings[1].childCount()))
    drop = drop_on(panel, panel.visualItemRect(entry).center(), data)
    assert drop.isAccepted()
    assert [i.reference_id for i in store.collection("Europe").items] == [refs[4], refs[1], refs[3]]
    assert window.statusBar().currentMessage() == "Added 2 cables to Europe"

    # On the heading: a new collection, named when asked.
    asked: list[str] = []

    def answer(_parent, _title, label, *_rest, **_kw):
        asked.append(label)
        return "Dropped here", True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(answer))
    qtbot.waitUntil(lambda: panel.up_to_date)
    heading = panel.headings[1]
    drop_on(panel, panel.visualItemRect(heading).center(), data)
    qtbot.waitUntil(lambda: store.collection("Dropped here") is not None)
    assert asked == ["Name of a new collection for 2 cables:"]
    assert [i.reference_id for i in store.collection("Dropped here").items] == [refs[1], refs[3]]

    # Plain text (a drag from another program) and drops on a mark are refused.
    text = QMimeData()
    text.setText(refs[0])
    assert not drop_on(panel, panel.visualItemRect(entry).center(), text).isAccepted()
    starred = panel.headings[0].child(0)
    assert not drop_on(panel, panel.visualItemRect(starred).center(), data).isAccepted()


def test_a_drop_with_no_collection_yet_makes_one(window, store, monkeypatch, qtbot) -> None:
    refs = refs_in_list(window)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_a, **_k: ("First", True)))
    panel = window.research.marks_panel
    assert panel.headings[1].isHidden()
    select_rows(window, [0])
    data = window.list_model.mimeData([window.list_model.index(0, 0)])
    assert drop_on(panel, panel.visualItemRect(panel.headings[0]).center(), data).isAccepted()
    qtbot.waitUntil(lambda: store.collection("First") is not None)
    assert [i.reference_id for i in store.collection("First").items] == [refs[0]]


def open_collections(window: MainWindow) -> CollectionsDialog:
    research = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Research")
    action = next(a for a in research.actions() if a.objectName() == "action_collections")
    action.trigger()
    dialog = window.findChild(CollectionsDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_the_collections_dialog_reorders_removes_and_opens(window, store, qtbot) -> None:
    refs = refs_in_list(window)
    store.add_to_collection("Brief", refs[:4])
    dialog = open_collections(window)
    qtbot.addWidget(dialog)
    assert dialog.names() == ["Brief"] and dialog.current_name() == "Brief"
    row = dialog.table.topLevelItem(0)
    assert (row.text(0), row.text(1), row.text(2)) == ("Brief", "4", "ana")
    assert dialog.item_refs() == refs[:4]
    assert dialog.title.text() == "4 cables in “Brief”, in order"

    qtbot.mouseClick(dialog.items.viewport(), Qt.MouseButton.LeftButton,
                     pos=dialog.items.visualItemRect(dialog.items.item(2)).center())
    dialog.up_button.click()
    want = [refs[0], refs[2], refs[1], refs[3]]
    assert dialog.item_refs() == want
    assert [i.reference_id for i in store.collection("Brief").items] == want
    dialog.up_button.click()  # the moved cable stays chosen: it moves on up
    assert dialog.item_refs() == [refs[2], refs[0], refs[1], refs[3]]
    dialog.down_button.click()
    dialog.down_button.click()
    assert [i.reference_id for i in store.collection("Brief").items] == refs[:4]
    panel = window.research.marks_panel
    qtbot.waitUntil(lambda: panel.up_to_date)  # the counts after the moves refresh the dialog
    assert dialog.items.currentItem().data(Qt.ItemDataRole.UserRole) == refs[2]
    # A drag inside the list (InternalMove) moves the model's row: the same save.
    assert dialog.items.model().moveRow(QModelIndex(), 3, QModelIndex(), 0)
    moved = [refs[3], *refs[:3]]
    assert dialog.item_refs() == moved
    assert [i.reference_id for i in store.collection("Brief").items] == moved

    second = dialog.items.visualItemRect(dialog.items.item(1)).center()
    qtbot.mouseClick(dialog.items.viewport(), Qt.MouseButton.LeftButton, pos=second)
    assert [i.data(Qt.ItemDataRole.UserRole) for i in dialog.items.selectedItems()] == [refs[0]]
    dialog.remove_button.click()
    assert [i.reference_id for i in store.collection("Brief").items] == [refs[3], refs[1], refs[2]]
    assert dialog.table.topLevelItem(0).text(1) == "3"
    qtbot.waitUntil(lambda: panel.up_to_date and panel.counts().get("Collection: Brief") == "3")

    dialog.items.itemDoubleClicked.emit(dialog.items.item(2))
    assert window.reader.reference_id == refs[2]
    # Added to from the list while it is open: the dialog shows it.
    select_rows(window, [4])
    actions_of(menu_at(window, 4))["add:Brief"].trigger()
    qtbot.waitUntil(lambda: dialog.item_refs() == [refs[3], refs[1], refs[2], refs[4]])


def test_rename_delete_and_whose_collections(window, store, monkeypatch, qtbot) -> None:
    refs = refs_in_list(window)
    store.add_to_collection("<b>Mine</b>", refs[:2])
    store.set_person("ben")
    store.add_to_collection("Ben's", refs[2:3])
    store.set_person("ana")
    dialog = open_collections(window)
    qtbot.addWidget(dialog)
    assert sorted(dialog.names()) == sorted(["<b>Mine</b>", "Ben's"])
    dialog.scope.setCurrentIndex(1)
    assert dialog.names() == ["<b>Mine</b>"]
    assert dialog.title.text() == "2 cables in “<b>Mine</b>”, in order"
    assert dialog.title.textFormat() == Qt.TextFormat.PlainText
    dialog.scope.setCurrentIndex(0)
    dialog.select("Ben's")
    assert dialog.table.currentItem().text(2) == "ben"

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_a, **_k: ("Bern", True)))
    dialog.rename_button.click()
    assert store.collection("Bern") is not None and store.collection("Ben's") is None
    assert dialog.current_name() == "Bern"
    monkeypatch.setattr(QInputDialog, "getText",
                        staticmethod(lambda *_a, **_k: ("<b>Mine</b>", True)))
    dialog.rename_button.click()  # a name taken is said, nothing changes
    assert store.collection("Bern") is not None
    assert dialog.message.text().startswith("Not changed:")

    asked: list[tuple[str, Qt.TextFormat]] = []

    def answer(box: QMessageBox, yes: bool = True) -> int:
        asked.append((box.text(), box.textFormat()))
        return QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "exec", lambda box: answer(box, yes=False))
    dialog.select("<b>Mine</b>")
    dialog.delete_button.click()
    assert store.collection("<b>Mine</b>") is not None  # cancelled
    monkeypatch.setattr(QMessageBox, "exec", answer)
    dialog.delete_button.click()
    assert store.collection("<b>Mine</b>") is None
    assert asked[-1] == ("Delete the collection “<b>Mine</b>” (2 cables)?\n\n"
                         "The cables stay; only the collection goes.", Qt.TextFormat.PlainText)
    assert dialog.names() == ["Bern"]
    panel = window.research.marks_panel
    qtbot.waitUntil(lambda: panel.up_to_date and "Collection: <b>Mine</b>" not in panel.counts())


def test_the_browse_panel_shows_everyones_or_only_mine(window, store, qtbot) -> None:
    refs = refs_in_list(window)
    store.add_to_collection("Ana's", refs[:1])
    store.save_search("Ana's search", "embassy")
    store.set_person("ben")
    store.add_to_collection("Ben's", refs[1:2])
    store.save_search("Ben's search", "government")
    store.set_person("ana")
    panel = window.research.marks_panel
    window.research._marks_changed()
    qtbot.waitUntil(lambda: panel.up_to_date and "Collection: Ben's" in panel.counts())
    labels = lambda: {label for label, _q, _t in panel.entries()}  # noqa: E731
    assert {"Collection: Ana's", "Collection: Ben's", "Saved search: Ana's search",
            "Saved search: Ben's search"} <= labels()

    heading = panel.headings[1]
    assert panel.heading_menu(panel.visualItemRect(panel.headings[0]).center()) is None
    menu = panel.heading_menu(panel.visualItemRect(heading).center())
    assert menu is not None
    by_name = {a.objectName(): a for a in menu.actions()}
    assert by_name["everyone"].isChecked() and not by_name["mine"].isChecked()
    by_name["mine"].trigger()
    assert "Collection: Ben's" not in labels() and "Collection: Ana's" in labels()
    assert "Saved search: Ben's search" in labels()  # the other section is its own
    assert heading.text(0) == "Collections: mine"
    # A new count keeps the choice; an entry's menu is its section's.
    window.research._marks_changed()
    qtbot.waitUntil(lambda: panel.up_to_date)
    assert "Collection: Ben's" not in labels()
    searches = panel.headings[2]
    entry = searches.child(0)
    menu = panel.heading_menu(panel.visualItemRect(entry).center())
    {a.objectName(): a for a in menu.actions()}["mine"].trigger()
    assert "Saved search: Ben's search" not in labels()
    assert "Saved search: Ana's search" in labels()
    menu = panel.heading_menu(panel.visualItemRect(heading).center())
    {a.objectName(): a for a in menu.actions()}["everyone"].trigger()
    assert "Collection: Ben's" in labels() and heading.text(0) == "Collections"


def test_a_huge_selection_is_not_read_to_open_the_menu(window, store, monkeypatch) -> None:
    """Ctrl+A on the whole archive: the menu opens without reading every selected row;
    the command chosen still acts on all of them."""
    from cablereader.ui.research import list_menu

    monkeypatch.setattr(list_menu, "LOOKUP_LIMIT", 3)
    refs = refs_in_list(window)
    store.add_to_collection("Held", refs[:1])
    window.table.selectAll()
    asked: list[int] = []
    real = window.research.targets
    monkeypatch.setattr(window.research, "targets", lambda: asked.append(1) or real())
    acts = actions_of(menu_at(window, 2))
    assert asked == []  # not read to build the menu
    assert acts["copy_links"].text() == "Copy 5 &links"
    assert not any(name.startswith("remove:") for name in acts)  # not looked up
    acts["star_green"].trigger()
    assert sorted(store.stars()) == sorted(refs)
