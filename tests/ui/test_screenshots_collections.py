"""Screenshots of collecting (issue 14), light and dark: Research ▸ Collections… with a
collection's cables in order, and the cable list's context menu on a selection with
its Star submenu beside it.

Written to screenshots/ as tests/ui/test_screenshots_marks.py does; each is checked to
be a real picture, and every entry of the menus and every row of the dialog to show
whole."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QMenu

from cablereader.ui.main_window import MainWindow
from cablereader.ui.research.list_menu import build_list_menu
from tests.ui.test_screenshots import SCREENSHOTS, dark_palette


@pytest.fixture(scope="module")
def collections_store(tmp_path_factory: pytest.TempPathFactory, corpus: Path):
    from cablereader.importer.run import import_sources
    from cablereader.store.sqlite_store import SqliteCableStore

    path = tmp_path_factory.mktemp("collections-store") / "cables.db"
    opened = SqliteCableStore(path, person="ana")
    assert import_sources(opened, [corpus / "cablegate-201012"]).failed == 0
    yield opened
    opened.close()


@pytest.fixture(params=["light", "dark"])
def theme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    original = QApplication.palette()
    if request.param == "dark":
        QApplication.setPalette(dark_palette())
    yield request.param
    QApplication.setPalette(original)


def _colours(image: QImage) -> int:
    step = max(1, image.width() // 60)
    return len({image.pixel(x, y) for x in range(0, image.width(), step)
                for y in range(0, image.height(), step)})


def _save(pixmap: QPixmap, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    assert pixmap.save(str(path))
    image = QImage(str(path))
    assert not image.isNull() and _colours(image) > 8
    return path


def _window(qtbot, store) -> MainWindow:
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    refs = [window.list_model.reference_at(row) or "" for row in range(10)]
    if not store.collections():
        store.add_to_collection("Brief for Tuesday", refs[:6])
        store.add_to_collection("Energy & oil", refs[6:9])
        store.set_person("ben")
        store.add_to_collection("Ben's reading list", refs[2:4])
        store.set_person("ana")
        store.star(refs[1:2], "red")
    return window


def _whole(menu: QMenu) -> None:
    """Every entry's text fits the menu's width."""
    metrics = menu.fontMetrics()
    for action in menu.actions():
        if action.isSeparator():
            continue
        rect = menu.actionGeometry(action)
        label = action.text().split("\t")[0].replace("&&", "\0").replace("&", "")
        assert rect.width() >= metrics.horizontalAdvance(label.replace("\0", "&")), label
        assert menu.rect().contains(rect), label


def test_screenshot_of_the_list_menu(qtbot, collections_store, theme) -> None:
    window = _window(qtbot, collections_store)
    view = window.table
    view.setCurrentIndex(window.list_model.index(1, 0))
    view.selectionModel().select(
        window.list_model.index(3, 0),
        view.selectionModel().SelectionFlag.Select | view.selectionModel().SelectionFlag.Rows,
    )
    pos = view.visualRect(window.list_model.index(3, 0)).center()
    menu = build_list_menu(window.research, view, pos)
    assert menu is not None
    assert window.research.targets() == [
        window.list_model.reference_at(1), window.list_model.reference_at(3)]
    star = next(a.menu() for a in menu.actions()
                if a.menu() and a.menu().objectName() == "starMenu")
    for shown in (menu, star):  # laid out as when they pop up (a popup grabs the keyboard,
        shown.ensurePolished()  # which the offscreen platform cannot do)
        shown.resize(shown.sizeHint())
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert "Re&move from collection" in texts or any("Andean" in t for t in texts)
    _whole(menu)
    _whole(star)
    shots = [menu.grab(), star.grab()]
    gap = 12
    both = QPixmap(shots[0].width() + gap + shots[1].width(),
                   max(s.height() for s in shots))
    both.fill(QApplication.palette().window().color())
    painter = QPainter(both)
    painter.drawPixmap(0, 0, shots[0])
    painter.drawPixmap(shots[0].width() + gap, 0, shots[1])
    painter.end()
    assert both.width() > 300 and both.height() > 180
    _save(both, f"list-menu-{theme}")


def test_screenshot_of_the_collections_dialog(qtbot, collections_store, theme) -> None:
    window = _window(qtbot, collections_store)
    dialog = window.research.show_collections()
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    assert dialog.select("Brief for Tuesday")
    dialog.items.setCurrentRow(2)
    QApplication.processEvents()
    assert dialog.table.topLevelItemCount() == 3
    assert dialog.items.count() == 6
    # Every collection row and cable row inside the view, names and counts not cut off.
    table = dialog.table
    metrics = table.fontMetrics()
    for i in range(table.topLevelItemCount()):
        item = table.topLevelItem(i)
        assert table.visualItemRect(item).bottom() <= table.viewport().height()
        assert metrics.horizontalAdvance(item.text(0)) <= table.columnWidth(0), item.text(0)
        assert metrics.horizontalAdvance(item.text(2)) <= table.columnWidth(2), item.text(2)
    items = dialog.items
    last = items.visualItemRect(items.item(items.count() - 1))
    assert last.bottom() <= items.viewport().height()
    for button in (dialog.up_button, dialog.down_button, dialog.remove_button,
                   dialog.open_button, dialog.rename_button, dialog.delete_button):
        assert button.width() >= button.sizeHint().width(), button.text()
    path = _save(dialog.grab(), f"collections-{theme}")
    assert QImage(str(path)).width() >= 800
