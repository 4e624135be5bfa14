"""What the sources offer once a customer's window has closed: the options that apply after it.

A reply that tells the customer their window has closed should go on to what they can still do, when the
policy says it: "After the first hour ... you have two options: refuse the delivery, or return the items";
"Faulty products that stop working later are handled under our warranty instead". Such a sentence is read from
the window's own document: a section whose heading is about the time after ("After the first hour", "Defects
after the first 7 days"), or a sentence of the window's passage that says what applies later or instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from assistant.customer_facts import AFTER_HEADING
from assistant.types import Passage
from models.generators.composer_policy import PolicySentence

# a sentence about what applies later: "Faulty products that stop working later are handled under our warranty instead"
# (a time word, not "instead" alone: "Please place a second order instead" is about another request)
_AFTER_SENTENCE = re.compile(r"\b(?:later|afterwards|after that|after this|from then on|after the (?:first|initial) \w+)"
                             r"\b", re.I)
# what the customer can still do: an instruction, or an option the sentence offers them
_OPTION = re.compile(r"\byou (?:can|may|could)\b|\boptions?\b|\binstead\b|\b(?:covered|handled) (?:by|under)\b|"
                     r"\bis still open\b", re.I)
# the closed rule said again ("can no longer be changed"), which the reply has already said for the customer
_RESTATES_CLOSED = re.compile(r"\b(?:no longer|cannot|can't|can not|not (?:possible|allowed|able)|do(?:es)? not allow)\b",
                              re.I)

MAX_OPTIONS = 2
# an option said as an instruction ("Refuse the delivery when the carrier arrives."): read as what they can still do
_IMPERATIVE = re.compile(r"^(?:(?:return|refuse|send|contact|call|choose|select|use|go|start|report|ask|request|bring|"
                         r"write|e-?mail|visit|place|order|reorder|claim|sell|exchange)\b|"
                         # a verb and its object: "Transfer the booking", "Swap it" (not "If the...", "All the...")
                         r"(?!(?:if|when|once|for|in|at|on|after|before|with|all|any|each|some|most|no|only|our|your|see|"
                         r"read|"
                         r"the|this|that|these|those|it|we|you|they)\b)[A-Za-z]+(?<!ly)(?<!ing)(?<!ed)(?<!s) "
                         r"(?:the|a|an|your|it|them|us|this|that|these|those|any|all|our|my)\b)", re.I)


def as_options(sentences: Sequence[str]) -> str | None:
    """Two or more instructions from one passage as one sentence of what the customer can still do ("You can still
    refuse the delivery when the carrier arrives, or return the items after delivery."); None when they are not all
    instructions."""
    if len(sentences) < 2 or not all(_IMPERATIVE.match(s) for s in sentences):
        return None
    parts = [s.rstrip(". ") for s in sentences]
    parts = [p[0].lower() + p[1:] for p in parts]
    return "You can still " + ", ".join(parts[:-1]) + ", or " + parts[-1] + "."


def _shared_lead(first: str, second: str) -> int:
    """How many leading words two list items rendered with their lead-in share (0 when fewer than five)."""
    a, b = first.split(), second.split()
    n = 0
    while n < min(len(a), len(b)) - 1 and a[n] == b[n]:
        n += 1
    return n if n >= 5 else 0


def _merged(options: list[PolicySentence], passage_text: dict[int, str]) -> list[PolicySentence]:
    """List items said with the same lead-in ("it is covered by the return window ...", "it is covered by after that,
    the warranty") as the one sentence the list is: "it is covered by the return window ..., and after that, the
    warranty ..." ("or" where the source's item ends with it)."""
    def item(option: PolicySentence, other: PolicySentence) -> str:
        return " ".join(option.text.rstrip(". ").split()[_shared_lead(option.text, other.text):])

    # an item the whole list, said as one sentence by the source reading, already holds
    options = [o for o in options if not any(
        other is not o and len(other.text) > len(o.text) and _shared_lead(o.text, other.text)
        and item(o, other) in other.text for other in options)]
    out: list[PolicySentence] = []
    for option in options:
        last = out[-1] if out else None
        n = _shared_lead(last.text, option.text) if last is not None and last.marker == option.marker else 0
        if last is None or not n:
            out.append(option)
            continue
        head = last.text.rstrip(". ")
        tail = " ".join(option.text.split()[n:])
        first_item = " ".join(head.split()[n:])
        joiner = "or" if re.search(re.escape(first_item[-30:]) + r"\W*\s*or\b", passage_text.get(option.marker, "")) \
            else "and"
        out[-1] = PolicySentence(last.marker, last.position, f"{head}, {joiner} {tail}", last.score, last.vec)
    return out


def after_window(rows: Sequence[tuple[Passage, list[str], NDArray[np.float32]]], window: tuple[int, int],
                 spoken: set[tuple[int, int]], limit: int = MAX_OPTIONS) -> list[PolicySentence]:
    """Up to ``limit`` sentences of the window's document saying what the customer can do after it closed (see
    the module docstring): a section about the time after first, in its reading order; else a sentence of the
    window's own passage about what applies later or instead. ``window``: the (marker, position) of the window
    sentence; ``spoken``: sentences the reply already says."""
    marker, _ = window
    home = next((p for p, _, _ in rows if p.marker == marker), None)
    if home is None:
        return []
    out: list[PolicySentence] = []
    for passage, sentences, vecs in rows:
        if passage.doc_id != home.doc_id or passage.audience != "public" or passage.marker == marker:
            continue
        if not AFTER_HEADING.search(passage.section or ""):
            continue
        for i, sentence in enumerate(sentences):
            if (passage.marker, i) in spoken or _RESTATES_CLOSED.search(sentence) or not (
                    _OPTION.search(sentence) or _IMPERATIVE.match(sentence)):
                continue
            out.append(PolicySentence(passage.marker, i, sentence, 0.0, vecs[i]))
        if out:
            return _merged(out, {passage.marker: passage.text})[:limit]
    for passage, sentences, vecs in rows:
        if passage.marker != marker:
            continue
        for i, sentence in enumerate(sentences):
            if (passage.marker, i) in spoken or i == window[1] or _RESTATES_CLOSED.search(sentence):
                continue
            if _AFTER_SENTENCE.search(sentence) and (_OPTION.search(sentence) or _IMPERATIVE.match(sentence)):
                out.append(PolicySentence(passage.marker, i, sentence, 0.0, vecs[i]))
    return out[:limit]
