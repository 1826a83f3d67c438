""""Something went wrong": what the app shows for an error no code expected.

`install_crash_hook` replaces `sys.excepthook` and `threading.excepthook`. An uncaught
exception, in a Qt slot, a worker thread or plain Python code, is logged (with its
traceback) to the log file, then shown in a `CrashDialog`: what happened, where the log
is, the details, and a button that copies them for a bug report. The previous hook still
runs afterwards (it prints the traceback to stderr, and under pytest-qt it fails the test).

Hooks can fire on any thread; the dialog is made on the GUI thread through a queued signal.
It is shown without blocking (`show()`, not `exec()`), so the app keeps running and tests
can look at it. While one is open, later errors are added to it rather than stacking up
dialogs. All text in it is plain: an error message can hold anything, cable text included.
"""

from __future__ import annotations

import logging
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cablereader import __version__
from cablereader.core.link_formats import ClipboardPayload
from cablereader.logging_setup import current_log_path
from cablereader.ui.clipboard import copy_payload

log = logging.getLogger("cablereader.crash")

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def describe(exc_type: type[BaseException], error: BaseException) -> str:
    """One line: what happened, as the exception says it."""
    message = str(error).strip()
    return f"{exc_type.__name__}: {message}" if message else exc_type.__name__


def details_text(exc_info: ExcInfo, log_file: Path | None, thread: str = "") -> str:
    """Everything a bug report needs, as plain text."""
    trace = "".join(traceback.format_exception(*exc_info)).rstrip()
    lines = [
        f"Cable Reader {__version__}, Python {platform.python_version()}, "
        f"PySide6 {pyside_version}, {platform.platform()}",
    ]
    if thread:
        lines.append(f"Thread: {thread}")
    lines.append(f"Log file: {log_file}" if log_file else "Log file: none (logging not set up)")
    return "\n".join(lines) + "\n\n" + trace + "\n"


class CrashDialog(QDialog):
    """Non-modal: what happened, the log's path, the details and a copy button."""

    def __init__(
        self, summary: str, details: str, log_file: Path | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle("Something went wrong")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        title = QLabel("Something went wrong")
        title.setObjectName("crashTitle")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.summary = self._plain_label(summary, "crashSummary")
        where = f"The details are in the log file:\n{log_file}" if log_file else (
            "No log file was set up; copy the details below.")
        self.log_label = self._plain_label(where, "crashLogPath")
        self.details = QPlainTextEdit(details)
        self.details.setObjectName("crashDetails")
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.copy_button = QPushButton("Copy details")
        self.copy_button.setObjectName("copyCrashDetails")
        self.copy_button.clicked.connect(self.copy_details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (title, self.summary, self.log_label, self.details):
            layout.addWidget(widget)
        layout.addWidget(buttons)
        self.resize(640, 420)

    @staticmethod
    def _plain_label(text: str, name: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def add(self, summary: str, details: str) -> None:
        """A later error while this dialog is open: appended, not a second dialog."""
        self.summary.setText(f"{self.summary.text()}\n{summary}")
        self.details.appendPlainText("\n" + details)

    def replace(self, summary: str, details: str) -> None:
        """A new error after this dialog was closed: shown in it afresh."""
        self.summary.setText(summary)
        self.details.setPlainText(details)
        self.copy_button.setText("Copy details")

    def copy_details(self) -> None:
        copy_payload(ClipboardPayload(self.details.toPlainText(), None))
        self.copy_button.setText("Copied")


class CrashReporter(QObject):
    """Turns uncaught exceptions from any thread into a log entry and a CrashDialog."""

    crashed = Signal(str, str)  # summary, details: queued to the GUI thread
    shown = Signal(object)  # the CrashDialog, once shown (for tests and embedding)

    def __init__(
        self, parent_widget: Callable[[], QWidget | None] = lambda: None, *, chain: bool = True
    ) -> None:
        """`chain=False`: do not pass errors on to the hooks found at install (tests)."""
        super().__init__()
        self.parent_widget = parent_widget
        self.chain = chain
        self.dialog: CrashDialog | None = None
        self.crashed.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._previous_hook: Callable[..., Any] = sys.excepthook
        self._previous_thread_hook: Callable[..., Any] = threading.excepthook

    def report(self, exc_info: ExcInfo, thread: str = "") -> None:
        """Log the error and ask the GUI thread to show it; safe from any thread."""
        log.error("uncaught exception%s", f" in thread {thread}" if thread else "",
                  exc_info=exc_info)
        self.crashed.emit(describe(exc_info[0], exc_info[1]),
                          details_text(exc_info, current_log_path(), thread))

    def excepthook(
        self, exc_type: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if not issubclass(exc_type, KeyboardInterrupt):
            self.report((exc_type, error, tb))
        if self.chain:
            self._previous_hook(exc_type, error, tb)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None and not issubclass(args.exc_type, SystemExit):
            name = args.thread.name if args.thread is not None else ""
            self.report((args.exc_type, args.exc_value, args.exc_traceback), name)
        if self.chain:
            self._previous_thread_hook(args)

    def install(self) -> None:
        """Make these the hooks (again, if something replaced them since)."""
        if sys.excepthook != self.excepthook:
            self._previous_hook = sys.excepthook
            sys.excepthook = self.excepthook
        if threading.excepthook != self.thread_excepthook:
            self._previous_thread_hook = threading.excepthook
            threading.excepthook = self.thread_excepthook

    def uninstall(self) -> None:
        if sys.excepthook == self.excepthook:
            sys.excepthook = self._previous_hook
        if threading.excepthook == self.thread_excepthook:
            threading.excepthook = self._previous_thread_hook

    def _show(self, summary: str, details: str) -> None:
        # One dialog for the reporter's life, reused: a dialog dropped for a new one would
        # be freed by Python's garbage collector at some arbitrary later moment, which can
        # be in the middle of a Qt call (and crash there).
        if self.dialog is None:
            self.dialog = CrashDialog(summary, details, current_log_path(), self.parent_widget())
        elif self.dialog.isVisible():
            self.dialog.add(summary, details)
        else:
            self.dialog.replace(summary, details)
        self.dialog.show()
        self.shown.emit(self.dialog)


_reporter: CrashReporter | None = None


def install_crash_hook(parent_widget: Callable[[], QWidget | None] = lambda: None) -> CrashReporter:
    """Install the hooks for the running app, once; later calls re-install the same one."""
    global _reporter
    if _reporter is None:
        _reporter = CrashReporter(parent_widget)
    _reporter.parent_widget = parent_widget
    _reporter.install()
    return _reporter
