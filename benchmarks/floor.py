"""The floor: the least work any importer of `cables.csv` must do, timed.

Streams the rows with Python's csv module (MySQL escaping: `escapechar='\\'`, a raised
field size limit) into one SQLite table and builds one FTS5 index over the body, with no
parsing at all. The app's import does much more (fields, paragraphs, references,
versions, raw bytes), so "import / floor" says how much that extra work costs on this
machine, independent of how fast the machine is.

    python -m benchmarks.floor CSV DB
"""

from __future__ import annotations

import csv
import sqlite3
import sys
import time
from pathlib import Path

BATCH = 2_000


def run_floor(csv_path: Path, db_path: Path) -> tuple[float, int]:
    """Seconds taken and rows written; `db_path` is replaced."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    csv.field_size_limit(sys.maxsize)
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(
        "CREATE TABLE cables (id INTEGER PRIMARY KEY, date TEXT, refid TEXT, origin TEXT,"
        " classification TEXT, refs TEXT, header TEXT, body TEXT)"
    )
    conn.execute("CREATE VIRTUAL TABLE cable_text USING fts5(body, content='')")
    rows = 0
    with open(csv_path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, escapechar="\\", doublequote=False, strict=False)
        batch: list[list[str]] = []
        for row in reader:
            batch.append(row)
            if len(batch) >= BATCH:
                rows += _write(conn, batch)
                batch = []
        rows += _write(conn, batch)
    conn.close()
    return time.perf_counter() - started, rows


def _write(conn: sqlite3.Connection, batch: list[list[str]]) -> int:
    if not batch:
        return 0
    with conn:
        conn.executemany("INSERT INTO cables VALUES (?, ?, ?, ?, ?, ?, ?, ?)", batch)
        conn.executemany(
            "INSERT INTO cable_text (rowid, body) VALUES (?, ?)", [(r[0], r[7]) for r in batch]
        )
    return len(batch)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m benchmarks.floor CSV DB", file=sys.stderr)
        return 2
    seconds, rows = run_floor(Path(args[0]), Path(args[1]))
    print(f"{rows} rows in {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
