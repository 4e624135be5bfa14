"""Money as help centres write it: a symbol glued to the figure ("£35", "€12.50", "$1,200") or an ISO currency code
before it ("NOK 450", "CHF 1,200.50"). One pattern to find the currency and one formatter, so a worked amount is said
in the style its source uses ("SEK 2,400 − SEK 360 = SEK 2,040", never "SEK2,040").
"""

from __future__ import annotations

import re

# the codes a price may be written with; a three-capital word before a figure that is not one of these (an order
# prefix, "ABC 123") is no currency
CODES = ("AUD", "BRL", "CAD", "CHF", "CNY", "CZK", "DKK", "EUR", "GBP", "HKD", "HUF", "INR", "ISK", "JPY", "MXN",
         "NOK", "NZD", "PLN", "SEK", "SGD", "USD", "ZAR")
# the currency of a figure, before it: a symbol, or a code followed by the figure (a code alone, "prices in NOK",
# states no amount)
SYMBOL = rf"(?:[£€$¥₹]|\b(?:{'|'.join(CODES)}|kr)(?=\s?\d))"
_CODE = re.compile(rf"(?:{'|'.join(CODES)})")
# an amount with its currency kept whole, a dollar with its country's letters ("S$480", "NZ$40", "€9", "NOK 450"):
# group 1 the currency as written, group 2 the figure
AMOUNT = rf"((?:[A-Z]{{1,2}}(?=\$))?{SYMBOL})\s?(\d{{1,3}}(?:,\d{{3}})+(?:\.\d{{1,2}})?|\d+(?:\.\d{{1,2}})?)"


# the crowns of the Nordic codes, as customers write them after the figure: "1500 kr", "200 kronor"
KRONE = "kr"
_KRONE_CODES = ("NOK", "SEK", "DKK", "ISK")


def money(value: float, currency: str) -> str:
    """"£350", "£70.50", "£1,500", "SEK 2,040", "1,500 kr": the figure with its currency as it is written."""
    text = f"{value:,.2f}"
    figure = text[:-3] if text.endswith(".00") else text
    if currency == KRONE:
        return f"{figure} kr"
    return f"{currency} {figure}" if _CODE.fullmatch(currency) else currency + figure


def same_currency(said: str, written: str) -> bool:
    """Whether a currency as the customer says it is the one written ("kr" is any of the Nordic crowns)."""
    return said == written or (said == KRONE and written in _KRONE_CODES) or (written == KRONE and said in _KRONE_CODES)


# the symbol help centres write for a code in a customer's record (an order "currency: NZD" is priced "$45" on the
# pages); a code with no symbol in common use is written as the code ("NOK 450")
_SIGN = {"GBP": "£", "EUR": "€", "USD": "$", "AUD": "$", "CAD": "$", "NZD": "$", "SGD": "$", "HKD": "$", "MXN": "$",
         "JPY": "¥", "CNY": "¥", "INR": "₹"}


def sign_of(code: str) -> str:
    """The currency a record's code is written with on the pages: "GBP" -> "£", "NOK" -> "NOK"; "" for no code."""
    code = code.strip().upper()
    return _SIGN.get(code, code if code in CODES else "")


# a figure with its code after it, as many European pages write it: "600 SEK", "1 200 CHF", "4,455 NOK"
_CODE_AFTER = re.compile(rf"(?<![\w.,])(\d{{1,3}}(?:[ ,\u00a0\u202f]\d{{3}})+(?:\.\d{{1,2}})?|\d+(?:\.\d{{1,2}})?)"
                         rf"\s?({'|'.join(CODES)})\b")


_GAP = re.compile("[ \u00a0\u202f]")


# a figure with the Nordic crowns after it, as their pages write it: "3 490 kr", "1.250 kr" (a full stop between
# thousands), "795 kr"
_KRONE_AFTER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+|\d+)(?:,-)?\s?kr\b(?!\s?\d)")


def prefixed(text: str) -> str:
    """The text with every code-after amount written code first, its thousands marked by commas ("600 SEK" -> "SEK
    600", "1 200 CHF" -> "CHF 1,200", "3 490 kr" -> "kr 3,490"), so one pattern reads both styles; the figures are
    unchanged."""
    text = _CODE_AFTER.sub(lambda m: m.group(2) + " " + _GAP.sub(",", m.group(1)), text)
    return _KRONE_AFTER.sub(lambda m: "kr " + re.sub(r"[ .\u00a0\u202f]", ",", m.group(1)), text)


def currencies_in(text: str) -> set[str]:
    """The currencies the text writes amounts in ("£", "NOK")."""
    return set(re.findall(SYMBOL, text))


__all__ = ["AMOUNT", "CODES", "SYMBOL", "money", "currencies_in", "sign_of", "prefixed", "same_currency", "KRONE"]
