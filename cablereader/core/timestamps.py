"""Creation and release times, and the site's clock bug.

Every site build before August 2011 printed times whose minute equals the hour on a
12-hour clock (`18:06`). The hour is right, the minute is not. The telegram's own
date-time group (`O 110944Z SEP 07`) carries the true UTC time; where it names the same
day we take it, and where it does not the time is kept but flagged approximate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1
    )
}
_DTG = re.compile(
    r"(?<![A-Za-z0-9])(?:[A-Z]{1,2}\s+)?([0-3][0-9])([0-2][0-9])([0-5][0-9])Z\s+"
    r"(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\s+([0-9]{2})(?![0-9])",
    re.IGNORECASE,
)
_SITE_TIME = re.compile(r"^\s*([0-9]{4})-([0-9]{2})-([0-9]{2})\s+([0-9]{1,2}):([0-9]{2})\s*$")
_CSV_TIME = re.compile(r"^\s*([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\s+([0-9]{1,2}):([0-9]{2})\s*$")


@dataclass(frozen=True, slots=True)
class Stamp:
    year: int
    month: int
    day: int
    hour: int
    minute: int

    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}T{self.hour:02d}:{self.minute:02d}"

    def same_day(self, other: Stamp) -> bool:
        return (self.year, self.month, self.day) == (other.year, other.month, other.day)

    def has_clock_bug_signature(self) -> bool:
        """True when the minute is what the buggy clock would print for this hour."""
        return self.minute == (self.hour % 12 or 12) or (self.hour % 12 == 0 and self.minute == 0)


def _valid(stamp: Stamp) -> Stamp | None:
    if 1 <= stamp.month <= 12 and 1 <= stamp.day <= 31 and stamp.hour < 24 and stamp.minute < 60:
        return stamp
    return None


def parse_site_time(text: str) -> Stamp | None:
    """`2010-11-28 18:06` as printed in the site's reference box."""
    m = _SITE_TIME.match(text)
    if not m:
        return None
    return _valid(Stamp(*(int(g) for g in m.groups())))


def parse_csv_time(text: str) -> Stamp | None:
    """`2/25/1972 9:30`, the unpadded month/day/year of cables.csv."""
    m = _CSV_TIME.match(text)
    if not m:
        return None
    month, day, year, hour, minute = (int(g) for g in m.groups())
    return _valid(Stamp(year, month, day, hour, minute))


def find_dtg(text: str) -> Stamp | None:
    """The first date-time group in a telegram header, as a UTC stamp."""
    m = _DTG.search(text)
    if not m:
        return None
    day, hour, minute, month, yy = m.groups()
    two = int(yy)
    year = 1900 + two if two >= 66 else 2000 + two
    return _valid(Stamp(year, _MONTHS[month.upper()], int(day), int(hour), int(minute)))


def correct_created(published: Stamp, header: str, buggy_clock: bool) -> tuple[Stamp, bool]:
    """The creation time to show, and whether its minute is only approximate.

    The correction is decided on evidence, not on the build alone, because early-2011
    pages look like the Aug 2011 build yet still carry the bug: the date-time group is
    taken when the published minute is what the buggy clock prints for its hour and the
    DTG names the same day and hour. A DTG that disagrees on those is a different event
    (a retransmission) and proves nothing about the minute. `buggy_clock` (the source
    may carry the bug) only decides whether an uncorrected minute is marked approximate.
    """
    signature = published.has_clock_bug_signature()
    dtg = find_dtg(header) if signature else None
    if dtg is not None and dtg.same_day(published) and dtg.hour == published.hour:
        return dtg, False
    return published, buggy_clock and signature
