"""One window per store: a second launch hands its link to the running app and exits.

Clicking a `cablereader://` link in a browser starts the app again; without this it would
open a second window on the same store. The server name is derived from the user and
the store path, so two different stores can still be open side by side.
"""

from __future__ import annotations

import getpass
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_MS = 500
PREFIX = "cablereader-"


def server_name(db_path: Path) -> str:
    key = f"{getpass.getuser()}:{db_path.expanduser().resolve()}".encode()
    return PREFIX + hashlib.sha1(key).hexdigest()[:16]


def hand_over(name: str, message: str) -> bool:
    """Send the message to a running instance; False when there is none."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return False
    socket.write(message.encode("utf-8") + b"\n")
    socket.flush()
    socket.waitForBytesWritten(CONNECT_MS)
    socket.disconnectFromServer()
    return True


class InstanceServer(QObject):
    """Listens for later launches and passes what they asked to open to a handler."""

    def __init__(self, name: str, on_message: Callable[[str], None], parent: Any = None) -> None:
        super().__init__(parent)
        self._on_message = on_message
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self.server.listen(name):
            QLocalServer.removeServer(name)  # a stale socket left by a crash
            self.server.listen(name)
        self.server.newConnection.connect(self._accept)
        if parent is not None:
            parent.installEventFilter(self)  # stop listening when the window closes

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            self.close()
        return False

    @property
    def listening(self) -> bool:
        return self.server.isListening()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        while socket.canReadLine():
            line = bytes(socket.readLine().data()).decode("utf-8", errors="replace").strip()
            self._on_message(line)

    def close(self) -> None:
        self.server.close()
