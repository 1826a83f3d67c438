"""The "Something went wrong" dialog and the hooks that show it for uncaught errors."""

from __future__ import annotations

import gc
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt

from cablereader.logging_setup import setup_logging
from cablereader.ui.clipboard import clipboard_text
from cablereader.ui.crash_dialog import CrashDialog, CrashReporter

TIMEOUT = 300_000  # a hang guard only


def dispose(hooks: CrashReporter) -> None:
    """Free the reporter and its dialog now, at a safe point: left to the cyclic garbage
    collector, they would be freed in the middle of some later Qt call and crash it."""
    if hooks.dialog is not None:
        hooks.dialog.close()
        hooks.dialog.deleteLater()
    hooks.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def raised(error: BaseException):
    try:
        raise error
    except BaseException:
        return sys.exc_info()


@pytest.fixture
def reporter(isolated_home: Path):
    """A reporter with its own log file, installed as the hooks, not passing errors on."""
    log_file = setup_logging()
    hooks = CrashReporter(chain=False)
    hooks.install()
    yield hooks, log_file
    hooks.uninstall()
    dispose(hooks)


def test_an_uncaught_exception_shows_the_dialog_and_is_logged(qtbot, reporter) -> None:
    hooks, log_file = reporter
    assert sys.excepthook == hooks.excepthook
    with qtbot.waitSignal(hooks.shown, timeout=TIMEOUT) as shown:
        sys.excepthook(*raised(ValueError("a <b>bold</b> claim")))
    dialog = shown.args[0]
    assert isinstance(dialog, CrashDialog) and dialog.isVisible() and not dialog.isModal()
    assert dialog.windowTitle() == "Something went wrong"
    assert dialog.summary.text() == "ValueError: a <b>bold</b> claim"
    for label in (dialog.summary, dialog.log_label):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert str(log_file) in dialog.log_label.text()
    details = dialog.details.toPlainText()
    assert "Traceback (most recent call last)" in details and "in raised" in details
    assert f"Log file: {log_file}" in details
    logged = log_file.read_text(encoding="utf-8")
    assert "uncaught exception" in logged and "ValueError: a <b>bold</b> claim" in logged

    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert clipboard_text() == details
    assert dialog.copy_button.text() == "Copied"


def test_an_exception_in_a_thread_reaches_the_dialog(qtbot, reporter) -> None:
    hooks, log_file = reporter
    assert threading.excepthook == hooks.thread_excepthook

    def fail() -> None:
        raise LookupError("lost in a thread")

    worker = threading.Thread(target=fail, name="counting-thread")
    with qtbot.waitSignal(hooks.shown, timeout=TIMEOUT) as shown:
        worker.start()
        worker.join()
    dialog = shown.args[0]
    assert dialog.summary.text() == "LookupError: lost in a thread"
    assert "Thread: counting-thread" in dialog.details.toPlainText()
    assert "in thread counting-thread" in log_file.read_text(encoding="utf-8")


def test_a_second_error_joins_the_open_dialog(qtbot, reporter) -> None:
    hooks, _ = reporter
    with qtbot.waitSignal(hooks.shown, timeout=TIMEOUT) as first:
        sys.excepthook(*raised(ValueError("first")))
    with qtbot.waitSignal(hooks.shown, timeout=TIMEOUT) as second:
        sys.excepthook(*raised(TypeError("second")))
    assert first.args[0] is second.args[0]
    assert first.args[0].summary.text() == "ValueError: first\nTypeError: second"
    assert "TypeError: second" in first.args[0].details.toPlainText()


def test_a_closed_dialog_is_reused_for_the_next_error(qtbot, reporter) -> None:
    hooks, _ = reporter
    with qtbot.waitSignal(hooks.shown, timeout=TIMEOUT) as first:
        sys.excepthook(*raised(ValueError("first")))
    first.args[0].close()
    with qtbot.waitSignal(hooks.shown, timeout=TIMEOUT) as second:
        sys.excepthook(*raised(TypeError("second")))
    assert second.args[0] is first.args[0] and second.args[0].isVisible()
    assert second.args[0].summary.text() == "TypeError: second"
    assert "ValueError" not in second.args[0].details.toPlainText()


def test_the_previous_hook_still_runs_when_chained(qtbot, isolated_home) -> None:
    seen: list[str] = []
    previous = sys.excepthook
    sys.excepthook = lambda kind, error, tb: seen.append(str(error))
    hooks = CrashReporter()
    try:
        hooks.install()
        with qtbot.waitSignal(hooks.shown, timeout=TIMEOUT):
            sys.excepthook(*raised(ValueError("passed on")))
    finally:
        hooks.uninstall()
        sys.excepthook = previous
        dispose(hooks)
    assert seen == ["passed on"]


def test_the_app_installs_the_hook(qtbot, tmp_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QApplication

    from cablereader import app
    from cablereader.logging_setup import current_log_path, log_path
    from cablereader.ui import crash_dialog

    assert app.main(["--db", str(tmp_path / "new.db")], run=False) == 0
    window = QApplication.instance().property("cablereader_window")
    qtbot.addWidget(window)
    installed = crash_dialog._reporter
    assert installed is not None and sys.excepthook == installed.excepthook
    assert installed.parent_widget() is window
    assert current_log_path() == log_path()
    installed.uninstall()
    window.close()
    window.store.close()
    QApplication.instance().setProperty("cablereader_window", None)
