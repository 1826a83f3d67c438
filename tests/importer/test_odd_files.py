"""Odd files never abort an import, and the store records only what was really read.

Each test builds its own synthetic files: a name that is not UTF-8, a folder that cannot
be listed, a file that shrinks between the scan and the read, a file swapped for a named
pipe after the wizard's scan, and a cancel that comes while a file is being read.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from cablereader.cli import main
from cablereader.importer import parallel, reading
from cablereader.importer.run import ImportReport, import_sources
from cablereader.importer.scan import scan
from cablereader.importer.state import ImportState
from cablereader.store.sqlite_store import SqliteCableStore
from cablereader.ui.wizard.scan_summary import summarise
from tests.reliability.synthetic import csv_row, make_cable, site_page

LATIN1_NAME = b"caf\xe9.html"  # "café.html" written in Latin-1: not valid UTF-8
SHOWN_NAME = "caf\\xe9.html"  # how the importer stores and shows it


def _pages(folder: Path, count: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(1, count + 1):
        cable = make_cable(rng, n)
        path = folder / f"{cable.reference_id}.html"
        path.write_bytes(site_page(cable))
        paths.append(path)
    return paths


def _latin1_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "odd"
    _pages(folder, 1)
    cable = make_cable(random.Random(99), 900, "PARIS")
    with open(os.path.join(os.fsencode(folder), LATIN1_NAME), "wb") as out:
        out.write(site_page(cable))
    with open(os.path.join(os.fsencode(folder), b"photo-\xff.jpg"), "wb") as out:
        out.write(b"\xff\xd8\xff\xe0 not a cable")
    return folder


def _recorded_paths(store: SqliteCableStore) -> list[str]:
    return sorted(row[0] for row in store.db.execute("SELECT path FROM files").fetchall())


@pytest.mark.parametrize("pool", [False, True], ids=["serial", "pool"])
def test_a_name_that_is_not_utf8_is_imported_and_shown_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pool: bool
) -> None:
    if pool:
        monkeypatch.setattr(parallel, "PARALLEL_MIN_PAGES", 0)
    folder = _latin1_folder(tmp_path)
    store = SqliteCableStore(tmp_path / "cables.db")
    report = import_sources(store, [folder])
    assert (report.added, report.failed) == (2, 0), report.failures
    shown = str(folder / SHOWN_NAME)
    assert report.not_recognised == [str(folder / "photo-\\xff.jpg")]
    assert shown in _recorded_paths(store)
    sources = [r[0] for r in store.db.execute("SELECT source_path FROM versions").fetchall()]
    assert shown in sources
    again = import_sources(store, [folder])
    assert (again.skipped_files, again.added, again.unchanged) == (2, 0, 2)
    store.close()


def test_the_command_line_imports_a_latin1_name(tmp_path: Path, capsys) -> None:
    folder = _latin1_folder(tmp_path)
    assert main(["import", str(folder), "--db", str(tmp_path / "cli.db")]) == 0
    out = capsys.readouterr().out
    assert "added:     2" in out and "failed:    0" in out


def test_the_wizard_summary_takes_a_latin1_name(tmp_path: Path) -> None:
    folder = _latin1_folder(tmp_path)
    store = SqliteCableStore(tmp_path / "cables.db")
    import_sources(store, [folder])
    summary = summarise(scan([folder]), store)
    assert summary.unchanged_files == 2
    assert summary.not_recognised == [str(folder / "photo-\\xff.jpg")]
    store.close()


def _unlistable(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Root lists every folder whatever its mode, so the refusal is simulated."""
    real = os.scandir

    def scandir(path: object = ".") -> object:
        if os.fspath(path) == str(folder):  # type: ignore[call-overload]
            raise PermissionError(13, "Permission denied", str(folder))
        return real(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", scandir)


def test_a_folder_that_cannot_be_listed_is_a_named_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    release = tmp_path / "release"
    _pages(release / "readable", 2)
    locked = release / "locked"
    _pages(locked, 2, seed=8)
    _unlistable(monkeypatch, locked)
    store = SqliteCableStore(tmp_path / "cables.db")
    report = import_sources(store, [release])
    store.close()
    assert report.added == 2 and report.not_recognised == []
    assert [(f.path, f.reason) for f in report.failures] == [
        (str(locked), "cannot list this folder: Permission denied")
    ]
    assert main(["import", str(release), "--db", str(tmp_path / "cli.db")]) == 1
    out = capsys.readouterr().out
    assert f"{locked}: cannot list this folder" in out and "failed:    1" in out


def _as_nobody(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)


def test_a_folder_without_permission_fails_for_a_user_who_is_not_root(tmp_path: Path) -> None:
    """The real refusal, where the system allows running Python as `nobody`."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv, to run the import as the user nobody")
    project = Path(__file__).resolve().parents[2]
    probe = _as_nobody([sys.executable, "-c", "import cablereader"], project)
    if probe.returncode != 0:
        pytest.skip(f"nobody cannot run this Python here: {probe.stderr.strip()[-200:]}")
    home = Path(tempfile.mkdtemp(prefix="cablereader-nobody-"))  # tmp_path is root's only
    try:
        os.chmod(home, 0o777)
        release = home / "release"
        _pages(release / "readable", 1)
        _pages(release / "locked", 1, seed=8)
        for path in [release, *release.rglob("*")]:
            os.chmod(path, 0o777 if path.is_dir() else 0o666)
        os.chmod(release / "locked", 0)
        db = home / "cables.db"
        done = _as_nobody(
            [sys.executable, "-m", "cablereader", "import", "--db", str(db), str(release)],
            project,
        )
        assert done.returncode == 1, done.stdout + done.stderr
        assert f"{release / 'locked'}: cannot list this folder" in done.stdout
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _restore(path: Path, data: bytes, mtime_ns: int) -> None:
    path.write_bytes(data)
    os.utime(path, ns=(mtime_ns, mtime_ns))


def test_a_csv_that_shrank_after_the_scan_is_read_again_once_restored(tmp_path: Path) -> None:
    rng = random.Random(5)
    csv = tmp_path / "src" / "cables.csv"
    csv.parent.mkdir()
    rows = [csv_row(make_cable(rng, n), n) for n in range(1, 201)]
    full = b"".join(rows)
    csv.write_bytes(full)
    mtime = csv.stat().st_mtime_ns
    found = list(scan([csv]))  # the scan sees the whole file ...
    csv.write_bytes(b"".join(rows[:120]))  # ... the read only its first 120 rows
    store = SqliteCableStore(tmp_path / "cables.db")
    first = import_sources(store, [csv], files=found)
    assert (first.added, first.failed) == (120, 0), first.failures
    assert any("changed while being imported" in w for w in first.warnings)
    assert _recorded_paths(store) == []  # not recorded as imported: it was not read whole
    _restore(csv, full, mtime)  # the user copies the file back, time and all
    second = import_sources(store, [csv])
    assert second.skipped_files == 0
    assert second.added + first.added == 200
    assert store.file_unchanged(str(csv), len(full), mtime)
    store.close()


def test_a_page_that_changed_after_the_scan_is_not_recorded(tmp_path: Path) -> None:
    (page,) = _pages(tmp_path / "src", 1)
    data = page.read_bytes()
    mtime = page.stat().st_mtime_ns
    found = list(scan([page]))
    page.write_bytes(data.replace(b"</body>", b"<!-- edited --></body>"))
    store = SqliteCableStore(tmp_path / "cables.db")
    first = import_sources(store, [page], files=found)
    assert first.added == 1 and _recorded_paths(store) == []
    _restore(page, data, mtime)
    second = import_sources(store, [page])
    assert second.skipped_files == 0 and _recorded_paths(store) == [str(page)]
    store.close()


@pytest.fixture
def fifos() -> Iterator[list[Path]]:
    """Pipes the test makes; at the end, any reader still blocked on one is let go."""
    made: list[Path] = []
    yield made
    for fifo in made:
        _release(fifo)


def _release(fifo: Path) -> None:
    """Open the pipe's other end, which lets a reader blocked in open() go on."""
    with contextlib.suppress(OSError):  # ENXIO: nobody was reading it, as it should be
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))


def _import_in_thread(
    store_path: Path, sources: list[Path], files: list, state: ImportState
) -> tuple[threading.Thread, list[ImportReport]]:
    reports: list[ImportReport] = []

    def run() -> None:
        store = SqliteCableStore(store_path)
        try:
            reports.append(import_sources(store, sources, state, files=files))
        finally:
            store.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, reports


@pytest.mark.parametrize("kind", ["page", "pool", "csv"])
def test_a_file_swapped_for_a_named_pipe_after_the_scan_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fifos: list[Path], kind: str
) -> None:
    if kind == "pool":
        monkeypatch.setattr(parallel, "PARALLEL_MIN_PAGES", 0)
    pages = _pages(tmp_path / "src", 3)
    swapped = pages[1]
    if kind == "csv":
        swapped = tmp_path / "src" / "cables.csv"
        swapped.write_bytes(csv_row(make_cable(random.Random(3), 77), 1))
    found = list(scan([tmp_path / "src"]))  # what the wizard showed
    swapped.unlink()
    os.mkfifo(swapped)
    fifos.append(swapped)
    thread, reports = _import_in_thread(
        tmp_path / "cables.db", [tmp_path / "src"], found, ImportState()
    )
    thread.join(timeout=60)  # before the fix: blocked for ever in open()
    assert not thread.is_alive(), "the import blocked on a named pipe"
    (report,) = reports
    assert report.added == (3 if kind == "csv" else 2)
    assert [(f.path, f.reason) for f in report.failures] == [
        (str(swapped), "cannot read: not a regular file (a named pipe), not read")
    ]


class _CancelWhileReading(ImportState):
    """Asks to cancel once the importer has looked at the flag `after` times while
    reading the big page: what a user's Cancel does at that moment."""

    def __init__(self, after: int) -> None:
        super().__init__()
        self.after = after
        self.looks = 0

    @property
    def cancelled(self) -> bool:
        if self.progress.current.endswith("big.html"):
            self.looks += 1
            if self.looks >= self.after:
                self.cancel()
        return super().cancelled


def test_cancel_is_heard_while_a_large_file_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "PIECE", 4096)
    source = tmp_path / "src"
    (first,) = _pages(source, 1)
    cable = make_cable(random.Random(11), 4242)
    big = source / "zz" / "big.html"
    big.parent.mkdir()
    big.write_bytes(site_page(cable, body="LONG PARAGRAPH. " * 20_000))
    reads: list[int] = []
    real_read = os.read

    def counted(fd: int, size: int) -> bytes:
        reads.append(size)
        return real_read(fd, size)

    monkeypatch.setattr(reading.os, "read", counted)
    state = _CancelWhileReading(after=5)
    store = SqliteCableStore(tmp_path / "cables.db")
    report = import_sources(store, [source], state)
    assert report.cancelled and report.added == 1  # the first page, not the big one
    assert 0 < len(reads) < big.stat().st_size // 4096  # stopped part-way through
    assert _recorded_paths(store) == [str(first)]
    store.close()


class _CancelOnceRowsArrive(ImportState):
    """Cancels as soon as the first rows have come back from the pool."""

    @property
    def cancelled(self) -> bool:
        if self.progress.bytes_done:
            self.cancel()
        return super().cancelled


def test_cancel_during_a_pooled_csv_ends_the_workers_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancel does not wait for the chunks the workers hold (9 s measured on the 2-core
    machine with the default chunks): the pool's workers are ended, not waited for."""
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "CHUNK_BYTES", 64 << 10)
    rng = random.Random(8)
    csv = tmp_path / "src" / "cables.csv"
    csv.parent.mkdir()
    csv.write_bytes(b"".join(csv_row(make_cable(rng, n), n) for n in range(1, 1501)))
    workers: list = []
    real_close = parallel.RowPool.close

    def close(self: parallel.RowPool, *args: bool, **kwargs: bool) -> None:
        executor = self._executor
        workers.extend((getattr(executor, "_processes", None) or {}).values())
        real_close(self, *args, **kwargs)

    monkeypatch.setattr(parallel.RowPool, "close", close)
    store = SqliteCableStore(tmp_path / "cables.db")
    report = import_sources(store, [csv], _CancelOnceRowsArrive())
    assert report.cancelled and report.added < 1500
    assert workers and all(w.exitcode == -15 for w in workers)  # SIGTERM: ended, not awaited
    assert _recorded_paths(store) == [] and store.integrity_ok()
    rest = import_sources(store, [csv])
    assert rest.added + report.added == 1500
    store.close()


def test_the_wizard_summary_never_opens_a_pipe(tmp_path: Path, fifos: list[Path]) -> None:
    """The summary reads a little of a cables.csv and of a big page after the scan; a
    release takes minutes to scan, time enough for a file to be swapped for a pipe."""
    source = tmp_path / "src"
    source.mkdir()
    csv = source / "cables.csv"
    csv.write_bytes(csv_row(make_cable(random.Random(4), 1), 1))
    big = source / "big.html"
    big.write_bytes(site_page(make_cable(random.Random(5), 2), body="WORDS " * 40_000))
    found = list(scan([source]))
    for path in (csv, big):
        path.unlink()
        os.mkfifo(path)
        fifos.append(path)
    done: list[object] = []
    thread = threading.Thread(target=lambda: done.append(summarise(found, None)), daemon=True)
    thread.start()
    thread.join(timeout=60)  # before the fix: blocked for ever in open()
    assert not thread.is_alive(), "the summary blocked on a named pipe"
    assert len(done) == 1


def test_the_wizard_import_of_a_file_swapped_for_a_pipe_finishes(
    qtbot, tmp_path: Path, fifos: list[Path]
) -> None:
    """The wizard's own worker, given the files its scan found, one since swapped."""
    from cablereader.ui.wizard.workers import WizardImportWorker

    pages = _pages(tmp_path / "src", 2)
    found = list(scan([tmp_path / "src"]))
    pages[0].unlink()
    os.mkfifo(pages[0])
    fifos.append(pages[0])
    worker = WizardImportWorker(tmp_path / "cables.db", [str(tmp_path / "src")], found)
    try:
        with qtbot.waitSignal(worker.done, timeout=60_000) as finished:
            worker.start()
    finally:  # before the fix the thread blocked for ever: let it go before it is deleted
        _release(pages[0])
        worker.wait()
    report, error = finished.args
    assert error == "" and report.added == 1
    assert [f.path for f in report.failures] == [str(pages[0])]


def test_a_file_that_shrinks_while_it_is_read_is_not_steady(tmp_path: Path) -> None:
    """The check behind "recorded only if read whole": the descriptor's size and time
    after the read must be those before it, and exactly that many bytes read."""
    path = tmp_path / "cables.csv"
    path.write_bytes(b"x" * 10_000)
    with reading.TrackedStream(str(path)) as stream:
        assert stream.read(4096) == b"x" * 4096
        os.truncate(path, 5000)
        rest = stream.read(8192) + stream.read(8192)
        assert len(rest) == 5000 - 4096 and not stream.steady()
    with reading.TrackedStream(str(path)) as stream:
        while stream.read(4096):
            pass
        assert stream.steady() and stream.stamp.size == 5000
    whole = reading.read_whole(str(path))
    assert whole.steady and whole.data == b"x" * 5000
