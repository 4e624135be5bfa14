"""An exception whose case the customer states, said first, in place of the general rule it overrides.

"My dad died, I'm on the saver rate, do I lose the money?" is answered by the policy's exception for a death in
the family, not by the saver rate's "No refund" (``assistant.exceptions``). The exception sentence of a retrieved
passage (with the sentence completing it in the same list item, such as the evidence it asks for) leads the answer
to the ask it serves; the same document's sentences about the same thing (sharing words with what the exception
grants, or rows of its tables) are left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from assistant.exceptions import exception_case, leading_case, meets_case, met_exception
from assistant.grounding.words import content_words, family
from assistant.types import Passage
from models.generators.composer_policy import PolicySentence, clean_markdown

A = TypeVar("A")
# a sentence that leans on the one before it ("Before that, ...", "After that they are ...")
_REFERS_BACK = re.compile(r"^\W*(?:(?:before|after|until|apart from|other than|beyond) (?:that|this|then)|otherwise|"
                          r"however|in that case|instead|in this case)\b", re.I)
_NEGATIVE = re.compile(r"\b(?:not|no|non-|never|cannot|can't|won't)\b|\bnon-", re.I)

# words that tell nothing of what an exception grants
_PLAIN = {family(w) for w in ("we", "you", "your", "our", "give", "get", "any", "all", "can", "will", "including")}


def _same_item(text: str, first: str, second: str) -> bool:
    """Whether ``second`` follows ``first`` on the same line of the passage (one list item or paragraph line)."""
    for line in text.split("\n"):
        line = clean_markdown(line)
        at = line.find(first[:40])
        if at >= 0:
            return second[:40] in line[at:]
    return False


def _grants(sentence: str) -> set[str]:
    """The telling words of what the exception grants: its sentence without its case."""
    case = exception_case(sentence) or ""
    rest = sentence.replace(case, " ")
    return _families(rest) - _PLAIN


def _families(text: str) -> set[str]:
    """Word families ("refundable" and "refund" are one), with "non-refundable" read as its word."""
    return {family(w.lower().removeprefix("non-")) for w in content_words(text)}


def exceptions_first(answers: list[tuple[A, list[PolicySentence]]],
                     bank_rows: Sequence[tuple[Passage, list[str], NDArray[np.float32]]],
                     message: str, rows_said: set[tuple[int, int]] = frozenset()  # type: ignore[assignment]
                     ) -> tuple[list[tuple[A, list[PolicySentence]]], bool]:
    """``answers`` led by the exception the customer's case meets (see the module docstring); whether one was.
    ``rows_said``: (marker, position) of a table's row said for the customer (a general rule too)."""
    found: tuple[Passage, int, list[str], NDArray[np.float32]] | None = None
    doc_of = {p.marker: p.doc_id for p, _, _ in bank_rows}
    # an exception overrides a rule the reply was about to say: its document must be one the answers come from (an
    # injured passenger taken to hospital meets no cancellation exception when the ask is about the accident)
    answering = {doc_of.get(s.marker) for _, sents in answers for s in sents}
    for passage, sentences, vecs in bank_rows:
        if passage.audience != "public" or passage.doc_id not in answering:
            continue
        at = next((i for i, s in enumerate(sentences) if met_exception(s, passage.section, message)), None)
        if at is not None:
            found = (passage, at, sentences, vecs)
            break
    if found is None or not answers:
        return answers, False
    passage, at, sentences, vecs = found
    # a rule of the same passage that leads with the customer's case ("If your trainer leaves, you can ...") says it
    # more plainly than an exception at the end of another rule ("..., except when your trainer leaves")
    plainer = next((i for i, s in enumerate(sentences) if i != at and (case := leading_case(s)) is not None
                    and meets_case(case, message)), None)
    grants = _grants(sentences[at])
    if plainer is not None and leading_case(sentences[at]) is None:
        at = plainer
        grants |= _grants(sentences[at])
    lead = [at] + ([at + 1] if at + 1 < len(sentences) and _same_item(passage.text, sentences[at], sentences[at + 1])
                   else [])
    if at > 0 and _REFERS_BACK.match(sentences[at]):  # "Before that, ..." needs the sentence it refers to
        lead = [at - 1, *lead]
    table_rows = {i for i, s in enumerate(sentences) if re.match(r"^(?:When|For) [^,]+, ", s)}

    def overridden(s: PolicySentence, doc: str) -> bool:
        if doc != passage.doc_id or (s.marker == passage.marker and s.position in lead):
            return False
        words = _families(s.text)
        if (s.marker, s.position) in rows_said:
            return True
        # the general rule says the opposite of what the exception grants ("not refundable" beside "we refund")
        if _NEGATIVE.search(s.text) and words & grants:
            return True
        return len(words & grants) >= 2 or (s.marker == passage.marker and s.position in table_rows) or \
            s.text.startswith(("When ", "For ")) and len(words & grants) >= 1

    # the ask it serves: the first whose answer came from the exception's document, else the first
    home = next((k for k, (_, sents) in enumerate(answers) if any(doc_of.get(s.marker) == passage.doc_id for s in sents)),
                0)
    best = max((s.score for _, sents in answers for s in sents), default=0.0)
    out: list[tuple[A, list[PolicySentence]]] = []
    for k, (ask, sents) in enumerate(answers):
        kept = [s for s in sents if not overridden(s, doc_of.get(s.marker, "")) and not (
            s.marker == passage.marker and s.position in lead)]
        if k == home:
            kept = [PolicySentence(passage.marker, i, sentences[i], best, vecs[i]) for i in lead] + kept
        out.append((ask, kept))
    return out, True


__all__ = ["exceptions_first"]
