"""A store that must be upgraded says so before the wait (schema 7 rebuilds the
full-text index: 4 min 52 s for the whole release on this machine). The command line
prints one line on stderr; the window shows a busy dialog while the upgrade runs in a
thread, and the reader's own data comes through."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from cablereader import app, cli
from cablereader.store import schema
from cablereader.store.factory import open_store, upgrade_pending
from tests.store.test_people_migration import _version_6_store


def _version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def test_only_an_older_store_of_ours_is_pending(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    _version_6_store(old)
    assert upgrade_pending(old) == 6
    assert upgrade_pending(tmp_path / "missing.db") is None
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    assert upgrade_pending(other) is None  # another program's file: refused elsewhere
    assert upgrade_pending("postgresql://ann@/cables?host=/nowhere") is None
    open_store(old).close()
    assert upgrade_pending(old) is None and _version(old) == schema.LATEST


def test_the_command_line_says_so_on_stderr(tmp_path: Path, capsys) -> None:
    old = tmp_path / "old.db"
    _version_6_store(old)
    assert cli.main(["stats", "--db", str(old)]) == 0
    captured = capsys.readouterr()
    assert "Upgrading this archive" in captured.err and "from version 6" in captured.err
    assert "Upgrading" not in captured.out  # the command's output stays its own
    assert cli.main(["stats", "--db", str(old)]) == 0
    assert "Upgrading" not in capsys.readouterr().err  # once


def test_the_window_shows_why_it_waits_and_keeps_the_marks(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from cablereader.ui import upgrade_progress

    old = tmp_path / "old.db"
    _version_6_store(old)
    held = threading.Event()
    monkeypatch.setattr(upgrade_progress, "hold", held)
    seen: list[tuple[str, bool]] = []

    class Watched(QProgressDialog):
        def show(self) -> None:
            super().show()
            # Looked at from the dialog's own event loop, the upgrade held meanwhile.
            QTimer.singleShot(0, self.look_then_release)

        def look_then_release(self) -> None:
            seen.append((self.labelText(), self.isVisible()))
            held.set()

    monkeypatch.setattr(upgrade_progress, "QProgressDialog", Watched)
    assert app.main(["--db", str(old), "--person", "ana"], run=False) == 0
    window = QApplication.instance().property("cablereader_window")
    qtbot.addWidget(window)
    assert len(seen) == 1
    label, visible = seen[0]
    assert visible and "from version 6" in label and "kept" in label
    assert _version(old) == schema.LATEST
    assert list(window.store.stars()) == ["05LIMA4377"]  # the marks came through
    window.close()
    window.store.close()
