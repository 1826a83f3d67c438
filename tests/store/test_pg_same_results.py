"""The PostgreSQL store gives what the SQLite store gives for the same sources: what
`show --json` prints for each cable, search counts and hits, the words a snippet marks,
facet counts and sort orders (issue 19, "The same results").

Both stores import the same synthetic release (a cables.csv and site pages, some of
them second versions) through the importer, then answer the same searches: plain words,
phrases, prefixes, NEAR, NOT, OR and fields, and words whose punctuation or accents the
two full-text engines would cut differently without postgres/text.py.
"""

from __future__ import annotations

import io
import json
import random
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from cablereader.cli import main
from cablereader.core.query import parse_query
from cablereader.importer.run import import_sources
from cablereader.store.api import CableFilter, Facet, SortKey
from cablereader.store.factory import open_store
from cablereader.store.protocol import CableStore
from tests.reliability.synthetic import SynthCable, csv_row, make_cable, site_page

ROWS = 160
SEED = 19
# Paragraphs whose words FTS5 and PostgreSQL's own parser cut differently.
ODD_TEXT = (
    "The café owner's e-mail said 1.5 MILLION naïve voters met at https://example.org/x_y.",
    "Mr. O'Neill and the vice-president discussed Côte d'Ivoire; budget: 2009/10 (draft).",
)
QUERIES = (
    "minister",
    "MINISTER",
    "energy budget",
    '"trade agreement"',
    '"the minister met"',
    "minis*",
    '"security coop*"',
    "energy NEAR reform",
    "energy NEAR/2 reform",
    "energy NEAR/0 reform",
    "trade NEAR/3 party NEAR/3 election",
    '"trade agreement" NEAR/4 minister',
    "minis* NEAR/1 met",
    "energy -budget",
    "-budget",
    "energy OR visit",
    "(energy OR visit) -trade",
    "energy OR tag:PREL",
    "origin:lima minister",
    "class:secret election",
    "from:2006 to:2008 party",
    "ref:09LIMA*",
    "cafe",
    "café",
    "e-mail",
    '"e mail"',
    "email",
    "1.5",
    '"1 5"',
    "naive",
    "owner's",
    "owner",
    "oneill",
    "o'neill",
    "vice-president",
    "ivoire",
    "2009/10",
    "https",
    "x_y",
    "...",
)


def _write_release(folder: Path) -> None:
    rng = random.Random(SEED)
    cables = [make_cable(rng, n) for n in range(1, ROWS + 1)]
    odd = [
        SynthCable(
            reference_id=f"09LIMA{9000 + n}", station="LIMA", year=2009, month=3, day=2 + n,
            hour=10, classification="SECRET", subject=f"ODD TEXT {n}", paragraphs=(text,),
        )
        for n, text in enumerate(ODD_TEXT)
    ]
    with (folder / "cables.csv").open("wb") as out:
        for n, cable in enumerate([*cables, *odd], 1):
            out.write(csv_row(cable, n))
    pages = folder / "cable"
    pages.mkdir()
    for cable in [*cables[:12], *odd]:  # second versions of CSV cables
        (pages / f"{cable.reference_id}.html").write_bytes(site_page(cable))


@pytest.fixture
def both(tmp_path: Path, pg_url: str) -> tuple[CableStore, CableStore, str]:
    folder = tmp_path / "release"
    folder.mkdir()
    _write_release(folder)
    sqlite = open_store(tmp_path / "cables.db", create=True)
    pg = open_store(pg_url, create=True)
    for store in (sqlite, pg):
        report = import_sources(store, [folder])
        assert report.failed == 0, report.failures
    yield sqlite, pg, str(tmp_path / "cables.db")
    sqlite.close()
    pg.close()


def _show_json(db: str, reference_id: str) -> dict[str, object]:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["show", reference_id, "--json", "--db", db]) == 0
    data = json.loads(out.getvalue())
    for source in data["version_sources"]:  # where each store's own import read it from
        source.pop("path")
    return data


def test_show_json_is_the_same_for_every_cable(both, pg_url: str) -> None:
    sqlite, pg, db = both
    refs = [r.reference_id for r in sqlite.fetch_rows(sqlite.query_ids(CableFilter())).values()]
    assert len(refs) == ROWS + len(ODD_TEXT)
    assert pg.count() == len(refs)
    several = [r for r in refs if sqlite.fetch_rows([sqlite.cable_id(r) or 0])]
    for ref in several:
        assert _show_json(pg_url, ref) == _show_json(db, ref), ref


def _by_ref(store: CableStore, ids: list[int]) -> list[str]:
    rows = store.fetch_rows(ids)
    return [rows[i].reference_id for i in ids]


def test_searches_count_sort_and_mark_the_same(both) -> None:
    sqlite, pg, _ = both
    for text in QUERIES:
        flt = CableFilter(query=parse_query(text))
        total = sqlite.count(flt)
        assert pg.count(flt) == total, text
        for key in (SortKey.CREATED, SortKey.REFERENCE_ID, SortKey.CLASSIFICATION,
                    SortKey.ORIGIN, SortKey.SUBJECT):
            for descending in (False, True):
                assert _by_ref(pg, pg.query_ids(flt, key, descending)) == _by_ref(
                    sqlite, sqlite.query_ids(flt, key, descending)
                ), (text, key, descending)
        ranked = set(_by_ref(pg, pg.query_ids(flt, SortKey.RANK)))
        assert ranked == set(_by_ref(sqlite, sqlite.query_ids(flt, SortKey.RANK))), text
        hits = {h.row.reference_id: h.snippet for h in sqlite.search(flt, limit=total + 1)}
        pg_hits = {h.row.reference_id: h.snippet for h in pg.search(flt, limit=total + 1)}
        assert pg_hits == hits, text
        for facet in Facet:
            assert pg.facet_counts(facet, flt) == sqlite.facet_counts(facet, flt), (text, facet)


def test_the_odd_words_are_found_as_fts5_finds_them(both) -> None:
    """Named answers, so that both stores agreeing on nothing would not pass."""
    _, pg, _ = both
    for text, expected in (
        ("cafe", 1), ("e-mail", 1), ("email", 0), ('"1 5"', 1), ("naive", 1),
        ("oneill", 0), ("o'neill", 1), ("ivoire", 1), ("x_y", 1), ('"y. mr"', 0),
        ("cafe NEAR/9 voters", 1), ("voters NEAR/9 cafe", 1), ("cafe NEAR/8 voters", 0),
    ):
        assert pg.count(CableFilter(query=parse_query(text))) == expected, text
