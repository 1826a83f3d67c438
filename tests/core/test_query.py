"""The query language: every rule, and proof that its FTS5 text is valid in real SQLite."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cablereader.core.model import CLASSIFICATIONS
from cablereader.core.query import FIELD_NAMES, Query, parse_query

U, U_FOUO, C, C_NF, S, S_NF = CLASSIFICATIONS

ROWS = {
    1: "Subject: Iran nuclear program. E.O. 12958: DECL: 12/31/2013",
    2: "Ambassador met the minister near Lima about coca",
    3: "DECL-2013 reclassified; NUCLEAR talks with Iran stalled",
    4: 'He said "hello" (quietly) and left Lima',
    5: "Nuclear program of North Korea",
}


@pytest.fixture(scope="module")
def fts() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(":memory:")
    conn.execute("create virtual table t using fts5(body)")
    conn.executemany("insert into t(rowid, body) values (?, ?)", ROWS.items())
    yield conn
    conn.close()


def search(conn: sqlite3.Connection, text: str) -> set[int]:
    """Runs a query the way the store will: MATCH, or everything minus the exclusions."""
    query = parse_query(text)
    match, exclude = query.fts_match(), query.fts_exclude()
    if match is not None:
        sql, args = "select rowid from t where t match ?", [match]
    elif exclude is not None:
        sql = "select rowid from t where rowid not in (select rowid from t where t match ?)"
        args = [exclude]
    else:
        sql, args = "select rowid from t", []
    return {row[0] for row in conn.execute(sql, args)}


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
        ("lima OR -quito coca", (("lima",), ("coca",))),
        ("lima OR tag:prel", (("lima",),)),
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
    assert query.fts_match() is None
    assert query.fts_exclude() is None


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
    assert query.fts_match() is None
    assert not query.is_empty()


def test_field_names_are_exported_for_the_completer() -> None:
    assert FIELD_NAMES == ("origin", "tag", "class", "from", "to", "ref", "cites")


@pytest.mark.parametrize(
    "text", ["http://x", "note:abc", "tag:", "origin:", "from:", "ref:*", "tag:-", "ORIGIN:"]
)
def test_unknown_or_empty_fields_are_plain_text(text: str) -> None:
    query = parse_query(text)
    assert query.any_groups == ((text,),)
    assert query.words == (text,)
    assert (query.origins, query.tags, query.reference_ids) == ((), (), ())


def test_negated_field_is_an_excluded_literal() -> None:
    query = parse_query('-tag:prel -origin:"Embassy Lima"')
    assert query.tags == ()
    assert query.origins == ()
    assert query.excluded == ("tag:prel", "origin:Embassy Lima")


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
    assert query.fts_match() == f'"{text}"'


# --- FTS5 expressions ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("iran", '"iran"'),
        ("nucle*", '"nucle" *'),
        ('"nuclear program"', '"nuclear program"'),
        ('say"hello"', '"say""hello"""'),
        ("E.O. 12958", '"E.O." AND "12958"'),
        ('"E.O. 12958"', '"E.O. 12958"'),
        ("NEAR(", '"NEAR("'),
        ("a OR b", '("a" OR "b")'),
        ("a OR b c", '("a" OR "b") AND "c"'),
        ("iran -coca", '"iran" NOT "coca"'),
        ('iran lima -coca -"north korea"', '("iran" AND "lima") NOT "coca" NOT "north korea"'),
        ("iran - ^ *", '"iran"'),
    ],
)
def test_fts_match_text(text: str, match: str) -> None:
    assert parse_query(text).fts_match() == match


def test_exclusions_only_go_to_fts_exclude() -> None:
    query = parse_query('-iran -"nuclear program" -nucle*')
    assert query.fts_match() is None
    assert query.fts_exclude() == '"iran" OR "nuclear program" OR "nucle" *'
    assert parse_query("iran").fts_exclude() is None


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ('"E.O. 12958"', {1}),
        ("E.O. 12958", {1}),
        ("decl-2013", {3}),
        ('"decl 2013"', {3}),
        ("nucle*", {1, 3, 5}),
        ('"nuclear program"', {1, 5}),
        ("iran -decl-2013", {1}),
        ("lima OR korea", {2, 4, 5}),
        ("nuclear -iran", {5}),
        ('-lima -"nuclear program"', {3}),
        ('say "hello"', set()),
        ('"hello" (quietly)', {4}),
        ("NEAR( lima", {2}),
        ("iran OR", {1, 3}),
        ("tag:prel", set(ROWS)),
    ],
)
def test_expressions_find_the_right_rows_in_sqlite(
    fts: sqlite3.Connection, text: str, rows: set[int]
) -> None:
    assert search(fts, text) == rows


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
    assert query.highlight_terms() == ("nuclear program", "iran", "lima", "nucle")


def test_query_is_immutable() -> None:
    query = parse_query("iran")
    with pytest.raises(dataclasses.FrozenInstanceError):
        query.words = ("lima",)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("tag:prel  iran", "iran tag:PREL"),
        ('-coca "la paz" OR quito', '"la paz" OR quito -coca'),
        ("class:nf class:u", "class:unclassified class:c//nf class:s//nf"),
        ("class:fouo class:s//nf class:c", "class:fouo class:confidential class:s//nf"),
        (
            'to:2007-02 origin:"Embassy Lima" from:2006',
            'origin:"Embassy Lima" from:2006-01-01 to:2007-02-28',
        ),
        ("cites:05lima1 ref:05LIMA*", "ref:05LIMA* cites:05LIMA1"),
        ("from:2007-13 -tag:prel", "from:2007-13 -tag:prel"),
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
def test_fuzz_parse_never_raises_and_fts_is_valid(text: str) -> None:
    query = parse_query(text)
    assert isinstance(query, Query)
    conn = sqlite3.connect(":memory:")
    conn.execute("create virtual table t using fts5(body)")
    conn.execute("insert into t(body) values ('some text 2007 nf')")
    for expr in (query.fts_match(), query.fts_exclude()):
        if expr is not None:
            assert isinstance(
                conn.execute("select count(*) from t where t match ?", [expr]).fetchone()[0], int
            )
    conn.close()


@given(QUERY_TEXT)
def test_fuzz_to_text_round_trips(text: str) -> None:
    query = parse_query(text)
    assert parse_query(query.to_text()) == query
