"""Issue 15 in the window, driven as a user would: plain version labels, Compare… and
Source… from the reference box and the keyboard, the timeline following every search and
browse change (its counts checked against the store), its date filter in the search field,
and "Changed between versions" in the browse panel."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from cablereader.core.query import parse_query
from cablereader.core.version_labels import version_label
from cablereader.store.api import CableFilter, Facet
from cablereader.ui.main_window import MainWindow
from cablereader.ui.source_view import SourceDialog
from cablereader.ui.theme import apply_theme, contrast
from cablereader.ui.timeline import TimelineMode, bar_colour
from cablereader.ui.version_compare import VersionCompareDialog

THREE_VERSIONS = "09BEIJING2438"  # the Dec 2010 build redacted a name the Nov build gave
ONE_VERSION = "72TEHRAN4789"


@pytest.fixture
def window(qtbot, corpus_store) -> MainWindow:
    shown = MainWindow(corpus_store)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    qtbot.waitUntil(lambda: shown.facets.up_to_date)
    return shown


def _search(qtbot, window: MainWindow, text: str) -> None:
    """Type into the search field and press Enter; wait until the counts follow."""
    field = window.search_field
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    if text:
        qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.facets.up_to_date)


def _timeline_sum(window: MainWindow) -> int:
    return window.version_commands.timeline.total


def _open(qtbot, window: MainWindow, reference_id: str) -> None:
    """Open a cable and wait until the reference box is laid out, as a reader sees it."""
    assert window.open_cable(reference_id)
    box = window.reader.reference_box
    qtbot.waitUntil(lambda: box.compare_button.height() > 0 and box.source_button.height() > 0)


def _open_dialog(window: MainWindow, kind: type):
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    assert len(found) == 1, found
    return found[0]


# -- versions -------------------------------------------------------------------------------


def test_the_version_menu_names_versions_in_plain_words_and_marks_the_current(
    window, corpus_store
) -> None:
    assert window.open_cable(THREE_VERSIONS)
    combo = window.reader.reference_box.version_combo
    stored = corpus_store.fetch_cable(THREE_VERSIONS)
    expected = [
        version_label(n, v.format, v.build, v.released, v.imported_at, v.current)
        for n, v in enumerate(stored.versions, start=1)
    ]
    assert [combo.itemText(i) for i in range(combo.count())] == expected
    assert combo.currentText().endswith("(current)")
    assert sum(combo.itemText(i).endswith("(current)") for i in range(combo.count())) == 1
    assert not any("site-page" in text for text in expected)
    assert any("Cablegate site, Dec 2010 build" in text for text in expected)


def test_compare_is_offered_only_with_two_versions(window) -> None:
    box = window.reader.reference_box
    assert window.open_cable(ONE_VERSION)
    assert not box.compare_button.isEnabled()
    assert not window.commands["compare_versions"].isEnabled()
    assert window.commands["view_source"].isEnabled()
    assert window.open_cable(THREE_VERSIONS)
    assert box.compare_button.isEnabled() and window.commands["compare_versions"].isEnabled()


def test_the_compare_button_opens_the_comparison_of_the_cable(qtbot, window) -> None:
    _open(qtbot, window, THREE_VERSIONS)
    qtbot.mouseClick(window.reader.reference_box.compare_button, Qt.MouseButton.LeftButton)
    dialog = _open_dialog(window, VersionCompareDialog)
    assert dialog.objectName() == "versionCompare"
    assert dialog.from_combo.count() == 3
    # Nov 2010 named him, Dec 2010 redacted the name: called out as such.
    assert "[newly redacted]" in dialog.old_view.toPlainText()
    assert dialog.change_count >= 1
    qtbot.waitUntil(dialog.isActiveWindow)  # opened dialogs take the keys
    qtbot.keyClick(dialog, Qt.Key.Key_N)
    assert dialog.summary.text().startswith("Change 1 of")
    dialog.close()


def test_a_paragraph_label_in_the_comparison_copies_that_versions_link(qtbot, window) -> None:
    assert window.open_cable(THREE_VERSIONS)
    window.commands["compare_versions"].trigger()
    dialog = _open_dialog(window, VersionCompareDialog)
    QGuiApplication.clipboard().clear()
    index = next(i for i, p in enumerate(dialog._pairs) if p.new and p.new.anchor == "par2")
    dialog.new_view.anchorClicked.emit(QUrl(f"copy:new:{index}"))
    assert QGuiApplication.clipboard().text().endswith(f"/{THREE_VERSIONS}.html#par2")
    assert window.reader.links.cable is window.reader.current.cable  # the reader's own again
    dialog.close()


def test_keys_open_the_comparison_and_the_source(qtbot, window, corpus_store) -> None:
    assert window.open_cable(THREE_VERSIONS)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_D,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    _open_dialog(window, VersionCompareDialog).close()
    qtbot.waitUntil(lambda: window.version_commands.compare_dialog is None)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.table, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    source = _open_dialog(window, SourceDialog)
    source.close()


def test_the_source_button_shows_the_shown_versions_bytes_as_plain_text(
    qtbot, window, corpus_store
) -> None:
    _open(qtbot, window, THREE_VERSIONS)
    box = window.reader.reference_box
    first = box.version_combo.itemData(0)
    box.version_combo.setCurrentIndex(0)
    box.version_combo.activated.emit(0)  # as picking it in the menu does
    assert window.reader.current.version_id == first
    qtbot.mouseClick(box.source_button, Qt.MouseButton.LeftButton)
    dialog = _open_dialog(window, SourceDialog)
    text = dialog.findChild(QPlainTextEdit, "sourceText")
    assert text.isReadOnly()
    assert text.toPlainText() == corpus_store.raw_source(first).decode("utf-8", "replace")
    dialog.close()


# -- timeline -------------------------------------------------------------------------------


@pytest.mark.parametrize("search", ["", "iran", "origin:paris OR tag:PGOV", "-nuclear"])
def test_the_timeline_adds_up_to_the_list_for_every_search(
    qtbot, window, corpus_store, search: str
) -> None:
    _search(qtbot, window, search)
    flt = window.list_model.cable_filter
    assert _timeline_sum(window) == corpus_store.count(flt) == window.list_model.rowCount()
    months = dict(window.version_commands.timeline.bars.buckets)
    by_month = dict(corpus_store.facet_counts(Facet.MONTH, flt))
    assert {k: n for k, n in months.items() if n} == by_month


def test_the_timeline_follows_browse_clicks_also_in_its_own_facet(
    qtbot, window, corpus_store
) -> None:
    model = window.facet_model
    model.set_checked(Facet.ORIGIN, "Embassy Paris", True)
    qtbot.waitUntil(lambda: window.facets.up_to_date)
    paris = window.list_model.cable_filter
    assert _timeline_sum(window) == corpus_store.count(paris) == 37
    month = next(iter(model.counts(Facet.MONTH)))
    model.set_checked(Facet.MONTH, month, True)
    qtbot.waitUntil(lambda: window.facets.up_to_date)
    flt = window.list_model.cable_filter
    assert _timeline_sum(window) == corpus_store.count(flt) == window.list_model.rowCount()


def test_release_day_mode_counts_release_days(qtbot, window, corpus_store) -> None:
    timeline = window.version_commands.timeline
    _search(qtbot, window, "iran")
    qtbot.mouseClick(timeline.by_release, Qt.MouseButton.LeftButton)
    assert timeline.mode is TimelineMode.RELEASE_DAY
    flt = window.list_model.cable_filter
    days = {k: n for k, n in timeline.bars.buckets if n}
    assert days == dict(corpus_store.facet_counts(Facet.RELEASED, flt))
    assert sum(days.values()) == corpus_store.count(flt)  # every corpus cable has a day


def test_a_click_on_a_bar_puts_the_month_in_the_search_field(qtbot, window, corpus_store) -> None:
    timeline = window.version_commands.timeline
    _search(qtbot, window, "iran")
    bars = timeline.bars
    index = max(range(len(bars.buckets)), key=lambda i: bars.buckets[i][1])
    month, count = bars.buckets[index]
    qtbot.mouseClick(bars, Qt.MouseButton.LeftButton, pos=bars.bar_center(index))
    assert window.search_field.text() == f"iran from:{month} to:{month}"
    qtbot.waitUntil(lambda: window.facets.up_to_date)
    assert window.list_model.rowCount() == count == _timeline_sum(window)
    assert timeline.span_label.text() == month
    assert timeline.clear_button.isEnabled()
    # Clear on the timeline: the words go from the search field, the list is whole again.
    qtbot.mouseClick(timeline.clear_button, Qt.MouseButton.LeftButton)
    assert window.search_field.text() == "iran"
    qtbot.waitUntil(lambda: window.facets.up_to_date)
    assert window.list_model.rowCount() == corpus_store.count(CableFilter(parse_query("iran")))
    assert timeline.bars.span is None and not timeline.clear_button.isEnabled()


def test_deleting_the_dates_in_the_search_field_clears_them_on_the_timeline(
    qtbot, window
) -> None:
    timeline = window.version_commands.timeline
    _search(qtbot, window, "from:2009-03 to:2009-06")
    assert timeline.bars.span == ("2009-03", "2009-06")
    assert timeline.span_label.text() == "2009-03 to 2009-06"
    _search(qtbot, window, "")
    assert timeline.bars.span is None
    assert timeline.span_label.text() == ""


def test_a_drag_by_release_day_becomes_a_released_range(qtbot, window, corpus_store) -> None:
    timeline = window.version_commands.timeline
    qtbot.mouseClick(timeline.by_release, Qt.MouseButton.LeftButton)
    bars = timeline.bars
    first, last = bars.buckets[0][0], bars.buckets[2][0]
    qtbot.mousePress(bars, Qt.MouseButton.LeftButton, pos=bars.bar_center(0))
    qtbot.mouseMove(bars, bars.bar_center(2))
    qtbot.mouseRelease(bars, Qt.MouseButton.LeftButton, pos=bars.bar_center(2))
    assert window.search_field.text() == f"released:{first}..{last}"
    qtbot.waitUntil(lambda: window.facets.up_to_date)
    expected = sum(n for day, n in corpus_store.facet_counts(Facet.RELEASED)
                   if first <= day <= last)
    assert window.list_model.rowCount() == expected == _timeline_sum(window)


def test_view_timeline_hides_it_and_is_remembered(qtbot, window, corpus_store) -> None:
    timeline = window.version_commands.timeline
    assert timeline.isVisible()
    window.commands["timeline"].trigger()
    assert not timeline.isVisible()
    again = MainWindow(corpus_store)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert not again.version_commands.timeline.isVisible()
    assert not again.commands["timeline"].isChecked()
    again.commands["timeline"].trigger()
    assert again.version_commands.timeline.isVisible()
    again.close()


# -- finding changes ------------------------------------------------------------------------


def test_changed_between_versions_is_a_browse_entry_with_counts(
    qtbot, window, corpus_store
) -> None:
    model = window.facet_model
    section = model.section_index(Facet.CHANGED)
    assert section.data() == "Changed between versions"
    counts = model.counts(Facet.CHANGED)
    assert counts == dict(corpus_store.facet_counts(Facet.CHANGED))
    assert counts["text"] == corpus_store.count(CableFilter(parse_query("changed:text")))
    tree = window.facets.tree
    tree.expand(section)
    index = model.value_index(Facet.CHANGED, "redaction")
    assert "lifted or added" in index.data()
    tree.setCurrentIndex(index)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.list_model.rowCount() == counts["redaction"])
    qtbot.waitUntil(lambda: window.facets.up_to_date)
    assert _timeline_sum(window) == counts["redaction"]


def test_changed_fields_typed_in_the_search_field(qtbot, window, corpus_store) -> None:
    for text in ("is:changed", "changed:redaction", "changed:subject", "changed:text",
                 "changed:classification"):
        _search(qtbot, window, text)
        expected = corpus_store.count(CableFilter(parse_query(text)))
        assert window.list_model.rowCount() == expected, text
    _search(qtbot, window, "is:changed")
    assert window.list_model.rowCount() == 6  # the corpus cables whose builds differ


# -- looks ----------------------------------------------------------------------------------

SHOTS = Path("/tmp/shots-versions")  # outside the tree, for a person to look at


@pytest.fixture
def themed(qapp) -> Iterator[Callable[[str], None]]:
    yield apply_theme
    apply_theme("system")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_bars_and_axis_are_readable_and_screenshots_are_taken(
    qtbot, corpus_store, themed, theme: str
) -> None:
    themed(theme)
    shown = MainWindow(corpus_store)
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    qtbot.waitExposed(shown)
    qtbot.waitUntil(lambda: shown.facets.up_to_date)
    timeline = shown.version_commands.timeline
    palette = timeline.bars.palette()
    base = palette.color(QPalette.ColorRole.Base)
    assert contrast(bar_colour(palette), base) >= 3.0  # WCAG's minimum for graphics
    assert contrast(palette.color(QPalette.ColorRole.Text), base) >= 4.5  # axis labels
    _open(qtbot, shown, THREE_VERSIONS)
    _search(qtbot, shown, "from:2009-01 to:2010-02")
    assert timeline.isVisible() and timeline.bars.height() >= 70
    label = timeline.span_label
    assert label.text() == "2009-01 to 2010-02"
    qtbot.waitUntil(lambda: label.width() >= label.sizeHint().width())  # laid out, unclipped
    bars = timeline.bars.grab().toImage()
    colours = {bars.pixelColor(x, y).rgb() for x in range(0, bars.width(), 3)
               for y in range(0, bars.height(), 3)}
    assert len(colours) >= 3  # background, bars, axis text: not a blank grab
    SHOTS.mkdir(exist_ok=True)
    assert shown.grab().save(str(SHOTS / f"window-timeline-{theme}.png"))
    _open(qtbot, shown, "10KABUL693")  # a redaction lifted and a subject corrected
    shown.commands["compare_versions"].trigger()
    dialog = _open_dialog(shown, VersionCompareDialog)
    assert dialog.metadata.isVisibleTo(dialog) and dialog.metadata.rowCount() >= 1
    dialog.resize(1366, 768)
    qtbot.waitUntil(lambda: dialog.width() == 1366)
    dialog.next_change()
    assert dialog.grab().save(str(SHOTS / f"compare-{theme}.png"))
    dialog.close()


def test_the_date_filter_shows_in_the_browse_panel_and_clears_from_there(
    qtbot, window
) -> None:
    facets = window.facets
    assert not facets.dates.isVisible()
    bars = window.version_commands.timeline.bars
    qtbot.mouseClick(bars, Qt.MouseButton.LeftButton, pos=bars.bar_center(len(bars.buckets) - 1))
    qtbot.waitUntil(lambda: window.facets.up_to_date)
    month = bars.buckets[-1][0]
    assert facets.dates.isVisible()
    assert facets.dates_label.text() == f"Created {month}"
    shown = window.list_model.rowCount()
    qtbot.mouseClick(facets.dates_clear, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.facets.up_to_date)
    assert "from:" not in window.search_field.text() and "to:" not in window.search_field.text()
    assert not facets.dates.isVisible()
    assert window.version_commands.timeline.bars.span is None
    assert window.list_model.rowCount() >= shown


def test_typed_dates_show_in_the_browse_panel_too(qtbot, window) -> None:
    _search(qtbot, window, "from:2009-03 to:2009-06 released:2010-12")
    label = window.facets.dates_label.text()
    assert label == "Created 2009-03 to 2009-06; Released 2010-12-01 to 2010-12-31"
    _search(qtbot, window, "iran")
    assert not window.facets.dates.isVisible()
