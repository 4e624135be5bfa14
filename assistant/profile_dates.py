"""The dates the customer's profile records for an event a policy counts from ("Time since policy start date").

A profile's orders carry their own dates: the day each was placed, the day it was delivered, and dates written into
an item ("Classic Annual Multi-Trip (cover start 2026-07-10)"). The time since an event the policy names is counted
from the one date the profile gives for that event: an item's date whose words name it ("cover start" for "policy
start"), the placing of the order for an order or purchase, the delivery for a delivery. Two different dates for the
event (two policies) give none: the reply cannot tell which is meant.
"""

from __future__ import annotations

import re
from datetime import date

from assistant.grounding.words import stem
from assistant.types import CustomerProfile

# "cover start 2026-07-10", "renewal date: 2027-03-01": a few words, then an ISO date
_ITEM_DATE = re.compile(r"([A-Za-z][A-Za-z -]{1,40}?)\s*[:=]?\s*(\d{4})-(\d{2})-(\d{2})\b")
_PLACED = {stem(w) for w in ("order", "purchase", "bought", "buy", "placed", "booking")}
_DELIVERED = {stem(w) for w in ("delivery", "delivered", "received", "arrival")}
# words that say nothing of which event it is
_VAGUE = {stem(w) for w in ("date", "day", "the", "your", "of", "policy", "plan", "account", "order", "item")}


def _stems(text: str) -> set[str]:
    return {stem(w) for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 2}


def event_dates(customer: CustomerProfile | None, event: str | None) -> set[date]:
    """The dates the profile gives for ``event`` (see the module docstring)."""
    if customer is None or not event:
        return set()
    wanted = _stems(event)
    telling = wanted - _VAGUE
    out: set[date] = set()
    for order in customer.orders:
        for item in order.items:
            for m in _ITEM_DATE.finditer(item):
                words = _stems(m.group(1).split("(")[-1])
                if telling and words & telling:
                    try:
                        out.add(date(int(m.group(2)), int(m.group(3)), int(m.group(4))))
                    except ValueError:
                        continue
        if order.date and wanted & _PLACED:
            out.add(order.date)
        if order.delivered_on and wanted & _DELIVERED:
            out.add(order.delivered_on)
    return out


__all__ = ["event_dates"]
