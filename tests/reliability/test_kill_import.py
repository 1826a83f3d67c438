"""Killing `cablereader import` at random moments never leaves a damaged or partial store.

Users close laptops and kill hung processes. Whatever moment the import dies at, the store
must pass SQLite's integrity check, every cable in it must be whole (its text equal to the
source's), and the next import must simply finish the job.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from cablereader.core.formats.site_page import parse_site_page
from cablereader.store.api import CableFilter
from cablereader.store.sqlite_store import SqliteCableStore
from tests.reliability.synthetic import csv_row, make_cable, site_page

ROWS = 2000
PAGES = 40
KILLS = 4
SEED = 20110830


def _write_sources(folder: Path) -> dict[str, dict[str, str]]:
    """A cables.csv of ROWS rows plus PAGES pages (ten of them second versions of CSV
    cables); returns, for every reference ID, the body each source format gives it."""
    rng = random.Random(SEED)
    expected: dict[str, dict[str, str]] = {}
    cables = [make_cable(rng, n) for n in range(1, ROWS + 1)]
    with (folder / "cables.csv").open("wb") as out:
        for n, cable in enumerate(cables, 1):
            out.write(csv_row(cable, n))
            expected[cable.reference_id] = {"cables-csv": cable.body()}
    pages = folder / "cable"
    pages.mkdir()
    for cable in [*cables[:10], *(make_cable(rng, n) for n in range(ROWS + 1, ROWS + PAGES))]:
        data = site_page(cable)
        (pages / f"{cable.reference_id}.html").write_bytes(data)
        expected.setdefault(cable.reference_id, {})["site-page"] = parse_site_page(data).body
    return expected


# The importer of the CLI (the same import_sources and store), with a checkpoint: at its
# HOLD_AT-th progress point it says "held" and waits for a line on stdin. The test kills
# it there (a moment known to be mid-run), or lets it go and kills it at once (a moment
# just after, wherever the import then is: between files, mid-batch or mid-commit).
_HELD_IMPORT = """
import sys
from cablereader.importer.run import import_sources
from cablereader.importer.state import ImportState
from cablereader.store.sqlite_store import SqliteCableStore
hold_at = int(sys.argv[3])
points = 0
def checkpoint(state):
    global points
    points += 1
    if points == hold_at:
        print("held", flush=True)
        sys.stdin.readline()
store = SqliteCableStore(sys.argv[1])
import_sources(store, [sys.argv[2]], ImportState(checkpoint=checkpoint))
store.close()
print("points", points, flush=True)
"""


def _import(db: Path, folder: Path, hold_at: int = 0) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _HELD_IMPORT, str(db), str(folder), str(hold_at)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _check_store(db: Path, expected: dict[str, dict[str, str]]) -> int:
    """Integrity, and every version of every cable present whole; returns the cable count."""
    store = SqliteCableStore(db)
    try:
        assert store.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        rows = store.fetch_rows(store.query_ids(CableFilter()))
        for row in rows.values():
            stored = store.fetch_cable(row.reference_id)
            assert stored is not None, row.reference_id
            assert len(stored.versions) == row.versions
            for version in stored.versions:
                cable = store.fetch_cable(row.reference_id, version.id)
                assert cable is not None, (row.reference_id, version)
                assert cable.cable.body == expected[row.reference_id][version.format]
        return len(rows)
    finally:
        store.close()


@pytest.mark.slow
def test_sigkill_at_random_moments_then_finish(tmp_path: Path) -> None:
    folder = tmp_path / "release"
    folder.mkdir()
    expected = _write_sources(folder)
    # Kill moments are progress points of the import, not fractions of a guessed duration:
    # a first run counts them, then each kill picks one at random.
    counting = _import(tmp_path / "counting.db", folder)
    out, errors = counting.communicate(timeout=1200)
    assert counting.returncode == 0, errors
    points = int(out.split()[-1])
    assert points > 10
    db = tmp_path / "cables.db"
    rng = random.Random(SEED)
    killed_mid_run = 0
    for kill in range(KILLS):
        process = _import(db, folder, rng.randint(1, points - 1))
        assert process.stdout is not None and process.stdin is not None
        # A later run has less left to do: it may finish before its point (then "points").
        held = process.stdout.readline() == "held\n"
        if held and kill % 2:  # let it run on and kill it wherever it has got to
            process.stdin.write("go\n")
            process.stdin.flush()
        if held and process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed_mid_run += 1
        _, errors = process.communicate(timeout=1200)
        assert "Traceback" not in errors, errors
        if db.exists():
            _check_store(db, expected)
    assert killed_mid_run >= 1, "every import finished before its kill: nothing was tested"
    final = subprocess.Popen(
        [sys.executable, "-m", "cablereader", "import", "--db", str(db), str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, final_errors = final.communicate(timeout=1200)  # the command line finishes the job
    assert final.returncode == 0, final_errors.decode()
    assert _check_store(db, expected) == len(expected)
