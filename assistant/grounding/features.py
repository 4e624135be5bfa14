"""The evidence a support score is built from: a few measured signals of one sentence against its passages.

Each signal is good at something the others miss:

- ``word_share``: the share of the sentence's words (all of them) found in the passages; strong on copied text;
- ``lexical``: the share of its content words, stemmed, found in the passages; ignores function words;
- ``novel``: how many content words no passage has (new content is what makes a sentence unsupported);
- ``new_words``: how many of its words, function words included, no passage has ("yes, I think ...");
- ``token_precision``: BERTScore-style precision, each sentence token matched to its most similar contextual
  token in the passages; sees paraphrases that share no words;
- ``unaligned``: the weighted share of the sentence's tokens with no close counterpart in the passages;
- ``sentence_similarity``: the best cosine between the sentence and a passage sentence;
- ``names``: capitalised names the passages never mention;
- ``length``: how much the sentence says (content words); short generic remarks carry little evidence either way;
- ``question``: the text asks something ("?"): a question asserts nothing a passage could back (on BEGIN dev, 1 of
  187 responses with a question mark is fully attributable);
- ``new_function_words``: how many function words ("yes", "i", "do", "all", "was") no passage has: a sentence
  rebuilt around copied content words ("they are all owned by ...", "yes I do and ...") says something new;
- ``weakest_alignment``: the mean best similarity of the sentence's two least aligned content tokens (one
  unmatched word, "video" in "video games have inspired ...", is enough to change what is claimed).

Two interactions, because a signal's weight depends on another's: ``additions`` (sentence similarity x new function
words: new words inside a near-copy of a passage sentence alter a sourced statement; in a loose paraphrase they are
expected) and ``aligned_length`` (length x weakest alignment: a long sentence is strong evidence only when even its
weakest word is found; short fragments, "a great movie", carry little either way). Both were kept because adding them
raised the held-out AUC of the split left out whichever two splits chose them (BEGIN dev, nested leave-one-out).

Hard checks (numbers, dates, amounts, contacts, negation flips, unbacked offers) are not features: they cap the
score afterwards, because one wrong number makes a sentence unsupported however well the rest matches.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.grounding.words import STOPWORDS, words_of

FEATURES = ("word_share", "lexical", "novel", "new_words", "token_precision", "unaligned", "sentence_similarity", "names",
            "length", "question", "additions", "aligned_length")


@dataclass(frozen=True)
class SupportFeatures:
    word_share: float
    lexical: float
    novel: float  # log(1 + count)
    new_words: float  # log(1 + count)
    token_precision: float
    unaligned: float
    sentence_similarity: float
    names: float  # log(1 + count)
    length: float  # log(1 + content words)
    question: float  # 1.0 when the text asks something
    new_function_words: float = 0.0  # log(1 + count)
    weakest_alignment: float = 1.0  # mean best cosine of the two least aligned content tokens

    @property
    def additions(self) -> float:
        return self.sentence_similarity * self.new_function_words

    @property
    def aligned_length(self) -> float:
        return self.length * self.weakest_alignment

    def vector(self, names: tuple[str, ...] = FEATURES) -> list[float]:
        """The values of ``names`` (default: every feature), in that order."""
        return [float(getattr(self, name)) for name in names]


def word_share(sentence_words: list[str], passage_words: set[str]) -> float:
    """Share of the sentence's words that occur in the passages (1.0 for a sentence without words)."""
    if not sentence_words:
        return 1.0
    return sum(w in passage_words for w in sentence_words) / len(sentence_words)


def lexical_features(stems: list[str], vocabulary: set[str]) -> tuple[float, int]:
    """(share of content-word stems found in ``vocabulary``, how many were not found)."""
    if not stems:
        return 1.0, 0
    found = sum(s in vocabulary for s in stems)
    return found / len(stems), len(stems) - found


def log_count(n: int | float) -> float:
    return math.log1p(max(float(n), 0.0))


def build(*, sentence_words: list[str], passage_words: set[str], stems: list[str], vocabulary: set[str],
          token_precision: float, unaligned: float, sentence_similarity: float, names: Iterable[str],
          question: bool = False, weakest_alignment: float = 1.0) -> SupportFeatures:
    """The features of one sentence, from its parts as the scorer measures them."""
    lexical, novel = lexical_features(stems, vocabulary)
    new = [w for w in sentence_words if w not in passage_words]
    return SupportFeatures(
        word_share=word_share(sentence_words, passage_words),
        lexical=lexical,
        novel=log_count(novel),
        new_words=log_count(len(new)),
        token_precision=token_precision,
        unaligned=unaligned,
        sentence_similarity=sentence_similarity,
        names=log_count(len(list(names))),
        length=log_count(len(stems)),
        question=float(question),
        new_function_words=log_count(sum(w in STOPWORDS for w in new)),
        weakest_alignment=weakest_alignment,
    )
