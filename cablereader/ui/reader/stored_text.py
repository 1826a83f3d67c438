"""What a copy from the reader puts on the clipboard: the text as stored."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor, QTextDocument

from cablereader.ui.reader.cable_html import NOTE_SCHEME
from cablereader.ui.reader.reflow import JOIN_MARK

_NOTE_LINK = NOTE_SCHEME + ":"


def stored_text(document: QTextDocument, cursor: QTextCursor) -> str:
    """The selected text as stored: joined newlines put back, no note marks (the ¶
    signs are taken out by the callers that quote)."""
    start, end = cursor.selectionStart(), cursor.selectionEnd()
    chars = list(cursor.selection().toPlainText().replace("\u2029", "\n"))
    if len(chars) == end - start:
        block = document.findBlock(start)
        while block.isValid() and block.position() < end:
            iterator = block.begin()
            while not iterator.atEnd():
                fragment = iterator.fragment()
                character_format = fragment.charFormat()
                if character_format.toolTip() == JOIN_MARK:
                    put = "\n"
                elif character_format.anchorHref().startswith(_NOTE_LINK):
                    put = ""  # the reader's note mark is not cable text
                else:
                    put = None
                if put is not None:
                    for pos in range(fragment.position(), fragment.position() + fragment.length()):
                        if start <= pos < end:
                            chars[pos - start] = put
                iterator += 1
            block = block.next()
    return "".join(chars)
