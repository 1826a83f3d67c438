"""Packaging: the desktop entry, AppStream metadata, the PyInstaller recipe, install-desktop.

The fast tests run everywhere. The validators (desktop-file-utils, appstream) are system
tools: a test skips, saying which package to install, when its tool is missing. The slow
test builds the frozen bundle and smoke-tests it; it runs only with
CABLEREADER_BUILD_BUNDLE=1 (about a minute or two, plus a download of PyInstaller).
"""

from __future__ import annotations

import ast
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cablereader.desktop_install import ICON_SIZES, install_desktop, uninstall_desktop

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / "cablereader.desktop"
METAINFO = PACKAGING / "cablereader.metainfo.xml"
SPEC = PACKAGING / "cablereader.spec"
SCRIPTS = (PACKAGING / "build_bundle.sh", PACKAGING / "smoke_test.sh")


def tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} not installed (apt-get install {package})")
    return found


def desktop_entry(path: Path) -> dict[str, str]:
    """Key=value lines of the [Desktop Entry] group."""
    entries = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            entries[key] = value
    return entries


# --- the validators --------------------------------------------------------------------


def test_desktop_file_validates():
    validate = tool("desktop-file-validate", "desktop-file-utils")
    result = subprocess.run([validate, str(DESKTOP)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower(), result.stdout


def test_metainfo_validates():
    appstreamcli = tool("appstreamcli", "appstream")
    result = subprocess.run(
        [appstreamcli, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_names_the_desktop_entry_and_binaries():
    text = METAINFO.read_text(encoding="utf-8")
    assert f'<launchable type="desktop-id">{DESKTOP.name}</launchable>' in text
    for binary in ("cablereader", "cablereader-gui"):
        assert f"<binary>{binary}</binary>" in text


# --- the PyInstaller recipe --------------------------------------------------------------


def spec_tree() -> ast.Module:
    return ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))


def spec_list(name: str) -> list[str]:
    for node in spec_tree().body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return list(ast.literal_eval(node.value))
    raise AssertionError(f"{name} not assigned in {SPEC.name}")


def test_spec_parses_and_builds_both_executables_into_one_folder():
    tree = spec_tree()
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]
    called = {c.func.id for c in calls if isinstance(c.func, ast.Name)}
    assert {"Analysis", "PYZ", "EXE", "COLLECT"} <= called
    names = {
        kw.value.value
        for c in calls
        for kw in c.keywords
        if kw.arg == "name" and isinstance(kw.value, ast.Constant)
    }
    assert "cablereader" in names  # the COLLECT folder: dist/cablereader/
    strings = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    assert {"cablereader", "cablereader-gui", "launcher.py", "resources", "packaging"} <= strings


def test_spec_excludes_no_qt_module_the_app_imports():
    excluded = set(spec_list("QT_EXCLUDES"))
    imported = set()
    for source in (ROOT / "cablereader").rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        imported |= set(re.findall(r"\bPySide6\.(Qt\w+)", text))
        for listed in re.findall(r"from\s+PySide6\s+import\s+\(?([\w\s,]+)", text):
            imported |= {n.strip() for n in listed.split(",") if n.strip().startswith("Qt")}
    assert {"QtCore", "QtGui", "QtWidgets"} <= imported
    # The spec drops imported modules from its excludes by itself; the list should not
    # need it for the core modules, and QtNetwork (single instance) must stay available.
    assert not excluded & {"QtCore", "QtGui", "QtWidgets", "QtNetwork"}
    assert {"QtQml", "QtQuick", "QtWebEngineCore", "QtMultimedia"} <= excluded


def test_launcher_runs_the_command_line():
    tree = ast.parse((PACKAGING / "launcher.py").read_text(encoding="utf-8"))
    imports = {
        (n.module, a.name) for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names
    }
    assert ("cablereader.cli", "main") in imports
    assert ("cablereader.app", "main") in imports  # the smoke-test hook


def test_platform_icon_is_skipped_on_linux(tmp_path):
    sys.path.insert(0, str(PACKAGING))
    try:
        from platform_icons import platform_icon, rendered_pngs
    finally:
        sys.path.remove(str(PACKAGING))
    assert platform_icon(tmp_path, platform="linux") is None
    assert set(rendered_pngs()) == set(ICON_SIZES)


def test_platform_icons_convert_with_pillow(tmp_path):
    pytest.importorskip("PIL", reason="Pillow is only in the Windows/macOS build venv")
    from PIL import Image

    sys.path.insert(0, str(PACKAGING))
    try:
        from platform_icons import platform_icon
    finally:
        sys.path.remove(str(PACKAGING))
    ico = Path(platform_icon(tmp_path, platform="win32") or "")
    icns = Path(platform_icon(tmp_path, platform="darwin") or "")
    assert ico.name == "cablereader.ico"
    assert icns.name == "cablereader.icns"
    with Image.open(ico) as image:
        assert (256, 256) in image.info["sizes"]
    with Image.open(icns) as image:
        assert image.format == "ICNS"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_scripts_are_executable_bash(script: Path):
    assert os.access(script, os.X_OK), f"chmod +x {script}"
    assert script.read_text(encoding="utf-8").startswith("#!/usr/bin/env bash\n")
    result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# --- install-desktop ---------------------------------------------------------------------


@pytest.fixture
def xdg_home(tmp_path, monkeypatch) -> Path:
    """XDG folders in tmp_path, so xdg-mime and friends leave the real ones alone."""
    for variable, folder in (
        ("HOME", "home"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        (tmp_path / folder).mkdir()
        monkeypatch.setenv(variable, str(tmp_path / folder))
    return tmp_path / "data"


def test_install_desktop_writes_entry_icons_and_metainfo(xdg_home):
    written = install_desktop(home=xdg_home)

    entry_path = xdg_home / "applications" / "cablereader.desktop"
    assert entry_path in written
    entry = desktop_entry(entry_path)
    command = shlex.split(entry["Exec"])
    assert Path(command[0]).is_absolute(), entry["Exec"]
    assert Path(command[0]).exists(), entry["Exec"]
    assert command[-1] == "%u"
    assert Path(shlex.split(entry["TryExec"])[0]).is_absolute()
    assert entry["Icon"] == "cablereader"
    assert entry["MimeType"] == "x-scheme-handler/cablereader;"

    assert (xdg_home / "metainfo" / "cablereader.metainfo.xml").read_bytes() == (
        METAINFO.read_bytes()
    )
    icons = xdg_home / "icons" / "hicolor"
    assert (icons / "scalable" / "apps" / "cablereader.svg").is_file()
    for size in ICON_SIZES:
        png = icons / f"{size}x{size}" / "apps" / "cablereader.png"
        assert png in written
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(written) == 3 + len(ICON_SIZES)

    if shutil.which("desktop-file-validate"):
        result = subprocess.run(
            ["desktop-file-validate", str(entry_path)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_uninstall_desktop_removes_what_install_wrote(xdg_home):
    written = install_desktop(home=xdg_home)
    removed = uninstall_desktop(home=xdg_home)
    assert sorted(removed) == sorted(written)
    assert not any(path.exists() for path in written)
    assert uninstall_desktop(home=xdg_home) == []  # a second run finds nothing


# --- the frozen bundle (slow) ------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("CABLEREADER_BUILD_BUNDLE") != "1",
    reason="builds the PyInstaller bundle; set CABLEREADER_BUILD_BUNDLE=1",
)
def test_bundle_builds_and_passes_the_smoke_test():
    build = subprocess.run(
        ["bash", str(PACKAGING / "build_bundle.sh")],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert build.returncode == 0, build.stdout[-4000:] + build.stderr[-4000:]
    bundle = ROOT / "dist" / "cablereader"
    suffix = ".exe" if sys.platform == "win32" else ""
    assert (bundle / f"cablereader{suffix}").is_file()
    assert (bundle / f"cablereader-gui{suffix}").is_file()

    smoke = subprocess.run(
        ["bash", str(PACKAGING / "smoke_test.sh"), str(bundle)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert smoke.returncode == 0, smoke.stdout[-6000:] + smoke.stderr[-2000:]
    assert "smoke test: all checks passed" in smoke.stdout
    assert "FAIL" not in smoke.stdout
