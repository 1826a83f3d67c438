"""The search bar: the field, its ``?`` button, the go-to field, and the line under the
field that says what in a query could not be applied as typed (never silently).

Also the Help ▸ Search syntax dialog, built from the core's ``SYNTAX_HELP`` table so
that the help and the parser cannot drift apart.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cablereader.core.query import SYNTAX_HELP

PLACEHOLDER = 'Search: words, "a phrase", -exclude, a OR b, tag:prel, from:2009 (? for help)'


class SearchBar(QWidget):
    """One widget for both fields, so showing the go-to box never pushes the search
    field into the tool bar's overflow menu."""

    help_requested = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.search_field = QLineEdit()
        self.search_field.setObjectName("searchField")
        self.search_field.setPlaceholderText(PLACEHOLDER)
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setAccessibleName("Search")
        self.help_button = QToolButton()
        self.help_button.setObjectName("searchHelpButton")
        self.help_button.setText("?")
        self.help_button.setToolTip("Search syntax")
        self.help_button.setAccessibleName("Search syntax")
        self.help_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes search -> browse
        self.help_button.clicked.connect(self.help_requested)
        self.goto_field = QLineEdit()
        self.goto_field.setObjectName("gotoField")
        self.goto_field.setPlaceholderText("Go to: 05LIMA4377#par13 or a link")
        self.goto_field.setMaximumWidth(320)
        self.goto_field.hide()
        self.problems = QLabel()
        self.problems.setObjectName("searchProblems")
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.setWordWrap(True)
        self.problems.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.search_field, 1)
        row.addWidget(self.help_button)
        row.addWidget(self.goto_field)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.problems)

    def show_problems(self, problems: tuple[str, ...]) -> None:
        """Plain text: a problem quotes what the user typed, which may look like markup."""
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))


def syntax_html() -> str:
    rows = "".join(
        f"<tr><td><code>{html.escape(example)}</code></td><td>{html.escape(meaning)}</td></tr>"
        for example, meaning in SYNTAX_HELP
    )
    return (
        "<h3>Search syntax</h3>"
        "<p>Operators are written in capitals (OR, AND, NOT, NEAR); in lower case they are"
        " words. Tightest first: NOT (or -), NEAR, OR, then AND. Words are matched whole,"
        " without regard to case or accents. Anything that cannot be applied as typed is"
        " explained under the search field.</p>"
        f"<table cellspacing='6'>{rows}</table>"
    )


def show_search_syntax(parent: Any) -> QDialog:
    dialog = QDialog(parent)
    dialog.setObjectName("searchSyntaxDialog")
    dialog.setWindowTitle("Search syntax")
    browser = QTextBrowser(dialog)
    browser.setObjectName("searchSyntaxText")
    browser.setOpenLinks(False)
    browser.setHtml(syntax_html())
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    dialog.resize(680, 520)
    dialog.open()
    return dialog
