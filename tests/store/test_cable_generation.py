"""Readers' caches follow writes of cables, not the reader's own data.

Every cable opened writes a history row; when any commit cleared every cache, the
counting thread re-read its facet columns after each cable opened (1.4 s at full scale).
"""

from __future__ import annotations

from pathlib import Path

from cablereader.store.api import CableFilter, Facet
from cablereader.store.sqlite_store import SqliteCableStore
from tests.store.contract.cables import version


def test_a_second_connection_keeps_its_counts_across_user_writes(tmp_path: Path) -> None:
    path = tmp_path / "cables.db"
    writer = SqliteCableStore(path)
    writer.write_versions([version(1)])
    reader = writer.reopen(read_only=True)
    try:
        first = reader.facet_counts(Facet.ORIGIN, CableFilter())
        counter = reader._change_counter()
        writer.record_history("cable", "09TESTPOST1")  # what opening a cable writes
        writer.mark_read(["09TESTPOST1"])
        writer.star(["09TESTPOST1"], "red")
        assert reader._change_counter() == counter  # a user write is not a cable write
        assert reader.facet_counts(Facet.ORIGIN, CableFilter()) is first  # kept, not recounted
        writer.write_versions([version(2)])
        assert reader._change_counter() != counter
        assert sum(n for _, n in reader.facet_counts(Facet.ORIGIN, CableFilter())) == 2
    finally:
        reader.close()
        writer.close()
