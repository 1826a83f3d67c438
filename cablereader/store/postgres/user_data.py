"""The people's own data on the PostgreSQL store (stars, notes, collections...)."""

from __future__ import annotations


class PgUserDataMixin:
    """Filled by the user-data half."""
