"""The store's translation of a parsed search: its FTS5 text, and that the text plus SQL
find the right rows in real SQLite (same tokenizer as the store) for every operator."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from hypothesis import given

from cablereader.core.query import parse_query
from cablereader.store.api import CableFilter
from cablereader.store.filters import build_where
from cablereader.store.fts_query import translate
from tests.core.test_query import QUERY_TEXT

ROWS = {
    1: ("Subject: Iran nuclear program. E.O. 12958: DECL: 12/31/2013", "PREL", "SECRET"),
    2: ("Ambassador met the minister near Lima about coca", "PGOV", "CONFIDENTIAL"),
    3: ("DECL-2013 reclassified; NUCLEAR talks with Iran stalled", "PREL PGOV", "SECRET"),
    4: ('He said "hello" (quietly) and left Lima', "ECON", "UNCLASSIFIED"),
    5: ("Nuclear program of North Korea", "KN", "SECRET//NOFORN"),
    6: ("The embassy in São Paulo reported; embassies agree", "PREL", "UNCLASSIFIED"),
}


@pytest.fixture(scope="module")
def db() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(":memory:")
    conn.executescript(
        """
        create table cables (id integer primary key, origin text, classification text,
                             created text, reference_id text);
        create table cable_tags (cable_id integer, tag text);
        create table cable_refs (cable_id integer, target text);
        create table versions (cable_id integer, import_run integer);
        create virtual table cable_text using fts5(
            subject, body, tokenize = 'unicode61 remove_diacritics 2');
        """
    )
    for rowid, (body, tags, level) in ROWS.items():
        conn.execute(
            "insert into cables values (?, ?, ?, ?, ?)",
            [rowid, f"Embassy {rowid}", level, f"200{rowid}-01-01T00:00", f"0{rowid}X{rowid}"],
        )
        tag_rows = [(rowid, t) for t in tags.split()]
        conn.executemany("insert into cable_tags values (?, ?)", tag_rows)
        text_sql = "insert into cable_text(rowid, subject, body) values (?, '', ?)"
        conn.execute(text_sql, [rowid, body])
    yield conn
    conn.close()


def search(conn: sqlite3.Connection, text: str) -> set[int]:
    """Runs a query as the store does: the filter's WHERE over `cables c`."""
    where, params = build_where(CableFilter(parse_query(text)))
    return {r[0] for r in conn.execute(f"select c.id from cables c where {where}", params)}


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
        ("iran NEAR nuclear", 'NEAR("iran" "nuclear", 10)'),
        ('iran NEAR/3 "north korea" NEAR/3 nucl*', 'NEAR("iran" "north korea" "nucl" *, 3)'),
        ("iran NOT nuclear", '"iran" NOT "nuclear"'),
        ("(a OR (b c)) d", '("a" OR ("b" AND "c")) AND "d"'),
        ("iran AND nuclear", '"iran" AND "nuclear"'),
    ],
)
def test_match_text(text: str, match: str) -> None:
    assert translate(parse_query(text)).match == match


def test_exclusions_only_go_to_exclude() -> None:
    plan = translate(parse_query('-iran -"nuclear program" -nucle*'))
    assert plan.match is None
    assert plan.exclude == '"iran" OR "nuclear program" OR "nucle" *'
    assert translate(parse_query("iran")).exclude is None


def test_fields_under_or_go_to_sql_and_words_stay_in_one_match() -> None:
    plan = translate(parse_query("nuclear tag:PREL OR tag:PGOV"))
    assert plan.match == '"nuclear"'
    assert plan.where == "c.id IN (SELECT cable_id FROM cable_tags WHERE tag IN (?,?))"
    assert plan.params == ("PREL", "PGOV")


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
        ('-lima -"nuclear program"', {3, 6}),
        ('say "hello"', set()),
        ('"hello" (quietly)', {4}),
        # Old: {2}, because "NEAR(" was searched as the word "near"; it still is, and
        # the query now says so in its problems.
        ("NEAR( lima", {2}),
        ("iran OR", {1, 3}),
        ("tag:prel", {1, 3, 6}),
        # What issue 13 asked for.
        ("tag:PREL OR tag:PGOV", {1, 2, 3, 6}),
        ("tag:PREL tag:PGOV", {3}),
        ("korea OR tag:ECON", {4, 5}),
        ("-tag:prel", {2, 4, 5}),
        ("NOT tag:prel nuclear", {5}),
        ("iran NOT nuclear", set()),
        ("nuclear NOT iran", {5}),
        ("(lima OR korea) -coca", {4, 5}),
        ("lima OR -coca", {1, 2, 3, 4, 5, 6}),
        ("iran NEAR/1 nuclear", {1}),
        ("iran NEAR/2 nuclear", {1, 3}),
        ("nuclear NEAR/1 program", {1, 5}),
        ("embass*", {6}),
        ("Sao Paulo", {6}),
        ('"são paulo"', {6}),
        ("class:s OR class:u", {1, 3, 4, 5, 6}),
        ("class:s -class:s//nf", {1, 3}),
        ("(tag:KN OR lima) class:c", {2}),
        ("from:2003 to:2005", {3, 4, 5}),
        ("-(from:2003 to:2005)", {1, 2, 6}),
        ("ref:03X3 OR ref:05X*", {3, 5}),
    ],
)
def test_expressions_find_the_right_rows_in_sqlite(
    db: sqlite3.Connection, text: str, rows: set[int]
) -> None:
    assert search(db, text) == rows


@given(QUERY_TEXT)
def test_fuzz_the_sql_is_always_valid(text: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.executescript(
        """
        create table cables (id integer primary key, origin text, classification text,
                             created text, reference_id text);
        create table cable_tags (cable_id integer, tag text);
        create table cable_refs (cable_id integer, target text);
        create virtual table cable_text using fts5(subject, body);
        insert into cables values (1, 'Lima', 'SECRET', '2007-01-01', '07LIMA1');
        insert into cable_text(rowid, subject, body) values (1, 's', 'some text 2007 nf');
        """
    )
    plan = translate(parse_query(text))
    for expr in (plan.match, plan.exclude):
        if expr is not None:
            sql = "select count(*) from cable_text where cable_text match ?"
            assert isinstance(conn.execute(sql, [expr]).fetchone()[0], int)
    where, params = build_where(CableFilter(parse_query(text)))
    assert isinstance(
        conn.execute(f"select count(*) from cables c where {where}", params).fetchone()[0], int
    )
    conn.close()
