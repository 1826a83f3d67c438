"""A synthetic Cablegate release of any size, for benchmarks: `cables.csv` and site pages.

Why synthetic: the real 1.7 GB `cables.csv` cannot live in the project, yet import and
search speed depend on its shape (251,287 rows, ~6.8 KB of text a cable with a long tail
past 64 KB, a long-tailed vocabulary, ~190 KB pages that are mostly sidebar). So the
generator takes what is real and public at run time, never copying it into the project:

- the 251,287 real reference IDs and their creation months (`cable2month.csv.gz`);
- origins consistent with the station in each ID (`origin-station-codes.tsv`);
- paragraphs harvested from the bodies in `cables-sample.csv`, the subjects and TAGS codes;

and assembles telegram-shaped cables around them (routing lines, a date-time group that
agrees with the creation time, caption, E.O., TAGS, SUBJECT, REF lines citing other
generated cables, ¶-numbered paragraphs, ~7% partial extracts). Output is streamed, one
cable at a time, and is byte-for-byte the same for the same seed and inputs.

    python -m benchmarks.generate --out DIR [--cables N] [--pages N] [--seed S] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import calendar
import csv
import datetime as dt
import gzip
import io
import json
import math
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

TOTAL_CABLES = 251_287
DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
# Published counts of the six classifications in the full release.
CLASSIFICATION_COUNTS: tuple[tuple[str, int], ...] = (
    ("UNCLASSIFIED", 75_792),
    ("UNCLASSIFIED//FOR OFFICIAL USE ONLY", 58_095),
    ("CONFIDENTIAL", 97_070),
    ("CONFIDENTIAL//NOFORN", 4_678),
    ("SECRET", 11_322),
    ("SECRET//NOFORN", 4_330),
)
# The site's classification links, with the wrong titles the site really printed.
CLASSIFICATION_LINKS = {
    "CONFIDENTIAL": (1, "unclassified"),
    "CONFIDENTIAL//NOFORN": (2, "secret"),
    "SECRET": (3, "confidential"),
    "SECRET//NOFORN": (4, "secret//noforn"),
    "UNCLASSIFIED": (5, "unclassified//fouo"),
    "UNCLASSIFIED//FOR OFFICIAL USE ONLY": (6, "confidential//noforn"),
}
CAPTIONS = {
    "UNCLASSIFIED": "UNCLAS",
    "UNCLASSIFIED//FOR OFFICIAL USE ONLY": "UNCLAS",
    "CONFIDENTIAL": "C O N F I D E N T I A L",
    "CONFIDENTIAL//NOFORN": "C O N F I D E N T I A L",
    "SECRET": "S E C R E T",
    "SECRET//NOFORN": "S E C R E T",
}
MARKINGS = {
    "UNCLASSIFIED": ("(U)", "(U)", ""),
    "UNCLASSIFIED//FOR OFFICIAL USE ONLY": ("(SBU)", "(U)", "(SBU)"),
    "CONFIDENTIAL": ("(C)", "(U)", "(SBU)"),
    "CONFIDENTIAL//NOFORN": ("(C/NF)", "(C)", "(C//NF)"),
    "SECRET": ("(S)", "(C)", "(U)"),
    "SECRET//NOFORN": ("(S//NF)", "(S/NF)", "(C)"),
}
PARTIAL_NOTE = (
    "This record is a partial extract of the original cable. "
    "The full text of the original cable is not available."
)
PARTIAL_SHARE = 0.07
MEAN_TEXT_BYTES = 6_800
# The last paragraph overshoots the drawn size and the header comes on top, by ~700
# bytes on average: the lognormal is centred lower so that the result averages 6.8 KB.
SIZE_OVERSHOOT = 700
SIZE_SIGMA = 0.95  # lognormal spread: ~0.2% of cables past 64 KB, a few past 100 KB
MIN_TEXT_BYTES = 500
MAX_TEXT_BYTES = 300_000
PAGE_BYTES = 190_000  # an Aug 2011 page, sidebar included
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
COMMON_SUBJECT_TAGS = (
    ("PREL", 40),
    ("PGOV", 32),
    ("ECON", 12),
    ("PHUM", 10),
    ("MARR", 8),
    ("PTER", 8),
    ("KDEM", 6),
    ("ETRD", 6),
    ("EFIN", 5),
    ("ENRG", 4),
    ("SNAR", 4),
    ("PINR", 4),
    ("MOPS", 3),
    ("KPAO", 3),
    ("CASC", 3),
    ("OVIP", 3),
    ("KNNP", 3),
    ("EAID", 3),
)
SYLLABLES = (
    "ka", "lo", "mi", "zer", "van", "dor", "el", "is", "tar", "ban", "ko", "ri", "sha", "nev",
    "ul", "om", "pa", "gri", "dan", "ve", "zu", "hal", "mer", "cho", "ti", "nab", "qu", "sel",
)  # fmt: skip
PSEUDO_VOCABULARY = 400_000  # distinct invented names: gives the index a realistic long tail
PARAGRAPH_START = re.compile(r"^[ \t]*([0-9]+)\.[ \t]*(\([^)\n]{1,30}\))?[ \t]*")
SITE_ANCHOR_LINE = re.compile(r"^[ \t]*([0-9]+|[A-Z])\. ")
STRICT_ID = re.compile(r"^([0-9]{2})([A-Z]+(?:[A-Z]|[0-9]+[A-Z]+)*)([1-9][0-9]*)$")


@dataclass(frozen=True, slots=True)
class Material:
    """Real text and reference facts the cables are built from, read at run time."""

    paragraphs: tuple[tuple[str, ...], ...]  # each cut at spaces so words can be slipped in
    subjects: tuple[str, ...]
    tags: tuple[str, ...]  # every known TAGS code, for the sidebar and rarer tags
    geo_tags: tuple[str, ...]
    ids: tuple[tuple[str, int], ...]  # (reference ID, creation month), file order
    origins: tuple[tuple[int, str], ...]  # (site origin id, name)
    station_origins: dict[str, tuple[int, ...]]  # station string -> origin ids


@dataclass(frozen=True, slots=True)
class CableSpec:
    """One generated cable, in the fields both output formats need."""

    row_id: int
    reference_id: str
    created: dt.datetime
    released: str
    origin_id: int
    origin: str
    classification: str
    references: tuple[str, ...]
    header: str
    body: str
    subject: str

    @property
    def partial(self) -> bool:
        return self.header.startswith(PARTIAL_NOTE)


@dataclass(slots=True)
class Summary:
    """What a generation run produced, written next to the data as manifest.json."""

    cables: int
    pages: int
    seed: int
    csv_bytes: int
    pages_bytes: int
    text_bytes: int
    partial: int
    over_64k: int
    over_100k: int
    classification: dict[str, int]
    seconds: float


def _read_reference_rows(path: Path) -> list[list[str]]:
    """Rows of a reference TSV; read at run time because the project may not copy them."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter="\t"))


def _split_segments(text: str, every: int = 220) -> tuple[str, ...]:
    """Cut a paragraph at spaces roughly every `every` characters; rejoined with single
    spaces it is the paragraph again, and a generated name can go in between."""
    segments: list[str] = []
    start = 0
    while len(text) - start > every:
        cut = text.find(" ", start + every)
        if cut < 0:
            break
        segments.append(text[start:cut])
        start = cut + 1
    segments.append(text[start:])
    return tuple(segments)


def harvest_paragraphs(sample_csv: Path) -> tuple[list[str], list[str], list[str]]:
    """Numbered paragraphs, SUBJECT lines and TAGS codes of the sample bodies."""
    csv.field_size_limit(sys.maxsize)
    paragraphs: list[str] = []
    subjects: list[str] = []
    tags: list[str] = []
    with sample_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, escapechar="\\"):
            if len(row) != 8:
                continue
            current: list[str] | None = None
            for line in row[7].split("\n"):
                upper = line.strip().upper()
                if upper.startswith("SUBJECT:"):
                    subjects.append(line.strip()[8:].strip())
                elif upper.startswith("TAGS:") or upper.startswith("TAGS "):
                    tags.extend(t for t in re.split(r"[,\s]+", upper[5:]) if t.isalpha())
                match = PARAGRAPH_START.match(line)
                if match:
                    if current:
                        paragraphs.append("\n".join(current).strip())
                    current = [line[match.end() :]]
                elif current is not None:
                    current.append(line)
            if current:
                paragraphs.append("\n".join(current).strip())
    usable = [p for p in paragraphs if 100 <= len(p) <= 6_000 and "</pre>" not in p]
    return usable, [s for s in subjects if 3 <= len(s) <= 120], tags


def load_material(corpus: Path, reference: Path) -> Material:
    """Everything real the generator draws on, read once so each cable costs no I/O."""
    paragraphs, subjects, sample_tags = harvest_paragraphs(corpus / "cables-sample.csv")
    if not paragraphs:
        raise SystemExit(f"no paragraphs found in {corpus / 'cables-sample.csv'}")
    codes: list[str] = []
    geo: list[str] = []
    for name in ("subject", "program", "organization", "geographic"):
        for line in (reference / f"tags-{name}.txt").read_text(encoding="utf-8").splitlines():
            code = line.split(":", 1)[0].strip()
            if code:
                codes.append(code)
                if name == "geographic":
                    geo.append(code)
    codes.extend(sample_tags)
    ids: list[tuple[str, int]] = []
    with gzip.open(reference / "cable2month.csv.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            refid, _, month = line.strip().rpartition(",")
            if refid and month.isdigit():
                ids.append((refid, int(month)))
    origins = [
        (int(r[0]), r[1]) for r in _read_reference_rows(reference / "origins.tsv") if len(r) >= 2
    ]
    station_origins: dict[str, list[int]] = defaultdict(list)
    for row in _read_reference_rows(reference / "origin-station-codes.tsv")[1:]:
        for code in row[2].split("|"):
            station_origins[code.strip()].append(int(row[0]))
    return Material(
        paragraphs=tuple(_split_segments(p) for p in paragraphs),
        subjects=tuple(subjects) or ("GENERAL",),
        tags=tuple(dict.fromkeys(codes)),
        geo_tags=tuple(geo),
        ids=tuple(ids),
        origins=tuple(origins),
        station_origins={k: tuple(v) for k, v in station_origins.items()},
    )


def choose_ids(material: Material, count: int, rng: random.Random) -> list[tuple[str, int]]:
    """The first `count` IDs of a seeded shuffle, then in creation order like the release."""
    ids = list(material.ids)
    if count < len(ids):
        rng.shuffle(ids)
        ids = ids[:count]
    return sorted(ids, key=lambda item: (_id_year(item[0]), item[1]))


def _id_year(reference_id: str) -> int:
    """The creation year from the ID's prefix (66-99 are 19xx), as the app reads it."""
    two = int(reference_id[:2]) if reference_id[:2].isdigit() else 10
    return 1900 + two if two >= 66 else 2000 + two


def pseudo_word(index: int) -> str:
    """The index-th invented name: syllables in base len(SYLLABLES), at least two."""
    parts: list[str] = []
    n = index + len(SYLLABLES)
    while n:
        n, digit = divmod(n, len(SYLLABLES))
        parts.append(SYLLABLES[digit])
    return "".join(parts)


class CableFactory:
    """Builds one cable after another from the material; holds only small state."""

    def __init__(self, material: Material, rng: random.Random) -> None:
        self.material = material
        self.rng = rng
        self.classes = [c for c, _ in CLASSIFICATION_COUNTS]
        self.class_weights = [n for _, n in CLASSIFICATION_COUNTS]
        self.common_tags = [t for t, _ in COMMON_SUBJECT_TAGS]
        self.common_weights = [w for _, w in COMMON_SUBJECT_TAGS]
        self.origin_names = dict(material.origins)
        self.origin_ids = [i for i, _ in material.origins]
        self.recent: list[str] = []  # well-formed IDs already generated, for REF lines
        self.mu = math.log(MEAN_TEXT_BYTES - SIZE_OVERSHOOT) - SIZE_SIGMA**2 / 2

    # -- reference box ------------------------------------------------------------------

    def origin_for(self, reference_id: str) -> int:
        match = STRICT_ID.match(reference_id)
        station = match.group(2) if match else ""
        choices = self.material.station_origins.get(station)
        if not choices and station:
            # `EFTOLONDON`, `AMEMBASSYHANOI`: the station is the longest known suffix.
            for cut in range(1, len(station) - 2):
                choices = self.material.station_origins.get(station[cut:])
                if choices:
                    break
        if choices:
            return choices[0] if len(choices) == 1 else self.rng.choice(choices)
        return self.rng.choice(self.origin_ids)

    def created_for(self, reference_id: str, month: int) -> dt.datetime:
        year = _id_year(reference_id)
        month = month if 1 <= month <= 12 else 1
        day = self.rng.randint(1, calendar.monthrange(year, month)[1])
        return dt.datetime(year, month, day, self.rng.randrange(24), self.rng.randrange(60))

    def released_for(self) -> str:
        if self.rng.random() < 0.8:
            return "2011-08-30 01:44"
        first = dt.date(2010, 11, 28)
        day = first + dt.timedelta(days=self.rng.randrange(275))
        return f"{day.isoformat()} {self.rng.randrange(24):02d}:{self.rng.randrange(60):02d}"

    # -- text ---------------------------------------------------------------------------

    def text_size(self) -> int:
        size = int(self.rng.lognormvariate(self.mu, SIZE_SIGMA))
        return max(MIN_TEXT_BYTES, min(MAX_TEXT_BYTES, size))

    def name(self) -> str:
        """An invented word, Zipf-distributed (rank r drawn with probability ~ 1/r)."""
        return pseudo_word(int(PSEUDO_VOCABULARY ** self.rng.random()) - 1)

    def paragraph_text(self) -> str:
        segments = self.rng.choice(self.material.paragraphs)
        upper = segments[0][:40].isupper()
        out = [segments[0]]
        for segment in segments[1:]:
            word = self.name()
            out.append(word.upper() if upper else word.capitalize())
            out.append(segment)
        return " ".join(out)

    def tags(self) -> list[str]:
        """A few common subject tags, sometimes a rarer code, and one country: so the tag
        facet has a few huge values and a long tail, like the release."""
        chosen = self.rng.choices(self.common_tags, self.common_weights, k=self.rng.randint(1, 3))
        if self.rng.random() < 0.3:
            chosen.append(self.rng.choice(self.material.tags))
        chosen.append(self.rng.choice(self.material.geo_tags))
        return list(dict.fromkeys(chosen))

    def station_text(self, reference_id: str) -> str:
        """The station as the ID spells it; malformed IDs fall back to STATE."""
        match = STRICT_ID.match(reference_id)
        return match.group(2) if match else "STATE"

    def header_box(
        self, created: dt.datetime, origin: str, station: str, serial: int, classified: bool
    ) -> str:
        """The first box; its date-time group is the creation time, so the app's clock-bug
        correction finds a same-day DTG and keeps the exact minute."""
        dtg = f"{created.day:02d}{created.hour:02d}{created.minute:02d}Z"
        dtg += f" {MONTHS[created.month - 1]} {created.year % 100:02d}"
        precedence = self.rng.choice("RRRRPPPO")
        sender = _sender(origin, station)
        lines: list[str] = []
        if created.year >= 2003:
            routing = "RUEH" + station[:2]
            lines.append(f"VZCZCXRO{self.rng.randrange(10_000):04d}")
            lines.append(f"{precedence}{precedence} RUEHAG RUEHDF RUEHIK RUEHLZ RUEHROV")
            lines.append(
                f"DE {routing} #{serial % 10_000:04d}/01 "
                f"{created.timetuple().tm_yday:03d}{created.hour:02d}{created.minute:02d}"
            )
            lines.append("ZNY CCCCC ZZH" if classified else "ZNR UUUUU ZZH")
        lines.append(f"{precedence} {dtg}")
        lines.append(f"FM {sender}")
        if sender == "SECSTATE WASHDC":
            lines.append(f"TO RUEHXX/AMEMBASSY {self.rng.choice(('PARIS', 'LONDON', 'TOKYO'))}")
        else:
            lines.append(f"TO RUEHC/SECSTATE WASHDC {self.rng.randrange(1, 9999)}")
        for _ in range(self.rng.randrange(4)):
            lines.append(f"INFO RUEHZ{self.rng.randrange(10)}/ALL EU CAPITALS")
        return "\n".join(lines)

    def references(self) -> list[str]:
        """IDs for a REF line, drawn from cables generated earlier so that they resolve."""
        if not self.recent or self.rng.random() > 0.45:
            return []
        count = min(len(self.recent), self.rng.choice((1, 1, 2, 2, 3, 4)))
        return list(dict.fromkeys(self.rng.choice(self.recent) for _ in range(count)))

    def body_box(
        self,
        reference_id: str,
        created: dt.datetime,
        classification: str,
        refs: Sequence[str],
        target: int,
    ) -> tuple[str, str]:
        """The second box and its SUBJECT: caption, fields, then numbered paragraphs until
        the drawn size is reached (so the size distribution is the body's)."""
        station = self.station_text(reference_id)
        serial_match = STRICT_ID.match(reference_id)
        serial = int(serial_match.group(3)) if serial_match else 1
        sections = max(1, math.ceil(target / 9_000))
        caption = CAPTIONS[classification]
        section = f" SECTION 01 OF {sections:02d}" if sections > 1 else ""
        lines = [f"{caption}{section} {station} {serial:06d} ", " "]
        if created.year >= 2004:
            lines += ["SIPDIS ", " "]
        if classification.endswith("OFFICIAL USE ONLY"):
            lines += ["SENSITIVE ", " "]
        decl = created.date() + dt.timedelta(days=3652)
        if classification.startswith("UNCLAS"):
            lines.append("E.O. 12958: N/A ")
        else:
            lines.append(f"E.O. 12958: DECL: {decl.month:02d}/{decl.day:02d}/{decl.year} ")
        lines.append("TAGS: " + " ".join(self.tags()))
        subject = self.rng.choice(self.material.subjects).upper()
        lines.append(f"SUBJECT: {subject} ")
        lines.append(" ")
        if refs:
            items = [_citation(r) for r in refs]
            if len(items) == 1:
                lines.append(f"REF: {items[0]} ")
            else:
                lines.append(f"REF: A. {items[0]} ")
                for n, item in enumerate(items[1:], 1):
                    lines.append(f"     {chr(ord('A') + n)}. {item} ")
            lines.append(" ")
        if not classification.startswith("UNCLAS"):
            lines.append(f"Classified By: Ambassador {self.name().capitalize()}, ")
            lines.append("reasons 1.4 (b) and (d) ")
            lines.append(" ")
        head = "\n".join(lines) + "\n"
        marks = MARKINGS[classification]
        parts = [head]
        size = len(head)
        number = 0
        while size < target or number < 2:
            number += 1
            marking = marks[0] if number == 1 else self.rng.choice(marks)
            mark = f"{marking} " if marking else ""
            text = self.paragraph_text()
            piece = f"{number}. {mark}{text} \n \n"
            parts.append(piece)
            size += len(piece)
        parts.append(self.name().upper())
        return "".join(parts), subject

    def make(self, row_id: int, reference_id: str, month: int) -> CableSpec:
        """The next cable; draws only from the shared seeded stream, hence determinism."""
        classification = self.rng.choices(self.classes, self.class_weights)[0]
        created = self.created_for(reference_id, month)
        origin_id = self.origin_for(reference_id)
        origin = self.origin_names.get(origin_id, "Secretary of State")
        refs = self.references()
        target = self.text_size()
        partial = self.rng.random() < PARTIAL_SHARE
        station = self.station_text(reference_id)
        serial_match = STRICT_ID.match(reference_id)
        serial = int(serial_match.group(3)) if serial_match else 1
        if partial:
            header = PARTIAL_NOTE
            if self.rng.random() < 0.3:
                header += (
                    f"\n{created.day:02d}{created.hour:02d}{created.minute:02d}Z"
                    f" {MONTHS[created.month - 1].capitalize()} {created.year % 100:02d}"
                )
        else:
            header = self.header_box(
                created, origin, station, serial, not classification.startswith("UNCLAS")
            )
        body, subject = self.body_box(
            reference_id, created, classification, refs, max(200, target - len(header))
        )
        if STRICT_ID.match(reference_id):
            if len(self.recent) < 5_000:
                self.recent.append(reference_id)
            else:
                self.recent[self.rng.randrange(5_000)] = reference_id
        return CableSpec(
            row_id=row_id,
            reference_id=reference_id,
            created=created,
            released=self.released_for(),
            origin_id=origin_id,
            origin=origin,
            classification=classification,
            references=tuple(refs),
            header=header,
            body=body,
            subject=subject,
        )


def _sender(origin: str, station: str) -> str:
    """The FM line the way telegrams wrote it (`AMEMBASSY PARIS`), from the origin."""
    if origin == "Secretary of State" or station == "STATE":
        return "SECSTATE WASHDC"
    words = origin.split()
    if words and words[0] == "Embassy":
        return "AMEMBASSY " + " ".join(words[1:]).upper()
    if words and words[0] == "Consulate":
        return "AMCONSUL " + " ".join(words[1:]).upper()
    return origin.upper()


def _citation(reference_id: str) -> str:
    """How a cable cites another in a REF line: `09 PARIS 1234`."""
    match = STRICT_ID.match(reference_id)
    if not match:
        return reference_id
    return f"{match.group(1)} {match.group(2)} {match.group(3)}"


# -- cables.csv ---------------------------------------------------------------------------


def mysql_field(value: str) -> str:
    """A field as MySQL's SELECT ... INTO OUTFILE writes it with ESCAPED BY '\\'."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\\n")
    return f'"{escaped}"'


def csv_row(spec: CableSpec) -> str:
    """One line of `cables.csv`: the eight fields, the date unpadded as in the release."""
    created = spec.created
    date = f"{created.month}/{created.day}/{created.year} {created.hour}:{created.minute:02d}"
    fields = (
        str(spec.row_id),
        date,
        spec.reference_id,
        spec.origin,
        spec.classification,
        "|".join(spec.references),
        spec.header,
        spec.body,
    )
    return ",".join(mysql_field(f) for f in fields) + "\n"


# -- site pages ---------------------------------------------------------------------------


def site_text(text: str) -> str:
    """A box as the Aug 2011 site printed it: ¶ anchors, linked TAGS, `&#x000A;` breaks."""
    out: list[str] = []
    for line in text.split("\n"):
        anchor = SITE_ANCHOR_LINE.match(line)
        if anchor:
            par = anchor.group(1)
            line = f"<a id='par{par}' href='#par{par}'>¶</a>{line}"
        elif line.startswith("TAGS: "):
            links = (f"<a href='/tag/{t}_0.html'>{t}</a>" for t in line[6:].split(" ") if t)
            line = "TAGS: " + " ".join(links)
        out.append(line)
    return "&#x000A;".join(out)


def _group_by_letter(names: Sequence[str]) -> dict[str, list[str]]:
    """The sidebar's A-Z pick lists."""
    groups: dict[str, list[str]] = defaultdict(list)
    for name in names:
        groups[name[:1].upper()].append(name)
    return dict(sorted(groups.items()))


def build_sidebar(material: Material, rng: random.Random, target_bytes: int) -> tuple[str, str]:
    """The page before the cable table's pane and the help text, shared by every page:
    browse links by release, creation month, origin and tag, as the Aug 2011 build had.
    Tag links are padded with invented codes up to `target_bytes` (the real sidebar lists
    some 4,000 tags, many of them misspellings, which no reference list holds)."""
    head = [
        "<?xml version='1.0' encoding='utf-8' ?>",
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
        "<html lang='en' xml:lang='en' xmlns='http://www.w3.org/1999/xhtml'>",
        "<head>",
        "<title>Cable Viewer</title>",
        "<link href='/static/gfx/favicon.ico' rel='shortcut icon' />",
        "<link href='/static/css/reset-fonts-grids.css' rel='stylesheet' type='text/css' />",
        "<link href='/static/css/cables.css' rel='stylesheet' type='text/css' />",
        "</head>",
        "<body>",
        "<div class='main'>",
        "<div class='pane small'>",
        "<a href='/support.html'>",
        "<img alt='Keep Us Strong' src='/static/gfx/ja-cg.jpg' />",
        "</a>",
        "<a href='/index.html'>",
        "<img alt='WikiLeaks logo' src='/static/gfx/WL_Hour_Glass_small.png' />",
        "<p>Currently released so far... 251287 / 251,287</p>",
        "</a>",
        "<div id='browse'>",
        "<h3>Articles</h3>",
        "<div class='sort'>",
    ]
    for code in rng.sample(material.geo_tags, min(11, len(material.geo_tags))):
        head.append(f'<a href="Article-{code}-cables.html">{code}</a>')
    head += [
        "</div>",
        "<h3>Browse latest releases</h3>",
        "<div class='pick'>",
        "<a class='sort fix' href='#rdate_201108' onclick=\"return swap('rdate_201108');\">"
        "2011/08</a>",
        "</div>",
        "<div class='sort' id='rdate_201108'>",
        "<a href='/reldate/2011-08-30_0.html'>2011/08/30</a>",
        "</div>",
    ]
    months: dict[int, set[int]] = defaultdict(set)
    for refid, month in material.ids:
        months[_id_year(refid)].add(month)
    years = sorted(months)
    head.append(
        f"<h3>Browse by creation <a href='#year_{years[0]}' onclick='return sha(0);'>date</a></h3>"
    )
    head.append("<div class='pick'>")
    for year in years:
        head.append(
            f"<a class='sort' href='#year_{year}' onclick=\"return swap('year_{year}');\">"
            f"{year % 100:02d}</a>"
        )
    head.append("</div>")
    for year in years:
        head.append(f"<div class='sort' id='year_{year}'>")
        for month in sorted(months[year]):
            head.append(f"<a href='/date/{year}-{month:02d}_0.html'>{year}/{month:02d}</a>")
        head.append("</div>")
    names = {name: oid for oid, name in material.origins}
    _sidebar_section(head, "by", "origin", 1, _group_by_letter(sorted(names)), names, "origin")
    tags = list(material.tags)
    # Everything but the tag links: this list so far, the tail below, help text, and the
    # per-page part (~3 KB); invented tags fill the rest up to the target.
    size = sum(len(line) + 1 for line in head) + 6_000 + 3 * 27 * 60
    size += sum(len(f"<a href='/tag/{t}_0.html'>{t}</a>\n") for t in tags)
    index = 0
    while size < target_bytes:
        tag = pseudo_word(index * 7919 % PSEUDO_VOCABULARY).upper()[:10]
        tags.append(tag)
        size += len(f"<a href='/tag/{tag}_0.html'>{tag}</a>\n")
        index += 1
    tag_ids = {t: 0 for t in tags}
    _sidebar_section(head, "tag", "tag", 2, _group_by_letter(tags), tag_ids, "tag")
    head += [
        "<h3>Browse by <a href='#class_1' onclick='return sha(3);'>classification</a></h3>",
        "<div class='sort' id='class_1'>",
    ]
    for name, (number, title) in sorted(CLASSIFICATION_LINKS.items(), key=lambda i: i[1][0]):
        head.append(f"<a href='/classification/{number}_0.html' title='{title}'>{name}</a>")
    head += ["</div>", "</div>", "<h3>Community resources</h3>", "<div class='sort'>"]
    help_text = "\n".join(
        [
            "<div>",
            "If you are new to these pages, please read an introduction on the "
            '<a href="#help_1" onclick="return sh(1);">structure of a cable</a> as well as how to '
            '<a href="#help_2" onclick="return sh(2);">discuss them</a> with others. See also the '
            '<a href="/static/html/faq.html">FAQs</a>',
            "<br />",
            "</div>",
            "<div id='help_1'>",
            "<br />",
            "<b>Understanding cables</b>",
            "<br />",
            "Every cable message consists of three parts:",
            "<ul>",
            "<li>The top box shows each cables unique reference number, when and by whom it "
            "originally was sent, and what its initial classification was.</li>",
            "<li>The middle box contains the header information that is associated with the "
            "cable. It includes information about the receiver(s) as well as a general "
            "subject.</li>",
            "<li>The bottom box presents the body of the cable.</li>",
            "</ul>",
            "</div>",
        ]
    )
    return "\n".join(head) + "\n", help_text + "\n"


def _sidebar_section(
    out: list[str],
    prefix: str,
    title: str,
    sha: int,
    groups: dict[str, list[str]],
    ids: dict[str, int],
    kind: str,
) -> None:
    """One browse section (pick letters, then a div of links per letter), as the site had."""
    first = next(iter(groups), "A")
    out.append(
        f"<h3>Browse by <a href='#{prefix}_{first}' onclick='return sha({sha});'>{title}</a></h3>"
    )
    out.append("<div class='pick'>")
    for letter in groups:
        out.append(
            f"<a class='sort' href='#{prefix}_{letter}' onclick=\"return swap('{prefix}_{letter}');"
            f'">{letter}</a>'
        )
    out.append("</div>")
    for letter, names in groups.items():
        out.append(f"<div class='sort' id='{prefix}_{letter}'>")
        for name in names:
            key = ids[name] if kind == "origin" else name
            out.append(f"<a href='/{kind}/{key}_0.html'>{name}</a>")
        out.append("</div>")


def site_page(spec: CableSpec, sidebar: str, help_text: str) -> str:
    """A whole Aug 2011 page: the shared sidebar, then this cable's table and boxes."""
    created = spec.created
    path = f"{created.year}/{created.month:02d}/{spec.reference_id}"
    number, title = CLASSIFICATION_LINKS[spec.classification]
    first_subject_line = spec.subject.split("\n", 1)[0].strip()
    tweet = f"http%3A%2F%2Fwikileaks.org%2Fcable%2F{path.replace('/', '%2F')}.html"
    parts = [
        sidebar,
        "<a href='http://twitter.com/wikileaks'>Follow us on Twitter</a>\n",
        f"<a href='http://twitter.com/home?status=Reading%20{tweet}%20%23{spec.reference_id}'>"
        "Twitter this</a>\n",
        f"<a href='http://digg.com/submit?url={tweet}'>Digg this page</a>\n",
        "</div>\n<p>\n<i>\ncourage is contagious\n</i>\n</p>\n</div>\n",
        "<div class='pane big'>\n",
        f"<h3>Viewing cable {spec.reference_id}, {first_subject_line}</h3>\n",
        help_text,
        "<table class='cable'>\n<tr>\n<th>Reference ID</th>\n<th>Created</th>\n"
        "<th>Released</th>\n<th>Classification</th>\n<th>Origin</th>\n</tr>\n<tr>\n",
        f"<td>\n<a href='/cable/{path}.html'>{spec.reference_id}</a>\n</td>\n",
        f"<td>\n<a href='/date/{created.year}-{created.month:02d}_0.html'>"
        f"{created:%Y-%m-%d %H:%M}</a>\n</td>\n",
        f"<td>\n<a href='/reldate/{spec.released[:10]}_0.html'>{spec.released}</a>\n</td>\n",
        f"<td>\n<a href='/classification/{number}_0.html' title='{title}'>"
        f"{spec.classification}</a>\n</td>\n",
        f"<td>\n<a href='/origin/{spec.origin_id}_0.html'>{spec.origin}</a>\n</td>\n",
        "</tr>\n</table>\n",
        f"<code><pre>{site_text(spec.header)}</pre></code>\n",
        f"<code><pre>{site_text(spec.body)}</pre></code>\n",
        "</div>\n</div>\n",
        "<script src='/static/js/cables.js' type='text/javascript'></script>\n",
        "</body>\n</html>\n",
    ]
    return "".join(parts)


def page_path(root: Path, spec: CableSpec) -> Path:
    """`cable/YYYY/MM/REFID.html`, the site's own layout, which the importer walks."""
    return (
        root
        / "cable"
        / f"{spec.created.year}"
        / f"{spec.created.month:02d}"
        / f"{spec.reference_id}.html"
    )


# -- the run ------------------------------------------------------------------------------


def iter_cables(material: Material, count: int, seed: int) -> Iterator[CableSpec]:
    """`count` cables in creation order, each built from the seed's stream alone."""
    rng = random.Random(seed)
    chosen = choose_ids(material, min(count, len(material.ids)), rng)
    factory = CableFactory(material, rng)
    for row_id, (reference_id, month) in enumerate(chosen, 1):
        yield factory.make(row_id, reference_id, month)


def generate(
    out: Path,
    cables: int,
    pages: int,
    seed: int = 1,
    corpus: Path = DEFAULT_CORPUS,
    reference: Path | None = None,
    progress: bool = False,
) -> Summary:
    """Write `out/cables.csv` (the first `cables` cables) and `out/pages/` (pages of the
    first `pages` of them, the same text as their CSV rows), then `out/manifest.json`."""
    started = time.perf_counter()
    reference = reference or corpus.parent / "reference"
    material = load_material(corpus, reference)
    wanted = min(max(cables, pages), len(material.ids))
    sidebar, help_text = build_sidebar(
        material, random.Random(seed + 1), PAGE_BYTES - MEAN_TEXT_BYTES
    )
    out.mkdir(parents=True, exist_ok=True)
    pages_root = out / "pages"
    csv_path = out / "cables.csv"
    summary = Summary(0, 0, seed, 0, 0, 0, 0, 0, 0, dict.fromkeys(CAPTIONS, 0), 0.0)
    made_dirs: set[Path] = set()
    with open(csv_path, "w", encoding="utf-8", newline="\n", buffering=4 << 20) as handle:
        for spec in iter_cables(material, wanted, seed):
            if spec.row_id <= cables:
                row = csv_row(spec)
                handle.write(row)
                summary.cables += 1
                summary.csv_bytes += len(row.encode("utf-8"))
                text = len(spec.header) + len(spec.body)
                summary.text_bytes += text
                summary.over_64k += text > 65_536
                summary.over_100k += text > 100_000
                summary.partial += spec.partial
                summary.classification[spec.classification] += 1
            if spec.row_id <= pages:
                path = page_path(pages_root, spec)
                if path.parent not in made_dirs:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    made_dirs.add(path.parent)
                data = site_page(spec, sidebar, help_text).encode("utf-8")
                path.write_bytes(data)
                summary.pages += 1
                summary.pages_bytes += len(data)
            if progress and spec.row_id % 20_000 == 0:
                print(f"  {spec.row_id:,} cables generated", file=sys.stderr, flush=True)
    summary.seconds = round(time.perf_counter() - started, 2)
    manifest = {"cables_requested": cables, "pages_requested": pages, **asdict(summary)}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return summary


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.generate",
        description="Write a synthetic cables.csv and Aug 2011 site pages for benchmarks.",
    )
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--cables", type=int, default=TOTAL_CABLES, help="rows of cables.csv")
    parser.add_argument("--pages", type=int, default=0, help="site pages to write")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help="the shared development corpus"
    )
    parser.add_argument(
        "--reference",
        type=Path,
        default=None,
        help="reference facts (default: CORPUS/../reference)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    summary = generate(
        args.out, args.cables, args.pages, args.seed, args.corpus, args.reference, progress=True
    )
    buffer = io.StringIO()
    json.dump(asdict(summary), buffer, indent=2)
    print(buffer.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
