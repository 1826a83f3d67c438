"""Words as the SQLite store's FTS5 tokenizer counts them, for PostgreSQL's full text.

PostgreSQL's own parsers (even the 'simple' configuration) tokenize differently from
FTS5's `unicode61 remove_diacritics 2`: they keep `e-mail` and `1.5` whole, read URLs and
e-mail addresses as one token, and keep accents. To give the same hits, the words are
cut here, in Python, the way unicode61 cuts them (runs of letters and digits, lower-case,
accents removed), and handed to PostgreSQL as a ready tsvector; queries are built from
the same function as a ready tsquery. PostgreSQL's parser never sees cable text.

Differences that remain (tests/store/test_pg_text.py checks each):
- a tsvector keeps positions up to 16,383: words further into a very long cable all sit
  at 16,383, once, so a phrase that far in is not found, and two words there are "near"
  whatever lies between them (FTS5 has no such limit); plain words are still found;
- a word keeps at most 256 positions; a phrase whose words repeat more often than that in
  one cable is checked on the first 256 only;
- a word longer than 2,046 bytes is not indexed (FTS5 indexes it);
- NEAR with three or more terms requires each pair to be within the distance, not all of
  them within one window (see postgres/tsquery.py).
"""

from __future__ import annotations

import re
import unicodedata

MAX_POSITION = 16383  # PostgreSQL's last tsvector position
MAX_POSITIONS = 256  # positions a tsvector keeps for one word
MAX_WORD_BYTES = 2046
# Body words start this far after the subject's last one, so that a phrase or a NEAR
# group never spans the subject and the body (two FTS5 columns in the SQLite store).
BODY_GAP = 100

_WORD = re.compile(r"[^\W_]+")


_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


def _fold_run(match: re.Match[str]) -> str:
    decomposed = unicodedata.normalize("NFD", match.group())
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped)


def fold(text: str) -> str:
    """Lower case without accents, as unicode61 with remove_diacritics compares (only
    the runs of non-ASCII characters are decomposed: cables are nearly all ASCII)."""
    text = text.lower()
    if text.isascii():
        return text
    return _NOT_ASCII.sub(_fold_run, text)


def words(text: str) -> list[str]:
    """The words of `text` in order: runs of letters and digits, folded."""
    return _WORD.findall(fold(text))


def _lexeme(word: str) -> str:
    return "'" + word + "'"  # letters and digits only: nothing to escape


def tsvector_text(subject: str, body: str) -> str:
    """The tsvector input for a cable: subject words at weight A, body words at B."""
    positions: dict[str, list[str]] = {}
    subject_words = words(subject)
    for n, word in enumerate(subject_words, 1):
        positions.setdefault(word, []).append(f"{min(n, MAX_POSITION)}A")
    start = len(subject_words) + BODY_GAP
    for n, word in enumerate(words(body), start):
        positions.setdefault(word, []).append(f"{min(n, MAX_POSITION)}B")
    parts = []
    for word, places in positions.items():
        if len(word.encode()) > MAX_WORD_BYTES:
            continue
        kept = list(dict.fromkeys(places))[:MAX_POSITIONS]
        parts.append(_lexeme(word) + ":" + ",".join(kept))
    return " ".join(parts)


def phrase_tsquery(text: str, prefix: bool) -> str | None:
    """A word or phrase as tsquery text (`'a' <-> 'b':*`); None when it has no words."""
    found = [w for w in words(text) if len(w.encode()) <= MAX_WORD_BYTES]
    if not found:
        return None
    parts = [_lexeme(w) for w in found]
    if prefix:
        parts[-1] += ":*"
    return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"


def text_tsquery_words(text: str) -> list[str]:
    """The words of a term as they are looked up (those too long to index left out)."""
    return [w for w in words(text) if len(w.encode()) <= MAX_WORD_BYTES]
