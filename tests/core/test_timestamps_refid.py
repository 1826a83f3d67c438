"""The clock bug, date-time groups and reference IDs."""

from __future__ import annotations

from cablereader.core.refid import (
    find_inline_ids,
    id_year,
    is_well_formed,
    normalise_reference_id,
    resolve_citation,
)
from cablereader.core.timestamps import Stamp, correct_created, find_dtg, parse_csv_time


def test_dtg_forms() -> None:
    assert find_dtg("O 110944Z SEP 07") == Stamp(2007, 9, 11, 9, 44)
    assert find_dtg("note\n\n081545Z Jun 05") == Stamp(2005, 6, 8, 15, 45)
    assert find_dtg("R 130458Z AUG 79") == Stamp(1979, 8, 13, 4, 58)
    assert find_dtg("no group here 12345") is None


def test_clock_bug_corrected_only_from_same_day_and_hour() -> None:
    published = Stamp(2007, 9, 11, 9, 9)
    assert correct_created(published, "O 110944Z SEP 07", True) == (
        Stamp(2007, 9, 11, 9, 44),
        False,
    )
    assert correct_created(published, "O 120944Z SEP 07", True) == (published, True)
    assert correct_created(published, "", True) == (published, True)
    assert correct_created(published, "O 120944Z SEP 07", False) == (published, False)
    assert correct_created(Stamp(2007, 9, 11, 9, 30), "", True) == (
        Stamp(2007, 9, 11, 9, 30),
        False,
    )


def test_csv_time() -> None:
    assert parse_csv_time("2/25/1972 9:30") == Stamp(1972, 2, 25, 9, 30)
    assert parse_csv_time("13/25/1972 9:30") is None


def test_reference_ids() -> None:
    assert normalise_reference_id("05lima4377") == "05LIMA4377"
    for odd in ("7575LIBREVILLE1895", "08ECTION01OF02MANAMA492", "90STATE255195TOSEC140301"):
        assert normalise_reference_id(odd) == odd
    assert normalise_reference_id("hello") is None
    assert is_well_formed("05LIMA4377") and not is_well_formed("7575LIBREVILLE1895")
    assert id_year("79TEHRAN8980") == 1979 and id_year("05LIMA4377") == 2005
    assert resolve_citation("LIMA 004377", 2005) == "05LIMA4377"
    assert resolve_citation("2005 LISBON 1609", 2006) == "05LISBON1609"
    assert resolve_citation("USUN NEW YORK 12", 2006) == "06USUNNEWYORK12"
    assert resolve_citation("EMBASSY PARIS DAILY REPORT FOR NOV 9", 2006) is None
    assert find_inline_ids("see 09STATE12345 and 05LIMA4377.") == [
        (4, 16, "09STATE12345"),
        (21, 31, "05LIMA4377"),
    ]
