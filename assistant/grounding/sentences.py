"""Sentence splitting shared by the chunker, the composer, the verifier and the metrics.

One splitter everywhere, so a sentence means the same thing when it is indexed, quoted and checked.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Abbreviations that end with a period but do not end a sentence.
_ABBREVIATIONS = {
    "e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "st", "no", "approx", "dept", "inc", "ltd", "co",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "a.m", "p.m", "u.s",
}
_BOUNDARY = re.compile(r"[.!?]+[\"')\]]*(?=\s+|$)|\n\s*\n|\n(?=\s*(?:[-*•]|\d+[.)])\s)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in ``text`` (whitespace trimmed, empty pieces dropped).

    Ends a sentence at ., ! or ? followed by whitespace (unless the word is a known abbreviation or a
    decimal number), at blank lines, and before list items, so Markdown bullets become sentences.
    """
    return list(_spans(text))


@lru_cache(maxsize=8192)
def _spans(text: str) -> tuple[tuple[int, int], ...]:
    """``sentence_spans``, cached: the same passages are split for every reply they are scored against."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        piece = text[start:end]
        if match.group().startswith("."):
            word = re.search(r"([\w.]+)\.+[\"')\]]*$", piece)
            if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
                continue
        _append(spans, text, start, end)
        start = end
    _append(spans, text, start, len(text))
    return tuple(spans)


def _append(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def split_sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


def with_list_readings(text: str) -> list[str]:
    """``split_sentences`` plus each list item read with its lead-in ("Return shipping is free when:" + "- you are
    a member," -> "Return shipping is free when you are a member"): what a reply says when it quotes one item,
    and what neither piece says alone."""
    out: list[str] = []
    lead: str | None = None
    for sentence in split_sentences(text):
        out.append(sentence)
        if _BULLET.match(sentence):
            if lead:
                out.append(f"{lead} {_BULLET.sub('', sentence).rstrip(' ,;')}")
            continue
        lead = sentence.rstrip()[:-1].rstrip() if sentence.rstrip().endswith(":") else None
    return out


_WINDOW_WORDS = 120  # well under the embedder's 256 tokens, so long unpunctuated text is not truncated


def windows(sentence: str) -> list[str]:
    """A very long "sentence" (a table row, a run-on paragraph) cut into overlapping word windows."""
    words = sentence.split()
    if len(words) <= _WINDOW_WORDS:
        return [sentence]
    step = _WINDOW_WORDS - 20
    return [" ".join(words[i : i + _WINDOW_WORDS]) for i in range(0, len(words) - 20, step)]
