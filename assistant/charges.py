"""Charges worked out for the customer: a rate per unit times their quantity, with its cap, and the total of the
charges that apply; an amount they quote explained as a rate times a whole quantity plus a fixed fee.

Every figure said is the source's (a rate, a cap, a fee), the customer's (their 10 days, the £95.50 they were
charged) or the result of the working shown beside it ("£35 × 10 = £350"), which the verifier redoes
(``assistant.grounding.arithmetic``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from assistant.bands import band_of, stated_ages
from assistant.currency import KRONE, SYMBOL, currencies_in, money, prefixed, same_currency
from assistant.grounding.ranges import date_ranges
from assistant.grounding.words import STOPWORDS, content_words, stem
from assistant.grounding.windows import plain

_MONEY = f"({SYMBOL})" + r"\s?(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)"
_ALT = rf"(?:\s*\(\s*{_MONEY}\s*\))?"  # "£35 (€40)": the same figure in another currency
_UNITS = r"(day|night|week|month|hour|litre|liter|gallon|mile|km|kilometre|session|class|person|passenger|bag|item|driver)"
# "£35 (€40) per day", "£10 a day"
_RATE = re.compile(rf"{_MONEY}{_ALT}\s*(?:per|a|an|each|every|/)\s*{_UNITS}\b", re.I)
# "per litre missing | £2.35": the unit named before the figure (a table row read cell by cell)
_RATE_BEFORE = re.compile(rf"\bper\s+{_UNITS}\b[^.;£€$]{{0,60}}?{_MONEY}", re.I)
_CAP = re.compile(rf"\b(?:capped at|up to a maximum of|to a maximum of|a maximum of|maximum charge of|no more than|"
                  rf"at most|(?:the\s+)?max(?:imum|\.)?(?:\s+(?:charge|fee|price))?\s+per\s+(?:rental|hire|booking|stay|"
                  rf"trip|order)\s*(?:is\s+|of\s+|:)?)\s*{_MONEY}{_ALT}", re.I)
_NAME_BEFORE = re.compile(r"\b(?:a|an|the)\s+((?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*)\s+of\s*$", re.I)
_SUBJECT = re.compile(r"^\W*(?:for\s+)?([A-Za-z][\w -]{2,40}?)\s*(?:,|\s+(?:costs?|is|are|pays?|charges?)\b)", re.I)
_QUESTION_OF_COST = re.compile(r"\bhow much\b|\bcost\b|\bprice\b|\btotal\b|\bextra\b|\bcharge|\bpay\b|\bfee\b|"
                               r"\bcome to\b|\ball up\b|\badd up\b", re.I)


@dataclass(frozen=True)
class Rate:
    amount: float
    currency: str
    unit: str  # "day", "litre"
    cap: float | None
    name: str | None  # "the young driver surcharge", "additional drivers"
    label: str | None = None  # the plan or column the figure is for: "Mobile Max" in "the Mobile Max is £4.00 a day"
    free: int = 0  # units at the start that cost nothing: 1 for "first night free, then £12 a night"
    # the first units cost something else the sentence gives ("first hour at half price"): no plain product is the charge
    first_differs: bool = False


def _value(figure: str) -> float:
    return float(figure.replace(",", ""))


def _name(sentence: str, at: int) -> str | None:
    m = _NAME_BEFORE.search(sentence[:at])
    if m:
        return "the " + m.group(1).lower()
    m = _SUBJECT.match(sentence[:at])
    if m:
        # ("For 12 people, ...": the preposition is no part of the name)
        words = re.sub(r"^for\s+", "", m.group(1).strip(), flags=re.I)
        named = all(w[:1].isupper() for w in words.split()) and len(words.split()) > 1  # "Plus Monthly": a name
        return words if named or words[:2].isupper() else words[0].lower() + words[1:]
    return None


# the plan or column a figure is for, said right before it: "the Mobile Max is £4.00 a day", "Plus: £2 a day"
_LABEL_BEFORE = re.compile(r"(?:^|[;,]\s*(?:and\s+)?)(?:the\s+)?([A-Z][\w+-]*(?:\s+[A-Z0-9][\w+-]*){0,3})\s*(?:is|are|costs?|:)\s*$")


def _label(text: str, at: int) -> str | None:
    m = _LABEL_BEFORE.search(text[max(0, at - 60):at])
    return m.group(1) if m else None


def rates_in(sentence: str) -> list[Rate]:
    """The rates per unit the sentence states, one for each currency it gives them in, with their cap."""
    text = prefixed(plain(sentence))
    out: list[Rate] = []
    caps: dict[str, float] = {}
    for m in _CAP.finditer(text):
        caps.setdefault(m.group(1), _value(m.group(2)))
        if m.group(3):
            caps.setdefault(m.group(3), _value(m.group(4)))
    for m in _RATE.finditer(text):
        unit = m.group(5).lower().replace("liter", "litre")
        name = _name(text, m.start())
        label = _label(text, m.start())
        free, differs = _first_units(text, unit)
        out.append(Rate(_value(m.group(2)), m.group(1), unit, caps.get(m.group(1)), name, label, free, differs))
        if m.group(3):
            out.append(Rate(_value(m.group(4)), m.group(3), unit, caps.get(m.group(3)), name, label, free, differs))
    if not out:
        for m in _RATE_BEFORE.finditer(text):
            unit = m.group(1).lower().replace("liter", "litre")
            free, differs = _first_units(text, unit)
            out.append(Rate(_value(m.group(3)), m.group(2), unit, caps.get(m.group(2)), _name(text, m.start()),
                            None, free, differs))
    return out


_FIRST = re.compile(r"\bfirst\s+(?:(\d+|two|three|four|five|six|seven)\s+)?(day|night|week|month|hour|session|class)s?\b"
                    r"([^.;]{0,30})", re.I)


def _first_units(text: str, unit: str) -> tuple[int, bool]:
    """How many of the first units are free ("first day free" -> 1, "the first 2 hours are free" -> 2), and whether
    the first ones cost something else ("first hour at half price")."""
    for m in _FIRST.finditer(text):
        if m.group(2).lower() != unit:
            continue
        word = (m.group(1) or "1").lower()
        count = int(word) if word.isdigit() else _NUMBER_WORDS[word]
        if re.match(r"\s*(?:is\s+|are\s+)?(?:free|included|at no (?:extra )?(?:cost|charge))\b", m.group(3), re.I):
            return count, False
        return 0, True
    return 0, False


_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
                 "twenty": 20, "thirty": 30}
_QUANTITY = re.compile(r"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|"
                       r"twenty|thirty)[\s-]+(day|night|week|month|hour|litre|liter|session|class|person|people|"
                       r"passenger|bag|mile|km)s?\b(?!\s+(?:ago|before|after|late|early|later|left|notice|old))", re.I)
# how many people come, said by who they are: "for 18 employees", "we are 9 coworkers", "5 of us", "a group of 11"
_HEADCOUNT = re.compile(r"\b(\d{1,3})\s+(?:(?:of\s+us|of\s+them)\b|(?:[a-z]+\s+)?(?:employees|colleagues|guests|"
                        r"participants|friends|students|staff|coworkers|co-workers|teammates|pupils)\b)|"
                        r"\b(?:group|party|team)\s+of\s+(\d{1,3})\b", re.I)
# people of different kinds ("3 adults and 2 kids") may pay different prices: no one headcount for a rate
_MIXED = re.compile(r"\b(?:adults?|grown-?ups?)\b.*\b(?:child|children|kids?|teens?|juniors?|under)\b|"
                    r"\b(?:child|children|kids?)\b.*\badults?\b", re.I | re.S)


def quantities(message: str) -> dict[str, float]:
    """How many of each unit the customer says they have or want ("a 10 day hire" -> day: 10; "a week" -> day: 7,
    week: 1; "from 10 to 20 December" -> day: 11); a unit said with two different figures is left out (which one
    counts?)."""
    found: dict[str, set[float]] = {}
    for m in _QUANTITY.finditer(message):
        before = message[max(0, m.start() - 12):m.start()].lower()
        if re.search(r"\b(?:within|in|after|for the last|past)\s*$", before):
            continue  # "within 2 days", "in 3 weeks": a time, not how many they buy
        if m.group(1).lower() in ("a", "an") and re.search(rf"{SYMBOL}\s?\d[\d,.]*\s*$", before):
            continue  # "£1.40 a litre": a price per unit, not how many
        word = m.group(1).lower()
        amount = float(word) if word.isdigit() else float(_NUMBER_WORDS[word])
        unit = m.group(2).lower().replace("liter", "litre").replace("people", "person")
        found.setdefault(unit, set()).add(amount)
        if unit == "week":
            found.setdefault("day", set()).add(amount * 7)
    if not _MIXED.search(message):
        for m in _HEADCOUNT.finditer(message):
            found.setdefault("person", set()).add(float(m.group(1) or m.group(2)))
    for _, days in date_ranges(message):  # "from 10 to 20 December": 11 days
        found.setdefault("day", set()).add(float(days))
    return {unit: values.pop() for unit, values in found.items() if len(values) == 1}


def _currency(message: str, rates: list[Rate]) -> str | None:
    said = currencies_in(message)
    offered = [r.currency for r in rates]
    if len(said) == 1 and said & set(offered):
        return said.pop()
    return offered[0] if offered else None


def _applies(sentence: str, message: str) -> bool:
    """Whether the customer meets the band the sentence sets ("drivers aged 21 to 24"); True when it sets none."""
    band = band_of(plain(sentence))
    if band is None or band.dimension != "age":
        return True
    ages = set(stated_ages(message))
    # every age they give is in the band ("I'm 23 ... he's 24" for "aged 21 to 24"): the rate is each one's, so the
    # sum for one of them holds; an age outside it leaves whose sum it is unclear
    return bool(ages) and all(band.holds(float(a), float(a)) is True for a in ages)


def asks_cost(message: str) -> bool:
    """Whether the customer asks what something costs or whether they pay ("how much", "do I have to pay")."""
    return bool(_QUESTION_OF_COST.search(message))


def _count(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _theirs(rates: list[Rate], plans: AbstractSet[str]) -> list[Rate]:
    """A sentence's rates without the alternatives that are not the customer's: rates for the same unit said for
    different plans or columns ("the Mobile Go is £6.00 a day; ... the Mobile Max is £4.00 a day") are one choice,
    not charges to add up; only the one for their plan (``plans``: its names, lower-cased) is kept, and none when
    their plan is not known."""
    out: list[Rate] = []
    for unit in dict.fromkeys(r.unit for r in rates):
        same = [r for r in rates if r.unit == unit]
        labels = {r.label.lower() for r in same if r.label}
        if len(labels) < 2:
            out += same
            continue
        words = {w for p in plans for w in p.split()}
        out += [r for r in same if r.label and (r.label.lower() in plans or any(
            p in r.label.lower() for p in plans if len(p) > 2) or set(r.label.lower().split()) <= words)]
    return out


# a table row said as a sentence, with what it is for: "For a sunset cruise, the price per person is ...", "Deep
# clean, it includes ..."
_ROW_SUBJECT = re.compile(r"^\W*(?:for\s+(?:an?\s+|the\s+)?([^,;]{2,60}?),|([^,;]{2,60}?),\s+(?:the|it|its|they|there|"
                          r"this)\b)", re.I)


def row_subject(sentence: str) -> str | None:
    """What a table row said as a sentence is for ("For a sunset cruise, the price ..." -> "sunset cruise")."""
    m = _ROW_SUBJECT.match(plain(sentence))
    return (m.group(1) or m.group(2)).strip() if m else None


_COLUMN = re.compile(r"\bthe\s+([a-z][a-z ]{2,40}?)\s+(?:is|are)\b|(?:^|[,;]\s*)([a-z][a-z ]{2,40}?):", re.I)


def _columns(row: str) -> set[str]:
    """The column names a row said as a sentence gives values for ("the price per person is" -> "price per person")."""
    return {(m.group(1) or m.group(2)).lower() for m in _COLUMN.finditer(plain(row))}


def named_rows(sentences: list[str], message: str, counts: Callable[[str], bool], strict: bool = False) -> list[str]:
    """``sentences`` without the rows of other things: where two or more rows said as sentences each state a figure
    ``counts`` picks (a price, a rate), they are alternatives, not charges to add up; only the row whose subject the
    customer names most fully is kept ("the glazing workshop" names "Glazing workshop" more than "Throwing
    workshop"); when they name none, or two as fully, all are kept, or none where ``strict`` (a sum must not add up
    alternatives)."""
    rows = [s for s in sentences if row_subject(s) and counts(s)]
    # rows of one table say the same columns ("the price per person is", "group size:"); rows of two tables (a dog
    # fee, a change fee) are two charges, not alternatives
    rows = [s for s in rows if any(_columns(s) & _columns(t) for t in rows if t != s)]
    if len(rows) < 2:
        return sentences
    said = {stem(w) for w in content_words(message) if not w.isdigit()}

    def named(row: str) -> float:  # the share of the row's subject words the customer uses (a figure names nothing)
        words = {stem(w) for w in content_words(row_subject(row) or "") if not w.isdigit()}
        return len(words & said) / len(words) if words else 0.0

    ranked = sorted(rows, key=named, reverse=True)
    # (more than half its words: "your phone" names no "lost phone or tablet" row, "my lesson" no "short lesson")
    best = ranked[0] if named(ranked[0]) > 0.5 and named(ranked[0]) > named(ranked[1]) else None
    if best is None and not strict:
        return sentences
    return [s for s in sentences if s not in rows or s == best]


def _chosen_rows(sentences: list[str], message: str) -> list[str]:
    """Rows pricing the same unit are alternatives (``named_rows``)."""
    if len({r.unit for s in sentences if _ROW_SUBJECT.match(plain(s)) for r in rates_in(s)}) > 1:
        return sentences
    return named_rows(sentences, message, lambda s: bool(rates_in(s)), strict=True)


# how many of a thing the customer has or wants: "2 of the refill packs", "three spare chargers", "4 x lanyards"
_COUNTED = re.compile(r"\b(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s*(?:x\s+|×\s*)?(?:of\s+(?:the|my|your|these|those)\s+)?"
                      r"((?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*)", re.I)


def _counted_mentions(words: set[str], message: str, pattern: re.Pattern[str]
                      ) -> Iterator[tuple[int, list[str], int, int]]:
    """Each count in the message said right before more than half of a row's ``words`` (stems): the count, the words
    said after it, the index of the last of the row's among them, and where the count stands."""
    for m in pattern.finditer(message):
        said = {stem(w) for w in content_words(m.group(2))}
        if words and len(words & said) / len(words) > 0.5:
            count = int(m.group(1)) if m.group(1).isdigit() else _NUMBER_WORDS[m.group(1).lower()]
            tokens = m.group(2).split()
            yield count, tokens, max(i for i, t in enumerate(tokens) if stem(t) in words), m.start()


def counted_price(sentences: list[str], message: str) -> str | None:
    """The one price of a row the customer buys or returns several of, times how many ("I bought 2 of the refill
    packs" and "For Refill pack, the price is £12"): "For your 2 refill packs: 2 × £12 = £24."; None unless exactly
    one row's subject is named, with more than half its words, right after a count of two or more."""
    found: set[tuple[str, float, int, str]] = set()
    for sentence in sentences:
        subject = row_subject(sentence)
        amounts = _AMOUNT.findall(prefixed(plain(sentence)))
        if not subject or len(amounts) != 1 or rates_in(sentence):
            continue  # (a rate per unit is worked out by ``worked_total``)
        words = {stem(w) for w in content_words(subject) if not w.isdigit()}
        for count, tokens, last, _ in _counted_mentions(words, message, _COUNTED):
            if count >= 2:  # ("refill packs at" -> "refill packs")
                found.add((amounts[0][0], _value(amounts[0][1]), count, " ".join(tokens[:last + 1])))
    if len(found) != 1:
        return None
    currency, price, count, thing = found.pop()
    return f"For your {count} {thing}: {count} × {money(price, currency)} = {money(round(price * count, 2), currency)}."


# a count and the words after it, figures included: "three packs of size 4 nibs"
_COUNTED_ITEMS = re.compile(r"\b(\d{1,2}(?![\d.,])|two|three|four|five|six|seven|eight|nine|ten)\s*(?:x\s+|×\s*)?"
                            r"((?:[\w-]+\s+){0,4}[\w-]+)", re.I)


def items_total(sentences: list[str], message: str) -> str | None:
    """What several priced things come to, where the customer names each and asks the total ("the kiln gloves and
    three packs of glaze samplers ... what's the total?" and the rows "For Kiln gloves, price: CHF 35", "For Glaze
    sampler, pack of 12, price: CHF 48"): "For the kiln gloves and your 3 packs of glaze samplers: 3 × CHF 48 = CHF
    144, and CHF 35 + CHF 144 = CHF 179." A thing is named with more than half its row's words, its count said right
    before it (else one). None for fewer than two things, two currencies, or things named as alternatives ("the
    apron or the gloves")."""
    if not _ALTOGETHER.search(message):
        return None
    said = {stem(w) for w in content_words(message) if not w.isdigit()}
    items: dict[str, tuple[str, float, int, str, int]] = {}  # subject -> (currency, price, count, words, where)
    for sentence in sentences:
        subject = row_subject(sentence)
        amounts = _AMOUNT.findall(prefixed(plain(sentence)))
        if not subject or len(amounts) != 1 or rates_in(sentence) or subject.lower() in items:
            continue
        words = {stem(w) for w in content_words(subject) if not w.isdigit()}
        if not words or len(words & said) / len(words) <= 0.5:
            continue
        name = subject[0].lower() + subject[1:] if re.match(r"[A-Z][a-z]+\b", subject) else subject
        count, thing, where = 1, f"the {name}", -1
        for count, tokens, last, where in _counted_mentions(words, message, _COUNTED_ITEMS):
            if last + 1 < len(tokens) and re.fullmatch(r"[a-z]{3,}s", tokens[last + 1]) and \
                    tokens[last + 1] not in STOPWORDS:
                last += 1  # "three glaze sampler packs": what they count comes last
            thing = f"your {count} {' '.join(tokens[:last + 1])}"
        if where < 0:
            where = next((m.start() for m in re.finditer(r"[A-Za-z][\w-]*", message)
                          if stem(m.group(0).lower()) in words), -1)
        items[subject.lower()] = (amounts[0][0], _value(amounts[0][1]), count, thing, where)
    if len(items) < 2 or len({c for c, *_ in items.values()}) != 1:
        return None
    ordered = sorted(items.values(), key=lambda i: i[4])
    spans = [message[a[4]:b[4]] for a, b in zip(ordered, ordered[1:])]
    if any(re.search(r"\bor\b", span, re.I) for span in spans):
        return None  # alternatives to choose between, not things to add up
    currency = ordered[0][0]
    steps, parts = [], []
    for _, price, count, _, _ in ordered:
        if count > 1:
            line = round(price * count, 2)
            steps.append(f"{count} × {money(price, currency)} = {money(line, currency)}")
            parts.append(line)
        else:
            parts.append(price)
    total = round(sum(parts), 2)
    things = " and ".join([", ".join(i[3] for i in ordered[:-1]), ordered[-1][3]])
    working = " + ".join(money(p, currency) for p in parts) + f" = {money(total, currency)}"
    return f"For {things}: " + ", and ".join([*steps, working]) + "."


# a charge on top of an amount of the customer's choosing: "£4 on top of the card value", "plus £3 postage"
ON_TOP = re.compile(r"\bon top of\b|\bin addition to\b|\badded to\b", re.I)
_ALTOGETHER = re.compile(r"\bin total\b|\btotal\b|\baltogether\b|\ball in\b|\ball together\b", re.I)
# any amount the customer writes: a symbol or code before it, or a code or crowns after it
_SAID_MONEY = re.compile(f"({SYMBOL})" + r"\s?(\d[\d,]*(?:\.\d{1,2})?)|(?<![\d.,])(\d[\d,]*(?:\.\d{1,2})?)\s?(kr|kroner|kronor)\b",
                         re.I)


def on_top_total(sentences: list[str], message: str) -> str | None:
    """What an amount the customer chooses comes to with the one charge a sentence puts on top of it ("a gift card
    for 500 kr ... what will it cost in total?" and "the price on top of the card value is SEK 39"): "With the SEK 39
    on top of your SEK 500: SEK 500 + SEK 39 = SEK 539."; None unless they ask a total and give one amount."""
    if not _ALTOGETHER.search(message):
        return None
    said = {(m.group(1).upper() if m.group(1) and m.group(1).lower() != KRONE else KRONE, _value(m.group(2) or m.group(3)))
            for m in _SAID_MONEY.finditer(prefixed(message))}
    fees = {(m.group(1), _value(m.group(2))) for s in sentences if ON_TOP.search(s)
            for m in _AMOUNT.finditer(prefixed(plain(s)))}
    if len(said) != 1 or len(fees) != 1:
        return None
    (theirs, amount), (currency, fee) = said.pop(), fees.pop()
    if not same_currency(theirs, currency) or fee >= amount:
        return None
    return (f"With the {money(fee, currency)} on top of your {money(amount, currency)}: {money(amount, currency)} + "
            f"{money(fee, currency)} = {money(round(amount + fee, 2), currency)}.")


def worked_total(sentences: list[str], message: str, plans: AbstractSet[str] = frozenset()) -> str | None:
    """The charges of ``sentences`` worked out for the customer's quantity, capped, and added up, as one sentence
    ("For your 10 days: £35 × 10 = £350 for the young driver surcharge (its cap), and £10 × 10 = £100 for
    additional drivers (its cap), so £350 + £100 = £450 in total."); None when the customer asks no cost, gives no
    quantity for the rates' unit, or meets no rate's condition."""
    if not _QUESTION_OF_COST.search(message):
        return None
    have = quantities(message)
    items: list[tuple[Rate, float]] = []
    units: set[str] = set()
    every = [r for s in _chosen_rows(sentences, message) if _applies(s, message)
             for r in _theirs(rates_in(s), plans) if r.unit in have]
    currency = _currency(message, every)
    seen: set[tuple[float, str]] = set()
    for r in every:
        if r.currency != currency or (r.amount, r.unit) in seen:
            continue
        seen.add((r.amount, r.unit))
        items.append((r, have[r.unit]))
        units.add(r.unit)
    if not items or len(units) != 1 or currency is None:
        return None
    unit = units.pop()
    quantity = have[unit]
    parts: list[str] = []
    totals: list[float] = []
    if any(rate.first_differs or rate.free >= q for rate, q in items):
        return None  # "first hour at half price": the first units' price is another sum
    for rate, q in items:
        charged = q - rate.free
        raw = round(rate.amount * charged, 2)
        total = min(raw, rate.cap) if rate.cap is not None else raw
        totals.append(total)
        part = f"{money(rate.amount, currency)} × {_count(charged)} = {money(raw, currency)}"
        if rate.free:  # "the first night is free, so 4 − 1 = 3 nights at £12: £12 × 3 = £36"
            first = f"first {rate.unit}" if rate.free == 1 else f"first {rate.free} {rate.unit}s"
            part = (f"the {first} {'is' if rate.free == 1 else 'are'} free, so {_count(q)} − {rate.free} = "
                    f"{_count(charged)} {rate.unit}{'' if charged == 1 else 's'} at {money(rate.amount, currency)}: "
                    + part)
        if rate.name:
            part += f" for {rate.name}"
        if rate.cap is not None and raw > rate.cap:
            part += f", capped at {money(rate.cap, currency)}"
        elif rate.cap is not None and raw == rate.cap:
            part += " (its cap)"
        parts.append(part)
    counted = "people" if unit == "person" and quantity != 1 else unit + ("" if quantity == 1 else "s")
    lead = f"For your {_count(quantity)} {counted}: "
    ranges = [text for text, days in date_ranges(message) if unit == "day" and days == quantity]
    if ranges:  # the count is the customer's dates': say how it is counted ("From 10 to 20 December is 11 days: ...")
        lead = f"{ranges[0][0].upper()}{ranges[0][1:]} is {_count(quantity)} days: "
    if len(parts) == 1:
        return lead + parts[0] + "."
    added = " + ".join(money(t, currency) for t in totals)
    return (lead + ", and ".join(parts) + f", so {added} = {money(round(sum(totals), 2), currency)} in total.")


_AMOUNT = re.compile(_MONEY)
# what a thing of theirs cost, not a charge of ours: "it cost $1800 two years ago", "worth £900", "I paid £600 for it in
# 2019"
_THING_PRICE = re.compile(r"\b(?:cost|costs|worth|valued at|bought (?:it )?for|retails? (?:at|for))\s*(?:me|us|about|"
                          r"around|over|nearly)?\s*$", re.I)
_BOUGHT_AGO = re.compile(r"[^.;!?]{0,20}\b(?:years?|months?) ago\b|[^.;!?]{0,12}\bwhen (?:i|we) bought\b", re.I)


def explained_amount(message: str, passage_sentences: list[str]) -> str | None:
    """An amount the customer quotes, when it is exactly a rate of the passage times a whole quantity, plus one fixed
    fee the passage states or none: "The £95.50 is 30 litres × £2.35 = £70.50, plus the £25 refuelling service fee:
    £70.50 + £25 = £95.50." None when no rate reproduces it, or two different workings do."""
    # (only an amount they were charged: "it cost $900 two years ago" prices a thing of theirs, no charge of ours)
    quoted = {(m.group(1), _value(m.group(2))) for m in _AMOUNT.finditer(message)
              if not _THING_PRICE.search(message[max(0, m.start() - 25):m.start()])
              and not _BOUGHT_AGO.match(message[m.end():m.end() + 30])}
    if not quoted:
        return None
    rates = [r for s in passage_sentences for r in rates_in(s)]
    stated = {(m.group(1), _value(m.group(2))) for s in passage_sentences
              for m in _AMOUNT.finditer(prefixed(plain(s)))}
    fees: list[tuple[str, float, str | None]] = []
    for s in passage_sentences:
        text = prefixed(plain(s))
        if rates_in(s) or _CAP.search(text):
            continue
        for m in _AMOUNT.finditer(text):
            fees.append((m.group(1), _value(m.group(2)), _name(text, m.start())))
    found: list[str] = []
    for currency, amount in sorted(quoted):
        if (currency, amount) in stated:
            continue  # a figure the policy itself states: nothing to work out
        for rate in rates:
            # the customer speaks of what the rate counts ("petrol is £1.40 a litre" for a rate per litre): a quoted
            # amount is divisible by many round rates by chance (£60 is 24 days at £2.50)
            if rate.currency != currency or not re.search(rf"\b{rate.unit[:5]}", message, re.I):
                continue
            theirs = quantities(message).get(rate.unit)
            for fee in [None, *[f for f in fees if f[0] == currency]]:
                rest = round(amount - (fee[1] if fee else 0.0), 2)
                if rest <= 0:
                    continue
                q = rest / rate.amount
                if abs(q - round(q)) > 1e-6 or not 1 <= round(q) <= 1000:
                    continue
                n = int(round(q))
                if theirs is not None and theirs != n:
                    continue  # they say how many, and it is not that
                product = money(rest, currency)
                text = f"The {money(amount, currency)} is {n} {rate.unit}{'' if n == 1 else 's'} × " \
                       f"{money(rate.amount, currency)} = {product}"
                if fee:
                    name = f" {fee[2].removeprefix('the ')}" if fee[2] else ""
                    text += f", plus the {money(fee[1], currency)}{name}: {product} + {money(fee[1], currency)} = " \
                            f"{money(amount, currency)}"
                found.append(text + ".")
    return found[0] if len(set(found)) == 1 else None


__all__ = ["items_total", "ON_TOP", "on_top_total", "counted_price", "row_subject", "named_rows", "asks_cost", "Rate", "rates_in", "quantities", "worked_total", "explained_amount", "money"]
