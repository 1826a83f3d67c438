"""Screenshots of the reader's marks for review (issue 14), light and dark, at 1366x768:
the list with coloured stars and unread cables in bold, and the browse panel's
"Your marks" with collections and saved searches and their counts.

Written to screenshots/ as tests/ui/test_screenshots.py does; each is checked to be a
real picture, and the section to show every entry and count whole."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from cablereader.ui.main_window import MainWindow
from tests.ui.test_screenshots import SCREENSHOTS, _is_picture, dark_palette

SIZE = (1366, 768)
STARS = ("yellow", "red", "green", "blue", "purple")


@pytest.fixture(scope="module")
def marks_store(tmp_path_factory: pytest.TempPathFactory, corpus: Path):
    """One build of the corpus in a store of its own: these marks stay out of the
    corpus store other tests share."""
    from cablereader.importer.run import import_sources
    from cablereader.store.sqlite_store import SqliteCableStore

    path = tmp_path_factory.mktemp("marks-store") / "cables.db"
    opened = SqliteCableStore(path)
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


def _mark(window: MainWindow, store) -> list[str]:
    """Stars of every colour, some cables read, two collections, three saved searches."""
    model = window.list_model
    refs = [model.reference_at(row) for row in range(12)]
    shown = [r for r in refs if r]
    if not store.stars():
        for n, colour in enumerate(STARS):
            store.star([shown[2 * n]], colour)
        store.mark_read(shown[1:12:3])
        store.add_to_collection("Andean elections", shown[0:4])
        store.add_to_collection("Energy and oil", shown[4:7])
        store.add_note(shown[2], "compare with the embassy's earlier report")
        store.save_search("Secret cables", "class:secret")
        store.save_search("Oil, 2009", "oil from:2009-01 to:2009-12")
        store.save_search("Election reporting", "election")
    return shown


def test_screenshot_of_the_marks(qtbot, marks_store, theme) -> None:
    window = MainWindow(marks_store)
    qtbot.addWidget(window)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    shown = _mark(window, marks_store)
    assert window.open_cable(shown[1])
    commands = window.research
    commands._marks_changed()
    panel = commands.marks_panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.up_to_date and window.facets.up_to_date, timeout=120_000)
    QApplication.sendPostedEvents()
    QApplication.processEvents()

    counts = panel.counts()
    assert counts["Starred"] == "5" and counts["Collection: Andean elections"] == "4"
    assert all(counts[f"Saved search: {name}"].isdigit() for name in
               ("Secret cables", "Oil, 2009", "Election reporting"))
    # Every entry shows in full: its row inside the panel, its name and count not cut
    # off (the name after the indentation and the tick box).
    view_height = panel.viewport().height()
    metrics = panel.fontMetrics()
    for item in panel._items():
        rect = panel.visualItemRect(item)
        assert rect.bottom() <= view_height, item.text(0)
        room = panel.columnWidth(0) - 2 * panel.indentation() - 22
        assert metrics.horizontalAdvance(item.text(0)) <= room, item.text(0)
        assert panel.columnWidth(1) >= metrics.horizontalAdvance(item.text(1))
    delegate = commands.marks
    assert delegate is not None and delegate.star_of(shown[2]) == "red"
    assert delegate.is_unread(shown[0]) and not delegate.is_unread(shown[1])

    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"marks-{theme}.png"
    assert window.grab().save(str(path))
    assert path.stat().st_size > 20_000
    assert _is_picture(path)


def _contrast(one: QColor, other: QColor) -> float:
    """WCAG contrast ratio of two colours."""

    def luminance(colour: QColor) -> float:
        def channel(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(v) for v in (colour.redF(), colour.greenF(), colour.blueF()))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_every_star_colour_stands_out_from_the_list(qapp, palette) -> None:
    """3:1 at least against the list's background, as WCAG asks of marks that carry
    meaning; the icons the list draws are measured, not the table of colours."""
    from PySide6.QtGui import QPalette

    from cablereader.ui.research.list_marks import star_icon

    base = (
        dark_palette().color(QPalette.ColorRole.Base) if palette == "dark" else QColor("#ffffff")
    )
    for colour in STARS:
        image = star_icon(colour, 28, dark=palette == "dark").pixmap(28, 28).toImage()
        drawn = [
            image.pixelColor(x, y) for x in range(28) for y in range(28)
            if image.pixelColor(x, y).alpha() == 255
        ]
        assert drawn, colour
        assert min(_contrast(c, base) for c in drawn) >= 3.0, (palette, colour)
