"""A body's words as snippets need them: every word folded, the words that start a
sentence, and the places in the text of the few words a snippet shows.

The 20 hits of a common word are long cables (2.5 MB of bodies, 400,000 words), and a
regular-expression match for each word cost most of the snippet's time. The words are
therefore cut with bytes.translate and str.split, which run in C (the rare characters
beyond ASCII are first made spaces unless they are letters or digits), and only the
shown window's words are found again by the expression, from the nearest sentence start.
The words are those of postgres/text.py: runs of letters and digits (`[^\\W_]+`). When
folding moves a word's edges (a character folding to two), each word is found and
folded on its own, as before.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from cablereader.store.postgres.text import fold

_WORD = re.compile(r"[^\W_]+")
_SENTENCE_END = re.compile(r"[.:][ \t\n\r]+")  # FTS5's rule: `.` or `:`, then white space
_ASCII = bytes(range(128))
_ASCII_WORD = [chr(c).isalnum() for c in range(128)]  # `[^\W_]` is str.isalnum()
# Bytes that are not ASCII letters or digits become spaces (bytes of UTF-8 sequences
# stay); and every byte to b"a" (a letter or digit) or b" " (anything else).
_GAPS = bytes(c if c >= 128 or _ASCII_WORD[c] else 32 for c in range(256))
_MASK = bytes(97 if c < 128 and _ASCII_WORD[c] else 32 for c in range(256))


def _beyond_ascii(text: str) -> set[str]:
    """The different characters of `text` beyond ASCII (cables have a few kinds: quotes,
    dashes), found in C: the UTF-8 bytes with every ASCII byte deleted."""
    return set(text.encode("utf-8").translate(None, _ASCII).decode("utf-8"))


def _replaced(text: str, others: set[str], word: str | None) -> str:
    """`text` with each character of `others` that is not a letter or digit made a
    space, and each that is made `word` (or kept, when `word` is None)."""
    for ch in others:
        if not ch.isalnum():
            text = text.replace(ch, " ")
        elif word is not None:
            text = text.replace(ch, word)
    return text


def _mask(text: str) -> bytes:
    """b"a" where `text` has a letter or digit, b" " elsewhere, one byte a character."""
    if not text.isascii():
        text = _replaced(text, _beyond_ascii(text), "a")
    return text.encode("ascii").translate(_MASK)


@dataclass(frozen=True, slots=True)
class Words:
    """`tokens`: every word, folded. `firsts`: the words that start a sentence (the
    first word always), and `anchors`: where each of them starts in the body."""

    body: str
    tokens: list[str]
    firsts: list[int]
    anchors: list[int]

    def spans(self, start: int, count: int) -> list[tuple[int, int]]:
        """Where words start..start+count-1 begin and end in the body, found from the
        nearest sentence start at or before `start`."""
        if not self.tokens or count <= 0:
            return []
        j = max(0, bisect_right(self.firsts, start) - 1)
        at = self.firsts[j]
        out: list[tuple[int, int]] = []
        for match in _WORD.finditer(self.body, self.anchors[j]):
            if at >= start:
                out.append(match.span())
                if len(out) == count:
                    break
            at += 1
        return out


def cut(body: str) -> Words:
    """The body's words (see the module's docstring)."""
    mask = _mask(body)
    folded = body.lower() if body.isascii() else fold(body)
    if len(folded) == len(body) and (body.isascii() or _mask(folded) == mask):
        # The folded text has its words where the body has them: cut it in C.
        if not folded.isascii():
            folded = _replaced(folded, _beyond_ascii(folded), None)
        tokens = folded.encode("utf-8").translate(_GAPS).decode("utf-8").split()
    else:
        spans = [m.span() for m in _WORD.finditer(body)]
        if len(folded) == len(body):
            tokens = [folded[a:b] for a, b in spans]
        else:  # a character folded to more or fewer: fold each word on its own
            tokens = [fold(body[a:b]) for a, b in spans]
    if not tokens:
        return Words(body, tokens, [], [])
    first = _WORD.search(body)
    assert first is not None
    firsts, anchors = [0], [first.start()]
    # A word starts at i where b" " + mask has b" a" at i; counted from one sentence
    # end to the next, the words before each.
    starts = b" " + mask
    count, previous = 0, 0
    for match in _SENTENCE_END.finditer(body):
        end = match.end()
        count += starts.count(b" a", previous, end + 1)
        previous = end
        if end < len(body) and mask[end] == 97 and count > firsts[-1]:
            firsts.append(count)
            anchors.append(end)
    return Words(body, tokens, firsts, anchors)
