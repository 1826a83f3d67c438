"""A cable page saved as text (the seed 05LIMA4377.txt) and synthetic variants."""

from __future__ import annotations

from pathlib import Path

import pytest

from cablereader.core.assemble import CableFormatError
from cablereader.core.formats.detect import detect_format
from cablereader.core.formats.text_page import parse_text_page
from cablereader.core.model import SourceFormat


def test_seed_page(corpus: Path) -> None:
    data = (corpus / "seed" / "05LIMA4377.txt").read_bytes()
    assert detect_format(data[:65536]) is SourceFormat.TEXT_PAGE
    cable = parse_text_page(data)
    assert cable.reference_id == "05LIMA4377"
    assert (cable.created, cable.created_approx) == ("2005-10-11T18:25", False)
    assert cable.released == "2011-08-30T01:44"
    assert cable.classification == "CONFIDENTIAL"
    assert cable.origin == "Embassy Lima"
    assert cable.partial is True
    assert cable.articles == ("http://elcomercio.pe",)
    assert cable.tags == ("PREL", "PE", "US")
    assert cable.subject == "PERUVIAN FOREIGN POLICY UNDER TOLEDO"
    assert "[PREL](#)" not in cable.body and "TAGS: PREL PE US" in cable.body
    assert cable.body.rstrip().endswith("STRUBLE")
    numbered = [p.anchor for p in cable.paragraphs if p.number]
    assert numbered[:3] == ["par1", "par2", "par13"]
    assert cable.paragraphs[1].marking == "(C)" and cable.paragraphs[1].kind == "summary"


def test_header_box_split_from_body_and_old_clock_flagged() -> None:
    text = (
        "Viewing cable 07TEST5, X\n\nReference ID\tCreated\tReleased\tClassification\tOrigin\n"
        "07TEST5\t2007-09-11 09:09\t2010-12-01 12:12\tSECRET\tEmbassy Test\n\n"
        "O 110944Z SEP 07\nFM AMEMBASSY TEST\nTO SECSTATE WASHDC\n\n"
        "S E C R E T TEST 000005\n\nSUBJECT: TWO\nLINES\n\n1. (S) Text.\n"
    )
    cable = parse_text_page(text.encode("cp1252"))
    assert cable.header.startswith("O 110944Z SEP 07") and cable.header.endswith("WASHDC")
    assert cable.body.startswith("S E C R E T")
    assert cable.subject == "TWO LINES"
    assert (cable.created, cable.created_approx) == ("2007-09-11T09:44", False)
    assert cable.released_approx is True


def test_text_without_table_is_refused() -> None:
    with pytest.raises(CableFormatError, match="no reference table"):
        parse_text_page(b"just some notes about cables\n")
