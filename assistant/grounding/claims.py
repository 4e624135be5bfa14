"""Checkable claims in text: numbers, amounts, percentages, dates, durations, times, URLs, e-mails, phones.

Each claim carries a normalised form so that equal facts written differently compare equal:
"$4.95" and "4.95 USD", "30 days" and "thirty days", "2026-03-01" and "March 1, 2026", phone numbers by
their digits. The verifier and the accuracy metrics both use this module, so a fact means the same thing
when a draft is checked and when a reply is scored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

from assistant.currency import prefixed
from assistant.grounding.citations import citation_spans
from assistant.grounding.words import stem

ClaimKind = Literal["number", "count", "amount", "percentage", "date", "duration", "time", "url", "email", "phone"]


@dataclass(frozen=True)
class Claim:
    kind: ClaimKind
    text: str  # as written
    normalized: str  # canonical form, e.g. "amount:USD 4.95", "duration:30 day"
    span: tuple[int, int]
    values: tuple[float, ...] = field(default=(), compare=False)  # numeric value(s); two for a range
    unit: str | None = field(default=None, compare=False)  # currency, duration unit, ...


# --- vocabularies -------------------------------------------------------------------------------

_WORD_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}
_TENS = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
_UNITS_WORDS = {k for k, v in _WORD_NUMBERS.items() if 1 <= v <= 9}
_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
# Duration units and their length in days, so "2 weeks" matches "14 days" and "24 hours" matches "1 day".
_DURATION_DAYS = {
    "minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 30.0, "year": 365.0,
}
_UNIT_ALIASES = {
    "min": "minute", "mins": "minute", "minute": "minute", "minutes": "minute",
    "hr": "hour", "hrs": "hour", "hour": "hour", "hours": "hour",
    "day": "day", "days": "day", "week": "week", "weeks": "week", "wk": "week", "wks": "week",
    "month": "month", "months": "month", "mo": "month", "mos": "month", "year": "year", "years": "year",
    "yr": "year", "yrs": "year",
}
# Ordinals state a number too: "his 2nd album" backs "2", "the third season" backs "3".
_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
    "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
    "hundredth": 100, "thousandth": 1000,
}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9}
_CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
_CURRENCY_WORDS = {
    "usd": "USD", "dollar": "USD", "dollars": "USD", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "gbp": "GBP", "pound": "GBP", "pounds": "GBP", "cad": "CAD", "aud": "AUD", "jpy": "JPY", "inr": "INR",
    "chf": "CHF",
}

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDNUM = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    r"|seventeen|eighteen|nineteen|hundred)"
)
_ANYNUM = rf"(?:{_NUM}|{_WORDNUM})"
_MONTH_RE = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_UNIT_RE = r"(?:minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?|mos?|years?|yrs?)"
_QUAL_RE = r"(?:(?:business|working|calendar)\s+)?"
_DASH = r"\s*(?:-|–|—|to|or|and)\s*"

_PATTERNS: list[tuple[str, re.Pattern[str] | None]] = [
    ("email", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    ("url", re.compile(r"\b(?:https?://|www\.)[^\s<>\"'()\[\]]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|co|gov|edu|help)(?:/[^\s<>\"'()\[\]]*)?", re.I)),
    ("date", re.compile(
        r"\b\d{4}-\d{2}-\d{2}\b"  # ISO
        r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b"  # US m/d/y
        rf"|\b{_MONTH_RE}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"  # March 1, 2026
        rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE}(?:,?\s+\d{{4}})?\b",  # 1 March 2026
        re.I)),
    ("phone", re.compile(
        r"(?<![\w.])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}\b"
        r"|(?<![\w.])\+\d{1,3}(?:[\s.-]?\d){6,12}\b")),
    ("time", re.compile(r"\b(?:[01]?\d|2[0-3])(?::[0-5]\d)?\s*(?:a\.?m\.?|p\.?m\.?)(?![a-z])|\b(?:[01]?\d|2[0-3]):[0-5]\d\b", re.I)),
    ("amount", re.compile(
        rf"[$€£¥₹]\s?(?:{_NUM})(?:\s?(?:k|m|bn|million|thousand|billion|trillion)\b)?"
        rf"|\b(?:usd|eur|gbp|cad|aud|chf)\s?(?:{_NUM})"
        rf"|(?:{_NUM})\s?(?:usd|eur|gbp|cad|aud|chf|dollars?|euros?|pounds)\b",
        re.I)),
    ("percentage", re.compile(rf"(?:{_ANYNUM})\s?(?:%|percent\b|per\s+cent\b)", re.I)),
    ("duration", re.compile(
        rf"\b(?:{_ANYNUM})(?:{_DASH}(?:{_ANYNUM}))?[\s-]+{_QUAL_RE}{_UNIT_RE}\b"
        rf"|\bone\s+{_QUAL_RE}(?:hour|day|week|month|year)\b",  # not "a year": "$49 a year" is a rate
        re.I)),
    # A count written in words is a claim as much as "3" is ("skip up to three shipments"): a spelled number from two
    # up, with the plural noun it counts (one word may come between), optionally after a limit ("up to", "at
    # least"). The noun is part of the claim: "three shipments" is not backed by "3 days". "one" stays out: "one
    # of", "one more", "the one you ordered" are not counts.
    ("count", re.compile(
        rf"\b(?:(?:up to|at least|at most|no more than|more than|fewer than|less than|a maximum of|a minimum of)\s+)?"
        rf"(?!one\b|zero\b|hundred\b){_WORDNUM}(?:\s+[a-z]+)?\s+[a-z]{{2,}}s\b",
        re.I)),
    ("id", None),  # placeholder: identifiers are matched before bare numbers (see _extract_cached)
    ("number", re.compile(r"(?<![\w.,/])(?:" + _NUM + r")(?![\w/]|[.,]\d)")),
]
_ID_TOKEN = re.compile(r"(?<![\w-])#?(?=[A-Za-z0-9-]*\d{3})(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?![\w-])")
_DECADE_OR_ORDINAL = re.compile(r"(\d+)(?:s|st|nd|rd|th)", re.I)
_LIST_MARKER = re.compile(
    r"(?m)^\s*\d{1,2}[.)](?=\s)"  # "2. Choose..." at a line start
    r"|(?:(?<=[\s:])|^)\(?\d{1,2}[.)]\s+(?=[A-Z*\[])"  # "...steps: 1. Open" inline
    r"|^\s*\(?\d{1,2}[.)]\s*$"  # a marker the sentence splitter left on its own: "2."
    r"|(?<=:)\s*\(?\d{1,2}[.)]\s*$"  # "consider the following: 1."
)
_TRIVIAL = re.compile(
    r"\b24/7\b|\b24x7\b|\b365\s+days\s+a\s+year\b"
    r"|\b(?:step|option|point|part|method|tip|phase|stage|section|question)\s+\d{1,2}\b",  # "Step 2:" orders text
    re.I,
)


# --- normalisation helpers ----------------------------------------------------------------------

def _num_value(text: str) -> float | None:
    t = text.strip().lower().replace(",", "")
    if t in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[t])
    parts = re.split(r"[\s-]+", t)
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS_WORDS:
        return float(_WORD_NUMBERS[parts[0]] + _WORD_NUMBERS[parts[1]])
    try:
        return float(Decimal(t))
    except (InvalidOperation, ValueError):
        return None


def _fmt(value: float) -> str:
    """4.50 -> '4.5', 30.0 -> '30': one spelling per value."""
    d = Decimal(repr(value)).normalize()
    return format(d, "f")


def normalize_url(url: str) -> str:
    u = url.strip().lower().rstrip(".,;:!?")
    u = re.sub(r"^https?://", "", u)
    u = re.sub(r"^www\.", "", u)
    return u.rstrip("/")


def phone_digits(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]  # North American country code
    return digits


def _numbers_in(text: str) -> list[float]:
    return [v for v in (_num_value(m) for m in re.findall(rf"{_NUM}|{_WORDNUM}(?:[\s-]{_WORDNUM})?", text, re.I)) if v is not None]


def _parse_date(text: str) -> tuple[int | None, int, int] | None:
    t = text.lower().strip().rstrip(".")
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t)
    if m:
        return int(m[1]), int(m[2]), int(m[3])
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2,4})", t)
    if m:
        year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
        return year, int(m[1]), int(m[2])
    month = next((n for name, n in _MONTHS.items() if re.search(rf"\b{name}\b", t)), None)
    nums = re.findall(r"\d+", t)
    if month is None or not nums:
        return None
    day = int(nums[0]) if len(nums[0]) <= 2 else None
    stated_year = next((int(n) for n in nums if len(n) == 4), None)
    if day is None:
        return None
    return stated_year, month, day


def _make_claim(kind: str, text: str, span: tuple[int, int]) -> Claim | None:
    low = text.lower()
    if kind == "url":
        text = text.rstrip(".,;:!?")
        span = (span[0], span[0] + len(text))
        return Claim("url", text, "url:" + normalize_url(text), span)
    if kind == "email":
        return Claim("email", text, "email:" + low, span)
    if kind == "phone":
        digits = phone_digits(text)
        if len(digits) < 7:
            return None
        return Claim("phone", text, "phone:" + digits, span)
    if kind == "date":
        parsed = _parse_date(text)
        if not parsed:
            return None
        y, mo, d = parsed
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            return None
        norm = f"{y:04d}-{mo:02d}-{d:02d}" if y else f"--{mo:02d}-{d:02d}"
        return Claim("date", text, "date:" + norm, span, values=(float(y or 0), float(mo), float(d)))
    if kind == "time":
        m = re.match(r"(\d{1,2})(?::(\d{2}))?\s*([ap])?", low)
        if not m:
            return None
        hour, minute = int(m[1]), int(m[2] or 0)
        if m[3] == "p" and hour < 12:
            hour += 12
        if m[3] == "a" and hour == 12:
            hour = 0
        return Claim("time", text, f"time:{hour:02d}:{minute:02d}", span, values=(float(hour), float(minute)))
    if kind == "amount":
        currency = next((c for s, c in _CURRENCY_SYMBOLS.items() if s in text), None)
        if currency is None:
            word = re.search(r"[a-z]+$|^[a-z]+", low.strip())
            currency = _CURRENCY_WORDS.get(word.group(0)) if word else None
        nums = re.findall(_NUM, text)
        if not nums:
            return None
        value = _num_value(nums[0])
        if value is None:
            return None
        scale = re.search(r"\d\s?(k|m|bn|thousand|million|billion|trillion)\b", low)
        if scale:
            value *= {"k": 1e3, "m": 1e6}.get(scale.group(1)) or _SCALES[scale.group(1)]
        currency = currency or "USD"
        return Claim("amount", text, f"amount:{currency} {_fmt(value)}", span, values=(value,), unit=currency)
    if kind == "percentage":
        found = _numbers_in(re.sub(r"%|per\s*cent", "", low))
        if not found:
            return None
        return Claim("percentage", text, f"percentage:{_fmt(found[0])}", span, values=(found[0],), unit="%")
    if kind == "duration":
        unit_m = re.search(rf"({_UNIT_RE})\b\s*$", low)
        if not unit_m:
            return None
        unit = _UNIT_ALIASES.get(unit_m.group(1))
        if unit is None:
            return None
        qual = re.search(r"\b(business|working)\b", low)
        head = low[: unit_m.start()]
        stated = tuple(_numbers_in(head))[:2]
        if not stated:
            return None
        unit_name = ("business_" if qual else "") + unit
        shown = "-".join(_fmt(v) for v in stated)
        return Claim("duration", text, f"duration:{shown} {unit_name}", span, values=stated, unit=unit_name)
    if kind == "count":
        m = re.search(rf"({_WORDNUM})(?:\s+[a-z]+)?\s+([a-z]+)$", low)
        value = _num_value(m.group(1)) if m else None
        if m is None or value is None or value < 2:
            return None
        noun = stem(m.group(2))
        return Claim("count", text, f"count:{_fmt(value)} {noun}", span, values=(value,), unit=noun)
    if kind == "number":
        value = _num_value(text)
        if value is None:
            return None
        return Claim("number", text, f"number:{_fmt(value)}", span, values=(value,))
    return None


def _trivial_spans(text: str) -> list[tuple[int, int]]:
    spans = citation_spans(text)
    spans += [m.span() for m in _LIST_MARKER.finditer(text)]
    spans += [m.span() for m in _TRIVIAL.finditer(text)]
    return spans


def _overlaps(span: tuple[int, int], taken: Iterable[tuple[int, int]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in taken)


def _add_ids(text: str, claims: list[Claim], taken: list[tuple[int, int]]) -> None:
    """Identifiers such as order numbers ("NW-10482", "A12345"): checked like numbers, by their exact form."""
    for m in _ID_TOKEN.finditer(text):
        if _overlaps(m.span(), taken):
            continue
        token = m.group(0).lstrip("#")
        numeric = _DECADE_OR_ORDINAL.fullmatch(token)
        if numeric:  # "1960s", "100th": a number, however the source writes it ("1960's", "hundredth")
            value = float(numeric.group(1))
            claims.append(Claim("number", m.group(0), f"number:{_fmt(value)}", m.span(), values=(value,)))
            taken.append(m.span())
            continue
        claims.append(Claim("number", m.group(0), "id:" + re.sub(r"[^A-Z0-9]", "", token.upper()), m.span()))
        taken.append(m.span())


# Every claim needs a digit, an "@", a web address or a number word: text without any of them has none, and most
# sentences are such text, so the dozen patterns below run only where they can find something.
_MAYBE_CLAIM = re.compile(rf"\d|@|www\.|https?:|\.(?:com|org|net|io|co|gov|edu|help)\b|\b{_WORDNUM}\b", re.I)


@lru_cache(maxsize=4096)
def _extract_cached(text: str) -> tuple[Claim, ...]:
    if not _MAYBE_CLAIM.search(text):
        return ()
    taken: list[tuple[int, int]] = _trivial_spans(text)
    claims: list[Claim] = []
    for kind, pattern in _PATTERNS:
        if pattern is None:
            _add_ids(text, claims, taken)
            continue
        for m in pattern.finditer(text):
            if _overlaps(m.span(), taken):
                continue
            claim = _make_claim(kind, m.group(0), m.span())
            if claim is None:
                continue
            # Years on their own ("since 2019") and tiny counts are still numbers; leave them in.
            claims.append(claim)
            taken.append(claim.span)
    claims.sort(key=lambda c: c.span)
    return tuple(claims)


def extract_claims(text: str) -> list[Claim]:
    """Every checkable claim in ``text``, in order, non-overlapping; citation markers and list numbers skipped."""
    if not text:
        return []
    return list(_extract_cached(text))


# --- numbers however they are written ------------------------------------------------------------

_VALUE_TOKEN = re.compile(r"[a-z]+|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_DIGIT_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)\b|(\d{2,4})'?s\b", re.I)  # "10th", "1990s"


def _spelled_number(words: list[str], i: int) -> tuple[float, int] | None:
    """The number written in words from ``words[i]`` ("two hundred fifty thousand", "a dozen"); (value, next i)."""
    total = current = 0.0
    j, seen = i, False
    while j < len(words):
        w = words[j]
        if w in _WORD_NUMBERS and w != "hundred":
            current += _WORD_NUMBERS[w]
        elif w == "hundred":
            current = (current or 1.0) * 100
        elif w == "dozen":
            current = (current or 1.0) * 12
        elif w in _SCALES and w != "bn" and seen:
            total += (current or 1.0) * _SCALES[w]
            current = 0.0
        elif w == "and" and seen and j + 1 < len(words) and words[j + 1] in _WORD_NUMBERS:
            pass  # "one hundred and five"
        else:
            break
        seen = True
        j += 1
    return (total + current, j) if seen else None


def _numbers_read(tokens: list[str]) -> Iterator[tuple[float, int, int]]:
    """(value, first token, token after it) for each number written in digits or words in ``tokens``."""
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok[0].isdigit():
            yield float(tok.replace(",", "")), i, i + 1
            i += 1
            continue
        spelled = _spelled_number(tokens, i) if tok in _WORD_NUMBERS or tok == "dozen" else None
        if spelled is None:
            i += 1
            continue
        yield spelled[0], i, spelled[1]
        i = spelled[1]


@lru_cache(maxsize=4096)
def stated_values(text: str) -> frozenset[float]:
    """Every number ``text`` states, however written: digits ("2,000"), words ("two", "twenty-one", "two
    hundred"), ordinals ("2nd", "second"), decades ("1990s"), scaled ("2 million" states 2 and 2,000,000), and
    the parts of its dates ("March 3, 2008" states the year 2008), and amounts with their thousands spaced before a
    currency code ("1 500 SEK" states 1,500)."""
    low = prefixed(text).lower().replace("’", "'")
    tokens = _VALUE_TOKEN.findall(low)
    values: set[float] = {float(_ORDINAL_WORDS[t]) for t in tokens if t in _ORDINAL_WORDS}
    for value, start, end in _numbers_read(tokens):
        values.add(value)
        if tokens[start][0].isdigit() and end < len(tokens) and tokens[end] in _SCALES:
            values.add(value * _SCALES[tokens[end]])
    values.update(float(a or b) for a, b in _DIGIT_ORDINAL.findall(low))
    return frozenset(values)


def _count_stated(value: float, noun: str, source: str) -> bool:
    """Does ``source`` state ``value`` (digits or words) with the counted noun within the next three words?"""
    tokens = _VALUE_TOKEN.findall(source.lower().replace("’", "'"))
    return any(_same(found, value) and any(stem(t) == noun for t in tokens[end:end + 3])
               for found, _, end in _numbers_read(tokens))


def _value_stated(value: float, source: str) -> bool:
    return any(_same(value, v) for v in stated_values(source))


# --- support --------------------------------------------------------------------------------------

def _days(claim: Claim) -> list[float]:
    base = (claim.unit or "day").removeprefix("business_")
    return [v * _DURATION_DAYS.get(base, 1.0) for v in claim.values]


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def claims_match(claim: Claim, other: Claim) -> bool:
    """Does ``other`` (found in a source) state the same fact as ``claim``?"""
    if claim.normalized == other.normalized:
        return True
    a_id, b_id = claim.normalized.startswith("id:"), other.normalized.startswith("id:")
    if a_id or b_id:  # identifiers match only by their exact characters (digits of a bare number included)
        return (claim.normalized.split(":", 1)[1] == other.normalized.split(":", 1)[1]
                and "number" == claim.kind == other.kind)
    if not claim.values or not other.values:
        return False
    k, ok = claim.kind, other.kind
    if k == "duration" and ok == "duration":
        mine, theirs = _days(claim), _days(other)
        business = (claim.unit or "").startswith("business_") or (other.unit or "").startswith("business_")
        same_kind_of_day = (claim.unit or "").startswith("business_") == (other.unit or "").startswith("business_")
        # a stated value matches an endpoint of the source's range ("5 business days" vs "3-5 business days")
        if same_kind_of_day and all(any(_same(a, b) for b in theirs) for a in mine):
            return True
        # "5 days" for "5 business days" is loose but not wrong; "7 days" for "3-7 business days" is
        if len(mine) == len(theirs) == 1 and _same(claim.values[0], other.values[0]) and \
                (claim.unit or "").removeprefix("business_") == (other.unit or "").removeprefix("business_"):
            return True
        # "1 week" vs "5 business days" is not the same; calendar conversions only
        return not business and len(mine) == len(theirs) and all(_same(a, b) for a, b in zip(mine, theirs))
    if k == "amount" and ok == "amount":
        return claim.unit == other.unit and _same(claim.values[0], other.values[0])
    if k == "amount" and ok == "number":
        return _same(claim.values[0], other.values[0])  # the source wrote the price without a currency
    if k == "percentage" and ok == "number":
        return _same(claim.values[0], other.values[0])
    if k == "date" and ok == "date":
        y1, m1, d1 = claim.values
        y2, m2, d2 = other.values
        return m1 == m2 and d1 == d2 and (not y1 or not y2 or y1 == y2)
    if k == "phone" and ok == "phone":
        a, b = claim.normalized[6:], other.normalized[6:]
        return len(a) >= 7 and len(b) >= 7 and (a.endswith(b) or b.endswith(a))
    if k == "url" and ok == "url":
        a, b = claim.normalized[4:], other.normalized[4:]
        return b.startswith(a + "/") or a.startswith(b + "/") and a.count("/") <= b.count("/") + 1
    if k == "number" and claim.normalized.startswith("number:"):
        # A bare number is backed by the same value stated with a unit ("3" by "3 business days").
        return ok in ("number", "amount", "percentage", "duration") and any(_same(claim.values[0], v) for v in other.values)
    return False


def claim_supported(claim: Claim, sources: Sequence[str]) -> bool:
    """True when some source states the same fact (after normalisation)."""
    for source in sources:
        if not source:
            continue
        for other in _extract_cached(source):
            if claims_match(claim, other):
                return True
        # A bare number or an amount is also backed by the same value written another way ("2" by "two" or
        # "second", a year by a full date, "2,000,000" by "2 million"); units and currencies were compared above.
        if claim.values and (claim.normalized.startswith("number:") or claim.kind == "amount") and \
                _value_stated(claim.values[0], source):
            return True
        if claim.kind == "count" and claim.unit and _count_stated(claim.values[0], claim.unit, source):
            return True
        if claim.kind in ("url", "email") and claim.text.lower().rstrip("/") in source.lower():
            return True
    return False


def unsupported(text: str, sources: Sequence[str]) -> list[Claim]:
    """The claims of ``text`` that no source backs."""
    return [c for c in extract_claims(text) if not claim_supported(c, sources)]
