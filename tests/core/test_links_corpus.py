"""Paragraph links for every cable and paragraph of the development corpus."""

from __future__ import annotations

import re

import pytest

from cablereader.core.formats.site_page import parse_site_page
from cablereader.core.link_formats import LinkFormat, format_link
from cablereader.core.links import CableLink, parse_link, target_for
from tests.conftest import corpus_pages

PAGES = corpus_pages()
_URL = re.compile(r"https?://[^\s\"<>)]+")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parts[-5]}/{p.stem}")
def test_every_paragraph_link_round_trips(page) -> None:
    html = page.read_text(encoding="utf-8")
    cable = parse_site_page(page.read_bytes())
    site_path = "/cable/" + "/".join(page.parts[-3:])  # cable/YYYY/MM/REFID.html
    hrefs = re.findall(r"<a id='(par\w+)' href='#(par\w+)'>", html)
    site_links = [f"https://wikileaks.org{site_path}#{href}" for _, href in hrefs]
    ours = []
    for paragraph in cable.paragraphs:
        if paragraph.anchor is None:
            continue
        target = target_for(cable, paragraph)
        expected = CableLink(cable.reference_id, paragraph.anchor)
        for fmt in LinkFormat:
            payload = format_link(target, fmt)
            urls = _URL.findall(payload.text)
            assert urls, (fmt, payload.text)
            assert parse_link(urls[-1]) == expected, (fmt, urls[-1])
            if payload.html:  # quoted cable text may hold URLs of its own: ours is among them
                assert expected in [parse_link(u) for u in _URL.findall(payload.html)]
        url = format_link(target, LinkFormat.URL).text
        assert parse_link(f"{cable.reference_id} ¶{paragraph.number}") == expected
        if paragraph.site_anchor:
            ours.append(url)
    assert ours == site_links
