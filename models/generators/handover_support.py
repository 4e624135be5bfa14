"""What a hand-over reply may quote from the sources: only what helps the customer until a person takes over.

A hand-over (a safety risk, an account someone else used, a legal threat with a question) is not an answer: the
policy it quotes should tell the customer what to do now (stop using it, reset the password), how to reach the
team that acts (the number or address the source gives) and what happens next (the order is paused, we cancel
it). Background ("our website is designed to meet ..."), a rule for another situation and a step the customer
has already gone past ("contact us before opening a dispute" to someone who opened one) serve no one there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from assistant.grounding.words import STOPWORDS, family
from assistant.types import Passage
from models.generators.composer_policy import PolicySentence

# a way to reach the people who act: a phone number, an e-mail address, a web address
# (an international or national number written in groups: "+44 20 7946 0420", "0808 157 0420")
_GROUPED = r"(?<![\w£$€.,])(?:\+\d{1,3}\s?)?0?\d{2,4}(?:[ -]\d{3,4}){2}\b"
_CONTACT = re.compile(_GROUPED + r"|\b\d{1,2}[-. ]\d{3}[-. ]\d{3}[-. ]\d{4}\b|\(\d{3}\)\s?\d{3}[-. ]\d{4}|\b\d{3}[-. ]\d{3}[-. ]\d{4}\b|"
                      r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://\S+", re.I)
# a number or address to reach a person (a web address alone is a page, not the team)
_REACH = re.compile(_GROUPED + r"|\b\d{1,2}[-. ]\d{3}[-. ]\d{3}[-. ]\d{4}\b|\(\d{3}\)\s?\d{3}[-. ]\d{4}|\b\d{3}[-. ]\d{3}[-. ]\d{4}\b|"
                    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# any number to call, an emergency one of three digits included ("call 111"): the same number said twice is one
PHONE_NUMBER = re.compile(r"(?<![\d$€£.,])(?:\+?\d[\d ]{6,}\d|\d{3})(?!\d|[.,]\d|\s?%)")
# an instruction to the customer, opening the sentence (or its clause after a condition): "Stop using it ...",
# "If it smokes, unplug it ..."
_ACT = re.compile(r"(?:^|(?:^if|^when|^once)\b[^,]{3,120},\s*)(?:please\s+)?(?:stop|unplug|(?:switch|turn)(?:\s+\w+){0,3}\s+(?:off|on)|keep|"
                  r"move|do not|don't|never|call|phone|ring|e-?mail|write to|contact|reset|change|check|forward|"
                  r"remove|register|report|select|go to|sign in|lock|freeze|cancel|put|leave|take|bring|store|"
                  r"seek|get)\b", re.I)
# what happens next, said by the company or about the case: "we cancel it", "the order is paused", "you will receive"
_NEXT = re.compile(r"\bwe(?:'ll| will| then)?\s+(?:\w+ly\s+)?(?:cancel|send|refund|replace|ask|contact|review|investigate|"
                   r"lock|pause|arrange|collect|pick|call|e-?mail|reply|open|issue|repair|check|reach|get back|"
                   r"credit|reverse|stop|hold|block|recover)\w*\b|\b(?:is|are|will be|gets?)\s+(?:\w+ly\s+)?(?:paused|"
                   r"cancel+ed|refunded|replaced|reviewed|locked|held|frozen|blocked|investigated|suspended|returned|"
                   r"credited|reversed|closed)\b|\byou(?:'ll| will)\s+(?:receive|get|hear)\b", re.I)
# "before opening a dispute", "before you return it": a step meant for before something the customer may already have
# done
_BEFORE = re.compile(r"\bbefore\s+(?:you\s+)?([a-z]+?)(?:ing|e?s)?\b", re.I)
_DONE_CUE = re.compile(r"\b(?:already|have|has|had|i've|we've|just)\b", re.I)

ROLE_ORDER = ("act", "contact", "next")
EMERGENCY_CONTACT = 0.15  # in an emergency, a number to reach the people who act need be only this near the message
# "call 999", "dial 911", "phone the emergency services": what to do now when someone is hurt or in danger
# ("call the National Gas Emergency line on 0800 111 999": an emergency line by its name)
_EMERGENCY = re.compile(r"\b(?i:call|dial|ring|phone)\s+(?i:the\s+)?(?:(?i:emergency services|police|ambulance)|\d{3}\b|"
                        r"(?:[A-Z][\w-]*\s+){1,3}[Ee]mergency\b)")
MIN_RELEVANCE = 0.25  # a sentence must be about the customer's message at least this much (cosine) to be quoted
RELEVANCE_WINDOW = 0.3  # ... and within this of the passages' sentence most like the message
REPEAT_COSINE = 0.8  # two kept sentences this alike say the same thing
# what a question asks for, as a role: "now what happens?", "what do I do?", "who do I call?"
_WANTS = (("next", re.compile(r"\bwhat (?:happens|will happen|now|next|then)\b|\bhappens (?:now|next)\b|"
                              r"\bwhat (?:will|do|are) you (?:do|going to do)\b|\bhow long\b", re.I)),
          ("act", re.compile(r"\bwhat (?:do|should|can|must) (?:i|we)\b|\bhow do (?:i|we) (?:stop|fix|make)\b|"
                             r"\bis it safe\b|\bshould (?:i|we)\b", re.I)),
          ("contact", re.compile(r"\bwho (?:do|should|can) (?:i|we)\b|\b(?:call|phone|e-?mail|contact|reach)\b", re.I)))


def wanted_role(question: str) -> str | None:
    """The role that answers the question (see ``role``); None when it asks for something else."""
    return next((kind for kind, cue in _WANTS if cue.search(question)), None)


# a list item's label, the case its instruction is for: "Cracked or smoking battery: unplug it at once"
_LABEL = re.compile(r"^\W*([^;:.!?]{3,80}):\s+(?=[a-z])")


def role(sentence: str) -> str | None:
    """What the sentence does for a customer waiting for a person: ``act`` (an instruction), ``contact`` (a way to
    reach the team), ``next`` (what happens next), or None (background, a rule, a description)."""
    text = _LABEL.sub("", sentence.strip().replace("*", ""), count=1)
    if _CONTACT.search(text):
        return "contact"
    if _ACT.match(text):
        return "act"
    if _NEXT.search(text):
        return "next"
    return None


def already_past(sentence: str, message: str) -> bool:
    """Whether the sentence is a step for before something the customer says they have already done ("Please
    contact us before opening a dispute" to "I already opened a chargeback")."""
    said = " ".join(x for x in re.split(r"(?<=[.!?])\s+", message) if not x.rstrip().endswith("?"))
    for m in _BEFORE.finditer(sentence):
        root = m.group(1).lower()
        if len(root) < 3:
            continue
        done = re.search(rf"\b{re.escape(root[:4])}\w*ed\b|\b{re.escape(root[:4])}\w*(?:en|t)\b", said, re.I)
        if done and _DONE_CUE.search(said[max(0, done.start() - 25):done.start()]):
            return True
    return False


# a condition leading the sentence: "If the reset e-mail does not arrive within 10 minutes, ...", "After 5 incorrect
# password attempts, ..."
_LEADING_CASE = re.compile(r"^\W*(?:if|when|once|unless|after)\s+([^;:.]{3,120}),", re.I)  # to its last comma (lists)
_ANY_CASE = frozenset(family(w) for w in "you your it they this that item items order orders product products thing "
                                         "something anything someone".split())


def condition_unsaid(sentence: str, message: str) -> bool:
    """Whether the sentence leads with a case the customer does not describe (a condition, or a list item's label):
    fewer than half of its condition's words (by family) are in their message, or none of a listed condition's. A
    sentence with no leading condition: False."""
    m = _LEADING_CASE.match(sentence) or _LABEL.match(sentence.replace("*", ""))
    if not m:
        return False
    words = {family(w) for w in re.findall(r"[a-z][a-z'-]{2,}", m.group(1).lower()) if w not in STOPWORDS} - _ANY_CASE
    if not words:
        return False
    said = {family(w) for w in re.findall(r"[a-z][a-z'-]{2,}", message.lower())}
    if re.search(r",|\bor\b", m.group(1)):  # cases listed ("overheats, sparks or smells of burning"): one is enough
        return not words & said
    return len(words & said) * 2 < len(words)


_Row = tuple[float, str, int, Passage, int, str, NDArray[np.float32]]


# a rule of conduct said to the customer: "Please don't lean on the glass", "Never climb on the racks"
_PROHIBITION = re.compile(r"^\W*(?:please\s+)?(?:do not|don'?t|never)\b", re.I)
# an injury already seen to ("he needed 3 stitches", "we went to A&E last night") and no danger still going on
_TREATED = re.compile(r"\b(?:stitch\w*|hospital|a&e|emergency room|urgent care|doctor|gp|plaster|band-?aid|bandage\w*|"
                      r"x-?ray\w*)\b", re.I)
_ONGOING = re.compile(r"\b(?:still|right now|at the moment|currently|keeps?|won'?t stop)\b", re.I)


def harm_treated(message: str) -> bool:
    """Someone was hurt and has been seen to, and nothing dangerous is still going on: rules of conduct for the
    customer are no step for now."""
    return bool(_TREATED.search(message)) and not _ONGOING.search(message)


def support_sentences(rows: Sequence[tuple[Passage, list[str], NDArray[np.float32]]], query_vec: NDArray[np.float32],
                      message: str, chosen: Sequence[PolicySentence], limit: int,
                      questions: Sequence[str] = (), *, answer_only: bool = False,
                      emergency: bool = False, answer_fallback: bool = True) -> list[PolicySentence]:
    """Up to ``limit`` sentences for a hand-over, from the public passages, each telling the customer what to do
    now, how to reach the team or what happens next, and about their message (near the passages' sentence most
    like it). Without ``answer_only``: an instruction, a contact and what happens next, the role a question asks
    for first ("now what happens?"), then more of the most relevant. With it (a hand-over that still answers the
    customer's ``questions``): only the sentence of the role each question asks for, or else the answer
    selection's own (``chosen``, unless ``answer_fallback`` is False: a legal threat or a death, where a person
    answers what is asked), less any step the customer has gone past. With ``emergency`` (a risk to people):
    the sources' instruction to call the emergency services comes first, however little it reads like the message
    (its case, "if anyone is hurt", is what the hand-over is for)."""
    scored: list[_Row] = []
    urgent: set[tuple[int, int]] = set()
    best = -1.0
    for rank, (passage, sentences, vecs) in enumerate(rows):
        if passage.audience != "public" or not sentences:
            continue
        sims = vecs @ query_vec
        best = max(best, float(sims.max()))
        for i, sentence in enumerate(sentences):
            kind = role(sentence)
            if emergency and _EMERGENCY.search(sentence):
                urgent.add((passage.marker, i))
                scored.append((float(sims[i]), "act", rank, passage, i, sentence, vecs[i]))
                continue
            if kind == "act" and _PROHIBITION.match(sentence) and harm_treated(message):
                continue  # ("Please don't lean on the glass" to someone hurt yesterday reads as blame, not help now)
            if kind is None or already_past(sentence, message) or (
                    condition_unsaid(sentence, message) and not _REACH.search(sentence)):
                continue  # (a case the customer never describes: "If the reset e-mail does not arrive, ...")
            scored.append((float(sims[i]), kind, rank, passage, i, sentence, vecs[i]))
    floor = max(MIN_RELEVANCE, best - RELEVANCE_WINDOW)
    keys = {(s.marker, s.position) for s in chosen}  # answer selection found these relevant already
    # the passage of the most relevant helpful sentence is about the customer's situation: the number or address it
    # gives belongs with its instruction, however little its own words look like the message
    top = max(scored, key=lambda s: s[0])[3].marker if scored else None
    tops = {top} | {m for m, _ in urgent}  # (in an emergency, the number to call beside the emergency instruction)
    scored = sorted((s for s in scored if s[0] >= floor or (s[3].marker, s[4]) in keys | urgent or (
        s[3].marker in tops and _REACH.search(s[5])) or (urgent and s[1] == "contact" and s[0] >= EMERGENCY_CONTACT)),
        key=lambda s: ((s[3].marker, s[4]) not in urgent, -s[0]))
    wanted = [w for q in questions if (w := wanted_role(q))]
    out: list[_Row] = []

    def add(row: _Row) -> None:
        if len(out) >= limit or any(row is o for o in out) or any(float(row[6] @ o[6]) >= REPEAT_COSINE for o in out):
            return
        reach = set(_CONTACT.findall(row[5]))
        if reach and row[1] == "contact" and reach <= {c for o in out for c in _CONTACT.findall(o[5])}:
            return  # the same number or address again
        out.append(row)

    if answer_only:
        for kind in wanted:
            row = next((s for s in scored if s[1] == kind), None)
            if row is not None:
                add(row)
        picked = [PolicySentence(s[3].marker, s[4], s[5], round(s[0], 4), s[6]) for s in out]
        if not wanted and answer_fallback:
            # a question of another kind ("can I still return it?"): the answer selection's own answer
            picked = [s for s in chosen if not already_past(s.text, message)][:limit]
        return picked
    for row in scored:  # the emergency instruction first (sorted first), then one of each role
        if (row[3].marker, row[4]) in urgent:
            add(row)
    for kind in dict.fromkeys([*wanted, *ROLE_ORDER]):  # one of each role first
        if emergency and kind == "next":
            continue  # (in an emergency the hand-over says what happens next: not how a claim is checked)
        row = next((s for s in scored if s[1] == kind and (s[3].marker, s[4]) not in urgent), None)
        if row is not None:
            add(row)
    for row in scored if not urgent else []:  # then the most relevant of any role, where room is left (not in an
        if not (emergency and row[1] == "next"):  # emergency: what to do now and whom to call, nothing besides)
            add(row)
    order = list(dict.fromkeys([*wanted, *ROLE_ORDER]))
    out.sort(key=lambda s: (order.index(s[1]), s[2], s[4]))
    return [PolicySentence(s[3].marker, s[4], s[5], round(s[0], 4), s[6]) for s in out]
