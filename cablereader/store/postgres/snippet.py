"""Snippets as FTS5's `snippet(cable_text, 1, '[', ']', '…', 16)` makes them, in Python.

PostgreSQL's ts_headline cuts words with its own parser and picks other fragments; so
that a hit reads the same on both stores, the body's words are cut as postgres/text.py
cuts them and FTS5's choice is followed: every window of 16 words around a hit is scored
(1,000 for each phrase seen first, 1 for each repeat; a window starting a sentence gets
100 more, the first sentence 120), the best is centred on its hits, and the phrase
instances in it are bracketed. Instances of a NEAR group are all marked here (FTS5 marks
only those near each other).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from cablereader.core.query import Query
from cablereader.core.query_ast import And, Near, Node, Not, Or, Term, conjuncts
from cablereader.store.postgres.snippet_words import Words, cut
from cablereader.store.postgres.text import text_tsquery_words

WINDOW = 16
OPEN, CLOSE, ELLIPSIS = "[", "]", "…"


@dataclass(frozen=True, slots=True)
class Phrase:
    words: tuple[str, ...]
    prefix: bool


@dataclass(frozen=True, slots=True)
class Marked:
    """The phrases of the words every hit must hold (FTS5's MATCH text), in order, and
    the NEAR groups among them (phrase indices, distance)."""

    phrases: tuple[Phrase, ...] = ()
    groups: tuple[tuple[tuple[int, ...], int], ...] = ()


def phrases_of(query: Query | None) -> Marked:
    if query is None or query.expr is None:
        return Marked()
    phrases: list[Phrase] = []
    groups: list[tuple[tuple[int, ...], int]] = []

    def add(term: Term) -> int:
        phrases.append(Phrase(tuple(text_tsquery_words(term.text.rstrip("*"))), term.prefix))
        return len(phrases) - 1

    def walk(node: Node) -> None:
        if isinstance(node, Term):
            add(node)
        elif isinstance(node, Near):
            groups.append((tuple(add(term) for term in node.terms), node.distance))
        elif isinstance(node, (And, Or)):
            for op in node.operands:
                walk(op)

    for node in conjuncts(query.expr):
        if not isinstance(node, Not) and _text_only(node):
            walk(node)
    return Marked(tuple(phrases), tuple(groups))


def _text_only(node: Node) -> bool:
    if isinstance(node, (Term, Near)):
        return True
    if isinstance(node, Not):
        return _text_only(node.operand)
    operands = getattr(node, "operands", None)
    return operands is not None and all(_text_only(op) for op in operands)


def _matches(tokens: list[str], at: int, phrase: Phrase) -> bool:
    size = len(phrase.words)
    if at + size > len(tokens):
        return False
    for n, word in enumerate(phrase.words):
        token = tokens[at + n]
        last = n == size - 1
        if not (token.startswith(word) if (last and phrase.prefix) else token == word):
            return False
    return True


def _near_filtered(
    positions: list[list[int]], sizes: list[int], distance: int
) -> list[list[int]]:
    """Each phrase's positions that take part in a NEAR match: FTS5's
    fts5ExprNearIsMatch, step for step (positions are each phrase's first word)."""
    out: list[list[int]] = [[] for _ in positions]
    if any(not p for p in positions):
        return out
    at = [0] * len(positions)
    end = float("inf")

    def pos(i: int) -> float:
        return positions[i][at[i]] if at[i] < len(positions[i]) else end

    def lookahead(i: int) -> float:
        return positions[i][at[i] + 1] if at[i] + 1 < len(positions[i]) else end

    while True:
        highest = pos(0)
        again = True
        while again:
            again = False
            for i in range(len(positions)):
                lowest = highest - sizes[i] - distance
                if pos(i) < lowest or pos(i) > highest:
                    again = True
                    while pos(i) < lowest:
                        at[i] += 1
                        if pos(i) == end:
                            return out
                    highest = max(highest, pos(i))
        for i in range(len(positions)):
            value = int(pos(i))
            if not out[i] or out[i][-1] != value:
                out[i].append(value)
        advance = min(range(len(positions)), key=lookahead)
        at[advance] += 1
        if pos(advance) == end:
            return out


def _positions(tokens: list[str], phrase: Phrase) -> list[int]:
    """Where the phrase starts among the tokens (its last word a prefix if it is one)."""
    if not phrase.words:
        return []
    first = phrase.words[0]
    if len(phrase.words) == 1 and phrase.prefix:
        return [at for at, token in enumerate(tokens) if token.startswith(first)]
    found: list[int] = []
    at = -1
    try:
        while True:  # list.index scans in C: a common word is in every cable, many times
            at = tokens.index(first, at + 1)
            found.append(at)
    except ValueError:
        pass
    if len(phrase.words) == 1:
        return found
    return [at for at in found if _matches(tokens, at, phrase)]


def snippet(body: str, marked: Marked) -> str:
    words = cut(body)
    tokens = words.tokens
    size = len(tokens)
    phrases = marked.phrases
    found = [_positions(tokens, phrase) for phrase in phrases]
    for members, distance in marked.groups:
        kept = _near_filtered(
            [found[i] for i in members], [len(phrases[i].words) for i in members], distance
        )
        for i, positions in zip(members, kept, strict=True):
            found[i] = positions
    # Instances (position, phrase index, phrase length), in position order.
    instances = sorted(
        (at, index, len(phrases[index].words))
        for index, positions in enumerate(found)
        for at in positions
    )
    firsts = words.firsts
    starts = [at for at, _index, _length in instances]

    def score(start: int) -> tuple[int, int, int]:
        # Only the instances in the window (found by bisection: a common word can have
        # hundreds in one long cable, and every one of them is a window to score).
        seen: set[int] = set()
        total, first, last = 0, -1, 0
        low, high = bisect_left(starts, start), bisect_left(starts, start + WINDOW)
        for at, index, length in instances[low:high]:
            total += 1 if index in seen else 1000
            seen.add(index)
            if first < 0:
                first = at
            last = at + length
        return total, first, last

    best_score, best_start = 0, 0
    for at, _index, _length in instances:
        total, first, last = score(at)
        adjusted = first - (WINDOW - (last - first)) // 2
        adjusted = max(0, min(adjusted, size - WINDOW))
        if total > best_score:
            best_score, best_start = total, adjusted
        if firsts and size > WINDOW:
            jj = max(0, bisect_right(firsts, at) - 1)  # the last sentence start <= at
            if firsts[jj] < at:
                total = score(firsts[jj])[0] + (120 if firsts[jj] == 0 else 100)
                if total > best_score:
                    best_score, best_start = total, firsts[jj]
    return _highlight(words, instances, best_start)


def _coalesced(instances: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """Overlapping instances as one range of token positions [start, end]."""
    ranges: list[tuple[int, int]] = []
    for at, _index, length in instances:
        end = at + length - 1
        if ranges and at <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(ranges[-1][1], end))
        else:
            ranges.append((at, end))
    return ranges


def _highlight(words: Words, instances: list[tuple[int, int, int]], start: int) -> str:
    body = words.body
    end = start + WINDOW - 1
    last = len(words.tokens) - 1
    spans = words.spans(start, WINDOW)  # the window's words only
    ranges = [r for r in _coalesced(instances) if r[0] >= start]  # as FTS5 skips them
    out: list[str] = [ELLIPSIS] if start > 0 else []
    offset = 0
    r = 0
    for pos in range(start, min(end, last) + 1):
        token_start, token_end = spans[pos - start]
        if start and pos == start:
            offset = token_start
        current = ranges[r] if r < len(ranges) else None
        if current and pos == current[0]:
            out.append(body[offset:token_start] + OPEN)
            offset = token_start
        if current and pos == current[1]:
            if current[0] < start:
                out.append(OPEN)
            out.append(body[offset:token_end] + CLOSE)
            offset = token_end
            r += 1
        if pos == end:
            out.append(body[offset:token_end])
            offset = token_end
            if current and current[0] <= pos < current[1]:
                out.append(CLOSE)
    if end >= last:
        out.append(body[offset:])
    else:
        out.append(ELLIPSIS)
    return "".join(out)
