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
    "RIO": "RIODEJANEIRO",
}
# Words naming the kind of post before its place (`AMEMBASSY VIENNA`, `EMBASSY VIENNA 1450`
# is Vienna's cable 1450): dropped from the front of a station.
_POST_WORDS = frozenset(
    {"AMEMBASSY", "EMBASSY", "AMCONSUL", "AMCONSULATE", "CONSULATE", "USMISSION"}
)
# Hand-written, not a copy of any list of stations: words that never occur in a station's
# name, and beginnings no station has (`EMBASSYVIENNA`, `E-MAILS`), so that what a REF
# item names by such words (messages, reports, e-mails, other agencies' documents) is not
# taken for a cable. Checked in the tests against every station string of the real IDs.
_NON_STATION_WORDS = frozenset(
    {
        *("MSG", "DTG", "IIR", "DAO", "USDAO", "OSC", "FBI", "CIA", "DIA", "NSC", "DOD"),
        *("MEMCON", "DIPNOTE", "NOTE", "CABLE", "TELEGRAM", "FAX", "SIPRNET", "POINTS"),
        *("DAILY", "WEEKLY", "SECTO", "TOSEC", "LETTER", "MEETING", "TELCON", "READOUT"),
    }
)
_NON_STATION_PREFIXES = ("EMBASSY", "CONSULATE", "EMAIL", "E-MAIL", "MEMO", "REPORT")
MAX_STATION_WORDS = 4  # HO CHI MINH CITY

# `05 LIMA 4377`, `LIMA 004377`, `2005 LIMA 4377`, `CAPE TOWN 2150`, `USUN NEW YORK 123`.
_CITATION = re.compile(
    r"(?<![A-Z0-9])(?:(?P<year>(?:19|20)?[0-9]{2})\s+)?"
    r"(?P<station>[A-Z][A-Z'-]*(?:\s[A-Z][A-Z'-]*){0,3})\s+0*(?P<serial>[1-9][0-9]{0,6})"
    # a serial is not the start of a date (`BURDICK 10/16/09`) or of a decimal number
    r"(?![0-9]|/[0-9]|\.[0-9])"
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


def is_station_name(text: str) -> bool:
    """Whether `text` can be a station as cables write it (`LIMA`, `SAO PAULO`, `USUN NEW
    YORK`, or joined as in IDs: `SAOPAULO`): one to four words of letters, none of them a
    word or beginning that no station has, the last not a two-letter code (`MADRID SP`)."""
    words = text.split()
    if not 1 <= len(words) <= MAX_STATION_WORDS or len("".join(words)) < 3:
        return False
    if len(words) > 1 and len(words[-1]) < 3:
        return False
    for word in words:
        if not word.isalpha() or word in _NOT_STATIONS or word in _NON_STATION_WORDS:
            return False
        if word.startswith(_NON_STATION_PREFIXES):
            return False
    return True


def resolve_citation(text: str, citing_year: int | None) -> str | None:
    """The reference ID named by a REF item such as `A. 05 LIMA 4377`, or None.

    Without a year, diplomatic usage means the citing cable's own year. Only a station
    and a number name a cable: items that name e-mails, reports, meetings or other
    agencies' messages resolve to None rather than to a made-up ID.
    """
    for match in _CITATION.finditer(text.upper()):
        words = match.group("station").split()
        # Filler before a station (`REFTEL`, `AND`, `AMEMBASSY`) is dropped.
        while words and (words[0] in _NOT_STATIONS or words[0] in _POST_WORDS):
            words = words[1:]
        name = " ".join(words)
        station = _STATION_ALIASES.get(name, "".join(words))
        station = _STATION_ALIASES.get(station, station)
        if not words or not is_station_name(name):
            continue
        year = _year_prefix(match.group("year"), citing_year)
        if year is None:
            continue
        return f"{year}{station}{int(match.group('serial'))}"
    return None


def find_inline_ids(text: str) -> list[tuple[int, int, str]]:
    """Spans of reference IDs written as IDs in free text, for linking in the reader."""
    return [(m.start(1), m.end(1), m.group(1)) for m in _INLINE_ID.finditer(text)]
