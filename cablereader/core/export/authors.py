"""Who wrote a cable, as reference managers want an institutional author.

The data names the sending post as the site did: "Embassy Lima", "Consulate Karachi",
"Mission USNATO", "Secretary of State", "REO Basrah". A citation needs the institution,
and Zotero's WikiLeaks PlusD translator writes it as "US Embassy Lima". Decision: we
prefix "US " unless the name already says whose post it is: it starts with "US"
("US Mission Geneva", "USUN New York", "USEU Brussels"), "U.S.", "American"
("American Institute Taiwan, Taipei") or "UN" ("UNVIE", "UN Rome", which are US
missions to the UN already named as such). Whitespace is collapsed; nothing else changes.
"""

from __future__ import annotations

_ALREADY_NAMED = ("US", "U.S.", "AMERICAN", "UN")


def institution_author(origin: str) -> str:
    name = " ".join(origin.split())
    if not name:
        return "US Department of State"  # every cable is a State Department telegram
    if name.upper().startswith(_ALREADY_NAMED):
        return name
    return f"US {name}"
