"""Turning what a format parser found into a Cable, the same way for every format."""

from __future__ import annotations

from dataclasses import dataclass

from cablereader.core.cable_text import parse_text_fields
from cablereader.core.model import Cable
from cablereader.core.refid import STRICT_ID, id_year
from cablereader.core.timestamps import Stamp, correct_created


class CableFormatError(ValueError):
    """The input is not a cable we can read; the message is shown to the user as is."""


@dataclass(frozen=True, slots=True)
class BoxValues:
    """The reference box as a source printed it, before any correction."""

    reference_id: str
    created: Stamp
    released: Stamp | None
    classification: str
    origin: str
    buggy_clock: bool  # the source may carry the pre-Aug-2011 clock bug
    created_exact: bool = False  # from a source known to be right (an export row)


def assemble_cable(
    box: BoxValues,
    header: str,
    body: str,
    partial: bool,
    articles: tuple[str, ...] = (),
    warnings: tuple[str, ...] = (),
    site_tags: tuple[str, ...] = (),
) -> Cable:
    if box.created_exact:
        created, created_approx = box.created, False
    else:
        created, created_approx = correct_created(box.created, header, box.buggy_clock)
    citing_year = id_year(box.reference_id) or created.year
    well_formed = STRICT_ID.match(box.reference_id)
    own_station = well_formed.group(2) if well_formed else None
    fields = parse_text_fields(header, body, citing_year, site_tags, own_station)
    return Cable(
        reference_id=box.reference_id,
        created=created.iso(),
        created_approx=created_approx,
        released=box.released.iso() if box.released else None,
        released_approx=box.released is not None and box.buggy_clock,
        classification=box.classification,
        origin=box.origin,
        header=header,
        body=body,
        partial=partial,
        subject=fields.subject,
        tags=fields.tags,
        references=fields.references,
        paragraphs=fields.paragraphs,
        articles=articles,
        routing=fields.routing,
        sender=fields.sender,
        to=fields.to,
        info=fields.info,
        eo=fields.eo,
        classified_by=fields.classified_by,
        classified_reason=fields.classified_reason,
        summary=fields.summary,
        comment=fields.comment,
        warnings=warnings,
    )
