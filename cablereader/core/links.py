"""Links to cables: reading what people paste, and writing what they copy.

Readers paste references in many shapes (bare IDs, old cablegate URLs, PlusD
URLs, our own scheme) and expect the app to find the cable; when they copy, they
want something that works where it lands (a browser, a forum, a paper, a post).
Everything here is pure string work so it can be tested without Qt or a store.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from html import escape
from string import Formatter
from typing import Protocol

from cablereader.core.export.authors import institution_author
from cablereader.core.model import Cable, Paragraph

POST_LIMIT = 280
# Real IDs are mostly YY + station + serial, but 53 published ones are mangled, so
# the pattern is deliberately loose; one letter is required so dates and phone
# numbers pasted by mistake are not taken for cables.
_REF = r"[0-9]{2}(?=[A-Z0-9]*[A-Z])[A-Z0-9]{4,38}"
_ANCHOR = r"(?:par)?(?P<value>[0-9]{1,6}|[A-Z])"  # the site anchored `2009. ` too
# ASCII so that look-alike letters (Kelvin sign, dotless i) cannot sneak into an ID.
_FLAGS = re.IGNORECASE | re.ASCII
_ANCHOR_RE = re.compile(_ANCHOR, _FLAGS)
_BARE_RE = re.compile(
    rf"(?P<ref>{_REF})(?:[ \t\u00a0]*(?:#|¶)[ \t\u00a0]*(?P<frag>[0-9A-Z]+))?", _FLAGS
)
_HOST = r"(?:https?://)?(?:www\.|cablegate\.)?wikileaks\.org(?::[0-9]+)?"
_TAIL = r"/?(?:\?[^#]*)?(?:#(?P<frag>.*))?"
_SITE_RE = re.compile(
    rf"{_HOST}/cable/[0-9]{{4}}/[0-9]{{2}}/(?P<ref>{_REF})(?:\.html?)?{_TAIL}", _FLAGS
)
_PLUSD_RE = re.compile(
    rf"{_HOST}/plusd/cables/(?P<ref>{_REF})(?:_[a-z])?(?:\.html?)?{_TAIL}", _FLAGS
)
_APP_RE = re.compile(rf"cablereader:(?://cable/|/cable/|//)?(?P<ref>{_REF}){_TAIL}", _FLAGS)
_MARKDOWN_RE = re.compile(r"\[(?:\\.|[^\]\\])*\]\((?P<url>[^()\s]+)\)")
_WRAPPERS = " \t\r\n\f\v\u00a0\u200b\ufeff<>\"'“”‘’«»()[]"
_TRAILING = ".,;:!?"
_MAX_INPUT = 4096
_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})", re.ASCII)
_LIST_ITEM_RE = re.compile(r"(?:-{1,2}|\*|o|•|[0-9]{1,3}\.|[A-Z]\.|\([A-Za-z0-9]{1,3}\))\s")
_LEADING_MARK_RE = re.compile(r"(?:(?:[0-9]{1,3}|[A-Z])\.\s+)?(?:\([A-Z][A-Z/ -]*\)\s+)?")
_MIN_EXCERPT = 20  # below this an excerpt is just noise next to the URL
PLACEHOLDERS: tuple[str, ...] = ("refid", "year", "month", "anchor")


@dataclass(frozen=True, slots=True)
class CableLink:
    """What a pasted link means: which cable, and optionally which paragraph."""

    reference_id: str
    anchor: str | None = None  # "par13", "parB"


class UrlStyle(StrEnum):
    """Where copied links point; users differ in which mirror they trust or can reach."""

    WIKILEAKS = "wikileaks"
    CABLEGATE = "cablegate"
    PLUSD = "plusd"
    CUSTOM = "custom"


@dataclass(frozen=True, slots=True)
class LinkSettings:
    style: UrlStyle = UrlStyle.WIKILEAKS
    template: str = ""  # only for CUSTOM: {refid} {year} {month} {anchor}


DEFAULT_SETTINGS = LinkSettings()


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """What a link needs to know about the cable and paragraph."""

    reference_id: str
    created: str  # "YYYY-MM-DDTHH:MM"; the site files cables under their month of creation
    origin: str
    subject: str
    classification: str
    anchor: str | None = None  # "par13"
    paragraph_number: str | None = None  # "13"
    paragraph_text: str = ""


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


class _Linkable(Protocol):
    @property
    def reference_id(self) -> str: ...

    @property
    def anchor(self) -> str | None: ...


def _normalise_anchor(raw: str | None) -> str | None:
    """One spelling per paragraph ("par13", "parB") so links compare equal however typed."""
    if raw is None:
        return None
    match = _ANCHOR_RE.fullmatch(raw)
    if match is None:
        return None
    value = match["value"]
    return f"par{int(value)}" if value.isdigit() else f"par{value.upper()}"


def _strip_wrapping(text: str) -> str:
    """Drop what surrounds a link in prose: brackets, quotes and the sentence's full stop."""
    previous = None
    while text != previous:
        previous = text
        text = text.strip().strip(_WRAPPERS).rstrip(_WRAPPERS + _TRAILING)
    return text


def parse_link(text: str) -> CableLink | None:
    """Read anything a user might paste as a cable link; None when it is not one.

    Never raises: it runs on every paste and every click on an unknown URL. In URLs a
    fragment that is not a paragraph anchor is dropped (the cable is still meant); in a
    bare reference any unrecognised suffix rejects the whole text, since it is more
    likely a different thing than a typo.
    """
    if not isinstance(text, str) or len(text) > _MAX_INPUT:
        return None
    candidate = text.strip().strip(" \"'“”<>").rstrip(_TRAILING)
    markdown = _MARKDOWN_RE.fullmatch(candidate)
    if markdown is not None:
        candidate = markdown["url"]
    candidate = _strip_wrapping(candidate)
    bare = _BARE_RE.fullmatch(candidate)
    if bare is not None:
        anchor = _normalise_anchor(bare["frag"])
        if bare["frag"] is not None and anchor is None:
            return None
        return CableLink(bare["ref"].upper(), anchor)
    for pattern, keeps_anchor in ((_SITE_RE, True), (_APP_RE, True), (_PLUSD_RE, False)):
        match = pattern.fullmatch(candidate)
        if match is not None:
            anchor = _normalise_anchor(match["frag"]) if keeps_anchor else None
            return CableLink(match["ref"].upper(), anchor)
    return None


# A template is a web address with a literal host: the link a reader pastes or clicks
# must never run script (javascript:), open local files (file:) or name some other app.
_WEB_TEMPLATE_RE = re.compile(r"https?://[^\s/?#{}@]+(?:[/?#]|$)", re.IGNORECASE)


def _unseen_character(template: str) -> str | None:
    """The first control, format (bidi, zero-width) or unusual space character, if any.

    A plain space is left alone: links are escaped where they are written (Markdown
    turns it into %20), and some sites do have spaces in their paths.
    """
    for char in template:
        if (char.isspace() and char != " ") or unicodedata.category(char) in (
            "Cc", "Cf", "Zl", "Zp"
        ):
            return char
    return None


def validate_template(template: str) -> None:
    """Reject a custom template before it is saved, with a message fit for the settings page.

    Only plain named placeholders are allowed: format specs and attribute access would
    let a template do more than fill in text (and "{refid.__class__}" is no URL). Only
    http(s) addresses with a literal host are allowed, with no control, invisible or
    space characters, because the link is pasted into documents and opened by others.
    """
    allowed = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    if not template.strip():
        raise ValueError(f"The link template is empty; it needs at least {{refid}} ({allowed}).")
    unseen = _unseen_character(template)
    if unseen is not None:
        raise ValueError(
            f"The link template contains U+{ord(unseen):04X}; control and invisible"
            " characters cannot be part of a web address."
        )
    if not _WEB_TEMPLATE_RE.match(template):
        raise ValueError(
            "The link template must be a web address: https:// or http://, then a host"
            " name, as in https://example.org/{refid}."
        )
    try:
        parts = list(Formatter().parse(template))
    except ValueError as exc:
        raise ValueError(
            f"The link template has an unmatched brace ({exc}); "
            "write {{ or }} for a literal one."
        ) from exc
    seen: set[str] = set()
    for _literal, field, spec, conversion in parts:
        if field is None:
            continue
        if field not in PLACEHOLDERS:
            raise ValueError(
                f"Unknown placeholder {{{field}}} in the link template; use {allowed}."
            )
        if spec or conversion:
            raise ValueError(
                f"Placeholder {{{field}}} in the link template has formatting; "
                f"only plain {allowed} are supported."
            )
        seen.add(field)
    if "refid" not in seen:
        raise ValueError("The link template has no {refid}, so every link would be the same.")


def _year_month(created: str | None) -> tuple[str, str] | None:
    match = _DATE_RE.match(created or "")
    return (match[1], match[2]) if match else None


def _site_url(host: str, reference_id: str, created: str, anchor: str | None) -> str:
    year_month = _year_month(created)
    if year_month is None:
        raise ValueError(f"Cannot build a cable page URL for {reference_id}: bad date {created!r}")
    fragment = f"#{anchor}" if anchor else ""
    return f"https://{host}/cable/{year_month[0]}/{year_month[1]}/{reference_id}.html{fragment}"


def _plusd_url(reference_id: str) -> str:
    return f"https://wikileaks.org/plusd/cables/{reference_id}_a.html"


def cable_url(target: LinkTarget, settings: LinkSettings = DEFAULT_SETTINGS) -> str:
    """The public web address for the target; ValueError for a bad date or custom template."""
    reference_id = target.reference_id.strip().upper()
    if settings.style is UrlStyle.PLUSD:
        return _plusd_url(reference_id)  # PlusD pages have no paragraph anchors
    if settings.style is UrlStyle.CABLEGATE:
        return _site_url("cablegate.wikileaks.org", reference_id, target.created, target.anchor)
    if settings.style is UrlStyle.CUSTOM:
        validate_template(settings.template)
        year, month = _year_month(target.created) or ("", "")
        anchor = target.anchor or ""
        url = settings.template.format_map(
            {"refid": reference_id, "year": year, "month": month, "anchor": anchor}
        )
        # "...#{anchor}" with no anchor would leave a dangling '#'.
        return url[:-1] if not anchor and url.endswith("#") else url
    return _site_url("wikileaks.org", reference_id, target.created, target.anchor)


def public_url(reference_id: str, created: str | None) -> str:
    """Where to read a cable we do not hold: the dated page if we know the month, else PlusD."""
    reference_id = reference_id.strip().upper()
    if created is not None and _year_month(created) is not None:
        return _site_url("wikileaks.org", reference_id, created, None)
    return _plusd_url(reference_id)


def app_url(target_or_link: _Linkable) -> str:
    """Our own scheme, so links between notes and cables open in the app, not a browser."""
    fragment = f"#{target_or_link.anchor}" if target_or_link.anchor else ""
    return f"cablereader://cable/{target_or_link.reference_id.strip().upper()}{fragment}"


def link_label(target: _Linkable) -> str:
    """Human text for a link; the paragraph shows only when the link can point at it."""
    reference_id = target.reference_id.strip().upper()
    if not target.anchor:
        return reference_id
    number = target.paragraph_number if isinstance(target, LinkTarget) else None
    if not number:
        number = target.anchor[3:] if target.anchor.startswith("par") else target.anchor
    return f"{reference_id} ¶{number}"


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


def target_for(cable: Cable, paragraph: Paragraph | None = None) -> LinkTarget:
    """What a link to a cable, or to one of its paragraphs, needs to know."""
    return LinkTarget(
        reference_id=cable.reference_id,
        created=cable.created,
        origin=cable.origin,
        subject=cable.subject,
        classification=cable.classification,
        anchor=paragraph.anchor if paragraph else None,
        paragraph_number=paragraph.number if paragraph else None,
        paragraph_text=paragraph.text if paragraph else "",
    )
