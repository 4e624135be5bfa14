"""Date ranges a customer gives ("from 10 to 20 December") and the calendar days they cover: the count a charge
per day is worked out with, and the count the verifier accepts for it."""

from __future__ import annotations

import re
from datetime import date

_MONTH = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|"
          r"nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?:the\s+)?(?P<{}>\d{{1,2}})(?:st|nd|rd|th)?"
# two dates the customer is away or uses something between: "from 10 to 20 December", "10th-20th Dec", "from 28
# December to 3 January", "between the 3rd and the 7th of March", "March 3 to 7" ("and" only after "between": "on 3
# and 7 March" are two days)
_RANGE = re.compile(rf"\b(?:from\s+|(?P<between>between)\s+)?{_DAY.format('first')}(?:\s+(?:of\s+)?"
                    rf"{_MONTH.replace('(jan', '(?P<first_month>jan', 1)})?\s*(?P<to>to|till|until|and|-|–)\s*"
                    rf"{_DAY.format('last')}\s+(?:of\s+)?{_MONTH.replace('(jan', '(?P<month>jan', 1)}\b|"
                    rf"\b{_MONTH.replace('(jan', '(?P<lead_month>jan', 1)}\s+(?P<lead_first>\d{{1,2}})(?:st|nd|rd|th)?"
                    rf"\s*(?:to|till|until|-|–)\s*(?P<lead_last>\d{{1,2}})(?:st|nd|rd|th)?\b", re.I)


def _month(word: str) -> int:
    return ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].index(word[:3].lower()) + 1


def date_ranges(message: str) -> list[tuple[str, int]]:
    """Each date range the customer gives, as written, with the calendar days it covers, both ends counted ("from 10
    to 20 December" -> ("from 10 to 20 December", 11)): a charge per day counts every day of the stay."""
    out: list[tuple[str, int]] = []
    for m in _RANGE.finditer(message):
        if m.group("lead_month"):  # "March 3 to 7"
            start_month = end_month = _month(m.group("lead_month"))
            first, last = int(m.group("lead_first")), int(m.group("lead_last"))
        else:
            if m.group("to").lower() == "and" and not m.group("between"):
                continue
            end_month = _month(m.group("month"))
            start_month = _month(m.group("first_month")) if m.group("first_month") else end_month
            first, last = int(m.group("first")), int(m.group("last"))
        try:
            start = date(2025, start_month, first)
            end = date(2025 if end_month >= start_month else 2026, end_month, last)
        except ValueError:
            continue
        if start <= end and (end - start).days < 366:
            out.append((m.group(0).strip(), (end - start).days + 1))
    return out



def range_day_counts(message: str) -> set[float]:
    """The day counts of the customer's date ranges ({11.0} for "from 10 to 20 December")."""
    return {float(days) for _, days in date_ranges(message)}


__all__ = ["date_ranges", "range_day_counts"]
