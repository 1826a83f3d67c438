"""How long the reader takes to open pathological cables, and how much memory it uses.

    python -m benchmarks.huge_cables [--timeout 60] [--only NAME]

Each cable is written into a throwaway store, then opened in a fresh child process (so
its peak memory, VmHWM, is its own): the child shows the reader offscreen, opens the
cable, lays the body out fully (`document().size()`) and paints the reader once. The
time printed is from asking for the cable to the end of that paint. Issue 12 asks for
under 2 s and under 400 MB for any stored cable.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from cablereader.core.model import Cable, Paragraph, ParsedVersion, SiteBuild, Source, SourceFormat
from cablereader.store.sqlite_store import SqliteCableStore

ROOT = Path(__file__).resolve().parent.parent


def _cable(reference_id: str, body: str, paragraphs: tuple[Paragraph, ...] = ()) -> Cable:
    return Cable(
        reference_id=reference_id,
        created="2010-01-02T03:04",
        created_approx=False,
        released=None,
        released_approx=False,
        classification="UNCLASSIFIED",
        origin="Embassy Nowhere",
        header="FM AMEMBASSY NOWHERE\nTO SECSTATE",
        body=body,
        partial=False,
        subject="HUGE",
        paragraphs=paragraphs or (Paragraph(0, None, None, False, None, "preamble", body),),
    )


def _short_paragraphs(target_bytes: int) -> Cable:
    """Numbered short paragraphs, as the parser would cut them, to about target_bytes."""
    paragraphs = [Paragraph(0, None, None, False, None, "preamble", "UNCLASSIFIED\n\n")]
    size, number = 0, 0
    while size < target_bytes:
        number += 1
        text = f"{number}. (U) Short paragraph number {number} of this cable.\n\n"
        paragraphs.append(
            Paragraph(number, str(number), f"par{number}", True, "(U)", "paragraph", text)
        )
        size += len(text)
    body = "".join(p.text for p in paragraphs)
    return _cable("10HUGE4", body, tuple(paragraphs))


def huge_cables() -> dict[str, Cable]:
    """The four cables of issue 12, point 4, and a long line of words (a newspaper-style
    body on one line), which the reader leaves to the widget's wrapping."""
    return {
        "1 MB line, no spaces": _cable("10HUGE1", "UNCLASSIFIED\n\n" + "A" * 1_000_000 + "\n"),
        "10 MB line, no spaces": _cable("10HUGE2", "UNCLASSIFIED\n\n" + "B" * 10_000_000 + "\n"),
        "200,000 nested tags": _cable(
            "10HUGE3", "UNCLASSIFIED\n\n" + "<b>" * 200_000 + "x" + "</b>" * 200_000 + "\n"
        ),
        "10.9 MB of short paragraphs": _short_paragraphs(10_900_000),
        "1 MB line of words": _cable(
            "10HUGE5", "UNCLASSIFIED\n\n" + "diplomatic cable text " * 45_000 + "\n"
        ),
    }


def write_store(path: Path) -> dict[str, str]:
    store = SqliteCableStore(path)
    cables = huge_cables()
    store.write_versions(
        ParsedVersion(
            cable,
            Source(f"/synthetic/{cable.reference_id}.txt", SourceFormat.TEXT_PAGE,
                   SiteBuild.NOV_2010, cable.body.encode()),
        )
        for cable in cables.values()
    )
    store.close()
    return {name: cable.reference_id for name, cable in cables.items()}


_CHILD = """
import json, sys, time
from PySide6.QtWidgets import QApplication
app = QApplication([])
from cablereader.store.sqlite_store import SqliteCableStore
from cablereader.ui.reader.reader_view import CableReader
store = SqliteCableStore(sys.argv[1])
reader = CableReader(store)
reader.resize(900, 700)
reader.show()
app.processEvents()
def peak_kb():
    # VmHWM is this process's own peak; ru_maxrss would start at the parent's (fork).
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
base = peak_kb()
started = time.perf_counter()
assert reader.show_cable(sys.argv[2])

reader.body_pane.document().size()
reader.header_pane.document().size()
reader.grab()
app.processEvents()
elapsed = time.perf_counter() - started
peak = peak_kb()
again = time.perf_counter()
store.fetch_cable(sys.argv[2])  # the store's own share: read, decompress, decode
fetch = time.perf_counter() - again
document = reader.body_pane.document()
print(json.dumps({
    "seconds": round(elapsed, 2),
    "store_fetch_seconds": round(fetch, 2),
    "base_mb": round(base / 1024),
    "peak_mb": round(peak / 1024),
    "extra_mb": round((peak - base) / 1024),
    "blocks": document.blockCount(),
    "characters": document.characterCount(),
}))
"""


def measure(db: Path, reference_id: str, timeout: float) -> dict[str, object]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(db), reference_id],
            capture_output=True, text=True, timeout=timeout, env=environment, cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        return {"seconds": f"> {timeout:.0f} (stopped)"}
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1:]}
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "huge.db"
        for name, reference_id in write_store(db).items():
            if args.only and args.only not in name:
                continue
            print(f"{name:30} {json.dumps(measure(db, reference_id, args.timeout))}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
