"""Politeness of any request or reply, from the strategies of Danescu-Niculescu-Mizil et al. (2013).

Each strategy is detected with the shipped lexicon (``evaluation/lexicons/politeness.yaml``): gratitude,
deference, greetings, apologies, "please" inside a sentence or at its start, indirect "by the way", hedges,
counterfactual "could/would you" and indicative "can/will you", direct questions and direct starts, factuality,
first- and second-person starts, positive and negative lexicon, and the general-purpose VADER sentiment of the
text, plus negation, why-questions and challenges ("have you even ...", "what on earth"). Care-specific strategies are added on the same scale: first-person ownership ("I'll ..."), imperatives at
sentence start, blame ("you should have"), shouting in capitals, "!!!" and insults.

The score is a logistic of the weighted strategies. The weights of the paper's strategies were learnt from
people's ratings of real requests (``scripts/fit_politeness.py``, stored in ``evaluation/lexicons/politeness_weights.json``): a
logistic regression over this fixed list, with no vocabulary of the rating corpus. The care-specific ones keep
the hand-set weights of the lexicon. A text with no strategy at all scores 0.5.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.grounding.sentences import split_sentences
from evaluation.metrics.lexicons import LEXICON_DIR, load_lexicon, normalise, phrase_pattern, stopwords, words

# The lexicon's hand-set weights are on a scale where 1.6 x weight is a logit: one strong cue (gratitude) near 0.8.
_SLOPE = 1.6
FITTED_WEIGHTS = LEXICON_DIR / "politeness_weights.json"
# The strategies of the 2013 paper (and sentiment, the general form of its positive/negative lexicon; negation,
# why-questions and challenges, general cues of the same kind): their weights are learnt from
# people's ratings; the others are care-specific and keep the lexicon's weights.
PAPER_STRATEGIES = ("gratitude", "deference", "greeting", "positive_lexicon", "negative_lexicon", "apology", "please",
                    "please_start", "indirect_btw", "direct_question", "direct_start", "counterfactual_modal",
                    "indicative_modal", "first_person_start", "first_person_plural", "first_person", "second_person",
                    "second_person_start", "hedges", "factuality", "sentiment", "negation", "why", "challenge")
_COUNTED = {"gratitude", "apology", "hedges", "positive_lexicon", "negative_lexicon", "blame", "profanity", "negation"}
_FIRST_PERSON = {"i", "i'm", "i've", "i'll", "i'd", "my", "me", "mine", "myself"}
_FIRST_PLURAL = {"we", "we're", "we've", "we'll", "we'd", "our", "ours", "us", "ourselves"}
_SECOND = {"you", "you're", "you've", "you'll", "you'd", "your", "yours", "yourself", "u", "ur"}
_LETTERS = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class _Patterns:
    weights: dict[str, float]
    anywhere: dict[str, re.Pattern[str]]
    why: re.Pattern[str]
    sympathy: re.Pattern[str]
    start: dict[str, re.Pattern[str]]
    imperative: frozenset[str]
    wh: frozenset[str]
    direct_start: frozenset[str]
    acronyms: frozenset[str]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    lex = load_lexicon("politeness")
    anywhere_keys = ["gratitude", "apology", "indirect_btw", "counterfactual_modal", "indicative_modal", "hedges",
                     "factuality", "ownership", "blame", "profanity", "positive_lexicon", "negative_lexicon", "negation",
                     "challenge"]
    return _Patterns(
        weights=_weights(lex),
        anywhere={k: phrase_pattern(lex[k]) for k in anywhere_keys},
        why=phrase_pattern(lex["why"]),
        sympathy=phrase_pattern(lex["sympathy"]),
        start={"greeting": phrase_pattern(lex["greeting"], at_start=True),
               "deference": phrase_pattern(lex["deference_start"], at_start=True)},
        imperative=frozenset(lex["imperative_verbs"]),
        wh=frozenset(lex["wh_words"]),
        direct_start=frozenset(lex["direct_start"]),
        acronyms=frozenset(lex["acronyms"]),
    )


def _weights(lex: dict) -> dict[str, float]:
    """Logit weight per strategy: the lexicon's hand-set ones, replaced by the fitted ones where those exist."""
    weights = {k: _SLOPE * float(v) for k, v in lex["weights"].items()}
    if FITTED_WEIGHTS.exists():
        fitted = json.loads(FITTED_WEIGHTS.read_text(encoding="utf-8"))["weights"]
        weights.update({k: float(v) for k, v in fitted.items()})
    return weights


@dataclass
class PolitenessResult:
    score: float
    strategies: dict[str, int] = field(default_factory=dict)  # strategy -> how many times it was seen

    @property
    def negative(self) -> list[str]:
        weights = _patterns().weights
        return sorted(k for k in self.strategies if weights.get(k, 0) < 0)


def politeness(text: str) -> PolitenessResult:
    """Politeness in [0, 1] and the strategies found (see the module docstring)."""
    p = _patterns()
    found = strategies(text)
    z = sum(p.weights.get(name, 0.0) * value for name, value in strategy_values(found, sentiment_of(text)).items())
    return PolitenessResult(score=1.0 / (1.0 + math.exp(-z)), strategies=found)


def strategy_values(found: dict[str, int], sentiment: float) -> dict[str, float]:
    """The value each strategy contributes with: 1 when seen, a little more when repeated (thanking twice is politer
    than once, but not twice as polite); sentiment is VADER's compound score in [-1, 1]."""
    values = {name: (1.0 + 0.25 * (min(count, 3) - 1)) if name in _COUNTED else 1.0
              for name, count in found.items() if count > 0}
    if sentiment:
        values["sentiment"] = sentiment
    return values


def sentiment_of(text: str) -> float:
    from evaluation.metrics.tone import vader_compound

    return vader_compound(text)


def strategies(text: str) -> dict[str, int]:
    """Every strategy seen in ``text`` and how many times."""
    p = _patterns()
    found: dict[str, int] = {}

    def add(name: str, n: int = 1) -> None:  # n = -1 takes back a count ("please" at the start is its own strategy)
        if n:
            found[name] = found.get(name, 0) + n

    norm = normalise(text)
    for key, pattern in p.anywhere.items():
        if key != "negative_lexicon":
            add(key, len(pattern.findall(norm)))
    for sentence in split_sentences(text):
        lowered = normalise(sentence)
        if not p.sympathy.search(lowered):
            add("negative_lexicon", len(p.anywhere["negative_lexicon"].findall(lowered)))
    if "counterfactual_modal" in found:
        found.pop("indicative_modal", None)  # "would you be able" must not count twice
    add("please", len(re.findall(r"\bplease\b", norm)))
    add("first_person_plural", sum(w in _FIRST_PLURAL for w in words(text)))

    for sentence in split_sentences(text):
        _sentence_strategies(sentence, p, add)
    _surface_strategies(text, p, add)
    return {k: v for k, v in found.items() if v > 0}


def _sentence_strategies(sentence: str, p: _Patterns, add) -> None:  # noqa: ANN001 - add is a local closure
    norm = normalise(sentence).strip()
    if p.start["greeting"].search(norm):
        add("greeting")
        # "Hi Sam, could you ..." - judge the rest of the sentence from after the greeting.
        norm = re.sub(r"^\W*\w+(\s+(morning|afternoon|evening))?\s*[A-Za-z]*\s*[,!:-]\s*", "", norm, count=1)
    if p.start["deference"].search(norm):
        add("deference")
    tokens = words(norm)
    if not tokens:
        return
    first = tokens[0]
    question = norm.rstrip().endswith("?")
    if question and p.why.search(norm):
        add("why")  # asking for reasons challenges ("why did you ..."); "I understand why" does not
    if first == "please":
        add("please_start")
        add("please", -1)
    elif first in p.wh and question:
        add("direct_question")
    elif first in p.direct_start:
        add("direct_start")
    elif first in _FIRST_PERSON:
        add("first_person_start")
    elif first in _SECOND:
        add("second_person_start")
    elif first in p.imperative and not question:
        add("imperative_start")
    rest = tokens[1:]
    add("first_person", min(1, sum(w in _FIRST_PERSON for w in rest)))
    add("second_person", min(1, sum(w in _SECOND for w in rest)))


def _surface_strategies(text: str, p: _Patterns, add) -> None:  # noqa: ANN001
    letters = _LETTERS.findall(text)
    shouted = [w for w in letters if len(w) >= 3 and w.isupper() and w.lower() not in p.acronyms]
    # One common word in capitals ("NOT", "NEVER") or capitals in a fifth of the words read as raised voice. Two
    # capitalised words alone do not: technical writing names things in capitals ("the JVM", "SSL and TLS").
    if any(w.lower() in stopwords() for w in shouted) or (
        len(shouted) >= 2 and len(shouted) / max(len(letters), 1) > 0.2
    ):
        add("shouting")
    if "!!" in text or text.count("!") >= 3:
        add("exclamations")
    if "??" in text:
        add("exclamations")
