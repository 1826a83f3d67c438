"""Help ▸ About and Help ▸ Understanding cables.

The explanation of cables is written for this app in our own words; it is plain HTML in
`cablereader/resources/help/understanding-cables.html` so it can be edited without touching code.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QTextBrowser, QVBoxLayout

from cablereader import __version__
from cablereader.resources import find_file
from cablereader.store.factory import sqlite_version


def about_text(db_path: Path | None) -> str:
    location = html.escape(str(db_path)) if db_path else "in memory"  # a path is not markup
    return (
        f"<h3>Cable Reader {__version__}</h3>"
        "<p>Read, search and cite the Cablegate diplomatic cables offline.</p>"
        "<p>Cable Reader opens no network connection on its own; links open in your "
        "browser only when you click them.</p>"
        f"<table><tr><td>Qt</td><td>{qVersion()}</td></tr>"
        f"<tr><td>PySide6</td><td>{PySide6.__version__}</td></tr>"
        f"<tr><td>SQLite</td><td>{sqlite_version()}</td></tr>"
        f"<tr><td>Store</td><td>{location}</td></tr></table>"
    )


def show_about(parent: Any, db_path: Path | None) -> QMessageBox:
    box = QMessageBox(parent)
    box.setObjectName("aboutBox")
    box.setWindowTitle("About Cable Reader")
    box.setText(about_text(db_path))
    box.open()
    return box


def understanding_html() -> str:
    path = find_file("help", "understanding-cables.html")
    if path is None:
        return "<p>The help text is missing from this installation.</p>"
    return path.read_text(encoding="utf-8")


def show_understanding(parent: Any) -> QDialog:
    dialog = QDialog(parent)
    dialog.setObjectName("understandingDialog")
    dialog.setWindowTitle("Understanding cables")
    browser = QTextBrowser(dialog)
    browser.setOpenExternalLinks(False)
    browser.setHtml(understanding_html())
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    dialog.resize(640, 560)
    dialog.open()
    return dialog
