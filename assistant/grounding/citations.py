"""Citation markers: the one pattern for ``[n]``, ``[n, m]`` and ``[n-m]`` that cites the numbered sources."""

from __future__ import annotations

import re

# One marker: a list of source numbers or ranges in square brackets ("[2]", "[1, 3]", "[2-4]").
CITATION = re.compile(r"\[(\d+(?:\s*[,–-]\s*\d+)*)\]")
_WITH_SPACE = re.compile(r"\s?" + CITATION.pattern)
_PART = re.compile(r"(\d+)(?:\s*[–-]\s*(\d+))?")
_MAX_RANGE = 20  # "[1-2000]" is not a citation of two thousand sources


def _numbers(body: str) -> list[int]:
    out: list[int] = []
    for m in _PART.finditer(body):
        first = int(m.group(1))
        last = int(m.group(2)) if m.group(2) else first
        out += list(range(first, last + 1)) if 0 <= last - first <= _MAX_RANGE else [first, last]
    return out


def markers(text: str) -> list[int]:
    """Every source number cited in ``text``, in order, repeats kept ("[1] ... [1, 2]" -> [1, 1, 2])."""
    return [n for m in CITATION.finditer(text) for n in _numbers(m.group(1))]


def cited_markers(text: str) -> list[int]:
    """The source numbers cited in ``text``, in order of first use, without repeats."""
    return list(dict.fromkeys(markers(text)))


def strip_citations(text: str) -> str:
    """``text`` without its markers (and the space before each): "Returns are free [2]." -> "Returns are free."."""
    return _WITH_SPACE.sub("", text)


def citation_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the markers (their numbers are not claims)."""
    return [m.span() for m in CITATION.finditer(text)]
