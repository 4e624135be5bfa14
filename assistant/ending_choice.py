"""What a bare "I need to cancel" or "how much is it to leave?" is about, when the customer holds more than one thing.

A request to end something that names no object ("Hi, I need to cancel please.") cannot be answered before we know
what is to end: an order still being prepared and a membership end in different ways, and what leaving costs
depends on the plan. The options come from the customer's profile (orders still running, and the tier where no
order is that tier), or, with no profile, from the sources: the first column of a table whose rows are the plans,
tiers or products a charge differs by ("Plan | Monthly price | Minimum term"). One option, or a message that names
one, settles it and is answered.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from assistant.personalisation import order_label
from assistant.tables import tables_in
from assistant.types import CustomerProfile, Order, Passage

# "I need to cancel please", "can I cancel?", "how much is it to leave": ending something, with no object after the
# verb (a pronoun with no earlier turn points at nothing either)
BARE_END = re.compile(r"(?:^|[.!?]\s*|\b(?:to|i|we|please|pls)\s+)(cancel|leave|quit|terminate|close)\b"
                      r"(?:\s+(?:it|this|that))?(?=\s*(?:$|[.!?,;]|please\b|pls\b|plz\b|now\b|today\b|asap\b|"
                      r"thanks?\b|thx\b|for me\b))", re.I)
# a status after which an order has nothing left to cancel or leave
_FINISHED = re.compile(r"\b(?:delivered|returned|refunded|cancell?ed|closed|completed?|expired|ended|lapsed)\b", re.I)
# what the rows of a table are, by its first column's header: the choices a price or a rule is split by
_CHOICE_HEADER = re.compile(r"^(?:your\s+)?(?:plan|tier|product|package|policy|policy type|level|membership|account|"
                            r"account type|tariff|bundle|service|subscription|cover|card)s?$", re.I)
# the noun a tier goes by in the documents ("Plus membership", "Premier plan")
_TIER_NOUNS = ("membership", "plan", "subscription", "tier", "account", "package", "policy", "contract")
MAX_LISTED = 6
_BRACKET = re.compile(r"\s*\([^)]*\)")


def _running(orders: Sequence[Order]) -> list[Order]:
    return [o for o in orders if not _FINISHED.search(o.status or "")]


def tier_among(tier: str, orders: Sequence[Order]) -> bool:
    """Whether one of the orders is the tier itself: its items name the tier ("Fixed 24 electricity" for the tier
    "Fixed 24 (dual fuel)", "Core 12-month membership" for "Core 12-month"). A bracketed note of the tier's is
    no part of its name; every other word of the name must be in one order's items."""
    name = _BRACKET.sub("", tier).strip().lower()
    words = set(re.findall(r"[a-z0-9]+", name))
    return bool(words) and any(name in " ".join(o.items).lower() or
                               words <= set(re.findall(r"[a-z0-9]+", " ".join(o.items).lower())) for o in orders)


def tier_kind(tier: str, passages: Sequence[Passage]) -> str:
    """The noun the documents put after the tier's name ("Plus membership"); "membership" when they use none."""
    said = Counter(m.group(1).lower() for p in passages
                   for m in re.finditer(rf"\b{re.escape(tier)}\s+([a-z]+)", p.text, re.I)
                   if m.group(1).lower() in _TIER_NOUNS)
    return said.most_common(1)[0][0] if said else "membership"


def _named(message: str, order: Order) -> bool:
    """Whether the message names the order's first item by every word of its name (the part before a dash or a
    bracket: "Kettlebell Basics" of "Kettlebell Basics - Saturday 5 Dec, 10am"); a one-word name is not enough."""
    name = re.split(r"\s[-–—]\s|\(|,", order.items[0])[0] if order.items else ""
    words = {w.lower() for w in re.findall(r"[A-Za-z]{2,}", name)}
    said = {w.lower() for w in re.findall(r"[A-Za-z]{2,}", message)}
    return len(words) >= 2 and words <= said


def _table_choices(passages: Sequence[Passage]) -> tuple[str, list[str]] | None:
    """(kind, options) from the first table of the passages whose rows are plans, tiers or products."""
    for p in passages:
        if p.audience != "public":
            continue
        for rows in tables_in(p.text):
            head = rows[0].header[0].strip() if rows and rows[0].header else ""
            keys = list(dict.fromkeys(r.key.strip("* ") for r in rows if r.key.strip("* ")))
            if _CHOICE_HEADER.match(head) and len(keys) >= 2:
                return head.lower().removeprefix("your ").rstrip("s"), keys
    return None


def ending_choice(message: str, profile: CustomerProfile | None, passages: Sequence[Passage]) -> str | None:
    """The clarify reason for a bare request to end something that could mean more than one thing (see module
    docstring), naming the options; None when the message names its object or only one option exists."""
    found = BARE_END.search(message)
    if not found:
        return None
    verb = found.group(1).lower()
    if profile and (profile.orders or profile.tier):
        running = _running(profile.orders)
        if sum(_named(message, o) for o in running) == 1:
            return None  # "I booked Kettlebell Basics ... if I cancel now": the one they name earlier is meant
        options = [f"your {order_label(o)}" for o in running[:MAX_LISTED]]
        if profile.tier and not tier_among(profile.tier, profile.orders):
            options.append(f"your {profile.tier} {tier_kind(profile.tier, passages)}")
        if len(options) < 2:
            return None
        return f"the message does not say what the customer wants to {verb}: " + " | ".join(options)
    table = _table_choices(passages)
    if table is None:
        return None
    kind, keys = table
    names = [_BRACKET.sub("", k).strip() for k in keys]
    if any(re.search(rf"\b{re.escape(n)}\b", message, re.I) for n in names if n):
        return None  # the message names its plan
    return f"the message does not say which {kind} the customer is on: " + " | ".join(keys[:MAX_LISTED])


def ending_question(reason: str) -> str | None:
    """The one question for an ``ending_choice`` reason, naming its options."""
    held = re.match(r"the message does not say what the customer wants to (\w+): (.+)$", reason)
    if held:
        options = held.group(2).split(" | ")
        listed = ", ".join(options[:-1]) + f" or {options[-1]}"
        return f"Could you tell me whether you'd like to {held.group(1)} {listed}?"
    plan = re.match(r"the message does not say which ([\w ]+?) the customer is on: (.+)$", reason)
    if plan:
        options = plan.group(2).split(" | ")
        if len(options) > 3:  # a long list reads better by the names alone ("Fibre 500", not "Fibre 500 (broadband)")
            options = [_BRACKET.sub("", o).strip() for o in options]
        listed = ", ".join(options[:-1]) + f" or {options[-1]}"
        return f"Could you tell me which {plan.group(1)} you're on ({listed}), so I can tell you what applies to yours?"
    return None
