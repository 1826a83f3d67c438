"""Compare… : two versions of one cable side by side or inline, changes called out.

The comparison itself is `core.version_diff`; this dialog only lays it out. Every piece of
cable text goes through `html.escape` before it joins the markup, so a version's text is
shown as the characters it is. Each ¶ label copies that paragraph's link in the version it
belongs to, exactly as the reader's ¶ does.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from PySide6.QtCore import QUrl
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cablereader.core.model import Cable, Paragraph
from cablereader.core.version_diff import (
    ChangeKind,
    ParagraphPair,
    Segment,
    align_paragraphs,
    is_redaction,
    metadata_changes,
    words,
)
from cablereader.core.version_labels import version_label
from cablereader.store.api import VersionInfo

LoadVersion = Callable[[int], Cable]
CopyLink = Callable[[Cable, Paragraph], None]

_LIGHT = {"del": "#ffd7d5", "ins": "#ccf0d4", "lifted": "#fff1b8", "text": "#1a1a1a"}
_DARK = {"del": "#6b2622", "ins": "#1f5a2e", "lifted": "#5c4b00", "text": "#f0f0f0"}
_FIELD_NAMES = {
    ChangeKind.SUBJECT: "Subject",
    ChangeKind.CLASSIFICATION: "Classification",
    ChangeKind.TAGS: "Tags",
    ChangeKind.CREATED: "Created",
    ChangeKind.RELEASED: "Released",
    ChangeKind.ORIGIN: "Origin",
}


def _is_redaction_lift(old: str, new: str) -> bool:
    return any(is_redaction(w) for w in words(old)) and not any(
        is_redaction(w) for w in words(new)
    )


def _redaction_note(old: str, new: str) -> str | None:
    """What a replacement means for redactions, when it is about one."""
    if _is_redaction_lift(old, new):
        return "[redaction lifted]"
    if _is_redaction_lift(new, old):
        return "[newly redacted]"
    return None


def _segments_html(segments: Sequence[Segment], side: str, colours: dict[str, str]) -> str:
    """One side ('old', 'new') or both ('inline') of a paragraph's word diff."""
    parts: list[str] = []
    items = list(segments)
    for index, segment in enumerate(items):
        text = html.escape(segment.text)
        if segment.op == "equal":
            parts.append(text)
            continue
        shown = side == "inline" or (side == "old") == (segment.op == "delete")
        if not shown:
            continue
        colour = colours["del"] if segment.op == "delete" else colours["ins"]
        style = f"background-color:{colour}; color:{colours['text']}"
        if segment.op == "delete":
            style += "; text-decoration: line-through"
            following = items[index + 1] if index + 1 < len(items) else None
            note = (
                _redaction_note(segment.text, following.text)
                if following is not None and following.op == "insert" else None
            )
            if note:
                style = f"background-color:{colours['lifted']}; color:{colours['text']}"
                text += f" <i>{note}</i>"
        parts.append(f"<span style='{style}'>{text}</span>")
    return " ".join(parts)


def _pair_html(
    pair: ParagraphPair, index: int, side: str, change_number: int | None, colours: dict[str, str]
) -> str:
    paragraph = pair.new if side == "new" else pair.old
    if side == "inline":
        paragraph = pair.new or pair.old
    if paragraph is None:
        return "<p>&nbsp;</p>"
    version = "new" if (side == "new" or (side == "inline" and pair.new)) else "old"
    label = ""
    if paragraph.anchor:
        number = html.escape(paragraph.number or paragraph.anchor.removeprefix("par"))
        label = (
            f"<a href='copy:{version}:{index}' title='Copy link to ¶{number}'>¶{number}</a> "
        )
    marker = f"<a name='change{change_number}'></a>" if change_number is not None else ""
    return f"<p>{marker}{label}{_segments_html(pair.segments, side, colours)}</p>"


class VersionCompareDialog(QDialog):
    """Pick two versions; see the metadata table and the aligned, marked-up paragraphs."""

    def __init__(
        self,
        versions: Sequence[VersionInfo],
        load_version: LoadVersion,
        copy_link: CopyLink,
        dark: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("versionCompare")
        self.setWindowTitle("Compare versions")
        self.resize(1100, 700)
        self._versions = list(versions)
        self._load = load_version
        self._copy_link = copy_link
        self._colours = _DARK if dark else _LIGHT
        self._pairs: list[ParagraphPair] = []
        self._old: Cable | None = None
        self._new: Cable | None = None
        self.change_count = 0
        self.current_change = -1

        self.from_combo, self.to_combo = QComboBox(), QComboBox()
        self.from_combo.setObjectName("compareFrom")
        self.to_combo.setObjectName("compareTo")
        for number, version in enumerate(self._versions, start=1):
            label = version_label(number, version.format, version.build, version.released,
                                  version.imported_at, version.current)
            self.from_combo.addItem(label, version.id)
            self.to_combo.addItem(label, version.id)
        self.from_combo.setCurrentIndex(max(0, len(self._versions) - 2))
        self.to_combo.setCurrentIndex(len(self._versions) - 1)
        self.side_by_side = QRadioButton("Side by side")
        self.inline = QRadioButton("Inline")
        self.side_by_side.setChecked(True)
        self.summary = QLabel("")
        self.summary.setObjectName("compareSummary")
        self.metadata = QTableWidget(0, 3)
        self.metadata.setObjectName("compareMetadata")
        self.metadata.setHorizontalHeaderLabels(["Field", "Before", "After"])
        self.metadata.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.metadata.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.metadata.verticalHeader().hide()
        self.old_view, self.new_view = QTextBrowser(), QTextBrowser()
        self.inline_view = QTextBrowser()
        for name, view in (("compareOld", self.old_view), ("compareNew", self.new_view),
                           ("compareInline", self.inline_view)):
            view.setObjectName(name)
            view.setOpenLinks(False)
            view.anchorClicked.connect(self._on_anchor)
        self.old_view.verticalScrollBar().valueChanged.connect(
            self.new_view.verticalScrollBar().setValue
        )
        self.sides = QSplitter()
        self.sides.addWidget(self.old_view)
        self.sides.addWidget(self.new_view)
        self.previous_button = QPushButton("Previous change")
        self.next_button = QPushButton("Next change")
        self.previous_button.setToolTip("Previous change (P or Shift+F8)")
        self.next_button.setToolTip("Next change (N or F8)")
        self.previous_button.clicked.connect(self.previous_change)
        self.next_button.clicked.connect(self.next_change)
        for keys, slot in (("N", self.next_change), ("F8", self.next_change),
                           ("P", self.previous_change), ("Shift+F8", self.previous_change)):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)

        top = QHBoxLayout()
        for widget in (QLabel("From"), self.from_combo, QLabel("to"), self.to_combo,
                       self.side_by_side, self.inline):
            top.addWidget(widget)
        top.addStretch(1)
        steps = QHBoxLayout()
        steps.addWidget(self.summary, 1)
        steps.addWidget(self.previous_button)
        steps.addWidget(self.next_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.metadata)
        layout.addLayout(steps)
        layout.addWidget(self.sides, 1)
        layout.addWidget(self.inline_view, 1)
        layout.addWidget(buttons)

        self.from_combo.currentIndexChanged.connect(self.refresh)
        self.to_combo.currentIndexChanged.connect(self.refresh)
        self.side_by_side.toggled.connect(self._show_mode)
        self.refresh()
        self._show_mode()

    def _show_mode(self) -> None:
        self.sides.setVisible(self.side_by_side.isChecked())
        self.inline_view.setVisible(not self.side_by_side.isChecked())

    def refresh(self) -> None:
        """Compare the two chosen versions again."""
        self._old = self._load(int(self.from_combo.currentData()))
        self._new = self._load(int(self.to_combo.currentData()))
        self._pairs = align_paragraphs(self._old.paragraphs, self._new.paragraphs)
        self._fill_metadata(self._old, self._new)
        html_old, html_new, html_inline = [], [], []
        number = 0
        for index, pair in enumerate(self._pairs):
            change = number if pair.changed else None
            number += 1 if pair.changed else 0
            html_old.append(_pair_html(pair, index, "old", change, self._colours))
            html_new.append(_pair_html(pair, index, "new", change, self._colours))
            html_inline.append(_pair_html(pair, index, "inline", change, self._colours))
        self.change_count = number
        self.current_change = -1
        style = "<body style='white-space: pre-wrap; font-family: monospace'>"
        self.old_view.setHtml(style + "".join(html_old) + "</body>")
        self.new_view.setHtml(style + "".join(html_new) + "</body>")
        self.inline_view.setHtml(style + "".join(html_inline) + "</body>")
        fields = self.metadata.rowCount()
        self.summary.setText(
            f"{number} changed paragraph{'s' if number != 1 else ''}, "
            f"{fields} changed field{'s' if fields != 1 else ''}"
        )

    def _fill_metadata(self, old: Cable, new: Cable) -> None:
        changes = metadata_changes(old, new)
        self.metadata.setRowCount(len(changes))
        self.metadata.setVisible(bool(changes))  # an empty table read as a broken one
        for row, change in enumerate(changes):
            for column, text in enumerate((_FIELD_NAMES[change.kind], change.old, change.new)):
                item = QTableWidgetItem(text)  # table items are plain text
                item.setToolTip("")
                self.metadata.setItem(row, column, item)
        # As tall as its rows (up to six, then it scrolls): no empty band under one change.
        rows = sum(self.metadata.rowHeight(r) for r in range(min(len(changes), 6)))
        frame = 2 * self.metadata.frameWidth()
        self.metadata.setFixedHeight(self.metadata.horizontalHeader().sizeHint().height()
                                     + rows + frame)

    def _views(self) -> list[QTextBrowser]:
        return [self.old_view, self.new_view] if self.side_by_side.isChecked() else [
            self.inline_view
        ]

    def _go_to(self, number: int) -> None:
        if not self.change_count:
            self.summary.setText("No changes between these versions")
            return
        self.current_change = number % self.change_count
        for view in self._views():
            view.scrollToAnchor(f"change{self.current_change}")
        self.summary.setText(f"Change {self.current_change + 1} of {self.change_count}")

    def next_change(self) -> None:
        self._go_to(self.current_change + 1)

    def previous_change(self) -> None:
        self._go_to(self.current_change - 1 if self.current_change >= 0 else -1)

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() != "copy":
            return
        side, _, index_text = url.path().partition(":")
        pair = self._pairs[int(index_text)]
        cable = self._new if side == "new" else self._old
        paragraph = pair.new if side == "new" else pair.old
        if cable is not None and paragraph is not None:
            self._copy_link(cable, paragraph)
