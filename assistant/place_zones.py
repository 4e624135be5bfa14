"""The zone a customer's place puts them in, from a table of zones and the places each covers.

Price tables are often by zone ("| Appliance | Zone 1 | Zone 2 |") while the customer says where they live ("we're in
Harlow"); another table says which places each zone covers ("| Zone 2 | Harlow, Epping, Ongar |"). The zone whose
row names their place is theirs, and it picks their column like a plan they hold does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.tables import tables_in

# a key column of zones or areas: "Zone", "Delivery area", "Band", "Region"
_ZONE_HEAD = re.compile(r"\b(?:zones?|areas?|bands?|regions?|sectors?|districts?)\b", re.I)
_SPLIT = re.compile(r"\s*(?:,|;|/|\band\b|\bor\b|\(|\))\s*")


def customer_zone(message: str, texts: Sequence[str]) -> str | None:
    """The one zone (a row's key) of the texts' zone tables whose row names a place the message names; None where
    no row does, or rows of two zones do."""
    found: set[str] = set()
    for text in texts:
        for rows in tables_in(text):
            if not rows or not rows[0].header or not _ZONE_HEAD.search(rows[0].header[0]):
                continue
            for row in rows:
                places = {p for cell in row.cells[1:] for p in _SPLIT.split(cell)
                          if len(p) >= 3 and p[:1].isupper() and not re.search(r"\d", p)}
                if any(re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", message, re.I) for p in places):
                    found.add(row.key.strip())
    return found.pop() if len(found) == 1 else None


__all__ = ["customer_zone"]
