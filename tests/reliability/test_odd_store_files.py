"""Other programs' files, stores that cannot be written, damaged stores.

A file that is not ours is refused exactly as it was: not a byte, not its journal mode,
no file beside it. A store that cannot be written (read-only media, a folder the user
may not write) still opens for reading. A damaged store is refused before an import
writes to it.

Tests run as root, who may write anywhere, so "cannot be written" is made real in two
ways: a read-only bind mount in a mount namespace of the command's own (`unshare -m`,
the kernel then refuses every write, to root too), and the command run as `nobody` in a
folder owned by root (`setpriv`). Both are skipped, saying why, where the machine does
not allow them.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from cablereader.importer.run import import_sources
from cablereader.store.api import StoreError
from cablereader.store.sqlite_store import SqliteCableStore
from tests.conftest import ROOT
from tests.reliability.synthetic import make_cable, site_page

CABLES = 6


def _journal_mode(path: Path) -> str:
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return str(conn.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        conn.close()


def _other_app_file(path: Path, kind: str) -> None:
    conn = sqlite3.connect(path)
    if kind == "wal-mode":
        conn.execute("PRAGMA journal_mode = WAL")
    if kind in ("cables-table", "wal-mode"):  # a table of the same name as ours
        conn.execute("CREATE TABLE cables (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO cables (name) VALUES ('phone cable')")
    if kind == "notes-table":
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    if kind == "version-only":
        conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("read_only", [False, True])
@pytest.mark.parametrize("kind", ["cables-table", "notes-table", "version-only", "wal-mode"])
def test_sqlite_file_of_another_application_is_refused_unchanged(
    tmp_path: Path, kind: str, read_only: bool
) -> None:
    path = tmp_path / "other.sqlite"
    _other_app_file(path, kind)
    before, mode = path.read_bytes(), _journal_mode(path)
    files = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(StoreError, match="another application"):
        SqliteCableStore(path, read_only=read_only)
    assert _journal_mode(path) == mode == ("wal" if kind == "wal-mode" else "delete")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files


def _make_store(folder: Path) -> list[str]:
    """A closed store of CABLES cables in folder/cables.db (no -wal or -shm left)."""
    pages = folder / "pages"
    pages.mkdir(parents=True)
    rng = random.Random(5)
    ids = []
    for serial in range(1, CABLES + 1):
        cable = make_cable(rng, serial)
        (pages / f"{cable.reference_id}.html").write_bytes(site_page(cable))
        ids.append(cable.reference_id)
    store = SqliteCableStore(folder / "store" / "cables.db")
    assert import_sources(store, [pages]).added == CABLES
    store.close()
    return ids


def _run(
    prefix: list[str], *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, sys.executable, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})},
    )


_READ_ONLY_MOUNT = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'


def _read_only_mount(folder: Path) -> list[str]:
    """A command prefix that runs what follows with `folder` mounted read-only."""
    return ["unshare", "-m", "--propagation", "private", "sh", "-c", _READ_ONLY_MOUNT, "sh",
            str(folder)]


@pytest.fixture
def read_only_folder(tmp_path: Path) -> tuple[Path, list[str]]:
    folder = tmp_path / "media"
    folder.mkdir()
    prefix = _read_only_mount(folder)
    probe = subprocess.run([*prefix, "sh", "-c", f"! touch '{folder}/x'"], capture_output=True)
    if shutil.which("unshare") is None or probe.returncode != 0:
        pytest.skip(f"no read-only mount here: {probe.stderr.decode(errors='replace').strip()}")
    return folder, prefix


def _unchanged(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_store_on_read_only_media_is_read_by_the_command_line(
    read_only_folder: tuple[Path, list[str]],
) -> None:
    folder, prefix = read_only_folder
    ids = _make_store(folder)
    db = str(folder / "store" / "cables.db")
    before = _unchanged(folder / "store")
    stats = _run(prefix, "-m", "cablereader", "stats", "--db", db)
    assert stats.returncode == 0, stats.stderr
    assert stats.stdout.splitlines()[1].split() == [str(CABLES), "cables"]
    shown = _run(prefix, "-m", "cablereader", "show", ids[0], "--db", db)
    assert shown.returncode == 0 and ids[0] in shown.stdout, shown.stderr
    found = _run(prefix, "-m", "cablereader", "search", "embassy OR the", "--db", db)
    assert found.returncode == 0, found.stderr
    refused = _run(prefix, "-m", "cablereader", "import", "--db", db, str(folder / "pages"))
    assert refused.returncode == 2 and "read-only" in refused.stderr, refused.stderr
    assert "Traceback" not in refused.stderr
    assert _unchanged(folder / "store") == before


WINDOW_SCRIPT = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication(["test"])
from cablereader.store.sqlite_store import SqliteCableStore
from cablereader.ui.main_window import MainWindow
store = SqliteCableStore(sys.argv[1])
window = MainWindow(store)
print(window.windowTitle())
print(window.count_label.text())
window.close()
store.close()
"""


def test_store_on_read_only_media_opens_in_the_window_which_says_so(
    read_only_folder: tuple[Path, list[str]], tmp_path: Path
) -> None:
    folder, prefix = read_only_folder
    _make_store(folder)
    env = {"QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    shown = _run(prefix, "-c", WINDOW_SCRIPT, str(folder / "store" / "cables.db"), env=env)
    assert shown.returncode == 0, shown.stderr
    title, status = shown.stdout.splitlines()[-2:]
    assert "read-only" in title
    assert status.startswith(f"{CABLES} of {CABLES} cables") and "read-only" in status


@pytest.fixture
def folder_nobody_may_write() -> Iterator[tuple[Path, list[str]]]:
    """A folder owned by root that `nobody` may read but not write, and the prefix that
    runs a command as nobody. Outside pytest's own temporary folders, which only root
    may enter."""
    if shutil.which("setpriv") is None or os.geteuid() != 0:
        pytest.skip("needs root and setpriv to run a command as another user")
    folder = Path(tempfile.mkdtemp(prefix="cablereader-ro-"))
    try:
        folder.chmod(0o755)
        yield folder, ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    finally:
        shutil.rmtree(folder)


def test_store_in_a_folder_the_user_may_not_write_is_read(
    folder_nobody_may_write: tuple[Path, list[str]],
) -> None:
    folder, as_nobody = folder_nobody_may_write
    _make_store(folder)
    for part in (folder / "store", folder / "pages"):
        part.chmod(0o755)
    db = str(folder / "store" / "cables.db")
    before = _unchanged(folder / "store")
    stats = _run(as_nobody, "-m", "cablereader", "stats", "--db", db)
    assert stats.returncode == 0, stats.stderr
    assert stats.stdout.splitlines()[1].split() == [str(CABLES), "cables"]
    refused = _run(as_nobody, "-m", "cablereader", "import", "--db", db, str(folder / "pages"))
    assert refused.returncode == 2 and "read-only" in refused.stderr, refused.stderr
    assert _unchanged(folder / "store") == before

    # While the owner has the store open (its -wal and -shm exist), nobody still reads it.
    owner = SqliteCableStore(Path(db))
    try:
        assert owner.count() == CABLES
        stats = _run(as_nobody, "-m", "cablereader", "stats", "--db", db)
        assert stats.returncode == 0, stats.stderr
        assert stats.stdout.splitlines()[1].split() == [str(CABLES), "cables"]
    finally:
        owner.close()


def _damage(db: Path) -> None:
    """Overwrite the root page of one index, as a failing disk might. No connection to
    this store is open in this process, so reading and writing the file is safe here."""
    conn = sqlite3.connect(db)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'cables_origin'"
    ).fetchone()[0]
    conn.close()
    data = bytearray(db.read_bytes())
    data[(root - 1) * page_size : root * page_size] = b"\xff" * page_size
    db.write_bytes(bytes(data))


def test_import_into_a_damaged_store_is_refused_before_writing(tmp_path: Path) -> None:
    _make_store(tmp_path)
    db = tmp_path / "store" / "cables.db"
    _damage(db)
    before = db.read_bytes()
    more = tmp_path / "more"
    more.mkdir()
    cable = make_cable(random.Random(9), 500)
    (more / f"{cable.reference_id}.html").write_bytes(site_page(cable))
    refused = _run([], "-m", "cablereader", "import", "--db", str(db), str(more))
    assert refused.returncode == 2, refused.stderr
    assert "damaged" in refused.stderr and "nothing was imported" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert db.read_bytes() == before
    store = SqliteCableStore(db)
    try:
        with pytest.raises(StoreError, match="damaged"):
            import_sources(store, [more])
        assert store.cable_id(cable.reference_id) is None
    finally:
        store.close()
    assert db.read_bytes() == before
