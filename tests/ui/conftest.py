"""UI fixtures: settings in a throwaway folder, and windows that are always closed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

# The offscreen platform warns that it cannot propagate size hints whenever a window is
# shown, and that it cannot raise windows (tooltips and single-instance activation do);
# that is about the test platform, not the app, so it must not fail UI tests.
OFFSCREEN_NOISE = (
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE))


@pytest.fixture(autouse=True, scope="session")
def clipboard_emptied_at_exit(qapp: object) -> Iterator[None]:
    """Qt's offscreen platform crashes at exit while the clipboard holds mime data (seen
    with PySide6 6.11 and 6.12; a real X11 display does not), so tests leave it empty."""
    yield
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().clear()


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, qapp: object) -> Iterator[Path]:
    """Point QSettings at a temporary folder so tests never read or write the user's."""
    folder = tmp_path / "settings"
    folder.mkdir()
    QCoreApplication.setOrganizationName("cablereader-tests")
    QCoreApplication.setApplicationName("Cable Reader Tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture
def no_browser(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record instead of opening URLs in the system browser."""
    from PySide6.QtGui import QDesktopServices

    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toString()))
    )
    return opened


HOSTILE_BODY = (
    "UNCLASSIFIED\n\nSUBJECT: TEST <script>alert(1)</script>\n\n"
    "1. (C) Hello <img src=\"http://x\"> and <b>not bold</b> &amp; XXXXXXXX gone.\n\n"
    "2. (S) See 09BERLIN1176 for more.\n"
)


def make_cable(reference_id: str = "10TESTPOST1", body: str = HOSTILE_BODY, **extra: object):
    """A synthetic cable whose paragraphs are cut from the body, as the parser would."""
    from cablereader.core.model import Cable, Paragraph

    first = body.index("1. (C)")
    second = body.index("2. (S)")
    paragraphs = (
        Paragraph(0, None, None, False, None, "preamble", body[:first]),
        Paragraph(1, "1", "par1", True, "(C)", "summary", body[first:second]),
        Paragraph(2, "2", "par2", True, "(S)", "paragraph", body[second:]),
    )
    fields: dict[str, object] = {
        "reference_id": reference_id,
        "created": "2010-01-02T03:04",
        "created_approx": True,
        "released": None,
        "released_approx": False,
        "classification": "SECRET",
        "origin": "Embassy <b>Nowhere</b>",
        "header": "FM AMEMBASSY <script>NOWHERE</script>\nTO SECSTATE",
        "body": body,
        "partial": False,
        "subject": "TEST <script>alert(1)</script>",
        "tags": ("PREL", "<i>X</i>"),
        "paragraphs": paragraphs,
        "articles": ("http://example.org/story?a=1&b=<2>", "javascript:alert(1)"),
    }
    fields.update(extra)
    return Cable(**fields)  # type: ignore[arg-type]


def write_cables(store, *cables) -> None:
    from cablereader.core.model import ParsedVersion, SiteBuild, Source, SourceFormat

    store.write_versions(
        ParsedVersion(
            cable,
            Source(f"/synthetic/{cable.reference_id}.html", SourceFormat.SITE_PAGE,
                   SiteBuild.NOV_2010, cable.body.encode()),
        )
        for cable in cables
    )


@pytest.fixture
def hostile_store(store):
    """An otherwise empty store holding one cable full of markup written as text."""
    write_cables(store, make_cable())
    return store


@pytest.fixture
def window(qtbot, corpus_store):
    """The main window over the whole development corpus, shown."""
    from cablereader.ui.main_window import MainWindow

    shown = MainWindow(corpus_store)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown
