"""How the main window shares its space: a first size that fits the screen, a list
that shows Reference ID, Created and most of the Subject, and an optional layout with
the list above the reader for small screens.

Widths come from the font's metrics rather than pixel constants, so a larger system
font never clips "2009-09-18 19:06 (approx.)".
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter, QTableView

from cablereader.ui.cable_list_model import COLUMNS

PREFERRED = QSize(1400, 900)
SUBJECT_CHARS = 40  # what issue 13 asks the first list to show of a subject
FACETS_SHARE = 0.15
# Samples of the widest usual cell of each column, in COLUMNS order.
_SAMPLES = (
    "09RIODEJANEIRO123",
    "2009-09-18 19:06 (approx.)",
    "2010-11-28 (approx.)",
    "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
    "Embassy Addis Ababa",
    "",
    "PREL PGOV KDEM",
)
# First-start visual order: what people scan first (the subject) comes third.
DEFAULT_ORDER = (0, 1, 5, 4, 3, 2, 6)


def available(window: QMainWindow) -> QRect:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(window: QMainWindow) -> None:
    """The first window: the preferred size or what the screen has, whichever is less,
    centred, leaving room for the title bar and frame."""
    room = available(window)
    frame = 40  # a title bar and borders; the frame is not known before showing
    width = min(PREFERRED.width(), room.width() - 16)
    height = min(PREFERRED.height(), room.height() - frame)
    window.resize(width, height)
    top = room.y() + max(0, (room.height() - height - frame) // 2)
    window.move(room.x() + (room.width() - width) // 2, top)


def column_width(metrics: QFontMetrics, column: int) -> int:
    sample = _SAMPLES[column] if column < len(_SAMPLES) else ""
    if COLUMNS[column][0] == "Subject":
        sample = "n" * SUBJECT_CHARS
    return metrics.horizontalAdvance(sample) + 24  # cell padding and the sort arrow


def set_default_columns(table: QTableView) -> None:
    header = table.horizontalHeader()
    metrics = table.fontMetrics()
    for column in range(len(COLUMNS)):
        header.resizeSection(column, column_width(metrics, column))
    for visual, logical in enumerate(DEFAULT_ORDER):
        header.moveSection(header.visualIndex(logical), visual)
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)


def list_width_wanted(table: QTableView) -> int:
    """Reference ID, Created and Subject (at its default width) without scrolling."""
    header = table.horizontalHeader()
    first = [header.logicalIndex(v) for v in range(3)]
    scroll_bar = table.verticalScrollBar().sizeHint().width()
    return sum(header.sectionSize(c) for c in first) + scroll_bar + 4


def share_space(main: QSplitter, content: QSplitter, table: QTableView) -> None:
    """First start: browse panel, list and reader get what each needs to be read."""
    width = max(main.width(), 800)
    browse = main.widget(0)
    facets = max(browse.minimumWidth() if browse else 0, int(width * FACETS_SHARE))
    main.setSizes([facets, width - facets])
    rest = width - facets
    if content.orientation() == Qt.Orientation.Horizontal:
        wanted = list_width_wanted(table)
        list_width = min(wanted, rest * 62 // 100)
        content.setSizes([list_width, rest - list_width])
    else:
        height = max(content.height(), 400)
        content.setSizes([height * 35 // 100, height - height * 35 // 100])


def set_list_above(content: QSplitter, above: bool) -> None:
    content.setOrientation(Qt.Orientation.Vertical if above else Qt.Orientation.Horizontal)
