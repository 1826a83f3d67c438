"""Tests run with their own HOME, XDG folders and Qt settings paths, never the user's.

The benchmark smoke test once wrote `~/.config/Unknown Organization/`: a settings file of
the real user, made by a test. These checks fail whenever a test process, or a process a
test starts, would resolve its settings, data, state or log folder under the real home.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings

from cablereader.logging_setup import log_path
from cablereader.paths import default_db_path
from tests.conftest import REAL_HOME, XDG_FOLDERS

CHILD = """
import json, os, pathlib
from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths
from cablereader.logging_setup import log_path
from cablereader.paths import default_db_path
app = QCoreApplication([])  # no organization name: the 'Unknown Organization' case
print(json.dumps({
    "home": str(pathlib.Path.home()),
    "settings": QSettings().fileName(),
    "config": QStandardPaths.writableLocation(QStandardPaths.StandardLocation.ConfigLocation),
    "data": QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation),
    "log": str(log_path()),
    "db": str(default_db_path()),
}))
"""


def test_environment_points_into_temporary_folders(isolated_home: Path) -> None:
    for variable in XDG_FOLDERS:
        assert Path(os.environ[variable]).is_relative_to(isolated_home), variable
    assert Path.home().is_relative_to(isolated_home)
    assert "CABLEREADER_DB" not in os.environ


def test_settings_paths_and_data_folders_are_temporary(isolated_home: Path) -> None:
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        settings = QSettings(settings_format, QSettings.Scope.UserScope, "Unknown Organization")
        assert Path(settings.fileName()).is_relative_to(isolated_home), settings.fileName()
    assert Path(QSettings().fileName()).is_relative_to(isolated_home)
    assert log_path().is_relative_to(isolated_home)
    assert default_db_path().is_relative_to(isolated_home)


def test_a_subprocess_of_a_test_sees_only_temporary_folders(isolated_home: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, check=True
    )
    seen = json.loads(result.stdout)
    for name, path in seen.items():
        assert path and Path(path).is_relative_to(isolated_home), (name, path)
        assert not Path(path).is_relative_to(REAL_HOME / ".config"), (name, path)
        assert not Path(path).is_relative_to(REAL_HOME / ".local"), (name, path)
