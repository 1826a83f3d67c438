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


def test_two_importers_take_turns_and_readers_do_not_wait(pg_url: str) -> None:
    """A second writer waits on the advisory lock while the first holds its batch open;
    a reader meanwhile answers at once; both batches land whole."""
    import threading

    import psycopg

    from cablereader.store.postgres.schema import WRITE_LOCK
    from tests.store.contract.cables import version, versions

    first = open_store(pg_url, create=True)
    second = first.reopen(read_only=False)
    reader = first.reopen(read_only=True)
    holder = psycopg.connect(pg_url, autocommit=True)
    done = threading.Event()
    errors: list[BaseException] = []

    def write_second() -> None:
        try:
            second.write_versions([version(50), version(51)])
        except BaseException as error:  # handed to the test's thread
            errors.append(error)
        finally:
            done.set()

    try:
        first.write_versions(versions(3))
        with holder.transaction():  # as a first importer in the middle of its batch
            holder.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])
            writer = threading.Thread(target=write_second)
            writer.start()
            waiting = 0
            for _ in range(3000):  # until the server shows the second writer waiting
                row = holder.execute(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                ).fetchone()
                waiting = int(row[0]) if row else 0
                if waiting or done.wait(0.01):
                    break
            assert waiting == 1 and not done.is_set()
            assert reader.count() == 3  # a reader does not wait for writers
        writer.join(60)
        assert done.is_set() and errors == []
        assert reader.count() == 5 and reader.integrity_ok()
    finally:
        holder.close()
        for store in (reader, second, first):
            store.close()
