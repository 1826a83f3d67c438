"""The script PyInstaller freezes into both bundle executables.

`cablereader` (console) and `cablereader-gui` (windowed on Windows and macOS) run this same
file: `cablereader.cli.main` runs a subcommand when given one and opens the window
otherwise, exactly like the console script of a pip install.

One addition, for the unattended smoke test (packaging/smoke_test.sh) only: when
CABLEREADER_SMOKE_QUIT_MS is set, the window is opened through the same
`cablereader.app.main` the app uses, a line describing it is printed, and the app quits by
itself after that many milliseconds of running its event loop. Without the variable this
file does nothing but call the command line (after multiprocessing.freeze_support(), which
turns the re-launched executable into an import worker process when it is one).
"""

from __future__ import annotations

import multiprocessing
import os
import sys


def smoke(argv: list[str], quit_after_ms: int) -> int:
    """Open the window, report what is shown, run the event loop briefly and quit."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from cablereader.app import main as app_main

    code = app_main(argv, run=False)
    app = QApplication.instance()
    if code != 0 or app is None:
        print(f"smoke: the app did not start (exit {code})", file=sys.stderr)
        return code or 1
    window = app.property("cablereader_window")
    if window is None or not window.isVisible():
        print("smoke: no visible main window", file=sys.stderr)
        return 1
    platform = QApplication.platformName()
    print(
        f"smoke: window {window.windowTitle()!r} visible on {platform!r} "
        f"({window.width()}x{window.height()}), quitting in {quit_after_ms} ms",
        flush=True,
    )
    QTimer.singleShot(quit_after_ms, window.close)  # close as a user would, settings saved
    QTimer.singleShot(quit_after_ms + 500, app.quit)
    result = app.exec()
    print(f"smoke: event loop ended with {result}", flush=True)
    return int(result)


def run() -> int:
    quit_after = os.environ.get("CABLEREADER_SMOKE_QUIT_MS")
    if quit_after:
        return smoke(sys.argv[1:], int(quit_after))
    from cablereader.cli import main

    return main()


if __name__ == "__main__":
    # First of all: in the frozen bundle the importer's worker processes run this same
    # executable with multiprocessing's own arguments; freeze_support() runs the worker
    # and exits there, before the command line could reject those arguments.
    multiprocessing.freeze_support()
    sys.exit(run())
