"""The format parsers on arbitrary and damaged bytes: a Cable or CableFormatError, quickly.

The importer reports CableFormatError as a clean per-file reason; any other exception is
a parser bug the user sees as a crash or a vague "could not be parsed", and a slow regular
expression on a hostile page freezes an import of 250,000 files. So every parser must, for
any input, return or raise CableFormatError, and do so within a time bound.
"""

from __future__ import annotations

import io
import random
import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablereader.core.assemble import CableFormatError
from cablereader.core.formats.csv_rows import iter_raw_rows, parse_csv_row
from cablereader.core.formats.detect import HEAD_BYTES, detect_format
from cablereader.core.formats.site_page import parse_site_page
from cablereader.core.formats.text_page import parse_text_page
from cablereader.core.model import Cable, SourceFormat
from tests.reliability.synthetic import csv_row, make_cable, site_page, text_page

# Generous for a loaded test machine: linear parsers take milliseconds on these sizes,
# and the quadratic regular expressions this guards against took 1-30 s.
TIME_LIMIT = 2.0
PARSERS: tuple[Callable[[bytes], Cable], ...] = (parse_site_page, parse_csv_row, parse_text_page)
FUZZ = settings(
    max_examples=150,
    deadline=None,  # we time each call ourselves, with a bound that suits a loaded machine
    database=None,  # keep the project folder free of a .hypothesis cache
    derandomize=True,  # the same examples on every run, so a failure reproduces
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

_RNG = random.Random(1968)
CABLES = [make_cable(_RNG, n) for n in range(1, 4)]
VALID: list[bytes] = [
    *(site_page(c) for c in CABLES),
    *(text_page(c) for c in CABLES),
    *(csv_row(c, n) for n, c in enumerate(CABLES, 1)),
]
MARKERS = [
    b"<table class='cable'>",
    b"</table>",
    b"<th>Reference ID</th>",
    b"<td>",
    b"</td>",
    b"<code><pre>",
    b"</pre></code>",
    b"<pre>",
    b"</pre>",
    b"&#x000A;",
    b"<a id='par1' href='#par1'>\xc2\xb6</a>",
    b"<a href='/tag/PREL_0.html'>PREL</a>",
    b"<a ",
    b"Reference ID\tCreated\tReleased\tClassification\tOrigin\n",
    b"Appears in these articles:\n",
    b"This record is a partial extract of the original cable. "
    b"The full text of the original cable is not available.",
    b"[PREL](#)",
    b"[\xc2\xb6](#par2)",
    b'"',
    b'\\"',
    b"\\",
    b"\\\n",
    b'","',
    b"\\N",
    b"\n",
    b"\r\n",
    b"\t",
    b" ",
    b"\x00",
    b"\xef\xbb\xbf",
    b"\xff",
    b"FM AMEMBASSY X\n",
    b"TAGS: ",
    b"SUBJECT: ",
    b"REF: A. 05 LIMA 4377 B. ",
    b"1. (C) ",
    b"O 110944Z SEP 07",
]


def run_bounded(function: Callable[[bytes], object], data: bytes) -> object | None:
    """Call a parser; anything but a result or CableFormatError fails, and so does slowness."""
    started = time.perf_counter()
    try:
        result = function(data)
    except CableFormatError as error:
        assert str(error).strip() and "\n" not in str(error)
        result = None
    elapsed = time.perf_counter() - started
    assert elapsed < TIME_LIMIT, f"{function.__name__} took {elapsed:.2f} s on {len(data)} bytes"
    return result


def check_all(data: bytes) -> None:
    found = run_bounded(lambda d: detect_format(d[:HEAD_BYTES]), data)
    assert found is None or isinstance(found, SourceFormat)
    for parser in PARSERS:
        cable = run_bounded(parser, data)
        if cable is not None:
            assert isinstance(cable, Cable)
            assert cable.reference_id and cable.created


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A valid synthetic page, text page or row, cut, spliced and salted with markers."""
    data = bytearray(draw(st.sampled_from(VALID)))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["cut", "junk", "marker", "repeat", "delete", "flip"]))
        if op == "cut":
            del data[at:]
        elif op == "junk":
            data[at:at] = draw(st.binary(min_size=1, max_size=40))
        elif op == "marker":
            data[at:at] = draw(st.sampled_from(MARKERS)) * draw(st.integers(1, 4))
        elif op == "repeat":
            end = min(len(data), at + draw(st.integers(1, 400)))
            data[at:at] = data[at:end] * draw(st.integers(1, 3))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 80))]
        elif data:
            data[min(at, len(data) - 1)] = draw(st.integers(0, 255))
    return bytes(data)


@FUZZ
@given(st.binary(max_size=4096))
def test_any_bytes(data: bytes) -> None:
    check_all(data)


@FUZZ
@given(mutated())
def test_mutated_valid_inputs(data: bytes) -> None:
    check_all(data)


@FUZZ
@given(st.lists(st.sampled_from(MARKERS), max_size=300).map(b"".join))
def test_marker_soup(data: bytes) -> None:
    check_all(data)


PATHOLOGICAL = [
    b" ",
    b"\t",
    b"\\",
    b'"',
    b'"\\',
    b'\\"',
    b'"",',
    b"<a ",
    b"<a href='",
    b"/tag/",
    b"&#x000A;",
    b"<td>",
    b"<",
    b"[(",
    b"[](",
    b"[",
    b"http://",
    b"Appears in these articles:\nhttp://x\n",
    b"\n",
    b"1. (S",
    b"//NF",
    b"REF: A. ",
    b"Classified By: ",
]


@pytest.mark.parametrize("run", PATHOLOGICAL, ids=[repr(p)[2:-1] for p in PATHOLOGICAL])
def test_pathological_runs(run: bytes) -> None:
    """40,000-character runs of what regular expressions choke on, at the start, in the
    middle and at the end of each kind of valid input, and on their own."""
    junk = run * (40_000 // len(run))
    for base in (b"", VALID[0], VALID[3], VALID[6]):
        for at in (0, len(base) // 2, len(base)):
            check_all(base[:at] + junk + base[at:])


def test_paragraphs_add_up_to_the_body_after_mutation() -> None:
    """The model promises that a cable's paragraphs concatenate back to its body."""
    rng = random.Random(77)
    for n in range(200):
        data = bytearray(rng.choice(VALID))
        at = rng.randrange(len(data))
        data[at:at] = rng.choice(MARKERS) * rng.randint(1, 3)
        for parser in PARSERS:
            cable = run_bounded(parser, bytes(data))
            if isinstance(cable, Cable):
                assert "".join(p.text for p in cable.paragraphs) == cable.body, n


@FUZZ
@given(
    st.lists(st.sampled_from([b"\\", b"\n", b"\r\n", b'"', b",", b"x", b"\\\n"]), max_size=200),
    st.integers(1, 64),
)
def test_csv_row_cutting_keeps_every_byte(pieces: list[bytes], chunk_size: int) -> None:
    """However the file is chunked, the rows are the file cut at row ends: nothing lost,
    nothing repeated, offsets and numbers consistent, and only the last row may lack a LF."""
    data = b"".join(pieces)
    rows = list(iter_raw_rows(io.BytesIO(data), chunk_size=chunk_size))
    assert b"".join(r.data for r in rows) == data
    assert [r.number for r in rows] == list(range(1, len(rows) + 1))
    assert [r.offset for r in rows] == [
        sum(len(r.data) for r in rows[:n]) for n in range(len(rows))
    ]
    assert all(r.data and r.data.endswith(b"\n") for r in rows[:-1])
    # Chunk boundaries (inside a run of backslashes, between CR and LF) change nothing.
    assert rows == list(iter_raw_rows(io.BytesIO(data)))
