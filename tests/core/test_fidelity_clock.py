"""Class 1: early-2011 pages load cables.js like the Aug 2011 build but keep the clock bug.

The creation minute is corrected on evidence (the minute is what the buggy clock prints
for the hour, and a date-time group names the same day and hour), whatever the build.
"""

from __future__ import annotations

from cablereader.core.formats.site_page import BUILD_LABELS, detect_build, page_build
from cablereader.core.model import SiteBuild
from cablereader.core.timestamps import Stamp, correct_created
from tests.core.fidelity_pages import page, parse, sidebar

EARLY_SIDEBAR = sidebar(3_891, ("201011", "201012", "201101", "201102"))
FINAL_SIDEBAR = sidebar(251_287, ("201108",))


def test_early_2011_page_with_bug_takes_the_dtg_time() -> None:
    data = page(
        created="2007-09-11 09:09",
        header="O 110944Z SEP 07\nFM AMEMBASSY BERN",
        side=EARLY_SIDEBAR,
    )
    cable, build = parse(data)
    assert build is SiteBuild.EARLY_2011
    assert BUILD_LABELS[build] == "Cablegate site, early 2011"
    assert (cable.created, cable.created_approx) == ("2007-09-11T09:44", False)
    assert cable.released_approx is True  # nothing can correct an early-2011 release time


def test_the_issue_example_18_06_against_151856z() -> None:
    cable, _ = parse(
        page(created="2008-02-15 18:06", header="P 151856Z FEB 08\nFM X", side=EARLY_SIDEBAR)
    )
    assert cable.created == "2008-02-15T18:56"


def test_evidence_not_build_a_page_taken_for_aug_2011_is_still_corrected() -> None:
    # No sidebar and a big page: looks like the final build, yet the evidence is there.
    data = page(created="2008-02-15 18:06", header="P 151856Z FEB 08", padding=160_000)
    cable, build = parse(data)
    assert build is SiteBuild.AUG_2011
    assert (cable.created, cable.created_approx) == ("2008-02-15T18:56", False)


def test_a_correct_clock_is_left_alone() -> None:
    # Aug 2011 build, minute 07 is not the bug's 06: the DTG's other minute is not taken.
    cable, _ = parse(
        page(created="2008-02-15 18:07", header="P 151856Z FEB 08", side=FINAL_SIDEBAR)
    )
    assert (cable.created, cable.created_approx) == ("2008-02-15T18:07", False)
    # The bug's minute but a DTG of another hour or day proves nothing.
    for header in ("P 151956Z FEB 08", "P 161856Z FEB 08"):
        cable, _ = parse(page(created="2008-02-15 18:06", header=header, side=EARLY_SIDEBAR))
        assert (cable.created, cable.created_approx) == ("2008-02-15T18:06", True)
        cable, _ = parse(page(created="2008-02-15 18:06", header=header, side=FINAL_SIDEBAR))
        assert (cable.created, cable.created_approx) == ("2008-02-15T18:06", False)


def test_correct_created_rules() -> None:
    published = Stamp(2007, 9, 11, 9, 9)
    assert correct_created(published, "O 110944Z SEP 07", False) == (
        Stamp(2007, 9, 11, 9, 44),
        False,
    )
    assert correct_created(Stamp(2007, 9, 11, 9, 10), "O 110944Z SEP 07", True) == (
        Stamp(2007, 9, 11, 9, 10),
        False,
    )


def test_build_recognised_from_sidebar_size_and_release() -> None:
    base = page(side=EARLY_SIDEBAR).decode()
    assert detect_build(base, 5) is SiteBuild.EARLY_2011
    assert detect_build(page(side=FINAL_SIDEBAR).decode(), 5) is SiteBuild.AUG_2011
    # Release months alone, without the count.
    only_months = sidebar(1, ("201101",)).split("</p>", 1)[1]
    assert detect_build(page(side=only_months).decode(), 5) is SiteBuild.EARLY_2011
    # No sidebar: a small page released before Aug 2011 is early 2011, a big one is final.
    assert detect_build(page().decode(), 5, "2011-02-15 18:06") is SiteBuild.EARLY_2011
    big = page(padding=160_000).decode()
    assert detect_build(big, 5, "2011-02-15 18:06") is SiteBuild.AUG_2011
    assert detect_build(page().decode(), 5, "2011-08-30 01:44") is SiteBuild.AUG_2011
    assert detect_build(page(script="/static/js/js.js").decode(), 5) is SiteBuild.DEC_2010
    assert page_build(page(side=EARLY_SIDEBAR)) is SiteBuild.EARLY_2011
    assert page_build(page(released="2011-02-15 18:06")) is SiteBuild.EARLY_2011
    # The tail of a big page (what the scan reads of one) has no start and no sidebar.
    tail = page(released="2010-12-05 05:05", padding=160_000)[-4000:]
    assert page_build(tail) is SiteBuild.AUG_2011


def test_corpus_aug_2011_pages_stay_final(corpus) -> None:  # type: ignore[no-untyped-def]
    for path in (corpus / "cablegate-201108").rglob("*.html"):
        assert parse(path.read_bytes())[1] is SiteBuild.AUG_2011
