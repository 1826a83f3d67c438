"""What the main window remembers between sessions, in QSettings.

Layout state is stored as Qt's own opaque blobs (geometry, splitters, the list header's
column order and widths), so restoring can never half-apply a layout we misread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter

LAST_CABLE = "reader/last_cable"


def _layout_parts(
    window: QMainWindow, main_splitter: QSplitter, reader_splitter: QSplitter, header: QHeaderView
) -> tuple[tuple[str, Callable[[], QByteArray], Callable[[QByteArray], bool]], ...]:
    return (
        ("window/geometry", window.saveGeometry, window.restoreGeometry),
        ("window/state", window.saveState, window.restoreState),
        ("window/splitter", main_splitter.saveState, main_splitter.restoreState),
        ("reader/splitter", reader_splitter.saveState, reader_splitter.restoreState),
        ("list/header", header.saveState, header.restoreState),
    )


def restore_layout(
    window: QMainWindow, main_splitter: QSplitter, reader_splitter: QSplitter, header: QHeaderView
) -> set[str]:
    """Apply what was saved; returns the keys that were restored."""
    settings = QSettings()
    restored = set()
    for key, _save, restore in _layout_parts(window, main_splitter, reader_splitter, header):
        value = settings.value(key)
        if isinstance(value, QByteArray) and restore(value):
            restored.add(key)
    return restored


def save_layout(
    window: QMainWindow,
    main_splitter: QSplitter,
    reader_splitter: QSplitter,
    header: QHeaderView,
    last_cable: str | None,
) -> None:
    settings = QSettings()
    for key, save, _restore in _layout_parts(window, main_splitter, reader_splitter, header):
        settings.setValue(key, save())
    if last_cable:
        settings.setValue(LAST_CABLE, last_cable)
    settings.sync()


def last_cable() -> str | None:
    value = QSettings().value(LAST_CABLE)
    return str(value) if value else None
