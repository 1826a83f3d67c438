"""Reference IDs: recognising them, and turning the way cables cite each other into IDs.

A reference ID is the two-digit year, the station written without spaces and the
serial without leading zeros (`05LIMA4377`). Cables cite each other as `LIMA 004377`,
`05 LIMA 4377`, `2005 LIMA 4377` or, within the same year, just `LIMA 4377`.
53 real IDs break the pattern, so validation here is deliberately loose.
"""

from __future__ import annotations

import re

# Loose on purpose: the real malformed IDs (`08ECTION01OF02MANAMA492`) must still import.
_LOOSE_ID = re.compile(r"^[0-9]{2}[A-Z0-9]{2,60}$")
STRICT_ID = re.compile(r"^([0-9]{2})([A-Z]+(?:[A-Z]|[0-9]+[A-Z]+)*)([1-9][0-9]*)$")

# Station names as written in text that differ from the station part of IDs.
_STATION_ALIASES = {
    "SECSTATE": "STATE",
    "SECSTATE WASHDC": "STATE",
    "USMISSION USUN NEW YORK": "USUNNEWYORK",
}

# `05 LIMA 4377`, `LIMA 004377`, `2005 LIMA 4377`, `CAPE TOWN 2150`, `USUN NEW YORK 123`.
_CITATION = re.compile(
    r"(?<![A-Z0-9])(?:(?P<year>(?:19|20)?[0-9]{2})\s+)?"
    r"(?P<station>[A-Z][A-Z'-]*(?:\s[A-Z][A-Z'-]*){0,2})\s+0*(?P<serial>[1-9][0-9]{0,6})(?![0-9])"
)
# Words that look like a station in the pattern above but never are one.
_NOT_STATIONS = frozenset(
    {
        "AND",
        "OF",
        "TO",
        "THE",
        "SECTION",
        "PARA",
        "PARAS",
        "PARAGRAPH",
        "REF",
        "REFS",
        "REFTEL",
        "CODE",
        "JUNE",
        "JULY",
        "MAY",
        "MARCH",
        "APRIL",
        "AUGUST",
        "SEPTEMBER",
        "OCTOBER",
        "NOVEMBER",
        "DECEMBER",
        "JANUARY",
        "FEBRUARY",
        "NOTAL",
        "NO",
        "E-MAIL",
        "EMAIL",
        "OR",
        "ON",
        "IN",
        "AT",
        "FOR",
        "BY",
        "AS",
        "PAGE",
        "ITEM",
        "DAILY",
        "REPORT",
        "PER",
        *("JAN", "FEB", "MAR", "APR", "JUN", "JUL", "AUG", "SEP", "SEPT", "OCT", "NOV", "DEC"),
    }
)
# Reference IDs written as such in text (`09STATE12345`), for linking inside bodies.
_INLINE_ID = re.compile(r"(?<![A-Za-z0-9])([0-9]{2}[A-Z]{3,20}[1-9][0-9]{0,6})(?![A-Za-z0-9])")


def normalise_reference_id(text: str) -> str | None:
    """The ID in canonical form, or None when the text cannot be a reference ID."""
    candidate = re.sub(r"\s+", "", text).upper()
    return candidate if _LOOSE_ID.match(candidate) else None


def is_well_formed(reference_id: str) -> bool:
    return STRICT_ID.match(reference_id) is not None


def id_year(reference_id: str) -> int | None:
    """The four-digit year from the ID's prefix (66-99 are 19xx)."""
    if len(reference_id) < 2 or not reference_id[:2].isdigit():
        return None
    two = int(reference_id[:2])
    return 1900 + two if two >= 66 else 2000 + two


def _year_prefix(year_text: str | None, default_year: int | None) -> str | None:
    if year_text:
        return year_text[-2:]
    if default_year is not None:
        return f"{default_year % 100:02d}"
    return None


def resolve_citation(text: str, citing_year: int | None) -> str | None:
    """The reference ID named by a REF item such as `A. 05 LIMA 4377`, or None.

    Without a year, diplomatic usage means the citing cable's own year.
    Items that name e-mails, reports or meetings resolve to None.
    """
    for match in _CITATION.finditer(text.upper()):
        station_text = match.group("station").strip()
        words = station_text.split()
        # Drop leading filler such as "EMBASSY" or "AMEMBASSY" is not safe in general;
        # only drop words that can never start a station name.
        while words and words[0] in _NOT_STATIONS:
            words = words[1:]
        if not words or words[-1] in _NOT_STATIONS:
            continue
        station = _STATION_ALIASES.get(" ".join(words), "".join(words))
        station = _STATION_ALIASES.get(station, station)
        if not station.isalpha() or len(station) < 3:
            continue
        year = _year_prefix(match.group("year"), citing_year)
        if year is None:
            continue
        return f"{year}{station}{int(match.group('serial'))}"
    return None


def find_inline_ids(text: str) -> list[tuple[int, int, str]]:
    """Spans of reference IDs written as IDs in free text, for linking in the reader."""
    return [(m.start(1), m.end(1), m.group(1)) for m in _INLINE_ID.finditer(text)]
