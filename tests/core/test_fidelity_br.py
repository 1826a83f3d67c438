"""Class 4: a literal `<br>` in a text box is a line break (shown and searched as one);
the raw source keeps it."""

from __future__ import annotations

from pathlib import Path

from cablereader.core.formats.site_page import clean_block
from cablereader.core.query import parse_query
from cablereader.importer.run import import_sources
from cablereader.importer.state import ImportState
from cablereader.store.api import CableFilter
from tests.core.fidelity_pages import page, parse

BODY = (
    "C O N F I D E N T I A L LA PAZ 000001 <br>\n<br>\nSUBJECT: A TEST <br>\n<br>\n"
    "REF: A. LA PAZ 6 <br>\nB. LA PAZ 11<br/>\n\n1. (C) First line<br>second line.\n"
)


def test_br_is_a_line_break_in_the_parsed_text() -> None:
    assert clean_block("a <br>&#x000A;b<BR>c<br />d") == "a \n\nb\nc\nd"
    cable, _ = parse(page(body=BODY, script="/static/js/js.js"))
    assert "<br" not in cable.body.lower()
    assert "1. (C) First line\nsecond line." in cable.body
    assert cable.subject == "A TEST"
    assert [(r.label, r.reference_id) for r in cable.references] == [
        ("A", "07LAPAZ6"),
        ("B", "07LAPAZ11"),
    ]
    assert "".join(p.text for p in cable.paragraphs) == cable.body


def test_br_searched_as_a_break_and_kept_in_the_raw_source(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "07LAPAZ1.html"
    data = page(refid="07LAPAZ1", body=BODY, script="/static/js/js.js")
    path.write_bytes(data)
    report = import_sources(store, [str(path)], ImportState())
    assert report.added == 1
    # "linesecond" would match if the tag were dropped; "br" if it were kept as text.
    assert store.count(CableFilter(query=parse_query("second"))) == 1
    assert store.count(CableFilter(query=parse_query("linesecond"))) == 0
    assert store.count(CableFilter(query=parse_query("br"))) == 0
    stored = store.fetch_cable("07LAPAZ1")
    assert stored is not None
    assert store.raw_source(stored.versions[0].id) == data
