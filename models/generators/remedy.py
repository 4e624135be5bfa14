"""What we will do about a damaged or faulty thing, when the sources say it.

A customer reporting damage or a fault wants to know what happens for them: a replacement, a repair, a refund. The
answer selection often finds the rules around it (report it within 7 days, send a photo) and leaves out the sentence
that says what we then do ("you can choose a free replacement or a full refund"). Where none of the chosen sentences
says it, the one of the same passages that does is added, the closest to the message first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from assistant.types import Passage
from models.generators.composer_policy import PolicySentence

# the problems where something of theirs is damaged, broken, wrong or faulty
REMEDY_KINDS = frozenset({"damaged", "broke_in_use", "wrong_item", "not_working", "quality"})
# what we do about it, said as ours or as their choice: "we'll replace the device", "a free replacement", "your
# choice of a replacement or a full refund", "you can choose a full refund" (not "if a repair takes longer")
_REMEDY = re.compile(r"\bwe(?:'ll| will)?\s+(?:\w+\s+)?(?:replace|repair|refund|send you (?:a\s+)?(?:new|replacement))\b|"
                     r"\b(?:free|full)\s+(?:replacement|repair|refund)|\bchoice of (?:a\s+)?(?:replacement|repair|refund)|"
                     r"\byou can (?:choose|have|get) (?:a\s+)?(?:free\s+|full\s+)?(?:replacement|repair|refund)", re.I)
# a condition that excludes the remedy ("the warranty doesn't cover", "we don't replace"): not a promise
_REFUSED = re.compile(r"\b(?:don'?t|doesn'?t|do not|does not|won'?t|will not|cannot|can'?t|never|not covered|no longer)\b",
                      re.I)
# a heading over a list of what is not covered ("3. What is not covered", "Exclusions"): a sentence under it is a case
# the remedy is refused for
_EXCLUDED = re.compile(r"\b(?:not|isn'?t|aren'?t|never)\s+(?:\w+\s+)?covered\b|\bexclu\w*|\b(?:doesn'?t|does not|do not|"
                       r"don'?t)\s+cover\b", re.I)
_HEADING = re.compile(r"^\s*(?:#{1,6}\s+.+|\d+[.)]\s+[^.]{2,80}|[A-Z][^.!?]{2,70}:?)\s*$")
MIN_SIMILARITY = 0.2  # the remedy sentence must be about the message at least this much (cosine)


def remedy_sentence(rows: Sequence[tuple[Passage, list[str], NDArray[np.float32]]], query: NDArray[np.float32],
                    chosen: Sequence[PolicySentence]) -> PolicySentence | None:
    """The sentence of the chosen sentences' passages that says what we will do (see module docstring), or None
    where a chosen sentence says it already or no such sentence is close enough to the message."""
    if not chosen or any(_REMEDY.search(s.text) and not _REFUSED.search(s.text) for s in chosen):
        return None
    passages = {p.marker: p for p, _, _ in rows}
    if any(_under_exclusion(passages.get(s.marker), s.text) for s in chosen):
        return None  # the rule chosen says their case is not covered: a promise to repair it would contradict it
    # the chosen sentences' documents: "What we will do" is often a section of its own
    docs = {p.doc_id for p, _, _ in rows if p.marker in {s.marker for s in chosen}}
    best: tuple[float, PolicySentence] | None = None
    for passage, sentences, vecs in rows:
        if passage.doc_id not in docs or passage.audience != "public" or not sentences:
            continue
        sims = vecs @ query
        for i, text in enumerate(sentences):
            if not _REMEDY.search(text) or _REFUSED.search(text):
                continue
            # (a sentence naming two remedies, "a replacement or a full refund", says the choice whole)
            score = float(sims[i]) + 0.05 * (len(_REMEDY.findall(text)) > 1)
            if score >= MIN_SIMILARITY and (best is None or score > best[0]):
                best = (score, PolicySentence(passage.marker, i, text, round(float(sims[i]), 4), vecs[i]))
    return best[1] if best else None


def _under_exclusion(passage: Passage | None, sentence: str) -> bool:
    """Whether the sentence stands under a heading of what is not covered (the passage's section, or the last heading
    line before it in the passage's text)."""
    if passage is None:
        return False
    at = passage.text.find(sentence[:40])
    before = passage.text[:at] if at >= 0 else ""
    headings = [line for line in before.splitlines() if _HEADING.match(line)]
    last = headings[-1] if headings else passage.section
    return bool(_EXCLUDED.search(last or ""))
