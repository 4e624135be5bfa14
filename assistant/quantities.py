"""Measures the customer states against the thresholds a policy sentence sets in the same unit.

A rule is often written for a range of one measure: "Scratches shorter than 3 cm ... are not charged", "More than
2 hours: late fee plus a day", "a recharging fee, or £60 if the charge is below 20%". A customer who says "maybe
2cm", "3 hrs late" or "brought it back on 40%" is in one of those ranges, and the sentence whose range holds their
measure is the rule for their case, whatever other words the two share. Days, weeks and months are left to the
date windows (``assistant.customer_facts``) and sums of money to the amount checks: this module reads lengths,
distances, shares, hours and minutes, volumes, weights and floor areas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.grounding.words import content_words as words_in_order
from assistant.grounding.words import family

# unit spelling -> (dimension, factor to the dimension's base unit)
_UNITS: dict[str, tuple[str, float]] = {
    "mm": ("length", 1.0), "millimetre": ("length", 1.0), "millimetres": ("length", 1.0),
    "millimeter": ("length", 1.0), "millimeters": ("length", 1.0),
    "cm": ("length", 10.0), "centimetre": ("length", 10.0), "centimetres": ("length", 10.0),
    "centimeter": ("length", 10.0), "centimeters": ("length", 10.0),
    "inch": ("length", 25.4), "inches": ("length", 25.4),
    "m": ("length", 1000.0), "metre": ("length", 1000.0), "metres": ("length", 1000.0), "meter": ("length", 1000.0),
    "meters": ("length", 1000.0),
    "km": ("distance", 1.0), "kilometre": ("distance", 1.0), "kilometres": ("distance", 1.0),
    "kilometer": ("distance", 1.0), "kilometers": ("distance", 1.0), "kms": ("distance", 1.0),
    "k's": ("distance", 1.0), "ks": ("distance", 1.0),  # "about 40 k's out of town": kilometres as said aloud
    "mile": ("distance", 1.609), "miles": ("distance", 1.609),
    "%": ("share", 1.0), "percent": ("share", 1.0), "per cent": ("share", 1.0),
    "minute": ("time", 1.0), "minutes": ("time", 1.0), "min": ("time", 1.0), "mins": ("time", 1.0),
    "hour": ("time", 60.0), "hours": ("time", 60.0), "hr": ("time", 60.0), "hrs": ("time", 60.0), "h": ("time", 60.0),
    "litre": ("volume", 1.0), "litres": ("volume", 1.0), "liter": ("volume", 1.0), "liters": ("volume", 1.0),
    "gallon": ("volume", 3.785), "gallons": ("volume", 3.785),
    "kg": ("weight", 1.0), "kilo": ("weight", 1.0), "kilos": ("weight", 1.0), "kilogram": ("weight", 1.0),
    "kilograms": ("weight", 1.0), "lb": ("weight", 0.4536), "lbs": ("weight", 0.4536), "pound": ("weight", 0.4536),
    "pounds": ("weight", 0.4536),
    # a home's or a unit's floor area: "80sqm", "41–70 m²", "75 sq ft"
    "m²": ("area", 1.0), "m2": ("area", 1.0), "sqm": ("area", 1.0), "sq m": ("area", 1.0), "sq. m": ("area", 1.0),
    "square metres": ("area", 1.0), "square meters": ("area", 1.0), "square metre": ("area", 1.0),
    "square meter": ("area", 1.0), "sq ft": ("area", 0.0929), "sqft": ("area", 0.0929), "sq. ft": ("area", 0.0929),
    "square feet": ("area", 0.0929), "square foot": ("area", 0.0929), "ft²": ("area", 0.0929),
}
_UNIT = "|".join(sorted((re.escape(u) for u in _UNITS), key=len, reverse=True))
_NUMBER = r"(\d+(?:[.,]\d+)?)"
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
                 "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
                 "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
                 "a couple of": 2, "an": 1, "a": 1, "half an": 0.5, "half a": 0.5}
_TENS = r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = r"one|two|three|four|five|six|seven|eight|nine"
# "fourteen hours", "twenty-four hours", "FORTY EIGHT hours": a number in words
_WORD_NUMBER = (rf"(half an|half a|a couple of|(?:{_TENS})(?:[\s-](?:{_ONES}))?|eleven|twelve|thirteen|fourteen|fifteen|"
                rf"sixteen|seventeen|eighteen|nineteen|{_ONES}|ten|an|a)")
# "2cm", "3 hrs", "40%", "half an hour"; the unit must end the word (one-letter units other than "h" are left out:
# "2 in the box", "a l" are no measures)
_MEASURE = re.compile(rf"(?<![\w.£$€]){_NUMBER}\s?({_UNIT})(?![\w])|\b{_WORD_NUMBER}\s+({_UNIT})\b", re.I)
# the comparisons a rule sets, before its number: "shorter than 3 cm", "below 20%", "more than 2 hours", "up to 29
# minutes", "at least 80%"
_BELOW = r"(?:shorter|smaller|less|lower|fewer|under|below|up to|no more than|not more than|at most|within|maximum of|max\.?)"
_ABOVE = r"(?:longer|larger|bigger|more|greater|higher|over|above|at least|no less than|not less than|minimum of|min\.?)"
_THAN = r"(?:\s+than)?"
_BOUND = re.compile(rf"\b({_BELOW}|{_ABOVE}){_THAN}\s+{_NUMBER}\s?({_UNIT})(?![\w])", re.I)
# "30 minutes to 2 hours", "between 20% and 50%", "5-10 km"
_RANGE = re.compile(rf"(?:\bbetween\s+)?{_NUMBER}\s?({_UNIT})?\s*(?:to|and|-|–)\s*{_NUMBER}\s?({_UNIT})(?![\w])", re.I)
_ABOVE_RX = re.compile(rf"^{_ABOVE}$", re.I)
# a measure that is the customer's own ("maybe 2cm", "3 hrs late"), not one they quote from a rule or a question
_QUOTED = re.compile(r"\b(?:than|under|over|below|above|within|up to|at least|more|less)\s*$", re.I)


@dataclass(frozen=True)
class Condition:
    """A range of one measure a rule is written for: ``low`` < value <= ``high`` (either end may be open)."""

    dimension: str
    low: float | None
    high: float | None

    def holds(self, dimension: str, value: float) -> bool:
        if dimension != self.dimension:
            return False
        return (self.low is None or value > self.low) and (self.high is None or value <= self.high)


def _word_number(text: str) -> float:
    """"fourteen" -> 14, "twenty-four" -> 24."""
    return float(sum(_WORD_NUMBERS[w] for w in re.split(r"[\s-]+", text.lower()) if w in _WORD_NUMBERS)
                 if text.lower() not in _WORD_NUMBERS else _WORD_NUMBERS[text.lower()])


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _base(value: float, unit: str) -> tuple[str, float]:
    dimension, factor = _UNITS[unit.lower()]
    return dimension, value * factor


# hours and shares measure many things ("3 hrs late", "less than 24 hours before pick-up"; "65% charge", "15% off"):
# a range of theirs is the customer's only where the sentence also names what their measure is of
_AMBIGUOUS = frozenset({"time", "share"})
CONTEXT_WORDS = 3  # words either side of a measure that say what it measures


@lru_cache(maxsize=2048)
def stated_measures(message: str) -> tuple[tuple[str, float], ...]:
    """The measures the customer states of their case, each as (dimension, value in the base unit)."""
    return tuple((d, v) for d, v, _ in _measures(message))


@lru_cache(maxsize=2048)
def _measures(message: str) -> tuple[tuple[str, float, frozenset[str]], ...]:
    """(dimension, value in the base unit, word families around it) of each measure the customer states."""
    out: list[tuple[str, float, frozenset[str]]] = []
    for m in _MEASURE.finditer(message):
        if _QUOTED.search(message[: m.start()]):
            continue  # "is anything under 3 cm free?" asks about a threshold; it states no measure of theirs
        if m.group(1):
            value, unit = _number(m.group(1)), m.group(2)
        else:
            value, unit = _word_number(m.group(3)), m.group(4)
        if unit.lower() in ("h", "min", "m") and not m.group(1):
            continue  # "a h", "a m": no measure
        before = message[: m.start()].split()[-CONTEXT_WORDS:]
        after = message[m.end():].split()[:CONTEXT_WORDS]
        around = frozenset(family(w) for w in words_in_order(" ".join(before + after)) if len(w) > 2)
        out.append((*_base(value, unit), around))
    return tuple(out)


@lru_cache(maxsize=16384)
def conditions(sentence: str) -> tuple[Condition, ...]:
    """The ranges of a measure the sentence's rule is written for."""
    out: list[Condition] = []
    spans: list[tuple[int, int]] = []
    for m in _RANGE.finditer(sentence):
        low_unit = m.group(2) or m.group(4)
        d1, low = _base(_number(m.group(1)), low_unit)
        d2, high = _base(_number(m.group(3)), m.group(4))
        if d1 == d2 and low < high:
            out.append(Condition(d1, low, high))
            spans.append(m.span())
    for m in _BOUND.finditer(sentence):
        if any(a <= m.start(2) < b for a, b in spans):
            continue  # the number is one end of a range read above
        dimension, value = _base(_number(m.group(2)), m.group(3))
        if dimension == "time" and m.group(1).lower() == "within":
            continue  # "within 30 minutes of signing up": a deadline, which the date windows apply
        if _ABOVE_RX.match(m.group(1).strip()):
            out.append(Condition(dimension, value, None))
        else:
            out.append(Condition(dimension, None, value))
    return tuple(out)


OPENER_CHARS = 40  # a range this near the start is the case the sentence is written for ("For up to 29 minutes, ...")


def measure_fit(sentence: str, message: str) -> int:
    """+1 where the sentence sets a range of a measure the customer states and their measure lies in it; -1 where it
    opens with ranges of that measure (its case) and theirs lies in none of them; 0 otherwise (a range said late in
    a sentence is often a rule's exception: "..., or £60 if the charge is below 20%")."""
    said = {family(w) for w in words_in_order(sentence)}
    measures = [(d, v) for d, v, around in _measures(message) if d not in _AMBIGUOUS or around & said]
    if not measures:
        return 0
    opener = conditions(sentence[:OPENER_CHARS])
    # an hour or a share is the sentence's case only where it opens with it (the row "More than 2 hours: ..."); said
    # later it is a period or a rate ("can take up to 24 hours to show") that the date windows read
    ranges = [c for c in conditions(sentence) if any(c.dimension == d for d, _ in measures)
              and (c.dimension not in _AMBIGUOUS or c in opener)]
    if not ranges:
        return 0
    if any(c.holds(d, v) for c in ranges for d, v in measures):
        return 1
    return -1 if _CASE_OPENER.match(sentence) and any(c in opener for c in ranges) else 0


# a sentence written for one case of several: a table row read as a sentence ("For up to 29 minutes, ..."), a
# condition ("If the charge is below 20%, ...")
_CASE_OPENER = re.compile(r"^(?:for|if|when|where|with|at|from|between|over|under|up to|more than|less than)\b", re.I)


def passage_fits(sentences: list[str], message: str) -> dict[int, int]:
    """``measure_fit`` for each sentence of one passage (non-zero only), where a row whose range holds the customer's
    measure also marks its sibling rows (sentences that open with a range of the same measure, "For up to 29 minutes,
    ...") as other cases, though they do not repeat what the measure is of."""
    fits = {i: f for i, text in enumerate(sentences) if (f := measure_fit(text, message))}
    measures = stated_measures(message)
    held = {c.dimension for i, f in fits.items() if f > 0 for c in conditions(sentences[i][:OPENER_CHARS])
            if any(c.holds(d, v) for d, v in measures)}
    if not held:
        return fits
    for i, text in enumerate(sentences):
        if i in fits or not _CASE_OPENER.match(text):
            continue
        opener = [c for c in conditions(text[:OPENER_CHARS]) if c.dimension in held]
        if opener and not any(c.holds(d, v) for c in opener for d, v in measures):
            fits[i] = -1
    return fits
