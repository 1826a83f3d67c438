"""Words as the SQLite store's FTS5 tokenizer counts them, for PostgreSQL's full text.

PostgreSQL's own parsers (even the 'simple' configuration) tokenize differently from
FTS5's `unicode61 remove_diacritics 2`: they keep `e-mail` and `1.5` whole, read URLs and
e-mail addresses as one token, and keep accents. To give the same hits, the words are
cut here, in Python, the way unicode61 cuts them (runs of letters and digits, lower-case,
accents removed), and handed to PostgreSQL as a ready tsvector, in its binary form;
queries are built from the same function as a ready tsquery. PostgreSQL's parser never
sees cable text.

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

import itertools
import re
import sys
import unicodedata
import zlib
from array import array

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
    """The tsvector input for a cable: subject words at weight A, body words at B. The
    readable form of tsvector_binary, which the import sends."""
    places = _lexemes(subject, body)
    return " ".join(
        _lexeme(word) + ":"
        + ",".join(f"{p & _POSITION}{_WEIGHT_NAMES[p >> 14]}" for p in kept[:MAX_POSITIONS])
        for word, kept in ((w, places[w]) for w in _ordered(places))
    )


def cable_words(subject: str, body: str) -> tuple[bytes, bytes]:
    """A cable's tsvector (tsvector_binary) and its pairs' signature (pairs_signature),
    its words cut once for both."""
    subject_words, body_words = words(subject), words(body)
    return (
        _binary(_lexemes_of(subject_words, body_words)),
        pairs_signature(subject_words, body_words),
    )


def tsvector_binary(subject: str, body: str) -> bytes:
    """The same tsvector in PostgreSQL's binary form (its `tsvectorrecv`): a count, then
    each lexeme in byte order, NUL-ended, with its positions as 16-bit words (weight in
    the top two bits). The server only copies it: the text form, which it parses, or its
    own to_tsvector, which cuts and sorts again, took most of the import's server time.
    Every lexeme's count and positions go into one array, turned big-endian at once."""
    return _binary(_lexemes(subject, body))


def _binary(places: dict[str, list[int]]) -> bytes:
    ordered = _ordered(places)
    flat = array("H")
    for word in ordered:
        kept = places[word]
        if len(kept) > MAX_POSITIONS:
            kept = kept[:MAX_POSITIONS]
        flat.append(len(kept))
        flat.extend(kept)
    if _LITTLE_ENDIAN:
        flat.byteswap()
    packed = flat.tobytes()
    entries = [len(ordered).to_bytes(4, "big")]
    start = 0
    for word in ordered:
        end = start + 2 + 2 * (packed[start] << 8 | packed[start + 1])
        entries.append(word.encode() + b"\0" + packed[start:end])
        start = end
    return b"".join(entries)


_POSITION = 0x3FFF
_WEIGHT_A, _WEIGHT_B = 3 << 14, 2 << 14
_WEIGHT_NAMES = ("D", "C", "B", "A")
_LITTLE_ENDIAN = sys.byteorder == "little"


def _lexemes(subject: str, body: str) -> dict[str, list[int]]:
    """Each word's positions with their weights: subject words at A from position 1,
    body words at B from BODY_GAP past the subject's last word; past MAX_POSITION all at
    it (once). Callers keep the first MAX_POSITIONS."""
    return _lexemes_of(words(subject), words(body))


def _lexemes_of(subject_words: list[str], body_words: list[str]) -> dict[str, list[int]]:
    places = _places(subject_words, 1, _WEIGHT_A)
    body_places = _places(body_words, len(subject_words) + BODY_GAP, _WEIGHT_B)
    if not places:
        return body_places
    for word, more in body_places.items():
        seen = places.get(word)
        if seen is None:
            places[word] = more
        elif len(seen) < MAX_POSITIONS:
            last = seen[-1] & _POSITION  # past MAX_POSITION both may sit at it: once
            seen += more if more[0] & _POSITION > last else [
                p for p in more if p & _POSITION > last
            ]
    return places


def _ordered(places: dict[str, list[int]]) -> list[str]:
    """The indexed words in a tsvector's order: by their UTF-8 bytes (as str order is,
    code point by code point), without those too long to index."""
    return sorted(
        word for word in places
        if len(word) <= MAX_WORD_BYTES // 4 or len(word.encode()) <= MAX_WORD_BYTES
    )


def _places(found: list[str], start: int, weight: int) -> dict[str, list[int]]:
    """Each word's positions from `start` with `weight` set."""
    places: dict[str, list[int]] = {word: [] for word in found}
    if start + len(found) - 1 <= MAX_POSITION:
        for n, word in enumerate(found, start | weight):
            places[word].append(n)
        return places
    last = MAX_POSITION | weight
    for n, word in enumerate(found, start | weight):
        seen = places[word]
        if n < last:
            seen.append(n)
        elif not seen or seen[-1] != last:
            seen.append(last)
    return places


# A phrase's words must stand next to each other, which the GIN index cannot tell: it
# finds the cables holding all of them, and each one's whole tsvector is then read to
# check (9 µs a cable: 1.3 s for "the ambassador also", whose words 142,000 cables
# hold, for 3,282 hits). So each cable also keeps a signature of the pairs of words
# that stand next to each other in it, a Bloom filter in its main row: a cable whose
# signature lacks one of a phrase's pairs cannot hold the phrase, and only the others
# are read. The signature only ever spares reading; it never decides a hit.
#
# Its size follows the cable: a byte (8 bits) for each different pair, so that about
# one bit in nine is set and another pair sets a phrase's two bits for one cable in 70.
# Schema 3 first gave every cable 8,192 bits; a long cable's were then nearly half set,
# and the phrase above read 22,141 tsvectors (420 MB) for its 3,282 hits. A pair's bit
# is its hash modulo the signature's bits, so those first signatures (8,192 bits, of
# hashes taken modulo 8,192) still answer as before.
PAIR_BITS_OLD = 8192  # the size schema 3 first gave every signature
MIN_PAIR_BYTES = 64
MAX_PAIR_BYTES = 7000  # a main row must fit in a page of 8 kB
_PAIR_HASHES = 1 << 62  # fits a bigint, and a multiple of 8,192 (the first signatures)


def pair_hash(first: str, second: str) -> int:
    """The hash of two words standing next to each other (the same on every machine:
    crc32, not Python's salted hash). Its bit is this modulo the signature's bits."""
    return (zlib.crc32(first.encode()) * 0x9E3779B1 + zlib.crc32(second.encode())) % _PAIR_HASHES


def signature_bytes(pairs: int) -> int:
    """The signature's size for a cable of this many different pairs."""
    return max(MIN_PAIR_BYTES, min(MAX_PAIR_BYTES, pairs))


def pairs_signature(*texts_words: list[str]) -> bytes:
    """The bits of every two neighbouring words of each text, as PostgreSQL's get_bit
    numbers a bytea's bits (bit n: byte n // 8, bit n % 8 from the right)."""
    hashes: set[int] = set()
    for found in texts_words:
        codes = {word: zlib.crc32(word.encode()) for word in found}
        numbers = [codes[word] for word in found]
        hashes.update(
            (a * 0x9E3779B1 + b) % _PAIR_HASHES for a, b in itertools.pairwise(numbers)
        )
    size = signature_bytes(len(hashes))
    bits = size * 8
    signature = bytearray(size)  # bytes, not one big int: each |= copied it
    for value in hashes:
        bit = value % bits
        signature[bit >> 3] |= 1 << (bit & 7)
    return bytes(signature)


def phrase_pairs(text: str, prefix: bool) -> list[int]:
    """The pair hashes a cable holding this phrase has in its signature (its last word
    left out when it is a prefix)."""
    found = text_tsquery_words(text)
    if prefix:
        found = found[:-1]
    return [pair_hash(a, b) for a, b in itertools.pairwise(found)]


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
