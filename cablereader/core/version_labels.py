"""Plain words for where a version came from.

The store records a version's format and site build as short codes ("site-page",
"2010-12"); readers know them as "the Cablegate site's December 2010 build" or "the
cables.csv of 2011". Every place that names a version (the reference box, the comparison,
`cablereader diff`) takes its words from here.
"""

from __future__ import annotations

from cablereader.core.model import SiteBuild, SourceFormat

_SITE_BUILDS = {
    str(SiteBuild.NOV_2010): "Cablegate site, Nov 2010 build",
    str(SiteBuild.DEC_2010): "Cablegate site, Dec 2010 build",
    str(SiteBuild.AUG_2011): "Cablegate site, Aug 2011 build",
    "2011-early": "Cablegate site, early 2011",
}


def source_label(fmt: str, build: str) -> str:
    """'Cablegate site, Dec 2010 build', 'cables.csv, 2011', 'Page saved as text, …'."""
    if fmt == str(SourceFormat.CSV):
        return "cables.csv, 2011"
    site = _SITE_BUILDS.get(build)
    if fmt == str(SourceFormat.SITE_PAGE):
        return site or "Cablegate site, unknown build"
    if fmt == str(SourceFormat.TEXT_PAGE):
        return f"Page saved as text ({site})" if site else "Page saved as text"
    return f"{fmt} {build}".strip()


def _day(stamp: str | None) -> str | None:
    return stamp[:10] if stamp else None


def version_label(
    number: int,
    fmt: str,
    build: str,
    released: str | None,
    imported_at: str | None,
    current: bool,
) -> str:
    """One line naming a version: number, source, release and import dates, 'current'."""
    parts = [f"{number}: {source_label(fmt, build)}"]
    released_day = _day(released)
    if released_day:
        parts.append(f"released {released_day}")
    imported_day = _day(imported_at)
    if imported_day:
        parts.append(f"imported {imported_day}")
    text = ", ".join(parts)
    return f"{text} (current)" if current else text
