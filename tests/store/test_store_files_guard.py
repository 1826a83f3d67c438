"""The importer skips files of stores this process holds open, and only those.

A store's (device, inode) is guarded while a connection holds it; after the last close it
is forgotten, since a file made later in the same folder may be given the same inode and
would otherwise be refused as "the cable store itself" (seen in the test suite).
"""

from __future__ import annotations

from pathlib import Path

from cablereader.store.connection import is_store_file
from cablereader.store.sqlite_store import SqliteCableStore


def test_a_store_is_guarded_while_open_and_forgotten_after_the_last_close(
    tmp_path: Path,
) -> None:
    path = tmp_path / "cables.db"
    first = SqliteCableStore(path)
    second = first.reopen(read_only=True)
    assert is_store_file(str(path))
    assert is_store_file(f"{path}-wal")
    first.close()
    assert is_store_file(str(path))  # the second connection still holds it
    second.close()
    assert not is_store_file(str(path))
    assert not is_store_file(f"{path}-wal")
