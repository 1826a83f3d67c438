"""What the research commands need from the main window, in one place.

The main window is being rebuilt, so the research widgets do not reach into it: they
ask a ResearchHost. `host_for_window` builds one from today's MainWindow; when the new
window has the hooks listed in ResearchHost, this adapter is the only code to change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal, SignalInstance
from PySide6.QtWidgets import QAbstractItemView, QMainWindow, QWidget

from cablereader.core.links import LinkSettings
from cablereader.core.model import Paragraph
from cablereader.core.query_ast import Node
from cablereader.ui.reader.mark_commands import MarkCommands

Selections = tuple[tuple[str, tuple[str, ...]], ...]
BrowseSection = Callable[[QWidget, Callable[[], "Node | None"], SignalInstance], None]


class CableEvents(QObject):
    """Signals the research side listens to."""

    cable_opened = Signal(str, str)  # reference ID, anchor ("" for none)
    search_run = Signal(str)  # the query text, when the reader runs a search
    search_changed = Signal()  # the search field's text or the browse ticks changed
    store_changed = Signal()  # another program (or the import wizard) wrote to the store
    closing = Signal()  # the window is closing: threads must end now

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Installed on the window by host_for_window, to say when it closes."""
        if event.type() == QEvent.Type.Close:
            self.closing.emit()
        return False


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
    # The search field's text and the browse selections, and a way to put them back.
    current_search: Callable[[], tuple[str, Selections]] = lambda: ("", ())
    apply_search: Callable[[str, Selections], None] = lambda _text, _selections: None
    # The same as the store's row ids, without reading a row (None: only the above):
    # 251,287 reference IDs read page by page took seconds on the GUI thread.
    result_cable_ids: Callable[[], list[int]] | None = None
    # The cable list, to show unread in bold and stars (None: no list to mark).
    list_view: QAbstractItemView | None = None
    reference_at: Callable[[int], str | None] = lambda _row: None
    # Put a section into the browse panel whose condition (a node or None) the list's
    # filter ANDs in, and re-filter when `changed` fires (None: no browse panel).
    add_browse_section: BrowseSection | None = None
    # The reader's notes and highlights: given the store, it draws them and makes them
    # from its context menu; its keys go in the Research menu (None: no reader).
    reader_marks: MarkCommands | None = None


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

    def result_ids() -> list[int]:
        model = window.list_model
        ids = (model.id_at(row) for row in range(model.rowCount()))
        return [i for i in ids if i is not None]

    def selection() -> tuple[Paragraph | None, str | None]:
        reader = window.reader
        cursor = reader.body_pane.textCursor()
        cable = reader.links.cable
        if cable is None or not cursor.hasSelection():
            return None, None
        paragraph = paragraph_at(reader.body_pane, cable, cursor.selectionStart())
        return paragraph, reader.links.selected_text()

    def current_search() -> tuple[str, Selections]:
        chosen = window.facet_model.selections()
        return window.search_field.text(), tuple((str(f), tuple(v)) for f, v in chosen)

    def apply_search(text: str, selections: Selections) -> None:
        from cablereader.store.api import Facet

        known = []
        for facet, values in selections:
            try:
                known.append((Facet(facet), tuple(values)))
            except ValueError:
                continue  # a facet this version does not have
        window.search_field.setText(text)
        window.facet_model.set_selections(tuple(known))
        window.apply_filter()

    # A search counts once the reader presses Enter (not at every pause while typing).
    window.search_field.returnPressed.connect(
        lambda: events.search_run.emit(window.search_field.text())
    )
    window.search_field.textChanged.connect(lambda _text: events.search_changed.emit())
    window.facet_model.selection_changed.connect(events.search_changed)
    window.store_watch.changed.connect(events.store_changed)
    window.installEventFilter(events)

    def add_browse_section(
        widget: QWidget, condition: Callable[[], Node | None], changed: SignalInstance
    ) -> None:
        window.facets.layout().insertWidget(2, widget)  # under the value filter
        window.filter_parts.append(condition)
        changed.connect(window.apply_filter)

    return ResearchHost(
        window=window,
        current_reference_id=lambda: window.reader.reference_id,
        selected_reference_ids=selected,
        result_reference_ids=results,
        result_cable_ids=result_ids,
        open_cable=lambda ref, anchor: bool(open_and_report(ref, anchor)),
        link_settings=link_settings,
        events=events,
        selection=selection,
        current_search=current_search,
        apply_search=apply_search,
        list_view=window.table,
        reference_at=window.list_model.reference_at,
        add_browse_section=add_browse_section,
        reader_marks=window.reader.mark_commands,
    )
