"""Versions and time in the window (issue 15): Compare…, View source…, and the timeline.

Composition only. The comparison and the source are dialogs of their own
(version_compare, source_view); the timeline draws the creation-month and release-day
counts that the browse panel's counter already makes in its thread for every filter, so
it follows each search and browse change without a thread or a query of its own. A
span picked on it becomes date words in the search field (timeline_filter), so the
filter is visible and editable there, and deleting the words clears the marks.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLineEdit, QSplitter, QVBoxLayout, QWidget

from cablereader.core.model import Cable, Paragraph
from cablereader.core.version_labels import version_label
from cablereader.store.api import Facet
from cablereader.ui.facet_browser import FacetBrowser
from cablereader.ui.facet_model import FacetModel
from cablereader.ui.reader.paragraph_links import ParagraphLinks
from cablereader.ui.reader.reader_view import is_dark
from cablereader.ui.source_view import SourceDialog
from cablereader.ui.timeline import Timeline, TimelineMode
from cablereader.ui.timeline_filter import (
    dates_text,
    restricted,
    span_of,
    with_span,
    without_dates,
)
from cablereader.ui.version_compare import VersionCompareDialog
from cablereader.ui.window_api import CableWindow
from cablereader.ui.window_settings import TIMELINE_MODE, TIMELINE_SHOWN


class VersionsWindow(CableWindow, Protocol):
    """What these commands use of the main window."""

    facets: FacetBrowser
    facet_model: FacetModel
    search_field: QLineEdit
    splitter: QSplitter
    content_splitter: QSplitter

    def apply_filter(self) -> None: ...


def copy_link_of(links: ParagraphLinks, cable: Cable, paragraph: Paragraph) -> None:
    """The reader's own ¶ copy, for a paragraph of another version of the cable."""
    kept = links.cable
    links.cable = cable
    try:
        links.copy(paragraph)
    finally:
        links.cable = kept


class VersionCommands(QObject):
    """Owns the timeline and the two dialogs' commands of one window."""

    def __init__(self, window: VersionsWindow) -> None:
        super().__init__(window.as_widget())
        self.setObjectName("versionCommands")
        self.window = window
        self.compare_dialog: VersionCompareDialog | None = None
        self.source_dialog: SourceDialog | None = None
        box = window.reader.reference_box
        box.compare_requested.connect(self.compare)
        box.source_requested.connect(self.view_source)
        box.shown.connect(self._sync_actions)
        window.commands.connect({
            "compare_versions": self.compare,
            "view_source": self.view_source,
            "timeline": lambda: self.show_timeline(window.commands["timeline"].isChecked()),
        })
        self.timeline = Timeline()
        self.timeline.set_mode(TimelineMode(TIMELINE_MODE.get()) if TIMELINE_MODE.get()
                               in set(TimelineMode) else TimelineMode.MONTH)
        self.timeline.span_chosen.connect(self._on_span)
        self.timeline.span_cleared.connect(self._on_cleared)
        self.timeline.mode_changed.connect(self._on_mode)
        window.facets.counts_shown.connect(self.update_timeline)
        window.facets.dates_clear.clicked.connect(self._on_cleared)
        self._place_timeline()
        shown = TIMELINE_SHOWN.get()
        window.commands["timeline"].setChecked(shown)
        self.timeline.setVisible(shown)
        self._sync_actions()
        self.update_timeline()

    # -- versions ------------------------------------------------------------------------

    def _sync_actions(self) -> None:
        stored = self.window.reader.current
        self.window.commands["compare_versions"].setEnabled(
            stored is not None and len(stored.versions) > 1
        )
        self.window.commands["view_source"].setEnabled(stored is not None)

    def compare(self) -> VersionCompareDialog | None:
        """Compare… : the two newest versions first; any two can be chosen."""
        stored = self.window.reader.current
        if stored is None or len(stored.versions) < 2:
            return None
        store, reference_id = self.window.store, stored.cable.reference_id

        def load(version_id: int) -> Cable:
            found = store.fetch_cable(reference_id, version_id)
            assert found is not None  # versions are never removed while the window runs
            return found.cable

        links = self.window.reader.links
        parent = self.window.as_widget()
        dialog = VersionCompareDialog(
            stored.versions, load, lambda cable, paragraph: copy_link_of(links, cable, paragraph),
            dark=is_dark(parent.palette()), parent=parent,
        )
        dialog.setWindowTitle(f"Compare versions of {reference_id}")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.compare_dialog = dialog
        dialog.destroyed.connect(lambda: setattr(self, "compare_dialog", None))
        dialog.open()
        return dialog

    def view_source(self) -> SourceDialog | None:
        """The raw source of the version being read."""
        stored = self.window.reader.current
        if stored is None:
            return None
        number, version = next(
            (n, v) for n, v in enumerate(stored.versions, start=1) if v.id == stored.version_id
        )
        label = version_label(number, version.format, version.build, version.released,
                              version.imported_at, version.current)
        title = f"{stored.cable.reference_id}, version {label}; from {version.source_path}"
        dialog = SourceDialog(
            title, self.window.store.raw_source(version.id), version.format,
            stored.cable.reference_id, parent=self.window.as_widget(),
        )
        dialog.setWindowTitle(f"Source of {stored.cable.reference_id}")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.source_dialog = dialog
        dialog.destroyed.connect(lambda: setattr(self, "source_dialog", None))
        dialog.open()
        return dialog

    # -- timeline ------------------------------------------------------------------------

    def _place_timeline(self) -> None:
        """Above the list and the reader, across their whole width: 45 years of months
        need the room."""
        content = self.window.content_splitter
        main = self.window.splitter
        index = main.indexOf(content)
        holder = QWidget()
        holder.setObjectName("timelineHolder")
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # insertWidget hands the holder to Qt (PySide6's replaceWidget does not); taking
        # the content into the holder's layout then takes it out of the splitter.
        main.insertWidget(index, holder)
        main.setStretchFactor(index, 1)
        layout.addWidget(self.timeline)
        layout.addWidget(content, 1)

    def show_timeline(self, shown: bool) -> None:
        """View ▸ Timeline, remembered."""
        TIMELINE_SHOWN.set(shown)
        self.timeline.setVisible(shown)
        if shown:
            self.update_timeline()

    def _facet(self) -> Facet:
        return Facet.MONTH if self.timeline.mode is TimelineMode.MONTH else Facet.RELEASED

    def update_timeline(self) -> None:
        """Draw the counts the browse panel has just shown, and the date span of the search.

        The panel counts each facet under every other selection; narrowed to the values
        ticked in the facet itself, they add up to the cables listed."""
        query = self.window.list_model.cable_filter.query
        self.window.facets.show_dates(dates_text(query))
        if self.timeline.isHidden():
            return
        facet = self._facet()
        model = self.window.facet_model
        chosen = dict(model.selections()).get(facet, ())
        self.timeline.set_counts(restricted(model.counts(facet).items(), chosen))
        self.timeline.set_span(span_of(query, self.timeline.mode))

    def _on_span(self, first: str, last: str) -> None:
        field = self.window.search_field
        field.setText(with_span(field.text(), first, last, self.timeline.mode))
        self.window.apply_filter()

    def _on_cleared(self) -> None:
        field = self.window.search_field
        field.setText(without_dates(field.text()))
        self.window.apply_filter()

    def _on_mode(self, mode: str) -> None:
        TIMELINE_MODE.set(mode)
        self.update_timeline()


def install_version_commands(window: VersionsWindow) -> VersionCommands:
    return VersionCommands(window)
