"""The query language shared by the search field and ``cablereader search``.

People paste anything into a search box (``E.O. 12958``, half-typed quotes, URLs), so
:func:`parse_query` never raises: whatever is not recognised syntax is searched as the
literal text it is. The result is a plain immutable :class:`Query`; turning it into SQL
is the store's job, but the FTS5 MATCH text is built here so that every producer of
queries gets the same always-valid quoting.

Deliberate limits, each falling back to literal text rather than an error: parentheses
do not group (``(a OR b)`` still works because OR binds adjacent terms), a field cannot
be negated (``-tag:prel`` excludes the text "tag prel"), and OR next to anything but a
free-text term is dropped. A trailing ``*`` makes a prefix query, quoted or not.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, fields
from typing import NamedTuple, TypeVar

from cablereader.core.model import CLASSIFICATIONS

FIELD_NAMES: tuple[str, ...] = ("origin", "tag", "class", "from", "to", "ref", "cites")

_FIELD_RE = re.compile(r"([A-Za-z]+):")
_DATE_RE = re.compile(r"([0-9]{4})(?:([-/])([0-9]{1,2})(?:\2([0-9]{1,2}))?)?", re.ASCII)
# SQLite's FTS5 parser stops at NUL and the sqlite3 module cannot encode lone
# surrogates, so both are treated as the word separators they visually are.
_UNSAFE_RE = re.compile("[\x00\ud800-\udfff]")
_EDGE_PUNCT_RE = re.compile(r"^[\W_]+|[\W_]+$")

_LEVELS = {
    "U": "UNCLASSIFIED",
    "UNCLAS": "UNCLASSIFIED",
    "UNCLASSIFIED": "UNCLASSIFIED",
    "C": "CONFIDENTIAL",
    "CONF": "CONFIDENTIAL",
    "CONFIDENTIAL": "CONFIDENTIAL",
    "S": "SECRET",
    "SECRET": "SECRET",
}
_CAVEATS = {
    "NF": "NOFORN",
    "NOFORN": "NOFORN",
    "FOUO": "FOR OFFICIAL USE ONLY",
    "FOR OFFICIAL USE ONLY": "FOR OFFICIAL USE ONLY",
}
# (plain value, its caveated sibling, text for both, text for the caveated one only)
_CLASS_RENDER = (
    ("UNCLASSIFIED", "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "unclassified", "fouo"),
    ("CONFIDENTIAL", "CONFIDENTIAL//NOFORN", "confidential", "c//nf"),
    ("SECRET", "SECRET//NOFORN", "secret", "s//nf"),
)


def _usable(term: str) -> bool:
    """A term without letters or digits tokenizes to nothing and would match nothing."""
    return any(ch.isalnum() for ch in term)


def _fts_string(term: str) -> str:
    """Quote so that punctuation is data, never FTS5 operators; a trailing ``*`` is a prefix."""
    stem = term.rstrip("*")
    quoted = '"' + _UNSAFE_RE.sub(" ", stem).replace('"', '""') + '"'
    return quoted + " *" if stem != term else quoted


_T = TypeVar("_T")


def _dedupe(items: list[_T]) -> tuple[_T, ...]:
    """Repeating a term or filter never changes the result, so keep the first only."""
    return tuple(dict.fromkeys(items))


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed search, immutable so that the UI can keep it as the key of a result set.

    ``any_groups`` is the single source of truth for the positive free text: every clause
    must match, and a clause matches when any of its alternatives does. ``words`` and
    ``phrases`` repeat that text for display and highlighting only.

    Intended filter semantics for the store: values a cable can only have one of
    (origins, classifications, reference_ids) are alternatives; values it can have many
    of (tags, cites) are all required. ``date_to`` is an inclusive *day*, so compare it
    with the date part of a timestamp. Classification values not among the six known
    ones are kept as typed (upper-cased) so that the filter matches nothing rather than
    silently being dropped and matching everything.
    """

    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    any_groups: tuple[tuple[str, ...], ...] = ()
    origins: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    classifications: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    reference_ids: tuple[str, ...] = ()
    cites: tuple[str, ...] = ()

    def fts_match(self) -> str | None:
        """FTS5 MATCH text, or None when there is nothing positive to match.

        FTS5 cannot start an expression with NOT, which is why a query of exclusions
        only has no MATCH text and the store has to use :meth:`fts_exclude` instead.
        """
        clauses = [alts for alts in (tuple(filter(_usable, g)) for g in self.any_groups) if alts]
        if not clauses:
            return None
        parts = [
            "(" + " OR ".join(map(_fts_string, alts)) + ")"
            if len(alts) > 1
            else _fts_string(alts[0])
            for alts in clauses
        ]
        expr = " AND ".join(parts)
        excluded = [_fts_string(term) for term in self.excluded if _usable(term)]
        if excluded:
            # NOT binds tighter than AND in FTS5; the parentheses make that irrelevant.
            expr = (f"({expr})" if len(parts) > 1 else expr) + "".join(
                f" NOT {term}" for term in excluded
            )
        return expr

    def fts_exclude(self) -> str | None:
        """The excluded terms OR-ed, for ``rowid NOT IN (... MATCH ...)``.

        Returned whenever there are exclusions, even though :meth:`fts_match` already
        applies them when it is not None, so the store may use it unconditionally.
        """
        terms = [_fts_string(term) for term in self.excluded if _usable(term)]
        return " OR ".join(terms) if terms else None

    def is_empty(self) -> bool:
        """True when the query would not narrow anything, so the UI can show all cables."""
        return not any(getattr(self, f.name) for f in fields(self))

    def highlight_terms(self) -> tuple[str, ...]:
        """Lower-cased phrases first, then single words, so the longest hits are marked.

        Punctuation at either end is dropped because the index ignores it too: ``(iran,``
        found "iran", and the reader should mark "iran" rather than look for the comma.
        """
        # A phrase is marked whole: its words alone are not hits of the search.
        alternatives = [term for group in self.any_groups for term in group]
        ordered = [t for t in alternatives if " " in t.strip()] + [
            t for t in alternatives if " " not in t.strip()
        ]
        terms = (_EDGE_PUNCT_RE.sub("", term.replace("*", "")).lower() for term in ordered)
        return _dedupe([term for term in terms if _usable(term)])

    def to_text(self) -> str:
        """Canonical query text; parsing it again gives an equal Query.

        Exact for every Query that :func:`parse_query` produces. A hand-made Query that
        the language cannot express (plain SECRET without SECRET//NOFORN, a phrase with a
        double quote in it) renders as the closest text instead.
        """
        parts = [
            " OR ".join(_render_term(term, term in self.phrases) for term in group)
            for group in self.any_groups
        ]
        parts += ["-" + _render_term(term, False, negated=True) for term in self.excluded]
        parts += [f"origin:{_render_value(v)}" for v in self.origins]
        parts += [f"tag:{_render_value(v)}" for v in self.tags]
        parts += [f"class:{_render_value(v)}" for v in _render_classes(self.classifications)]
        parts += [f"from:{self.date_from}"] if self.date_from else []
        parts += [f"to:{self.date_to}"] if self.date_to else []
        parts += [f"ref:{_render_value(v)}" for v in self.reference_ids]
        parts += [f"cites:{_render_value(v)}" for v in self.cites]
        return " ".join(part for part in parts if part)

    def __str__(self) -> str:
        return self.to_text()


class _Token(NamedTuple):
    kind: str  # "term", "field" or "or"
    text: str
    negated: bool = False
    quoted: bool = False
    name: str = ""  # the field name as typed, for field tokens


class _Item(NamedTuple):
    kind: str  # "pos", "neg", "or" or a field name from FIELD_NAMES
    text: str
    quoted: bool = False


def _read_quoted(text: str, start: int) -> tuple[str, int]:
    """An unclosed quote runs to the end: the user is most likely still typing it."""
    end = text.find('"', start + 1)
    end = len(text) if end < 0 else end
    return " ".join(text[start + 1 : end].split()), end + 1


def _scan(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = text[i] == "-" and i + 1 < n and not text[i + 1].isspace()
        i += negated
        if text[i] == '"':
            value, i = _read_quoted(text, i)
            tokens.append(_Token("term", value, negated, quoted=True))
            continue
        match = _FIELD_RE.match(text, i)
        known = match is not None and match.group(1).lower() in FIELD_NAMES
        if match and known and match.end() < n and text[match.end()] == '"':
            value, i = _read_quoted(text, match.end())
            tokens.append(_Token("field", value, negated, True, match.group(1)))
            continue
        end = i
        while end < n and not text[end].isspace():
            end += 1
        if match and known and match.end() < end:
            tokens.append(_Token("field", text[match.end() : end], negated, False, match.group(1)))
        elif text[i:end] == "OR" and not negated:
            tokens.append(_Token("or", "OR"))
        else:
            tokens.append(_Token("term", text[i:end], negated))
        i = end
    return tokens


def _field_value(name: str, value: str) -> str | None:
    """The stored form of one field value, or None when it is not valid for that field."""
    if name == "from":
        return _period_edge(value, last=False)
    if name == "to":
        return _period_edge(value, last=True)
    return value if name == "origin" else value.upper()


def _period_edge(value: str, *, last: bool) -> str | None:
    """First or last day of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, so ranges include it."""
    match = _DATE_RE.fullmatch(value)
    if match is None:
        return None
    year = int(match.group(1))
    month = int(match.group(3) or (12 if last else 1))
    if year < 1 or not 1 <= month <= 12:
        return None
    whole_month = calendar.monthrange(year, month)[1] if last else 1
    day = int(match.group(4)) if match.group(4) else whole_month
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def _expand_class(value: str) -> tuple[str, ...]:
    """The canonical classifications a typed value covers; unknown values stay as typed."""
    norm = re.sub(r"\s*/+\s*", "//", " ".join(value.upper().split()))
    level, _, caveat = norm.partition("//")
    if not caveat and level in _LEVELS:
        return tuple(c for c in CLASSIFICATIONS if c.partition("//")[0] == _LEVELS[level])
    if not caveat and level in _CAVEATS:
        return tuple(c for c in CLASSIFICATIONS if c.endswith("//" + _CAVEATS[level]))
    full = f"{_LEVELS.get(level)}//{_CAVEATS.get(caveat)}"
    return (full,) if full in CLASSIFICATIONS else (value.upper(),)


def _render_classes(values: tuple[str, ...]) -> list[str]:
    present = set(values)
    rendered = []
    for plain, caveated, both, caveat_only in _CLASS_RENDER:
        if plain in present:
            rendered.append(both)
        elif caveated in present:
            rendered.append(caveat_only)
    return rendered + [v for v in values if v not in CLASSIFICATIONS]


def _render_value(value: str) -> str:
    bare = value and not value.startswith('"') and not any(ch.isspace() for ch in value)
    return value if bare else f'"{value}"'


def _render_term(term: str, phrase: bool, *, negated: bool = False) -> str:
    """Bare when the bare text parses back to exactly this term, else quoted."""
    expected = [_Item("neg" if negated else "pos", term)]
    if not phrase and _items(("-" if negated else "") + term) == expected:
        return term
    return f'"{term}"'


def _items(text: str) -> list[_Item]:
    """Tokens resolved to filters and literal terms; invalid field tokens become text."""
    items: list[_Item] = []
    for token in _scan(_UNSAFE_RE.sub(" ", text)):
        if token.kind == "or":
            if items and items[-1].kind != "or":
                items.append(_Item("or", "OR"))
            continue
        text_kind = "neg" if token.negated else "pos"
        if token.kind == "field":
            name = token.name.lower()
            value = _field_value(name, token.text.strip()) if _usable(token.text) else None
            if value is not None and not token.negated:
                items.append(_Item(name, value, token.quoted))
                continue
            literal = f"{token.name}:{token.text.strip()}"
            items.append(_Item(text_kind, literal, token.quoted))
        elif _usable(token.text):
            items.append(_Item(text_kind, token.text, token.quoted))
    return items


def parse_query(text: str) -> Query:
    """Parse user text into a Query; never raises, unknown syntax is literal text."""
    items = _items(text)
    groups: list[list[str]] = []
    phrases: list[str] = []
    values: dict[str, list[str]] = {name: [] for name in FIELD_NAMES}
    excluded: list[str] = []
    for index, item in enumerate(items):
        if item.kind == "pos":
            joined = index >= 2 and items[index - 1].kind == "or" and items[index - 2].kind == "pos"
            if joined:
                groups[-1].append(item.text)
            else:
                groups.append([item.text])
            if item.quoted:
                phrases.append(item.text)
        elif item.kind == "neg":
            excluded.append(item.text)
        elif item.kind != "or":
            values[item.kind].append(item.text)
    words = [w for g in groups for term in g for w in term.split() if _usable(w)]
    classes = {c for value in values["class"] for c in _expand_class(value)}
    return Query(
        words=_dedupe(words),
        phrases=_dedupe(phrases),
        excluded=_dedupe(excluded),
        any_groups=_dedupe([_dedupe(group) for group in groups]),
        origins=_dedupe(values["origin"]),
        tags=_dedupe(values["tag"]),
        classifications=tuple(c for c in CLASSIFICATIONS if c in classes)
        + tuple(sorted(classes.difference(CLASSIFICATIONS))),
        date_from=max(values["from"], default=None),
        date_to=min(values["to"], default=None),
        reference_ids=_dedupe(values["ref"]),
        cites=_dedupe(values["cites"]),
    )
