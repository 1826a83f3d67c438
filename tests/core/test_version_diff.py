"""The comparison of two versions, on synthetic pairs and on the corpus's repeated cables."""

from __future__ import annotations

import dataclasses

from cablereader.core.cable_text import split_paragraphs
from cablereader.core.model import Cable
from cablereader.core.version_diff import ChangeKind, align_paragraphs, diff_versions, word_diff
from cablereader.core.version_labels import source_label, version_label

BODY = (
    "1. (C) Summary: the minister met XXXXXXXXXXXX on Tuesday. \n"
    "2. (C) The talks covered trade. \n"
    "3. (U) Comment: no change is expected. \n"
)


def _cable(body: str = BODY, **fields: object) -> Cable:
    base = Cable(
        reference_id="09TESTPOST1",
        created="2009-01-02T03:04",
        created_approx=False,
        released="2010-11-28T18:06",
        released_approx=True,
        classification="CONFIDENTIAL",
        origin="Embassy Testville",
        header="R 020304Z JAN 09\nFM AMEMBASSY TESTVILLE\n",
        body=body,
        partial=False,
        subject="TALKS",
        tags=("PREL", "ETRD"),
        paragraphs=split_paragraphs(body),
    )
    return dataclasses.replace(base, **fields)  # type: ignore[arg-type]


def test_identical_versions_have_no_changes() -> None:
    assert diff_versions(_cable(), _cable()) == []


def test_same_words_wrapped_otherwise_are_no_change() -> None:
    rewrapped = BODY.replace(" on Tuesday. \n", "\n   on Tuesday.\n").replace(" \n", "\n")
    assert diff_versions(_cable(), _cable(rewrapped)) == []


def test_a_lifted_redaction_is_named_as_such() -> None:
    lifted = BODY.replace("XXXXXXXXXXXX", "Ali Hassan")
    changes = diff_versions(_cable(), _cable(lifted))
    assert [(c.kind, c.anchor, c.old, c.new) for c in changes] == [
        (ChangeKind.REDACTION_LIFTED, "par1", "XXXXXXXXXXXX", "Ali Hassan")
    ]


def test_a_new_redaction_is_named_the_other_way() -> None:
    named = BODY.replace("XXXXXXXXXXXX", "Ali Hassan")
    changes = diff_versions(_cable(named), _cable())
    assert [c.kind for c in changes] == [ChangeKind.REDACTED]


def test_a_lower_case_redaction_counts_too() -> None:
    lower = BODY.replace("XXXXXXXXXXXX", "xxxxxxxxxxxx")
    changes = diff_versions(_cable(lower), _cable(BODY.replace("XXXXXXXXXXXX", "Ali")))
    assert [c.kind for c in changes] == [ChangeKind.REDACTION_LIFTED]


def test_a_changed_subject_is_a_metadata_change() -> None:
    changes = diff_versions(_cable(), _cable(subject="TRADE TALKS"))
    assert [(c.kind, c.old, c.new) for c in changes] == [
        (ChangeKind.SUBJECT, "TALKS", "TRADE TALKS")
    ]


def test_classification_tags_and_times_are_metadata_changes() -> None:
    new = _cable(
        classification="SECRET", tags=("PREL",), created="2009-01-02T03:05",
        released="2010-12-01T00:00",
    )
    kinds = [c.kind for c in diff_versions(_cable(), new)]
    assert kinds == [
        ChangeKind.CLASSIFICATION, ChangeKind.TAGS, ChangeKind.CREATED, ChangeKind.RELEASED,
    ]


def test_a_source_that_does_not_say_when_is_not_a_release_change() -> None:
    assert diff_versions(_cable(released=None), _cable()) == []


def test_an_added_paragraph_is_one_change_and_the_rest_stay_aligned() -> None:
    added = BODY.replace("3. (U)", "3. (C) A new paragraph appears. \n4. (U)")
    changes = diff_versions(_cable(), _cable(added))
    # The old ¶3 is now ¶4 with the same words: by anchor, ¶3 changed and ¶4 is new.
    assert ChangeKind.PARAGRAPH_ADDED in {c.kind for c in changes}
    added_change = next(c for c in changes if c.kind is ChangeKind.PARAGRAPH_ADDED)
    assert added_change.anchor == "par4"
    assert all(c.anchor in ("par3", "par4") for c in changes)


def test_a_removed_paragraph() -> None:
    shorter = BODY.split("3. (U)")[0]
    changes = diff_versions(_cable(), _cable(shorter))
    assert [(c.kind, c.anchor) for c in changes] == [(ChangeKind.PARAGRAPH_REMOVED, "par3")]


def test_word_diff_segments_rebuild_both_sides() -> None:
    old, new = "a b c d", "a x c d e"
    segments = word_diff(old, new)
    assert " ".join(s.text for s in segments if s.op != "insert") == old
    assert " ".join(s.text for s in segments if s.op != "delete") == new


def test_paragraphs_align_by_anchor() -> None:
    pairs = align_paragraphs(_cable().paragraphs, _cable().paragraphs)
    assert [(p.old.anchor if p.old else None) for p in pairs] == [
        (p.new.anchor if p.new else None) for p in pairs
    ]
    assert not any(p.changed for p in pairs)


def test_json_form_of_a_change() -> None:
    change = diff_versions(_cable(), _cable(subject="X"))[0]
    assert change.to_dict() == {"kind": "subject", "anchor": None, "old": "TALKS", "new": "X"}


def test_plain_labels() -> None:
    assert source_label("site-page", "2010-12") == "Cablegate site, Dec 2010 build"
    assert source_label("site-page", "2010-11") == "Cablegate site, Nov 2010 build"
    assert source_label("site-page", "2011-08") == "Cablegate site, Aug 2011 build"
    assert source_label("cables-csv", "csv-2011") == "cables.csv, 2011"
    label = version_label(2, "site-page", "2010-12", "2010-11-28T18:06", "2026-12-02T10:00:00",
                          True)
    assert label == (
        "2: Cablegate site, Dec 2010 build, released 2010-11-28, imported 2026-12-02 (current)"
    )
