"""Field reading shared by all formats: TAGS, SUBJECT, REF, markings, paragraphs."""

from __future__ import annotations

from cablereader.core.cable_text import (
    parse_classified_by,
    parse_references,
    parse_subject,
    parse_tags,
    split_paragraphs,
)


def test_tags_variants() -> None:
    assert parse_tags(["TAGS: PREL PGOV KDEM UP"]) == ("PREL", "PGOV", "KDEM", "UP")
    assert parse_tags(["TAGS PREL, PGOV, SF"]) == ("PREL", "PGOV", "SF")
    assert parse_tags(["Tags: prel, pgov, pins, tu"]) == ("PREL", "PGOV", "PINS", "TU")
    assert parse_tags(["TAGS: ECON EFIN", "PTER, SENV", "SUBJECT: X"]) == (
        "ECON",
        "EFIN",
        "PTER",
        "SENV",
    )
    assert parse_tags(["TAGS: PREL PREL IR"]) == ("PREL", "IR")


def test_subject_spanning_lines() -> None:
    lines = [
        "SUBJECT: MERKEL VS. STEINMEIER? WHAT DO THE GERMAN ",
        "ELECTIONS REALLY MEAN FOR U.S. INTERESTS? ",
        " ",
        "REF: A. BERLIN 32",
    ]
    assert parse_subject(lines) == (
        "MERKEL VS. STEINMEIER? WHAT DO THE GERMAN ELECTIONS REALLY MEAN FOR U.S. INTERESTS?"
    )


def test_references_resolved_or_not() -> None:
    lines = [
        "REF: A. 99 PRETORIA 12315  B. CAPE TOWN 179 C. EMBASSY MADRID E-MAIL OF MAY 2",
        "",
        "     D. SECSTATE 2743",
        "",
        "Classified By: X",
    ]
    refs = parse_references(lines, 2000)
    assert [(r.label, r.reference_id) for r in refs] == [
        ("A", "99PRETORIA12315"),
        ("B", "00CAPETOWN179"),
        ("C", None),
        ("D", "00STATE2743"),
    ]
    assert refs[2].text == "EMBASSY MADRID E-MAIL OF MAY 2"
    assert parse_references(["REF: NONE"], 2006) == ()
    single = parse_references(["REF: LA PAZ 00691"], 2006)
    assert [(r.label, r.reference_id) for r in single] == [(None, "06LAPAZ691")]


def test_classified_by_person_and_reason() -> None:
    person, reason = parse_classified_by(
        ["Classified By: Ambassador William B. Wood for reasons 1.4 (b),", "(c), and (d)."]
    )
    assert person == "Ambassador William B. Wood"
    assert reason == "1.4 (b), (c), and (d)."


def test_paragraphs_are_lossless_and_follow_site_rules() -> None:
    body = (
        "S E C R E T\n\nREF: A. PARIS 1\n     B. PARIS 2\n\n1. (S//NF) SUMMARY: x\n"
        "2.(C) tight\n3. (C - ENTIRE TEXT) y\nb. lower case is no paragraph\n"
    )
    paragraphs = split_paragraphs(body)
    assert "".join(p.text for p in paragraphs) == body
    assert [(p.number, p.anchor, p.site_anchor) for p in paragraphs] == [
        (None, None, False),
        ("B", "parB", True),
        ("1", "par1", True),
        ("2", "par2", False),
        ("3", "par3", True),
    ]
    assert [p.marking for p in paragraphs] == [None, None, "(S//NF)", "(C)", "(C - ENTIRE TEXT)"]
    assert paragraphs[2].kind == "summary"
