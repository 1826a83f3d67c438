"""The timeline's date filter as words in the search field, and back.

A span picked on the timeline becomes `from:YYYY-MM to:YYYY-MM` (creation months) or
`released:YYYY-MM-DD..YYYY-MM-DD` (release days) in the search text, where the reader
sees it, can edit it and can delete it; the span the timeline marks is read back from
the parsed query, so deleting the words there clears the marks here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cablereader.core.query import Query
from cablereader.core.query_ast import Field, conjuncts
from cablereader.ui.timeline import TimelineMode

# Date words at the top level of the text (not negated): the ones the timeline wrote.
_CREATED_WORDS = re.compile(r"(?<![\S])(?:from|to):\S+", re.IGNORECASE)
_RELEASED_WORDS = re.compile(r"(?<![\S])released:\S+", re.IGNORECASE)


def _tidy(text: str) -> str:
    return " ".join(text.split())


def without_dates(text: str, mode: TimelineMode | None = None) -> str:
    """The search text without its date words (those of one mode, or of both)."""
    if mode in (None, TimelineMode.MONTH):
        text = _CREATED_WORDS.sub(" ", text)
    if mode in (None, TimelineMode.RELEASE_DAY):
        text = _RELEASED_WORDS.sub(" ", text)
    return _tidy(text)


def with_span(text: str, first: str, last: str, mode: TimelineMode) -> str:
    """The search text with the span as its date words, replacing those of the mode."""
    rest = without_dates(text, mode)
    if mode is TimelineMode.MONTH:
        words = f"from:{first} to:{last}"
    else:
        words = f"released:{first}" if first == last else f"released:{first}..{last}"
    return _tidy(f"{rest} {words}")


def span_of(query: Query | None, mode: TimelineMode) -> tuple[str, str] | None:
    """The span the query's top-level date words cover, in the mode's keys, or None.
    An open end is given as "" (from) or "~" (to), which sort before and after any key."""
    if query is None:
        return None
    if mode is TimelineMode.MONTH:
        low, high = query.date_from, query.date_to
        if low is None and high is None:
            return None
        return (low[:7] if low else "", high[:7] if high else "~")
    fields = [n for n in conjuncts(query.expr) if isinstance(n, Field) and n.name == "released"]
    if not fields:
        return None
    return max(f.values[0] for f in fields), min(f.values[-1] for f in fields)


def dates_text(query: Query | None) -> str | None:
    """The search's date filter in words, for the browse panel, or None without one."""
    parts = []
    for mode, name in ((TimelineMode.MONTH, "Created"), (TimelineMode.RELEASE_DAY, "Released")):
        span = span_of(query, mode)
        if span is None:
            continue
        first, last = span
        if not first:
            parts.append(f"{name} until {last}")
        elif last == "~":
            parts.append(f"{name} from {first}")
        else:
            parts.append(f"{name} {first}" if first == last else f"{name} {first} to {last}")
    return "; ".join(parts) or None


def restricted(counts: Iterable[tuple[str, int]], chosen: tuple[str, ...]) -> list[tuple[str, int]]:
    """Counts of a facet under every *other* selection, narrowed to the values checked in
    the facet itself: then they add up to the cables listed."""
    if not chosen:
        return list(counts)
    wanted = set(chosen)
    return [(key, n) for key, n in counts if key in wanted]
