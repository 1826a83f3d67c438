"""The query fields of issue 15: `is:changed`, `changed:KIND` and `released:` days."""

from __future__ import annotations

import pytest

from cablereader.core.query import parse_query
from cablereader.core.query_ast import Field
from cablereader.store.fts_query import translate


@pytest.mark.parametrize("kind", ["redaction", "subject", "classification", "text"])
def test_changed_fields_parse_translate_and_round_trip(kind: str) -> None:
    query = parse_query(f"changed:{kind.upper()}")
    assert query.expr == Field("changed", (kind,)) and not query.problems
    plan = translate(query)
    assert "cable_changes" in plan.where and plan.params == (kind,)
    assert parse_query(query.to_text()) == query


def test_is_changed_means_any_kind() -> None:
    query = parse_query("is:changed iran")
    plan = translate(query)
    assert plan.where == "c.id IN (SELECT cable_id FROM cable_changes)"
    assert plan.match == '"iran"'


def test_unknown_kinds_are_reported_not_guessed() -> None:
    assert parse_query("changed:spelling").problems
    unknown = parse_query("is:secret")
    assert unknown.problems and unknown.expr is not None and not isinstance(unknown.expr, Field)


def test_two_kinds_under_or_are_alternatives_and_under_and_both_hold() -> None:
    assert parse_query("changed:text OR changed:subject").expr == Field(
        "changed", ("text", "subject")
    )
    both = translate(parse_query("changed:text changed:subject"))
    assert both.where.count("cable_changes") == 2


def test_released_days_and_months_become_a_closed_range() -> None:
    days = parse_query("released:2010-11-28..2010-12-02")
    assert days.expr == Field("released", ("2010-11-28", "2010-12-02"))
    assert translate(days).params == ("2010-11-28", "2010-12-02")
    assert parse_query("released:2010-12").expr == Field("released", ("2010-12-01", "2010-12-31"))
    assert parse_query(days.to_text()) == days
    assert parse_query("released:2010-13").problems
