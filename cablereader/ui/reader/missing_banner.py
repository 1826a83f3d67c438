"""The banner over the reader for a cable that is not in the collection.

It was a modal box that blocked every shortcut; a banner says the same, keeps the
reader usable, and offers the public page, opened in the browser only when clicked.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from cablereader.core.links import public_url


class MissingBanner(QWidget):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("missingBanner")
        self.text = QLabel()
        self.text.setObjectName("missingText")
        self.text.setTextFormat(Qt.TextFormat.RichText)  # only our markup; the id is escaped
        self.text.setWordWrap(True)
        self.text.setOpenExternalLinks(False)
        self.text.linkActivated.connect(lambda url: QDesktopServices.openUrl(QUrl(url)))
        self.text.setStyleSheet(
            "background-color: #fff3cd; color: #664d03; padding: 6px; border-radius: 3px;"
        )
        close = QToolButton()
        close.setObjectName("missingClose")
        close.setText("×")
        close.setToolTip("Close")
        close.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 4, 4, 4)
        row.addWidget(self.text, 1)
        row.addWidget(close)
        self.url = ""
        self.hide()

    def show_missing(self, reference_id: str) -> None:
        refid = reference_id.upper()
        self.url = public_url(refid, None)
        self.text.setText(
            f"<b>{escape(refid)}</b> is not in your collection. Its public page, if it was"
            f' published: <a href="{escape(self.url, quote=True)}">{escape(self.url)}</a>'
        )
        self.show()
