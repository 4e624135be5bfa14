"""Words: the one tokenizer, stopword list and stemmer every grounding check uses.

A word means the same thing when the support scorer counts it, the verifier compares it with the customer's
message, the composer asks whether the sources mention it and the metrics look for it in a reply.
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
FAMILY_PREFIX = 5  # letters that words of one family share past the stemmer: "archaeology"/"archaeological"
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


def word_keys(text: str) -> set[str]:
    """Every key by which ``text`` names a word, for ``mentions``: each word's root (``root``), and the first
    ``FAMILY_PREFIX`` letters of each longer word (so "archaeology" names "archaeological", which no suffix rule
    joins)."""
    words = words_of(text)
    return {root(w) for w in words} | {w[:FAMILY_PREFIX] for w in words if len(w) > FAMILY_PREFIX}


def mentions(keys: set[str], word: str) -> bool:
    """Whether a text whose ``word_keys`` are ``keys`` names ``word``, by its root or, for a longer word, by the
    first letters its family shares ("ordering" is named by "order", "archaeological" by "archaeology")."""
    w = word.lower()
    return root(w) in keys or (len(w) > FAMILY_PREFIX and w[:FAMILY_PREFIX] in keys)


# one word spelt two ways, or an everyday word for the one policies use ("yearly" plan, "Annual plan"): read as one
# family when ranking sentences
_SAME_FAMILY = {"e-mail": "email", "e-mails": "emails", "e-mailed": "emailed", "e-mailing": "emailing",
                "yearly": "annual", "annually": "annual", "year-long": "annual",
                # a customer's "wife" or "husband" is the "spouse" of policies
                "wife": "spouse", "wives": "spouse", "husband": "spouse", "husbands": "spouse", "spouses": "spouse"}


@lru_cache(maxsize=65536)
def family(word: str) -> str:
    """One key per word family, for matching words by set (the composer's ranking): the root, cut to the first
    ``FAMILY_PREFIX`` letters for a longer word, so "deliver" and "delivery", "refund" and "refunded", "pause" and
    "paused" share a key, as ``mentions`` would join them ("e-mail" and "email", "yearly" and "annual" too)."""
    w = word.lower()
    w = _SAME_FAMILY.get(w, w)
    if re.fullmatch(r"[a-z]-[a-z]{3,}", w):  # "e-gift" is "egift", as customers write it ("e-bike", "ebike")
        w = w.replace("-", "", 1)
    r = root(w)
    return r[:FAMILY_PREFIX] if len(w) > FAMILY_PREFIX else r


def root(word: str) -> str:
    """The stem without a final "e": "take", "takes" and "taking" stem to "take", "tak", "tak"; all meet at "tak". The
    key by which the composer and the grounding checks match one word with another."""
    s = stem(word)
    return s[:-1] if len(s) > 3 and s.endswith("e") else s
