"""Class 7: REF items link only what names a cable (a station and a number); text such as
e-mails, reports or other agencies' messages resolves to nothing instead of a made-up ID.

The product holds no list of stations; the rule (`is_station_name`) is checked here against
every station string of the real reference IDs in ../shared/reference.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cablereader.core.model import Reference
from cablereader.core.refid import is_station_name, resolve_citation
from cablereader.ui.reader.cable_html import _reference_html
from tests.conftest import SHARED

STATIONS = SHARED / "reference" / "station-codes.tsv"


def _real_stations() -> list[str]:
    if not STATIONS.is_file():
        pytest.fail(f"reference data not found at {STATIONS}")
    lines = Path(STATIONS).read_text(encoding="utf-8").splitlines()[1:]
    return [line.split("\t")[0] for line in lines if line.strip()]


def test_every_real_station_string_is_a_station() -> None:
    stations = _real_stations()
    assert len(stations) > 300
    assert [s for s in stations if not is_station_name(s)] == []


def test_real_stations_as_written_in_text() -> None:
    for written in (
        "SAO PAULO",
        "USUN NEW YORK",
        "HO CHI MINH CITY",
        "LA PAZ",
        "RIO DE JANEIRO",
        "DAR ES SALAAM",
        "PORT AU PRINCE",
        "STATE",
    ):
        assert is_station_name(written), written


def test_made_up_words_are_not_stations() -> None:
    for made_up in (
        "EMBASSYVIENNA",
        "EMBASSY VIENNA",
        "ZIMMER-CALDWELL E-MAILS",
        "SECDEF MSG DTG",
        "DAO MADRID IIR",
        "IIR",
        "MADRID SP",
        "DAILY REPORT",
        "EMAILS",
    ):
        assert not is_station_name(made_up), made_up


def test_citations_that_name_cables_resolve() -> None:
    assert resolve_citation("ABUJA 207", 2009) == "09ABUJA207"
    assert resolve_citation("08 SAO PAULO 268", 2009) == "08SAOPAULO268"
    assert resolve_citation("STATE 123456", 2009) == "09STATE123456"
    assert resolve_citation("USUN NEW YORK 1234", 2009) == "09USUNNEWYORK1234"
    assert resolve_citation("HO CHI MINH CITY 0042", 2008) == "08HOCHIMINHCITY42"
    assert resolve_citation("SECSTATE 2743", 2000) == "00STATE2743"
    # A post named by its kind first is its station's cable (09VIENNA1450 is real).
    assert resolve_citation("EMBASSY VIENNA 1450", 2009) == "09VIENNA1450"
    assert resolve_citation("AMEMBASSY PARIS 00104", 2009) == "09PARIS104"


def test_what_names_no_cable_resolves_to_nothing() -> None:
    for text in (
        "ZIMMER-CALDWELL E-MAILS",
        "SECDEF MSG DTG 301601z SEP 08",
        "DAO MADRID IIR 6 889 0272 08",
        "HOTR WASHINGTON DC//USDAO PARIS (SUBJ: IIR 6 832 0617 08)",
        "MCWHIRTER 12/14/07",
        "BURDICK 10/16/09 EMAIL",
        "MADRID SP 0307",
        "EMBASSY LONDON DAILY REPORT 9/16/2009 (NOTAL)",
        "EMBASSY PARIS DAILY REPORT FOR FEBRUARY 17",
    ):
        assert resolve_citation(text, 2009) is None, text


def test_reader_shows_unresolved_items_plainly() -> None:
    plain = _reference_html(Reference("C", "ZIMMER-CALDWELL E-MAILS", None), set(), "#595959")
    assert plain == "C. ZIMMER-CALDWELL E-MAILS"
    missing = _reference_html(Reference("A", "ABUJA 207", "09ABUJA207"), set(), "#595959")
    assert "09ABUJA207: not in your collection" in missing
    linked = _reference_html(Reference("A", "ABUJA 207", "09ABUJA207"), {"09ABUJA207"}, "#595959")
    assert 'href="cablereader://cable/09ABUJA207"' in linked


def test_corpus_references_resolve_only_to_real_stations() -> None:
    """No REF item of the development corpus resolves to a made-up station; the one
    exception is a cable that misspelt its station (`TALLIN 309` for Tallinn)."""
    import re

    from tests.conftest import corpus_pages
    from tests.core.fidelity_pages import parse

    real = set(_real_stations())
    resolved, made_up = 0, []
    for path in corpus_pages():
        for ref in parse(path.read_bytes())[0].references:
            if ref.reference_id:
                resolved += 1
                m = re.match(r"^[0-9]{2}([A-Z]+)[0-9]+$", ref.reference_id)
                if not m or m.group(1) not in real:
                    made_up.append(ref.reference_id)
    assert resolved > 300
    assert made_up == ["09TALLIN309"]
