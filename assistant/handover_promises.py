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
from assistant.grounding.words import content_words, stem
from assistant.types import Passage

MAX_PROMISES = 3
# "For bereavement, ...", "For bereavement: ...", "**For legal threats:** ..."
_FOR = re.compile(r"^\W*for\s+(?:a\s+|an\s+)?([^,:]{3,60}?)\s*(?:\*\*)?[,:]\s*(?:\*\*)?\s*", re.I)
# "- **Safety:** tell the customer ...", "**Bereavement** ...": a handbook's note labelled with its situation
# (a label of a few words ending in a colon: a bold sentence, "**Never promise a credit ...**", is a rule, not a label)
_LABEL = re.compile(r"^\W*?(?:[-*+]\s*)?\*\*((?:[\w&'-]+\s*){1,4}?)(?::\*\*|\*\*:)\s*")
# "### Bereavement": a heading whose paragraphs say what to do in that situation
_HEADING = re.compile(r"^#{2,6}\s+(.+)$")
# "confirm in your reply that X", "tell the customer that X", "reassure them that X", "Tell the customer the parcel
# will not be returned ..." (a clause with a subject of its own after the customer)
_TELL_THAT = re.compile(r"\b(?:confirm|tell|say|explain|reassure|let)\b[^.]{0,40}?\bthat\s+(.+)$|"
                        r"^(?:please\s+)?(?:tell|reassure)\s+(?:the\s+)?(?:customer|member|caller|them)\s+"
                        r"((?:the|their|your|we|it|they)\s+\w+(?:\s+\w+)?\s+(?:will|is|are|can|has|have)\b.+)$|"
                        # "You may say refunds only go back to the card that paid": what the agent may tell them
                        # (never "you're sorry the boiler failed": the agent's own words, not a fact to pass on)
                        r"^you\s+(?:may|can|should)\s+(?:say|tell (?:them|the customer|the caller))\s+"
                        r"(?!that\b|you\b|you're\b|we\b|we're\b|i\b|i'm\b)(.+)$", re.I)
# "tell the customer to pull in where it is safe, power the scooter down and not to ride it again today": what the
# customer must do now, said to them
# ("tell them first to unplug it": the order of what they do, not part of it)
# a step of the agent's after what they confirm ("..., and give the deadline: ...")
_AGENT_STEP = r"(?:give|tell|say|offer|log|ask|add|explain|send|note|record|book)\b"
# what that step gives the customer: "give the deadline: a written decision within 8 working days"
_GIVE_WHEN = re.compile(r"^give\s+(?:them\s+|the customer\s+)?(?:the\s+)?(?:deadline|time ?frame|timescale|date)s?\s*:\s*"
                        r"(.+)$", re.I)
_TELL_TO = re.compile(r"\b(?:tell|ask|advise|remind)\s+(?:the\s+)?(?:customer|member|caller|them|him|her)\s+"
                      r"(?:first\s+|now\s+|immediately\s+|straight away\s+|right away\s+|always\s+)?(not\s+)?to\s+(.+)$", re.I)
# "if anyone reports smoke from a charger, tell them first to ...": a step for that case alone, said only where the message
# tells of it (a safety row covers injuries and leaks too, and unplugging a charger is no step for a sprained ankle)
_CASE = re.compile(r"^\W*(?:if|when|whenever|where)\s+([^,]{3,120}),\s*", re.I)
# words of such a case that name no particular one
# (nor do those of any danger, "if someone is in danger right now": the customer knows whether they are in one)
_ANY_CASE = {"anyone", "someone", "customer", "member", "caller", "report", "reports", "reported", "says", "tells",
             "mentions", "there", "their", "they", "about", "may", "might", "could", "immediate", "immediately", "danger",
             "dangerous", "emergency", "risk", "unsafe", "urgent", "right", "now"}
# "Reply neutrally: a pass can only be moved by ...": the words the notes give for the reply itself
_REPLY_WITH = re.compile(r"^(?:reply|respond|answer)(?:\s+\w+)?\s*:\s*(.+)$", re.I)
# "Do not mention that misuse is being looked at or that the case was passed on": the hand-over is not told
_UNTOLD_REFERRAL = re.compile(r"\b(?:never|do not|don'?t)\s+(?:say|tell|mention|reveal)\b[^.]*\b(?:referred|escalated|"
                              r"passed on|handed over|under review|being reviewed)\b", re.I)
# a number the row says to give the customer: "in the app chat, give 0800 246 8100"
_GIVE_NUMBER = re.compile(r"\bgive\s+(?:them\s+|the customer\s+)?(\+?\d[\d ()-]{6,18}\d)")
# an action the agent takes at once, which the customer hears as ours: "stop Direct Debit collections ... straight away"
_ACTION = re.compile(r"^(?:please\s+)?(stop|pause|freeze|hold|waive|refund|cancel|suspend|remove|put)\b\s+(.+)$", re.I)
# "Member Care will refund any monthly fee collected after the date of death"
_TEAM_WILL = re.compile(r"^(?:the\s+)?(?:[A-Z][\w&'-]*\s+){1,4}(?:team\s+)?will\s+((?:refund|stop|cancel|waive|pause|"
                        r"freeze|close|hold|remove|return)\b.+)$")
# what is for the agent alone: what not to do or ask, internal records, names of tags
# (and how the agent handles the case: "Stop discussing liability" is no promise to the customer)
_AGENT_ONLY = re.compile(r"\b(?:don'?t|do not|never|log|tag|flag|note (?:it|this|every)|case note|internal|approval|"
                         r"team leader|escalat\w*|discretion|limit|discuss\w*|liabilit\w*|admit\w*|negotiat\w*|"
                         r"argu\w*)\b", re.I)


def promises(notes: Sequence[Passage], situation: str, said: str = "", message: str = "") -> list[str]:
    """The reassurances the notes give for ``situation`` (a hand-over row's first cell, "Bereavement"), as sentences
    to the customer; ``said``: the hand-over's own team and time, which a clause repeating them does not say again.
    A sentence for a case of its own ("if anyone reports smoke from a charger, ...") counts only where ``message`` tells of
    it."""
    out: list[str] = []
    for body in _bodies(notes, situation):
        for sentence in split_sentences(body):
            if not _case_told(sentence, message):
                continue
            for clause in _clauses(sentence):
                if clause and not _repeats(clause, said) and clause not in out:
                    out.append(clause)
    return out[:MAX_PROMISES]


def row_promises(rule_text: str, message: str = "") -> list[str]:
    """What a hand-over row itself says to tell the customer or to do at once ("Fraud signs — Trust & Safety — 4 hours
    — Advise the customer to reset their PIN.", "... — Freeze all renewals straight away."), said to them:
    "Please reset your PIN.", "We will freeze all renewals straight away." (the row's first cell is its
    case, not a step)."""
    out: list[str] = []
    for cell in rule_text.split(" — ")[1:]:
        for sentence in split_sentences(cell):
            if _case_told(sentence, message):
                # (who will call them back is the hand-over's own sentence: "... will call them" says it again)
                out += [c for c in _clauses(sentence) if c not in out and not _repeats(c, "")]
    return out


def _case_told(sentence: str, message: str) -> bool:
    """Whether the case a sentence is for ("if anyone reports smoke from a charger, ...") is one the message tells of: a word
    of the case in the message (by stem); True for a sentence for no case of its own, or with no message to read."""
    case = _CASE.match(re.sub(r"\*\*", "", sentence).strip())
    if not case or not message:
        return True
    named = {stem(w) for w in content_words(case.group(1)) if w.lower() not in _ANY_CASE}
    return not named or bool(named & {stem(w) for w in content_words(message)})


def untold_referral(notes: Sequence[Passage], situation: str) -> bool:
    """Whether the notes for ``situation`` say never to tell the customer the case was referred ("Do not mention
    that misuse is looked at or that the case was passed on"): the reply says what the notes give, not the hand-over."""
    return any(_UNTOLD_REFERRAL.search(body) for body in _bodies(notes, situation))


def _bodies(notes: Sequence[Passage], situation: str) -> list[str]:
    """The paragraphs of the notes about ``situation``: after "For <situation>,", a "**<Situation>:**" label, or
    under its own heading."""
    key = _key(situation.split(":")[0])  # the situation's name, not the words of its description
    if not key:
        return []
    bodies: list[str] = []
    for note in notes:
        heading = ""
        for paragraph in re.split(r"\n\s*\n|\n(?=\s*(?:[-*]|\*\*For\b|For\b|#))", note.text):
            paragraph = paragraph.strip()
            titled = _HEADING.match(paragraph.split("\n")[0])
            if titled:
                # (the last part of a heading path, "When to hand over > Bereavement": its own name)
                heading, paragraph = titled.group(1).split(" > ")[-1], paragraph.partition("\n")[2].strip()
            head = _FOR.match(paragraph) or _LABEL.match(paragraph)
            if head and key & _key(head.group(1)):
                body = paragraph[head.end():]
            elif not head and heading and key & _key(heading):
                body = paragraph  # a paragraph under the situation's own heading
            else:
                continue
            bodies.append(body)
    return bodies


def _key(text: str) -> set[str]:
    """The words that name a situation ("bereavement", "legal threats" -> "legal", "threat")."""
    return {w.rstrip("s") for w in re.findall(r"[a-z]{4,}", text.lower())} - {"customer", "member", "with", "from"}


def _clauses(sentence: str) -> list[str]:
    """The customer-facing promises of one sentence of the notes."""
    sentence = re.sub(r"\*\*|`", "", sentence).strip().rstrip(".")
    if _AGENT_ONLY.search(sentence.split(",")[0]) and not _TELL_THAT.search(sentence):
        return []
    reply = _REPLY_WITH.match(sentence)
    if reply:
        return [_sentence(c) for c in [reply.group(1)] if not _AGENT_ONLY.search(c)]
    told = _TELL_THAT.search(sentence)
    if told and re.search(r"\b(?:never|not|don'?t)\b", sentence[:told.start() + 12], re.I):
        return []  # "Do not mention that misuse is being looked at": what must not be said
    if told:
        # "confirm that A, that B and that C": three promises; "confirm that A, and give the deadline: B": the next
        # step is the agent's, and what it gives them a promise of its own ("You will get B.")
        said, *rest = re.split(rf",?\s+and\s+(?={_AGENT_STEP})", told.group(1) or told.group(2) or told.group(3),
                               maxsplit=1, flags=re.I)
        parts = re.split(r",?\s+and\s+that\s+|,\s+that\s+", said)
        promised = [_sentence(p) for p in parts if not _AGENT_ONLY.search(p)]
        given = _GIVE_WHEN.match(rest[0]) if rest else None
        if given:
            promised.append(_sentence(f"you will get {given.group(1)}" if re.match(r"(?:a|an)\b", given.group(1), re.I)
                                      else given.group(1)))
        return promised
    asked = _TELL_TO.search(sentence)
    if asked and not _AGENT_ONLY.search(sentence[:asked.start()]):
        steps = re.sub(r"\bnot to\b", "do not", re.sub(r"\band to\b", "and", asked.group(2)))
        steps = re.sub(r"\b(?:their|his|her)\b", "your", steps)
        # "tell them not to carry the kiln in": "Please do not carry the kiln in."
        return [_sentence(f"please {'do not ' if asked.group(1) else ''}{steps}")]
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
    if clause.count(")") > clause.count("("):  # the end of a bracket the step was written in: "(and tell them to ...)"
        clause = clause.rstrip(")").rstrip()
    clause = re.sub(r"\bthe (?:customer|member|account holder|client)'s\b", "your", clause)
    clause = re.sub(r"\bthe (pet|dog|cat|child|car|vehicle)'s\b", r"your \1's", clause)  # the customer's own
    # a step told of them, said to them: "get themselves and passengers off the boat" -> "get yourself and your
    # passengers ..."
    clause = re.sub(r"\bthemselves and (?:any |their )?(passengers|children|family|pets?|others)\b", r"yourself and your \1",
                    clause)
    clause = re.sub(r"\bthemselves\b", "yourself", clause)
    clause = re.sub(r"\b(call|contact|ring|phone|email|e-mail|text|update|visit|help)\s+them\b", r"\1 you", clause)
    clause = re.sub(r"\btheir (belongings|passengers|children|family|pets?|car|vehicle|keys|phone)\b", r"your \1", clause)
    return clause[:1].upper() + clause[1:] + "."


def _repeats(clause: str, said: str) -> bool:
    """The clause tells who will contact them or by when, which the hand-over says already."""
    # (who will contact whom: "Please contact your bank as well" is a step of theirs, said)
    # (nor who takes the case: "The claim goes to our claims team" after "I'm passing your claim to ...")
    return bool(re.search(r"\b(?:will|'ll|to)\s+(?:\w+\s+)?(?:contact|call|reply|get in touch)\b", clause, re.I)) or (
        bool(said) and bool(re.search(r"\bwithin\b", clause, re.I)) and said.lower() in clause.lower()) or \
        bool(re.search(r"\b(?:goes|go|is passed|is sent|is referred|is handed(?: over)?)\s+to\s+(?:our|the|a)\s+"
                       r"(?:[\w&-]+\s+){0,3}(?:team|department|desk|supervisor|manager|lead|specialists?)\b", clause, re.I))


def number_to_give(rule_text: str) -> str | None:
    """The sentence giving the number a hand-over row says to give the customer ("in the app chat, give 0800 246
    8100 and mark it urgent"): they can call it now, before anyone replies."""
    found = _GIVE_NUMBER.search(rule_text)
    return f"You can reach us straight away on {found.group(1).strip()}." if found else None
