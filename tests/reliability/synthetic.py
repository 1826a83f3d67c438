"""Synthetic cable files for the reliability tests, written by the tests themselves.

The project may not ship copies of the real corpus, and the failure tests need inputs we
can cut, corrupt and multiply at will, so these builders produce small but realistic
pages, text pages and cables.csv rows in the exact shapes the parsers expect.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

STATIONS = ("LIMA", "PARIS", "BERN", "TEHRAN", "MADRID", "STATE", "TOKYO", "ANKARA")
ORIGINS = {
    "LIMA": "Embassy Lima",
    "PARIS": "Embassy Paris",
    "BERN": "Embassy Bern",
    "TEHRAN": "Embassy Tehran",
    "MADRID": "Embassy Madrid",
    "STATE": "Secretary of State",
    "TOKYO": "Embassy Tokyo",
    "ANKARA": "Embassy Ankara",
}
CLASSES = ("UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "SECRET//NOFORN", "CONFIDENTIAL//NOFORN")
WORDS = [
    "THE",
    "EMBASSY",
    "MINISTER",
    "MET",
    "TRADE",
    "AGREEMENT",
    "ENERGY",
    "OFFICIALS",
    "PRESIDENT",
    "REFORM",
    "BUDGET",
    "ELECTION",
    "PARTY",
    "SECURITY",
    "COOPERATION",
    "VISIT",
    "DISCUSSED",
    "NOTED",
    "THAT",
    "WOULD",
    "COULD",
    "GOVERNMENT",
]
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


@dataclass(frozen=True)
class SynthCable:
    """The facts of one synthetic cable, from which every format is rendered."""

    reference_id: str
    station: str
    year: int
    month: int
    day: int
    hour: int
    classification: str
    subject: str
    paragraphs: tuple[str, ...]

    @property
    def origin(self) -> str:
        return ORIGINS[self.station]

    @property
    def serial(self) -> int:
        return int(self.reference_id[2 + len(self.station) :])

    def header(self) -> str:
        """The routing box, with a same-day DTG so the clock-bug minute gets corrected."""
        dtg = f"{self.day:02d}{self.hour:02d}44Z {MONTHS[self.month - 1]} {self.year % 100:02d}"
        return f"O {dtg}\nFM AMEMBASSY {self.station}\nTO SECSTATE WASHDC {self.serial}"

    def body(self) -> str:
        """Telegram-style body: caption, TAGS, SUBJECT, numbered paragraphs."""
        lines = [
            f"{' '.join(self.classification.split('//')[0])} {self.station} {self.serial:06d} ",
            " ",
            "E.O. 12958: DECL: 01/01/2019 ",
            "TAGS: PREL, PGOV ",
            f"SUBJECT: {self.subject} ",
            " ",
        ]
        for n, text in enumerate(self.paragraphs, 1):
            lines.append(f"{n}. (C) {text} ")
            lines.append(" ")
        return "\n".join(lines) + "\n"

    def site_time(self) -> str:
        """Created as the pre-2011 site printed it: the minute equals the 12-hour hour."""
        minute = self.hour % 12 or 12
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d} {self.hour:02d}:{minute:02d}"

    def csv_time(self) -> str:
        minute = self.hour % 12 or 12
        return f"{self.month}/{self.day}/{self.year} {self.hour}:{minute:02d}"


def make_cable(rng: random.Random, serial: int, station: str | None = None) -> SynthCable:
    """A random but well-formed cable; `serial` makes its reference ID unique."""
    station = station or rng.choice(STATIONS)
    year = rng.randint(2003, 2010)
    paragraphs = tuple(
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 40)))
        for _ in range(rng.randint(1, 5))
    )
    return SynthCable(
        reference_id=f"{year % 100:02d}{station}{serial}",
        station=station,
        year=year,
        month=rng.randint(1, 12),
        day=rng.randint(1, 28),
        hour=rng.randint(0, 23),
        classification=rng.choice(CLASSES),
        subject=" ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6))),
        paragraphs=paragraphs,
    )


def _pre(text: str) -> str:
    return text.replace("\n", "&#x000A;")


def site_page_text(cable: SynthCable, body: str | None = None) -> str:
    """A page of the Dec 2010 build, with sidebar, ¶ anchors and TAGS links like the real one."""
    body = cable.body() if body is None else body
    marked = []
    for line in body.split("\n"):
        if line[:1].isdigit() and ". " in line[:4]:
            n = line.split(".", 1)[0]
            line = f"<a id='par{n}' href='#par{n}'>¶</a>{line}"
        if line.startswith("TAGS: "):
            line = "TAGS: <a href='/tag/PREL_0.html'>PREL</a> <a href='/tag/PGOV_0.html'>PGOV</a> "
        marked.append(line)
    path = f"/cable/{cable.year}/{cable.month:02d}/{cable.reference_id}.html"
    return (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN">\n'
        "<html><head><title>Cable Viewer</title></head><body>\n"
        "<div class='sidebar'>Browse by origin, tag, classification. R&D & more</div>\n"
        f"<h3>Viewing cable {cable.reference_id}, {cable.subject}</h3>\n"
        "<table class='cable'>\n<tr>\n<th>Reference ID</th>\n<th>Created</th>\n"
        "<th>Released</th>\n<th>Classification</th>\n<th>Origin</th>\n</tr>\n<tr>\n"
        f"<td>\n<a href='{path}'>{cable.reference_id}</a>\n</td>\n"
        f"<td>\n<a href='/date/x.html'>{cable.site_time()}</a>\n</td>\n"
        "<td>\n<a href='/reldate/2010-11-28_0.html'>2010-11-28 18:06</a>\n</td>\n"
        f"<td>\n<a href='/classification/1_0.html' title='x'>{cable.classification}</a>\n</td>\n"
        f"<td>\n<a href='/origin/17_0.html'>{cable.origin}</a>\n</td>\n</tr>\n</table>\n"
        f"<code><pre>{_pre(cable.header())}</pre></code>\n"
        f"<code><pre>{_pre(chr(10).join(marked))}</pre></code>\n"
        "<div class='footer'>courage is contagious</div></body></html>\n"
    )


def site_page(cable: SynthCable, body: str | None = None) -> bytes:
    return site_page_text(cable, body).encode("utf-8")


def text_page(cable: SynthCable) -> bytes:
    """The same cable as a browser's "save as text" gives it."""
    body = cable.body().replace("TAGS: PREL, PGOV", "TAGS: [PREL](#) [PGOV](#)")
    return (
        f"Viewing cable {cable.reference_id}, {cable.subject}\n\n"
        "Reference ID\tCreated\tReleased\tClassification\tOrigin\n"
        f"{cable.reference_id}\t{cable.site_time()}\t2010-11-28 18:06\t"
        f"{cable.classification}\t{cable.origin}\n\n{cable.header()}\n\n{body}"
    ).encode()


def csv_escape(value: str) -> str:
    """MySQL OUTFILE escaping, as in the real cables.csv."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\\n")


def csv_row_fields(*fields: str) -> bytes:
    return (",".join(f'"{csv_escape(f)}"' for f in fields) + "\n").encode()


def csv_row(cable: SynthCable, row_id: int, body: str | None = None) -> bytes:
    """One cables.csv row for the cable; `body` overrides the text (for second versions)."""
    return csv_row_fields(
        str(row_id),
        cable.csv_time(),
        cable.reference_id,
        cable.origin,
        cable.classification,
        "",
        cable.header(),
        cable.body() if body is None else body,
    )
