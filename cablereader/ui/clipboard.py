"""The one place that writes to the system clipboard, so tests can read what was copied
and every copy puts both plain text and, when there is one, HTML on it."""

from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

from cablereader.core.link_formats import ClipboardPayload


def copy_payload(payload: ClipboardPayload) -> None:
    data = QMimeData()
    data.setText(payload.text)
    if payload.html:
        data.setHtml(payload.html)
    QGuiApplication.clipboard().setMimeData(data)


def clipboard_text() -> str:
    return QGuiApplication.clipboard().text()
