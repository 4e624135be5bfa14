"""Rows of a table keyed by a route between two places ("For Harbour Station ↔ Hill Airport, distance: 80 km; fee:
£30."): a row is the customer's only when they name both of its ends.

A customer who names one place ("filled the tank 5 mins from Harbour Station") shares a word with every route from it;
quoting one of those rows tells them another journey's fee (raters called such a fee irrelevant and off-topic).
The route they name in full is theirs; a rule over all routes ("over 250 km: £90") still answers.
"""

from __future__ import annotations

import re

# a row said as a sentence whose key joins two named places by an arrow or "to": "For A ↔ B, ...", "For A to B: ..."
_ROUTE_ROW = re.compile(
    r"^For\s+(?P<a>[A-Z][^,:;↔→⇄]{1,40}?)\s*(?:↔|⇄|<->|->|→|\bto\b)\s*(?P<b>[A-Z][^,:;]{1,40}?)\s*[,:]")
_GENERIC = frozenset({"airport", "city", "centre", "center", "station", "port", "terminal", "branch", "depot", "north",
                      "south", "east", "west", "central", "international", "the", "and", "of"})


def _end_named(end: str, message: str) -> bool:
    """Whether the customer names this end of a route: one of its telling words ("Hill" of "Hill Airport"), or all
    of its words where none is telling."""
    words = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'-]+", re.sub(r"\([^)]*\)", " ", end))]
    telling = [w for w in words if w not in _GENERIC] or words
    said = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'-]+", message)}
    return bool(telling) and any(w in said for w in telling)


def other_route(sentence: str, message: str) -> bool:
    """Whether the sentence is a route row whose two ends the customer does not both name (another journey's row)."""
    m = _ROUTE_ROW.match(sentence)
    if not m:
        return False
    return not (_end_named(m["a"], message) and _end_named(m["b"], message))
