"""The WHERE clause for a CableFilter on PostgreSQL, over `cables c` and, when the
search has words, `cable_text t` (joined by the caller when `Where.text` says so).

The same meaning as store/filters.py and store/fts_query.py give on SQLite; LIKE there
ignores ASCII case and has no escape character, so here it is ILIKE ... ESCAPE ''.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from cablereader.core.query_ast import And, Field, Node, Not, Or
from cablereader.store.api import CableFilter, Facet, StoreError
from cablereader.store.postgres.tsquery import WORDS_MATCH, plan_text, text_tsquery
from cablereader.store.user_data_api import USER_FLAGS, USER_VALUES, UserFilter

# The user half's conditions over `cables c` for is:starred, in:"name", note:word...
UserSql = Callable[[UserFilter, str | None], tuple[str, list[object]]]

_EXACT_COLUMNS = {
    Facet.ORIGIN: "c.origin",
    Facet.CLASSIFICATION: "c.classification",
    Facet.YEAR: "c.year",
    Facet.MONTH: "c.month",
    Facet.RELEASED: "c.released_day",
}


def no_user_data(kind: UserFilter, value: str | None) -> tuple[str, list[object]]:
    raise StoreError("this store cannot search the readers' own marks yet")


@dataclass
class Where:
    """SQL and its parameters; `text`: it reads `t.words` (join `cable_text t`)."""

    sql: str = "true"
    params: list[object] = field(default_factory=list)
    text: bool = False
    rank: str | None = None  # tsquery for ts_rank_cd and highlighting
    # The matching ids when words are all the filter asks (`c.id = ANY(hits)` alone):
    # the store may then pick them out of a whole-store order it keeps, in Python.
    hits: list[int] | None = None
    words_hits: int = 0  # how many cables hold the words (with or without the filter)
    # With `hits`: each hit's number of different words (cable_text.size), in order.
    hit_sizes: list[int] | None = None

    @property
    def from_clause(self) -> str:
        return "cables c JOIN cable_text t ON t.id = c.id" if self.text else "cables c"

    @property
    def ranked_from(self) -> str:
        """FROM for ranking: the words are read for ts_rank_cd."""
        return "cables c JOIN cable_text t ON t.id = c.id"


class _Builder:
    def __init__(self, user_sql: UserSql) -> None:
        self.user_sql = user_sql
        self.text = False

    def words(self, tsquery: str) -> tuple[str, list[object]]:
        self.text = True
        return WORDS_MATCH, [tsquery]

    def node(self, node: Node) -> tuple[str, list[object]]:
        text = text_tsquery(node)
        if text is not None:
            return self.words(text)
        if isinstance(node, Field):
            return self.field(node)
        if isinstance(node, Not):
            inner, args = self.node(node.operand)
            return f"NOT ({inner})", args
        assert isinstance(node, (And, Or))
        joiner = " AND " if isinstance(node, And) else " OR "
        parts: list[str] = []
        params: list[object] = []
        for op in node.operands:
            sql, args = self.node(op)
            parts.append(sql)
            params.extend(args)
        return "(" + joiner.join(parts) + ")", params

    def user(self, node: Field) -> tuple[str, list[object]]:
        parts: list[str] = []
        params: list[object] = []
        for value in node.values:
            if node.name in USER_VALUES:
                sql, args = self.user_sql(USER_VALUES[node.name], value)
            else:
                sql, args = self.user_sql(USER_FLAGS[node.name, value], None)
            parts.append(sql)
            params.extend(args)
        return (parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"), params

    def field(self, node: Field) -> tuple[str, list[object]]:
        values = list(node.values)
        name = node.name
        if name == "origin":
            return "(" + " OR ".join("c.origin ILIKE %s ESCAPE ''" for _ in values) + ")", [
                f"%{v}%" for v in values
            ]
        if name == "tag":
            return "c.id IN (SELECT cable_id FROM cable_tags WHERE tag = ANY(%s))", [values]
        if name == "cites":
            return "c.id IN (SELECT cable_id FROM cable_refs WHERE target = ANY(%s))", [values]
        if name == "class":
            return "c.classification = ANY(%s)", [values]
        if name == "from":
            return "c.created >= %s", [values[0]]
        if name == "to":
            return "c.created <= %s", [values[0] + "T23:59"]
        if name == "released":
            return "c.released_day BETWEEN %s AND %s", [values[0], values[-1]]
        if name == "is" and values == ["changed"]:
            return "c.id IN (SELECT cable_id FROM cable_changes)", []
        if name in ("is", "has", *USER_VALUES):
            return self.user(node)
        if name == "changed":
            return "c.id IN (SELECT cable_id FROM cable_changes WHERE kind = ANY(%s))", [values]
        parts: list[str] = []
        params: list[object] = []
        for ref in values:  # "ref"
            if ref.endswith("*"):
                parts.append("c.reference_id ILIKE %s ESCAPE ''")
                params.append(ref[:-1] + "%")
            else:
                parts.append("c.reference_id = %s")
                params.append(ref)
        return "(" + " OR ".join(parts) + ")", params


@dataclass(frozen=True)
class TextHits:
    """The cables whose words match, and each one's number of different words (read
    in the same visit of each row: sorting many hits by it then costs nothing more)."""

    ids: list[int]
    sizes: list[int]


# The cables whose words match a tsquery (the store looks them up once).
TextIds = Callable[[str, tuple[int, ...]], TextHits]  # tsquery, pair hashes every hit has


def build_where(
    flt: CableFilter, user_sql: UserSql = no_user_data, text_ids: TextIds | None = None
) -> Where:
    """SQL over `cables c` (and `cable_text t` when `text`); `true` when nothing is chosen.

    With `text_ids`, the words every hit must hold become `c.id = ANY(ids)`: the store
    finds them through the GIN index on its own, since PostgreSQL's planner, seeing only
    the small main rows of `cable_text` (its tsvectors are TOASTed), would rather read
    and match every cable's words (1.7 s at 50,000 cables for a rare word)."""
    clauses: list[str] = []
    params: list[object] = []
    for facet, values in flt.selections:
        if not values:
            continue
        if facet is Facet.TAG:
            for tag in values:
                clauses.append("c.id IN (SELECT cable_id FROM cable_tags WHERE tag = %s)")
                params.append(tag)
        elif facet is Facet.CHANGED:
            clauses.append(
                "c.id IN (SELECT cable_id FROM cable_changes WHERE kind = ANY(%s))"
            )
            params.append(list(values))
        else:
            clauses.append(f"{_EXACT_COLUMNS[facet]} = ANY(%s)")
            params.append(list(values))
    if flt.import_run is not None:
        clauses.append("c.id IN (SELECT cable_id FROM versions WHERE import_run = %s)")
        params.append(flt.import_run)
    builder = _Builder(user_sql)
    plan = plan_text(flt.query)
    hits: list[int] | None = None
    found = TextHits([], [])
    if plan.text is not None and text_ids is not None:
        found = text_ids(plan.text, plan.pairs)
        hits = None if clauses or plan.rest else found.ids
        clauses.append("c.id = ANY(%s)")
        params.append(found.ids)
    elif plan.text is not None:
        sql, args = builder.words(plan.text)
        clauses.append(sql)
        params.extend(args)
    for node in plan.rest:
        sql, args = builder.node(node)
        clauses.append(sql)
        params.extend(args)
    return Where(
        " AND ".join(clauses) or "true", params, builder.text, plan.rank, hits,
        len(found.ids), None if hits is None else found.sizes,
    )
