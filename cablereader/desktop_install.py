"""`cablereader install-desktop`: a launcher, icons and the cablereader:// handler for the
current user, following the freedesktop conventions, so a pip install in a virtual
environment still appears in the desktop menu. No Qt needed."""

from __future__ import annotations

import os
import shlex
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


def launcher_command() -> str:
    """What the desktop entry runs: the gui script of this installation, by absolute path."""
    script = Path(sys.executable).parent / "cablereader-gui"
    if script.exists():
        return shlex.quote(str(script))
    found = shutil.which("cablereader-gui")
    if found:
        return shlex.quote(found)
    return f"{shlex.quote(sys.executable)} -m cablereader"


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
                f"Exec={command} %u"
                if ln.startswith("Exec=")
                else f"TryExec={command.split()[0]}"
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
