"""How much more a customer must spend to reach a threshold the sources set ("free delivery on orders of $60 and
above"), worked from the amount they say they are spending.

"How much more do I have to spend for free postage?" on "a NZ$65 order", with a source row "basket NZ$80 and
above: free", is answered with the sum: "Your order is NZ$65, so NZ$80 − NZ$65 = NZ$15 more takes it to NZ$80."
The threshold is the one amount a said sentence ties to something free or discounted ("free", "no fee", "% off");
the customer's amount is the one they tie to their order, basket or spend. Nothing is worked with two thresholds,
two amounts of theirs, or an amount already at the threshold.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.currency import AMOUNT, money, prefixed

# the ask: "how much more do I need to spend", "how far am I from free delivery", "what do I need to add to get"
ASKS_GAP = re.compile(r"\bhow much more\b[^.?!]{0,40}\b(?:spend|add|order|buy|put in)\b|\bhow much (?:more )?(?:do|would|"
                      r"should) (?:i|we) (?:need to|have to) (?:add|spend)\b[^.?!]{0,40}\b(?:free|discount|off|qualif)|"
                      r"\bhow (?:far|close) (?:am i|are we) from\b[^.?!]{0,30}\b(?:free|discount)", re.I)
# a threshold: "order $60 and above", "orders over $60", "spend $60 or more", "on orders of at least $60", "from $60"
_THRESHOLD = re.compile(rf"(?:\b(?:over|above|from|at least|more than|of)\s+{AMOUNT}|{AMOUNT}\s+(?:and|or)\s+"
                        r"(?:above|over|more|up))", re.I)
_REWARD = re.compile(r"\bfree\b|\bno (?:delivery |shipping )?(?:fee|charge)\b|\b\d{1,2}\s?%\s+off\b|\bdiscount\b", re.I)
# the customer's amount for what they are buying: "a $52 order", "my basket is $52", "I've spent $52", "order of $52"
_THEIRS = re.compile(rf"{AMOUNT}\s+(?:order|basket|cart|purchase|shop)\b|\b(?:order|basket|cart|purchase|spend|"
                     rf"total)\s+(?:is\s+|was\s+|comes to\s+|of\s+|at\s+)(?:only\s+|just\s+)?{AMOUNT}|\b(?:spent|"
                     rf"spending|ordered|ordering)\s+{AMOUNT}", re.I)


def _value(figure: str) -> float:
    return float(figure.replace(",", ""))


@dataclass(frozen=True)
class SpendGap:
    marker: int
    sentence: str


def spend_gap(said: Sequence[tuple[int, str]], message: str) -> SpendGap | None:
    """The amount still to spend to reach the one threshold said (see the module docstring); ``said``: (marker,
    sentence) of the answers."""
    if not ASKS_GAP.search(message):
        return None
    thresholds: dict[tuple[str, float], int] = {}
    for marker, sentence in said:
        for clause in re.split(r"[;\n]", prefixed(sentence)):
            if not _REWARD.search(clause):
                continue
            for m in _THRESHOLD.finditer(clause):
                sign, figure = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
                thresholds.setdefault((sign, _value(figure)), marker)
    theirs = {(m.group(g), _value(m.group(g + 1))) for m in _THEIRS.finditer(prefixed(message))
              for g in (1, 3, 5) if m.group(g)}
    if len(thresholds) != 1 or len(theirs) != 1:
        return None
    (sign, level), marker = next(iter(thresholds.items()))
    mine_sign, mine = theirs.pop()
    if mine_sign != sign or mine >= level:
        return None
    gap = round(level - mine, 2)
    # (what it brings is the said sentence's to state, beside it: "order $60 and above: free")
    return SpendGap(marker, f"Your order is {money(mine, sign)}, so {money(level, sign)} − {money(mine, sign)} = "
                            f"{money(gap, sign)} more takes it to {money(level, sign)}.")


__all__ = ["ASKS_GAP", "SpendGap", "spend_gap"]
