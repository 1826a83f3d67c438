"""A parsed search in PostgreSQL's terms: tsquery text plus SQL over `cables c`.

The counterpart of store/fts_query.py (FTS5): free text becomes tsquery (phrases with
`<->`, prefixes with `:*`, NOT `!`, OR `|`, AND `&`), matched against `t.words`, the
tsvector of the cable's shown version (`cable_text t`). Words are cut by postgres/text.py
exactly as for the tsvector, and the tsquery is handed over ready (`%s::tsquery`), so
PostgreSQL's parser never reinterprets what a reader typed: punctuation is never syntax.

NEAR: FTS5's `NEAR(a b, N)` holds when at most N words lie between the two, in either
order; tsquery's `a <k> b` says b's first word is exactly k positions after a's last, so
a NEAR group is the OR of every order of its phrases with every gap that keeps them
within N (see `_chains`). Phrases that overlap each other by more than a word are not
among the ways (FTS5 allows them).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from cablereader.core.query import Query
from cablereader.core.query_ast import And, Near, Node, Not, Or, Term, conjuncts
from cablereader.store.postgres.text import phrase_pairs, phrase_tsquery, text_tsquery_words

# A lexeme no tsvector holds (words are letters and digits only): a search for a term
# without any word matches nothing, as FTS5's empty phrase does.
NOTHING = "'_'"
MAX_NEAR_CHAINS = 1500
WORDS_MATCH = "t.words @@ %s::tsquery"


def term_tsquery(term: Term) -> str:
    return phrase_tsquery(term.text.rstrip("*"), term.prefix) or NOTHING


def _chains(sizes: list[int], distance: int) -> list[tuple[list[int], list[int]]]:
    """Every way the phrases can follow each other within a NEAR group: an order of the
    phrases and the gaps `k` for `p0 <k1> p1 <k2> p2 ...` (in tsquery `a <k> b` puts b's
    first word k positions after a's last). FTS5's condition: with `last` the phrase
    that starts last, every phrase i starts at most len(i) + distance before it."""
    found: list[tuple[list[int], list[int]]] = []
    for order in itertools.permutations(range(len(sizes))):
        def extend(starts: list[int], gaps: list[int], order: tuple[int, ...] = order) -> None:
            if len(starts) == len(order):
                found.append((list(order), gaps))
                return
            previous = order[len(starts) - 1]
            for k in range(0, distance + 2):
                start = starts[-1] + sizes[previous] - 1 + k
                if all(start - s <= sizes[order[i]] + distance for i, s in enumerate(starts)):
                    extend([*starts, start], [*gaps, k])
                else:
                    break  # later gaps only start further away
            return

        extend([0], [])
        if len(found) > MAX_NEAR_CHAINS:
            break
    return found


def _near(node: Near) -> str:
    """FTS5's NEAR exactly, as the OR of every chain of the phrases within the distance;
    a group with more chains than MAX_NEAR_CHAINS (four or more terms far apart) is
    every pair near each other instead, which can also match when words repeat."""
    parts = [term_tsquery(term) for term in node.terms]
    if len(parts) == 1:
        return parts[0]
    sizes = [max(1, len(text_tsquery_words(t.text.rstrip("*")))) for t in node.terms]
    chains = _chains(sizes, node.distance)
    if len(chains) <= MAX_NEAR_CHAINS:
        ways = dict.fromkeys(
            parts[order[0]]
            + "".join(f" <{k}> {parts[i]}" for i, k in zip(order[1:], gaps, strict=True))
            for order, gaps in chains
        )
        return "(" + " | ".join(ways) + ")"
    pairs = [
        _near(Near((a, b), node.distance)) for a, b in itertools.combinations(node.terms, 2)
    ]
    return "(" + " & ".join(pairs) + ")"


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
    # The pair hashes every hit's signature has (text.pair_hash): its phrases' pairs.
    pairs: tuple[int, ...] = ()


def plan_text(query: Query | None) -> TextPlan:
    if query is None or query.expr is None:
        return TextPlan(None, None, ())
    positive: list[str] = []
    negative: list[str] = []
    rest: list[Node] = []
    pairs: list[int] = []
    for node in conjuncts(query.expr):
        text = text_tsquery(node)
        if text is None:
            rest.append(node)
        elif isinstance(node, Not):
            negative.append(text)
        else:
            positive.append(text)
            if isinstance(node, Term):
                pairs += phrase_pairs(node.text.rstrip("*"), node.prefix)
    every = positive + negative
    joined = " & ".join(every) if every else None
    return TextPlan(
        joined if positive else None, joined, tuple(rest), tuple(dict.fromkeys(pairs))
    )
