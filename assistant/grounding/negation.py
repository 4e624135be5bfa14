"""Negation: does a sentence say the opposite of the passage sentence it restates?

A negation counts only where it denies a proposition: "not really", "no idea", "I don't know", "never heard of
it" speak of the speaker, "not only ... but also" and "no doubt" assert, and a bare "No," answering a question
negates nothing in the sentence. What a negation denies (its scope) ends at the clause: "not really, but the
band formed in 1994" denies nothing about the band.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from assistant.grounding.words import content_words, stem

_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nothing|neither|nor|cannot|can't|cant|won't|don't|doesn't|didn't|isn't|aren't|wasn't|"
    r"weren't|shouldn't|couldn't|wouldn't|mustn't|without|non-refundable|nonrefundable|unable|"
    # words that deny by their meaning: "forbidden from eating" says "may not eat"
    r"forbidden|prohibited|banned|barred|refuses?|refused|fails?|failed|lacks?|lacked|rather than|instead of)\b|n't\b",
    re.I,
)
_NEGATION_WORDS = {"not", "no", "never", "none", "nothing", "neither", "nor", "cannot", "without", "unable"}
# Right after a negation: it speaks of the speaker's knowledge or opinion ("not sure", "no idea", "don't know",
# "never heard"), softens ("not really", "not much"), or is an idiom that asserts ("not only", "no doubt").
_NOT_A_DENIAL = re.compile(
    r"\s*(?:(?:i|we|you)\s+)?(?:really|quite|exactly|sure|certain|idea|clue|"
    r"know|knew|think|thought|believe|remember|recall|recollect|heard|hear|aware|understand|realize|realise|"
    r"care|mind|matter|wonder|doubt|problem|worries|kidding|only|just|to mention|surprise|surprisingly|bad)\b"
    r"|\s*(?:a|an|the)\s+(?:fan|expert|big fan)\b",
    re.I,
)
# A clause ends at punctuation or a conjunction that starts a new proposition.
_CLAUSE_END = re.compile(r"[,;:!?()]|\.(?=\s+(?-i:[A-Z0-9])|\s*$)|\b(?:but|because|although|though|while|whereas|since|so|yet|however|and then)\b",
                         re.I)
_SCOPE_WORDS = 4
# "I can't provide an answer", "I do not have information on that": the speaker declining, not a fact denied.
# Only "I": "we do not provide refunds" is a company's rule.
_OR_BEFORE = re.compile(r"\b(?:or|and)\s*$", re.I)  # "little or no cost", "with or without": a range, not a denial
# "the $4.95 fee applies (not for members)": a bracketed exception narrows the rule around it, it denies nothing
_BRACKET_BEFORE = re.compile(r"\(\s*$")
_SPEAKER_BEFORE = re.compile(r"\bI(?:'m| am| do| did| can| could| will| would)?\s*$", re.I)
_SPEAKER_VERBS = re.compile(
    r"\s*(?:have|provide|give|find|see|answer|help|tell|say|comment|access|share|offer)\b", re.I)


@lru_cache(maxsize=8192)
def _denials(text: str) -> tuple[frozenset[str], ...]:
    """One scope per negation that denies something: the stems of the (up to four) content words after it,
    within its clause."""
    return tuple(scope for scope, _ in _denial_phrases(text))


@lru_cache(maxsize=8192)
def _denial_phrases(text: str) -> tuple[tuple[frozenset[str], str], ...]:
    """``_denials`` with, for each, the negation and the three words after it as written (lower case)."""
    text = text.replace("’", "'")
    scopes = []
    for m in _NEGATION.finditer(text):
        rest = text[m.end():]
        if _NOT_A_DENIAL.match(rest) or _OR_BEFORE.search(text[: m.start()]) or _BRACKET_BEFORE.search(text[: m.start()]) or (_SPEAKER_BEFORE.search(text[: m.start()]) and _SPEAKER_VERBS.match(rest)):
            continue
        end = _CLAUSE_END.search(rest)
        clause = rest[: end.start()] if end else rest
        words = [w for w in content_words(clause) if w.lower() not in _NEGATION_WORDS][:_SCOPE_WORDS]
        if words:
            phrase = " ".join([m.group(0), *re.findall(r"[\w'-]+", rest)[:3]]).lower()
            scopes.append((frozenset(stem(w) for w in words), phrase))
    return tuple(scopes)


def negated(text: str) -> bool:
    """The text denies something (see the module docstring for what does not count)."""
    return bool(_denials(text))


def negation_scopes(text: str) -> list[set[str]]:
    """Stems of the (up to four) content words each denial bears on, within its clause."""
    return [set(scope) for scope in _denials(text)]


def polarity_flipped(sentence: str, sims: np.ndarray, psents: list[str]) -> bool:
    """The sentence says the opposite of the passage sentence it restates ("covers" vs "does not cover").

    Embeddings barely see negation, so a flipped rule would otherwise look supported. Candidates are the
    passage sentences most similar to it, best first: the first one that agrees in polarity ends the search;
    one that disagrees counts only when the denied proposition is stated on the other side without the
    negation (at least half its scope's words appear there), so a negated side clause the reply simply left out
    ("never did fully pop") is no flip.
    """
    best = float(sims.max())
    if best < 0.5:
        return False
    # a negation quoted as the passages word it ("swimwear without its hygiene liner" from a list item) denies
    # nothing they do not deny themselves, whatever the lead-in sentence it was joined to says
    written = " ".join(" ".join(re.findall(r"[\w'-]+", p.replace("’", "'"))) for p in psents).lower()
    phrases = _denial_phrases(sentence)
    own = [scope for scope, phrase in phrases if phrase not in written]
    if phrases and not own:
        return False
    mine = bool(own)
    mine_words = {stem(w) for w in content_words(sentence)}
    for i in np.argsort(-sims, kind="stable"):
        if sims[i] < max(0.5, best - 0.15):
            break
        theirs = psents[i]
        if negated(theirs) == mine:
            return False
        other = {stem(w) for w in content_words(theirs)} if mine else mine_words
        # at least half the denied words, and two of them when there are two or more ("without control of the
        # ball" is not denied by a sentence that only mentions the ball)
        if any(len(scope & other) >= max(min(2, len(scope)), len(scope) / 2) for scope in (own if mine else _denials(theirs))):
            return True
    return False
