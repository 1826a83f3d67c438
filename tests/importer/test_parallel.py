"""A large cables.csv is parsed in worker processes; the result must not depend on it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cablereader.core.serialize import cable_to_dict
from cablereader.importer import parallel
from cablereader.importer.run import import_sources
from cablereader.store.api import CableFilter
from cablereader.store.sqlite_store import SqliteCableStore


def _import(tmp_path: Path, name: str, sources: list[Path]) -> SqliteCableStore:
    store = SqliteCableStore(tmp_path / f"{name}.db")
    report = import_sources(store, sources)
    assert report.failed == 1 and report.failures[0].position == 343
    return store


def test_pool_and_serial_imports_store_the_same(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    csv = tmp_path / "cables.csv"
    csv.write_bytes((corpus / "cables-sample.csv").read_bytes() + b'"343","broken"\n')
    serial = _import(tmp_path, "serial", [csv])
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "CHUNK_BYTES", 100_000)  # many chunks, order must hold
    pooled = _import(tmp_path, "pooled", [csv])
    ids = serial.query_ids(CableFilter())
    assert len(ids) == 342 and pooled.count(CableFilter()) == 342
    for row in serial.fetch_rows(ids).values():
        a, b = serial.fetch_cable(row.reference_id), pooled.fetch_cable(row.reference_id)
        assert cable_to_dict(a.cable) == cable_to_dict(b.cable)
        assert serial.raw_source(a.version_id) == pooled.raw_source(b.version_id)
    again = import_sources(pooled, [csv])
    assert again.skipped_files == 1


def test_pages_through_the_pool_store_the_same(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Site pages of every build, a text page and a broken page: parsed in workers, the
    store, its failures and its files must be what the serial import gives."""
    broken = tmp_path / "extra" / "cable" / "2010" / "01" / "10PARIS1.html"
    broken.parent.mkdir(parents=True)
    broken.write_text("<html><body>not a cable</body></html>", encoding="utf-8")
    sources = [corpus / "cablegate-201011", corpus / "cablegate-201012", tmp_path / "extra"]
    text_pages = [p for p in corpus.rglob("*.txt")]
    sources += text_pages
    serial_store = SqliteCableStore(tmp_path / "serial.db")
    serial = import_sources(serial_store, sources)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_PAGES", 0)
    monkeypatch.setattr(parallel, "PAGES_PER_CHUNK", 7)  # many chunks, order must hold
    through_pool: list[str] = []
    real = parallel.RowPool.prepared_pages

    def recorded(self, pages):  # type: ignore[no-untyped-def]
        for path, size, outcome in real(self, pages):
            through_pool.append(path)
            yield path, size, outcome

    monkeypatch.setattr(parallel.RowPool, "prepared_pages", recorded)
    pooled_store = SqliteCableStore(tmp_path / "pooled.db")
    pooled = import_sources(pooled_store, sources)
    assert (pooled.added, pooled.updated, pooled.failed) == (
        serial.added,
        serial.updated,
        serial.failed,
    )
    assert serial.failed >= 1 and [f.path for f in pooled.failures] == [
        f.path for f in serial.failures
    ]
    assert len(through_pool) == serial.added + serial.updated + serial.failed
    ids = serial_store.query_ids(CableFilter())
    assert len(ids) == pooled_store.count(CableFilter()) > 200
    for row in serial_store.fetch_rows(ids).values():
        a = serial_store.fetch_cable(row.reference_id)
        b = pooled_store.fetch_cable(row.reference_id)
        assert cable_to_dict(a.cable) == cable_to_dict(b.cable)
        assert [v.build for v in a.versions] == [v.build for v in b.versions]
        assert serial_store.raw_source(a.version_id) == pooled_store.raw_source(b.version_id)
    again = import_sources(pooled_store, sources)
    assert again.skipped_files == serial.added + serial.updated


def test_the_csv_pool_has_as_many_workers_as_the_store_asks(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store that writes in this process keeps a core for it; one on a server does not
    (CableStore.import_workers): the pool is made with the store's number."""
    csv = tmp_path / "cables.csv"
    csv.write_bytes((corpus / "cables-sample.csv").read_bytes())
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "pool_helps", lambda: True)
    made: list[int] = []
    real_init = parallel.RowPool.__init__

    def init(self, encode, workers=None):  # type: ignore[no-untyped-def]
        real_init(self, encode, workers)
        made.append(self.workers)

    monkeypatch.setattr(parallel.RowPool, "__init__", init)
    store = SqliteCableStore(tmp_path / "asked.db")
    asked: list[int] = []

    def import_workers(cores: int) -> int:
        asked.append(cores)
        return 2

    monkeypatch.setattr(store, "import_workers", import_workers)
    report = import_sources(store, [csv])
    assert report.added == 342
    assert made == [2] and asked == [os.cpu_count() or 1]
