"""The import pipeline on the corpus: every file, twice, and with trouble."""

from __future__ import annotations

import time
from pathlib import Path

from cablereader.importer.run import import_sources
from cablereader.importer.state import ImportState


def test_whole_corpus_imports_without_failure_and_again_unchanged(store, corpus: Path) -> None:
    seen: list[int] = []
    state = ImportState(on_progress=lambda p: seen.append(p.files_done), min_interval=0)
    report = import_sources(store, [corpus], state)
    assert report.failed == 0, report.failures
    assert report.added + report.updated == 398 + 342 + 1
    assert report.not_recognised == [str(corpus / "README.md")]
    assert seen and seen[-1] == 398 + 1 + 1 + 1
    started = time.perf_counter()
    again = import_sources(store, [corpus])
    assert time.perf_counter() - started < 2.0
    assert (again.added, again.updated, again.failed) == (0, 0, 0)
    assert again.unchanged == report.added + report.updated
    assert store.integrity_ok()


def test_mixed_sources_and_broken_files(store, corpus: Path, tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "page.html").write_text("<html><body>no cable here</body></html>")
    (tmp_path / "notes.md").write_text("unrelated")
    report = import_sources(store, [tmp_path, corpus / "seed" / "05LIMA4377.txt"])
    reasons = {Path(f.path).name: f.reason for f in report.failures}
    assert reasons == {
        "empty.html": "empty file",
        "page.html": "no cable table found (not a Cablegate cable page)",
    }
    assert report.added == 1 and store.count() == 1


def test_cancel_keeps_a_consistent_store(store, corpus: Path) -> None:
    state = ImportState(min_interval=0)
    state.on_progress = lambda p: state.cancel() if p.files_done >= 100 else None
    report = import_sources(store, [corpus / "cablegate-201012"], state)
    assert report.cancelled
    assert store.count() == report.added
    assert store.integrity_ok()
    rest = import_sources(store, [corpus / "cablegate-201012"])
    assert store.count() == 342 and rest.unchanged == report.added
