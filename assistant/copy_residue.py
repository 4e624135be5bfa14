"""Residue of copying: cited sentences that still carry the source's formatting instead of reading as a reply.

A sentence lifted from a web page or a tokenised corpus often keeps what an agent deletes before sending: a space
before each comma (" , "), doubled or unmatched quote marks, HTML tags or entities, a masked value left in the
line, the page's title glued to the front of the sentence, a dangling pointer to text the reply does not hold
("listed above", "see the table below"). Confidence counts such sentences (an agent edits every one of them); the
checks are about form only, so they hold for any company's documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.grounding.citations import cited_markers, strip_citations
from assistant.grounding.sentences import split_sentences

# each pattern: one kind of residue, named for the agent
_RESIDUE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("spacing", re.compile(r"\w\s+[,.;:!?](?=\s|$)|[(\[]\s|\s[)\]]")),  # tokenised text: "York , the", "( ABC )"
    ("quotes", re.compile(r"\"\"|''|``")),  # CSV-escaped or LaTeX-style quotes
    ("markup", re.compile(r"</?[a-zA-Z][^>]*>|&(?:nbsp|amp|quot|#\d+);|\*\*|__")),
    ("masked", re.compile(r"•{3,}")),
    # a pointer to text the reply does not hold, or the page introducing itself
    ("dangling", re.compile(
        r"\b(?:above|below)(?=\s*(?:[.,;:!?)\]]|$))|\b(?:listed|shown|described|mentioned|see|table|link|list|section|"
        r"steps|options|times|details|information) (?:above|below)\b|\b(?:on|in) this (?:page|article|section)\b|"
        r"\bthis (?:page|article|section|guide) (?:explains|describes|covers|lists|shows)\b|"
        r"\bsee (?:our |the )?(?:[a-z-]+ ){0,3}(?:page|article|section|notice|guide|terms|policy|orders)\b", re.I)),
)


@dataclass(frozen=True)
class Residue:
    sentences: int  # cited sentences with at least one kind of residue
    kinds: tuple[str, ...]  # which kinds were seen, in the order of ``_RESIDUE`` (title last)


def _unbalanced_quote(sentence: str) -> bool:
    return sentence.count('"') % 2 == 1


def _starts_with_title(sentence: str, titles: Iterable[str]) -> bool:
    """The page title glued to the sentence: 'Atlantic Ocean North of the gyre ...' (title, then a new capital)."""
    for title in titles:
        title = title.strip()
        if len(title) >= 4 and sentence.startswith(title) and len(sentence) > len(title) + 1:
            rest = sentence[len(title):]
            if rest[0] == " " and rest[1:2].isupper():
                return True
    return False


def copy_residue(text: str, titles: Sequence[str] = ()) -> Residue:
    """How many of the draft's cited sentences carry copy residue, and of which kinds (``titles``: cited pages)."""
    count = 0
    seen: list[str] = []
    for sentence in split_sentences(text):
        if not cited_markers(sentence):
            continue  # the draft's own words (greeting, acknowledgement) are not copied text
        plain = strip_citations(sentence).strip()
        kinds = [name for name, pattern in _RESIDUE if pattern.search(plain)]
        if _unbalanced_quote(plain):
            kinds.append("quotes")
        if _starts_with_title(plain, titles):
            kinds.append("title")
        if kinds:
            count += 1
            seen += [k for k in kinds if k not in seen]
    order = [name for name, _ in _RESIDUE] + ["title"]
    return Residue(count, tuple(sorted(seen, key=order.index)))


def cited_sentences(text: str) -> int:
    """Sentences of the draft that cite a source."""
    return sum(1 for sentence in split_sentences(text) if cited_markers(sentence))
