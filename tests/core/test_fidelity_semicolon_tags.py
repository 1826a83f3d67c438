"""Class 3: tags joined by semicolons are separate tags."""

from __future__ import annotations

from cablereader.core.cable_text import parse_tags
from tests.core.fidelity_pages import page, parse


def test_semicolons_separate_tags() -> None:
    assert parse_tags(["TAGS: PREL;PGOV;KCOR;HU;HR"]) == ("PREL", "PGOV", "KCOR", "HU", "HR")
    assert parse_tags(["TAGS: PREL; PGOV;KCOR, HU HR;"]) == ("PREL", "PGOV", "KCOR", "HU", "HR")
    assert parse_tags(["E.O. 12958: N/A TAGS: ECON;EFIN", "ETRD; HU"]) == (
        "ECON",
        "EFIN",
        "ETRD",
        "HU",
    )


def test_semicolon_tags_on_a_page() -> None:
    body = "UNCLAS BUDAPEST 000001\nTAGS: PREL;PGOV;KCOR;HU;HR\nSUBJECT: A TEST\n\n1. Text.\n"
    cable, _ = parse(page(body=body, script="/static/js/js.js"))
    assert cable.tags == ("PREL", "PGOV", "KCOR", "HU", "HR")
    assert cable.subject == "A TEST"
