"""Class 8: lower-case redactions (`xxxxxxxxxxxx`) are redactions, marked like `XXXXXXXX`."""

from __future__ import annotations

from cablereader.core.cable_text import REDACTION
from cablereader.ui.reader.cable_html import decorate
from tests.conftest import corpus_pages
from tests.core.fidelity_pages import parse

MARK = '<span style="background-color:#555555; color:#ffffff" title="redacted">'


def test_lower_and_upper_case_runs_are_redactions() -> None:
    text = "1. (C) xxxxxxxxxxxx told us, and XXXXXXXXXXXX agreed; xxxxx. Exxon, taxis."
    assert [m.group(0) for m in REDACTION.finditer(text)] == [
        "xxxxxxxxxxxx",
        "XXXXXXXXXXXX",
        "xxxxx",
    ]


def test_reader_marks_lower_case_redactions_like_upper_case() -> None:
    html = decorate("said xxxxxxxxxxxx and XXXXXXXXXXXX")
    assert html == f"said {MARK}xxxxxxxxxxxx</span> and {MARK}XXXXXXXXXXXX</span>"
    assert decorate("Exxon taxi xx") == "Exxon taxi xx"


def test_corpus_lower_case_redactions_are_marked() -> None:
    pages = 0
    for path in corpus_pages():
        body = parse(path.read_bytes())[0].body
        lower = [m.group(0) for m in REDACTION.finditer(body) if m.group(0).islower()]
        if lower:
            pages += 1
            html = decorate(body)
            assert html.count(MARK) == len(REDACTION.findall(body)), path.name
            assert f"{MARK}{lower[0]}</span>" in html
    assert pages > 20  # dozens of development-corpus pages have them
