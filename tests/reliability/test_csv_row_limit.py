"""A CSV row without newlines is refused with bounded memory, and the rows after it read.

Before the bound, reading a 200 MB line kept the whole line and its copies in memory
(4.2 GB, then MemoryError, for a larger file); now a row keeps at most the 32 MB limit.
"""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from cablereader.core.assemble import CableFormatError
from cablereader.core.formats.csv_rows import iter_raw_rows, parse_csv_row
from tests.conftest import ROOT


def _cuts(data: bytes, chunk_size: int, limit: int) -> list[tuple[int, int, int]]:
    """(number, offset, full size) of every row, as read with this chunk size and limit."""
    rows = list(iter_raw_rows(io.BytesIO(data), chunk_size=chunk_size, max_row_bytes=limit))
    for row in rows:
        assert len(row.data) <= limit + 1
        if row.cut_from:
            assert row.data == data[row.offset : row.offset + limit + 1]
        else:
            assert row.data == data[row.offset : row.offset + len(row.data)]
    return [(r.number, r.offset, r.cut_from or len(r.data)) for r in rows]


def test_an_overlong_row_is_cut_and_the_next_rows_are_exact() -> None:
    data = b'"1","a"\n' + b"x" * 10_000 + b'\n"3","c"\n' + b"y" * 5000
    for chunk_size in (1, 7, 64, 1000, 1 << 20):
        rows = list(iter_raw_rows(io.BytesIO(data), chunk_size=chunk_size, max_row_bytes=1000))
        assert [(r.number, r.offset, r.cut_from) for r in rows] == [
            (1, 0, 0), (2, 8, 10_001), (3, 10_009, 0), (4, 10_017, 5000)
        ]
        assert rows[0].data == b'"1","a"\n' and rows[2].data == b'"3","c"\n'
        assert len(rows[1].data) == len(rows[3].data) == 1001


@pytest.mark.parametrize("seed", range(40))
def test_cuts_with_a_limit_agree_with_cuts_without(seed: int) -> None:
    """Escaped newlines (odd backslash runs, CR LF) are judged the same when the middle of a
    row is read past, wherever the chunks fall."""
    rng = random.Random(seed)
    data = bytes(rng.choice(b"ab\\\\\\\r\n\n") for _ in range(rng.randrange(50, 3000)))
    exact = _cuts(data, 1 << 20, 1 << 30)
    for chunk_size in (1, 2, 3, 5, 16, 100):
        assert _cuts(data, chunk_size, rng.randrange(1, 40)) == exact


def test_parsing_a_cut_row_refuses_it() -> None:
    row = next(iter_raw_rows(io.BytesIO(b'"1",' + b"z" * 100), max_row_bytes=10))
    assert row.cut_from == 104
    with pytest.raises(CableFormatError, match="too large for one cable"):
        parse_csv_row(b"z" * (32 * 1024 * 1024 + 1))


_MEASURE = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # old code: MemoryError, not swap
from cablereader.core.formats.csv_rows import iter_raw_rows
def peak_kb():
    # VmHWM is this process's own peak; ru_maxrss would start at the parent's (fork).
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
base = peak_kb()
rows = []
try:
    with open(sys.argv[1], "rb") as stream:
        for row in iter_raw_rows(stream):
            rows.append((row.number, row.offset, len(row.data), row.cut_from))
except MemoryError:
    rows = "MemoryError"
peak = peak_kb()
print(json.dumps({"rows": rows, "extra_mb": (peak - base) / 1024, "peak_mb": peak / 1024}))
"""


def test_a_200_mb_line_uses_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "one-line.csv"
    block = b'"1","2010-01-01 00:00","10X1","x","y","","z","' + b"w" * (1 << 20)
    with path.open("wb") as out:
        for _ in range(200):
            out.write(block)
        out.write(b'"\n"2","after"\n')
    size = path.stat().st_size
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)],
        capture_output=True, text=True, timeout=300, check=True, cwd=ROOT,
    )
    path.unlink()  # pytest keeps the last runs' folders: 200 MB is too much to keep
    outcome = json.loads(result.stdout)
    limit = 32 * 1024 * 1024
    assert outcome["rows"] == [[1, 0, limit + 1, size - 12], [2, size - 12, 12, 0]], outcome
    assert outcome["extra_mb"] < 110, outcome
