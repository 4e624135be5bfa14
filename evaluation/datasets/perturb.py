"""Unfaithful twins of supported sentences, for checking a support score where no human labels exist.

Each perturbation breaks the sentence's support in one known way: a changed number, a swapped name, a flipped
negation, a sentence taken from another task, or content from another task added to the sentence. Applied to
MTRAG-UN reference answers (written over their own passages), the original sentence is the positive and its
twins the negatives. Deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

KINDS = ("number", "name", "negation", "other_task", "added_content")

_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?(?![\w])")
_NAME = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z]{2,}\b")
_AUX = re.compile(r"\b(is|are|was|were|can|will|does|do|did|should|must|has|have|may|could|would)\b(?! not\b)")
_NEGATED = re.compile(r"\b(?:not|never)\s+|n't\b", re.I)


@dataclass(frozen=True)
class Example:
    sentence: str
    passages: tuple[str, ...]
    supported: bool
    kind: str  # "original" or one of KINDS
    group: str  # the task it came from


def change_number(sentence: str, rng: random.Random) -> str | None:
    numbers = list(_NUMBER.finditer(sentence))
    if not numbers:
        return None
    m = rng.choice(numbers)
    value = float(m.group(0).replace(",", ""))
    new = value * rng.choice((2, 3, 10)) + rng.randint(1, 9) if value < 1000 else value + rng.randint(1, 9) * 10
    text = str(int(new)) if new == int(new) else f"{new:.1f}"
    return sentence[: m.start()] + text + sentence[m.end():]


def swap_name(sentence: str, others: Sequence[str], rng: random.Random) -> str | None:
    names = list(_NAME.finditer(sentence))
    pool = [o for o in others if o.lower() not in sentence.lower()]
    if not names or not pool:
        return None
    m = rng.choice(names)
    return sentence[: m.start()] + rng.choice(pool) + sentence[m.end():]


def flip_negation(sentence: str) -> str | None:
    """Remove the first negation, or negate the first auxiliary verb; None when neither is there."""
    negation = _NEGATED.search(sentence)
    if negation:
        return (sentence[: negation.start()] + sentence[negation.end():]).replace("  ", " ")
    aux = _AUX.search(sentence)
    if not aux:
        return None
    return sentence[: aux.end()] + " not" + sentence[aux.end():]


def add_content(sentence: str, other: str) -> str:
    """``sentence``, then ``other`` as a second clause: most of it supported, the added part not."""
    head = sentence.rstrip().rstrip(".!;")
    tail = other.strip().rstrip(".!")
    tail = tail[:1].lower() + tail[1:] if tail[:2] != tail[:2].upper() else tail
    return f"{head}, and {tail}."


def perturbed_examples(tasks: Iterable[tuple[str, Sequence[str], Sequence[str]]], *, seed: int = 13,
                       per_task: int = 2) -> list[Example]:
    """Originals and one twin each from ``(group, passages, sentences)`` triples.

    Up to ``per_task`` sentences per task; each twin's kind rotates through ``KINDS``, skipping kinds that do not
    apply to the sentence (no number to change, no negation to flip).
    """
    rng = random.Random(seed)
    tasks = [(g, tuple(p), [s for s in ss if s.strip()]) for g, p, ss in tasks]
    tasks = [t for t in tasks if t[1] and t[2]]
    names = sorted({m.group(0) for _, _, ss in tasks for s in ss for m in _NAME.finditer(s)})
    out: list[Example] = []
    turn = 0
    for index, (group, passages, sentences) in enumerate(tasks):
        for sentence in sentences[:per_task]:
            out.append(Example(sentence, tuple(passages), True, "original", group))
            for attempt in range(len(KINDS)):
                kind = KINDS[(turn + attempt) % len(KINDS)]
                twin = _twin(kind, sentence, passages, tasks, index, names, rng)
                if twin and twin != sentence:
                    out.append(Example(twin, tuple(passages), False, kind, group))
                    break
            turn += 1
    return out


def _twin(kind: str, sentence: str, passages: Sequence[str], tasks: list, index: int, names: list[str],
          rng: random.Random) -> str | None:
    if kind == "number":
        return change_number(sentence, rng)
    if kind == "name":
        return swap_name(sentence, [n for n in names if n.lower() not in " ".join(passages).lower()], rng)
    if kind == "negation":
        return flip_negation(sentence)
    other = _other_sentence(tasks, index, passages, rng)
    if other is None:
        return None
    return other if kind == "other_task" else add_content(sentence, other)


def _other_sentence(tasks: list, index: int, passages: Sequence[str], rng: random.Random) -> str | None:
    """A sentence of another task's answer that does not come from this task's passages."""
    if len(tasks) < 2:
        return None
    for _ in range(10):
        j = rng.randrange(len(tasks))
        if j == index or set(tasks[j][1]) & set(passages):
            continue
        return rng.choice(tasks[j][2])
    return None
