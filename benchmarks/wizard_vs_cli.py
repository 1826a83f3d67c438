"""The import wizard against the command line on the same input.

`python -m benchmarks.wizard_vs_cli [PATH ...] [--repeat K]` imports the same sources
into a new store through both paths, alternating which goes first, and prints the
medians. Both are timed in one process from the start of the scan to the end of the import: the
command line's `import_sources` call, and the wizard (offscreen) from leaving its sources
page until its import reports done, so Python and Qt start-up count for neither.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
DEFAULT_SOURCES = [str(Path(__file__).resolve().parents[2] / "shared" / "corpus")]


def time_cli(sources: list[str], db: Path) -> float:
    from cablereader.importer.run import import_sources
    from cablereader.store.sqlite_store import SqliteCableStore

    store = SqliteCableStore(db)
    started = time.perf_counter()
    import_sources(store, sources)  # what `cablereader import` runs
    elapsed = time.perf_counter() - started
    store.close()
    return elapsed


def time_wizard(sources: list[str], db: Path) -> float:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QWizard

    from cablereader.store.sqlite_store import SqliteCableStore
    from cablereader.ui.wizard.wizard import ImportWizard

    app = QApplication.instance() or QApplication([])
    SqliteCableStore(db).close()  # the wizard imports into an existing store
    wizard = ImportWizard(db, sources)
    wizard.show()
    started = time.perf_counter()
    wizard.next()
    loop = QEventLoop()
    poll = QTimer()
    poll.timeout.connect(lambda: loop.quit() if wizard.scan_page.isComplete() else None)
    poll.start(20)
    loop.exec()
    poll.stop()
    done = QEventLoop()
    wizard.import_done.connect(lambda *_: done.quit())
    wizard.button(QWizard.WizardButton.CommitButton).click()
    done.exec()
    elapsed = time.perf_counter() - started
    wizard.accept()
    wizard.deleteLater()
    app.processEvents()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sources", nargs="*", default=DEFAULT_SOURCES)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cli: list[float] = []
    wizard: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(args.repeat):
            order = [("cli", time_cli), ("wizard", time_wizard)]
            for name, measure in order if run % 2 == 0 else order[::-1]:
                seconds = measure(args.sources, Path(folder) / f"{name}-{run}.db")
                (cli if name == "cli" else wizard).append(seconds)
    cli_median, wizard_median = statistics.median(cli), statistics.median(wizard)
    print(f"sources: {' '.join(args.sources)}; {args.repeat} runs each, alternating order")
    print(f"command line (scan and import): median {cli_median:.2f} s  {cli}")
    print(f"wizard (scan and import):       median {wizard_median:.2f} s  {wizard}")
    print(f"wizard / command line: {wizard_median / cli_median:.2f}")


if __name__ == "__main__":
    main()
