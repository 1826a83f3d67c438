"""The command line, run in-process through main()."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cablereader.cli import SUBCOMMANDS, main


@pytest.fixture
def db(tmp_path: Path, corpus: Path) -> str:
    path = str(tmp_path / "cli.db")
    assert main(["import", str(corpus), "--db", path]) == 0
    return path


def test_import_reports_and_exit_codes(db: str, corpus: Path, tmp_path: Path, capsys) -> None:
    assert main(["import", str(corpus / "cablegate-201108"), "--db", db]) == 0
    out = capsys.readouterr().out
    assert "unchanged: 3" in out and "failed:    0" in out
    bad = tmp_path / "bad.csv"
    bad.write_text('"1","2"\n')
    assert main(["import", str(bad), "--db", db]) == 1
    assert "row 1: row has 2 columns, expected 8" in capsys.readouterr().out
    assert main(["import", "--db", db]) == 2


def test_show_json(db: str, capsys) -> None:
    assert main(["show", "06KIEV1261", "--db", db, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in (
        "reference_id",
        "created",
        "released",
        "classification",
        "origin",
        "subject",
        "tags",
        "references",
        "partial",
        "paragraphs",
        "articles",
        "header",
        "body",
        "versions",
    ):
        assert key in data
    assert data["created"] == "2006-03-30T14:51" and data["versions"] == 2
    assert data["articles"] == ["http://http://www.spiegel.de"]
    assert data["references"][0]["reference_id"] == "06KIEV1186"
    assert {"anchor", "number", "marking", "text"} <= set(data["paragraphs"][1])
    assert main(["show", "99NOWHERE1", "--db", db]) == 1


def test_search_stats_and_link(db: str, capsys) -> None:
    assert main(["search", "E.O. 12958 class:secret", "--db", db, "--json", "--limit", "3"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["total"] > 0 and len(found["results"]) == 3
    assert all(r["classification"].startswith("SECRET") for r in found["results"])
    assert main(["stats", "--db", db]) == 0
    stats = capsys.readouterr().out
    assert "site-page" in stats and "cables-csv" in stats and "text-page" in stats
    assert main(["link", "05LIMA4377#par13", "--db", db]) == 0
    assert capsys.readouterr().out.strip() == (
        "https://wikileaks.org/cable/2005/10/05LIMA4377.html#par13"
    )


def test_db_from_environment(monkeypatch, db: str, capsys) -> None:
    monkeypatch.setenv("CABLEREADER_DB", db)
    assert main(["show", "05LIMA4377"]) == 0
    assert "Embassy Lima" in capsys.readouterr().out


def test_link_formats_print_what_the_app_copies(db: str, capsys) -> None:
    url = "https://wikileaks.org/cable/2005/10/05LIMA4377.html#par13"
    expected = {
        "url": url,
        "html": f'<a href="{url}">05LIMA4377 ¶13</a>',
        "markdown": f"[05LIMA4377 ¶13]({url})",
    }
    for fmt, text in expected.items():
        assert main(["link", "05LIMA4377 ¶13", "--db", db, "--format", fmt]) == 0
        assert capsys.readouterr().out.strip() == text
    assert main(["link", "05LIMA4377#par13", "--db", db, "--format", "post"]) == 0
    post = capsys.readouterr().out.strip()
    assert len(post) <= 280 and post.endswith("#cablegate #05LIMA4377")
    assert main(["link", "not a link", "--db", db]) == 2


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_each_subcommand_help_has_a_description_and_examples(command, capsys) -> None:
    from cablereader.cli import _DESCRIPTIONS, main

    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert _DESCRIPTIONS[command][1][:40] in " ".join(out.split())
    assert "examples:" in out and f"cablereader {command}" in out
    if command == "search":
        assert "query syntax:" in out
        for example in ("tag:PREL OR tag:PGOV", "NEAR/5", '"nuclear program"', "from:2006"):
            assert example in out


def test_store_options_before_the_command(tmp_path: Path, capsys) -> None:
    """`cablereader --db F stats` ran the window (Qt aborted without a display)."""
    from cablereader.cli import _command_first

    db = tmp_path / "s.db"
    assert _command_first(["--db", str(db), "stats"]) == ["stats", "--db", str(db)]
    assert _command_first(["--person=ann", "--db", "x", "star", "09X1"]) == [
        "star", "--person=ann", "--db", "x", "09X1"
    ]
    assert _command_first(["--db", "x", "09LIMA1"]) == ["--db", "x", "09LIMA1"]  # a cable
    assert _command_first(["--db"]) == ["--db"]
    assert main(["--db", str(db), "stats"]) == 2  # no store yet: the command's own message
    assert "import first" in capsys.readouterr().err
