"""Screenshots of the main window for review: light and dark, three kinds of cable, and
the reader's own marks (highlights in three colours, note marks, the Notes dock).

They go to screenshots/ at the repository root (gitignored), the only place a test may
write in the tree. Each is checked to be a real picture, not a blank grab.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from cablereader.core.anchoring import locate_quote
from cablereader.ui.main_window import MainWindow
from cablereader.ui.theme import dark_palette

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
CABLES = (
    ("ordinary", "09PARIS504", None),
    ("partial", "05LIMA4377", "par13"),
    ("references", "09BERLIN1176", None),
)


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


MARKED = "09STATE72112"  # short numbered paragraphs: three marks fit in one view


def test_screenshot_of_notes_and_highlights(qtbot, corpus_store, theme) -> None:
    """A cable with three highlights (one with a note), notes on two paragraphs and on
    the cable, the Notes dock open, at a laptop's 1366x768. The marks are removed
    afterwards: the corpus store is shared by the session."""
    cable = corpus_store.fetch_cable(MARKED).cable
    first, second = [p for p in cable.paragraphs if (p.number or "").isdigit()][:2]
    marks = ((first, (4, 9), "yellow", ""), (second, (4, 9), "green", "Check the date."),
             (second, (24, 30), "pink", ""))
    made_notes, made_marks = [], []
    try:
        for paragraph, (start, end), colour, note in marks:
            quote = " ".join(paragraph.text.split()[start:end])
            span = locate_quote(paragraph.text, quote)
            assert span is not None
            made_marks.append(corpus_store.add_highlight(
                MARKED, paragraph.anchor, *span, paragraph.text[span[0] : span[1]], colour, note
            ))
        for anchor, text in ((first.anchor, "Compare with the Sana'a reporting."),
                             (second.anchor, "Ask the desk about this source."),
                             (None, "Read for the arms-smuggling chapter.")):
            made_notes.append(corpus_store.add_note(MARKED, text, anchor))
        window = MainWindow(corpus_store)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        assert window.open_cable(MARKED)
        window.research.notes_dock.show()
        reader = window.reader
        total = sum(reader.splitter.sizes())
        box = reader.splitter.sizes()[0]
        reader.splitter.setSizes([box, 90, total - box - 90])  # the body dragged taller
        qtbot.waitUntil(lambda: window.facets.up_to_date, timeout=300_000)
        QApplication.sendPostedEvents()
        QApplication.processEvents()
        reader.body_pane.scrollToAnchor(str(first.anchor))
        assert len(reader.marks.drawn) == 3
        assert reader.body_pane.toPlainText().count("\u270e") == 2
        assert window.research.notes_panel.list.count() == 6
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"reader-marks-{theme}.png"
        image = window.grab()
        assert (image.width(), image.height()) == (1366, 768)
        assert image.save(str(path))
        assert _is_picture(path)
    finally:
        for made in made_notes:
            corpus_store.delete_note(made.uuid)
        for mark in made_marks:
            corpus_store.delete_highlight(mark.uuid)
