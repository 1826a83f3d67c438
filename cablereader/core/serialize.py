"""Cables to plain dicts and back: the store keeps them this way and `show --json` prints it."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from cablereader.core.codec import pack, unpack
from cablereader.core.model import Cable, Paragraph, Reference

_TUPLE_FIELDS = ("tags", "articles", "routing", "to", "info", "warnings")


_CABLE_FIELDS = tuple(f.name for f in dataclasses.fields(Cable))
_PARAGRAPH_FIELDS = tuple(f.name for f in dataclasses.fields(Paragraph))
_REFERENCE_FIELDS = tuple(f.name for f in dataclasses.fields(Reference))


def cable_to_dict(cable: Cable) -> dict[str, Any]:
    # Written out rather than dataclasses.asdict, which deep-copies and was a third of
    # the CSV import time.
    data: dict[str, Any] = {name: getattr(cable, name) for name in _CABLE_FIELDS}
    for name in _TUPLE_FIELDS:
        data[name] = list(data[name])
    data["references"] = [{k: getattr(r, k) for k in _REFERENCE_FIELDS} for r in cable.references]
    data["paragraphs"] = [{k: getattr(p, k) for k in _PARAGRAPH_FIELDS} for p in cable.paragraphs]
    return data


def cable_from_dict(data: dict[str, Any]) -> Cable:
    values = dict(data)
    for name in _TUPLE_FIELDS:
        values[name] = tuple(values.get(name) or ())
    values["references"] = tuple(Reference(**r) for r in values.get("references") or ())
    values["paragraphs"] = tuple(Paragraph(**p) for p in values.get("paragraphs") or ())
    known = {f.name for f in dataclasses.fields(Cable)}
    return Cable(**{k: v for k, v in values.items() if k in known})


def changed_fields(old: Cable, new: Cable) -> list[str]:
    """Which published fields differ between two versions, for the version history."""
    skip = {"paragraphs", "warnings"}
    return [
        f.name
        for f in dataclasses.fields(Cable)
        if f.name not in skip and getattr(old, f.name) != getattr(new, f.name)
    ]


def encode_cable(cable: Cable) -> bytes:
    """Compact stored form: the body is left out because the paragraphs add up to it."""
    data = cable_to_dict(cable)
    del data["body"]
    return pack(json.dumps(data, ensure_ascii=False).encode())


def decode_cable(blob: bytes) -> Cable:
    data = json.loads(unpack(blob))
    data["body"] = "".join(p["text"] for p in data["paragraphs"])
    return cable_from_dict(data)
