"""The layers import only downwards, read from the source with `ast` (nothing is run).

core < store < importer < ui < app/cli. Only the store touches SQLite, and the rest of
the app knows the store only through its protocol and factory.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cablereader"
QT = ("PySide6", "shiboken6")
SQLITE = ("sqlite3", "sqlite_utils")
OUTSIDE_THE_STORE = (*SQLITE, "cablereader.store.sqlite_store")
# (layer, what it may not import)
RULES: dict[str, tuple[str, ...]] = {
    "core": (*QT, *SQLITE, "cablereader.store", "cablereader.importer", "cablereader.ui",
             "cablereader.app", "cablereader.cli"),
    "store": (*QT, "cablereader.importer", "cablereader.ui", "cablereader.app",
              "cablereader.cli"),
    "importer": (*QT, "cablereader.ui", "cablereader.app", "cablereader.cli"),
    "ui": ("cablereader.app", "cablereader.cli"),
}  # fmt: skip


def imported_names(path: Path) -> set[str]:
    """Every module a file imports, at its top or inside functions alike."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    return imported_names_in(path.read_text(encoding="utf-8"), package)


def imported_names_in(source: str, package: str) -> set[str]:
    """The modules (and module.name for `from` imports) that `source` imports."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the file's package
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _breaks(names: set[str], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names for f in forbidden if n == f or n.startswith(f + "."))


def _modules(layer: str | None = None) -> list[Path]:
    root = PACKAGE / layer if layer else PACKAGE
    return sorted(root.rglob("*.py"))


def test_the_rules_see_every_layer() -> None:
    for layer in RULES:
        assert _modules(layer), layer
    assert "sqlite3" in imported_names(PACKAGE / "store" / "connection.py")


@pytest.mark.parametrize("layer", sorted(RULES))
def test_a_layer_imports_only_downwards(layer: str) -> None:
    wrong = {
        str(path.relative_to(PACKAGE)): found
        for path in _modules(layer)
        if (found := _breaks(imported_names(path), RULES[layer]))
    }
    assert wrong == {}


def test_only_the_store_touches_sqlite() -> None:
    wrong = {
        str(path.relative_to(PACKAGE)): found
        for path in _modules()
        if path.relative_to(PACKAGE).parts[0] != "store"
        and (found := _breaks(imported_names(path), OUTSIDE_THE_STORE))
    }
    assert wrong == {}


def test_the_checker_catches_a_wrong_import() -> None:
    """The checker itself: a lazy import inside a function is found, a relative one is
    resolved, and a module whose name only starts the same is not mistaken."""
    source = (
        "def f():\n    from cablereader.store.sqlite_store import SqliteCableStore\n"
        "from ..ui import main_window\n"
    )
    names = imported_names_in(source, "cablereader.core")
    assert _breaks(names, RULES["core"]) == [
        "cablereader.store.sqlite_store",
        "cablereader.store.sqlite_store.SqliteCableStore",
        "cablereader.ui",
        "cablereader.ui.main_window",
    ]
    assert _breaks({"cablereader.storehouse"}, ("cablereader.store",)) == []
