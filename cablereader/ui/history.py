"""Back/Forward history of opened cables, like a browser's, without Qt."""

from __future__ import annotations

from dataclasses import dataclass, field

Place = tuple[str, str | None]  # reference id, anchor


@dataclass
class History:
    """Visiting a new place drops the forward entries; revisiting the current one does not."""

    limit: int = 200
    places: list[Place] = field(default_factory=list)
    index: int = -1

    @property
    def current(self) -> Place | None:
        return self.places[self.index] if 0 <= self.index < len(self.places) else None

    def visit(self, place: Place) -> None:
        if self.current is not None and self.current[0] == place[0]:
            self.places[self.index] = place
            return
        del self.places[self.index + 1 :]
        self.places.append(place)
        if len(self.places) > self.limit:
            del self.places[0]
        self.index = len(self.places) - 1

    def can_go(self, step: int) -> bool:
        return 0 <= self.index + step < len(self.places)

    def go(self, step: int) -> Place | None:
        if not self.can_go(step):
            return None
        self.index += step
        return self.places[self.index]
