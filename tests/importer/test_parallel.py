"""A large cables.csv is parsed in worker processes; the result must not depend on it."""

from __future__ import annotations

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
