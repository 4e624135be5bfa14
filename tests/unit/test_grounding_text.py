"""The grounding package's text rules: one phrase matcher, one citation pattern, one stemmer."""

from __future__ import annotations

import pytest

from assistant.grounding.citations import cited_markers, citation_spans, markers, strip_citations
from assistant.grounding.phrases import contains_phrase, find_phrases
from assistant.grounding.words import content_words, mentions, stem, word_keys


@pytest.mark.parametrize(
    ("text", "phrase", "found"),
    [
        ("Unfortunately, the item is out of stock.", "fortunate", False),  # never inside a longer word
        ("We are fortunate to have you.", "fortunate", True),
        ("CALM DOWN please", "calm down", True),  # case-insensitive
        ("Please calm\n  down.", "calm down", True),  # whitespace inside the phrase is flexible
        ("That’s on us.", "that's on us", True),  # typographic apostrophe
        ("That's on usual terms.", "that's on us", False),
        ("No refunds!!", "refunds!!", True),  # a phrase ending in punctuation
        ("Anything.", "", False),  # an empty phrase bans nothing
    ],
)
def test_phrases_match_whole_words_only(text: str, phrase: str, found: bool) -> None:
    assert contains_phrase(text, [phrase]) is found


def test_find_phrases_keeps_the_given_order_and_spelling_once() -> None:
    assert find_phrases("Calm down, we offer NO REFUNDS.", ["no refunds", "Calm down", "no refunds"]) == ["no refunds", "Calm down"]


def test_citation_markers_lists_and_ranges() -> None:
    text = "Returns are free [2]. Refunds take 5 days [1, 3]. See also [2-4] and [2]."
    assert markers(text) == [2, 1, 3, 2, 3, 4, 2]
    assert cited_markers(text) == [2, 1, 3, 4]
    assert strip_citations("Returns are free [2].") == "Returns are free."
    assert [text[a:b] for a, b in citation_spans(text)] == ["[2]", "[1, 3]", "[2-4]", "[2]"]
    assert markers("no citations, [x] or [ ]") == []
    assert markers("[1-5000]") == [1, 5000]  # not five thousand sources


def test_one_stemmer_for_inflections() -> None:
    assert stem("refunds") == stem("refund") == stem("Refund’s")
    assert stem("shipping") == stem("shipped")
    assert content_words("Please can we get the refund?") == ["refund"]


@pytest.mark.parametrize(
    ("source", "word", "named"),
    [
        ("Orders ship in two days.", "ordering", True),  # by the stem
        ("You may return it.", "returned", True),
        ("Our policies on archaeology", "archaeological", True),  # by the letters a long word's family shares
        ("A customer’s refund", "customers", True),
        ("Delivery takes 5 days.", "take", True),  # a final "e" is no difference
        ("Orders ship in two days.", "engraving", False),
        ("Refunds take five days.", "warranty", False),
        ("Boxes ship flat.", "boxer", False),  # a short word is matched by its stem only, never by a prefix
    ],
)
def test_a_text_mentions_a_word_by_stem_or_family(source: str, word: str, named: bool) -> None:
    assert mentions(word_keys(source), word) is named
