"""The price column a customer's day and time fall in, where a table's columns are for days of the week.

Activity and venue prices often differ by when you come: "| Group size | Off-peak (Mon–Wed, before 4 pm) | Peak (Mon–Wed
from 4 pm, all day Thu–Sun) |". A column's words are read as alternatives: a day or range of days opens one ("Thu–Sun",
"weekends", "Saturdays"), and a time bound after it narrows it ("from 4 pm", "before 4 pm"); a time bound with no day
before it holds on every day. The customer's day is the one their message names (a date, or a weekday), and their time
the one they give ("around 3pm", "at 18:30"). The column is theirs when it is the only one whose alternatives hold for
that day and time; a column that holds only if their time is one they did not give leaves the choice open.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from assistant.grounding.ranges import days_named

_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_FULL = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WORD = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,7}\.?"
# a range of days ("Mon–Thu", "Friday to Sunday"), one day ("Saturdays"), the week's parts ("weekends", "weekdays")
_RANGE = re.compile(rf"\b(?P<first>{_WORD})\s*(?:–|-|—|to|through)\s*(?P<to>{_WORD})(?!\w)|\b(?P<one>{_WORD})(?!\w)|"
                    r"\b(?P<part>weekends?|weekdays?)\b", re.I)


def _weekday(word: str) -> int | None:
    """0 for "Mon", "Monday", "Mondays"; None for a word that is no day ("month", "sunny")."""
    w = word.lower().rstrip(".")
    for i, full in enumerate(_FULL):
        if w in (full, full + "s", _DAYS[i]) or (len(w) >= 3 and full.startswith(w)):
            return i
    return None


# a time bound: "before 5 pm", "from 17:00", "after 6pm", "until noon"
_BOUND = re.compile(r"\b(?P<side>before|until|till|from|after)\s+(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ap>am|pm)?\b|"
                    r"\b(?P<side2>before|until|till|from|after)\s+(?P<noon>noon|midday)\b", re.I)
# the customer's time: "around 3pm", "at 18:30", "a 7.30pm session"
_CLOCK = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)\b|\bat\s+(\d{1,2})[:.](\d{2})\b", re.I)
_WEEKDAY_NAMED = re.compile(rf"\b(?:on|this|next|coming)\s+(?:a\s+)?({_WORD})(?!\w)", re.I)


@dataclass(frozen=True)
class _When:
    days: frozenset[int]
    after: float | None = None  # hours: from this time on
    before: float | None = None  # hours: up to this time


def _hours(h: str, m: str | None, ap: str | None) -> float:
    hour = int(h) % 12 + (12 if ap and ap.lower() == "pm" else 0) if ap else int(h)
    return hour + int(m or 0) / 60


def _day_set(m: re.Match[str]) -> frozenset[int] | None:
    if m.group("part"):
        return frozenset({5, 6} if m.group("part").lower().startswith("weekend") else {0, 1, 2, 3, 4})
    if m.group("one"):
        one = _weekday(m.group("one"))
        return None if one is None else frozenset({one})
    first, last = _weekday(m.group("first")), _weekday(m.group("to"))
    if first is None or last is None:
        return None
    return frozenset(range(first, last + 1)) if first <= last else frozenset([*range(first, 7), *range(0, last + 1)])


def column_times(head: str) -> list[_When]:
    """The alternatives a column's words give (see the module docstring); [] where they name no day or time."""
    found = sorted([(m.start(), "days", m) for m in _RANGE.finditer(head)] +
                   [(m.start(), "bound", m) for m in _BOUND.finditer(head)], key=lambda x: x[0])
    out: list[_When] = []
    for _, kind, m in found:
        if kind == "days":
            days = _day_set(m)
            if days is not None:
                out.append(_When(days))
            continue
        side = (m.group("side") or m.group("side2")).lower()
        at = 12.0 if m.group("noon") else _hours(m.group("h"), m.group("m"), m.group("ap"))
        if m.group("ap") is None and not m.group("noon") and at < 8:
            at += 12  # "from 5" on a price table: the evening
        last = out.pop() if out and out[-1].after is None and out[-1].before is None else _When(frozenset(range(7)))
        out.append(_When(last.days, at if side in ("from", "after") else None,
                         at if side in ("before", "until", "till") else None))
    return out


def customer_day(message: str, today: date) -> tuple[int | None, float | None]:
    """The weekday (0 = Monday) and the time (hours) the customer names; None for what they do not name."""
    weekday: int | None = None
    days = [d for _, d in days_named(message)]
    if len(days) == 1:
        month, number, year = days[0]
        try:
            when = date(year or today.year, month, number)
            if year is None and when < today:
                when = date(today.year + 1, month, number)
            weekday = when.weekday()
        except ValueError:
            weekday = None
    elif not days:
        named = {d for m in _WEEKDAY_NAMED.finditer(message) if (d := _weekday(m.group(1))) is not None}
        weekday = named.pop() if len(named) == 1 else None
    clocks = list(_CLOCK.finditer(message))
    time = None
    if len(clocks) == 1:
        c = clocks[0]
        time = _hours(c.group(1), c.group(2), c.group(3)) if c.group(1) else _hours(c.group(4), c.group(5), None)
    return weekday, time


def _holds(alternatives: list[_When], weekday: int, time: float | None) -> bool | None:
    """True where an alternative holds for the day and time, None where one would hold at a time not given."""
    verdict: bool | None = False
    for w in alternatives:
        if weekday not in w.days:
            continue
        if w.after is None and w.before is None:
            return True
        if time is None:
            verdict = None
            continue
        if (w.after is None or time >= w.after) and (w.before is None or time < w.before):
            return True
    return verdict


def day_column(heads: Sequence[str], message: str, today: date) -> str | None:
    """The one column of ``heads`` for the customer's day and time (see the module docstring); None where the columns
    name no days, the customer names no day, or not exactly one column holds for sure."""
    times = {h: column_times(h) for h in heads}
    if sum(1 for t in times.values() if t) < 2:
        return None
    weekday, time = customer_day(message, today)
    if weekday is None:
        return None
    verdicts = {h: _holds(t, weekday, time) for h, t in times.items() if t}
    sure = [h for h, v in verdicts.items() if v is True]
    return sure[0] if len(sure) == 1 and not any(v is None for v in verdicts.values()) else None


__all__ = ["column_times", "customer_day", "day_column"]
