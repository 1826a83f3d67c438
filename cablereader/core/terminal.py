"""Text made safe to print on a terminal: control characters shown, never obeyed.

Cable text and file names are untrusted. Printed raw, an ESC sequence in a subject can
retitle or clear the user's terminal, or set the clipboard (OSC 52), and a bidi override
can make a line read differently from what it holds. Everything the command line prints
goes through :func:`for_terminal`, which keeps newlines and tabs (they are layout) and
writes every other control character as a visible ``\\uXXXX`` escape.

The escape form is JSON's own, so :func:`for_terminal` applied to `json.dumps` output
still gives valid JSON with the same values: json.dumps escapes C0 controls itself but
leaves DEL, the C1 range (0x80-0x9f, where 0x9b is a one-byte CSI) and bidi controls raw,
and those can only occur inside JSON strings, where ``\\uXXXX`` means the same character.
"""

from __future__ import annotations

# Bidi embeddings, overrides and isolates, and the marks (Trojan Source, CVE-2021-42574).
_BIDI = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_LAYOUT = {0x09, 0x0A}  # tab and newline stay what they are
_CONTROLS = [c for c in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if c not in _LAYOUT]
_TABLE: dict[int, str] = {c: f"\\u{c:04x}" for c in (*_CONTROLS, *_BIDI, 0x2028, 0x2029)}


def for_terminal(text: str) -> str:
    """`text` with every control character but newline and tab written as ``\\uXXXX``.

    A Windows line end (CR LF) is a line end, so it prints as one; a lone CR, which would
    let a line overwrite itself, is escaped like the other controls.
    """
    return text.replace("\r\n", "\n").translate(_TABLE)
