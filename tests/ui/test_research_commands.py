"""The research commands on today's main window: marks on opening, stars, notes,
collections, history, export and the notes backup, through the one install call."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from cablereader.importer.run import import_sources
from cablereader.research_io import ExportFormat, export_records, render_export
from cablereader.store.sqlite_store import SqliteCableStore
from cablereader.ui.main_window import MainWindow
from cablereader.ui.research.commands import ResearchCommands, install_research_commands
from cablereader.ui.research.dialogs import Scope
from tests.reliability.synthetic import make_cable, site_page


@pytest.fixture
def small_store(tmp_path: Path):
    rng = random.Random(9)
    folder = tmp_path / "pages"
    folder.mkdir()
    refs = []
    for n, station in enumerate(("LIMA", "PARIS", "BERN"), 1):
        cable = make_cable(rng, n, station)
        refs.append(cable.reference_id)
        (folder / f"{cable.reference_id}.html").write_bytes(site_page(cable))
    store = SqliteCableStore(tmp_path / "cables.db")
    assert import_sources(store, [folder]).failed == 0
    store.refs = refs  # type: ignore[attr-defined]
    yield store
    store.close()


@pytest.fixture
def research(qtbot, small_store) -> tuple[MainWindow, ResearchCommands]:
    window = MainWindow(small_store)
    qtbot.addWidget(window)
    # The window makes the one call itself; before the lead's merge it may not.
    commands = getattr(window, "research", None) or install_research_commands(window, small_store)
    window.show()
    qtbot.waitExposed(window)
    return window, commands


def test_opening_a_cable_marks_it_read_and_records_it(research, small_store) -> None:
    window, commands = research
    first = small_store.refs[0]
    assert window.open_cable(first, "par1")
    assert first in small_store.read_ids()
    assert small_store.history()[0].value == f"{first}#par1"
    assert commands.notes_panel.reference_id == first
    commands.record_search("energy origin:Lima")
    assert small_store.history("search")[0].value == "energy origin:Lima"


def test_star_read_and_collection_actions(research, small_store) -> None:
    window, commands = research
    first = small_store.refs[0]
    window.open_cable(first)
    commands.actions["star"].trigger()
    assert list(small_store.stars()) == [first]
    commands.actions["star"].trigger()
    assert small_store.stars() == {}
    commands.actions["toggle_read"].trigger()
    assert first not in small_store.read_ids()
    commands.actions["toggle_read"].trigger()
    assert first in small_store.read_ids()
    assert commands.add_to_collection("Peru") == 1
    assert [i.reference_id for i in small_store.collection("Peru").items] == [first]
    commands.actions["mark_all_read"].trigger()
    assert small_store.read_ids() == set(small_store.refs)
    menus = [a.text() for a in window.menuBar().actions()]
    assert "&Research" in menus
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    texts = [a.text() for a in file_menu.actions()]
    assert texts[-1] == "&Quit" and "Export my &notes…" in texts and "&Export cables…" in texts


def test_notes_panel_adds_edits_and_deletes(research, small_store) -> None:
    window, commands = research
    first = small_store.refs[0]
    window.open_cable(first)
    panel = commands.notes_panel
    assert panel.add_note("par1", "check <b>this</b>")
    assert panel.list.count() == 1
    assert panel.list.item(0).text().startswith("¶1 · ")
    assert panel.list.item(0).text().endswith("check <b>this</b>")  # plain text, as typed
    panel.list.setCurrentRow(0)
    assert panel.edit_current("checked")
    assert [n.text for n in small_store.notes(first)] == ["checked"]
    small_store.add_highlight(first, "par1", 0, 2, "1.", "green", "hl")
    panel.refresh()
    assert panel.list.count() == 2 and "“1.” hl" in panel.list.item(1).text()
    panel.list.setCurrentRow(0)
    panel.delete_current()
    assert small_store.notes(first) == [] and panel.list.count() == 1


def test_history_dialog_opens_and_clears(qtbot, research, small_store) -> None:
    window, commands = research
    first, second = small_store.refs[:2]
    window.open_cable(first)
    window.open_cable(second, "par1")
    dialog = commands.show_history()
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 2
    assert dialog.list.item(0).text().endswith(f"Opened  {second}#par1")
    with qtbot.waitSignal(dialog.open_cable) as opened:
        dialog.list.itemActivated.emit(dialog.list.item(1))
    assert opened.args == [first, ""]
    assert window.reader.reference_id == first
    dialog.clear()
    assert small_store.history() == [] and dialog.list.count() == 0


def _exported(qtbot, commands: ResearchCommands, job):
    """What an export job did, once the window has heard that its thread is done."""
    assert job is not None
    qtbot.waitUntil(lambda: commands.exports.job is None, timeout=60_000)
    return job.outcome


def test_export_writes_what_the_command_line_writes(
    qtbot, research, small_store, tmp_path
) -> None:
    window, commands = research
    window.open_cable(small_store.refs[0])
    scopes = {s.label: s for s in commands.scopes()}
    assert scopes["This cable"].reference_ids == (small_store.refs[0],)
    results = scopes["Current results"]  # by row id: the export worker reads the rows
    assert results.size == 3 and results.reference_ids == ()
    rows = small_store.fetch_rows(list(results.cable_ids))
    assert sorted(rows[i].reference_id for i in results.cable_ids) == sorted(small_store.refs)
    small_store.add_to_collection("Peru", small_store.refs[1:])
    scope = next(s for s in commands.scopes() if s.label == "Collection “Peru”")
    out = tmp_path / "peru.bib"
    job = commands.export_to(out, scope, ExportFormat.BIBTEX)
    assert _exported(qtbot, commands, job).missing == []
    records, _ = export_records(small_store, scope.reference_ids)
    assert out.read_bytes() == render_export(records, ExportFormat.BIBTEX, "Peru")
    job = commands.export_to(
        tmp_path / "x.csv", Scope("x", ("99NOTHELD1",), "x"), ExportFormat.CSV
    )
    assert _exported(qtbot, commands, job).missing == ["99NOTHELD1"]


def test_notes_backup_through_the_file_menu(research, small_store, tmp_path, monkeypatch) -> None:
    _window, commands = research
    small_store.add_note(small_store.refs[0], "kept")
    backup = tmp_path / "backup.json"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(backup), ""))
    )
    commands.actions["export_notes"].trigger()
    assert json.loads(backup.read_text(encoding="utf-8"))["notes"][0]["text"] == "kept"
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(backup), ""))
    )
    assert commands.import_my_notes() == "nothing new"
    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    assert commands.import_my_notes(bad) is None
    assert [n.text for n in small_store.notes()] == ["kept"]


def test_highlight_the_selection_in_the_reader(research, small_store) -> None:
    window, commands = research
    first = small_store.refs[0]
    window.open_cable(first)
    cable = small_store.fetch_cable(first).cable
    paragraph = next(p for p in cable.paragraphs if p.anchor == "par2")
    words = paragraph.text.split()[2:5]  # three words after "2. (C)"
    pane = window.reader.body_pane
    found = pane.document().find(" ".join(words), pane.document().find("2. (C)").position())
    assert not found.isNull()
    pane.setTextCursor(found)
    commands.actions["highlight"].trigger()
    [mark] = small_store.highlights(first)
    assert (mark.anchor, mark.quote, mark.colour) == ("par2", " ".join(words), "yellow")
    assert paragraph.text[mark.start : mark.end] == mark.quote
    assert "“" + mark.quote + "”" in commands.notes_panel.list.item(0).text()
    cursor = pane.textCursor()
    cursor.clearSelection()
    pane.setTextCursor(cursor)
    assert not commands.highlight_selection()


def test_saved_searches_and_search_history(qtbot, research, small_store) -> None:
    from PySide6.QtCore import Qt

    from cablereader.store.api import Facet

    window, commands = research
    origin = small_store.fetch_cable(small_store.refs[0]).cable.origin
    # The browse values arrive from the counting thread: tick one once it is there.
    qtbot.waitUntil(lambda: window.facet_model.value_index(Facet.ORIGIN, origin).isValid())
    window.facet_model.set_checked(Facet.ORIGIN, origin, True)
    assert window.facet_model.selections() == ((Facet.ORIGIN, (origin,)),)
    window.search_field.setText("minister")
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert small_store.history("search")[0].value == "minister"
    assert commands.save_search("lima minister")
    [saved] = small_store.saved_searches()
    assert (saved.query, saved.selections) == ("minister", (("origin", (origin,)),))
    window.facet_model.clear_selection()
    window.search_field.setText("")
    window.apply_filter()
    assert commands.run_saved_search("lima minister")
    assert window.search_field.text() == "minister"
    assert window.facet_model.selections() == ((Facet.ORIGIN, (origin,)),)
    assert window.list_model.cable_filter == window.current_filter()
    commands._fill_saved_menu()
    assert [a.text() for a in commands.saved_menu.actions()] == ["lima minister"]


def test_all_notes_view_opens_at_the_paragraph(qtbot, research, small_store) -> None:
    window, commands = research
    first, second = small_store.refs[:2]
    small_store.add_note(second, "on par1", "par1")
    small_store.add_highlight(first, "par1", 0, 2, "1.", "pink", "")
    dialog = commands.show_all_notes()
    qtbot.addWidget(dialog)
    texts = dialog.texts()
    assert texts == [dialog.list.model().index(i, 0).data() for i in range(len(texts))]
    assert len(texts) == 2
    assert texts[0].startswith(f"{min(first, second)} ¶1 · ")
    row = next(i for i, t in enumerate(texts) if t.startswith(second))
    with qtbot.waitSignal(dialog.open_cable) as opened:
        dialog.list.activated.emit(dialog.list.model().index(row, 0))
    assert opened.args == [second, "par1"]
    assert window.reader.reference_id == second


def test_unread_rows_are_bold_and_stars_show(research, small_store) -> None:
    from PySide6.QtWidgets import QStyleOptionViewItem

    window, commands = research
    marks = commands.marks
    assert marks is not None and window.table.itemDelegate() is marks
    model = window.list_model

    def option(row: int, column: int = 0) -> QStyleOptionViewItem:
        opt = QStyleOptionViewItem()
        marks.initStyleOption(opt, model.index(row, column))
        return opt

    row = model.row_of_reference(small_store.refs[0])
    assert option(row).font.bold()  # nothing read yet
    window.open_cable(small_store.refs[0])
    assert not option(row).font.bold()
    other = model.row_of_reference(small_store.refs[1])
    assert option(other).font.bold()
    assert option(row).icon.isNull()
    commands.actions["star"].trigger()
    assert not option(row).icon.isNull()
    assert option(row, 1).icon.isNull()  # the star sits by the reference ID only
    commands.actions["mark_all_read"].trigger()
    assert not option(other).font.bold()


def test_export_dialog_path(qtbot, research, small_store, tmp_path, monkeypatch) -> None:
    from cablereader.ui.research.dialogs import ExportDialog

    window, commands = research
    window.open_cable(small_store.refs[0])
    out = tmp_path / "chosen.ris"
    offered: list[str] = []

    def fake_exec(dialog: ExportDialog) -> int:
        labels = [dialog.scope_box.itemText(i) for i in range(dialog.scope_box.count())]
        assert labels[0] == "This cable (1)" and labels[2] == "Current results (3)"
        dialog.format_box.setCurrentIndex(dialog.format_box.findData("ris"))
        return int(ExportDialog.DialogCode.Accepted.value)

    def fake_save(_parent, _title, suggested, *_rest):
        offered.append(suggested)
        return str(out), ""

    monkeypatch.setattr(ExportDialog, "exec", fake_exec)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_save))
    commands.actions["export_cables"].trigger()
    assert offered == [f"{small_store.refs[0]}.ris"]
    _exported(qtbot, commands, commands.exports.job)
    assert out.read_bytes().startswith(b"TY  - RPRT\r\n")


def test_a_read_only_store_still_opens_cables(research, small_store, monkeypatch) -> None:
    window, commands = research
    monkeypatch.setattr(small_store, "read_only", True)
    assert window.open_cable(small_store.refs[0])
    assert window.reader.reference_id == small_store.refs[0]
    assert "Not marked read" in window.statusBar().currentMessage()
    assert small_store.read_ids() == set()
    commands.actions["star"].trigger()
    assert "Not saved: this store is open read-only" in window.statusBar().currentMessage()
    assert small_store.stars() == {}
