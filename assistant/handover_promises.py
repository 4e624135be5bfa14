"""What the internal notes say to tell a customer whose case is handed over, said as our promise.

A handbook's hand-over table says who takes a case and by when; a paragraph after it often says what the reply must
also tell the customer in that case, or what the agent does at once ("For bereavement, confirm in your reply that we
will stop all collections and that no early exit fee will be charged.", "For bereavement: stop Direct Debit
collections and any late payment charges on the account straight away"). Those are reassurances the customer needs
now (the next payment will not be taken), so the hand-over says them, in our voice: "We will stop all collections."
What the notes forbid or keep for the agent ("Don't ask for a death certificate", "log the case") is never said.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.grounding.sentences import split_sentences
from assistant.types import Passage

MAX_PROMISES = 3
# "For bereavement, ...", "For bereavement: ...", "**For legal threats:** ..."
_FOR = re.compile(r"^\W*for\s+(?:a\s+|an\s+)?([^,:]{3,60}?)\s*(?:\*\*)?[,:]\s*(?:\*\*)?\s*", re.I)
# "confirm in your reply that X", "tell the customer that X", "reassure them that X"
_TELL_THAT = re.compile(r"\b(?:confirm|tell|say|explain|reassure|let)\b[^.]{0,40}?\bthat\s+(.+)$", re.I)
# an action the agent takes at once, which the customer hears as ours: "stop Direct Debit collections ... straight away"
_ACTION = re.compile(r"^(?:please\s+)?(stop|pause|freeze|hold|waive|refund|cancel|suspend|remove|put)\b\s+(.+)$", re.I)
# "Member Care will refund any monthly fee collected after the date of death"
_TEAM_WILL = re.compile(r"^(?:the\s+)?(?:[A-Z][\w&'-]*\s+){1,4}(?:team\s+)?will\s+((?:refund|stop|cancel|waive|pause|"
                        r"freeze|close|hold|remove|return)\b.+)$")
# what is for the agent alone: what not to do or ask, internal records, names of tags
_AGENT_ONLY = re.compile(r"\b(?:don'?t|do not|never|log|tag|flag|note (?:it|this|every)|case note|internal|approval|"
                         r"team leader|escalat\w*|discretion|limit)\b", re.I)


def promises(notes: Sequence[Passage], situation: str, said: str = "") -> list[str]:
    """The reassurances the notes give for ``situation`` (a hand-over row's first cell, "Bereavement"), as sentences
    to the customer; ``said``: the hand-over's own team and time, which a clause repeating them does not say again."""
    key = _key(situation)
    if not key:
        return []
    out: list[str] = []
    for note in notes:
        for paragraph in re.split(r"\n\s*\n|\n(?=\s*(?:[-*]|\*\*For\b|For\b))", note.text):
            head = _FOR.match(paragraph.strip())
            if not head or not key & _key(head.group(1)):
                continue
            body = paragraph.strip()[head.end():]
            for sentence in split_sentences(body):
                for clause in _clauses(sentence):
                    if clause and not _repeats(clause, said) and clause not in out:
                        out.append(clause)
    return out[:MAX_PROMISES]


def _key(text: str) -> set[str]:
    """The words that name a situation ("bereavement", "legal threats" -> "legal", "threat")."""
    return {w.rstrip("s") for w in re.findall(r"[a-z]{4,}", text.lower())} - {"customer", "member", "with", "from"}


def _clauses(sentence: str) -> list[str]:
    """The customer-facing promises of one sentence of the notes."""
    sentence = re.sub(r"\*\*|`", "", sentence).strip().rstrip(".")
    if _AGENT_ONLY.search(sentence.split(",")[0]) and not _TELL_THAT.search(sentence):
        return []
    told = _TELL_THAT.search(sentence)
    if told:
        parts = re.split(r",?\s+and\s+that\s+", told.group(1))
        return [_sentence(p) for p in parts if not _AGENT_ONLY.search(p)]
    out: list[str] = []
    for part in re.split(r",\s*and\s+(?=(?:stop|pause|freeze|hold|waive|refund|cancel|suspend|remove|put|tell)\b)", sentence):
        act = _ACTION.match(part.strip())
        if act and not _AGENT_ONLY.search(part):
            out.append(_sentence(f"we will {act.group(1).lower()} {act.group(2)}"))
        will = _TEAM_WILL.match(part.strip())
        if will and not _AGENT_ONLY.search(part):
            out.append(_sentence(f"we will {will.group(1)}"))
    return out


def _sentence(clause: str) -> str:
    clause = clause.strip().rstrip(".")
    clause = re.sub(r"\bthe (?:customer|member|account holder)'s\b", "your", clause)
    return clause[:1].upper() + clause[1:] + "."


def _repeats(clause: str, said: str) -> bool:
    """The clause tells who will contact them or by when, which the hand-over says already."""
    return bool(re.search(r"\b(?:contact|call|reply|get in touch)\b", clause, re.I)) or (
        bool(said) and bool(re.search(r"\bwithin\b", clause, re.I)) and said.lower() in clause.lower())
