"""View ▸ Theme (system, light or dark), and colours that stay readable in each.

Secondary text (the reference box's labels, "not in your collection", page-break lines)
is drawn in a colour mixed from the palette's text and background, as grey as it can
be while keeping WCAG AA contrast (4.5:1) against that background: a fixed grey such
as #B8B8B8 on #FBFBFB (1.9:1) cannot suit both a light and a dark palette.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from cablereader.ui.window_settings import THEME

THEMES = (("system", "&System"), ("light", "&Light"), ("dark", "&Dark"))
AA_CONTRAST = 4.5
_original: list[QPalette] = []

_DARK = {
    QPalette.ColorRole.Window: "#2b2b2b",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1e1e1e",
    QPalette.ColorRole.AlternateBase: "#262626",
    QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Button: "#353535",
    QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.Highlight: "#2f65ca",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#7fb3ff",
    QPalette.ColorRole.LinkVisited: "#c09cff",
    QPalette.ColorRole.ToolTipBase: "#353535",
    QPalette.ColorRole.ToolTipText: "#e6e6e6",
    QPalette.ColorRole.PlaceholderText: "#a0a0a0",
    QPalette.ColorRole.Mid: "#9a9a9a",
    QPalette.ColorRole.Light: "#505050",
    QPalette.ColorRole.Midlight: "#404040",
    QPalette.ColorRole.Dark: "#181818",
    QPalette.ColorRole.Shadow: "#000000",
}
_LIGHT = {
    QPalette.ColorRole.Window: "#efefef",
    QPalette.ColorRole.WindowText: "#1a1a1a",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#f5f5f5",
    QPalette.ColorRole.Text: "#1a1a1a",
    QPalette.ColorRole.Button: "#e6e6e6",
    QPalette.ColorRole.ButtonText: "#1a1a1a",
    QPalette.ColorRole.Highlight: "#2f65ca",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#0b57d0",
    QPalette.ColorRole.LinkVisited: "#6a3ab2",
    QPalette.ColorRole.ToolTipBase: "#ffffdc",
    QPalette.ColorRole.ToolTipText: "#1a1a1a",
    QPalette.ColorRole.PlaceholderText: "#6b6b6b",
    QPalette.ColorRole.Mid: "#a0a0a0",
    QPalette.ColorRole.Light: "#ffffff",
    QPalette.ColorRole.Midlight: "#f0f0f0",
    QPalette.ColorRole.Dark: "#a0a0a0",
    QPalette.ColorRole.Shadow: "#505050",
}


def _palette(colours: dict[QPalette.ColorRole, str]) -> QPalette:
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    disabled = QColor(colours[QPalette.ColorRole.PlaceholderText])
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def dark_palette() -> QPalette:
    return _palette(_DARK)


def light_palette() -> QPalette:
    return _palette(_LIGHT)


def luminance(colour: QColor) -> float:
    """WCAG relative luminance."""
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast(first: QColor, second: QColor) -> float:
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def muted(text: QColor, background: QColor, minimum: float = AA_CONTRAST + 0.2) -> QColor:
    """As far from `text` toward `background` as keeps `minimum` contrast with it."""
    for step in range(60, -1, -2):
        share = step / 100
        mixed = QColor.fromRgbF(
            text.redF() * (1 - share) + background.redF() * share,
            text.greenF() * (1 - share) + background.greenF() * share,
            text.blueF() * (1 - share) + background.blueF() * share,
        )
        if contrast(mixed, background) >= minimum:
            return mixed
    return QColor(text)


def muted_for(palette: QPalette, on_base: bool = False) -> QColor:
    """Secondary text over the window (labels) or over text panes (notes)."""
    if on_base:
        return muted(palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base))
    return muted(palette.color(QPalette.ColorRole.WindowText),
                 palette.color(QPalette.ColorRole.Window))


def apply_theme(name: str) -> None:
    app = QApplication.instance()
    if not isinstance(app, QGuiApplication):
        return
    if not _original:
        _original.append(QGuiApplication.palette())
    if name == "dark":
        QGuiApplication.setPalette(dark_palette())
    elif name == "light":
        QGuiApplication.setPalette(light_palette())
    else:
        QGuiApplication.setPalette(_original[0])


def install_theme_menu(view_menu: QMenu, parent: QWidget) -> QActionGroup:
    """View ▸ Theme, remembered; applying the saved theme at start is the app's call."""
    menu = view_menu.addMenu("&Theme")
    menu.setObjectName("themeMenu")
    group = QActionGroup(parent)
    current = THEME.get()
    for name, label in THEMES:
        action = QAction(label, parent)
        action.setObjectName(f"theme_{name}")
        action.setCheckable(True)
        action.setChecked(name == current)
        action.triggered.connect(lambda _c=False, n=name: choose_theme(n))
        group.addAction(action)
        menu.addAction(action)
    return group


def choose_theme(name: str) -> None:
    THEME.set(name)
    apply_theme(name)
