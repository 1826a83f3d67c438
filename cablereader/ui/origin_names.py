"""Origins made short enough for the browse panel without losing the part that matters.

"Embassy Madrid", "Consulate Istanbul", "US Mission USNATO": the kind of post is what
many origins share, the place is what tells them apart. So a name that does not fit
first gives up letters of the kind ("Emb. Madrid", "Cons. Istanbul"), and only then is
cut, at the front, so the place stays in view. The whole name is in the tooltip.
"""

from __future__ import annotations

from collections.abc import Callable

_KEEP = 3  # letters of a shortened word: "Emb.", "Cons.", "Miss."


def _abbreviated(word: str) -> str:
    if len(word) <= _KEEP + 1 or not word[:1].isupper() or word.isupper():
        return word  # "US", "of", "USNATO" are short or already codes
    end = _KEEP
    while end < min(len(word) - 1, _KEEP + 2) and word[end].lower() not in "aeiouy":
        end += 1  # up to the next vowel, as abbreviations go: "Cons.", "Amer.", "Inst."
    return word[:end] + "."


def shorten_origin(name: str, fits: Callable[[str], bool]) -> str:
    """`name` if it `fits`, else with the kind of post abbreviated: the first leading
    word that can be ("Embassy", the "Mission" of "US Mission"), never the place after
    it ("Addis Ababa" stays whole). The caller elides what is returned if even that is
    too wide."""
    if fits(name):
        return name
    words = name.split(" ")
    for index in range(len(words) - 1):  # never the last word: that is the place
        short = _abbreviated(words[index])
        if short != words[index]:
            return " ".join([*words[:index], short, *words[index + 1 :]])
    return name
