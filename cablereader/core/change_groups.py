"""The kinds of change a reader searches for (`changed:redaction`, `changed:text`, ...).

`core.version_diff` names each change finely (a redaction lifted, a paragraph added, a
header line); a reader looking for "cables whose text changed" does not care which of
those it was. This module groups the fine kinds into the few words the query language
and the browse panel use, so the store, the search field and the panel agree.
"""

from __future__ import annotations

from collections.abc import Iterable

from cablereader.core.model import Cable, Paragraph
from cablereader.core.version_diff import (
    ChangeKind,
    change_kinds,
    metadata_changes,
    paragraph_key,
)

REDACTION = "redaction"
TEXT = "text"
SUBJECT = "subject"
CLASSIFICATION = "classification"
TAGS = "tags"
TIMES = "times"
ORIGIN = "origin"

# In the order the browse panel lists them.
CHANGE_GROUPS: tuple[str, ...] = (REDACTION, SUBJECT, CLASSIFICATION, TEXT, TAGS, TIMES, ORIGIN)

GROUP_OF: dict[ChangeKind, str] = {
    ChangeKind.REDACTION_LIFTED: REDACTION,
    ChangeKind.REDACTED: REDACTION,
    ChangeKind.TEXT: TEXT,
    ChangeKind.PARAGRAPH_ADDED: TEXT,
    ChangeKind.PARAGRAPH_REMOVED: TEXT,
    ChangeKind.HEADER: TEXT,
    ChangeKind.SUBJECT: SUBJECT,
    ChangeKind.CLASSIFICATION: CLASSIFICATION,
    ChangeKind.TAGS: TAGS,
    ChangeKind.CREATED: TIMES,
    ChangeKind.RELEASED: TIMES,
    ChangeKind.ORIGIN: ORIGIN,
}

GROUP_MEANINGS: dict[str, str] = {
    REDACTION: "a redaction lifted or added",
    SUBJECT: "subject corrected",
    CLASSIFICATION: "classification changed",
    TEXT: "words or paragraphs changed",
    TAGS: "tags changed",
    TIMES: "created or released time changed",
    ORIGIN: "origin renamed",
}


def change_groups(kinds: Iterable[ChangeKind]) -> set[str]:
    """The searchable groups that a set of fine-grained change kinds falls into."""
    return {GROUP_OF[kind] for kind in kinds}


def _same_words(old: Paragraph, new: Paragraph) -> bool:
    # str.split() splits where `words` does (at whitespace), several times faster.
    return paragraph_key(old) == paragraph_key(new) and (
        old.text == new.text or old.text.split() == new.text.split()
    )


def groups_between(old: Cable, new: Cable) -> set[str]:
    """`change_groups(change_kinds(old, new))`, quickly when the text is the same.

    Most versions of a cable are the same words under another build (other line ends,
    trailing spaces, release time); comparing each paragraph's words settles those in
    microseconds, where the word diff takes milliseconds. Only texts that differ are diffed.
    """
    same_text = (
        len(old.paragraphs) == len(new.paragraphs)
        and old.header.split() == new.header.split()
        and all(map(_same_words, old.paragraphs, new.paragraphs))
    )
    if same_text:
        return change_groups(c.kind for c in metadata_changes(old, new))
    return change_groups(change_kinds(old, new))
