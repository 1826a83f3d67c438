"""The window's link commands: copy paragraph and cable links, choose the link style,
open links pasted onto the list or the reader, and explain cables not in the store.

A separate module so the main window only wires it in; everything about link formats
stays in `core.links` and the clipboard in `ui.clipboard`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QActionGroup, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox

from cablereader.core.links import UrlStyle, parse_link
from cablereader.ui.clipboard import clipboard_text
from cablereader.ui.reader.paragraph_links import STYLE_LABELS, link_settings, save_link_settings

if TYPE_CHECKING:
    from cablereader.ui.window_api import CableWindow

MESSAGE_MS = 8000


def open_link_text(window: CableWindow, text: str) -> bool:
    """Open whatever link form the text holds; say so in the status bar when it holds none."""
    link = parse_link(text)
    if link is None:
        window.statusBar().showMessage(f"Not a cable reference or link: {text[:80]}", MESSAGE_MS)
        return False
    return window.open_cable(link.reference_id, link.anchor)


def explain_missing(window: CableWindow, reference_id: str) -> None:
    """A cable that is not in the store: a banner in the reader with its public page
    (not a modal box, which blocked every shortcut), and a line in the status bar."""
    window.reader.show_missing(reference_id)
    window.statusBar().showMessage(f"{reference_id.upper()} is not in your collection", MESSAGE_MS)


class PasteOpener(QObject):
    """Ctrl+V on the list or the reader (where nothing can be pasted) opens a link."""

    def __init__(self, window: CableWindow) -> None:
        super().__init__(window.as_widget())
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


def _choose_style(window: CableWindow, style: UrlStyle, group: QActionGroup) -> None:
    template = ""
    if style is UrlStyle.CUSTOM:
        current = link_settings().template or "https://example.org/{year}/{month}/{refid}#{anchor}"
        template, accepted = QInputDialog.getText(
            window.as_widget(), "Custom link template",
            "Template with {refid}, {year}, {month} and {anchor}:", text=current,
        )
        try:
            if not accepted:
                raise ValueError("cancelled")
            save_link_settings(style, template)
        except ValueError as error:
            if accepted:
                QMessageBox.warning(window.as_widget(), "Custom link template", str(error))
            _check_current_style(group)
            return
    else:
        save_link_settings(style)
    window.statusBar().showMessage(f"Links now use: {dict(STYLE_LABELS)[style]}", MESSAGE_MS)


def _check_current_style(group: QActionGroup) -> None:
    current = link_settings().style.value
    for action in group.actions():
        action.setChecked(action.data() == current)


def link_style_menu(window: CableWindow) -> QMenu:
    menu = QMenu("Link &style", window.as_widget())
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


def install_link_commands(window: CableWindow) -> None:
    """Wire the link commands into an existing window."""
    reader = window.reader
    reader.status_message.connect(lambda text: window.statusBar().showMessage(text, MESSAGE_MS))
    window.commands.connect({
        "copy_paragraph_link": reader.copy_paragraph_link,
        "copy_cable_link": reader.copy_cable_link,
    })
    copy_action = window.commands["copy_cable_link"]
    window.commands.menu("&Edit").insertMenu(copy_action, link_style_menu(window))
    opener = PasteOpener(window)  # kept alive by its parent, the window
    for widget in (window.table, reader.body_pane, reader.header_pane):
        widget.installEventFilter(opener)


def accepts_link_drop(mime: Any) -> str | None:
    """The text of a dropped link (a URL from a browser, or plain text) if it is one."""
    candidates = [u.toString() for u in mime.urls() if not u.isLocalFile()]
    if mime.hasText():
        candidates.append(mime.text())
    return next((c for c in candidates if parse_link(c) is not None), None)
