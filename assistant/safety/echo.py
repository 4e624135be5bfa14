"""No echo: the customer's own words do not come back in the reply, except short, safe spans.

A reply that quotes the customer can carry an attacker's sentence, a URL or an e-mail address they planted,
or invisible characters. ``guard`` finds, in a drafted reply, every run of more than ``MAX_SAFE_WORDS`` words
copied from the customer's text (message and earlier customer turns), every run of ``ATTACK_WORDS`` words
copied from a customer sentence that tries to instruct the assistant, and every URL, e-mail address or phone
number the customer wrote, unless the sources contain it too. A short restatement of the problem ("your
jacket arrived with a torn seam") is safe; order numbers, product names and names from the customer's
profile never count. Sentences carrying an echo are dropped from the reply
(the draft keeps its other sentences); invisible characters are always removed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.safety import injection
from assistant.safety.normalise import strip_invisible
from assistant.types import Ticket

MAX_SAFE_WORDS = 12  # a restated problem ("the rug arrived with a big tear at one edge") is not an echo
ATTACK_WORDS = 4
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_CONTACT = re.compile(r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?\d[\d ().-]{7,}\d|\b[a-z0-9-]+\.(?:com|net|org|io|co|example|xyz|info|biz|ru|cn)\b",
                      re.I)
_SENTENCE = re.compile(r"[^\n]*?(?:[.!?]+[\"')\]]*(?=\s|$)|\n|$)")  # "a.b@c.example" is one sentence


@dataclass
class EchoResult:
    text: str
    echoed: list[str] = field(default_factory=list)  # the copied spans that were removed
    invisible: bool = False  # invisible characters were removed


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def _grams(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def _safe_words(ticket: Ticket) -> set[str]:
    safe: set[str] = set()
    profile = ticket.customer
    if profile:
        for value in (profile.name, profile.preferred_name, profile.customer_id, profile.tier):
            safe.update(_words(value or ""))
        for order in profile.orders:
            safe.update(_words(order.id))
            safe.update(_words(order.tracking_number or ""))
            for item in order.items:
                safe.update(_words(item))
    return safe


def guard(reply: str, ticket: Ticket, sources: Sequence[str] = ()) -> EchoResult:
    """``reply`` without sentences that copy the customer's text (see the module docstring)."""
    text, hidden = strip_invisible(reply)
    customer = "\n".join([ticket.message, *(t.text for t in ticket.history if t.role == "customer")])
    source_text = "\n".join(sources).lower()
    safe = _safe_words(ticket)
    plain = strip_invisible(customer)[0]
    long_n = MAX_SAFE_WORDS + 1
    source_long, source_short = _grams(_words(source_text), long_n), _grams(_words(source_text), ATTACK_WORDS)
    customer_grams = {g for g in _grams(_words(plain), long_n) if g not in source_long and sum(w not in safe for w in g) > 1}
    attack = [m.group(0) for m in _SENTENCE.finditer(plain) if m.group(0).strip() and injection.scan(m.group(0))]
    attack_grams = {g for a in attack for g in _grams(_words(a), ATTACK_WORDS)
                    if g not in source_short and sum(w not in safe for w in g) >= ATTACK_WORDS - 1}
    contacts = {m.group(0).rstrip(".,;:!?)").lower() for m in _CONTACT.finditer(customer)}
    contacts = {c for c in contacts if c not in source_text and not set(_words(c)) <= safe}
    echoed: list[str] = []
    kept: list[str] = []
    for m in _SENTENCE.finditer(text):
        sentence = m.group(0)
        if not sentence.strip():
            kept.append(sentence)
            continue
        low = sentence.lower()
        hit = next((c for c in contacts if c in low), None)
        if hit is None:
            words = _words(sentence)
            gram = next((g for g in _grams(words, long_n) if g in customer_grams), None) or next(
                (g for g in _grams(words, ATTACK_WORDS) if g in attack_grams), None)
            hit = " ".join(gram) if gram else None
        if hit:
            echoed.append(hit)
        else:
            kept.append(sentence)
    if not echoed:
        return EchoResult(text, [], bool(hidden))
    repaired = re.sub(r"[ \t]{2,}", " ", "".join(kept)).strip()
    if not re.search(r"[A-Za-z]{3}", repaired):  # nothing left: keep the reply, the flag tells the agent
        return EchoResult(text, echoed, bool(hidden))
    return EchoResult(repaired, echoed, bool(hidden))


def describe(result: EchoResult) -> str:
    spans = "; ".join(f"“{s[:60]}”" for s in result.echoed[:3])
    return (f"The draft repeated the customer's own words ({spans}); those sentences were removed. "
            "Check the reply still reads well.")
