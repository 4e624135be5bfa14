"""How long something lasted, from the two moments the customer names: when it started and when it ended.

"Rang your fault number about 10am on Saturday ... it finally came back on Thursday night around 9pm" is 131 hours,
said on Friday 27 November (Saturday 21 November at 10am to Thursday 26 November at 9pm). A moment is a day (a past
weekday, "yesterday", "today", or a date with its month) with a clock time in the same clause ("10am", "21:00",
"half past 7", "twenty to ten"); a time without am or pm is read by the part of the day the clause names ("Saturday
morning"), and left out when none does. Exactly two moments make a span; more or fewer, or an end before the start,
make none (the customer's figure is not guessed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from assistant.customer_facts import MONTH_NAMES, MONTH_PATTERN, WEEKDAY_NAMES

_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
          "eleven": 11, "twelve": 12, "quarter": 15, "half": 30, "twenty": 20, "twenty-five": 25, "twenty five": 25}
_N = r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|quarter|half|twenty[- ]five|twenty)"
# "10am", "9 pm", "21:00", "10.30pm"
_CLOCK = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)|\b(\d{1,2})[:](\d{2})\b", re.I)
# "10 past 6", "twenty to ten", "half past 7", "quarter to 9"
_SAID_CLOCK = re.compile(rf"\b{_N}\s+(past|to)\s+{_N}\b(?!\s*(?:%|days?|hours?|weeks?|months?|minutes?))", re.I)
_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
_DATE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_PATTERN}\b", re.I)
_MORNING = re.compile(r"\bmorning\b", re.I)
_LATER = re.compile(r"\b(?:afternoon|evening|night|tonight)\b", re.I)


@dataclass(frozen=True)
class Span:
    start: datetime
    end: datetime

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600

    def wording(self) -> str:
        """"Saturday 21 November at 10am to Thursday 26 November at 9pm"."""
        return f"{_said(self.start)} to {_said(self.end)}"


def _said(moment: datetime) -> str:
    hour, minutes = moment.hour, moment.minute
    clock = f"{hour % 12 or 12}{f':{minutes:02d}' if minutes else ''}{'am' if hour < 12 else 'pm'}"
    return (f"{WEEKDAY_NAMES[moment.weekday()].capitalize()} {moment.day} "
            f"{MONTH_NAMES[moment.month - 1].capitalize()} at {clock}")


def _word(text: str) -> int:
    text = text.lower().replace("-", " ")
    return int(text) if text.isdigit() else _WORDS[text]


def _clock(clause: str) -> tuple[int, int] | None:
    """The clause's one time of day as (hour, minute), or None (none, two, or no telling am from pm)."""
    found: set[tuple[int, int]] = set()
    for m in _CLOCK.finditer(clause):
        if m.group(3):
            hour, minutes = int(m.group(1)), int(m.group(2) or 0)
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if m.group(3).lower().startswith("p") else 0)
        else:
            hour, minutes = int(m.group(4)), int(m.group(5))
            if hour <= 12 and not (_MORNING.search(clause) or _LATER.search(clause)) and 1 <= hour < 12:
                continue  # "6:10": morning or evening, the clause does not say
            if 1 <= hour < 12 and _LATER.search(clause):
                hour += 12
        if 0 <= hour <= 23 and 0 <= minutes <= 59:
            found.add((hour, minutes))
    for m in _SAID_CLOCK.finditer(clause):
        minutes, word, hour = _word(m.group(1)), m.group(2).lower(), _word(m.group(3))
        if not (1 <= hour <= 12 and 1 <= minutes <= 30):
            continue
        if word == "to":
            hour, minutes = hour - 1 or 12, 60 - minutes
        if _LATER.search(clause) and not _MORNING.search(clause):
            hour = hour % 12 + 12
        elif not _MORNING.search(clause):
            continue  # "twenty to ten": morning or evening, the clause does not say
        found.add((hour % 24, minutes))
    return found.pop() if len(found) == 1 else None


def _day(clause: str, today: date) -> date | None:
    days: set[date] = set()
    for m in _WEEKDAY.finditer(clause):
        back = (today.weekday() - WEEKDAY_NAMES.index(m.group(1).lower())) % 7
        days.add(today - timedelta(days=back))
    for m in _DATE.finditer(clause):
        month = next(i for i, name in enumerate(MONTH_NAMES, start=1) if name.startswith(m.group(2).lower()[:3]))
        try:
            when = date(today.year, month, int(m.group(1)))
        except ValueError:
            continue
        days.add(when if when <= today else when.replace(year=today.year - 1))
    if re.search(r"\byesterday\b", clause, re.I):
        days.add(today - timedelta(days=1))
    if re.search(r"\b(?:today|this morning|this afternoon|this evening|tonight)\b", clause, re.I):
        days.add(today)
    return days.pop() if len(days) == 1 else None


def stated_span(message: str, today: date) -> Span | None:
    """The span between the two moments the customer names (see the module docstring), or None."""
    moments: list[datetime] = []
    for clause in re.split(r"[.!?;\n]|\bbut\b|\bthen\b", message):
        day = _day(clause, today)
        clock = _clock(clause)
        if day is not None and clock is not None:
            moments.append(datetime(day.year, day.month, day.day, clock[0], clock[1]))
    if len(moments) != 2 or moments[1] <= moments[0]:
        return None
    return Span(moments[0], moments[1])


__all__ = ["Span", "stated_span"]
