"""The tsvector the import sends in PostgreSQL's binary form (text.tsvector_binary) is
the one its readable form (text.tsvector_text) describes, as the server reads both: a
difference would make a search find or miss a cable for no reason a user could see."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cablereader.store.postgres.text import (
    MAX_POSITION,
    MAX_POSITIONS,
    MAX_WORD_BYTES,
    tsvector_binary,
    tsvector_text,
)
from cablereader.store.postgres.writing import _Tsvector, _TsvectorDumper


@pytest.fixture(scope="module")
def conn(pg_server: str) -> Iterator[object]:
    import psycopg

    with psycopg.connect(pg_server) as connection:
        connection.execute("CREATE TEMP TABLE sent (words tsvector)")
        yield connection


def _as_read(conn, subject: str, body: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """(what the server made of the binary form, what it makes of the text form)."""
    conn.execute("TRUNCATE sent")
    with conn.cursor() as cursor:
        cursor.adapters.register_dumper(_Tsvector, _TsvectorDumper)
        with cursor.copy("COPY sent (words) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(["tsvector"])
            copy.write_row((tsvector_binary(subject, body),))
    row = conn.execute(
        "SELECT words::text, %s::tsvector::text FROM sent", [tsvector_text(subject, body)]
    ).fetchone()
    return row[0], row[1]


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("Iran oil", "oil"),
        ("", ""),
        ("Only a subject", ""),
        ("", "only a body"),
        ("Café NAÏVE", "Москва, déjà vu; 東京 and ß"),  # byte order of UTF-8, not of str
        ("rep " * 3, "rep " * 300 + "last"),  # more positions than a word keeps
        ("a " * MAX_POSITIONS, "a"),  # the subject fills them
        ("long", "filler " * (MAX_POSITION + 50) + "alpha omega"),  # past the last one
        ("w", " ".join(f"w{n % 700}" for n in range(40_000))),
        ("s " * (MAX_POSITION + 10), "s x"),  # subject and body both at the last one
        ("x", "z" * MAX_WORD_BYTES + " " + "y" * (MAX_WORD_BYTES + 1) + " next"),
    ],
)
def test_the_binary_form_is_the_text_form(conn, subject: str, body: str) -> None:
    binary, text = _as_read(conn, subject, body)
    assert binary == text


_WORD = st.text(alphabet="aeiouxyz019éøжß", min_size=1, max_size=6)


@given(st.lists(_WORD, max_size=12), st.lists(_WORD, max_size=300))
def test_the_binary_form_is_the_text_form_for_any_words(
    conn, subject: list[str], body: list[str]
) -> None:
    binary, text = _as_read(conn, " ".join(subject), ", ".join(body))
    assert binary == text


def test_the_readable_form_names_weights_and_positions() -> None:
    # Subject words at weight A from position 1, body words at weight B after a gap.
    assert tsvector_text("Iran oil", "oil") == "'iran':1A 'oil':2A,102B"
    assert tsvector_binary("", "") == b"\0\0\0\0"
