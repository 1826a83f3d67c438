"""Bytes to text for cable files, which are mostly UTF-8 but not always.

Pages saved on Windows come as Windows-1252, some tools add a BOM, and a damaged
download may carry a few invalid bytes: those still import, with a warning naming
what happened, because losing a cable is worse than showing a replacement character.
"""

from __future__ import annotations

_BOM = b"\xef\xbb\xbf"


def decode_cable_bytes(data: bytes) -> tuple[str, tuple[str, ...]]:
    """The text and any warnings about how it had to be decoded."""
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError as error:
        bad = _count_invalid(data)
        # Mostly-valid UTF-8 with a few bad bytes is damage, not another encoding.
        if bad <= max(3, len(data) // 10_000):
            return data.decode("utf-8", errors="replace"), (
                f"{bad} invalid UTF-8 byte(s) replaced (first at byte {error.start})",
            )
    try:
        return data.decode("cp1252"), ("decoded as Windows-1252",)
    except UnicodeDecodeError:
        return data.decode("latin-1"), ("decoded as Latin-1",)


def _count_invalid(data: bytes) -> int:
    return data.decode("utf-8", errors="replace").count("\ufffd") - data.count("\ufffd".encode())
