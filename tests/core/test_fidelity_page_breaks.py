"""Class 5: telegram page-break lines (`DUBAI 00000049 001.2 OF 003`, `BERN 00000881 002
OF 002`) are never part of a SUBJECT, a TAGS or a REF line."""

from __future__ import annotations

import re

from cablereader.core.cable_text import drop_page_break, parse_text_fields
from tests.conftest import corpus_pages
from tests.core.fidelity_pages import parse

_PAGE_BREAK = re.compile(r"0[0-9]{5,7}\s+[0-9]{3}(?:\.[0-9])?\s+OF\s+[0-9]{3}")


def test_subject_does_not_swallow_the_page_break_line() -> None:
    body = (
        "S E C R E T DUBAI 000049\n\nSIPDIS\n\nE.O. 12958: DECL: 1/1/2019\n"
        "TAGS: PREL, IR\nSUBJECT: IRAN: [DETAILS REMOVED] IRGC, MOIS\n"
        "DUBAI 00000049  001.2 OF 003\n\nClassified By: X, reason 1.4 (d)\n\n1. (S) Text.\n"
    )
    fields = parse_text_fields("", body, 2009, own_station="DUBAI")
    assert fields.subject == "IRAN: [DETAILS REMOVED] IRGC, MOIS"
    # The page break on the subject's own line, with the station unknown or known.
    same_line = body.replace("MOIS\nDUBAI", "MOIS DUBAI")
    assert parse_text_fields("", same_line, 2009).subject.endswith("IRGC, MOIS")
    assert parse_text_fields("", same_line, 2009, own_station="DUBAI").subject.endswith(
        "IRGC, MOIS"
    )


def test_multi_word_and_cut_stations() -> None:
    assert drop_page_break("ABU DHABI 00000874 001.2 OF 003", "ABUDHABI") == ""
    assert drop_page_break("A TEXT ABU DHABI 00000874 001.2 OF 003", "ABUDHABI") == "A TEXT"
    assert drop_page_break("USUN NEW YORK 00001234 002 OF 003", "USUNNEWYORK") == ""
    assert drop_page_break("HONDURAS TEGUCIGALP 00000459 002 OF 004", "TEGUCIGALPA") == ("HONDURAS")
    assert drop_page_break("BERN 00000881  002 OF 002 ") == ""
    assert drop_page_break("THE VOTE WAS 12 OF 100") == "THE VOTE WAS 12 OF 100"
    assert drop_page_break("REF: PARIS 12 PARIS 00000244 001.2 OF 002 (U) NEXT PAGE") == (
        "REF: PARIS 12"
    )


def test_tags_and_ref_lines_without_page_breaks() -> None:
    body = (
        "C O N F I D E N T I A L BRASILIA 000034\n\nTAGS: PREL, BR\n"
        "BRASILIA 00000034  001.2 OF 005\nSUBJECT: A TEST\n\n"
        "REF: A. 08 SAO PAULO 268 B. 08 BRASILIA 175 BRASILIA 00000034 001.2 OF 005\n"
        "\nC. STATE 123456\n\n1. (C) Text.\n"
    )
    fields = parse_text_fields("", body, 2009, own_station="BRASILIA")
    assert fields.tags == ("PREL", "BR")
    assert [(r.label, r.text, r.reference_id) for r in fields.references] == [
        ("A", "08 SAO PAULO 268", "08SAOPAULO268"),
        ("B", "08 BRASILIA 175", "08BRASILIA175"),
        ("C", "STATE 123456", "09STATE123456"),
    ]


def test_no_corpus_field_holds_a_page_break() -> None:
    seen = 0
    for path in corpus_pages():
        cable = parse(path.read_bytes())[0]
        seen += bool(_PAGE_BREAK.search(cable.body))
        texts = [cable.subject, *cable.tags, *(r.text for r in cable.references)]
        assert not any(_PAGE_BREAK.search(t) for t in texts), path.name
    assert seen > 50  # the corpus has page-break lines to be kept out
