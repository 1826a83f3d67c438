"""The rotating log file in the XDG state directory."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from cablereader import logging_setup
from cablereader.logging_setup import current_log_path, log_path, setup_logging, stop_logging


def test_the_log_is_in_the_xdg_state_directory(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert log_path() == tmp_path / "state" / "cablereader" / "cablereader.log"
    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert log_path() == tmp_path / "home" / ".local" / "state" / "cablereader" / "cablereader.log"


def test_nothing_is_created_until_something_is_logged(isolated_home: Path) -> None:
    path = setup_logging()
    assert path == isolated_home / "state" / "cablereader" / "cablereader.log"
    assert not path.parent.exists()
    logging.getLogger("cablereader.test").info("hello from a test")
    assert "INFO cablereader.test [MainThread] hello from a test" in path.read_text("utf-8")
    assert setup_logging() == path  # a second call adds no second handler
    handlers = [h for h in logging.getLogger("cablereader").handlers
                if isinstance(h, logging.handlers.RotatingFileHandler)]
    assert len(handlers) == 1


def test_the_file_rotates(isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logging_setup, "MAX_BYTES", 2000)
    path = setup_logging(isolated_home / "logs" / "test.log")
    log = logging.getLogger("cablereader.rotation")
    for n in range(200):
        log.warning("line %d %s", n, "x" * 40)
    stop_logging()
    assert current_log_path() is None
    rotated = sorted(p.name for p in path.parent.iterdir())
    assert rotated == ["test.log", "test.log.1", "test.log.2", "test.log.3"]
    assert all(p.stat().st_size <= 2000 for p in path.parent.iterdir())
    assert "line 199" in path.read_text("utf-8")
