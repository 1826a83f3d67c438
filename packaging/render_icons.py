"""Render cablereader/resources/icons/cablereader.svg to the PNG sizes desktops ask for.

Run after changing the SVG: `QT_QPA_PLATFORM=offscreen python packaging/render_icons.py`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SIZES = (16, 32, 48, 64, 128, 256)
ICONS = Path(__file__).resolve().parent.parent / "cablereader" / "resources" / "icons"


def render() -> list[Path]:
    renderer = QSvgRenderer(str(ICONS / "cablereader.svg"))
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        target = ICONS / f"cablereader-{size}.png"
        image.save(str(target))
        written.append(target)
    return written


if __name__ == "__main__":
    app = QGuiApplication(sys.argv)
    for path in render():
        print(path)
