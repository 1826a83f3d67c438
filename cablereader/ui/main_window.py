"""The main window: browse panel, cable list and reader side by side, plus navigation.

Composition only: filtering and sorting live in the store (through the models), cable
rendering in the reader, commands in the action registry. The window wires them
together, keeps the Back/Forward history and remembers its layout between sessions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QMouseEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from cablereader.core.links import parse_link
from cablereader.core.query import Query, parse_query
from cablereader.core.query_ast import Node
from cablereader.core.query_parse import make_and
from cablereader.store.api import CableFilter, Facet
from cablereader.store.protocol import CableStore
from cablereader.ui.actions import ActionRegistry
from cablereader.ui.archive_name import archive_status, window_title
from cablereader.ui.cable_list_model import CableListModel
from cablereader.ui.cable_list_view import CableListView
from cablereader.ui.facet_browser import FacetBrowser
from cablereader.ui.facet_counter import FacetCounter
from cablereader.ui.facet_model import FacetModel
from cablereader.ui.help_dialogs import show_about, show_understanding
from cablereader.ui.history import History
from cablereader.ui.link_commands import (
    accepts_link_drop,
    explain_missing,
    install_link_commands,
    open_link_text,
)
from cablereader.ui.reader.reader_view import CableReader
from cablereader.ui.research.commands import install_research_commands
from cablereader.ui.search_bar import SearchBar, show_search_syntax
from cablereader.ui.store_watch import StoreWatch
from cablereader.ui.theme import apply_theme, install_theme_menu
from cablereader.ui.versions_commands import install_version_commands
from cablereader.ui.view_commands import install_view_commands
from cablereader.ui.welcome import WelcomePage
from cablereader.ui.window_keys import FOCUS_STYLE, ReadingKeys, chain_tab_order, cycle_focus
from cablereader.ui.window_layout import (
    fit_to_screen,
    set_list_above,
    share_space,
)
from cablereader.ui.window_settings import (
    CONTENT_SPLITTER,
    LAST_CABLE,
    LIST_ABOVE_READER,
    MAIN_SPLITTER,
    THEME,
    LayoutParts,
    restore_layout,
    save_layout,
    store_key,
)
from cablereader.ui.wizard import open_import_wizard

SEARCH_DELAY_MS = 200
WELCOME_PAGE, BROWSE_PAGE = 0, 1


def _application() -> QCoreApplication:
    """The running application; a window cannot exist without one."""
    app = QApplication.instance()
    assert app is not None
    return app


class MainWindow(QMainWindow):
    """One window over one store."""

    import_finished = Signal()  # after the list and counts show the imported cables

    def __init__(self, store: CableStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(window_title(store))  # which archive: a file, or a URL
        self.store = store
        # More conditions for the list's filter, AND-ed with the search (Your marks).
        self.filter_parts: list[Callable[[], Node | None]] = []
        # First, so that whatever another program writes from now on is noticed.
        self.store_watch = StoreWatch(store, self)
        self.store_watch.changed.connect(self.refresh_from_store)
        self.history = History()
        self._total = store.count()
        self.list_model = CableListModel(store, self)
        # Counted in a thread: the list is what a reader waits for, and typing must not
        # stop while a common word's counts take most of a second.
        self.facet_model = FacetModel(store, self, load=False)
        self.facets = FacetBrowser(self.facet_model, counter=FacetCounter(store, self))
        self.facets.recount(self.list_model.cable_filter)
        self.table = CableListView(self.list_model, lambda: self.reader.reference_id)
        self.table.cable_chosen.connect(self.open_cable)
        self.table.cable_activated.connect(self._on_activated)
        self.reader = CableReader(store)
        self.reader.open_requested.connect(self._on_open_requested)
        self.reader.tag_requested.connect(self.filter_by_tag)
        self.reader.setMinimumWidth(320)
        self.content_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.content_splitter.setObjectName("contentSplitter")
        self.content_splitter.addWidget(self.table)
        self.content_splitter.addWidget(self.reader)
        self.content_splitter.setStretchFactor(1, 1)
        self.content_splitter.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.facets)
        self.splitter.addWidget(self.content_splitter)
        self.splitter.setStretchFactor(1, 1)
        self._sized = False
        self.welcome = WelcomePage()
        self.welcome.import_button.clicked.connect(lambda: self.open_wizard())
        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.splitter)
        self.setCentralWidget(self.stack)
        self._make_toolbar()
        self.count_label = QLabel("")
        self.count_label.setObjectName("statusCount")
        self.statusBar().addPermanentWidget(self.count_label)
        self.archive_label = QLabel(archive_status(store))
        self.archive_label.setObjectName("statusArchive")
        self.archive_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.archive_label)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.apply_filter)
        self.search_field.textChanged.connect(lambda _text: self.search_timer.start())
        self.search_field.returnPressed.connect(self.apply_filter)
        self.facet_model.selection_changed.connect(self.apply_filter)
        self.commands = ActionRegistry(self)  # not `actions`: QWidget.actions() exists
        self.commands.connect({
            "import": self.open_wizard, "quit": self.close,
            "find": self.focus_search,
            "clear_search": self.escape, "next_hit": self.reader.next_hit,
            "previous_hit": lambda: self.reader.next_hit(backwards=True),
            "zoom_in": lambda: self.reader.zoom(1), "zoom_out": lambda: self.reader.zoom(-1),
            "zoom_reset": lambda: self.reader.zoom(0), "back": lambda: self.go(-1),
            "forward": lambda: self.go(1), "goto": self.show_goto,
            "next_cable": lambda: self.table.move_by(1),
            "previous_cable": lambda: self.table.move_by(-1), "about": self.about,
            "understanding": lambda: show_understanding(self),
            "refresh": self.store_watch.refresh,
            "next_pane": lambda: cycle_focus(self.panes(), 1),
            "previous_pane": lambda: cycle_focus(self.panes(), -1),
            "list_above": lambda: self.set_list_above(self.commands["list_above"].isChecked()),
            "reflow": lambda: self.reader.set_reflow(self.commands["reflow"].isChecked()),
            "search_syntax": lambda: show_search_syntax(self),
        })
        install_link_commands(self)
        install_view_commands(self)
        self.version_commands = install_version_commands(self)
        install_theme_menu(self.commands.menu("&View"), self)
        if THEME.get() != "system":
            apply_theme(THEME.get())
        ReadingKeys(self.reader.body_pane)
        chain_tab_order(self.tab_chain())
        self.setStyleSheet(FOCUS_STYLE)
        self.research = install_research_commands(self, store)
        self.setAcceptDrops(True)
        _application().installEventFilter(self)
        # Quitting without closing the window (a session ending) must stop the thread too.
        _application().aboutToQuit.connect(self.facets.stop_counting)
        self._restore_settings()
        self._update_page()
        self._update_status()
        self._update_history_actions()

    # -- building ----------------------------------------------------------------------

    def _make_toolbar(self) -> None:
        bar = QToolBar("Search")
        bar.setObjectName("searchBar")
        bar.setMovable(False)
        self.search_bar = SearchBar()
        self.search_bar.help_requested.connect(lambda: show_search_syntax(self))
        self.search_field = self.search_bar.search_field
        self.goto_field = self.search_bar.goto_field
        self.goto_field.returnPressed.connect(self._on_goto_entered)
        bar.addWidget(self.search_bar)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

    # -- filtering ---------------------------------------------------------------------

    def current_filter(self) -> CableFilter:
        query = parse_query(self.search_field.text())
        self.search_bar.show_problems(query.problems)
        parts = [node for part in self.filter_parts if (node := part()) is not None]
        if parts:
            typed = [] if query.expr is None else [query.expr]
            query = Query(make_and([*typed, *parts]), query.problems)
        return CableFilter(None if query.is_empty() else query, self.facet_model.selections())

    def apply_filter(self) -> None:
        """Re-query the list and the counts; keep the open cable selected if it still shows."""
        self.search_timer.stop()
        flt = self.current_filter()
        # A search of one's own marks (is:starred...) is asked again even when unchanged:
        # stars and read marks moved since, and the store answers from its cache if not.
        marks = flt.query is not None and flt.query.uses_user_data
        if flt == self.list_model.cable_filter and not marks:
            return
        self.list_model.set_filter(flt)
        self.facets.recount(flt)
        self.reader.set_highlight_terms(flt.query.highlight_terms() if flt.query else ())
        self.table.show_results()
        self._update_status()

    def filter_by_tag(self, tag: str) -> None:
        """A tag clicked in the header: tick it in the browse panel (visible, undoable)."""
        if self.facet_model.value_index(Facet.TAG, tag).isValid():
            self.facet_model.set_checked(Facet.TAG, tag, True)
        else:
            self.search_field.setText(f"{self.search_field.text()} tag:{tag}".strip())
            self.apply_filter()
        self.statusBar().showMessage(f"Listing the cables tagged {tag}", 5000)

    def _update_status(self) -> None:
        """The list may have been read after another program added cables: then read
        everything again first, so the list never shows more cables than the total."""
        if not self.store_watch.check():
            self._show_count()

    def _show_count(self) -> None:
        read_only = " (read-only)" if self.store.read_only else ""
        self.count_label.setText(f"{self.list_model.rowCount()} of {self._total} cables{read_only}")

    def _update_page(self) -> None:
        self.stack.setCurrentIndex(BROWSE_PAGE if self._total else WELCOME_PAGE)

    # -- opening cables ----------------------------------------------------------------

    def open_cable(self, reference_id: str, anchor: str | None = None, record: bool = True) -> bool:
        """Show a cable in the reader, select it in the list, and remember it in history."""
        if not self.reader.show_cable(reference_id, anchor):
            explain_missing(self, reference_id)
            return False
        if record:
            self.history.visit((self.reader.reference_id or reference_id, anchor))
        self.table.select_reference(self.reader.reference_id)
        self._update_history_actions()
        return True

    def _on_open_requested(self, reference_id: str, anchor: str) -> None:
        self.open_cable(reference_id, anchor or None)

    def _on_activated(self, reference_id: str) -> None:
        """Enter (or a double click) on the list: read the cable, focus in the reader."""
        if reference_id != self.reader.reference_id:
            self.open_cable(reference_id)
        self.reader.tabs.setCurrentIndex(0)
        self.reader.body_pane.setFocus(Qt.FocusReason.OtherFocusReason)

    def as_widget(self) -> QMainWindow:
        return self

    def panes(self) -> list[QWidget]:
        """The panes in Tab and F6 order: search, browse, list, reader."""
        return [self.search_field, self.facets.tree, self.table, self.reader.body_pane]

    def tab_chain(self) -> list[QWidget]:
        """Tab order: the browse panel's filter box comes before its tree."""
        search, tree, table, reader = self.panes()
        return [search, self.facets.filter_box, tree, table, reader]

    def go(self, step: int) -> None:
        place = self.history.go(step)
        if place is not None:
            self.open_cable(place[0], place[1], record=False)
        self._update_history_actions()

    def _update_history_actions(self) -> None:
        self.commands["back"].setEnabled(self.history.can_go(-1))
        self.commands["forward"].setEnabled(self.history.can_go(1))

    # -- keyboard commands -------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def escape(self) -> None:
        """Escape closes the go-to field, and clears the search only where it is typed:
        pressed in the list or the reader it must not wipe the query."""
        if self.goto_field.isVisible():
            self.goto_field.setVisible(False)
            self.table.setFocus()
            return
        if self.search_field.hasFocus() and self.search_field.text():
            self.search_field.clear()
            self.apply_filter()

    def show_goto(self) -> None:
        self.goto_field.setVisible(True)
        self.goto_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.goto_field.selectAll()

    def _on_goto_entered(self) -> None:
        text = self.goto_field.text()
        link = parse_link(text)
        if link is None:
            self.statusBar().showMessage(f"Not a cable reference or link: {text}", 5000)
            return
        if self.open_cable(link.reference_id, link.anchor):
            self.goto_field.setVisible(False)
            self.reader.body_pane.setFocus()

    def about(self) -> None:
        show_about(self, self.store.path)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Mouse back/forward buttons anywhere in this window walk the history."""
        if (
            event.type() == QEvent.Type.MouseButtonPress
            and isinstance(watched, QWidget)
            and watched.window() is self
            and isinstance(event, QMouseEvent)
        ):
            if event.button() == Qt.MouseButton.BackButton:
                self.go(-1)
                return True
            if event.button() == Qt.MouseButton.ForwardButton:
                self.go(1)
                return True
        return False

    # -- importing ---------------------------------------------------------------------

    def open_wizard(self, paths: list[str] | None = None) -> bool:
        return open_import_wizard(self, paths)

    def refresh_from_store(self) -> None:
        """Catch up with what an import wrote (the wizard's or another program's): list,
        then total (never older than the list), counts, page; keeps the place in the list."""
        self.store_watch.catch_up()
        scroll = self.table.verticalScrollBar().value()
        self.list_model.reload()
        self._total = self.store.count()
        self.facets.recount(self.list_model.cable_filter)
        self.table.select_reference(self.reader.reference_id)
        self.table.verticalScrollBar().setValue(scroll)
        self._update_page()
        self._show_count()

    def on_import_done(self, report: Any, error: str) -> None:
        if error:
            message = f"Import failed: {error}"
        else:
            message = (f"Imported: {report.added} added, {report.updated} updated,"
                       f" {report.failed} failed")
        self.statusBar().showMessage(message, 10000)
        self.refresh_from_store()
        self.import_finished.emit()

    def show_import_run(self, run: int) -> None:
        """List only the cables one import wrote: the wizard's "Show imported cables"."""
        self.list_model.set_filter(CableFilter(import_run=run))
        self.facets.recount(self.list_model.cable_filter)
        self._update_status()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Files and folders import; a cable link (from a browser or text) opens."""
        urls = event.mimeData().urls()
        local = urls and all(url.isLocalFile() for url in urls)
        if local or accepts_link_drop(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        link = None if paths else accepts_link_drop(event.mimeData())
        if (paths and self.open_wizard(paths)) or (link and open_link_text(self, link)):
            event.acceptProposedAction()

    # -- settings ----------------------------------------------------------------------

    def _layout(self) -> LayoutParts:
        return LayoutParts(
            self, self.splitter, self.content_splitter, self.reader.splitter,
            self.table.horizontalHeader(),
        )

    @property
    def store_key(self) -> str:
        return store_key(self.store.path or f"memory:{id(self.store)}")

    def _restore_settings(self) -> None:
        fit_to_screen(self)
        above = LIST_ABOVE_READER.get()
        self.commands["list_above"].setChecked(above)
        self.commands["reflow"].setChecked(self.reader.reflow)
        set_list_above(self.content_splitter, above)
        restored = restore_layout(self._layout())
        self._sized = MAIN_SPLITTER.key in restored and CONTENT_SPLITTER.key in restored

    def set_list_above(self, above: bool) -> None:
        """View ▸ List above reader: for small screens, the list gets the full width."""
        LIST_ABOVE_READER.set(above)
        set_list_above(self.content_splitter, above)
        share_space(self.splitter, self.content_splitter, self.table)
        self.table.keep_in_view()

    def showEvent(self, event: QShowEvent) -> None:
        """First run: share the space out once the window has its real size."""
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            QTimer.singleShot(0, self._share_space)

    def _share_space(self) -> None:
        share_space(self.splitter, self.content_splitter, self.table)

    def save_settings(self) -> None:
        save_layout(self._layout())
        if self.reader.reference_id:
            LAST_CABLE.set(self.reader.reference_id, self.store_key)

    def restore_last_cable(self) -> bool:
        """Open the cable last read in this store; quietly nothing when it is gone."""
        last = LAST_CABLE.get(self.store_key)
        if not last or self.store.cable_id(last) is None:
            return False
        return self.open_cable(last)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self.store_watch.stop()
        self.facets.stop_counting()
        _application().removeEventFilter(self)
        super().closeEvent(event)

