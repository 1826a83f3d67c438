"""Cable Reader works with the network cable pulled: nothing it does opens a connection.

The app is offline by design (people read leaked cables on machines that must not phone
out), so import, search, facets, reading and link formatting must never touch a socket.
Every way to start a connection is replaced by a recorder; the test fails if any is used,
even if the code under test swallowed the error we raise.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from cablereader.core.link_formats import LinkFormat, format_link
from cablereader.core.links import (
    LinkSettings,
    UrlStyle,
    app_url,
    cable_url,
    parse_link,
    public_url,
    target_for,
)
from cablereader.core.query import parse_query
from cablereader.importer.run import import_sources
from cablereader.store.api import CableFilter, Facet
from cablereader.store.sqlite_store import SqliteCableStore
from tests.conftest import NetworkUsedError


def test_guard_notices_a_connection(network_calls: list[str]) -> None:
    """The guard itself works (else the real test would prove nothing)."""
    with pytest.raises(NetworkUsedError):
        socket.create_connection(("example.org", 80))
    with pytest.raises(NetworkUsedError):
        socket.getaddrinfo("example.org", 80)
    with socket.socket() as sock, pytest.raises(NetworkUsedError):
        sock.connect(("192.0.2.1", 80))
    assert len(network_calls) == 3
    network_calls.clear()


def test_import_search_read_and_link_offline(
    network_calls: list[str], corpus: Path, tmp_path: Path
) -> None:
    store = SqliteCableStore(tmp_path / "cables.db")
    try:
        report = import_sources(store, [corpus])
        assert report.failed == 0 and report.added + report.updated == 398 + 342 + 1

        for text in ("iran", 'origin:"Embassy Lima" prel', "class:secret year:2009", "-tag:prel"):
            flt = CableFilter(query=parse_query(text))
            hits = store.search(flt, limit=5)
            assert store.count(flt) >= len(hits)
        everything = CableFilter()
        for facet in Facet:
            counts = store.facet_counts(facet, everything)
            # Every cable has one value of each facet, except tags and kinds of change.
            covers_all = facet not in (Facet.TAG, Facet.CHANGED)
            assert counts and sum(n for _, n in counts) >= store.count() * covers_all

        stored = store.fetch_cable("05LIMA4377")
        assert stored is not None and stored.cable.paragraphs
        cable = stored.cable
        store.raw_source(stored.version_id)
        store.cited_by(cable.reference_id)

        paragraph = next(p for p in cable.paragraphs if p.anchor)
        for target in (target_for(cable), target_for(cable, paragraph)):
            for fmt in LinkFormat:
                assert format_link(target, fmt).text
            for style in UrlStyle:
                template = "https://mirror.example/{refid}#{anchor}"
                settings = LinkSettings(style, template if style is UrlStyle.CUSTOM else "")
                assert cable_url(target, settings)
            assert parse_link(app_url(target)) is not None
        assert public_url("05LIMA4377", None).startswith("https://")
    finally:
        store.close()
