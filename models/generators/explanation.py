"""An open question answered with the passage's explanation, not with its one best-matching sentence.

"What is envelope encryption?", "How does the toolchain work?", "Tell me more about E. E. Cummings", or a bare topic
("Pagination options"): the answer is what the passage says about it in the sentences that follow the one that
matches best (the definition, then what it does, then how). The ranking picks the best sentence well; the sentences
after it usually share few of the question's words, so a ranking by match alone drops them and the reply says one
sentence where the source explains in three.

Only general questions are read this way: a question about the customer's own case ("why was my order
cancelled?") or one that asks for a value, a deadline, a yes/no rule or steps keeps the ranking's own choice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from assistant.types import Passage
from assistant.grounding.words import stem
from assistant.asks import MessageParts
from models.generators.ask_gaps import VALUE_ASKED, own_case, subject_words
from models.generators.composer_policy import (
    ANAPHORIC_START,
    CROSS_REFERENCE,
    DANGLING_REFERENCE,
    REDUNDANT_COSINE,
    PolicySentence,
    answer_kind,
    pointer_only,
)

# "what is", "what does X do / mean", "how does X work", "why", "tell me about", "explain", "more details on"
_OPEN = re.compile(
    r"^\W*(?:(?:so|and|but|ok|okay|well|then)\W+)*(?:"
    r"what(?:'s| is| are| was| were| does| do| did)\b(?!\s+(?:you|u|we|i|they|the\s+(?:price|cost|fee|deadline|time|date|number))\b)|"
    r"what happened\b|how (?:does|do|did|is|are|can|could)\b(?!\s+(?:i|we|you|my)\b)|why\b|who (?:is|are|was|were)\b|"
    r"(?:can|could|would) you (?:please )?(?:tell|explain|describe|give|provide)\b|tell me\b|explain\b|describe\b|define\b|"
    r"(?:any |some )?more (?:details?|info(?:rmation)?)\b|details? (?:of|on|about)\b|(?:what|how) about\b|"
    r"what (?:kinds?|types?|sorts?) of\b|(?:briefly )?(?:summari[sz]e|narrate|outline)\b)", re.I)
# the way of asking before what is asked about: "tell me", "I'd like to know more about", "I am interested in"
_ASKING_LEAD = re.compile(r"^\W*(?:(?:please|so|and|also|ok|okay)\W+)*(?:(?:(?:can|could|would) you (?:please )?)?"
                          r"(?:tell|give|show) me\b(?: (?:a little|a bit|some|more|something))*(?: about\b)?|"
                          r"i(?:'d| would| want| am| 'm|'m)? (?:like |want )?(?:to (?:know|learn|hear|ask) |interested (?:to know |"
                          r"in )?)(?:more |something )?(?:about\b)?)", re.I)
# a bare topic: a few words with no verb of asking ("Data isolation", "IBM Cloud Certification")
_BARE_TOPIC = re.compile(r"^\W*[\w'’.&/-]+(?:\s+[\w'’.&/-]+){0,5}\W*$")
_VERBISH = re.compile(r"\b(?:is|are|was|were|do|does|did|can|could|will|would|should|have|has|had|i|we|my|our|"
                      r"want|need|get|got|ordered|received|sent|please|pls|plz|asap|thanks?|it|this|that|them|you|me|"
                      # an ellipsis of a yes/no question: "Still returnable?", "too late?", "free?"
                      r"still|already|yet|too|enough|possible|free|late|early|\w+(?:able|ible))\b", re.I)
# greetings, thanks and chasers are no topic to explain ("hi there", "any update?", "help please")
_NOT_A_TOPIC = re.compile(r"\b(?:hi|hello|hey|help|update|updates|news|status|anyone|thanks?|ok|okay|yes|no)\b", re.I)
CONTINUE_MIN_COSINE = 0.3  # a following sentence this close to the best one (or sharing a word of it) is still on it
REPEAT_COSINE = 0.92  # a following sentence this close to one already said repeats it
MIN_NEW_WORDS = 3  # ... as does one between REDUNDANT_COSINE and REPEAT_COSINE that adds fewer words of its own
MIN_WORDS = 6  # shorter lines are headings, labels or captions, not explanation
EXPLANATION_MAX = 5  # sentences of a single open question's answer (a reply answering several asks gives each less)
FOLLOW_SPAN = 2  # how far past the best sentence the explanation may run


def open_question(ask: str) -> bool:
    """A general question whose answer is an explanation: "what is / how does / why / tell me about", or a bare topic
    of a few words; not the customer's own case, nor a question for a value, a deadline, a rule or steps."""
    text = ask.strip()
    plain = _ASKING_LEAD.sub("", text)  # "tell me about X" asks about X, not about the customer
    if not text or own_case(plain) or answer_kind(plain if plain != text else text) in ("duration", "amount", "steps", "rule"):
        return False
    if _OPEN.search(text):
        return True
    if plain != text and plain.strip(" ?.!"):
        return True  # "tell me about X", "I'd like to know more about X": an explanation of X
    # (a bare topic may end with "?": "Probate?", "insulin and Alzheimer's?")
    return bool(_BARE_TOPIC.match(text)) and 2 <= len(text.split()) <= 5 and not re.search(r"\d", text) and \
        not _VERBISH.search(text) and not _NOT_A_TOPIC.search(text) and not text.rstrip().endswith("!")


def explained_fully(parts: MessageParts, message: str) -> bool:
    """Whether the message is one question whose answer is an explanation of a subject: an open question
    (``open_question``), or a bare question for information about a subject ("which exchanges trade options?",
    "what Defines the SAP landscape?") with nothing said about the customer's own case around it. Not a yes/no rule,
    a value, a deadline or steps, whose answer is one precise sentence (the customer-care questions: "Is the pan
    dishwasher safe?", "How many charges does it give?")."""
    if len(parts.asks) > 1:
        return False
    text = parts.asks[0].text if parts.asks else message
    if open_question(text):
        return True
    return len(parts.asks) == 1 and parts.asks[0].kind == "info" and not parts.statements and not own_case(text) \
        and answer_kind(text) in ("any", "list") and not VALUE_ASKED.search(text)


def continue_explanation(chosen: list[PolicySentence],
                         bank_rows: Sequence[tuple[Passage, list[str], NDArray[np.float32]]], *,
                         max_sentences: int, exclude: frozenset[tuple[int, int]] = frozenset()) -> list[PolicySentence]:
    """``chosen`` with the sentences that follow its lead in the lead's own passage (up to ``FOLLOW_SPAN`` of them,
    stopping at the first that is not explanation of the same thing), while room is left. Kept in reading order."""
    if not chosen or len(chosen) >= max_sentences:
        return chosen
    # the end of the opening run of consecutive sentences (a lead may come after the sentence it leans on)
    anchor = 0
    while anchor + 1 < len(chosen) and chosen[anchor + 1].marker == chosen[0].marker and \
            chosen[anchor + 1].position == chosen[anchor].position + 1:
        anchor += 1
    lead = chosen[anchor]
    row = next(((p, sents, vecs) for p, sents, vecs in bank_rows if p.marker == lead.marker), None)
    if row is None or lead.vec is None:
        return chosen
    _, sentences, vecs = row
    taken = {(c.marker, c.position) for c in chosen} | set(exclude)
    said = [c.vec for c in chosen if c.vec is not None]
    said_words = {w for c in chosen for w in _keys(c.text)}
    lead_words = _keys(lead.text)
    added: list[PolicySentence] = []
    for position in range(lead.position + 1, min(len(sentences), lead.position + 1 + FOLLOW_SPAN)):
        if len(chosen) + len(added) >= max_sentences:
            break
        if (lead.marker, position) in taken:
            break  # already said (in its place)
        text, vec = sentences[position], vecs[position]
        if len(text.split()) < MIN_WORDS or text.rstrip().endswith("?") or DANGLING_REFERENCE.search(text):
            break  # a heading, a question of the page's own or a pointer elsewhere: the explanation has ended
        new_words = _keys(text) - said_words
        # sentences of one explanation are close in meaning by nature: one repeats another only when it adds
        # (almost) no word of its own
        if any(float(vec @ v) > REPEAT_COSINE or (float(vec @ v) > REDUNDANT_COSINE and len(new_words) < MIN_NEW_WORDS)
               for v in said):
            continue
        shares = bool(_keys(text) & lead_words)
        if float(vec @ lead.vec) < CONTINUE_MIN_COSINE and not shares and not ANAPHORIC_START.match(text):
            break  # the passage has moved on to something else
        added.append(PolicySentence(lead.marker, position, text, lead.score, vec))
        said.append(vec)
        said_words |= _keys(text)
    # what follows the lead is said right after it, in the passage's order
    return [*chosen[:anchor + 1], *added, *chosen[anchor + 1:]]


def _keys(text: str) -> set[str]:
    """The stems of the words that say what a sentence is about (not its way of saying it)."""
    return {stem(w.lower()) for w in subject_words(text)}


# Widening: the rest of an explanation's room goes to the passages' sentences closest in meaning to the question. On
# MTRAG-UN answerable tasks 40+ (60 tasks) the reference answers restate 4-6 passage sentences, often from more than one
# passage: the lead and the sentences after it held 0.44 of the reference's facts; the top sentences by cosine alone
# held 0.51 at 4 sentences (an oracle choosing 4 held 0.83).
WIDEN_MIN_COSINE = 0.35  # a sentence less close to the question than this explains something else
WIDEN_WINDOW = 0.2  # ... as does one this far below the closest sentence


def widen_explanation(chosen: list[PolicySentence],
                      bank_rows: Sequence[tuple[Passage, list[str], NDArray[np.float32]]],
                      query_vec: NDArray[np.float32], *, max_sentences: int,
                      exclude: frozenset[tuple[int, int]] = frozenset()) -> list[PolicySentence]:
    """``chosen`` (the lead and its continuation) with the room left filled by the sentences of any passage closest in
    meaning to the question (``query_vec``), best first: no heading, question of the page's own, pointer elsewhere or
    repeat of a sentence already said. ``chosen`` keeps its order; the added sentences follow it, the lead's passage
    first, each passage in its reading order (an explanation reads in the source's order)."""
    if not chosen or len(chosen) >= max_sentences:
        return chosen
    taken = {(c.marker, c.position) for c in chosen} | set(exclude)
    said = [c.vec for c in chosen if c.vec is not None]
    said_words = {w for c in chosen for w in _keys(c.text)}
    candidates: list[tuple[float, int, int, str, NDArray[np.float32]]] = []
    for passage, sentences, vecs in bank_rows:
        sims = vecs @ query_vec
        for i, text in enumerate(sentences):
            if (passage.marker, i) in taken or len(text.split()) < MIN_WORDS or text.rstrip().endswith("?") or \
                    DANGLING_REFERENCE.search(text) or pointer_only(text) or CROSS_REFERENCE.search(text) or \
                    ANAPHORIC_START.match(text):
                continue  # a label, the page's own question, a pointer elsewhere, or a sentence leaning on one not said
            candidates.append((float(sims[i]), passage.marker, i, text, vecs[i]))
    if not candidates:
        return chosen
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    floor = max(WIDEN_MIN_COSINE, candidates[0][0] - WIDEN_WINDOW)
    added: list[PolicySentence] = []
    for sim, marker, position, text, vec in candidates:
        if len(chosen) + len(added) >= max_sentences or sim < floor:
            break
        new_words = _keys(text) - said_words
        if any(float(vec @ v) > REPEAT_COSINE or (float(vec @ v) > REDUNDANT_COSINE and len(new_words) < MIN_NEW_WORDS)
               for v in said):
            continue
        added.append(PolicySentence(marker, position, text, round(sim, 4), vec))
        said.append(vec)
        said_words |= _keys(text)
    lead_marker = chosen[0].marker
    first_seen: dict[int, int] = {}
    for rank, a in enumerate(added):
        first_seen.setdefault(a.marker, rank)
    added.sort(key=lambda a: (a.marker != lead_marker, first_seen[a.marker], a.position))
    return [*chosen, *added]
