"""One window per store: a second launch hands its link to the running app and exits.

Clicking a `cablereader://` link in a browser starts the app again; without this it would
open a second window on the same store. The server name is derived from the user and
the store path, so two different stores can still be open side by side.

The socket lives in a folder only this user can enter ($XDG_RUNTIME_DIR, else a 0700
folder in the temporary directory that we check is ours and not a symlink): under a
predictable name in /tmp, another local user could take the name first, so that the app
would not open and that user would receive every link clicked. A name already taken is
only reclaimed when nothing answers on it (a crash left it); a slow first instance that
is still starting keeps its socket.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_MS = 500
PREFIX = "cablereader-"


def _private(folder: Path) -> bool:
    """Whether a folder is a real directory of ours that nobody else may enter."""
    try:
        info = folder.lstat()
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and stat.S_IMODE(info.st_mode) & 0o077 == 0
    )


def private_folder() -> Path | None:
    """A folder for our socket that only this user can reach, or None when there is none.

    $XDG_RUNTIME_DIR is made for this (per user, 0700, cleared at logout). Without it, a
    folder named after the uid in the temporary directory is created 0700; if such a
    folder exists but is not ours, is a symlink or is open to others, it is refused
    rather than repaired (someone may already be inside it) and the app runs without
    single-instance hand-over.
    """
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime and os.path.isabs(runtime) and _private(Path(runtime)):
        base = Path(runtime)
    else:
        base = Path(tempfile.gettempdir())
    folder = base / f"cablereader-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        pass
    except OSError:
        return None
    return folder if _private(folder) else None


def server_name(db_path: Path) -> str | None:
    """The socket's full path for this store, or None when no private folder is to be had."""
    if os.name != "posix":  # named pipes elsewhere: Qt makes them per user
        folder_text = ""
    else:
        folder = private_folder()
        if folder is None:
            return None
        folder_text = f"{folder}{os.sep}"
    key = f"{getpass.getuser()}:{db_path.expanduser().resolve()}".encode()
    return folder_text + PREFIX + hashlib.sha1(key).hexdigest()[:16]


def hand_over(name: str | None, message: str) -> bool:
    """Send the message to a running instance; False when there is none."""
    if name is None:
        return False
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return False
    socket.write(message.encode("utf-8") + b"\n")
    socket.flush()
    socket.waitForBytesWritten(CONNECT_MS)
    socket.disconnectFromServer()
    return True


@contextmanager
def _lock(name: str) -> Iterator[None]:
    """An exclusive lock beside the socket (in its private folder), held while deciding."""
    if os.name != "posix" or not os.path.isabs(name):
        yield
        return
    import fcntl  # POSIX only

    descriptor = os.open(name + ".lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _answers(name: str) -> bool:
    """Whether an instance is listening on the name (it may still be starting up)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    connected = socket.waitForConnected(CONNECT_MS)
    socket.abort()
    return connected


class InstanceServer(QObject):
    """Listens for later launches and passes what they asked to open to a handler."""

    def __init__(
        self, name: str | None, on_message: Callable[[str], None], parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._on_message = on_message
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if name is not None:
            self._listen(name)
        self.server.newConnection.connect(self._accept)
        if parent is not None:
            parent.installEventFilter(self)  # stop listening when the window closes

    def _listen(self, name: str) -> None:
        """Listen unless another instance already answers on the name.

        Qt's listen() with socket options binds elsewhere and renames over the name, so it
        would silently take a live instance's socket: whether one answers is asked first,
        under a lock so that two launches at once cannot both decide nobody is there.
        """
        with _lock(name):
            if _answers(name):
                return
            QLocalServer.removeServer(name)  # nobody answers: a stale socket left by a crash
            self.server.listen(name)

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
