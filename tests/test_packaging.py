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
from xml.etree import ElementTree

import pytest

from cablereader.app import APP_NAME, DESKTOP_FILE
from cablereader.desktop_install import ICON_SIZES, install_desktop, uninstall_desktop
from cablereader.resources import APP_ID, find_file

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
DATA = ROOT / "cablereader" / "resources"
DESKTOP = DATA / "desktop" / f"{APP_ID}.desktop"
METAINFO = DATA / "desktop" / f"{APP_ID}.metainfo.xml"
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
    assert f"<id>{APP_ID}</id>" in text
    assert f'<launchable type="desktop-id">{DESKTOP.name}</launchable>' in text
    for binary in ("cablereader", "cablereader-gui"):
        assert f"<binary>{binary}</binary>" in text


def test_metainfo_has_a_screenshot_and_the_release():
    root = ElementTree.parse(METAINFO).getroot()
    [image] = root.findall("./screenshots/screenshot/image")
    assert image.text is not None and image.text.startswith("https://")
    assert image.text.endswith("/packaging/screenshots/main-window.png")
    assert (PACKAGING / "screenshots" / "main-window.png").is_file()
    releases = [(r.get("version"), r.get("date")) for r in root.findall("./releases/release")]
    assert releases[0] == ("0.2.0", "2026-12-02")
    assert root.find("./releases/release/description/p") is not None


def test_desktop_entry_matches_the_app_id_and_window_class():
    """Named by the AppStream id; Qt's desktop file name (Wayland's app id) is that name,
    and StartupWMClass is the X11 window class, which Qt makes of the application name."""
    assert DESKTOP.name == f"{DESKTOP_FILE}.desktop" == f"{APP_ID}.desktop"
    entry = desktop_entry(DESKTOP)
    assert entry["StartupWMClass"] == APP_NAME


def test_runtime_files_are_package_data():
    """Read through importlib.resources, so a wheel (not only a checkout) has them."""
    for parts in (
        ("help", "understanding-cables.html"),
        ("desktop", DESKTOP.name),
        ("desktop", METAINFO.name),
        ("icons", "cablereader.svg"),
        *(("icons", f"cablereader-{size}.png") for size in ICON_SIZES),
    ):
        assert find_file(*parts) is not None, parts
    assert not (ROOT / "resources").exists()  # one copy, in the package
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"cablereader.resources" = ["icons/*", "help/*", "desktop/*"]' in pyproject
    assert 'license-files = ["LICENSE"]' in pyproject
    assert "GNU GENERAL PUBLIC LICENSE" in (ROOT / "LICENSE").read_text(encoding="utf-8")


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
    assert {"cablereader", "cablereader-gui", "launcher.py"} <= strings
    # The data files come from the installed package, where importlib.resources reads them.
    assert "collect_data_files" in {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}


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


def test_launcher_calls_freeze_support_before_the_command_line():
    """Without it each import worker of the frozen bundle re-ran the command line, which
    rejected multiprocessing's arguments: BrokenProcessPool on any import of 400+ pages."""
    tree = ast.parse((PACKAGING / "launcher.py").read_text(encoding="utf-8"))
    [main_block] = [
        n for n in tree.body if isinstance(n, ast.If) and "__main__" in ast.unparse(n.test)
    ]
    calls = [ast.unparse(n.func) for n in ast.walk(main_block) if isinstance(n, ast.Call)]
    assert calls[0] == "multiprocessing.freeze_support", calls
    assert "run" in calls


def test_package_main_calls_freeze_support():
    text = (ROOT / "cablereader" / "__main__.py").read_text(encoding="utf-8")
    assert "multiprocessing.freeze_support()" in text


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

    entry_path = xdg_home / "applications" / DESKTOP.name
    assert entry_path in written
    entry = desktop_entry(entry_path)
    command = shlex.split(entry["Exec"])
    assert Path(command[0]).is_absolute(), entry["Exec"]
    assert Path(command[0]).exists(), entry["Exec"]
    assert command[-1] == "%u"
    assert Path(shlex.split(entry["TryExec"])[0]).is_absolute()
    assert entry["Icon"] == "cablereader"
    assert entry["MimeType"] == "x-scheme-handler/cablereader;"

    assert (xdg_home / "metainfo" / METAINFO.name).read_bytes() == (
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


def test_install_desktop_replaces_the_old_names(xdg_home):
    """0.1 installed cablereader.desktop; an upgrade must leave one launcher, not two."""
    old = [xdg_home / "applications" / "cablereader.desktop",
           xdg_home / "metainfo" / "cablereader.metainfo.xml"]
    for path in old:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("old\n", encoding="utf-8")
    install_desktop(home=xdg_home)
    assert not any(path.exists() for path in old)


# --- a non-editable install (slow) -------------------------------------------------------

INSTALLED_HELP = """
from PySide6.QtWidgets import QApplication
app = QApplication([])
import cablereader, cablereader.ui.help_dialogs as help_dialogs
dialog = help_dialogs.show_understanding(None)
from PySide6.QtWidgets import QTextBrowser
text = dialog.findChild(QTextBrowser).toPlainText()
print(cablereader.__file__)
print(text.strip().splitlines()[0])
"""


def help_text_first_line() -> str:
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setHtml((DATA / "help" / "understanding-cables.html").read_text(encoding="utf-8"))
    return document.toPlainText().strip().splitlines()[0]


@pytest.mark.slow
def test_a_wheel_install_in_a_fresh_venv_has_desktop_files_and_help(tmp_path, qapp):
    """`pip install .` (not editable) into a new venv, from a copy of the tree (the build
    must not write into the checkout); then install-desktop and Help from that venv."""
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "cablereader", source / "cablereader",
                    ignore=shutil.ignore_patterns("__pycache__"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(source)],
        capture_output=True, text=True,
    )
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    data = tmp_path / "xdg-data"
    env = {**os.environ, "XDG_DATA_HOME": str(data), "QT_QPA_PLATFORM": "offscreen"}
    run_in = {"cwd": tmp_path, "env": env, "capture_output": True, "text": True}

    desktop = subprocess.run([str(venv / "bin" / "cablereader"), "install-desktop"], **run_in)
    assert desktop.returncode == 0, desktop.stdout + desktop.stderr
    entry = data / "applications" / DESKTOP.name
    assert entry.is_file() and (data / "metainfo" / METAINFO.name).is_file()
    icons = data / "icons" / "hicolor"
    for size in ICON_SIZES:
        assert (icons / f"{size}x{size}" / "apps" / "cablereader.png").is_file()
    assert desktop_entry(entry)["Exec"] == f"{venv / 'bin' / 'cablereader-gui'} %u"

    shown = subprocess.run([str(python), "-c", INSTALLED_HELP], **run_in)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    where, first_line = shown.stdout.splitlines()[-2:]
    assert Path(where).is_relative_to(venv)  # the installed copy, not the checkout
    assert "missing from this installation" not in first_line, shown.stdout
    expected = help_text_first_line()
    assert first_line == expected, shown.stdout
    licenses = list(venv.glob("lib/python*/site-packages/cablereader-*.dist-info/licenses/LICENSE"))
    assert len(licenses) == 1


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
        timeout=1800,
    )
    assert smoke.returncode == 0, smoke.stdout[-6000:] + smoke.stderr[-2000:]
    assert "smoke test: all checks passed" in smoke.stdout
    assert "FAIL" not in smoke.stdout
