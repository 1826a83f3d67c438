"""The browse panel's marks follow other connections: a shared collection or saved search
made at another desk (PostgreSQL) or by `cablereader collection add` in a terminal
(SQLite) shows in Your marks without a restart, and the person's own star written
elsewhere shows in the list. The watch is asked directly (`check()`, what its timer does
every 0.4 s), so nothing here waits on a clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from cablereader.store.factory import open_store
from cablereader.ui.main_window import MainWindow
from tests.ui.conftest import make_cable, write_cables

REFS = ("05LIMA4377", "06PARIS12")


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_marks_made_elsewhere_show_in_the_browse_panel_and_the_list(
    qtbot, tmp_path: Path, kind: str, request: pytest.FixtureRequest
) -> None:
    location = str(tmp_path / "cables.db") if kind == "sqlite" else request.getfixturevalue(
        "pg_url"
    )
    store = open_store(location, create=True, person="ana")
    try:
        write_cables(store, *(make_cable(ref) for ref in REFS))
        window = MainWindow(store)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        commands = window.research
        panel, watch, marks = commands.marks_panel, commands.marks_watch, commands.marks
        assert panel is not None and watch is not None and marks is not None
        qtbot.waitUntil(lambda: panel.up_to_date)
        assert not watch.check()  # nothing new since the window read its marks

        teammate = open_store(location, person="ben")
        terminal = open_store(location, person="ana")  # `cablereader star` as ana
        try:
            teammate.create_collection("Andes")
            teammate.add_to_collection("Andes", [REFS[0]])
            teammate.save_search("Paris", "origin:Paris")
            terminal.star([REFS[1]], "red")
        finally:
            teammate.close()
            terminal.close()

        assert watch.check()
        qtbot.waitUntil(lambda: panel.up_to_date)
        counts = panel.counts()
        assert counts.get("Collection: Andes") == "1", counts
        assert counts.get("Saved search: Paris") == "0", counts  # no Paris cable here
        assert counts.get("Starred") == "1", counts  # ana's own star, from her terminal
        assert marks.star_of(REFS[1]) == "red"
        assert not watch.check()  # read once, not again
        window.close()
    finally:
        store.close()
