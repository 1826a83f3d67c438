"""Windows .ico and macOS .icns for the bundle, made at build time from the rendered PNGs.

Used by cablereader.spec. Needs Pillow in the build environment; without it `platform_icon`
returns None and the executables are built without an embedded icon (the build still
succeeds). Linux executables carry no icon at all: there the desktop entry and the hicolor
icons installed by `cablereader install-desktop` provide it.

Also runnable by hand: `python packaging/platform_icons.py OUTDIR` writes both files.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "cablereader" / "resources" / "icons"
ICO_SIZES = (16, 32, 48, 64, 128, 256)  # 256 is the largest size the .ico format holds


def rendered_pngs(icons: Path = ICONS) -> dict[int, Path]:
    """{size: path} of cablereader/resources/icons/cablereader-<size>.png."""
    found = {}
    for path in icons.glob("cablereader-*.png"):
        match = re.fullmatch(r"cablereader-(\d+)\.png", path.name)
        if match:
            found[int(match.group(1))] = path
    return dict(sorted(found.items()))


def write_ico(target: Path, icons: Path = ICONS) -> Path:
    from PIL import Image

    pngs = rendered_pngs(icons)
    images = [Image.open(p).convert("RGBA") for s, p in pngs.items() if s in ICO_SIZES]
    largest = images[-1]
    sizes = [im.size for im in images]
    largest.save(target, format="ICO", sizes=sizes, append_images=images[:-1])
    return target


def write_icns(target: Path, icons: Path = ICONS) -> Path:
    from PIL import Image

    images = [Image.open(p).convert("RGBA") for p in rendered_pngs(icons).values()]
    largest = images[-1]
    largest.save(target, format="ICNS", append_images=images[:-1])
    return target


def platform_icon(out_dir: Path, platform: str = sys.platform) -> str | None:
    """The icon file for PyInstaller's EXE(icon=...) on this platform, or None to skip."""
    if platform.startswith("win"):
        writer, name = write_ico, "cablereader.ico"
    elif platform == "darwin":
        writer, name = write_icns, "cablereader.icns"
    else:
        return None  # Linux/BSD: ELF executables have no icon resource
    try:
        import PIL  # noqa: F401
    except ImportError:
        print("platform_icons: Pillow not installed, building without an executable icon")
        return None
    out_dir.mkdir(parents=True, exist_ok=True)
    return str(writer(out_dir / name))


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    out.mkdir(parents=True, exist_ok=True)
    print(write_ico(out / "cablereader.ico"))
    print(write_icns(out / "cablereader.icns"))
