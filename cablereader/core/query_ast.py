"""The nodes of a parsed search: a small boolean tree the store translates to its own syntax.

The core only says what a search means (words, phrases, proximity, field filters and
their AND/OR/NOT combination); how a backend finds it (SQLite FTS5 MATCH text plus SQL
today) is the store's business, in ``store/fts_query.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_NEAR = 10  # words between the ends of a NEAR group, as FTS5 and most engines use


@dataclass(frozen=True, slots=True)
class Term:
    """Free text: a word as typed (punctuation and a trailing ``*`` kept) or a quoted
    phrase. A trailing ``*`` makes the last word a prefix, quoted or not."""

    text: str
    quoted: bool = False

    @property
    def prefix(self) -> bool:
        return self.text.endswith("*")


@dataclass(frozen=True, slots=True)
class Field:
    """A filter on one column. ``values`` are alternatives, already in stored form
    (tags upper-cased, dates as ISO days, classifications expanded)."""

    name: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Near:
    """Terms within ``distance`` words of each other, in any order."""

    terms: tuple[Term, ...]
    distance: int = DEFAULT_NEAR


@dataclass(frozen=True, slots=True)
class Not:
    operand: Node


@dataclass(frozen=True, slots=True)
class And:
    operands: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    operands: tuple[Node, ...]


Node = Term | Field | Near | Not | And | Or


def conjuncts(node: Node | None) -> tuple[Node, ...]:
    """The parts that must all hold: the operands of a top-level AND, or the node itself."""
    if node is None:
        return ()
    return node.operands if isinstance(node, And) else (node,)


def positive_terms(node: Node | None) -> list[Term]:
    """Every term a hit must or may contain (not those under NOT), in reading order."""
    if node is None or isinstance(node, (Field, Not)):
        return []
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Near):
        return list(node.terms)
    return [term for child in node.operands for term in positive_terms(child)]
