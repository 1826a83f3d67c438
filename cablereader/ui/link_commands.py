"""The window's link commands: copy paragraph and cable links, choose the link style,
open links pasted onto the list or the reader, and explain cables not in the store.

A separate module so the main window only wires it in; everything about link formats
stays in `core.links` and the clipboard in `ui.clipboard`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QAction, QActionGroup, QDesktopServices, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox

from cablereader.core.links import UrlStyle, parse_link, public_url
from cablereader.ui.clipboard import clipboard_text
from cablereader.ui.plain_text import show_plain_warning
from cablereader.ui.reader.paragraph_links import STYLE_LABELS, link_settings, save_link_settings

if TYPE_CHECKING:
    from cablereader.ui.main_window import MainWindow

MESSAGE_MS = 8000


def open_link_text(window: MainWindow, text: str) -> bool:
    """Open whatever link form the text holds; say so in the status bar when it holds none."""
    link = parse_link(text)
    if link is None:
        window.statusBar().showMessage(f"Not a cable reference or link: {text[:80]}", MESSAGE_MS)
        return False
    return window.open_cable(link.reference_id, link.anchor)


def explain_missing(window: MainWindow, reference_id: str) -> QMessageBox:
    """A cable that is not in the store: name it, and offer its public page."""
    url = public_url(reference_id.upper(), None)
    box = QMessageBox(window)
    box.setObjectName("missingCableBox")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle("Cable not in your collection")
    box.setTextFormat(Qt.TextFormat.PlainText)  # the id is what the user pasted
    box.setText(f"{reference_id.upper()} is not in your collection.")
    box.setInformativeText(f"Its public page, if it was published, is at:\n{url}")
    browser = box.addButton("Open in Browser", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    browser.clicked.connect(lambda: QDesktopServices.openUrl(QUrl(url)))
    window.statusBar().showMessage(f"{reference_id.upper()} is not in your collection", MESSAGE_MS)
    box.open()  # not exec(): the app stays usable, and tests are not blocked
    return box


class PasteOpener(QObject):
    """Ctrl+V on the list or the reader (where nothing can be pasted) opens a link."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Paste)
        ):
            open_link_text(self.window, clipboard_text())
            return True
        return False


def _choose_style(window: MainWindow, style: UrlStyle, group: QActionGroup) -> None:
    template = ""
    if style is UrlStyle.CUSTOM:
        current = link_settings().template or "https://example.org/{year}/{month}/{refid}#{anchor}"
        template, accepted = QInputDialog.getText(
            window, "Custom link template",
            "Template with {refid}, {year}, {month} and {anchor}:", text=current,
        )
        try:
            if not accepted:
                raise ValueError("cancelled")
            save_link_settings(style, template)
        except ValueError as error:
            if accepted:
                show_plain_warning(window, "Custom link template", str(error))
            _check_current_style(group)
            return
    else:
        save_link_settings(style)
    window.statusBar().showMessage(f"Links now use: {dict(STYLE_LABELS)[style]}", MESSAGE_MS)


def _check_current_style(group: QActionGroup) -> None:
    current = link_settings().style.value
    for action in group.actions():
        action.setChecked(action.data() == current)


def link_style_menu(window: MainWindow) -> QMenu:
    menu = QMenu("Link &style", window)
    menu.setObjectName("linkStyleMenu")
    group = QActionGroup(menu)
    for style, label in STYLE_LABELS:
        action = QAction(label, menu)
        action.setObjectName(f"link_style_{style.value}")
        action.setCheckable(True)
        action.setData(style.value)
        action.triggered.connect(lambda _c=False, s=style: _choose_style(window, s, group))
        group.addAction(action)
        menu.addAction(action)
    _check_current_style(group)
    return menu


def install_link_commands(window: MainWindow) -> None:
    """Wire the link commands into an existing window."""
    reader = window.reader
    reader.status_message.connect(lambda text: window.statusBar().showMessage(text, MESSAGE_MS))
    window.commands.connect({
        "copy_paragraph_link": reader.copy_paragraph_link,
        "copy_cable_link": reader.copy_cable_link,
    })
    copy_action = window.commands["copy_cable_link"]
    edit_menu = next(
        (a.menu() for a in window.menuBar().actions() if a.menu() and a.text() == "&Edit"), None
    )
    if isinstance(edit_menu, QMenu):
        edit_menu.insertMenu(copy_action, link_style_menu(window))
    opener = PasteOpener(window)
    for widget in (window.table, reader.body_pane, reader.header_pane):
        widget.installEventFilter(opener)
    window.paste_opener = opener  # type: ignore[attr-defined]


def accepts_link_drop(mime: Any) -> str | None:
    """The text of a dropped link (a URL from a browser, or plain text) if it is one."""
    candidates = [u.toString() for u in mime.urls() if not u.isLocalFile()]
    if mime.hasText():
        candidates.append(mime.text())
    return next((c for c in candidates if parse_link(c) is not None), None)
