"""The timeline's span as words in the search text, and read back from the query."""

from __future__ import annotations

from cablereader.core.query import parse_query
from cablereader.ui.timeline import TimelineMode
from cablereader.ui.timeline_filter import restricted, span_of, with_span, without_dates

MONTH, DAY = TimelineMode.MONTH, TimelineMode.RELEASE_DAY


def test_a_month_span_replaces_earlier_dates_and_keeps_the_rest() -> None:
    text = "iran from:2001 tag:PREL to:2003-04"
    assert with_span(text, "2009-01", "2009-03", MONTH) == "iran tag:PREL from:2009-01 to:2009-03"
    assert with_span("", "2009-01", "2009-01", MONTH) == "from:2009-01 to:2009-01"


def test_a_day_span_is_a_released_range_beside_creation_dates() -> None:
    text = "from:2009 released:2010-11-28"
    assert with_span(text, "2010-12-01", "2010-12-03", DAY) == (
        "from:2009 released:2010-12-01..2010-12-03"
    )
    assert with_span("", "2010-12-01", "2010-12-01", DAY) == "released:2010-12-01"


def test_clearing_takes_every_date_word_but_nothing_else() -> None:
    assert without_dates("iran FROM:2009 -to:x released:2010-12 \"from:me\"") == (
        'iran -to:x "from:me"'
    )


def test_the_span_is_read_back_from_the_query() -> None:
    assert span_of(parse_query("iran"), MONTH) is None
    assert span_of(parse_query("from:2009-01 to:2009-03"), MONTH) == ("2009-01", "2009-03")
    assert span_of(parse_query("from:2009"), MONTH) == ("2009-01", "~")
    assert span_of(parse_query("to:2009-05-10"), MONTH) == ("", "2009-05")
    query = parse_query("released:2010-11-28..2010-12-02")
    assert span_of(query, DAY) == ("2010-11-28", "2010-12-02")
    assert span_of(query, MONTH) is None


def test_counts_narrow_to_the_values_ticked_in_the_facet() -> None:
    counts = [("2009-01", 3), ("2009-02", 4)]
    assert restricted(counts, ()) == counts
    assert restricted(counts, ("2009-02",)) == [("2009-02", 4)]
