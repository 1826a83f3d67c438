"""Cables dragged from the list onto the browse panel's Collections: into a collection.

The list's rows drag out as reference IDs (cable_list_model.REFIDS_MIME, and as text
for other programs). Dropped on a collection's entry they join it; on the Collections
heading (or anywhere in the section while there is no collection yet) a name is asked
for and a new collection made. The panel says where a drop lands and emits
`cables_dropped`; adding goes through the research commands, as the menus' do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import QMimeData, QTimer, SignalInstance
from PySide6.QtWidgets import QAbstractItemView, QInputDialog

from cablereader.ui.cable_list_model import REFIDS_MIME
from cablereader.ui.research.host import ResearchHost


class ResearchCommands(Protocol):
    """What a drop uses of commands.ResearchCommands (a protocol: no import cycle)."""

    host: ResearchHost

    def add_to_collection(
        self, name: str | None = None, reference_ids: Sequence[str] | None = None
    ) -> int: ...
    def _run(self, handler: Callable[[], object]) -> None: ...

MAX_DROPPED = 1_000_000  # more lines than any archive has cables is not a drag of ours


def dropped_reference_ids(data: QMimeData) -> list[str]:
    """The reference IDs a drag from the list carries, each once, in order ([] if none)."""
    if not data.hasFormat(REFIDS_MIME):
        return []
    raw = bytes(data.data(REFIDS_MIME).data()).decode("utf-8", "replace")
    refs = [line.strip() for line in raw.splitlines()[:MAX_DROPPED]]
    return list(dict.fromkeys(ref for ref in refs if ref and len(ref) < 64))


def drop_cables(commands: ResearchCommands, name: str, reference_ids: list[str]) -> int:
    """Add dropped cables to `name`, or ("") to a new collection named by the reader."""
    if not reference_ids:
        return 0
    if not name:
        name, ok = QInputDialog.getText(
            commands.host.window,
            "New collection",
            f"Name of a new collection for {len(reference_ids)} cables:",
        )
        if not ok or not name.strip():
            return 0
    return commands.add_to_collection(name, reference_ids)


def accept_drops(
    commands: ResearchCommands, panel: QAbstractItemView, dropped_signal: SignalInstance
) -> None:
    """Let the panel take drags from the list. A drop that asks for a name asks after
    the drop has ended (a dialog inside a drop holds the drag on some platforms)."""
    panel.setAcceptDrops(True)
    panel.viewport().setAcceptDrops(True)

    def dropped(name: str, refs: list[str]) -> None:
        add = lambda: commands._run(lambda: drop_cables(commands, name, list(refs)))  # noqa: E731
        QTimer.singleShot(0, panel, add) if not name else add()

    dropped_signal.connect(dropped)
