"""Exceptions a policy makes to its general rule, and whether the customer's case meets one.

"If the main driver is admitted to hospital, or a member of their immediate family dies, we give a full refund on any
rate"; "After that they are not refundable, except when your trainer leaves": a sentence that overrides the general
rule for a case. When the customer's own message states that case ("my dad died", "my trainer just quit"), the
exception is their answer and the general rule it overrides ("No refund") is not.

The case is matched by its words, with the few everyday words people use for the same life events (a parent is a
member of the family; "passed away" is dying; "quit" is leaving): general English, never a company's terms.
"""

from __future__ import annotations

import re

from assistant.grounding.words import stem

# a sentence that states an exception: by its own words, or by its section ("Exceptions", "Special circumstances")
_EXCEPTION_WORDS = re.compile(r"\b(?:exceptions?|except (?:when|if|where|for)|regardless of|even (?:if|when|for|on)|"
                              r"\bany (?:rate|fare|plan|ticket|booking|tariff|membership|contract|order|price)s?|"
                              r"including [^.]{0,40}\b(?:non-refundable|no-shows?|discounted|promotional|sale)\b|for free if)\b", re.I)
EXCEPTION_SECTION = re.compile(r"\b(?:exceptions?|special circumstances|compassionate|hardship|bereavement|"
                               r"extenuating)\b", re.I)
# the case an exception is for: a leading condition ("If X, we ..."), or one after "except when", "for free if",
# "unless"
_LEADING = re.compile(r"^\W*(?:if|when|where|should)\s+(.{6,200}?),\s+(?:we|you|the|your|it|they|there|a|an)\b", re.I)
_TRAILING = re.compile(r"\b(?:except (?:when|if|where)|for free if|free of charge if|unless|if)\s+(.{6,200}?)(?:[.;]|$)",
                       re.I)

# everyday words for the same life event, to the word a policy uses (general English)
_SAME = {
    **{w: "family" for w in ("dad", "father", "mum", "mom", "mother", "mam", "parent", "parents", "brother", "sister",
                             "son", "daughter", "wife", "husband", "partner", "grandad", "grandpa", "grandma",
                             "granny", "grandmother", "grandfather", "grandparent", "child", "children", "kid", "kids",
                             "sibling", "spouse", "fiance", "fiancee", "nan", "relative", "stepdad", "stepmum")},
    **{w: "die" for w in ("died", "dies", "dying", "death", "dead", "passed", "bereavement", "bereaved", "funeral",
                          "lost")},
    **{w: "hospital" for w in ("hospitalised", "hospitalized", "a&e", "surgery", "operation", "ward")},
    **{w: "ill" for w in ("illness", "sick", "sickness", "unwell", "injured", "injury", "medical", "doctor", "gp")},
    **{w: "leave" for w in ("leaves", "left", "leaving", "quit", "quits", "resigned", "resigns", "gone")},
    **{w: "move" for w in ("moving", "moved", "moves", "relocating", "relocate", "relocated")},
    **{w: "cancel" for w in ("cancels", "cancelled", "canceled", "cancelling", "canceling", "cancellation")},
}
_STOP = {stem(w) for w in ("the", "a", "an", "of", "to", "in", "on", "at", "for", "with", "and", "is", "are", "was",
                            "were", "be", "been", "it", "they", "them", "he", "she", "we", "us", "that", "this", "who",
                            "which", "by", "as", "from", "or", "not", "no", "can", "will", "would", "may")}
# words of a case that say nothing about which case it is
_ANY = {stem(w) for w in ("member", "members", "main", "person", "customer", "you", "your", "their", "any", "booking",
                          "order", "item", "account", "rate", "plan", "have", "has", "had", "get", "gets", "our",
                          "immediate", "more", "than", "from", "time", "reason", "case", "within", "day", "days",
                          "week", "weeks", "month", "months", "hour", "hours", "year", "years")}


def _words(text: str) -> set[str]:
    return {stem(_SAME.get(w, w)) for w in re.findall(r"[a-z&]+", text.lower())}


def is_exception(sentence: str, section: str = "") -> bool:
    """Whether the sentence states an exception to a general rule (its words, or its section's heading)."""
    return bool(_EXCEPTION_WORDS.search(sentence) or EXCEPTION_SECTION.search(section))


def exception_case(sentence: str) -> str | None:
    """The case an exception sentence is for ("the main driver is admitted to hospital, or a member of their
    immediate family dies"), or None when it states none."""
    m = _LEADING.match(sentence) or _TRAILING.search(sentence)
    return m.group(1) if m else None


def meets_case(case: str, message: str) -> bool:
    """Whether the customer's message states one of the case's alternatives: at least two of an alternative's
    telling words (all of them where it has fewer), counting everyday words for the same event."""
    said = _words(message)
    ours = False  # the alternative is something the company does ("we cancel your booking"): not the customer's case
    for alternative in re.split(r",?\s+or\s+|;", case):
        first = alternative.strip().split()[0].lower() if alternative.strip() else ""
        if first in ("we", "our", "us"):
            ours = True
        elif not _CARRIED.match(first):
            ours = False  # a subject of its own; a verb alone ("can't give you a car") keeps the one before
        if ours:
            continue
        telling = {w for w in _words(alternative) - _ANY - _STOP if len(w) > 2 or w == "ill"}
        if len(telling) >= 2 and len(telling & said) >= 2:
            return True
    return False


# an alternative that starts with its verb shares the subject of the one before ("we cancel ..., or can't give ...")
_CARRIED = re.compile(r"^(?:can't|cannot|can|don't|doesn't|do|does|did|didn't|fail\w*|is|are|was|were|will|won't|"
                      r"have|has|had|must|need\w*|[a-z]+s)$")


def leading_case(sentence: str) -> str | None:
    """The condition a rule leads with ("If your trainer leaves Corefit, you can ..." -> "your trainer leaves
    Corefit"), or None."""
    m = _LEADING.match(sentence)
    return m.group(1) if m else None


def met_exception(sentence: str, section: str, message: str) -> bool:
    """Whether the sentence is an exception whose case the customer's message states."""
    if not is_exception(sentence, section):
        return False
    case = exception_case(sentence)
    return case is not None and meets_case(case, message)


__all__ = ["leading_case", "is_exception", "exception_case", "meets_case", "met_exception", "EXCEPTION_SECTION"]
