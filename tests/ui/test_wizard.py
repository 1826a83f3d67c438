"""The import wizard, driven page by page: sources, scan, import, summary.

Screenshots of every page go to screenshots/ at the repository root (gitignored) for
review; each is checked to be a real picture of the wizard, not a blank grab.
"""

from __future__ import annotations

import csv
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QWizard

from cablereader.core.model import SiteBuild
from cablereader.importer.run import import_sources
from cablereader.importer.state import ImportState, Progress
from cablereader.store.sqlite_store import SqliteCableStore
from cablereader.ui.main_window import MainWindow
from cablereader.ui.wizard import ImportWizard, open_import_wizard
from cablereader.ui.wizard.import_page import progress_text
from cablereader.ui.wizard.sources_page import recent_folders, remember_folders
from cablereader.ui.wizard.workers import ScanWorker, WizardImportWorker

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
NOV_2010 = "cablegate-201011"
TIMEOUT = 300_000  # only a guard against a hang: every wait below ends on a condition


@dataclass
class Hold:
    """Holds a wizard worker at a known point: `reached` is set when it gets there."""

    reached: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    files_done: int = -1  # the import's count when it was held


@pytest.fixture
def hold_import(monkeypatch: pytest.MonkeyPatch):
    """`hold_import(n)`: the next import stops once n files are done and waits there until
    it is asked to cancel, so a test can act on an import that is surely still running."""

    def install(at_files: int) -> Hold:
        hold = Hold()

        def checkpoint(state: ImportState) -> None:
            if not hold.reached.is_set() and state.progress.files_done >= at_files:
                hold.files_done = state.progress.files_done
                hold.reached.set()
                state.wait_cancelled()

        monkeypatch.setattr(WizardImportWorker, "checkpoint", staticmethod(checkpoint))
        return hold

    return install


@pytest.fixture
def hold_scan(monkeypatch: pytest.MonkeyPatch) -> Iterator[Hold]:
    """The next scan stops before its first file until the test sets `release`."""
    hold = Hold()

    def checkpoint(worker: ScanWorker) -> None:
        if not hold.reached.is_set():
            hold.reached.set()
            hold.release.wait()

    monkeypatch.setattr(ScanWorker, "checkpoint", staticmethod(checkpoint))
    yield hold
    hold.release.set()  # a test that failed early must not leave the worker (and its close) stuck


def shoot(wizard: ImportWizard, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    image = wizard.grab().toImage()
    assert image.width() >= 600 and image.height() >= 400
    colours = {image.pixel(x, y)
               for x in range(0, image.width(), 5) for y in range(0, image.height(), 5)}
    assert len(colours) > 8  # text and frames drawn, not one flat colour
    assert image.save(str(SCREENSHOTS / f"wizard-{name}.png"))


def next_button(wizard: ImportWizard):
    return wizard.button(QWizard.WizardButton.NextButton)


def make_wizard(qtbot, store: SqliteCableStore, sources: list[str]) -> ImportWizard:
    wizard = ImportWizard(store.path, [str(s) for s in sources])
    qtbot.addWidget(wizard)
    wizard.resize(760, 560)
    wizard.show()
    return wizard


def scan(qtbot, wizard: ImportWizard) -> None:
    """From the sources page to a finished scan."""
    assert wizard.currentPage() is wizard.sources_page
    wizard.next()
    qtbot.waitUntil(lambda: wizard.scan_page.isComplete(), timeout=TIMEOUT)
    assert not wizard.scan_page.scanning


def run_import(qtbot, wizard: ImportWizard):
    """Press Import on the scan page and wait for the summary page."""
    with qtbot.waitSignal(wizard.import_done, timeout=TIMEOUT) as done:
        wizard.button(QWizard.WizardButton.CommitButton).click()
    report, error = done.args
    assert error == ""
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page, timeout=TIMEOUT)
    return report


@pytest.fixture
def odd_files(tmp_path: Path) -> Path:
    """A folder beside the corpus: a file that is not a cable and two broken pages."""
    folder = tmp_path / "extra"
    folder.mkdir()
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\0\x10JFIF\0" + bytes(range(256)))
    (folder / "empty.html").write_bytes(b"")
    (folder / "broken.html").write_text("<html><body><p>Not a cable</p></body></html>")
    return folder


def test_next_needs_a_source_and_recent_folders_are_offered(qtbot, store, corpus) -> None:
    wizard = make_wizard(qtbot, store, [])
    page = wizard.sources_page
    assert not page.isComplete()
    assert not next_button(wizard).isEnabled()
    assert not page.recent_box.isVisible()  # nothing imported before
    assert page.empty_hint.isVisible() and not page.remove_button.isEnabled()
    shoot(wizard, "1-sources-empty")

    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(corpus / NOV_2010))])
    drop = QDropEvent(QPointF(40, 40), Qt.DropAction.CopyAction, data,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    page.dropEvent(drop)
    assert drop.isAccepted()
    assert page.sources() == [str(corpus / NOV_2010)]
    assert next_button(wizard).isEnabled()

    page.source_list.setCurrentRow(0)
    page.remove_selected()
    assert not next_button(wizard).isEnabled()

    remember_folders([str(corpus / NOV_2010), str(corpus / "cables-sample.csv")])
    assert recent_folders() == [str(corpus / NOV_2010)]  # folders only
    again = make_wizard(qtbot, store, [])
    assert again.sources_page.recent_box.count() == 1
    assert again.sources_page.recent_box.isVisible()
    shoot(again, "1-sources-recent")
    again.sources_page.recent_box.activated.emit(0)
    assert again.sources_page.sources() == [str(corpus / NOV_2010)]
    assert next_button(again).isEnabled()


def test_add_buttons_use_file_dialogs(qtbot, store, corpus, monkeypatch) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *a, **k: str(corpus / NOV_2010)))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(
        lambda *a, **k: ([str(corpus / "cables-sample.csv"), str(corpus / "seed")], "")))
    wizard = make_wizard(qtbot, store, [])
    qtbot.mouseClick(wizard.sources_page.add_folder_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.sources_page.add_files_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.sources_page.add_folder_button, Qt.MouseButton.LeftButton)
    assert wizard.sources_page.sources() == [
        str(corpus / NOV_2010), str(corpus / "cables-sample.csv"), str(corpus / "seed")]
    shoot(wizard, "1-sources")


def test_scan_counts_the_corpus_by_format_and_build(qtbot, store, corpus, odd_files) -> None:
    wizard = make_wizard(qtbot, store, [corpus, odd_files])
    scan(qtbot, wizard)
    summary = wizard.scan_page.summary
    assert summary is not None
    assert summary.pages_by_build == {
        SiteBuild.NOV_2010: 53, SiteBuild.DEC_2010: 342, SiteBuild.AUG_2011: 3,
        SiteBuild.UNKNOWN: 1}  # broken.html looks like HTML but holds no cable table
    assert summary.csv_files == 1
    assert 300 <= summary.csv_rows <= 400 and not summary.csv_rows_exact  # 342 rows, 3.6 MB
    assert summary.text_pages == 1
    assert sorted(Path(p).name for p in summary.not_recognised) == ["README.md", "photo.jpg"]
    assert sorted(Path(p).name for p, _ in summary.will_fail) == ["empty.html"]
    assert summary.new_pages == 399 and summary.existing_pages == 0
    distinct = {p.stem for p in corpus.glob("cablegate-*/cable/*/*/*.html")}
    assert summary.new_cables == len(distinct) + 1  # one cable, one page per build; + broken
    shown = wizard.scan_page.results.text()
    assert "342 Cablegate pages, Dec 2010 build" in shown
    assert "53 Cablegate pages, Nov 2010 build" in shown
    assert "3 Cablegate pages, Aug 2011 build" in shown
    assert f"{len(distinct) + 1} cables new to your collection (in 399 pages)" in shown
    assert "1 cables.csv, about " in shown
    assert "2 files not recognised" in shown
    assert "1 Cablegate page, no cable table seen" in shown
    assert "1 file that cannot be read as cables" in shown
    assert wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    assert store.count() == 0  # nothing written before Import
    shoot(wizard, "2-scan")


def test_scan_compares_with_the_store(qtbot, store, corpus) -> None:
    import_sources(store, [corpus / NOV_2010])
    wizard = make_wizard(qtbot, store, [corpus / NOV_2010, corpus / "cablegate-201012"])
    scan(qtbot, wizard)
    summary = wizard.scan_page.summary
    assert summary is not None
    assert summary.unchanged_files == 53
    twice = len({p.stem for p in (corpus / NOV_2010).rglob("*.html")}
                & {p.stem for p in (corpus / "cablegate-201012").rglob("*.html")})
    assert twice > 0
    assert summary.existing_pages == twice
    assert summary.new_pages == 342 - twice
    assert "53 files imported before and unchanged" in wizard.scan_page.results.text()


def test_scan_can_be_stopped_and_restarted(qtbot, store, corpus, hold_scan) -> None:
    wizard = make_wizard(qtbot, store, [corpus])
    wizard.next()
    assert wizard.scan_page.scanning
    qtbot.waitUntil(hold_scan.reached.is_set, timeout=TIMEOUT)  # the scan has begun
    wizard.scan_page.stop()
    hold_scan.release.set()
    qtbot.waitUntil(lambda: not wizard.scan_page.scanning, timeout=TIMEOUT)
    assert wizard.scan_page.summary is None  # stopped before the end, as asked
    assert not wizard.scan_page.isComplete()
    assert "Scan stopped" in wizard.scan_page.status.text()
    qtbot.mouseClick(wizard.scan_page.rescan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.scan_page.isComplete(), timeout=TIMEOUT)
    assert wizard.scan_page.summary is not None
    wizard.back()  # Back stops any scan and lets the sources change
    assert wizard.currentPage() is wizard.sources_page and not wizard.scan_page.scanning


def test_import_reports_progress_and_a_second_import_is_unchanged(qtbot, store, corpus) -> None:
    wizard = make_wizard(qtbot, store, [corpus / NOV_2010])
    scan(qtbot, wizard)
    reports = []
    wizard.import_progress.connect(reports.append)
    report = run_import(qtbot, wizard)
    assert reports and reports[-1].files_done == reports[-1].files_total == 53
    assert reports[-1].cables_written == 53
    assert (report.added, report.updated, report.unchanged, report.failed) == (53, 0, 0, 0)
    assert store.count() == 53
    counts = wizard.summary_page.counts.text()
    assert "53 cables added" in counts and "0 failed" in counts
    assert wizard.import_page.bar.value() == wizard.import_page.bar.maximum()
    assert not wizard.summary_page.failures.isVisible()
    assert wizard.summary_page.failures_title.text() == "No file failed."
    assert wizard.summary_page.show_button.isEnabled()
    shoot(wizard, "4-summary")

    again = make_wizard(qtbot, store, [corpus / NOV_2010])
    scan(qtbot, again)
    assert again.scan_page.summary is not None
    assert again.scan_page.summary.unchanged_files == 53
    second = run_import(qtbot, again)
    assert (second.added, second.updated, second.unchanged, second.failed) == (0, 0, 53, 0)
    assert "53 cables unchanged" in again.summary_page.counts.text()
    assert not again.summary_page.show_button.isEnabled()  # this import wrote nothing
    assert store.count() == 53


def test_stop_in_the_middle_keeps_a_consistent_store(
    qtbot, store, corpus, hold_import
) -> None:
    wizard = make_wizard(qtbot, store, [corpus / "cablegate-201012"])  # 342 new cables
    scan(qtbot, wizard)
    hold = hold_import(20)
    with qtbot.waitSignal(wizard.import_done, timeout=TIMEOUT) as done:
        wizard.button(QWizard.WizardButton.CommitButton).click()
        qtbot.waitUntil(hold.reached.is_set, timeout=TIMEOUT)  # 20 files in, held there
        wizard.import_page.stop()
    report, error = done.args
    assert error == ""
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page, timeout=TIMEOUT)
    assert report.cancelled
    assert hold.files_done == 20
    assert 0 < report.committed < 342 and report.committed == report.added
    assert "stopped" in wizard.summary_page.counts.text()
    assert f"{report.committed} cables saved before it stopped" in (
        wizard.summary_page.counts.text())
    check = SqliteCableStore(store.path)
    try:
        assert check.count() == report.committed
        assert check.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        check.close()


def test_cancel_during_import_waits_for_the_worker(qtbot, store, corpus, hold_import) -> None:
    wizard = make_wizard(qtbot, store, [corpus])
    scan(qtbot, wizard)
    hold = hold_import(20)  # the import waits there until it is cancelled
    wizard.button(QWizard.WizardButton.CommitButton).click()
    page = wizard.import_page
    page._started -= 60  # as if it had run a minute: a rate, not "working out the rate"
    qtbot.waitUntil(hold.reached.is_set, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: "a second" in page.rate.text(), timeout=TIMEOUT)
    assert page.running and "files read" in page.counts.text()
    assert page.current.text().startswith("Reading ")
    shoot(wizard, "3-import")
    with qtbot.waitSignal(wizard.rejected, timeout=TIMEOUT):
        wizard.reject()
        assert wizard.isVisible()  # still there until the import has stopped
        assert not wizard.button(QWizard.WizardButton.CancelButton).isEnabled()
    assert not wizard.import_page.running
    report = wizard.summary_page.report
    assert report is not None and report.cancelled
    assert store.count() == report.added  # the corpus holds several versions of a cable
    versions = store.db.execute("SELECT count(*) FROM versions").fetchone()[0]
    assert versions == report.added + report.updated == report.committed
    assert store.integrity_ok()


def test_failures_are_listed_and_the_report_saved(
    qtbot, store, corpus, odd_files, tmp_path, monkeypatch
) -> None:
    wizard = make_wizard(qtbot, store, [odd_files, corpus / "seed"])
    scan(qtbot, wizard)
    report = run_import(qtbot, wizard)
    assert report.added == 1 and report.failed == 2
    rows = {
        wizard.summary_page.failures.topLevelItem(i).text(0):
            wizard.summary_page.failures.topLevelItem(i).text(1)
        for i in range(wizard.summary_page.failures.topLevelItemCount())
    }
    assert rows["empty.html"] == "empty file"
    assert "no cable table" in rows["broken.html"]
    assert "1 file not recognised (skipped)" in wizard.summary_page.counts.text()
    shoot(wizard, "4-summary-failures")

    for name in ("report.txt", "report.csv"):
        target = tmp_path / name
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            staticmethod(lambda *a, t=target, **k: (str(t), "")))
        qtbot.mouseClick(wizard.summary_page.save_button, Qt.MouseButton.LeftButton)
        assert target.exists()
        assert str(target) in wizard.summary_page.saved_label.text()
    text = (tmp_path / "report.txt").read_text()
    assert "1 cable added" in text and f"{odd_files / 'empty.html'}: empty file" in text
    with (tmp_path / "report.csv").open(newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0] == ["kind", "file", "detail"]
    assert ["failure", str(odd_files / "empty.html"), "empty file"] in table
    assert ["added", "", "1"] in table


# The offscreen platform cannot raise windows either; noise about the test platform.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|propagateSizeHints)")
def test_main_window_opens_the_wizard_and_shows_the_import(qtbot, store, corpus) -> None:
    import_sources(store, [corpus / "seed"])
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    window.commands["import"].trigger()
    wizard = window.findChild(ImportWizard, "importWizard")
    assert wizard is not None and wizard.isVisible()
    assert wizard.sources_page.sources() == []

    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(corpus / NOV_2010))])
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, data,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)  # the wizard is open: the drop fills it in
    assert drop.isAccepted()
    assert wizard.sources_page.sources() == [str(corpus / NOV_2010)]
    scan(qtbot, wizard)
    with qtbot.waitSignal(window.import_finished, timeout=TIMEOUT):
        report = run_import(qtbot, wizard)
    assert window.list_model.rowCount() == 54
    assert window.count_label.text() == "54 of 54 cables"
    qtbot.mouseClick(wizard.summary_page.show_button, Qt.MouseButton.LeftButton)
    assert window.list_model.cable_filter.import_run == report.run
    assert window.list_model.rowCount() == 53
    wizard.accept()


def test_main_window_list_catches_up_during_an_import(qtbot, store, corpus) -> None:
    import_sources(store, [corpus / "seed"])
    window = MainWindow(store)
    qtbot.addWidget(window)
    assert open_import_wizard(window, [str(corpus / NOV_2010)])
    wizard = window.findChild(ImportWizard, "importWizard")
    assert wizard is not None
    writer = SqliteCableStore(store.path)  # as the import worker does, on its own connection
    try:
        import_sources(writer, [corpus / NOV_2010])
    finally:
        writer.close()
    assert window.list_model.rowCount() == 1
    wizard.import_page._last_written = 53  # what the worker last reported
    with qtbot.waitSignal(wizard.cables_arrived, timeout=TIMEOUT):
        wizard.import_page.refresh_timer.timeout.emit()
    assert window.list_model.rowCount() == 54
    assert window.count_label.text() == "54 of 54 cables"
    with qtbot.assertNotEmitted(wizard.cables_arrived):
        wizard.import_page.refresh_timer.timeout.emit()  # nothing new: no reload
    wizard.reject()


def test_closing_the_main_window_waits_for_the_import(
    qtbot, store, corpus, hold_import
) -> None:
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    wizard = ImportWizard(store.path, [str(corpus)], window)
    wizard.show()
    scan(qtbot, wizard)
    hold = hold_import(1)  # running until it is asked to stop
    wizard.button(QWizard.WizardButton.CommitButton).click()
    qtbot.waitUntil(hold.reached.is_set, timeout=TIMEOUT)
    worker = wizard.import_page.worker
    assert worker is not None and worker.isRunning()
    window.close()
    assert worker.isFinished() and worker.state.cancelled  # asked to stop, and waited for
    assert store.integrity_ok()


def test_progress_text_gives_rate_and_time_left() -> None:
    progress = Progress(files_done=10, files_total=40, bytes_done=1000, bytes_total=4000,
                        cables_written=0, current="/x/a.html")
    assert progress_text(progress, 0.1) == (
        "10 of 40 files read, 0 cables saved so far", "Working out the rate…")
    assert progress_text(progress, 20.0)[1] == "0 files a second, about 1 min 00 s left"
    progress.cables_written = 5000
    assert progress_text(progress, 2.0)[1] == "2,500 cables a second, about 6 s left"
    progress.bytes_done = 3990
    assert progress_text(progress, 2.0)[1] == "2,500 cables a second, almost done"


def test_a_fault_in_the_import_worker_is_logged_and_shown_with_its_traceback(
    qtbot, store, corpus, monkeypatch, isolated_home
) -> None:
    from cablereader.logging_setup import setup_logging
    from cablereader.ui.wizard import workers

    log_file = setup_logging()

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the <b>importer</b> fell over")

    monkeypatch.setattr(workers, "import_sources", broken)
    wizard = make_wizard(qtbot, store, [corpus / "seed"])
    scan(qtbot, wizard)
    with qtbot.waitSignal(wizard.import_done, timeout=TIMEOUT) as done:
        wizard.button(QWizard.WizardButton.CommitButton).click()
    report, error = done.args
    assert report is None
    assert error.startswith("RuntimeError: the <b>importer</b> fell over")
    assert "Traceback (most recent call last)" in error and "in broken" in error
    assert str(log_file) in error
    shown = wizard.import_page.rate.text()
    assert wizard.import_page.rate.textFormat() == Qt.TextFormat.PlainText
    assert "in broken" in shown
    logged = log_file.read_text(encoding="utf-8")
    assert "import failed" in logged and "RuntimeError: the <b>importer</b> fell over" in logged
    assert "Traceback (most recent call last)" in logged


def test_a_fault_in_the_scan_worker_is_shown_with_its_traceback(
    qtbot, store, corpus, monkeypatch
) -> None:
    from cablereader.ui.wizard import workers

    def broken(sources: object) -> None:
        raise KeyError("no such thing")

    monkeypatch.setattr(workers, "scan", broken)
    wizard = make_wizard(qtbot, store, [corpus / "seed"])
    wizard.next()
    qtbot.waitUntil(lambda: not wizard.scan_page.scanning, timeout=TIMEOUT)
    status = wizard.scan_page.status.text()
    assert status.startswith("The scan failed: KeyError: 'no such thing'")
    assert "Traceback (most recent call last)" in status and "in broken" in status


def test_an_expected_error_is_shown_without_a_traceback(
    qtbot, store, corpus, monkeypatch
) -> None:
    from cablereader.ui.wizard import workers

    def gone(sources: object) -> None:
        raise FileNotFoundError(2, "No such file or directory", "/media/stick")

    monkeypatch.setattr(workers, "scan", gone)
    wizard = make_wizard(qtbot, store, [corpus / "seed"])
    wizard.next()
    qtbot.waitUntil(lambda: not wizard.scan_page.scanning, timeout=TIMEOUT)
    status = wizard.scan_page.status.text()
    assert status == "The scan failed: [Errno 2] No such file or directory: '/media/stick'"
