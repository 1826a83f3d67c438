"""Tests for cable links: parsing what users paste and formatting what they copy."""

from __future__ import annotations

import re
import string
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cablereader.core.link_formats import POST_LIMIT, ClipboardPayload, LinkFormat, format_link
from cablereader.core.links import (
    CableLink,
    LinkSettings,
    LinkTarget,
    UrlStyle,
    app_url,
    cable_url,
    link_label,
    parse_link,
    public_url,
    validate_template,
)

PARA = (
    "13. (C) Toledo's foreign policy has focused on trade and   \n"
    "regional integration.  The MFA under Maurtua has sought   \n"
    "closer ties with Chile.\n"
    "   \n"
    "-- First point about the \n"
    "border dispute.\n"
    "-- Second point.\n"
)
FLOWED = (
    "13. (C) Toledo's foreign policy has focused on trade and regional integration. "
    "The MFA under Maurtua has sought closer ties with Chile.\n\n"
    "-- First point about the border dispute.\n"
    "-- Second point."
)
LIMA = LinkTarget(
    reference_id="05LIMA4377",
    created="2005-10-11T22:43",
    origin="Embassy Lima",
    subject="PERUVIAN FOREIGN POLICY\n   UNDER  TOLEDO",
    classification="CONFIDENTIAL",
    anchor="par13",
    paragraph_number="13",
    paragraph_text=PARA,
)
LIMA_WHOLE = replace(LIMA, anchor=None, paragraph_number=None, paragraph_text="")
URL_WL = "https://wikileaks.org/cable/2005/10/05LIMA4377.html#par13"
URL_CG = "https://cablegate.wikileaks.org/cable/2005/10/05LIMA4377.html#par13"
URL_PD = "https://wikileaks.org/plusd/cables/05LIMA4377_a.html"
CITE_TAIL = 'Embassy Lima, 2005-10-11, "PERUVIAN FOREIGN POLICY UNDER TOLEDO", CONFIDENTIAL'
CITATION = f"05LIMA4377 ¶13, {CITE_TAIL}, {URL_WL}"
CITATION_HTML = (
    f'<a href="{URL_WL}">05LIMA4377 ¶13</a>, Embassy Lima, 2005-10-11, '
    f'"PERUVIAN FOREIGN POLICY UNDER TOLEDO", CONFIDENTIAL, <a href="{URL_WL}">{URL_WL}</a>'
)
WL = LinkSettings(UrlStyle.WIKILEAKS)
CG = LinkSettings(UrlStyle.CABLEGATE)
PD = LinkSettings(UrlStyle.PLUSD)
URL_IN_TEXT = re.compile(r"(?:https?|cablereader)://[^\s\"<>]+")
LINK_13 = CableLink("05LIMA4377", "par13")
LINK = CableLink("05LIMA4377")


# --- parse_link -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05LIMA4377", LINK),
        ("05lima4377", LINK),
        ("  05LIMA4377\n", LINK),
        ("<05LIMA4377>", LINK),
        ('"05LIMA4377"', LINK),
        ("“05LIMA4377”", LINK),
        ("(05LIMA4377).", LINK),
        ("05LIMA4377,", LINK),
        ("05LIMA4377#par13", LINK_13),
        ("05LIMA4377#PAR13", LINK_13),
        ("05LIMA4377#13", LINK_13),
        ("05LIMA4377 #13", LINK_13),
        ("05LIMA4377#par013", LINK_13),
        ("05LIMA4377 ¶13", LINK_13),
        ("05LIMA4377 ¶ 13", LINK_13),
        ("05LIMA4377\u00a0¶13", LINK_13),
        ("05LIMA4377¶13.", LINK_13),
        ("05LIMA4377¶B", CableLink("05LIMA4377", "parB")),
        ("05LIMA4377#parb", CableLink("05LIMA4377", "parB")),
        ("05LIMA4377 ¶b", CableLink("05LIMA4377", "parB")),
        ("09STATE12345", CableLink("09STATE12345")),
        ("79TEHRAN8980", CableLink("79TEHRAN8980")),
        ("7575LIBREVILLE1895", CableLink("7575LIBREVILLE1895")),
        ("08ECTION01OF02MANAMA492", CableLink("08ECTION01OF02MANAMA492")),
        ("90state255195tosec140301", CableLink("90STATE255195TOSEC140301")),
        (URL_WL, LINK_13),
        ("https://wikileaks.org/cable/2005/10/05LIMA4377.html", LINK),
        ("http://wikileaks.org/cable/2005/10/05LIMA4377.html#par13", LINK_13),
        ("https://www.wikileaks.org/cable/2005/10/05LIMA4377.html#par13", LINK_13),
        ("HTTPS://WWW.WIKILEAKS.ORG/cable/2005/10/05lima4377.html#PAR13", LINK_13),
        (URL_CG, LINK_13),
        ("http://cablegate.wikileaks.org/cable/2005/10/05LIMA4377.html", LINK),
        (
            "https://cablegate.wikileaks.org/cable/2005/10/05LIMA4377.html#parB",
            (CableLink("05LIMA4377", "parB")),
        ),
        ("https://wikileaks.org/cable/2005/10/05LIMA4377.html#13", LINK_13),
        ("https://wikileaks.org/cable/2005/10/05LIMA4377.html#top", LINK),
        ("https://wikileaks.org/cable/2005/10/05LIMA4377.html?x=1#par13", LINK_13),
        ("wikileaks.org/cable/2005/10/05LIMA4377.html#par13", LINK_13),
        (f"<{URL_WL}>", LINK_13),
        (f"({URL_WL}).", LINK_13),
        (f"'{URL_CG}'", LINK_13),
        (URL_PD, LINK),
        ("http://wikileaks.org/plusd/cables/05LIMA4377_a.html", LINK),
        ("https://wikileaks.org/plusd/cables/05LIMA4377.html", LINK),
        ("https://www.wikileaks.org/plusd/cables/05LIMA4377_a.html#par13", LINK),
        ("cablereader://cable/05LIMA4377#par13", LINK_13),
        ("cablereader://cable/05LIMA4377", LINK),
        ("CableReader://cable/05lima4377#13", LINK_13),
        ("cablereader:05LIMA4377", LINK),
        ("cablereader:05LIMA4377#parB", CableLink("05LIMA4377", "parB")),
        (f"[05LIMA4377 ¶13]({URL_WL})", LINK_13),
        (f"[05LIMA4377 \\[x\\]]({URL_WL}).", LINK_13),
    ],
)
def test_parse_link_accepts(text: str, expected: CableLink) -> None:
    assert parse_link(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "hello",
        "Lima",
        "05",
        "05L",
        "0512",
        "20101128",
        "123456789",
        "5LIMA4377",
        "LIMA4377",
        "05LIMA-4377",
        "05LIMA4377#",
        "05LIMA4377#par",
        "05LIMA4377#foo",
        "05LIMA4377 ¶1234567",  # the site anchored lines like `2009. `, so up to 6 digits pass
        "05LIMA4377 13",
        "see 05LIMA4377 for details",
        "05" + "A" * 39,
        "http://example.com/x",
        "https://example.com/cable/2005/10/05LIMA4377.html",
        "https://wikileaks.org/",
        "https://wikileaks.org/cable/2005/10/",
        "https://wikileaks.org/cable/05/10/05LIMA4377.html",
        "https://evilwikileaks.org/cable/2005/10/05LIMA4377.html",
        "ftp://wikileaks.org/cable/2005/10/05LIMA4377.html",
        "cablereader://cable/",
        "mailto:05LIMA4377",
        "05LIMA\u212a4377",  # Kelvin sign folds to K but must not count as one
        "٠٥LIMA4377",  # Arabic-Indic digits are digits to Python, not to cable IDs
        "05LIMA4377" * 500,
    ],
)
def test_parse_link_rejects(text: str) -> None:
    assert parse_link(text) is None


def test_parse_link_tolerates_non_string() -> None:
    assert parse_link(None) is None  # type: ignore[arg-type]


def test_parse_link_id_length_bounds() -> None:
    assert parse_link("05ABCD") == CableLink("05ABCD")
    assert parse_link("05ABC") is None
    forty = "05" + "A" * 38
    assert parse_link(forty) == CableLink(forty)


# --- URLs -------------------------------------------------------------------------


def test_cable_url_styles() -> None:
    assert cable_url(LIMA) == URL_WL
    assert cable_url(LIMA, WL) == URL_WL
    assert cable_url(LIMA, CG) == URL_CG
    assert cable_url(LIMA, PD) == URL_PD
    assert cable_url(LIMA_WHOLE, WL) == "https://wikileaks.org/cable/2005/10/05LIMA4377.html"
    assert cable_url(LIMA_WHOLE, CG) == (
        "https://cablegate.wikileaks.org/cable/2005/10/05LIMA4377.html"
    )
    assert cable_url(LIMA_WHOLE, PD) == URL_PD


def test_cable_url_normalises_reference_case() -> None:
    assert cable_url(replace(LIMA, reference_id=" 05lima4377 ")) == URL_WL


def test_cable_url_rejects_bad_date() -> None:
    with pytest.raises(ValueError, match="05LIMA4377"):
        cable_url(replace(LIMA, created="October 2005"))
    assert cable_url(replace(LIMA, created="junk"), PD) == URL_PD


@pytest.mark.parametrize(
    ("template", "target", "expected"),
    [
        (
            "https://mirror.example/{year}/{month}/{refid}.html#{anchor}",
            LIMA,
            "https://mirror.example/2005/10/05LIMA4377.html#par13",
        ),
        (
            "https://mirror.example/{year}/{month}/{refid}.html#{anchor}",
            LIMA_WHOLE,
            "https://mirror.example/2005/10/05LIMA4377.html",
        ),
        ("https://mirror.example/{refid}", LIMA, "https://mirror.example/05LIMA4377"),
        (
            "https://m.example/?id={refid}&p={anchor}",
            LIMA,
            "https://m.example/?id=05LIMA4377&p=par13",
        ),
        (
            "https://m.example/?id={refid}&p={anchor}",
            LIMA_WHOLE,
            "https://m.example/?id=05LIMA4377&p=",
        ),
        ("https://m.example/{{x}}/{refid}", LIMA, "https://m.example/{x}/05LIMA4377"),
    ],
)
def test_cable_url_custom(template: str, target: LinkTarget, expected: str) -> None:
    assert cable_url(target, LinkSettings(UrlStyle.CUSTOM, template)) == expected


def test_cable_url_custom_invalid_template_raises() -> None:
    with pytest.raises(ValueError, match="Unknown placeholder"):
        cable_url(LIMA, LinkSettings(UrlStyle.CUSTOM, "https://x/{ref}"))


@pytest.mark.parametrize(
    "template",
    [
        "https://x/{refid}",
        "https://x/{year}/{month}/{refid}.html#{anchor}",
        "https://x/{{literal}}/{refid}",
        "HTTP://mirror.example:8080/?id={refid}",
        "https://mirror.example?{refid}",
    ],
)
def test_validate_template_accepts(template: str) -> None:
    validate_template(template)  # must not raise
    assert "05LIMA4377" in cable_url(LIMA, LinkSettings(UrlStyle.CUSTOM, template))


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("https://x/", "no \\{refid\\}"),
        ("https://x/{year}/{month}", "no \\{refid\\}"),
        ("https://x/{refid}/{foo}", "Unknown placeholder \\{foo\\}"),
        ("https://x/{REFID}", "Unknown placeholder \\{REFID\\}"),
        ("https://x/{}", "Unknown placeholder \\{\\}"),
        ("https://x/{0}", "Unknown placeholder \\{0\\}"),
        ("https://x/{refid.__class__}", "Unknown placeholder"),
        ("https://x/{refid[0]}", "Unknown placeholder"),
        ("https://x/{refid!r}", "formatting"),
        ("https://x/{refid:>12}", "formatting"),
        ("https://x/{refid", "unmatched brace"),
        ("https://x/refid}", "unmatched brace"),
        # Only web addresses with a literal host: no script, no local files, no other apps.
        ("{refid}", "must be a web address"),
        ("javascript:alert(1)//{refid}", "must be a web address"),
        ("JavaScript:fetch('https://x/{refid}')", "must be a web address"),
        ("file:///etc/passwd#{refid}", "must be a web address"),
        ("data:text/html,{refid}", "must be a web address"),
        ("ftp://x/{refid}", "must be a web address"),
        ("https://{refid}.example/", "must be a web address"),
        ("https://user@evil.example/{refid}", "must be a web address"),
        ("//x/{refid}", "must be a web address"),
        # Nothing unseen: controls (ESC, C1, NUL), bidi overrides, zero-width, odd spaces.
        ("https://x/{refid}\x1b]52;c;eA==\x07", "U\\+001B"),
        ("https://x/\x9b{refid}", "U\\+009B"),
        ("https://x/{refid}\x00", "U\\+0000"),
        ("https://x/\u202e{refid}", "U\\+202E"),
        ("https://x/\u200b{refid}", "U\\+200B"),
        ("https://x/{refid}\n", "U\\+000A"),
        ("https://x/\u00a0{refid}", "U\\+00A0"),
    ],
)
def test_validate_template_rejects(template: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        validate_template(template)


def test_public_url() -> None:
    assert public_url("05LIMA4377", "2005-10-11T22:43") == (
        "https://wikileaks.org/cable/2005/10/05LIMA4377.html"
    )
    assert public_url("05lima4377", "2005-10") == (
        "https://wikileaks.org/cable/2005/10/05LIMA4377.html"
    )
    assert public_url("05LIMA4377", None) == URL_PD
    assert public_url("05LIMA4377", "") == URL_PD
    assert public_url("05LIMA4377", "unknown") == URL_PD


def test_app_url() -> None:
    assert app_url(LIMA) == "cablereader://cable/05LIMA4377#par13"
    assert app_url(LIMA_WHOLE) == "cablereader://cable/05LIMA4377"
    assert app_url(CableLink("05LIMA4377", "parB")) == "cablereader://cable/05LIMA4377#parB"
    assert app_url(CableLink("05lima4377")) == "cablereader://cable/05LIMA4377"
    assert parse_link(app_url(LIMA)) == LINK_13


def test_link_label() -> None:
    assert link_label(LIMA) == "05LIMA4377 ¶13"
    assert link_label(LIMA_WHOLE) == "05LIMA4377"
    assert link_label(replace(LIMA, paragraph_number=None)) == "05LIMA4377 ¶13"
    assert link_label(replace(LIMA, anchor="parB", paragraph_number="B")) == "05LIMA4377 ¶B"
    # A number without an anchor is left out: the link could not point at it.
    assert link_label(replace(LIMA, anchor=None)) == "05LIMA4377"
    assert link_label(CableLink("05LIMA4377", "par7")) == "05LIMA4377 ¶7"
    assert link_label(CableLink("05LIMA4377")) == "05LIMA4377"


# --- formats ----------------------------------------------------------------------


@pytest.mark.parametrize(("settings", "url"), [(WL, URL_WL), (CG, URL_CG), (PD, URL_PD)])
def test_format_url(settings: LinkSettings, url: str) -> None:
    assert format_link(LIMA, LinkFormat.URL, settings) == ClipboardPayload(url, None)


@pytest.mark.parametrize(("settings", "url"), [(WL, URL_WL), (CG, URL_CG), (PD, URL_PD)])
def test_format_html(settings: LinkSettings, url: str) -> None:
    payload = format_link(LIMA, LinkFormat.HTML, settings)
    assert payload == ClipboardPayload(url, f'<a href="{url}">05LIMA4377 ¶13</a>')


def test_format_html_escapes_href_and_label() -> None:
    settings = LinkSettings(UrlStyle.CUSTOM, 'https://x.example/?a={refid}&b="<{anchor}>"')
    target = replace(LIMA, paragraph_number="<13>")
    payload = format_link(target, LinkFormat.HTML, settings)
    assert payload.text == 'https://x.example/?a=05LIMA4377&b="<par13>"'
    assert payload.html == (
        '<a href="https://x.example/?a=05LIMA4377&amp;b=&quot;&lt;par13&gt;&quot;">'
        "05LIMA4377 ¶&lt;13&gt;</a>"
    )


@pytest.mark.parametrize(("settings", "url"), [(WL, URL_WL), (CG, URL_CG), (PD, URL_PD)])
def test_format_markdown(settings: LinkSettings, url: str) -> None:
    payload = format_link(LIMA, LinkFormat.MARKDOWN, settings)
    assert payload == ClipboardPayload(f"[05LIMA4377 ¶13]({url})", None)
    whole = format_link(LIMA_WHOLE, LinkFormat.MARKDOWN, settings)
    assert whole.text.startswith("[05LIMA4377](https://")


def test_format_markdown_escapes_brackets_and_parens() -> None:
    settings = LinkSettings(UrlStyle.CUSTOM, "https://x.example/Cable_({refid}) page")
    target = replace(LIMA, reference_id="05X[1]", anchor=None)
    payload = format_link(target, LinkFormat.MARKDOWN, settings)
    assert payload.text == r"[05X\[1\]](https://x.example/Cable_%2805X[1]%29%20page)"


def test_format_citation() -> None:
    payload = format_link(LIMA, LinkFormat.CITATION)
    assert payload.text == CITATION
    assert payload.html == CITATION_HTML
    assert "\n" not in payload.text


def test_format_citation_without_anchor_and_other_styles() -> None:
    whole_url = "https://wikileaks.org/cable/2005/10/05LIMA4377.html"
    assert format_link(LIMA_WHOLE, LinkFormat.CITATION).text == (
        f"05LIMA4377, {CITE_TAIL}, {whole_url}"
    )
    assert format_link(LIMA, LinkFormat.CITATION, CG).text == (
        f"05LIMA4377 ¶13, {CITE_TAIL}, {URL_CG}"
    )
    assert format_link(LIMA, LinkFormat.CITATION, PD).text == (
        f"05LIMA4377 ¶13, {CITE_TAIL}, {URL_PD}"
    )


def test_format_citation_skips_empty_fields() -> None:
    bare = replace(LIMA_WHOLE, origin="", subject=" \n ", classification="")
    payload = format_link(bare, LinkFormat.CITATION)
    assert payload.text == (
        "05LIMA4377, 2005-10-11, https://wikileaks.org/cable/2005/10/05LIMA4377.html"
    )


def test_format_quote_paragraph() -> None:
    payload = format_link(LIMA, LinkFormat.QUOTE)
    assert payload.text == f'"{FLOWED}"\n— {CITATION}'
    assert payload.html == (
        "<blockquote><p>13. (C) Toledo's foreign policy has focused on trade and regional "
        "integration. The MFA under Maurtua has sought closer ties with Chile.</p>"
        "<p>-- First point about the border dispute.<br>-- Second point.</p></blockquote>"
        f"<p>— {CITATION_HTML}</p>"
    )


def test_format_quote_selection_is_escaped() -> None:
    selection = "Ministers said <nothing>\nof substance & left.  \n"
    payload = format_link(LIMA, LinkFormat.QUOTE, quote_text=selection)
    assert payload.text == f'"Ministers said <nothing> of substance & left."\n— {CITATION}'
    assert payload.html is not None
    assert payload.html.startswith(
        "<blockquote><p>Ministers said &lt;nothing&gt; of substance &amp; left.</p></blockquote>"
    )


def test_format_quote_keeps_list_items_and_crlf() -> None:
    text = "A. The first\r\nitem.\r\nB. The second\r\n(1) sub item\r\n\r\n\r\nNext block."
    payload = format_link(LIMA, LinkFormat.QUOTE, quote_text=text)
    quoted = payload.text.split("\n— ")[0]
    assert quoted == '"A. The first item.\nB. The second\n(1) sub item\n\nNext block."'


def test_format_quote_without_text_is_citation() -> None:
    payload = format_link(LIMA_WHOLE, LinkFormat.QUOTE)
    assert payload.text == format_link(LIMA_WHOLE, LinkFormat.CITATION).text
    assert payload.html == f"<p>{format_link(LIMA_WHOLE, LinkFormat.CITATION).html}</p>"


def test_format_post_short() -> None:
    target = replace(LIMA, paragraph_text="13. (C) Peru seeks   \ncloser ties with Chile.\n")
    payload = format_link(target, LinkFormat.POST)
    assert payload == ClipboardPayload(
        f'"Peru seeks closer ties with Chile."\n{URL_WL} #cablegate #05LIMA4377', None
    )


def test_format_post_uses_subject_without_paragraph() -> None:
    payload = format_link(LIMA_WHOLE, LinkFormat.POST, PD)
    assert payload.text == (
        f'"PERUVIAN FOREIGN POLICY UNDER TOLEDO"\n{URL_PD} #cablegate #05LIMA4377'
    )


def test_format_post_uses_selection() -> None:
    payload = format_link(LIMA, LinkFormat.POST, quote_text="  closer\nties ")
    assert payload.text == f'"closer ties"\n{URL_WL} #cablegate #05LIMA4377'


def test_format_post_trims_at_word_boundary() -> None:
    words = " ".join(f"word{i:03d}" for i in range(100))
    payload = format_link(replace(LIMA, paragraph_text=words), LinkFormat.POST)
    tail = f"\n{URL_WL} #cablegate #05LIMA4377"
    assert len(payload.text) <= POST_LIMIT
    assert payload.text.endswith(f'…"{tail}')
    excerpt = payload.text[1 : -len(tail) - 2]
    assert words.startswith(excerpt)
    assert words[len(excerpt)] == " "
    assert excerpt.endswith(("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"))


def test_format_post_hard_cuts_one_giant_word() -> None:
    payload = format_link(replace(LIMA, paragraph_text="x" * 1000), LinkFormat.POST)
    assert len(payload.text) == POST_LIMIT
    assert payload.text.startswith('"xxx')
    assert '…"\n' in payload.text


def test_format_post_drops_excerpt_when_url_is_long() -> None:
    settings = LinkSettings(UrlStyle.CUSTOM, "https://x.example/" + "p" * 230 + "/{refid}")
    payload = format_link(LIMA, LinkFormat.POST, settings)
    assert payload.text == f"https://x.example/{'p' * 230}/05LIMA4377 #cablegate #05LIMA4377"


# --- round trips ------------------------------------------------------------------


def _link_in(payload: ClipboardPayload, fmt: LinkFormat) -> CableLink | None:
    if fmt in (LinkFormat.URL, LinkFormat.HTML, LinkFormat.MARKDOWN):
        return parse_link(payload.text)
    urls = URL_IN_TEXT.findall(payload.text)
    assert len(urls) == 1, payload.text
    return parse_link(urls[0])


@pytest.mark.parametrize("fmt", list(LinkFormat))
@pytest.mark.parametrize("settings", [WL, CG])
@pytest.mark.parametrize("target", [LIMA, LIMA_WHOLE, replace(LIMA, anchor="parB")])
def test_round_trip(target: LinkTarget, settings: LinkSettings, fmt: LinkFormat) -> None:
    payload = format_link(target, fmt, settings)
    assert _link_in(payload, fmt) == CableLink(target.reference_id, target.anchor)


@pytest.mark.parametrize("fmt", list(LinkFormat))
def test_round_trip_plusd_loses_anchor(fmt: LinkFormat) -> None:
    payload = format_link(LIMA, fmt, PD)
    assert _link_in(payload, fmt) == CableLink("05LIMA4377", None)
    assert LIMA.anchor == "par13"


# --- properties -------------------------------------------------------------------

REF_IDS = st.from_regex(r"[0-9]{2}[A-Z]{3,20}[0-9]{1,9}", fullmatch=True)
ANCHORS = st.one_of(
    st.none(),
    st.integers(1, 999).map(lambda n: f"par{n}"),
    st.sampled_from(string.ascii_uppercase).map(lambda c: f"par{c}"),
)
CREATED = st.dates().map(lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}T12:00")
LINKISH = st.sampled_from(["05LIMA4377", URL_WL, URL_PD, "cablereader:", "¶", "#par", "https://"])


@given(st.one_of(st.text(), st.tuples(st.text(), LINKISH, st.text()).map("".join)))
def test_parse_link_never_raises(text: str) -> None:
    result = parse_link(text)
    if result is not None:
        assert re.fullmatch(r"[0-9]{2}[A-Z0-9]{4,38}", result.reference_id)
        assert result.anchor is None or re.fullmatch(r"par(?:[1-9][0-9]*|0|[A-Z])", result.anchor)


@given(REF_IDS, ANCHORS, CREATED, st.sampled_from([WL, CG, PD]))
def test_cable_url_round_trips(
    ref: str, anchor: str | None, created: str, settings: LinkSettings
) -> None:
    target = LinkTarget(ref, created, "Embassy X", "S", "SECRET", anchor)
    expected_anchor = None if settings.style is UrlStyle.PLUSD else anchor
    assert parse_link(cable_url(target, settings)) == CableLink(ref, expected_anchor)
    assert parse_link(app_url(target)) == CableLink(ref, anchor)
    assert parse_link(ref.lower()) == CableLink(ref)


WORDS = st.lists(st.text(string.ascii_lowercase + ",.'", min_size=1, max_size=25), max_size=120)
SPACES = st.sampled_from([" ", "  ", " \n", "   \n", "\n\n"])


@given(
    st.tuples(WORDS, SPACES).map(lambda ws: ws[1].join(ws[0])),
    st.text(max_size=600),
    st.from_regex(r"[0-9]{2}[A-Z]{3,30}[0-9]{1,8}", fullmatch=True),
    ANCHORS,
    st.sampled_from([WL, CG, PD]),
)
def test_post_fits(
    paragraph: str, subject: str, ref: str, anchor: str | None, settings: LinkSettings
) -> None:
    target = LinkTarget(ref, "2010-02-28T09:15", "Embassy X", subject, "SECRET", anchor)
    for text in (paragraph, ""):
        post = format_link(replace(target, paragraph_text=text), LinkFormat.POST, settings).text
        assert len(post) <= POST_LIMIT
        assert post.endswith(f"{cable_url(target, settings)} #cablegate #{ref}")
    # A blank paragraph gives way to the subject, as the post's docstring says.
    source = " ".join((paragraph if paragraph.strip() else subject).split())
    post = format_link(replace(target, paragraph_text=paragraph), LinkFormat.POST, settings).text
    if post.startswith('"') and "…" in post:
        excerpt = post[1 : post.index('…"\n')]
        assert source.startswith(excerpt)
        assert source[len(excerpt)] in " ,;:-" or " " not in excerpt
