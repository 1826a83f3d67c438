"""Every setting the app keeps, declared once with its key, type and default.

Modules read and write settings through these declarations (``READER_FONT.get()``),
never through key strings, so a typo cannot create a second setting and a type read
back from QSettings' INI text ("true", "3", a lone string for a list) is always the
declared one. Per-store settings (the last cable read) are kept under a key derived
from the store's location, so two stores never share them.

Layout state is stored as Qt's own opaque blobs (geometry, splitters, the list header's
column order and widths), so restoring can never half-apply a layout we misread.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter

T = TypeVar("T")


def _convert(value: Any, kind: type, default: Any) -> Any:
    """QSettings' stored value as `kind`, or the default when it cannot be one."""
    if value is None:
        return default
    if kind is bool:
        if isinstance(value, bool):
            return value
        return str(value).lower() in ("true", "1", "yes")
    if kind is int:
        try:
            return int(value)
        except (TypeError, ValueError):
            return default
    if kind is list:
        items = [value] if isinstance(value, str) else value  # a lone item comes back bare
        return [str(v) for v in items] if isinstance(items, list) else default
    if kind is QByteArray:
        return value if isinstance(value, QByteArray) else default
    return str(value)


@dataclass(frozen=True)  # not slots: a subscripted Generic sets __orig_class__
class Setting(Generic[T]):
    """One setting: its QSettings key, its type, and what it is before anyone sets it."""

    key: str
    kind: type
    default: T
    per_store: bool = False
    doc: str = ""

    def _key(self, store: str | None) -> str:
        if self.per_store:
            if not store:
                raise ValueError(f"{self.key} is kept per store: say which")
            return f"stores/{store}/{self.key}"
        return self.key

    def get(self, store: str | None = None) -> T:
        value: T = _convert(QSettings().value(self._key(store)), self.kind, self.default)
        return value

    def set(self, value: T, store: str | None = None) -> None:
        QSettings().setValue(self._key(store), value)

    def clear(self, store: str | None = None) -> None:
        QSettings().remove(self._key(store))


def store_key(location: object) -> str:
    """A short stable name for a store's location (its path today, a URL later)."""
    return hashlib.sha1(str(location).encode("utf-8", "surrogatepass")).hexdigest()[:16]


WINDOW_GEOMETRY = Setting[QByteArray]("window/geometry", QByteArray, QByteArray())
WINDOW_STATE = Setting[QByteArray]("window/state", QByteArray, QByteArray())
MAIN_SPLITTER = Setting[QByteArray]("window/splitter", QByteArray, QByteArray())
CONTENT_SPLITTER = Setting[QByteArray]("window/content_splitter", QByteArray, QByteArray())
READER_SPLITTER = Setting[QByteArray]("reader/splitter", QByteArray, QByteArray())
LIST_HEADER = Setting[QByteArray]("list/header", QByteArray, QByteArray())
LIST_ABOVE_READER = Setting[bool](
    "window/list_above_reader", bool, False, doc="list above the reader, for small screens"
)
THEME = Setting[str]("view/theme", str, "system", doc="system, light or dark")
REFLOW = Setting[bool]("reader/reflow", bool, True, doc="join hard-wrapped lines")
READER_FONT = Setting[str]("reader/font", str, "", doc="QFont.toString() of the reader font")
LINK_STYLE = Setting[str]("links/style", str, "wikileaks")
LINK_TEMPLATE = Setting[str]("links/template", str, "")
RECENT_FOLDERS = Setting[list[str]]("import/recent_folders", list, [])
LAST_CABLE = Setting[str]("reader/last_cable", str, "", per_store=True)
# The name one's stars and notes go under in an archive ("": the database role, or the
# login name); $CABLEREADER_PERSON and --person win over it.
PERSON = Setting[str]("research/person", str, "", per_store=True)
TIMELINE_SHOWN = Setting[bool]("view/timeline", bool, True, doc="the timeline above the list")
TIMELINE_MODE = Setting[str]("view/timeline_mode", str, "month", doc="month or release-day")
MARK_READ_AFTER = Setting[int](
    "research/mark_read_after", int, 0,
    doc="seconds a cable is open before it is marked read: 0 on opening, -1 never",
)

ALL_SETTINGS: tuple[Setting[Any], ...] = (
    WINDOW_GEOMETRY, WINDOW_STATE, MAIN_SPLITTER, CONTENT_SPLITTER, READER_SPLITTER,
    LIST_HEADER, LIST_ABOVE_READER, THEME, REFLOW, READER_FONT, LINK_STYLE, LINK_TEMPLATE,
    RECENT_FOLDERS, LAST_CABLE, TIMELINE_SHOWN, TIMELINE_MODE, MARK_READ_AFTER,
)


_Part = tuple[Setting[QByteArray], Callable[[], QByteArray], Callable[[QByteArray], bool]]


@dataclass(frozen=True, slots=True)
class LayoutParts:
    """The widgets whose state is the window's layout."""

    window: QMainWindow
    main_splitter: QSplitter
    content_splitter: QSplitter
    reader_splitter: QSplitter
    header: QHeaderView

    def parts(self) -> tuple[_Part, ...]:
        return (
            (WINDOW_GEOMETRY, self.window.saveGeometry, self.window.restoreGeometry),
            (WINDOW_STATE, self.window.saveState, self.window.restoreState),
            (MAIN_SPLITTER, self.main_splitter.saveState, self.main_splitter.restoreState),
            (CONTENT_SPLITTER, self.content_splitter.saveState,
             self.content_splitter.restoreState),
            (READER_SPLITTER, self.reader_splitter.saveState, self.reader_splitter.restoreState),
            (LIST_HEADER, self.header.saveState, self.header.restoreState),
        )


def restore_layout(layout: LayoutParts) -> set[str]:
    """Apply what was saved; returns the keys that were restored."""
    restored = set()
    for setting, _save, restore in layout.parts():
        value = setting.get()
        if not value.isEmpty() and restore(value):
            restored.add(setting.key)
    return restored


def save_layout(layout: LayoutParts) -> None:
    for setting, save, _restore in layout.parts():
        setting.set(save())
    QSettings().sync()
