"""The window and the command line share one store, and nothing is lost.

On POSIX, closing any file descriptor on a file drops every lock the process holds on it.
SQLite's WAL relies on those locks: a connection that closes and finds no one else
locking the database takes it to be the last, checkpoints and deletes the -wal and -shm.
So a process holding connections (the window: a writer and the counting thread's reader)
must never open the store file itself; if it did, a command-line run that exits would
delete the files its connections still use, and cables committed through them afterwards
vanish. These tests play that scene with a real second process.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from cablereader.importer.run import import_sources
from cablereader.store.api import CableFilter
from cablereader.store.sqlite_store import SqliteCableStore
from tests.conftest import ROOT
from tests.reliability.synthetic import make_cable, site_page

FIRST, SECOND, THIRD, FOURTH = 30, 120, 100, 50


def _pages(folder: Path, first_serial: int, count: int) -> list[str]:
    folder.mkdir(parents=True)
    rng = random.Random(first_serial)
    ids = []
    for serial in range(first_serial, first_serial + count):
        cable = make_cable(rng, serial)
        (folder / f"{cable.reference_id}.html").write_bytes(site_page(cable))
        ids.append(cable.reference_id)
    return ids


def _posix_locks(pid: int, inode: int) -> list[str]:
    """This process's POSIX locks on one inode, as the kernel lists them in /proc/locks
    (`1: POSIX ADVISORY READ <pid> <major>:<minor>:<inode> <start> <end>`)."""
    found = []
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" in fields:  # a process waiting for a lock, not holding one
            continue
        mine = len(fields) >= 6 and fields[1] == "POSIX" and fields[4] == str(pid)
        if mine and fields[5].rsplit(":", 1)[-1] == str(inode):
            found.append(line)
    return found


def _cli(*args: str) -> str:
    """Run the command line in a process of its own, to the end."""
    result = subprocess.run(
        [sys.executable, "-m", "cablereader", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _stats_count(db: Path) -> int:
    """The cable count `cablereader stats` prints, from a fresh process."""
    lines = _cli("stats", "--db", str(db)).splitlines()
    assert lines[0] == "cables:", lines
    count, label = lines[1].split()
    assert label == "cables"
    return int(count)


def test_a_command_line_run_beside_the_window_loses_nothing(tmp_path: Path) -> None:
    db = tmp_path / "store" / "cables.db"
    first = _pages(tmp_path / "first", 1, FIRST)
    second = _pages(tmp_path / "second", 10_000, SECOND)
    third = _pages(tmp_path / "third", 20_000, THIRD)
    fourth = _pages(tmp_path / "fourth", 30_000, FOURTH)
    seed = SqliteCableStore(db)
    assert import_sources(seed, [tmp_path / "first"]).added == FIRST
    seed.close()

    # As the window opens it: its own connection, then the counting thread's reader.
    window = SqliteCableStore(db)
    counting = SqliteCableStore(db, read_only=True)
    try:
        assert window.count() == counting.count() == FIRST
        inode = db.stat().st_ino
        assert _posix_locks(os.getpid(), inode), "the window's connections hold no lock"

        # Another process imports and exits; then a command only reads and exits.
        assert "added:     120" in _cli("import", "--db", str(db), str(tmp_path / "second"))
        assert _stats_count(db) == FIRST + SECOND

        # The window still holds its locks, so SQLite never took it for gone ...
        assert _posix_locks(os.getpid(), inode), "the window's locks on the store were dropped"
        assert Path(f"{db}-wal").exists() and Path(f"{db}-shm").exists()
        # ... sees every cable, through both connections ...
        assert window.count() == counting.count() == FIRST + SECOND
        assert window.cable_id(second[-1]) is not None
        # ... and what it commits now reaches the file other processes read.
        assert import_sources(window, [tmp_path / "third"]).added == THIRD
        assert counting.count() == FIRST + SECOND + THIRD
        assert _stats_count(db) == FIRST + SECOND + THIRD
        # Another import after the window's commits: each side sees the other's cables.
        assert "added:     50" in _cli("import", "--db", str(db), str(tmp_path / "fourth"))
        assert _stats_count(db) == FIRST + SECOND + THIRD + FOURTH
        assert window.count() == counting.count() == FIRST + SECOND + THIRD + FOURTH
    finally:
        counting.close()
        window.close()

    reopened = SqliteCableStore(db, read_only=True)
    try:
        assert reopened.integrity_ok()
        rows = reopened.fetch_rows(reopened.query_ids(CableFilter()))
        assert {row.reference_id for row in rows.values()} == {*first, *second, *third, *fourth}
    finally:
        reopened.close()


def test_importing_the_folder_that_holds_the_store_never_opens_it(tmp_path: Path) -> None:
    """Users keep the store beside their cable files and import the whole folder: the scan
    must skip the store, its -wal and its -shm without opening them, in the window's
    process (the wizard) as in the command line's."""
    release = tmp_path / "release"
    ids = _pages(release, 1, 40)
    db = release / "cables.db"
    window = SqliteCableStore(db)
    counting = SqliteCableStore(db, read_only=True)
    try:
        assert window.count() == counting.count() == 0
        report = import_sources(window, [release])
        assert report.added == len(ids) and report.failed == 0
        store_files = {str(db), f"{db}-wal", f"{db}-shm"}
        assert store_files <= set(report.not_recognised)
        assert _posix_locks(os.getpid(), db.stat().st_ino), "the scan dropped the store's locks"
        # A second run scans the files again, and another process reads and exits.
        assert import_sources(window, [release]).added == 0
        assert _stats_count(db) == len(ids)
        assert _posix_locks(os.getpid(), db.stat().st_ino)
        assert Path(f"{db}-wal").exists()
        assert counting.count() == len(ids)
    finally:
        counting.close()
        window.close()


def test_the_wizard_and_the_command_line_import_at_once(tmp_path: Path) -> None:
    """The window's process imports (the wizard's worker: a thread with a connection of its
    own) while a command-line import runs: both finish, the store stays whole."""
    db = tmp_path / "store" / "cables.db"
    wizard_ids = _pages(tmp_path / "wizard", 1, 150)
    cli_ids = _pages(tmp_path / "cli", 50_000, 150)
    window = SqliteCableStore(db)
    counting = SqliteCableStore(db, read_only=True)
    failures: list[BaseException] = []

    def wizard() -> None:
        worker = SqliteCableStore(db)
        try:
            assert import_sources(worker, [tmp_path / "wizard"]).added == len(wizard_ids)
        except BaseException as error:  # reported to the main thread below
            failures.append(error)
        finally:
            worker.close()

    try:
        cli = subprocess.Popen(
            [sys.executable, "-m", "cablereader", "import", "--db", str(db), str(tmp_path / "cli")],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        thread = threading.Thread(target=wizard)
        thread.start()
        out, err = cli.communicate(timeout=300)
        thread.join()
        assert cli.returncode == 0, err
        assert "added:     150" in out
        assert failures == []
        assert _posix_locks(os.getpid(), db.stat().st_ino)
        assert window.count() == counting.count() == len(wizard_ids) + len(cli_ids)
        assert window.integrity_ok()
        assert _stats_count(db) == len(wizard_ids) + len(cli_ids)
    finally:
        counting.close()
        window.close()


def test_saving_the_import_report_over_the_store_is_refused(tmp_path: Path) -> None:
    from cablereader.ui.wizard.report_file import save_report

    _pages(tmp_path / "pages", 1, 3)
    db = tmp_path / "cables.db"
    store = SqliteCableStore(db)
    try:
        report = import_sources(store, [tmp_path / "pages"])
        for target in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            with pytest.raises(OSError, match="is the cable store"):
                save_report(report, target)
        assert _posix_locks(os.getpid(), db.stat().st_ino)
        assert store.count() == 3 and store.integrity_ok()
        assert save_report(report, tmp_path / "report.txt").read_text().strip()
    finally:
        store.close()
