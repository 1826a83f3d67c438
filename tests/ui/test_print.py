"""File ▸ Print… and File ▸ Save as PDF… (issue 14): the open cable or the selection,
printed with the PDF export's pages. The printer is Qt's PDF printer writing a file, so
what reached the "paper" can be read back with pdftotext."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter

from cablereader.research_io import ExportFormat
from cablereader.ui.research import export_commands
from cablereader.ui.research.dialogs import ExportDialog
from tests.ui.test_research_commands import (  # the window on three synthetic cables
    research as research,
)
from tests.ui.test_research_commands import (
    small_store as small_store,
)


def _printed_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def _pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_the_file_menu_has_print_and_save_as_pdf(research) -> None:
    window, _commands = research
    file_menu = next(
        a.menu() for a in window.menuBar().actions() if a.menu() and a.text() == "&File"
    )
    texts = {a.text(): a.shortcut().toString() for a in file_menu.actions()}
    assert texts["&Print…"] == "Ctrl+P"
    assert texts["Save as P&DF…"] == "Ctrl+Shift+P"


def test_the_open_cable_prints_with_its_header_paragraphs_and_citation(
    research, small_store, tmp_path: Path
) -> None:
    window, commands = research
    ref = small_store.refs[1]
    assert window.open_cable(ref)
    assert commands.printing.targets() == [ref]
    out = tmp_path / "printed.pdf"
    pages = commands.printing.print_to(_pdf_printer(out), commands.printing.targets())
    assert pages >= 1
    text = _printed_text(out)
    cable = small_store.fetch_cable(ref)
    assert cable is not None
    assert ref in text and cable.cable.classification.split()[0] in text
    assert "¶" in text or "1." in text  # the body's paragraphs, numbered
    assert f"page 1 of {pages}" in text
    assert "wikileaks.org" in text  # the closing citation's URL
    assert window.statusBar().currentMessage().startswith("Printed 1 cables")


def test_a_selection_prints_every_cable_and_asks_for_a_printer_first(
    qtbot, research, small_store, tmp_path: Path, monkeypatch
) -> None:
    window, commands = research
    qtbot.waitUntil(lambda: window.list_model.rowCount() == len(small_store.refs))
    window.table.selectAll()
    assert sorted(commands.printing.targets()) == sorted(small_store.refs)
    out = tmp_path / "selection.pdf"
    asked: list[str] = []

    def dialog_exec(dialog: QPrintDialog) -> int:  # the user presses Print
        asked.append(dialog.windowTitle())
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", dialog_exec)
    assert commands.actions["print"].isEnabled()
    commands.actions["print"].trigger()
    assert asked == ["Print cables"]
    text = _printed_text(out)
    for ref in small_store.refs:
        assert ref in text


def test_a_cancelled_print_prints_nothing(research, small_store, monkeypatch) -> None:
    window, commands = research
    assert window.open_cable(small_store.refs[0])
    monkeypatch.setattr(QPrintDialog, "exec", lambda dialog: QPrintDialog.DialogCode.Rejected)
    assert commands.printing.print_cables() is False


def test_save_as_pdf_opens_the_export_dialog_with_pdf_chosen(research, monkeypatch) -> None:
    _window, commands = research
    seen: list[tuple[str, str]] = []

    def dialog_exec(dialog: ExportDialog) -> int:
        seen.append((dialog.windowTitle(), dialog.format_box.currentData()))
        return ExportDialog.DialogCode.Rejected

    monkeypatch.setattr(export_commands.ExportDialog, "exec", dialog_exec)
    commands.actions["save_pdf"].trigger()
    assert seen == [("Save as PDF", ExportFormat.PDF.value)]
