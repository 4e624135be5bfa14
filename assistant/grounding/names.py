"""Names: capitalised words of a sentence that no source mentions (a product, place or person made up)."""

from __future__ import annotations

import re

from assistant.grounding.words import STOPWORDS, stem

_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\b")


def unknown_names(sentence: str, lower_text: str, vocab: set[str]) -> list[str]:
    """Capitalised words (not sentence-initial) that the passages never mention."""
    names = []
    for m in _NAME.finditer(sentence):
        if m.start() == 0 or sentence[: m.start()].rstrip().endswith((":", "-", "•", "*")):
            continue
        for word in m.group(0).split():
            if word.lower() in STOPWORDS or word.lower() in lower_text or stem(word) in vocab:
                continue
            names.append(word)
    return names
