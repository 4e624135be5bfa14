"""A membership tier's discount worked out on the price the reply states.

Pages give a tier's discount in a sentence ("Silver members get 5% and Gold members 12% off their own
seat", "Member discounts: Silver 10%, Gold 25%") or in a table (a row for the tier with a column per kind of
booking, "Gold | 20% off | 15% off"; or a row for the kind with a column per tier). With the customer's tier (their
profile's, or the one they name: "using my Gold discount") and the one price the reply states for what they ask about,
the reply works it out: "As a Gold member you get 12% off: 12% × €650 = €78, so €650 − €78 = €572." Every
figure is a source's or follows from the working beside it, which the verifier redoes.

Nothing is worked out when the tier's discounts disagree for the thing asked about, when what a discount is "off"
shares no word with the ask or the price (12% off lenses is not off an eye test), when a rule of the same page
says the discount never reaches the thing asked about, or when the price is already a member price.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from assistant.charges import named_rows, row_subject
from assistant.currency import SYMBOL, money, prefixed
from assistant.grounding.windows import plain
from assistant.grounding.words import content_words, stem
from assistant.tables import tables_in

_PERCENT = re.compile(r"(\d{1,2}(?:\.\d+)?)\s?%(?!\s*of\b)")
# a sentence about money off: a percentage alone ("Silver 10 %") is a discount only in such a sentence
_OFF = re.compile(r"%\s*(?:off|discount|reduction|less)\b|\bdiscounts?\b|\bsave\b", re.I)
# where a tier's part of a sentence ends: "Silver members get 5 % | and Gold members 12 % off ..."
_SEGMENT = re.compile(r"[;,()]|\band\b|\bwhile\b|\bwhereas\b", re.I)
# what the discount is off: "... 12 % off their own seat", "10% discount on lenses"
_SCOPE = re.compile(r"%\s*(?:off|discount|reduction)\s+(?:on|for|of)?\s*([^.;:]+)", re.I)
# a rule that a discount does not reach something: "Member discounts cannot be used on vouchers"
_EXCLUDED = re.compile(r"\b(?:discounts?|% off)\b[^.]*?\b(?:do(?:es)?\s+not|don't|doesn't|cannot|can't|never)\s+"
                       r"(?:apply|be used|be combined|count)\b([^.]*)|\bnot\s+(?:on|for|valid (?:on|for))\s+([^.]+)",
                       re.I)
_MONEY = re.compile(f"({SYMBOL})" + r"\s?(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)")
# words that say nothing about what a discount is off
_GENERIC = {stem(w) for w in ("member", "members", "membership", "discount", "discounts", "price", "prices", "tier",
                              "their", "your", "own", "off", "get", "all", "every", "booking", "bookings")}


@dataclass(frozen=True)
class TierDiscount:
    percent: float
    scope: str  # what it is off, as the page says ("their own seat", "Hire", "Discount on lenses")
    source: str  # the sentence or row it is read from


def _names(tier: str) -> list[str]:
    """The ways a page may name the tier: its full name, and its last word where the name has a brand before it
    ("Smile Club Plus" is "Plus members" on the page)."""
    words = tier.split()
    return [tier] + ([words[-1]] if len(words) > 1 and len(words[-1]) > 2 else [])


def _mentions(text: str, tier: str) -> list[re.Match[str]]:
    return [m for name in _names(tier) for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, re.I)]


def _sentence_discounts(sentence: str, tier: str) -> list[TierDiscount]:
    if not _OFF.search(sentence) or not _mentions(sentence, tier):
        return []
    scope_m = _SCOPE.search(sentence)
    scope = scope_m.group(1).strip() if scope_m else sentence.split(":")[0].strip(" -*")
    out = []
    for segment in _SEGMENT.split(sentence):
        percents = _PERCENT.findall(segment)
        if _mentions(segment, tier) and len(percents) == 1:
            out.append(TierDiscount(float(percents[0]), scope, sentence))
    return out


def _table_discounts(text: str, tier: str) -> list[TierDiscount]:
    out = []
    for rows in tables_in(text):
        for row in rows:
            for head, cell in row.values:
                percents = _PERCENT.findall(cell)
                if len(percents) != 1 or re.search(r"\d", cell.replace(percents[0], "", 1)):
                    continue
                off = re.search(r"\boff\b|\bdiscount", f"{cell} {head} {row.key}", re.I)
                if not off:
                    continue
                if _mentions(row.key, tier) and not _mentions(head, tier):  # a row per tier, a column per kind
                    out.append(TierDiscount(float(percents[0]), head, f"{row.key}: {head} {cell}"))
                elif _mentions(head, tier) and not _mentions(row.key, tier):  # a row per kind, a column per tier
                    out.append(TierDiscount(float(percents[0]), row.key, f"{row.key}: {head} {cell}"))
    return out


def tier_discounts(text: str, tier: str) -> list[TierDiscount]:
    """The discounts the text gives the tier, from its sentences and its tables."""
    flat = plain(text)
    sentences = [s for line in flat.split("\n") if "|" not in line
                 for s in re.split(r"(?<=[.!?])\s+(?=[A-Z*])", line)]
    return [d for s in sentences for d in _sentence_discounts(s, tier)] + _table_discounts(text, tier)


def _stems(text: str) -> set[str]:
    return {stem(w) for w in content_words(text) if not w.isdigit()} - _GENERIC


def _excluded(texts: Iterable[str], about: set[str]) -> bool:
    """Whether a rule of the texts says a discount does not reach what ``about`` names."""
    for text in texts:
        for m in _EXCLUDED.finditer(plain(text)):
            if _stems(m.group(1) or m.group(2) or "") & about:
                return True
    return False


# the tier a customer names as theirs: "using my Gold discount", "as an Amber member", "I'm a Gold Plus member", "our
# Comfort plan", "we have the Comfort plan with you", "I'm on the Gold plan"
_NAME = r"((?:[A-ZÀ-Þ][\w-]*\s+){0,2}?[A-ZÀ-Þ][\w-]*)"
_NAMED = re.compile(rf"\b(?i:my|our)\s+{_NAME}\s+(?:member\s+)?(?:discount|membership|member|tier|card|plan)\b|"
                    rf"\b(?i:as|i'?m|i am)\s+an?\s+{_NAME}\s+(?:member|cardholder|subscriber)\b|"
                    rf"\b(?i:(?:i|we)(?:'m|'re|\s+am|\s+are)?\s+(?:on|have|pay for|got))\s+(?i:the|your)\s+{_NAME}\s+"
                    r"(?:plan|membership|tier)\b")


def named_tier(message: str) -> str | None:
    """The tier the customer names as theirs, as they write it; None when they name none or two."""
    names = {(m.group(1) or m.group(2) or m.group(3)).strip() for m in _NAMED.finditer(message)}
    return names.pop() if len(names) == 1 else None


@dataclass(frozen=True)
class Discounted:
    sentence: str
    marker: int  # the passage that gives the discount
    price: float = 0.0  # the price it is taken off
    currency: str = ""


def tier_row(sentence: str, tier: str) -> bool:
    """Whether the sentence is the row of the tier itself ("For Comfort, the price per month is 89 kr ..."): its price
    is the membership's, not the price of the thing the customer asks about."""
    subject = row_subject(prefixed(plain(sentence)))
    return bool(subject and _mentions(subject, tier))


def discounted_price(tier: str, price_sentences: Sequence[str], ask: str,
                     pages: Sequence[tuple[int, str]], message: str = "", home: int | None = None,
                     same_page: AbstractSet[int] = frozenset()) -> Discounted | None:
    """The tier's discount worked out on the one price the ``price_sentences`` state, where the ``pages`` ((marker,
    text) of each retrieved public passage) give the tier one discount for what the ``ask`` and the price are about
    (see the module docstring); of several rows with a price, the one the customer's ``message`` names. A discount
    that says nothing of what it is for ("Member discounts: Silver 10%") fits where it stands beside the price (in
    the passage ``home``, or another passage of that page, ``same_page``) or is the tier's only one. None otherwise."""
    if not tier.strip():
        return None
    priced = [prefixed(plain(s)) for s in price_sentences if _MONEY.search(prefixed(plain(s)))]
    priced = [s for s in priced if not tier_row(s, tier)]
    priced = named_rows(priced, message or ask, lambda s: bool(_MONEY.search(s)))
    prices = {(m.group(1), float(m.group(2).replace(",", ""))) for s in priced for m in _MONEY.finditer(s)}
    if len(prices) != 1 or any(_mentions(s, tier) or re.search(r"\bmembers?\b", s, re.I) for s in priced):
        return None  # no price, several, or a price already for members
    currency, price = prices.pop()
    row = row_subject(priced[0]) if len(priced) == 1 else None
    # (a row said by its column, "On Zone B, the wood stove is ...": the thing is the row's)
    column_said = re.match(r"On [^,]{1,40}, (?:the )?([^;,]{1,60}?) (?:is|are|costs?) ", priced[0]) if row else None
    row = f"the {column_said.group(1)}" if column_said else row
    # what the price is for, in its own sentence (the ask may name other things: "... while I'm in town for a fitting")
    about = {w for s in priced for w in _stems(s)}
    return _worked(tier, currency, price, about, ask, pages,
                   f" {row[0].lower() + row[1:] if row[1:2].islower() else row}" if row else "", home, same_page)


def discounted_total(tier: str, total: str, rates: Sequence[str], ask: str,
                     pages: Sequence[tuple[int, str]]) -> Discounted | None:
    """The tier's discount worked out on a total the reply works out (``total``: its sentence, "For your 6 people:
    $54 × 6 = $324."; ``rates``: the sentences stating the rates it uses), on the same terms as
    ``discounted_price``; None otherwise, and where a rate is already a member's ("(Gold members) $12 a night")."""
    if not tier.strip() or "=" not in total:
        return None
    last = list(_MONEY.finditer(prefixed(total.rsplit("=", 1)[1])))
    if len(last) != 1 or any(_mentions(s, tier) or re.search(r"\bmembers?\b", s, re.I) for s in rates):
        return None
    return _worked(tier, last[0].group(1), float(last[0].group(2).replace(",", "")),
                   _stems(total) | {w for s in rates for w in _stems(s)}, ask, pages, "")


_PAGE_PRICES = re.compile(r"^\W*(?:all\s+)?(?:the\s+)?(?:prices?|rates?|fees?)\s+(?:above|below|listed|shown|on this page)"
                          r"\W*$", re.I)


def _worked(tier: str, currency: str, price: float, about: set[str], ask: str, pages: Sequence[tuple[int, str]],
            thing: str, home: int | None = None, same_page: AbstractSet[int] = frozenset()) -> Discounted | None:
    """The one discount of the ``pages`` for the tier that fits what the words ``about`` name, taken off ``price``."""
    found = [(marker, d) for marker, page in pages for d in tier_discounts(page, tier)]
    # (a discount "off the prices above" says only that it is for its page's prices: it fits where it stands beside
    # the price, in the passage ``home`` or another passage of its page, ``same_page``)
    fitting = [(marker, d) for marker, d in found
               if (_stems(d.scope) & about and not _PAGE_PRICES.match(d.scope)) or (
                   (not _stems(d.scope) or _PAGE_PRICES.match(d.scope))
                   and (len(found) == 1 or marker == home or marker in same_page))]
    if len({d.percent for _, d in fitting}) != 1 or _excluded([page for _, page in pages], _stems(ask)):
        return None
    marker, discount = fitting[0]
    off = round(price * discount.percent / 100, 2)
    share = f"{discount.percent:g}%"
    name = tier if re.search(r"\bmember", tier, re.I) else f"{tier} member"
    article = "an" if name[:1].lower() in "aeiou" else "a"
    return Discounted(f"As {article} {name} you get {share} off{thing}: {share} × {money(price, currency)} = "
                      f"{money(off, currency)}, so {money(price, currency)} − {money(off, currency)} = "
                      f"{money(round(price - off, 2), currency)}.", marker, price, currency)


__all__ = ["TierDiscount", "tier_discounts", "discounted_price", "Discounted", "named_tier", "discounted_total",
           "tier_row"]
