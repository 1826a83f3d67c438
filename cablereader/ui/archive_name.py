"""Which archive the window shows, for its title and status bar: a file's name (the
whole path in the status bar) or a server URL without its password. Shown as plain
text only: a path or a URL is data, never markup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cablereader.store.factory import shown_location


def archive_name(store: Any) -> str:
    """The store's file name, or its URL without the password."""
    path = getattr(store, "path", None)
    if isinstance(path, Path):
        return path.name
    return shown_location(getattr(store, "location", None))


def window_title(store: Any) -> str:
    read_only = " (read-only)" if getattr(store, "read_only", False) else ""
    return f"{archive_name(store)} — Cable Reader{read_only}"


def archive_status(store: Any) -> str:
    """The status bar's: where the archive is, in full."""
    return shown_location(getattr(store, "location", None))
