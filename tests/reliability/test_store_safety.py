"""The store file: never damage what is not ours, read read-only stores, share one file.

A user can point the app at any file (a mistyped --db, another program's database). It must
be refused with StoreError, which the CLI and UI turn into a message, and left byte for byte
as it was. A store on read-only media must still be readable, and the wizard's worker and
the main window open the same file at once, so WAL readers must not block on a writer.
"""

from __future__ import annotations

import random
import sqlite3
import threading
from pathlib import Path

import pytest

from cablereader.importer.run import import_sources
from cablereader.store import schema
from cablereader.store.api import CableFilter, StoreError
from cablereader.store.sqlite_store import SqliteCableStore
from tests.reliability.synthetic import csv_row, make_cable, site_page


def _other_app_db(path: Path, application_id: int, user_version: int) -> bytes:
    """A small SQLite file as another program would leave it; returns its bytes."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.org/')")
    conn.execute(f"PRAGMA application_id = {application_id}")
    conn.execute(f"PRAGMA user_version = {user_version}")
    conn.commit()
    conn.close()
    return path.read_bytes()


def _refused_untouched(path: Path, before: bytes, **kwargs: bool) -> None:
    with pytest.raises(StoreError):
        SqliteCableStore(path, **kwargs).close()
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0


def _filled_store(tmp_path: Path, name: str = "cables.db", count: int = 5) -> list[str]:
    folder = tmp_path / "pages"
    folder.mkdir(exist_ok=True)
    rng = random.Random(7)
    cables = [make_cable(rng, n) for n in range(1, count + 1)]
    for cable in cables:
        (folder / f"{cable.reference_id}.html").write_bytes(site_page(cable))
    store = SqliteCableStore(tmp_path / name)
    report = import_sources(store, [folder])
    store.close()
    assert report.added == count
    return [c.reference_id for c in cables]


@pytest.mark.parametrize("read_only", [False, True])
@pytest.mark.parametrize(
    "content",
    [b"just some notes\n", b"SQLite format 3", b"SQLite format 3\0" + b"\xff" * 200],
    ids=["text", "short-header", "garbage-after-header"],
)
def test_file_that_is_not_a_store_is_refused(
    tmp_path: Path, content: bytes, read_only: bool
) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    _refused_untouched(path, content, read_only=read_only)


@pytest.mark.parametrize("read_only", [False, True])
def test_sqlite_file_of_an_app_that_sets_its_id_is_refused(tmp_path: Path, read_only: bool) -> None:
    path = tmp_path / "places.sqlite"
    before = _other_app_db(path, 0x12345678, 3)
    _refused_untouched(path, before, read_only=read_only)


def test_sqlite_file_of_an_app_without_an_id_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "places.sqlite"
    before = _other_app_db(path, 0, 0)
    _refused_untouched(path, before)


def test_store_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    before = _other_app_db(path, schema.APPLICATION_ID, schema.LATEST + 1)
    _refused_untouched(path, before)


def test_read_only_store_can_be_read(tmp_path: Path) -> None:
    ids = _filled_store(tmp_path)
    path = tmp_path / "cables.db"
    before = path.read_bytes()
    store = SqliteCableStore(path, read_only=True)
    try:
        assert store.count() == len(ids)
        for reference_id in ids:
            stored = store.fetch_cable(reference_id)
            assert stored is not None and stored.cable.reference_id == reference_id
        assert store.search(CableFilter(), limit=3)
        assert store.integrity_ok()
    finally:
        store.close()
    assert path.read_bytes() == before


def test_read_only_store_with_uri_characters_in_its_path(tmp_path: Path) -> None:
    ids = _filled_store(tmp_path, "my #1 store? 100%.db", count=2)
    store = SqliteCableStore(tmp_path / "my #1 store? 100%.db", read_only=True)
    try:
        assert store.count() == len(ids)
    finally:
        store.close()


def test_writing_to_a_read_only_store_says_so(tmp_path: Path) -> None:
    _filled_store(tmp_path)
    store = SqliteCableStore(tmp_path / "cables.db", read_only=True)
    try:
        with pytest.raises(StoreError):
            store.begin_import(["somewhere"])
    finally:
        store.close()


def test_reader_is_not_blocked_by_an_open_write_transaction(tmp_path: Path) -> None:
    ids = _filled_store(tmp_path)
    writer = SqliteCableStore(tmp_path / "cables.db")
    reader = SqliteCableStore(tmp_path / "cables.db")
    try:
        writer.db.conn.execute("BEGIN IMMEDIATE")
        writer.db.conn.execute("INSERT INTO cable_text (cable_text) VALUES ('delete-all')")
        writer.db.conn.execute("UPDATE cables SET subject = 'CHANGED'")
        # The reader sees the last committed state at once, not the pending change.
        assert reader.count() == len(ids)
        assert {h.row.subject for h in reader.search(CableFilter(), limit=10)} != {"CHANGED"}
        assert reader.fetch_cable(ids[0]) is not None
        writer.db.conn.rollback()
    finally:
        writer.close()
        reader.close()


def test_reading_while_another_store_imports(tmp_path: Path) -> None:
    """The main window keeps reading while the wizard's worker imports into the same file:
    reads never fail and the count only grows, one committed batch at a time."""
    rng = random.Random(11)
    rows = [make_cable(rng, n) for n in range(1, 1501)]
    source = tmp_path / "cables.csv"
    source.write_bytes(b"".join(csv_row(c, n) for n, c in enumerate(rows, 1)))
    path = tmp_path / "shared.db"
    writer, reader = SqliteCableStore(path), SqliteCableStore(path)
    failures: list[BaseException] = []

    def run_import() -> None:
        try:
            import_sources(writer, [source])
        except BaseException as error:  # reported to the main thread below
            failures.append(error)

    thread = threading.Thread(target=run_import)
    seen: list[int] = []
    try:
        thread.start()
        while thread.is_alive():
            seen.append(reader.count())
            if seen[-1]:
                assert reader.fetch_cable(rows[0].reference_id) is not None
        thread.join()
        seen.append(reader.count())
    finally:
        thread.join()
        writer.close()
        reader.close()
    assert failures == []
    assert seen == sorted(seen) and seen[-1] == len(rows)
    assert all(n % 500 == 0 for n in seen[:-1]), seen  # whole batches only


def test_two_imports_into_one_file_at_once(tmp_path: Path) -> None:
    """Two writers wait for each other (busy timeout) instead of failing with "locked"."""
    rng = random.Random(12)
    halves = [[make_cable(rng, n) for n in range(k * 1000 + 1, k * 1000 + 801)] for k in (0, 1)]
    sources = []
    for k, half in enumerate(halves):
        sources.append(tmp_path / f"half{k}.csv")
        sources[-1].write_bytes(b"".join(csv_row(c, n) for n, c in enumerate(half, 1)))
    stores = [SqliteCableStore(tmp_path / "both.db") for _ in halves]
    failures: list[BaseException] = []

    def run(store: SqliteCableStore, source: Path) -> None:
        try:
            report = import_sources(store, [source])
            assert report.failed == 0
        except BaseException as error:  # reported to the main thread below
            failures.append(error)

    threads = [
        threading.Thread(target=run, args=pair) for pair in zip(stores, sources, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert failures == []
        assert stores[0].count() == 1600 and stores[1].integrity_ok()
    finally:
        for store in stores:
            store.close()
