"""Date ranges a customer gives ("from 10 to 20 December") and the calendar days they cover: the count a charge
per day is worked out with, and the count the verifier accepts for it; and the nights of a stay between two dates, split
where a date of the sources falls inside it (a season that starts mid-stay)."""

from __future__ import annotations

import re
from collections.abc import Sequence
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


_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?"
_YEAR = r"(?:,?\s+(?P<{}>20\d\d))?"
# one day of a month: "Saturday 19 December", "19th of Dec 2026", "December 19", "Dec 19, 2026"
_DAY_MONTH = re.compile(rf"\b(?:{_WEEKDAY}\s+)?(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
                        rf"{_MONTH.replace('(jan', '(?P<month>jan', 1)}\b{_YEAR.format('year')}|"
                        rf"\b{_MONTH.replace('(jan', '(?P<lead_month>jan', 1)}\s+(?P<lead_day>\d{{1,2}})(?:st|nd|rd|th)?\b"
                        rf"(?!\s*[:.]\d){_YEAR.format('lead_year')}", re.I)
# days of one month written as a range: "3-8 Dec", "(10–15 December)"
_DAY_SPAN = re.compile(rf"\b(?P<first>\d{{1,2}})\s*[-–]\s*(?P<last>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
                       rf"{_MONTH.replace('(jan', '(?P<month>jan', 1)}\b{_YEAR.format('year')}", re.I)

DayOfYear = tuple[int, int, int | None]  # (month, day, year or None where the text gives none)


def days_named(text: str) -> list[tuple[int, DayOfYear]]:
    """Every day of a month the text names, with where it starts, in order ("3-8 Dec" names both days)."""
    found: list[tuple[int, DayOfYear]] = []
    spans = list(_DAY_SPAN.finditer(text))
    for m in spans:
        year = int(m.group("year")) if m.group("year") else None
        found += [(m.start(), (_month(m.group("month")), int(m.group("first")), year)),
                  (m.start("last"), (_month(m.group("month")), int(m.group("last")), year))]
    for m in _DAY_MONTH.finditer(text):
        if any(s.start() <= m.start() < s.end() for s in spans):
            continue
        lead = bool(m.group("lead_month"))
        written = m.group("lead_year" if lead else "year")
        found.append((m.start(), (_month(m.group("lead_month" if lead else "month")),
                                  int(m.group("lead_day" if lead else "day")), int(written) if written else None)))
    return sorted(found)


def nights_between(first: DayOfYear, last: DayOfYear) -> int | None:
    """Nights from one day to a later one (the later one in the next year where it falls before in the calendar);
    None for a day that does not exist."""
    try:
        start = date(first[2] or last[2] or 2025, first[0], first[1])
        end = date(last[2] or start.year, last[0], last[1])
    except ValueError:
        return None
    if end < start and first[2] is None and last[2] is not None:  # "Dec 19 - Jan 3, 2027": the start is the year before
        start = start.replace(year=start.year - 1) if (first[0], first[1]) != (2, 29) else start
    if end < start and last[2] is None:
        try:
            end = end.replace(year=end.year + 1)
        except ValueError:  # (29 February in a year after a leap year)
            return None
    return (end - start).days


MAX_STAY_NIGHTS = 92  # longer than a season: two dates so far apart are no stay


def stay_night_counts(message: str, sources: Sequence[str] = ()) -> set[float]:
    """The nights of the stay between the first two days the customer names (2 to 11 May: 9), and, for each day a
    source names inside that stay, the nights before it and from it (a busy season from 8 May: 6 and 3)."""
    days = [d for _, d in days_named(message)]
    if len(days) < 2:
        return set()
    nights = nights_between(days[0], days[1])
    if nights is None or not 0 < nights <= MAX_STAY_NIGHTS:
        return set()
    out = {float(nights)}
    for text in sources:
        for _, day in days_named(text):
            before = nights_between(days[0], (day[0], day[1], None))
            if before is not None and 0 < before < nights:
                out |= {float(before), float(nights - before)}
    return out


def range_day_counts(message: str) -> set[float]:
    """The day counts of the customer's date ranges ({11.0} for "from 10 to 20 December")."""
    return {float(days) for _, days in date_ranges(message)}


__all__ = ["date_ranges", "range_day_counts", "days_named", "nights_between", "stay_night_counts", "DayOfYear",
           "MAX_STAY_NIGHTS"]
