"""What the command line prints: control characters escaped, pipes closed quietly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cablereader.cli import main
from cablereader.core.terminal import for_terminal
from cablereader.store.sqlite_store import SqliteCableStore
from tests.conftest import ROOT
from tests.ui.conftest import make_cable, write_cables

OSC52 = "\x1b]52;c;cm0gLXJmIH4=\x07"  # "set the clipboard to `rm -rf ~`"
RETITLE = "\x1b]0;owned\x1b\\"
CLEAR = "\x1b[2J\x1b[H"
C1_CSI = "\x9b2J"  # the one-byte CSI of the C1 range
BIDI = "\u202eevil\u202c"
HOSTILE = f"A{OSC52}B{RETITLE}C{CLEAR}D{C1_CSI}E{BIDI}F\x7fG\rH\x00I"
# What must never reach a terminal raw: C0 but tab and newline, DEL, C1, bidi controls.
FORBIDDEN = {chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)) if chr(c) not in "\t\n"} | {
    chr(c) for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
}


def _raw_controls(text: str) -> set[str]:
    return set(text) & FORBIDDEN


def test_for_terminal_escapes_controls_and_keeps_layout() -> None:
    assert for_terminal("a\tb\nc") == "a\tb\nc"
    assert for_terminal("line\r\nnext") == "line\nnext"
    shown = for_terminal(HOSTILE)
    assert _raw_controls(shown) == set()
    assert "\\u001b]52;c;" in shown and "\\u009b2J" in shown and "\\u202e" in shown
    assert "\\u007f" in shown and "\\u000d" in shown and "\\u0000" in shown
    assert for_terminal("Ünïcödé 漢字 ¶ — ok") == "Ünïcödé 漢字 ¶ — ok"
    # JSON stays valid JSON with the same values.
    encoded = json.dumps({"s": HOSTILE}, ensure_ascii=False)
    assert json.loads(for_terminal(encoded)) == {"s": HOSTILE}


@pytest.fixture
def hostile_db(tmp_path: Path) -> str:
    path = tmp_path / "hostile.db"
    store = SqliteCableStore(path)
    body = f"UNCLASSIFIED {HOSTILE}\n\n1. (C) Body {HOSTILE} HOSTILEWORD\n\n2. (S) Second.\n"
    write_cables(
        store,
        make_cable(
            subject=f"SUBJ {HOSTILE}",
            origin=f"Embassy {HOSTILE}",
            header=f"FM {HOSTILE}",
            body=body,
            classification="SECRET",
        ),
    )
    stored = store.fetch_cable("10TESTPOST1")
    store.close()
    assert stored is not None and HOSTILE in stored.cable.subject  # the store keeps it exact
    return str(path)


def test_show_and_search_print_no_raw_controls(hostile_db: str, capsys) -> None:
    for command in (
        ["show", "10TESTPOST1"],
        ["search", "HOSTILEWORD"],
        ["stats"],
        ["show", "10TESTPOST1", "--json"],
        ["search", "HOSTILEWORD", "--json"],
    ):
        assert main([*command, "--db", hostile_db]) == 0, command
        captured = capsys.readouterr()
        assert _raw_controls(captured.out + captured.err) == set(), command
        assert "SUBJ A\\u001b]52;c;" in captured.out or "Embassy A" in captured.out, command
    assert main(["show", "10TESTPOST1", "--json", "--db", hostile_db]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["subject"] == f"SUBJ {HOSTILE}"  # the JSON still carries the exact text
    assert main(["search", "HOSTILEWORD", "--json", "--db", hostile_db]) == 0
    assert json.loads(capsys.readouterr().out)["results"][0]["origin"] == f"Embassy {HOSTILE}"


def test_not_found_and_import_report_escape_names(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "c.db")
    SqliteCableStore(db).close()  # a store without that cable (no store at all exits 2)
    assert main(["show", f"99NOWHERE{OSC52}", "--db", db]) == 1
    assert _raw_controls(capsys.readouterr().err) == set()
    folder = tmp_path / "in"
    folder.mkdir()
    bad = folder / f"bad{RETITLE}{C1_CSI}.csv"
    bad.write_text('"1","2"\n')
    assert main(["import", str(folder), "--db", db]) == 1
    captured = capsys.readouterr()
    assert "bad\\u001b]0;owned" in captured.out  # the failure names the file, escaped
    assert _raw_controls(captured.out + captured.err) == set()


def _run_into_closed_pipe(
    arguments: list[str], lines_read: int
) -> subprocess.CompletedProcess[bytes]:
    """Run the CLI with its stdout read for some lines and then closed, as `| head` does.

    With no line read, the pipe is closed before the child has started Python, so its
    first write fails; with lines read, the output must be far larger than a pipe holds.
    """
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "cablereader", *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=environment,
    )
    assert process.stdout is not None and process.stderr is not None
    first = b"".join(process.stdout.readline() for _ in range(lines_read))
    process.stdout.close()
    error = process.stderr.read()
    process.stderr.close()
    code = process.wait(timeout=60)
    return subprocess.CompletedProcess(arguments, code, first, error)


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    path = tmp_path / "many.db"
    store = SqliteCableStore(path)
    body = "UNCLASSIFIED\n\n1. (C) PIPEWORD text.\n\n2. (S) End.\n"
    write_cables(
        store,
        *(make_cable(f"10PIPE{n}", body=body, subject=f"S{n} " + "x" * 500) for n in range(1, 400)),
    )
    store.close()
    for arguments, lines_read in (
        (["show", "10PIPE1"], 0),
        (["search", "PIPEWORD", "--limit", "400"], 0),
        (["search", "PIPEWORD", "--limit", "400", "--json"], 0),
        (["search", "PIPEWORD", "--limit", "400"], 1),  # 200 KB: most of it meets a closed pipe
    ):
        done = _run_into_closed_pipe([*arguments, "--db", str(path)], lines_read)
        assert len(done.stdout.splitlines()) == lines_read, arguments
        assert done.stderr == b"", (arguments, done.stderr.decode()[-500:])
        assert done.returncode == 141, arguments  # 128 + SIGPIPE, as the shell reports
