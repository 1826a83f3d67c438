"""Reading search text into a :mod:`query_ast` tree, never raising.

People paste anything into a search box (``E.O. 12958``, half-typed quotes, URLs), so
whatever is not syntax is searched as the literal text it is, and whatever looks like
syntax but cannot be applied (a dangling ``OR``, an unclosed ``(``, an invalid date) is
reported in ``problems``, which the window shows under the search field. Operators are
upper case only (``OR``, ``AND``, ``NOT``, ``NEAR``, ``NEAR/5``); lower-case "or" is a word.

Precedence, tightest first: ``-``/``NOT``, ``NEAR``, ``OR``, then AND (written or not),
so ``a OR b c`` means ``(a OR b) AND c``.
"""

from __future__ import annotations

import calendar
import datetime
import re
from typing import NamedTuple

from cablereader.core.change_groups import CHANGE_GROUPS
from cablereader.core.model import CLASSIFICATIONS
from cablereader.core.query_ast import DEFAULT_NEAR, And, Field, Near, Node, Not, Or, Term
from cablereader.core.user_items import STAR_COLOURS

FIELD_NAMES: tuple[str, ...] = (
    "origin", "tag", "class", "from", "to", "ref", "cites", "released", "changed", "is",
    "star", "has", "in", "note", "by",
)
# The fields that read the reader's own marks rather than the cables (issue 14): a
# result under one of them changes when a star, read mark, note or collection does.
USER_FIELDS = ("star", "has", "in", "note", "by")
IS_VALUES = ("changed", "starred", "unread", "read")
HAS_VALUES = ("note", "highlight")
# A cable has one of each: two of them in one AND are alternatives (class:c class:s).
SINGLE_VALUED = ("origin", "class", "ref")

_FIELD_RE = re.compile(r"([A-Za-z]+):")
_DATE_RE = re.compile(r"([0-9]{4})(?:([-/])([0-9]{1,2})(?:\2([0-9]{1,2}))?)?", re.ASCII)
_NEAR_RE = re.compile(r"NEAR(?:/([0-9]{1,3}))?", re.ASCII)
_FUNCTION_RE = re.compile(r"(NEAR|AND|OR|NOT)\(")
# SQLite's FTS5 parser stops at NUL and the sqlite3 module cannot encode lone
# surrogates, so both are treated as the word separators they visually are.
UNSAFE_RE = re.compile("[\x00\ud800-\udfff]")

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
_OPERATORS = {"OR": "or", "AND": "and", "NOT": "not"}


def usable(term: str) -> bool:
    """A term without letters or digits tokenizes to nothing and would match nothing."""
    return any(ch.isalnum() for ch in term)


class _Token(NamedTuple):
    kind: str  # term, field, lparen, rparen, or, and, not, near
    text: str = ""
    quoted: bool = False
    name: str = ""  # the field name as typed
    distance: int = DEFAULT_NEAR


def _read_quoted(text: str, start: int) -> tuple[str, int]:
    """An unclosed quote runs to the end: the user is most likely still typing it."""
    end = text.find('"', start + 1)
    end = len(text) if end < 0 else end
    return " ".join(text[start + 1 : end].split()), end + 1


def _bare_token(word: str) -> _Token:
    if word in _OPERATORS:
        return _Token(_OPERATORS[word], word)
    near = _NEAR_RE.fullmatch(word)
    if near:
        return _Token("near", word, distance=int(near.group(1) or DEFAULT_NEAR))
    match = _FIELD_RE.match(word)
    if match and match.group(1).lower() in FIELD_NAMES and match.end() < len(word):
        return _Token("field", word[match.end() :], name=match.group(1))
    return _Token("term", word)


def scan(text: str) -> list[_Token]:
    """Tokens; ``(`` opens a group at the start of a word, ``)`` closes one at its end
    (only while one is open, so a stray ``)`` stays the punctuation it is)."""
    tokens: list[_Token] = []
    depth, i, n = 0, 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == "(":
            tokens.append(_Token("lparen", "("))
            depth, i = depth + 1, i + 1
        elif ch == ")" and depth:
            tokens.append(_Token("rparen", ")"))
            depth, i = depth - 1, i + 1
        elif ch == "-" and i + 1 < n and not text[i + 1].isspace():
            tokens.append(_Token("not", "-"))
            i += 1
        elif ch == '"':
            value, i = _read_quoted(text, i)
            tokens.append(_Token("term", value, quoted=True))
        else:
            match = _FIELD_RE.match(text, i)
            known = match is not None and match.group(1).lower() in FIELD_NAMES
            if match and known and match.end() < n and text[match.end()] == '"':
                value, i = _read_quoted(text, match.end())
                tokens.append(_Token("field", value, True, match.group(1)))
                continue
            end = i
            while end < n and not text[end].isspace():
                end += 1
            word = text[i:end]
            closing = min(depth, len(word) - len(word.rstrip(")")))
            tokens.append(_bare_token(word[: len(word) - closing]))
            tokens.extend([_Token("rparen", ")")] * closing)
            depth -= closing
            i = end
    return tokens


def period_edge(value: str, *, last: bool) -> str | None:
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


def expand_class(value: str) -> tuple[str, ...]:
    """The canonical classifications a typed value covers; unknown values stay as typed."""
    norm = re.sub(r"\s*/+\s*", "//", " ".join(value.upper().split()))
    level, _, caveat = norm.partition("//")
    if not caveat and level in _LEVELS:
        return tuple(c for c in CLASSIFICATIONS if c.partition("//")[0] == _LEVELS[level])
    if not caveat and level in _CAVEATS:
        return tuple(c for c in CLASSIFICATIONS if c.endswith("//" + _CAVEATS[level]))
    full = f"{_LEVELS.get(level)}//{_CAVEATS.get(caveat)}"
    return (full,) if full in CLASSIFICATIONS else (value.upper(),)


def class_order(values: set[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Known levels in their order, then unknown markers sorted."""
    present = set(values)
    return tuple(c for c in CLASSIFICATIONS if c in present) + tuple(
        sorted(present.difference(CLASSIFICATIONS))
    )


def _dedupe(nodes: list[Node]) -> list[Node]:
    """Repeating a term or filter never changes the result, so keep the first only."""
    return list(dict.fromkeys(nodes))


def _merge_fields(nodes: list[Node], names: tuple[str, ...]) -> list[Node]:
    """Fields of one name among `nodes` become one field with all their values,
    where the first of them was."""
    merged: list[Node] = []
    first: dict[str, int] = {}
    for node in nodes:
        if isinstance(node, Field) and node.name in names:
            if node.name in first:
                at = first[node.name]
                old = merged[at]
                assert isinstance(old, Field)
                values = tuple(dict.fromkeys(old.values + node.values))
                ordered = class_order(values) if node.name == "class" else values
                merged[at] = Field(node.name, ordered)
                continue
            first[node.name] = len(merged)
        merged.append(node)
    return merged


def make_and(parts: list[Node]) -> Node | None:
    flat = [op for part in parts for op in (part.operands if isinstance(part, And) else (part,))]
    flat = _dedupe(_merge_fields(_dedupe(flat), SINGLE_VALUED))
    return None if not flat else flat[0] if len(flat) == 1 else And(tuple(flat))


def make_or(parts: list[Node]) -> Node | None:
    flat = [op for part in parts for op in (part.operands if isinstance(part, Or) else (part,))]
    # Values of a field are alternatives already; dates are ranges, not values.
    flat = _dedupe(
        _merge_fields(
            _dedupe(flat), ("origin", "tag", "class", "ref", "cites", "changed", "star", "in")
        )
    )
    return None if not flat else flat[0] if len(flat) == 1 else Or(tuple(flat))


class Parser:
    """Recursive descent over the tokens; every path consumes at least one token."""

    def __init__(self, text: str) -> None:
        self.tokens = scan(UNSAFE_RE.sub(" ", text))
        self.at = 0
        self.problems: list[str] = []

    def parse(self) -> Node | None:
        return self._conjunction(top=True)

    def _peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _problem(self, text: str) -> None:
        if text not in self.problems:
            self.problems.append(text)

    def _operand_follows(self) -> bool:
        tok = self._peek()
        return tok is not None and tok.kind in ("term", "field", "lparen", "not")

    def _conjunction(self, *, top: bool) -> Node | None:
        parts: list[Node] = []
        while (tok := self._peek()) is not None:
            if tok.kind == "rparen":
                if top:  # cannot happen: the scanner only closes open groups
                    self.at += 1
                    continue
                break
            if tok.kind == "and":
                self.at += 1
                if not parts or not self._operand_follows():
                    self._problem("AND needs something on both sides; it was left out.")
                continue
            node = self._disjunction()
            if node is not None:
                parts.append(node)
        return make_and(parts)

    def _disjunction(self) -> Node | None:
        left = self._proximity()
        while (tok := self._peek()) is not None and tok.kind == "or":
            self.at += 1
            right = self._proximity() if self._operand_follows() else None
            if left is None or right is None:
                self._problem("OR needs something on both sides; it was left out.")
                left = left or right
            else:
                left = make_or([left, right])
        return left

    def _proximity(self) -> Node | None:
        left = self._unary()
        while (tok := self._peek()) is not None and tok.kind == "near":
            self.at += 1
            right = self._unary() if self._operand_follows() else None
            if left is None or right is None:
                self._problem("NEAR needs a word or phrase on both sides; it was left out.")
                left = left or right
                continue
            ends = _near_terms(left), _near_terms(right)
            if ends[0] is None or ends[1] is None:
                self._problem(
                    "NEAR joins words and quoted phrases only (not fields, groups or NOT);"
                    " there it was read as AND."
                )
                left = make_and([left, right])
                continue
            distance = tok.distance
            if isinstance(left, Near) and left.distance != distance:
                distance = max(distance, left.distance)
                self._problem(f"One NEAR chain has one distance; NEAR/{distance} was used.")
            left = Near(ends[0] + ends[1], distance)
        return left

    def _unary(self) -> Node | None:
        tok = self._peek()
        if tok is not None and tok.kind == "not":
            self.at += 1
            if not self._operand_follows():
                if tok.text == "NOT":
                    self._problem("NOT needs something after it; it was left out.")
                return None
            operand = self._unary()
            return None if operand is None else Not(operand)
        return self._atom()

    def _atom(self) -> Node | None:
        tok = self._peek()
        if tok is None or tok.kind in ("or", "and", "rparen"):
            return None  # the callers handle these
        self.at += 1
        if tok.kind == "term":
            function = _FUNCTION_RE.match(tok.text)
            if function:
                self._problem(
                    f"{function.group(1)}( is not this language: write a NEAR b, a OR b,"
                    f" NOT a or (a b); {tok.text} was searched as text."
                )
            return Term(tok.text, tok.quoted) if usable(tok.text) else None
        if tok.kind == "field":
            return self._field(tok)
        if tok.kind == "lparen":
            node = self._conjunction(top=False)
            if self._peek() is None:
                self._problem("A ( was not closed; its group runs to the end.")
            else:
                self.at += 1
            return node
        self._problem("NEAR needs a word or phrase on both sides; it was left out.")
        return None

    def _field(self, tok: _Token) -> Node | None:
        # A double quote cannot be part of a field's value (quotes delimit values, and no
        # origin, tag or id holds one): dropped, so that the value always reads back.
        name, raw = tok.name.lower(), tok.text.replace('"', "").strip()
        literal = Term(f"{tok.name}:{raw}", tok.quoted)
        if not usable(raw):
            return literal if usable(literal.text) else None
        if name in ("from", "to"):
            day = period_edge(raw, last=name == "to")
            if day is None:
                self._problem(
                    f"{name}:{raw} is not a date (YYYY, YYYY-MM or YYYY-MM-DD);"
                    " it was searched as text."
                )
                return literal
            return Field(name, (day,))
        if name == "released":
            return self._released(raw, literal)
        if name in ("is", "has"):
            known = IS_VALUES if name == "is" else HAS_VALUES
            if raw.lower() not in known:
                listed = ", ".join(f"{name}:{v}" for v in known)
                self._problem(f"{name}:{raw} is not known ({listed} are); it was searched as text.")
                return literal
            return Field(name, (raw.lower(),))
        if name == "star":
            colour = raw.lower()
            if colour not in STAR_COLOURS:
                self._problem(
                    f"star:{raw} is not a star colour, so nothing matches it"
                    f" (use {', '.join(STAR_COLOURS)})."
                )
            return Field(name, (colour,))
        if name in ("in", "note", "by"):  # a collection's name, note words, a name: as typed
            return Field(name, (" ".join(raw.split()),))
        if name == "changed":
            kind = raw.lower()
            if kind not in CHANGE_GROUPS:
                self._problem(
                    f"changed:{raw} is not a kind of change, so nothing matches it"
                    f" (use {', '.join(CHANGE_GROUPS)})."
                )
            return Field(name, (kind,))
        if name == "class":
            values = class_order(expand_class(raw))
            unknown = [v for v in values if v not in CLASSIFICATIONS]
            if unknown:
                self._problem(
                    f"class:{raw} is not a classification, so nothing matches it"
                    " (use u, fouo, c, c//nf, s, s//nf or noforn)."
                )
            return Field(name, values)
        return Field(name, (raw if name == "origin" else raw.upper(),))

    def _released(self, raw: str, literal: Term) -> Node:
        """``released:2010-11`` or ``released:2010-11-28..2010-12-02``: the release day
        within that period (both ends included), as Field("released", (first, last))."""
        start, sep, end = raw.partition("..")
        first = period_edge(start, last=False)
        last = period_edge(end if sep else start, last=True)
        if first is None or last is None:
            self._problem(
                f"released:{raw} is not a date or a range (YYYY-MM-DD or"
                " YYYY-MM-DD..YYYY-MM-DD); it was searched as text."
            )
            return literal
        return Field("released", (first, last))


def uses_user_fields(node: Node | None) -> bool:
    """Whether any part of the tree (under OR and NOT too) reads the reader's own marks."""
    if node is None or isinstance(node, (Term, Near)):
        return False
    if isinstance(node, Field):
        return node.name in USER_FIELDS or (node.name == "is" and node.values != ("changed",))
    if isinstance(node, Not):
        return uses_user_fields(node.operand)
    return any(uses_user_fields(op) for op in node.operands)


def _near_terms(node: Node) -> tuple[Term, ...] | None:
    if isinstance(node, Term):
        return (node,)
    if isinstance(node, Near):
        return node.terms
    return None
