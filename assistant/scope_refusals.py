"""What the pages say the company does not do, against what the customer asks it to do.

A company's pages often say plainly what lies outside its business, with where to go instead:

    **Do you repair bikes bought elsewhere?**
    No. Our mechanics only service our own hire fleet. For a bike of your own, please contact an independent
    cycle workshop.

or in a sentence of a policy ("We do not take riders under 14; please ask the tourist office about walks").
When the customer asks for that very thing ("could you fix my own bike?"), the draft declines in the pages'
own words, cited, and passes on where to go; it does not quote prices of unrelated services or promise to check.

A refusal counts only when it speaks for the company (a question put to "you" answered "No", or "we do not ...")
and sends the customer elsewhere or says what the company does instead ("We only hire out bikes"); a "no" that
answers within the business ("Do you ship abroad? No. We deliver only within Portugal.") is an
answer, not a decline. It must be about what the customer asks: the ask shares a word with it that is not common
across the pages, and comes close in meaning or shares more; an age bound ("under 16") must fit the age they give.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.bands import stated_ages
from assistant.grounding.sentences import split_sentences
from assistant.grounding.words import terms
from assistant.types import Passage

# a question the pages put to the company ("Do you ...?", "Can your team ...?", "Can someone at Acme ...?")
_TO_US = re.compile(r"^(?i:do|does|can|could|will|would)\s+(?:(?i:you|your|someone at|anyone at)\b|[A-Z][a-z][\w&'’-]*\s)")
# a bold question, then its answer up to the next blank line or bold question
_FAQ = re.compile(r"\*\*(?P<q>[^*\n]{4,200}\?)\*\*\s*(?P<a>[^*]+?)(?=\n\s*\n|\*\*|\Z)", re.S)
_NO = re.compile(r"^No\b[.,!:;]?\s*")
# the company, opening the sentence, as the one who does not do it ("We do not take riders under 14; ...", "Our
# mechanics don't ..."): never a rule's case ("If we cannot find a slot, ...") or a thing ("It does not include ...")
_WE_NOT = re.compile(r"^(?:we|our (?:team|staff|shops?|workshops?|clinics?|branch(?:es)?))\s+"
                     r"(?:do not|don['’]t|does not|doesn['’]t|cannot|can['’]t|are not able to|never)\s+[a-z]+", re.I)
# ... or what it does instead, the whole of its business ("We only hire out bikes", "We sell kayaks and paddles only")
_ONLY = re.compile(r"\bwe only [a-z]+|\bwe(?:['’]re| are) (?:an? )?(?:[\w-]+ ){1,2}(?:specialists?|experts?)\b|\b(?:we|(?-i:[A-Z][a-z][\w&'’-]*))\s+(?:only\s+)?(?:do|does|provides?|offers?|sells?|"
                   r"rents?|fits?|makes?|repairs?|services?|runs?)\b[^.;]*\bonly\b", re.I)
# where to go instead ("please contact the maker", "ask your GP", "book ... directly with ...",
# "your doctor can refer you"): another party, never one of our own pages ("see *Group rates*")
_ELSEWHERE = re.compile(r"\bplease (?:contact|ask|book|go to|speak to|get in touch with|call)\b|\bdirectly with\b|"
                        r"\bcan refer you\b|\bfor a referral\b|\b(?:ask|contact) your\b|"
                        r"\bcheck (?:the )?(?:[\w-]+\s+){0,4}?(?:from|with) (?:the )?(?-i:[A-Z])|"
                        # "The cycling club's page at cover.example is the best place to ask"
                        r"\bis (?:a|the) (?:good|best|right) place to (?:start|look|ask|go)\b|"
                        r"\b(?:are|is) the (?:people|ones|place) to (?:ask|contact|talk to)\b", re.I)
# an age bound of the refusal ("under 16", "aged 16 and over")
_UNDER = re.compile(r"\bunder (?:the age of )?(\d{1,2})\b", re.I)
_OVER = re.compile(r"\baged (\d{1,2}) (?:and|or) (?:over|older)\b", re.I)
# a request put to us: a question or an ask to do something
_REQUEST = re.compile(r"\?|\b(?:could|can|would|will) (?:you|i|we)\b|\b(?:do|does) you\b|\bi(?:['’]d| would) like\b|"
                      r"\bplease\b", re.I)

_DOER = re.compile(r"\b(?:you|i|we)\s+(?:\w+ly\s+)?([a-z]+)", re.I)
SAME_MEANING = 0.55  # cosine at which a refusal's question reads as the customer's own question
# anything a refusal could be made of, searched before a passage is split into sentences
_ANY_REFUSAL = re.compile(r"\*\*[^*\n]{4,200}\?\*\*|\b(?:we|our \w+)\s+(?:do not|don['’]t|does not|doesn['’]t|cannot|"
                          r"can['’]t|are not able to|never)\b", re.I)
KEY_LETTERS = 6
COMMON_SHARE = 0.4  # a word on more than this share of the published documents says nothing about one subject
CLOSE_MEANING = 0.4  # cosine of an ask to a refusal's question or sentence that reads as asking for the same thing


@dataclass(frozen=True)
class Refusal:
    """A refusal of the pages that covers the customer's request: its passage and its sentences to say."""

    marker: int
    sentences: tuple[str, ...]
    question: str | None  # the page's own question, where it is a question-and-answer


def refusal_sentences(text: str) -> list[str]:
    """Every sentence of a page's text that is part of a refusal (see the module docstring)."""
    return [s for _, said in _candidates(text) for s in said]


def _candidates(text: str) -> list[tuple[str | None, list[str]]]:
    """The text's refusals: (its question or None, the sentences that refuse and redirect)."""
    found: list[tuple[str | None, list[str]]] = []
    if not _ANY_REFUSAL.search(text):
        return found  # (most passages refuse nothing: no sentence split on the drafting path for them)
    for m in _FAQ.finditer(text):
        question, answer = m.group("q").strip(), " ".join(m.group("a").split())
        if not _TO_US.match(question):
            continue
        said = split_sentences(_NO.sub("", answer, count=1))
        # ("No, we do not ...": the sentence starts again after the "No")
        said = [x[:1].upper() + x[1:] for x in said]
        if not said:
            continue
        # "No. We only ..." or "No. ... please contact ...", and "We do not give ... Check the forecast from ...":
        # a refusal that opens the answer and sends them elsewhere
        if _NO.match(answer) and (_ELSEWHERE.search(answer) or _ONLY.search(said[0])) or \
                _WE_NOT.search(said[0]) and _ELSEWHERE.search(answer):
            found.append((question, [s for s in said if s.strip()]))
    plain = _FAQ.sub(" ", text)
    sentences = split_sentences(" ".join(plain.split()))
    for i, s in enumerate(sentences):
        if not _WE_NOT.search(s):
            continue
        follow = sentences[i + 1] if i + 1 < len(sentences) else ""
        if _ELSEWHERE.search(s):
            found.append((None, [s]))
        elif _ELSEWHERE.search(follow):
            found.append((None, [s, follow]))
    return found


def _keys(text: str) -> set[str]:
    """The text's words as keys: stemmed, stopwords dropped, cut to a few letters (the light stemmer leaves
    "bicycles" as "bicycl" and "bicycle" whole)."""
    return {t[:KEY_LETTERS] for t in terms(text)}


# the words of an ask for a detail of whatever the message tells of: "what dates do you have?", "the price per person?"
_DETAIL = _keys("price cost costs person people date dates time times much many long available availability book "
                "booking pay fee charge total day days week weeks night nights per each one")


def _verbs(texts: Sequence[str]) -> set[str]:
    """The keys of what is asked to be done ("could you *book* us ...", "do you *sell* ..."): the word after the
    one who does it."""
    return {k for t in texts for m in _DOER.finditer(t) for k in _keys(m.group(1))}


def _common(documents: Sequence[str]) -> set[str]:
    """The words that are on a large share of the published documents."""
    if not documents:
        return set()
    counts: dict[str, int] = {}
    for d in documents:
        for t in _keys(d):
            counts[t] = counts.get(t, 0) + 1
    return {t for t, n in counts.items() if n > COMMON_SHARE * len(documents)}


def _age_fits(text: str, message: str) -> bool | None:
    """Whether the one age the customer gives falls inside the refusal's age bound; None where either has none."""
    ages = set(stated_ages(message))
    under, over = _UNDER.search(text), _OVER.search(text)
    if len(ages) != 1 or not (under or over):
        return None
    bound = under or over
    assert bound is not None
    return ages.pop() < int(bound.group(1))


def documented_refusal(asks: Sequence[str], message: str, passages: Sequence[Passage],
                       documents: Callable[[], Sequence[str]] = tuple,
                       meaning: Callable[[Sequence[str]], Sequence[float]] | None = None) -> Refusal | None:
    """The refusal of the public ``passages`` that covers what the customer asks of us, or None.

    ``asks``: the message's questions and requests; ``documents``: the published documents' texts (which words are
    common to them; read only where a passage refuses something); ``meaning``: for each text, its best cosine to the
    asks (None reads words only)."""
    requests = [a for a in asks if _REQUEST.search(a)]
    refusals = [(p, question, said) for p in passages if p.audience == "public" for question, said in _candidates(p.text)]
    if not requests or not refusals:
        return None
    common = _common(documents())
    asked = {t for a in requests for t in _keys(a)} - common
    verbs = _verbs(requests)
    everything = _keys(message)
    told = everything - common
    best: tuple[float, Refusal] | None = None
    for p, question, said in refusals:
        whole = " ".join([question or "", *said])
        fits = _age_fits(whole, message)
        if fits is False:
            continue  # their age is outside the bound: the refusal is not about them
        words = _keys(whole)
        # (the verb alone, "do you sell ...?" beside "Do you sell boats?", is no match: what it is done to must be)
        shared_ask, shared = words & asked - verbs - _verbs([question or ""]), words & told
        if not (words & everything or fits):
            continue
        # (how close the page's own question, or its refusal, reads to what they wrote; its redirect sentence names
        # other things, "courses", "your account", that any message may mention)
        close = meaning([question or said[0]])[0] if meaning else 0.0
        # a rare word of what they ask, or of what they tell ("we'd like a diving course for 4. What dates do you
        # have?"), beside a close meaning; two rare words of what they ask; their age in the bound; or a meaning
        # so close that a word common to the pages ("the avalanche danger this weekend") is enough
        if not (close >= CLOSE_MEANING and (shared_ask or shared) or len(shared_ask) >= 2 or fits or
                close >= SAME_MEANING and words & everything):
            continue
        score = close + 0.1 * len(shared) + (0.2 if fits else 0.0)
        if best is None or score > best[0]:
            best = (score, Refusal(p.marker, tuple(said), question))
    if best is None:
        return None
    refusal = best[1]
    # a message that also asks something else of ours, which another passage speaks to ("can you book us a taxi?
    # and when do you open?"), is answered, not declined
    covered = _keys(" ".join([refusal.question or "", *refusal.sentences]))
    others = [_keys(p.text) for p in passages if p.audience == "public" and p.marker != refusal.marker] \
        if len(requests) > 1 else []
    for a in requests if len(requests) > 1 else ():
        own = _keys(a)
        if own & covered or own <= _DETAIL:
            continue  # (an ask of a detail, "what's the price per person?", is of the thing they tell of)
        if any(len(own & keys) >= 2 for keys in others):
            return None
    return refusal


__all__ = ["Refusal", "documented_refusal", "refusal_sentences", "COMMON_SHARE", "CLOSE_MEANING"]
