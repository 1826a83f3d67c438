"""Killing an import never leaves its worker processes behind.

An import of enough pages starts a process pool. The import here runs in a child process
that says "ready" once its pool is working and then waits (it reports progress from inside
the pool's loop, so the pool cannot finish first); the test then SIGKILLs it and every
worker must be gone within a few seconds. Linux: the workers are found through /proc.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.reliability.synthetic import make_cable, site_page

PAGES = 450  # over parallel.PARALLEL_MIN_PAGES, so the pool starts
DEADLINE = 30.0  # seconds for anything the test waits on; the waits end on a condition
GONE_WITHIN = 5.0  # seconds the workers may take to follow their parent out

DRIVER = """
import sys
from cablereader.importer import parallel
from cablereader.importer.run import import_sources
from cablereader.importer.state import ImportState
from cablereader.store.sqlite_store import SqliteCableStore

assert sys.argv[3] in ("prctl", "watcher")
parallel.RowPool.use_prctl = sys.argv[3] == "prctl"

def hold(progress):
    if progress.files_done:  # inside the pool's loop: the workers exist and work
        print("ready", flush=True)
        sys.stdin.read()  # until the test kills us

import_sources(SqliteCableStore(sys.argv[1]), [sys.argv[2]], ImportState(on_progress=hold))
"""


def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # ended while we looked
            if int(fields[1]) == pid:
                found.add(int(entry))
    return found


def _running(pid: int) -> bool:
    """Alive and not a zombie (a container's init may be slow to reap what it adopts)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _workers(pid: int) -> set[int]:
    """The pool's workers among the children (multiprocessing's resource tracker is the
    other child; it must go too, and is checked with them)."""
    workers = set()
    for child in _children(pid):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in command:
            workers.add(child)
    return workers


def _wait_for(condition, what: str, within: float = DEADLINE) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + within
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"not within {within} s: {what}")
        time.sleep(0.05)  # polling a condition with a deadline, not a pause


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds workers through /proc")
@pytest.mark.parametrize("guard", ["prctl", "watcher"])
def test_workers_die_with_a_killed_import(tmp_path: Path, guard: str) -> None:
    release = tmp_path / "release"
    release.mkdir()
    rng = random.Random(20101128)
    for n in range(1, PAGES + 1):
        cable = make_cable(rng, n)
        (release / f"{cable.reference_id}.html").write_bytes(site_page(cable))
    project = Path(__file__).resolve().parents[2]
    child = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(tmp_path / "cables.db"), str(release), guard],
        cwd=project,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    workers: set[int] = set()
    try:
        assert child.stdout is not None
        line = child.stdout.readline()  # blocks until the pool is working, or the child ends
        assert line == b"ready\n", child.communicate(timeout=DEADLINE)[1].decode()[-2000:]
        workers = _workers(child.pid)
        assert workers, "the pool's workers were not found"
        workers |= _children(child.pid)  # the resource tracker too
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=DEADLINE)
        started = time.monotonic()
        _wait_for(
            lambda: not any(_running(w) for w in workers),
            f"workers {sorted(w for w in workers if _running(w))} outlived their parent",
            within=GONE_WITHIN,
        )
        took = time.monotonic() - started
        print(f"{guard}: {len(workers)} processes (workers, tracker) gone in {took:.2f} s")
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        for worker in workers:  # what a failed test would otherwise leave running
            if _running(worker):
                os.kill(worker, signal.SIGKILL)
        for stream in (child.stdin, child.stdout, child.stderr):
            if stream is not None:
                stream.close()
