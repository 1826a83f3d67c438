"""The user fields of the query language on the command line: what `star`, `note` and
`collection` write, `search` and `export --query` find (issue 14)."""

from __future__ import annotations

import json
import random
from pathlib import Path

from cablereader.cli import main
from tests.reliability.synthetic import make_cable, site_page


def test_search_and_export_find_what_the_commands_marked(tmp_path: Path, capsys) -> None:
    rng = random.Random(5)
    cables = [make_cable(rng, n, s) for n, s in enumerate(("LIMA", "PARIS", "BERN"), 1)]
    folder = tmp_path / "pages"
    folder.mkdir()
    for cable in cables:
        (folder / f"{cable.reference_id}.html").write_bytes(site_page(cable))
    db = str(tmp_path / "cli.db")
    assert main(["import", str(folder), "--db", db]) == 0
    lima, paris, bern = (c.reference_id for c in cables)
    assert main(["star", lima, "--color", "red", "--db", db]) == 0
    assert main(["star", paris, "--db", db]) == 0
    assert main(["note", bern, "ask about the energy figures", "--db", db]) == 0
    assert main(["collection", "add", "Andes inquiry", lima, bern, "--db", db]) == 0
    capsys.readouterr()

    def found(query: str) -> set[str]:
        assert main(["search", query, "--db", db, "--json"]) == 0
        return {r["reference_id"] for r in json.loads(capsys.readouterr().out)["results"]}

    assert found("is:starred") == {lima, paris}
    assert found("star:red") == {lima}
    assert found("note:energy") == {bern}
    assert found('in:"Andes inquiry" -is:starred') == {bern}
    assert found("is:starred OR has:note") == {lima, paris, bern}
    out = tmp_path / "andes.json"
    assert main(
        ["export", "--query", 'in:"Andes inquiry"', "--format", "json", "-o", str(out), "--db", db]
    ) == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported["title"] == 'Search: in:"Andes inquiry"'
    assert {r["reference_id"] for r in exported["cables"]} == {lima, bern}
