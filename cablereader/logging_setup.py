"""The app's log: a rotating file in the XDG state directory, set up by the app and the CLI.

`$XDG_STATE_HOME/cablereader/cablereader.log` (default `~/.local/state/...`; on Windows
`%LOCALAPPDATA%\\Cable Reader\\Logs`, on macOS `~/Library/Logs/Cable Reader`). When
something goes wrong the crash dialog and the wizard name this file, so a user can send it.
No Qt here: the command line uses it too and must start fast.

The file and its folder are made only when the first record is written, so a command that
logs nothing creates nothing. Logging never stops the program: a log that cannot be
written is dropped with a single note on stderr (the standard `logging` behaviour).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

LOGGER = "cablereader"
LOG_FILE_NAME = "cablereader.log"
MAX_BYTES = 1 << 20  # 1 MiB a file ...
BACKUPS = 3  # ... and three old ones: cablereader.log.1 to .3
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


def log_dir() -> Path:
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "Cable Reader" / "Logs"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Logs" / "Cable Reader"
    base = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return base / "cablereader"


def log_path() -> Path:
    return log_dir() / LOG_FILE_NAME


class _FolderMakingHandler(logging.handlers.RotatingFileHandler):
    """Opens (and makes the folder of) its file only when the first record arrives."""

    def _open(self):  # type: ignore[no-untyped-def]
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()


def _our_handler() -> _FolderMakingHandler | None:
    for handler in logging.getLogger(LOGGER).handlers:
        if isinstance(handler, _FolderMakingHandler):
            return handler
    return None


def setup_logging(path: Path | None = None, level: int = logging.INFO) -> Path:
    """Send the `cablereader` loggers to the rotating log file; returns its path.

    Calling it again with the same path does nothing; with another path (tests, or XDG
    variables changed) the old file is closed and the new one used.
    """
    target = (path or log_path()).absolute()
    logger = logging.getLogger(LOGGER)
    current = _our_handler()
    if current is not None:
        if Path(current.baseFilename) == target:
            return target
        stop_logging()
    handler = _FolderMakingHandler(
        target, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter(FORMAT))
    logger.addHandler(handler)
    logger.setLevel(min(logger.level or level, level))
    return target


def current_log_path() -> Path | None:
    """The file the log goes to, or None before `setup_logging`."""
    handler = _our_handler()
    return Path(handler.baseFilename) if handler is not None else None


def stop_logging() -> None:
    """Close and detach the log file (tests; the end of the program closes it anyway)."""
    handler = _our_handler()
    if handler is not None:
        logging.getLogger(LOGGER).removeHandler(handler)
        handler.close()
