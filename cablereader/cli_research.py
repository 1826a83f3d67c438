"""`cablereader star|unstar|note|collection|export|notes`: the research workflow on the
command line, for scripts and tests.

Composition only, like cli.py (which registers these): every command calls the store
methods and research_io functions the window calls, so a file exported here is byte for
byte what File ▸ Export writes for the same cables and settings.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, cast

from cablereader.cli_output import print
from cablereader.core.links import LinkSettings, UrlStyle, parse_link
from cablereader.core.notes_json import NotesFormatError
from cablereader.core.people import person_from_environment
from cablereader.core.query import parse_query
from cablereader.core.user_items import STAR_COLOURS
from cablereader.research_io import (
    ExportFormat,
    export_notes,
    export_records,
    import_notes,
    merge_summary,
    render_export,
    write_file_atomically,
)
from cablereader.store.api import CableFilter
from cablereader.store.factory import open_store, store_location
from cablereader.store.protocol import CableStore
from cablereader.store.user_data_api import UserDataStore

Handler = Callable[[argparse.Namespace], int]


class ResearchStore(CableStore, UserDataStore, Protocol):
    """A cable store with the reader's own data (SqliteCableStore is one)."""


def _store(args: argparse.Namespace) -> ResearchStore:
    """Only a notes import may make a new store (to carry notes to a new machine)."""
    creating = args.command == "notes" and args.action == "import"
    person = person_from_environment(args.person) or None
    return cast(
        ResearchStore, open_store(store_location(args.db), create=creating, person=person)
    )


def _refids(values: list[str]) -> list[str]:
    out = []
    for value in values:
        link = parse_link(value)
        out.append(link.reference_id if link else value.strip().upper())
    return out


def cmd_star(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        store.star(_refids(args.refids), args.color)
    finally:
        store.close()
    return 0


def cmd_unstar(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        store.unstar(_refids(args.refids))
    finally:
        store.close()
    return 0


def cmd_note(args: argparse.Namespace) -> int:
    link = parse_link(args.link)
    if link is None:
        print(f"not a cable link: {args.link}", file=sys.stderr)
        return 2
    store = _store(args)
    try:
        stored = store.fetch_cable(link.reference_id)
        if stored is None:
            print(f"{link.reference_id}: not in the store", file=sys.stderr)
            return 1
        if link.anchor and link.anchor not in {p.anchor for p in stored.cable.paragraphs}:
            print(f"{link.reference_id} has no paragraph {link.anchor}", file=sys.stderr)
            return 1
        note = store.add_note(link.reference_id, args.text, link.anchor)
    finally:
        store.close()
    print(note.uuid)
    return 0


def cmd_collection(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        if args.action == "list":
            for each in store.collections():
                print(f"{len(each.items):>6}  {each.name}")
            return 0
        if not args.name:
            print(f"collection {args.action} needs a NAME", file=sys.stderr)
            return 2
        if args.action == "add":
            added = store.add_to_collection(args.name, _refids(args.refids))
            print(f"added {added} to {args.name}")
            return 0
        collection = store.collection(args.name)
        if collection is None:
            print(f"no collection named {args.name}", file=sys.stderr)
            return 1
        if args.action == "remove":
            removed = store.remove_from_collection(args.name, _refids(args.refids))
            print(f"removed {removed} from {args.name}")
            return 0
        refs = [item.reference_id for item in collection.items]
        rows = {
            r.reference_id: r
            for r in store.fetch_rows(
                [i for i in (store.cable_id(ref) for ref in refs) if i is not None]
            ).values()
        }
        for ref in refs:
            row = rows.get(ref)
            if row is None:
                print(f"{ref}  (not in the store)")
            else:
                print(f"{ref}  {row.created[:10]}  {row.origin}  {row.subject}")
        return 0
    finally:
        store.close()


def _link_settings(args: argparse.Namespace) -> LinkSettings:
    style = UrlStyle(args.link_style)
    if style is UrlStyle.CUSTOM and not args.link_template:
        raise ValueError("--link-style custom needs --link-template")
    return LinkSettings(style, args.link_template or "")


def _export_ids(store: ResearchStore, args: argparse.Namespace) -> tuple[list[str], str]:
    """The cables to export, in list order, and a title for the file."""
    if args.collection is not None:
        collection = store.collection(args.collection)
        if collection is None:
            raise LookupError(f"no collection named {args.collection}")
        return [i.reference_id for i in collection.items], collection.name
    if args.query is not None:
        query = parse_query(args.query)
        ids = store.query_ids(CableFilter(query=query))
        rows = store.fetch_rows(ids)
        return [rows[i].reference_id for i in ids], f"Search: {query.to_text()}"
    refs = _refids(args.refids)
    return refs, ", ".join(refs[:3]) + (" …" if len(refs) > 3 else "")


def cmd_export(args: argparse.Namespace) -> int:
    chosen = sum(x is not None and x != [] for x in (args.refids, args.query, args.collection))
    if chosen != 1:
        print("export needs exactly one of REFID..., --query or --collection", file=sys.stderr)
        return 2
    fmt = ExportFormat(args.format)
    try:
        settings = _link_settings(args)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    store = _store(args)
    try:
        try:
            refs, title = _export_ids(store, args)
        except LookupError as error:
            print(f"error: {error!s}", file=sys.stderr)
            return 1
        records, missing = export_records(store, refs, settings)
    finally:
        store.close()
    data = render_export(records, fmt, args.title or title)
    if args.output:
        write_file_atomically(Path(args.output), data)
        print(f"wrote {len(records)} cables to {args.output}", file=sys.stderr)
    elif fmt is ExportFormat.PDF and sys.stdout.isatty():
        print("error: a PDF needs -o FILE (or a pipe)", file=sys.stderr)
        return 2
    elif sys.stdout.isatty():
        print(data.decode("utf-8-sig"), end="")  # this print escapes control characters
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    for ref in missing:
        print(f"{ref}: not in the store, not exported", file=sys.stderr)
    return 1 if missing else 0


def cmd_notes(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        if args.action == "export":
            export_notes(store, Path(args.file), mine=args.mine)
            whose = "your" if args.mine else "everyone's"
            print(f"wrote {whose} notes, as {store.person}, to {args.file}", file=sys.stderr)
            return 0
        try:
            report = import_notes(store, Path(args.file))
        except (NotesFormatError, OSError) as error:
            print(f"error: {args.file}: {error!s}", file=sys.stderr)
            return 1
        print(merge_summary(report))
        return 0
    finally:
        store.close()


RESEARCH_COMMANDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # name: (one-line help, description, examples), as cli.py's own table
    "star": (
        "star cables (kept across imports)",
        "Star cables, or change their star's colour. Stars are yours: no import changes them.",
        ("cablereader star 05LIMA4377 09BERLIN1176", "cablereader star 05LIMA4377 --color red"),
    ),
    "unstar": (
        "remove the star from cables",
        "Remove the star from cables.",
        ("cablereader unstar 05LIMA4377",),
    ),
    "note": (
        "add a note to a cable or a paragraph",
        "Add a plain-text note to a cable, or to one of its paragraphs (REFID#parN);"
        " prints the note's id.",
        ('cablereader note 05LIMA4377 "Compare with the Santiago cable"',
         'cablereader note 05LIMA4377#par13 "The key paragraph"'),
    ),
    "collection": (
        "named, ordered sets of cables",
        "Add cables to a collection (made if new), remove them, list the collections or"
        " show one collection's cables in order.",
        ('cablereader collection add "Peru 2005" 05LIMA4377 05LIMA4410',
         'cablereader collection show "Peru 2005"', "cablereader collection list"),
    ),
    "export": (
        "export cables as PDF, tables, text or citations",
        "Write cables (by ID, the hits of a search, or a collection) as PDF, CSV, JSON,"
        " Markdown, plain text, or citations for reference managers (CSL-JSON, BibTeX,"
        " RIS), exactly as File > Export cables writes them.",
        ("cablereader export 05LIMA4377 --format bibtex",
         'cablereader export --collection "Peru 2005" --format pdf -o peru.pdf',
         'cablereader export --query "origin:Lima tag:PREL" --format csv -o lima.csv'),
    ),
    "notes": (
        "back up or merge all your notes as one JSON file",
        "Write your stars, reads and history, and the notes, highlights, collections and"
        " saved searches (everyone's with their authors, or --mine) to one JSON file, or"
        " merge such a file into this store (nothing is duplicated when the same file is"
        " imported twice; its stars and reads become yours, items keep their authors).",
        ("cablereader notes export my-notes.json",
         "cablereader notes export --mine --person ana ana.json",
         "cablereader notes import my-notes.json"),
    ),
}


def add_parsers(
    command: Callable[[str], argparse.ArgumentParser],
    with_db: Callable[[argparse.ArgumentParser], argparse.ArgumentParser],
) -> None:
    """Register the research subcommands; `command(name)` makes a subparser with its help."""
    p = with_db(command("star"))
    p.add_argument("refids", nargs="+", metavar="REFID", help="cables to star")
    p.add_argument("--color", "--colour", choices=STAR_COLOURS, default=STAR_COLOURS[0],
                   help="the star's colour (yellow)")
    p = with_db(command("unstar"))
    p.add_argument("refids", nargs="+", metavar="REFID", help="cables to unstar")
    p = with_db(command("note"))
    p.add_argument("link", metavar="REFID[#parN]", help="a cable, optionally a paragraph")
    p.add_argument("text", help="the note, in quotes")
    p = with_db(command("collection"))
    p.add_argument("action", choices=("add", "remove", "list", "show"))
    p.add_argument("name", nargs="?", metavar="NAME", help="the collection")
    p.add_argument("refids", nargs="*", metavar="REFID", help="cables to add or remove")
    p = with_db(command("export"))
    p.add_argument("refids", nargs="*", metavar="REFID", help="cables to export")
    p.add_argument("--query", help="the cables this search finds, newest first")
    p.add_argument("--collection", metavar="NAME", help="the cables of a collection, in order")
    p.add_argument("--format", required=True, choices=[f.value for f in ExportFormat])
    p.add_argument("-o", "--output", metavar="FILE", help="write here (default: standard output)")
    p.add_argument("--title", help="the file's title (default: from what is exported)")
    p.add_argument("--link-style", choices=[s.value for s in UrlStyle], default="wikileaks",
                   help="where the URLs point (wikileaks)")
    p.add_argument("--link-template", help="for --link-style custom: {refid} {year} {month}")
    p = with_db(command("notes"))
    p.add_argument("action", choices=("export", "import"))
    p.add_argument("file", metavar="FILE", help="the JSON file")
    p.add_argument("--mine", action="store_true",
                   help="export only the notes, highlights, collections and saved searches"
                   " you made (default: everyone's, each with its author)")


COMMANDS: dict[str, Handler] = {
    "star": cmd_star,
    "unstar": cmd_unstar,
    "note": cmd_note,
    "collection": cmd_collection,
    "export": cmd_export,
    "notes": cmd_notes,
}
SUBCOMMANDS = tuple(COMMANDS)
