"""Before/after check of the parsers on a corpus: what `cablereader show --json` says.

    python -m benchmarks.corpus_diff dump --db STORE --out DUMP.json
    python -m benchmarks.corpus_diff compare OLD.json NEW.json [--examples N]

`dump` runs the CLI's own `show REFID --json` (in this process, through `cli.main`, so
it is exactly what a user gets) for every cable in the store and writes one JSON object
keyed by reference ID. `compare` counts, per field, how many cables differ between two
dumps, so that a parser fix shows what it changed and nothing else changes unseen.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
from pathlib import Path
from typing import Any

from cablereader.cli import main as cli_main
from cablereader.store.api import CableFilter
from cablereader.store.sqlite_store import SqliteCableStore


def reference_ids(db: str) -> list[str]:
    store = SqliteCableStore(Path(db))
    try:
        ids = store.query_ids(CableFilter())
        rows = store.fetch_rows(ids)
        return sorted(row.reference_id for row in rows.values())
    finally:
        store.close()


def show_json(db: str, reference_id: str) -> dict[str, Any]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli_main(["show", reference_id, "--json", "--db", db])
    if code != 0:
        raise RuntimeError(f"show {reference_id} failed ({code})")
    data: dict[str, Any] = json.loads(out.getvalue())
    return data


def dump(db: str, out: str) -> int:
    cables = {rid: show_json(db, rid) for rid in reference_ids(db)}
    Path(out).write_text(json.dumps(cables, ensure_ascii=False, indent=1, sort_keys=True))
    print(f"{len(cables)} cables written to {out}")
    return 0


def compare(old_path: str, new_path: str, examples: int) -> int:
    old = json.loads(Path(old_path).read_text())
    new = json.loads(Path(new_path).read_text())
    only_old, only_new = sorted(set(old) - set(new)), sorted(set(new) - set(old))
    changed: dict[str, list[str]] = {}
    for rid in sorted(set(old) & set(new)):
        for field in sorted(set(old[rid]) | set(new[rid])):
            if old[rid].get(field) != new[rid].get(field):
                changed.setdefault(field, []).append(rid)
    print(f"cables: {len(old)} before, {len(new)} after")
    if only_old or only_new:
        print(f"only before: {only_old[:examples]} ({len(only_old)})")
        print(f"only after: {only_new[:examples]} ({len(only_new)})")
    any_change = sorted({rid for rids in changed.values() for rid in rids})
    print(f"cables with any change: {len(any_change)}")
    print("| field | cables changed | examples |")
    print("|---|---|---|")
    for field, rids in sorted(changed.items()):
        print(f"| {field} | {len(rids)} | {', '.join(rids[:examples])} |")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus_diff")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("dump")
    p.add_argument("--db", required=True)
    p.add_argument("--out", required=True)
    p = sub.add_parser("compare")
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("--examples", type=int, default=3)
    args = parser.parse_args(argv)
    if args.command == "dump":
        return dump(args.db, args.out)
    return compare(args.old, args.new, args.examples)


if __name__ == "__main__":
    sys.exit(main())
