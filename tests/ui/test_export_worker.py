"""File ▸ Export cables… runs in a worker (issue 14): the window keeps answering while
the records are gathered, rendered and written, a bar in the status bar shows progress
with a Cancel button, and the status bar says what was written. The worker is held on a
threading.Event the test releases, never waited for by the clock."""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from cablereader.importer.run import import_sources
from cablereader.research_io import ExportFormat
from cablereader.store.sqlite_store import SqliteCableStore
from cablereader.ui.main_window import MainWindow
from cablereader.ui.research import export_commands
from cablereader.ui.research.commands import ResearchCommands, install_research_commands
from cablereader.ui.research.dialogs import ExportDialog
from tests.reliability.synthetic import make_cable, site_page


@pytest.fixture
def exporting(qtbot, tmp_path: Path):
    rng = random.Random(17)
    folder = tmp_path / "pages"
    folder.mkdir()
    refs = []
    for n, station in enumerate(("LIMA", "PARIS", "BERN", "TOKYO", "MADRID"), 1):
        cable = make_cable(rng, n, station)
        refs.append(cable.reference_id)
        (folder / f"{cable.reference_id}.html").write_bytes(site_page(cable))
    store = SqliteCableStore(tmp_path / "cables.db")
    assert import_sources(store, [folder]).failed == 0
    window = MainWindow(store)
    qtbot.addWidget(window)
    commands = getattr(window, "research", None) or install_research_commands(window, store)
    window.show()
    qtbot.waitExposed(window)
    yield window, commands, store, refs
    window.close()
    store.close()


@pytest.fixture
def held(monkeypatch):
    """Render in the worker only once the test says so; records which thread rendered."""
    release = threading.Event()
    threads: list[threading.Thread] = []
    original = export_commands.render_export

    def held_render(records, fmt, title=""):
        threads.append(threading.current_thread())
        assert release.wait(30), "the test never released the export"
        return original(records, fmt, title)

    monkeypatch.setattr(export_commands, "render_export", held_render)
    return release, threads


def _start_from_the_menu(commands: ResearchCommands, monkeypatch, out: Path, fmt: str) -> None:
    """File ▸ Export cables…, the current results in format `fmt`, saved as `out`."""

    def fake_exec(dialog: ExportDialog) -> int:
        labels = [dialog.scope_box.itemText(i) for i in range(dialog.scope_box.count())]
        dialog.scope_box.setCurrentIndex(next(
            i for i, label in enumerate(labels) if label.startswith("Current results")
        ))
        dialog.format_box.setCurrentIndex(dialog.format_box.findData(fmt))
        return int(ExportDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(ExportDialog, "exec", fake_exec)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), ""))
    )
    commands.actions["export_cables"].trigger()


def _click_row(qtbot, window: MainWindow, reference_id: str) -> None:
    row = window.list_model.row_of_reference(reference_id)
    rect = window.table.visualRect(window.list_model.index(row, 1))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _finished(qtbot, commands: ResearchCommands) -> None:
    qtbot.waitUntil(lambda: commands.exports.job is None, timeout=60_000)


def test_the_window_answers_while_an_export_runs(qtbot, exporting, held, monkeypatch, tmp_path):
    window, commands, store, refs = exporting
    release, threads = held
    store.star([refs[1]], "green")
    store.add_note(refs[1], "worth a look")
    out = tmp_path / "results.json"
    model = window.list_model
    in_list_order = [model.reference_at(row) for row in range(model.rowCount())]
    _start_from_the_menu(commands, monkeypatch, out, "json")
    job = commands.exports.job
    assert job is not None
    qtbot.waitUntil(lambda: bool(threads))  # gathered; rendering, held by the test
    assert threads[0] is not threading.main_thread()
    progress = commands.exports.progress
    assert progress is not None and progress.isVisibleTo(window)
    assert progress.cancel_button.isVisibleTo(window)
    qtbot.waitUntil(lambda: progress.label.text() == "Writing 5 cables…")
    assert not commands.actions["export_cables"].isEnabled()  # one export at a time

    _click_row(qtbot, window, refs[3])  # the reader goes on reading meanwhile
    assert window.reader.reference_id == refs[3]
    qtbot.keyClicks(window.search_field, "xyz")
    assert window.search_field.text() == "xyz"
    assert not out.exists()

    release.set()
    _finished(qtbot, commands)
    assert commands.exports.progress is None and commands.actions["export_cables"].isEnabled()
    assert window.statusBar().currentMessage() == "Exported 5 cables to results.json"
    document = json.loads(out.read_text(encoding="utf-8"))
    assert [c["reference_id"] for c in document["cables"]] == in_list_order
    assert sorted(in_list_order) == sorted(refs)
    starred = next(c for c in document["cables"] if c["reference_id"] == refs[1])
    assert starred["star"] == "green"
    assert "worth a look" in json.dumps(starred)
    assert not list(tmp_path.glob(".results.json.*"))  # no temporary file left
    window.search_timer.stop()


def test_cancel_stops_the_export_and_writes_nothing(qtbot, exporting, held, monkeypatch, tmp_path):
    window, commands, _store, _refs = exporting
    release, threads = held
    out = tmp_path / "results.csv"
    _start_from_the_menu(commands, monkeypatch, out, "csv")
    qtbot.waitUntil(lambda: bool(threads))
    progress = commands.exports.progress
    assert progress is not None
    qtbot.mouseClick(progress.cancel_button, Qt.MouseButton.LeftButton)
    release.set()
    _finished(qtbot, commands)
    assert not out.exists() and not list(tmp_path.glob(".results.csv.*"))
    assert window.statusBar().currentMessage() == "Export cancelled: results.csv was not written"

    release.set()
    _start_from_the_menu(commands, monkeypatch, out, "csv")  # and the next one runs
    _finished(qtbot, commands)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 5 and {"reference_id", "url"} <= set(rows[0])


def test_closing_the_window_stops_a_running_export(qtbot, exporting, monkeypatch, tmp_path):
    window, commands, _store, _refs = exporting
    rendering = threading.Event()
    original = export_commands.render_export

    def render_until_cancelled(records, fmt, title=""):
        rendering.set()
        job = commands.exports.job
        assert job is not None and job.cancelled.wait(30), "closing did not cancel"
        return original(records, fmt, title)

    monkeypatch.setattr(export_commands, "render_export", render_until_cancelled)
    scope = next(s for s in commands.scopes() if s.label == "Current results")
    job = commands.export_to(tmp_path / "never.md", scope, ExportFormat.MARKDOWN)
    assert job is not None
    assert rendering.wait(30)
    window.close()  # cancels the export and waits for its thread: never aborts
    assert not job.isRunning() and job.outcome is not None and job.outcome.cancelled
    assert not (tmp_path / "never.md").exists()


def test_a_pdf_is_rendered_off_the_gui_thread(qtbot, exporting, held, tmp_path):
    _window, commands, store, refs = exporting
    release, threads = held
    release.set()
    scope = next(s for s in commands.scopes() if s.label == "Current results")
    out = tmp_path / "results.pdf"
    assert commands.export_to(out, scope, ExportFormat.PDF) is not None
    _finished(qtbot, commands)
    assert threads and threads[0] is not threading.main_thread()
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, check=True, text=True
    ).stdout
    for reference_id in refs:
        assert reference_id in text
    assert store.read_ids() == set()  # exporting reads nothing as read
