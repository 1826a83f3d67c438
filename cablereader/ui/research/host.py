"""What the research commands need from the main window, in one place.

The main window is being rebuilt, so the research widgets do not reach into it: they
ask a ResearchHost. `host_for_window` builds one from today's MainWindow; when the new
window has the hooks listed in ResearchHost, this adapter is the only code to change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow

from cablereader.core.links import LinkSettings
from cablereader.core.model import Paragraph


class CableEvents(QObject):
    """Signals the research side listens to."""

    cable_opened = Signal(str, str)  # reference ID, anchor ("" for none)


@dataclass
class ResearchHost:
    window: QMainWindow
    current_reference_id: Callable[[], str | None]  # the cable in the reader
    selected_reference_ids: Callable[[], list[str]]  # the list's selection, in list order
    result_reference_ids: Callable[[], list[str]]  # every cable the list shows, in order
    open_cable: Callable[[str, str | None], bool]
    link_settings: Callable[[], LinkSettings]
    events: CableEvents
    # The reader's selection: the paragraph it starts in and its text (None, None if none).
    selection: Callable[[], tuple[Paragraph | None, str | None]] = lambda: (None, None)


def host_for_window(window: Any) -> ResearchHost:
    """An adapter over today's MainWindow (window.reader, .table, .list_model, .open_cable).

    Stopgap until the window emits `cable_opened` itself: it wraps the instance's
    `open_cable` so every open (list, link, Go to, history) is reported. The lead's new
    window should instead emit `cable_opened(reference_id, anchor)` after a cable is
    shown, and this wrapper goes away.
    """
    from cablereader.ui.reader.paragraph_links import link_settings, paragraph_at

    events = CableEvents(window)
    original = window.open_cable

    def open_and_report(reference_id: str, anchor: str | None = None, record: bool = True) -> bool:
        opened = bool(original(reference_id, anchor, record))
        if opened:
            events.cable_opened.emit(window.reader.reference_id or reference_id, anchor or "")
        return opened

    window.open_cable = open_and_report

    def selected() -> list[str]:
        rows = sorted({i.row() for i in window.table.selectionModel().selectedRows()})
        refs = [window.list_model.reference_at(r) for r in rows]
        return [r for r in refs if r]

    def results() -> list[str]:
        model = window.list_model
        refs = [model.reference_at(row) for row in range(model.rowCount())]
        return [r for r in refs if r]

    def selection() -> tuple[Paragraph | None, str | None]:
        reader = window.reader
        cursor = reader.body_pane.textCursor()
        cable = reader.links.cable
        if cable is None or not cursor.hasSelection():
            return None, None
        paragraph = paragraph_at(reader.body_pane, cable, cursor.selectionStart())
        return paragraph, reader.links.selected_text()

    return ResearchHost(
        window=window,
        current_reference_id=lambda: window.reader.reference_id,
        selected_reference_ids=selected,
        result_reference_ids=results,
        open_cable=lambda ref, anchor: bool(open_and_report(ref, anchor)),
        link_settings=link_settings,
        events=events,
        selection=selection,
    )
