"""People on the command line: --person (or $CABLEREADER_PERSON) says whose stars and
notes, and `notes export` carries every item's author."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from cablereader.cli import main
from cablereader.store.sqlite_store import SqliteCableStore
from tests.reliability.synthetic import make_cable, site_page


@pytest.fixture
def db(tmp_path: Path) -> tuple[str, list[str]]:
    rng = random.Random(19)
    cables = [make_cable(rng, n, s) for n, s in enumerate(("LIMA", "PARIS"), 1)]
    folder = tmp_path / "pages"
    folder.mkdir()
    for cable in cables:
        (folder / f"{cable.reference_id}.html").write_bytes(site_page(cable))
    path = str(tmp_path / "cli.db")
    assert main(["import", str(folder), "--db", path]) == 0
    return path, [c.reference_id for c in cables]


def test_person_says_whose_stars_and_notes(db, tmp_path: Path, monkeypatch, capsys) -> None:
    path, (lima, paris) = db
    assert main(["star", lima, "--db", path, "--person", "ana"]) == 0
    monkeypatch.setenv("CABLEREADER_PERSON", "ben")
    assert main(["star", paris, "--db", path]) == 0
    assert main(["note", paris, "Ben's note", "--db", path]) == 0
    assert main(["note", lima, "Ana's note", "--db", path, "--person", "ana"]) == 0  # flag wins
    capsys.readouterr()
    assert main(["search", "is:starred", "--json", "--db", path]) == 0  # as ben
    hits = json.loads(capsys.readouterr().out)["results"]
    assert [h["reference_id"] for h in hits] == [paris]
    store = SqliteCableStore(path, person="ana")
    try:
        assert list(store.stars()) == [lima]
        assert {(n.text, n.author) for n in store.notes()} == {
            ("Ben's note", "ben"),
            ("Ana's note", "ana"),
        }
    finally:
        store.close()

    everyone = tmp_path / "all.json"
    assert main(["notes", "export", str(everyone), "--db", path]) == 0  # as ben
    document = json.loads(everyone.read_text(encoding="utf-8"))
    assert document["version"] == 2 and document["person"] == "ben"
    assert sorted((n["text"], n["author"]) for n in document["notes"]) == [
        ("Ana's note", "ana"),
        ("Ben's note", "ben"),
    ]
    assert [s["reference_id"] for s in document["stars"]] == [paris]
    mine = tmp_path / "mine.json"
    assert main(["notes", "export", "--mine", str(mine), "--db", path, "--person", "ana"]) == 0
    assert [n["author"] for n in json.loads(mine.read_text(encoding="utf-8"))["notes"]] == ["ana"]
    # Importing everyone's file into a new store keeps the authors and duplicates nothing.
    other = str(tmp_path / "other.db")
    for _ in range(2):
        assert main(["notes", "import", str(everyone), "--db", other, "--person", "cleo"]) == 0
    copy = SqliteCableStore(other, person="cleo")
    try:
        assert sorted(n.author for n in copy.notes()) == ["ana", "ben"]
        assert list(copy.stars()) == [paris]  # the file's stars are the importer's now
    finally:
        copy.close()
