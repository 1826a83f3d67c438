"""Class 6: a tab-separated database export row in a page's text box is read as the cable
(fields, header, body, line-end backslashes removed); its exact creation time wins."""

from __future__ import annotations

from cablereader.core.formats.export_row import parse_export_row, split_fields
from cablereader.core.timestamps import Stamp
from tests.core.fidelity_pages import page, parse

HEADER_LINES = [
    "VZCZCXRO4549",
    "PP RUEHAG",
    "DE RUEHSW #0881/01 2540944",
    "ZNY SSSSS ZZH",
    "P 110944Z SEP 07",
    "FM AMEMBASSY BERN",
    "TO RUEHC/SECSTATE WASHDC PRIORITY 4321",
]
BODY_LINES = [
    "S E C R E T SECTION 01 OF 02 BERN 000881 ",
    "",
    "SIPDIS ",
    "",
    "E.O. 12958: DECL: 09/11/2017 ",
    "TAGS: PREL, PTER, SZ ",
    "SUBJECT: SWISS VIEWS ON A TEST ",
    "",
    "REF: STATE 124823 ",
    "",
    "1. (S) A path C:\\\\TEMP and a tab\\\there. ",
]


def _row() -> str:
    header = "\\\n".join(HEADER_LINES)
    body = "\\\n".join(BODY_LINES)
    return (
        "2007-09-11 09:44:00\t07BERN881\tEmbassy Bern\tSECRET\t07STATE124823\t"
        f"{header}\\\n\t{body}\\\n"
    )


def test_row_fields_header_and_body() -> None:
    row = parse_export_row(_row())
    assert row is not None
    assert row.created == Stamp(2007, 9, 11, 9, 44)
    assert (row.reference_id, row.origin, row.classification) == (
        "07BERN881",
        "Embassy Bern",
        "SECRET",
    )
    assert row.references == ("07STATE124823",)
    assert row.header == "\n".join(HEADER_LINES)
    assert "\\" not in row.header
    assert row.body.startswith("S E C R E T SECTION 01 OF 02 BERN 000881 \n\nSIPDIS")
    assert "1. (S) A path C:\\TEMP and a tab\there." in row.body
    assert parse_export_row("2007-09-11 09:44 not a row") is None
    assert split_fields("a\tb\\\tc\td\te\tf\tg\th\ti") == ["a", "b\tc", "d", "e", "f", "g", "h\ti"]


def test_page_with_an_export_row_is_read_as_the_cable() -> None:
    data = page(
        created="2007-09-11 09:09",
        released="2011-02-15 18:06",
        header="",
        body=_row(),
    )
    cable, _ = parse(data)
    assert cable.header == "\n".join(HEADER_LINES)
    assert cable.sender == "AMEMBASSY BERN"
    assert cable.subject == "SWISS VIEWS ON A TEST"
    assert "\\" not in cable.subject
    assert cable.tags == ("PREL", "PTER", "SZ")
    assert [r.reference_id for r in cable.references] == ["07STATE124823"]
    assert [p.anchor for p in cable.paragraphs if p.anchor] == ["par1"]
    # The row's time is exact: it wins over the table's buggy 09:09, and is not approximate.
    assert (cable.created, cable.created_approx) == ("2007-09-11T09:44", False)
    assert "".join(p.text for p in cable.paragraphs) == cable.body


def test_row_time_wins_even_against_the_dtg() -> None:
    row = _row().replace("2007-09-11 09:44:00", "2007-09-11 09:09:30")
    cable, _ = parse(page(created="2007-09-11 09:09", header="", body=row))
    assert (cable.created, cable.created_approx) == ("2007-09-11T09:09", False)
