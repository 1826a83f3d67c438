"""The single-instance socket: in a private folder, and never taken from a live instance."""

from __future__ import annotations

import os
import socket
import stat
import sys
import tempfile
from pathlib import Path

import pytest

from cablereader.ui.single_instance import InstanceServer, hand_over, server_name

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="Unix sockets in folders")


@pytest.fixture
def short_tmp(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary directory standing in for /tmp, with no XDG_RUNTIME_DIR set."""
    base = tmp_path_factory.mktemp("t")
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(base))
    return base


@pytest.fixture
def owner(qapp: object):
    """Parent of the servers a test makes, as the window is in the app: deleted at the
    end through Qt's own deferred delete, never by Python's garbage collector in the
    middle of an event (which crashed the suite once in a long run)."""
    from PySide6.QtCore import QCoreApplication, QEvent, QObject

    parent = QObject()
    yield parent
    for child in parent.findChildren(InstanceServer):
        child.close()
    parent.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def _is_private(folder: Path) -> bool:
    info = folder.lstat()
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and stat.S_IMODE(info.st_mode) & 0o077 == 0
    )


def test_the_socket_is_in_a_private_folder(short_tmp: Path, tmp_path: Path) -> None:
    name = server_name(tmp_path / "cables.db")
    assert name is not None and os.path.isabs(name)  # never a bare name Qt puts in /tmp
    folder = Path(name).parent
    assert folder.parent == short_tmp and _is_private(folder)


def test_xdg_runtime_dir_is_used_when_private(
    short_tmp: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    name = server_name(tmp_path / "cables.db")
    assert name is not None and Path(name).parent.parent == runtime
    runtime.chmod(0o755)  # not private: not trusted
    name = server_name(tmp_path / "cables.db")
    assert name is not None and Path(name).parent.parent == short_tmp


def test_a_folder_someone_prepared_is_refused(short_tmp: Path, tmp_path: Path, owner) -> None:
    folder = short_tmp / f"cablereader-{os.getuid()}"
    elsewhere = tmp_path / "attacker"
    elsewhere.mkdir(mode=0o700)
    folder.symlink_to(elsewhere)
    assert server_name(tmp_path / "cables.db") is None
    assert not hand_over(None, "06KIEV1261")
    folder.unlink()
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)  # open to everyone
    assert server_name(tmp_path / "cables.db") is None
    server = InstanceServer(None, lambda text: None, owner)
    assert not server.listening


def test_a_live_instance_keeps_its_socket(qtbot, short_tmp: Path, tmp_path: Path, owner) -> None:
    """A second launch that fails to listen must not delete the first one's socket."""
    name = server_name(tmp_path / "cables.db")
    assert name is not None
    first_got: list[str] = []
    second_got: list[str] = []
    first = InstanceServer(name, first_got.append, owner)
    assert first.listening
    second = InstanceServer(name, second_got.append, owner)
    assert not second.listening
    assert first.listening
    assert hand_over(name, "06KIEV1261")
    qtbot.waitUntil(lambda: first_got == ["06KIEV1261"], timeout=3000)
    assert second_got == []
    first.close()
    second.close()


def test_a_stale_socket_is_replaced(qtbot, short_tmp: Path, tmp_path: Path, owner) -> None:
    name = server_name(tmp_path / "cables.db")
    assert name is not None and os.path.isabs(name)  # never bind into the working directory
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(name)  # bound, never listening, then abandoned: as after a crash
    stale.close()
    assert Path(name).exists()
    got: list[str] = []
    server = InstanceServer(name, got.append, owner)
    assert server.listening
    assert hand_over(name, "05LIMA4377")
    qtbot.waitUntil(lambda: got == ["05LIMA4377"], timeout=3000)
    server.close()
