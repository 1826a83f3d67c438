"""The browse panel's tick boxes can be seen in the light and the dark theme alike."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from cablereader.ui.theme import apply_theme


def _box_lightness(qtbot, window) -> tuple[int, int]:
    """Lightest and darkest pixel where the first origin's tick box is drawn."""
    qtbot.waitUntil(lambda: window.facets.up_to_date)  # the values come with the counts
    tree = window.facets.tree
    model = tree.model()
    section = model.index(0, 0)
    tree.expand(section)
    index = model.index(0, 0, section)
    qtbot.waitUntil(lambda: not tree.visualRect(index).isEmpty())  # laid out after expand
    option = QStyleOptionViewItem()
    tree.initViewItemOption(option)
    option.rect = tree.visualRect(index)
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    box = tree.style().subElementRect(
        QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, tree
    )
    assert box.width() > 4 and box.height() > 4
    image: QImage = tree.viewport().grab(box).toImage()
    values = [
        QColor(image.pixel(x, y)).lightness()
        for x in range(image.width())
        for y in range(image.height())
    ]
    return max(values), min(values)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_tick_boxes_stand_out_from_the_tree(qtbot, window, theme: str) -> None:
    apply_theme(theme)
    try:
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        lightest, darkest = _box_lightness(qtbot, window)
        # An outline in the text colour on the base: a strong contrast inside the box area.
        assert lightest - darkest > 120, (theme, lightest, darkest)
    finally:
        apply_theme("system")
