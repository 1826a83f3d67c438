"""Shared fixtures: the development corpus in ../shared, and throwaway stores."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property tests draw their examples from a fixed seed and have no deadline: a suite that
# passed once passes again (a slow example on a busy machine is not a failure, and a new
# random draw in CI cannot turn it red). HYPOTHESIS_PROFILE=explore draws new examples,
# for finding bugs on purpose.
settings.register_profile("ci", derandomize=True, deadline=None, database=None)
settings.register_profile("explore", deadline=None, max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Tests never touch the user's real settings, data or logs. Before anything else runs (Qt
# reads these when it first needs them), HOME and the XDG folders point into a throwaway
# folder; subprocesses that tests start inherit them. `isolated_home` below gives every
# test folders of its own on top of that.
REAL_HOME = Path.home()
FAKE_HOME_ROOT = Path(tempfile.mkdtemp(prefix="cablereader-tests-home-"))
XDG_FOLDERS = {
    "HOME": "home",
    "XDG_CONFIG_HOME": "config",
    "XDG_DATA_HOME": "data",
    "XDG_STATE_HOME": "state",
    "XDG_CACHE_HOME": "cache",
    "XDG_RUNTIME_DIR": "runtime",
}


def _point_home_at(root: Path) -> dict[str, str]:
    values = {}
    for variable, name in XDG_FOLDERS.items():
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        values[variable] = str(folder)
    (root / "runtime").chmod(0o700)
    return values


os.environ.update(_point_home_at(FAKE_HOME_ROOT))
os.environ.pop("CABLEREADER_DB", None)

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CABLEREADER_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
BUILDS = ("cablegate-201011", "cablegate-201012", "cablegate-201108")


def corpus_pages(build: str | None = None) -> list[Path]:
    builds = (build,) if build else BUILDS
    return sorted(p for b in builds for p in (CORPUS / b).rglob("*.html"))


@pytest.fixture(autouse=True, scope="session")
def fake_home_removed_at_exit() -> Iterator[Path]:
    yield FAKE_HOME_ROOT
    shutil.rmtree(FAKE_HOME_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test: HOME, the XDG folders and Qt's settings paths in a folder of its own."""
    from PySide6.QtCore import QSettings

    from cablereader.logging_setup import stop_logging

    root = tmp_path_factory.mktemp("home")
    for variable, value in _point_home_at(root).items():
        monkeypatch.setenv(variable, value)
    settings = root / "config"
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(settings_format, scope, str(settings))
    yield root
    stop_logging()  # a test that set up the log file leaves none open behind it


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


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A PostgreSQL server for the whole session (tests/pg_cluster.py): skipped without
    PostgreSQL's programs, failed instead when $CABLEREADER_REQUIRE_PG is set (CI)."""
    from tests import pg_cluster

    try:
        import psycopg  # noqa: F401
    except ImportError:
        reason = "psycopg is not installed (pip install -e '.[postgres]')"
        if os.environ.get(pg_cluster.REQUIRE_PG_ENV):
            pytest.fail(reason)
        pytest.skip(reason)
    with pg_cluster.server() as url:
        if url is None:
            reason = "no PostgreSQL programs here (apt-get install postgresql)"
            if os.environ.get(pg_cluster.REQUIRE_PG_ENV):
                pytest.fail(reason)
            pytest.skip(reason)
        yield url


_pg_databases = iter(range(1, 1_000_000))


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty database on the session's server for one test, dropped after it.
    A `postgresql://` URL, as a user would give with --db."""
    import psycopg

    from tests import pg_cluster

    name = f"cr_test_{os.getpid()}_{next(_pg_databases)}"
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
    yield pg_cluster.database_url(pg_server, name)
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
