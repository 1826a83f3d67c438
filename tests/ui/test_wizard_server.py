"""The import wizard on a team store: with `--db postgresql://…` the window's File ▸
Import… imports into the server's database through its own connection, as it does into
a file (issue 19: the wizard works wherever a store path works)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWizard

from cablereader.store.factory import open_store
from cablereader.ui.main_window import MainWindow
from cablereader.ui.wizard.wizard import ImportWizard
from tests.ui.test_wizard import NOV_2010, TIMEOUT, run_import, scan


@pytest.fixture
def server_store(pg_url: str) -> Iterator:
    """Asked for before qtbot, so it closes after the window (fixtures end in reverse)."""
    store = open_store(pg_url, create=True)
    yield store
    store.close()


def test_the_wizard_imports_into_a_server_store(server_store, qtbot, corpus: Path) -> None:
    window = MainWindow(server_store)
    qtbot.addWidget(window)
    window.show()
    window.commands["import"].trigger()
    wizard = window.findChild(ImportWizard, "importWizard")
    assert wizard is not None and wizard.isVisible()
    wizard.sources_page.add_sources([str(corpus / NOV_2010)])
    scan(qtbot, wizard)
    assert wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    with qtbot.waitSignal(window.import_finished, timeout=TIMEOUT):
        report = run_import(qtbot, wizard)
    assert report.added == 53 and report.failed == 0
    assert window.list_model.rowCount() == 53
    assert server_store.count() == 53  # the window's own connection sees the server's rows
    assert window.count_label.text() == "53 of 53 cables"
    wizard.accept()
