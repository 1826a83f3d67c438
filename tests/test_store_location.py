"""Where the store is: a mistyped --db creates nothing and says so in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from cablereader.cli import main
from cablereader.store.api import StoreError
from cablereader.store.factory import open_store

READING = (["show", "05LIMA4377"], ["search", "embassy"], ["stats"], ["link", "05LIMA4377"])


def _files(root: Path) -> list[Path]:
    return sorted(root.rglob("*"))


@pytest.mark.parametrize("command", READING, ids=lambda c: c[0])
def test_reading_a_missing_store_creates_nothing(tmp_path: Path, capsys, command) -> None:
    """These commands used to make the folders and an empty store at a mistyped path."""
    missing = tmp_path / "typo" / "deeper" / "cables.db"
    assert main([*command, "--db", str(missing)]) == 2
    err = capsys.readouterr().err
    assert err == f"error: no store at {missing}: import first\n"
    assert _files(tmp_path) == []


@pytest.mark.parametrize("command", [*READING, ["import", "/nonexistent"]], ids=lambda c: c[0])
def test_a_folder_as_store_is_one_line(tmp_path: Path, capsys, command) -> None:
    assert main([*command, "--db", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {tmp_path} is a folder") and err.count("\n") == 1
    assert _files(tmp_path) == []


@pytest.mark.parametrize("command", [*READING, ["import", "/nonexistent"]], ids=lambda c: c[0])
def test_a_path_under_a_file_is_one_line(tmp_path: Path, capsys, command) -> None:
    afile = tmp_path / "notes.txt"
    afile.write_text("not a folder")
    assert main([*command, "--db", str(afile / "sub" / "cables.db")]) == 2
    err = capsys.readouterr().err
    assert err == f"error: {afile / 'sub' / 'cables.db'}: {afile} is a file, not a folder\n"
    assert _files(tmp_path) == [afile] and afile.read_text() == "not a folder"


def test_an_empty_file_is_no_store_for_reading(tmp_path: Path, capsys) -> None:
    empty = tmp_path / "cables.db"
    empty.touch()
    assert main(["stats", "--db", str(empty)]) == 2
    assert "no store at" in capsys.readouterr().err
    assert empty.stat().st_size == 0


def test_import_still_makes_a_new_store(tmp_path: Path, capsys) -> None:
    db = tmp_path / "new" / "cables.db"
    assert main(["import", str(tmp_path / "nothing-here"), "--db", str(db)]) in (0, 1)
    assert db.is_file()
    assert main(["stats", "--db", str(db)]) == 0
    assert "cables" in capsys.readouterr().out


def test_a_server_that_refuses_is_one_line_without_the_password(
    capsys, tmp_path: Path
) -> None:
    """A PostgreSQL URL is opened as a server store; a server that is not there is told
    in one plain line, and the password in the URL is never repeated. (A socket folder
    with no server in it: nothing leaves the machine.)"""
    url = f"postgresql://ann:s3cret@/cables?host={tmp_path}"
    assert main(["stats", "--db", url]) == 2
    err = capsys.readouterr().err
    assert "cannot open the cable store" in err
    assert "s3cret" not in err and err.count("\n") == 1
    with pytest.raises(StoreError, match="not a kind of store location"):
        open_store("ftp://example/cables")


def test_read_only_never_creates(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store at"):
        open_store(tmp_path / "a" / "b.db", read_only=True, create=True)
    assert _files(tmp_path) == []
