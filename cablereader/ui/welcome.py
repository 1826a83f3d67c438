"""What a new user sees: an empty store explained, and the one step to fill it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

WELCOME_TEXT = (
    "<h1>Cable Reader</h1>"
    "<p>Read, search and cite the Cablegate diplomatic cables offline.</p>"
    "<p>Your collection is empty. Import a folder holding cable pages from the "
    "Cablegate site, the <tt>cables.csv</tt> file, or text pages.</p>"
    "<p>You can also drop folders or files onto this window.</p>"
)


class WelcomePage(QWidget):
    """Shown in place of the list and reader while the store holds no cables."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        text = QLabel(WELCOME_TEXT)
        text.setObjectName("welcomeText")
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A centred word-wrapped label is sized from its size hint, a height too small
        # for its last line ("…the cables.csv file, or"): give it the height it needs.
        text.setFixedWidth(560)
        text.setMinimumHeight(text.heightForWidth(560))
        self.import_button = QPushButton("Import cables…")
        self.import_button.setObjectName("importButton")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(text, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
