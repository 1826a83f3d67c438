"""Shared fixtures: the development corpus in ../shared, and throwaway stores."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CABLEREADER_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
BUILDS = ("cablegate-201011", "cablegate-201012", "cablegate-201108")


def corpus_pages(build: str | None = None) -> list[Path]:
    builds = (build,) if build else BUILDS
    return sorted(p for b in builds for p in (CORPUS / b).rglob("*.html"))


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"development corpus not found at {CORPUS} (set CABLEREADER_SHARED)")
    return CORPUS


@pytest.fixture
def store(tmp_path: Path):
    from cablereader.store.sqlite_store import SqliteCableStore

    opened = SqliteCableStore(tmp_path / "cables.db")
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory: pytest.TempPathFactory, corpus: Path):
    """The whole development corpus imported once, shared read-mostly by many tests."""
    from cablereader.importer.run import import_sources
    from cablereader.store.sqlite_store import SqliteCableStore

    path = tmp_path_factory.mktemp("corpus-store") / "cables.db"
    opened = SqliteCableStore(path)
    report = import_sources(opened, [corpus])
    assert report.failed == 0, report.failures
    yield opened
    opened.close()


class NetworkUsedError(AssertionError):
    """Raised inside the code under test when it tries to reach the network."""


@pytest.fixture
def network_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    calls: list[str] = []

    def guard(name: str) -> Any:
        def refuse(*args: object, **kwargs: object) -> None:
            calls.append(f"{name}{args[1:] if name.startswith('socket.') else args}")
            raise NetworkUsedError(f"network access attempted: {name}")

        return refuse

    monkeypatch.setattr(socket.socket, "connect", guard("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", guard("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", guard("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", guard("getaddrinfo"))
    yield calls
    assert calls == [], f"network used: {calls}"
