"""A charge the sources give as a formula, worked out with the customer's own figures.

A source may state how a charge is worked out rather than its amount: "ETC = months remaining × your current monthly
price × 80%", "Refund = unused days × daily rate". When the customer gives every input the formula names ("about 7
months left, paying £36 a month"), the reply can do the sum for them: "For 7 months remaining at £36 a month: 7 × £36
× 80% = £201.60." Each named input is bound from the customer's words by what it is: a count of a unit ("months
remaining" needs their "7 months left"; "days" their "10 days"), or a price per period ("monthly price" needs their
"£36 a month"); a figure the formula states itself (80%, £5) is used as it is. Nothing is guessed: an input the
customer does not give, or gives two ways, leaves the formula unworked (the rule is said instead).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from collections.abc import Sequence
from collections.abc import Set as AbstractSet

from assistant.grounding.windows import plain
from assistant.tables import row_sentence, tables_in
from assistant.types import Passage

# "ETC = months remaining × your current monthly price × 80%": a name, then factors joined by ×
_FORMULA = re.compile(r"(?:^|[>:\s])([A-Za-z][\w ()'-]{1,40}?)\s*=\s*([^=\n.;]+?(?:\s*[×x*]\s*[^=\n.;×*]+)+)\s*(?:[.;]|$)",
                      re.I)
_TIMES = re.compile(r"\s+[×x*]\s+|\s*[×*]\s*", re.I)
_MONEY = re.compile(r"^([£€$])\s?(\d+(?:,\d{3})*(?:\.\d{1,2})?)$")
_PERCENT = re.compile(r"^(\d+(?:\.\d+)?)\s?%$")
_PLAIN_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_UNIT_WORDS = {"day": "day", "days": "day", "daily": "day", "week": "week", "weeks": "week", "weekly": "week",
               "month": "month", "months": "month", "monthly": "month", "year": "year", "years": "year",
               "yearly": "year", "annual": "year", "annually": "year", "night": "night", "nights": "night"}
# an input that is money: "your current monthly price", "daily rate", "the plan fee"
_MONEY_WORD = re.compile(r"\b(?:price|fee|cost|charge|rate|amount|payment|rent|premium|subscription)\b", re.I)
# a count that is what is left: "months remaining", "days left", "unused days"
_LEFT_WORD = re.compile(r"\b(?:remaining|left|unused|outstanding|to go|to run)\b", re.I)
# the customer's count of what is left: "7 months left", "about 6 months remaining", "6 months to go on my contract"
_SAID_LEFT = re.compile(r"\b(\d{1,3})\s+(day|week|month|year|night)s?\s+(?:left|remaining|to go|still to (?:go|run)|"
                        r"(?:left|remaining) (?:on|of|in))\b", re.I)
_SAID_COUNT = re.compile(r"\b(\d{1,3})[\s-]+(day|week|month|year|night)s?\b(?!\s+(?:ago|before|after|left|remaining|to go|"
                         r"notice|old|late|early|later))", re.I)
# "£36 a month", "36 quid a month", "£36/month", "£36 per month", "£36 monthly"
_SAID_PRICE = re.compile(r"(?:([£€$])\s?(\d+(?:\.\d{1,2})?)|\b(\d+(?:\.\d{1,2})?)\s*(?:quid|pounds?|euros?|dollars?|bucks))"
                         r"\s*(?:a|an|per|each|every|/)?\s*(day|week|month|year|night)\b|"
                         r"(?:([£€$])\s?(\d+(?:\.\d{1,2})?)|\b(\d+(?:\.\d{1,2})?)\s*(?:quid|pounds?|euros?|dollars?))\s+"
                         r"(daily|weekly|monthly|yearly|annually)\b", re.I)
_WORD_CURRENCY = {"quid": "£", "pound": "£", "pounds": "£", "euro": "€", "euros": "€", "dollar": "$", "dollars": "$",
                  "bucks": "$"}


@dataclass(frozen=True)
class Worked:
    name: str  # "ETC"
    sentence: str  # "For 7 months remaining at £36 a month, the ETC is 7 × £36 × 80% = £201.60."
    total: float


def _figure(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2f}".rstrip("0").rstrip(".")


def _money(value: float, currency: str) -> str:
    return currency + (f"{value:,.0f}" if value == int(value) else f"{value:,.2f}")


def said_prices(message: str) -> dict[str, set[tuple[str, float]]]:
    """The prices per period the customer states, by period ("paying 36 quid a month" -> month: {("£", 36.0)})."""
    out: dict[str, set[tuple[str, float]]] = {}
    for m in _SAID_PRICE.finditer(message):
        if m.group(4):
            unit = m.group(4).lower()
            currency = m.group(1) or _currency_word(m.group(0))
            value = m.group(2) or m.group(3)
        else:
            unit = _UNIT_WORDS[m.group(8).lower()]
            currency = m.group(5) or _currency_word(m.group(0))
            value = m.group(6) or m.group(7)
        if currency and value:
            out.setdefault(unit, set()).add((currency, float(value)))
    return out


def _currency_word(text: str) -> str | None:
    word = re.search(r"quid|pounds?|euros?|dollars?|bucks", text, re.I)
    return _WORD_CURRENCY.get(word.group(0).lower()) if word else None


def _counts(message: str, *, left: bool) -> dict[str, set[float]]:
    out: dict[str, set[float]] = {}
    for m in (_SAID_LEFT if left else _SAID_COUNT).finditer(message):
        out.setdefault(m.group(2).lower(), set()).add(float(m.group(1)))
    return out


# a source's price for a period: "the monthly price is £27.00", "£27 a month", "costs £27 per month"
_SOURCE_PRICE = re.compile(r"\b(daily|weekly|monthly|yearly|annual)\s+(?:price|fee|cost|charge|rate)\s+(?:is\s+|of\s+)?"
                           r"([£€$])\s?(\d+(?:\.\d{1,2})?)|([£€$])\s?(\d+(?:\.\d{1,2})?)\s*(?:a|per|/)\s*(day|week|month|year)\b",
                           re.I)


def plan_prices(bank_rows: Sequence[tuple[Passage, list[str], object]],
                plans: AbstractSet[str]) -> dict[str, set[tuple[str, float]]]:
    """The price per period the sources state for the customer's plan (``plans``: its names, lower-cased), by period:
    a public sentence that names the plan and states one price for that period ("For Fibre Start 80 (broadband), the
    monthly price is £27.00 ..." -> month: {("£", 27.0)})."""
    out: dict[str, set[tuple[str, float]]] = {}
    names = [n for n in plans if len(n) > 2]
    if not names:
        return out
    for passage, sentences, _ in bank_rows:
        if passage.audience != "public":
            continue
        # a table's rows read as the sentences they are ("For Fibre Start 80, the monthly price is £27.00 ...")
        rows = [row_sentence(row) for table in tables_in(passage.text) for row in table]
        for sentence in [*sentences, *rows]:
            text = plain(sentence)
            if not any(re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text, re.I) for n in names):
                continue
            found: dict[str, set[tuple[str, float]]] = {}
            for m in _SOURCE_PRICE.finditer(text):
                unit = _UNIT_WORDS[(m.group(1) or m.group(6)).lower()]
                found.setdefault(unit, set()).add((m.group(2) or m.group(4), float(m.group(3) or m.group(5))))
            for unit, values in found.items():
                if len(values) == 1:  # a sentence with two prices for the period does not say which is theirs
                    out.setdefault(unit, set()).update(values)
    return out


def work_out(sentence: str, message: str,
             plan_price: dict[str, set[tuple[str, float]]] | None = None) -> Worked | None:
    """The formula ``sentence`` states, worked out with the customer's figures (see the module docstring); None when
    it states none, or the customer does not give every input it names exactly once. A price they do not state is
    their plan's where the sources state it (``plan_price``: see ``plan_prices``)."""
    m = _FORMULA.search(plain(sentence))
    if not m:
        return None
    name = re.sub(r"^(?:the|a|an|your|our)\s+", "", m.group(1).strip(), flags=re.I)
    name = name if name[:2].isupper() else name[0].lower() + name[1:]  # "ETC" as written, "refund" in a sentence
    terms = [t.strip(" *_`") for t in _TIMES.split(m.group(2)) if t.strip(" *_`")]
    if len(terms) < 2:
        return None
    prices = said_prices(message)
    left, counts = _counts(message, left=True), _counts(message, left=False)
    factors: list[float] = []
    shown: list[str] = []
    described: list[str] = []
    currency: str | None = None
    for term in terms:
        if (money := _MONEY.match(term)) is not None:
            value = float(money.group(2).replace(",", ""))
            factors.append(value)
            shown.append(_money(value, money.group(1)))
            currency = currency or money.group(1)
            continue
        if (percent := _PERCENT.match(term)) is not None:
            factors.append(float(percent.group(1)) / 100)
            shown.append(f"{_figure(float(percent.group(1)))}%")
            continue
        if _PLAIN_NUMBER.match(term):
            factors.append(float(term))
            shown.append(term)
            continue
        units = {_UNIT_WORDS[w] for w in re.findall(r"[a-z]+", term.lower()) if w in _UNIT_WORDS}
        if len(units) != 1:
            return None
        unit = units.pop()
        if _MONEY_WORD.search(term):  # a price per that period, from the customer's words
            found = prices.get(unit) or (plan_price or {}).get(unit, set())
            if len(found) != 1:
                return None
            cur, value = next(iter(found))
            factors.append(value)
            shown.append(_money(value, cur))
            described.append(f"at {_money(value, cur)} a {unit}")
            currency = currency or cur
            continue
        found_counts = (left if _LEFT_WORD.search(term) else counts).get(unit, set())
        if len(found_counts) != 1:
            return None
        count = next(iter(found_counts))
        factors.append(count)
        shown.append(_figure(count))
        plural = "" if count == 1 else "s"
        qualifier = " remaining" if _LEFT_WORD.search(term) else ""
        described.insert(0, f"{_figure(count)} {unit}{plural}{qualifier}")
    if currency is None or not described:
        return None
    total = 1.0
    for f in factors:
        total *= f
    total = round(total, 2)
    result = currency + f"{total:,.2f}"
    lead = f"For {' '.join(described)}, the {name} is "
    return Worked(name, lead + " × ".join(shown) + f" = {result}.", total)


__all__ = ["Worked", "work_out", "said_prices", "plan_prices"]
