"""Results a store remembers, all forgotten together once the store changes.

Every remembered result (id lists, whole-store orderings, facet counts, the facet
columns) is only valid for the data it was computed from, so one `ResultCache` checks the
store's change counter and empties every part at once; each part is a small bounded LRU.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Lru(Generic[K, V]):
    """At most `size` results; the least recently used goes first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K, compute: Callable[[], V]) -> V:
        """The remembered result for `key`, computed and remembered when missing."""
        try:
            self._items.move_to_end(key)
            return self._items[key]
        except KeyError:
            pass
        value = compute()
        while len(self._items) >= self.size:
            self._items.popitem(last=False)
        self._items[key] = value
        return value

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        self._items.clear()


class ResultCache:
    """The parts of one store's memory, emptied when `changes()` gives a new value."""

    def __init__(self, changes: Callable[[], Hashable]) -> None:
        self._changes = changes
        self._seen: Hashable = object()  # equal to no counter value: the first check clears
        self._parts: list[Lru[Any, Any]] = []

    def part(self, size: int) -> Lru[K, V]:
        lru: Lru[K, V] = Lru(size)
        self._parts.append(lru)
        return lru

    def check(self) -> None:
        """Forget everything if the store changed since the last check."""
        seen = self._changes()
        if seen != self._seen:
            for lru in self._parts:
                lru.clear()
            self._seen = seen

    def clear(self) -> None:
        for lru in self._parts:
            lru.clear()
        self._seen = object()
