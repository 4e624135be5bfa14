"""Topic vocabulary read from the indexed documents themselves, so any company's documentation works.

The analyser's cue lists know general customer-care areas (returns, shipping, billing...). What they cannot know
is a company's own names: its membership programme, its product lines, a policy with its own title. Those are
in the documents' labels (tags, titles, section headings), so they are read from there when an index is loaded:

- a word that labels the documents of exactly one known area, and no other area's documents, becomes a hint for
  that area (a membership document titled "Acme Plus" makes "plus" a membership word; a brand name that labels
  every document says nothing and is dropped);
- a document whose labels name no known area brings its own topic, named by its first tag (or title), with its
  label words as cues; it is only chosen when the known areas find nothing in the message.

Deterministic, built once per index version, and explainable: ``TopicHints.why`` lists the words behind each.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

# labels' words that name no subject (a heading's "and", "your", "how to", a year)
_STOP = set("the and for with your you our how what when where why who which are can not from into over about this "
            "that these those all any its get got use using new more most other others faq faqs guide policy policies "
            "help page pages information info terms conditions overview general details rules notes note customer "
            "customers internal staff agent agents team already change changes changing does mean means place "
            "placed person sign step steps getting stop outside inside large small company options option times time "
            "window free extended home product products item items order orders work works need make share check "
            "family have has had will would should could can't don't did not only also just than then them they "
            "their there here were was been being some such very much many each every both between within without "
            "after before during until while where whose".split())
_WORD = re.compile(r"[a-z][a-z'-]{2,}")
MIN_HINT_LENGTH = 4


@dataclass(frozen=True)
class DocLabel:
    """What a document says about itself: its id, title, tags and section headings."""

    doc_id: str
    title: str = ""
    tags: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()


@dataclass(frozen=True)
class TopicHints:
    """Per known area, extra cue words from the documents; plus topics of documents no known area names."""

    hints: dict[str, frozenset[str]] = field(default_factory=dict)
    extra: dict[str, frozenset[str]] = field(default_factory=dict)

    _compiled: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False, repr=False)

    def scores(self, lower: str) -> tuple[dict[str, float], dict[str, float]]:
        """(hint score per known area, score per document topic): one point per label word the text uses."""
        if not self._compiled:
            for topic, words in {**{f"k:{t}": w for t, w in self.hints.items()},
                                 **{f"x:{t}": w for t, w in self.extra.items()}}.items():
                self._compiled[topic] = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(words))) + r")s?\b")
        known: dict[str, float] = {}
        extra: dict[str, float] = {}
        for key, pattern in self._compiled.items():
            hits = len(set(pattern.findall(lower)))
            if hits:
                (known if key.startswith("k:") else extra)[key[2:]] = float(hits)
        return known, extra

    def why(self) -> dict[str, list[str]]:
        return {t: sorted(w) for t, w in {**self.hints, **self.extra}.items()}

    @property
    def empty(self) -> bool:
        return not self.hints and not self.extra


def label_words(text: str) -> set[str]:
    """Subject words of a label ("northwind-plus", "Returns & refunds 2026" -> {"northwind", "plus", "returns", ...}).

    Evaluative words (those VADER's lexicon scores: "wrong", "free", "safe") describe rather than name a subject,
    and are common in any message, so they are left out."""
    words = {w.strip("'-") for w in _WORD.findall(text.lower().replace("_", " ").replace("-", " "))}
    return {w for w in words if len(w) >= 3 and w not in _STOP and w not in _evaluative()}


@lru_cache(maxsize=1)
def _evaluative() -> frozenset[str]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return frozenset(SentimentIntensityAnalyzer().lexicon)


def derive(labels: Iterable[DocLabel], names_topic: Callable[[str, str], bool], topics: Iterable[str]) -> TopicHints:
    """Hints and extra topics from the documents' ``labels`` (see module docstring).

    ``names_topic(topic, text)`` says whether a label text names a known area (the analyser's own cues), so the
    mapping from a company's labels to the areas needs no list of anyone's tags."""
    known = [t for t in topics if t != "other"]
    words_by_topic: dict[str, set[str]] = defaultdict(set)
    owners: dict[str, set[str]] = defaultdict(set)  # word -> areas (or document topics) whose labels carry it
    unnamed: list[tuple[str, set[str]]] = []
    for label in labels:
        head = " ".join([*label.tags, label.title])
        primary = _primary_area(label, known, names_topic)
        # a word counts against every area whose documents' tags or titles carry it (a brand name is in many)
        for w in label_words(head):
            owners[w].add(primary or _slug(label.tags[0] if label.tags else label.title or label.doc_id))
        # hints come from the curated tags (a title's wording is too loose), from the title when there are none
        words = label_words(" ".join(label.tags) if label.tags else label.title)
        if primary:
            words_by_topic[primary] |= words
            for w in words:
                owners[w].add(primary)
        elif words:
            name = _slug(label.tags[0] if label.tags else label.title or label.doc_id)
            if name:
                unnamed.append((name, words))
                for w in words:
                    owners[w].add(name)
    hints: dict[str, frozenset[str]] = {}
    for topic, words in words_by_topic.items():
        # only words the cue lists do not know at all: a cue word already counts for its own area
        own = frozenset(w for w in words if owners[w] == {topic} and len(w) >= MIN_HINT_LENGTH
                        and not any(names_topic(t, w) for t in known))
        if own:
            hints[topic] = own
    extra: dict[str, set[str]] = defaultdict(set)
    for name, words in unnamed:
        extra[name] |= {w for w in words if owners[w] == {name} and len(w) >= MIN_HINT_LENGTH}
    return TopicHints(hints=hints, extra={k: frozenset(v) for k, v in extra.items() if v and k not in known})


def _primary_area(label: DocLabel, known: list[str], names_topic: Callable[[str, str], bool]) -> str | None:
    """The area a document is mainly about: the one its earliest label names (tags in their order, then the title,
    then the section headings), as knowledge managers list the main subject first."""
    for text in [*label.tags, label.title, *label.sections]:
        plain = text.replace("-", " ").replace("_", " ")
        plain = f"{plain} " + " ".join(w[:-1] for w in plain.split() if w.endswith("s"))  # "payments" names payment
        named = [t for t in known if names_topic(t, plain)]
        if len(named) == 1:
            return named[0]
        if named:  # one label naming two areas ("returns and exchanges"): the first of them in the text wins
            return min(named, key=lambda t: _first_hit(t, plain, names_topic))
    return None


def _first_hit(topic: str, text: str, names_topic: Callable[[str, str], bool]) -> int:
    words = text.split()
    for i in range(len(words)):
        if names_topic(topic, " ".join(words[: i + 1])):
            return i
    return len(words)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:40]
