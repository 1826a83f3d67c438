"""Every page of the development corpus, parsed, against what the page itself shows.

The expected values are read from the HTML here with the test's own small regular
expressions, independent of the parser, so a parser bug cannot confirm itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cablereader.core.formats.site_page import parse_site_page
from tests.conftest import corpus_pages

PAGES = corpus_pages()
_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def _page_facts(html: str) -> dict[str, object]:
    table = html[
        html.index("<table class='cable'>") : html.index(
            "</table>", html.index("<table class='cable'>")
        )
    ]
    heads = re.findall(r"<th>(.*?)</th>", table)
    row = table.split("</tr>", 1)[1]
    cells = re.findall(r"<td>\s*<a[^>]*>(.*?)</a>\s*</td>", row)
    values = dict(zip(heads, cells, strict=False))
    after = html[html.index("</table>", html.index("<table class='cable'>")) :]
    blocks = re.findall(r"<pre>(.*?)</pre>", after, re.DOTALL)[:2]
    body_html = blocks[-1]
    tags_line = next((ln for ln in body_html.split("&#x000A;") if ln.startswith("TAGS:")), "")
    articles_part = table.split("Appears in these articles:", 1)
    h3 = re.search(r"<h3>Viewing cable [^,<]*, ?(.*?)</h3>", html)
    return {
        "values": values,
        "blocks": blocks,
        "subject_first_line": h3.group(1) if h3 else "",
        "linked_tags": re.findall(r"<a href='[^']*/tag/[^']*'>([^<]*)</a>", tags_line),
        "anchors": re.findall(r"<a id='(par\w+)' href='#par\w+'>¶</a>", body_html),
        "articles": re.findall(r"<a href='([^']*)'>", articles_part[1])
        if len(articles_part) > 1
        else [],
    }


def _strip_site_markup(block: str) -> str:
    # A literal `<br>` in a box is shown by a browser as a line break, and read as one.
    text = block.replace("&#x000A;", "\n").replace("<br>", "\n")
    text = re.sub(r"<a id='par\w+' href='#par\w+'>¶</a>", "", text)
    return re.sub(r"<a href='[^']*/tag/[^']*'>([^<]*)</a>", r"\1", text)


def _expected_created(published: str, header: str, buggy: bool) -> tuple[str, bool]:
    date, time = published.split()
    if not buggy:
        return f"{date}T{time}", False
    dtg = re.search(r"\b(?:[A-Z]{1,2} )?(\d\d)(\d\d)(\d\d)Z ([A-Za-z]{3}) (\d\d)\b", header)
    if dtg:
        day, hour, minute, month, yy = dtg.groups()
        year = ("19" if int(yy) >= 66 else "20") + yy
        same = date == f"{year}-{_MONTHS.index(month.upper()) + 1:02d}-{day}"
        if same and hour == time[:2]:
            return f"{date}T{hour}:{minute}", False
    return f"{date}T{time}", True


def test_corpus_has_all_three_builds() -> None:
    counts = {
        b: len(corpus_pages(b))
        for b in ("cablegate-201011", "cablegate-201012", "cablegate-201108")
    }
    assert counts == {"cablegate-201011": 53, "cablegate-201012": 342, "cablegate-201108": 3}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parts[-5]}/{p.stem}")
def test_page_parses_as_shown(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    facts = _page_facts(html)
    values: dict[str, str] = facts["values"]  # type: ignore[assignment]
    blocks: list[str] = facts["blocks"]  # type: ignore[assignment]
    cable = parse_site_page(page.read_bytes())
    buggy = "cablegate-201108" not in page.parts

    assert cable.reference_id == values["Reference ID"] == page.stem
    partial = blocks[0].startswith("This record is a partial extract")
    assert cable.partial is partial
    header = _strip_site_markup(blocks[0])
    if partial:
        header = header.split("not available.", 1)[1].lstrip("\n")
    assert cable.header == header
    assert cable.body == _strip_site_markup(blocks[-1])  # nothing lost, nothing added
    created, approx = _expected_created(values.get("Created") or values["Date"], header, buggy)
    assert (cable.created, cable.created_approx) == (created, approx)
    if "Released" in values:
        assert cable.released == values["Released"].replace(" ", "T")
        assert cable.released_approx is buggy
    else:
        assert cable.released is None
    assert cable.classification == values["Classification"]
    assert cable.origin == values["Origin"]
    # The site's heading drops a leading "(" (`C) IRAN: ...` for `(C) IRAN: ...`), and a
    # `<br>` in it shows as a line break, not as text.
    first_line = " ".join(re.sub(r"<br>", " ", str(facts["subject_first_line"])).split())
    # The heading also keeps a telegram page break that ends the subject's line
    # (`... BRASILIA 00001378 001.2 OF 003`), which is not part of the subject.
    first_line = re.sub(r"\s*\b[A-Z]+ 0\d{5,7} \d{3}(\.\d)? OF \d{3}$", "", first_line)
    assert cable.subject.lstrip("(").startswith(first_line.lstrip("("))
    linked = list(dict.fromkeys(facts["linked_tags"]))  # type: ignore[call-overload]
    if linked:
        assert list(cable.tags[: len(linked)]) == linked
    assert [p.anchor for p in cable.paragraphs if p.site_anchor] == facts["anchors"]
    assert list(cable.articles) == facts["articles"]
    assert "".join(p.text for p in cable.paragraphs) == cable.body
    assert cable.created[:7].replace("-", "/") == "/".join(page.parts[-3:-1])
