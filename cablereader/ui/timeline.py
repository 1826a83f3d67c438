"""A histogram of the current results over time, drawn with QPainter.

PySide6-Essentials has no QtCharts, and a chart library would be a large dependency for
one row of bars, so this is a small widget of its own. It draws the counts it is given
(creation months or release days, both counted by the store off the GUI thread) and lets
the reader pick a span by clicking one bar or dragging across several; the window turns
that span into `from:`/`to:` in the search field, so the filter is visible and editable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSizePolicy,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

BAR_AREA_HEIGHT = 56
AXIS_HEIGHT = 16


class TimelineMode(StrEnum):
    MONTH = "month"
    RELEASE_DAY = "release-day"


def _next_key(key: str, mode: TimelineMode) -> str:
    if mode is TimelineMode.MONTH:
        year, month = int(key[:4]), int(key[5:7])
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return f"{year:04d}-{month:02d}"
    day = dt.date.fromisoformat(key) + dt.timedelta(days=1)
    return day.isoformat()


def fill_buckets(counts: Sequence[tuple[str, int]], mode: TimelineMode) -> list[tuple[str, int]]:
    """Every month (or day) from the first to the last with a count, gaps as zero, so
    the bars stand at even steps of time."""
    known = {key: n for key, n in counts if key}
    if not known:
        return []
    first, last = min(known), max(known)
    buckets: list[tuple[str, int]] = []
    key = first
    while key <= last:
        buckets.append((key, known.get(key, 0)))
        key = _next_key(key, mode)
    return buckets


def bar_colour(palette: QPalette) -> QColor:
    """Between the text and the background colours: plainly visible in light and dark
    palettes alike (QPalette.Mid nearly vanished on a dark base), and never mistaken for
    the highlight that marks the chosen span."""
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    return QColor(
        (text.red() * 3 + base.red() * 2) // 5,
        (text.green() * 3 + base.green() * 2) // 5,
        (text.blue() * 3 + base.blue() * 2) // 5,
    )


class Histogram(QWidget):
    """The bars; emits `span_chosen(first_key, last_key)` after a click or a drag."""

    span_chosen = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineBars")
        self.setMouseTracking(True)
        self.setMinimumHeight(BAR_AREA_HEIGHT + AXIS_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.mode = TimelineMode.MONTH
        self.buckets: list[tuple[str, int]] = []
        self.span: tuple[str, str] | None = None
        self._drag_from: int | None = None
        self._drag_to: int | None = None

    def sizeHint(self) -> QSize:
        return QSize(400, BAR_AREA_HEIGHT + AXIS_HEIGHT + 4)

    def set_counts(self, counts: Sequence[tuple[str, int]], mode: TimelineMode) -> None:
        self.mode = mode
        self.buckets = fill_buckets(counts, mode)
        self.update()

    def set_span(self, span: tuple[str, str] | None) -> None:
        self.span = span
        self.update()

    # -- geometry ------------------------------------------------------------------------

    def _bar_rect(self, index: int) -> QRect:
        width = self._step()
        left = int(index * width)
        right = int((index + 1) * width)
        return QRect(left, 0, max(1, right - left), BAR_AREA_HEIGHT)

    def _step(self) -> float:
        return max(1.0, self.width() / max(1, len(self.buckets)))

    def bucket_at(self, x: int) -> int | None:
        """The bar drawn at x. Bars start at whole pixels (int(index * step)), so the
        index is corrected by one where rounding put x in the neighbour's pixels; else a
        click on a bar's first pixel picked the bar before it."""
        if not self.buckets:
            return None
        step = self._step()
        index = int(x / step)
        if int((index + 1) * step) <= x:
            index += 1
        elif int(index * step) > x:
            index -= 1
        return min(max(index, 0), len(self.buckets) - 1)

    def bar_center(self, index: int) -> QPoint:
        """The middle of bar `index` as drawn, for tests and for tooltips."""
        rect = self._bar_rect(index)
        return QPoint((rect.left() + rect.left() + rect.width()) // 2, rect.center().y())

    # -- painting ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        if not self.buckets:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No cables to chart")
            painter.end()
            return
        top = max(n for _, n in self.buckets) or 1
        chosen = self._chosen_indexes()
        bar = bar_colour(palette)
        selected = palette.color(QPalette.ColorRole.Highlight)
        for index, (_, count) in enumerate(self.buckets):
            if not count:
                continue
            rect = self._bar_rect(index)
            height = max(1, round(count / top * (BAR_AREA_HEIGHT - 4)))
            rect.setTop(BAR_AREA_HEIGHT - height)
            painter.fillRect(rect.adjusted(0, 0, -1 if rect.width() > 3 else 0, 0),
                             selected if index in chosen else bar)
        self._draw_axis(painter)
        painter.end()

    def _chosen_indexes(self) -> set[int]:
        if self._drag_from is not None and self._drag_to is not None:
            low, high = sorted((self._drag_from, self._drag_to))
            return set(range(low, high + 1))
        if self.span is None:
            return set()
        first, last = self.span
        return {i for i, (key, _) in enumerate(self.buckets) if first <= key[: len(first)]
                and key[: len(last)] <= last}

    def _draw_axis(self, painter: QPainter) -> None:
        """Years under the bars; months (or days) as well when few enough fit."""
        palette = self.palette()
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        metrics = painter.fontMetrics()
        step = self.width() / max(1, len(self.buckets))
        zoomed = step >= metrics.horizontalAdvance("2000-00") + 6
        last_right = -1000  # the first label always has room
        for index, (key, _) in enumerate(self.buckets):
            new_year = index == 0 or key[:4] != self.buckets[index - 1][0][:4]
            label = key[:7] if zoomed and self.mode is TimelineMode.MONTH else key[:4]
            if zoomed and self.mode is TimelineMode.RELEASE_DAY:
                label = key[5:10]
            if not (zoomed or new_year):
                continue
            rect = self._bar_rect(index)
            width = metrics.horizontalAdvance(label)
            if rect.left() <= last_right + 6 or rect.left() + width > self.width():
                continue
            painter.drawText(rect.left(), BAR_AREA_HEIGHT + metrics.ascent() + 2, label)
            last_right = rect.left() + width

    # -- mouse ---------------------------------------------------------------------------

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self.bucket_at(int(event.position().x()))
        if index is None:
            return
        if self._drag_from is not None:
            self._drag_to = index
            self.update()
        key, count = self.buckets[index]
        QToolTip.showText(event.globalPosition().toPoint(), f"{key}: {count:,} cables", self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.bucket_at(int(event.position().x()))
        if event.button() is Qt.MouseButton.LeftButton and index is not None:
            self._drag_from = self._drag_to = index
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is None or self._drag_to is None:
            return
        released_at = self.bucket_at(int(event.position().x()))
        if released_at is not None:  # a quick drag may end without a move on the last bar
            self._drag_to = released_at
        low, high = sorted((self._drag_from, self._drag_to))
        self._drag_from = self._drag_to = None
        first, last = self.buckets[low][0], self.buckets[high][0]
        self.span = (first, last)
        self.update()
        self.span_chosen.emit(first, last)

    def count_text(self, index: int) -> str:
        key, count = self.buckets[index]
        return f"{key}: {count:,} cables"


class Timeline(QWidget):
    """The histogram with its switch (creation month or release day) and a Clear button.

    `mode_changed` asks the window for the other counts; `span_chosen` carries the span
    picked; `span_cleared` asks the window to drop the date filter.
    """

    mode_changed = Signal(str)
    span_chosen = Signal(str, str)
    span_cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self.bars = Histogram(self)
        self.bars.span_chosen.connect(self._on_span)
        title = QLabel("Timeline")
        title.setTextFormat(Qt.TextFormat.PlainText)
        self.by_month = QRadioButton("By month created")
        self.by_month.setObjectName("timelineByMonth")
        self.by_release = QRadioButton("By day released")
        self.by_release.setObjectName("timelineByRelease")
        self.by_month.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.by_month)
        group.addButton(self.by_release)
        self.by_month.toggled.connect(self._on_mode)
        self.span_label = QLabel("")
        self.span_label.setTextFormat(Qt.TextFormat.PlainText)
        self.clear_button = QToolButton()
        self.clear_button.setObjectName("timelineClear")
        self.clear_button.setText("Clear dates")
        self.clear_button.setToolTip("Show every date again")
        self.clear_button.setEnabled(False)
        self.clear_button.clicked.connect(self._on_clear)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (title, self.by_month, self.by_release):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.span_label)
        row.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.bars)

    @property
    def mode(self) -> TimelineMode:
        return TimelineMode.MONTH if self.by_month.isChecked() else TimelineMode.RELEASE_DAY

    def set_mode(self, mode: TimelineMode) -> None:
        """Switch without a click (a remembered choice); emits mode_changed if it changes."""
        (self.by_month if mode is TimelineMode.MONTH else self.by_release).setChecked(True)

    def set_counts(self, counts: Sequence[tuple[str, int]]) -> None:
        self.bars.set_counts(counts, self.mode)

    @property
    def total(self) -> int:
        """The cables the bars stand for."""
        return sum(n for _, n in self.bars.buckets)

    def set_span(self, span: tuple[str, str] | None) -> None:
        """Show the date filter the search holds (None: no date filter)."""
        self.bars.set_span(span)
        self.clear_button.setEnabled(span is not None)
        if span is None:
            self.span_label.setText("")
        else:
            first, last = span
            if not first:
                text = f"until {last}"
            elif last == "~":
                text = f"from {first}"
            else:
                text = first if first == last else f"{first} to {last}"
            self.span_label.setText(text)

    def _on_span(self, first: str, last: str) -> None:
        self.set_span((first, last))
        self.span_chosen.emit(first, last)

    def _on_clear(self) -> None:
        self.set_span(None)
        self.span_cleared.emit()

    def _on_mode(self) -> None:
        self.mode_changed.emit(str(self.mode))
