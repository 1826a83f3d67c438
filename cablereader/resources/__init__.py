"""The app's runtime files (icons, help, desktop entry, AppStream metadata), as package data.

They live in this package's folders (`icons/`, `help/`, `desktop/`), the one copy in the
repository, and ship inside the wheel as package data; a PyInstaller bundle collects the
same files from the installed package. Everything reads them through `importlib.resources`,
so a source checkout, an editable install, a wheel and a bundle all find them the same way.
Plain files, no generated Qt resource module, so they are easy to review.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

APP_ID = "io.github.cablereader.CableReader"  # reverse-DNS id: AppStream, desktop file, Wayland
DESKTOP_FILE = f"{APP_ID}.desktop"
METAINFO_FILE = f"{APP_ID}.metainfo.xml"


def resource(*parts: str) -> Traversable:
    """`<this package>/<parts...>`, e.g. resource("icons", "cablereader.svg")."""
    return files(__name__).joinpath(*parts)


def find_file(*parts: str) -> Traversable | None:
    """The resource at `parts` when it exists in this installation, else None."""
    found = resource(*parts)
    return found if found.is_file() else None


def icon_path(size: int | None = None) -> Traversable | None:
    name = "cablereader.svg" if size is None else f"cablereader-{size}.png"
    return find_file("icons", name)
