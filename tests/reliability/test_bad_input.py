"""Broken, hostile and unusual input: each file gets one clear reason and the run goes on.

Every test imports into a store that already holds one cable (the `seeded` fixture) and
checks that a failed file writes nothing and leaves that cable exactly as it was: a user
who drops a folder of junk on the app must not lose or change what they already have.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cablereader.importer import scan as scan_module
from cablereader.importer.run import ImportReport, import_sources
from cablereader.importer.scan import scan
from cablereader.store.api import StoredCable
from cablereader.store.sqlite_store import SqliteCableStore
from tests.reliability.conftest import Seeded
from tests.reliability.synthetic import (
    SynthCable,
    csv_row,
    csv_row_fields,
    make_cable,
    site_page,
    site_page_text,
    text_page,
)

RNG_SEED = 4377


def _cable(serial: int, station: str = "PARIS") -> SynthCable:
    return make_cable(random.Random(RNG_SEED + serial), serial, station)


def _stored(store: SqliteCableStore, reference_id: str) -> StoredCable:
    stored = store.fetch_cable(reference_id)
    assert stored is not None, reference_id
    return stored


def _import_folder(seeded: Seeded, folder: Path) -> ImportReport:
    report = import_sources(seeded.store, [folder])
    for failure in report.failures:
        assert "\n" not in failure.reason and failure.reason.strip(), failure
    return report


def _with_good_neighbour(tmp_path: Path, name: str, data: bytes) -> tuple[Path, SynthCable]:
    """A folder with the bad file and one good page, to show the import goes on."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(data)
    good = _cable(900, "BERN")
    (folder / "good.html").write_bytes(site_page(good))
    return folder, good


def _truncated_in_body(cable: SynthCable) -> bytes:
    page = site_page(cable)
    body_at = page.rindex(b"<pre>") + 5
    return page[: body_at + (page.rindex(b"</pre>") - body_at) // 2]


def _truncated_in_table(cable: SynthCable) -> bytes:
    page = site_page(cable)
    return page[: page.index(b"<td>") + 30]


def _truncated_in_header(cable: SynthCable) -> bytes:
    page = site_page(cable)
    return page[: page.index(b"<pre>") + 12]


def _without_reference_id(cable: SynthCable) -> bytes:
    return site_page(cable).replace(f">{cable.reference_id}</a>".encode(), b"></a>", 1)


def _truncated_between_boxes(cable: SynthCable) -> bytes:
    page = site_page(cable)
    return page[: page.index(b"</pre></code>") + len(b"</pre></code>\n")]


def _without_table(cable: SynthCable) -> bytes:
    text = site_page_text(cable)
    start, end = text.index("<table class='cable'>"), text.index("</table>") + len("</table>")
    return (text[:start] + text[end:]).encode()


def _random_binary(_: SynthCable) -> bytes:
    data = random.Random(RNG_SEED).randbytes(20_000)
    return data[:100] + b"\0" + data[100:]  # a NUL is all but certain anyway; make it so


BROKEN_FILES: list[tuple[str, Callable[[SynthCable], bytes], str]] = [
    ("empty.html", lambda _: b"", "empty file"),
    ("empty.csv", lambda _: b"", "empty file"),
    ("binary.html", _random_binary, "binary data (NUL bytes), not a cable file"),
    ("truncated.html", _truncated_in_body, "page is cut off inside the cable text"),
    ("between.html", _truncated_between_boxes, "page is cut off after the first cable text box"),
    ("in-table.html", _truncated_in_table, "page is cut off inside the cable table"),
    ("in-header.html", _truncated_in_header, "page is cut off inside the cable text"),
    ("no-id.html", _without_reference_id, "not a reference ID: ''"),
    ("no-table.html", _without_table, "no cable table found (not a Cablegate cable page)"),
    ("notes.txt", lambda _: b"Shopping list\nmilk\n", "not a cable file (format not recognised)"),
]


@pytest.mark.parametrize(("name", "make", "reason"), BROKEN_FILES, ids=[b[0] for b in BROKEN_FILES])
def test_broken_file_fails_alone_with_its_reason(
    seeded: Seeded, tmp_path: Path, name: str, make: Callable[[SynthCable], bytes], reason: str
) -> None:
    broken = _cable(1)
    folder, good = _with_good_neighbour(tmp_path, name, make(broken))
    report = _import_folder(seeded, folder)
    assert [(Path(f.path).name, f.reason) for f in report.failures] == [(name, reason)]
    assert (report.added, report.updated) == (1, 0)
    assert seeded.store.fetch_cable(good.reference_id) is not None
    assert seeded.store.fetch_cable(broken.reference_id) is None
    assert seeded.store.count() == 2
    seeded.assert_untouched()


def test_csv_row_with_wrong_column_count_is_skipped(seeded: Seeded, tmp_path: Path) -> None:
    rows = [_cable(n) for n in range(1, 5)]
    bad = b'"2","1/1/2009 1:01","09PARIS2"\n'
    data = csv_row(rows[0], 1) + bad + csv_row(rows[2], 3) + csv_row(rows[3], 4)
    (tmp_path / "rows.csv").write_bytes(data)
    report = _import_folder(seeded, tmp_path / "rows.csv")
    assert [(f.reason, f.position) for f in report.failures] == [
        ("row 2: row has 3 columns, expected 8", 2)
    ]
    assert report.added == 3
    assert seeded.store.fetch_cable("09PARIS2") is None
    assert _stored(seeded.store, rows[3].reference_id).cable.body == rows[3].body()
    seeded.assert_untouched()


def test_unterminated_quote_at_end_of_csv(seeded: Seeded, tmp_path: Path) -> None:
    first, last = _cable(1), _cable(2)
    cut = csv_row(last, 2)[:-30]  # ends inside the body field, no closing quote
    (tmp_path / "cut.csv").write_bytes(csv_row(first, 1) + cut)
    report = _import_folder(seeded, tmp_path / "cut.csv")
    assert [(f.reason, f.position) for f in report.failures] == [
        ("row 2: row ends inside a quoted field (unterminated quote)", 2)
    ]
    assert report.added == 1 and seeded.store.fetch_cable(last.reference_id) is None
    seeded.assert_untouched()


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (b'"1","2/2/2009 1:01","09PARIS1","O","SECRET",,"h","b"\n', "after column 5"),
        (b'"1","2/2/2009 1:01","09PARIS1","O","SECRET","","h",\n', "column 8 is missing"),
        (b'"1","2/2/2009 1:01","09PARIS1","O","SECRET","","h","b"x\n', "unquoted text 'x'"),
        (b'"1","13/45/2009 1:01","09PARIS1","O","SECRET","","h","b"\n', "unreadable date"),
        (b'"1","2/2/2009 1:01","NOT AN ID","O","SECRET","","h","b"\n', "not a reference ID"),
    ],
)
def test_malformed_csv_rows_say_what_is_wrong(
    seeded: Seeded, tmp_path: Path, row: bytes, reason: str
) -> None:
    (tmp_path / "bad.csv").write_bytes(row)
    report = _import_folder(seeded, tmp_path / "bad.csv")
    assert len(report.failures) == 1 and reason in report.failures[0].reason
    assert report.failures[0].position == 1 and report.added == 0
    seeded.assert_untouched()


def _write_huge_field_csv(path: Path, before: SynthCable, after: SynthCable, size: int) -> None:
    """Row 2 has a body of `size` bytes, written in 1 MB pieces so the test never holds it:
    one half as a single line, the other as telegram-like escaped-newline lines."""
    piece = b"WORD " * 209_715  # ~1 MB
    line = b"WORD " * 199 + b"END\\\n"
    with path.open("wb") as out:
        out.write(csv_row(before, 1))
        out.write(b'"2","2/2/2009 1:01","09HUGE1","Embassy Huge","SECRET","","","1. (S) ')
        written = 0
        while written < size // 2:
            out.write(piece)
            written += len(piece)
        out.write(b"\\\n")
        while written < size:
            out.write(line)
            written += len(line)
        out.write(b'"\n')
        out.write(csv_row(after, 3))


_MEASURE = """
import json, resource, sys
from cablereader.importer.run import import_sources
from cablereader.store.sqlite_store import SqliteCableStore
store = SqliteCableStore(sys.argv[1])
report = import_sources(store, [sys.argv[2]])
store.close()
print(json.dumps({
    "added": report.added,
    "failures": [[f.reason, f.position] for f in report.failures],
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
}))
"""


def test_a_200_mb_field_is_refused_without_exhausting_memory(
    seeded: Seeded, tmp_path: Path
) -> None:
    """A 200 MB field is no cable: it fails as too large, the rows around it import,
    and the importing process stays under 1 GB. It runs in a child process so that its
    peak memory can be measured on its own. Before the 32 MB limit it took 45 s and 1.7 GB.
    """
    before, after = _cable(1), _cable(3)
    path = tmp_path / "huge.csv"
    _write_huge_field_csv(path, before, after, 200 * 1024 * 1024)
    seeded.store.close()  # the child writes to the same store
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(seeded.store.path), str(path)],
        capture_output=True,
        text=True,
        timeout=1200,  # a hang guard, not a speed limit: the memory figure is the check
        check=True,
    )
    path.unlink()  # pytest keeps the last runs' folders; 200 MB each is too much to keep
    outcome = json.loads(result.stdout)
    assert outcome["added"] == 2
    [(reason, position)] = outcome["failures"]
    assert position == 2
    # The row is read past once over the limit, so its own size is no longer counted.
    assert reason == "row 2: too large for one cable (over the limit of 32 MB), not imported"
    assert outcome["peak_mb"] < 1024, outcome  # the unlimited reader needed 1.7 GB
    seeded.store = SqliteCableStore(seeded.store.path)
    assert seeded.store.fetch_cable("09HUGE1") is None
    assert _stored(seeded.store, after.reference_id).cable.body == after.body()
    seeded.assert_untouched()


def test_oversized_page_is_refused_before_it_is_read(seeded: Seeded, tmp_path: Path) -> None:
    page = site_page(_cable(1))
    cut = page.index(b"</body>")
    folder = tmp_path / "in"
    folder.mkdir()
    with (folder / "bloated.html").open("wb") as out:
        out.write(page[:cut])
        for _ in range(33):
            out.write(b"<!--" + b" " * (1024 * 1024) + b"-->")
        out.write(page[cut:])
    report = _import_folder(seeded, folder)
    [failure] = report.failures
    assert failure.reason == "too large for one cable (33 MB; the limit is 32 MB), not imported"
    (folder / "bloated.html").unlink()
    seeded.assert_untouched()


def test_same_reference_id_twice_in_one_csv(seeded: Seeded, tmp_path: Path) -> None:
    """Decision: the store tells versions apart by a hash of the row as read, so a row
    repeated byte for byte is "unchanged" and a later row for the same ID whose text differs
    is a second version of that cable, shown as current (a CSV row carries no release time,
    so the later one wins the tie). Nothing is lost: both texts stay retrievable."""
    cable, other = _cable(1), _cable(2)
    changed = cable.body().replace("1. (C) ", "1. (C) CORRECTED: ", 1)
    rows = csv_row(cable, 1) + csv_row(other, 2) + csv_row(cable, 1) + csv_row(cable, 3, changed)
    (tmp_path / "twice.csv").write_bytes(rows)
    report = _import_folder(seeded, tmp_path / "twice.csv")
    assert (report.added, report.unchanged, report.updated, report.failed) == (2, 1, 1, 0)
    stored = seeded.store.fetch_cable(cable.reference_id)
    assert stored is not None and len(stored.versions) == 2
    assert stored.cable.body == changed
    assert [v.source_position for v in stored.versions] == [1, 4]
    first = seeded.store.fetch_cable(cable.reference_id, stored.versions[0].id)
    assert first is not None and first.cable.body == cable.body()
    seeded.assert_untouched()


def test_same_cable_under_another_dataset_row_id_is_unchanged(
    seeded: Seeded, tmp_path: Path
) -> None:
    cable = _cable(1)
    (tmp_path / "dup.csv").write_bytes(csv_row(cable, 1) + csv_row(cable, 2))
    report = _import_folder(seeded, tmp_path / "dup.csv")
    assert (report.added, report.unchanged, report.updated) == (1, 1, 0)
    assert len(_stored(seeded.store, cable.reference_id).versions) == 1


def test_unreadable_files_are_failures(seeded: Seeded, tmp_path: Path) -> None:
    """Permissions cannot make a file unreadable for root, so the portable cases are a
    named pipe (which would block a naive `open` forever), a symbolic-link loop and a link
    to nothing; chmod 000 is checked only when the tests do not run as root."""
    folder, good = _with_good_neighbour(tmp_path, "placeholder.md", b"notes")
    os.mkfifo(folder / "pipe.html")
    os.symlink("loop-b.html", folder / "loop-a.html")
    os.symlink("loop-a.html", folder / "loop-b.html")
    os.symlink("missing.html", folder / "dangling.html")
    expected = {
        "pipe.html": "not a regular file (a named pipe), not read",
        "loop-a.html": "cannot read: Too many levels of symbolic links",
        "loop-b.html": "cannot read: Too many levels of symbolic links",
        "dangling.html": "cannot read: No such file or directory",
    }
    if os.geteuid() != 0:
        locked = folder / "locked.html"
        locked.write_bytes(site_page(_cable(5)))
        locked.chmod(0)
        expected["locked.html"] = "cannot read: Permission denied"
    report = _import_folder(seeded, folder)
    assert {Path(f.path).name: f.reason for f in report.failures} == expected
    assert report.added == 1 and seeded.store.fetch_cable(good.reference_id) is not None
    seeded.assert_untouched()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_folder_that_cannot_be_listed_is_reported(seeded: Seeded, tmp_path: Path) -> None:
    folder, _ = _with_good_neighbour(tmp_path, "placeholder.md", b"notes")
    closed = folder / "closed"
    closed.mkdir()
    (closed / "x.html").write_bytes(site_page(_cable(6)))
    closed.chmod(0)
    try:
        report = _import_folder(seeded, folder)
    finally:
        closed.chmod(0o755)
    assert str(closed) in report.not_recognised + [f.path for f in report.failures]


def test_symlink_loop_in_folder_is_not_followed(seeded: Seeded, tmp_path: Path) -> None:
    folder = tmp_path / "tree"
    (folder / "sub").mkdir(parents=True)
    cable = _cable(1)
    (folder / "sub" / "page.html").write_bytes(site_page(cable))
    os.symlink("..", folder / "sub" / "up")
    os.symlink(folder, folder / "sub" / "self")
    # Followed, the loops would list the page without end (a hang shows its stack after
    # faulthandler_timeout); not followed, each of the two sources lists it once.
    assert len(list(scan([folder, folder / "sub" / "up"]))) == 2
    report = import_sources(seeded.store, [folder, folder / "sub" / "up"])
    assert report.added == 1 and report.failed == 0
    seeded.assert_untouched()


def test_two_hundred_levels_deep(seeded: Seeded, tmp_path: Path) -> None:
    deep = tmp_path / "top"
    deep = deep.joinpath(*[f"d{n}" for n in range(200)])
    deep.mkdir(parents=True)
    cable = _cable(1)
    (deep / "page.html").write_bytes(site_page(cable))
    report = _import_folder(seeded, tmp_path / "top")
    assert (report.added, report.failed) == (1, 0)
    stored = seeded.store.fetch_cable(cable.reference_id)
    assert stored is not None and stored.versions[0].source_path == str(deep / "page.html")
    seeded.assert_untouched()


def test_hundred_thousand_small_files(
    store: SqliteCableStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A release folder with a mass of unrelated files: the scan must finish quickly and
    count everything once. 100 folders of 1,000 notes; all but the first note of a folder
    are hard links to it, which makes 100,000 directory entries in about a second."""
    top = tmp_path / "many"
    for n in range(100):
        base = os.fspath(top / f"f{n:03d}")
        os.makedirs(base)
        first = f"{base}/n0.md"
        with open(first, "wb") as note:
            note.write(b"note\n")
        for m in range(1, 1000):
            os.link(first, f"{base}/n{m}.md")
    cables = [_cable(n) for n in range(1, 4)]
    for cable in cables:
        (top / "f050" / f"{cable.reference_id}.html").write_bytes(site_page(cable))
    # "Quickly", measured as work rather than by a clock: one open and at most one read
    # of the file's head per entry, whatever the machine's speed.
    opened: list[str] = []
    real_open = os.open

    def counting_open(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).startswith(str(top)):
            opened.append(str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(scan_module.os, "open", counting_open)
    report = import_sources(store, [top])
    monkeypatch.undo()
    shutil.rmtree(top)  # now, rather than in pytest's clean-up of old runs at a later start
    assert len(report.not_recognised) == 100_000
    assert len(set(report.not_recognised)) == 100_000
    assert (report.added, report.failed) == (3, 0)
    notes = [p for p in opened if p.endswith(".md")]
    assert len(notes) == len(set(notes)) == 100_000  # each note opened exactly once


ODD_NAMES = [
    "with space.html",
    "  leading and trailing  .html",
    "café Zapatero’s 日本.html",
    "emoji 📨.html",
    "-starts-with-dash.html",
    "semi;colon'quote\"back\\slash#hash%25.html",
    "new\nline.html",
    "tab\tname.txt",
]


def test_odd_file_names(seeded: Seeded, tmp_path: Path) -> None:
    folder = tmp_path / "odd names ✓"
    folder.mkdir()
    written: dict[str, Path] = {}
    for n, name in enumerate(ODD_NAMES, start=10):
        cable = _cable(n)
        data = text_page(cable) if name.endswith(".txt") else site_page(cable)
        path = folder / name
        try:
            path.write_bytes(data)
        except OSError:  # a filesystem that refuses the name is not what we test
            continue
        written[cable.reference_id] = path
    assert len(written) >= len(ODD_NAMES) - 1
    report = _import_folder(seeded, folder)
    assert (report.added, report.failed) == (len(written), 0), report.failures
    for reference_id, path in written.items():
        stored = seeded.store.fetch_cable(reference_id)
        assert stored is not None and stored.versions[0].source_path == str(path)
    again = import_sources(seeded.store, [folder])
    assert again.skipped_files == len(written)
    seeded.assert_untouched()


# -- unusual but valid text --------------------------------------------------------------


def _zapatero(cable: SynthCable) -> str:
    return cable.body().replace("1. (C) ", "1. (C) Zapatero’s café señor ", 1)


def test_windows_1252_text_page(seeded: Seeded, tmp_path: Path) -> None:
    cable = _cable(1)
    data = text_page(cable).decode().replace("1. (C) ", "1. (C) Zapatero’s ", 1).encode("cp1252")
    assert b"Zapatero\x92s" in data
    path = tmp_path / "saved.txt"
    path.write_bytes(data)
    report = _import_folder(seeded, path)
    assert report.added == 1 and report.failed == 0
    assert report.warnings == [f"{path}: not UTF-8: decoded as Windows-1252"]
    assert "Zapatero’s" in _stored(seeded.store, cable.reference_id).cable.body
    seeded.assert_untouched()


def test_windows_1252_and_latin_1_pages(seeded: Seeded, tmp_path: Path) -> None:
    cp1252, latin1 = _cable(1), _cable(2)
    (tmp_path / "cp1252.html").write_bytes(
        site_page_text(cp1252, _zapatero(cp1252)).encode("cp1252")
    )
    # 0x8D is unassigned in Windows-1252, so only Latin-1 can read this one.
    latin_body = _zapatero(latin1).replace("Zapatero’s", "Zapatero\x8ds")
    (tmp_path / "latin1.html").write_bytes(site_page_text(latin1, latin_body).encode("latin-1"))
    report = _import_folder(seeded, tmp_path)
    assert report.added == 2 and report.failed == 0
    assert sorted(report.warnings) == [
        f"{tmp_path / 'cp1252.html'}: not UTF-8: decoded as Windows-1252",
        f"{tmp_path / 'latin1.html'}: not UTF-8: decoded as Latin-1",
    ]
    assert "Zapatero’s café señor" in _stored(seeded.store, cp1252.reference_id).cable.body
    assert "Zapatero\x8ds café señor" in _stored(seeded.store, latin1.reference_id).cable.body
    seeded.assert_untouched()


def test_utf8_bom_in_every_format(seeded: Seeded, tmp_path: Path) -> None:
    bom = b"\xef\xbb\xbf"
    page, text, row = _cable(1), _cable(2), _cable(3)
    (tmp_path / "page.html").write_bytes(bom + site_page(page))
    (tmp_path / "page.txt").write_bytes(bom + text_page(text))
    (tmp_path / "rows.csv").write_bytes(bom + csv_row(row, 1))
    report = _import_folder(seeded, tmp_path)
    assert (report.added, report.failed, report.warnings) == (3, 0, [])
    for cable in (page, text, row):
        stored = seeded.store.fetch_cable(cable.reference_id)
        assert stored is not None and stored.cable.origin == cable.origin
        assert "\ufeff" not in stored.cable.header + stored.cable.body
    seeded.assert_untouched()


def test_a_few_invalid_utf8_bytes_are_replaced_with_a_warning(
    seeded: Seeded, tmp_path: Path
) -> None:
    page_cable, row_cable = _cable(1), _cable(2)
    damaged = site_page(page_cable).replace(b"1. (C) ", b"1. (C) \xff\xfe damaged ", 1)
    (tmp_path / "damaged.html").write_bytes(damaged)
    row = csv_row_fields(
        "1",
        row_cable.csv_time(),
        row_cable.reference_id,
        row_cable.origin,
        row_cable.classification,
        "",
        row_cable.header(),
        "¶ " + row_cable.body(),
    ).replace(b"1. (C) ", b"1. (C) \xc3 cut ", 1)
    (tmp_path / "rows.csv").write_bytes(row)
    page_at, row_at = damaged.index(b"\xff\xfe"), row.index(b"\xc3 cut")
    report = _import_folder(seeded, tmp_path)
    assert report.added == 2 and report.failed == 0
    assert sorted(report.warnings) == [
        f"{tmp_path / 'damaged.html'}: 2 invalid UTF-8 byte(s) replaced by U+FFFD "
        f"(first at byte {page_at})",
        f"{tmp_path / 'rows.csv'} row 1: 1 invalid UTF-8 byte(s) replaced by U+FFFD "
        f"(first at byte {row_at})",
    ]
    body = _stored(seeded.store, page_cable.reference_id).cable.body
    assert "\ufffd\ufffd damaged" in body
    assert "\ufffd cut" in _stored(seeded.store, row_cable.reference_id).cable.body
    seeded.assert_untouched()


def test_csv_with_windows_line_ends(seeded: Seeded, tmp_path: Path) -> None:
    """cables.csv converted to CRLF (a Windows copy, git autocrlf): an escaped newline is
    then backslash, CR, LF. Rows must still be cut only at real row ends, and the text
    must come out as the original with plain newlines."""
    cables = [_cable(n) for n in range(1, 4)]
    data = b"".join(csv_row(c, n) for n, c in enumerate(cables, 1)).replace(b"\n", b"\r\n")
    (tmp_path / "crlf.csv").write_bytes(data)
    report = _import_folder(seeded, tmp_path / "crlf.csv")
    assert (report.added, report.failed) == (3, 0), report.failures
    for cable in cables:
        stored = _stored(seeded.store, cable.reference_id).cable
        assert stored.body == cable.body() and stored.header == cable.header()
        assert stored.subject == cable.subject
    seeded.assert_untouched()


def test_utf16_pages_import_and_utf16_csv_says_why_not(seeded: Seeded, tmp_path: Path) -> None:
    """Windows Notepad's "Unicode" is UTF-16 with a byte-order mark: pages and text pages
    saved that way import without a warning (the BOM makes the encoding certain). A UTF-16
    CSV cannot be cut into rows by bytes, so it fails and says what to do."""
    text, page, row = _cable(1), _cable(2), _cable(3)
    saved = text_page(text).decode().replace("\n", "\r\n").replace("1. (C) ", "1. (C) ’", 1)
    (tmp_path / "notepad.txt").write_bytes(saved.encode("utf-16"))
    (tmp_path / "page.html").write_bytes(b"\xfe\xff" + site_page_text(page).encode("utf-16-be"))
    (tmp_path / "rows.csv").write_bytes(b"\xff\xfe" + csv_row(row, 1).decode().encode("utf-16-le"))
    report = _import_folder(seeded, tmp_path)
    assert (report.added, report.warnings) == (2, [])
    assert [(Path(f.path).name, f.reason) for f in report.failures] == [
        ("rows.csv", "UTF-16 text that is not a cable page (save a cables.csv as UTF-8)")
    ]
    assert "1. (C) ’" in _stored(seeded.store, text.reference_id).cable.body
    stored_page = _stored(seeded.store, page.reference_id)
    assert stored_page.cable.tags == ("PREL", "PGOV")
    assert stored_page.versions[0].build == "2010-12"
    seeded.assert_untouched()


def test_file_gone_between_scan_and_import(seeded: Seeded, tmp_path: Path) -> None:
    page, row = _cable(1), _cable(2)
    (tmp_path / "page.html").write_bytes(site_page(page))
    (tmp_path / "rows.csv").write_bytes(csv_row(row, 1))
    (tmp_path / "gone.html").write_bytes(site_page(_cable(3)))
    found = list(scan([tmp_path]))
    (tmp_path / "rows.csv").unlink()  # a USB stick pulled after the scan, say
    (tmp_path / "gone.html").unlink()
    report = import_sources(seeded.store, [tmp_path], files=found)
    assert sorted((Path(f.path).name, f.reason) for f in report.failures) == [
        ("gone.html", "cannot read: No such file or directory"),
        ("rows.csv", "cannot read: No such file or directory"),
    ]
    assert report.added == 1
    seeded.assert_untouched()
