"""Exports read back by parsers: JSON, the csv module, a strict BibTeX parser, RIS lines."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace

import pytest

from cablereader.core.export.authors import institution_author
from cablereader.core.export.citations import to_bibtex, to_csl_json, to_ris
from cablereader.core.export.fulltext import to_markdown, to_text
from cablereader.core.export.tabular import COLUMNS, to_csv, to_json
from cablereader.core.link_formats import LinkFormat, format_link
from cablereader.core.links import parse_link, target_for
from tests.core.export_fixtures import cable, record

URL = "https://wikileaks.org/cable/2005/10/05LIMA4377.html"


@pytest.mark.parametrize(
    ("origin", "author"),
    [
        ("Embassy Lima", "US Embassy Lima"),
        ("Consulate  Karachi", "US Consulate Karachi"),
        ("Secretary of State", "US Secretary of State"),
        ("REO Basrah", "US REO Basrah"),
        ("Mission USNATO", "US Mission USNATO"),
        ("US Mission Geneva", "US Mission Geneva"),
        ("USUN New York", "USUN New York"),
        ("American Institute Taiwan, Taipei", "American Institute Taiwan, Taipei"),
        ("UNVIE", "UNVIE"),
        ("", "US Department of State"),
    ],
)
def test_origin_becomes_an_institutional_author(origin: str, author: str) -> None:
    assert institution_author(origin) == author


def test_csv_reads_back_with_the_csv_module() -> None:
    other = record(cable("06PARIS1", "Embassy Paris", 'SUBJECT, WITH "QUOTES"\nAND A BREAK'), None)
    text = to_csv([record(), other])
    assert text.count("\r\n") >= 3
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == COLUMNS
    first, second = rows
    assert first["reference_id"] == "05LIMA4377" and first["url"] == URL
    assert (first["created"], first["released"]) == ("2005-10-11T22:14", "2011-08-30T01:44")
    assert (first["classification"], first["origin"], first["tags"]) == (
        "CONFIDENTIAL",
        "Embassy Lima",
        "PREL PGOV PE",
    )
    assert first["star"] == "red"
    assert first["notes"] == (
        "cable: =SUM(A1) is not a formula here\n\n"
        '¶1: Compare with, "the" Chile cable\nline 2\n\n'
        "¶2 “TRADE TALKS”: key"
    )
    assert second["subject"] == 'SUBJECT, WITH "QUOTES"\nAND A BREAK' and second["star"] == ""


def test_json_reads_back() -> None:
    document = json.loads(to_json([record()], "Peru"))
    assert (document["format"], document["version"], document["title"]) == (
        "cablereader-export",
        1,
        "Peru",
    )
    [item] = document["cables"]
    assert item["tags"] == ["PREL", "PGOV", "PE"] and item["star"] == "red"
    assert [n["label"] for n in item["notes"]] == ["cable", "¶1"]
    assert item["highlights"][0]["quote"] == "TRADE TALKS"
    assert item["url"] == URL


def test_markdown_keeps_cable_text_inert() -> None:
    fenced = replace(cable(), body=cable().body + "```\n# NOT A HEADING <b>x</b>\n")
    text = to_markdown([record(fenced)], "Peru [draft]")
    assert text.startswith("# Peru \\[draft\\]\n")
    assert "## 05LIMA4377: PERUVIAN FOREIGN POLICY UNDER TOLEDO" in text
    assert "| Origin | Embassy Lima |" in text
    # The body (which holds a backtick run) sits in a longer fence, verbatim.
    assert "````text\nCONFIDENTIAL LIMA 004377" in text
    assert "`CODE`" in text and "C:\\PATH_X" in text
    assert "\n# NOT A HEADING <b>x</b>\n````\n" in text
    assert "### Your notes" in text


def test_plain_text_has_the_full_text_and_the_notes() -> None:
    text = to_text([record(), record(cable("06PARIS1", "Embassy Paris"))])
    assert text.count("Reference ID   ") == 2 and "-" * 72 in text
    assert "2. (C) TRADE TALKS {RESUMED}" in text
    assert "  ¶2 “TRADE TALKS”: key" in text


def test_csl_json_maps_like_the_plusd_translator() -> None:
    [item] = json.loads(to_csl_json([record()]))
    assert item == {
        "id": "05LIMA4377",
        "type": "report",
        "title": "PERUVIAN FOREIGN POLICY UNDER TOLEDO",
        "author": [{"literal": "US Embassy Lima"}],
        "number": "05LIMA4377",
        "genre": "Diplomatic cable, CONFIDENTIAL",
        "publisher": "WikiLeaks",
        "archive": "WikiLeaks",
        "URL": URL,
        "issued": {"date-parts": [[2005, 10, 11]]},
        "keyword": "PREL, PGOV, PE",
    }


_BIB_ENTRY = re.compile(r"@(?P<type>[a-z]+)\{(?P<key>[A-Za-z0-9-]+),\n")
_BIB_FIELD = re.compile(r"  (?P<name>[a-z]+) = ")


def _braced(text: str, at: int) -> tuple[str, int]:
    """The value of a {...} group starting at `at`; strict: escapes must be \\x, braces
    must balance, and the group must close."""
    assert text[at] == "{", text[at : at + 20]
    depth, i, out = 0, at, []
    while True:
        ch = text[i]
        if ch == "\\":
            out.append(text[i : i + 2])
            i += 2
            continue
        if ch == "{":
            depth += 1
            if depth > 1:
                out.append(ch)
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return "".join(out), i + 1
            out.append(ch)
        else:
            assert ch not in "%#&$_^~", f"unescaped {ch!r} in BibTeX value"
            out.append(ch)
        i += 1


def parse_bibtex(text: str) -> list[tuple[str, str, dict[str, str]]]:
    """A minimal strict parser for what we write: entries, fields, braced or bare values."""
    entries, at = [], 0
    while at < len(text):
        if text[at] == "\n":
            at += 1
            continue
        head = _BIB_ENTRY.match(text, at)
        assert head, f"no entry at {text[at : at + 30]!r}"
        at, fields = head.end(), {}
        while True:
            field = _BIB_FIELD.match(text, at)
            assert field, f"no field at {text[at : at + 30]!r}"
            at = field.end()
            if text[at] == "{":
                value, at = _braced(text, at)
            else:
                bare = re.match(r"[a-z0-9]+", text[at:])
                assert bare
                value, at = bare.group(), at + bare.end()
            assert field["name"] not in fields
            fields[field["name"]] = value
            if text.startswith(",\n", at):
                at += 2
                continue
            assert text.startswith("\n}\n", at), text[at : at + 10]
            at += 3
            break
        entries.append((head["type"], head["key"], fields))
    return entries


def test_bibtex_parses_strictly_and_maps_like_the_plusd_translator() -> None:
    odd = cable("05LIMA4377", "Embassy Lima", "100% OF {BRACES} & #TAGS_ $ ~ ^ \\ END")
    entries = parse_bibtex(to_bibtex([record(), record(odd)]))
    assert [(t, k) for t, k, _ in entries] == [
        ("techreport", "05LIMA4377"),
        ("techreport", "05LIMA4377-2"),
    ]
    fields = entries[0][2]
    assert fields == {
        "title": "{PERUVIAN FOREIGN POLICY UNDER TOLEDO}",
        "author": "{US Embassy Lima}",
        "institution": "{US Embassy Lima}",
        "type": "Diplomatic cable, CONFIDENTIAL",
        "number": "05LIMA4377",
        "year": "2005",
        "month": "oct",
        "date": "2005-10-11",
        "publisher": "WikiLeaks",
        "url": URL,
        "keywords": "PREL, PGOV, PE",
    }
    assert entries[1][2]["title"] == (
        "{100\\% OF \\{BRACES\\} \\& \\#TAGS\\_ \\$ \\~{} \\^{} \\textbackslash{} END}"
    )


def test_ris_structure_line_by_line() -> None:
    text = to_ris([record(), record(cable("06PARIS1", "Embassy Paris", "TWO\nLINES"))])
    assert "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")
    tag_line = re.compile(r"[A-Z][A-Z0-9]  - .*")
    entries: list[list[tuple[str, str]]] = [[]]
    for line in lines:
        if line == "":
            continue
        assert tag_line.fullmatch(line), line
        tag, value = line[:2], line[6:]
        entries[-1].append((tag, value))
        if tag == "ER":
            entries.append([])
    assert entries[-1] == []
    first, second = entries[:2]
    assert first[0] == ("TY", "RPRT") and first[-1] == ("ER", "")
    fields = dict(first)
    assert fields["TI"] == "PERUVIAN FOREIGN POLICY UNDER TOLEDO"
    assert fields["AU"] == "US Embassy Lima" and fields["SN"] == "05LIMA4377"
    assert fields["M3"] == "Diplomatic cable, CONFIDENTIAL"
    assert (fields["PY"], fields["DA"]) == ("2005", "2005/10/11/")
    assert (fields["PB"], fields["UR"]) == ("WikiLeaks", URL)
    assert [v for t, v in first if t == "KW"] == ["PREL", "PGOV", "PE"]
    assert dict(second)["TI"] == "TWO LINES"


def test_chicago_note_citation() -> None:
    target = target_for(cable(), cable().paragraphs[1])
    payload = format_link(target, LinkFormat.CHICAGO)
    assert payload.text == (
        'US Embassy Lima, "PERUVIAN FOREIGN POLICY UNDER TOLEDO," cable 05LIMA4377, '
        f"October 11, 2005, ¶ 1, CONFIDENTIAL, WikiLeaks, {URL}#par1."
    )
    assert payload.html is not None and f'<a href="{URL}#par1">' in payload.html
    assert parse_link(payload.text.rsplit(" ", 1)[1]) == parse_link("05LIMA4377#par1")
    whole = format_link(target_for(cable()), LinkFormat.CHICAGO).text
    assert whole.endswith(f"October 11, 2005, CONFIDENTIAL, WikiLeaks, {URL}.")
    evil = target_for(cable(subject="<b>BOLD</b> & CO"))
    html = format_link(evil, LinkFormat.CHICAGO).html
    assert html is not None and "<b>" not in html and "&lt;b&gt;" in html
