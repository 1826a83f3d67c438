"""The desktop entry's Exec and TryExec survive install paths with odd characters.

The entry is read back here by a decoder written from the Desktop Entry specification
("The Exec key" and "Possible value types"), independent of the code that writes it, and
checked with desktop-file-validate where it is installed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cablereader.desktop_install import DESKTOP_ID, exec_value, install_desktop

ODD_FOLDERS = (
    "Cable Reader",
    "100%u done",
    'say "hi" $HOME `id`',
    "back\\slash & semi;colon (x) ~ * ? # < > |",
    "new\nline\ttab",
    "it's",
)


def unescape_string(value: str) -> str:
    """A `string` value: \\s, \\n, \\t, \\r and \\\\ are escapes."""
    out, index = [], 0
    escapes = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
    while index < len(value):
        char = value[index]
        if char == "\\" and index + 1 < len(value) and value[index + 1] in escapes:
            out.append(escapes[value[index + 1]])
            index += 2
        else:
            out.append(char)
            index += 1
    return "".join(out)


def parse_exec(value: str) -> list[str]:
    """Exec's arguments: split on spaces outside double quotes; inside them a backslash
    quotes ", `, $ and \\; `%%` is a literal percent; field codes stay as written."""
    text = unescape_string(value)
    arguments: list[str] = []
    current: list[str] | None = None
    index = 0
    while index < len(text):
        char = text[index]
        if char == " ":
            if current is not None:
                arguments.append("".join(current))
                current = None
            index += 1
            continue
        current = current if current is not None else []
        if char == '"':
            index += 1
            while text[index] != '"':
                if text[index] == "\\" and text[index + 1] in '"`$\\':
                    index += 1
                current.append(text[index])
                index += 1
            index += 1
        else:
            assert char not in "\t\n'\\><~|&;$*?#()`\"", f"unquoted reserved {char!r}"
            current.append(char)
            index += 1
    if current is not None:
        arguments.append("".join(current))
    return [a if a == "%u" else a.replace("%%", "%") for a in arguments]


def _entry(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line)


@pytest.mark.parametrize("folder", ODD_FOLDERS)
def test_exec_value_round_trips(folder: str) -> None:
    command = [f"/opt/{folder}/bin/cablereader-gui"]
    value = exec_value(command)
    assert "\n" not in value  # one line of the file
    assert parse_exec(value) == [*command, "%u"]
    fallback = [f"/opt/{folder}/python", "-m", "cablereader"]
    assert parse_exec(exec_value(fallback)) == [*fallback, "%u"]


@pytest.fixture
def xdg_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for variable, folder in (
        ("HOME", "home"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        (tmp_path / folder).mkdir()
        monkeypatch.setenv(variable, str(tmp_path / folder))
    return tmp_path / "data"


@pytest.mark.parametrize("folder", ODD_FOLDERS)
def test_installed_entry_runs_the_right_file(
    folder: str, xdg_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_folder = tmp_path / "venvs" / folder / "bin"
    bin_folder.mkdir(parents=True)
    script = bin_folder / "cablereader-gui"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(bin_folder / "python"))
    install_desktop(home=xdg_home)
    entry_path = xdg_home / "applications" / DESKTOP_ID
    entry = _entry(entry_path)
    assert parse_exec(entry["Exec"]) == [str(script), "%u"]
    assert unescape_string(entry["TryExec"]) == str(script)
    assert entry["MimeType"] == "x-scheme-handler/cablereader;"  # no line was split
    if shutil.which("desktop-file-validate") is None:
        pytest.skip("desktop-file-validate is not installed (desktop-file-utils)")
    result = subprocess.run(
        ["desktop-file-validate", str(entry_path)], capture_output=True, text=True
    )
    assert result.returncode == 0 and "error" not in result.stdout, result.stdout
