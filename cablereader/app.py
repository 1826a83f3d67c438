"""The desktop app's entry point: `cablereader [--db FILE] [REFID or link]`.

Kept separate from the command line so that Qt is imported only when a window is wanted.
An existing QApplication is reused, so tests (and embedding) can call `main()` directly.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from cablereader.core.links import parse_link
from cablereader.core.people import name_argument, person_from_environment
from cablereader.logging_setup import setup_logging
from cablereader.resources import APP_ID
from cablereader.store.api import StoreError
from cablereader.store.factory import open_store, store_location, upgrade_pending

APP_NAME = "Cable Reader"
ORGANISATION = "cablereader"
# The desktop entry's name without ".desktop": Wayland's app id. On X11 the window class is
# the application name, which the entry's StartupWMClass repeats.
DESKTOP_FILE = APP_ID


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="cablereader", description="Read, search and cite the Cablegate cables offline."
    )
    parser.add_argument("--db", help="store file or postgresql:// URL"
                        " (default: $CABLEREADER_DB or the data folder)")
    parser.add_argument("--person", metavar="NAME", type=name_argument,
                        help="whose stars and notes (default: $CABLEREADER_PERSON, the name"
                        " set in the app, the database role or the login name)")
    parser.add_argument("cable", nargs="?", help="a reference ID or link to open, e.g. "
                        "05LIMA4377#par13")
    return parser.parse_args(list(argv))


def application() -> QApplication:
    """The running QApplication, or a new one named so QSettings find our settings."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    QGuiApplication.setDesktopFileName(DESKTOP_FILE)
    return app


def _bring_forward(window: Any, text: str) -> None:
    """A later launch asked for this: show the window and open what it named."""
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
    link = parse_link(text) if text else None
    if link is not None:
        window.open_cable(link.reference_id, link.anchor)


def main(argv: Sequence[str] | None = None, *, run: bool = True) -> int:
    """Open the window; with `run=False` return before the event loop (for tests)."""
    try:
        args = parse_arguments(sys.argv[1:] if argv is None else argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    setup_logging()
    app = application()
    from cablereader.ui.crash_dialog import install_crash_hook
    from cablereader.ui.main_window import MainWindow  # after the app exists
    from cablereader.ui.plain_text import show_plain_critical
    from cablereader.ui.single_instance import InstanceServer, hand_over, server_name

    install_crash_hook(lambda: app.property("cablereader_window"))

    location = store_location(args.db)
    instance = server_name(Path(location))  # a key only: nothing is made there
    if hand_over(instance, args.cable or ""):
        return 0  # the running window opens it
    from cablereader.ui.window_settings import PERSON, store_key

    person = person_from_environment(args.person) or PERSON.get(store_key(str(location)))
    try:
        old = upgrade_pending(location)
        if old is not None:  # minutes at full scale: say why, rather than seem hung
            from cablereader.ui.upgrade_progress import upgrade_with_progress

            failure = upgrade_with_progress(location, old, person or None)
            if failure:
                raise StoreError(failure)
        store = open_store(location, create=True, person=person or None)
    except StoreError as error:
        show_plain_critical(None, APP_NAME, str(error))  # the error names a path
        return 2
    window = MainWindow(store)
    app.setProperty("cablereader_window", window)  # keeps it reachable, e.g. for tests
    # A child of the window: Qt keeps it as long as the window, and tests find it there.
    server = InstanceServer(instance, lambda text: _bring_forward(window, text), window)
    if not server.listening and hand_over(instance, args.cable or ""):
        # Another launch started listening while this one opened the store: it has it.
        window.close()
        store.close()
        return 0
    opened = False
    if args.cable:
        link = parse_link(args.cable)
        if link is None:
            window.statusBar().showMessage(f"Not a cable reference or link: {args.cable}")
        else:
            opened = window.open_cable(link.reference_id, link.anchor)
    if not opened and not args.cable:
        window.restore_last_cable()
    window.show()
    if not run:
        return 0
    code = app.exec()
    store.close()
    return int(code)
