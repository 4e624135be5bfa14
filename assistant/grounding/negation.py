"""Negation: does a sentence say the opposite of the passage sentence it restates?"""

from __future__ import annotations

import re

import numpy as np

from assistant.grounding.words import content_words, stem

_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nothing|neither|nor|cannot|can't|cant|won't|don't|doesn't|didn't|isn't|aren't|wasn't|"
    r"weren't|shouldn't|couldn't|wouldn't|mustn't|without|non-refundable|nonrefundable|unable)\b|n't\b",
    re.I,
)
_NEGATION_WORDS = {"not", "no", "never", "none", "nothing", "neither", "nor", "cannot", "without", "unable"}


def negated(text: str) -> bool:
    return bool(_NEGATION.search(text.replace("’", "'")))


def polarity_flipped(sentence: str, sims: np.ndarray, psents: list[str]) -> bool:
    """The sentence says the opposite of the passage sentence it restates ("covers" vs "does not cover").

    Embeddings barely see negation, so a flipped rule would otherwise look supported. Candidates are the
    passage sentences most similar to it, best first: the first one that agrees in polarity ends the search;
    one that disagrees counts only when the negation bears on what both say (its scope's words appear on the
    other side), so a negated side clause the reply simply left out ("never did fully pop") is no flip.
    """
    best = float(sims.max())
    if best < 0.5:
        return False
    mine = negated(sentence)
    mine_words = {stem(w) for w in content_words(sentence)}
    for i in np.argsort(-sims, kind="stable"):
        if sims[i] < max(0.5, best - 0.15):
            break
        theirs = psents[i]
        if negated(theirs) == mine:
            return False
        negated_side = sentence if mine else theirs
        other = {stem(w) for w in content_words(theirs)} if mine else mine_words
        if any(scope and len(scope & other) / len(scope) >= 0.5 for scope in negation_scopes(negated_side)):
            return True
    return False


def negation_scopes(text: str) -> list[set[str]]:
    """Stems of the (up to four) content words after each negation."""
    text = text.replace("’", "'")
    scopes = []
    for m in _NEGATION.finditer(text):
        after = [w for w in content_words(text[m.end():]) if w.lower() not in _NEGATION_WORDS][:4]
        scopes.append({stem(w) for w in after})
    return scopes
