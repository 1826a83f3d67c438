"""Research ▸ Collections…: every collection (name, size, author), to rename or delete,
and the chosen one's cables in their order, to reorder, remove from or open.

The order is the collection's own (the reading order of a brief, say): dragging a row
(InternalMove) or Move up / Move down writes it back with `reorder_collection` at once,
and removing calls `remove_from_collection`; `changed` (the caller's, so the browse
panel counts again) runs after every change. Names and subjects are cable or user text:
shown as plain text everywhere, in the confirmation too. No SQL here: store methods only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cablereader.core.user_items import Collection
from cablereader.store.api import StoreError
from cablereader.store.user_data_api import UserDataStore
from cablereader.ui.plain_text import cell_text

_REF = Qt.ItemDataRole.UserRole
MAX_SUBJECTS = 5000  # a larger collection lists its reference IDs alone


def make_collection_scope_box() -> QComboBox:
    """"Everyone's" or "Mine", as the notes panel's filter (notes_panel.make_scope_box)."""
    box = QComboBox()
    box.setObjectName("collectionsScope")
    box.addItem("Everyone's collections")
    box.addItem("My collections")
    box.setToolTip("Show everyone's collections, or only the ones you made")
    return box


def one_line(text: str) -> str:
    return " ".join(text.split())


class CollectionsDialog(QDialog):
    open_cable = Signal(str)  # a cable double-clicked (or Open) in the chosen collection

    def __init__(
        self, store: UserDataStore, changed: Callable[[], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Collections")
        self.setObjectName("collectionsDialog")
        self._store = store
        self._changed = changed
        self._filling = False
        self.scope = make_collection_scope_box()
        self.scope.currentIndexChanged.connect(lambda _row: self.refresh())
        self.table = QTreeWidget()
        self.table.setObjectName("collectionsList")
        self.table.setColumnCount(3)
        self.table.setHeaderLabels(["Collection", "Cables", "By"])
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.currentItemChanged.connect(lambda *_items: self._show_items())
        self.rename_button = QPushButton("&Rename…")
        self.delete_button = QPushButton("&Delete…")
        self.rename_button.clicked.connect(lambda: self.rename_current())
        self.delete_button.clicked.connect(lambda: self.delete_current())
        self.title = QLabel("")
        self.title.setObjectName("collectionTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.items = QListWidget()
        self.items.setObjectName("collectionItems")
        self.items.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.items.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.items.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # A long subject ends in "…" (the tooltip has it whole), not a sideways scroll.
        self.items.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.items.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.items.model().rowsMoved.connect(lambda *_args: self._save_order())
        self.items.itemDoubleClicked.connect(lambda item: self._open(item))
        self.items.itemSelectionChanged.connect(self._enable)
        self.up_button = QPushButton("Move &up")
        self.down_button = QPushButton("Move do&wn")
        self.remove_button = QPushButton("Re&move")
        self.open_button = QPushButton("&Open")
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.remove_button.clicked.connect(lambda: self.remove_selected())
        self.open_button.clicked.connect(lambda: self._open(self.items.currentItem()))
        self.message = QLabel("")
        self.message.setObjectName("collectionsMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.scope)
        left_layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.rename_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        left_layout.addLayout(row)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.items, 1)
        row = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.remove_button, self.open_button):
            row.addWidget(button)
        row.addStretch(1)
        right_layout.addLayout(row)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.resize(860, 460)
        self.refresh()

    # -- what is shown ---------------------------------------------------------------

    def names(self) -> list[str]:
        """The collections listed, in order (for tests)."""
        table = self.table
        return [self._name_of(table.topLevelItem(i)) for i in range(table.topLevelItemCount())]

    def current_name(self) -> str | None:
        item = self.table.currentItem()
        return self._name_of(item) if item is not None else None

    def item_refs(self) -> list[str]:
        """The chosen collection's cables as listed, in order."""
        return [str(self.items.item(i).data(_REF)) for i in range(self.items.count())]

    @staticmethod
    def _name_of(item: QTreeWidgetItem | None) -> str:
        return "" if item is None else str(item.data(0, _REF))

    def select(self, name: str) -> bool:
        for i in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(i)
            if item is not None and self._name_of(item) == name:
                self.table.setCurrentItem(item)
                return True
        return False

    def refresh(self) -> None:
        """Read the collections again, keeping the one chosen when it is still there."""
        keep = self.current_name()
        current = self.items.currentItem()
        keep_ref = str(current.data(_REF)) if current is not None else None
        mine = self.scope.currentIndex() == 1
        self.table.blockSignals(True)  # one showing of the items, below
        try:
            self._fill_table(mine, keep)
        finally:
            self.table.blockSignals(False)
        self._show_items(keep_ref if self.current_name() == keep else None)

    def _fill_table(self, mine: bool, keep: str | None) -> None:
        self.table.clear()
        for collection in self._store.collections(mine=mine):
            item = QTreeWidgetItem(
                [cell_text(one_line(collection.name)), str(len(collection.items)),
                 cell_text(collection.author) or "—"]
            )
            item.setData(0, _REF, collection.name)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.addTopLevelItem(item)
        first = self.table.topLevelItem(0)
        if not (keep and self.select(keep)) and first is not None:
            self.table.setCurrentItem(first)

    def refresh_if_shown(self) -> None:
        """After the marks changed anywhere (the list's menu, a drop, another desk)."""
        if self.isVisible():
            self.refresh()

    def _collection(self) -> Collection | None:
        name = self.current_name()
        return self._store.collection(name) if name else None

    def _subjects(self, refs: list[str]) -> dict[str, str]:
        """Each cable's subject, when the store can say (a cable store can)."""
        cable_id = getattr(self._store, "cable_id", None)
        fetch = getattr(self._store, "fetch_rows", None)
        if cable_id is None or fetch is None or len(refs) > MAX_SUBJECTS:
            return {}
        ids = [i for i in (cable_id(ref) for ref in refs) if i is not None]
        return {row.reference_id: row.subject for row in fetch(ids).values()}

    def _show_items(self, keep: str | None = None) -> None:
        """The chosen collection's cables; `keep` the one to stay current."""
        collection = self._collection()
        self._filling = True
        try:
            self.items.clear()
            if collection is None:
                self.title.setText("No collection chosen")
            else:
                refs = [i.reference_id for i in collection.items]
                subjects = self._subjects(refs)
                self.title.setText(
                    f"{len(refs)} cables in “{one_line(collection.name)}”, in order"
                )
                for ref in refs:
                    subject = one_line(subjects.get(ref, ""))
                    text = f"{ref}  —  {subject}" if subject else ref
                    item = QListWidgetItem(cell_text(text))
                    item.setData(_REF, ref)
                    item.setToolTip(cell_text(subject) or ref)
                    self.items.addItem(item)
                    if ref == keep:
                        self.items.setCurrentItem(
                            item, QItemSelectionModel.SelectionFlag.ClearAndSelect
                        )
        finally:
            self._filling = False
        self._enable()

    def _enable(self) -> None:
        chosen = self.table.currentItem() is not None
        self.rename_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)
        some = bool(self.items.selectedItems())
        row = self.items.currentRow()
        for button in (self.remove_button, self.open_button):
            button.setEnabled(some)
        self.up_button.setEnabled(some and row > 0)
        self.down_button.setEnabled(some and 0 <= row < self.items.count() - 1)

    def _say(self, text: str) -> None:
        self.message.setText(text)

    def _done(self, text: str) -> None:
        self._say(text)
        self._changed()

    # -- changes ---------------------------------------------------------------------

    def _try(self, change: Callable[[], Any]) -> bool:
        """A change the store refuses (a name taken, a locked store) is told here."""
        try:
            change()
        except (StoreError, ValueError, KeyError) as error:
            self._say(f"Not changed: {error}")
            self.refresh()
            return False
        return True

    def rename_current(self, new_name: str | None = None) -> bool:
        name = self.current_name()
        if not name:
            return False
        if new_name is None:
            new_name, ok = QInputDialog.getText(
                self, "Rename collection", "New name:", text=one_line(name)
            )
            if not ok:
                return False
        if not new_name.strip() or new_name == name:
            return False
        if not self._try(lambda: self._store.rename_collection(name, new_name)):
            return False
        self.refresh()
        self.select(new_name.strip())
        self._done(f"Renamed to {one_line(new_name)}")
        return True

    def delete_current(self) -> bool:
        collection = self._collection()
        if collection is None:
            return False
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Delete collection")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(
            f"Delete the collection “{one_line(collection.name)}” "
            f"({len(collection.items)} cables)?\n\nThe cables stay; only the collection goes."
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return False
        if not self._try(lambda: self._store.delete_collection(collection.name)):
            return False
        self.refresh()
        self._done(f"Deleted {one_line(collection.name)}")
        return True

    def _save_order(self) -> None:
        """After a drag or a move: the list's order is the collection's."""
        name = self.current_name()
        if self._filling or not name:
            return
        refs = self.item_refs()
        if self._try(lambda: self._store.reorder_collection(name, refs)):
            self._done("Order saved")
        self._enable()

    def move_current(self, step: int) -> bool:
        row = self.items.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.items.count():
            return False
        self._filling = True
        try:
            item = self.items.takeItem(row)
            self.items.insertItem(target, item)
            self.items.setCurrentItem(item, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        finally:
            self._filling = False
        self._save_order()
        return True

    def remove_selected(self) -> int:
        name = self.current_name()
        refs = [str(item.data(_REF)) for item in self.items.selectedItems()]
        if not name or not refs:
            return 0
        removed: list[int] = []
        if not self._try(lambda: removed.append(self._store.remove_from_collection(name, refs))):
            return 0
        count = removed[0] if removed else 0
        self.refresh()
        self._done(f"Removed {count} cables from {one_line(name)}")
        return count

    def _open(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.open_cable.emit(str(item.data(_REF)))
