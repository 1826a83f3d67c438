"""Synthetic Cablegate pages for the fidelity tests, written here (no real page copied).

The layout follows the published builds: a cable table, then two `<code><pre>` boxes
whose line breaks are `&#x000A;`; the builds that load cables.js add a sidebar saying
how many cables were out and which release months exist.
"""

from __future__ import annotations

from cablereader.core.formats.site_page import parse_site_page_and_build
from cablereader.core.model import Cable, SiteBuild


def sidebar(released_so_far: int, months: tuple[str, ...]) -> str:
    picks = "".join(
        f"<a class='sort' href='#rdate_{m}' onclick=\"return swap('rdate_{m}');\">"
        f"{m[:4]}/{m[4:]}</a>\n"
        for m in months
    )
    sorts = "".join(
        f"<div class='sort' id='rdate_{m}'>\n<a href='/reldate/{m[:4]}-{m[4:]}-01_0.html'>"
        f"{m[:4]}/{m[4:]}/01</a>\n</div>\n"
        for m in months
    )
    return (
        f"<p>Currently released so far... {released_so_far} / 251,287</p>\n"
        f"<div id='browse'>\n<h3>Browse latest releases</h3>\n<div class='pick'>\n{picks}"
        f"</div>\n{sorts}</div>\n"
    )


def page(
    refid: str = "07BERN881",
    created: str = "2007-09-11 09:09",
    released: str = "2011-02-15 18:06",
    header: str = "O 110944Z SEP 07\nFM AMEMBASSY BERN\nTO SECSTATE WASHDC",
    body: str = "C O N F I D E N T I A L BERN 000881\n\nSUBJECT: A TEST\n\n1. Text.\n",
    script: str = "/static/js/cables.js",
    side: str = "",
    padding: int = 0,
) -> bytes:
    """A 5-column page; `script` names the script loaded at the end, as the builds did."""

    def box(text: str) -> str:
        return "<code><pre>" + text.replace("\n", "&#x000A;") + "</pre></code>\n"

    html = (
        "<?xml version='1.0' encoding='utf-8' ?>\n<html lang='en'>\n<head>"
        "<title>Cable Viewer</title></head>\n<body>\n"
        + side
        + ("<!-- " + "x" * padding + " -->\n" if padding else "")
        + "<table class='cable'>\n<tr>\n<th>Reference ID</th>\n<th>Created</th>\n"
        "<th>Released</th>\n<th>Classification</th>\n<th>Origin</th>\n</tr>\n<tr>\n"
        f"<td>\n<a href='/cable/2007/09/{refid}.html'>{refid}</a>\n</td>\n"
        f"<td>\n<a href='/date/2007-09_0.html'>{created}</a>\n</td>\n"
        f"<td>\n<a href='/reldate/{released[:10]}_0.html'>{released}</a>\n</td>\n"
        "<td>\n<a href='/classification/2_0.html' title='x'>CONFIDENTIAL</a>\n</td>\n"
        "<td>\n<a href='/origin/1_0.html'>Embassy Bern</a>\n</td>\n</tr>\n</table>\n"
        + box(header)
        + box(body)
        + f"<script src='{script}' type='text/javascript'></script>\n</body>\n</html>\n"
    )
    return html.encode("utf-8")


def parse(data: bytes) -> tuple[Cable, SiteBuild]:
    return parse_site_page_and_build(data)
