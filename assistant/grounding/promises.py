"""Promises and offers: a refund, credit, discount or exception the reply commits to, and whether a source backs it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.grounding.sentences import with_list_readings
from assistant.grounding.words import content_words, stem

# Things a reply can promise that cost the company: an offer needs a source that offers the same thing.
PROMISE = re.compile(
    r"\b(refund\w*|reimburs\w*|credit(?:s|ed)?|compensat\w*|discount\w*|waiv\w*|voucher\w*|coupon\w*|gift ?cards?|"
    r"(?<!feel )free(?!\s+to\b)(?: of charge)?|complimentary|on the house|money back|exception\w*|goodwill|price match\w*|upgrade\w*|rebate\w*|"
    r"cash ?back|reimbursement|make (?:it|this) up to you)\b",
    re.I,
)
# A first-person commitment ("I've added", "we'll refund", "you'll also get"), as opposed to a policy statement.
COMMITMENT = re.compile(
    r"\b(?:i|we)(?:'ve|'ll|'m| have| will| am| can| would)?\s+(?:also\s+|just\s+|already\s+|now\s+|\w+ly\s+|gone ahead and\s+){0,2}"
    r"(?:add|added|adding|give|given|giving|issue|issued|issuing|apply|applied|applying|upgrade|upgraded|upgrading|"
    r"refund|refunded|refunding|waive|waived|waiving|credit|credited|send|sent|include|included|offer|offered|"
    r"arrange|arranged|make|made|cover|covered|comp|comped|throw in|thrown in)\b"
    r"|\byou(?:'ll| will)\s+(?:also\s+)?(?:get|keep|receive|have|enjoy)\b",
    re.I,
)


# Other ways a policy says the same offer: "free" is also "at no cost" or "we do not charge".
_CONCEPT_SYNONYMS = {
    "free": r"\bfree\b|\bno (?:extra |additional )?(?:cost|charge|fee)\b|\b(?:do not|don't|won't|will not|never) charge\b|"
            r"\bnot charged\b|\bcomplimentary\b|\bprepaid\b|\bat our (?:cost|expense)\b",
    "refund": r"\brefund\w*|\bmoney back\b|\breimburs\w*",
    "reimburs": r"\brefund\w*|\breimburs\w*",
    "money": r"\brefund\w*|\bmoney back\b",
    "complimentary": r"\bfree\b|\bcomplimentary\b|\bno (?:extra |additional )?(?:cost|charge)\b",
}
# Words of an offer sentence that say how it is offered, not what is offered.
_OFFER_FILLER = frozenset(
    "also just already now gladly happy glad add added adding give given giving issue issued issuing offer offered "
    "make made get gets getting receive received able sure course certainly absolutely totally fully you'll we'll "
    "i'll i've we've go ahead gone one-off it's that's there's here's".split()
)
_CLAUSE_SPLIT = re.compile(r"[,;:()\u2014]|\s[-\u2013]\s|\b(?:and|but|while|although|because|so)\b", re.I)


# Share of the offer's object words a backing passage sentence must name: half lets "automatically refund you
# if the price drops" ride on "we refund the difference when the price drops (when the customer asks)".
OBJECT_SHARE = 0.6


def _concept(term: str) -> re.Pattern[str]:
    """A pattern for the term's concept in a passage: its own stem or a way policies phrase it."""
    key = stem(term.split()[0])
    alternatives = [r"\b" + re.escape(key) + r"\w*"]
    for name, pattern in _CONCEPT_SYNONYMS.items():
        if key.startswith(name) or name.startswith(key):
            alternatives.append(pattern)
    return re.compile("|".join(alternatives), re.I)


def _root(word: str) -> str:
    """A coarse stem for matching an offer's words ("exchanges"/"exchange", "shipping"/"ship")."""
    s = stem(word)
    if len(s) > 3 and s[-1] == s[-2]:
        s = s[:-1]
    return s[:5]


def offer_object(term: str, sentence: str) -> set[str]:
    """Stems of what the offer is about: the content words of the clause that holds the term ("the exchange is
    free" -> {exchange}), without the term itself, numbers (checked as claims) and words saying how it is given."""
    low = sentence.replace("\u2019", "'")
    at = low.lower().find(term.lower())
    clause = low
    if at >= 0:
        starts = [0] + [m.end() for m in _CLAUSE_SPLIT.finditer(low) if m.end() <= at]
        ends = [m.start() for m in _CLAUSE_SPLIT.finditer(low) if m.start() >= at + len(term)] + [len(low)]
        clause = low[max(starts): min(ends)]
    term_stems = {_root(w) for w in re.findall(r"[A-Za-z]+", term)}

    def words(text: str) -> set[str]:
        return {_root(w) for w in content_words(text)
                if not any(ch.isdigit() for ch in w) and w.lower() not in _OFFER_FILLER} - term_stems

    return words(clause) or words(low)  # "..., it's free": the object is in the rest of the sentence


def promise_backed(term: str, sentence: str, passages: Sequence[str]) -> bool:
    """A passage sentence offers the same thing: it names the term's concept ("free", "at no cost") and what
    the sentence offers it for (most of the clause's object words), or most of the whole sentence.

    "We will also refund your shipping costs" is not backed by "Items can be returned for a full refund": the
    word "refund" alone does not make every refund policy. "The exchange is free" is backed by "Exchanges are
    free: we do not charge return shipping".
    """
    concept = _concept(term)
    obj = offer_object(term, sentence)
    # numbers and identifiers are the customer's own details (checked as claims elsewhere), not the offer
    words = {stem(w) for w in content_words(sentence) if not any(ch.isdigit() for ch in w)}
    term_stems = {stem(w) for w in re.findall(r"[A-Za-z]+", term)}
    for passage in passages:
        for ps in with_list_readings(passage):  # an offer made in a list item is made by its lead-in
            if not concept.search(ps):
                continue
            vocab = {stem(w) for w in re.findall(r"[A-Za-z0-9]+", ps)}
            if obj and len(obj & {_root(w) for w in vocab}) / len(obj) >= OBJECT_SHARE:
                return True
            if words and term_stems <= vocab and len(words & vocab) / len(words) >= 0.6:
                return True
    return False


def unbacked_offer(sentence: str, passages: Sequence[str]) -> str | None:
    """The promise term of a first-person offer no passage backs ("I've added free Express shipping"), else None."""
    if not COMMITMENT.search(sentence.replace("’", "'")):
        return None
    return next((m.group(0) for m in PROMISE.finditer(sentence) if not promise_backed(m.group(0), sentence, passages)),
                None)
