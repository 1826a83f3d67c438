"""Timing and memory helpers shared by the benchmark measurements."""

from __future__ import annotations

import multiprocessing
import os
import resource
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

SEED = 1  # the generator's and the query picker's
MB = 1_000_000

# -- helpers ------------------------------------------------------------------------------


def peak_rss_mb() -> float:
    """This process's peak resident memory: VmHWM from /proc (psutil is not a dependency),
    else getrusage, which Linux reports in KB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def tree_rss_mb(root: int) -> float:
    """Resident memory of a process plus all its descendants, from /proc: the importer
    may parse in worker processes, whose memory counts as much as the writer's."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        ppid = kb = 0
        for line in status.splitlines():
            if line.startswith("PPid:"):
                ppid = int(line.split()[1])
            elif line.startswith("VmRSS:"):
                kb = int(line.split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
        rss[int(entry.name)] = kb
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, ()))
    return round(total / 1024, 1)


class TreeMemory:
    """Samples `tree_rss_mb` of this process in a thread while a measurement runs; twice
    a second is enough for memory that builds up over seconds and costs ~nothing."""

    def __init__(self, interval: float = 0.5) -> None:
        self.interval = interval
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while True:
            self.peak_mb = max(self.peak_mb, tree_rss_mb(os.getpid()))
            if self._stop.wait(self.interval):
                return

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def percentile(samples: Sequence[float], share: float) -> float:
    """Nearest-rank percentile; with few samples p95 is simply the slowest but one."""
    ordered = sorted(samples)
    index = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def timed_ms(action: Callable[[], object]) -> float:
    """Wall time of one call: what a person waits for, whatever the process does."""
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def summary_ms(samples: Sequence[float]) -> dict[str, float]:
    """p50 for the usual case, p95 and max for the cold or unlucky one."""
    return {
        "p50_ms": round(percentile(samples, 0.50), 2),
        "p95_ms": round(percentile(samples, 0.95), 2),
        "max_ms": round(max(samples), 2),
        "n": len(samples),
    }


def in_child(function: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """Run a measurement in a fresh process (spawned, so it starts from a clean slate)."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(function, *args).result()


def remove_db(path: Path) -> None:
    """Every import starts from an empty store, WAL files included."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def db_bytes(path: Path) -> int:
    """Store size on disk, counting a WAL that has not been checkpointed yet."""
    return sum(
        Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists()
    )
