"""The fast cutting of a body for snippets (postgres/snippet_words.py) against the plain
way it replaced: one regular-expression match for each word, folded in place."""

from __future__ import annotations

import re
import sys
from bisect import bisect_left

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablereader.store.postgres.snippet_words import cut
from cablereader.store.postgres.text import fold

_WORD = re.compile(r"[^\W_]+")
_SENTENCE_END = re.compile(r"[.:][ \t\n\r]+")


def plain(body: str) -> tuple[list[tuple[int, int]], list[str], list[int]]:
    """Spans, folded words and sentence starts, the slow and obvious way."""
    spans = [m.span() for m in _WORD.finditer(body)]
    folded = fold(body)
    if len(folded) == len(body):
        tokens = [folded[a:b] for a, b in spans]
    else:
        tokens = [fold(body[a:b]) for a, b in spans]
    starts = [a for a, _b in spans]
    firsts = [0] if spans else []
    for match in _SENTENCE_END.finditer(body):
        n = bisect_left(starts, match.end())
        if n < len(starts) and starts[n] == match.end() and n > firsts[-1]:
            firsts.append(n)
    return spans, tokens, firsts


def check(body: str) -> None:
    spans, tokens, firsts = plain(body)
    words = cut(body)
    assert words.tokens == tokens
    assert words.firsts == firsts
    assert words.anchors == [spans[n][0] for n in firsts]
    for start in range(0, len(spans) + 1, 3):
        assert words.spans(start, 16) == spans[start : start + 16]


# Letters and digits in and beyond ASCII, marks, punctuation and spaces of every kind:
# a character folding to two (İ), marks that folding drops (U+0301), a Greek final sigma,
# quotes and dashes as the cables have them, the underscore (not a word character).
_PIECES = [
    "the", "AMB", "1999", "a1", "x", "Über", "café", "İ", "straße", "ΣΑΣ", "e\u0301",
    "ǅ", "²", "٣", "_", " ", "  ", ". ", ".", ": ", ":\n", ".\t", "\n\n", ", ", "-",
    "’", "“", "”", "—", "¶", "\u00a0", "\u2028", "\x1c", "'", "(", ")",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60))
def test_cut_is_the_plain_cutting(pieces: list[str]) -> None:
    check("".join(pieces))


@pytest.mark.parametrize(
    "body",
    [
        "",
        "   ",
        "¶ — ”",
        "word",
        "Before. After: then.\nNext",
        "ends with a dot. ",
        "İstanbul. Istanbul",  # folding to more characters: each word folded alone
        "e\u0301te. ete",  # folding to fewer
        "x_y. z",
        "THE AMBASSADOR’S “VIEW”. — Next sentence: more",
        "no sentence ends here " * 40,
    ],
)
def test_cut_examples(body: str) -> None:
    check(body)


def test_word_characters_are_those_of_isalnum() -> None:
    """snippet_words cuts by str.isalnum, the expression by `[^\\W_]`: the same set."""
    top = sys.maxunicode + 1
    differ = [c for c in range(top) if bool(_WORD.fullmatch(chr(c))) != chr(c).isalnum()]
    assert differ == []
