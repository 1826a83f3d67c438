"""Finding the app's runtime files (icons, help, desktop entry) wherever it runs from.

A source checkout has them in `resources/` and `packaging/` beside the package, an
installed wheel under `<prefix>/share/cablereader/`, a PyInstaller bundle in its own
folder. Plain files, no generated Qt resource module, so they are easy to review.
"""

from __future__ import annotations

import sys
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


def _roots() -> list[Path]:
    roots = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        roots.append(Path(bundle))
    roots.append(_CHECKOUT)
    roots.append(Path(sys.prefix) / "share" / "cablereader")
    return roots


def find_file(*parts: str) -> Path | None:
    """The first existing `<root>/<parts...>`, e.g. find_file("resources", "icons", "x.svg")."""
    for root in _roots():
        candidate = root.joinpath(*parts)
        if candidate.exists():
            return candidate
    return None


def icon_path(size: int | None = None) -> Path | None:
    name = "cablereader.svg" if size is None else f"cablereader-{size}.png"
    return find_file("resources", "icons", name)
