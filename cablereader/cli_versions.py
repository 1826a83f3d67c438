"""Command-line forms of the versions and timeline features: diff, source, stats --by.

Composition only: the comparison is `core.version_diff`, the labels `core.version_labels`,
the counts the store's facet counts, the same calls the window makes.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from cablereader.cli_output import print
from cablereader.core.links import parse_link
from cablereader.core.query import parse_query
from cablereader.core.version_diff import diff_versions
from cablereader.core.version_labels import version_label
from cablereader.store.api import CableFilter, Facet, StoredCable, VersionInfo

StoreOpener = Callable[[argparse.Namespace], Any]

# name: (one-line help, description, examples), as the other commands declare theirs.
VERSION_COMMANDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "diff": (
        "what changed between two versions of a cable",
        "List what changed between two published versions of one cable: text, lifted"
        " redactions, subject, classification, tags and times. Versions are numbered 1, 2,"
        " ... oldest release first; without --from and --to the two newest are compared.",
        ("cablereader diff 05LIMA4377", "cablereader diff 05LIMA4377 --from 1 --to 3 --json"),
    ),
    "source": (
        "print the stored source bytes of a version",
        "Print the bytes a version was read from, exactly as stored (the current version"
        " unless --version says which).",
        ("cablereader source 05LIMA4377 > page.html", "cablereader source 05LIMA4377 --version 1"),
    ),
}
BY_CHOICES = {"month": Facet.MONTH, "release-day": Facet.RELEASED, "change": Facet.CHANGED}


def add_version_commands(
    command: Callable[[str], argparse.ArgumentParser],
    with_db: Callable[[argparse.ArgumentParser], argparse.ArgumentParser],
) -> None:
    """Register `diff` and `source`; `command(name)` makes a subparser with its help."""
    p = with_db(command("diff"))
    p.add_argument("refid", help="reference ID, e.g. 05LIMA4377")
    p.add_argument("--from", dest="from_version", type=int, metavar="N", help="older version")
    p.add_argument("--to", dest="to_version", type=int, metavar="M", help="newer version")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p = with_db(command("source"))
    p.add_argument("refid", help="reference ID, e.g. 05LIMA4377")
    p.add_argument("--version", dest="version_number", type=int, metavar="N",
                   help="which version (default: the current one)")


def add_stats_options(p: argparse.ArgumentParser) -> None:
    """`stats --by month|release-day [--query Q] [--json]`: the timeline's counts."""
    p.add_argument(
        "--by", choices=sorted(BY_CHOICES),
        help="counts by creation month, release day or kind of change between versions",
    )
    p.add_argument("--query", default="", help="count only the cables this search finds")
    p.add_argument("--json", action="store_true")


def _stored(store: Any, text: str) -> StoredCable | None:
    link = parse_link(text)
    return store.fetch_cable(link.reference_id if link else text)


def _number_of(versions: tuple[VersionInfo, ...], number: int | None, default: int) -> int:
    chosen = default if number is None else number
    if not 1 <= chosen <= len(versions):
        raise ValueError(f"there is no version {chosen} (versions 1 to {len(versions)})")
    return chosen


def _label(number: int, version: VersionInfo) -> str:
    return version_label(
        number, version.format, version.build, version.released, version.imported_at,
        version.current,
    )


def cmd_diff(args: argparse.Namespace, open_store: StoreOpener, out: Any = None) -> int:
    out = out or sys.stdout
    store = open_store(args)
    stored = _stored(store, args.refid)
    if stored is None:
        print(f"{args.refid}: not in the store", file=sys.stderr)
        return 1
    versions = stored.versions
    if len(versions) < 2:
        message = f"{stored.cable.reference_id} has one version only: nothing to compare"
        if args.json:
            print(json.dumps({"reference_id": stored.cable.reference_id, "versions": 1,
                              "changes": [], "message": message}, indent=2), file=out)
        else:
            print(message, file=out)
        return 0
    try:
        to_number = _number_of(versions, args.to_version, len(versions))
        from_number = _number_of(versions, args.from_version, max(1, to_number - 1))
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    old_info, new_info = versions[from_number - 1], versions[to_number - 1]
    old = store.fetch_cable(stored.cable.reference_id, old_info.id)
    new = store.fetch_cable(stored.cable.reference_id, new_info.id)
    assert old is not None and new is not None
    changes = diff_versions(old.cable, new.cable)
    if args.json:
        data = {
            "reference_id": stored.cable.reference_id,
            "from": {"number": from_number, "label": _label(from_number, old_info)},
            "to": {"number": to_number, "label": _label(to_number, new_info)},
            "changes": [c.to_dict() for c in changes],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2), file=out)
        return 0
    print(f"from {_label(from_number, old_info)}", file=out)
    print(f"to   {_label(to_number, new_info)}", file=out)
    if not changes:
        print("no changes", file=out)
    for change in changes:
        where = f" ¶{change.anchor.removeprefix('par')}" if change.anchor else ""
        print(f"\n{change.kind}{where}", file=out)
        if change.old:
            print(f"  - {change.old}", file=out)
        if change.new:
            print(f"  + {change.new}", file=out)
    return 0


def cmd_source(args: argparse.Namespace, open_store: StoreOpener) -> int:
    store = open_store(args)
    stored = _stored(store, args.refid)
    if stored is None:
        print(f"{args.refid}: not in the store", file=sys.stderr)
        return 1
    current = next(n for n, v in enumerate(stored.versions, start=1) if v.current)
    try:
        number = _number_of(stored.versions, args.version_number, current)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    data = store.raw_source(stored.versions[number - 1].id)
    if sys.stdout.isatty():
        # A terminal would act on control characters in the page: show them as escapes.
        print(data.decode("utf-8", "replace"))  # this print escapes control characters
        return 0
    sys.stdout.flush()
    sys.stdout.buffer.write(data)  # redirected: the bytes exactly as stored
    sys.stdout.buffer.flush()
    return 0


def print_timeline_counts(args: argparse.Namespace, store: Any) -> int:
    """The counts the timeline draws, oldest first."""
    query = parse_query(args.query) if args.query else None
    rows = sorted(store.facet_counts(BY_CHOICES[args.by], CableFilter(query=query)))
    if args.json:
        print(json.dumps({"by": args.by, "query": args.query,
                          "counts": [{"key": k, "count": n} for k, n in rows]}, indent=2))
        return 0
    for key, count in rows:
        print(f"{key}  {count:>8}")
    return 0
