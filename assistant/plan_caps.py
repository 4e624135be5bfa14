"""What of the customer's amount a benefit pays, where the rule caps it for their plan.

"We pay for essential replacement items (Classic up to £150, Premier up to £300; not included on Essentials)" to a
Classic customer who spent £340: "On Classic, the limit is £150, so the most you can get back of the £340 you spent
is £150." To one who spent £120: "On Classic, the limit is £150, so the whole £120 you spent is within it." Only for
a rule that pays or refunds, a plan the profile names with one cap in the sentence, and one amount the customer
states in the cap's currency; anything else says nothing (the rule is quoted as it is).
"""

from __future__ import annotations

import re

from assistant.charges import money
from assistant.customer_facts import Amount, Consequence
from assistant.grounding.windows import plain

# "Classic up to £150", "Premier: up to £300", "Plus capped at $50"
_CAP = re.compile(r"\b([A-Z][\w+-]*(?:\s+[A-Z][\w+-]*){0,2})\s*:?\s+(?:up to|capped at|max(?:imum)?(?: of)?)\s+"
                  r"([£€$])\s?(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)(?![\d,]*\s*(?:per|a|each)\s+"
                  r"(?:day|night|week|month|year|person|item))", re.I)
# every sum of money the message gives: "£420", "£90", "340 quid"
_SUM = r"(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)"
_MONEY_RE = re.compile(rf"([£€$])\s?{_SUM}|{_SUM}\s?(quid|pounds?|euros?|dollars?|bucks)\b", re.I)
_WORD = {"quid": "£", "pound": "£", "pounds": "£", "euro": "€", "euros": "€", "dollar": "$", "dollars": "$",
         "bucks": "$"}


def _sums(message: str) -> set[tuple[float, str]]:
    """Every sum of money the message gives, as (value, currency)."""
    out = set()
    for m in _MONEY_RE.finditer(message):
        if m.group(1):
            out.add((float(m.group(2).replace(",", "")), m.group(1)))
        else:
            out.add((float(m.group(3).replace(",", "")), _WORD[m.group(4).lower()]))
    return out


# a rule that pays the customer something back
_PAYS = re.compile(r"\b(?:we (?:will )?(?:pay|refund|reimburse|cover)|pays?\b|reimburs\w*|compensat\w*|"
                   r"(?:you )?can claim|claim back)\b", re.I)


def capped_claim(sentence: str, amounts: list[Amount], tier: str | None, message: str = "") -> Consequence | None:
    """The customer's amount against their plan's cap in ``sentence`` (see the module docstring), or None; also None
    when ``message`` gives other sums of money (a jacket at £420 and trainers at £90: what is claimed is not one of
    them)."""
    if not tier or not _PAYS.search(sentence):
        return None
    said = {(a.value, a.currency) for a in amounts if a.bound == "exact"}
    if len(said) != 1 or len(_sums(message) | said) > 1:
        return None
    value, currency = said.pop()
    text = plain(sentence)
    caps = {(m.group(2), float(m.group(3).replace(",", ""))) for m in _CAP.finditer(text)
            if m.group(1).strip().lower() == tier.strip().lower()}
    if len(caps) != 1:
        return None
    cap_currency, cap = caps.pop()
    if cap_currency != currency:
        return None
    lead = f"On {tier.strip()}, the limit is {money(cap, currency)}, so "
    if value > cap:
        return Consequence(None, False, lead + f"the most you can get back of the {money(value, currency)} you spent "
                                              f"is {money(cap, currency)}.")
    return Consequence(None, True, lead + f"the whole {money(value, currency)} you spent is within it.")


__all__ = ["capped_claim"]
