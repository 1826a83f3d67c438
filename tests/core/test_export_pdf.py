"""The PDF export, read back with pdftotext (poppler-utils): its text is selectable."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest

from cablereader.core.model import Paragraph
from cablereader.research_io import ExportFormat, render_export
from tests.core.export_fixtures import cable, record

PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(
    PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed"
)


def _pdf_text(data: bytes, tmp_path: Path, *pages: int) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    page_args = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    done = subprocess.run(
        [PDFTOTEXT, "-layout", *page_args, str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    # Fonts set "fi" as a ligature, which pdftotext gives back as one character.
    return unicodedata.normalize("NFKC", done.stdout)


def test_pdf_shows_box_header_body_classification_and_citation(qapp, tmp_path: Path) -> None:
    long_paragraphs = tuple(
        Paragraph(
            i,
            str(i),
            f"par{i}",
            True,
            "(C)",
            "paragraph",
            f"{i}. (C) PARAGRAPH NUMBER {i} " + "WORDS AND MORE WORDS " * 30 + "\n\n",
        )
        for i in range(1, 40)
    )
    big = replace(
        cable("06PARIS1", "Embassy Paris", "A LONG <b>CABLE</b>"),
        paragraphs=long_paragraphs,
        body="".join(p.text for p in long_paragraphs),
    )
    data = render_export([record(), record(big)], ExportFormat.PDF, "Peru inquiry")
    assert data.startswith(b"%PDF-")
    text = _pdf_text(data, tmp_path)
    flat = " ".join(text.split())
    for expected in (
        "Reference ID",
        "05LIMA4377",
        "Created",
        "2005-10-11 22:14",
        "Released",
        "Classification",
        "CONFIDENTIAL",
        "Origin",
        "Embassy Lima",
        "FM AMEMBASSY LIMA",  # the header
        "¶1 1. (C) SUMMARY: THE MINISTER SAID PERU WOULD STAY THE COURSE.",  # body with ¶
        "Cite as: US Embassy Lima, “PERUVIAN FOREIGN POLICY UNDER TOLEDO,” cable 05LIMA4377,",
        "https://wikileaks.org/cable/2005/10/05LIMA4377.html",
        "https://wikileaks.org/cable/2005/10/06PARIS1.html",
        "A LONG <b>CABLE</b>",  # cable text is text, never markup
        "Your notes",
        "¶2: “TRADE TALKS”: key",
        "PARAGRAPH NUMBER 39",
    ):
        assert expected in flat, expected
    pages = text.count("\f")
    assert pages >= 3
    assert f"Peru inquiry — page 1 of {pages}" in flat
    assert f"Peru inquiry — page {pages} of {pages}" in flat
    # Each cable starts on a new page, under its classification.
    second_start = next(
        n for n in range(1, pages + 1) if "06PARIS1:" in _pdf_text(data, tmp_path, n)
    )
    assert second_start >= 2
    assert _pdf_text(data, tmp_path, second_start).split()[0] == "CONFIDENTIAL"
