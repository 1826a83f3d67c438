"""Writing and reading the reader's files: the one place the window and the command line
both call, so that `cablereader notes export` and File ▸ Export my notes… write the
same bytes.

Files are written next to their destination and moved into place, so an interrupted
export never leaves half a backup under the name of a good one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from cablereader import __version__
from cablereader.core import notes_json
from cablereader.core.export.citations import to_bibtex, to_csl_json, to_ris
from cablereader.core.export.fulltext import to_markdown, to_text
from cablereader.core.export.records import ExportRecord
from cablereader.core.export.tabular import to_csv, to_json
from cablereader.core.links import DEFAULT_SETTINGS, LinkSettings, cable_url, target_for
from cablereader.store.api import StoredCable
from cablereader.store.user_data_api import MergeReport, UserDataStore


def write_file_atomically(path: Path, data: bytes) -> None:
    path = Path(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def export_notes(store: UserDataStore, path: Path, *, mine: bool = False) -> None:
    """The person's stars, reads and history, and everyone's notes, highlights,
    collections and saved searches with their authors (`mine`: only the person's), as
    one notes backup file."""
    text = notes_json.dumps(store.user_data(mine=mine), __version__)
    write_file_atomically(path, text.encode("utf-8"))


def import_notes(store: UserDataStore, path: Path) -> MergeReport:
    """Merge a notes backup into the store; NotesFormatError if it is not one."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise notes_json.NotesFormatError(f"not a text file ({error})") from error
    return store.merge_user_data(notes_json.loads(text))


def merge_summary(report: MergeReport) -> str:
    """ "notes: 3 added, 1 updated; stars: 2 added" — what an import did, in one line."""
    parts = []
    for kind, counts in report.items():
        added, updated = counts.get("added", 0), counts.get("updated", 0)
        if added or updated:
            parts.append(f"{kind}: {added} added" + (f", {updated} updated" if updated else ""))
    return "; ".join(parts) or "nothing new"


class ExportFormat(StrEnum):
    PDF = "pdf"
    CSV = "csv"
    JSON = "json"
    MARKDOWN = "md"
    TEXT = "txt"
    CSL_JSON = "csl-json"
    BIBTEX = "bibtex"
    RIS = "ris"


SUFFIXES = {
    ExportFormat.PDF: ".pdf",
    ExportFormat.CSV: ".csv",
    ExportFormat.JSON: ".json",
    ExportFormat.MARKDOWN: ".md",
    ExportFormat.TEXT: ".txt",
    ExportFormat.CSL_JSON: ".json",
    ExportFormat.BIBTEX: ".bib",
    ExportFormat.RIS: ".ris",
}


class ExportSource(UserDataStore, Protocol):
    """What an export reads: the cables, and the reader's marks on them."""

    def fetch_cable(
        self, reference_id: str, version_id: int | None = None
    ) -> StoredCable | None: ...


def export_records(
    store: ExportSource, reference_ids: Sequence[str], settings: LinkSettings = DEFAULT_SETTINGS
) -> tuple[list[ExportRecord], list[str]]:
    """The records to export, in the order given (duplicates once), and the IDs that are
    not in the store, which the caller reports rather than silently dropping."""
    stars = store.stars()
    records: list[ExportRecord] = []
    missing: list[str] = []
    seen: set[str] = set()
    for given in reference_ids:
        reference_id = given.strip().upper()
        if reference_id in seen:
            continue
        seen.add(reference_id)
        stored = store.fetch_cable(reference_id)
        if stored is None:
            missing.append(reference_id)
            continue
        cable = stored.cable
        star = stars.get(cable.reference_id)
        records.append(
            ExportRecord(
                cable,
                cable_url(target_for(cable), settings),
                star.colour if star else None,
                tuple(store.notes(cable.reference_id)),
                tuple(store.highlights(cable.reference_id)),
            )
        )
    return records, missing


def render_export(records: Sequence[ExportRecord], fmt: ExportFormat, title: str = "") -> bytes:
    """The file's bytes: text formats as UTF-8 (CSV with a BOM, which spreadsheets need to
    read it as UTF-8), PDF through Qt's PDF writer."""
    if fmt is ExportFormat.PDF:
        from cablereader.ui.research.pdf_export import render_pdf  # Qt only when wanted

        return render_pdf(records, title or "Cable Reader export")
    if fmt is ExportFormat.CSV:
        return to_csv(records).encode("utf-8-sig")
    text = {
        ExportFormat.JSON: lambda: to_json(records, title),
        ExportFormat.MARKDOWN: lambda: to_markdown(records, title),
        ExportFormat.TEXT: lambda: to_text(records, title),
        ExportFormat.CSL_JSON: lambda: to_csl_json(records),
        ExportFormat.BIBTEX: lambda: to_bibtex(records),
        ExportFormat.RIS: lambda: to_ris(records),
    }[fmt]()
    return text.encode("utf-8")
