"""Accuracy metrics for any reply: groundedness, unsupported claims, citations, fact coverage, contradiction,
and behaviour (answer / clarify / escalate).

Pure, deterministic functions built on the grounding package (``assistant.grounding``) that the verifier uses,
so a reply is judged the same way when it is drafted and when it is scored.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from assistant.grounding import citations
from assistant.grounding.claims import claim_supported, claims_match, extract_claims
from assistant.grounding.kinds import classify_sentence, strip_markers
from assistant.grounding.words import content_words, stem
from assistant.grounding.sentences import split_sentences
from assistant.protocols import SentenceSupport
from assistant.types import CustomerProfile, Passage
from assistant.verification import profile_text, support_threshold

Behaviour = Literal["answer", "clarify", "escalate"]
Fact = str | Mapping[str, Any]

SOFT_MIN_K = 10.0


def _texts(passages: Sequence[str | Passage]) -> list[str]:
    return [p.text if isinstance(p, Passage) else str(p) for p in passages]


# Meaning overlap (``SupportDetail.overlap``) a reply needs to state a fact, with token embeddings; without them
# overlap is the support score and the vector threshold applies.
OVERLAP_THRESHOLD = 0.45


def _overlap_threshold(scorer: SentenceSupport) -> float:
    return OVERLAP_THRESHOLD if scorer.uses_token_embeddings else support_threshold(scorer)


def _profile_source(profile: CustomerProfile | Mapping[str, Any] | str | None) -> list[str]:
    if profile is None:
        return []
    if isinstance(profile, str):
        return [profile]
    if isinstance(profile, CustomerProfile):
        return [profile_text(profile)]
    try:
        return [profile_text(CustomerProfile.model_validate(profile))]
    except ValueError:
        return [json.dumps(profile, default=str)]


def factual_sentences(reply: str) -> list[str]:
    """The reply's sentences that state facts (greetings, thanks, sign-offs and questions are left out)."""
    return [strip_markers(s) for s in split_sentences(reply) if classify_sentence(s) == "factual"]


_COURTESY = ("greeting", "closing", "acknowledgement")


def substantive_text(reply: str) -> str:
    """The reply without its opening salutation and closing sign-off lines, when anything else remains."""
    sentences = [strip_markers(s) for s in split_sentences(reply)]
    sentences = [s for s in sentences if s.strip()]
    while len(sentences) > 1 and classify_sentence(sentences[0]) == "greeting":
        sentences = sentences[1:]
    while len(sentences) > 1 and classify_sentence(sentences[-1]) == "closing":
        sentences = sentences[:-1]
    return " ".join(sentences)


def groundedness(reply: str, passages: Sequence[str | Passage], scorer: SentenceSupport) -> dict[str, Any]:
    """Support of each factual sentence, the share supported, and a reply-level score in [0, 1].

    The reply-level score is a soft minimum of the factual sentences' scores (``-log(mean(exp(-k*s)))/k``,
    k=10): one invented sentence in an otherwise faithful answer must cost more than its share of the sentences.
    A reply with no sentence that looks factual is read as one text (salutation and sign-off left out), so
    chit-chat is not grounded by default: giving such replies 1.0 ranked generic responses above supported ones
    (BEGIN dev, 80 rows per split: AUC 0.61 on CMU-DoG, 0.73 on Topical-Chat). A reply of courtesy alone
    (greetings, thanks, acknowledgements, sign-offs) scores 0.5: nothing to check, no evidence either way.
    """
    sentences = factual_sentences(reply)
    texts = _texts(passages)
    if not sentences:
        # no sentence looks factual: read what the reply does say as one text, so chit-chat is not grounded
        # by default; courtesy alone (greetings, thanks, acknowledgements, sign-offs) has nothing to check
        if all(classify_sentence(s) in _COURTESY for s in split_sentences(reply)):
            return {"sentence_scores": [], "supported_share": 1.0, "score": 0.5}
        whole = scorer.score_sentences([substantive_text(reply)], texts)[0]
        return {"sentence_scores": [], "supported_share": 1.0, "score": round(whole, 6)}
    scores = scorer.score_sentences(sentences, texts)
    threshold = support_threshold(scorer)
    return {
        "sentence_scores": [round(s, 6) for s in scores],
        "supported_share": sum(s >= threshold for s in scores) / len(scores),
        "score": round(soft_min(scores), 6),
    }


def soft_min(scores: Sequence[float], k: float = SOFT_MIN_K) -> float:
    """Between the minimum and the mean, close to the minimum: ``-log(mean(exp(-k*s)))/k``."""
    low = min(scores)
    # shifted by the minimum for numerical safety; exact same value
    value = low - math.log(sum(math.exp(-k * (s - low)) for s in scores) / len(scores)) / k
    return min(max(value, 0.0), 1.0)


def unsupported_claims(reply: str, passages: Sequence[str | Passage],
                       profile: CustomerProfile | Mapping[str, Any] | str | None = None) -> list[str]:
    """Numbers, amounts, dates, durations, URLs, e-mails and phones in the reply that no passage or profile states."""
    sources = _texts(passages) + _profile_source(profile)
    text = strip_markers(reply)
    return [c.text for c in extract_claims(text) if not claim_supported(c, sources)]


def citation_precision_recall(reply: str, passages: Sequence[str | Passage], gold_markers: Sequence[int] | None = None,
                              scorer: SentenceSupport | None = None) -> dict[str, float]:
    """Precision: share of [n] citations that point to a passage backing their sentence.

    Recall: share of the gold markers cited (when given), else share of factual sentences carrying a valid
    citation. Passages are numbered from 1 in the given order, unless they are ``Passage``s with markers.
    """
    by_marker = {(p.marker if isinstance(p, Passage) else i): t
                 for i, (p, t) in enumerate(zip(passages, _texts(passages)), start=1)}
    cited: list[tuple[int, str]] = []
    factual = 0
    factual_cited = 0
    for sentence in split_sentences(reply):
        markers = citations.markers(sentence)
        bare = strip_markers(sentence)
        if classify_sentence(sentence) == "factual":
            factual += 1
            factual_cited += any(m in by_marker for m in markers)
        cited += [(m, bare) for m in markers]
    good = 0
    for marker, bare in cited:
        source = by_marker.get(marker)
        if source is not None and _backs(bare, source, scorer):
            good += 1
    precision = good / len(cited) if cited else 1.0
    if gold_markers is not None:
        gold = set(gold_markers)
        recall = len(gold & {m for m, _ in cited}) / len(gold) if gold else 1.0
    else:
        recall = factual_cited / factual if factual else 1.0
    return {"precision": precision, "recall": recall, "cited": float(len(cited))}


def _backs(sentence: str, source: str, scorer: SentenceSupport | None) -> bool:
    claims = extract_claims(sentence)
    if any(not claim_supported(c, [source]) for c in claims):
        return False
    if scorer is not None:
        return scorer.score(sentence, [source]) >= support_threshold(scorer)
    words = content_words(sentence)
    vocab = {stem(w) for w in re.findall(r"[A-Za-z0-9]+", source)}
    return not words or sum(stem(w) in vocab for w in words) / len(words) >= 0.5


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower()).strip()


def fact_present(reply: str, fact: Fact, scorer: SentenceSupport | None = None, threshold: float | None = None) -> bool:
    """Does the reply state ``fact``: a string (text match, numbers normalised), ``{"pattern": regex}`` or ``{"meaning": text}``."""
    if isinstance(fact, Mapping):
        if "pattern" in fact:
            return re.search(str(fact["pattern"]), reply, re.I) is not None
        if "meaning" in fact:
            text = str(fact["meaning"])
            if scorer is None:
                return _text_match(reply, text)
            limit = float(fact.get("threshold", threshold if threshold is not None else _overlap_threshold(scorer)))
            # The fact must be expressed by the reply (the reply plays the role of the passages). Meaning overlap,
            # not the support probability: a reply restating a fact in its own words is the norm here.
            return scorer.details([text], [strip_markers(reply)])[0].overlap >= limit
        if "text" in fact:
            return _text_match(reply, str(fact["text"]))
        raise ValueError(f"a fact must be a string or have 'pattern', 'meaning' or 'text': {dict(fact)!r}")
    return _text_match(reply, str(fact))


def _text_match(reply: str, fact: str) -> bool:
    if _norm(fact) in _norm(reply):
        return True
    claims = extract_claims(fact)
    if not claims:
        return False
    reply_claims = extract_claims(reply)
    if not all(any(claims_match(c, r) for r in reply_claims) for c in claims):
        return False
    # the numbers agree; the words around them must be there too ("30 days" alone is not "refund within 30 days")
    rest = fact
    for c in sorted(claims, key=lambda c: -c.span[0]):
        rest = rest[: c.span[0]] + " " + rest[c.span[1]:]
    words = [stem(w) for w in content_words(rest)]
    vocab = {stem(w) for w in re.findall(r"[A-Za-z0-9]+", reply)}
    return not words or sum(w in vocab for w in words) / len(words) >= 0.6


def fact_coverage(reply: str, facts: Sequence[Fact], scorer: SentenceSupport | None = None) -> dict[str, Any]:
    """Which expected facts the reply states; ``score`` is the share (1.0 when no facts are expected)."""
    covered = [fact_present(reply, f, scorer) for f in facts]
    return {
        "covered": covered,
        "missing": [f for f, ok in zip(facts, covered) if not ok],
        "score": sum(covered) / len(covered) if covered else 1.0,
    }


_COMPARABLE = ("duration", "amount", "percentage")


def contradicts(reply: str, facts: Sequence[Fact]) -> list[str]:
    """Expected facts whose number appears in the reply with a different value for the same unit.

    "Returns within 30 days" is contradicted by a reply saying "60 days" (and not saying 30 days).
    """
    reply_claims = extract_claims(strip_markers(reply))
    found: list[str] = []
    for fact in facts:
        text = fact if isinstance(fact, str) else str(fact.get("text") or fact.get("meaning") or "")
        for claim in extract_claims(text):
            if claim.kind not in _COMPARABLE:
                continue
            same_unit = [r for r in reply_claims if r.kind == claim.kind and r.unit == claim.unit]
            if same_unit and not any(claims_match(claim, r) or claims_match(r, claim) for r in same_unit):
                found.append(f"expected '{claim.text}' but the reply says '{same_unit[0].text}'")
    return found


_CLARIFY = re.compile(
    r"\b(?:could|can|would) you (?:please )?(?:tell|share|confirm|let me know|send|provide|clarify|give|check|describe|explain)"
    r"|\b(?:which|what|when|where|who|how many|how much) (?:\w+ ){0,6}(?:is|are|was|were|did|do|does|would|should|you)\b[^.!]*\?"
    r"|\bdo you (?:have|mean|know|remember)\b[^.!]*\?|\b(?:are|were|is|was|did) (?:you|it|this|that|the)\b[^.!]*\?"
    r"|\bplease (?:tell|share|send|confirm|provide|let me know)\b|\bto help (?:me|us) (?:find|look|check|narrow)|"
    r"\bcould you\b[^.!]*\?",
    re.I,
)
_NOT_CLARIFY = re.compile(r"\banything else\b|\bany other questions?\b|\bhelp with anything\b|\bis there more\b", re.I)
_ESCALATE = re.compile(
    r"\b(?:i|we)(?:'ll| will| am going to|'m going to)? (?:need to )?(?:check|look into|find out|confirm|verify|investigate)\b"
    r"|\blet me (?:check|look into|find out|confirm|verify)\b|\b(?:get|come) back to you\b"
    r"|\b(?:pass|passing|forward|forwarding|escalat\w*|hand(?:ing)? (?:this|it) (?:over|to))\b"
    r"|\b(?:a|our) (?:specialist|colleague|team member|supervisor|manager|agent|team) (?:will|can|'ll)\b"
    r"|\b(?:i|we) (?:don't|do not|can't|cannot|can not|couldn't|could not|neither) "
    r"(?:have|find|see|confirm|answer|say|tell|know|help|advise|explain|provide|give)\b"
    r"|\b(?:i'm|i am|we're|we are) (?:not sure|unable to|not able to)\b|\bthere is no (?:information|mention)\b"
    r"|\bnot (?:provided|specified|stated) in\b"
    r"|\b(?:isn't|is not|aren't|are not|not) (?:covered|mentioned|included|available) in\b|\bno information (?:about|on)\b"
    r"|\b(?:the )?(?:sources?|documents?|information|passages?) (?:i have |provided |available )?(?:do(?:es)? not|don't|doesn't) (?:cover|mention|say|include|contain)",
    re.I,
)


def behaviour(reply: str) -> Behaviour:
    """What the reply does: asks the customer a clarifying question, hands over / says it will check, or answers."""
    sentences = split_sentences(reply.replace("’", "'"))
    for s in sentences:
        if "?" in s and not _NOT_CLARIFY.search(s) and _CLARIFY.search(s):
            return "clarify"
    escalates = any(_ESCALATE.search(s) for s in sentences)
    if escalates:
        strong = any(re.search(r"\b(?:don't|do not|can't|cannot|can not|couldn't|could not|not|neither) (?:have|find|see|"
                               r"confirm|answer|covered|mention|know|sure|able|provided|specified|contain|help|advise|"
                               r"explain)|\bunable to\b|\bno (?:information|mention)\b", s, re.I)
                     for s in sentences)
        factual = [s for s in sentences if classify_sentence(s) == "factual" and not _ESCALATE.search(s)]
        if strong or len(factual) <= 1:
            return "escalate"
    return "answer"


def behaviour_correct(expected: str | Sequence[str], reply: str) -> bool:
    """``expected`` is one behaviour, several separated by '|', or a list of acceptable ones."""
    allowed = {e.strip() for e in expected.split("|")} if isinstance(expected, str) else {e.strip() for e in expected}
    unknown = allowed - {"answer", "clarify", "escalate"}
    if unknown:
        raise ValueError(f"unknown behaviour {sorted(unknown)}; use answer, clarify or escalate")
    return behaviour(reply) in allowed
