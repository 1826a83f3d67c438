"""File ▸ Export cables… (every format, PDF too) in a worker thread, and the notes backup.

Exporting the current results reads every cable's text and notes, and a PDF lays out
and draws every page: for thousands of cables that is minutes, which on the GUI thread
froze the window with no way to stop. An ExportJob runs the whole export (gathering the
records, rendering, writing) in a QThread with a connection of its own (a store is not
thread-safe), reports its progress to a bar in the status bar with a Cancel button, and
says at the end what it wrote. The PDF is laid out with QTextDocument on a QPdfWriter:
QtGui paint devices and documents, no widgets, which Qt allows off the GUI thread.

The bytes are those of the command line (research_io.render_export), written next to the
destination and moved into place, so a cancelled or failed export leaves no half file.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QWidget,
)

from cablereader.core.export.records import ExportRecord
from cablereader.core.links import LinkSettings
from cablereader.core.notes_json import NotesFormatError
from cablereader.research_io import (
    SUFFIXES,
    ExportFormat,
    ExportSource,
    export_notes,
    export_records,
    import_notes,
    merge_summary,
    render_export,
    write_file_atomically,
)
from cablereader.store.api import StoreError
from cablereader.store.protocol import CableStore
from cablereader.ui.plain_text import cell_text
from cablereader.ui.research.dialogs import ExportDialog, Scope
from cablereader.ui.research.host import ResearchHost

CHUNK = 100  # cables gathered between two looks at Cancel and two progress reports


@dataclass
class ExportOutcome:
    """What an export did: the file, how many cables it holds, the IDs not in the store,
    and whether it was cancelled or failed (then nothing was written)."""

    path: Path
    written: int = 0
    missing: list[str] = field(default_factory=list)
    cancelled: bool = False
    error: str = ""


def _unique(reference_ids: Sequence[str]) -> list[str]:
    """As export_records reads them: spelled upper case, each once, in the order given."""
    return list(dict.fromkeys(r.strip().upper() for r in reference_ids))


class ExportJob(QThread):
    """One export, from a store connection of its own; `done(ExportOutcome)` at the end."""

    progressed = Signal(int, int)  # cables gathered, of how many
    done = Signal(object)

    def __init__(
        self,
        open_store: Callable[[], tuple[ExportSource, bool]],
        path: Path,
        scope: Scope,
        fmt: ExportFormat,
        settings: LinkSettings,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._open_store = open_store  # the store, and whether the job must close it
        self.path, self.scope, self.fmt, self.settings = path, scope, fmt, settings
        self.cancelled = threading.Event()
        self.outcome: ExportOutcome | None = None

    def cancel(self) -> None:
        self.cancelled.set()

    def run(self) -> None:
        outcome = ExportOutcome(self.path)
        try:
            store, owned = self._open_store()
        except StoreError as error:
            outcome.error = str(error)
            self._finish(outcome)
            return
        try:
            self._export(store, outcome)
        except (StoreError, OSError) as error:
            outcome.error = str(error)
        finally:
            if owned:
                cast(CableStore, store).close()
        self._finish(outcome)

    def _export(self, store: ExportSource, outcome: ExportOutcome) -> None:
        cables = cast(CableStore, store)
        by_row = self.scope.cable_ids
        wanted = _unique(self.scope.reference_ids)
        total = len(by_row) if by_row else len(wanted)
        records: list[ExportRecord] = []
        self.progressed.emit(0, total)
        with cables.snapshot():  # one moment of the store, while others write
            for start in range(0, total, CHUNK):
                if self.cancelled.is_set():
                    outcome.cancelled = True
                    return
                if by_row:
                    chunk = by_row[start : start + CHUNK]
                    rows = cables.fetch_rows(chunk)
                    refs = [rows[i].reference_id for i in chunk if i in rows]
                else:
                    refs = wanted[start : start + CHUNK]
                found, missing = export_records(store, refs, self.settings)
                records += found
                outcome.missing += missing
                self.progressed.emit(min(start + CHUNK, total), total)
        data = render_export(records, self.fmt, self.scope.title)
        if self.cancelled.is_set():
            outcome.cancelled = True
            return
        write_file_atomically(self.path, data)
        outcome.written = len(records)

    def _finish(self, outcome: ExportOutcome) -> None:
        self.outcome = outcome
        self.done.emit(outcome)


class ExportProgress(QWidget):
    """The status bar's "Exporting 300 of 2,000 cables" bar, with Cancel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportProgress")
        self.label = QLabel("Exporting…")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("exportCancel")
        self.cancel_button.setToolTip("Stop the export; no file is written")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.bar)
        row.addWidget(self.cancel_button)

    def show_progress(self, done: int, total: int) -> None:
        if done >= total:
            self.label.setText(f"Writing {total:,} cables…")
            self.bar.setRange(0, 0)  # rendering and writing: no steps to show
        else:
            self.label.setText(f"Exporting {done:,} of {total:,} cables…")
            self.bar.setRange(0, max(total, 1))
            self.bar.setValue(done)


class ExportCommands(QObject):
    """Export cables… and the notes backup, for the research commands."""

    def __init__(
        self,
        host: ResearchHost,
        store: ExportSource,
        status: Callable[[str], None],
        notes_imported: Callable[[], None],
    ) -> None:
        super().__init__(host.window)
        self.host = host
        self.store = store
        self._status = status
        self._notes_imported = notes_imported
        self.job: ExportJob | None = None
        self.progress: ExportProgress | None = None
        self.busy_changed: list[Callable[[bool], None]] = []

    # -- cables ----------------------------------------------------------------------

    def scopes(self) -> list[Scope]:
        current = self.host.current_reference_id()
        scopes = [
            Scope("This cable", (current,) if current else (), current or ""),
            Scope("Selected cables", tuple(self.host.selected_reference_ids()), "Selected cables"),
            self._results(),
        ]
        for collection in self.store.collections():
            refs = tuple(i.reference_id for i in collection.items)
            scopes.append(Scope(f"Collection “{collection.name}”", refs, collection.name))
        return scopes

    def _results(self) -> Scope:
        label, title = "Current results", "Search results"
        if self.host.result_cable_ids is not None:
            return Scope(label, (), title, tuple(self.host.result_cable_ids()))
        return Scope(label, tuple(self.host.result_reference_ids()), title)

    def save_as_pdf(self) -> None:
        """File ▸ Save as PDF…: the export dialog with PDF chosen."""
        self.export_cables(ExportFormat.PDF)

    def export_cables(self, preset: ExportFormat | None = None, first: str = "") -> None:
        """The export dialog; `first` the label of the cables chosen first (the list's
        menu asks for "Selected cables")."""
        if self.job is not None:
            self._status("An export is still running: wait for it, or cancel it")
            return
        dialog = ExportDialog(self.scopes(), self.host.window, preset)
        labels = [s.label for s in dialog.scopes]
        if first in labels:
            dialog.scope_box.setCurrentIndex(labels.index(first))
        if dialog.exec() != ExportDialog.DialogCode.Accepted:
            return
        chosen = dialog.chosen()
        if chosen is None:
            return
        scope, fmt = chosen
        suggested = "".join(ch if ch.isalnum() else "-" for ch in scope.title)[:60] or "cables"
        path, _filter = QFileDialog.getSaveFileName(
            self.host.window, "Export cables", suggested + SUFFIXES[fmt]
        )
        if path:
            self.export_to(Path(path), scope, fmt)

    def _open_worker_store(self) -> tuple[ExportSource, bool]:
        reopened = cast(CableStore, self.store).reopen(read_only=True)
        return cast(ExportSource, reopened), True

    def export_to(self, path: Path, scope: Scope, fmt: ExportFormat) -> ExportJob | None:
        """Start writing the export file; the job's `done` brings what it did (and the
        status bar says it). A store held in memory has no second connection: it is
        exported here, before this returns. None if an export is already running."""
        if self.job is not None:
            return None
        threaded = cast(CableStore, self.store).location is not None
        opener = self._open_worker_store if threaded else (lambda: (self.store, False))
        job = ExportJob(opener, Path(path), scope, fmt, self.host.link_settings(), self)
        self.job = job
        self.progress = ExportProgress()
        self.progress.cancel_button.clicked.connect(job.cancel)
        job.progressed.connect(self.progress.show_progress)
        job.done.connect(self._on_done)
        self.host.window.statusBar().addPermanentWidget(self.progress)
        for notify in self.busy_changed:
            notify(True)
        if threaded:
            job.start()
        else:
            job.run()
        return job

    def _on_done(self, outcome: ExportOutcome) -> None:
        job, self.job = self.job, None
        if job is not None and job.isRunning():
            job.wait()  # `done` is its last act: the thread is ending
        if self.progress is not None:
            self.host.window.statusBar().removeWidget(self.progress)
            self.progress.deleteLater()
            self.progress = None
        for notify in self.busy_changed:
            notify(False)
        name = cell_text(outcome.path.name)
        if outcome.error:
            self._status(f"Export failed, nothing written: {cell_text(outcome.error)}")
        elif outcome.cancelled:
            self._status(f"Export cancelled: {name} was not written")
        else:
            missing = outcome.missing
            absent = f" ({len(missing)} not in this store: {', '.join(missing[:3])})"
            written = f"Exported {outcome.written} cables to {name}"
            self._status(written + (absent if missing else ""))

    def stop(self) -> None:
        """Before the window goes: stop a running export (no file is written) and wait."""
        job = self.job
        if job is not None:
            job.cancel()
            job.wait()

    # -- the notes backup ------------------------------------------------------------

    def export_my_notes(self, path: Path | None = None) -> bool:
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self.host.window, "Export my notes", "cablereader-notes.json", "JSON (*.json)"
            )
            if not chosen:
                return False
            path = Path(chosen)
        export_notes(self.store, path)
        self._status(f"Your notes were written to {cell_text(path.name)}")
        return True

    def import_my_notes(self, path: Path | None = None) -> str | None:
        """Merge a notes backup; returns the summary shown, None if nothing was imported."""
        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(
                self.host.window, "Import my notes", "", "JSON (*.json)"
            )
            if not chosen:
                return None
            path = Path(chosen)
        try:
            report = import_notes(self.store, path)
        except (NotesFormatError, OSError) as error:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                "Import my notes",
                f"{path.name} was not imported: {error}",
                parent=self.host.window,
            )
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.open()
            return None
        summary = merge_summary(report)
        self._notes_imported()
        self._status(f"Imported {cell_text(path.name)}: {summary}")
        return summary
