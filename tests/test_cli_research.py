"""The research commands: star, note, collection, export and notes, through main()."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from cablereader.cli import main
from cablereader.research_io import ExportFormat, export_records, render_export
from cablereader.store.sqlite_store import SqliteCableStore
from tests.conftest import ROOT
from tests.reliability.synthetic import SynthCable, make_cable, site_page


@pytest.fixture
def cables() -> list[SynthCable]:
    rng = random.Random(5)
    return [make_cable(rng, n, s) for n, s in enumerate(("LIMA", "PARIS", "BERN"), 1)]


@pytest.fixture
def db(tmp_path: Path, cables: list[SynthCable]) -> str:
    folder = tmp_path / "pages"
    folder.mkdir()
    for cable in cables:
        (folder / f"{cable.reference_id}.html").write_bytes(site_page(cable))
    path = str(tmp_path / "cli.db")
    assert main(["import", str(folder), "--db", path]) == 0
    return path


def _open(db: str) -> SqliteCableStore:
    return SqliteCableStore(db)


def test_star_and_unstar(db: str, cables: list[SynthCable]) -> None:
    first, second = cables[0].reference_id, cables[1].reference_id
    assert main(["star", first, second.lower(), "--db", db]) == 0
    assert main(["star", first, "--color", "red", "--db", db]) == 0
    assert main(["star", first, "--color", "octarine", "--db", db]) == 2
    assert main(["unstar", second, "--db", db]) == 0
    store = _open(db)
    try:
        assert {r: s.colour for r, s in store.stars().items()} == {first: "red"}
    finally:
        store.close()


def test_note_on_a_cable_and_a_paragraph(db: str, cables: list[SynthCable], capsys) -> None:
    ref = cables[0].reference_id
    assert main(["note", ref, "whole cable", "--db", db]) == 0
    uuid = capsys.readouterr().out.strip()
    assert main(["note", f"{ref}#par1", "first paragraph", "--db", db]) == 0
    assert main(["note", f"{ref} ¶1", "same paragraph, typed another way", "--db", db]) == 0
    assert main(["note", f"{ref}#par99", "nowhere", "--db", db]) == 1
    assert "has no paragraph par99" in capsys.readouterr().err
    assert main(["note", "99NOWHERE1", "x", "--db", db]) == 1
    assert main(["note", "not a link", "x", "--db", db]) == 2
    store = _open(db)
    try:
        notes = store.notes(ref)
        assert [(n.anchor, n.text) for n in notes] == [
            (None, "whole cable"),
            ("par1", "first paragraph"),
            ("par1", "same paragraph, typed another way"),
        ]
        assert notes[0].uuid == uuid
    finally:
        store.close()


def test_collection_commands(db: str, cables: list[SynthCable], capsys) -> None:
    refs = [c.reference_id for c in cables]
    assert main(["collection", "add", "Andes", refs[2], refs[0], "--db", db]) == 0
    assert main(["collection", "add", "Andes", refs[0], "99NOTHELD1", "--db", db]) == 0
    assert main(["collection", "add", "Empty", "--db", db]) == 0
    capsys.readouterr()
    assert main(["collection", "list", "--db", db]) == 0
    assert capsys.readouterr().out.splitlines() == ["     3  Andes", "     0  Empty"]
    assert main(["collection", "show", "Andes", "--db", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == [refs[2], refs[0], "99NOTHELD1"]
    assert lines[2] == "99NOTHELD1  (not in the store)"
    assert cables[2].origin in lines[0]
    assert main(["collection", "remove", "Andes", "99NOTHELD1", "--db", db]) == 0
    assert main(["collection", "show", "Nothing", "--db", db]) == 1
    assert main(["collection", "add", "--db", db]) == 2


@pytest.mark.parametrize("fmt", [f for f in ExportFormat if f is not ExportFormat.PDF])
def test_export_writes_what_the_app_writes(db: str, cables, tmp_path: Path, fmt) -> None:
    refs = [c.reference_id for c in cables[:2]]
    assert main(["star", refs[0], "--db", db]) == 0
    assert main(["note", f"{refs[0]}#par1", "a note", "--db", db]) == 0
    out = tmp_path / f"out.{fmt.value}"
    assert main(["export", *refs, "--format", fmt.value, "-o", str(out), "--db", db]) == 0
    store = _open(db)
    try:
        records, missing = export_records(store, refs)
    finally:
        store.close()
    assert missing == []
    title = ", ".join(refs)
    expected = render_export(records, fmt, title)
    if fmt is ExportFormat.JSON:  # the one format that names its time: none does
        assert json.loads(out.read_bytes()) == json.loads(expected)
    assert out.read_bytes() == expected


def test_export_by_query_collection_and_missing(db: str, cables, tmp_path: Path, capsys) -> None:
    refs = [c.reference_id for c in cables]
    out = tmp_path / "all.csv"
    assert main(["export", "--query", "", "--format", "csv", "-o", str(out), "--db", db]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    created = {c.reference_id: c for c in cables}
    assert sorted(r["reference_id"] for r in rows) == sorted(refs)
    assert [r["created"] for r in rows] == sorted((r["created"] for r in rows), reverse=True)
    assert all(r["url"].startswith("https://wikileaks.org/cable/") for r in rows)
    assert rows[0]["origin"] == created[rows[0]["reference_id"]].origin

    assert main(["collection", "add", "Peru", refs[1], refs[0], "--db", db]) == 0
    out = tmp_path / "peru.ris"
    assert (
        main(
            [
                "export",
                "--collection",
                "Peru",
                "--format",
                "ris",
                "-o",
                str(out),
                "--link-style",
                "plusd",
                "--db",
                db,
            ]
        )
        == 0
    )
    text = out.read_bytes().decode("utf-8")  # read_text would turn CRLF into LF
    assert [line[6:] for line in text.split("\r\n") if line.startswith("SN  - ")] == [
        refs[1],
        refs[0],
    ]
    assert f"UR  - https://wikileaks.org/plusd/cables/{refs[1]}_a.html" in text
    assert main(["export", "--collection", "Nope", "--format", "ris", "--db", db]) == 1

    capsys.readouterr()
    out = tmp_path / "some.bib"
    assert (
        main(["export", refs[0], "99NOTHELD1", "--format", "bibtex", "-o", str(out), "--db", db])
        == 1
    )
    assert "99NOTHELD1: not in the store, not exported" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8").count("@techreport{") == 1
    assert main(["export", refs[0], "--query", "x", "--format", "csv", "--db", db]) == 2
    assert main(["export", "--format", "csv", "--db", db]) == 2
    assert main(["export", refs[0], "--format", "csv", "--link-style", "custom", "--db", db]) == 2


def test_export_pdf_to_a_file(qapp, db: str, cables, tmp_path: Path) -> None:
    """In-process, with the tests' QApplication: the command line alone would make a
    QGuiApplication, and later widget tests in this process need a QApplication."""
    out = tmp_path / "one.pdf"
    assert (
        main(["export", cables[0].reference_id, "--format", "pdf", "-o", str(out), "--db", db]) == 0
    )
    assert out.read_bytes().startswith(b"%PDF-")


def test_notes_export_and_import_between_stores(db: str, cables, tmp_path: Path, capsys) -> None:
    ref = cables[0].reference_id
    assert main(["note", f"{ref}#par1", "carried over", "--db", db]) == 0
    assert main(["star", ref, "--color", "green", "--db", db]) == 0
    backup = tmp_path / "notes.json"
    assert main(["notes", "export", str(backup), "--db", db]) == 0
    other = str(tmp_path / "other.db")
    capsys.readouterr()
    assert main(["notes", "import", str(backup), "--db", other]) == 0
    assert capsys.readouterr().out.strip() == "stars: 1 added; notes: 1 added"
    assert main(["notes", "import", str(backup), "--db", other]) == 0
    assert capsys.readouterr().out.strip() == "nothing new"
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert main(["notes", "import", str(bad), "--db", other]) == 1
    assert "not a Cable Reader notes file" in capsys.readouterr().err
    store = _open(other)
    try:
        assert [n.text for n in store.notes()] == ["carried over"]
        assert store.stars()[ref].colour == "green"
    finally:
        store.close()


def test_the_installed_entry_point_runs_them(db: str, cables, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "cablereader",
            "export",
            cables[0].reference_id,
            "--format",
            "csl-json",
            "--db",
            db,
        ],
        capture_output=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    [item] = json.loads(done.stdout)
    assert (item["type"], item["number"]) == ("report", cables[0].reference_id)
    assert item["author"] == [{"literal": f"US {cables[0].origin}"}]


def test_research_output_escapes_terminal_controls(db: str, cables: list[SynthCable],
                                                   capsys) -> None:
    """Names and notes are the user's or a cable's text: a terminal never obeys them."""
    hostile = "evil\x1b]0;pwned\x07 \u202ename"
    assert main(["collection", "add", hostile, cables[0].reference_id, "--db", db]) == 0
    capsys.readouterr()
    assert main(["collection", "list", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "evil\\u001b]0;pwned\\u0007 \\u202ename" in out



def test_pdf_from_the_command_line_needs_no_display(db: str, cables, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env["PYTHONPATH"] = str(ROOT)
    out = tmp_path / "cli.pdf"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "cablereader",
            "export",
            cables[0].reference_id,
            "--format",
            "pdf",
            "-o",
            str(out),
            "--db",
            db,
        ],
        capture_output=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF-")
