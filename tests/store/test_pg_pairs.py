"""Phrases on PostgreSQL: the signature of neighbouring words (text.pairs_signature) only
spares reading tsvectors; the hits are those of the plain phrase check, and a cable
without a signature (imported before schema 3) is still found."""

from __future__ import annotations

import itertools
import zlib

import psycopg
import pytest

from cablereader.core.query import parse_query
from cablereader.store.api import CableFilter
from cablereader.store.factory import open_store
from cablereader.store.postgres.text import (
    MAX_PAIR_BYTES,
    MIN_PAIR_BYTES,
    PAIR_BITS_OLD,
    pair_hash,
    pairs_signature,
    phrase_pairs,
    words,
)
from cablereader.store.postgres.tsquery import plan_text
from tests.store.contract.cables import reference_id, versions


def _held(signature: bytes, value: int) -> bool:
    """As the server asks: get_bit(pairs, hash % (8 * octet_length(pairs)))."""
    bit = value % (8 * len(signature))
    return bool(signature[bit >> 3] >> (bit & 7) & 1)


def test_a_signature_has_the_pairs_of_its_words_and_a_phrase_asks_for_them() -> None:
    subject, body = words("Subject 1 on election"), words("The ambassador also said")
    signature = pairs_signature(subject, body)
    for a, b in [("the", "ambassador"), ("ambassador", "also"), ("on", "election")]:
        assert _held(signature, pair_hash(a, b))
    assert phrase_pairs("the ambassador also", prefix=False) == [
        pair_hash("the", "ambassador"), pair_hash("ambassador", "also")
    ]
    assert phrase_pairs("the amb", prefix=True) == []  # a prefix's pair is not known
    plan = plan_text(parse_query('"the ambassador" OR x'))
    assert plan.pairs == ()  # a phrase inside OR is not required of every hit
    assert plan_text(parse_query('"a b" c')).pairs == (pair_hash("a", "b"),)


def _text(count: int, seed: str) -> list[str]:
    return [f"w{zlib.crc32(f'{seed}{n}'.encode()) % 5000}" for n in range(count)]


@pytest.mark.parametrize("count", [10, 900, 5000])
def test_a_signature_grows_with_its_cable_and_few_other_pairs_seem_held(count: int) -> None:
    """A byte for each different pair (64 at least): about one bit in nine set, so a
    pair the cable lacks seems held about one time in nine, even in a long cable."""
    text = _text(count, "cable")
    pairs = set(itertools.pairwise(text))
    signature = pairs_signature(text)
    assert len(signature) == max(MIN_PAIR_BYTES, min(MAX_PAIR_BYTES, len(pairs)))
    assert all(_held(signature, pair_hash(a, b)) for a, b in pairs)
    others = [p for p in itertools.pairwise(_text(4000, "other")) if p not in pairs]
    seeming = sum(_held(signature, pair_hash(a, b)) for a, b in others) / len(others)
    assert seeming < 0.14


def _first_signature(*texts_words: list[str]) -> bytes:
    """A signature as schema 3 first made them: 8,192 bits, a pair's bit its hash (not
    yet reduced) modulo 8,192."""
    signature = bytearray(PAIR_BITS_OLD // 8)
    for found in texts_words:
        for a, b in itertools.pairwise(found):
            bit = (zlib.crc32(a.encode()) * 0x9E3779B1 + zlib.crc32(b.encode())) % PAIR_BITS_OLD
            signature[bit >> 3] |= 1 << (bit & 7)
    return bytes(signature)


def test_the_first_signatures_still_answer(pg) -> None:  # type: ignore[no-untyped-def]
    """A database imported with schema 3's first signatures (8,192 bits each) finds the
    same phrases: a pair's hash modulo 8,192 is the bit those signatures set."""
    store, url = pg
    phrases = ['"number 7"', '"paragraph one about"', '"one about" harvest']
    before = [_count(store, text) for text in phrases]
    with psycopg.connect(url) as conn:
        for cable_id, in conn.execute("SELECT id FROM cable_text").fetchall():
            cable = store.fetch_cable(store.fetch_rows([cable_id])[cable_id].reference_id)
            old = _first_signature(words(cable.cable.subject), words(cable.cable.body))
            conn.execute("UPDATE cable_text SET pairs = %s WHERE id = %s", [old, cable_id])
        sizes = {row[0] for row in conn.execute("SELECT octet_length(pairs) FROM cable_text")}
    assert sizes == {PAIR_BITS_OLD // 8}
    assert [_count(store, text) for text in phrases] == before
    assert all(before)


@pytest.fixture
def pg(pg_url: str):  # type: ignore[no-untyped-def]
    store = open_store(pg_url, create=True)
    store.write_versions(versions(12))
    yield store, pg_url
    store.close()


def _count(store, text: str) -> int:  # type: ignore[no-untyped-def]
    store._cache.clear()
    return store.count(CableFilter(query=parse_query(text)))


@pytest.mark.parametrize(
    "text",
    ['"paragraph one about"', '"number 7"', '"one about" harvest', '-"number 7"',
     '"about harvest" OR "about election"', '"paragraph one" NEAR/2 number'],
)
def test_phrase_hits_match_sqlite(pg, text: str) -> None:  # type: ignore[no-untyped-def]
    store, _url = pg
    sqlite = open_store(None, create=True)
    sqlite.write_versions(versions(12))
    assert _count(store, text) == sqlite.count(CableFilter(query=parse_query(text))) > 0
    sqlite.close()


def test_the_signature_is_what_spares_reading_and_null_means_read(pg) -> None:  # type: ignore[no-untyped-def]
    store, url = pg
    phrase = '"number 7"'
    assert _count(store, phrase) == 1
    target = store.cable_id(reference_id(7))
    with psycopg.connect(url) as conn:
        # A signature without the pair: the cable is not read, so not found. (Only a
        # test can make one: a real signature holds every pair of its cable.)
        conn.execute("UPDATE cable_text SET pairs = %s WHERE id = %s", [bytes(1024), target])
    assert _count(store, phrase) == 0
    assert _count(store, '"number" 7') == 1  # words alone never look at it
    with psycopg.connect(url) as conn:
        conn.execute("UPDATE cable_text SET pairs = NULL WHERE id = %s", [target])
    assert _count(store, phrase) == 1  # no signature: read and checked
