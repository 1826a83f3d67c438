"""Writing what readers copy: a cable or paragraph link as a URL, HTML, Markdown, a
citation, a quote, a post, or a Chicago-style note.

Each form is shaped for where it lands (a browser, a forum, a paper, a post); the URL
itself comes from core/links.py, so every form points where the reader's chosen link
style says. Pure string work, testable without Qt or a store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from html import escape

from cablereader.core.export.authors import institution_author
from cablereader.core.links import DEFAULT_SETTINGS, LinkSettings, LinkTarget, cable_url, link_label

POST_LIMIT = 280
_LIST_ITEM_RE = re.compile(r"(?:-{1,2}|\*|o|•|[0-9]{1,3}\.|[A-Z]\.|\([A-Za-z0-9]{1,3}\))\s")
_LEADING_MARK_RE = re.compile(r"(?:(?:[0-9]{1,3}|[A-Z])\.\s+)?(?:\([A-Z][A-Z/ -]*\)\s+)?")
_MIN_EXCERPT = 20  # below this an excerpt is just noise next to the URL


class LinkFormat(StrEnum):
    URL = "url"
    HTML = "html"
    MARKDOWN = "markdown"
    CITATION = "citation"
    QUOTE = "quote"
    POST = "post"
    CHICAGO = "chicago"  # a Chicago-style note citation


@dataclass(frozen=True, slots=True)
class ClipboardPayload:
    """Both flavours, so rich editors get a live link and plain ones still get text."""

    text: str  # text/plain
    html: str | None  # text/html when the format is rich


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _flow(text: str) -> str:
    """Undo the ~70-column hard wrap so quotes reflow wherever they are pasted.

    Blank lines stay paragraph breaks and list items ("-- ", "A. ", "(1) ") keep their
    own lines, since joining those would run separate points together.
    """
    blocks: list[list[str]] = []
    current: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _collapse(raw)
        if not line:
            if current:
                blocks.append(current)
                current = []
        elif not current or _LIST_ITEM_RE.match(line + " "):
            current.append(line)
        else:
            current[-1] = f"{current[-1]} {line}"
    if current:
        blocks.append(current)
    return "\n\n".join("\n".join(block) for block in blocks)


def _citation_parts(target: LinkTarget) -> list[str]:
    subject = _collapse(target.subject)
    parts = [_collapse(target.origin), target.created[:10], f'"{subject}"' if subject else ""]
    return [part for part in (*parts, _collapse(target.classification)) if part]


def _citation(target: LinkTarget, url: str) -> str:
    return ", ".join([link_label(target), *_citation_parts(target), url])


def _citation_html(target: LinkTarget, url: str) -> str:
    href = escape(url, quote=True)
    label = f'<a href="{href}">{escape(link_label(target), quote=False)}</a>'
    middle = [escape(part, quote=False) for part in _citation_parts(target)]
    return ", ".join([label, *middle, f'<a href="{href}">{escape(url, quote=False)}</a>'])


# Written out: calendar.month_name follows the locale, a citation style does not.
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def chicago_date(created: str) -> str:
    """Dates as Chicago writes them, "October 11, 2005", from "2005-10-11T…"."""
    match = re.match(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", created or "", re.ASCII)
    if match is None or not 1 <= int(match[2]) <= 12:
        return created[:10]
    return f"{_MONTHS[int(match[2]) - 1]} {int(match[3])}, {match[1]}"


def _chicago_parts(target: LinkTarget) -> tuple[str, str, str]:
    """Before the title, the title, and after it up to the URL (Chicago 14.232 style,
    as for other unpublished government documents: author, "title," identifier, date)."""
    subject = _collapse(target.subject)
    reference_id = target.reference_id.strip().upper()
    after = [f"cable {reference_id}", chicago_date(target.created)]
    if target.anchor:
        number = target.paragraph_number or target.anchor.removeprefix("par")
        after.append(f"¶ {number}")
    classification = _collapse(target.classification)
    if classification:
        after.append(classification)
    after.append("WikiLeaks")
    return institution_author(target.origin), subject, ", ".join(after)


def _chicago(target: LinkTarget, url: str) -> ClipboardPayload:
    """US Embassy Lima, "SUBJECT," cable 05LIMA4377, October 11, 2005, ¶ 13, …, URL."""
    author, subject, after = _chicago_parts(target)
    title = f'"{subject}," ' if subject else ""
    text = f"{author}, {title}{after}, {url}."
    href = escape(url, quote=True)
    html_title = f"“{escape(subject, quote=False)},” " if subject else ""
    html = (
        f"{escape(author, quote=False)}, {html_title}{escape(after, quote=False)}, "
        f'<a href="{href}">{escape(url, quote=False)}</a>.'
    )
    return ClipboardPayload(text, html)


def _markdown(label: str, url: str) -> str:
    """Escape so neither a bracket in the label nor a paren in the URL ends the link early."""
    safe_label = re.sub(r"([\\\[\]])", r"\\\1", label)
    safe_url = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[{safe_label}]({safe_url})"


def _quote(target: LinkTarget, url: str, quote_text: str | None) -> ClipboardPayload:
    flowed = _flow(quote_text if quote_text is not None else target.paragraph_text)
    citation = _citation(target, url)
    citation_html = _citation_html(target, url)
    if not flowed:  # nothing selected and no paragraph: the citation alone is still useful
        return ClipboardPayload(citation, f"<p>{citation_html}</p>")
    blocks = "".join(
        "<p>{}</p>".format(escape(block, quote=False).replace("\n", "<br>"))
        for block in flowed.split("\n\n")
    )
    html = f"<blockquote>{blocks}</blockquote><p>— {citation_html}</p>"
    return ClipboardPayload(f'"{flowed}"\n— {citation}', html)


def _trim(text: str, room: int) -> str:
    """Cut at a word boundary so a post never ends mid-word."""
    cut = text[: room - 1]
    if not text[room - 1].isspace() and " " in cut.strip():
        cut = cut.rstrip().rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-—(") + "…"


def _post(target: LinkTarget, url: str, quote_text: str | None) -> str:
    """Excerpt + URL + hashtags within the limit; the excerpt is what gives way."""
    tail = f"{url} #cablegate #{target.reference_id.strip().upper()}"
    if quote_text is not None:
        excerpt = _collapse(quote_text)
    elif target.paragraph_text.strip():
        # The number and marking are noise in a post; the URL already points there.
        excerpt = _LEADING_MARK_RE.sub("", _collapse(target.paragraph_text), count=1)
    else:
        excerpt = _collapse(target.subject)
    room = POST_LIMIT - len(tail) - 3  # two quote marks and a newline
    if not excerpt or room < _MIN_EXCERPT:
        return tail
    if len(excerpt) > room:
        excerpt = _trim(excerpt, room)
    return f'"{excerpt}"\n{tail}'


def format_link(
    target: LinkTarget,
    fmt: LinkFormat,
    settings: LinkSettings = DEFAULT_SETTINGS,
    quote_text: str | None = None,
) -> ClipboardPayload:
    """Build the clipboard contents for one copy action.

    quote_text is the user's selection; it replaces the paragraph text in QUOTE and
    POST. CITATION carries HTML too, so the label stays a live link in rich editors.
    """
    url = cable_url(target, settings)
    label = link_label(target)
    if fmt is LinkFormat.HTML:
        html = f'<a href="{escape(url, quote=True)}">{escape(label, quote=False)}</a>'
        return ClipboardPayload(url, html)
    if fmt is LinkFormat.MARKDOWN:
        return ClipboardPayload(_markdown(label, url), None)
    if fmt is LinkFormat.CITATION:
        return ClipboardPayload(_citation(target, url), _citation_html(target, url))
    if fmt is LinkFormat.QUOTE:
        return _quote(target, url, quote_text)
    if fmt is LinkFormat.POST:
        return ClipboardPayload(_post(target, url, quote_text), None)
    if fmt is LinkFormat.CHICAGO:
        return _chicago(target, url)
    return ClipboardPayload(url, None)
