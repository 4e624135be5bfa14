"""A minimum age the sources set, against the age the customer gives ("can she join at 11?").

Pages state a minimum age for what is booked ("minimum age: 10", "for ages 13+", "climbers must be at least 8"). When
the customer asks whether someone is old enough and gives that person's age ("my niece Ola (12)"), the reply says
the consequence: "At 12, she's over the minimum age of 10, so she can take part." Only the rule's and the customer's
figures are said.
"""

from __future__ import annotations

import re

from assistant.bands import stated_ages
from assistant.grounding.windows import plain

_MIN_AGE = re.compile(r"\bminimum age(?:\s+is|\s+of|:)?\s+(\d{1,2})\b|"
                      r"\b(?:aged|ages?)\s+(\d{1,2})\s*(?:\+|and (?:over|up|older)|or (?:over|older))|"
                      r"\bmust be (?:at least\s+)?(\d{1,2})(?:\s+years(?: old)?)?\s+or (?:over|older)\b|"
                      r"\bmust be at least (\d{1,2})\b|\bfrom (?:the )?age (?:of )?(\d{1,2})\b", re.I)
# an ask about being old enough: "can she join at 11?", "any age limit?", "is 9 too young?"
ASKS_AGE = re.compile(r"\bold enough\b|\bage (?:limit|requirement|restriction|minimum)s?\b|\bminimum age\b|"
                      r"\btoo young\b|\bhow old\b", re.I)
_WHO = re.compile(r"\b(?:is|are|am)\s+(he|she|they|i|we)\b|\b(he|she|they)\s+(?:is|are|'s|'re)\b", re.I)


def minimum_ages(sentence: str) -> set[int]:
    """The minimum ages the sentence states."""
    return {int(next(g for g in m.groups() if g)) for m in _MIN_AGE.finditer(plain(sentence))}


def age_consequence(ask: str, message: str, minimum: int) -> str | None:
    """Whether the one age the customer gives meets the minimum, said for the person the ``ask`` is about; None when
    they give no age, or several."""
    ages = set(stated_ages(message))
    if len(ages) != 1:
        return None
    age = ages.pop()
    m = _WHO.search(ask)
    who = (m.group(1) or m.group(2)).lower() if m else "they"
    who, be = {"i": ("you", "'re"), "we": ("you", "'re"), "he": ("he", "'s"), "she": ("she", "'s")}.get(who, ("they", "'re"))
    if age >= minimum:
        over = "over" if age > minimum else "at"
        return f"At {age}, {who}{be} {over} the minimum age of {minimum}, so {who} can take part."
    return f"At {age}, {who}{be} under the minimum age of {minimum}, so {who} can't take part yet."


__all__ = ["ASKS_AGE", "minimum_ages", "age_consequence"]
