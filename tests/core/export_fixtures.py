"""Synthetic cables and records for the export tests (no corpus text in the project)."""

from __future__ import annotations

from cablereader.core.export.records import ExportRecord
from cablereader.core.links import cable_url, target_for
from cablereader.core.model import Cable, Paragraph
from cablereader.core.user_items import Highlight, Note

BODY_PARAGRAPHS = (
    "CONFIDENTIAL LIMA 004377 \n\nSUBJECT: PERUVIAN FOREIGN POLICY UNDER TOLEDO \n\n",
    "1. (C) SUMMARY: THE MINISTER SAID PERU WOULD STAY THE COURSE. \n\n",
    "2. (C) TRADE TALKS {RESUMED} AT 100% & THE #1 ISSUE WAS $ AND C:\\PATH_X ~ ^ `CODE` \n\n",
)


def cable(
    reference_id: str = "05LIMA4377",
    origin: str = "Embassy Lima",
    subject: str = "PERUVIAN FOREIGN POLICY UNDER TOLEDO",
) -> Cable:
    paragraphs = tuple(
        Paragraph(
            i,
            None if i == 0 else str(i),
            None if i == 0 else f"par{i}",
            i > 0,
            None if i == 0 else "(C)",
            "preamble" if i == 0 else "paragraph",
            text,
        )
        for i, text in enumerate(BODY_PARAGRAPHS)
    )
    return Cable(
        reference_id=reference_id,
        created="2005-10-11T22:14",
        created_approx=False,
        released="2011-08-30T01:44",
        released_approx=False,
        classification="CONFIDENTIAL",
        origin=origin,
        header="R 112214Z OCT 05\nFM AMEMBASSY LIMA\nTO SECSTATE WASHDC 7031",
        body="".join(BODY_PARAGRAPHS),
        partial=False,
        subject=subject,
        tags=("PREL", "PGOV", "PE"),
        paragraphs=paragraphs,
    )


def record(given: Cable | None = None, star: str | None = "red") -> ExportRecord:
    chosen = given or cable()
    note = Note(
        "n1",
        chosen.reference_id,
        "par1",
        'Compare with, "the" Chile cable\nline 2',
        "2026-01-01T00:00:00Z",
        "2026-01-02T00:00:00Z",
    )
    whole = Note(
        "n2",
        chosen.reference_id,
        None,
        "=SUM(A1) is not a formula here",
        "2026-01-01T00:00:00Z",
        "2026-01-01T00:00:00Z",
    )
    mark = Highlight(
        "h1",
        chosen.reference_id,
        "par2",
        7,
        18,
        "TRADE TALKS",
        "green",
        "key",
        "2026-01-01T00:00:00Z",
        "2026-01-01T00:00:00Z",
    )
    return ExportRecord(chosen, cable_url(target_for(chosen)), star, (whole, note), (mark,))
