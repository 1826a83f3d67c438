"""The parsed cable, shared by every layer.

Plain frozen dataclasses so that parsers can run in worker processes (they pickle)
and the store and UI can trust that nobody edits a cable behind their back.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SourceFormat(StrEnum):
    """How a version reached us; part of every version's provenance."""

    SITE_PAGE = "site-page"
    CSV = "cables-csv"
    TEXT_PAGE = "text-page"


class SiteBuild(StrEnum):
    """The Cablegate site builds, which differ in layout and in a clock bug."""

    NOV_2010 = "2010-11"
    DEC_2010 = "2010-12"
    EARLY_2011 = "2011-early"  # Jan-Mar 2011: loads cables.js like Aug 2011, old clock bug
    AUG_2011 = "2011-08"
    CSV_2011 = "csv-2011"
    UNKNOWN = "unknown"


CLASSIFICATIONS: tuple[str, ...] = (
    "UNCLASSIFIED",
    "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
    "CONFIDENTIAL",
    "CONFIDENTIAL//NOFORN",
    "SECRET",
    "SECRET//NOFORN",
)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A run of body lines starting where the site would have put a ¶.

    Concatenating the texts of all paragraphs of a cable gives the body back exactly,
    so splitting never loses a character.
    """

    index: int
    number: str | None  # "1", "12", "B"; None for the preamble and unnumbered text
    anchor: str | None  # "par1", "parB": the site's id; None where none applies
    site_anchor: bool  # True where the site itself put that anchor
    marking: str | None  # "(C)", "(S//NF)", "(C - ENTIRE TEXT)"
    kind: str  # "preamble", "paragraph", "summary" or "comment"
    text: str


@dataclass(frozen=True, slots=True)
class Reference:
    """One REF item as written, with the cable it names when we could tell."""

    label: str | None  # "A", "B" or None for a single reference
    text: str
    reference_id: str | None


@dataclass(frozen=True, slots=True)
class Cable:
    """One version of one cable, as one source showed it."""

    reference_id: str
    created: str  # "YYYY-MM-DDTHH:MM", UTC, clock bug corrected where possible
    created_approx: bool  # minute unknown (clock bug without a same-day DTG)
    released: str | None  # "YYYY-MM-DDTHH:MM" or None when the source does not say
    released_approx: bool
    classification: str
    origin: str
    header: str  # the first box, as published
    body: str  # the second box, minus only the site's links and anchors
    partial: bool
    subject: str = ""
    tags: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    articles: tuple[str, ...] = ()
    routing: tuple[str, ...] = ()
    sender: str | None = None  # the FM line
    to: tuple[str, ...] = ()
    info: tuple[str, ...] = ()
    eo: str | None = None  # the E.O. line, DECL included
    classified_by: str | None = None
    classified_reason: str | None = None
    summary: str | None = None
    comment: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def year_month(self) -> tuple[str, str]:
        """Year and month of creation, as in the site's /cable/YYYY/MM/ paths."""
        return self.created[0:4], self.created[5:7]


@dataclass(frozen=True, slots=True)
class Source:
    """Where a version came from; raw holds the bytes as read, so nothing is ever lost."""

    path: str
    format: SourceFormat
    build: SiteBuild
    raw: bytes
    position: int = 0  # row number inside a CSV, 0 for whole-file sources


@dataclass(frozen=True, slots=True)
class ParsedVersion:
    cable: Cable
    source: Source


@dataclass(frozen=True, slots=True)
class ParseFailure:
    """A file or row that could not be read, with a reason a person understands."""

    path: str
    reason: str
    position: int = 0
