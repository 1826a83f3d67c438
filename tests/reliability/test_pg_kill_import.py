"""Killing an import into the PostgreSQL store leaves whole batches, and the next import
finishes the job (the crash promise of tests/reliability/test_kill_import.py, on a
server: each batch is one transaction, so a killed client's open one is rolled back).
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from cablereader.store.api import CableFilter
from cablereader.store.factory import open_store
from tests.reliability.synthetic import csv_row, make_cable

ROWS = 1200
BATCH = 100  # the child imports in batches of this many rows
KILLS = 3
SEED = 20101128

# The importer with smaller batches and a checkpoint: at its HOLD_AT-th progress point it
# says "held" and waits for a line on stdin; the test kills it there, or lets it go and
# kills it at once (wherever it then is: mid-COPY, mid-commit, between batches).
_HELD_IMPORT = """
import sys
import cablereader.importer.run as run
from cablereader.importer.state import ImportState
from cablereader.store.factory import open_store
run.BATCH = int(sys.argv[4])
hold_at = int(sys.argv[3])
points = 0
def checkpoint(state):
    global points
    points += 1
    if points == hold_at:
        print("held", flush=True)
        sys.stdin.readline()
store = open_store(sys.argv[1], create=True)
run.import_sources(store, [sys.argv[2]], ImportState(checkpoint=checkpoint))
store.close()
print("points", points, flush=True)
"""


def _import(url: str, folder: Path, hold_at: int = 0) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _HELD_IMPORT, url, str(folder), str(hold_at), str(BATCH)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _check(url: str, bodies: dict[str, str]) -> int:
    """Whole cables only, in whole batches; returns how many the store holds."""
    store = open_store(url, read_only=True)
    try:
        assert store.integrity_ok()
        rows = store.fetch_rows(store.query_ids(CableFilter()))
        assert len(rows) % BATCH == 0, len(rows)  # a batch is there whole or not at all
        for row in rows.values():
            stored = store.fetch_cable(row.reference_id)
            assert stored is not None and stored.cable.body == bodies[row.reference_id]
        return len(rows)
    finally:
        store.close()


@pytest.mark.slow
def test_sigkill_mid_import_leaves_whole_batches_then_finish(
    tmp_path: Path, pg_url: str
) -> None:
    rng = random.Random(SEED)
    folder = tmp_path / "release"
    folder.mkdir()
    cables = [make_cable(rng, n) for n in range(1, ROWS + 1)]
    with (folder / "cables.csv").open("wb") as out:
        for n, cable in enumerate(cables, 1):
            out.write(csv_row(cable, n))
    bodies = {c.reference_id: c.body() for c in cables}
    killed_mid_run = 0
    held_counts: list[int] = []
    for kill in range(KILLS):
        process = _import(pg_url, folder, rng.randint(2, ROWS // BATCH))
        assert process.stdout is not None and process.stdin is not None
        held = process.stdout.readline() == "held\n"
        if held and kill % 2:  # let it run on and kill it wherever it has got to
            process.stdin.write("go\n")
            process.stdin.flush()
        if held and process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed_mid_run += 1
        _, errors = process.communicate(timeout=600)
        assert "Traceback" not in errors, errors
        held_counts.append(_check(pg_url, bodies))
    assert killed_mid_run >= 1, "every import finished before its kill: nothing was tested"
    assert held_counts[0] < ROWS, held_counts  # the first kill left work to do
    final = subprocess.run(
        [sys.executable, "-m", "cablereader", "import", "--db", pg_url, str(folder)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert final.returncode == 0, final.stderr
    assert _check(pg_url, bodies) == ROWS
