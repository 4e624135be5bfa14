"""Words: the one tokenizer, stopword list and stemmer every grounding check uses.

A word means the same thing when the support scorer counts it, the verifier compares it with the customer's
message and the metrics look for it in a reply.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having
    he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
    nor not now of off on once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours yourself yourselves
    let lets us may might must shall get got please thanks thank hi hello dear also just really ll re ve d s t
    m don doesn didn isn aren wasn weren won wouldn couldn shouldn can't cannot etc""".split()
)
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d+(?:[.,]\d+)*")
_ALNUM = re.compile(r"[a-z0-9]+")
_SUFFIXES = ("ational", "ization", "fulness", "ousness", "iveness", "ments", "ment", "ings", "ing", "ied", "ies",
             "ed", "es", "ly", "s")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix-stripping stem: "refunds", "refunded", "refunding" -> "refund"; "policies" -> "policy"."""
    w = word.lower().replace("’", "'").strip("'-")
    if w.endswith("'s"):
        w = w[:-2]
    for suffix in _SUFFIXES:
        if len(w) - len(suffix) >= 3 and w.endswith(suffix):
            # "ies"/"ied" end a word in "y" ("policies", "applied"): keep the "y" so they meet "policy", "apply"
            return w[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
    return w


def content_words(text: str) -> list[str]:
    return [w for w in WORD.findall(text) if w.lower() not in STOPWORDS and (len(w) > 1 or w.isdigit())]


def vocabulary(passages: Sequence[str]) -> set[str]:
    return {stem(w) for p in passages for w in WORD.findall(p)}


def words_of(text: str) -> list[str]:
    """Lower-case alphanumeric runs ("NW-TR2" gives "nw", "tr2"): the unit of word share and of keyword search."""
    return _ALNUM.findall(text.lower().replace("’", "'"))


def terms(text: str) -> list[str]:
    """The words of ``text`` that carry meaning for search: alphanumeric runs, stopwords dropped, stemmed."""
    return [stem(w) for w in words_of(text) if w not in STOPWORDS]
