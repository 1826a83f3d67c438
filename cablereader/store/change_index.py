"""Which kinds of change lie between the versions of each cable: `cable_changes`.

`changed:redaction` and the browse panel's "Changed between versions" must not diff
cables while the reader waits, so the kinds are worked out when a version is written
(and once, by a migration, for stores written before) and kept one row per kind.

The kinds of a cable are the union over consecutive versions in release order: with
versions A, B, C, a redaction lifted from A to B and a subject corrected from B to C
both count, whichever version is shown.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping

import sqlite_utils

from cablereader.core.change_groups import groups_between
from cablereader.core.model import Cable
from cablereader.core.serialize import decode_cable


def kinds_between_versions(
    db: sqlite_utils.Database, cable_id: int, known: Mapping[int, Cable] | None = None
) -> set[str]:
    """The change groups between consecutive versions of one cable, in release order.
    `known`: versions already parsed (by version id), which need not be decoded again."""
    known = known or {}
    rows = db.execute(
        "SELECT id, CASE WHEN id IN (SELECT value FROM json_each(?)) THEN NULL ELSE data END"
        " FROM versions WHERE cable_id = ? ORDER BY sort_key, id",
        [json.dumps(list(known)), cable_id],
    )
    cables = [known[v] if blob is None else decode_cable(blob) for v, blob in rows]
    found: set[str] = set()
    for old, new in itertools.pairwise(cables):
        found |= groups_between(old, new)
    return found


def refresh_cable_changes(
    db: sqlite_utils.Database, cable_id: int, known: Mapping[int, Cable] | None = None
) -> None:
    """Work out a cable's change kinds again, after one of its versions was added."""
    kinds = kinds_between_versions(db, cable_id, known)
    db.execute("DELETE FROM cable_changes WHERE cable_id = ?", [cable_id])
    db.conn.executemany(
        "INSERT INTO cable_changes (cable_id, kind) VALUES (?, ?)",
        [(cable_id, kind) for kind in sorted(kinds)],
    )


def create_cable_changes(db: sqlite_utils.Database) -> None:
    """The table, its indexes, and the kinds of every cable that has more than one version."""
    db.execute(
        "CREATE TABLE cable_changes (cable_id INTEGER NOT NULL, kind TEXT NOT NULL,"
        " PRIMARY KEY (cable_id, kind)) WITHOUT ROWID"
    )
    db.execute("CREATE INDEX cable_changes_kind ON cable_changes(kind, cable_id)")
    for (cable_id,) in list(db.execute("SELECT id FROM cables WHERE versions > 1")):
        refresh_cable_changes(db, int(cable_id))
