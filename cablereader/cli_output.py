"""What the command line prints, with control characters escaped.

Cable text and file names reach the terminal through every command; a cable could
otherwise retitle the terminal, clear it or set the clipboard (OSC 52). Each command
module imports this `print` in place of the builtin, so no line it prints (JSON included,
which stays valid) can forget the escaping, however the commands change.
"""

from __future__ import annotations

import builtins
import sys
from typing import TextIO

from cablereader.core.terminal import for_terminal


def print(  # the builtin's name on purpose: see the module docstring
    *values: object, sep: str = " ", end: str = "\n", file: TextIO | None = None
) -> None:
    """`print`, with control characters escaped for the terminal."""
    text = sep.join(str(value) for value in values) + end
    builtins.print(for_terminal(text), end="", file=sys.stdout if file is None else file)
