"""The window works offline too: browsing, searching, reading and copying links open no
connection, the reader fetches no resource named by cable text, and hostile text is inert."""

from __future__ import annotations

import ast
import time
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication, QTextDocument
from PySide6.QtNetwork import QNetworkAccessManager

from cablereader.store.api import Facet
from cablereader.ui.main_window import MainWindow
from tests.ui.conftest import make_cable, write_cables

PACKAGE = Path(__file__).resolve().parents[2] / "cablereader"
NETWORK_MODULES = {"socket", "urllib", "http", "ftplib", "smtplib", "ssl", "requests"}


def test_a_reading_session_opens_no_connection(qtbot, corpus_store, network_calls) -> None:
    window = MainWindow(corpus_store)
    qtbot.addWidget(window)
    window.show()
    window.facet_model.set_checked(Facet.ORIGIN, "Embassy Berlin", True)
    window.search_field.setText('"grand coalition" tag:prel')
    window.apply_filter()
    assert window.open_cable("09BERLIN1176", "par1")
    assert window.open_cable("06KIEV1261")
    window.reader.copy_paragraph_link()
    window.reader.copy_cable_link()
    window.go(-1)
    assert QGuiApplication.clipboard().text().startswith("https://wikileaks.org/cable/")
    assert QGuiApplication.instance().findChildren(QNetworkAccessManager) == []
    assert network_calls == []


def test_the_reader_loads_no_resource_at_all(qtbot, hostile_store) -> None:
    window = MainWindow(hostile_store)
    qtbot.addWidget(window)
    assert window.open_cable("10TESTPOST1")
    pane = window.reader.body_pane
    for url in ("http://example.org/x.png", "file:///etc/passwd", "x.css"):
        assert pane.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl(url)) \
            is None


def test_entity_bombs_and_a_10_mb_line_render_literally(qtbot, store) -> None:
    bomb = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>&b;&b;'
    long_line = "LONG " * 2_000_000  # 10 MB on one line
    body = f"UNCLASSIFIED\n\n1. (C) {bomb} &amp;lt; &#x41;\n\n2. (S) {long_line}\n"
    write_cables(store, make_cable("10TESTBOMB1", body))
    window = MainWindow(store)
    qtbot.addWidget(window)
    started = time.perf_counter()
    assert window.open_cable("10TESTBOMB1")
    assert time.perf_counter() - started < 30
    text = window.reader.body_pane.toPlainText()
    assert bomb in text and "&amp;lt; &#x41;" in text
    # The reader shows a page at a time (see test_huge_cables): the first page literally,
    # folded, then "Show more"; the stored body is whole.
    shown = text.replace("\n", "")  # the folds joined
    assert "2. (S) " + "LONG " * 30_000 in shown and "Show more" in shown
    stored = store.fetch_cable("10TESTBOMB1")
    assert stored is not None and stored.cable.body.count("LONG") == 2_000_000


def test_the_package_imports_no_network_module() -> None:
    """Static half of the promise: only QtNetwork's local sockets (single instance)."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module + "." + alias.name for alias in node.names]
            for name in names:
                root = name.split(".")[0]
                if root in NETWORK_MODULES:
                    offenders.append(f"{path.name}: {name}")
                if name.startswith("PySide6.QtNetwork.") and not name.endswith(
                        ("QLocalServer", "QLocalSocket")):
                    offenders.append(f"{path.name}: {name}")
    assert offenders == []
