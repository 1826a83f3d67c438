"""Phrases on PostgreSQL: the signature of neighbouring words (text.PAIR_BITS) only
spares reading tsvectors; the hits are those of the plain phrase check, and a cable
without a signature (imported before schema 3) is still found."""

from __future__ import annotations

import psycopg
import pytest

from cablereader.core.query import parse_query
from cablereader.store.api import CableFilter
from cablereader.store.factory import open_store
from cablereader.store.postgres.text import pair_bit, pairs_signature, phrase_pairs, words
from cablereader.store.postgres.tsquery import plan_text
from tests.store.contract.cables import reference_id, versions


def test_a_signature_has_the_pairs_of_its_words_and_a_phrase_asks_for_them() -> None:
    subject, body = words("Subject 1 on election"), words("The ambassador also said")
    signature = int.from_bytes(pairs_signature(subject, body), "little")
    for a, b in [("the", "ambassador"), ("ambassador", "also"), ("on", "election")]:
        assert signature >> pair_bit(a, b) & 1
    assert phrase_pairs("the ambassador also", prefix=False) == [
        pair_bit("the", "ambassador"), pair_bit("ambassador", "also")
    ]
    assert phrase_pairs("the amb", prefix=True) == []  # a prefix's pair is not known
    plan = plan_text(parse_query('"the ambassador" OR x'))
    assert plan.pairs == ()  # a phrase inside OR is not required of every hit
    assert plan_text(parse_query('"a b" c')).pairs == (pair_bit("a", "b"),)


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
