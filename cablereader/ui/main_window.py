"""The main window: browse panel, cable list and reader side by side, plus navigation.

Composition only: filtering and sorting live in the store (through the models), cable
rendering in the reader, commands in the action registry. The window wires them
together, keeps the Back/Forward history and remembers its layout between sessions.
"""

from __future__ import annotations

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
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolBar,
    QWidget,
)

from cablereader.core.links import parse_link
from cablereader.core.query import parse_query
from cablereader.store.api import CableFilter
from cablereader.store.protocol import CableStore
from cablereader.ui.actions import ActionRegistry
from cablereader.ui.cable_list_model import CREATED_COLUMN, CableListModel
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
from cablereader.ui.store_watch import StoreWatch
from cablereader.ui.view_commands import install_view_commands
from cablereader.ui.welcome import WelcomePage
from cablereader.ui.window_settings import last_cable, restore_layout, save_layout
from cablereader.ui.wizard import open_import_wizard

SEARCH_DELAY_MS = 200
COLUMN_WIDTHS = (120, 120, 120, 140, 150, 420, 160)
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
        self.setWindowTitle("Cable Reader (read-only)" if store.read_only else "Cable Reader")
        self.store = store
        # First, so that whatever another program writes from now on is noticed.
        self.store_watch = StoreWatch(store, self)
        self.store_watch.changed.connect(self.refresh_from_store)
        self.history = History()
        self._total = store.count()
        self._syncing = False
        self.list_model = CableListModel(store, self)
        # Counted in a thread: the list is what a reader waits for, and typing must not
        # stop while a common word's counts take most of a second.
        self.facet_model = FacetModel(store, self, load=False)
        self.facets = FacetBrowser(self.facet_model, counter=FacetCounter(store, self))
        self.facets.recount(self.list_model.cable_filter)
        self.table = self._make_table()
        self.reader = CableReader(store)
        self.reader.open_requested.connect(self._on_open_requested)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        for widget in (self.facets, self.table, self.reader):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(2, 1)
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
            "next_cable": lambda: self.move_in_list(1),
            "previous_cable": lambda: self.move_in_list(-1), "about": self.about,
            "understanding": lambda: show_understanding(self),
            "refresh": self.store_watch.refresh,
        })
        install_link_commands(self)
        install_view_commands(self)
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

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("cableList")
        table.setModel(self.list_model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setWordWrap(False)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(table.fontMetrics().height() + 6)
        header = table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        for column, width in enumerate(COLUMN_WIDTHS):
            header.resizeSection(column, width)  # fixed widths: never measure 250k rows
        header.setSortIndicator(CREATED_COLUMN, Qt.SortOrder.DescendingOrder)
        table.setSortingEnabled(True)
        table.selectionModel().currentRowChanged.connect(self._on_current_row)
        return table

    def _make_toolbar(self) -> None:
        bar = QToolBar("Search")
        bar.setObjectName("searchBar")
        bar.setMovable(False)
        self.search_field = QLineEdit()
        self.search_field.setObjectName("searchField")
        self.search_field.setPlaceholderText(
            'Search: words, "a phrase", -exclude, origin:paris tag:prel from:2009 to:2010'
        )
        self.search_field.setClearButtonEnabled(True)
        self.goto_field = QLineEdit()
        self.goto_field.setObjectName("gotoField")
        self.goto_field.setPlaceholderText("Go to: 05LIMA4377#par13 or a link")
        self.goto_field.setMaximumWidth(320)
        self.goto_field.returnPressed.connect(self._on_goto_entered)
        self.goto_field.hide()
        # One widget for both fields, so showing the go-to box never pushes it into the
        # tool bar's overflow menu.
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.search_field, 1)
        row.addWidget(self.goto_field)
        bar.addWidget(holder)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

    # -- filtering ---------------------------------------------------------------------

    def current_filter(self) -> CableFilter:
        query = parse_query(self.search_field.text())
        return CableFilter(None if query.is_empty() else query, self.facet_model.selections())

    def apply_filter(self) -> None:
        """Re-query the list and the counts; keep the open cable selected if it still shows."""
        self.search_timer.stop()
        flt = self.current_filter()
        if flt == self.list_model.cable_filter:
            return
        self.list_model.set_filter(flt)
        self.facets.recount(flt)
        self.reader.set_highlight_terms(flt.query.highlight_terms() if flt.query else ())
        self._select_reference(self.reader.reference_id)
        self._update_status()

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
        self._select_reference(self.reader.reference_id)
        self._update_history_actions()
        return True

    def _on_open_requested(self, reference_id: str, anchor: str) -> None:
        self.open_cable(reference_id, anchor or None)

    def _select_reference(self, reference_id: str | None) -> None:
        row = self.list_model.row_of_reference(reference_id) if reference_id else None
        self._syncing = True
        try:
            if row is None:
                self.table.selectionModel().clearSelection()
            else:
                index = self.list_model.index(row, 0)
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
        finally:
            self._syncing = False

    def _on_current_row(self, current: Any, _previous: Any) -> None:
        if self._syncing or not current.isValid():
            return
        reference_id = self.list_model.reference_at(current.row())
        if reference_id and reference_id != self.reader.reference_id:
            self.open_cable(reference_id)

    def move_in_list(self, step: int) -> None:
        rows = self.list_model.rowCount()
        if not rows:
            return
        current = self.table.currentIndex()
        row = current.row() + step if current.isValid() else 0
        row = max(0, min(rows - 1, row))
        self.table.setCurrentIndex(self.list_model.index(row, 0))

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
        if self.goto_field.isVisible():
            self.goto_field.setVisible(False)
            self.table.setFocus()
            return
        if self.search_field.text():
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
        self._select_reference(self.reader.reference_id)
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

    def _layout(self) -> tuple[QMainWindow, QSplitter, QSplitter, QHeaderView]:
        return self, self.splitter, self.reader.splitter, self.table.horizontalHeader()

    def _restore_settings(self) -> None:
        self.resize(1400, 900)
        self._sized = "window/splitter" in restore_layout(*self._layout())

    def showEvent(self, event: QShowEvent) -> None:
        """First run: share the width out once the window has its real size."""
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            QTimer.singleShot(0, self._share_width)

    def _share_width(self) -> None:
        width = max(self.splitter.width(), 900)
        facets = 270
        table = (width - facets) * 40 // 100
        self.splitter.setSizes([facets, table, width - facets - table])

    def save_settings(self) -> None:
        save_layout(*self._layout(), self.reader.reference_id)

    def restore_last_cable(self) -> bool:
        last = last_cable()
        return last is not None and self.open_cable(last)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self.store_watch.stop()
        self.facets.stop_counting()
        _application().removeEventFilter(self)
        super().closeEvent(event)

