"""Which row and which column of a table are the customer's own, by the plan, tier or product they have.

A table of plans ("| Plan | Monthly price | Minimum term |") has one row for the customer's plan; a table priced by
plan ("| Zone | Mobile Go | Mobile Plus | Mobile Max |", "| Service | Standard | Plus | Premier |") has one column
for it. What the customer has comes from their profile (tier, the items of their orders) and from their own words
("I'm on Max"). A name is theirs when all its words are among what they have, or a word that sets it apart from
the table's other names is ("Max" for "Mobile Max" beside "Mobile Go" and "Mobile Plus"); a table where no name,
or more than one, is theirs is said whole. A table of places ("| Zone | Destinations |") has one row for the place
they name.
"""

from __future__ import annotations

import re

from assistant.customer_facts import stated_plans
from assistant.places import Place, names_in as _names
from assistant.tables import Row, case_columns
from assistant.types import CustomerProfile

# a key column that names what a customer has or is on ("Plan", "Your plan", "Tariff"): its rows are one per customer
# (the words customers use for what they are on: as ``customer_facts`` reads "I have the X plan")
_OWNED_HEAD = re.compile(r"\b(?:plans?|tiers?|tariffs?|packages?|memberships?|subscriptions?|fares?|policy|policies|"
                         r"accounts?|bundles?|products?)\b", re.I)


def owned_text(message: str, customer: CustomerProfile | None) -> str:
    """What the customer has, as words: their tier, their orders' items and the plans they say are theirs."""
    bits = list(stated_plans(message))
    if customer is not None:
        bits += [customer.tier or ""] + [item for order in customer.orders for item in order.items]
    return " ".join(b for b in bits if b)


def _tokens(name: str) -> set[str]:
    base = re.sub(r"\([^()]*\)", " ", name)  # "Fibre 500 (broadband)": the parenthesis describes, it does not name
    return set(re.findall(r"[a-z0-9]+", base.lower()))


def theirs(names: list[str], owned: str) -> str | None:
    """The one name of ``names`` that is the customer's (see the module docstring), or None."""
    have = _tokens(owned)
    if not have:
        return None
    full = [n for n in names if _tokens(n) and _tokens(n) <= have]
    if len(full) == 1:
        return full[0]
    if full:
        return None
    apart = []
    for n in names:
        own = _tokens(n) - set().union(*(_tokens(m) for m in names if m != n))
        if own & have:
            apart.append(n)
    return apart[0] if len(apart) == 1 else None


def asked_about(names: list[str], message: str) -> set[str]:
    """The names the message itself speaks of: the whole name ("Fibre 900"), or the word that sets it apart from the
    others written as the name writes it, not first in a sentence ("is it cheaper on Plus?")."""
    out = set()
    for n in names:
        base = re.sub(r"\s*\([^()]*\)", "", n).strip()
        if base and re.search(rf"(?<![\w-]){re.escape(base)}(?![\w-])", message, re.I):
            out.add(n)
            continue
        own = _tokens(n) - set().union(*(_tokens(m) for m in names if m != n))
        for word in re.findall(r"[\w-]+", base):
            if word.lower() in own and re.search(rf"(?<![.!?]\s)(?<!^)(?<![\w-]){re.escape(word)}(?![\w-])", message):
                out.add(n)
    return out


def customer_column(rows: list[Row], text: str, owned: str, message: str = "") -> str | None:
    """The customer's column of a table priced by plan, or None (also when the message asks about another plan's)."""
    cases = case_columns(rows, text, owned)
    mine = theirs(sorted(cases), owned) if cases else None
    if mine is None or asked_about(sorted(cases - {mine}), message):
        return None
    return mine


# a column of places ("Destinations", "Zone", "Countries"): a table whose rows are for where the customer is or goes
# (not one whose row merely names a country, "UK cash machine withdrawals")
_PLACE_HEAD = re.compile(r"\b(?:destinations?|zones?|countr(?:y|ies)|regions?|areas?|locations?|where|places?|"
                         r"territor(?:y|ies)|continents?)\b", re.I)


# a column for bookings that have an add-on: "Ticket with Worry-Free Pass", "With cancellation protection"
_WITH_HEAD = re.compile(r"\bwith\s+(?:an?\s+|the\s+)?([A-Za-z][\w -]{2,40})$", re.I)
# the add-on said not to be theirs, a few words before its name: "no Worry-Free Pass", "we didnt take the pass thing"
_WITHOUT = re.compile(r"\b(?:no|without|not|never|didn'?t|did not|don'?t|do not|haven'?t|have not|declined|skipped)\b"
                      r"(?:\s+[\w'’]+){0,3}\s*$", re.I)


def addon_column(headers: list[str], message: str, customer: CustomerProfile | None) -> str | None:
    """Of two columns, one for bookings with an add-on ("Ticket with Worry-Free Pass") and one without ("Standard
    ticket"), the customer's: the add-on's column where their orders or words name it, the other where they say
    they do not have it ("no Worry-Free Pass", "we didn't take the pass thing"); None where neither is said, or both."""
    withs = [(h, m.group(1)) for h in headers if (m := _WITH_HEAD.search(h.strip()))]
    if len(headers) != 2 or len(withs) != 1:
        return None
    column, addon = withs[0]
    # (the add-on's first word names it: "worry" for "Worry-Free Pass", "gold" for "Gold Protect")
    name = re.search(r"[a-z]{3,}", addon.lower())
    if name is None:
        return None
    texts = [message] + ([item for o in customer.orders for item in o.items] if customer else [])
    has, lacks = False, False
    for text in texts:
        for m in re.finditer(rf"\b{re.escape(name.group(0))}\w*", text, re.I):
            if _WITHOUT.search(text[max(0, m.start() - 30):m.start()]):
                lacks = True
            else:
                has = True
    if has == lacks:
        return None
    return column if has else next(h for h in headers if h != column)


def place_row(rows: list[Row], places: list[Place]) -> Row | None:
    """The one row of a table that names a place the customer names, or an area it lies in ("Spain" and the row
    "Roam Europe | EU countries, Norway, ..."), where every such place falls in that same row; None otherwise."""
    if not places or len(rows) < 2 or not any(_PLACE_HEAD.search(h) for h in rows[0].header):
        return None
    mine: set[int] = set()
    for place in places:
        hits = {i for i, r in enumerate(rows)
                if any(_names(" ".join(r.cells), name) for name in (place.name, *place.areas()))}
        if len(hits) != 1:
            return None  # in no row, or in several (a row for the country and one for its continent)
        mine |= hits
    return rows[mine.pop()] if len(mine) == 1 else None


def customer_row(rows: list[Row], owned: str) -> Row | None:
    """The customer's row of a table keyed by plan (its key column names what a customer is on), or None."""
    if not rows or not rows[0].header or not _OWNED_HEAD.search(rows[0].header[0] or ""):
        return None
    key = theirs([r.key for r in rows if r.key], owned)
    return next((r for r in rows if r.key == key), None) if key else None


__all__ = ["owned_text", "theirs", "asked_about", "customer_column", "addon_column", "customer_row", "place_row"]
