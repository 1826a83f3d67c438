"""The window on a store location that cannot work: one plain message box, exit 2."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from cablereader import app
from cablereader.store import schema


@pytest.fixture
def messages(qtbot, monkeypatch) -> list[str]:
    shown: list[str] = []
    from cablereader.ui import plain_text

    # The app shows the error through the plain-text message helper (never rich text).
    monkeypatch.setattr(
        plain_text, "show_plain_critical", lambda _parent, _title, text: shown.append(text)
    )
    yield shown
    assert QApplication.instance().property("cablereader_window") is None  # no window


def _files(root: Path) -> list[Path]:
    return sorted(root.rglob("*"))


@pytest.fixture
def place(tmp_path: Path) -> Path:
    """A folder of its own: tmp_path also holds the tests' settings."""
    folder = tmp_path / "place"
    folder.mkdir()
    return folder


def test_a_folder_is_a_message(place: Path, messages: list[str]) -> None:
    """It used to end in a traceback (IsADirectoryError)."""
    assert app.main(["--db", str(place)], run=False) == 2
    assert len(messages) == 1 and messages[0].startswith(f"{place} is a folder")
    assert _files(place) == []


def test_a_path_under_a_file_is_a_message(tmp_path: Path, messages: list[str]) -> None:
    """It used to end in a traceback (NotADirectoryError from making the folders)."""
    afile = tmp_path / "notes.txt"
    afile.write_text("x")
    assert app.main(["--db", str(afile / "cables.db")], run=False) == 2
    assert messages == [f"{afile / 'cables.db'}: {afile} is a file, not a folder"]


def test_a_server_url_is_a_message_and_makes_no_folder(
    place: Path, messages: list[str], monkeypatch
) -> None:
    """A server that cannot be reached is one line, without the password, and nothing is
    made where the app stands. The server is a Unix socket in a folder that does not
    exist, so the test looks up no host name (the app and its tests stay offline)."""
    monkeypatch.chdir(place)
    absent = place / "no-server-here"
    url = f"postgresql://ann:s3cret@/cables?host={absent}"
    assert app.main(["--db", url], run=False) == 2
    assert len(messages) == 1 and "cables" in messages[0]
    assert "s3cret" not in messages[0]
    assert _files(place) == []


def test_a_bug_is_not_shown_as_cannot_open(tmp_path: Path, messages: list[str], monkeypatch):
    real = schema.migrate

    def broken(db, person=None) -> None:
        real(db, person)
        db.execute("SELECT no_such_column FROM cables")

    monkeypatch.setattr(schema, "migrate", broken)
    with pytest.raises(sqlite3.OperationalError, match="no_such_column"):
        app.main(["--db", str(tmp_path / "cables.db")], run=False)
    assert messages == []
