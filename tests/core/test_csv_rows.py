"""cables.csv: MySQL escaping, streaming row cuts, and agreement with the site pages."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cablereader.core.assemble import CableFormatError
from cablereader.core.formats.csv_rows import iter_raw_rows, parse_csv_row, split_fields
from cablereader.core.formats.site_page import parse_site_page


def _row(*fields: str) -> bytes:
    def esc(value: str) -> str:
        return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\\n")

    return (",".join(f'"{esc(f)}"' for f in fields) + "\n").encode()


SYNTHETIC = _row(
    "7",
    "2/5/2009 9:09",
    "09TESTPOST12",
    "Embassy Test",
    "SECRET",
    "",
    "P 050931Z FEB 09\nFM AMEMBASSY TEST\nTO SECSTATE WASHDC",
    'S E C R E T TESTPOST 000012\n\nTAGS: PREL, XX\nSUBJECT: A "QUOTED" \\ SUBJECT\n\n'
    "1. (S) Body text.\n",
)


def test_escapes_are_undone_exactly() -> None:
    cable = parse_csv_row(SYNTHETIC)
    assert cable.reference_id == "09TESTPOST12"
    assert cable.subject == 'A "QUOTED" \\ SUBJECT'
    assert cable.header.splitlines() == [
        "P 050931Z FEB 09",
        "FM AMEMBASSY TEST",
        "TO SECSTATE WASHDC",
    ]
    assert cable.tags == ("PREL", "XX")
    # The date-time group corrects the clock-bug minute (9:09 -> 09:31).
    assert (cable.created, cable.created_approx) == ("2009-02-05T09:31", False)
    assert cable.released is None


def test_rows_are_cut_at_unescaped_newlines_only() -> None:
    stream = io.BytesIO(SYNTHETIC + SYNTHETIC.replace(b'"7"', b'"8"'))
    rows = list(iter_raw_rows(stream))
    assert [r.number for r in rows] == [1, 2]
    assert rows[0].data == SYNTHETIC
    assert rows[1].offset == len(SYNTHETIC)


def test_field_over_64k_survives() -> None:
    big = "WORD " * 40_000
    cable = parse_csv_row(
        _row("1", "1/1/2010 1:01", "10X1", "Embassy X", "SECRET", "", "", "1. (S) " + big)
    )
    assert len(cable.body) > 190_000
    assert cable.body.endswith(big)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'"1","2","3"\n', "row has 3 columns, expected 8"),
        (b'"1","1/1/2010 1:01","10X1","O","S","","h","unterminated\n', "unterminated quote"),
    ],
)
def test_bad_rows_say_why(data: bytes, reason: str) -> None:
    with pytest.raises(CableFormatError, match=reason):
        split_fields(data.decode())


def test_null_field_is_none() -> None:
    fields = split_fields('"1","1/1/2010 1:01","10X1","O","S",\\N,"h","b"\n')
    assert fields[5] is None and fields[7] == "b"


def test_sample_agrees_with_pages(corpus: Path) -> None:
    """The same cables from cables.csv and from the Dec 2010 pages agree field by field,
    apart from what the CSV lacks (release time, article links)."""
    pages = {p.stem: p for p in (corpus / "cablegate-201012").rglob("*.html")}
    # Two sample rows were made from pages whose text held tag-like strings the sample's
    # maker stripped (`<br>`, `<<240168>>`): only their bodies may differ.
    body_differs = {"09LAPAZ96", "09NAIROBI2497"}
    compared = 0
    with (corpus / "cables-sample.csv").open("rb") as stream:
        for raw in iter_raw_rows(stream):
            from_csv = parse_csv_row(raw.data)
            from_page = parse_site_page(pages[from_csv.reference_id].read_bytes())
            for name in (
                "reference_id",
                "created",
                "created_approx",
                "classification",
                "origin",
                "header",
                "partial",
                "subject",
                "tags",
                "references",
                "eo",
                "to",
                "info",
                "sender",
                "routing",
                "classified_by",
                "classified_reason",
            ):
                assert getattr(from_csv, name) == getattr(from_page, name), (
                    from_csv.reference_id,
                    name,
                )
            if from_csv.reference_id in body_differs:
                assert from_csv.body != from_page.body
            else:
                assert from_csv.body == from_page.body
                assert from_csv.paragraphs == from_page.paragraphs
            assert from_csv.released is None and from_csv.articles == ()
            compared += 1
    assert compared == 342


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("a\\\nb", "a\nb"),
        ('\\\\\\"', '\\"'),
        ('\\"q\\"', '"q"'),
        ("\\0x", "\0x"),
        ("\\\\0", "\\0"),
        ("\\n", "n"),
        ("\\\\\\\\", "\\\\"),
        ("plain", "plain"),
    ],
)
def test_unescape_is_the_inverse_of_mysql_outfile(raw: str, text: str) -> None:
    assert split_fields(f'"1","2","3","4","5","6","7","{raw}"\n')[7] == text


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 5, 4096])
def test_row_cuts_do_not_depend_on_chunk_size(chunk_size: int) -> None:
    data = b'"1","a\\\nb"\n"2","c\\\\"\n"3","x\\\\\\\ny"\n"4","end"'
    rows = list(iter_raw_rows(io.BytesIO(data), chunk_size=chunk_size))
    assert [r.data for r in rows] == [
        b'"1","a\\\nb"\n',
        b'"2","c\\\\"\n',
        b'"3","x\\\\\\\ny"\n',
        b'"4","end"',
    ]
    assert [r.offset for r in rows] == [0, 11, 21, 34]
