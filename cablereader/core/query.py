"""The query language shared by the search field and ``cablereader search``.

:func:`parse_query` never raises. It gives a :class:`Query`: a boolean tree
(:mod:`query_ast`) of words, phrases, ``NEAR`` groups and field filters joined by AND,
OR and NOT, plus the problems met while reading it, which the UI shows under the field
so that nothing is silently reinterpreted. Turning the tree into FTS5 MATCH text and
SQL is the store's job (``store/fts_query.py``). The syntax itself is in
:mod:`query_parse` and explained to users in ``SYNTAX_HELP``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cablereader.core.model import CLASSIFICATIONS
from cablereader.core.query_ast import (
    DEFAULT_NEAR,
    And,
    Field,
    Near,
    Node,
    Not,
    Or,
    Term,
    conjuncts,
    positive_terms,
)
from cablereader.core.query_parse import FIELD_NAMES, Parser, usable, uses_user_fields

__all__ = ["FIELD_NAMES", "SYNTAX_HELP", "Query", "parse_query"]

_EDGE_PUNCT_RE = re.compile(r"^[\W_]+|[\W_]+$")

# (plain value, its caveated sibling, text for both, text for the caveated one only)
_CLASS_RENDER = (
    ("UNCLASSIFIED", "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "unclassified", "fouo"),
    ("CONFIDENTIAL", "CONFIDENTIAL//NOFORN", "confidential", "c//nf"),
    ("SECRET", "SECRET//NOFORN", "secret", "s//nf"),
)

SYNTAX_HELP: tuple[tuple[str, str], ...] = (
    ("iran nuclear", "both words, anywhere in the cable (AND may be written)"),
    ('"nuclear program"', "the exact phrase"),
    ("embass*", "words that begin with embass (embassy, embassies)"),
    ("lima OR quito", "either word; OR binds tighter than AND: lima OR quito coca"),
    ("iran -nuclear, iran NOT nuclear", "iran but not nuclear"),
    ("iran NEAR nuclear, iran NEAR/5 nuclear", "within 10 (or 5) words of each other"),
    ("(lima OR quito) -coca", "parentheses group"),
    ("tag:PREL OR tag:PGOV", "either tag; fields combine with words and each other"),
    ("origin:lima", "origin contains the text (two origins are alternatives)"),
    ("class:s, class:c//nf, class:noforn", "classification levels and caveats"),
    ("from:2006 to:2007-06", "created in that period (YYYY, YYYY-MM or YYYY-MM-DD)"),
    ("released:2010-11-28..2010-12-02", "released on those days (or released:2010-12)"),
    ("ref:06LIMA*, cites:05LIMA4377", "reference ids, and cables that cite one"),
    ("is:changed, changed:redaction", "cables whose versions differ (redaction, subject,"
     " classification, text, tags, times, origin)"),
    ("is:starred, star:red", "cables you starred (star:COLOUR: with a star of that colour:"
     " yellow, red, green, blue, purple); each person's stars are their own"),
    ("is:unread, is:read", "cables you have not opened yet, or have"),
    ("has:note, has:highlight", "cables with a note or highlight, anyone's (has:note: either)"),
    ('in:"Lima coca"', "cables in that collection (its name as written; shared)"),
    ("note:coca", "cables whose notes or highlights, anyone's, contain the words"),
    ('by:me, by:"Ana Ruiz"', "cables with a note or highlight by you, or by that person"),
    ("Sao Paulo", "accents do not matter: it also finds São Paulo"),
)


def _strip_star(text: str) -> str:
    return text[:-1] if text.endswith("*") else text


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed search, immutable so that the UI can keep it as the key of a result set.

    ``expr`` is the single source of truth. The tuples below are views of its top-level
    AND for display and tests; a filter under OR or NOT is only in ``expr``.
    ``problems`` are plain-text sentences about what could not be applied as typed;
    they do not take part in equality (the same search, whatever was wrong with it).
    """

    expr: Node | None = None
    problems: tuple[str, ...] = field(default=(), compare=False)

    # -- views of the top-level AND ------------------------------------------------------

    @property
    def any_groups(self) -> tuple[tuple[str, ...], ...]:
        """Each top-level clause of free text, as its alternatives."""
        groups: list[tuple[str, ...]] = []
        for node in conjuncts(self.expr):
            if isinstance(node, Term):
                groups.append((node.text,))
            elif isinstance(node, Or) and all(isinstance(op, Term) for op in node.operands):
                groups.append(tuple(op.text for op in node.operands if isinstance(op, Term)))
        return tuple(dict.fromkeys(tuple(dict.fromkeys(g)) for g in groups))

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(
            dict.fromkeys(w for g in self.any_groups for t in g for w in t.split() if usable(w))
        )

    @property
    def phrases(self) -> tuple[str, ...]:
        quoted = [t for t in positive_terms(self.expr) if t.quoted]
        return tuple(dict.fromkeys(t.text for t in quoted))

    @property
    def excluded(self) -> tuple[str, ...]:
        found = [n.operand for n in conjuncts(self.expr) if isinstance(n, Not)]
        return tuple(dict.fromkeys(t.text for t in found if isinstance(t, Term)))

    def _values(self, name: str) -> tuple[str, ...]:
        found = [
            v for n in conjuncts(self.expr) if isinstance(n, Field) and n.name == name
            for v in n.values
        ]
        return tuple(dict.fromkeys(found))

    @property
    def origins(self) -> tuple[str, ...]:
        return self._values("origin")

    @property
    def tags(self) -> tuple[str, ...]:
        return self._values("tag")

    @property
    def classifications(self) -> tuple[str, ...]:
        return self._values("class")

    @property
    def date_from(self) -> str | None:
        return max(self._values("from"), default=None)

    @property
    def date_to(self) -> str | None:
        return min(self._values("to"), default=None)

    @property
    def reference_ids(self) -> tuple[str, ...]:
        return self._values("ref")

    @property
    def cites(self) -> tuple[str, ...]:
        return self._values("cites")

    # -- the rest ------------------------------------------------------------------------

    @property
    def uses_user_data(self) -> bool:
        """True when stars, read marks, notes or collections decide the result, so that a
        result kept for it is only good until the next such change (store caches)."""
        return uses_user_fields(self.expr)

    def is_empty(self) -> bool:
        """True when the query would not narrow anything, so the UI can show all cables."""
        return self.expr is None

    def highlight_terms(self) -> tuple[str, ...]:
        """What the reader marks: lower-cased phrases first, then single words, so the
        longest hits are marked; a trailing ``*`` keeps meaning a prefix.

        Only the terms a hit must or may contain (none under NOT). Punctuation at either
        end is dropped because the index ignores it too.
        """
        terms = positive_terms(self.expr)
        ordered = [t for t in terms if " " in t.text.strip()] + [
            t for t in terms if " " not in t.text.strip()
        ]
        marked = []
        for term in ordered:
            bare = _EDGE_PUNCT_RE.sub("", _strip_star(term.text).replace("*", " ")).lower()
            if usable(bare):
                marked.append(bare + "*" if term.prefix else bare)
        return tuple(dict.fromkeys(marked))

    def to_text(self) -> str:
        """Canonical query text; parsing it again gives an equal Query."""
        return "" if self.expr is None else _render(self.expr, None)

    def __str__(self) -> str:
        return self.to_text()


def parse_query(text: str) -> Query:
    """Parse user text into a Query; never raises, unknown syntax is literal text."""
    parser = Parser(text)
    expr = parser.parse()
    return Query(expr, tuple(parser.problems))


# -- rendering ----------------------------------------------------------------------------


def _render_value(value: str) -> str:
    bare = (
        value
        and not value.startswith(('"', "("))
        and not value.endswith(")")
        and not any(ch.isspace() for ch in value)
    )
    return value if bare else f'"{value}"'


def _render_term(term: Term) -> str:
    """Bare when the bare text reads back as exactly this term, else quoted."""
    if not term.quoted and Parser(term.text).parse() == term:
        return term.text
    return f'"{term.text}"'


def _render_classes(values: tuple[str, ...]) -> list[str]:
    present = set(values)
    rendered = []
    for plain, caveated, both, caveat_only in _CLASS_RENDER:
        if plain in present:
            rendered.append(both)
        elif caveated in present:
            rendered.append(caveat_only)
    return rendered + [_render_value(v) for v in values if v not in CLASSIFICATIONS]


def _render_field(node: Field) -> str:
    if node.name == "released":
        first, last = node.values[0], node.values[-1]
        return f"released:{first}" if first == last else f"released:{first}..{last}"
    if node.name == "class":
        values = _render_classes(node.values)
    else:
        values = [_render_value(v) for v in node.values]
    return " OR ".join(f"{node.name}:{v}" for v in values)


def _render(node: Node, parent: type | None) -> str:
    if isinstance(node, Term):
        return _render_term(node)
    if isinstance(node, Field):
        return _render_field(node)
    if isinstance(node, Near):
        joiner = " NEAR " if node.distance == DEFAULT_NEAR else f" NEAR/{node.distance} "
        return joiner.join(_render_term(t) for t in node.terms)
    if isinstance(node, Not):
        operand = node.operand
        simple = isinstance(operand, Term) or (
            isinstance(operand, Field) and len(_render_field(operand).split(" OR ")) == 1
        )
        inner = _render(operand, None)
        return "-" + inner if simple else f"-({inner})"
    if isinstance(node, Or):
        return " OR ".join(_render(op, Or) for op in node.operands)
    text = " ".join(_render(op, And) for op in node.operands)
    return f"({text})" if parent is not None else text
