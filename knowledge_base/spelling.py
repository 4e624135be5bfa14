"""Typo-robust search: a query word that is neither in the indexed documents nor an English word is read as the
nearest word of the documents ("retrun" -> "return", "warrenty" -> "warranty").

The vocabulary is the indexed chunks' own words (texts, titles and sections), so another company's product names and
terms are corrected towards as well as the sample's. A word any English dictionary knows ("sneakers") is never
changed, even when the documents do not use it: it is what the customer meant. The dictionary is the English
frequency list that ships with ``symspellpy``; the nearest-word search is ``rapidfuzz``'s Damerau-Levenshtein
distance (a swapped pair of letters is one edit).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

MIN_LENGTH = 4  # shorter words have too many neighbours one edit away ("ship", "shop", "slip")
LONG_WORD = 7  # from this length two edits are still one word ("cancelation", "recieveing")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
# a word that is not part of a code, address or link; a contraction ("shouldn't") is read whole and left alone
_QUERY_WORD = re.compile(r"(?<![\w@./'’-])[A-Za-z]+(?:['’][A-Za-z]+)?(?![\w@/'’-]|\.\w)")


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Every word of symspellpy's English frequency dictionary (82,765 words), lower case."""
    text = resources.files("symspellpy").joinpath("frequency_dictionary_en_82_765.txt").read_text(encoding="utf-8")
    return frozenset(line.split(" ", 1)[0] for line in text.splitlines() if line)


@lru_cache(maxsize=4)
def common_english_words(top: int = 300) -> frozenset[str]:
    """The ``top`` most frequent words of the same dictionary ("work", "time", "home"): words that name no subject
    of their own when said in passing."""
    text = resources.files("symspellpy").joinpath("frequency_dictionary_en_82_765.txt").read_text(encoding="utf-8")
    counted = (line.split(" ", 1) for line in text.splitlines() if " " in line)
    ranked = sorted(((w, int(c)) for w, c in counted if c.strip().isdigit()), key=lambda wc: -wc[1])
    return frozenset(w for w, _ in ranked[:top])


# shortenings customers type for words the documents spell out (used only where the documents use the long word)
SHORTHAND = {"xmas": "christmas", "tmrw": "tomorrow", "tmr": "tomorrow", "tomoz": "tomorrow", "2moro": "tomorrow",
             "wknd": "weekend", "appt": "appointment", "bday": "birthday", "acct": "account", "addr": "address",
             "deliv": "delivery", "qty": "quantity", "amt": "amount", "yr": "year", "yrs": "years", "mths": "months",
             "hrs": "hours", "mins": "minutes", "wks": "weeks"}


class Speller:
    """Corrects the words of a query towards a vocabulary (the indexed documents' words, with their counts)."""

    def __init__(self, counts: Counter[str]) -> None:
        self.counts = counts
        # candidates grouped by first letter: a typo rarely changes it, and the search stays small
        self._by_initial: dict[str, list[str]] = {}
        for word in sorted(counts):
            if len(word) >= MIN_LENGTH - 1:
                self._by_initial.setdefault(word[0], []).append(word)
        self._cache: dict[str, str | None] = {}

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Speller:
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(w.lower().replace("’", "'") for w in _WORD.findall(text))
        return cls(counts)

    def __contains__(self, word: str) -> bool:
        return word.lower() in self.counts

    def suggestion(self, word: str) -> str | None:
        """The vocabulary word a misspelt ``word`` stands for; None when it is known or nothing is close enough."""
        lower = word.lower()
        if lower in self._cache:
            return self._cache[lower]
        found: str | None = None
        if lower in SHORTHAND and lower not in self.counts and SHORTHAND[lower] in self.counts:
            found = SHORTHAND[lower]  # "xmas" for the documents' "Christmas", "tmrw" for "tomorrow"
        elif len(lower) >= MIN_LENGTH and lower not in self.counts and lower not in english_words():
            limit = 1 if len(lower) < LONG_WORD else 2
            matches = process.extract(lower, self._by_initial.get(lower[0], []), scorer=DamerauLevenshtein.distance,
                                      score_cutoff=limit, limit=None)
            if matches:
                # the closest word; among equally close ones, the one the documents use most
                found = min(matches, key=lambda m: (m[1], -self.counts[m[0]], m[0]))[0]
        if len(self._cache) < 4096:
            self._cache[lower] = found
        return found

    def correct(self, text: str) -> str:
        """``text`` with each misspelt word replaced by its vocabulary word (same capitalisation); a text whose
        words are all known comes back unchanged."""
        def fix(m: re.Match[str]) -> str:
            word = m.group(0)
            if "'" in word or "’" in word:
                return word
            if word[:1].isupper() and not word.isupper() and re.search(r"[a-z0-9,;]\s+$", text[: m.start()]):
                return word  # capitalised inside a sentence: a name ("Okafor"), not a typo
            if re.search(r"\d\s*$", text[: m.start()]):
                return word  # right after a number: a unit, often shortened ("40 mins", "3 hrs", "2 pcs")
            better = self.suggestion(word)
            if better is None:
                return word
            if word.isupper() and len(word) > 1:
                return better.upper()
            return better[0].upper() + better[1:] if word[0].isupper() else better

        return _QUERY_WORD.sub(fix, text)
