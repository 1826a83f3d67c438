"""Fixtures for the reliability tests: a store that already holds one known cable.

Every bad-input test imports the broken file into a store where a good cable is already
stored, so each can check that a failure does not touch what was there before.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from cablereader.importer.run import import_sources
from cablereader.store.api import StoredCable
from cablereader.store.sqlite_store import SqliteCableStore
from tests.reliability.synthetic import SynthCable, make_cable, site_page


@dataclass
class Seeded:
    """A store with one cable imported from a page, and that cable as first read back."""

    store: SqliteCableStore
    cable: SynthCable
    before: StoredCable
    folder: Path

    def assert_untouched(self) -> None:
        """The first cable reads back exactly as it did before the bad import."""
        after = self.store.fetch_cable(self.cable.reference_id)
        assert after == self.before
        assert self.store.integrity_ok()


@pytest.fixture
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    """Kept out of the test's own tmp_path, so importing that folder never sees the store."""
    home = tmp_path_factory.mktemp("seeded")
    folder = home / "seed"
    folder.mkdir()
    cable = make_cable(random.Random(20101128), 1, "LIMA")
    (folder / f"{cable.reference_id}.html").write_bytes(site_page(cable))
    store = SqliteCableStore(home / "cables.db")
    report = import_sources(store, [folder])
    assert (report.added, report.failed) == (1, 0), report.failures
    before = store.fetch_cable(cable.reference_id)
    assert before is not None
    seeded = Seeded(store, cable, before, folder)
    yield seeded
    seeded.store.close()  # a test may have reopened it
