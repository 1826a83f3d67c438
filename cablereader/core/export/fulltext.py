"""Cables with their full text, as Markdown and as plain text, for reading elsewhere.

The cable text is data, never markup: in Markdown it goes into fenced code blocks
whose fence is longer than any run of backticks inside, so nothing in a cable can
become a link, a heading or HTML; the reference box is a table whose cells escape
the characters Markdown would read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cablereader.core.export.records import ExportRecord, paragraph_label

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~-])")


def _md_inline(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _fence(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _box(record: ExportRecord) -> list[tuple[str, str]]:
    cable = record.cable
    approx = " (approximate)" if cable.created_approx else ""
    return [
        ("Reference ID", cable.reference_id),
        ("Created", cable.created.replace("T", " ") + approx),
        ("Released", (cable.released or "unknown").replace("T", " ")),
        ("Classification", cable.classification),
        ("Origin", cable.origin),
        ("Tags", " ".join(cable.tags)),
        ("URL", record.url),
    ] + ([("Star", record.star)] if record.star else [])


def _notes_lines(record: ExportRecord) -> list[str]:
    lines = []
    for note in record.notes:
        lines.append(f"{paragraph_label(note.anchor, record.cable.paragraphs)}: {note.text}")
    for mark in record.highlights:
        label = paragraph_label(mark.anchor, record.cable.paragraphs)
        lines.append(f"{label} “{mark.quote}”" + (f": {mark.note}" if mark.note else ""))
    return lines


def to_markdown(records: Sequence[ExportRecord], title: str = "") -> str:
    out: list[str] = []
    if title:
        out += [f"# {_md_inline(title)}", ""]
    level = "##" if title else "#"
    for record in records:
        cable = record.cable
        out += [f"{level} {_md_inline(cable.reference_id)}: {_md_inline(cable.subject)}", ""]
        out += ["| | |", "|---|---|"]
        out += [f"| {name} | {_md_inline(value)} |" for name, value in _box(record)]
        out.append("")
        if cable.partial:
            out += ["*This record is a partial extract of the original cable.*", ""]
        for block in (cable.header, cable.body):
            fence = _fence(block)
            out += [f"{fence}text", block.rstrip("\n"), fence, ""]
        notes = _notes_lines(record)
        if notes:
            out += [f"{level}# Your notes", ""]
            for line in notes:
                fence = _fence(line)
                out += [f"{fence}text", line, fence, ""]
    return "\n".join(out).rstrip("\n") + "\n"


def to_text(records: Sequence[ExportRecord], title: str = "") -> str:
    out: list[str] = []
    if title:
        out += [title, "=" * len(title), ""]
    for n, record in enumerate(records):
        cable = record.cable
        if n:
            out += ["", "-" * 72, ""]
        out += [f"{name:<15}{value}" for name, value in _box(record)]
        out += [f"{'Subject':<15}{' '.join(cable.subject.split())}", ""]
        if cable.partial:
            out += ["This record is a partial extract of the original cable.", ""]
        out += [cable.header.rstrip("\n"), "", cable.body.rstrip("\n")]
        notes = _notes_lines(record)
        if notes:
            out += ["", "Your notes:"] + [f"  {line}" for line in notes]
    return "\n".join(out).rstrip("\n") + "\n"
