"""Where a search's terms occur in the text shown, found the way the index found them.

The store's FTS5 index (tokenizer ``unicode61 remove_diacritics 2``) splits text into
runs of letters and digits, folds case and drops accents. Marking hits with a regular
expression over the raw text disagreed with it: ``embass*`` found cables but marked
nothing, and "Sao Paulo" missed "São Paulo". So the text is tokenized and folded the
same way here, and a term matches token by token (its last word as a prefix when it
ends with ``*``).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

_TOKEN_RE = re.compile(r"[^\W_]+")


@lru_cache(maxsize=4096)
def fold(word: str) -> str:
    """Lower case without diacritics, as the index compares words."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _utf16_offsets(text: str) -> list[int] | None:
    """Qt counts positions in UTF-16 units; None when they equal Python's indexes."""
    if all(ord(ch) <= 0xFFFF for ch in text):
        return None
    return [0, *itertools.accumulate(2 if ord(ch) > 0xFFFF else 1 for ch in text)]


def find_hits(text: str, terms: tuple[str, ...], limit: int) -> list[tuple[int, int]]:
    """(start, end) document positions of each hit, in text order, at most `limit`.

    Earlier terms win where hits overlap, so a phrase listed first is marked whole.
    """
    tokens = [(m.start(), m.end(), fold(m.group())) for m in _TOKEN_RE.finditer(text)]
    folded = [t[2] for t in tokens]
    taken = bytearray(len(tokens))
    hits: list[tuple[int, int]] = []
    for term in terms:
        prefix = term.endswith("*")
        words = [fold(w) for w in _TOKEN_RE.findall(term)]
        if not words:
            continue
        *head, last = words
        size = len(words)
        for i in range(len(tokens) - size + 1):
            if len(hits) >= limit:
                break
            end = folded[i + size - 1]
            if not (end.startswith(last) if prefix else end == last):
                continue
            if folded[i : i + size - 1] != head or any(taken[i : i + size]):
                continue
            taken[i : i + size] = b"\x01" * size
            hits.append((tokens[i][0], tokens[i + size - 1][1]))
    hits.sort()
    offsets = _utf16_offsets(text)
    if offsets is not None:
        hits = [(offsets[a], offsets[b]) for a, b in hits]
    return hits
