"""The words of notes for `note:word` on PostgreSQL, cut as the SQLite store's FTS5
`unicode61 remove_diacritics 2` tokenizer cuts them (runs of letters and digits, lower
case, accents removed), so both stores find the same notes. PostgreSQL's parser never
sees a note: the tsvector and tsquery are built here, from letters and digits only.

Left as a difference: a note's words past position 16,383 all sit there (PostgreSQL's
limit), so a phrase that far into one very long note can match words not adjacent.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+")
_MAX_POSITION = 16383
_MAX_WORD_BYTES = 2046


def fold(text: str) -> str:
    """Lower case without accents, as unicode61 with remove_diacritics compares."""
    text = text.lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    )


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(fold(text)) if len(w.encode()) <= _MAX_WORD_BYTES]


def note_tsvector(text: str) -> str:
    """tsvector input for a note's text: each word with its positions."""
    places: dict[str, list[int]] = {}
    for n, word in enumerate(_words(text), 1):
        places.setdefault(word, []).append(min(n, _MAX_POSITION))
    return " ".join(
        f"'{w}':" + ",".join(str(p) for p in list(dict.fromkeys(ps))[:256])
        for w, ps in places.items()
    )


def note_tsquery(typed: str) -> str | None:
    """`note:...` as tsquery text: every typed word must be in the note; a word that
    splits in several ("e-mail") is a phrase, a trailing * a prefix. What is typed is
    always words, never query syntax (as store/user_filters.fts_words on SQLite).
    None when there is no word at all."""
    parts = []
    for word in typed.split():
        prefix = word.endswith("*")
        found = _words(word.rstrip("*"))
        if not found:
            continue
        lexemes = [f"'{w}'" for w in found]
        if prefix:
            lexemes[-1] += ":*"
        parts.append(lexemes[0] if len(lexemes) == 1 else "(" + " <-> ".join(lexemes) + ")")
    return " & ".join(parts) if parts else None
