"""View choices the window remembers: which list columns show, and the reader's font.

Column visibility lives in the list header's own saved state (see window_settings), so
only the menu is needed here; the font is one QSettings key applied to both text panes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFontDialog, QHeaderView, QMenu

from cablereader.store.api import SortKey
from cablereader.ui.window_settings import READER_FONT

if TYPE_CHECKING:
    from cablereader.ui.reader.reader_view import CableReader
    from cablereader.ui.window_api import CableWindow



def column_menu(header: QHeaderView) -> QMenu:
    """A checkable entry per column; the last visible column cannot be hidden."""
    menu = QMenu(header)
    menu.setObjectName("columnMenu")
    model = header.model()
    visible = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    for column in range(header.count()):
        title = str(model.headerData(column, Qt.Orientation.Horizontal))
        action = menu.addAction(title)
        action.setCheckable(True)
        action.setChecked(not header.isSectionHidden(column))
        action.setEnabled(visible != [column])
        action.toggled.connect(
            lambda shown, c=column: header.setSectionHidden(c, not shown)
        )
    return menu


def install_column_menu(header: QHeaderView) -> None:
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    header.customContextMenuRequested.connect(
        lambda point: column_menu(header).exec(header.mapToGlobal(QPoint(point)))
    )


def saved_reader_font() -> QFont | None:
    value = READER_FONT.get()
    if not value:
        return None
    font = QFont()
    return font if font.fromString(str(value)) else None


def apply_reader_font(reader: CableReader, font: QFont) -> None:
    for pane in (reader.header_pane, reader.body_pane):
        pane.setFont(font)
        family = font.family().replace('"', "")
        pane.document().setDefaultStyleSheet(
            f'pre {{ font-family: "{family}"; white-space: pre-wrap; }}'
        )
    reader.refresh_style()


def choose_reader_font(window: CableWindow) -> bool:
    accepted, font = QFontDialog.getFont(
        window.reader.body_pane.font(), window.as_widget(), "Reader font",
        QFontDialog.FontDialogOption.MonospacedFonts,
    )
    if not accepted:
        return False
    READER_FONT.set(font.toString())
    apply_reader_font(window.reader, font)
    return True


def sort_by_relevance(window: CableWindow) -> None:
    """Best matches first (by FTS5's bm25); without search words, newest first."""
    header = window.table.horizontalHeader()
    header.setSortIndicatorShown(False)
    window.list_model.sort_by(SortKey.RANK)
    window.statusBar().showMessage("Sorted by relevance to the search words", 5000)


def install_view_commands(window: CableWindow) -> None:
    header = window.table.horizontalHeader()
    install_column_menu(header)
    # A click on a column sorts by it again, with its indicator.
    header.sectionClicked.connect(lambda _column: header.setSortIndicatorShown(True))
    window.commands.connect({
        "reader_font": lambda: choose_reader_font(window),
        "sort_relevance": lambda: sort_by_relevance(window),
    })
    font = saved_reader_font()
    if font is not None:
        apply_reader_font(window.reader, font)
