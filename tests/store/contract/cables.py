"""Synthetic cables for the contract tests: small, varied, and with known answers."""

from __future__ import annotations

from cablereader.core.model import (
    Cable,
    Paragraph,
    ParsedVersion,
    Reference,
    SiteBuild,
    Source,
    SourceFormat,
)

ORIGINS = ("Embassy Paris", "Embassy Lima", "Secretary of State")
CLASSES = ("UNCLASSIFIED", "CONFIDENTIAL", "SECRET")
TAGS = (("PREL", "FR"), ("PGOV",), ("PREL", "ECON", "PE"))
BODY_WORDS = ("uranium", "harvest", "election")


def reference_id(n: int) -> str:
    return f"0{n % 10}SYNTH{n:04d}"


def cable(n: int, *, released: str | None = "2010-12-01T10:00", extra: str = "") -> Cable:
    """Cable `n`: origin, class, tags and body word cycle with n, so counts are known."""
    body = f"Paragraph one about {BODY_WORDS[n % 3]} number {n}.{extra}\n"
    cites = (Reference(None, reference_id(0), reference_id(0)),) if n % 4 == 1 else ()
    return Cable(
        reference_id=reference_id(n),
        created=f"{2000 + n % 10}-0{1 + n % 9}-1{n % 10}T0{n % 10}:00",
        created_approx=False,
        released=released,
        released_approx=False,
        classification=CLASSES[n % 3],
        origin=ORIGINS[n % 3],
        header=f"HEADER {n}",
        body=body,
        partial=False,
        subject=f"Subject {n} on {BODY_WORDS[(n + 1) % 3]}",
        tags=TAGS[n % 3],
        references=cites,
        paragraphs=(Paragraph(0, "1", "par1", True, "(C)", "paragraph", body),),
    )


def version(
    n: int,
    *,
    build: SiteBuild = SiteBuild.DEC_2010,
    released: str | None = "2010-12-01T10:00",
    extra: str = "",
) -> ParsedVersion:
    made = cable(n, released=released, extra=extra)
    raw = f"<html>{made.reference_id} {build} {made.released} {made.body}</html>".encode()
    return ParsedVersion(
        made,
        Source(f"/synthetic/{build}/{made.reference_id}.html", SourceFormat.SITE_PAGE, build, raw),
    )


def versions(count: int) -> list[ParsedVersion]:
    return [version(n) for n in range(count)]
