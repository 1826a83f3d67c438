"""Reading and searching the PostgreSQL store."""

from __future__ import annotations


class PgReadingMixin:
    """The reading half of PostgresCableStore."""

    def _start_reading(self) -> None:
        pass
