"""`cablereader --db FILE REFID` opens the window on that cable."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from cablereader import app


@pytest.fixture
def launched(qtbot):
    """Close and forget any window main() opened, so tests do not leak windows."""
    yield
    window = QApplication.instance().property("cablereader_window")
    if window is not None:
        window.close()
        window.store.close()
        window.deleteLater()
        QApplication.instance().setProperty("cablereader_window", None)


def test_main_opens_the_cable_given(qtbot, corpus_store, launched) -> None:
    code = app.main(["--db", str(corpus_store.path), "05LIMA4377#par13"], run=False)
    assert code == 0
    window = QApplication.instance().property("cablereader_window")
    assert window.objectName() == "mainWindow" and window.isVisible()
    assert window.reader.reference_id == "05LIMA4377"
    assert QApplication.applicationName() == "Cable Reader"
    assert QApplication.organizationName() == "cablereader"
    assert QApplication.desktopFileName() == "io.github.cablereader.CableReader"  # the .desktop id


def test_main_with_empty_store_shows_welcome(qtbot, tmp_path, launched) -> None:
    assert app.main(["--db", str(tmp_path / "new.db")], run=False) == 0
    window = QApplication.instance().property("cablereader_window")
    assert window.stack.currentWidget() is window.welcome


def test_bad_arguments_are_usage_errors(capsys) -> None:
    assert app.main(["--nonsense"], run=False) == 2
    assert "usage" in capsys.readouterr().err
