"""A package price that covers a first number of people (or kilos), with a rate for each one above it, worked out for
the customer's number.

Party, group and delivery prices are often written this way:
- a table row with the number it covers and a rule beside it: "| Big Barn | Up to 20 | £260 | £320 | £300 |" and
  "Extra guests: £8 per guest over the number covered, to a limit of 26 guests for a Big Barn";
- one cell or sentence: "NZ$300 for up to 6 people, plus NZ$40 per extra person (maximum 10)";
- a table of a first stretch and the rate after it: "| Region | First 3 kg | Each additional kg (or part) |";
- a price per head ("| Party | Price per guest | Guests |") with a surcharge per head on some days ("Weekend
  surcharge: $5 per guest for parties on Saturdays and Sundays").

For the one count the customer gives in the rule's unit ("23 kids", "2 x 2.5kg tins"), the row they name (or the
row the reply already says) and the one price column their day picks, the sum is said with its working: "For 23
children, the Big Barn is £300 at the Sunday price for the first 20 children, plus 23 − 20 = 3 more at £8 each: 3 × £8
= £24, so £300 + £24 = £324 in total." A deposit that the same page says is taken off the total gives the balance. Nothing
is worked with two counts, an approximate one, a count above the stated maximum, a price column their day does not
pick, or a part of a unit the rule does not round up.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from assistant.currency import AMOUNT, money, prefixed
from assistant.day_columns import column_times, customer_day, day_column
from assistant.grounding.words import stem
from assistant.tables import Row, named_by_key, tables_in

_AMOUNT_CELL = re.compile(rf"^[\s*(]*{AMOUNT}[\s*)]*(?:\([^)]*\))?\s*$")
_PEOPLE = frozenset({"person", "people", "persons", "guest", "child", "children", "kid", "adult", "player",
                     "participant", "swimmer", "attendee", "visitor", "diner", "bowler", "rider", "student", "pupil",
                     "pax", "head", "teen", "junior"})
_WEIGHT = frozenset({"kg", "kgs", "kilo", "kilos", "kilogram", "kilograms"})
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12}
_NUM = r"(\d{1,4}(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"

# "NZ$300 for up to 6 people, plus NZ$40 per extra person (maximum 10)"; "£150 for the first 10 guests and £12 for each
# additional guest"
_INLINE = re.compile(rf"{AMOUNT}\s+for\s+(?:up\s+to|the\s+first)\s+(\d{{1,4}})\s+([a-z]+)\s*,?\s*(?:plus|then|and|\+)\s+"
                     rf"{AMOUNT}\s+(?:per|for\s+each|for\s+every|each)\s+(?:extra|additional|further)\s+([a-z]+)"
                     r"(?:\s*\(?(?:up\s+to\s+a\s+)?max(?:imum)?\.?\s*(?:of\s+)?(\d{1,4}))?", re.I)
# the rate for each one above what a package includes: "£8 per guest over the number covered", "£12 per extra guest"
_EXTRA_RATE = re.compile(rf"{AMOUNT}\s+(?:per|for\s+each|for\s+every|each)\s+(?:(extra|additional|further)\s+)?"
                         r"([a-z]+)(\s+(?:above|over|beyond|more\s+than)\b)?", re.I)
_EXTRA_LABEL = re.compile(r"\b(?:extra|additional|further)\s+[a-z]+\s*\**\s*:\s*\**\s*$", re.I)
# a table's column of how many the package includes: "Children included", "Guests included", "Includes"
_INCLUDED_HEAD = re.compile(r"\binclud(?:ed|es)\b", re.I)
_INCLUDED_CELL = re.compile(r"^\W*(?:up\s+to\s+|max(?:imum)?\.?\s+)?(\d{1,4})(?:\s+[a-z]+)?\W*$", re.I)
# the first stretch and the rate after it as column names: "First 3 kg", "Each further kg (or part)"
_FIRST_HEAD = re.compile(r"^\W*(?:the\s+)?first\s+(\d{1,4}(?:\.\d+)?)\s*([a-z]+)\b", re.I)
_EACH_HEAD = re.compile(r"^\W*(?:each|every|per)\s+(?:additional|extra|further)\s+([a-z]+)\b(.*)$", re.I)
_OR_PART = re.compile(r"\bor\s+(?:any\s+)?part\b", re.I)
# "to a limit of 14 guests for a Little Barn and 26 guests for a Big Barn": each limit, with what it is for
_MAXIMUM = re.compile(r"\bmax(?:imum)?\b[^.;]*", re.I)
_LIMIT = re.compile(r"\b(\d{1,4})\s+([a-z]+)(?:\s+(?:for|on)\s+(?:an?\s+|the\s+)?([A-Za-z][\w' -]{1,40}?))?"
                    r"(?=\s+and\b|\s*[,.;)]|\s*$)", re.I)
# (a number gone "up to 23" is exact; "up to 20 kids" is a limit, not a count)
_ROUGH = re.compile(r"\b(?:about|around|roughly|approx(?:imately)?|maybe|(?<!crept\s)(?<!gone\s)(?<!went\s)(?<!come\s)"
                    r"(?<!grown\s)(?<!risen\s)up\s+to|or\s+so|ish)\W*$", re.I)
# a deposit that counts towards the price: "Your deposit is taken off the final bill", "deducted from the balance"
_DEPOSIT_OFF = re.compile(r"\bdeposit\b[^.]{0,30}?\b(?:comes?\s+off|is\s+taken\s+off|(?:is\s+)?deducted\s+from|"
                          r"counts?\s+towards|goes\s+towards)\b", re.I)
_DEPOSIT_AMOUNT = re.compile(rf"{AMOUNT}\s+deposit\b|\bdeposit\s+of\s+{AMOUNT}", re.I)


def _kind(word: str) -> str:
    """What a unit counts: "child" for a child, "people" for every other word for a person, "kg" for weights, else the
    word's stem."""
    w = word.lower()
    if w in ("child", "children", "kid", "kids"):
        return "child"
    if w in _PEOPLE or stem(w) in _PEOPLE or w.rstrip("s") in _PEOPLE:
        return "people"
    return "kg" if w in _WEIGHT else stem(w)


def _counts(rule: str, said: str) -> bool:
    """Whether a number of ``said`` counts the rule's unit: a rule per person counts children too."""
    return _kind(said) == _kind(rule) or (_kind(rule) == "people" and _kind(said) == "child")


def _value(figure: str) -> float:
    return float(figure.replace(",", ""))


def _number(word: str) -> float:
    return float(_NUMBER_WORDS[word.lower()]) if word.lower() in _NUMBER_WORDS else float(word)


# "23 kids", "9 children", "for 10 people", "12 more guests": a count and the people it counts
_HEADS = re.compile(rf"\b{_NUM}\s+(?:(of)\s+us\b|([a-z]+)\b(?:\s+([a-z]+)\b)?)", re.I)
_PACK = r"(?:bags?|packs?|packets?|tins?|box(?:es)?|jars?|pouch(?:es)?)"
_W = r"(\d+(?:\.\d+)?)\s?(kg|kgs|kilos?|kilograms?|g|grams?)\b"
# several packs of one weight: "2 tins of the 2.5kg", "4 x 1kg", "two 500g packs"
_PACKS = re.compile(rf"\b{_NUM}\s*(?:[x×]\s*(?:the\s+)?{_W}|\s{_PACK}\s+of\s+(?:the\s+)?{_W}|\s+{_W}\s+{_PACK})",
                    re.I)
_WEIGHT_SAID = re.compile(rf"\b{_W}", re.I)


def _kilos(figure: str, unit: str) -> float:
    u = unit.lower()
    return _value(figure) * (0.001 if u.startswith("g") else 1.0)


@dataclass(frozen=True)
class Count:
    value: float
    working: str  # how it is worked from their words ("3 × 1 kg = 3 kg"), or ""


def customer_count(message: str, unit: str) -> Count | None:
    """The one count the customer gives in the unit's kind; None for none, two, or one said roughly."""
    kind = _kind(unit)
    if kind == "kg":
        packs = list(_PACKS.finditer(message))
        weights = list(_WEIGHT_SAID.finditer(message))
        if len(packs) == 1 and len(weights) == 1:
            m = packs[0]
            n = _number(m.group(1))
            figure, unit = next((m.group(i), m.group(i + 1)) for i in (2, 4, 6) if m.group(i))
            size = _kilos(figure, unit)
            total = round(n * size, 3)
            return Count(total, f"{n:g} × {size:g} kg = {total:g} kg")
        said = {_kilos(w.group(1), w.group(2)) for w in weights}
        return Count(said.pop(), "") if not packs and len(said) == 1 else None
    found = set()
    for m in _HEADS.finditer(message):
        # the word after the number, or the one after that ("28 more kids"); "5 of us" counts people
        words = ["people"] if m.group(2) else [w for w in (m.group(3), m.group(4)) if w]
        if not any(_counts(unit, w) for w in words[:1]) and not (
                len(words) > 1 and _counts(unit, words[1]) and _kind(words[0]) not in ("people", "child")):
            continue
        number = m.group(1)
        if _ROUGH.search(message[max(0, m.start() - 14):m.start()]):
            return None
        found.add(_number(number))
    return Count(found.pop(), "") if len(found) == 1 else None


@dataclass(frozen=True)
class Package:
    marker: int
    what: str  # the package as the page names it ("the Mega Party", "zone A")
    currency: str
    price: float
    included: float
    rate: float
    unit: str  # the rule's word for one more ("child", "person", "kg")
    column: str | None = None  # the price column the customer's day picked
    rounds_up: bool = False  # "(or part)": a part of a unit counts as one
    maximum: float | None = None
    said: frozenset[str] = field(default_factory=frozenset)  # the row as the reply would say it (replaced by the sum)


def _row_said(rows: list[Row], said: Sequence[str]) -> Row | None:
    """The one row whose key and every amount the reply's sentences already state."""
    hits = [r for r in rows if r.key.strip() and any(
        r.key.strip() in s and all(m.group(0) in prefixed(s) for c in r.cells[1:]
                                   for m in re.finditer(AMOUNT, prefixed(c))) for s in said)]
    return hits[0] if len(hits) == 1 else None


def _amount(cell: str) -> tuple[str, float] | None:
    m = _AMOUNT_CELL.match(prefixed(cell))
    return (m.group(1), _value(m.group(2))) if m else None


def _maximum(text: str, unit: str, key: str) -> float | None:
    """The most the page allows for the row ("to a limit of 26 guests for a Big Barn"); None for none."""
    found = [(float(m.group(1)), m.group(3)) for clause in _MAXIMUM.finditer(re.sub(r"\*\*|__", "", text))
             for m in _LIMIT.finditer(clause.group(0)) if _counts(unit, m.group(2))]
    named = [n for n, what in found if what and what.strip().lower() == key.strip().lower()]
    if named:
        return named[0]
    unnamed = [n for n, what in found if not what]
    return unnamed[0] if len(unnamed) == 1 and len(found) == 1 else None


def _what(row: Row) -> str:
    key = row.key.strip().strip("*")
    head = row.header[0].strip() if row.header else ""
    return f"{head.lower()} {key}" if len(key) <= 3 and head else f"the {key}"


def _from_tables(marker: int, text: str, message: str, said: Sequence[str], today: date) -> list[Package]:
    out: list[Package] = []
    for rows in tables_in(text):
        header = rows[0].header
        first = [(i, m) for i, h in enumerate(header) if (m := _FIRST_HEAD.match(h))]
        each = [(i, m) for i, h in enumerate(header) if (m := _EACH_HEAD.match(h))]
        included = [i for i, h in enumerate(header) if i > 0 and _INCLUDED_HEAD.search(h)]
        if len(first) == 1 and len(each) == 1 and _kind(first[0][1].group(2)) == _kind(each[0][1].group(1)):
            row = _row_said(rows, said) or named_by_key(rows, message)
            if row is None:
                continue
            (fi, fm), (ei, em) = first[0], each[0]
            price, rate = _amount(row.cells[fi]), _amount(row.cells[ei])
            if price and rate and price[0] == rate[0]:
                out.append(Package(marker, _what(row), price[0], price[1], _value(fm.group(1)), rate[1],
                                   em.group(1), rounds_up=bool(_OR_PART.search(em.group(2)))))
            continue
        if len(included) != 1:
            continue
        rules = [m for m in _EXTRA_RATE.finditer(prefixed(text))
                 if (m.group(3) or m.group(5) or _EXTRA_LABEL.search(prefixed(text)[max(0, m.start() - 40):m.start()]))
                 and "|" not in prefixed(text)[max(0, m.start() - 40):m.start()].rsplit("\n", 1)[-1]]
        if len({(m.group(1), m.group(2), _kind(m.group(4))) for m in rules}) != 1:
            continue
        rule = rules[0]
        row = named_by_key(rows, message) or _row_said(rows, said)
        if row is None or len(row.cells) <= included[0]:
            continue
        cover = _INCLUDED_CELL.match(row.cells[included[0]])
        prices = [(h, a) for i, (h, c) in enumerate(zip(header, row.cells)) if i > 0 and (a := _amount(c))]
        if cover is None or not prices or any(a[0] != rule.group(1) for _, a in prices):
            continue
        column = None
        if len(prices) > 1:
            column = day_column([h for h, _ in prices], message, today)
            if column is None:
                continue
        price = next(a for h, a in prices if column is None or h == column)
        out.append(Package(marker, _what(row), price[0], price[1], float(cover.group(1)), _value(rule.group(2)),
                           rule.group(4), column, maximum=_maximum(text, rule.group(4), row.key),
                           said=frozenset(s for s in said if row.key.strip() in s)))
    return out


def _inline(marker: int, texts: Sequence[str]) -> list[Package]:
    out = []
    for text in texts:
        for m in _INLINE.finditer(prefixed(text)):
            if m.group(1) != m.group(5) or _kind(m.group(4)) != _kind(m.group(7)):
                continue
            # the package's name: the row's key ("For Private group session, ...", "| Private group session |")
            key = re.match(r"^\W*For\s+([^,;:]{2,40}),", text) or re.match(r"^\s*\|\s*([^|]{2,40}?)\s*\|", text)
            what = f"the {key.group(1).strip('* ')}" if key and not re.search(r"\d", key.group(1)) else "the package"
            out.append(Package(marker, what, m.group(1), _value(m.group(2)), float(m.group(3)),
                               _value(m.group(6)), m.group(7), maximum=float(m.group(8)) if m.group(8) else None))
    return out


# a price column per head: "Price per guest", "Per person"; a range of heads a row takes ("8–20", "6–8 children")
_PER_HEAD_HEAD = re.compile(r"\bper\s+(guest|person|head|child|kid|player|participant|adult)\b", re.I)
_HEADS_RANGE = re.compile(r"^\W*(\d{1,4})\s*[–-]\s*(\d{1,4})\b")
_HEADS_HEAD = re.compile(r"\b(?:guests?|people|persons?|group|size|children|kids|players|participants|numbers?)\b", re.I)
# a surcharge per head on some days: "Weekend surcharge: $5 per guest for parties on Saturdays and Sundays"
_SURCHARGE = re.compile(rf"\b(?:surcharge|supplement)\b[^.]{{0,60}}?{AMOUNT}\s+(?:per|a|each)\s+([a-z]+)([^.]*)", re.I)


def _per_head(marker: int, text: str, message: str, today: date) -> tuple[str, float, str] | None:
    """(sentence, total, currency) for the row the customer names of a table priced per head, times their count,
    with a surcharge per head for their day where the page sets one (see ``package_price``)."""
    for rows in tables_in(text):
        header = rows[0].header
        columns = [(i, m.group(1)) for i, h in enumerate(header) if i > 0 and (m := _PER_HEAD_HEAD.search(h))]
        row = named_by_key(rows, message) if len(columns) == 1 else None
        if row is None or len(row.cells) <= columns[0][0]:
            continue
        index, unit = columns[0]
        price = _amount(row.cells[index])
        count = customer_count(message, unit)
        if price is None or count is None or count.value != int(count.value):
            return None
        n = int(count.value)
        for head, cell in zip(header[1:], row.cells[1:]):
            bounds = _HEADS_RANGE.match(cell)
            if bounds and _HEADS_HEAD.search(head) and not int(bounds.group(1)) <= n <= int(bounds.group(2)):
                return None  # more or fewer than the package takes: the agent's to advise
        currency, each = price
        surcharges = [m for m in _SURCHARGE.finditer(prefixed(re.sub(r"\*\*|__", "", text)))
                      if m.group(1) == currency and _counts(unit, m.group(3))]
        weekday, _ = customer_day(message, today)
        name = re.sub(r"\s*\([^)]*\)", "", row.key).strip("* ")
        said = f"For {_unit_said(unit, n)}, the {name} is {money(each, currency)} per {unit.lower()}"
        if len(surcharges) > 1:
            return None
        if surcharges:
            days = set().union(*(w.days for w in column_times(surcharges[0].group(4)))) if column_times(
                surcharges[0].group(4)) else set()
            if weekday is None or not days:
                return None  # whether their day carries the surcharge is not known
            if weekday in days:
                extra = _value(surcharges[0].group(2))
                per = round(each + extra, 2)
                total = round(n * per, 2)
                return (f"{said}, plus the {money(extra, currency)} surcharge on a {_WEEKDAYS[weekday]}: "
                        f"{money(each, currency)} + {money(extra, currency)} = {money(per, currency)} per "
                        f"{unit.lower()}, and {n} × {money(per, currency)} = {money(total, currency)} in total",
                        total, currency)
        total = round(n * each, 2)
        return f"{said}: {n} × {money(each, currency)} = {money(total, currency)} in total", total, currency
    return None


_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _unit_said(unit: str, n: float) -> str:
    if _kind(unit) == "kg":
        return f"{n:g} kg"
    word = unit.lower()
    plural = {"child": "children", "person": "people"}.get(word, word if word.endswith("s") else word + "s")
    return f"{n:g} {word if n == 1 else plural}"


def _deposit(text: str, total: float, currency: str) -> str:
    """"; the £50 deposit comes off that, so the balance is £324 − £50 = £274", where the page says so."""
    if not _DEPOSIT_OFF.search(text):
        return ""
    amounts = {(m.group(1) or m.group(3), _value(m.group(2) or m.group(4))) for m in _DEPOSIT_AMOUNT.finditer(prefixed(text))}
    if len(amounts) != 1:
        return ""
    sign, deposit = amounts.pop()
    if sign != currency or deposit >= total:
        return ""
    return (f"; the {money(deposit, currency)} deposit comes off that, so the balance is {money(total, currency)} − "
            f"{money(deposit, currency)} = {money(round(total - deposit, 2), currency)}")


@dataclass(frozen=True)
class PackagePrice:
    marker: int
    sentence: str
    said: frozenset[str]  # the reply's row sentences the sum replaces


def package_price(said: Sequence[tuple[int, str]], pages: Sequence[tuple[int, str]], message: str,
                  today: date, documents: Mapping[int, str] | None = None) -> PackagePrice | None:
    """The price of the customer's package for their count (see the module docstring). ``said``: (marker, sentence)
    the reply already states; ``pages``: (marker, text) of the public passages; ``documents``: marker -> the
    document it comes from (the deposit rule may be in another passage of the package's page)."""
    packages: list[Package] = []
    for marker, text in pages:
        if re.search(r"\b(?:first|includ|extra|additional|further)", text, re.I):
            packages += _from_tables(marker, text, message, [s for m, s in said if m == marker], today)
    for marker in dict.fromkeys(m for m, _ in said):
        packages += _inline(marker, [s for m, s in said if m == marker])
    chosen = {(p.what, p.price, p.included, p.rate) for p in packages}
    if not chosen:
        # a price per head for the package they name, for their count (and day)
        for marker, text in pages:
            if _PER_HEAD_HEAD.search(text) and (per_head := _per_head(marker, text, message, today)) is not None:
                sentence, total, currency = per_head
                return PackagePrice(marker, sentence + _deposit(text, total, currency) + ".", frozenset())
        return None
    if len(chosen) != 1:
        return None
    p = packages[0]
    count = customer_count(message, p.unit)
    if count is None or (p.maximum is not None and count.value > p.maximum) or count.value <= 0:
        return None
    over = round(count.value - p.included, 3)
    if over > 0 and over != int(over) and not p.rounds_up:
        return None
    column = f" at the {p.column} price" if p.column else ""
    start = f"For {_unit_said(p.unit, count.value)}" + (f" ({count.working})" if count.working else "")
    if over <= 0:
        total = p.price
        sentence = (f"{start}, {p.what} is {money(p.price, p.currency)}{column}, which covers up to "
                    f"{_unit_said(p.unit, p.included)}")
    else:
        extra = math.ceil(over)
        cost = round(extra * p.rate, 2)
        total = round(p.price + cost, 2)
        more = f"{count.value:g} − {p.included:g} = {over:g}" + (f", counted as {extra}" if extra != over else "")
        sentence = (f"{start}, {p.what} is {money(p.price, p.currency)}{column} for the first "
                    f"{_unit_said(p.unit, p.included)}, plus {more} more at {money(p.rate, p.currency)} each: "
                    f"{extra} × {money(p.rate, p.currency)} = {money(cost, p.currency)}, so "
                    f"{money(p.price, p.currency)} + {money(cost, p.currency)} = {money(total, p.currency)} in total")
    own = documents.get(p.marker) if documents else None
    for marker, text in sorted(pages, key=lambda page: page[0] != p.marker):
        if marker == p.marker or (own is not None and documents and documents.get(marker) == own):
            if deposit := _deposit(text, total, p.currency):
                # (cited inline where another passage of the page states it)
                sentence += deposit + (f" [{marker}]" if marker != p.marker else "")
                break
    return PackagePrice(p.marker, sentence + ".", p.said)


def count_facts(message: str) -> list[str]:
    """The customer's counts of people as the package sums say them ("14 children", "14 people" for "14 kids"): their
    own facts, which back the sum's "For 14 children" where nothing is added."""
    out = []
    for m in _HEADS.finditer(message):
        word = "people" if m.group(2) else (m.group(3) or "")
        if _kind(word) in ("people", "child") and not _ROUGH.search(message[max(0, m.start() - 14):m.start()]):
            n = _number(m.group(1))
            out += [f"{n:g} {word.lower()}", f"{n:g} children", f"{n:g} people"]
    return out


__all__ = ["Count", "PackagePrice", "count_facts", "customer_count", "package_price"]
