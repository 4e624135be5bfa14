"""Empathy of a reply in the spirit of EPITOME (Sharma et al. 2020) plus specificity.

Three communication mechanisms are detected per sentence with the shipped cue lexicon
(``evaluation/lexicons/empathy.yaml``): *emotional reaction* ("I'm so sorry", "that must be stressful"),
*interpretation* ("it sounds like", "I understand that you ...") and *exploration* (questions that invite
the customer to say more). On top, *specificity*: an acknowledgement only counts fully when it names the
customer's own problem (content words shared with the message), so boilerplate such as "we apologize for
any inconvenience" or "we value your business" earns nothing and costs a little.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.grounding.sentences import split_sentences
from evaluation.metrics.lexicons import content_stems, load_lexicon, normalise

_WEIGHTS = {"reaction": 0.30, "interpretation": 0.20, "exploration": 0.15, "specificity": 0.35}
_BOILERPLATE_COST = 0.12
_SHARED_WORDS_FOR_FULL_CREDIT = 3
_SECOND_PERSON = re.compile(r"\b(you|your|you're|you've)\b")
_CITED = re.compile(r"\[\d+\]")


@lru_cache(maxsize=1)
def _cues() -> dict[str, re.Pattern[str]]:
    """One regex per cue kind, its cues as alternatives: one scan of a sentence per kind, not one per cue."""
    lex = load_lexicon("empathy")
    return {k: re.compile("|".join(f"(?:{p})" for p in v), re.IGNORECASE) for k, v in lex.items()}


@dataclass
class EmpathyResult:
    score: float
    reaction: float
    interpretation: float
    exploration: float
    specificity: float
    boilerplate: list[str] = field(default_factory=list)
    acknowledgements: list[str] = field(default_factory=list)


def empathy(reply: str, message: str) -> EmpathyResult:
    """Empathy in [0, 1] of ``reply`` to the customer's ``message`` (see the module docstring)."""
    cues = _cues()
    message_stems = content_stems(message)
    reaction = interpretation = exploration = 0.0
    boilerplate: list[str] = []
    acknowledgements: list[str] = []
    for index, sentence in enumerate(split_sentences(reply)):
        norm = normalise(sentence)
        if cues["boilerplate"].search(norm):
            boilerplate.append(sentence)
            continue
        is_reaction = bool(cues["emotional_reaction"].search(norm))
        is_interpretation = bool(cues["interpretation"].search(norm))
        shared = len(content_stems(sentence) & message_stems)
        if not (is_reaction or is_interpretation) and index <= 1 and shared >= 2 and _SECOND_PERSON.search(norm) \
                and not _CITED.search(sentence):
            # An opening that restates the customer's own problem is an interpretation without a stock phrase; a
            # cited sentence states a source's policy (it shares the question's words because it answers it).
            is_interpretation = True
        if cues["exploration"].search(norm) and "?" in sentence or re.search(r"\blet (me|us) know\b", norm):
            exploration = 1.0
        if is_reaction or is_interpretation:
            acknowledgements.append(sentence)
            reaction = max(reaction, 1.0 if is_reaction else 0.0)
            interpretation = max(interpretation, 1.0 if is_interpretation else 0.0)
    specificity = 0.0
    if acknowledgements and message_stems:
        shared_all = set().union(*(content_stems(s) for s in acknowledgements)) & message_stems
        specificity = min(1.0, len(shared_all) / _SHARED_WORDS_FOR_FULL_CREDIT)
    score = (
        _WEIGHTS["reaction"] * reaction
        + _WEIGHTS["interpretation"] * interpretation
        + _WEIGHTS["exploration"] * exploration
        + _WEIGHTS["specificity"] * specificity
        - _BOILERPLATE_COST * min(len(boilerplate), 3)
    )
    return EmpathyResult(
        score=round(min(1.0, max(0.0, score)), 6),
        reaction=reaction,
        interpretation=interpretation,
        exploration=exploration,
        specificity=round(specificity, 6),
        boilerplate=boilerplate,
        acknowledgements=acknowledgements,
    )
