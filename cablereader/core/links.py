"""Links to cables: reading what people paste, and the URLs they copy.

Readers paste references in many shapes (bare IDs, old cablegate URLs, PlusD
URLs, our own scheme) and expect the app to find the cable; when they copy, they
want a URL that works where it lands; the forms around it (HTML, citations, posts) are
in core/link_formats.py.
Everything here is pure string work so it can be tested without Qt or a store.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from string import Formatter
from typing import Protocol

from cablereader.core.model import Cable, Paragraph

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
