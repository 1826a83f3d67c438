"""Page 1: which folders and files to import.

Several sources can be combined (three site builds plus cables.csv is the usual set),
and the folders used before are offered again, kept in QSettings like the window layout.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from cablereader.ui.window_settings import RECENT_FOLDERS

RECENT_MAX = 8


def recent_folders() -> list[str]:
    """Folders imported from before, newest first, that still exist."""
    return [v for v in RECENT_FOLDERS.get() if Path(v).is_dir()]


def remember_folders(sources: list[str]) -> None:
    """Put the folders among `sources` at the front of the recent list."""
    folders = [s for s in sources if Path(s).is_dir()]
    if not folders:
        return
    kept = folders + [f for f in recent_folders() if f not in folders]
    RECENT_FOLDERS.set(kept[:RECENT_MAX])
    QSettings().sync()


class SourcesPage(QWizardPage):
    """A list of sources with add/remove buttons; accepts drops of files and folders."""

    def __init__(self, sources: list[str] | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourcesPage")
        self.setTitle("Choose what to import")
        self.setSubTitle(
            "Add folders of Cablegate pages, the cables.csv file or text pages. "
            "You can also drop them here."
        )
        self.setAcceptDrops(True)
        self.source_list = QListWidget()
        self.source_list.setObjectName("sourceList")
        self.source_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.add_folder_button = QPushButton("Add folder…")
        self.add_folder_button.setObjectName("addFolderButton")
        self.add_folder_button.clicked.connect(self.choose_folder)
        self.add_files_button = QPushButton("Add files…")
        self.add_files_button.setObjectName("addFilesButton")
        self.add_files_button.clicked.connect(self.choose_files)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("removeSourceButton")
        self.remove_button.clicked.connect(self.remove_selected)
        self.recent_box = QComboBox()
        self.recent_box.setObjectName("recentFolders")
        self.recent_box.setPlaceholderText("Recently used folders")
        self.recent_box.activated.connect(self._on_recent_chosen)
        self.recent_label = QLabel("Recent:")
        buttons = QHBoxLayout()
        for button in (self.add_folder_button, self.add_files_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.recent_label)
        buttons.addWidget(self.recent_box, 1)
        self.empty_hint = QLabel(
            "Nothing chosen yet. Add a folder (for example the <tt>cable</tt> folder of a "
            "Cablegate copy), the <tt>cables.csv</tt> file, or drop them on this page."
        )
        self.empty_hint.setObjectName("emptyHint")
        self.empty_hint.setTextFormat(Qt.TextFormat.RichText)
        self.empty_hint.setWordWrap(True)
        self.source_list.itemSelectionChanged.connect(self._update_buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.source_list, 1)
        layout.addLayout(buttons)
        self._fill_recent()
        self.add_sources(sources or [])

    def _fill_recent(self) -> None:
        self.recent_box.clear()
        folders = recent_folders()
        self.recent_box.addItems(folders)
        self.recent_box.setCurrentIndex(-1)
        self.recent_box.setVisible(bool(folders))
        self.recent_label.setVisible(bool(folders))

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.source_list.selectedItems()))
        self.empty_hint.setVisible(self.source_list.count() == 0)

    def sources(self) -> list[str]:
        return [self.source_list.item(row).text() for row in range(self.source_list.count())]

    def add_sources(self, paths: list[str]) -> None:
        """Add paths not yet listed; Next becomes available once there is one."""
        present = set(self.sources())
        for path in paths:
            text = str(Path(path))
            if path and text not in present:
                self.source_list.addItem(text)
                present.add(text)
        self._update_buttons()
        self.completeChanged.emit()

    def remove_selected(self) -> None:
        for item in self.source_list.selectedItems():
            self.source_list.takeItem(self.source_list.row(item))
        self._update_buttons()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.source_list.count() > 0

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a folder of cables")
        if folder:
            self.add_sources([folder])

    def choose_files(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(
            self, "Add cable files", "", "Cable files (*.html *.htm *.csv *.txt);;All files (*)"
        )
        self.add_sources(list(files))

    def _on_recent_chosen(self, index: int) -> None:
        if index >= 0:
            self.add_sources([self.recent_box.itemText(index)])
        self.recent_box.setCurrentIndex(-1)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if urls and all(url.isLocalFile() for url in urls):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            self.add_sources(paths)
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
