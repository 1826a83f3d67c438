"""The reader pane: text shown literally, links handled by us, hits, versions, zoom."""

from __future__ import annotations

from PySide6.QtCore import QUrl

from cablereader.ui.reader.cable_html import body_html, decorate
from cablereader.ui.reader.reader_view import CableReader
from tests.ui.conftest import make_cable


def _reader(qtbot, store) -> CableReader:
    reader = CableReader(store)
    qtbot.addWidget(reader)
    reader.resize(900, 700)
    return reader


def test_decorate_escapes_and_marks() -> None:
    html = decorate("1. (C) <script>x</script> XXXX 09BERLIN1176", "(C)")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<b>(C)</b>" in html
    assert 'title="redacted">XXXX</span>' in html
    assert 'href="cablereader://cable/09BERLIN1176"' in html


def test_body_html_never_passes_markup_through() -> None:
    html = body_html(make_cable())
    assert "<img" not in html
    assert "<script" not in html
    assert 'href="javascript' not in html
    assert '<a href="http://example.org/story?a=1&amp;b=&lt;2&gt;">' in html


def test_hostile_cable_renders_literally(qtbot, hostile_store) -> None:
    reader = _reader(qtbot, hostile_store)
    assert reader.show_cable("10TESTPOST1")
    body = reader.body_pane.toPlainText()
    assert "<script>alert(1)</script>" in body
    assert '<img src="http://x">' in body
    assert "<b>not bold</b> &amp; XXXXXXXX" in body
    header = reader.header_pane.toPlainText()
    assert "FM AMEMBASSY <script>NOWHERE</script>" in header
    assert "<i>X</i>" in header
    assert reader.reference_box.values["Origin"].full_text == "Embassy <b>Nowhere</b>"
    assert "approx." in reader.reference_box.values["Created"].full_text
    # The javascript: article is listed as text, never as a link.
    assert "javascript:alert(1)" in body
    assert "javascript:" not in reader.body_pane.toHtml().split("Appears in")[1].split(
        "javascript:alert")[0]


def test_links_are_routed_by_scheme(qtbot, hostile_store, no_browser) -> None:
    reader = _reader(qtbot, hostile_store)
    reader.show_cable("10TESTPOST1")
    with qtbot.waitSignal(reader.open_requested) as blocker:
        reader.follow_link(QUrl("cablereader://cable/09BERLIN1176#par3"))
    assert blocker.args == ["09BERLIN1176", "par3"]
    with qtbot.assertNotEmitted(reader.open_requested):
        reader.follow_link(QUrl("cablereader://cable/10TESTPOST1#par2"))  # same cable: scroll
        reader.follow_link(QUrl("file:///etc/passwd"))
        reader.follow_link(QUrl("javascript:alert(1)"))
    assert no_browser == []
    reader.follow_link(QUrl("https://example.org/a"))
    assert no_browser == ["https://example.org/a"]


def test_ref_items_link_only_to_cables_we_hold(qtbot, corpus_store) -> None:
    reader = _reader(qtbot, corpus_store)
    assert reader.show_cable("09PARIS504")
    targets = [r.reference_id for r in reader.current.cable.references if r.reference_id]
    present = corpus_store.existing_ids(targets)
    assert present  # 09PARIS504 cites 08PARIS1501 and 08PARIS1698, both in the corpus
    html = reader.header_pane.toHtml()
    for target in targets:
        if target in present:
            assert f'href="cablereader://cable/{target}"' in html
        else:
            assert f"{target}: not in your collection" in reader.header_pane.toPlainText()
    reader.show_cable("09BERLIN1176")
    assert "not in your collection" in reader.header_pane.toPlainText()


def test_partial_extract_banner_and_anchor(qtbot, corpus_store) -> None:
    reader = _reader(qtbot, corpus_store)
    reader.show()
    assert reader.show_cable("05LIMA4377", "par13")
    assert not reader.reference_box.banner.isHidden()
    assert reader.body_pane.verticalScrollBar().value() > 0
    reader.show_cable("09PARIS504")
    assert reader.reference_box.banner.isHidden()


def test_search_hits_and_navigation(qtbot, corpus_store) -> None:
    reader = _reader(qtbot, corpus_store)
    reader.show_cable("09BERLIN1176")
    reader.set_highlight_terms(("westerwelle", "german elections"))
    assert reader.hit_count >= 3
    starts = [c.selectionStart() for c in reader._hits]
    assert starts == sorted(starts)
    assert reader.next_hit() and reader.current_hit == 0
    assert reader.next_hit(backwards=True) and reader.current_hit == reader.hit_count - 1
    reader.set_highlight_terms(())
    assert not reader.next_hit()


def test_versions_and_cited_by(qtbot, corpus_store) -> None:
    reader = _reader(qtbot, corpus_store)
    reader.show_cable("08PARIS1501")
    assert reader.tabs.tabText(1) == "Cited by (2)"
    cited = {reader.cited_by.item(i).text().split()[0] for i in range(reader.cited_by.count())}
    assert cited == {"08PARIS1698", "09PARIS504"}
    reader.show_cable("06KIEV1261")
    combo = reader.reference_box.version_combo
    assert combo.count() == len(reader.current.versions) >= 2
    site = next(v.id for v in reader.current.versions if v.format == "site-page")
    combo.activated.emit(combo.findData(site))
    assert reader.current.version_id == site
    assert "Appears in these articles" in reader.body_pane.toPlainText()


def test_zoom(qtbot, corpus_store) -> None:
    reader = _reader(qtbot, corpus_store)
    reader.show_cable("09PARIS504")
    size = reader.body_pane.font().pointSizeF()
    reader.zoom(2)
    assert reader.body_pane.font().pointSizeF() > size
    reader.zoom(0)
    assert reader.body_pane.font().pointSizeF() == size
