"""The compact box above a cable, like the site's: who, when, how secret, which version."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cablereader.core.version_labels import version_label
from cablereader.store.api import StoredCable
from cablereader.ui.elided_label import ElidedLabel, plain_tooltip
from cablereader.ui.theme import muted_for

# Background colours by level: readers judge sensitivity at a glance, as on the site.
CLASSIFICATION_COLOURS = {
    "UNCLASSIFIED": "#2e7d32",
    "CONFIDENTIAL": "#1565c0",
    "SECRET": "#c62828",
}
_FIELDS = ("Reference ID", "Created", "Released", "Classification", "Origin")


def classification_colour(classification: str) -> str:
    level = classification.split("//", 1)[0].strip().upper()
    return CLASSIFICATION_COLOURS.get(level, "#616161")


def _plain(label: QLabel) -> QLabel:
    """Cable fields are untrusted text: never let QLabel guess they are rich text."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ReferenceBox(QWidget):
    """Emits `version_chosen(version_id)` when the reader picks another version, and
    `compare_requested` / `source_requested` for its Compare… and Source… buttons."""

    version_chosen = Signal(int)
    compare_requested = Signal()
    source_requested = Signal()
    shown = Signal()  # a cable (or another version of it) is now shown

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("referenceBox")
        # Never let the box's natural width dictate the reader's: the splitter decides.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(2)
        self.values: dict[str, ElidedLabel] = {}
        self.titles: list[QLabel] = []
        # Three bands of two columns, so the box fits a reader pane of ~400 pixels; a
        # value too long for its column is elided, with the whole in its tooltip.
        for number, name in enumerate(_FIELDS):
            band, column = divmod(number, 2)
            title = QLabel(name)
            title.setObjectName("refLabel" + name.replace(" ", ""))
            self.titles.append(title)
            grid.addWidget(title, band * 2, column)
            value = ElidedLabel("—")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setObjectName("ref" + name.replace(" ", ""))
            grid.addWidget(value, band * 2 + 1, column)
            self.values[name] = value
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.banner = _plain(QLabel("This record is a partial extract of the original cable."))
        self.banner.setObjectName("partialBanner")
        self.banner.setStyleSheet(
            "background-color: #fff3cd; color: #664d03; padding: 4px; border-radius: 3px;"
        )
        self.banner.hide()
        self.versions_label = _plain(QLabel(""))
        self.versions_label.setObjectName("versionsLabel")
        self.version_combo = QComboBox()
        self.version_combo.setObjectName("versionCombo")
        self.version_combo.setMinimumContentsLength(8)
        self.version_combo.activated.connect(self._on_activated)
        self.compare_button = QPushButton("Compare…")
        self.compare_button.setObjectName("compareVersions")
        self.compare_button.setToolTip("Compare two versions of this cable (Ctrl+Shift+D)")
        self.compare_button.clicked.connect(self.compare_requested)
        self.source_button = QPushButton("Source…")
        self.source_button.setObjectName("viewSource")
        self.source_button.setToolTip("The raw source this version was read from (Ctrl+U)")
        self.source_button.clicked.connect(self.source_requested)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.compare_button)
        buttons.addWidget(self.source_button)
        buttons.addStretch(1)
        grid.addWidget(self.versions_label, 4, 1)
        grid.addLayout(buttons, 5, 1)
        # The plain labels are long ("2: Cablegate site, Dec 2010 build, released ..."):
        # the menu gets the box's whole width, and its list as much as its longest label.
        grid.addWidget(self.version_combo, 6, 0, 1, 2)
        self.version_combo.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.version_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(grid)
        layout.addWidget(self.banner)
        self._style_titles()

    def _style_titles(self) -> None:
        """Labels in the palette's muted colour, which keeps 4.5:1 contrast (WCAG AA)."""
        colour = muted_for(self.palette()).name()
        for title in self.titles:
            title.setStyleSheet(f"font-weight: bold; color: {colour};")

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._style_titles()

    def show_cable(self, stored: StoredCable) -> None:
        cable = stored.cable
        created = cable.created.replace("T", " ")
        released = (cable.released or "unknown").replace("T", " ")
        self.values["Reference ID"].set_full_text(cable.reference_id)
        approx = " (approx.)" if cable.created_approx else ""
        self.values["Created"].set_full_text(created + approx)
        self.values["Released"].set_full_text(
            released + (" (approx.)" if cable.released_approx else "")
        )
        badge = self.values["Classification"]
        badge.set_full_text(cable.classification)
        badge.setStyleSheet(
            f"background-color: {classification_colour(cable.classification)};"
            " color: white; padding: 1px 6px; border-radius: 3px; font-weight: bold;"
        )
        self.values["Origin"].set_full_text(cable.origin)
        self.banner.setVisible(cable.partial)
        count = len(stored.versions)
        self.versions_label.setText(f"{count} version{'s' if count != 1 else ''}")
        self.version_combo.blockSignals(True)
        self.version_combo.clear()
        for number, version in enumerate(stored.versions, start=1):
            text = version_label(number, version.format, version.build, version.released,
                                 version.imported_at, version.current)
            self.version_combo.addItem(text, version.id)
            self.version_combo.setItemData(
                number - 1, plain_tooltip(text), Qt.ItemDataRole.ToolTipRole
            )
            if version.id == stored.version_id:
                self.version_combo.setCurrentIndex(number - 1)
        self.version_combo.blockSignals(False)
        self.version_combo.setEnabled(count > 1)
        self.version_combo.setToolTip(plain_tooltip(self.version_combo.currentText()) or "")
        view = self.version_combo.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 24)
        self.compare_button.setEnabled(count > 1)
        self.shown.emit()

    def _on_activated(self, index: int) -> None:
        version_id = self.version_combo.itemData(index)
        if version_id is not None:
            self.version_chosen.emit(int(version_id))
