"""An amount the customer proposes, against a limit a rule sets as a share of another amount of theirs.

"You can set your own monthly amount, as long as it is at least 90% of our recommended amount" to a customer whose
recommended amount is £130 and who asks "can it be 100 instead of 130": "90% of your recommended amount of £130 is
90% × £130 = £117, so £100 is below that; the lowest it can be is £117." The amount the share is of is the one their
profile or message names with the rule's own words ("recommended amount £130"); the amount they propose is the one
other sum their message gives. Nothing is worked out when either is missing or given two ways, or the currencies
differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.charges import money
from assistant.customer_facts import Consequence
from assistant.grounding.windows import plain
from assistant.types import CustomerProfile

_SYMBOL = {"GBP": "£", "USD": "$", "EUR": "€"}
_WORD_CURRENCY = {"quid": "£", "pound": "£", "pounds": "£", "euro": "€", "euros": "€", "dollar": "$", "dollars": "$",
                  "bucks": "$"}
# "at least 90% of our recommended amount", "no more than 50% of the deposit", "a minimum of 10% of your balance"
_SHARE = re.compile(r"\b(at least|no less than|not less than|a minimum of|minimum of|no more than|not more than|at most|"
                    r"up to|a maximum of|maximum of)\s+(\d{1,3}(?:\.\d+)?)\s?%\s+of\s+(?:our|the|your|its|their)\s+"
                    r"([a-z][\w-]*(?:\s+[a-z][\w-]*){0,3})", re.I)
# a word that ends what the share is of: "90% of our recommended amount for the year"
_BASE_END = {"for", "when", "if", "and", "or", "to", "by", "on", "in", "at", "before", "after", "each", "per", "we",
             "you", "is", "as", "which", "that", "so", "but", "unless", "with"}
_FLOOR = re.compile(r"least|less than|minimum", re.I)
# words of a share's base that say nothing of which amount it is
_VAGUE = {"amount", "sum", "total", "value", "figure", "monthly", "the", "our", "your", "of", "payment", "price"}
_FIGURE = r"(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)"
# a sum of money: "£130", "130 quid"
_MONEY = re.compile(rf"([£€$])\s?{_FIGURE}|\b{_FIGURE}\s?(quid|pounds?|euros?|dollars?|bucks)\b", re.I)
# a bare figure the customer proposes as an amount: "can it be 100 instead of 130", "pay 100 rather than 130"; one
# followed by a word of what it counts ("100 days", "2 fuels") or an ordinal ("the 20th") is none
_BARE = re.compile(rf"(?<![\w£€$.,/-]){_FIGURE}(?![\w%.,/:-]|\.\d)(?!\s+(?!instead|rather|a\s+month|per\s+month|each|every|"
                   r"monthly|please|then|and|or|but|is|would|will|if|as|at|on|from|to|in|for|i|it|not|now)[a-z])",
                   re.I)


@dataclass(frozen=True)
class Share:
    floor: bool  # "at least": the amount may not be lower (else: not higher)
    percent: float
    base: str  # what the share is of: "recommended amount"


def shares_in(sentence: str) -> list[Share]:
    """The share limits the sentence sets ("at least 90% of our recommended amount")."""
    out = []
    for m in _SHARE.finditer(plain(sentence)):
        words: list[str] = []
        for w in m.group(3).lower().split():
            if w in _BASE_END:
                break
            words.append(w)
        if words:
            out.append(Share(bool(_FLOOR.search(m.group(1))), float(m.group(2)), " ".join(words)))
    return out


def _telling(base: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", base.lower()) if w not in _VAGUE and len(w) > 3}


def _sums(text: str, default: str | None = None) -> list[tuple[int, int, float, str]]:
    """(start, end, value, currency) of each sum of money the text gives."""
    out = []
    for m in _MONEY.finditer(text):
        if m.group(1):
            out.append((m.start(), m.end(), float(m.group(2).replace(",", "")), m.group(1)))
        else:
            out.append((m.start(), m.end(), float(m.group(3).replace(",", "")), _WORD_CURRENCY[m.group(4).lower()]))
    return out


def _named(text: str, words: set[str]) -> set[tuple[float, str]]:
    """The sums the text names with one of ``words`` within a few words before them ("recommended amount £130")."""
    out = set()
    for start, _, value, currency in _sums(text):
        before = re.findall(r"[a-z]+", text[max(0, start - 40):start].lower())[-3:]
        if words & {w for w in before}:
            out.add((value, currency))
    return out


def base_amount(share: Share, message: str, customer: CustomerProfile | None) -> tuple[float, str] | None:
    """The customer's amount the share is of: the one sum their message or profile names with the share's own words
    ("recommended amount £130"); None when none or several do."""
    words = _telling(share.base)
    if not words:
        return None
    found = _named(message, words)
    for order in customer.orders if customer else []:
        for item in order.items:
            found |= _named(item, words)
    return next(iter(found)) if len(found) == 1 else None


def proposed_amount(message: str, base: tuple[float, str]) -> tuple[float, str] | None:
    """The one sum other than ``base`` the message gives (a bare figure counts as money in the base's currency); None
    when it gives none or several."""
    value, currency = base
    found = {(v, c) for _, _, v, c in _sums(message)}
    masked = _MONEY.sub(" ", message)
    found |= {(float(m.group(1).replace(",", "")), currency) for m in _BARE.finditer(masked)}
    others = {f for f in found if abs(f[0] - value) > 0.005}
    if len(others) != 1:
        return None
    other = others.pop()
    return other if other[1] == currency else None


def may_propose(message: str, customer: CustomerProfile | None) -> bool:
    """Whether the message may propose an amount against another of theirs: it gives two figures that may be sums of
    money, or one and the profile records a sum (a cheap test before a rule is looked for)."""
    found = len(_MONEY.findall(message)) + len(_BARE.findall(_MONEY.sub(" ", message)))
    recorded = any(_MONEY.search(item) for order in (customer.orders if customer else []) for item in order.items)
    return found >= 2 or (found == 1 and recorded)


def share_proposed(sentence: str, message: str, customer: CustomerProfile | None) -> float | None:
    """The amount the customer proposes that the one share limit of ``sentence`` is set against, or None."""
    shares = shares_in(sentence)
    base = base_amount(shares[0], message, customer) if len(shares) == 1 else None
    proposed = proposed_amount(message, base) if base is not None else None
    return proposed[0] if proposed is not None else None


def share_consequence(sentence: str, message: str, customer: CustomerProfile | None) -> Consequence | None:
    """The amount the customer proposes against the share limit ``sentence`` sets (see the module docstring), or
    None."""
    shares = shares_in(sentence)
    if len(shares) != 1:
        return None
    share = shares[0]
    base = base_amount(share, message, customer)
    if base is None:
        return None
    proposed = proposed_amount(message, base)
    if proposed is None:
        return None
    value, currency = base
    limit = round(value * share.percent / 100, 2)
    asked = proposed[0]
    pct = f"{share.percent:g}%"
    working = f"{pct} of your {share.base} of {money(value, currency)} is {pct} × {money(value, currency)} = " \
              f"{money(limit, currency)}"
    if share.floor:
        inside = asked >= limit
        verdict = (f"so {money(asked, currency)} is within it" if inside else
                   f"so {money(asked, currency)} is below that; the lowest it can be is {money(limit, currency)}")
    else:
        inside = asked <= limit
        verdict = (f"so {money(asked, currency)} is within it" if inside else
                   f"so {money(asked, currency)} is above that; the most it can be is {money(limit, currency)}")
    text = f"{working}, {verdict}."
    return Consequence(None, inside, text[:1].upper() + text[1:])


__all__ = ["may_propose", "Share", "shares_in", "base_amount", "proposed_amount", "share_proposed", "share_consequence"]
