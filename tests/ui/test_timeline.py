"""The timeline: buckets without gaps, hover counts, a click or a drag picks a span."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from cablereader.ui.timeline import Timeline, TimelineMode, fill_buckets

COUNTS = [("2007-11", 3), ("2008-02", 5), ("2007-12", 1)]


def test_months_are_filled_in_order_with_zero_gaps() -> None:
    assert fill_buckets(COUNTS, TimelineMode.MONTH) == [
        ("2007-11", 3), ("2007-12", 1), ("2008-01", 0), ("2008-02", 5),
    ]


def test_days_are_filled_across_a_month_end() -> None:
    days = [("2010-11-29", 2), ("2010-12-02", 1)]
    assert [k for k, _ in fill_buckets(days, TimelineMode.RELEASE_DAY)] == [
        "2010-11-29", "2010-11-30", "2010-12-01", "2010-12-02",
    ]


def test_no_counts_no_buckets() -> None:
    assert fill_buckets([], TimelineMode.MONTH) == []


def _timeline(qtbot) -> Timeline:
    timeline = Timeline()
    qtbot.addWidget(timeline)
    timeline.resize(600, 110)
    timeline.show()
    qtbot.waitExposed(timeline)
    timeline.set_counts(COUNTS)
    return timeline


def test_a_click_on_a_bar_chooses_its_month(qtbot) -> None:
    timeline = _timeline(qtbot)
    bars = timeline.bars
    assert timeline.objectName() == "timeline"
    with qtbot.waitSignal(timeline.span_chosen) as signal:
        qtbot.mouseClick(bars, Qt.MouseButton.LeftButton, pos=bars.bar_center(3))
    assert signal.args == ["2008-02", "2008-02"]
    assert timeline.clear_button.isEnabled()
    assert timeline.span_label.text() == "2008-02"


def test_a_drag_across_bars_chooses_the_span(qtbot) -> None:
    timeline = _timeline(qtbot)
    bars = timeline.bars
    with qtbot.waitSignal(timeline.span_chosen) as signal:
        qtbot.mousePress(bars, Qt.MouseButton.LeftButton, pos=bars.bar_center(0))
        qtbot.mouseMove(bars, bars.bar_center(2))
        qtbot.mouseRelease(bars, Qt.MouseButton.LeftButton, pos=bars.bar_center(2))
    assert signal.args == ["2007-11", "2008-01"]


def test_hover_text_gives_the_count(qtbot) -> None:
    timeline = _timeline(qtbot)
    index = timeline.bars.bucket_at(timeline.bars.bar_center(1).x())
    assert index == 1
    assert timeline.bars.count_text(index) == "2007-12: 1 cables"


def test_clear_drops_the_span(qtbot) -> None:
    timeline = _timeline(qtbot)
    timeline.set_span(("2007-11", "2007-12"))
    with qtbot.waitSignal(timeline.span_cleared):
        qtbot.mouseClick(timeline.clear_button, Qt.MouseButton.LeftButton)
    assert timeline.bars.span is None
    assert not timeline.clear_button.isEnabled()


def test_switching_to_release_days_asks_for_their_counts(qtbot) -> None:
    timeline = _timeline(qtbot)
    with qtbot.waitSignal(timeline.mode_changed) as signal:
        qtbot.mouseClick(timeline.by_release, Qt.MouseButton.LeftButton,
                         pos=QPoint(5, timeline.by_release.height() // 2))
    assert signal.args == ["release-day"]
    assert timeline.mode is TimelineMode.RELEASE_DAY


def test_every_pixel_of_a_bar_picks_that_bar(qtbot) -> None:
    """Bars start at whole pixels; with ~2.4 pixels a bar, a click on a bar's first pixel
    once picked the bar before it (found clicking months in the window)."""
    timeline = Timeline()
    qtbot.addWidget(timeline)
    timeline.resize(1130, 110)
    timeline.show()
    qtbot.waitExposed(timeline)
    months = [(f"{1972 + i // 12}-{i % 12 + 1:02d}", 1) for i in range(460)]
    timeline.set_counts(months)
    bars = timeline.bars
    for index in range(len(bars.buckets)):
        rect = bars._bar_rect(index)
        for x in range(rect.left(), rect.left() + rect.width()):
            assert bars.bucket_at(x) == index, (index, x)
        assert bars.bucket_at(bars.bar_center(index).x()) == index
