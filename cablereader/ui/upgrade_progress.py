"""Opening a store that must be upgraded first, with a window that says so.

Schema 7 rebuilds the full-text index: about five minutes for the whole release on a
loaded two-core machine (4 min 52 s measured). The upgrade runs in a thread while a
busy progress dialog explains it; the event loop keeps the dialog painted. The store is
opened again on the GUI thread afterwards (a connection belongs to the thread that made
it), which is then quick. The upgrade itself is one transaction: a power cut leaves the
old store as it was.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread
from PySide6.QtWidgets import QProgressDialog, QWidget

from cablereader.store.api import StoreError
from cablereader.store.factory import UPGRADE_NOTE, open_store


class _Upgrade(QThread):
    def __init__(self, location: str | Path, person: str | None, parent: QObject) -> None:
        super().__init__(parent)
        self.location = location
        self.person = person
        self.error = ""

    def run(self) -> None:
        if hold is not None:
            hold.wait()  # only in tests: see `hold`
        try:
            open_store(self.location, create=True, person=self.person).close()
        except StoreError as error:  # shown by the caller, as any error opening the store
            self.error = str(error)
        except Exception as error:  # a bug: say it rather than leave the dialog forever
            self.error = f"the upgrade failed: {error}"


# Tests hold the upgrade here (an Event they set) to look at the dialog while it runs.
hold: threading.Event | None = None


def upgrade_with_progress(
    location: str | Path, old: int, person: str | None, parent: QWidget | None = None
) -> str:
    """Upgrade the store at `location` from schema `old`, showing why the wait; returns
    an error text, "" when it worked."""
    dialog = QProgressDialog(parent)
    dialog.setObjectName("upgradeProgress")
    dialog.setWindowTitle("Cable Reader")
    dialog.setLabelText(UPGRADE_NOTE.format(old=old))  # no cable text in it: our words
    dialog.setRange(0, 0)  # busy: SQLite tells no progress of one statement
    dialog.setCancelButton(None)  # stopping half-way would only roll back to the start
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.setMinimumWidth(460)
    dialog.show()
    worker = _Upgrade(location, person, dialog)
    loop = QEventLoop()
    worker.finished.connect(loop.quit)
    worker.start()
    loop.exec()
    worker.wait()
    dialog.close()
    dialog.deleteLater()
    return worker.error
