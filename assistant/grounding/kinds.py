"""Which sentences of a reply are factual claims to check, and which are conversation.

Greetings, acknowledgements, sign-offs, questions back to the customer and "what happens next" sentences
state no fact about the company's policies: the verifier and the accuracy metrics leave them unchecked.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from assistant.grounding.citations import strip_citations
from assistant.grounding.claims import claim_supported, extract_claims
from assistant.grounding.promises import COMMITMENT, PROMISE
from assistant.grounding.words import content_words, stem

SentenceKind = Literal["factual", "greeting", "acknowledgement", "closing", "question", "process"]

_GREETING = re.compile(
    r"^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|greetings)\b(?:\s+(?:mr\.?|mrs\.?|ms\.?|dr\.?|there|team|again|"
    r"(?-i:[A-Z])[\w'’-]*)){0,3}\s*(?:[,!:.]\s*|$)",
    re.I,
)
_CLOSING = re.compile(
    r"^(?:(?:best|kind|warm|warmest)(?: regards| wishes)?|regards|sincerely|cheers|thanks(?: again| so much)?|"
    r"thank you(?: again| so much)?|many thanks|all the best|take care|talk soon|yours(?: truly| sincerely)?)"
    r"(?:[,.!]?\s*(?:(?-i:[A-Z])[\w'’.-]*\s*){0,6})?[,.!]?$"
    r"|^(?:(?:best|kind|warm|warmest)(?: regards| wishes)?|regards|sincerely|cheers|thanks(?: again)?|thank you(?: again)?|"
    r"many thanks|all the best|take care|yours(?: truly| sincerely)?)[,.!]?[ \t]*\n(?:[^\n.?!]{0,60}\n?){1,3}$"
    r"|^(?:have a (?:great|good|nice|lovely|wonderful)\b|(?:i )?hope (?:this|that) helps|"
    r"(?:please )?(?:let me|let us) know if|(?:please )?(?:feel free|don't hesitate|do not hesitate)|if you have any (?:other |more |further )?questions|"
    r"(?:just )?reply to this (?:e-?mail|message)|i'm here if|we're here if|happy to help)",
    re.I,
)
_ACK = re.compile(
    r"^(?:i'?m (?:so |really |very |truly )?sorry|i am (?:so |really |very )?sorry|i apologi[sz]e|we apologi[sz]e|(?:i|we) (?:completely |totally |really )?understand|"
    r"i can (?:see|imagine|understand)|i know (?:how|that|this|it'?s|you'?ve)|thank(?:s| you) (?:so much |very much )?for|i appreciate|we appreciate|"
    r"i'?m (?:glad|happy|so glad|delighted)|it'?s (?:great|wonderful|frustrating|understandable)|that (?:sounds|must)|what a|"
    r"i hear you|you'?re welcome|no worries)",
    re.I,
)
_PROCESS = re.compile(
    r"^(?:(?:i|we)(?:'ll| will| am going to|'m going to| have| 've|'ve| can| would)|our (?:team|specialists?|agents?)(?: will|'ll)|"
    r"an? (?:agent|specialist|colleague|team member)(?: will|'ll)|(?:once|as soon as|when) (?:i|we)|in the meantime|meanwhile|"
    r"(?:i|we)'?d (?:like|be happy|love)|(?:i|we) want to make sure|let me|here'?s what happens|next,|"
    r"i'?m (?:checking|looking|passing|forwarding|escalating|alerting|going)|"
    r"(?:if|once|when|as soon as) you (?:send|reply|share|tell|give|forward|let)\b[^.]*?,\s*(?:i|we)(?:'ll| will))\b",
    re.I,
)
_PROCESS_VERBS = re.compile(
    r"\b(?:check|look into|looking into|follow up|get back|update you|keep you|escalat\w*|pass(?:ed|ing)? (?:this|it|your)|forward\w*|"
    r"investigat\w*|review\w*|confirm\w*|reach out|contact you|be in touch|get in touch|alert\w*|look at|sort (?:this|it) out|take care of|help|"
    r"make sure|find out|let you know|come back to you|assist)\b",
    re.I,
)


# a gap said honestly: "I couldn't find anything in our information about whether ...; I'm checking it with the team"
_GAP = re.compile(r"^(?:i (?:couldn't|could not|can't|cannot) find\b|our information (?:doesn't|does not) (?:cover|answer)\b|"
                  r"what i found is related\b)", re.I)


# the reply's note that it is written in English, in English or in the customer's language ("Le respondo en inglés;
# ..."): what we are doing, no fact to check
_LANGUAGE_NOTE = re.compile(r"^(?:(?:i'?m|i am) (?:replying|answering)|(?:le |je vous |ich (?:\w+ )?|ik (?:\w+ )?)?"
                            r"(?:respondo|réponds|antworte|rispondo|antwoord))\b.{0,25}"
                            r"\b(?:English|inglés|anglais|Englisch|inglese|inglês|Engels)\b", re.I)
_MASKED = re.compile(r"••••\s?\d{0,4}|•••-••-\d{4}|[A-Z]{2}••••\w{0,4}")


def strip_markers(sentence: str) -> str:
    """The sentence without [n] markers and masked secrets (neither is a claim to check)."""
    return _MASKED.sub("", strip_citations(sentence)).strip()


_INTERJECTION = re.compile(
    r"^(?:certainly|absolutely|of course|sure(?: thing)?|great question|good question|yes|no|okay|ok|indeed|"
    r"you'?re (?:absolutely |quite )?(?:right|correct)|that'?s (?:right|correct)|good news|great news)\s*(?:[,!.:;—-]+\s*|$)",
    re.I,
)
# "I'm sorry, but returns close after 30 days": a fact after the apology; "I'm sorry that it shows as delivered but
# hasn't arrived" is still the customer's problem, said back
_BUT = re.compile(r"(?:,|[;—–]|\bsorry)\s*\b(?:but|however|although|though|unfortunately)\b|\s\b(?:however|unfortunately)\b",
                  re.I)


def strip_greeting(sentence: str) -> str:
    """'Hi Maria, your order shipped.' -> 'your order shipped.'; 'Certainly! Returns are free.' -> 'Returns are free.'

    The salutation or interjection is not a claim; what follows it may be."""
    m = _GREETING.match(sentence)
    if m:
        sentence = sentence[m.end():].strip()
    for _ in range(3):  # "Yes, you're right. ..." strips twice
        m = _INTERJECTION.match(sentence)
        if not m:
            break
        sentence = sentence[m.end():].strip()
    return sentence


def restates_customer(sentence: str, customer_text: str) -> bool:
    """Every promise word in this sentence is the customer's own subject ("I'm sorry your refund hasn't arrived"
    after "my refund hasn't arrived"), and the sentence commits to nothing."""
    if not customer_text or COMMITMENT.search(sentence.replace("’", "'")):
        return False
    said = {stem(w) for w in re.findall(r"[A-Za-z]+", customer_text)}
    terms = [m.group(0) for m in PROMISE.finditer(sentence)]
    return bool(terms) and all({stem(w) for w in re.findall(r"[A-Za-z]+", t)} <= said for t in terms)


@lru_cache(maxsize=16384)
def classify_sentence(sentence: str, customer_text: str = "") -> SentenceKind:
    """Which sentences are factual claims; the others are conversation, not facts to check.

    With ``customer_text``, an acknowledgement that restates the customer's own subject ("your refund hasn't
    arrived") stays an acknowledgement although it names a promise word."""
    s = strip_markers(sentence).strip().strip("*_ ").strip()
    if not s:
        return "greeting"
    s = strip_greeting(s)
    if not s:
        return "greeting"
    if s.endswith("?"):
        return "question"
    if _CLOSING.match(s):
        return "closing"
    promise_free = not PROMISE.search(s) or restates_customer(s, customer_text)
    claims = extract_claims(s)
    # the customer's own figures said back ("I'm sorry the £250 hold hasn't been released") are no claim of ours
    own_figures = bool(claims) and bool(customer_text) and all(claim_supported(c, [customer_text]) for c in claims)
    if _ACK.match(s) and promise_free and (not claims or own_figures) and not _BUT.search(s):
        return "acknowledgement"  # "I'm sorry, but returns close after 30 days" states a fact after the "but"
    if len(content_words(s)) <= 1 and len(s) < 40 and not extract_claims(s):
        return "closing"  # a bare name or "Thanks!" line
    if _PROCESS.match(s) and _PROCESS_VERBS.search(s) and not PROMISE.search(s) or _LANGUAGE_NOTE.search(s) and \
            not extract_claims(s):
        return "process"
    if _GAP.match(s) and _PROCESS_VERBS.search(s) and (not claims or own_figures):
        return "process"  # what the sources do not say, and that we find out: their own ask said back
    return "factual"
