"""Staff procedure (an agent manual) turned into the reply's next customer-facing step.

A manual written for agents ("Ask the customer for their full name or Account ID using [Pull up Account]")
must never be quoted to the customer. What the customer needs from it is the next step that concerns them:
what we need from them ("Could you send me your full name or account ID?") and what we tell them ("Tell
the customer you can generate a new password" -> "I can generate a new password for you"). The procedure
itself goes to the agent's notes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.grounding.sentences import split_sentences

# a sentence written to the agent: a button in brackets, or an instruction about "the customer"
_STAFF = re.compile(
    r"\[[A-Z][\w /&-]{1,40}\]|\b(?:the|a) customer(?:'s)?\b|\b(?:click|select|enter|input|fill in|look up|pull up|"
    r"use the \w+ (?:subflow|flow|action|button|tool))\b|^\s*(?:ask|get|collect|verify|validate|confirm|check|record|"
    r"note|offer|explain|tell|inform|apologi[sz]e|escalate|transfer|go to|skip|make sure|remember)\b", re.I)
_ASK_FOR = re.compile(
    r"\b(?:ask(?:ing)?|get(?:ting)?|collect(?:ing)?|request(?:ing)?|obtain(?:ing)?)\s+(?:the customer|them|the user)?\s*"
    r"(?:for\s+)?(?:the customer's\s+|their\s+|the\s+)?(?P<what>[^.;:\[\]()]+?)(?=\s+(?:with|using|for|to|in|from|so|then|and (?:then|enter|use|click|"
    r"select|record)|\[)|[.;:,\[(]|$)", re.I)
_TELL = re.compile(r"\b(?:tell|inform|let)\s+the customer(?:\s+know)?\s+(?:that\s+)?(?P<what>[^.;\[]+)", re.I)
_NOT_A_THING = re.compile(r"^(?:it|this|that|started|back|help|the result|their reason|reason|ready|more|all|any|some|"
                          r"started with|through|going)\b", re.I)


@dataclass(frozen=True)
class NextStep:
    needs: list[str]  # what to ask the customer for, in their terms: "full name or account ID"
    tells: list[str]  # what to tell them, already said to them


def is_staff_instruction(sentence: str) -> bool:
    return bool(_STAFF.search(sentence))


def is_procedural(text: str) -> bool:
    """Whether a passage is mostly instructions to staff (then it is guidance, not customer-facing policy)."""
    sentences = [s for s in split_sentences(text) if len(s.split()) >= 3]
    if not sentences:
        return False
    staff = sum(1 for s in sentences if is_staff_instruction(s))
    return staff / len(sentences) >= 0.3


def next_step(texts: Sequence[str], *, max_needs: int = 2) -> NextStep:
    """The first things the procedure needs from the customer, and what it says to tell them."""
    needs: list[str] = []
    tells: list[str] = []
    for text in texts:
        for sentence in split_sentences(text.replace("\u2019", "'")):
            clean = re.sub(r"\s*\[[^\]]+\]", "", sentence).strip()
            told = _TELL.search(clean)
            for m in ([] if told else _ASK_FOR.finditer(clean)):
                what = _tidy(m.group("what"))
                if what and len(needs) < max_needs and what.lower() not in {n.lower() for n in needs}:
                    needs.append(what)
            t = _TELL.search(clean)
            if t and len(tells) < 1:
                said = to_customer_voice(t.group("what"))
                if said:
                    tells.append(said)
    return NextStep(needs, tells)


def _tidy(what: str) -> str | None:
    w = re.sub(r"\s+", " ", what).strip(" ,-")
    w = re.sub(r"^(?:their|the customer's|the)\s+", "", w, flags=re.I)
    w = re.sub(r"\s+(?:and|or|to|of|with)$", "", w, flags=re.I)
    if len(w.split()) < 1 or re.search(r"\b(?:below|above|explain|about)\b", w, re.I) or w.lower() in ("answer", "it"):
        return None
    if not w or _NOT_A_THING.match(w) or len(w.split()) > 6 or re.search(
            r"\b(?:you|we|if|when|is|are|was|were|be|been|has|have|had|then|such|customer|that)\b|'", w, re.I):
        return None
    if not any(len(x) >= 4 or (x.isupper() and len(x) >= 2) for x in w.split()):
        return None  # "for", "it": a cut that names nothing
    # "Full Name or Account ID" -> "full name or account ID"
    return " ".join(x if x.isupper() and len(x) > 1 else x.lower() for x in w.split())


def to_customer_voice(clause: str) -> str | None:
    """"you cannot get their password, but you can generate a new one for them" -> "I cannot get your password,
    but I can generate a new one for you"."""
    c = clause.strip().rstrip(".")
    if len(c.split()) < 3 or "[" in c:
        return None
    swaps = [(r"\byou\b", "\x00I"), (r"\byour\b", "\x00my"), (r"\btheir\b", "your"), (r"\bthey\b", "you"),
             (r"\bthem\b", "you"), (r"\bthemselves\b", "yourself"), (r"\bhe or she\b", "you"), (r"\bhis or her\b", "your")]
    for pattern, repl in swaps:
        c = re.sub(pattern, repl, c, flags=re.I)
    c = c.replace("\x00", "")
    c = re.sub(r"\bI (?:are|were)\b", lambda m: "I am" if m.group(0).endswith("are") else "I was", c)
    c = re.sub(r"\byou is\b", "you are", c)
    return c[0].upper() + c[1:] + "."
