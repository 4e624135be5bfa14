"""Working shown in a reply ("£35 × 10 = £350", "£350 + £100 = £450"), redone: the figures it proves.

A figure computed from cited ones is backed when the working beside it is right and starts from figures the sources
or the customer's message state. Each equation must hold exactly; then what is known spreads through them (a rate
from the source times the customer's 10 days proves the product; a quoted total minus a source's fee proves the
remainder, and the remainder divided by the source's rate proves the quantity). A wrong equation proves nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.currency import SYMBOL, prefixed
from assistant.grounding.claims import stated_values
from assistant.grounding.ranges import range_day_counts, stay_night_counts

# (a dollar may carry its country's letters: "S$60", "NZ$40")
_SIGN = rf"(?:(?:[A-Z]{{1,2}}(?=\$))?{SYMBOL})"
_FIGURE = f"{_SIGN}?" + r"\s?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s+[a-z]+)?"
# (never the last two factors of a longer chain, "40 × 30 = 60,000" inside "50 × 40 × 30 = 60,000": ``_CHAIN`` checks it)
_PRODUCT = re.compile(rf"(?<![×*]\s)(?<![×*])(?<![\d.,]){_FIGURE}\s*[×x*]\s*{_FIGURE}\s*=\s*{_FIGURE}", re.I)
# "60,000 ÷ 5,000 = 12": the product 12 × 5,000 = 60,000
_QUOTIENT = re.compile(rf"{_FIGURE}\s*÷\s*{_FIGURE}\s*=\s*{_FIGURE}", re.I)
_DIFFERENCE = re.compile(rf"{_FIGURE}\s*[−–-]\s*{_FIGURE}\s*=\s*{_FIGURE}", re.I)
_SUM = re.compile(rf"({_FIGURE}(?:\s*\+\s*{_FIGURE})+)\s*=\s*{_FIGURE}", re.I)
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
# a product whose factors may be percentages: "7 × £36 × 80% = £201.60" (a formula worked out), "35% × £240 = £84" (a
# share of what was paid)
_FACTOR = f"{_SIGN}?" + r"\s?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)%?"
_CHAIN = re.compile(rf"({_FACTOR}(?:\s*[×x*]\s*{_FACTOR}){{1,}})\s*=\s*({_FACTOR})", re.I)


def _factor(text: str) -> tuple[float, float]:
    """A factor as (its value in the product, the figure a source states for it): "80%" is 0.8, stated as 80."""
    number = _v(_NUMBER.findall(text)[0])
    return (number / 100, number) if text.strip().endswith("%") else (number, number)


def _v(text: str) -> float:
    return float(text.replace(",", ""))


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 0.005


def _product(values: list[float]) -> float:
    out = 1.0
    for v in values:
        out *= v
    return out


def worked_values(sentence: str, sources: Sequence[str], message: str = "") -> list[float]:
    """The figures the sentence's working proves (see the module docstring); [] when it shows none or any of its
    equations is wrong."""
    sentence = prefixed(sentence)  # (crowns written after the figure, "3,490 kr", read as the figure's currency)
    products = [(_v(m.group(1)), _v(m.group(2)), _v(m.group(3))) for m in _PRODUCT.finditer(sentence)]
    products += [(_v(m.group(3)), _v(m.group(2)), _v(m.group(1))) for m in _QUOTIENT.finditer(sentence)]
    sums = []
    for m in _SUM.finditer(sentence):
        left, _, right = m.group(0).partition("=")
        sums.append(([_v(x) for x in _NUMBER.findall(left)], _v(_NUMBER.findall(right)[0])))
    # "£310 − £25 = £285" is the sum £285 + £25 = £310
    sums += [([_v(m.group(3)), _v(m.group(2))], _v(m.group(1))) for m in _DIFFERENCE.finditer(sentence)]
    chains = [([_factor(f) for f in re.split(r"\s*[×x*]\s*", m.group(1))], _factor(m.group(2))[1])
              for m in _CHAIN.finditer(sentence)]
    if not products and not sums and not chains:
        return []
    if any(not _same(a * b, c) for a, b, c in products) or any(not _same(sum(t), total) for t, total in sums):
        return []
    if any(not _same(_product([v for v, _ in factors]), total) for factors, total in chains):
        return []
    # ... and the days a date range of theirs covers ("from 10 to 20 December" is 11 days)
    # (and the nights of a stay between the two days they name, split where a source's day falls inside it)
    known = {v for text in [*sources, message] if text for v in stated_values(text)} | range_day_counts(message)
    known |= stay_night_counts(message, sources)

    def has(x: float) -> bool:
        return any(_same(x, k) for k in known)

    changed = True
    while changed:
        changed = False
        for a, b, c in products:
            for x, y, z in ((a, b, c), (b, a, c)):
                if has(x) and has(y) and not has(z):
                    known.add(z)
                    changed = True
                if has(x) and has(z) and not has(y):  # the quantity: the product divided by the rate
                    known.add(y)
                    changed = True
        for factors, total in chains:  # every factor stated (a percentage as its figure): the product is proven
            if all(has(stated) for _, stated in factors) and not has(total):
                known.add(total)
                changed = True
        for terms, total in sums:
            missing = [t for t in terms if not has(t)]
            if not missing and not has(total):
                known.add(total)
                changed = True
            elif len(missing) == 1 and has(total):
                known.add(missing[0])
                changed = True
    shown = {x for a, b, c in products for x in (a, b, c)} | {x for t, total in sums for x in (*t, total)}
    shown |= {x for factors, total in chains for x in (*(stated for _, stated in factors), total)}
    return sorted(x for x in shown if has(x))


def worked_text(sentence: str, sources: Sequence[str], message: str = "") -> str:
    """The proven figures as a text a claim can be checked against ("" when none)."""
    values = worked_values(sentence, sources, message)
    if not values:
        return ""
    said = " ".join(f"{v:g}" for v in values)  # an amount claim is backed by its value stated in a source
    # a proven count with its unit ("10 days", "30 litres"), where the customer gives that count of it or a source
    # prices by it ("per litre")
    for m in re.finditer(r"\b(\d+(?:\.\d+)?)\s+([a-z]{3,})\b", sentence):
        value, unit = float(m.group(1)), m.group(2)
        stem_ = unit[:3]
        if any(_same(value, v) for v in values) and (
                re.search(rf"\b{re.escape(m.group(1))}[\s-]*{stem_}", message, re.I)
                or (stem_ == "day" and value in range_day_counts(message))
                or (stem_ == "nig" and value in stay_night_counts(message, sources))
                or any(re.search(rf"\bper\s+{stem_}", text, re.I) for text in sources)):
            said += f" {m.group(0)}"
    return said


__all__ = ["worked_values", "worked_text"]
