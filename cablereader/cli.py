"""`cablereader`: the command line, and the door to the desktop app.

Composition only: every subcommand calls the same store, importer and link code the app
uses. Without a subcommand it starts the app, so the console script doubles as launcher.
Exit codes: 0 success, 1 some files failed or a cable was not found, 2 usage errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from cablereader import __version__
from cablereader.core.links import LinkFormat, format_link, parse_link, public_url, target_for
from cablereader.core.query import parse_query
from cablereader.core.serialize import cable_to_dict
from cablereader.desktop_install import install_desktop, uninstall_desktop
from cablereader.importer.progress_line import ProgressLine
from cablereader.importer.run import ImportReport, import_sources
from cablereader.importer.state import ImportState
from cablereader.logging_setup import setup_logging
from cablereader.paths import default_db_path
from cablereader.store.api import CableFilter, StoreError
from cablereader.store.sqlite_store import SqliteCableStore

SUBCOMMANDS = ("import", "show", "search", "stats", "link", "install-desktop", "uninstall-desktop")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cablereader", description="Read, search and cite the Cablegate cables offline."
    )
    parser.add_argument("--version", action="version", version=f"cablereader {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def with_db(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--db", help="store file (default: $CABLEREADER_DB or the data folder)")
        return p

    p = with_db(sub.add_parser("import", help="import cable pages, cables.csv or text pages"))
    p.add_argument("paths", nargs="+", metavar="PATH")
    p = with_db(sub.add_parser("show", help="print one parsed cable"))
    p.add_argument("refid")
    p.add_argument("--json", action="store_true")
    p = with_db(sub.add_parser("search", help="search the store"))
    p.add_argument("query")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=int, default=20)
    with_db(sub.add_parser("stats", help="counts by format, build, classification, origin, year"))
    p = with_db(sub.add_parser("link", help="print a paragraph link as the app copies it"))
    p.add_argument("link", metavar="REFID[#parN]")
    p.add_argument("--format", choices=[f.value for f in LinkFormat], default="url")
    sub.add_parser("install-desktop", help="add the launcher, icon and link handler for you")
    sub.add_parser("uninstall-desktop", help="remove what install-desktop added")
    return parser


def _open_store(args: argparse.Namespace) -> SqliteCableStore:
    return SqliteCableStore(default_db_path(args.db))


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
    "install-desktop": cmd_install_desktop,
    "uninstall-desktop": cmd_uninstall_desktop,
}


def main(argv: Sequence[str] | None = None) -> int:
    setup_logging()  # the rotating log file; nothing is created until something is logged
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments or arguments[0] not in (*SUBCOMMANDS, "-h", "--help", "--version"):
        from cablereader.app import main as app_main  # Qt only when the app is wanted

        return app_main(arguments)
    try:
        args = _parser().parse_args(arguments)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        return COMMANDS[args.command](args)
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
