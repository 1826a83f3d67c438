"""`cablereader`: the command line, and the door to the desktop app.

Composition only: every subcommand calls the same store, importer and link code the app
uses. Without a subcommand it starts the app, so the console script doubles as launcher.
Exit codes: 0 success, 1 some files failed or a cable was not found, 2 usage errors.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Sequence
from typing import Any

from cablereader import __version__, cli_research
from cablereader.cli_output import print
from cablereader.cli_versions import (
    VERSION_COMMANDS,
    add_stats_options,
    add_version_commands,
    cmd_diff,
    cmd_source,
    print_timeline_counts,
)
from cablereader.core.link_formats import LinkFormat, format_link
from cablereader.core.links import parse_link, public_url, target_for
from cablereader.core.people import name_argument, person_from_environment
from cablereader.core.query import SYNTAX_HELP, parse_query
from cablereader.core.serialize import cable_to_dict
from cablereader.desktop_install import install_desktop, uninstall_desktop
from cablereader.importer.progress_line import ProgressLine
from cablereader.importer.run import ImportReport, import_sources
from cablereader.importer.state import ImportState
from cablereader.logging_setup import setup_logging
from cablereader.store.api import CableFilter, StoreError
from cablereader.store.factory import UPGRADE_NOTE, open_store, store_location, upgrade_pending
from cablereader.store.protocol import CableStore

SUBCOMMANDS: tuple[str, ...] = (
    "import", "show", "search", "stats", "link", "diff", "source", "install-desktop",
    "uninstall-desktop", *cli_research.SUBCOMMANDS,
)


_DESCRIPTIONS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # name: (one-line help, description, examples)
    "import": (
        "import cable pages, cables.csv or text pages",
        "Import cables into the store from folders of Cablegate site pages, the cables.csv"
        " file or text pages. Importing again adds new cables and versions; nothing is lost.",
        ("cablereader import ~/cablegate/", "cablereader import cables.csv --db my.db"),
    ),
    "show": (
        "print one parsed cable",
        "Print one cable of the store: its header fields and text, or JSON.",
        ("cablereader show 05LIMA4377", "cablereader show 09BERLIN1176 --json"),
    ),
    "search": (
        "search the store",
        "Search the store with the app's query language and print the best hits with a"
        " snippet. Operators are upper case; in lower case they are words.",
        (
            'cablereader search "nuclear program" --limit 5',
            'cablereader search "tag:PREL OR tag:PGOV from:2009"',
            'cablereader search "iran NEAR/5 sanctions -class:u"',
        ),
    ),
    "stats": (
        "counts by format, build, classification, origin, year",
        "Print how many cables the store holds, by format, site build, classification,"
        " origin and year; with --by, the counts by creation month or release day that"
        " the timeline draws.",
        ("cablereader stats", "cablereader stats --db my.db",
         'cablereader stats --by month --query "tag:PREL" --json'),
    ),
    "link": (
        "print a paragraph link as the app copies it",
        "Print the link to a cable or one of its paragraphs, in the style the app copies.",
        ("cablereader link 05LIMA4377#par13", "cablereader link 05LIMA4377#par13 --format html"),
    ),
    "install-desktop": (
        "add the launcher, icon and link handler for you",
        "Add Cable Reader to your desktop's application menu, with its icon and the"
        " handler for cablereader:// links (for your user only).",
        ("cablereader install-desktop",),
    ),
    "uninstall-desktop": (
        "remove what install-desktop added",
        "Remove the launcher, icon and link handler that install-desktop added.",
        ("cablereader uninstall-desktop",),
    ),
}
_DESCRIPTIONS.update(VERSION_COMMANDS)
_DESCRIPTIONS.update(cli_research.RESEARCH_COMMANDS)


def query_syntax_text() -> str:
    """The query language for --help, from the same table as the app's help."""
    width = max(len(example) for example, _ in SYNTAX_HELP)
    return "\n".join(f"  {example.ljust(width)}  {meaning}" for example, meaning in SYNTAX_HELP)


def _epilog(name: str) -> str:
    examples = "examples:\n" + "\n".join(f"  {e}" for e in _DESCRIPTIONS[name][2])
    if name == "search":
        examples += "\n\nquery syntax:\n" + query_syntax_text()
    return examples


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cablereader",
        description="Read, search and cite the Cablegate cables offline.",
        epilog="Run 'cablereader COMMAND --help' for a command's description and examples.",
    )
    parser.add_argument("--version", action="version", version=f"cablereader {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str) -> argparse.ArgumentParser:
        help_text, description, _examples = _DESCRIPTIONS[name]
        return sub.add_parser(
            name, help=help_text, description=description, epilog=_epilog(name),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    def with_db(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--db", help="store file or postgresql:// URL"
                       " (default: $CABLEREADER_DB or the data folder)")
        p.add_argument("--person", metavar="NAME", type=name_argument,
                       help="whose stars and notes (default: $CABLEREADER_PERSON, else the"
                       " database role or the login name)")
        return p

    p = with_db(command("import"))
    p.add_argument("paths", nargs="+", metavar="PATH", help="folders or files to import")
    p = with_db(command("show"))
    p.add_argument("refid", help="reference ID, e.g. 05LIMA4377")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p = with_db(command("search"))
    p.add_argument("query", help="the search, in quotes (see query syntax below)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("--limit", type=int, default=20, help="at most this many hits (20)")
    add_stats_options(with_db(command("stats")))
    p = with_db(command("link"))
    p.add_argument("link", metavar="REFID[#parN]", help="a cable, optionally a paragraph")
    p.add_argument("--format", choices=[f.value for f in LinkFormat], default="url",
                   help="how to print the link (url)")
    add_version_commands(command, with_db)
    command("install-desktop")
    command("uninstall-desktop")
    cli_research.add_parsers(command, with_db)
    return parser


# Stores a command opened, closed when it returns: a server store holds a connection,
# which must not be left for the garbage collector (tests run many commands in one process).
_OPENED: list[CableStore] = []


def _open_store(args: argparse.Namespace) -> CableStore:
    """Only `import` makes a store; the reading commands refuse a missing one."""
    store = open_store(
        store_location(args.db), create=args.command == "import", person=_person(args)
    )
    _OPENED.append(store)
    return store


def _person(args: argparse.Namespace) -> str | None:
    """--person, then $CABLEREADER_PERSON; None: the store's default."""
    return person_from_environment(getattr(args, "person", None)) or None


def _close_opened() -> None:
    while _OPENED:
        _OPENED.pop().close()


def _print_report(report: ImportReport) -> None:
    print(f"added:     {report.added}")
    print(f"updated:   {report.updated}")
    print(f"unchanged: {report.unchanged}")
    print(f"failed:    {report.failed}")
    for failure in report.failures:
        print(f"  {failure.path}: {failure.reason}")  # the reason names the row
    if report.not_recognised:
        print(f"not cable files, ignored: {len(report.not_recognised)}")
    for warning in report.warnings:
        print(f"warning: {warning}")


def cmd_import(args: argparse.Namespace) -> int:
    store = _open_store(args)
    line = ProgressLine(sys.stderr)
    state = ImportState(on_progress=line.update if line.enabled else None)
    try:
        report = import_sources(store, args.paths, state)
    except KeyboardInterrupt:
        state.cancel()
        print("\ninterrupted: everything written so far is kept", file=sys.stderr)
        return 1
    finally:
        line.finish()
        store.close()
    _print_report(report)
    return 1 if report.failed else 0


def cmd_show(args: argparse.Namespace) -> int:
    store = _open_store(args)
    link = parse_link(args.refid)
    stored = store.fetch_cable(link.reference_id if link else args.refid)
    if stored is None:
        print(
            f"{args.refid}: not in the store ({public_url(args.refid.upper(), None)})",
            file=sys.stderr,
        )
        return 1
    cable = stored.cable
    if args.json:
        data: dict[str, Any] = cable_to_dict(cable)
        data["versions"] = len(stored.versions)
        data["version_sources"] = [
            {
                "format": v.format,
                "build": v.build,
                "path": v.source_path,
                "released": v.released,
                "changes": list(v.changes),
                "current": v.current,
            }
            for v in stored.versions
        ]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    approx = " (approximate)" if cable.created_approx else ""
    print(f"Reference ID   {cable.reference_id}")
    print(f"Created        {cable.created.replace('T', ' ')}{approx}")
    print(f"Released       {(cable.released or 'unknown').replace('T', ' ')}")
    print(f"Classification {cable.classification}")
    print(f"Origin         {cable.origin}")
    print(f"Versions       {len(stored.versions)}")
    if cable.partial:
        print("\nThis record is a partial extract of the original cable.")
    print("\n" + cable.header + "\n\n" + cable.body)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    store = _open_store(args)
    query = parse_query(args.query)
    hits = store.search(CableFilter(query=query), limit=max(1, args.limit))
    total = store.count(CableFilter(query=query))
    if args.json:
        print(
            json.dumps(
                {
                    "query": query.to_text(),
                    "total": total,
                    "results": [
                        {
                            "reference_id": h.row.reference_id,
                            "created": h.row.created,
                            "classification": h.row.classification,
                            "origin": h.row.origin,
                            "subject": h.row.subject,
                            "snippet": h.snippet,
                            "rank": h.rank,
                        }
                        for h in hits
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    print(f"{total} cables match {query.to_text() or '(everything)'}")
    for hit in hits:
        row = hit.row
        print(f"\n{row.reference_id}  {row.created[:10]}  {row.classification}  {row.origin}")
        print(f"  {row.subject}")
        if hit.snippet and hit.snippet != row.subject:
            print(f"  {hit.snippet}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    store = _open_store(args)
    if args.by:
        return print_timeline_counts(args, store)
    for title, rows in store.stats().items():
        print(f"{title}:")
        for value, count in rows:
            print(f"  {count:>8}  {value}")
    return 0


def cmd_link(args: argparse.Namespace) -> int:
    link = parse_link(args.link)
    if link is None:
        print(f"not a cable link: {args.link}", file=sys.stderr)
        return 2
    store = _open_store(args)
    stored = store.fetch_cable(link.reference_id)
    if stored is None:
        print(
            f"{link.reference_id}: not in the store ({public_url(link.reference_id, None)})",
            file=sys.stderr,
        )
        return 1
    cable = stored.cable
    paragraph = next((p for p in cable.paragraphs if p.anchor == link.anchor), None)
    if link.anchor and paragraph is None:
        print(f"{link.reference_id} has no paragraph {link.anchor}", file=sys.stderr)
        return 1
    target = target_for(cable, paragraph)
    payload = format_link(target, LinkFormat(args.format))
    # The rich link's point is its HTML; every other form is plain text.
    print(payload.html if args.format == LinkFormat.HTML.value and payload.html else payload.text)
    return 0


def cmd_install_desktop(args: argparse.Namespace) -> int:
    for path in install_desktop():
        print(f"installed {path}")
    return 0


def cmd_uninstall_desktop(args: argparse.Namespace) -> int:
    for path in uninstall_desktop():
        print(f"removed {path}")
    return 0


COMMANDS = {
    "import": cmd_import,
    "show": cmd_show,
    "search": cmd_search,
    "stats": cmd_stats,
    "link": cmd_link,
    "diff": lambda args: cmd_diff(args, _open_store),
    "source": lambda args: cmd_source(args, _open_store),
    "install-desktop": cmd_install_desktop,
    "uninstall-desktop": cmd_uninstall_desktop,
}
COMMANDS.update(cli_research.COMMANDS)


_STORE_OPTIONS = ("--db", "--person")  # the window's options, which every command takes too


def _command_first(arguments: list[str]) -> list[str]:
    """`cablereader --db F stats` as `cablereader stats --db F`.

    The store options come before the command as naturally as after it; without this
    the words after them read as a cable to open in the window, and a script in a
    terminal with no display got Qt's abort instead of its statistics."""
    index = 0
    while index < len(arguments):
        word = arguments[index]
        if word in _STORE_OPTIONS:
            index += 2
        elif word.startswith(tuple(f"{option}=" for option in _STORE_OPTIONS)):
            index += 1
        else:
            break
    if 0 < index < len(arguments) and arguments[index] in SUBCOMMANDS:
        return [arguments[index], *arguments[:index], *arguments[index + 1 :]]
    return arguments


def main(argv: Sequence[str] | None = None) -> int:
    setup_logging()  # the rotating log file; nothing is created until something is logged
    arguments = _command_first(list(sys.argv[1:] if argv is None else argv))
    if not arguments or arguments[0] not in (*SUBCOMMANDS, "-h", "--help", "--version"):
        from cablereader.app import main as app_main  # Qt only when the app is wanted

        return app_main(arguments)
    try:
        args = _parser().parse_args(arguments)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    _tell_upgrade(args)
    try:
        code = COMMANDS[args.command](args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's exit
        return code
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return _reader_went_away()
    finally:
        _close_opened()


def _tell_upgrade(args: argparse.Namespace) -> None:
    """One line on stderr before a command opens a store that must be upgraded first,
    so minutes of silence are not taken for a hang (and stdout stays the command's)."""
    if not hasattr(args, "db"):
        return
    try:
        old = upgrade_pending(store_location(args.db))
    except (OSError, StoreError):
        return  # the command itself reports what is wrong with the location
    if old is not None:
        print(UPGRADE_NOTE.format(old=old), file=sys.stderr)  # stderr: not buffered


def _reader_went_away() -> int:
    """The reader of our output closed it (`| head -1`): stop quietly, as other tools do.

    Python's own exit would flush stdout again and print a second BrokenPipeError, so
    stdout is pointed at /dev/null first. The exit code is the shell's for SIGPIPE.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 128 + signal.SIGPIPE


if __name__ == "__main__":
    sys.exit(main())
