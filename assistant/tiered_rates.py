"""A payment or charge for a first stretch plus a rate for each further stretch, worked out for how long the customer
says it lasted.

"Power off for 12 hours or more: £95, plus £40 for each further 12 hours" to a customer whose power was off for 36
hours: "For 36 hours: £95 for the first 12 hours, plus £40 for each of the 2 further 12-hour periods: £95 + £40 + £40
= £175." Only full further periods count; a cap the rule states ("up to £700 in total") holds. The first stretch is
the one the rule names ("for the first 12 hours") or the threshold it sets ("12 hours or more"); how long it lasted is
the one time the customer states ("THIRTY SIX HOURS") or the span between the two moments they name. Nothing is worked
out below the threshold, without one duration, or for a rule whose first stretch is not said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from assistant.charges import money
from assistant.grounding.windows import plain
from assistant.quantities import stated_measures
from assistant.time_span import stated_span

_AMOUNT = r"([£€$])\s?(\d[\d,]*(?:\.\d{1,2})?)"
_UNIT_HOURS = {"hour": 1.0, "day": 24.0}
# "£95, plus £40 for each further 12 hours", "£10 for the first hour, then £5 for every additional hour"
_TIERED = re.compile(rf"{_AMOUNT}(?:\s+for\s+the\s+first\s+(\d+|an?|one)?\s*(hour|day)s?)?\s*,?\s*(?:plus|then|and)\s+"
                     rf"{_AMOUNT}\s+(?:for|per)\s+(?:each|every)\s+(?:further|additional|extra|subsequent)\s+"
                     r"(?:full\s+)?(\d+)?[\s-]*(hour|day)s?\b", re.I)
# the threshold the rule sets: "for 12 hours or more", "at least 24 hours", "12+ hours"
_THRESHOLD = re.compile(r"\b(?:(?:for\s+)?(\d+)\s+(hour|day)s?\s+or\s+(?:more|longer)|(?:at least|more than)\s+(\d+)\s+"
                        r"(hour|day)s?|(\d+)\+\s*(hour|day)s?)\b", re.I)
_CAP = re.compile(rf"\b(?:up to|capped at|to a maximum of|a maximum of|no more than)\s+{_AMOUNT}(?:\s+in total)?", re.I)


@dataclass(frozen=True)
class Tiered:
    currency: str
    first: float  # the payment for the first stretch
    first_hours: float
    rate: float  # the payment for each further stretch
    step_hours: float
    cap: float | None


def tiered_in(sentence: str) -> Tiered | None:
    """The one first-plus-each-further rate the sentence states, with its first stretch and cap, or None."""
    text = plain(sentence)
    found = list(_TIERED.finditer(text))
    if len(found) != 1:
        return None
    m = found[0]
    if m.group(1) != m.group(5):
        return None
    step = float(m.group(7) or 1) * _UNIT_HOURS[m.group(8).lower()]
    if m.group(4):
        count = m.group(3)
        first = (1.0 if not count or not count.isdigit() else float(count)) * _UNIT_HOURS[m.group(4).lower()]
    else:
        thresholds = {float(t.group(1) or t.group(3) or t.group(5)) * _UNIT_HOURS[(t.group(2) or t.group(4) or
                                                                                    t.group(6)).lower()]
                      for t in _THRESHOLD.finditer(text)}
        if len(thresholds) != 1:
            return None
        first = thresholds.pop()
    caps = {float(c.group(2).replace(",", "")) for c in _CAP.finditer(text[m.end():]) if c.group(1) == m.group(1)}
    if len(caps) > 1:
        return None
    return Tiered(m.group(1), float(m.group(2).replace(",", "")), first, float(m.group(6).replace(",", "")), step,
                  caps.pop() if caps else None)


def stated_hours(message: str, today: date) -> float | None:
    """How long it lasted, in hours: the one time the customer states, or the span between the two moments they
    name; None when neither gives one figure, or the two disagree."""
    times = {round(v / 60, 2) for d, v in stated_measures(message) if d == "time"}
    span = stated_span(message, today)
    if span is not None:
        times.add(round(span.hours, 2))
    return times.pop() if len(times) == 1 else None


def _hours(value: float) -> str:
    return f"{value:g} hour{'' if value == 1 else 's'}"


def tiered_total(sentence: str, message: str, today: date) -> str | None:
    """The rule's payment worked out for how long the customer says it lasted (see the module docstring), or None."""
    rule = tiered_in(sentence)
    hours = stated_hours(message, today) if rule is not None else None
    if rule is None or hours is None or hours < rule.first_hours:
        return None
    further = int((hours - rule.first_hours + 1e-9) // rule.step_hours)
    cur = rule.currency
    raw = round(rule.first + further * rule.rate, 2)
    step = f"{rule.step_hours:g}-hour"
    first = "hour" if rule.first_hours == 1 else _hours(rule.first_hours)
    lead = f"For {_hours(hours)}: {money(rule.first, cur)} for the first {first}"
    if further == 0:
        return f"{lead}, and no full further {step} period, so {money(raw, cur)}."
    periods = "the 1 further" if further == 1 else f"each of the {further} further"
    if further <= 5:
        working = " + ".join([money(rule.first, cur)] + [money(rule.rate, cur)] * further)
    else:  # the product shown on its own, so each equation reads (and is checked) as itself
        extra = money(round(further * rule.rate, 2), cur)
        periods += f" {step} periods ({further} × {money(rule.rate, cur)} = {extra})"
        working = f"{money(rule.first, cur)} + {extra}"
    if further <= 5:
        periods += f" {step} period{'' if further == 1 else 's'}"
    said = f"{lead}, plus {money(rule.rate, cur)} for {periods}: {working} = {money(raw, cur)}"
    if rule.cap is not None and raw > rule.cap:
        said += f", capped at {money(rule.cap, cur)}"
    return said + "."


__all__ = ["Tiered", "tiered_in", "stated_hours", "tiered_total"]
