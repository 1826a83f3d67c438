"""Other desks learn of an import as it commits (issue 19, "Live"): every write batch
bumps the store's generation and NOTIFYs the `cablereader` channel, so a window that
waits on its connection wakes, and its next data_version() has moved."""

from __future__ import annotations

import subprocess
import sys

from cablereader.store.api import CableFilter
from cablereader.store.factory import open_store
from cablereader.store.postgres.pg_store import PostgresCableStore

_WRITER = """
import sys
from cablereader.store.factory import open_store
from tests.store.contract.cables import versions
store = open_store(sys.argv[1])
store.write_versions(versions(3))
store.close()
"""


def test_another_process_import_wakes_a_waiting_reader(pg_url: str) -> None:
    reader = open_store(pg_url, create=True)
    try:
        assert isinstance(reader, PostgresCableStore)
        before = reader.data_version()
        assert reader.wait_for_change(0) == []  # nothing yet: no wait, no payload
        writer = subprocess.run(
            [sys.executable, "-c", _WRITER, pg_url], capture_output=True, text=True, timeout=120
        )
        assert writer.returncode == 0, writer.stderr
        assert "cables" in reader.wait_for_change(30)  # already there: returns at once
        assert reader.data_version() != before
        assert reader.count(CableFilter()) == 3
    finally:
        reader.close()


def test_a_snapshot_holds_while_another_connection_writes(pg_url: str) -> None:
    reader = open_store(pg_url, create=True)
    writer = reader.reopen(read_only=False)
    try:
        from tests.store.contract.cables import versions

        writer.write_versions(versions(2))
        with reader.snapshot():
            assert reader.count() == 2
            writer.write_versions(versions(5))  # the reader does not block the writer
            assert reader.count() == 2
        assert reader.count() == 5
    finally:
        writer.close()
        reader.close()
