"""A second launch hands its link to the running window; Help shows what it should."""

from __future__ import annotations

import sqlite3

import PySide6
import pytest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QTextBrowser

from cablereader import __version__, app
from cablereader.ui.single_instance import InstanceServer, hand_over, server_name


@pytest.fixture
def running(qtbot, corpus_store):
    assert app.main(["--db", str(corpus_store.path)], run=False) == 0
    window = QApplication.instance().property("cablereader_window")
    yield window
    window.close()
    window.deleteLater()
    QApplication.instance().setProperty("cablereader_window", None)


def test_second_launch_opens_its_link_in_the_running_window(qtbot, running, corpus_store) -> None:
    server = running.findChild(InstanceServer)
    assert server is not None and server.listening
    # What `cablereader cablereader://cable/05LIMA4377#par13` does when the app is running:
    assert app.main(["--db", str(corpus_store.path), "cablereader://cable/05LIMA4377#par13"],
                    run=False) == 0
    assert QApplication.instance().property("cablereader_window") is running  # no new window
    qtbot.waitUntil(lambda: running.reader.reference_id == "05LIMA4377", timeout=300_000)
    assert running.reader.links.highlighted
    assert hand_over(server_name(corpus_store.path), "06KIEV1261")
    qtbot.waitUntil(lambda: running.reader.reference_id == "06KIEV1261", timeout=300_000)


def test_no_running_instance_means_no_hand_over(tmp_path) -> None:
    assert not hand_over(server_name(tmp_path / "nobody.db"), "05LIMA4377")


def test_about_names_versions_and_store(qtbot, running, corpus_store) -> None:
    running.commands["about"].trigger()
    box = running.findChild(QMessageBox, "aboutBox")
    assert box is not None
    for expected in (__version__, PySide6.__version__, sqlite3.sqlite_version,
                     str(corpus_store.path)):
        assert expected in box.text()


def test_understanding_cables_explains_the_three_parts(qtbot, running) -> None:
    running.commands["understanding"].trigger()
    dialog = running.findChild(QDialog, "understandingDialog")
    text = dialog.findChild(QTextBrowser).toPlainText()
    for part in ("reference box", "header", "body", "(C) confidential", "Citing a paragraph"):
        assert part in text
