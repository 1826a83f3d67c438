"""Compare… and the source view, on synthetic versions: what a reader sees and can do."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt

from cablereader.core.cable_text import split_paragraphs
from cablereader.core.model import Cable, Paragraph
from cablereader.store.api import VersionInfo
from cablereader.ui.source_view import SourceDialog
from cablereader.ui.version_compare import VersionCompareDialog

OLD_BODY = (
    "1. (C) The minister met XXXXXXXXXXXX on Tuesday. \n"
    "2. (C) The talks covered <b>trade</b> and <img src='/dev/zero'>. \n"
)
NEW_BODY = (
    "1. (C) The minister met Ali Hassan on Tuesday. \n"
    "2. (C) The talks covered <b>trade</b> and <img src='/dev/zero'>. \n"
    "3. (S) A paragraph the later build added. \n"
)


def _cable(body: str, subject: str) -> Cable:
    return Cable(
        reference_id="09TESTPOST1", created="2009-01-02T03:04", created_approx=False,
        released="2010-11-28T18:06", released_approx=True, classification="CONFIDENTIAL",
        origin="Embassy Testville", header="", body=body, partial=False, subject=subject,
        paragraphs=split_paragraphs(body),
    )


CABLES = {1: _cable(OLD_BODY, "TALKS"), 2: _cable(NEW_BODY, "TRADE TALKS")}
VERSIONS = [
    VersionInfo(1, "site-page", "2010-11", "/x/a.html", 0, "2026-12-01T10:00:00", None, (), False),
    VersionInfo(2, "site-page", "2010-12", "/x/b.html", 0, "2026-12-01T10:00:00",
                "2010-11-28T18:06", ("subject",), True),
]


def _dialog(qtbot, copied: list[tuple[Cable, Paragraph]] | None = None) -> VersionCompareDialog:
    sink = copied if copied is not None else []
    dialog = VersionCompareDialog(VERSIONS, CABLES.__getitem__,
                                  lambda c, p: sink.append((c, p)))
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):  # as a dialog opened by the reader is: keys need it active
        dialog.show()
        dialog.activateWindow()
    return dialog


def test_versions_are_named_in_plain_words(qtbot) -> None:
    dialog = _dialog(qtbot)
    assert dialog.objectName() == "versionCompare"
    assert dialog.from_combo.itemText(0) == "1: Cablegate site, Nov 2010 build, imported 2026-12-01"
    assert dialog.to_combo.currentText().endswith("(current)")


def test_metadata_changes_are_tabled(qtbot) -> None:
    dialog = _dialog(qtbot)
    table = dialog.metadata
    assert table.rowCount() == 1
    assert [table.item(0, c).text() for c in range(3)] == ["Subject", "TALKS", "TRADE TALKS"]


def test_the_lifted_redaction_is_called_out_and_text_stays_text(qtbot) -> None:
    dialog = _dialog(qtbot)
    inline = dialog.inline_view.toPlainText()
    assert "[redaction lifted]" in dialog.new_view.toHtml() or "[redaction lifted]" in inline
    shown = dialog.new_view.toPlainText()
    assert "<img src='/dev/zero'>" in shown and "<b>trade</b>" in shown
    assert "A paragraph the later build added." in shown
    assert "A paragraph the later build added." not in dialog.old_view.toPlainText()


def test_keys_step_from_change_to_change(qtbot) -> None:
    dialog = _dialog(qtbot)
    assert dialog.change_count == 2  # ¶1 (lifted redaction) and ¶3 (added)
    qtbot.keyClick(dialog, Qt.Key.Key_N)
    assert dialog.summary.text() == "Change 1 of 2"
    qtbot.keyClick(dialog, Qt.Key.Key_F8)
    assert dialog.summary.text() == "Change 2 of 2"
    qtbot.keyClick(dialog, Qt.Key.Key_P)
    assert dialog.summary.text() == "Change 1 of 2"


def test_a_paragraph_label_copies_that_versions_link(qtbot) -> None:
    copied: list[tuple[Cable, Paragraph]] = []
    dialog = _dialog(qtbot, copied)
    from PySide6.QtCore import QUrl

    dialog.new_view.anchorClicked.emit(QUrl("copy:new:2"))
    dialog.old_view.anchorClicked.emit(QUrl("copy:old:0"))
    assert [(c.subject, p.anchor) for c, p in copied] == [("TRADE TALKS", "par3"),
                                                           ("TALKS", "par1")]


def test_inline_mode_shows_one_view(qtbot) -> None:
    dialog = _dialog(qtbot)
    qtbot.mouseClick(dialog.inline, Qt.MouseButton.LeftButton)
    assert dialog.inline_view.isVisible() and not dialog.sides.isVisible()


def test_same_versions_have_no_changes(qtbot) -> None:
    dialog = _dialog(qtbot)
    dialog.from_combo.setCurrentIndex(1)
    assert dialog.change_count == 0 and dialog.metadata.rowCount() == 0
    qtbot.keyClick(dialog, Qt.Key.Key_N)
    assert dialog.summary.text() == "No changes between these versions"


def test_source_is_plain_fixed_width_and_saves_the_exact_bytes(qtbot, tmp_path: Path) -> None:
    data = b"<html><img src='/dev/zero'>\x1b]52;c;aGk=\x07 caf\xc3\xa9</html>"
    target = tmp_path / "saved.html"
    dialog = SourceDialog("1: Cablegate site, Dec 2010 build", data, "site-page",
                          "09TESTPOST1", choose_file=lambda parent, name: str(target))
    qtbot.addWidget(dialog)
    assert dialog.text.isReadOnly()
    assert "<img src='/dev/zero'>" in dialog.text.toPlainText()
    assert dialog.text.font().fixedPitch() or "mono" in dialog.text.font().family().lower()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes() == data


def test_grab_for_a_look(qtbot, tmp_path: Path) -> None:
    dialog = _dialog(qtbot)
    image = dialog.grab()
    assert not image.isNull() and image.width() > 500
    dataclasses.replace(CABLES[1])  # the cables are frozen values, never edited in place
