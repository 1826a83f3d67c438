"""What a copy from the reader puts on the clipboard: the text as stored."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor, QTextDocument

from cablereader.ui.reader.reflow import JOIN_MARK


def stored_text(document: QTextDocument, cursor: QTextCursor) -> str:
    """The selected text as stored: joined newlines put back, no ¶ signs."""
    start, end = cursor.selectionStart(), cursor.selectionEnd()
    chars = list(cursor.selection().toPlainText().replace("\u2029", "\n"))
    if len(chars) == end - start:
        block = document.findBlock(start)
        while block.isValid() and block.position() < end:
            iterator = block.begin()
            while not iterator.atEnd():
                fragment = iterator.fragment()
                if fragment.charFormat().toolTip() == JOIN_MARK:
                    for pos in range(fragment.position(), fragment.position() + fragment.length()):
                        if start <= pos < end:
                            chars[pos - start] = "\n"
                iterator += 1
            block = block.next()
    return "".join(chars)
