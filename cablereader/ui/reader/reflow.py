"""Reading mode: a paragraph's hard-wrapped lines joined so it wraps to the pane.

Telegram text is wrapped at about 65 columns; in a narrow reader that, plus soft
wrapping, gives ragged one-word lines. Reflow shows the newline between two lines of
running text as a space. Lists, tables and address blocks (short lines, items, runs of
spaces) keep their lines. Each joined newline becomes exactly one space, marked, so
document positions, ¶ anchors and search hits do not move, and copying puts the
newlines back: what is copied is the text as stored.

Page-break lines ("KIEV 00001261 004 OF 004") are found here too: the reader dims
them, and when one splits a sentence the newlines around it are joined as well, so the
sentence reads on.
"""

from __future__ import annotations

import re

PAGE_BREAK_RE = re.compile(
    r"^[ \t]*[A-Z][A-Z .'()/-]*[ \t]+\d{8}[ \t]+\d{3}(?:\.\d+)?[ \t]+OF[ \t]+\d{3}[ \t]*$",
    re.MULTILINE,
)
_ITEM_RE = re.compile(r"^\s*(?:[-*•o]\s|\(?[0-9]{1,3}[.)]\s|\(?[A-Za-z][.)]\s|\([A-Za-z0-9]+\)\s)")
_TABLE_RE = re.compile(r"\S {3,}\S|\t")
_SENTENCE_END = tuple('.:;?!")')
FULL_LINE = 45  # a line this long was wrapped by the sender, not ended by them
JOIN_MARK = "\u2063"  # the tooltip that marks a joined newline (invisible separator)


def _running(line: str) -> bool:
    text = line.strip()
    return bool(text) and not _TABLE_RE.search(text) and not PAGE_BREAK_RE.match(line)


def joined_newlines(text: str) -> set[int]:
    """Positions in `text` of the newlines reading mode shows as spaces."""
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    joined: set[int] = set()
    for i in range(len(lines) - 1):
        line, following = lines[i], lines[i + 1]
        if (
            _running(line)
            and _running(following)
            and len(line.rstrip()) >= FULL_LINE
            and not line.rstrip().endswith(":")
            and not _ITEM_RE.match(following)
        ):
            joined.add(starts[i + 1] - 1)
    for match in PAGE_BREAK_RE.finditer(text):
        before = text.rfind("\n", 0, match.start())
        gap_start = len(text[:before].rstrip("\n \t")) if before >= 0 else 0
        after = match.end()
        rest = text[after:]
        gap_end = after + len(rest) - len(rest.lstrip("\n \t"))
        head, tail = text[:gap_start].rstrip(), text[gap_end:gap_end + 1]
        last_line = head[head.rfind("\n") + 1 :]
        split = tail.islower() or len(last_line) >= FULL_LINE
        if head and tail.strip() and not head.endswith(_SENTENCE_END) and split:
            joined.update(i for i in range(gap_start, gap_end) if text[i] == "\n")
    return joined


def page_breaks(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in PAGE_BREAK_RE.finditer(text)]
