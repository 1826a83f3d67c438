"""`cablereader install-desktop`: a launcher, icons and the cablereader:// handler for the
current user, following the freedesktop conventions, so a pip install in a virtual
environment still appears in the desktop menu. No Qt needed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib.resources.abc import Traversable
from pathlib import Path

from cablereader.resources import DESKTOP_FILE, METAINFO_FILE, find_file, icon_path

DESKTOP_ID = DESKTOP_FILE  # named by the AppStream id, as the metainfo's <launchable> says
METAINFO = METAINFO_FILE
ICON_SIZES = (16, 32, 48, 64, 128, 256)
SCHEME_MIME = "x-scheme-handler/cablereader"
# Names 0.1 installed under; removed so an upgrade leaves one launcher, not two.
LEGACY = ("applications/cablereader.desktop", "metainfo/cablereader.metainfo.xml")


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


# Characters that oblige an Exec argument to be quoted (Desktop Entry spec, "The Exec key").
_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")
_ESCAPED_IN_QUOTES = frozenset('"`$\\')


def launcher_command() -> list[str]:
    """What the desktop entry runs: the gui script of this installation, by absolute path."""
    script = Path(sys.executable).parent / "cablereader-gui"
    if script.exists():
        return [str(script)]
    found = shutil.which("cablereader-gui")
    if found:
        return [found]
    return [sys.executable, "-m", "cablereader"]


def desktop_string(text: str) -> str:
    """A value of type string as the file holds it: backslash, newline, tab, CR escaped."""
    return (
        text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
    )


def exec_argument(argument: str) -> str:
    """One Exec argument, quoted as the spec asks, before the string escapes of the file.

    A literal `%` is written `%%` (else `%u` in a path would take the URL); an argument
    with a reserved character goes in double quotes, with `"`, backquote, `$` and
    backslash escaped by a backslash inside them.
    """
    argument = argument.replace("%", "%%")
    if argument and not _RESERVED.intersection(argument):
        return argument
    inner = "".join("\\" + c if c in _ESCAPED_IN_QUOTES else c for c in argument)
    return f'"{inner}"'


def exec_value(arguments: list[str]) -> str:
    """The Exec key's value for a command and its arguments, with `%u` for the link."""
    return desktop_string(" ".join(exec_argument(a) for a in arguments) + " %u")


def _targets(home: Path) -> dict[Path, Traversable | None]:
    """Installed file -> source file."""
    targets: dict[Path, Traversable | None] = {
        home / "applications" / DESKTOP_ID: find_file("desktop", DESKTOP_ID),
        home / "metainfo" / METAINFO: find_file("desktop", METAINFO),
        home / "icons" / "hicolor" / "scalable" / "apps" / "cablereader.svg": icon_path(),
    }
    for size in ICON_SIZES:
        target = home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "cablereader.png"
        targets[target] = icon_path(size)
    return targets


def _run_quietly(*command: str) -> None:
    if shutil.which(command[0]):
        subprocess.run(command, check=False, capture_output=True)


def install_desktop(home: Path | None = None) -> list[Path]:
    home = home or data_home()
    _remove_legacy(home)
    written = []
    for target, source in _targets(home).items():
        if source is None:
            raise FileNotFoundError(f"missing app file for {target.name}")
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.name == DESKTOP_ID:
            lines = source.read_text(encoding="utf-8").splitlines()
            command = launcher_command()
            lines = [
                f"Exec={exec_value(command)}"
                if ln.startswith("Exec=")
                else f"TryExec={desktop_string(command[0])}"  # a plain path, not Exec-quoted
                if ln.startswith("TryExec=")
                else ln
                for ln in lines
            ]
            target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        else:
            target.write_bytes(source.read_bytes())
        written.append(target)
    _run_quietly("update-desktop-database", str(home / "applications"))
    _run_quietly("xdg-mime", "default", DESKTOP_ID, SCHEME_MIME)
    _run_quietly("gtk-update-icon-cache", "-q", "-t", str(home / "icons" / "hicolor"))
    return written


def _remove_legacy(home: Path) -> list[Path]:
    removed = [home / name for name in LEGACY if (home / name).exists()]
    for path in removed:
        path.unlink()
    return removed


def uninstall_desktop(home: Path | None = None) -> list[Path]:
    home = home or data_home()
    removed = _remove_legacy(home)
    for target in _targets(home):
        if target.exists():
            target.unlink()
            removed.append(target)
    _run_quietly("update-desktop-database", str(home / "applications"))
    return removed
