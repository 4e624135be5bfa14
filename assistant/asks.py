"""What the customer asks and what they state: the message split into asks (questions, requests) and facts.

A reply answers each ask in the customer's order, so the split keeps the order of the message. Each ask
gets a kind that says what its answer must carry: ``yes_no`` ("Can I...?": a plain yes or no first),
``duration`` ("how long", "when": a number of days or hours), ``amount`` ("how much": a price or fee),
``steps`` ("how do I": what to do), ``status`` ("where is my order": a look-up), ``reason`` ("why"),
``request`` ("please cancel it", "I'd like to return..."), ``info`` (any other question).
Deterministic; English cues (other languages get one ``info`` ask per question mark).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.grounding.sentences import split_sentences

AskKind = Literal["yes_no", "duration", "amount", "steps", "status", "reason", "request", "info"]


@dataclass(frozen=True)
class Ask:
    text: str  # the clause as the customer wrote it
    kind: AskKind
    position: int  # order in the message

    @property
    def wants_number(self) -> bool:
        return self.kind in ("duration", "amount")


@dataclass(frozen=True)
class MessageParts:
    asks: list[Ask]
    statements: list[str]  # sentences that state facts or feelings and ask nothing


# the greeting and the name after it up to its comma ("Hi Sarah,"); without punctuation soon after it, only the
# greeting word: in "hey can i swap my sneakers..." the rest is the question
_GREETING = re.compile(r"^\s*(?:hi|hello|hey|dear|good (?:morning|afternoon|evening))\b(?:[^,.!?\n]{0,30}[,.!]|\s+there\b)?\s*",
                       re.I)
_SIGN_OFF = re.compile(r"^\s*(?:thanks|thank you|cheers|regards|best|kind regards|many thanks)\b[\s\w,.!]{0,30}$", re.I)
# a second question glued to the first: "How long do I have, and does it cost anything?"
_SECOND_QUESTION = re.compile(
    r",?\s+(?:and|also|plus|or)\s+(?=(?:do|does|did|is|are|can|could|will|would|should|how|what|when|where|why|which|who)\b)",
    re.I)
_YES_NO = re.compile(
    r"^(?:(?:so|and|but|also|ok|okay|then)\s+)?(?:can|could|may|might|do|does|did|is|are|am|was|were|will|would|should|shall|"
    r"have|has|must|is there|are there)\b", re.I)
_DURATION = re.compile(r"\bhow (?:long|soon|quickly|late|many (?:days|hours|weeks|months))\b|\bwhen\b|\bwhat time\b|"
                       r"\bby when\b|\bdeadline\b|\btoo late\b", re.I)
_AMOUNT = re.compile(r"\bhow much\b|\bwhat (?:does|will|would) (?:it|that|this|\w+) cost\b|\bcosts?\b|\bprice\b|\bfees?\b|"
                     r"\bfree\b",
                     re.I)
_STEPS = re.compile(r"\bhow (?:do|can|should|would|could) (?:i|we)\b|\bhow to\b|\bwhat (?:do|should|can) (?:i|we) do\b|"
                    r"\bwhere (?:do|can|should) (?:i|we)\b|\bwhat(?:'s| is| are) the (?:steps|process)\b", re.I)
_STATUS = re.compile(r"\bwhere(?:'s| is| are)\b|\bwhat happened\b|\bstatus\b|\b(?:has|have) (?:my|it|they) (?:ship|arrive|been)",
                     re.I)
_REASON = re.compile(r"^\W*(?:but\s+|so\s+)?why\b|\bhow come\b", re.I)
_REQUEST = re.compile(
    r"\b(?:can|could|would|will) you\b|\bplease\b|\bi(?:'d| would) like\b|\bi (?:want|need|wish) (?:to|a|an|my|the|it|you)\b|"
    r"\bhelp me\b|\bi(?:'m| am) (?:trying|looking) to\b|\blet me know\b|^\s*(?:cancel|refund|send|change|update|fix|sort|"
    r"process|remove|delete|close|stop|give|tell|explain)\b|\bi demand\b|\bi expect\b|\bi want\b",
    re.I)
_UNMARKED_QUESTION = re.compile(
    r"^(?:(?:can|could|may|do|does|did|is|are|will|would|should|how|what|when|where|why|which)\s+(?:i|we|you|u|it|they|"
    r"my|the|there|this|that|these|those|your)|"
    # "what is the difference between...", "what happened to...": a question word and its verb, question mark left off
    r"(?:what|which|who|where|when|how(?: much| long| many| soon| often)?)\s+(?:is|are|was|were|happened|happens|does|do|"
    r"did|will|would|can))\b(?!.*\b(?:lol|haha)\W*$)",
    re.I)
_POLITE_ONLY = re.compile(r"^\W*(?:please|thanks?|thank you)\W*$", re.I)


def split_message(message: str) -> MessageParts:
    """The message's asks, in order, and the sentences that only state something."""
    asks: list[Ask] = []
    statements: list[str] = []
    for sentence in split_sentences(message):
        s = _GREETING.sub("", sentence).strip()
        if not s or _SIGN_OFF.match(s) or _POLITE_ONLY.match(s):
            continue
        if not re.search(r"[^\W\d_]", s) or _CALLING_OUT.match(s):
            continue  # "Hello??" leaves "??"; "anyone there??": a call for attention, not a question to answer
        # "how much is it per month and is there a discount": a question without its mark is split the same way
        pieces = _split_questions(s) if "?" in s or _UNMARKED_QUESTION.match(_lead_trimmed(s)) else [s]
        for piece in pieces:
            kind = ask_kind(piece)
            if kind is None:
                statements.append(piece)
            else:
                asks.append(Ask(piece.strip(), kind, len(asks)))
    return MessageParts(asks, statements)


# a call for attention rather than a question: "anyone there?", "is anybody reading this??", "hello?"
_CALLING_OUT = re.compile(r"^\W*(?:(?:is\s+)?(?:any ?one|any ?body|somebody|someone)\s+(?:there|here|home|reading "
                          r"(?:this|these)|listening|out there)|hello|helloo+|hey|hi)\W*$", re.I)


def _split_questions(sentence: str) -> list[str]:
    """"How long do I have to send it back, and does the return cost anything?" -> two questions."""
    parts = [p.strip(" ,") for p in _SECOND_QUESTION.split(sentence) if p and p.strip(" ,")]
    if len(parts) <= 1:
        return [sentence]
    out = [p if p.endswith("?") else p + "?" for p in parts]
    return [p for p in out if len(p.split()) >= 2] or [sentence]


def ask_kind(text: str) -> AskKind | None:
    """What an ask's answer must carry, or None when the text asks nothing."""
    t = text.strip()
    # customers often leave out the question mark: "and can i split it into payments"
    question = t.endswith("?") or "?" in t or bool(_UNMARKED_QUESTION.match(_lead_trimmed(t)))
    if _REASON.search(t) and question:
        return "reason"
    if _STEPS.search(t):
        return "steps"
    if _DURATION.search(t) and (question or _REQUEST.search(t)):
        return "duration"
    if re.search(r"\bhow much\b", t, re.I) or (question and _AMOUNT.search(t)):
        return "amount"
    if _STATUS.search(t) and question:
        return "status"
    if question and _YES_NO.match(_lead_trimmed(t)):
        if re.match(r"^(?:can|could|would|will) you\b", _lead_trimmed(t), re.I) and not re.search(
                r"\b(?:tell|explain|confirm) (?:me )?(?:if|whether)\b", t, re.I):
            return "request"
        return "yes_no"
    if _REQUEST.search(t):
        return "request"
    if question:
        return "info"
    return None


def _lead_trimmed(text: str) -> str:
    # a short label before a colon ("Quick one:", "Question about my order:") is not the question
    text = re.sub(r"^[^:?]{1,30}:\s+(?=\w)", "", text)
    return re.sub(r"^\W*(?:(?:so|and|but|also|ok|okay|also|then|i was wondering|just wondering|quick question)\W+)*", "",
                  text, flags=re.I)
