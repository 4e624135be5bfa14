"""A banded row's percentage worked out on what the customer paid, less a fee the same source takes off.

A refund table keyed by how long a policy has run ("Over 3 months, up to 6 months | 35%") gives the customer a share
of what they paid; the page may also say a fee comes off ("A £20 admin fee is taken off every refund made after the
cooling-off period"). With their amount (the one they state, else their profile's one order amount) the reply works it
out step by step: "35% of the £240 you paid, less the £20 admin fee: 35% × £240 = £84, and £84 − £20 = £64". The fee
is taken off only where the page says so and its condition is known to hold for the customer's band; a fee whose
condition cannot be told, two different fees, or a fee as large as the share leave the amount unworked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.bands import Band, period_name
from assistant.currency import SYMBOL, money, same_currency, sign_of
from assistant.customer_facts import stated_amounts
from assistant.grounding.windows import plain
from assistant.types import CustomerProfile

# a share of what was paid: "35%", "60% of the premium", "100%, no admin fee"
_PERCENT_CELL = re.compile(r"^\W*(\d{1,3}(?:\.\d+)?)\s?%\W*(.*)$")
# a column or cell about money coming back: only such a percentage is a share of what they paid
_BACK = re.compile(r"\b(?:refunds?|refunded|back|paid|premium|returned)\b", re.I)
_FEE_NAME = r"((?:[\w-]+\s+){0,2}?(?:fee|charge))"
_AMOUNT = f"({SYMBOL})" + r"\s?(\d[\d,]*(?:\.\d{1,2})?)"
_REFUNDS = r"(?:every|each|any|all|the|your|a)?\s*refunds?\b([^.;\n]*)"
# "A £20 admin fee is taken off every refund made after ...", "we deduct a £20 admin fee from each refund ..."
_FEE_OFF = re.compile(rf"{_AMOUNT}\s+{_FEE_NAME}\s+(?:is|will be)\s+(?:taken off|deducted from|subtracted from|"
                      rf"kept from|withheld from|charged on)\s+{_REFUNDS}|"
                      rf"\b(?:deduct|take off|keep|withhold)\s+(?:a|an|the)\s+{_AMOUNT}\s+{_FEE_NAME}\s+from\s+{_REFUNDS}",
                      re.I)
# the fee's condition, where it names a period: "made after the cooling-off period"
_AFTER = re.compile(r"^\s*(?:\w+\s+){0,2}?(?:after|outside|once|beyond)\s+(?:the\s+|your\s+)?([a-z][a-z-]*(?:\s+[a-z][a-z-]*)?)"
                    r"(?:\s+period)?\s*$", re.I)


@dataclass(frozen=True)
class Fee:
    currency: str
    value: float
    name: str  # "admin fee"
    condition: str  # what follows "every refund": "made after the cooling-off period"


def refund_fees(text: str) -> list[Fee]:
    """The fees the text says are taken off refunds."""
    out = []
    for m in _FEE_OFF.finditer(plain(text)):
        if m.group(1):
            cur, value, name, cond = m.group(1), m.group(2), m.group(3), m.group(4)
        else:
            cur, value, name, cond = m.group(5), m.group(6), m.group(7), m.group(8)
        out.append(Fee(cur, float(value.replace(",", "")), name.strip().lower(), cond.strip()))
    return out


def paid_amount(message: str, customer: CustomerProfile | None) -> tuple[float, str] | None:
    """What the customer paid: the one amount they state, else their profile's one order amount; None when neither
    gives exactly one, or the two disagree."""
    said = {(a.value, a.currency) for a in stated_amounts(message) if a.bound == "exact"}
    recorded = {(o.amount, sign_of(o.currency)) for o in (customer.orders if customer else [])
                if o.amount}
    if len(said) > 1 or (not said and len(recorded) != 1):
        return None
    if said and len(recorded) == 1:
        (value, currency), (kept, code) = next(iter(said)), next(iter(recorded))
        if value != kept or not same_currency(currency, code):
            return None  # they say one amount, the record another
        return kept, code  # (the record's currency, as the pages write it: "1500 kr" is their NOK 1,500)
    value, currency = next(iter(said or recorded))
    return (value, currency) if currency else None


# a column of shares: "Refund (% of premium paid)"
_SHARE_HEAD = re.compile(r"^\s*([A-Za-z][\w -]*?)\s*\(\s*%\s+of\s+([^)]+?)\s*\)\s*$")


def _share_of(shown: str, header: str, rest: str) -> str | None:
    """The share said with what it is of, where the amount is not known: "the refund is 10% of the premium paid"
    (for "10%" under "Refund (% of premium paid)"); None when the column does not say."""
    m = _SHARE_HEAD.match(header)
    if m is None or rest:
        return None
    return f"the {m.group(1).strip().lower()} is {shown} of the {m.group(2).strip()}"


def _fee_holds(fee: Fee, band: Band, lengths: dict[str, float]) -> bool | None:
    """Whether the fee's condition holds for the band: True for every refund, or for a band wholly after the period
    the condition names; None when it cannot be told."""
    if not fee.condition or re.fullmatch(r"(?:we\s+)?(?:make|pay|give|issue)?\s*", fee.condition, re.I):
        return True
    after = _AFTER.match(fee.condition)
    if after is None:
        return None
    length = lengths.get(period_name(after.group(1)))
    if length is None:
        return None
    if band.low is not None and band.low >= length:
        return True
    if band.high is not None and band.high <= length:
        return False
    return None


def percent_clause(cell: str, header: str, band: Band, page: str, message: str, customer: CustomerProfile | None,
                   lengths: dict[str, float]) -> str | None:
    """The row's share of what the customer paid, worked out (see the module docstring), as a clause after "so"; None
    when the cell is no share of a refund or the amount cannot be worked out."""
    m = _PERCENT_CELL.match(cell)
    if m is None or not _BACK.search(f"{header} {cell}"):
        return None
    percent = float(m.group(1))
    shown = f"{percent:g}%"
    rest = m.group(2).strip()
    paid = paid_amount(message, customer)
    if paid is None:
        return _share_of(shown, header, rest)
    value, currency = paid
    fees = [f for f in refund_fees(page) if f.currency == currency]
    waived = bool(re.search(r"\bno\b[^,;]*\b(?:fee|charge)\b|\bwithout\b[^,;]*\b(?:fee|charge)\b", rest, re.I))
    fee: Fee | None = None
    if fees and not waived:
        if len({(f.value, f.name) for f in fees}) != 1:
            return None
        holds = _fee_holds(fees[0], band, lengths)
        if holds is None:
            return None
        fee = fees[0] if holds else None
    gross = round(value * percent / 100, 2)
    if percent == 100 and fee is None:
        note = f" ({rest})" if rest and waived else ""
        return f"you get a full refund of the {money(value, currency)} you paid{note}"
    working = f"{shown} × {money(value, currency)} = {money(gross, currency)}"
    if fee is None:
        return f"you get back {shown} of the {money(value, currency)} you paid: {working}"
    if fee.value >= gross:
        return None
    net = round(gross - fee.value, 2)
    return (f"you get back {shown} of the {money(value, currency)} you paid, less the {money(fee.value, currency)} "
            f"{fee.name}: {working}, and {money(gross, currency)} − {money(fee.value, currency)} = {money(net, currency)}")


# a share of a price as a charge: "30% of the ticket price", "40% of the course fee"
_SHARE_OF = re.compile(r"^\W*(\d{1,3}(?:\.\d+)?)\s?%\s+of\s+(?:the\s+|your\s+)?([a-z][a-z -]{2,40}?)\W*$", re.I)
_FEES_PAGE = re.compile(r"\b(?:fees?|charges?)\b", re.I)
PRICED_ITEM = re.compile(rf"{SYMBOL}\s?\d|\d[\d,.]*\s?(?:{SYMBOL})", re.I)


def fee_share_clause(cell: str, header: str, page: str, customer: CustomerProfile | None, message: str) -> str | None:
    """A fee that is a share of the price ("30% of the ticket price" in a table of cancellation fees) worked out on
    the customer's one booking, and what comes back where it is paid in full, as a clause after "so": "the fee is
    30% of the ticket price: 30% × €600 = €180, and you get back €600 − €180 = €420".
    None where the page is not about fees, the cell is a refund, or the amount is not the price alone (an order
    whose items carry prices of their own has extras in it)."""
    m = _SHARE_OF.match(cell)
    if m is None or _BACK.search(f"{header} {cell}") or not _FEES_PAGE.search(plain(page)):
        return None
    orders = customer.orders if customer else []
    if any(PRICED_ITEM.search(item) for o in orders for item in o.items):
        return None
    paid = paid_amount(message, customer)
    if paid is None:
        return None
    value, currency = paid
    percent = float(m.group(1))
    fee = round(value * percent / 100, 2)
    out = (f"the fee is {percent:g}% of the {m.group(2).strip()}: {percent:g}% × {money(value, currency)} = "
           f"{money(fee, currency)}")
    status = " ".join(o.status or "" for o in orders).lower()
    if len(orders) == 1 and re.search(r"\bpaid\b", status) and not re.search(r"\bdeposit\b|\bpart", status) \
            and fee < value:
        back = money(value - fee, currency)
        out += f", and you get back {money(value, currency)} − {money(fee, currency)} = {back}"
    return out


__all__ = ["Fee", "refund_fees", "paid_amount", "percent_clause", "fee_share_clause", "PRICED_ITEM"]


_UNIT_HOURS = {"hour": 1.0, "day": 24.0, "week": 168.0}
# "£8 credit for each full day after the first 48 hours", "$5 per hour beyond the first 2 hours"
_EACH_AFTER = re.compile(rf"{_AMOUNT}\s+(?:[a-z]+\s+){{0,2}}?(?:for each|for every|per|a)\s+(full\s+)?(hour|day|week)\s+"
                         r"(?:after|beyond|over)\s+the\s+first\s+(\d+)\s+(hour|day|week)s?\b", re.I)
_CAPPED = re.compile(rf"\b(?:capped at|up to a maximum of|to a maximum of|a maximum of|no more than)\s+{_AMOUNT}", re.I)


def each_unit_clause(cell: str, low_hours: float, high_hours: float, page: str) -> str | None:
    """A rate for each full unit after a first stretch ("£8 credit for each full day after the first 48 hours") worked
    out for the customer's span (between ``low_hours`` and ``high_hours``): "3 full days, 3 × £8 = £24", capped where
    the page caps it; None when the count of full units differs across the span (too near an edge to say), the rate
    counts part units, or none is due."""
    text = plain(cell)
    m = _EACH_AFTER.search(text)
    if m is None or not m.group(3):
        return None
    currency, rate = m.group(1), float(m.group(2).replace(",", ""))
    unit = m.group(4).lower()
    first = float(m.group(5)) * _UNIT_HOURS[m.group(6).lower()]
    counts = {int((h - first) // _UNIT_HOURS[unit]) for h in (low_hours, high_hours)}
    if len(counts) != 1:
        return None
    n = counts.pop()
    if n <= 0:
        return None
    total = round(n * rate, 2)
    said = f"{text[:1].lower()}{text[1:].rstrip('. ')}: {n} full {unit}{'' if n == 1 else 's'}, " \
           f"{n} × {money(rate, currency)} = {money(total, currency)}"
    caps = {float(c.group(2).replace(",", "")) for c in _CAPPED.finditer(plain(page)) if c.group(1) == currency}
    if len(caps) == 1 and total > (cap := caps.pop()):
        said += f", capped at {money(cap, currency)}"
    elif len(caps) > 1:
        return None
    return said


__all__ += ["each_unit_clause"]
