"""Phrase matching on word boundaries: banning "fortunate" must not block "Unfortunately".

Used wherever a list of phrases is looked for in text (a brand voice's banned phrases in the composer, the
verifier and the tone metrics), so a phrase matches the same way everywhere: case-insensitive, typographic
apostrophes and dashes made plain, whitespace inside the phrase flexible, never inside a longer word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache


def normalise(text: str) -> str:
    """Lower-case with typographic apostrophes and dashes made plain."""
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2014", " - ").replace("\u2013", " - ").lower()


@lru_cache(maxsize=1024)
def phrase_regex(phrase: str) -> re.Pattern[str] | None:
    """A regex for ``phrase`` as whole words in normalised text; None for an empty phrase."""
    words = normalise(phrase).split()
    if not words:
        return None
    body = r"\s+".join(re.escape(w) for w in words)
    # (?<!\w) / (?!\w) only where the phrase itself starts/ends with a word character: "!!" can follow anything
    head = r"(?<!\w)" if re.match(r"\w", words[0]) else ""
    tail = r"(?!\w)" if re.search(r"\w$", words[-1]) else ""
    return re.compile(head + body + tail)


def find_phrases(text: str, phrases: Iterable[str]) -> list[str]:
    """The phrases (as given, each once, in the given order) that ``text`` contains as whole words."""
    norm = normalise(text)
    found = []
    for phrase in dict.fromkeys(phrases):
        pattern = phrase_regex(phrase) if phrase else None
        if pattern is not None and pattern.search(norm):
            found.append(phrase)
    return found


def contains_phrase(text: str, phrases: Iterable[str]) -> bool:
    """Does ``text`` contain any of ``phrases`` as whole words?"""
    return bool(find_phrases(text, phrases))
