"""The query fields of issue 14 that read the reader's own marks: `is:starred`,
`star:COLOUR`, `is:unread`, `is:read`, `has:note`, `has:highlight`, `in:"name"`, `note:`."""

from __future__ import annotations

import pytest

from cablereader.core.query import SYNTAX_HELP, parse_query
from cablereader.core.query_ast import And, Field, Not, Or, Term
from cablereader.store.fts_query import translate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("is:starred", Field("is", ("starred",))),
        ("IS:Unread", Field("is", ("unread",))),
        ("is:read", Field("is", ("read",))),
        ("has:note", Field("has", ("note",))),
        ("has:Highlight", Field("has", ("highlight",))),
        ("star:RED", Field("star", ("red",))),
        ('in:"Peru  inquiry"', Field("in", ("Peru inquiry",))),
        ("note:energy", Field("note", ("energy",))),
        ('note:"desk officer"', Field("note", ("desk officer",))),
    ],
)
def test_user_fields_parse_and_round_trip(text: str, expected: Field) -> None:
    query = parse_query(text)
    assert query.expr == expected and not query.problems
    assert query.uses_user_data
    assert parse_query(query.to_text()) == query


def test_unknown_values_are_reported() -> None:
    unknown = parse_query("has:tea")
    assert unknown.expr == Term("has:tea") and "has:note" in unknown.problems[0]
    assert not unknown.uses_user_data
    colour = parse_query("star:pink")
    assert colour.expr == Field("star", ("pink",)) and "purple" in colour.problems[0]
    assert "is:starred" in parse_query("is:liked").problems[0]


def test_other_fields_do_not_use_user_data() -> None:
    for text in ("iran", "is:changed", "tag:PREL OR origin:lima", "-ref:05LIMA4377"):
        assert not parse_query(text).uses_user_data, text
    assert parse_query("iran OR -(tag:PREL is:unread)").uses_user_data


def test_user_fields_combine_with_and_or_not() -> None:
    query = parse_query("iran (is:starred OR in:Peru) -has:note")
    assert query.expr == And(
        (
            Term("iran"),
            Or((Field("is", ("starred",)), Field("in", ("Peru",)))),
            Not(Field("has", ("note",))),
        )
    )
    plan = translate(query)
    assert plan.match == '"iran"'
    assert "user_stars" in plan.where and "user_collection_items" in plan.where
    assert " OR " in plan.where and "AND NOT (" in plan.where
    assert plan.params == ("Peru",)


def test_colours_and_collections_under_or_are_alternatives() -> None:
    assert parse_query("star:red OR star:blue").expr == Field("star", ("red", "blue"))
    plan = translate(parse_query("star:red OR star:blue"))
    assert plan.where.count("AND colour = ?") == 2 and plan.params == ("red", "blue")
    both = translate(parse_query("in:A in:B"))  # under AND, in both
    assert both.where.count("user_collections") == 2 and both.params == ("A", "B")


def test_note_words_are_words_not_syntax() -> None:
    plan = translate(parse_query('note:"desk AND x*"'))
    assert "user_note_text MATCH ?" in plan.where
    assert plan.params == ('"desk" "AND" "x"*',)


def test_the_syntax_help_lists_the_user_fields() -> None:
    examples = " ".join(example for example, _ in SYNTAX_HELP)
    fields = ("is:starred", "star:red", "is:unread", "has:note", "has:highlight", "in:", "note:")
    for field in fields:
        assert field in examples
