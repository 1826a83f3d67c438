"""Where the store lives by default, by each platform's convention, without importing Qt
(the command line must start fast)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "cablereader"
DB_FILE_NAME = "cables.db"
DB_ENV = "CABLEREADER_DB"


def data_dir() -> Path:
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "Cable Reader"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "Cable Reader"
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_DIR_NAME


def default_db_path(explicit: str | None = None) -> Path:
    """`--db` wins, then $CABLEREADER_DB, then the data folder."""
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV]).expanduser()
    return data_dir() / DB_FILE_NAME
