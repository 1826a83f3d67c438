"""Where PostgreSQL's full text still differs from the SQLite store's FTS5, on purpose
and written down in store/postgres/text.py and tsquery.py: each difference, tested.

The stores are filled with the same cables; every case says what FTS5 answers and what
PostgreSQL answers, so a change on either side shows here.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cablereader.core.query import parse_query
from cablereader.store.api import CableFilter
from cablereader.store.factory import open_store
from cablereader.store.postgres.text import (
    MAX_POSITION,
    MAX_POSITIONS,
    MAX_WORD_BYTES,
    tsvector_text,
    words,
)
from cablereader.store.postgres.tsquery import MAX_NEAR_CHAINS, _chains
from cablereader.store.protocol import CableStore
from tests.store.contract.cables import version


def test_words_are_cut_as_unicode61_cuts_them() -> None:
    assert words("The café owner's e-mail: 1.5 MILLION naïve, x_y") == [
        "the", "cafe", "owner", "s", "e", "mail", "1", "5", "million", "naive", "x", "y",
    ]
    # Subject words at weight A from position 1, body words at weight B after a gap.
    assert tsvector_text("Iran oil", "oil") == "'iran':1A 'oil':2A,102B"


def _store(url_or_none: str | None, extra: str) -> CableStore:
    store = open_store(url_or_none, create=True)
    made = version(1, extra=extra)
    store.write_versions([made, version(2)])
    return store


@pytest.fixture
def long_cable(pg_url: str) -> Iterator[tuple[CableStore, CableStore]]:
    """A cable with a word 300 times before "rep last", 20,000 filler words, "alpha
    omega", a word 300 times before "gamma", and a word longer than PostgreSQL indexes."""
    extra = (
        " rep" * 300 + " rep last" + " filler" * 20_000 + " alpha omega" + " repeated" * 300
        + " repeated gamma" + " " + "z" * (MAX_WORD_BYTES + 1)
    )
    sqlite = _store(None, extra)
    pg = _store(pg_url, extra)
    yield sqlite, pg
    sqlite.close()
    pg.close()


def _count(store: CableStore, text: str) -> int:
    return store.count(CableFilter(query=parse_query(text)))


def test_the_differences_far_into_a_long_cable(long_cable) -> None:
    sqlite, pg = long_cable
    # Plain words are found however far in they are.
    for word in ("alpha", "omega", "gamma", "repeated", "last"):
        assert _count(sqlite, word) == _count(pg, word) == 1, word
    # Beyond position 16,383 every word sits at 16,383 (and once): a phrase there is
    # not found on PostgreSQL (its second word is never one position after the first),
    # and two words there are "near" each other whatever lies between them.
    assert _count(sqlite, '"alpha omega"') == 1
    assert _count(pg, '"alpha omega"') == 0
    assert _count(sqlite, '"filler alpha"') == 1
    assert _count(pg, '"filler alpha"') == 0
    assert _count(sqlite, "omega NEAR/0 gamma") == 0  # 300 words apart in the text
    assert _count(pg, "omega NEAR/0 gamma") == 1  # both at 16,383
    # A word keeps its first 256 positions: a phrase at its 301st is not found there.
    assert _count(sqlite, '"rep last"') == 1
    assert _count(pg, '"rep last"') == 0
    assert _count(sqlite, '"rep rep"') == _count(pg, '"rep rep"') == 1
    # Before the limit, phrases and NEAR agree.
    assert _count(sqlite, '"filler filler"') == _count(pg, '"filler filler"') == 1
    assert _count(sqlite, "paragraph NEAR/2 about") == _count(pg, "paragraph NEAR/2 about") == 2
    # The word over PostgreSQL's length limit is not indexed there.
    long_word = "z" * (MAX_WORD_BYTES + 1)
    assert _count(sqlite, long_word) == 1
    assert _count(pg, long_word) == 0
    assert MAX_POSITION == 16383 and MAX_POSITIONS == 256


def test_a_phrase_never_spans_the_subject_and_the_body(pg_url: str) -> None:
    sqlite = _store(None, "")
    pg = _store(pg_url, "")
    try:
        # Cable 1: subject "Subject 1 on election", body "Paragraph one about harvest ..."
        for text in ('"election paragraph"', "election NEAR/0 paragraph"):
            assert _count(sqlite, text) == _count(pg, text) == 0, text
        assert _count(sqlite, "election NEAR/0 subject") == _count(pg, "election NEAR/0 subject")
    finally:
        sqlite.close()
        pg.close()


def test_near_of_four_far_terms_is_every_pair_near(pg_url: str) -> None:
    """Too many ways to order four terms within ten words: each pair must be near, which
    can find a cable FTS5 does not (two words near, twice, far from each other)."""
    assert len(_chains([1, 1, 1, 1], 10)) > MAX_NEAR_CHAINS
    assert len(_chains([1, 1, 1], 10)) <= MAX_NEAR_CHAINS  # three terms: exact
    extra = " aa bb" + " x" * 30 + " cc dd" + " x" * 30 + " aa cc" + " x" * 30 + " bb dd"
    extra += " x" * 30 + " aa dd" + " x" * 30 + " bb cc"
    sqlite = _store(None, extra)
    pg = _store(pg_url, extra)
    try:
        query = "aa NEAR bb NEAR cc NEAR dd"
        assert _count(sqlite, query) == 0
        assert _count(pg, query) == 1
        three = "aa NEAR bb NEAR cc"
        assert _count(sqlite, three) == _count(pg, three) == 0
    finally:
        sqlite.close()
        pg.close()
