"""Synthetic release files big enough to make the bundle's importer start its process pools.

    python3 packaging/smoke_data.py OUTDIR [--pages 450] [--csv-mb 64]

Writes OUTDIR/pages/cable/YYYY/MM/<REFID>.html (site pages) and OUTDIR/cables.csv (rows in
the MySQL-escaped shape of the real cables.csv), and prints one line of JSON: how many
pages, how many CSV rows, the CSV's size in bytes and the reference IDs in each. An import
of 400 or more pages, or of a CSV of 64 MiB or more, runs in worker processes (see
cablereader/importer/parallel.py), which is what packaging/smoke_test.sh checks the frozen
bundle can do. Only the standard library and the test suite's own synthetic-cable builders
(tests/reliability/synthetic.py, loaded by path) are used, so any python3 can run it.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 20101128


def _synthetic():  # type: ignore[no-untyped-def]
    path = ROOT / "tests" / "reliability" / "synthetic.py"
    spec = importlib.util.spec_from_file_location("smoke_synthetic", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"smoke_data: cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=450)
    parser.add_argument("--csv-mb", type=int, default=64, help="CSV size in MiB (at least)")
    args = parser.parse_args(argv)
    synthetic = _synthetic()
    rng = random.Random(SEED)
    serial = 0
    page_ids = []
    for _ in range(args.pages):
        serial += 1
        cable = synthetic.make_cable(rng, serial)
        folder = args.out / "pages" / "cable" / f"{cable.year}" / f"{cable.month:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{cable.reference_id}.html").write_bytes(synthetic.site_page(cable))
        page_ids.append(cable.reference_id)
    # Rows of about 8 KB, as long as an average real cable, so 64 MiB is ~8,000 cables.
    target = args.csv_mb << 20
    rows = 0
    size = 0
    with (args.out / "cables.csv").open("wb") as out:
        while size < target:
            serial += 1
            cable = synthetic.make_cable(rng, serial)
            paragraphs = [
                " ".join(rng.choice(synthetic.WORDS) for _ in range(rng.randint(40, 90)))
                for _ in range(24)
            ]
            first = len(cable.paragraphs) + 1
            body = cable.body() + "".join(
                f"{n}. (C) {text} \n \n" for n, text in enumerate(paragraphs, first)
            )
            rows += 1
            row = synthetic.csv_row(cable, rows, body)
            out.write(row)
            size += len(row)
    print(json.dumps({"pages": len(page_ids), "csv_rows": rows, "csv_bytes": size,
                      "first_page": page_ids[0]}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
