"""File ▸ Print…: the open cable, or the cables selected in the list, on paper.

The pages are the PDF export's (pdf_export.paint_pages): reference box, header, body
with its ¶ numbers, the classification, page numbers and the closing citation. A few
cables are gathered here on the GUI thread, as opening them would be; a large set is
better saved as a PDF, which runs in the background (File ▸ Save as PDF…).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtPrintSupport import QPrintDialog, QPrinter

from cablereader.research_io import ExportSource, export_records
from cablereader.ui.research.host import ResearchHost
from cablereader.ui.research.pdf_export import paint_pages

PRINT_LIMIT = 200  # more than this is a job for Save as PDF, in the background


class PrintCommands:
    def __init__(
        self, host: ResearchHost, store: ExportSource, status: Callable[[str], None]
    ) -> None:
        self.host = host
        self.store = store
        self._status = status

    def targets(self) -> list[str]:
        """The selected cables when several are selected, else the open one."""
        selected = list(self.host.selected_reference_ids())
        if len(selected) > 1:
            return selected
        current = self.host.current_reference_id()
        return [current] if current else selected

    def print_cables(self) -> bool:
        """Ask for a printer and print; whether anything was printed."""
        refs = self.targets()
        if not refs:
            self._status("Open or select a cable to print")
            return False
        if len(refs) > PRINT_LIMIT:
            self._status(
                f"{len(refs)} cables are many to print at once: save them as a PDF instead"
            )
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self.host.window)
        dialog.setWindowTitle("Print cables" if len(refs) > 1 else f"Print {refs[0]}")
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
        return self.print_to(printer, refs) > 0

    def print_to(self, printer: QPrinter, refs: list[str]) -> int:
        """Print these cables on `printer`; the pages printed."""
        records, missing = export_records(self.store, refs, self.host.link_settings())
        if not records:
            self._status("Nothing to print: the cables are not in this store")
            return 0
        title = records[0].reference_id if len(records) == 1 else f"{len(records)} cables"
        printer.setDocName(title)
        pages = paint_pages(printer, records, title)
        gone = f" ({len(missing)} not in this store)" if missing else ""
        self._status(f"Printed {len(records)} cables on {pages} pages{gone}")
        return pages
