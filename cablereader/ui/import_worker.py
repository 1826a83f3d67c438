"""Importing in a background thread, so the window stays responsive on a 1.7 GB release.

The worker opens its own connection to the same store file (SQLite connections must
not be shared across threads mid-transaction) and reports progress through signals.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QThread, Signal

from cablereader.importer.run import ImportReport, import_sources
from cablereader.importer.state import ImportState, Progress
from cablereader.store.sqlite_store import SqliteCableStore


class ImportWorker(QThread):
    """Runs `import_sources`; `done` carries the report, or an error message."""

    progress = Signal(int, int, int)  # files done, files total, cables written
    done = Signal(object, str)  # ImportReport | None, error text

    def __init__(self, db_path: Path, sources: list[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.sources = sources
        self.state = ImportState(on_progress=self._report)

    def _report(self, progress: Progress) -> None:
        self.progress.emit(progress.files_done, progress.files_total, progress.cables_written)

    def cancel(self) -> None:
        self.state.cancel()

    def run(self) -> None:
        report: ImportReport | None = None
        error = ""
        try:
            store = SqliteCableStore(self.db_path)
            try:
                report = import_sources(store, self.sources, self.state)
            finally:
                store.close()
        except Exception as exc:  # reported to the user instead of killing the thread
            error = str(exc) or type(exc).__name__
        self.done.emit(report, error)
