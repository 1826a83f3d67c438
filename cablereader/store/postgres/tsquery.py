"""A parsed search in PostgreSQL's terms: tsquery text plus SQL over `cables c`.

The counterpart of store/fts_query.py (FTS5): free text becomes tsquery (phrases with
`<->`, prefixes with `:*`, NOT `!`, OR `|`, AND `&`), matched against `t.words`, the
tsvector of the cable's shown version (`cable_text t`). Words are cut by postgres/text.py
exactly as for the tsvector, and the tsquery is handed over ready (`%s::tsquery`), so
PostgreSQL's parser never reinterprets what a reader typed: punctuation is never syntax.

NEAR: FTS5's `NEAR(a b, N)` holds when at most N words lie between the two, in either
order; tsquery's `a <k> b` says b is exactly k positions after a, so a NEAR pair is the
OR of `a <k> b | b <k> a` for k = 1..N+1. A group of three or more becomes every pair
near each other (FTS5: all in one window), which only differs when a word repeats.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from cablereader.core.query import Query
from cablereader.core.query_ast import And, Near, Node, Not, Or, Term, conjuncts
from cablereader.store.postgres.text import phrase_tsquery

# A lexeme no tsvector holds (words are letters and digits only): a search for a term
# without any word matches nothing, as FTS5's empty phrase does.
NOTHING = "'_'"
WORDS_MATCH = "t.words @@ %s::tsquery"


def term_tsquery(term: Term) -> str:
    return phrase_tsquery(term.text.rstrip("*"), term.prefix) or NOTHING


def _near(node: Near) -> str:
    parts = [term_tsquery(term) for term in node.terms]
    if len(parts) == 1:
        return parts[0]
    reach = node.distance + 1
    pairs = []
    for left, right in itertools.combinations(parts, 2):
        ways = [
            f"{a} <{k}> {b}"
            for k in range(1, reach + 1)
            for a, b in ((left, right), (right, left))
        ]
        pairs.append("(" + " | ".join(ways) + ")")
    return pairs[0] if len(pairs) == 1 else "(" + " & ".join(pairs) + ")"


def text_tsquery(node: Node) -> str | None:
    """tsquery text for a node of free text only; None when a field is part of it."""
    if isinstance(node, Term):
        return term_tsquery(node)
    if isinstance(node, Near):
        return _near(node)
    if isinstance(node, Not):
        inner = text_tsquery(node.operand)
        return None if inner is None else f"!{inner}"
    if isinstance(node, (And, Or)):
        parts = [text_tsquery(op) for op in node.operands]
        if any(p is None for p in parts):
            return None
        joiner = " & " if isinstance(node, And) else " | "
        return "(" + joiner.join(p for p in parts if p) + ")"
    return None


@dataclass(frozen=True, slots=True)
class TextPlan:
    """`rank`: tsquery every hit matches, for ranking and highlighting (None without
    words a hit must hold, as FTS5's MATCH text); `text`: free-text conjuncts as one
    tsquery (also the words to exclude); `rest`: the conjuncts that are not text only."""

    rank: str | None
    text: str | None
    rest: tuple[Node, ...]


def plan_text(query: Query | None) -> TextPlan:
    if query is None or query.expr is None:
        return TextPlan(None, None, ())
    positive: list[str] = []
    negative: list[str] = []
    rest: list[Node] = []
    for node in conjuncts(query.expr):
        text = text_tsquery(node)
        if text is None:
            rest.append(node)
        elif isinstance(node, Not):
            negative.append(text)
        else:
            positive.append(text)
    every = positive + negative
    joined = " & ".join(every) if every else None
    return TextPlan(joined if positive else None, joined, tuple(rest))
