"""Class 2: TAGS and SUBJECT after other text on the same line, or in lower case.

Where a page linked tags itself, those links are what the site read as the TAGS.
"""

from __future__ import annotations

import re

from cablereader.core.cable_text import parse_eo, parse_subject, parse_tags, parse_text_fields
from tests.conftest import corpus_pages
from tests.core.fidelity_pages import page, parse


def test_tags_after_eo_on_the_same_line() -> None:
    assert parse_tags(["E.O. 12958: N/A TAGS: ASEC SNAR KCRM CASC BR"]) == (
        "ASEC",
        "SNAR",
        "KCRM",
        "CASC",
        "BR",
    )
    line = "E.O. 12958: DECL: 01/04/2020 TAGS: MASS MARR MCAP"
    assert parse_tags([line, "SUBJECT: X"]) == ("MASS", "MARR", "MCAP")
    assert parse_eo([line]) == "E.O. 12958: DECL: 01/04/2020"


def test_lower_case_tags_and_subject_on_one_line() -> None:
    line = "Tags: prel, pgov, pins, tu Subject: turkish p.m. Erdogan goes to washington: a test"
    assert parse_tags([line]) == ("PREL", "PGOV", "PINS", "TU")
    assert parse_subject([line]) == "turkish p.m. Erdogan goes to washington: a test"
    fields = parse_text_fields("", "UNCLAS ANKARA 1\n" + line + "\n\n1. Text.\n", 2009)
    assert fields.tags == ("PREL", "PGOV", "PINS", "TU")
    assert fields.subject.startswith("turkish p.m. Erdogan")


def test_subject_after_tags_continues_on_the_next_line() -> None:
    lines = ["TAGS: PREL, TU SUBJECT: TURKEY: A LONG", "LINE FOR A TEST", "", "1. Text."]
    assert parse_subject(lines) == "TURKEY: A LONG LINE FOR A TEST"
    assert parse_tags(lines) == ("PREL", "TU")


def test_prose_is_not_a_field() -> None:
    # A lower-case `tags:` or `subject:` inside prose is not a caption.
    assert parse_tags(["He said the tags: were wrong"]) == ()
    assert parse_subject(["We talked about the subject: elections"]) == ""


def test_site_links_are_evidence_of_the_tags() -> None:
    body = (
        "S E C R E T PESHAWAR 000002\nSIPDIS\n"
        "E.O. 12958: DECL: 1/3/2019 TAGS: <a href='/tag/PTER_0.html'>PTER</a> "
        "<a href='/tag/PK_0.html'>PK</a>\nSUBJECT: A TEST\n\n1. (C) Text.\n"
    )
    cable, _ = parse(page(body=body, script="/static/js/js.js"))
    assert cable.tags == ("PTER", "PK")
    assert cable.eo == "E.O. 12958: DECL: 1/3/2019"


def test_corpus_pages_keep_every_tag_the_site_linked() -> None:
    """On every corpus page, wherever the site linked tags, the cable has those tags."""
    checked = 0
    for path in corpus_pages():
        html = path.read_text(encoding="utf-8")
        boxes = "".join(re.findall(r"<pre>(.*?)</pre>", html.split("<table class='cable'>")[1]))
        linked = list(dict.fromkeys(re.findall(r"<a href='[^']*/tag/[^']*'>([^<]*)</a>", boxes)))
        if not linked:
            continue
        tags = parse(path.read_bytes())[0].tags
        assert list(tags[: len(linked)]) == linked, path.name
        checked += 1
    assert checked > 250


def test_singular_tag_caption_before_codes() -> None:
    assert parse_tags(["TAG MASS, PREL, BR ", "SUBJECT: X"]) == ("MASS", "PREL", "BR")
    assert parse_tags(["Tag along with the minister to Rio"]) == ()
    assert parse_tags(["TAG ALONG WITH THE MINISTER TO RIO"]) == ()


def test_only_the_first_linked_line_is_evidence() -> None:
    body = (
        "UNCLAS ANKARA 000001\nE.O. 12958: N/A TAGS: <a href='/tag/PREL_0.html'>PREL</a> "
        "<a href='/tag/TU_0.html'>TU</a>\nSUBJECT: A TEST\n\n1. Text.\n\n"
        "2. A quoted cable:\nTAGS: <a href='/tag/ECON_0.html'>ECON</a>\n"
    )
    cable, _ = parse(page(body=body, script="/static/js/js.js"))
    assert cable.tags == ("PREL", "TU")
