"""Bands of a quantity a policy sets ("More than 48 hours", "24 to 48 hours", "aged 21 to 24", "under 25") and the
customer's own figure for that quantity (the time left until an event they name, the time since one, their age).

A table whose rows are keyed by bands ("Notice before pick-up: More than 48 hours | 24 to 48 hours | Less than 24
hours") has one row for each customer; which one is worked out from their figure. Their figure is known only as a
range (a date without a time of day is any time that day; "now" is any time today): a band applies when the whole
range lies inside it, and no band is chosen when the range straddles a boundary (the agent checks the exact time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from assistant.currency import SYMBOL, prefixed
from assistant.customer_facts import MONTH_NAMES, MONTH_PATTERN, WEEKDAY_NAMES
from assistant.grounding.words import stem

_HOURS = {"minute": 1 / 60, "min": 1 / 60, "hour": 1.0, "hr": 1.0, "day": 24.0, "week": 168.0, "fortnight": 336.0,
          "month": 730.0, "year": 8766.0}
_UNIT = r"(minute|min|hour|hr|day|week|fortnight|month|year)s?"
_NUM = r"(\d+(?:\.\d+)?)"
_LOW = r"(?:more than|over|above|at least|longer than|beyond|greater than|from|min(?:imum)?(?: of)?)"
_HIGH = r"(?:less than|under|below|within|up to|no more than|fewer than|at most|shorter than|max(?:imum)?(?: of)?)"
_STRICT = ("more than", "over", "above", "longer than", "beyond", "greater than", "less than", "under", "below",
           "fewer than", "shorter than")


@dataclass(frozen=True)
class Band:
    dimension: str  # "time" (in hours), "age" (years), "percent", "miles", "km", "people", "money", "length" (mm)
    low: float | None
    high: float | None
    low_strict: bool = False
    high_strict: bool = False
    # an edge the key names instead of stating it ("After cooling-off, up to 3 months": the end of the cooling-off
    # period); until ``named_edges`` gives it its length, a figure on that side of the band is in no known band
    low_named: str | None = None
    high_named: str | None = None

    def holds(self, lo: float, hi: float) -> bool | None:
        """Whether every value in [lo, hi] lies in the band (True), none does (False), or some do (None)."""
        if self.low_named and self.low is None:
            if self.high is not None and (lo > self.high or (self.high_strict and lo == self.high)):
                return False
            return None
        if self.high_named:  # ``high``, where given, is a bound above the period's unknown end
            if self.low is not None and (hi < self.low or (self.low_strict and hi == self.low)):
                return False
            if self.high is not None and lo >= self.high:
                return False
            return None
        def inside(x: float) -> bool:
            if self.low is not None and (x < self.low or (self.low_strict and x == self.low)):
                return False
            return not (self.high is not None and (x > self.high or (self.high_strict and x == self.high)))
        a, b = inside(lo), inside(hi)
        if a and b:
            return True
        if not a and not b:
            # both ends out on the same side (a band between them would straddle)
            below = self.low is not None and hi < self.low or (self.low is not None and self.low_strict and hi == self.low)
            above = self.high is not None and lo > self.high or (self.high is not None and self.high_strict and lo == self.high)
            return False if below or above else None
        return None


# a column counting people: "Paying participants", "Group size", "Number of guests"
_HEADS = re.compile(r"\b(?:participants?|people|persons|guests|group size|travell?ers|passengers|attendees|players|"
                    r"riders|diners|headcount)\b", re.I)


_LENGTHS = {"m": 1000.0, "metre": 1000.0, "meter": 1000.0, "cm": 10.0, "mm": 1.0}


def _dimension(unit: str | None, context: str, header: str = "", force: str | None = None) -> tuple[str, float] | None:
    """The band's quantity and the factor to its base unit: time in hours; otherwise what the column says (a count of
    people only where the column's ``header`` says so: "Rowboat (2–4 people)" is a boat, not a band of people);
    ``force``: the quantity a key's own words settle (its amounts: "money")."""
    if force is not None:
        return (force, 1.0) if unit is None else None
    if unit:
        u = unit.lower().rstrip("s")
        if u in _HOURS:
            return ("age", 1.0) if re.search(r"\bage", context, re.I) and u == "year" else ("time", _HOURS[u])
        if u in ("%", "percent", "per cent"):
            return "percent", 1.0
        if u in ("mile",):
            return "miles", 1.0
        if u in ("km", "kilometre", "kilometer"):
            return "km", 1.0
        if u in _LENGTHS:  # a length, in millimetres ("Up to 2.40 m", "over 150 cm")
            return "length", _LENGTHS[u]
    if re.search(r"\bage", context, re.I):
        return "age", 1.0
    if _HEADS.search(header):
        return "people", 1.0
    if "%" in context or re.search(r"\bper ?cent", context, re.I):
        return "percent", 1.0
    return None


_ANY_UNIT = (r"(minute|min|hour|hr|day|week|fortnight|month|year|%|percent|per cent|mile|km|kilometre|kilometer|metre|"
             r"meter|cm|mm|m(?![a-z]))s?")
# "24 to 48 hours", "12 hours to under 24 hours" (the top itself not in the band)
_BETWEEN = re.compile(rf"\b(?:between\s+|aged\s+|ages\s+)?{_NUM}\s*(?:{_ANY_UNIT})?\s*(?:to|and|-|–|—)\s*"
                      rf"(?:(under|less than|below)\s+|up to\s+)?{_NUM}\s*(?:{_ANY_UNIT})?", re.I)
_LOWER = re.compile(rf"\b({_LOW})\s+(?:the\s+age\s+of\s+|age\s+)?{_NUM}\s*(?:{_ANY_UNIT})?", re.I)
_UPPER = re.compile(rf"\b({_HIGH})\s+(?:the\s+age\s+of\s+|age\s+)?{_NUM}\s*(?:{_ANY_UNIT})?", re.I)
_OR_MORE = re.compile(rf"{_NUM}\s*(?:{_ANY_UNIT})?\s*(?:\+|or (?:more|over|above|older|longer)|and (?:over|above|older))", re.I)
_OR_LESS = re.compile(rf"{_NUM}\s*(?:{_ANY_UNIT})?\s*(?:or (?:less|fewer|under|younger|shorter)|and (?:under|below|younger))",
                      re.I)


# an edge named, not stated: "after cooling-off, up to 3 months", "within the cooling-off period", "during the trial"
_AFTER_NAMED = re.compile(r"^\W*(?:after|once|outside|beyond|following|from the end of)\s+(?:the\s+|your\s+)?"
                          r"([a-z][a-z-]*(?:\s+[a-z][a-z-]*)?)(?:\s+period)?\s*(?:,|$|\b(?:and|but)\b)", re.I)
_WITHIN_NAMED = re.compile(r"^\W*(?:within|during|inside|in)\s+(?:the\s+|your\s+)?([a-z][a-z-]*(?:\s+[a-z][a-z-]*)?)"
                           r"\s+period\W*$|^\W*(?:within|during|inside)\s+(?:the\s+|your\s+)?([a-z][a-z-]*)\W*$",
                           re.I)


def band_of(cell: str, header: str = "") -> Band | None:
    """The band a table key or a phrase states ("More than 48 hours", "24 to 48 hours", "7 days or less, or no-show",
    "Under 25" under an "Age" column); None for a key that names no band ("No-show", "Standard Cover"). A lower edge
    the key names ("After cooling-off, up to 3 months") is kept by its name (``named_edges``)."""
    text = cell.strip()
    money = prefixed(text)
    figures = re.findall(r"\d[\d,.]*", money)
    if figures and len(re.findall(rf"{SYMBOL}\s?\d[\d,.]*", money)) == len(figures):
        # a band of amounts ("$500 – $1,499", "Under €250", "SEK 4,000 or more"): read without the currency and
        # the thousands commas, as an amount
        # (every figure of it an amount: "Up to 2 kg (£4.99)" is a band of weights)
        bare = re.sub(r"(?<=\d),(?=\d{3}\b)", "", re.sub(rf"{SYMBOL}\s?", "", money))
        return _stated_band(bare, header, force="money")
    band = _stated_band(text, header)
    after = _AFTER_NAMED.match(text)
    if band is not None and after and band.low is None and not re.search(r"\d", after.group(0)):
        return Band(band.dimension, None, band.high, high_strict=band.high_strict, low_named=period_name(after.group(1)))
    return band


def named_band(cell: str) -> Band | None:
    """The band of a key that only names a period ("Within the cooling-off period", "During the trial"): up to the
    period's end, a length ``named_edges`` gives it."""
    within = _WITHIN_NAMED.match(cell.strip())
    if within is None or re.search(r"\d", cell):
        return None
    return Band("time", None, None, high_named=period_name(within.group(1) or within.group(2)))


def period_name(words: str) -> str:
    """A period as a key or a condition names it, lower-cased, without "period": "cooling-off"."""
    return re.sub(r"\s+period$", "", words.strip().lower())


def named_edges(band: Band, lengths: dict[str, float]) -> Band:
    """``band`` with each named edge it has replaced by the length (hours) ``lengths`` gives that name; an edge whose
    name has no length stays named."""
    low, high = band.low, band.high
    low_named, high_named = band.low_named, band.high_named
    if low_named and low_named in lengths:
        low, low_named = lengths[low_named], None  # after the period: its last moment is not after it
    if high_named and high_named in lengths:
        high, high_named = lengths[high_named], None
    return Band(band.dimension, low, high, band.low_strict or low != band.low, band.high_strict, low_named, high_named)


def period_lengths(names: set[str], texts: list[str]) -> dict[str, float]:
    """The length in hours the texts state for each named period ("14-day cooling-off period", "a cooling-off period
    of 14 days"); a name given two different lengths, or none, is left out."""
    out: dict[str, float] = {}
    for name in names:
        term = re.escape(name).replace(r"\ ", r"\s+")
        found: set[float] = set()
        for text in texts:
            for m in re.finditer(rf"\b(\d+)[\s-]{_UNIT}\s+(?:\w+\s+)?{term}\b|"
                                 rf"\b{term}(?:\s+period)?\s+(?:of|is|lasts|runs for)\s+(\d+)\s+{_UNIT}", text, re.I):
                figure, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
                found.add(float(figure) * _HOURS[unit.lower()])
        if len(found) == 1:
            out[name] = found.pop()
    return out


def _stated_band(text: str, header: str, force: str | None = None) -> Band | None:
    """``force``: the quantity the band is of, where the key itself says it ("money": it names amounts)."""
    context = f"{header} {text}"
    for pattern, kind in ((_BETWEEN, "between"), (_OR_MORE, "low"), (_OR_LESS, "high"), (_LOWER, "low"),
                          (_UPPER, "high")):
        m = pattern.search(text)
        if not m:
            continue
        if kind == "between":
            a, unit_a, below, b, unit_b = m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)
            dim = _dimension(unit_b or unit_a, context, header, force)
            if dim is None:
                return None
            name = dim[0]
            factor_a = (_dimension(unit_a, context, header, force) or dim)[1] if unit_a else dim[1]
            factor_b = (_dimension(unit_b, context, header, force) or dim)[1] if unit_b else dim[1]
            lo, hi = float(a) * factor_a, float(b) * factor_b
            return Band(name, min(lo, hi), max(lo, hi), high_strict=bool(below) and lo < hi) if lo != hi else None
        if pattern in (_LOWER, _UPPER):
            word, figure, unit = m.group(1).lower(), m.group(2), m.group(3)
        else:
            word, figure, unit = "", m.group(1), m.group(2)
        dim = _dimension(unit, context, header, force)
        if dim is None:
            return None
        name, factor = dim
        value = float(figure) * factor
        strict = word in _STRICT
        if kind == "low":
            # "Over 3 months, up to 6 months": a lower edge and, after it, an upper one of the same quantity
            upper = _UPPER.search(text, m.end())
            top = _dimension(upper.group(3) or unit, context, header, force) if upper else None
            if upper is not None and top is not None and top[0] == name and float(upper.group(2)) * top[1] > value:
                return Band(name, value, float(upper.group(2)) * top[1], low_strict=strict,
                            high_strict=upper.group(1).lower() in _STRICT)
            return Band(name, value, None, low_strict=strict)
        return Band(name, None, value, high_strict=strict)
    return None


# -- the customer's figures ----------------------------------------------------------------------------------------

_WEEKDAYS, _MONTHS, _MONTH = WEEKDAY_NAMES, MONTH_NAMES, MONTH_PATTERN
_WEEKDAY = r"(mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?"
_DATE = re.compile(rf"\b(?:{_WEEKDAY}\.?,?\s+)?(?:the\s+)?(\d{{1,2}})(st|nd|rd|th)?(?:\s+(?:of\s+)?{_MONTH}\b)?|"
                   rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", re.I)
_NAMED_WEEKDAY = re.compile(rf"\b(this|next|coming|on|this coming)\s+{_WEEKDAY}\b", re.I)
_RELATIVE = re.compile(r"\b(tomorrow|tonight|later today|the day after tomorrow)\b", re.I)
_IN = re.compile(rf"\bin\s+{_NUM}\s+{_UNIT}(?:'?s)?(?:\s+time)?\b|\b{_NUM}\s+{_UNIT}\s+from\s+(?:now|today)\b", re.I)
_CLOCK = re.compile(r"\b(?:at\s+)?(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)|\bat\s+(\d{1,2})[:.](\d{2})\b", re.I)
# a clause about something still to come: "I'm picking up", "we fly", "this Sunday", "booked for"
_FUTURE_CUE = re.compile(r"\b(?:this|next|coming|upcoming|will|'ll|going to|due|booked for|planned|starts?|\w+ing)\b",
                         re.I)
# a word that sets a clause in the future ("this", "next", "will", "booked for"), not any "-ing" word ("sailing")
_FUTURE_WORD = re.compile(r"\b(?:this|next|coming|upcoming|will|'ll|going to|due|booked for|planned|starts?)\b", re.I)
_PAST_CUE = re.compile(r"\b(?:last|ago|was|were|did|had|yesterday)\b|\b\w+ed\b", re.I)


@dataclass(frozen=True)
class Upcoming:
    when: date
    clock: float | None  # the hour of day when the customer gives it (10.5 for 10:30)
    clause: str  # the words around it, to tell which event it is

    def hours_from(self, today: date, now: float | None = None) -> tuple[float, float]:
        """The hours from now until it: (earliest, latest); ``now``: the hour of day it is, where the customer says
        ("it's 5pm now"), else any time today."""
        days = (self.when - today).days
        start = days * 24.0 + (self.clock if self.clock is not None else 0.0)
        end = days * 24.0 + (self.clock if self.clock is not None else 24.0)
        if now is not None:
            return max(0.0, start - now), max(0.0, end - now)
        return max(0.0, start - 24.0), end

    def wording(self) -> str:
        """"Sunday 29 November at 10am"."""
        text = f"{_WEEKDAYS[self.when.weekday()].capitalize()} {self.when.day} {_MONTHS[self.when.month - 1].capitalize()}"
        if self.clock is not None:
            hour, minutes = int(self.clock), int(round((self.clock % 1) * 60))
            suffix = "am" if hour < 12 else "pm"
            shown = hour % 12 or 12
            text += f" at {shown}{f':{minutes:02d}' if minutes else ''}{suffix}"
        return text


def _month_index(word: str) -> int:
    return next(i for i, m in enumerate(_MONTHS, start=1) if m.startswith(word.lower()[:3]))


def _weekday_index(word: str) -> int:
    return next(i for i, d in enumerate(_WEEKDAYS) if d.startswith(word.lower()[:3]))


# the time it is as the customer writes: "It's 5pm now", "IT'S 3PM MONDAY HERE", "it's about 8pm now", "right now
# it's 9.30pm" (a time said of now, not of the event: "it's 4pm on Saturday" is the booking's)
_NOW = re.compile(r"(?:\b(?:right\s+)?now,?\s+|\b)(?:it'?s|it\s+is|its)\s+(?:now\s+|just\s+|currently\s+|about\s+|around\s+|"
                  r"nearly\s+|almost\s+|already\s+|gone\s+|past\s+)*(\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.))"
                  r"((?:\s+(?:now|here|right now|at the moment|on a \w+|(?:mon|tues|wednes|thurs|fri|satur|sun)day))*)",
                  re.I)


def _now_match(message: str) -> re.Match[str] | None:
    for m in _NOW.finditer(message):
        if re.search(r"\bnow\b", m.group(0), re.I) or re.search(r"\b(?:here|at the moment)\b", m.group(2), re.I):
            return m
    return None


def now_clock(message: str) -> float | None:
    """The hour of day the customer says it is now (17.0 for "it's 5pm now"); None when they do not say."""
    m = _now_match(message)
    return _clock(m.group(1)) if m else None


def _clock(clause: str) -> float | None:
    m = _CLOCK.search(clause)
    if not m:
        return None
    if m.group(4):
        hour, minutes = int(m.group(4)), int(m.group(5))
    else:
        hour, minutes = int(m.group(1)), int(m.group(2) or 0)
        marker = m.group(3).lower().replace(".", "")
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if marker == "pm" else 0)
    if not (0 <= hour <= 23 and 0 <= minutes <= 59):
        return None
    return hour + minutes / 60


def _add_month(year: int, month: int, n: int) -> tuple[int, int]:
    month += n
    while month > 12:
        year, month = year + 1, month - 12
    return year, month


RECENT_DAYS = 120  # a month and day said in the past tense that fell this many days ago or fewer is that past day


def _recently_past(today: date, month: int, day: int) -> bool:
    """Whether this year's ``month``/``day`` fell within the last ``RECENT_DAYS`` days."""
    try:
        gone = (today - date(today.year, month, day)).days
    except ValueError:
        return False
    return 0 < gone <= RECENT_DAYS


def upcoming(message: str, today: date) -> list[Upcoming]:
    """The dates still to come that the customer names ("this Sunday 29th at 10am", "3rd December", "tomorrow",
    "in 5 days"), with the clause each stands in; a day of the month said without its month counts as still to
    come only when a weekday beside it or the clause's tense says so."""
    out: list[Upcoming] = []
    now = _now_match(message)
    if now is not None:  # the time it is now is no time of the event
        message = message[:now.start()] + " " * (now.end() - now.start()) + message[now.end():]
    for clause in re.split(r"[.!?;\n]|\bbut\b", message):
        found: date | None = None
        month: int | None
        for m in _DATE.finditer(clause):
            if m.group(5):  # "December 3rd"
                month, day, weekday = _month_index(m.group(5)), int(m.group(6)), None
            else:
                if not (m.group(3) or m.group(4) or m.group(1)):
                    continue  # a bare number is no date
                month = _month_index(m.group(4)) if m.group(4) else None
                day, weekday = int(m.group(2)), m.group(1)
                if month is None and not m.group(3):
                    continue  # "Sunday 2 people": a weekday and a number without "th" is not read as a date
            if not 1 <= day <= 31:
                continue
            candidates: list[date] = []
            if month is not None:
                for year in (today.year, today.year + 1):
                    try:
                        candidates.append(date(year, month, day))
                    except ValueError:
                        pass
            else:
                for n in (0, 1):
                    y, mo = _add_month(today.year, today.month, n)
                    try:
                        candidates.append(date(y, mo, day))
                    except ValueError:
                        pass
            candidates = [d for d in candidates if d > today]
            if month is not None and _PAST_CUE.search(clause) and not _FUTURE_WORD.search(clause) and \
                    _recently_past(today, month, day):
                # "you called off our regatta on September 28" in late November: that day, gone by, not next year's ("I
                # booked the cabin for January 9" is next January's)
                candidates = []
            if weekday:
                candidates = [d for d in candidates if d.weekday() == _weekday_index(weekday)]
            elif month is None and (not _FUTURE_CUE.search(clause) or _PAST_CUE.search(clause)):
                candidates = []
            if candidates:
                found = candidates[0]
                break
        if found is None:
            named = _NAMED_WEEKDAY.search(clause)
            # "on Tuesday 17th" is a date (read above); "I returned it on Tuesday" is past
            if named and not re.match(r"\s*\d", clause[named.end():]) and not _PAST_CUE.search(clause):
                ahead = (_weekday_index(named.group(2)) - today.weekday()) % 7 or 7
                if named.group(1).lower() == "next" and ahead < 7 and not re.search(r"\bnext week\b", clause, re.I):
                    found = None  # "next Friday" said on a Tuesday: this week's or next week's, people differ
                else:
                    found = today + timedelta(days=ahead)
        if found is None:
            relative = _RELATIVE.search(clause)
            if relative:
                word = relative.group(1).lower()
                found = today + timedelta(days=2 if "after" in word else 0 if "today" in word or word == "tonight" else 1)
        if found is None:
            later = _IN.search(clause)
            if later:
                amount = float(later.group(1) or later.group(3))
                unit = (later.group(2) or later.group(4)).lower().rstrip("s")
                hours = amount * _HOURS[unit]
                if hours >= 24:
                    found = today + timedelta(days=int(hours // 24))
        if found is not None:
            out.append(Upcoming(found, _clock(clause), clause.strip()))
    return out


# "I'm 22", "he's 22", "aged 22", "22 years old", "my son (22)"
_AGE = re.compile(r"\b(?:I'?m|I am|he'?s|she'?s|he is|she is|they'?re|they are|aged?|age of)\s+(\d{2})\b"
                  r"(?!\s*(?:%|[:.]\d|min|hour|hr|day|week|month|mile|km|percent|pound|quid|euro|dollar|am\b|pm\b))|"
                  r"\b(\d{1,2})\s*(?:years? old|yrs? old|y/?o)\b|"
                  r"\b(?:son|daughter|wife|husband|partner|brother|sister|friend|he|she|who|child|kid|boy|girl|baby)"
                  r"\s+(?:is|turns|turned)\s+(\d{1,2})\b"
                  r"(?!\s*(?:%|[:.]\d|min|hour|hr|day|week|month|mile|km|percent|pound|quid|euro|dollar|am\b|pm\b))|"
                  r"\b(?:son|daughter|wife|husband|partner|brother|sister|friend|mum|mom|dad|father|mother|boyfriend|"
                  r"girlfriend|nephew|niece|grandson|granddaughter|colleague|child|kid|boy|girl)"
                  # (with the person's name between: "my niece Ola (12)")
                  r"(?:\s+(?-i:[A-Z][a-z]+))?\s*\(\s*(\d{1,2})\s*\)", re.I)


def stated_ages(message: str) -> list[int]:
    """The ages the customer states for themselves or a person they name."""
    out = []
    for m in _AGE.finditer(message):
        value = int(next(g for g in m.groups() if g))
        if 1 <= value <= 99:
            out.append(value)
    return out


def event_word(header: str) -> str | None:
    """The event a time column counts to or from: "Notice before pick-up" -> "pick-up"; "Days after delivery" ->
    "delivery"."""
    m = re.search(r"\b(?:before|after|since|prior to|ahead of|from|of)\s+(?:the\s+|your\s+)?([a-z][\w-]*(?:\s+[a-z][\w-]*)?)",
                  header, re.I)
    if not m or re.match(r"(?:you|we|i|it|they|he|she)\b", m.group(1), re.I):
        return None  # "Time since you joined": a clause, not an event's name ("Your you joined was ...")
    return m.group(1).lower()


def counts_down(header: str) -> bool:
    """Whether a time column counts the time left before an event ("Notice before pick-up", "Time before departure")
    rather than the time since one."""
    return bool(re.search(r"\b(?:before|notice|prior|in advance|ahead|until|left)\b", header, re.I))


def names_event(clause: str, event: str | None) -> bool:
    """Whether the clause speaks of the event ("picking up" for "pick-up")."""
    if not event:
        return False
    words = {stem(w) for w in re.findall(r"[a-z]+", clause.lower())}
    return any(stem(w) in words for w in re.findall(r"[a-z]+", event) if len(w) > 2)


__all__ = ["Band", "band_of", "named_band", "named_edges", "period_lengths", "period_name", "Upcoming", "upcoming", "stated_ages", "event_word", "counts_down", "names_event"]
