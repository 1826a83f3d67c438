"""The reader's side of notes and highlights: drawn in the body, made from its menu and
keys, found again in a newer version, and kept in step with the Notes dock."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QHelpEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QInputDialog, QMenu, QTextBrowser, QToolTip

from cablereader.core.model import Cable, Paragraph, ParsedVersion, SiteBuild, Source, SourceFormat
from cablereader.core.user_items import HIGHLIGHT_COLOURS
from cablereader.store.sqlite_store import SqliteCableStore
from cablereader.ui.main_window import MainWindow
from cablereader.ui.plain_text import plain_tooltip
from cablereader.ui.reader.cable_html import NOTE_MARK, NOTE_SCHEME
from cablereader.ui.reader.stored_text import stored_text
from cablereader.ui.reader.user_marks import HIGHLIGHT_BACKGROUNDS, highlight_colours
from cablereader.ui.theme import AA_CONTRAST, contrast, dark_palette, light_palette

REF = "10TESTMARK1"
LONG = "X" * 900  # folded by the reader at 400 characters: display-only line breaks
PARTS = (
    "\nUNCLASSIFIED\n\nSUBJECT: MARKS <b>TEST</b>\n\n",
    " 1. (C) The minister said the talks\nwould resume in spring, <i>not</i> before.\n\n",
    f" 2. (S) Delegates met in Geneva. {LONG} and the tail of the second.\n\n",
    "   3. (U) Columns kept aligned: the third paragraph ends here.\n",
)
# The same cable corrected in a later build: words before the quote in ¶1 (it moves),
# and ¶2 rewritten so its highlighted words are gone (only the paragraph is left).
PARTS_2 = (
    PARTS[0],
    " 1. (C) As reported, the minister said the talks\nwould resume in spring, <i>not</i>"
    " before.\n\n",
    " 2. (S) Delegates gathered in Bern instead.\n\n",
    PARTS[3],
)


def synthetic(parts: tuple[str, ...], reference_id: str = REF) -> Cable:
    paragraphs = tuple(
        Paragraph(i, str(i) if i else None, f"par{i}" if i else None, bool(i), None,
                  "paragraph" if i else "preamble", text)
        for i, text in enumerate(parts)
    )
    return Cable(
        reference_id=reference_id, created="2010-01-02T03:04", created_approx=False,
        released=None, released_approx=False, classification="SECRET",
        origin="Embassy Nowhere", header="FM AMEMBASSY NOWHERE\nTO SECSTATE",
        body="".join(parts), partial=False, subject="MARKS <b>TEST</b>", tags=("PREL",),
        paragraphs=paragraphs, articles=(),
    )


def write(store: SqliteCableStore, cable: Cable, build: SiteBuild, path: str) -> None:
    store.write_versions([ParsedVersion(
        cable, Source(path, SourceFormat.SITE_PAGE, build, cable.body.encode())
    )])


@pytest.fixture
def marks_store(tmp_path: Path):
    store = SqliteCableStore(tmp_path / "cables.db")
    write(store, synthetic(PARTS), SiteBuild.NOV_2010, "/synthetic/a.html")
    write(store, synthetic(PARTS, "10TESTMARK2"), SiteBuild.NOV_2010, "/synthetic/b.html")
    yield store
    store.close()


@pytest.fixture
def window(qtbot, marks_store) -> MainWindow:
    shown = MainWindow(marks_store)
    qtbot.addWidget(shown)
    shown.resize(1200, 800)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def highlight(store, anchor: str | None, index: int, quote: str, colour: str, note: str = ""):
    """A highlight as the reader makes one: offsets of the quote in its paragraph."""
    start = PARTS[index].index(quote)
    return store.add_highlight(REF, anchor, start, start + len(quote), quote, colour, note)


def drawn(pane: QTextBrowser) -> list[tuple[str, str]]:
    """(stored text, background) of each ExtraSelection drawn in a reader colour: the
    characters of the cable it covers, as a copy would give them (reading mode shows
    some line breaks as spaces)."""
    ours = {c for pair in HIGHLIGHT_BACKGROUNDS.values() for c in pair}
    return [
        (stored_text(pane.document(), s.cursor), s.format.background().color().name())
        for s in pane.extraSelections()
        if s.format.background().color().name() in ours
    ]


def light(colour: str) -> str:
    return HIGHLIGHT_BACKGROUNDS[colour][0]


def point_of(pane: QTextBrowser, position: int) -> QPoint:
    """A viewport point on the right half of the character at a document position (a
    tooltip is the format left of the nearest cursor position), scrolled into view."""
    cursor = QTextCursor(pane.document())
    cursor.setPosition(position)
    pane.setTextCursor(cursor)
    pane.ensureCursorVisible()
    left = pane.cursorRect(cursor)
    cursor.setPosition(position + 1)
    right = pane.cursorRect(cursor)
    return QPoint((left.center().x() + 3 * right.center().x()) // 4, left.center().y())


def select(pane: QTextBrowser, text: str) -> None:
    found = pane.document().find(text)
    assert not found.isNull(), text
    pane.setTextCursor(found)


def answer_dialogs(monkeypatch, text: str) -> list[str]:
    """QInputDialog's multi-line question answered with `text`; records each prompt."""
    asked: list[str] = []

    def answer(_parent, _title, label, current="", *_rest, **_kw):
        asked.append(f"{label}|{current}")
        return text, True

    monkeypatch.setattr(QInputDialog, "getMultiLineText", staticmethod(answer))
    return asked


def actions_of(menu: QMenu) -> dict[str, object]:
    found = {a.objectName(): a for a in menu.actions() if a.objectName()}
    for sub in menu.findChildren(QMenu):
        found.update({f"{sub.objectName()}/{a.objectName()}": a for a in sub.actions()})
    return found


# -- drawing ---------------------------------------------------------------------------


def test_stored_highlights_are_drawn_in_their_colours(window, marks_store) -> None:
    highlight(marks_store, "par1", 1, "talks\nwould resume", "green")
    highlight(marks_store, "par2", 2, "the tail of the second", "pink")  # after a fold
    highlight(marks_store, None, 0, "MARKS <b>TEST</b>", "blue")  # the unnumbered preamble
    highlight(marks_store, "par3", 3, "Columns kept", "yellow")  # two spaces cut for the ¶
    assert window.open_cable(REF)
    assert sorted(drawn(window.reader.body_pane)) == sorted([
        ("talks\nwould resume", light("green")),
        ("the tail of the second", light("pink")),
        ("MARKS <b>TEST</b>", light("blue")),
        ("Columns kept", light("yellow")),
    ])


def test_highlights_search_hits_and_the_linked_paragraph_are_drawn_together(
    window, marks_store
) -> None:
    highlight(marks_store, "par1", 1, "minister said", "green")
    window.search_field.setText("minister")
    window.apply_filter()
    assert window.open_cable(REF, "par1")
    pane = window.reader.body_pane
    texts = [s.cursor.selectedText() for s in pane.extraSelections()]
    backgrounds = [s.format.background().color().name() for s in pane.extraSelections()]
    assert texts[0].startswith("¶1. (C) The minister")  # the linked paragraph, under all
    assert ("minister said", light("green")) in drawn(pane)
    assert texts[-1].lower() == "minister" and backgrounds[-1] == "#ffe066"  # hits on top
    assert window.reader.next_hit()
    assert pane.extraSelections()[-1].format.background().color().name() == "#ff9f1a"
    window.reader.set_reflow(True)  # reading mode draws them all again
    assert ("minister said", light("green")) in drawn(pane)
    assert pane.extraSelections()[-1].cursor.selectedText().lower() == "minister"


@pytest.mark.parametrize("palette", [light_palette, dark_palette], ids=["light", "dark"])
def test_highlight_colours_keep_text_readable(qtbot, window, marks_store, palette) -> None:
    assert set(HIGHLIGHT_BACKGROUNDS) == set(HIGHLIGHT_COLOURS)
    for colour in HIGHLIGHT_COLOURS:
        background, text = highlight_colours(colour, palette())
        assert contrast(text, background) >= AA_CONTRAST, (colour, background.name())
        # Links in a highlight take the highlight's text colour, so they stay readable too.
        assert text == palette().color(palette().ColorRole.Text)
    highlight(marks_store, "par1", 1, "minister said", "pink")
    assert window.open_cable(REF)
    window.reader.setPalette(palette())  # the theme changes while the cable is open
    [selection] = [
        s for s in window.reader.body_pane.extraSelections()
        if s.cursor.selectedText() == "minister said"
    ]
    expected = highlight_colours("pink", palette())
    assert selection.format.background().color() == expected[0]
    assert selection.format.foreground().color() == expected[1]
    assert contrast(expected[1], expected[0]) >= AA_CONTRAST


def test_a_newer_version_reanchors_by_the_quote_or_falls_back_to_the_paragraph(
    window, marks_store
) -> None:
    highlight(marks_store, "par1", 1, "talks\nwould resume", "green")
    highlight(marks_store, "par2", 2, "met in Geneva", "pink")
    write(marks_store, synthetic(PARTS_2), SiteBuild.AUG_2011, "/synthetic/a-2011.html")
    assert window.open_cable(REF)
    reader = window.reader
    assert "As reported" in reader.body_pane.toPlainText()  # the newer version is shown
    assert sorted(drawn(reader.body_pane)) == sorted([
        ("talks\nwould resume", light("green")),  # moved 13 characters: found by its quote
        ("¶2. (S) Delegates gathered in Bern instead.", light("pink")),  # the paragraph
    ])
    older = next(v.id for v in reader.current.versions if v.build == SiteBuild.NOV_2010)
    assert reader.show_cable(REF, None, older)  # the version it was made on: exact
    assert sorted(drawn(reader.body_pane)) == sorted([
        ("talks\nwould resume", light("green")), ("met in Geneva", light("pink")),
    ])


# -- note marks ------------------------------------------------------------------------


def test_notes_show_as_marks_with_plain_tooltips(window, marks_store) -> None:
    marks_store.add_note(REF, 'check <img src="x"> & "this"', "par2")
    marks_store.add_note(REF, "whole <b>cable</b>", None)
    assert window.open_cable(REF)
    reader = window.reader
    text = reader.body_pane.toPlainText()
    assert f"¶{NOTE_MARK}2. (S)" in text and f"¶{NOTE_MARK}1." not in text
    at = text.index(f"¶{NOTE_MARK}2.") + 1
    cursor = QTextCursor(reader.body_pane.document())
    cursor.setPosition(at + 1)
    mark = cursor.charFormat()
    assert mark.anchorHref() == f"{NOTE_SCHEME}:par2"
    assert mark.toolTip() == 'check <img src="x"> & "this"\n\n(click to edit)'
    viewport = reader.body_pane.viewport()
    hover = point_of(reader.body_pane, at)
    QToolTip.hideText()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, hover,
                                                viewport.mapToGlobal(hover)))
    assert QToolTip.text() == plain_tooltip(mark.toolTip())
    assert "NOTE\n✎ whole <b>cable</b>" in reader.header_pane.toPlainText()  # literal
    assert "<b>cable</b>" not in reader.header_pane.toHtml()  # escaped, never markup
    # The mark stands in for a space, so a copy of the paragraph has no ✎ and no gap.
    select(reader.body_pane, "2. (S) Delegates")
    sel = reader.body_pane.textCursor()
    sel.setPosition(at, QTextCursor.MoveMode.MoveAnchor)
    sel.setPosition(at + 20, QTextCursor.MoveMode.KeepAnchor)
    reader.body_pane.setTextCursor(sel)
    assert reader.body_pane.createMimeDataFromSelection().text() == "2. (S) Delegates me"


def test_clicking_a_note_mark_edits_the_note_and_the_dock_follows(
    qtbot, window, marks_store, monkeypatch
) -> None:
    marks_store.add_note(REF, "first thought", "par2")
    assert window.open_cable(REF)
    commands = window.research
    commands.notes_dock.show()
    asked = answer_dialogs(monkeypatch, "second thought")
    pane = window.reader.body_pane
    at = pane.toPlainText().index(NOTE_MARK)
    qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton,
                     pos=point_of(pane, at))
    assert asked == ["Note:|first thought"]
    assert [n.text for n in marks_store.notes(REF)] == ["second thought"]
    cursor = QTextCursor(pane.document())
    cursor.setPosition(pane.toPlainText().index(NOTE_MARK) + 1)
    assert cursor.charFormat().toolTip().startswith("second thought")  # drawn again
    assert commands.notes_panel.list.item(0).text().endswith("second thought")


# -- the context menu and keys ---------------------------------------------------------


def test_the_context_menu_highlights_removes_and_notes(window, marks_store, monkeypatch) -> None:
    assert window.open_cable(REF)
    reader, commands = window.reader, window.research
    pane = reader.body_pane
    select(pane, "Delegates met")
    point = point_of(pane, pane.textCursor().selectionStart() + 2)
    select(pane, "Delegates met")
    menu = reader.context_menu(point)
    found = actions_of(menu)
    assert {"copy_paragraph_link", "copy_cable_link", "add_paragraph_note",
            "highlightMenu/highlight_green", "highlightNoteMenu/highlight_pink"} <= set(found)
    assert "remove_highlight" not in found
    assert found["copy_paragraph_link"].text() == "Copy link to ¶2\tCtrl+Shift+C"
    assert found["highlightMenu/highlight_yellow"].text() == "Yellow\tCtrl+Shift+H"
    found["highlightMenu/highlight_green"].trigger()
    [mark] = marks_store.highlights(REF)
    assert (mark.anchor, mark.quote, mark.colour, mark.note) == (
        "par2", "Delegates met", "green", "")
    assert PARTS[2][mark.start : mark.end] == "Delegates met"
    assert drawn(pane) == [("Delegates met", light("green"))]  # at once, no reopening
    assert "“Delegates met”" in commands.notes_panel.list.item(0).text()

    answer_dialogs(monkeypatch, "why <b>Geneva</b>?")
    select(pane, "in Geneva")
    actions_of(reader.context_menu(point))["highlightNoteMenu/highlight_pink"].trigger()
    noted = next(h for h in marks_store.highlights(REF) if h.colour == "pink")
    assert (noted.quote, noted.note) == ("in Geneva", "why <b>Geneva</b>?")
    assert ("in Geneva", light("pink")) in drawn(pane)
    assert reader.marks.tooltip_at(pane.document().find("Geneva").selectionStart()) == (
        "why <b>Geneva</b>?")

    on_mark = actions_of(reader.context_menu(point_of(pane, pane.toPlainText().index("legates"))))
    assert on_mark["remove_highlight"].text() == "&Remove highlight\tCtrl+Alt+H"
    on_mark["remove_highlight"].trigger()
    assert [h.quote for h in marks_store.highlights(REF)] == ["in Geneva"]
    assert drawn(pane) == [("in Geneva", light("pink"))]

    answer_dialogs(monkeypatch, "a <i>note</i> on two")
    actions_of(reader.context_menu(point))["add_paragraph_note"].trigger()
    notes = [(n.anchor, n.text) for n in marks_store.notes(REF)]
    assert notes == [("par2", "a <i>note</i> on two")]
    assert f"¶{NOTE_MARK}2. (S)" in pane.toPlainText()
    assert ("in Geneva", light("pink")) in drawn(pane)  # still in place after the mark
    assert commands.notes_panel.list.count() == 2


def test_keys_make_and_remove_marks(qtbot, window, marks_store, monkeypatch) -> None:
    assert window.open_cable(REF)
    reader, commands = window.reader, window.research
    pane = reader.body_pane
    pane.setFocus()
    select(pane, "third paragraph")
    qtbot.keyClick(pane, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # the Research menu's key
    assert [h.quote for h in marks_store.highlights(REF)] == ["third paragraph"]
    assert drawn(pane) == [("third paragraph", light("yellow"))]
    answer_dialogs(monkeypatch, "keyed note")
    qtbot.keyClick(pane, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.AltModifier)
    assert [(n.anchor, n.text) for n in marks_store.notes(REF)] == [("par3", "keyed note")]
    assert f"¶{NOTE_MARK} 3. (U)" in pane.toPlainText()  # ¶ and mark each stand in for a space
    assert drawn(pane) == [("third paragraph", light("yellow"))]
    cursor = pane.document().find("third paragraph")
    cursor.setPosition(cursor.selectionStart() + 3)
    pane.setTextCursor(cursor)
    qtbot.keyClick(pane, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.AltModifier)
    assert marks_store.highlights(REF) == [] and drawn(pane) == []
    assert commands.notes_panel.list.count() == 1
    research = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Research")
    keys = [a.shortcut().toString() for a in research.actions() if not a.shortcut().isEmpty()]
    assert len(keys) == len(set(keys))  # no key bound twice
    every = [a.shortcut().toString() for a in window.findChildren(type(research.actions()[0]))
             if not a.shortcut().isEmpty()]
    assert every.count("Ctrl+Alt+N") == 1 and every.count("Ctrl+Alt+H") == 1


def test_the_notes_dock_and_the_reader_stay_in_step(window, marks_store) -> None:
    assert window.open_cable(REF)
    panel = window.research.notes_panel
    assert panel.add_note("par1", "from the dock")
    assert f"¶{NOTE_MARK}1. (C)" in window.reader.body_pane.toPlainText()
    panel.list.setCurrentRow(0)
    panel.delete_current()
    assert NOTE_MARK not in window.reader.body_pane.toPlainText()
    highlight(marks_store, "par1", 1, "minister", "blue")
    window.research.notes_panel.refresh()
    panel.list.setCurrentRow(0)
    panel.delete_current()  # a highlight deleted from the dock
    assert marks_store.highlights(REF) == [] and drawn(window.reader.body_pane) == []


def test_marks_of_another_cable_are_not_drawn(window, marks_store) -> None:
    marks_store.add_highlight("10TESTMARK2", "par1", 8, 20, PARTS[1][8:20], "green", "")
    marks_store.add_note("10TESTMARK2", "elsewhere", "par1")
    assert window.open_cable(REF)
    assert drawn(window.reader.body_pane) == []
    assert NOTE_MARK not in window.reader.body_pane.toPlainText()
    assert window.open_cable("10TESTMARK2")
    assert drawn(window.reader.body_pane) == [(PARTS[1][8:20], light("green"))]


def test_unused_colour_names_fall_back(window) -> None:
    background, _text = highlight_colours("no-such-colour", light_palette())
    assert background == QColor(light("yellow"))


def test_a_highlights_note_is_its_tooltip_and_the_menu_copies_the_paragraph_link(
    window, marks_store
) -> None:
    from PySide6.QtGui import QGuiApplication

    highlight(marks_store, "par1", 1, "minister said", "blue", 'a <img src="x"> note')
    assert window.open_cable(REF)
    pane = window.reader.body_pane
    viewport = pane.viewport()
    hover = point_of(pane, pane.toPlainText().index("minister") + 3)
    QToolTip.hideText()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, hover,
                                                viewport.mapToGlobal(hover)))
    assert QToolTip.text() == plain_tooltip('a <img src="x"> note')
    QGuiApplication.clipboard().clear()
    actions_of(window.reader.context_menu(hover))["copy_paragraph_link"].trigger()
    assert QGuiApplication.clipboard().text().endswith(f"{REF}.html#par1")


def test_a_read_only_store_says_so_instead_of_failing(window, marks_store, monkeypatch) -> None:
    assert window.open_cable(REF)
    monkeypatch.setattr(marks_store, "read_only", True)
    pane = window.reader.body_pane
    select(pane, "Delegates met")
    point = point_of(pane, pane.textCursor().selectionStart() + 2)
    select(pane, "Delegates met")
    actions_of(window.reader.context_menu(point))["highlightMenu/highlight_green"].trigger()
    assert "Not saved: this store is open read-only" in window.statusBar().currentMessage()
    assert marks_store.highlights(REF) == [] and drawn(pane) == []


def test_a_highlight_in_unnumbered_text_between_paragraphs(window, marks_store) -> None:
    """Text without a ¶ (a comment between numbered paragraphs) is found by where the
    paragraph before it ends; long folded lines before it must not shift it."""
    parts = (" 1. (C) Opening " + LONG + " words.\n\n", "COMMENT: an aside in between.\n\n",
             " 2. (S) Closing words.\n")
    cable = replace(synthetic(parts, "10TESTMARK3"), paragraphs=(
        Paragraph(0, "1", "par1", True, None, "paragraph", parts[0]),
        Paragraph(1, None, None, False, None, "comment", parts[1]),
        Paragraph(2, "2", "par2", True, None, "paragraph", parts[2]),
    ))
    write(marks_store, cable, SiteBuild.NOV_2010, "/synthetic/c.html")
    start = parts[1].index("an aside")
    marks_store.add_highlight("10TESTMARK3", None, start, start + 8, "an aside", "green", "")
    window.reader.set_reflow(False)
    assert window.open_cable("10TESTMARK3")
    assert drawn(window.reader.body_pane) == [("an aside", light("green"))]
    window.reader.set_reflow(True)
    assert drawn(window.reader.body_pane) == [("an aside", light("green"))]


def test_a_note_mark_is_reached_by_tab_and_opened_by_enter(
    qtbot, window, marks_store, monkeypatch
) -> None:
    marks_store.add_note(REF, "first thought", "par1")
    assert window.open_cable(REF)
    asked = answer_dialogs(monkeypatch, "from the keyboard")
    pane = window.reader.body_pane
    pane.setFocus()
    reached = []
    for _ in range(4):  # the ¶ link first, then its mark
        qtbot.keyClick(pane, Qt.Key.Key_Tab)
        reached.append(pane.textCursor().selectedText())
        if reached[-1] == NOTE_MARK:
            break
    assert reached == ["¶", NOTE_MARK]
    qtbot.keyClick(pane, Qt.Key.Key_Return)
    assert asked == ["Note:|first thought"]
    assert [n.text for n in marks_store.notes(REF)] == ["from the keyboard"]
