"""The query language: every rule of the core's parser (its FTS5 translation and proof
that it is valid in real SQLite are in tests/store/test_fts_query.py)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cablereader.core.model import CLASSIFICATIONS
from cablereader.core.query import FIELD_NAMES, Query, parse_query
from cablereader.core.query_ast import And, Field, Near, Not, Or, Term

U, U_FOUO, C, C_NF, S, S_NF = CLASSIFICATIONS

# --- free text -------------------------------------------------------------------------


def test_words_phrases_and_exclusions_are_separated() -> None:
    query = parse_query('iran "nuclear program" -coca -"North Korea"')
    assert query.words == ("iran", "nuclear", "program")
    assert query.phrases == ("nuclear program",)
    assert query.excluded == ("coca", "North Korea")
    assert query.any_groups == (("iran",), ("nuclear program",))


def test_words_keep_case_and_punctuation_as_typed() -> None:
    query = parse_query("E.O. 12958 decl-2013 Nucle*")
    assert query.words == ("E.O.", "12958", "decl-2013", "Nucle*")
    assert query.phrases == ()


def test_or_between_two_terms_makes_one_group() -> None:
    query = parse_query('lima OR "la paz" OR quito coca')
    assert query.any_groups == (("lima", "la paz", "quito"), ("coca",))
    assert query.words == ("lima", "la", "paz", "quito", "coca")


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("OR", ()),
        ("OR lima", (("lima",),)),
        ("lima OR", (("lima",),)),
        ("lima OR OR quito", (("lima", "quito"),)),
        ("lima or quito", (("lima",), ("or",), ("quito",))),
        ('"OR"', (("OR",),)),
        ("lima OR lima", (("lima",),)),
    ],
)
def test_dangling_or_is_dropped_and_lower_case_or_is_a_word(
    text: str, groups: tuple[tuple[str, ...], ...]
) -> None:
    assert parse_query(text).any_groups == groups


@pytest.mark.parametrize("text", ["-", '"', "*", "^", "**", '""', '" "', "- -", ":", "( )", "-*"])
def test_terms_without_letters_or_digits_are_dropped(text: str) -> None:
    query = parse_query(text)
    assert query.is_empty()
    assert query.expr is None


def test_unbalanced_quote_runs_to_the_end() -> None:
    query = parse_query('iran "nuclear   program')
    assert query.phrases == ("nuclear program",)
    assert query.any_groups == (("iran",), ("nuclear program",))


def test_repeated_terms_are_kept_once() -> None:
    query = parse_query('iran iran "iran" -coca -coca')
    assert query.any_groups == (("iran",),)
    assert query.words == ("iran",)
    assert query.excluded == ("coca",)


# --- fields ----------------------------------------------------------------------------


def test_field_recognition() -> None:
    query = parse_query(
        'origin:"Embassy  Lima" origin:quito TAG:prel tag:"pgov" Ref:05lima4377 '
        "ref:06lima* cites:05lima4377"
    )
    assert query.origins == ("Embassy Lima", "quito")
    assert query.tags == ("PREL", "PGOV")
    assert query.reference_ids == ("05LIMA4377", "06LIMA*")
    assert query.cites == ("05LIMA4377",)
    assert query.any_groups == ()
    assert not query.is_empty()


def test_field_names_are_exported_for_the_completer() -> None:
    assert FIELD_NAMES == (
        "origin", "tag", "class", "from", "to", "ref", "cites", "released", "changed", "is",
        "star", "has", "in", "note", "by",
    )


@pytest.mark.parametrize(
    "text", ["http://x", "memo:abc", "tag:", "origin:", "from:", "ref:*", "tag:-", "ORIGIN:"]
)
def test_unknown_or_empty_fields_are_plain_text(text: str) -> None:
    query = parse_query(text)
    assert query.any_groups == ((text,),)
    assert query.words == (text,)
    assert (query.origins, query.tags, query.reference_ids) == ((), (), ())


def test_negated_field_is_a_negated_filter() -> None:
    # Before issue 13 this was the excluded *text* "tag prel": a silent reinterpretation.
    query = parse_query('-tag:prel NOT origin:"Embassy Lima"')
    origin = Field("origin", ("Embassy Lima",))
    assert query.expr == And((Not(Field("tag", ("PREL",))), Not(origin)))
    assert query.tags == ()
    assert query.excluded == ()
    assert query.problems == ()


def test_or_works_between_fields_words_and_negations() -> None:
    # Before issue 13 the OR was dropped next to a field or an exclusion (intersection).
    assert parse_query("tag:PREL OR tag:PGOV").expr == Field("tag", ("PREL", "PGOV"))
    assert parse_query("lima OR tag:prel").expr == Or((Term("lima"), Field("tag", ("PREL",))))
    assert parse_query("lima OR -quito coca").expr == And(
        (Or((Term("lima"), Not(Term("quito")))), Term("coca"))
    )


@pytest.mark.parametrize(
    ("text", "expr"),
    [
        ("a b", And((Term("a"), Term("b")))),
        ("a AND b", And((Term("a"), Term("b")))),
        ("a OR b c", And((Or((Term("a"), Term("b"))), Term("c")))),
        ("a OR (b c)", Or((Term("a"), And((Term("b"), Term("c")))))),
        ("NOT a b", And((Not(Term("a")), Term("b")))),
        ("a NOT b", And((Term("a"), Not(Term("b"))))),
        ("-(a OR b)", Not(Or((Term("a"), Term("b"))))),
        ("a NEAR b", Near((Term("a"), Term("b")))),
        ('a NEAR/3 "b c" NEAR/3 d*', Near((Term("a"), Term("b c", True), Term("d*")), 3)),
        ("a NEAR b OR c", Or((Near((Term("a"), Term("b"))), Term("c")))),
        ("((a))", Term("a")),
        ("f(x) smile:)", And((Term("f(x)"), Term("smile:)")))),
        ("(a b) OR c)", Or((And((Term("a"), Term("b"))), Term("c)")))),
    ],
)
def test_operators_and_parentheses(text: str, expr: object) -> None:
    query = parse_query(text)
    assert query.expr == expr
    assert query.problems == ()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("OR lima", "OR needs something on both sides; it was left out."),
        ("lima AND", "AND needs something on both sides; it was left out."),
        ("lima NOT", "NOT needs something after it; it was left out."),
        ("NEAR lima", "NEAR needs a word or phrase on both sides; it was left out."),
        ("(lima quito", "A ( was not closed; its group runs to the end."),
        ("tag:prel NEAR lima", "NEAR joins words and quoted phrases only"),
        ("class:topsecret", "class:topsecret is not a classification"),
        ("to:2007-02-30", "to:2007-02-30 is not a date"),
        ("NEAR(a b)", "NEAR( is not this language"),
    ],
)
def test_what_cannot_be_applied_is_reported(text: str, problem: str) -> None:
    problems = parse_query(text).problems
    assert len(problems) == 1
    assert problems[0].startswith(problem)


def test_lower_case_operators_are_words() -> None:
    assert parse_query("war and peace").expr == And((Term("war"), Term("and"), Term("peace")))
    assert parse_query("war and peace").problems == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("class:secret", (S, S_NF)),
        ("class:S", (S, S_NF)),
        ("class:noforn", (C_NF, S_NF)),
        ("class:nf", (C_NF, S_NF)),
        ("class:s//nf", (S_NF,)),
        ("class:secret//noforn", (S_NF,)),
        ("class:S/NF", (S_NF,)),
        ("class:c", (C, C_NF)),
        ("class:confidential", (C, C_NF)),
        ("class:c//nf", (C_NF,)),
        ("class:u", (U, U_FOUO)),
        ("class:unclassified", (U, U_FOUO)),
        ("class:fouo", (U_FOUO,)),
        ('class:"unclassified//for official use only"', (U_FOUO,)),
        ("CLASS:u//fouo", (U_FOUO,)),
        ("class:c class:s//nf", (C, C_NF, S_NF)),
        ("class:s//nf class:secret", (S, S_NF)),
    ],
)
def test_classification_expansion(text: str, expected: tuple[str, ...]) -> None:
    assert parse_query(text).classifications == expected


def test_unknown_classification_keeps_a_marker_that_matches_nothing() -> None:
    assert parse_query("class:topsecret").classifications == ("TOPSECRET",)
    assert parse_query("class:s//fouo").classifications == ("S//FOUO",)
    # Union with a real value still matches that value; the marker never matches a cable.
    union = parse_query("class:bogus class:c").classifications
    assert union == (C, C_NF, "BOGUS")
    assert "BOGUS" not in CLASSIFICATIONS


@pytest.mark.parametrize(
    ("text", "date_from", "date_to"),
    [
        ("from:2007", "2007-01-01", None),
        ("from:2007-02", "2007-02-01", None),
        ("from:2007-02-14", "2007-02-14", None),
        ("from:2007/2/3", "2007-02-03", None),
        ("to:2007", None, "2007-12-31"),
        ("to:2007-02", None, "2007-02-28"),
        ("to:2008-02", None, "2008-02-29"),
        ("to:2000/02", None, "2000-02-29"),
        ("to:1900-02", None, "1900-02-28"),
        ("to:2010-04", None, "2010-04-30"),
        ("to:2010-04-05", None, "2010-04-05"),
        ("FROM:2006 To:2007-06", "2006-01-01", "2007-06-30"),
        ("from:2006 from:2008-03 to:2010 to:2009-01", "2008-03-01", "2009-01-31"),
    ],
)
def test_dates(text: str, date_from: str | None, date_to: str | None) -> None:
    query = parse_query(text)
    assert (query.date_from, query.date_to) == (date_from, date_to)
    assert query.any_groups == ()


@pytest.mark.parametrize(
    "text",
    ["from:2007-13", "to:2007-02-30", "to:2007-02/03", "from:07", "from:0000", "to:2007-1-1-1"],
)
def test_invalid_dates_are_literal_words(text: str) -> None:
    query = parse_query(text)
    assert (query.date_from, query.date_to) == (None, None)
    assert query.words == (text,)
    assert query.expr == Term(text)
    assert query.problems == (
        f"{text} is not a date (YYYY, YYYY-MM or YYYY-MM-DD); it was searched as text.",
    )


# --- the rest of the API ---------------------------------------------------------------


def test_is_empty() -> None:
    assert parse_query("").is_empty()
    assert parse_query("   \t\n").is_empty()
    assert Query().is_empty()
    assert not parse_query("-iran").is_empty()
    assert not parse_query("from:2007").is_empty()
    assert not parse_query("class:bogus").is_empty()


def test_highlight_terms() -> None:
    query = parse_query('Iran "Nuclear Program" (Lima, nucle* -coca tag:prel')
    # The phrase is marked as a whole, never its words on their own.
    assert query.highlight_terms() == ("nuclear program", "iran", "lima", "nucle*")
    assert parse_query("Sao -Paulo (embass* OR x NEAR y)").highlight_terms() == (
        "sao", "embass*", "x", "y",
    )


def test_query_is_immutable() -> None:
    query = parse_query("iran")
    with pytest.raises(dataclasses.FrozenInstanceError):
        query.expr = None  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        # The canonical text keeps the typed order now (it is a tree, not lists).
        ("tag:prel  iran", "tag:PREL iran"),
        ('-coca "la paz" OR quito', '-coca "la paz" OR quito'),
        ("class:nf class:u", "class:unclassified OR class:c//nf OR class:s//nf"),
        ("class:fouo class:s//nf class:c", "class:fouo OR class:confidential OR class:s//nf"),
        (
            'to:2007-02 origin:"Embassy Lima" from:2006',
            'to:2007-02-28 origin:"Embassy Lima" from:2006-01-01',
        ),
        ("cites:05lima1 ref:05LIMA*", "cites:05LIMA1 ref:05LIMA*"),
        ("from:2007-13 -tag:prel", "from:2007-13 -tag:PREL"),
        ("(a OR b) (c OR -(d e))", "a OR b c OR -(d e)"),
        ("x NEAR/5 y NOT (p q) OR r", "x NEAR/5 y -(p q) OR r"),
        ("class:bogus", "class:BOGUS"),
        ('"OR" "-x" "iran"', '"OR" "-x" "iran"'),
    ],
)
def test_to_text_is_canonical_and_parses_back(text: str, canonical: str) -> None:
    query = parse_query(text)
    assert query.to_text() == canonical
    assert str(query) == canonical
    assert parse_query(canonical) == query


# --- fuzzing ---------------------------------------------------------------------------

SYNTAX = st.sampled_from(
    [
        '"',
        "-",
        "*",
        "OR",
        "or",
        ":",
        "(",
        ")",
        "^",
        "NEAR(",
        "E.O. 12958",
        "decl-2013",
        " ",
        "origin:",
        "tag:",
        "class:",
        "from:",
        "to:",
        "ref:",
        "cites:",
        "2007-02",
        "s//nf",
        "\x00",
    ]
)
QUERY_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=())),
    st.lists(st.one_of(SYNTAX, st.text(max_size=4)), max_size=12).map("".join),
)


@given(QUERY_TEXT)
def test_fuzz_parse_never_raises(text: str) -> None:
    query = parse_query(text)
    assert isinstance(query, Query)
    assert all(isinstance(problem, str) and problem for problem in query.problems)


@given(QUERY_TEXT)
def test_fuzz_to_text_round_trips(text: str) -> None:
    query = parse_query(text)
    assert parse_query(query.to_text()) == query
