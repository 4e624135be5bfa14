"""Tone of a reply: empathy, politeness, sentiment, readability, personalisation, channel length fit, banned phrases.

All offline and deterministic: lexicons shipped under ``evaluation/lexicons``, VADER for sentiment and
textstat's pieces for the Flesch-Kincaid grade. ``score_tone`` returns a flat dict whose scores lie in [0, 1]
(``readability_grade`` and the lists excepted).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from assistant.grounding.phrases import find_phrases
from assistant.types import CustomerProfile
from evaluation.metrics.empathy import empathy
from evaluation.metrics.lexicons import normalise
from evaluation.metrics.politeness import politeness

# Word counts a reply should fall in, per channel: chat is short, e-mail fuller, social brief.
CHANNEL_WORDS: dict[str, tuple[int, int]] = {"chat": (12, 90), "email": (40, 220), "social": (8, 50)}
# Grade band customers read comfortably (plain-language guidance aims at grades 6-9).
READABLE_GRADES = (5.0, 9.0)
# Stock phrases a care reply should avoid whatever the brand voice says.
DEFAULT_BANNED = ("calm down", "as i said", "as previously stated", "per my last email", "unfortunately there is nothing",
                  "that's not my department", "it's company policy", "you have to understand", "no offense")
_GENERIC_NAMES = {"there", "team", "customer", "friend", "all", "everyone", "sir", "madam", "folks", "valued", "again"}
_GREETING_NAME = re.compile(r"^\W*(?i:hi|hello|hey|dear|good (?:morning|afternoon|evening))[\s,]+([A-Z][a-zA-Z'-]+)")
_SIGNOFF_NAME = re.compile(r"\b(?:thanks|thank you|cheers)[\s,]+([A-Z][a-zA-Z'-]+)\b")
_ORDER_REF = re.compile(r"(?:#\s?|\border\s+(?:number\s+|no\.?\s*|id\s+|#\s?)?)([A-Z0-9][A-Z0-9-]{2,})\b", re.IGNORECASE)
_WORD = re.compile(r"\b[\w'-]+\b")


@lru_cache(maxsize=1)
def _vader():  # noqa: ANN202 - the analyser loads its lexicon once per process
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=2048)
def vader_compound(text: str) -> float:
    """VADER's compound score of ``text`` in [-1, 1]; cached, because tone and politeness both read a reply's."""
    return float(_vader().polarity_scores(text)["compound"])


def sentiment(text: str) -> float:
    """VADER compound score of ``text`` mapped from [-1, 1] to [0, 1] (0.5 is neutral)."""
    return round((vader_compound(text) + 1.0) / 2.0, 6)


def readability_grade(text: str) -> float:
    """Flesch-Kincaid grade level, syllables counted with textstat's Pyphen dictionary.

    textstat's own ``flesch_kincaid_grade`` wants NLTK's CMU dictionary, which would be downloaded at first
    use; the Pyphen hyphenation it falls back to is bundled, so the formula is applied to its counts here.
    """
    from textstat.backend.metrics._words_per_sentence import words_per_sentence
    from textstat.backend.selections._list_words import list_words

    tokens = list_words(text, lowercase=True)
    if not tokens:
        return 0.0
    syllables = sum(map(_syllables, tokens)) / len(tokens)
    per_sentence = words_per_sentence(text)
    return round(0.39 * per_sentence + 11.8 * syllables - 15.59, 2)


@lru_cache(maxsize=65536)
def _syllables(word: str) -> int:
    """Syllables of one lower-case word from Pyphen's hyphenation points; cached, as replies reuse their words."""
    from textstat.backend.utils._get_pyphen import get_pyphen

    return len(get_pyphen("en_US").positions(word)) + 1


def readability_fit(grade: float, band: tuple[float, float] = READABLE_GRADES) -> float:
    """1 inside the comfortable grade band, falling linearly to 0 six grades outside it."""
    low, high = band
    distance = max(low - grade, grade - high, 0.0)
    return round(max(0.0, 1.0 - distance / 6.0), 6)


def length_fit(text: str, channel: str = "email") -> float:
    """1 when the word count suits the channel, falling off in proportion to how far outside it is."""
    low, high = CHANNEL_WORDS.get(channel, CHANNEL_WORDS["email"])
    n = len(_WORD.findall(text))
    if n < low:
        return round(n / low, 6)
    if n > high:
        return round(max(0.0, 1.0 - (n - high) / high), 6)
    return 1.0


def banned_phrases(text: str, phrases: Iterable[str] = ()) -> list[str]:
    """The banned phrases (brand voice's plus the defaults) that ``text`` contains as whole words, as listed."""
    return find_phrases(text, [*phrases, *DEFAULT_BANNED])


@dataclass
class PersonalizationResult:
    score: float
    applicable: bool
    used: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def personalization(reply: str, customer: CustomerProfile | None, message: str = "") -> PersonalizationResult:
    """Whether the reply uses the customer's name and order details, and uses them correctly.

    Credit: the customer's name (0.5) and, when the profile has orders, one of their order ids or items (0.5).
    Penalties: greeting someone by a name that is not the customer's, or citing an order id they do not have.
    Without a profile only a name signed in the message can be checked; with nothing known the score is 0.5.
    """
    names = _known_names(customer, message)
    orders = list(customer.orders) if customer else []
    used: list[str] = []
    errors: list[str] = []
    reply_norm = normalise(reply)
    for match in (_GREETING_NAME.search(reply.strip()), *(_SIGNOFF_NAME.finditer(reply))):
        if match:
            name = match.group(1)
            if name.lower() not in names and name.lower() not in _GENERIC_NAMES and match.re is _GREETING_NAME:
                errors.append(f"addresses the customer as {name!r}")
    if any(re.search(rf"\b{re.escape(n)}\b", reply_norm) for n in names):
        used.append("name")
    known_ids = {_norm_id(o.id) for o in orders}
    for ref in _ORDER_REF.findall(reply):
        if not any(ch.isdigit() for ch in ref):
            continue
        if known_ids and _norm_id(ref) not in known_ids:
            errors.append(f"order {ref!r} is not one of the customer's orders")
        elif _norm_id(ref) in known_ids:
            used.append(f"order {ref}")
    for order in orders:
        if re.search(rf"(?<![\w-]){re.escape(order.id.lstrip('#'))}(?![\w-])", reply, re.IGNORECASE):
            used.append(f"order {order.id}")
        used.extend(f"item {item}" for item in order.items if item and item.lower() in reply_norm)
    used = list(dict.fromkeys(used))
    if not names and not orders:
        return PersonalizationResult(score=0.5 if not errors else 0.25, applicable=False, used=used, errors=errors)
    parts: list[float] = []
    if names:
        parts.append(1.0 if "name" in used else 0.0)
    if orders:
        parts.append(1.0 if any(u.startswith(("order", "item")) for u in used) else 0.0)
    score = sum(parts) / len(parts) - 0.5 * len(errors)
    return PersonalizationResult(score=round(min(1.0, max(0.0, score)), 6), applicable=True, used=used, errors=errors)


def _known_names(customer: CustomerProfile | None, message: str) -> set[str]:
    names: set[str] = set()
    if customer:
        for value in (customer.name, customer.preferred_name):
            if value:
                names.update(part.lower() for part in value.split() if len(part) > 1)
    if not names and message:
        # A name the customer signed with ("Thanks, Priya") is the only name we know.
        tail = message.strip().splitlines()[-1] if message.strip() else ""
        signed = re.match(r"^\s*(?:[-\u2014]\s*|(?:thanks|thank you|regards|best|cheers)[\s,]+)?([A-Z][a-z]+)\s*$", tail)
        if signed and signed.group(1).lower() not in _GENERIC_NAMES:
            names.add(signed.group(1).lower())
    return names


def _norm_id(value: str) -> str:
    return re.sub(r"[^0-9a-z]", "", value.lower())


def score_tone(
    reply: str,
    message: str,
    *,
    customer: CustomerProfile | None = None,
    channel: str = "email",
    banned: Sequence[str] = (),
) -> dict[str, Any]:
    """Every tone metric of ``reply`` to ``message``: scores in [0, 1], the grade level, and the evidence lists."""
    emp = empathy(reply, message)
    pol = politeness(reply)
    grade = readability_grade(reply)
    pers = personalization(reply, customer, message)
    found_banned = banned_phrases(reply, banned)
    return {
        "empathy": emp.score,
        "empathy_reaction": emp.reaction,
        "empathy_interpretation": emp.interpretation,
        "empathy_exploration": emp.exploration,
        "empathy_specificity": emp.specificity,
        "politeness": round(pol.score, 6),
        "apology": 1.0 if "apology" in pol.strategies else 0.0,
        "sentiment": sentiment(reply),
        "readability_grade": grade,
        "readability": readability_fit(grade),
        "personalization": pers.score,
        "length_fit": length_fit(reply, channel),
        "banned_phrase_free": 0.0 if found_banned else 1.0,
        "boilerplate": emp.boilerplate,
        "impolite_strategies": pol.negative,
        "personalization_errors": pers.errors,
        "banned_phrases": found_banned,
    }
