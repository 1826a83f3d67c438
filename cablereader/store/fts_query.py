"""A parsed search in SQLite's terms: FTS5 MATCH text plus SQL over ``cables c``.

The core says what a search means (a tree of words, phrases, NEAR groups and field
filters); this module is the only place that knows FTS5 syntax. The words every hit
must contain go into one MATCH, so that ranking, snippets and the fast id paths keep
reading the index once. Whatever FTS5 cannot say (a field under OR, ``a OR -b``) becomes
SQL in which each piece of free text is its own MATCH subquery.
"""

from __future__ import annotations

from dataclasses import dataclass

from cablereader.core.query import Query
from cablereader.core.query_ast import And, Field, Near, Node, Not, Or, Term, conjuncts
from cablereader.core.query_parse import UNSAFE_RE
from cablereader.store.user_data_api import USER_FLAGS, USER_VALUES
from cablereader.store.user_filters import user_condition

_IN_TEXT = "c.id IN (SELECT rowid FROM cable_text WHERE cable_text MATCH ?)"


@dataclass(frozen=True, slots=True)
class Plan:
    """``match``: FTS5 text that every hit matches (None when nothing must);
    ``exclude``: FTS5 text no hit may match, OR-ed, so a search of exclusions only
    can be ``NOT IN`` it (given whenever there are exclusions, so it can be used
    unconditionally); ``where``/``params``: SQL over ``cables c`` for the rest."""

    match: str | None = None
    exclude: str | None = None
    where: str = "1"
    params: tuple[object, ...] = ()


def fts_string(term: Term) -> str:
    """Quote so that punctuation is data, never FTS5 operators; a trailing ``*`` is a prefix."""
    stem = term.text.rstrip("*")
    quoted = '"' + UNSAFE_RE.sub(" ", stem).replace('"', '""') + '"'
    return quoted + " *" if stem != term.text else quoted


def fts_text(node: Node, *, nested: bool = True) -> str | None:
    """FTS5 text for a node of free text only, or None when FTS5 cannot say it alone."""
    if isinstance(node, Term):
        return fts_string(node)
    if isinstance(node, Near):
        return "NEAR(" + " ".join(map(fts_string, node.terms)) + f", {node.distance})"
    if isinstance(node, Or):
        parts = [fts_text(op) for op in node.operands]
        return None if None in parts else "(" + " OR ".join(p for p in parts if p) + ")"
    if isinstance(node, And):
        positive: list[str] = []
        negative: list[str] = []
        for op in node.operands:
            target, inner = (negative, op.operand) if isinstance(op, Not) else (positive, op)
            text = fts_text(inner)
            if text is None:
                return None
            target.append(text)
        return _conjunction(positive, negative, nested) if positive else None
    return None  # a field, or NOT on its own: FTS5 NOT needs something before it


def _conjunction(positive: list[str], negative: list[str], nested: bool) -> str:
    expr = " AND ".join(positive)
    if negative:
        # NOT binds tighter than AND in FTS5; the parentheses make that irrelevant.
        expr = (f"({expr})" if len(positive) > 1 else expr) + "".join(
            f" NOT {term}" for term in negative
        )
    many = len(positive) + len(negative) > 1
    return f"({expr})" if nested and many else expr


def _marks(values: tuple[str, ...]) -> str:
    return ",".join("?" * len(values))



def _user_sql(node: Field) -> tuple[str, list[object]]:
    """Each value is an alternative (star:red OR star:blue), as for the other fields."""
    parts: list[str] = []
    params: list[object] = []
    for value in node.values:
        if node.name in USER_VALUES:
            sql, args = user_condition(USER_VALUES[node.name], value)
        else:
            sql, args = user_condition(USER_FLAGS[node.name, value])
        parts.append(sql)
        params.extend(args)
    return (parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"), params


def _field_sql(node: Field) -> tuple[str, list[object]]:
    values = node.values
    if node.name == "origin":
        likes: list[object] = [f"%{v}%" for v in values]
        return "(" + " OR ".join("c.origin LIKE ?" for _ in values) + ")", likes
    if node.name == "tag":
        sql = f"c.id IN (SELECT cable_id FROM cable_tags WHERE tag IN ({_marks(values)}))"
        return sql, [*values]
    if node.name == "cites":
        sql = f"c.id IN (SELECT cable_id FROM cable_refs WHERE target IN ({_marks(values)}))"
        return sql, [*values]
    if node.name == "class":
        return f"c.classification IN ({_marks(values)})", [*values]
    if node.name == "from":
        return "c.created >= ?", [values[0]]
    if node.name == "to":
        return "c.created <= ?", [values[0] + "T23:59"]
    if node.name == "released":
        return "c.released_day BETWEEN ? AND ?", [values[0], values[-1]]
    if node.name == "is" and values == ("changed",):
        return "c.id IN (SELECT cable_id FROM cable_changes)", []
    if node.name in ("is", "has", *USER_VALUES):
        return _user_sql(node)
    if node.name == "changed":
        sql = f"c.id IN (SELECT cable_id FROM cable_changes WHERE kind IN ({_marks(values)}))"
        return sql, [*values]
    parts: list[str] = []
    params: list[object] = []
    for ref in values:  # "ref"
        if ref.endswith("*"):
            parts.append("c.reference_id LIKE ?")
            params.append(ref[:-1] + "%")
        else:
            parts.append("c.reference_id = ?")
            params.append(ref)
    return "(" + " OR ".join(parts) + ")", params


def node_sql(node: Node) -> tuple[str, list[object]]:
    """SQL over ``cables c`` for any node; free text becomes MATCH subqueries."""
    text = fts_text(node)
    if text is not None:
        return _IN_TEXT, [text]
    if isinstance(node, Field):
        return _field_sql(node)
    if isinstance(node, Not):
        inner, params = node_sql(node.operand)
        return f"NOT {inner}" if inner == _IN_TEXT else f"NOT ({inner})", params
    assert isinstance(node, (And, Or))
    joiner = " AND " if isinstance(node, And) else " OR "
    parts, params = [], []
    for op in node.operands:
        sql, args = node_sql(op)
        parts.append(sql)
        params.extend(args)
    return "(" + joiner.join(parts) + ")", params


def translate(query: Query | None) -> Plan:
    """The plan for a query: the words all hits share in one MATCH, the rest in SQL."""
    if query is None or query.expr is None:
        return Plan()
    positive: list[str] = []
    negative: list[str] = []
    clauses: list[str] = []
    params: list[object] = []
    for node in conjuncts(query.expr):
        if isinstance(node, Not) and (text := fts_text(node.operand)) is not None:
            negative.append(text)
        elif (text := fts_text(node)) is not None:
            positive.append(text)
        else:
            sql, args = node_sql(node)
            clauses.append(sql)
            params.extend(args)
    return Plan(
        match=_conjunction(positive, negative, False) if positive else None,
        exclude=" OR ".join(negative) if negative else None,
        where=" AND ".join(clauses) or "1",
        params=tuple(params),
    )


def match_text(query: Query | None) -> str | None:
    """The MATCH text every hit of the query matches, for ranking and snippets."""
    return translate(query).match
