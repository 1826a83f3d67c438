"""Bytes to text for cable files, which are mostly UTF-8 but not always.

Pages saved on Windows come as Windows-1252, some tools add a BOM, and a damaged
download may carry a few invalid bytes: those still import, with a warning naming
what happened, because losing a cable is worse than showing a replacement character.

Telling the two apart: a file that holds valid multi-byte UTF-8 (the site's `¶`, say) is
UTF-8, and a handful of bad bytes in it is damage. A file with no valid multi-byte UTF-8
at all is an 8-bit file, however few high bytes it has: a text page saved on Windows with
a single `’` (byte 0x92) must read `Zapatero’s`, not `Zapatero�s`.
"""

from __future__ import annotations

import re

from cablereader.core.assemble import CableFormatError

# Far above any real cable or page (pages are ~190 KB, the 2011 rows average 7 KB): a
# larger "cable" is a broken or hostile file, and parsing, indexing and storing it would
# take about eight times its size in memory (1.7 GB for a 200 MB field).
MAX_CABLE_BYTES = 32 * 1024 * 1024

_BOM = b"\xef\xbb\xbf"
# Notepad's "Unicode" is UTF-16 with a byte-order mark; the codec reads the order from it.
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_REPLACEMENT = "\ufffd"
# Any non-ASCII character other than the replacement character; a regex so that a
# 200 MB row is checked in C, not character by character in Python.
_REAL_NON_ASCII = re.compile("[^\x00-\x7f\ufffd]")


def decode_cable_bytes(data: bytes) -> tuple[str, tuple[str, ...]]:
    """The text and any warnings about how it had to be decoded."""
    if len(data) > MAX_CABLE_BYTES:
        raise CableFormatError(too_large(len(data)))
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16"), ()
        except UnicodeDecodeError as error:
            return data.decode("utf-16", errors="replace"), (
                f"invalid UTF-16 replaced by U+FFFD (first at byte {error.start})",
            )
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError as error:
        first_bad = error.start
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count(_REPLACEMENT) - data.count(_REPLACEMENT.encode())
    # Mostly-valid UTF-8 with a few bad bytes is damage, not another encoding.
    if _REAL_NON_ASCII.search(replaced) and bad <= max(3, len(data) // 10_000):
        return replaced, (
            f"{bad} invalid UTF-8 byte(s) replaced by U+FFFD (first at byte {first_bad})",
        )
    try:
        return data.decode("cp1252"), ("not UTF-8: decoded as Windows-1252",)
    except UnicodeDecodeError:
        return data.decode("latin-1"), ("not UTF-8: decoded as Latin-1",)


def too_large(size: int) -> str:
    """The reason shown for a cable or page over MAX_CABLE_BYTES."""
    return (
        f"too large for one cable ({size / 2**20:.0f} MB; the limit is "
        f"{MAX_CABLE_BYTES // 2**20} MB), not imported"
    )


def sniff_text(head: bytes) -> str:
    """Text good enough to recognise a format by, from any bytes, never failing: UTF-16
    when it says so, else UTF-8 with replacement (markers are ASCII in 8-bit files)."""
    if head.startswith(UTF16_BOMS):
        return head[: len(head) // 2 * 2].decode("utf-16", errors="replace")
    return head.decode("utf-8", errors="replace")
