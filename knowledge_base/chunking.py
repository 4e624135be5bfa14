"""Structure-following chunker: headings → sections → sentences, bounded by the embedder's own tokenizer.

A chunk is embedded as ``embedding_text(chunk)`` = a "title > section" prefix line plus the chunk's text; the
token bound applies to that whole string, so nothing is silently truncated by the model. Sentences come from
``assistant.grounding.sentences.sentence_spans`` (the splitter the rest of the product uses); a sentence longer than the
budget is cut on word boundaries. Each chunk records its exact character span in ``Document.text``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from assistant.grounding.sentences import sentence_spans
from knowledge_base.types import Chunk, Document

CHUNKER_VERSION = "3"  # 3: an over-long block is cut between its lines before its words
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
_WORD = re.compile(r"\S+")
_LINE = re.compile(r"[^\n]*\S[^\n]*")  # a line with text on it

CountTokens = Callable[[str], int]


def chunk_prefix(title: str, section: str) -> str:
    """The line embedded (and BM25-indexed) in front of a chunk's text, so context survives chunking."""
    return f"{title} > {section}\n" if section else f"{title}\n"


def embedding_text(chunk: Chunk) -> str:
    return chunk_prefix(chunk.title, chunk.section) + chunk.text


def chunk_id_for(doc_id: str, section: str, text: str, occurrence: int = 0) -> str:
    """Stable content hash; ``occurrence`` separates identical texts repeated in one section."""
    key = f"{doc_id}\x1f{section}\x1f{text}" + (f"\x1f{occurrence}" if occurrence else "")
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def sections(doc: Document) -> list[tuple[str, int, int]]:
    """(section path, body start, body end) for every heading-delimited part of ``doc.text``.

    The path joins the headings above the body ("Returns > Exceptions"); a top-level heading equal to the
    document title is left out, since the title is already in every prefix.
    """
    text = doc.text
    out: list[tuple[str, int, int]] = []
    stack: list[tuple[int, str]] = []
    body_start = 0
    path = ""
    for match in _HEADING.finditer(text):
        out.append((path, body_start, match.start()))
        level, heading = len(match.group(1)), match.group(2).strip()
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, heading))
        names = [h for lvl, h in stack if not (lvl == 1 and h.strip().lower() == doc.title.strip().lower())]
        path = " > ".join(names)
        body_start = match.end()
    out.append((path, body_start, len(text)))
    return [(p, a, b) for p, a, b in out if text[a:b].strip()]


def chunk_document(
    doc: Document,
    *,
    count_tokens: CountTokens,
    max_tokens: int,
    overlap_sentences: int = 1,
) -> list[Chunk]:
    """Split ``doc`` into chunks whose embedding text never exceeds ``max_tokens`` tokens."""
    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    for section, start, end in sections(doc):
        prefix = chunk_prefix(doc.title, section)
        budget = max_tokens - count_tokens(prefix) + 1  # +1: the prefix's own [SEP] is not repeated
        if budget < 8:  # absurdly long title/section: keep the title only so text still fits
            section_for_prefix = ""
            prefix = chunk_prefix(doc.title, "")
            budget = max_tokens - count_tokens(prefix) + 1
        else:
            section_for_prefix = section
        if budget < 8:
            raise ValueError(f"title of {doc.doc_id!r} alone exceeds the {max_tokens}-token limit")
        pieces = _pieces(doc.text, start, end, prefix, count_tokens, max_tokens)
        for a, b in _pack(doc.text, pieces, prefix, count_tokens, max_tokens, overlap_sentences):
            text = doc.text[a:b]
            base = chunk_id_for(doc.doc_id, section_for_prefix, text)
            occurrence = seen.get(base, 0)
            seen[base] = occurrence + 1
            chunks.append(
                Chunk(
                    chunk_id=chunk_id_for(doc.doc_id, section_for_prefix, text, occurrence),
                    doc_id=doc.doc_id,
                    title=doc.title,
                    section=section_for_prefix,
                    text=text,
                    start=a,
                    end=b,
                    url=doc.url,
                    effective_date=doc.effective_date,
                    tags=doc.tags,
                    audience=doc.audience,
                )
            )
    return chunks


def _fits(text: str, a: int, b: int, prefix: str, count_tokens: CountTokens, max_tokens: int) -> bool:
    return count_tokens(prefix + text[a:b]) <= max_tokens


def _pieces(
    text: str, start: int, end: int, prefix: str, count_tokens: CountTokens, max_tokens: int
) -> list[tuple[int, int, int]]:
    """Sentence spans of one section (absolute offsets) with their token counts; over-long ones cut on words."""
    out: list[tuple[int, int, int]] = []
    base = count_tokens(prefix)
    for a, b in sentence_spans(text[start:end]):
        a, b = a + start, b + start
        n = count_tokens(prefix + text[a:b]) - base  # exact: the sentence alone with its prefix fits or not
        if base + n <= max_tokens:
            out.append((a, b, max(n, 1)))
            continue
        # a table or a list read as one long sentence: cut between its lines first, so a row is never cut in two
        # (a hand-over row's team in one chunk and its response time in the next reads as two rows)
        lines = [(a + m.start(), a + m.end()) for m in _LINE.finditer(text[a:b])]
        for la, lb in lines if len(lines) > 1 else [(a, b)]:
            n = count_tokens(prefix + text[la:lb]) - base
            if base + n <= max_tokens:
                out.append((la, lb, max(n, 1)))
            else:
                out.extend(_split_words(text, la, lb, prefix, count_tokens, max_tokens))
    return out


def _split_words(
    text: str, a: int, b: int, prefix: str, count_tokens: CountTokens, max_tokens: int
) -> list[tuple[int, int, int]]:
    """Cut one long sentence into the longest word runs that fit (binary search on the word count)."""
    words = [(m.start() + a, m.end() + a) for m in _WORD.finditer(text[a:b])]
    out: list[tuple[int, int, int]] = []
    i = 0
    while i < len(words):
        lo, hi = i + 1, len(words)
        if not _fits(text, words[i][0], words[i][1], prefix, count_tokens, max_tokens):
            # a single "word" longer than the budget (e.g. a huge URL): cut it on characters
            s, e = words[i]
            while s < e:
                lo_c, hi_c = s + 1, e
                while lo_c < hi_c:
                    mid = (lo_c + hi_c + 1) // 2
                    if _fits(text, s, mid, prefix, count_tokens, max_tokens):
                        lo_c = mid
                    else:
                        hi_c = mid - 1
                out.append((s, lo_c, count_tokens(text[s:lo_c]) - 2))
                s = lo_c
            i += 1
            continue
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if _fits(text, words[i][0], words[mid - 1][1], prefix, count_tokens, max_tokens):
                lo = mid
            else:
                hi = mid - 1
        s, e = words[i][0], words[lo - 1][1]
        out.append((s, e, count_tokens(text[s:e]) - 2))
        i = lo
    return out


def _pack(
    text: str,
    pieces: list[tuple[int, int, int]],
    prefix: str,
    count_tokens: CountTokens,
    max_tokens: int,
    overlap: int,
) -> list[tuple[int, int]]:
    """Greedy packing of consecutive pieces into spans, repeating ``overlap`` pieces between neighbours.

    Token counts of pieces are summed as an estimate and every span is then checked with the real
    tokenizer (sub-word merges across sentence borders can change the total by a token or two).
    """
    spans: list[tuple[int, int]] = []
    base = count_tokens(prefix)
    i = 0
    while i < len(pieces):
        j, total = i, base
        while j < len(pieces) and total + pieces[j][2] <= max_tokens:
            total += pieces[j][2]
            j += 1
        j = max(j, i + 1)
        while j > i + 1 and not _fits(text, pieces[i][0], pieces[j - 1][1], prefix, count_tokens, max_tokens):
            j -= 1
        spans.append((pieces[i][0], pieces[j - 1][1]))
        if j >= len(pieces):
            break
        # Next chunk starts `overlap` pieces back, but always moves forward by at least one piece.
        i = max(j - overlap, i + 1)
    return spans
