"""The composer's policy part: pick the passage sentences that answer the question, and say them to the customer.

Sentences are chosen by meaning (embedding similarity to the question, plus a little word overlap and the
passage's retrieval score), greedily with a redundancy check, and then rewritten from the policy's third
person ("Customers can return...") to the second person ("You can return...").
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from assistant.asks import explaining_when
from assistant.bands import band_of
from assistant.grounding.promises import PROMISE
from assistant.grounding.windows import windows_in
from assistant.protocols import Embedder
from assistant.grounding.sentences import split_sentences
from assistant.grounding.words import content_words as grounding_words
from assistant.grounding.words import family
from assistant.types import Passage
from assistant.places import Place, names_in
from assistant.tables import without_abbreviation_stops

MIN_BEST_SCORE = 0.36  # best sentence relevance under which the sources do not answer the question
RELATIVE_WINDOW = 0.14  # other sentences must score within this of the best one
REDUNDANT_COSINE = 0.78  # two sentences this similar say the same thing
# off by default: a study script (scripts/record_sentence_features.py) sets it to receive, per ``select_policy`` call,
# every candidate sentence's score parts and the lead and sentences chosen; the hot path only checks it for None
RECORDER: Callable[[dict[str, object]], None] | None = None

@dataclass(frozen=True)
class PolicySentence:
    marker: int  # the passage's [n]
    position: int  # index of the sentence inside its passage
    text: str  # the sentence as the policy words it (cleaned of Markdown)
    score: float
    vec: NDArray[np.float32] | None = field(default=None, compare=False, repr=False)  # its embedding


class SentenceBank:
    """Passage sentences and their embeddings, cached by chunk id (chunks are immutable: the id is a content hash),
    with the embedding of the question each sentence answers (a zero row where the text asks none)."""

    def __init__(self, embedder: Embedder, max_chunks: int = 4096) -> None:
        self.embedder = embedder
        self._cache: OrderedDict[str, tuple[list[str], NDArray[np.float32], NDArray[np.float32]]] = OrderedDict()
        self._max = max_chunks
        self._lock = threading.Lock()

    @property
    def size(self) -> int:
        """Sentences currently cached."""
        with self._lock:
            return sum(len(entry[0]) for entry in self._cache.values())

    def get(self, passages: list[Passage]) -> list[tuple[Passage, list[str], NDArray[np.float32]]]:
        """Each passage with its usable sentences and their embeddings."""
        return [(p, sents, vecs) for p, sents, vecs, _ in self.entries(passages)]

    def entries(self, passages: list[Passage]
                ) -> list[tuple[Passage, list[str], NDArray[np.float32], NDArray[np.float32]]]:
        """``get``'s rows, each with the embeddings of the questions its sentences answer (one row per sentence)."""
        out: dict[str, tuple[list[str], NDArray[np.float32], NDArray[np.float32]]] = {}
        todo: list[tuple[Passage, list[tuple[str, str]]]] = []
        with self._lock:
            for p in passages:
                key = f"{p.chunk_id}:{hash(p.text)}"
                if key in self._cache:
                    self._cache.move_to_end(key)
                    out[key] = self._cache[key]
                else:
                    todo.append((p, answered_questions(p.text, p.section or "")))
        if todo:  # one batched encode for every uncached passage's sentences and questions
            flat = [s for _, pairs in todo for s, _ in pairs]
            asked = sorted({q for _, pairs in todo for _, q in pairs if q})
            vecs = self.embedder.embed_documents(flat + asked) if flat else np.zeros((0, 1), np.float32)
            vecs = np.asarray(vecs, dtype=np.float32)
            of_question = {q: vecs[len(flat) + i] for i, q in enumerate(asked)}
            zero = np.zeros(vecs.shape[1], np.float32)
            start = 0
            with self._lock:
                for p, pairs in todo:
                    key = f"{p.chunk_id}:{hash(p.text)}"
                    n = len(pairs)
                    questions = np.stack([of_question.get(q, zero) for _, q in pairs]) if n else vecs[start:start]
                    entry = ([s for s, _ in pairs], vecs[start : start + n], questions)
                    start += n
                    self._cache[key] = entry
                    out[key] = entry
                    while len(self._cache) > self._max:
                        self._cache.popitem(last=False)
        return [(p, *out[f"{p.chunk_id}:{hash(p.text)}"]) for p in passages]


# a line that is all bold and ends with no stop ("**1. Starter badge**"): a heading over the text below it, never
# the start of its first sentence (a bold question is an FAQ's, a bold lead-in ends with ":")
_BOLD_LINE = re.compile(r"^[ \t]*\*\*([^*\n]*[^*\n.!?:;,])\*\*[ \t]*$", re.M)
_NUMBERED = re.compile(r"^\d{1,2}[.)]\s+")


def usable_sentences(text: str, section: str = "") -> list[str]:
    """The passage's sentences that can stand alone in a reply: no headings, lead-ins, tables or questions. A list of
    ways with no lead-in under a heading "How to X" (``section`` or a heading in the text) is read with "You can X"."""
    return [s for s, _ in answered_questions(text, section)]


def answered_questions(text: str, section: str = "") -> list[tuple[str, str]]:
    """``usable_sentences`` of the passage, each with the question it answers where the text asks one above it (an
    FAQ's "**Can I ...?**", a heading "## What if ...?"), else "". A customer's ask is matched far better by the
    question it repeats than by the answer's own words ("bring it to my cabin?" and "our driver drops it off at ...")."""
    out: list[str] = []
    asked_of: list[str] = []  # the question over each sentence of ``out`` (kept in step with it)
    question = section if section.rstrip().endswith("?") else ""

    def asks(new: str) -> None:  # the sentences said so far answer the question before this one
        nonlocal question
        asked_of.extend([question] * (len(out) - len(asked_of)))
        question = new
    heading = section  # the heading the text under it starts from ("How to cancel"), until a paragraph of its own
    lead: str | None = None  # the lead-in of the list being read ("The warranty does not cover:")
    previous = ""  # the sentence before the lead-in: what "This includes:" refers to
    items: list[str] = []  # the list read so far, for the whole list as one sentence
    either = False  # its items are alternatives ("a, or b")
    kept_last = False  # whether the sentence before this one was kept, as the last one out
    # (a bold heading's own number is dropped: "**1. Starter badge**" would split at "1.")
    source = _BOLD_LINE.sub(lambda m: f"**{_NUMBERED.sub('', m.group(1))}**", _tables_to_sentences(text))
    cursor = 0
    for raw in split_sentences(source):
        asks(question)
        kept, kept_last = kept_last, False
        found = source.find(raw.strip(), cursor)
        same_line = found >= 0 and "\n" not in source[cursor:found]  # no line break since the sentence before
        cursor = found + len(raw.strip()) if found >= 0 else cursor
        first, _, rest = raw.strip().partition("\n")
        if rest.strip() and "\n" not in rest.strip() and not _LIST_ITEM.match(rest) and _BOLD_LINE.fullmatch(first):
            # a bold heading line, then the sentence under it; one with no subject of its own ("Registered to you")
            # is about what the heading names
            heading = first.strip(" *")
            raw = rest if re.match(r"(?:[A-Z][a-z]+\s+)?(?:I|you|we|they|it|he|she|this|these|that|there)\b|"
                                   r"(?:if|when|once|for|after|before|within|every|each|all|any|no|our|your|the|a|an)\b",
                                   rest.strip(), re.I) or (_FINITE.search(rest) and not re.match(r"[A-Z][a-z]+ed\b", rest.strip())) \
                else f"{heading}: {_lower_initial(rest.strip())}"
        faq = _FAQ_QUESTION.match(raw.strip())
        # a question heading its answer ("**What if the dock by my hotel is full?**" + the answer): the answer alone
        s = clean_markdown(faq.group(1) if faq else raw)
        item = bool(_LIST_ITEM.match(raw.split("\n")[-1]))
        if faq:
            asks(clean_markdown(raw.strip()[: faq.start(1)]))
        if raw.strip().startswith("#"):
            heading = raw.strip().lstrip("#").strip()
            asks(heading if heading.endswith("?") else "")
        elif not faq and s.endswith("?") and _line_start(raw, source, found):
            asks(s)  # a question on a line of its own (an FAQ's bold question): what the text under it answers
        elif s and not item and not s.endswith(":"):
            heading = ""
        if item and lead is None and s:
            s = _timed_label(s, heading) or s
            if re.match(r"[£$€]\s?\d", s) and not _FINITE.search(s):
                # "- £8 per night for each extra guest, up to ...": a price with no verb, said as one
                s = f"The charge is {s}"
            elif _EXAMPLES_HEADING.match(heading) and not _EXAMPLE_OPEN.match(s):
                # "## Worked examples" then "- A Basic stay of £240 ...": said as an example, so its figures never
                # read as the customer's own
                s = f"For example, {_lower_initial(s)}"
        how_to = _HOW_TO_HEADING.match(heading)
        if item and lead is None and how_to and _WAY_ITEM.match(s):
            # "## How to cancel" then "- By email to ...": "You can cancel by email to ...", never the bare fragment
            lead = f"You can {how_to.group(1).rstrip('?. ')}:"
        if not item and lead and items:
            out.extend(_whole_list(lead, items, text, either))
        if not item and lead and not items and s and _completes_lead(raw, s, text):
            # "we charge an early termination charge:" then "> ETC = months remaining × price × 80%": the line is what
            # the lead-in says (a formula, a quoted rule), not a heading; said together they answer "how much?"
            out.append(f"{lead} {s.rstrip('.')}.")
            lead, previous, kept_last = None, s, True
            continue
        if s and item and lead:
            if re.search(r"\bor\W*$", s, re.I):
                either = True  # "- a free replacement, or" / "- a full refund": a choice, read with "or"
            s = _LIST_TAIL.sub("", s).rstrip(".")  # "- clearance items priced at 60% or more off," is one item
            items.append(s)
            s = _with_lead(lead, s, text)
        elif not item:
            if s.endswith(":") and (2 <= len(s.split()) <= 30 or _EXAMPLE_LEAD.fullmatch(s)) and "|" not in s:
                lead = _resolved_lead(s, previous)
                if _states_itself(s):  # "The refund goes back to your original payment method:" says something
                    out.append(s[:-1].rstrip() + ".")
            else:
                lead = None
            items, either = [], False
            if s and not s.startswith("#"):
                previous = s
        if not s or s.startswith("#") or "|" in s or s.endswith(":"):
            continue
        if kept and same_line and not item and _EXAMPLE_OPEN.match(out[-1]) and \
                len(out[-1].split()) + len(s.split()) <= EXAMPLE_MAX_WORDS:
            # "Example: you bought a package for £210 and used 2 sessions." + "£210 − (2 × £45) − £20 = £100.": an
            # example's set-up and its working are one fact (either alone is a fragment), said as one sentence
            out[-1] = f"{out[-1].rstrip('.')}; {_lower_initial(s) if not re.match(r'[A-Z][a-z]+ [A-Z]', s) else s}"
            kept_last = True
            continue
        if kept and same_line and not item and _LEANS_BACK.match(s) and \
                len(out[-1].split()) + len(s.split()) <= LEANING_MAX_WORDS:
            # "...we can't hand over the bike. Your hire is then counted as a no-show.": a sentence that leans on the
            # one before ("then", "they", "these payments") is said with it, never alone
            out[-1] = f"{out[-1].rstrip('.')}; {_lower_initial(s)}"
            kept_last = True
            continue
        if kept and same_line and not item and _TAIL_FRAGMENT.match(s):
            # "...rub with a thin layer of oil. Not dishwasher safe.": a verbless tail completes the sentence before it
            # (alone it is too short to stand, and its answer would be lost)
            out[-1] = f"{out[-1]} {s}"
            kept_last = True
            continue
        if raw.strip().startswith("**") and re.match(r"I(?:'m|'ve|\s)", s):
            continue  # an FAQ's question in the customer's voice ("**I lost the lock key. What now?**"): no answer
        if s.endswith("?") or len(s.split()) < 4:
            continue
        if not item and _heading_line(raw, text):  # "Getting started with X" on a line of its own: a title, no answer
            continue
        # fragments of a list that only make sense after their lead-in ("...with a tracked service,")
        if s[0].islower() or re.search(r"(?:[,;]|\b(?:or|and))\W*$", s):
            continue
        if re.match(r"^(?:last updated|effective(?: date)?|updated|version|see also|note to agents)\b", s, re.I):
            continue
        if _BOILERPLATE.match(s):  # the policy's own pleasantries: the reply has its own acknowledgement
            continue
        if _LEAD_IN.search(s):  # "Here is the path your refund follows." only introduces what comes next
            continue
        if item and lead is None and len(re.sub(r"\([^)]*\)", "", s).split()) <= 7 and not re.search(r"[\d:;]", s) and \
                not _FINITE.search(s) and not _ANY_VERB.search(s):
            # a short list item with no lead-in, no verb and no figure names one thing of a list ("Washing machines and
            # clothes dryers" under "Which appliances can be covered"): read alone it says nothing
            continue
        if not s.endswith((".", "!", ")")):
            s += "."
        out.append(s)
        kept_last = True
    if lead and items:
        out.extend(_whole_list(lead, items, text, either))
    asks("")
    return list(zip(out, asked_of))


def _line_start(raw: str, source: str, found: int) -> bool:
    """The sentence starts a line of ``source`` (at ``found``), as an FAQ's question does."""
    before = source[:found] if found >= 0 else ""
    return found >= 0 and (not before.strip(" \t*") or before.rstrip(" \t*").endswith("\n"))


# a heading that says what is timed ("How long we hold your bag"), and a labelled item that is one case's time
# ("At a locker: 5 working days from ...")
_HOW_LONG_HEADING = re.compile(r"^\s*how long\s+(?!(?:do|does|did|is|are|can|will|would|should|must)\b)(.+?)\s*\??\s*$",
                               re.I)
_TIMED_ITEM = re.compile(r"^([A-Z][^:]{1,40}):\s+((?:\d|up to\b|within\b|(?:one|two|three|four|five|six|seven|eight|"
                         r"nine|ten|twelve)\b).+)$")
_PLACE_LABEL = re.compile(r"^(?:at|in|on|for|from|with|by|via|under|over|after|before|during|outside)\b", re.I)


def _timed_label(item: str, heading: str) -> str | None:
    """A labelled list item that is a bare time, read with the heading it answers: "## How long we hold your bag"
    + "At a locker: 5 working days from the date it lands there." -> "At a locker, we hold your bag for 5 working
    days from the date it lands there." (alone, "At a locker: 5 working days" is a
    fragment). None where the heading or the item is not of that form."""
    how_long, timed = _HOW_LONG_HEADING.match(heading), _TIMED_ITEM.match(item)
    if not how_long or not timed:
        return None
    clause = how_long.group(1).rstrip(".")
    clause = clause[0].lower() + clause[1:] if not re.match(r"[A-Z]{2}|I\b", clause) else clause
    label = timed.group(1).strip()
    case = label if _PLACE_LABEL.match(label) else f"For {label[0].lower() + label[1:]}" \
        if not re.match(r"[A-Z][a-z]*[A-Z]|[A-Z]{2}", label) else f"For {label}"
    if re.search(r"\b(?:takes?|lasts?|took)$", clause) and timed.group(2).lower().startswith("within"):
        return None  # "refunds take within 24 hours" is no sentence
    joiner = " " if re.search(r"\b(?:takes?|lasts?|took)$", clause) or re.match(r"(?:up to|within)\b", timed.group(2)) \
        else " for "
    said = f"{case}, {clause}{joiner}{timed.group(2)}"
    return said[0].upper() + said[1:]


# a cross-reference to another page ("(see Safe places and neighbours)"): nothing the customer can follow in a reply
_SEE_REF = re.compile(r"\s*\((?:see|see also)\s+[^()]*\)", re.I)
_SEE_TAIL = re.compile(r"\s*[—–]\s*see\s+[A-Z][^.;:]*(?=\.?\s*$)")
# a sentence that leans on the one before it: "then" after its verb, or a pronoun subject pointing back
_LEANS_BACK = re.compile(r"^(?:(?:\w+\s+){1,3}(?:is|are|was|were|will be|can be|may be) then\b|"
                         r"(?:They|These|Those|This)\s+(?!(?:include|includes|are listed|apply to)\b)\w+|"
                         r"(?:Otherwise|In that case|If not|If so),?\s)")
LEANING_MAX_WORDS = 45
# an FAQ question on its own line above its answer, split into one sentence with it
_FAQ_QUESTION = re.compile(r"^\W*[A-Z][^\n]{2,200}\?\W*\n\s*([A-Z][\s\S]+)$")
# a heading over worked examples ("Examples", "Worked examples", "Examples (no customs duty due)")
_EXAMPLES_HEADING = re.compile(r"^\s*(?:worked |some |more )?examples?\b", re.I)
# a heading that names a way of doing something ("How to cancel", "How do I claim?"), and a list item that is one way
# ("By email to ...", "Using the online form", "In the app: ...")
_HOW_TO_HEADING = re.compile(r"^\s*how (?:to|do i|can i|do you|can you)\s+(.+?)\s*\??\s*$", re.I)
_WAY_ITEM = re.compile(r"^(?:by|using|via|through|in|at|on|online|from|with|over)\b", re.I)
# a worked example's opening ("Example: ...", "Example (Plus): ...", "For example: ...")
_EXAMPLE_OPEN = re.compile(r"^(?:for )?examples?\b[^:.]{0,30}:\s", re.I)
EXAMPLE_MAX_WORDS = 70


# a short verbless statement ending in a full stop ("Not dishwasher safe.", "Free for members.", "Excluding sale
# items."): a tail of the sentence before it in the same paragraph (a short imperative, "Keep the box.", is not one)
_TAIL_FRAGMENT = re.compile(r"^(?:not|no|never|free|only|except|excluding|including|plus|also|both|either|none|unlimited|"
                            r"max(?:imum)?|min(?:imum)?|up to|under|over|from)\b(?: ?[\w/$%-]+){0,3}\.$", re.I)


# an instruction: a verb, then what it acts on ("Restart your router", "Check the spam folder", "Switch it off")
_IMPERATIVE = re.compile(r"^(?!(?:if|when|once|as|after|before|our|your|the|a|an|this|these|that|it|we|you|they|there|all|"
                         r"some|most|each|every|please|only|no|any)\b)[A-Z][a-z]+(?:\s+(?:it|them|off|on|out|up|down|back|in))?"
                         r"\s+(?:your|the|a|an|it|us|our|them|all|any|each|that|this)\b", re.I)


def _completes_lead(raw: str, sentence: str, text: str) -> bool:
    """The line after a lead-in ("...we charge:") that is its content: a quoted line ("> ...") or a formula ("ETC =
    ...", "5 × £36"), on a line of its own and short, which would otherwise be read as a heading and lost."""
    line = raw.strip()
    if "\n" in line or "|" in line or line.startswith("#") or len(sentence.split()) > LEAD_CONTENT_MAX_WORDS:
        return False
    return line.startswith(">") or bool(_FORMULA.search(sentence)) and _heading_line(raw, text)


LEAD_CONTENT_MAX_WORDS = 25
_FORMULA = re.compile(r"\S\s*[=×÷]\s*\S|\d\s*[x*/]\s*\d")


def _heading_line(raw: str, text: str) -> bool:
    """A plain-text heading: a short line of its own (a line break after it) that ends with no punctuation, as page
    titles and section names are written where the text has no markdown ("Define your landscape", "Getting started
    with the console")."""
    line = raw.strip()
    if not line or "\n" in line or line[-1] in ".!?:;,)\"'”" or len(line.split()) > HEADING_MAX_WORDS:
        return False
    at = text.find(line)
    return at >= 0 and bool(re.match(r"[ \t]*\n", text[at + len(line):]))


HEADING_MAX_WORDS = 12
_LIST_TAIL = re.compile(r"\s*(?:[,;]\s*(?:(?:and|or)\s*)?|\s(?:and|or))\W*$", re.I)
_POINTING_LEAD = re.compile(r"^(?:this|these|they|it|those) (?:includes?|covers?|means?|are|is|apply|applies)\b", re.I)
WHOLE_LIST_MAX_ITEMS = 6
WHOLE_LIST_MAX_WORDS = 30


def _states_itself(lead: str) -> bool:
    """A lead-in that is a statement of its own, not only an opening for its list: a whole clause with a verb."""
    head = lead.rstrip(":").strip()
    return (len(head.split()) >= 5 and bool(_FINITE.search(head)) and not _OPEN_HEAD.search(head)
            and not _POINTING_LEAD.match(head) and not _FOLLOWING.search(head) and not _CLOSED_HEAD.search(head)
            and not _LEAD_IN.search(head + ".") and not _SUBORDINATE_LEAD.match(head)
            and not re.match(r"^(?:how|what|which|where|why|who|unless|as long as)\b", head, re.I)
            and not re.search(r"\b(?:that|which|who)\b", head, re.I)
            # "Each stay is sold at one of two rates:" counts what the list names: alone it says nothing
            and not re.search(r"\b(?:two|three|four|five|six|several|a few|a number of|these)\s+(?:[a-z-]+\s+)?[a-z-]+$",
                              head, re.I))


def _lower_initial(text: str) -> str:
    """``text`` with its first letter lowered to run on inside a sentence, unless its first word is an abbreviation
    or a name written with inner capitals ("UK branches", "PayPal"): "uK branches" is no word."""
    if not text or re.match(r"^(?:[A-Z]{2,}|[A-Z][a-z]+[A-Z])", text):
        return text
    return text[0].lower() + text[1:]


def _resolved_lead(lead: str, previous: str) -> str:
    """A lead-in that points back ("This includes:") said with what it points at: "Items marked Final Sale cannot be
    returned; this includes:", so each item read with it keeps its meaning."""
    if _POINTING_LEAD.match(lead) and previous and not previous.endswith((":", "?")) and len(previous.split()) <= 20:
        return f"{previous.rstrip('.!')}; {_lower_initial(lead)}"
    return lead


def _whole_list(lead: str, items: list[str], text: str, either: bool = False) -> list[str]:
    """A short list as one sentence with its lead-in ("The warranty does not cover: a, b and c."): the answer to
    "what does it cover?" is the list, not one item of it. Long lists stay item by item."""
    if len(items) < 2 or len(items) > WHOLE_LIST_MAX_ITEMS or any(":" in i for i in items):
        return []
    body = ", ".join(items[:-1]) + (" or " if either else " and ") + items[-1]
    if len(body.split()) > WHOLE_LIST_MAX_WORDS:
        return []
    return [_with_lead(lead, body, text, max_words=WHOLE_LIST_MAX_WORDS)]


_GENERIC_HEADS = set(
    "credit debit card cards standard express expedited next items item orders order gift sale chat phone email e-mail "
    "returns refunds shoes electronics opened unopened members online in-store store bank digital "
    "international domestic clothing jackets coats furniture large small most all other new".split()
)
# the content of a label that tells the customer what to do ("Text messages: reply STOP ..."): said "For text
# messages, reply STOP ...", never "Text messages means reply STOP ..."
_LABEL_INSTRUCTION = re.compile(
    r"(?:reply|select|call|send|use|visit|go|choose|contact|ask|e-?mail|text|write|click|tap|open|log|sign|enter|pay|"
    r"bring|return|check|take|keep|print|fill|complete|follow|book|request|cancel|update|add|remove|turn|switch|press|"
    r"download|install|upload|attach|drop|post|ring|message|chat|phone|tell|let|make|set|find|scan|show|quote|include|"
    r"mark|tick|allow|wait|contact)\b")
_IMPERATIVE_HEADS = {"never", "always", "do", "don't", "avoid", "please", "remember", "use", "keep", "check", "try", "make"}
# a head that is itself a clause ("The usual conditions apply: ...") is not a label
_CLAUSE_HEAD = re.compile(r"^(?:the|this|these|it|we|you|our|your|if|when|there)\b|\b(?:is|are|apply|applies|has|have|must|can|will|do|does)\b", re.I)
# a sentence whose content is only where to read more ("See our warranty terms for what is covered", "The full list is
# on our page about non-returnable items"): it never leads, and goes when a sentence that says it is chosen
_POINTER = re.compile(
    r"^(?:please )?(?:see|read|visit|check(?: out)?|refer to|look at)\s+(?:our|the|this|that|these)\b|"
    # "See Delivery charges and times.": a page named by its title
    r"^(?:please )?(?:see|read|refer to)\s+(?-i:[A-Z\"“*])|"
    r"^(?:for|to learn) (?:more|full|further|all)\b[^.]{0,60}\b(?:see|visit|read|go to|check)\b|^learn more\b|"
    r"\b(?:is|are|can be found) (?:on|in) (?:our|the) (?:\w+ )?(?:page|article|guide|section|terms|policy|faq)\b", re.I)


def pointer_only(sentence: str) -> bool:
    """The sentence only sends the reader to other text: a pointer with no number, rule detail or contact in it."""
    return bool(_POINTER.search(sentence)) and not _NUMBERS.search(sentence) and not _CONTACT_DETAIL.search(sentence)


_CROSS_REFERENCE = re.compile(r"\bsee (?:our|the) (?:page|article|guide|section|notice)\b|\bfor (?:more|details)\b.*\bsee\b|"
                              # "...; see international orders." ends by sending the reader elsewhere
                              r"[;:(]\s*see (?:also )?[\w' -]{3,40}\W*$", re.I)
CROSS_REFERENCE = _CROSS_REFERENCE  # a sentence that sends the reader to another page for the answer
# a pointer outside the quoted sentence ("the countries listed above", "this page"): meaningless in a reply
DANGLING_REFERENCE = re.compile(
    r"\b(?:listed|shown|described|mentioned|explained|detailed|set out|outlined)\s+(?:above|below|here)\b|"
    r"\b(?:above|below)\b(?!\s+(?:the|a|an|\d|zero|freezing|average))|\bthis (?:page|article|section|guide|table)\b|"
    r"\bthe (?:following|table|list)\b(?!\s+(?:day|week|month|business))", re.I)
# a sentence that opens by pointing at the one before it ("In that time", "After that", "This means"): read alone in a
# reply, what it points at is missing
ANAPHORIC_START = re.compile(
    r"^(?:(?:in|during|within|after|before|by|at|from|for) (?:that|this|those|these|which) (?:time|period|case|point|window|"
    r"stage|step|date|way)\b|after that\b|before that\b|until then\b|by then\b|in (?:that|this|which) case\b|"
    r"(?:this|that|these|those) (?:means?|is|are|was|were|includes?|applies|apply|covers?|happens?)\b|"
    r"(?:this|that|these|those|such) (?:items?|orders?|cases?|products?|rules?|steps?|charges?|options?)\b|"
    r"(?:also|otherwise|however|then|instead)\b,?|"
    # "You can then return the car at any fuel level": then, after the step before it
    r"(?:[\w'-]+ ){1,3}(?:can|could|will|would|may|might|must|should) then\b)", re.I)
ANAPHORA_PENALTY = 0.1
_BOILERPLATE = re.compile(
    r"^(?:we(?:'re| are) (?:so |very |really )?sorry|we want you to|we know (?:how|that)|we understand|thank you for|"
    r"this (?:page|article|guide|section) (?:explains|describes|covers|tells)|read on|it is very rare|"
    r"we hope|happy shopping)\b|"
    # the policy saying how a situation feels ("A declined payment is frustrating, especially when..."): the reply's
    # acknowledgement says that in its own words, and the sentence states no rule
    r"^(?:(?:a|an|the|your|it|this|that)\s+)?(?:\w+[ -]){0,4}(?:is|are|can be|must be|feels?)\s+(?:so |very |really |"
    r"quite )?(?:frustrating|annoying|worrying|stressful|upsetting|disappointing|confusing|inconvenient|"
    r"scary|alarming)\b",
    re.I,
)


_LEAD_IN = re.compile(
    r"^(?:here(?:'s| is| are)|the following|below (?:is|are)|these are the)\b(?!.*\d)[^.]{0,60}\.$|\bas follows\.$|"
    r"^here(?:'s| is| are) (?:how|what|when|where|why|which)\b[^.]*\.$", re.I)

# What the question asks for: a number (how long, how much, when) or the steps (how do I).
_WANTS_NUMBERS = re.compile(
    r"\bhow (?:long|much|many|often|soon|quickly|far)\b|\bwhen\b|\bwhat time\b|\b(?:cost|costs|price|fee|fees|charge|"
    r"deadline|time ?limit|too late|how late|days?|weeks?|months?|hours?|minimum|maximum|limit)\b|"
    # "where is my refund?" is answered by how long each stage takes
    r"\bwhere(?:'s| is| are) (?:my|the|our)\b", re.I)
_WANTS_STEPS = re.compile(
    r"\bhow (?:do|can|should|would) (?:i|we)\b|\bhow to\b|\bwhere (?:do|can) i\b|\bsteps?\b|\bwhat (?:do|should) i do\b|"
    r"\bprocess\b", re.I)
_NUMBERS = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|once|twice|half|daily|weekly|monthly|yearly|annual)\b",
    re.I)
_CONDITIONS = re.compile(r"\b(?:only|unless|if|within|until|before|after|at least|up to|as long as|once|except)\b", re.I)
_STEPS = re.compile(  # an instruction opening the sentence, or its main clause after a condition ("If you have
    # no backup codes, contact our support team")
    r"^(?:(?:if|when|once|after|unless)\b[^,.]{3,120},\s*)?(?:please\s+)?(?:go to|open|select|choose|click|tap|sign in|log in|enter|print|drop|pack|use|start|visit|call|email|send|stop|"
    r"keep|register|contact|bring|take|do not|don't|make sure|include|attach|fill|complete|reply|wait|follow|request)\b|"
    r"\b(?:select|choose|click|tap|go to)\b|\w+ > \w+", re.I)
# a yes/no question ("can I...?", "do they expire?") is answered by a rule: can / cannot / do not / never / only
_YES_NO_QUESTION = re.compile(
    r"^\W*(?:(?:so|and|but|also|ok|okay|then)\s+)?(?:can|could|may|do|does|did|is|are|will|would|should|must|"
    r"is there|are there)\b", re.I)
_RULE = re.compile(
    r"\b(?:cannot|can't|can not|may not|must not|do not|don't|does not|doesn't|is not|are not|never|only|not (?:eligible|"
    r"allowed|available|accepted|covered)|no (?:fees?|charge|cost)|free|must|can be|may be|are eligible|is eligible)\b", re.I)
SPECIFIC_BONUS = 0.06  # a sentence with the kind of detail the question asks for
NEIGHBOUR_SPAN = 2  # elaboration: sentences this close to the best one, in the same passage


# where the question itself starts in an ask that opens with what the customer states ("the boots are too small, can I
# swap them?"): after a comma, colon, dash or emoticon, a question word
_QUESTION_START = re.compile(r"(?:[,:;)(]|\s-|\bso\b|\band\b|\bbut\b)\s*(?=(?:can|could|may|do|does|did|is|are|will|would|"
                             r"should|must|how|what|when|where|why|which|who)\b)|"
                             # "... we land friday around 5pm can we collect the boats that evening??": a question run on
                             # from a statement with no mark between them, its verb and subject turned round
                             # (never inside "what can I do?")
                             r"(?<=[a-z0-9])(?<!what)(?<!how)(?<!where)(?<!when)(?<!why)(?<!which)(?<!who)"
                             r"\s+(?=(?:can|could|may|do|will|would|should)\s+(?:i|we|u)\s+\w)", re.I)


def question_clause(ask: str) -> str:
    """The ask from its question word on, where a statement leads it and the ask ends with a question mark."""
    text = ask.strip()
    if not text.endswith("?") or _YES_NO_QUESTION.match(text) or re.match(r"\W*(?:how|what|when|where|why|which|who)\b",
                                                                          text, re.I):
        return text
    start = _QUESTION_START.search(text) or _PURPOSE_LEAD.match(text)
    return text[start.end():].strip() if start else text


# "So to stop it happening again can I pay by card?": a purpose the customer gives before the question itself
_PURPOSE_LEAD = re.compile(r"^\W*(?:(?:also|and|so|but|just)\s+)*(?:in order\s+)?to\s+[a-z]+\b[^?,;:]{0,80}?\s+"
                           r"(?=(?:can|could|may|do|does|is|are|will|would|should)\s+(?:i|we|you|u)\b)", re.I)


def question_wants(question: str) -> tuple[bool, bool]:
    """Whether the question asks for numbers (how long / how much / when) and for steps (how do I)."""
    return bool(_WANTS_NUMBERS.search(question)), bool(_WANTS_STEPS.search(question))


def _specific(sentence: str, wants_numbers: bool, wants_steps: bool, wants_rule: bool = False) -> bool:
    """The sentence carries a detail that answers a question's specifics: a number, a condition, a step or (for a
    yes/no question) a rule."""
    if _NUMBERS.search(sentence) or _CONDITIONS.search(sentence):
        return True
    return (wants_steps and bool(_STEPS.search(sentence))) or (wants_rule and bool(_RULE.search(sentence)))


_FINITE = re.compile(r"\b(?:can|cannot|can't|must|may|will|should|is|are|was|were|has|have|do|does|follow|follows|get|gets|"
                     r"need|needs|take|takes|go|goes|apply|applies|work|works|stay|stays|become|becomes|mean|means|cost|"
                     r"costs|ship|ships|arrive|arrives|expire|expires|depend|depends|stop|stops|earn|earns)\b", re.I)
# a verb beyond ``_FINITE``'s: "we", "you" or "it" before a word, a past form, a common act
_ANY_VERB = re.compile(r"\b(?:we|you|it|they)\s+\w+|\b\w+ed\b|\b(?:includ|cover|pay|charg|refund|replac|repair|send|"
                       r"book|call|email|visit|return|keep|bring|use|add|offer|give)\w*\b", re.I)
_FOLLOWING = re.compile(r"\bthe following(?: (?:items?|products?|things?|cases?))?\b", re.I)
_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_SUBORDINATE_LEAD = re.compile(r"^(?:while|when|if|during|after|before|once|until|for|with|unless)\b", re.I)


_EXAMPLE_LEAD = re.compile(r"\W*(?:for\s+)?(?:examples?|instance|e\.g\.)(?:\s+\w+){0,2}\s*:\s*", re.I)


def _with_lead(lead: str, item: str, text: str, max_words: int = 30) -> str:
    """A list item read with its lead-in, so it keeps its meaning on its own: "The warranty does not cover:" +
    "Accidental damage." -> "The warranty does not cover accidental damage." (without it, the item would
    read as covered)."""
    if _EXAMPLE_LEAD.fullmatch(lead):
        # "Examples:" then "- Fibre 500, 5 months remaining: 5 × £36.00 × 0.8 = £144.00": said on its own, an example's
        # figures would read as the customer's own
        return f"For example, {item.rstrip('.')}."
    if ":" in item or re.match(r"^[^–—:]{1,40}\s[–—]\s", item) or len(item.split()) > max_words:
        return item  # a labelled item ("Credit cards: ...", "Basic rate – paid ...") already stands alone
    if item[:1].isupper() and _FINITE.search(item) and not _FOLLOWING.search(lead):
        return item  # "- Opened electronics can be returned within 15 days." is a sentence of its own
    first = item.split()[0]
    word = re.escape(first.strip(",.;"))
    proper = (first[1:].lower() != first[1:] or re.search(r"[a-z,;] " + word + r"\b", text)
              or (len(re.findall(r"\b" + word + r"\b", text)) >= 2 and not re.search(r"\b" + word.lower() + r"\b", text)))
    body = item if proper else item[0].lower() + item[1:]
    head = lead[:-1].rstrip()
    following = _FOLLOWING.search(head)
    if following:  # "the following can only be returned if unopened:" -> "earbuds can only be returned if unopened"
        joined = head[:following.start()] + body + head[following.end():]
        joined = joined[0].upper() + joined[1:]
        return joined if joined.endswith((".", "!", ")")) else joined + "."
    # "While paused:" is a bare condition (join with a comma); "Once we have reviewed it, you can choose:" ends
    # in its own verb, and the item is its object
    bare_condition = _SUBORDINATE_LEAD.match(head) and "," not in head and len(head.split()) <= 5
    if bare_condition:
        joined = f"{head}, {body}"
    elif (_CLOSED_HEAD.search(head) and not _OPEN_HEAD.search(head)) or _LABEL_HEAD.match(head) or (
            re.match(r"(?:you|we|they|it|there)\b", body, re.I) and not _OPEN_HEAD.search(head)):
        # (an item that is a clause of its own, "you didn't make the payment", after a whole clause: a colon)
        # "you have two options: refuse the delivery" (a whole clause names what follows); "Rules that apply to
        # every code: only one code per order" (a noun and its relative clause label the item, never run into it)
        joined = f"{head}: {body}"
    else:
        joined = f"{head} {body}"  # "The warranty does not cover accidental damage"
    return joined if joined.endswith((".", "!", ")")) else joined + "."


# a lead-in that is a whole clause ending in what it names ("Some products have a shorter window", "you have two
# options"): its items follow a colon; one that ends in a verb or preposition ("does not cover", "This includes")
# reads straight on into its item
_LABEL_HEAD = re.compile(r"^(?!(?:the|this|these|those|it|we|you|they|there)\b)[A-Za-z-]+(?: [A-Za-z-]+)? (?:that|which|who)\b"
                         r"(?!.*\b(?:of|to|for|with|by|from|in|on|as|like|include|includes|cover|covers|are|is|be)$)", re.I)
_CLOSED_HEAD = re.compile(r"\b(?:has|have|there (?:is|are)|offer|offers|get|gets)\b.*\b(?:options?|ways?|choices?|window|"
                          r"rules?|steps?|things?|requirements?|conditions?|benefits?|methods?|exceptions?|types?|kinds?)$",
                          re.I)
_OPEN_HEAD = re.compile(r"\b(?:of|to|for|with|by|from|in|on|between|among|such as|as|like|when|if|where|because|that|which|who|unless|include|includes|including|cover|covers|choose|"
                        r"are|is|be|can|may|must|need|needs)$", re.I)


def _tables_to_sentences(text: str) -> str:
    """Rows of a table ("Standard | 5 to 7 business days | $5.99") become sentences that name their columns
    ("For Standard, delivery time after shipping: 5 to 7 business days; cost: $5.99."): tables hold key facts."""
    if "|" not in text:
        return text
    out: list[str] = []
    header: list[str] | None = None
    for line in text.split("\n"):
        if "|" in line:
            cells = [without_abbreviation_stops(c).strip() for c in line.strip().strip("|").split("|")]
            if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
                continue  # Markdown separator row
            if header is None:
                header = cells
                continue
            # (a dash cell says nothing, as ``Row.values`` reads it: the two forms must match for the row's wording)
            pairs = [(h, c) for h, c in zip(header[1:], cells[1:]) if c and not re.fullmatch(r"[–—-]+", c)]
            if cells and cells[0] and pairs:
                body = "; ".join(f"{_lower_initial(h)}: {c}" if h else c for h, c in pairs)
                out.append(f"For {cells[0]}, {body}.")
            continue
        if line.strip():
            header = None
        out.append(line)
    return "\n".join(out)


def clean_markdown(sentence: str) -> str:
    s = re.sub(r"(?m)^\s*#+[^\n]*(?:\n|$)", "", sentence).strip()  # heading lines glued to a sentence
    s = re.sub(r"^(?:[-*•]\s+|\d+[.)]\s+|>\s*)", "", s)
    s = re.sub(r"^(?:A|Answer):\s*", "", s)
    s = s.replace("**", "").replace("__", "")
    s = re.sub(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])", r"\1", s)  # *Settings > Roaming*: emphasis, not text
    s = re.sub(r"`([^`]*)`", r"\1", s)
    s = re.sub(r"\[([^\]]+)\]\((?:[^)]+)\)", r"\1", s)  # Markdown links keep their words
    s = re.sub(r"\s+", " ", s)
    return s.strip()


@lru_cache(maxsize=16384)
def content_words(text: str) -> frozenset[str]:
    """Lower-cased content words of three letters or more (grounding's tokenizer and stopwords); cached, as every
    draft reads the same policy sentences."""
    return frozenset(w.lower() for w in grounding_words(text) if len(w) > 2)


def select_policy(
    bank: SentenceBank,
    passages: list[Passage],
    query_vec: NDArray[np.float32],
    query_words: AbstractSet[str],
    *,
    max_sentences: int,
    question: str = "",
    exclude: frozenset[tuple[int, int]] = frozenset(),
    boost_words: frozenset[str] = frozenset(),
    prefer_windows: bool = False,
    window_events: AbstractSet[str] = frozenset(),
    ask_vec: NDArray[np.float32] | None = None,
    avoid: list[NDArray[np.float32]] | None = None,
    about: str = "",
    objects: Sequence[tuple[str, NDArray[np.float32]]] = (),
    inapplicable: AbstractSet[tuple[int, int]] = frozenset(),
    own_case: Mapping[tuple[int, int], float] | None = None,
    places: Sequence[Place] = (),
) -> list[PolicySentence]:
    """The 1..max_sentences sentences that best answer the question, without repeating each other.

    Each sentence of every passage (list items with their lead-in, table rows as sentences) is scored by how
    well it answers: the cosine to the question alone (``ask_vec``; the embedder was trained on question ->
    answer pairs, so context words would only dilute it), blended with the cosine to the question in its
    context (``query_vec``), the share of the question's distinctive words it (or its section heading) holds,
    weighted by how rare each word is among the candidates ("paypal", "veterans"), whether it carries the kind
    of answer asked for (a period for "how long", an amount for "how much", a rule for "can I", steps for "how
    do I"), how close it is in meaning to the thing the customer names (``objects``: "earbuds" is answered by the
    headphones' warranty period, not by the repair fee for products out of warranty) and the passage's retrieval
    score. Sentences that only restate a chosen one (or one in ``avoid``,
    said for an earlier ask) are skipped. When room is left, the best sentence's neighbour in its own passage
    that gives the detail (period, limit, condition, step) follows it. Returned grouped by passage (passages in
    order of their best sentence) and in reading order within a passage, so the reply follows the policy's logic.
    ``inapplicable``: (marker, position) of sentences never chosen, rules the customer's own facts rule out (the
    opened-item window for an item still in its box). ``own_case``: a bonus for (marker, position) of sentences
    that are the rule for the case the customer states ("If you have no backup codes" to "I don't have backup
    codes"; the amount they quote), which serve the ask better than its words alone show.
    """
    wants_numbers, wants_steps = question_wants(question)
    wants_rule = bool(_YES_NO_QUESTION.match(question_clause(question))) and not wants_steps
    kind = answer_kind(question)
    if kind == "duration" and _DEADLINE_ASK.search(question):
        kind = "deadline"  # "how long do I have?": the time left to act, not how long something takes
    entries = [e for e in bank.entries(passages) if e[1]]
    bank_rows = [(p, sents, vecs) for p, sents, vecs, _ in entries]
    asked_of = {p.marker: questions for p, _, _, questions in entries}
    # the distinctive words of an ask (a whole message of statements names too much to weigh its words)
    key = key_words(about) if about else set()
    # "what will I have to pay?": the answer is a sum (a sentence stating one gets the amount bonus), and the
    # money word of the question only says so ("pay" in a sentence about how to pay says nothing about how much);
    # a money word around the ask ("you're CHARGING me storage") still names what it is about
    # (only for a question read as asking nothing in particular: "does a return cost anything?" is answered by the
    # sentence that says what it costs, its money word a fair match)
    sum_asked = kind == "any" and bool(_WHAT_TO_PAY.search(question))
    bonus_kind = "amount" if sum_asked else kind
    if sum_asked:
        asked_words = {family(w) for w in content_words(question)}
        key = {w for w in key if not (family(w) in _MONEY_WORDS and family(w) in asked_words)}
    weights = _rarity(key, bank_rows)
    telling = {w for w in key if family(w) not in _LIGHT_STEMS}  # "send it back" names nothing by itself
    blend = 0.0 if ask_vec is None else (BLEND[2] if len(telling) >= 2 else BLEND[1] if telling else BLEND[0])
    asked = _stems(set(query_words) | key | content_words(question))  # what the customer's words name
    focus = _focus_objects(objects, bank_rows)
    asked_amounts = money_amounts(question)
    context_stems = _stems(set(query_words) | boost_words)  # what the customer says around the ask (their plan)
    candidates: list[tuple[float, Passage, int, str, NDArray[np.float32]]] = []
    windowed: set[tuple[int, int]] = set()  # (marker, position) of the windows their dates are measured against
    rec: dict[tuple[int, int], dict[str, object]] | None = {} if RECORDER is not None else None
    fit: dict[tuple[int, int], float] = {}  # how well each sentence serves the ask itself (cosine + its words)
    on_object: dict[tuple[int, int], float] = {}  # its cosine to the thing the customer names
    for passage, sentences, vecs in bank_rows:
        sims = vecs @ query_vec
        own = vecs @ ask_vec if ask_vec is not None else sims
        # an FAQ's answer matches the ask itself (not the message around it, which its question was never written
        # for) as well as its question does (less a margin: a question near the ask's can
        # still ask something else), where the answer itself is about what is asked at all (questions alike in form,
        # "could you bring the boats here?" and "do you repair my boats?", are close whatever they ask); a zero row (no
        # question above the sentence) changes nothing
        questions = asked_of[passage.marker]
        q_own = questions @ (ask_vec if ask_vec is not None else query_vec)
        raw_own = own
        own = np.where(own >= QUESTION_FLOOR, np.maximum(own, q_own - QUESTION_MARGIN), own)
        # how close each sentence is to the things the customer names (the closest of them); a thing the ask names
        # itself is already in its cosine, one it points at ("is that covered?") is not
        near = [vecs @ v for _, v in focus]
        thing = np.max(np.stack(near), axis=0) if near else np.zeros(len(sentences))
        pointed = [x for x, (name, _) in zip(near, focus) if not _names(question, name)] if _POINTS_BACK.search(
            question) else []
        thing_bonus = np.max(np.stack(pointed), axis=0) if pointed else np.zeros(len(sentences))
        heading = _stems(content_words(f"{passage.section}"))
        for i, (sentence, sim, sim_ask, sim_thing, sim_pointed) in enumerate(zip(sentences, sims, own, thing,
                                                                                  thing_bonus)):
            if (passage.marker, i) in inapplicable:
                continue  # a rule for another case than the customer's (see ``inapplicable`` in the docstring)
            if (passage.marker, i) in exclude and not (kind in _CHECKABLE and bears_kind(kind, sentence)):
                continue  # already said for an earlier ask (kept only as a possible answer to this one too, below)
            overlap = len(query_words & content_words(sentence)) / max(3, len(query_words)) if query_words else 0.0
            lexical = _word_match(weights, _stems(content_words(sentence)), heading)
            meaning = blend * float(sim_ask) + (1 - blend) * float(sim) + OBJECT_WEIGHT * float(sim_pointed)
            score = meaning + LEXICAL * lexical + OVERLAP * min(1.0, overlap * 2) + 0.15 * float(passage.score)
            if len(sentence.split()) < 7:  # short generic lines ("Your tracking number is active.") answer little
                score -= 0.08
            if _CROSS_REFERENCE.search(sentence):  # "see our page on..." answers nothing by itself
                score -= 0.12
            if DANGLING_REFERENCE.search(sentence) and not _holds_its_list(sentence):
                # "listed above" points at text the reply does not hold, unless the list can be said with it
                score -= 0.05 if _referent_in(sentence, passage, bank_rows) else 0.2
            elif ANAPHORIC_START.match(sentence):  # "In that time you can..." leans on the sentence before it
                score -= ANAPHORA_PENALTY
            if _out_of_scope(sentence, asked):  # "For international returns, ..." to a customer who never said so
                score -= SCOPE_PENALTY
            if boost_words and boost_words & _all_words(sentence):  # e.g. the customer's tier or destination ("EU")
                score += 0.06
            key_only = _row_by_key_only(sentence, question, context_stems)
            if key_only:  # the row of the customer's own plan, whose columns hold nothing the ask asks about
                score -= KEY_ONLY_ROW_PENALTY
            same_amount = bool(asked_amounts) and bool(asked_amounts & money_amounts(sentence)) and not key_only
            if same_amount:  # "why did my bill go up by £2?": the rule that states £2 is what they are asking about
                score += SAME_AMOUNT_BONUS
            # only a window their dates measure: none counted from an event they did not date ("of our notice", "from
            # the day your service goes live" to a customer who gives only their order)
            deadlines = [w for w in windows_in(sentence, deadlines_only=True) if w.anchor is None
                         or w.anchor in window_events] if prefer_windows else []
            # (a window answers "how much?" only where it says the amount too: "a full refund within 10 days")
            dated_window = bool(deadlines) and (kind != "amount" or bool(_AMOUNT_BEARING.search(sentence)))
            anchored = dated_window and any(w.anchor in window_events for w in deadlines)
            if dated_window:  # their dates need the window
                windowed.add((passage.marker, i))
                score += WINDOW_BONUS
                if anchored:
                    # counted from the very event they dated ("ordered yesterday" and "within 1 hour of placing it")
                    score += ANCHORED_WINDOW_BONUS
            score += _kind_bonus(bonus_kind, sentence, wants_numbers, wants_steps, wants_rule, anchored)
            theirs = own_case.get((passage.marker, i), 0.0) if own_case else 0.0
            score += theirs
            # a window their dates can be measured against serves the ask ("can I still...?") whatever its words
            fit[(passage.marker, i)] = (float(sim_ask) + 0.3 * lexical + OBJECT_WEIGHT * float(sim_pointed)
                                        + (SERVES_ASK if dated_window else 0.0) + (SAME_AMOUNT_BONUS if same_amount else 0.0)
                                        + theirs - (KEY_ONLY_ROW_PENALTY if key_only else 0.0))
            on_object[(passage.marker, i)] = float(sim_thing)
            candidates.append((score, passage, i, sentence, vecs[i]))
            if rec is not None:
                rec[(passage.marker, i)] = {
                    "score": score, "sim": float(sim), "sim_ask": float(sim_ask), "blend": blend,
                    "meaning": meaning, "lexical": lexical, "overlap": min(1.0, overlap * 2),
                    "retrieval": float(passage.score), "short": float(len(sentence.split()) < 7),
                    "cross_ref": float(bool(_CROSS_REFERENCE.search(sentence))),
                    "dangling": float(bool(DANGLING_REFERENCE.search(sentence)) and not _holds_its_list(sentence)),
                    "anaphoric": float(bool(ANAPHORIC_START.match(sentence))),
                    "out_of_scope": float(_out_of_scope(sentence, asked)),
                    "boost": float(bool(boost_words and boost_words & _all_words(sentence))),
                    "key_only": float(key_only), "same_amount": float(same_amount),
                    "window": float(dated_window), "anchored": float(anchored),
                    "kind_bonus": _kind_bonus(bonus_kind, sentence, wants_numbers, wants_steps, wants_rule, anchored),
                    "own_case": theirs, "fit": fit[(passage.marker, i)], "on_object": float(sim_thing),
                    "pointed": float(sim_pointed), "pointer": float(pointer_only(sentence)),
                    "position": float(i), "n_words": float(len(sentence.split())), "text": sentence,
                    "raw_ask": float(raw_own[i]), "q_ask": float(q_own[i]), "has_q": float(bool(questions[i].any())),
                    "marker": float(passage.marker)}
    if not candidates:
        return []
    candidates = _by_quoted_amount(candidates, fit, money_amounts(f"{question} {about}"))
    if rec is not None:
        for c in candidates:  # the score after the quoted-sum re-scoring
            rec[(c[1].marker, c[2])]["score_final"] = c[0]
            rec[(c[1].marker, c[2])]["fit_final"] = fit[(c[1].marker, c[2])]
    candidates.sort(key=lambda c: (-c[0], c[1].marker, c[2]))
    # a pointer to other text never leads while a sentence that says something answers well enough
    pointers = [c for c in candidates if pointer_only(c[3])]
    if pointers and len(pointers) < len(candidates):
        candidates = [c for c in candidates if not pointer_only(c[3])] + pointers
        if candidates[0][0] < MIN_BEST_SCORE:
            candidates = sorted(candidates, key=lambda c: (-c[0], c[1].marker, c[2]))
    best = candidates[0][0]
    said = candidates[0]
    if best < MIN_BEST_SCORE and (said[1].marker, said[2]) in exclude and kind in _CHECKABLE and \
            bears_kind(kind, said[3]) and best >= MIN_BEST_SCORE * 0.8:
        # the row said for an earlier ask carries this one's answer too ("How long does the express take, and how
        # much does it cost?": the row with both); nothing else comes close, and nothing is added
        return _recorded(rec, passages, question, said, [PolicySentence(said[1].marker, said[2], said[3],
                                                                        round(best, 4), said[4])])
    if best < MIN_BEST_SCORE:
        return _recorded(rec, passages, question, None, [])
    best_fit = fit[(candidates[0][1].marker, candidates[0][2])]
    top_object = on_object.get((candidates[0][1].marker, candidates[0][2]), 0.0)
    # the lead may move to a sentence that bears the kind of answer asked for, never to one about another thing than
    # the best one is about ("Products from other brands are covered..." for "are my earbuds covered?")
    leads = [candidates[0]] + [c for c in candidates[1:] if not (
        focus and top_object >= OBJECT_NAMED and on_object.get((c[1].marker, c[2]), 0.0) < top_object - OFF_OBJECT_GAP
        and not any(_names(c[3], name) for name, _ in focus) and _names_other_thing(c[3], asked))]
    lead = _answer_bearing_lead(leads, fit, kind,
                                reported_failure=bool(_FAILURE_SAID.search(f"{question} {about}")), asked=asked,
                                windowed=windowed if _ASKS_IF_STILL.search(question) else frozenset())
    if own_case and own_case.get((lead[1].marker, lead[2]), 0.0) <= 0:
        # the rule written for the case the customer states leads the general one near it that serves the ask no
        # better ("If ... a member of their family dies, we give a full refund" before the Saver rate's terms)
        lead_fit = fit[(lead[1].marker, lead[2])]
        lead = next((c for c in leads if c[0] >= lead[0] - LEAD_MARGIN and own_case.get((c[1].marker, c[2]), 0.0) > 0
                     and fit[(c[1].marker, c[2])] >= lead_fit), lead)
    if (lead[1].marker, lead[2]) in exclude:
        # a sentence said for an earlier ask already carries this one's answer ("How long does Standard take, and
        # how much is it?": the row with both): it answers this ask too, and nothing is added
        return _recorded(rec, passages, question, lead,
                         [PolicySentence(lead[1].marker, lead[2], lead[3], round(lead[0], 4), lead[4])])
    candidates = [c for c in candidates if (c[1].marker, c[2]) not in exclude]
    if lead is not candidates[0]:  # the direct answer leads; the near-miss that only shares words may still follow
        candidates.remove(lead)
        candidates.insert(0, lead)
        best_fit = max(best_fit, fit[(lead[1].marker, lead[2])])
    earlier = list(avoid or [])
    lead_object = on_object.get((lead[1].marker, lead[2]), 0.0)

    def off_object(cand) -> bool:  # noqa: ANN001
        """About another thing than the one the customer names, where the direct answer is about that thing: its
        cosine to the thing well under the answer's, and no word of the thing in it."""
        return bool(focus) and lead_object >= OBJECT_NAMED and \
            on_object.get((cand[1].marker, cand[2]), 0.0) < lead_object - OFF_OBJECT_GAP and \
            not any(_names(cand[3], name) for name, _ in focus) and _names_other_thing(cand[3], asked)

    chosen: list[tuple[float, Passage, int, str, NDArray[np.float32]]] = []
    if len(candidates) > 1 and max_sentences >= 3:
        # a single ask with room for several sentences: the direct answer's own passage goes on with it, its sentences
        # outranking one of another section that scores about as well (the reply stays on the section that answers),
        # unless they are about another thing than the customer's ("Cats must travel in a carrier" for their dog)
        own_thing = not _names_other_thing(lead[3], asked)  # the direct answer is about a thing the customer names
        rest = [(c[0] + SAME_SECTION_BONUS, *c[1:]) if c[1].marker == lead[1].marker and not (
            own_thing and _names_other_thing(c[3], asked) and _subject_stems(c[3]).isdisjoint(_subject_stems(lead[3])))
            else c for c in candidates[1:]]
        candidates = [candidates[0]] + sorted(rest, key=lambda c: (-c[0], c[1].marker, c[2]))
    for cand in candidates:
        if len(chosen) >= max_sentences:
            break
        # the second sentence may trail the best by RELATIVE_WINDOW; later ones must stay closer
        window = RELATIVE_WINDOW if len(chosen) < 2 else RELATIVE_WINDOW * 0.6
        if cand[0] < max(MIN_BEST_SCORE * 0.8, best - window):
            continue
        if chosen and fit[(cand[1].marker, cand[2])] < best_fit - SERVES_ASK:
            continue  # scores well on the context, but does not answer what was asked
        if chosen and cand[1].marker != chosen[0][1].marker and float(cand[4] @ chosen[0][4]) < SAME_SUBJECT and \
                fit[(cand[1].marker, cand[2])] < fit[(chosen[0][1].marker, chosen[0][2])] - OFF_SUBJECT_FIT:
            continue  # from another passage, about something else than the answer, and no better fit for the ask itself
            # (shoes beside swimwear, a pricing-error clause beside the price-drop rule)
        if chosen and _FAQ_REPLY.match(cand[3]):
            continue  # "No, we do not...": a FAQ's reply to its own question, which is not this ask's
        if chosen and any(_parallel_for_other(cand, c, asked) for c in chosen):
            continue  # "underwear ... can only be returned sealed" beside the same rule for the swimwear they asked about
        if chosen and (pointer_only(cand[3]) or off_object(cand)):
            # "See our warranty terms for what is covered" beside the sentence that says it; the rule for another
            # product kind or brand beside the rule for the thing the customer named
            continue
        if chosen and not completes(kind, cand[3], chosen[0][3]) and not (
                kind not in _CHECKABLE and telling and _stems(telling) <= _stems(content_words(cand[3]))):
            # related, but adds no part of this ask's answer (no period, amount, rule, step or condition); a yes/no or
            # open question is also answered by a plain statement naming all it asks about ("Orders to PO boxes are
            # sent by post" for "do you deliver to PO boxes?"), a "how long" one is not
            continue
        if _repeats(cand, chosen, earlier):
            # the same rule said with its number ("within 1 hour" for "for a short time"): the precise one is said
            vague = next((i for i, c in enumerate(chosen) if _repeats(cand, [c], []) and _more_precise(cand[3], c[3])),
                         None)
            if vague is not None and cand[0] >= chosen[vague][0] - PRECISE_MARGIN and not _repeats(cand, [], earlier):
                chosen[vague] = cand
            continue
        chosen.append(cand)
    if not chosen:
        return _recorded(rec, passages, question, lead, [])
    if own_case and own_case.get((lead[1].marker, lead[2]), 0.0) > 0 and len(chosen) < max_sentences \
            and chosen[0] is lead:
        # the rule for the customer's own case goes on in its next sentence ("If you believe a parcel was stolen ...,
        # report it to the police" -> "We handle the replacement or refund in the same way as a lost parcel"), which
        # shares few of their words
        after = next((c for c in candidates if c[1].marker == lead[1].marker and c[2] == lead[2] + 1), None)
        if after is not None and after not in chosen and not pointer_only(after[3]) and not _FAQ_REPLY.match(after[3]) \
                and not off_object(after) and not _repeats(after, chosen, earlier) and not any(
                    _parallel_for_other(after, c, asked) for c in chosen):
            chosen.insert(1, after)
    chosen = _rows_of_the_page_asked(chosen, _stems(telling))
    chosen = _without_other_rows(chosen, asked | _stems(boost_words), places)
    chosen = _with_antecedents(chosen, candidates, max_sentences)
    chosen = _with_referents(chosen, candidates, max_sentences)
    if len(chosen) < max_sentences:
        extra = _elaboration(candidates, chosen, wants_numbers, wants_steps, wants_rule)
        if extra is not None and not _repeats(extra, chosen, earlier) and _continues(extra[3], chosen[0][3], key) and \
                not _FAQ_REPLY.match(extra[3]) and not off_object(extra) and not pointer_only(extra[3]) and \
                not any(_parallel_for_other(extra, c, asked) for c in chosen):
            chosen.append(extra)
    # the answer's own next sentence, where it finishes the last one said from its passage with the time it takes, an
    # address or a path ("...we must verify your identity." -> "Removing it this way takes up to 2 business days.";
    # "... it is a scam." -> "Please report it to security@..."); a looser sentence of another passage makes room
    from_lead = sorted((c for c in chosen if c[1].marker == chosen[0][1].marker), key=lambda c: -c[2])
    last, follow = from_lead[0], None
    for said in from_lead if max_sentences > 1 else []:  # the last one said first, then the earlier ones
        follow = _finishing(candidates, chosen, said)
        if follow is not None:
            last = said
            break
    if follow is not None and not _repeats(follow, chosen, earlier) and not off_object(follow) and \
            not any(_parallel_for_other(follow, c, asked) for c in chosen):
        others = [c for c in chosen[1:] if c[1].marker != chosen[0][1].marker]
        weakest = min(others, key=lambda c: fit[(c[1].marker, c[2])]) if others else None
        if len(chosen) >= max_sentences and weakest is not None and \
                fit[(weakest[1].marker, weakest[2])] < fit[(last[1].marker, last[2])]:
            chosen.remove(weakest)
        if len(chosen) < max_sentences:
            chosen.append(follow)
    if len(chosen) < max_sentences:
        # "we cannot do that here": the way the customer can do it follows the refusal
        route = _route_after_refusal(candidates, chosen, fit, best_fit) if kind != "steps" else None
        if route is not None and not _repeats(route, chosen, earlier) and not off_object(route):
            chosen.append(route)
            follow = _finishing(candidates, chosen, route) if len(chosen) < max_sentences else None
            if follow is not None and not _repeats(follow, chosen, earlier):
                chosen.append(follow)
    # (rows added above for things they do not name, or name only in part, are left out again: "Multi-fuel stove
    # (coal or logs)" beside their "Wood stove")
    chosen = _without_other_rows(chosen, asked | _stems(boost_words), places)
    # the direct answer's passage first, then the others by how well their sentences answer the ask itself (not by
    # how many of the message's words they share), each in the policy's reading order
    serves: dict[int, float] = {}
    for c in chosen[1:]:
        serves[c[1].marker] = max(serves.get(c[1].marker, -1.0), fit.get((c[1].marker, c[2]), 0.0))
    serves[chosen[0][1].marker] = float("inf")
    order = sorted(serves, key=lambda m: -serves[m])
    passage_rank = {m: i for i, m in enumerate(order)}
    # the direct answer first (with the sentence it leans on, if any), then the rest in the policy's reading order
    top = chosen[0]
    # (a direct answer that leans back follows its passage's sentences before it: "We don't charge it if ..." after
    # the sentence that names the charge)
    first = {(top[1].marker, top[2])} | ({(c[1].marker, c[2]) for c in chosen if c[1].marker == top[1].marker
                                          and top[2] - 3 <= c[2] < top[2]} if _leans_back(top[3]) else set())
    if kind == "steps" or (re.match(r"^(?:if|when|once|after)\b", top[3], re.I) and any(
            c[1].marker == top[1].marker and c[2] < top[2] and _IMPERATIVE.match(c[3]) for c in chosen)):
        # steps are said in the order the procedure gives them: "Restart the router" before "If the lights stay red
        # after 5 minutes, ..." (a step that follows an earlier one)
        first = set()
    chosen.sort(key=lambda c: (passage_rank[c[1].marker], (c[1].marker, c[2]) not in first, c[2]))
    return _recorded(rec, passages, question, lead,
                     [PolicySentence(c[1].marker, c[2], c[3], round(c[0], 4), c[4]) for c in chosen])


# a table row read as a sentence: "For European Union, standard postage is £8, ..."
_ROW_READ = re.compile(r"^For (?P<key>[^,:;]{2,60}),")


def _row_key(sentence: str, passage: Passage) -> str | None:
    """The key of the table row ``sentence`` reads out, where it is one of ``passage``'s tables."""
    m = _ROW_READ.match(sentence)
    if not m:
        return None
    key = m.group("key").strip()
    return key if re.search(rf"^\|\s*\**{re.escape(key)}\**\s*\|", passage.text, re.M) else None


def _without_other_rows(chosen: list, named: AbstractSet[str], places: Sequence[Place]) -> list:  # noqa: ANN001
    """``chosen`` without the rows of the direct answer's table whose keys the customer does not name, where the
    direct answer is the row they do name (their zone, their plan) or the area their place lies in ("European Union"
    for Lyon): "For North America, ..." after "For European Union, ..." tells another customer's price. ``named``:
    the stems of the customer's words; ``places``: the places they name."""
    if not chosen:
        return chosen
    lead = chosen[0]
    key = _row_key(lead[3], lead[1])
    if key is None:
        return chosen
    if not (_stems(content_words(key)) & named or any(_names_area(key, p) for p in places)):
        return chosen
    def share(row_key: str) -> float:  # how much of a key the customer names ("boiler" of "Bio-oil burner (oil boiler)")
        words = _stems(content_words(row_key))
        return len(words & named) / len(words) if words else 0.0

    # (another row is theirs too where they name it as fully as the lead's, or most of it)
    enough = min(0.5, share(key))
    return [c for c in chosen if c is lead or c[1].marker != lead[1].marker or (
        (other := _row_key(c[3], c[1])) is None or (share(other) > 0 and share(other) >= enough)
        or any(_names_area(other, p) for p in places))]


def _rows_of_the_page_asked(chosen: list, telling: AbstractSet[str]) -> list:  # noqa: ANN001
    """``chosen`` without a row for the same thing from another page than the one the ask's own words name: "For
    Wood stove, ..." of the fitting prices beside the same row of the sweeping prices, for "what does the yearly
    sweep cost for our wood stove?" (``telling``: the stems of the ask's naming words). Nothing is
    left out where the ask names both pages, or neither."""
    keys = [(_row_key(c[3], c[1]) or "").lower() for c in chosen]
    drop: set[int] = set()
    for key in {k for k in keys if k and keys.count(k) > 1}:
        group = [i for i, k in enumerate(keys) if k == key]
        if len({chosen[i][1].doc_id for i in group}) < 2:
            continue
        # (what the ask names beside the thing itself: "yearly sweep" of "the yearly sweep for our wood stove")
        rest = set(telling) - _stems(content_words(key))
        named = [i for i in group if _stems(content_words(f"{chosen[i][1].title} {chosen[i][1].section}")) & rest]
        if 0 < len(named) < len(group):
            drop |= set(group) - set(named)
    return [c for i, c in enumerate(chosen) if i not in drop]


def _names_area(key: str, place: Place) -> bool:
    """Whether a row's key is the customer's place or an area it lies in."""
    return any(names_in(key, area) for area in (place.name, *place.areas()))


def _recorded(rec: dict[tuple[int, int], dict[str, object]] | None, passages: list[Passage], question: str,
              lead: tuple | None, chosen: list[PolicySentence]) -> list[PolicySentence]:  # noqa: ANN001
    """``chosen``, after handing the call's candidates to ``RECORDER`` where a study script set one."""
    if rec is not None and RECORDER is not None:
        RECORDER({"question": question, "candidates": rec, "passages": passages,
                  "lead": None if lead is None else (lead[1].marker, lead[2]),
                  "chosen": [(s.marker, s.position) for s in chosen]})
    return chosen


SCOPE_PENALTY = 0.15
QUESTION_MARGIN = 0.05  # an FAQ answer's cosine to the ask is its question's cosine to it less this (see select_policy)
QUESTION_FLOOR = 0.25  # ... where its own cosine to the ask is at least this
# the sum the customer quotes picks the rule they mean ("why was I charged £10?": the £10 failed-payment fee, not the £12
# late-payment charge or the £40 compensation rows beside it): sentences stating other sums, and the other sentences of a
# passage whose sums are all others ("We don't charge it if ..." under the £12 charge), lose this much where a
# sentence that serves the ask states the quoted sum
OTHER_AMOUNT_PENALTY = 0.15
QUOTED_AMOUNT_FIT = 0.45  # the fit to the ask a sentence stating the quoted sum needs to stand for the rule meant


def _by_quoted_amount(candidates: list, fit: dict, quoted: frozenset[float]) -> list:  # noqa: ANN001
    """``candidates`` (and ``fit``, in place) re-scored for the sum the customer quotes (see OTHER_AMOUNT_PENALTY):
    unchanged where no candidate that serves the ask states it (a sum of theirs, "my £78 bill", names no rule)."""
    if not quoted:
        return candidates
    sums = {(c[1].marker, c[2]): money_amounts(c[3]) for c in candidates}
    if not any(sums[k] & quoted and fit[k] >= QUOTED_AMOUNT_FIT for k in sums):
        return candidates
    by_passage: dict[int, frozenset[float]] = {}
    for (marker, _), found in sums.items():
        by_passage[marker] = by_passage.get(marker, frozenset()) | found
    out = []
    for c in candidates:
        key = (c[1].marker, c[2])
        own, around = sums[key], by_passage[c[1].marker]
        if (own and not own & quoted) or (not own and around and not around & quoted):
            fit[key] -= OTHER_AMOUNT_PENALTY
            c = (c[0] - OTHER_AMOUNT_PENALTY, *c[1:])
        elif own & quoted:
            fit[key] += SAME_AMOUNT_BONUS
            c = (c[0] + SAME_AMOUNT_BONUS, *c[1:])
        out.append(c)
    return out


KEY_ONLY_ROW_PENALTY = 0.25  # a table row matched only by its key, the customer's own plan (see _row_by_key_only)
# a table row read cell by cell ("For Fibre 500 (broadband), monthly price: £36.00; minimum term: 24 months.")
_NAME_WORDS = 4  # a plan or product name is short ("Fibre 500", "Mobile Plus"); a longer key states a case
_ROW_SENTENCE = re.compile(r"^For (?P<key>[^,:;]+), (?P<body>[^:;]+: .+)$")


def _row_by_key_only(sentence: str, question: str, context: AbstractSet[str]) -> bool:
    """A table row whose only tie to the ask is its key, the customer's own plan or product named around the ask
    ("I'm on Fibre 500 ... how much to get out of my contract?"): it restates their plan's price and term, and none
    of its columns holds a word the ask asks about. The key is a boost among rows that answer, never the reason to
    choose a row. A row whose key the ask itself names ("how much is Fibre 900?") or whose columns hold the ask's
    words ("what's my minimum term?") answers."""
    m = _ROW_SENTENCE.match(sentence)
    if not m or not question:
        return False
    full_key = _stems(content_words(m["key"]))
    bare = re.sub(r"\([^)]*\)", " ", m["key"]).split()  # "Fibre 500 (broadband)": its name, not its kind
    # (a count joined to its noun, "4-bed detached", "2-seater", describes the case, as a band does: no name)
    if not bare or len(bare) > _NAME_WORDS or not (any(w[0].isdigit() and not re.fullmatch(r"\d+\+?-[a-z]+", w)
                                                       for w in bare) or
                                                   sum(w[0].isupper() for w in bare) >= 2) or band_of(m["key"]):
        return False  # a key naming a case ("Less than 24 hours before the slot starts", "Cracked screen"), not a plan
    name = _stems(content_words(" ".join(bare)))
    clause = question_clause(question)
    if not name or name <= _stems(content_words(clause)) or not full_key & context:
        return False
    rest = _stems(telling_words(clause)) - full_key
    return bool(rest) and rest.isdisjoint(_stems(content_words(m["body"])))
SAME_SECTION_BONUS = 0.08  # a further sentence of the direct answer's own passage, when the ask has room for several
OWN_CASE_BONUS = 0.15  # the rule for the case the customer states ("If you have no backup codes")
FIGURE_BONUS = 0.15  # a sentence stating the very share the customer quotes ("15% less"): as telling as their case
SAME_AMOUNT_BONUS = 0.1  # a sentence stating the very sum the question names
_MONEY = re.compile(r"[$€£]\s?(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)(?!\d)")


@lru_cache(maxsize=16384)
def _all_words(text: str) -> frozenset[str]:
    """Every word of the text, lower-cased, short ones too: an area the customer's place lies in is often two
    letters ("EU", "UK")."""
    return frozenset(w.lower() for w in re.findall(r"[A-Za-z][\w-]*", text))


def money_amounts(text: str) -> frozenset[float]:
    """The sums of money a text names, as numbers ("£2" and "£2.00" are the same sum)."""
    return frozenset(float(m.group(1).replace(",", "")) for m in _MONEY.finditer(text))


WINDOW_BONUS = 0.1  # a deadline the customer's own dates can be measured against
ANCHORED_WINDOW_BONUS = 0.1  # ... counted from the event the customer dated
_ALTERNATIVES = re.compile(r",\s*|\s+or\s+", re.I)
_NAMES_JOINED = re.compile(r"\S+(?:\s\S+)?\s+and\s+\S+(?:\s\S+)?")
_ASIDE = re.compile(r"\s*\([^()]*\)")
_PREPOSITION = re.compile(r"^(?:for|on|with|during|in)\s", re.I)
_MAIN_CLAUSE = re.compile(r"(?:^|\s)(?:we|you|they|there|our\s+\w+)\s+(?!and\b|or\b)", re.I)
_SCOPE_LIST = re.compile(r"^(?:for|in|on|with|during)\s+((?:[^,:;.]{1,30},\s+)+[^,:;.]{1,40}?\s(?:or|and)\s[^,:;.]{1,40}),",
                         re.I)
_SCOPE = re.compile(r"^(?:for|if|when|once|on|with|during|after|in)\s+([^,:;]{3,60}),", re.I)
_UNRESTRICTING_WORDS = ("you your have has order orders item items customer customers account time parcel product products "
                        "payment purchase some most any all every this that").split()
# a sentence whose subject is a pronoun for something the sentence before it names ("If it has expired, request a new
# one." after "The link is valid for 30 minutes.")
_PRONOUN_START = re.compile(r"^(?:(?:if|when|once|unless|until|after|before|but|and|so)\s+)?(?:it|they|them|this|that|"
                            r"these|those|its|their)\b(?!\s+(?:is|are) (?:not )?(?:possible|important|best|worth|easy)\b)",
                            re.I)


# "the countries listed above", "the options shown below": a noun and the pointer that places it elsewhere on the page
_POINTED_NOUN = re.compile(r"\b(?:the|these|those|any|all)\s+((?:\w+\s+){0,2}?(\w+))\s+"
                           r"(?:listed|shown|described|mentioned|explained|detailed|set out|outlined|named|given)\s+"
                           r"(above|below|earlier|here)\b", re.I)
# a bare "above"/"below" after a noun ("Delivery times below are counted..."): the noun reads the same without it
_BARE_POINTER = re.compile(r"(?<=[a-z]s)\s+(?:above|below)\b(?=\s+(?:are|is|apply|applies|were|was|cover|covers|can|"
                           r"may|must|will)\b|[,.;])", re.I)
_LIST_LIKE = re.compile(r"(?:[^,]+,){1,}[^,]+\b(?:and|or)\b", re.I)


def _holds_its_list(sentence: str) -> bool:
    """ "Ask for two of the following: the order number, ..." names what it points at itself."""
    m = DANGLING_REFERENCE.search(sentence)
    return m is not None and bool(re.match(r"[^:.]{0,40}:\s*\S", sentence[m.end():]))


def _referent_in(sentence: str, passage: Passage, rows: list) -> bool:  # noqa: ANN001
    """A sentence of the same document lists the things the sentence points at ("the countries listed above")."""
    m = _POINTED_NOUN.search(sentence)
    if m is None or m.group(3).lower() == "here":
        return False
    noun = family(m.group(2))
    return any(p.doc_id == passage.doc_id and _LIST_LIKE.search(x) and noun in _stems(content_words(x))
               and not _POINTED_NOUN.search(x) for p, sents, _ in rows for x in sents)


def without_pointer(sentence: str) -> str:
    """The sentence without wording that points elsewhere on the page ("listed above", a bare "below"), when it
    reads the same without it; unchanged otherwise."""
    s = _POINTED_NOUN.sub(lambda m: m.group(0)[: m.start(3) - m.start(0)].rsplit(None, 1)[0], sentence)
    return _BARE_POINTER.sub("", s)


def _with_referents(chosen: list, candidates: list, max_sentences: int) -> list:  # noqa: ANN001
    """A chosen sentence that points at a list elsewhere on its page ("we ship to the countries listed above") is said
    with that list: the sentence of the same document that names the noun and lists things (before it for "above",
    after it for "below"), its pointer then reads "these countries". Without such a sentence the pointer wording is
    dropped when the sentence reads the same without it."""
    out = list(chosen)
    for c in chosen:
        m = _POINTED_NOUN.search(c[3])
        if c not in out or (m is None and not _BARE_POINTER.search(c[3])):
            continue
        referent = None
        if m is not None and m.group(3).lower() in ("above", "below", "earlier"):
            noun = family(m.group(2))
            after = m.group(3).lower() == "below"
            found = [o for o in candidates if o[1].doc_id == c[1].doc_id and o is not c and _LIST_LIKE.search(o[3])
                     and noun in _stems(content_words(o[3])) and not _POINTED_NOUN.search(o[3])
                     and (o[1].marker != c[1].marker or (o[2] > c[2]) == after)]
            # the same passage first (its order is the page's), then the nearest in score
            found.sort(key=lambda o: (o[1].marker != c[1].marker, abs(o[2] - c[2]), -o[0]))
            referent = found[0] if found else None
        i = out.index(c)
        if referent is not None and m is not None:
            text = c[3][: m.start()] + "these " + m.group(1) + c[3][m.end():]
            out[i] = (c[0], c[1], c[2], text[0].upper() + text[1:], c[4])
            if not any((o[1].marker, o[2]) == (referent[1].marker, referent[2]) for o in out):
                if len(out) >= max_sentences:
                    spare = [o for j, o in enumerate(out) if j not in (0, i)]
                    if not spare:
                        out[i] = c  # no room for the list: the pointer goes instead
                        out[i] = (c[0], c[1], c[2], without_pointer(c[3]), c[4])
                        continue
                    out.remove(min(spare, key=lambda o: o[0]))
                # said just before the pointing sentence (within a passage the reply follows the page's order)
                out.insert(out.index(next(o for o in out if o[1] is c[1] and o[2] == c[2])), referent)
        else:
            out[i] = (c[0], c[1], c[2], without_pointer(c[3]), c[4])
    return out


# the definite subject of a sentence ("The joining fee is a one-off charge ..."): what "It" after it stands for
_DEFINITE_SUBJECT = re.compile(r"^((?:The|Your|Our)\s+(?:[a-z-]+\s+){0,3}?[a-z-]+)\s+(?:is|are|was|were|can|will|must|"
                               r"costs?|covers?|applies|apply|has|have|includes?|lasts?|runs?)\b")


def _leans_back(sentence: str) -> bool:
    return bool(_PRONOUN_START.match(sentence) or ANAPHORIC_START.match(sentence))


def _named_subject(sentence: str, before: str) -> str | None:
    """The sentence with its opening "It"/"They" replaced by the definite subject of the sentence before it ("It is
    waived if ..." after "The joining fee is a one-off charge ..." -> "The joining fee is waived if ..."); None when
    either is not of that form."""
    subject = _DEFINITE_SUBJECT.match(before)
    m = re.match(r"^(It|They)\s+(is|are|was|were|can|will|must|cannot|can't|doesn't|don't|does|do|has|have|"
                 r"costs?|covers?|applies|apply|lasts?|runs?)\b", sentence)
    if subject is None or m is None or (m.group(1) == "They") != bool(re.search(r"s$", subject.group(1))):
        return None
    return subject.group(1) + sentence[len(m.group(1)):]


def _with_antecedents(chosen: list, candidates: list, max_sentences: int) -> list:  # noqa: ANN001
    """Each chosen sentence that leans on the one before it in its passage comes with that sentence, so the reply
    never says "it" for something it does not name; with no room left, the least relevant other sentence (never the
    best one) makes way."""
    by_place = {(c[1].marker, c[2]): c for c in candidates}
    out = list(chosen)
    for c in chosen:
        if c not in out or not _leans_back(c[3]):
            continue
        before = by_place.get((c[1].marker, c[2] - 1))
        if before is None or any((o[1].marker, o[2]) == (before[1].marker, before[2]) for o in out):
            continue
        if len(out) >= max_sentences:
            spare = [o for o in out[1:] if o is not c]
            if not spare:  # room for one sentence only: "It" named by the subject of the sentence before it
                named = _named_subject(c[3], before[3])
                if named is not None:
                    out[out.index(c)] = (c[0], c[1], c[2], named, c[4])
                continue
            out.remove(min(spare, key=lambda o: o[0]))
        out.append(before)
    return out

def _out_of_scope(sentence: str, asked: AbstractSet[str]) -> bool:
    """The sentence opens with a case ("For international returns,", "If you paid with PayPal,") that names something
    the customer's words do not: a rule for someone else."""
    # (what a parenthesis says is an aside: "For Small van (up to 2 t, diesel), price: $80" is a row)
    sentence = _ASIDE.sub("", sentence)
    m = _SCOPE_LIST.match(sentence) or _SCOPE.match(sentence)  # ("For hull, paint or storm repairs," is one case)
    clause = _MAIN_CLAUSE.search(m.group(1)) if m and _PREPOSITION.match(sentence) else None
    if m and clause:
        # "In Kessel and Brant we bring the boats to your cabin, ...": the case ends where the sentence's own
        # subject starts
        return _names_unasked(m.group(1)[: clause.start()], asked)
    if not m or re.match(r"\s*[^.;:]{0,40}:", sentence[m.end():]):
        # a subject narrowed to a case ("Products that are out of warranty or damaged accidentally can be repaired for
        # a fee"): a rule for someone in that case
        m = _RESTRICTED_SUBJECT.match(sentence)
        if not m:
            return False  # a table row read as a sentence ("For Next Day, delivery time: 1 business day") is an answer
        return _names_unasked(m.group(1), asked, alternatives=False)  # ("out of warranty or damaged": both its case)
    return _names_unasked(m.group(1), asked)


def _names_unasked(case: str, asked: AbstractSet[str], *, alternatives: bool = True) -> bool:
    """The case names something (a word of 4 letters or more, not one as wide as "order") the customer's words do not;
    a case of ``alternatives`` ("For Germany or Austria,", "In Kessel and Brant") is theirs where they name one."""
    wide = {family(w) for w in _UNRESTRICTING_WORDS}
    # ("and" joins names, "Kessel and Brant", or conditions that must all hold, "you paid by card and it is lost")
    ones = [x for part in _ALTERNATIVES.split(case) for x in (
        re.split(r"\s+and\s+", part) if _NAMES_JOINED.fullmatch(part.strip()) else [part]) if x.strip()] \
        if alternatives else [case]
    return all({family(w) for w in content_words(one) if len(w) >= 4} - wide - asked for one in ones)


# "<things> that are <case> can/are/get...": the case (group 1) is what the subject is narrowed to
_RESTRICTED_SUBJECT = re.compile(r"^(?:[A-Z][\w-]*\s+){0,4}?[\w-]+\s+(?:that|which|who)\s+(?:are|were|is|was|have|has|had)"
                                 r"\s+(?:been\s+)?([^,;:]{3,60}?)\s+(?:can|cannot|may|must|will|are|is|get|qualify|need)\b")


PRECISE_MARGIN = 0.1  # a precise restatement may score this much under the vague sentence it replaces


def _more_precise(sentence: str, other: str) -> bool:
    """The sentence states a number (a period, amount, limit) that the other, saying the same thing (most of its words),
    does not."""
    vague = _stems(content_words(other))
    same = len(vague & _stems(content_words(sentence))) >= PRECISE_OVERLAP * max(1, len(vague))
    return same and bool(_NUMBERS.search(sentence)) and not _NUMBERS.search(other)


PRECISE_OVERLAP = 0.6  # share of the vague sentence's words the precise one must repeat


def _continues(detail: str, rule: str, key: set[str]) -> bool:
    """The detail is about what was asked or what the rule it follows is about (not a neighbouring topic)."""
    stems = _stems(content_words(detail))
    # a short word of the rule ("Pay" in "Apple Pay") is too weak a tie: "payment" shares its family
    ruled = _stems({w for w in content_words(rule) if len(w) > 3}) - _stems(_QUESTION_FILLER)
    return bool(stems & _stems(key)) or bool(stems & ruled)


BLEND = (0.2, 0.35, 0.5)  # weight of the ask-alone cosine for asks naming 0, 1, 2+ distinctive things
LEXICAL = 0.15  # weight of the ask's distinctive words (by rarity among the candidates)
OVERLAP = 0.1  # weight of the plain word overlap with the ask in its context
SERVES_ASK = 0.22  # a further sentence must answer the ask itself nearly as well as the best one
 # a further sentence must answer the ask itself nearly as well as the best one
KIND_BONUS = 0.07  # a sentence that carries the kind of answer the question wants

_DURATION_ANSWER = re.compile(
    rf"{_NUMBERS.pattern}[\s-]*(?:\w+[\s-]+)?(?:minute|hour|day|week|month|year|business day)s?\b|\b(?:same|next)[ -]day\b|"
    r"\b(?:immediately|right away|straight away|at once|before|until|after|by)\b", re.I)
_AMOUNT_ANSWER = re.compile(r"[$€£]\s?\d|\d+(?:\.\d+)?\s?%|\b(?:free|no (?:charge|cost|fee)|fees?|costs?|charged?|price|"
                            r"discount|off)\b", re.I)
_LIST_WANTED = re.compile(r"\bwhat (?:do|does|will|would) (?:i|we|you|members?) (?:actually )?get\b|\bwhich\b|"
                          r"\bwhat (?:are|is) (?:the|my|your) (?:options|benefits|perks|choices|ways|methods)\b|"
                          r"\b(?:options|benefits|perks|methods|accept|take)\b", re.I)


# "what will I have to pay to leave?", "what will we be charged?"
_WHAT_TO_PAY = re.compile(r"\bwhat (?:am|are|will|would|do|does|did|should|must)\s+(?:i|we|they)\b[^.?!]{0,25}\b(?:pay|owe|"
                          r"charged)\b", re.I)
_MONEY_WORDS = {family(w) for w in "pay paid paying cost costs charge charged charges price prices fee fees owe".split()}


def answer_kind(question: str) -> str:
    """What the answer must carry: duration, amount, rule (yes/no), steps, list or any."""
    q = question_clause(question)
    if not q:
        return "any"
    if re.search(r"\bhow much\b|\bcost\b|\bprice\b|\bfees?\b|\bcharge\b|\bdiscount\b|"
                 r"\bpay (?:extra|more|anything|for (?:the |it|that|this|shipping|postage|delivery|return))", q, re.I):
        return "amount"
    timed = re.search(r"\bhow (?:long|soon|quickly|late|many days)\b|\bwhen\b|\bwhat time\b|\bdeadline\b|\btoo late\b|"
                      r"\bwhere(?:'s| is| are) (?:my|the|our)\b", q, re.I)
    if timed and not (timed.group().lower() == "when" and explaining_when(q)):
        return "duration"
    if _WANTS_STEPS.search(q):
        return "steps"
    if _LIST_WANTED.search(q):
        return "list"
    if _YES_NO_QUESTION.match(q):
        return "rule"
    return "any"


_CHECKABLE = ("duration", "deadline", "amount", "steps")  # kinds whose answer a sentence visibly carries or not
# a case where the usual thing has not happened: "If you have not received...", "If it has been more than 10 days..."
_CONTINGENCY = re.compile(r"^(?:if|when|should)\b[^,;:]{0,160}?\b(?:not|never|no longer|more than|still|missing|lost|"
                          r"fails?|failed|declined|expired|wrong)\b", re.I)
# the customer says something has gone wrong ("still no refund", "hasn't arrived", "never got")
_FAILURE_SAID = re.compile(r"\b(?:not|no|never|nothing|still|hasn'?t|haven'?t|didn'?t|doesn'?t|isn'?t|wasn'?t|won'?t|can'?t|"
                           r"missing|lost|late|yet|wrong|broken|failed|declined|expired)\b", re.I)
_FAQ_REPLY = re.compile(r"^(?:yes|no|yep|nope|sure|absolutely|unfortunately not)\b\W", re.I)
SAME_SUBJECT = 0.5  # cosine to the direct answer under which a sentence of another passage is about something else
OFF_SUBJECT_FIT = 0.05  # ... kept still when it fits the ask itself nearly as well as the direct answer
LEAD_FIT_MARGIN = 0.22  # ... and fit the ask itself within this of it (the embedder rates "how long do I have?" poorly)
LEAD_MARGIN = 0.12  # an answer-bearing sentence may score this much under the best one and still lead
# a sentence this close under the best one that fits the ask itself this much better leads instead
CLOSER_LEAD_MARGIN, CLOSER_LEAD_GAIN = 0.05, 0.15
_DURATION_BEARING = re.compile(
    rf"{_NUMBERS.pattern}[\s-]*(?:\w+[\s-]+)?(?:minute|hour|day|week|month|year)s?\b|\b(?:same|next)[ -](?:business )?day\b|"
    r"\b(?:immediately|right away|straight away|at once|overnight)\b|"
    # "when the item ships", "once we receive it": an event answers "when?" as well as a period does
    r"\b(?:when|once|as soon as|until|after|before) (?:the|your|it|we|you|they|our)\b|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}\b|\b\d{1,2}:\d{2}\b|\b\d{1,2} ?[ap]\.?m\b", re.I)
# what a deadline answer says: "you have 72 hours to", "until January 15", "no later than" (and "within 14 days of
# delivery" when ``windows_in`` reads it as a deadline: "within 3 to 5 business days" is often a processing time)
_DEADLINE_BEARING = re.compile(
    rf"\b(?:you have|no later than|not later than|until|by)\s+(?:the\s+)?(?:{_NUMBERS.pattern}|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d)|\b(?:last|final) day\b", re.I)
_DEADLINE_ASK = re.compile(r"\bhow long (?:do|have|did) (?:i|we|you|they)(?: \w+)? (?:have|got)\b|\blast day\b|\bdeadline\b|"
                           r"\btoo late\b|\buntil when\b|\bhow late\b|\bby when\b|\btime limit\b", re.I)
_AMOUNT_BEARING = re.compile(
    r"[$€£¥]\s?\d|\d\s?(?:USD|EUR|GBP|dollars?|euros?|pounds?)\b|\d+(?:\.\d+)?\s?%|\bfree\b|"
    r"\bno (?:extra |additional )?(?:charge|cost|fee)s?\b|\bat no (?:extra |additional )?cost\b|\bcosts? nothing\b|"
    r"\b(?:do not|don't|does not|doesn't|never|will not|won't) (?:pay|charge)\b|\bfull (?:refund|price)\b", re.I)
_RULE_BEARING = re.compile(
    r"\b(?:can|cannot|can't|may|must|only|never|need to|needs to|have to|has to|required|not (?:eligible|allowed|"
    r"available|accepted|covered|possible|returnable)|(?:is|are) (?:eligible|allowed|available|accepted|covered)|"
    r"free|no (?:fees?|charge|cost)|do not|does not|don't|doesn't|unless)\b", re.I)


_CONTACT_DETAIL = re.compile(r"\S@\S|https?://|\bwww\.|\w >|\+?\d[\d -]{6,}\d")
_EXCEPTION = re.compile(r"\b(?:cannot|can't|can not|not|never|no longer|except|excluding|instead|but)\b", re.I)


def bears_kind(kind: str, sentence: str) -> bool:
    """The sentence carries the kind of answer a question wants: a period or time for "how long / when", an amount
    (or "free") for "how much", a rule (can / cannot / must / only) for "can I...?", an action for "how do I...";
    questions of any other kind are answered by meaning alone."""
    if kind == "duration":
        return bool(_DURATION_BEARING.search(sentence))
    if kind == "deadline":
        return bool(_DEADLINE_BEARING.search(sentence) or windows_in(sentence, deadlines_only=True))
    if kind == "amount":
        return bool(_AMOUNT_BEARING.search(sentence))
    if kind == "rule":
        return bool(_RULE_BEARING.search(sentence))
    if kind == "steps":  # what to do, or where to go to do it ("through https://...", "in Account > Orders")
        return bool(_STEPS.search(sentence) or _CONTACT_DETAIL.search(sentence) or _WHERE_TO_DO.search(sentence))
    return True


# where the customer does it themselves: "You can switch to online bills at any time in the app under Billing
# preferences" (a way, worded as what they can do, and the menu it is under)
_WHERE_TO_DO = re.compile(r"(?i:\byou can\b[^.;]{0,80}\b(?:in|on|through|via|using) (?:the|our|your) (?:app|website|"
                          r"site|online account|account page|portal)\b)|\bunder [A-Z][a-z]+(?: [a-z]+)?\b")


def completes(kind: str, sentence: str, lead: str) -> bool:
    """A further sentence completes the answer its lead began: it bears the same kind of answer (a second period, the
    fee beside the window), or states a condition, exception, limit or next step of it. Sentences that only talk
    around the subject ("Gifts make a great present.") add nothing an agent would keep."""
    if kind in ("duration", "amount", "steps") and bears_kind(kind, sentence):
        return True
    if _NUMBERS.search(sentence) or _RULE_BEARING.search(sentence) or _EXCEPTION.search(sentence):
        return True  # a limit, a condition stated as a rule ("must be unused"), an exception
    if _CONTACT_DETAIL.search(sentence):
        return True  # where to write or click: the address or path the customer needs
    return bool(_STEPS.search(sentence)) and not _STEPS.search(lead)


# a yes/no question about time running out: "is it still good?", "is it too late?", "has it expired?"
_ASKS_IF_STILL = re.compile(r"\b(?:still|too late|in time|expired?|valid|anymore|any more|run(?:s)? out|lapsed?)\b",
                            re.I)
def _answer_bearing_lead(candidates: list, fit: dict, kind: str, *, reported_failure: bool = True,  # noqa: ANN001, ANN202
                         asked: AbstractSet[str] = frozenset(), windowed: AbstractSet[tuple[int, int]] = frozenset()):
    """The sentence that leads the answer: the best-scoring one when it bears the kind of answer asked for (a window
    in ``windowed``, which their dates are measured against, answers "can I still ...?"), else the
    best one within LEAD_MARGIN that does and answers the ask itself nearly as well ("How long do I have?" is led by
    the period, not by the neighbouring sentence that shares more of the message's words). What to do when something
    has gone wrong ("If you have not received ... we will look into it") does not lead the answer to a customer who
    reports nothing wrong, when a sentence near it does not lean on such a case."""
    if not reported_failure and _CONTINGENCY.match(candidates[0][3]):
        plain = next((c for c in candidates[1:] if c[0] >= candidates[0][0] - LEAD_MARGIN
                      and not _CONTINGENCY.match(c[3]) and bears_kind(kind, c[3])), None)
        if plain is not None:
            candidates = [plain] + [c for c in candidates if c is not plain]
    top = candidates[0]
    top_fit = fit[(top[1].marker, top[2])]
    # (never a bare "No." or "Yes." of an FAQ: the question it replies to may only look like the customer's; nor a
    # pointer to other text, nor a rule for another case than theirs, ``asked`` being the stems of what they name)
    better = next((c for c in candidates[1:] if c[0] >= top[0] - CLOSER_LEAD_MARGIN and not _FAQ_REPLY.match(c[3])
                   and not pointer_only(c[3]) and not _out_of_scope(c[3], asked)
                   and fit[(c[1].marker, c[2])] >= top_fit + CLOSER_LEAD_GAIN
                   and (bears_kind(kind, c[3]) or not bears_kind(kind, top[3]) or (
                       kind not in _CHECKABLE and fit[(c[1].marker, c[2])] >= top_fit + 1.5 * CLOSER_LEAD_GAIN))), None)
    if better is not None:
        # a sentence scoring about as well that answers the ask itself far better leads ("For storm repairs, contact your
        # insurer" for "can you fix storm damage?", over a damage rule sharing more of the message's words)
        return better
    if kind not in (*_CHECKABLE, "rule") or bears_kind(kind, top[3]):
        return top
    if kind == "rule" and (top[1].marker, top[2]) in windowed:
        return top  # "is it still good?" from someone who dated it: the window their date is measured against
    for cand in candidates[1:]:
        if cand[0] < top[0] - LEAD_MARGIN:
            break
        if not bears_kind(kind, cand[3]):
            continue
        if kind == "rule":
            # "can I...?" is led by a rule that answers the ask itself nearly as well as the top sentence (which states
            # none); never by a prohibition found nearby (a wrong "No" is worse than a plain statement)
            if fit[(cand[1].marker, cand[2])] >= top_fit - LEAD_FIT_MARGIN / 2 and not _EXCEPTION.search(cand[3]):
                return cand
        elif fit[(cand[1].marker, cand[2])] >= top_fit - LEAD_FIT_MARGIN:
            return cand
    if kind == "deadline":  # no time left to act is stated near the top: a period is the next best answer
        return _answer_bearing_lead(candidates, fit, "duration", reported_failure=reported_failure)
    return top


def _kind_bonus(kind: str, sentence: str, wants_numbers: bool, wants_steps: bool, wants_rule: bool,
                anchored: bool = False) -> float:
    # "how long do I have?" is answered by the time left to act; a processing time ("we check it within 3 days")
    # only carries a number, like any other specific detail
    if kind == "deadline" and bears_kind("deadline", sentence):
        return KIND_BONUS
    if kind == "duration" and _DURATION_ANSWER.search(sentence):
        return KIND_BONUS
    if kind == "amount" and _AMOUNT_ANSWER.search(sentence):
        return KIND_BONUS
    if kind == "steps" and _STEPS.search(sentence):
        return KIND_BONUS
    if kind == "rule" and (_RULE.search(sentence) or anchored):
        return KIND_BONUS * 0.7  # a limit counted from what they dated ("within 2 hours of booking") is a rule too
    if kind == "list" and (sentence.count(",") >= 2 or sentence.startswith("For ")):
        return KIND_BONUS * 0.7
    if (wants_numbers and _NUMBERS.search(sentence)) or (wants_steps and _STEPS.search(sentence)) or (
            wants_rule and _RULE.search(sentence)):
        return SPECIFIC_BONUS * 0.5
    return 0.0


# words of a question that say nothing about what it is about
_QUESTION_FILLER = set(
    "also does will would could should have need want like know tell much long many about there their they them what "
    "when where which while with your mine able possible okay really anything something everything actually anyone "
    "someone somewhere anywhere whether another guys please thanks still just get got getting can you yours any way "
    "sure right now ever even kind sort thing things stuff help question wondering".split())


def telling_words(question: str) -> set[str]:
    """The question's key words that name something ("paypal", "trial"), not an everyday verb ("send", "get")."""
    return {w for w in key_words(question) if family(w) not in _LIGHT_STEMS}


def key_words(question: str) -> set[str]:
    """The question's distinctive content words ("do you guys take paypal?" -> {"take", "paypal"})."""
    return {w for w in content_words(question) if w not in _QUESTION_FILLER}


def _stems(words: AbstractSet[str]) -> set[str]:
    """Word families, with the parts of a count joined to its noun ("4-bed" names "4 bed") and of two full words
    joined ("semi-detached" names "semi")."""
    out = {family(w) for w in words}
    # (never a prefix's or a particle's: "re-clean" or "one-off" split would match every "clean" and "one")
    out |= {family(part) for w in words if re.fullmatch(r"\d+\+?-[a-z]+|[a-z]{4,}-[a-z]{4,}", w.lower())
            for part in w.split("-")}
    return out


def _rarity(key: set[str], rows: list[tuple[Passage, list[str], NDArray[np.float32]]]) -> dict[str, float]:
    """Each key word's weight: rarer among the candidate sentences = more telling (words no candidate holds
    are left out: they cannot tell candidates apart)."""
    stems = _stems(key)
    if not stems:
        return {}
    docs = [_stems(content_words(s)) for _, sents, _ in rows for s in sents]
    n = len(docs)
    out: dict[str, float] = {}
    for st in stems:
        df = sum(1 for d in docs if st in d)
        if df:
            out[st] = float(np.log(1.0 + n / df))
    return out


OBJECT_WEIGHT = 0.4  # weight of the cosine to the thing the customer names
OBJECT_COMMON_SHARE = 0.15  # a named thing that more of the candidates mention is the topic, not the object
OBJECT_FEW = 2  # ... though a thing so few sentences mention still tells them apart
OBJECT_NAMED = 0.25  # cosine to the named thing from which the direct answer is about it
OFF_OBJECT_GAP = 0.15  # a further sentence this much further from the thing is about something else


def _focus_objects(objects: Sequence[tuple[str, NDArray[np.float32]]],
                   rows: list[tuple[Passage, list[str], NDArray[np.float32]]]) -> list[tuple[str, NDArray[np.float32]]]:
    """The named things that tell candidates apart: "warranty" in "are my earbuds covered by the warranty?" is what
    every retrieved warranty sentence is about, "earbuds" is what the answer must be about."""
    if not objects:
        return []
    docs = [_stems(content_words(x)) for _, sents, _ in rows for x in sents]
    if not docs:
        return []
    out = []
    for name, vec in objects:
        head = family(name.split()[-1])
        if sum(1 for d in docs if head in d) <= max(OBJECT_FEW, OBJECT_COMMON_SHARE * len(docs)):
            out.append((name, vec))
    return out


# an ask that points back at what the customer said before it ("is that covered?", "what will you do about it?")
_POINTS_BACK = re.compile(r"\b(?:it|that|this|they|them|those|these)\b", re.I)
# where a sentence's subject ends: a label's colon, or its first verb
_SUBJECT_END = re.compile(r":|\b(?:can|cannot|can't|may|must|will|should|is|are|was|were|has|have|do|does|get|gets|"
                          r"follow|follows|need|needs|qualify|qualifies|include|includes)\b", re.I)
# subjects that are the customer, us, a condition or a pointer: they name no thing of their own
_NO_THING_SUBJECT = re.compile(r"^(?:if|when|once|unless|while|after|before|you|your|we|our|it|its|this|that|these|those|"
                               r"they|there|please|to|each|every|any|all)\b", re.I)


PARALLEL_FRAME = 6  # words two rules share around their differing part to be one rule said for two things


def _parallel_for_other(cand, chosen, asked: AbstractSet[str]) -> bool:  # noqa: ANN001
    """The candidate says the chosen sentence's rule for another thing (two items of one list read with the same
    lead-in: "For hygiene reasons, underwear ... can only be returned if ..." and "... swimwear ... can only be
    returned if ..."), and the customer's words name nothing of what is particular to it."""
    if cand[1].marker != chosen[1].marker:
        return False
    a, b = cand[3].lower().split(), chosen[3].lower().split()
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    if head + tail < PARALLEL_FRAME or head + tail >= len(a):
        return False
    own = _stems({w for w in content_words(" ".join(a[head:len(a) - tail])) if len(w) > 2})
    return bool(own) and not own & asked


def _names_other_thing(sentence: str, asked: AbstractSet[str]) -> bool:
    """The sentence's subject names a thing (a product kind, a brand, a group of items: "Products from other brands",
    "Acme footwear: ...", "underwear, shapewear and socks") with words the customer's do not hold."""
    m = _SUBJECT_END.search(sentence)
    subject = sentence[: m.start()] if m else ""
    subject = re.sub(r"^for [\w\s]{0,25}? reasons,\s*", "", subject, flags=re.I)  # "For hygiene reasons, underwear..."
    if not subject or len(subject.split()) > 14 or _NO_THING_SUBJECT.match(subject):
        return False
    words = _stems({w for w in content_words(subject) if len(w) >= 4}) - _stems(set(_UNRESTRICTING_WORDS))
    return bool(words - asked)


def _subject_stems(sentence: str) -> set[str]:
    """The stems of the words before the sentence's verb (its subject: "Cats" in "Cats must travel in a carrier")."""
    m = _SUBJECT_END.search(sentence)
    return _stems({w for w in content_words(sentence[: m.start()] if m else "") if len(w) >= 3})


def _names(text: str, thing: str) -> bool:
    """The text names the thing itself (its head word, by stem)."""
    return family(thing.split()[-1]) in _stems(content_words(text))


def _word_match(weights: dict[str, float], sentence: set[str], heading: set[str]) -> float:
    """Share of the key words' weight the sentence holds (its section heading counts for half)."""
    total = sum(weights.values())
    if not total:
        return 0.0
    got = sum(w if st in sentence else (0.5 * w if st in heading else 0.0) for st, w in weights.items())
    return got / total


def _repeats(cand, chosen, earlier) -> bool:  # noqa: ANN001
    """The candidate says what a chosen sentence (or one said earlier) says: close in meaning or in words."""
    words = _stems(content_words(cand[3]))  # by family: "runs about half a size small" repeats "run half a size small"
    opening = cand[3].split()[:SHARED_LEAD_WORDS]
    for c in chosen:
        if float(cand[4] @ c[4]) > REDUNDANT_COSINE:
            return True
        if len(opening) == SHARED_LEAD_WORDS and c[3].split()[:SHARED_LEAD_WORDS] == opening:
            return True  # two items of one list read with the same lead-in: the lead would be said twice
        other = _stems(content_words(c[3]))
        if words and other and len(words & other) / len(words | other) >= NEAR_DUPLICATE_WORDS:
            return True
    return any(float(cand[4] @ v) > REDUNDANT_COSINE for v in earlier)


NEAR_DUPLICATE_WORDS = 0.6
SHARED_LEAD_WORDS = 7
_LIGHT_STEMS = {family(w) for w in ("take accept use get have make send give need want allow offer able order orders item "
                                   "items thing still back long much many time buy bought").split()}


# a sentence that goes on about what was just said: "Changes take effect within...", "This takes up to..."
_CONTINUING = re.compile(r"^(?:this|that|it|these|they|changes|the change|the process|the request)\b", re.I)
_REPORT_IT = re.compile(r"^(?:please\s+)?[a-z]+\s+(?:it|this|them|that)\b", re.I)
# what finishes a step: the time it takes ("takes up to 2 business days", "is completed within 30 days", "Changes take
# effect within 10 business days")
_TAKES_TIME = re.compile(r"\b(?:takes?|taking|(?:is|are) (?:completed|confirmed|done)|completed|processed|take effect|takes effect)\b"
                         r"[^.;]{0,30}?\b\d+(?:\s+to\s+\d+)?\s+(?:business\s+|working\s+)?(?:minutes?|hours?|days?|weeks?)\b",
                         re.I)


# a refusal or a limit on how something is done: "our agents cannot delete accounts in a chat", "only by phone"
_REFUSAL = re.compile(r"\b(?:cannot|can't|can not|(?:are|is) not able to|unable to|not possible)\b|"
                      r"\b(?:always|only)\s+(?:goes|go|handled|done|processed|possible)\s+(?:through|by|via|in|with)\b", re.I)
_NOT_ACTION = frozenset("the any all our your their this that these those you not yet".split())
ROUTE_FIT_GAP = 2 * 0.22  # the route may answer the ask itself less well than the refusal (it answers "how", not "can")


def _route_after_refusal(candidates: list, chosen: list, fit: dict, best_fit: float):  # noqa: ANN001, ANN202
    """After a direct answer that refuses or limits what the customer asks ("Our agents cannot delete accounts in a
    chat; deletion always goes through the privacy team"), the best sentence that tells them how to do it (a step,
    a path or an address) naming the refused action ("Request it in Account > Privacy > Delete my account"), when no
    chosen sentence does."""
    lead = chosen[0]
    refusal = _REFUSAL.search(lead[3])
    if refusal is None or any(bears_kind("steps", c[3]) for c in chosen):
        return None
    # the refused action: the first word after "cannot" that is not "be" or an adverb ("cannot be shared" -> share)
    after = [w for w in re.findall(r"[a-z][a-z'-]+", lead[3][refusal.end():].lower())
             if len(w) > 2 and not w.endswith("ly") and w not in _NOT_ACTION]
    action = family(after[0]) if after and refusal.group(0).lower().startswith(("can", "are", "is", "unable", "not")) \
        else None
    about = _stems({w for w in content_words(lead[3]) if len(w) > 3}) - _stems(_QUESTION_FILLER)
    taken = {(c[1].marker, c[2]) for c in chosen}
    for cand in candidates:
        if (cand[1].marker, cand[2]) in taken or fit[(cand[1].marker, cand[2])] < best_fit - ROUTE_FIT_GAP:
            continue
        if _REFUSAL.search(cand[3]) or not bears_kind("steps", cand[3]) or pointer_only(cand[3]):
            continue
        words = _stems({w for w in content_words(cand[3]) if len(w) > 2})
        if (action in words) if action else len(words & about) >= 2:
            return cand
    return None


def _finishing(candidates: list, chosen: list, after):  # noqa: ANN001, ANN202
    """The sentence right after ``after`` in its passage when it finishes it: short, and either the time the step
    takes, sharing its words ("... remove 2FA" -> "Removing 2FA this way takes up to 2 business days."), or where to
    take what it said ("... it is a scam." -> "Please report it to security@..."); None otherwise."""
    taken = {(c[1].marker, c[2]) for c in chosen}
    nxt = next((c for c in candidates if c[1].marker == after[1].marker and c[2] == after[2] + 1), None)
    if nxt is None or (nxt[1].marker, nxt[2]) in taken or len(nxt[3].split()) > 25:
        return None
    if _CROSS_REFERENCE.search(nxt[3]):
        return None
    shared = _stems({w for w in content_words(nxt[3]) if len(w) > 3}) & _stems(
        {w for w in content_words(after[3]) if len(w) > 3})
    # "Please report it to security@...": where to take what was just said, by its pronoun
    passes_on = bool(_REPORT_IT.match(nxt[3])) and bool(re.search(r"\S@\S|\d{3}[-. ]\d{4}", nxt[3]))
    return nxt if ((shared or _CONTINUING.match(nxt[3])) and _TAKES_TIME.search(nxt[3])) or passes_on else None


def _elaboration(candidates: list, chosen: list, wants_numbers: bool, wants_steps: bool,  # noqa: ANN001, ANN202
                 wants_rule: bool = False):
    """The neighbour of the best sentence (same passage, within NEIGHBOUR_SPAN) that adds its specifics, if any.

    "Only Plus Monthly memberships can be paused." is the best match for "Can I pause my membership?", but the
    answer also needs the next sentence: "You can pause for 1, 2 or 3 months, once in any 12-month period."
    """
    top = chosen[0]
    taken = {(c[1].marker, c[2]) for c in chosen}
    best = None
    for cand in candidates:
        if cand[1].marker != top[1].marker or (cand[1].marker, cand[2]) in taken:
            continue
        distance = abs(cand[2] - top[2])
        if distance > NEIGHBOUR_SPAN or cand[0] < MIN_BEST_SCORE * 0.8:
            continue
        if not _specific(cand[3], wants_numbers, wants_steps, wants_rule) or _CROSS_REFERENCE.search(cand[3]):
            continue
        if any(float(cand[4] @ c[4]) > REDUNDANT_COSINE for c in chosen):
            continue
        rank = cand[0] - 0.1 * (distance - 1)  # the next sentence usually continues the rule
        if best is None or rank > best[0]:
            best = (rank, cand)
    return best[1] if best else None


# --- rewriting policy prose so it speaks to the customer -----------------------------------------------
_PARTICIPLES = {
    "returned": "return", "exchanged": "exchange", "cancelled": "cancel", "canceled": "cancel", "refunded": "refund",
    "shipped": "ship", "used": "use", "redeemed": "redeem", "combined": "combine", "applied": "apply", "changed": "change",
    "modified": "modify", "tracked": "track", "repaired": "repair", "replaced": "replace", "sent": "send", "placed": "place",
    "submitted": "submit", "requested": "request", "claimed": "claim", "purchased": "buy", "bought": "buy",
    "transferred": "transfer", "updated": "update", "reported": "report", "upgraded": "upgrade", "paused": "pause",
}
_THIRD_TO_BASE = {"has": "have", "is": "are", "was": "were", "does": "do", "needs": "need", "wants": "want", "pays": "pay",
                  "gets": "get", "receives": "receive", "chooses": "choose", "buys": "buy", "qualifies": "qualify",
                  "contacts": "contact", "returns": "return", "keeps": "keep", "makes": "make", "uses": "use",
                  "requests": "request", "cancels": "cancel", "orders": "order", "provides": "provide", "sends": "send",
                  "signs": "sign", "lives": "live", "holds": "hold", "earns": "earn", "reports": "report"}
_NOT_PEOPLE = r"(?!\s+(?:care|service|services|support|team|experience|account number|id)\b)"
_CUSTOMER = r"(?:customers|the customer|a customer|shoppers|the shopper|the buyer|buyers|the purchaser)"
# "most customers", "some buyers": a statement about a group of people, not about the reader; left as written.
_GROUP = "".join(f"(?<!{q} )" for q in ("most", "some", "many", "all", "few", "several", "other", "our", "new", "existing",
                                          "returning", "these", "those", "eligible", "international"))


def _base(verb: str) -> str:
    return _THIRD_TO_BASE.get(verb.lower(), verb)


# "Then" that ties a step to the one before it in the source ("Then call ..."): the step reads the same without it,
# whether or not the reply says the step before ("After that, our warehouse has started packing it" is no step: its
# "after that" is a condition, kept)
_SEQUENCE_LEAD = re.compile(r"^(?i:then|and then),?\s+([a-z])")


# a list item said without its subject: "Valid for 6 months from the day of issue." under "Season passes"
_SUBJECTLESS = re.compile(r"^(?:Valid|Available|Open|Suitable|Refundable|Non-refundable|Transferable|Non-transferable|"
                          r"Redeemable|Usable|Bookable|Exchangeable)\s+(?:for|until|from|on|in|to|at|with|only|"
                          r"within|between|up)\b")


def with_subject(sentence: str, heading: str) -> str:
    """A subjectless list item given its section's subject ("Season passes are valid for 6 months ..."), where the
    heading is a short name of a thing ("Season passes", "Gift cards": "It's valid ..."); the item unchanged
    otherwise."""
    name = heading.split(">")[-1].strip().strip("#* ")
    if not _SUBJECTLESS.match(sentence) or not re.fullmatch(r"[A-Z][\w'-]*(?: [\w'-]+){0,3}", name) or re.match(
            r"(?:How|What|When|Where|Why|Your|Our|About|[A-Za-z]+ing)\b", name) or re.search(r"\b(?:and|or)\b", name):
        return sentence
    if PROMISE.search(name):
        # (a heading that names an offer, "Gift cards", would read as one made here: the reader's own card is meant)
        return f"It's {sentence[0].lower()}{sentence[1:]}"
    verb = "are" if name.lower().endswith("s") and not name.lower().endswith("ss") else "is"
    return f"{name} {verb} {sentence[0].lower()}{sentence[1:]}"


def to_customer(sentence: str) -> str:
    """Rewrite a policy sentence so it speaks to the customer: "Customers can return..." -> "You can return..."."""
    # customers of a named plan or tier inside a sentence ("free repair for Gold customers") are a group the reader may
    # not be in: never "for Gold you"
    # a cross-reference to another page ("(see Safe places)", "— see Cancelling your membership") points at a page the
    # reply does not carry
    sentence = _SEE_TAIL.sub("", _SEE_REF.sub("", sentence))
    # a step said without the step before it: "Then call the emergency line" -> "Call the emergency line"
    sentence = _SEQUENCE_LEAD.sub(lambda m: m.group(1).upper(), sentence)
    named = re.findall(r"(?<=\w )[A-Z][\w+-]* (?:customers|members|buyers|shoppers)\b", sentence)
    s = sentence
    for i, group in enumerate(named):
        s = s.replace(group, f"\x00{i}\x00", 1)
    addressed = False

    def mark(repl: str) -> str:
        nonlocal addressed
        addressed = True
        return repl

    # "Customers who bought X can..." -> "If you bought X, you can..."
    s = re.sub(
        rf"^{_CUSTOMER} (?:who|that) ([^,]+?) (can|may|must|will|should|are|have|need to|get|receive|qualify)\b",
        lambda m: mark(f"If you {m.group(1)}, you {_base(m.group(2))}"),
        s,
        flags=re.I,
    )
    # "Guest customers can track..." -> "If you are a guest customer, you can track..." (a kind of customer: the
    # reader may or may not be one, and "Guest you can" is not English)
    def kind(m: re.Match[str]) -> str:  # "Pay on receipt" -> "a pay on receipt"; "Direct Debit" stays a name
        words = m.group(1).split()
        said = m.group(1) if len(words) > 1 and any(w[:1].isupper() for w in words[1:]) else m.group(1).lower()
        return mark(f"If you are {'an' if said[:1].lower() in 'aeiou' else 'a'} {said} customer, you {_base(m.group(2))}")

    s = re.sub(
        rf"^(?!(?:The|A|An|All|Most|Some|Many|Our|These|Those|Other|Few|Several|If|When|For|You|We)\b)"
        rf"([A-Z][\w-]*(?: (?!customers\b)[\w-]+){{0,3}}) "
        rf"(?:customers|shoppers|buyers) (can|may|must|will|should|need to|get|receive|qualify)\b",
        kind,
        s,
    )
    # "Items can be returned within..." -> "You can return items within..."
    m = re.match(r"^((?:Most |All |Unworn |Unused |Eligible |Sale |Final-sale |Online )?[A-Z]?[a-z]+(?: [a-z]+)?s) (can|may|must) be (\w+)\b(.*)$", s)
    things = False  # "Items can be returned...; they cannot be used...": "they" still means the items
    if m and m.group(3).lower() in _PARTICIPLES and not re.match(r"(?i)refunds?|charges?|fees?|points", m.group(1)):
        noun = m.group(1)[0].lower() + m.group(1)[1:]
        s = f"You {m.group(2)} {_PARTICIPLES[m.group(3).lower()]} {noun}{m.group(4)}"
        things = True
    # possessives first, then subjects with verb agreement, then objects
    s = re.sub(rf"{_GROUP}\b{_CUSTOMER}'s?\b{_NOT_PEOPLE}", lambda m: mark("your"), s, flags=re.I)
    s = re.sub(
        rf"{_GROUP}\b{_CUSTOMER}{_NOT_PEOPLE}(?!\s+(?:who|that|whose|with|in|outside|from|of|living)\b)\s+(\w+)",
        lambda m: mark(f"you {_base(m.group(1))}"),
        s,
        flags=re.I,
    )
    if addressed and not things:
        # pronouns that referred to the customer now refer to "you"
        s = re.sub(r"\bthey're\b", "you're", s)
        s = re.sub(r"\bthey've\b", "you've", s)
        s = re.sub(r"\bthey (\w+)", lambda m: f"you {_base(m.group(1))}", s)
        s = re.sub(r"\btheir\b", "your", s)
        s = re.sub(r"\bthemselves\b", "yourself", s)
    counted = re.match(r"^([A-Z][\w ,&/'-]{2,45}):\s+([£$€]?\d.+)$", s)
    if counted and _FINITE.search(counted.group(2)) and len(counted.group(1).split()) <= 4 and \
            not re.search(r"(?i)\b(?:note|tip|examples?|important|warning|e\.g)$", counted.group(1)):
        # "Vans: 100 miles per hire day are included" -> "For Vans, 100 miles per hire day are included"
        s = f"For {counted.group(1)}, {counted.group(2)}"
    label = re.match(r"^([A-Z][\w ,&/'-]{2,45}):\s+([a-z].+)$", s)
    if label and not re.match(r"(?i)(?:note|tip|example|important|warning)$", label.group(1)):
        head = label.group(1)
        first = head.split()[0].lower()
        if first in _IMPERATIVE_HEADS or len(head.split()) > 6 or _CLAUSE_HEAD.search(head) or (
                re.fullmatch(r"[a-z]+(?:ed|en)|held|lost|left|kept|sent|paid|bought|told|caught", first)
                and len(head.split()) > 1):
            pass  # "Never wring: roll it in a towel", "Held up under 12 hours: nothing to claim" read fine as written
        elif first in ("during", "after", "before", "within", "until", "while", "with", "without", "outside",
                       "between") or (
                first in ("in", "on", "at", "from", "for") and len(head.split()) >= 3):  # "On hold" is a status
            s = f"{head}, {label.group(2)}"  # "During the free trial: cancel ..." -> "During the free trial, cancel ..."
        elif len(head.split()) <= 3 and re.search(r"(?<![su])s$", head) and label.group(2).count(",") >= 2 and \
                not _FINITE.search(label.group(2).split(",")[0]):
            # a plural label over a list of things ("Family extras: two child seats, free wifi, ..."): they
            # are what it includes, never a bare fragment
            s = f"{head} include {label.group(2)}"
        elif re.match(r"(?:if|when|once|unless|while|until)\b", label.group(2)):
            # "Changed order: if you changed it..." says it all itself
            s = label.group(2)
        elif len(head.split()) <= 2 and first not in _GENERIC_HEADS and not _LABEL_INSTRUCTION.match(label.group(2)):
            # a status or term: "On hold: we are waiting ..." -> "On hold means we are waiting ..." (not a way of doing
            # something: "Text messages: reply STOP ..."); a label of a list of facts ("Premium extras: unlimited
            # access, ...", "Paper bills: free by email") stays as written: "... means unlimited access" is no sentence
            if re.match(r"(?:we|you|they|it|there)(?:'re|'ll|'ve|'s)?\s+(?:are|is|have|has|were|was|will|'re|can)\b",
                        label.group(2)):
                s = f"{head} means {label.group(2)}"
        else:
            if (first in _GENERIC_HEADS and not re.search(r" [A-Z]", head)) or re.match(r"[A-Z][a-z]+(?: [a-z]+)+$", head):
                # "Credit cards", "Text messages" -> "credit cards", "text messages"; "Canada", "New Zealand" stay
                head = head[0].lower() + head[1:]
            s = f"For {head}, {label.group(2)}"
    # ("you" as the subject only: "Taking your broadband with you is usually straightforward" keeps its "is")
    s = re.sub(r"(?<!\bwith )(?<!\bto )(?<!\bfor )(?<!\bfrom )(?<!\bby )(?<!\bof )(?<!\babout )(?<!\bat )"
               r"\byou (?:has|is)\b", lambda m: "you have" if m.group(0).endswith("has") else "you are", s)
    for i, group in enumerate(named):
        s = s.replace(f"\x00{i}\x00", group)
    s = agent_is_the_contact(s)
    return s[0].upper() + s[1:] if s else s


_CONTACT_US = r"contact us(?: (?:right away|straight away|directly))?(?: (?:at|on|by|via) [^,;]+?)?"


def agent_is_the_contact(sentence: str) -> str:
    """The customer is already talking to us: "contact us with your order number and we will add them" becomes
    "send me your order number and we will add them", "..., contact us and we will look into it" becomes "..., we
    will look into it", and "Before contacting us, please..." loses its opening. A sentence whose only content is
    how to reach us is left alone: it may be the answer."""
    s = re.sub(rf"\b{_CONTACT_US} with (your|the) (.+?) and we (will|can)\b", r"send me \1 \2 and we \3", sentence,
               flags=re.I)
    s = re.sub(rf"(?<=[,;] ){_CONTACT_US} and we (will|can)\b", r"we \1", s, flags=re.I)
    s = re.sub(r"^Before contacting us,\s*", "", s, flags=re.I)
    return s[0].upper() + s[1:] if s else s


_ORDER_NUMBER = r"(?:your|the) order (?:number|id|reference)"


def without_given_order_number(sentence: str) -> str:
    """The customer gave their order number: "send me the order number and the last 4 digits of the card and we
    will..." asks only for what is still missing ("send me the last 4 digits of the card and we will..."), and
    "send me your order number and we will add them" becomes "we will add them"."""
    s = re.sub(rf"\bsend me {_ORDER_NUMBER} and ((?:your|the) )", r"send me \1", sentence, flags=re.I)
    s = re.sub(rf"\bsend me {_ORDER_NUMBER} and we (will|can)\b", r"we \1", s, flags=re.I)
    return s[0].upper() + s[1:] if s else s


_SIMPLE_WORDS = [
    (r"\bprior to\b", "before"), (r"\bin order to\b", "to"), (r"\bapproximately\b", "about"), (r"\butili[sz]e\b", "use"),
    (r"\bcommence\b", "start"), (r"\badditionally\b", "also"), (r"\bhowever,\s*", "but "), (r"\bsubsequently\b", "then"),
    (r"\bmerchandise\b", "items"), (r"\breimbursement\b", "refund"), (r"\bpurchase\b", "order"), (r"\bpurchased\b", "bought"),
    (r"\bin the event that\b", "if"),
    (r"\bprovided that\b", "as long as"), (r"\bsufficient\b", "enough"), (r"\bassist\b", "help"), (r"\bobtain\b", "get"),
    (r"\brequire\b", "need"), (r"\brequires\b", "needs"), (r"\bnotify\b", "tell"), (r"\bregarding\b", "about"),
]


def _capitalised_like(repl: str) -> Callable[[re.Match[str]], str]:
    """A replacement capitalised when the matched word is."""
    return lambda m: repl.capitalize() if m.group(0)[0].isupper() else repl


def simplify(sentence: str) -> str:
    """Plainer words and no parentheticals, for the 'simpler' adjustment; a parenthetical that holds a figure (the fee,
    the share, the period: "(15% restocking fee)") is the fact itself and stays."""
    s = re.sub(r"\s*\((?![^)]*\d)[^)]*\)", "", sentence)
    for pattern, repl in _SIMPLE_WORDS:
        s = re.sub(pattern, _capitalised_like(repl), s, flags=re.I)
    return s


def cite(sentence: str, marker: int) -> str:
    """Put the [n] marker before the sentence's final punctuation."""
    s = sentence.rstrip()
    s = re.sub(r"[,;:]+(?=[.!]*$)", "", s)
    if re.search(r"\b(?:[ap]\.m|etc|e\.g|i\.e|Inc|Ltd|Co)\.$", s):  # the period belongs to an abbreviation
        return f"{s} [{marker}]"
    m = re.search(r"[.!]+[\"')\]]*$", s)
    if m:
        return f"{s[: m.start()]} [{marker}]{s[m.start():]}"
    return f"{s} [{marker}]."
