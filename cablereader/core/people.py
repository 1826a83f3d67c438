"""Who is using the archive: the name a person's stars, read marks and notes go under.

On a shared PostgreSQL archive the name is the database role, unless a name is set in
the app (several desks may share one role); on a SQLite file it is the login name,
unless one is set. This module only cleans names and finds the defaults: the stores
keep the person in use, the command line and the window say which.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass

PERSON_ENV = "CABLEREADER_PERSON"
ME = "me"  # `by:me` in a search: the person in use, whatever their name
MAX_NAME = 100
FALLBACK = "me"


def clean_name(name: str | None) -> str:
    """The name as stored: whitespace collapsed; "" when there is none. ValueError for a
    name no one could read back (control characters, or too long)."""
    text = " ".join((name or "").split())
    if len(text) > MAX_NAME:
        raise ValueError(f"a name has at most {MAX_NAME} characters")
    if any(not ch.isprintable() for ch in text):
        raise ValueError("a name cannot hold control characters")
    return text


def login_name() -> str:
    """The local user's login name: the person of a SQLite store when none is set."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no user database entry (some containers)
        name = ""
    try:
        return clean_name(name) or FALLBACK
    except ValueError:
        return FALLBACK


def person_from_environment(explicit: str | None = None) -> str:
    """`--person NAME` wins (checked by `name_argument`), then $CABLEREADER_PERSON (one
    no one could read is ignored); "" means the store's default."""
    if explicit:
        return clean_name(explicit)
    try:
        return clean_name(os.environ.get(PERSON_ENV, ""))
    except ValueError:
        return ""


def name_argument(text: str) -> str:
    """argparse's `type` for --person: a plain message for a name that cannot be one."""
    import argparse

    try:
        name = clean_name(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error
    if not name:
        raise argparse.ArgumentTypeError("a name cannot be empty")
    return name


@dataclass
class PersonInUse:
    """Whom a store serves, shared with the stores reopened from it (the window's
    counting thread must count the same person's stars after a change of name), and how
    often it changed (for caches of `is:starred` results)."""

    name: str
    changes: int = 0

    def become(self, name: str) -> None:
        self.name = name
        self.changes += 1
