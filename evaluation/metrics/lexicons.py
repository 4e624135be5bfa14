"""Loading the shipped lexicons (``evaluation/lexicons/``) and the small text helpers the tone metrics share."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from assistant.grounding.phrases import normalise
from assistant.grounding.words import STOPWORDS, stem

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicons"
WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


@lru_cache(maxsize=None)
def load_lexicon(name: str) -> dict[str, Any]:
    """The YAML lexicon ``evaluation/lexicons/<name>.yaml`` (read once per process)."""
    with open(LEXICON_DIR / f"{name}.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@lru_cache(maxsize=None)
def stopwords() -> frozenset[str]:
    """Grounding's stopwords plus the filler of a care conversation ("sorry", "know", "I'm"), which says nothing
    about the customer's problem (``evaluation/lexicons/filler.txt``)."""
    return STOPWORDS | frozenset((LEXICON_DIR / "filler.txt").read_text(encoding="utf-8").split())


def words(text: str) -> list[str]:
    return WORD.findall(normalise(text))


def phrase_pattern(phrases: list[str], *, at_start: bool = False) -> re.Pattern[str]:
    """One regex matching any of ``phrases`` as whole words (optionally only at the start of the text).

    An entry written ``re:...`` is a regular expression used as it is (for cues a word list cannot say).
    """
    ordered = sorted({p if p.startswith("re:") else p.lower() for p in phrases}, key=len, reverse=True)
    parts = []
    for phrase in ordered:
        if phrase.startswith("re:"):
            parts.append(phrase[3:])
            continue
        tail = r"(?![a-z0-9'])" if phrase[-1].isalnum() else ""
        parts.append(r"\s+".join(re.escape(w) for w in phrase.split()) + tail)
    body = "|".join(parts)
    if at_start:
        return re.compile(rf"^\W*(?:{body})")
    return re.compile(rf"(?<![a-z0-9'])(?:{body})")


def content_stems(text: str) -> set[str]:
    """Stems of the content words of ``text`` (stop words and one-letter tokens dropped)."""
    stop = stopwords()
    return {stem(w) for w in words(text) if w not in stop and len(w) > 2 and not w.isdigit()}
