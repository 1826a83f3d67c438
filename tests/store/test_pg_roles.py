"""The README's roles and grants for a shared archive, run as written on the throwaway
server: the importer imports, a reader reads and annotates but cannot import, and two
readers (two roles) each see their own stars and everyone's notes.

The README's names (the database `cables`, the roles `cable_importer`, `cable_readers`,
`ann`) are given a suffix of this test's own, so that nothing else on the server is
touched; the statements are otherwise run exactly as the README prints them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from urllib.parse import quote, urlsplit, urlunsplit

import pytest

from cablereader.store.api import StoreError
from cablereader.store.factory import open_store
from tests.conftest import ROOT
from tests.store.contract.cables import reference_id, versions

NAMES = ("cable_importer", "cable_readers", "ann", "cables")


def _readme_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Sharing an archive with a team", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sql\n(.*?)```", section, re.S)
    assert len(blocks) == 2, "the README's team section has its two SQL blocks"
    return blocks


def _statements(block: str, suffix: str) -> list[str]:
    """The block's statements, its names suffixed; `\\c db` kept as a statement."""
    for name in NAMES:
        block = re.sub(rf"\b{name}\b", f"{name}_{suffix}", block)
    lines = [line.split("--", 1)[0] for line in block.splitlines()]
    out: list[str] = []
    for part in "\n".join(lines).split(";"):
        for line in part.strip().splitlines():
            if line.strip().startswith("\\c "):
                out.append(line.strip())
                part = part.replace(line, "")
        if part.strip():
            out.append(part.strip())
    return out


def _as(server: str, user: str, dbname: str) -> str:
    parts = urlsplit(server)
    host = parts.netloc.split("@", 1)[-1] if "@" in parts.netloc else parts.netloc
    return urlunsplit(parts._replace(netloc=f"{quote(user)}@{host}", path="/" + quote(dbname)))


def _run(server: str, user: str, dbname: str, statements: list[str]) -> str:
    """Runs statements as psql would; returns the database it ended in."""
    import psycopg

    conn = psycopg.connect(_as(server, user, dbname), autocommit=True)
    try:
        for statement in statements:
            if statement.startswith("\\c "):
                conn.close()
                dbname = statement.split()[1]
                conn = psycopg.connect(_as(server, user, dbname), autocommit=True)
            else:
                conn.execute(statement)
    finally:
        conn.close()
    return dbname


@pytest.fixture
def team(pg_server: str) -> Iterator[dict[str, str]]:
    """The README's set-up on the test server; the URLs of the importer and two readers."""
    import psycopg

    suffix = f"t{os.getpid()}"
    admin = urlsplit(pg_server).netloc.split("@", 1)[0] or "postgres"
    first, after_import = _readme_blocks()
    database = _run(pg_server, admin, "postgres", _statements(first, suffix))
    ben = f"ben_{suffix}"
    # A second reader, made as the README makes `ann`.
    _run(pg_server, admin, database, [f"CREATE ROLE {ben} LOGIN IN ROLE cable_readers_{suffix}"])
    urls = {
        "importer": _as(pg_server, f"cable_importer_{suffix}", database),
        "ann": _as(pg_server, f"ann_{suffix}", database),
        "ben": _as(pg_server, ben, database),
        "grants": after_import,
        "suffix": suffix,
        "admin": admin,
    }
    try:
        yield urls
    finally:
        with psycopg.connect(pg_server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            roles = (ben, f"ann_{suffix}", f"cable_readers_{suffix}", f"cable_importer_{suffix}")
            for role in roles:
                conn.execute(f"DROP ROLE IF EXISTS {role}")


def test_the_readmes_grants_let_readers_annotate_but_not_import(team: dict[str, str]) -> None:
    suffix = team["suffix"]
    importer = open_store(team["importer"], create=True)
    try:
        importer.write_versions(versions(4), run=importer.begin_import(["/synthetic"]))
    finally:
        importer.close()
    database = urlsplit(team["importer"]).path.lstrip("/")
    grants = _statements(team["grants"], suffix)
    _run(team["importer"], f"cable_importer_{suffix}", database, grants)

    ann = open_store(team["ann"])
    ben = open_store(team["ben"])
    try:
        assert ann.count() == 4  # reads
        assert ann.person == f"ann_{suffix}" and ben.person == f"ben_{suffix}"  # the roles
        ann.star([reference_id(1)], "red")  # annotates
        ann.add_to_collection("Lima", [reference_id(1)])
        note = ann.add_note(reference_id(1), "Ann's note")
        ben.star([reference_id(2)])
        ben.mark_read([reference_id(2)])
        assert list(ann.stars()) == [reference_id(1)] and list(ben.stars()) == [reference_id(2)]
        assert [(n.uuid, n.author) for n in ben.notes()] == [(note.uuid, f"ann_{suffix}")]
        with pytest.raises(StoreError, match=f"ann_{suffix}"):
            ben.delete_note(note.uuid)
        with pytest.raises(StoreError, match="role may not"):  # but does not import
            ann.write_versions(versions(6), run=ann.begin_import(["/more"]))
        assert ann.count() == 4 and ben.count() == 4
    finally:
        ann.close()
        ben.close()
