"""One fixture for every store implementation: each contract test runs once per kind.

A kind is a way to make an empty store; the PostgreSQL store joins `MAKERS` when it
exists. Cables are synthetic (tests/store/contract/cables.py), so the suite needs no corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cablereader.store.factory import open_store
from cablereader.store.protocol import CableStore

Maker = Callable[[Path], CableStore]

MAKERS: dict[str, Maker] = {
    "sqlite-file": lambda tmp: open_store(tmp / "contract.db", create=True),
    "sqlite-memory": lambda tmp: open_store(None),
}
# Kinds made from a fresh database on the test PostgreSQL server (fixture pg_url).
SERVER_KINDS = ("postgresql",)


@pytest.fixture(params=sorted((*MAKERS, *SERVER_KINDS)))
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CableStore]:
    """An empty store of each kind."""
    if request.param == "postgresql":
        url = request.getfixturevalue("pg_url")
        store = open_store(url, create=True)
    else:
        store = MAKERS[request.param](tmp_path)
    yield store
    store.close()
