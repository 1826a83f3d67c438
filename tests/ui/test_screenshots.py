"""Screenshots of the main window for review: light and dark, three kinds of cable.

They go to screenshots/ at the repository root (gitignored), the only place a test may
write in the tree. Each is checked to be a real picture, not a blank grab.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication

from cablereader.ui.main_window import MainWindow

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
CABLES = (
    ("ordinary", "09PARIS504", None),
    ("partial", "05LIMA4377", "par13"),
    ("references", "09BERLIN1176", None),
)


def dark_palette() -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2b2b",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1e1e",
        QPalette.ColorRole.AlternateBase: "#262626",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.Highlight: "#2f65ca",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#7fb3ff",
        QPalette.ColorRole.LinkVisited: "#c09cff",
        QPalette.ColorRole.ToolTipBase: "#353535",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.PlaceholderText: "#8a8a8a",
        QPalette.ColorRole.Mid: "#9a9a9a",
        QPalette.ColorRole.Light: "#505050",
        QPalette.ColorRole.Midlight: "#404040",
        QPalette.ColorRole.Dark: "#181818",
        QPalette.ColorRole.Shadow: "#000000",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6f6f6f"))
    return palette


@pytest.fixture(params=["light", "dark"])
def theme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    original = QApplication.palette()
    if request.param == "dark":
        QApplication.setPalette(dark_palette())
    yield request.param
    QApplication.setPalette(original)


def _is_picture(path: Path) -> bool:
    """Non-trivial: big enough, and more than a handful of distinct colours."""
    image = QImage(str(path))
    if image.isNull() or image.width() < 1000 or image.height() < 600:
        return False
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37)
               for y in range(0, image.height(), 23)}
    return len(colours) > 20


@pytest.mark.parametrize(("kind", "reference_id", "anchor"), CABLES)
def test_screenshot(qtbot, corpus_store, theme, kind, reference_id, anchor) -> None:
    window = MainWindow(corpus_store)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    if kind == "ordinary":
        window.search_field.setText("election")
        window.apply_filter()
    assert window.open_cable(reference_id, anchor)
    qtbot.waitUntil(lambda: window.facets.up_to_date, timeout=300_000)  # counts from a thread
    QApplication.sendPostedEvents()  # the first-show layout requests, done now, not waited for
    QApplication.processEvents()
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"main-{kind}-{theme}.png"
    assert window.grab().save(str(path))
    assert path.stat().st_size > 20_000
    assert _is_picture(path)
