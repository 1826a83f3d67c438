"""What changed between two published versions of one cable.

Cables were published several times (site builds of 2010 and 2011, the 2011 cables.csv);
between them redactions were lifted, subjects corrected, classifications and tags changed.
This module compares two parsed versions and names each change by its kind, so that the
command line (`cablereader diff`) and the window's comparison show the same list.

Text is compared word by word: the builds differ in trailing spaces and line wrapping, and
those are not changes a reader cares about. Paragraphs are aligned by their ¶ anchors, so
an added paragraph shows as one addition rather than as every later paragraph changed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from cablereader.core.model import Cable, Paragraph

_REDACTION = re.compile(r"^[^\w]*[Xx]{3,}[^\w]*$")
_WORD = re.compile(r"\S+")


class ChangeKind(StrEnum):
    """The kinds a change can be, as `diff --json` names them."""

    TEXT = "text"
    REDACTION_LIFTED = "redaction-lifted"
    REDACTED = "redacted"
    PARAGRAPH_ADDED = "paragraph-added"
    PARAGRAPH_REMOVED = "paragraph-removed"
    SUBJECT = "subject"
    CLASSIFICATION = "classification"
    TAGS = "tags"
    CREATED = "created"
    RELEASED = "released"
    ORIGIN = "origin"
    HEADER = "header"


METADATA_KINDS = (
    ChangeKind.SUBJECT,
    ChangeKind.CLASSIFICATION,
    ChangeKind.TAGS,
    ChangeKind.CREATED,
    ChangeKind.RELEASED,
    ChangeKind.ORIGIN,
)


@dataclass(frozen=True, slots=True)
class Change:
    """One difference: its kind, the paragraph it sits in (if any), old and new text."""

    kind: ChangeKind
    anchor: str | None
    old: str
    new: str

    def to_dict(self) -> dict[str, str | None]:
        return {"kind": str(self.kind), "anchor": self.anchor, "old": self.old, "new": self.new}


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of an inline word diff: equal, deleted or inserted text."""

    op: str  # "equal", "delete" or "insert"
    text: str


@dataclass(frozen=True, slots=True)
class ParagraphPair:
    """Two paragraphs aligned by anchor (either may be missing), with their word diff."""

    old: Paragraph | None
    new: Paragraph | None
    segments: tuple[Segment, ...]

    @property
    def changed(self) -> bool:
        return any(s.op != "equal" for s in self.segments)


def is_redaction(word: str) -> bool:
    """A run of X (either case) standing for removed text, with punctuation around it."""
    return bool(_REDACTION.match(word))


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """Inline segments of old against new, word by word; whitespace is not a change."""
    a, b = words(old), words(new)
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("equal", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("delete", " ".join(a[i1:i2])))
        if j2 > j1:
            segments.append(Segment("insert", " ".join(b[j1:j2])))
    return tuple(segments)


def paragraph_key(paragraph: Paragraph) -> str:
    # Unanchored text (the preamble, lines before the first ¶) aligns by its kind.
    return paragraph.anchor or f"<{paragraph.kind}>"


def align_paragraphs(old: Sequence[Paragraph], new: Sequence[Paragraph]) -> list[ParagraphPair]:
    """Pair the paragraphs of two versions by their anchors, in reading order."""
    keys_a = [paragraph_key(p) for p in old]
    keys_b = [paragraph_key(p) for p in new]
    pairs: list[ParagraphPair] = []
    matcher = difflib.SequenceMatcher(a=keys_a, b=keys_b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("equal", "replace"):
            # A replaced run pairs up position by position; the rest is added or removed.
            common = min(i2 - i1, j2 - j1)
            for k in range(common):
                a, b = old[i1 + k], new[j1 + k]
                pairs.append(ParagraphPair(a, b, word_diff(a.text, b.text)))
            i1, j1 = i1 + common, j1 + common
        for a in old[i1:i2]:
            pairs.append(ParagraphPair(a, None, word_diff(a.text, "")))
        for b in new[j1:j2]:
            pairs.append(ParagraphPair(None, b, word_diff("", b.text)))
    return pairs


def _text_changes(pair: ParagraphPair) -> list[Change]:
    if pair.old is None or pair.new is None:
        present = pair.old or pair.new
        assert present is not None
        kind = ChangeKind.PARAGRAPH_ADDED if pair.old is None else ChangeKind.PARAGRAPH_REMOVED
        text = " ".join(words(present.text))
        old, new = ("", text) if pair.old is None else (text, "")
        return [Change(kind, present.anchor, old, new)] if text else []
    anchor = pair.new.anchor or pair.old.anchor
    changes: list[Change] = []
    segments = pair.segments
    k = 0
    while k < len(segments):
        segment = segments[k]
        if segment.op == "equal":
            k += 1
            continue
        old = segment.text if segment.op == "delete" else ""
        new = segment.text if segment.op == "insert" else ""
        if segment.op == "delete" and k + 1 < len(segments) and segments[k + 1].op == "insert":
            new = segments[k + 1].text
            k += 1
        k += 1
        changes.append(Change(_kind_of(old, new), anchor, old, new))
    return changes


def _kind_of(old: str, new: str) -> ChangeKind:
    """A redaction lifted is X-runs replaced by words; the reverse is a new redaction."""
    old_words, new_words = words(old), words(new)
    old_redacted = bool(old_words) and any(is_redaction(w) for w in old_words)
    new_redacted = bool(new_words) and any(is_redaction(w) for w in new_words)
    if old_redacted and not new_redacted and new_words:
        return ChangeKind.REDACTION_LIFTED
    if new_redacted and not old_redacted and old_words:
        return ChangeKind.REDACTED
    return ChangeKind.TEXT


def metadata_changes(old: Cable, new: Cable) -> list[Change]:
    """Reference-box fields that differ: the small table above a comparison."""
    changes: list[Change] = []
    pairs = (
        (ChangeKind.SUBJECT, old.subject, new.subject),
        (ChangeKind.CLASSIFICATION, old.classification, new.classification),
        (ChangeKind.TAGS, " ".join(old.tags), " ".join(new.tags)),
        (ChangeKind.CREATED, old.created, new.created),
        # cables.csv does not say when a cable was released: silence is not a change.
        (ChangeKind.RELEASED, old.released or "", new.released or ""),
        (ChangeKind.ORIGIN, old.origin, new.origin),
    )
    for kind, a, b in pairs:
        if kind is ChangeKind.RELEASED and not (a and b):
            continue
        if a != b:
            changes.append(Change(kind, None, a, b))
    return changes


def diff_versions(old: Cable, new: Cable) -> list[Change]:
    """Every change from `old` to `new`: metadata first, then the body in reading order.
    Two versions with the same words in the same places give no changes."""
    changes = metadata_changes(old, new)
    header_a, header_b = words(old.header), words(new.header)
    if header_a != header_b:
        changes.append(Change(ChangeKind.HEADER, None, " ".join(header_a), " ".join(header_b)))
    for pair in align_paragraphs(old.paragraphs, new.paragraphs):
        if pair.changed:
            changes.extend(_text_changes(pair))
    return changes


def change_kinds(old: Cable, new: Cable) -> set[ChangeKind]:
    """Which kinds of change lie between two versions, for `changed:` searches."""
    return {c.kind for c in diff_versions(old, new)}
