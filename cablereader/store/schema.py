"""Schema versions of the cable store, each a migration from the one before.

A store remembers its version in `PRAGMA user_version`; opening an older store runs the
missing steps in one transaction, so an interrupted upgrade leaves the old store intact.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

import sqlite_utils

from cablereader.core.people import login_name
from cablereader.store.change_index import create_cable_changes
from cablereader.store.ordering import level_of

APPLICATION_ID = 0x43424C52  # "CBLR": tells our stores apart from other SQLite files


def _v1(db: sqlite_utils.Database) -> None:
    db.execute(
        """CREATE TABLE cables (
            id INTEGER PRIMARY KEY,
            reference_id TEXT NOT NULL UNIQUE,
            version_id INTEGER,
            created TEXT NOT NULL,
            created_approx INTEGER NOT NULL DEFAULT 0,
            released TEXT,
            classification TEXT NOT NULL,
            origin TEXT NOT NULL,
            subject TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '',
            partial INTEGER NOT NULL DEFAULT 0,
            versions INTEGER NOT NULL DEFAULT 1,
            year TEXT NOT NULL,
            month TEXT NOT NULL,
            released_day TEXT,
            import_run INTEGER
        )"""
    )
    db.execute(
        """CREATE TABLE versions (
            id INTEGER PRIMARY KEY,
            cable_id INTEGER NOT NULL REFERENCES cables(id),
            content_hash TEXT NOT NULL,
            format TEXT NOT NULL,
            build TEXT NOT NULL,
            source_path TEXT NOT NULL,
            source_position INTEGER NOT NULL DEFAULT 0,
            imported_at TEXT NOT NULL,
            import_run INTEGER,
            released TEXT,
            sort_key TEXT NOT NULL,
            changes TEXT NOT NULL DEFAULT '[]',
            data BLOB NOT NULL,
            raw BLOB NOT NULL,
            UNIQUE (cable_id, content_hash)
        )"""
    )
    db.execute("CREATE TABLE cable_tags (cable_id INTEGER NOT NULL, tag TEXT NOT NULL)")
    db.execute(
        """CREATE TABLE cable_refs (
            cable_id INTEGER NOT NULL, label TEXT, text TEXT NOT NULL, target TEXT
        )"""
    )
    db.execute(
        """CREATE TABLE files (
            path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
            format TEXT NOT NULL, cables INTEGER NOT NULL, imported_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE import_runs (
            id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, sources TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE VIRTUAL TABLE cable_text USING fts5(
            subject, body, tokenize = 'unicode61 remove_diacritics 2'
        )"""
    )
    for column in (
        "created",
        "released",
        "classification",
        "origin",
        "subject",
        "tags",
        "month",
        "year",
        "released_day",
        "import_run",
    ):
        db.execute(f"CREATE INDEX cables_{column} ON cables({column}, id)")
    db.execute("CREATE INDEX cable_tags_tag ON cable_tags(tag, cable_id)")
    db.execute("CREATE INDEX cable_tags_cable ON cable_tags(cable_id)")
    db.execute("CREATE INDEX cable_refs_target ON cable_refs(target, cable_id)")
    db.execute("CREATE INDEX cable_refs_cable ON cable_refs(cable_id)")
    db.execute("CREATE INDEX versions_cable ON versions(cable_id)")


def _v2(db: sqlite_utils.Database) -> None:
    """Files with unreadable rows are recorded too, so a repeated import of a big CSV with
    a few bad rows is skipped like any other; their count is kept to report them again."""
    db.execute("ALTER TABLE files ADD COLUMN failed INTEGER NOT NULL DEFAULT 0")


def _v3(db: sqlite_utils.Database) -> None:
    """The reader's own data, in tables no import ever writes to, keyed by reference ID
    (not by the cables' row ids) so that it outlives re-imports and cables not yet held."""
    db.execute(
        """CREATE TABLE user_stars (
            reference_id TEXT PRIMARY KEY, colour TEXT NOT NULL, starred_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE TABLE user_read (reference_id TEXT PRIMARY KEY, read_at TEXT NOT NULL)")
    db.execute(
        """CREATE TABLE user_notes (
            uuid TEXT PRIMARY KEY, reference_id TEXT NOT NULL, anchor TEXT,
            text TEXT NOT NULL, created TEXT NOT NULL, edited TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE user_highlights (
            uuid TEXT PRIMARY KEY, reference_id TEXT NOT NULL, anchor TEXT,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, quote TEXT NOT NULL,
            colour TEXT NOT NULL, note TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL, edited TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE user_collections (
            uuid TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, position INTEGER NOT NULL,
            created TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE user_collection_items (
            collection TEXT NOT NULL REFERENCES user_collections(uuid) ON DELETE CASCADE,
            reference_id TEXT NOT NULL, position INTEGER NOT NULL, added TEXT NOT NULL,
            PRIMARY KEY (collection, reference_id)
        )"""
    )
    db.execute(
        """CREATE TABLE user_saved_searches (
            uuid TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, query TEXT NOT NULL,
            selections TEXT NOT NULL DEFAULT '[]', created TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE user_history (
            uuid TEXT PRIMARY KEY, kind TEXT NOT NULL, value TEXT NOT NULL, at TEXT NOT NULL
        )"""
    )
    # The text of notes and of highlights' notes, for `note:word`; triggers keep it in step
    # whichever way a row arrives (the window, the command line, a backup being merged).
    db.execute(
        """CREATE VIRTUAL TABLE user_note_text USING fts5(
            uuid UNINDEXED, reference_id UNINDEXED, text,
            tokenize = 'unicode61 remove_diacritics 2'
        )"""
    )
    for table, column in (("user_notes", "text"), ("user_highlights", "note")):
        db.execute(
            f"""CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN
                INSERT INTO user_note_text (uuid, reference_id, text)
                VALUES (new.uuid, new.reference_id, new.{column});
            END"""
        )
        db.execute(
            f"""CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN
                DELETE FROM user_note_text WHERE uuid = old.uuid;
            END"""
        )
        db.execute(
            f"""CREATE TRIGGER {table}_au AFTER UPDATE ON {table} BEGIN
                DELETE FROM user_note_text WHERE uuid = old.uuid;
                INSERT INTO user_note_text (uuid, reference_id, text)
                VALUES (new.uuid, new.reference_id, new.{column});
            END"""
        )
    db.execute("CREATE INDEX user_notes_ref ON user_notes(reference_id, anchor)")
    db.execute("CREATE INDEX user_highlights_ref ON user_highlights(reference_id, anchor)")
    db.execute("CREATE INDEX user_items_ref ON user_collection_items(reference_id)")
    db.execute("CREATE INDEX user_history_at ON user_history(at)")




def _v4(db: sqlite_utils.Database) -> None:
    """Which kinds of change lie between a cable's versions, for `changed:` searches and
    the browse panel; filled here for the cables that already have several versions."""
    create_cable_changes(db)


# The list's sort keys whose ties are ordered newest first (ordering.order_clause).
_SORTED_WITH_TIES = ("released", "origin", "subject", "tags")


def _sort_indexes(db: sqlite_utils.Database) -> None:
    """Indexes that give the list's whole-store order as a walk, without a sort.

    Ties became newest first and classification sorts by level (issue 13), which the v1
    `(column, id)` indexes could not give: SQLite sorted each run of equal values (or
    the whole store) in a temporary B-tree, ~1.2 s at full scale. Each sort key now has
    `(key, created DESC, id DESC)`, walked forwards for ascending, and `(key, created,
    id)`, walked backwards for descending; the latter replaces `(key, id)` under its name
    and serves the `key IN (...)` filters as it did. Classification's level is an
    expression index, over the text ordering.level_of writes; `(classification, id)`
    stays for its filters and counts.
    """
    # Each index is dropped first if it is there, so the step can run again on a store
    # whose version number was set back (as the migration tests do).
    for name in ("cables_level", "cables_level_newest"):
        db.execute(f"DROP INDEX IF EXISTS {name}")
    for column in _SORTED_WITH_TIES:
        db.execute(f"DROP INDEX IF EXISTS cables_{column}")
        db.execute(f"DROP INDEX IF EXISTS cables_{column}_newest")
        db.execute(f"CREATE INDEX cables_{column} ON cables({column}, created, id)")
        db.execute(
            f"CREATE INDEX cables_{column}_newest ON cables({column}, created DESC, id DESC)"
        )
    # classification itself ends the key so that SQLite 3.40 takes the index as covering
    # (it does not see that the expression needs nothing else): no read of the table.
    level = level_of("classification")
    db.execute(
        f"CREATE INDEX cables_level ON cables({level}, created, id, classification)"
    )
    db.execute(
        f"CREATE INDEX cables_level_newest"
        f" ON cables({level}, created DESC, id DESC, classification)"
    )


def _cable_generation(db: sqlite_utils.Database) -> None:
    """A number that every write of cables moves, for readers' caches.

    PRAGMA data_version moves on every commit of another connection, and the reader's own
    data (a history row for every cable opened, a star) commits often: the counting
    thread then dropped its counts and re-read its facet columns (1.4 s and ~60 MB at
    full scale) after every cable opened. Caches now drop only when cables changed.
    """
    db.execute("CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value INTEGER)")
    db.execute("INSERT OR IGNORE INTO store_meta (key, value) VALUES ('cables', 0)")


TEXT_TABLE = """CREATE VIRTUAL TABLE cable_text USING fts5(
    subject, body, content = '', tokenize = 'unicode61 remove_diacritics 2'
)"""


def _contentless_text(db: sqlite_utils.Database) -> None:
    """The full-text index keeps no copy of the text it indexes (schema v7).

    A contentful FTS5 table stores every subject and body a second time, uncompressed,
    beside the version's own compressed copy: 1.8 GB of the 5.3 GB full store. Only the
    snippets read it, and they are now cut from the few bodies shown (store/snippets.py);
    replacing a cable's text deletes the old words with the old text, which the version
    shown until then still holds. Only this table is rebuilt, from the old one's own
    copy; no other table (the reader's own data least of all) is touched. The space freed
    is reused by later imports (VACUUM gives it back to the disk).
    """
    found = db.execute("SELECT sql FROM sqlite_master WHERE name = 'cable_text'").fetchone()
    if found is not None and "content = ''" in found[0]:
        return  # already so: the step ran before on a store whose version was set back
    db.execute("ALTER TABLE cable_text RENAME TO cable_text_v6")
    db.execute(TEXT_TABLE)
    db.execute(
        "INSERT INTO cable_text (rowid, subject, body)"
        " SELECT rowid, subject, body FROM cable_text_v6"
    )
    db.execute("DROP TABLE cable_text_v6")


# The person a store's existing user data goes to when it gains people (version 8): the
# one opening it (migrate's `person`), the login name if none was given.
_MIGRATING_PERSON: ContextVar[str] = ContextVar("migrating_person", default="")


def _columns(db: sqlite_utils.Database, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA table_info({table})")}


def _people(db: sqlite_utils.Database) -> None:
    """People (issue 19): stars, read marks and history belong to a person; notes,
    highlights, collections and saved searches carry their author. What the store held
    goes to the person opening it, so nothing changes for them and nothing is lost.

    Stars and reads get (person, reference_id) keys, so their tables are rebuilt; the
    others gain a column. Each part checks first, so the step can run again on a store
    whose version number was set back."""
    person = _MIGRATING_PERSON.get() or login_name()
    for table, rest in (
        ("user_stars", "colour TEXT NOT NULL, starred_at TEXT NOT NULL"),
        ("user_read", "read_at TEXT NOT NULL"),
    ):
        if "person" in _columns(db, table):
            continue
        kept = ", ".join(part.split()[0] for part in rest.split(", "))
        db.execute(
            f"""CREATE TABLE {table}_people (
                person TEXT NOT NULL, reference_id TEXT NOT NULL, {rest},
                PRIMARY KEY (person, reference_id)
            )"""
        )
        db.execute(
            f"INSERT INTO {table}_people (person, reference_id, {kept})"
            f" SELECT ?, reference_id, {kept} FROM {table}",
            [person],
        )
        db.execute(f"DROP TABLE {table}")
        db.execute(f"ALTER TABLE {table}_people RENAME TO {table}")
    # Readers of a cable: "who has read this" is asked by reference ID.
    db.execute("CREATE INDEX IF NOT EXISTS user_read_ref ON user_read(reference_id)")
    db.execute("CREATE INDEX IF NOT EXISTS user_stars_ref ON user_stars(reference_id)")
    for table, column in (
        ("user_history", "person"),
        ("user_notes", "author"),
        ("user_highlights", "author"),
        ("user_collections", "author"),
        ("user_saved_searches", "author"),
    ):
        if column not in _columns(db, table):
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
            db.execute(f"UPDATE {table} SET {column} = ?", [person])
    db.execute("CREATE INDEX IF NOT EXISTS user_history_person ON user_history(person, kind, at)")
    db.execute("CREATE INDEX IF NOT EXISTS user_notes_author ON user_notes(author)")
    db.execute("CREATE INDEX IF NOT EXISTS user_highlights_author ON user_highlights(author)")


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _v1, _v2, _v3, _v4, _sort_indexes, _cable_generation, _contentless_text, _people,
]
LATEST = len(MIGRATIONS)
PEOPLE_VERSION = 8


def migrate(db: sqlite_utils.Database, person: str | None = None) -> int:
    """Bring the store to LATEST; returns the version it had before. `person` is who
    the user data of a store from before people (version 8) goes to."""
    before = db.execute("PRAGMA user_version").fetchone()[0]
    if before == LATEST:
        return before
    token = _MIGRATING_PERSON.set(person or "")
    try:
        with db.atomic():
            for step in MIGRATIONS[before:]:
                step(db)
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {LATEST}")
    finally:
        _MIGRATING_PERSON.reset(token)
    return before
