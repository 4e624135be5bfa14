"""Chunker properties: token bound (prefix included), coverage, spans, sections, overlap, stable ids."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from assistant.grounding.sentences import sentence_spans
from knowledge_base.chunking import CHUNKER_VERSION, chunk_document, embedding_text, sections
from knowledge_base.types import Document
from models.embedders import HashingEmbedder

COUNT = HashingEmbedder().count_tokens

LONG_DOC = Document(
    doc_id="returns",
    title="Returns policy",
    source_path="returns.md",
    url="https://x.example/returns",
    tags=("returns",),
    audience="internal",
    text=(
        "# Returns policy\n\nWe want you to love what you bought. "
        + " ".join(f"Rule {i} says items of kind {i} may be returned within {i + 10} days." for i in range(40))
        + "\n\n## Exceptions\n\nFinal-sale items cannot be returned.\n\n### Electronics\n\n"
        + "Opened electronics have a 14-day window. "
        + ("A very long sentence without any full stop that keeps going " * 30).strip()
        + ".\n\n## Empty heading\n\n## Refunds\n\n- Card refunds take 5 days.\n- PayPal refunds take 2 days.\n"
    ),
)


def _chunks(doc: Document = LONG_DOC, max_tokens: int = 64, overlap: int = 1):  # noqa: ANN202
    return chunk_document(doc, count_tokens=COUNT, max_tokens=max_tokens, overlap_sentences=overlap)


@pytest.mark.parametrize("max_tokens", [32, 64, 256])
def test_no_chunk_exceeds_limit_with_prefix(max_tokens: int) -> None:
    chunks = _chunks(max_tokens=max_tokens)
    assert chunks
    assert max(COUNT(embedding_text(c)) for c in chunks) <= max_tokens


def test_spans_are_exact_and_metadata_kept() -> None:
    for c in _chunks():
        assert LONG_DOC.text[c.start : c.end] == c.text
        assert (c.doc_id, c.title, c.url, c.tags, c.audience) == ("returns", "Returns policy", LONG_DOC.url, ("returns",), "internal")


def test_all_text_is_covered() -> None:
    chunks = _chunks()
    covered = [False] * len(LONG_DOC.text)
    for c in chunks:
        covered[c.start : c.end] = [True] * (c.end - c.start)
    heading_lines = {m.span() for m in re.finditer(r"^#+ .*$", LONG_DOC.text, re.MULTILINE)}
    for i, ch in enumerate(LONG_DOC.text):
        if ch.isspace() or covered[i] or any(a <= i < b for a, b in heading_lines):
            continue
        pytest.fail(f"character {i} ({LONG_DOC.text[max(0, i - 20):i + 20]!r}) is in no chunk")


def test_section_paths_follow_headings() -> None:
    paths = {c.section for c in _chunks()}
    assert "" in paths  # the intro under the title heading (the title itself is not repeated)
    assert "Exceptions" in paths and "Exceptions > Electronics" in paths and "Refunds" in paths
    assert not any("Empty heading" in p for p in paths)  # a heading with no body makes no chunk
    assert [s[0] for s in sections(LONG_DOC)] == ["", "Exceptions", "Exceptions > Electronics", "Refunds"]


def test_chunks_never_cross_sections() -> None:
    bodies = sections(LONG_DOC)
    for c in _chunks():
        assert any(a <= c.start and c.end <= b and p == c.section for p, a, b in bodies)


def test_overlap_repeats_last_sentence() -> None:
    chunks = [c for c in _chunks(overlap=1) if c.section == ""]
    assert len(chunks) >= 3
    for first, second in zip(chunks, chunks[1:]):
        last_sentence = sentence_spans(first.text)[-1]
        assert first.text[last_sentence[0] : last_sentence[1]] in second.text
        assert second.start < first.end  # they overlap in the document
    no_overlap = [c for c in _chunks(overlap=0) if c.section == ""]
    assert all(b.start >= a.end for a, b in zip(no_overlap, no_overlap[1:]))


def test_long_sentence_is_split_on_words() -> None:
    chunks = [c for c in _chunks(max_tokens=32) if "without any full stop" in c.text]
    assert len(chunks) >= 3
    for c in chunks:
        assert not c.text.startswith(" ") and not c.text.endswith(" ")
        assert COUNT(embedding_text(c)) <= 32


def test_ids_are_stable_and_content_addressed() -> None:
    a, b = _chunks(), _chunks()
    assert [c.chunk_id for c in a] == [c.chunk_id for c in b]
    assert len({c.chunk_id for c in a}) == len(a)
    edited = replace(LONG_DOC, text=LONG_DOC.text.replace("Card refunds take 5 days.", "Card refunds take 7 days."))
    changed = {c.chunk_id for c in _chunks(edited)} - {c.chunk_id for c in a}
    assert len(changed) == 1  # only the chunk with the edited sentence gets a new id
    renamed = replace(LONG_DOC, doc_id="returns-2")
    assert not {c.chunk_id for c in _chunks(renamed)} & {c.chunk_id for c in a}


def test_repeated_identical_text_gets_distinct_ids() -> None:
    doc = Document(doc_id="d", title="T", source_path="d.md", text="## A\n\nSame words.\n\n## A\n\nSame words.\n")
    chunks = chunk_document(doc, count_tokens=COUNT, max_tokens=64)
    assert len(chunks) == 2 and chunks[0].chunk_id != chunks[1].chunk_id


def test_title_too_long_for_limit_raises() -> None:
    doc = Document(doc_id="d", title="word " * 100, source_path="d.md", text="Short text.")
    with pytest.raises(ValueError, match="exceeds"):
        chunk_document(doc, count_tokens=COUNT, max_tokens=32)


def test_chunker_version_is_declared() -> None:
    assert isinstance(CHUNKER_VERSION, str) and CHUNKER_VERSION


def test_a_long_table_is_cut_between_its_rows_never_inside_one() -> None:
    rows = "\n".join(f"| Case {i} with a longer description of the situation | Desk {i} | Within {i} working days |"
                     for i in range(12))
    doc = replace(LONG_DOC, text=f"# Hand-overs\n\n| Case | Team | Time |\n|---|---|---|\n{rows}\n")
    chunks = _chunks(doc, max_tokens=64, overlap=0)
    assert len(chunks) >= 3  # the table is longer than one chunk
    for c in chunks:
        for line in c.text.strip().splitlines():
            assert line.startswith("|") and line.endswith("|"), line  # whole rows only
        assert COUNT(embedding_text(c)) <= 64
