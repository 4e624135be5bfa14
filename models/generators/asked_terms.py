"""The part of an ask that says what it asks about, read from the sentence's grammar.

A later ask of a message is a gap when the sources never name what it asks about ("can you engrave the card?"). Which
of its words say that is read from how the ask is built, not from a list of topics:

- the question itself, not the story the customer tells before it ("my aunt sent me a postal order, how do I pay a postal
  order in?" asks about paying one in; "I know I agreed to a two-year term, so what will leaving cost?" about the cost;
  "my brother wants to go kayaking at night, is that ok?" is answered by the rule on night kayaking, whoever goes);
- not what they add about their own circumstances ("..., because I'm going away on Sunday", "..., I work all week",
  "... when I go home for the holidays") nor the condition they set first ("if I cancelled it today, what would I
  get?": what they would do is theirs, the rule for it is what is asked);
- not a month or weekday that dates their case ("will the price be the same in March?"), unless the question is whether
  something is open or staffed then ("is the desk staffed on Saturdays?"): that day is the thing asked about;
- not a statement with no question in it ("the bills are piling up and I'd like some breathing room."): it tells, it asks nothing;
- of the words left, not the ask's adverbs ("honestly", "exactly", "whenever"), nor its verb forms ("allowed",
  "replying", "looking"), nor the act a "do I have to ...?" asks whether they must do ("do I have to activate
  anything?"): documents describe what is needed, and what they never ask for is not needed.

A service the customer asks the company to perform keeps its verb ("can you engrave it?", "can you whiten crowns?").
"""

from __future__ import annotations

import re

from assistant.customer_facts import MONTH_PATTERN, WEEKDAY_NAMES, without_times
from knowledge_base.spelling import english_words

# A question's opening: a question word, or an auxiliary before its subject ("are they", "can you", "is there")
_AUX = r"(?:can|could|may|might|do|does|did|is|are|was|were|will|would|should|shall|must|have|has|am)"
_SUBJECT = r"(?:i|we|you|u|it|they|he|she|there|that|this|these|those|my|our|your|the|a|an|any|anyone|someone)"
_QUESTION_OPENING = re.compile(rf"^\W*(?:(?:so|and|but|also|ok|okay|then|plus|separately|oh)[,\s-]+)*(?:(?:how|what|when|"
                               rf"where|which|who|whom|whose|why)\b|{_AUX}(?:n['’]?t)?\s+{_SUBJECT}\b)", re.I)
# where the main question starts after a condition or a story: ", can you ...", " are we ...", "- could the ..."
# (a question word opens the question only before its verb or measure: "when will", "how much", "what time do";
# "when it was your mistake", "what I paid" are clauses of the story)
_MAIN_START = re.compile(rf"(?:[,;:)(]|\s-|\s)\s*(?=(?:how|what|when|where|which|who|why)(?:['’]s|\s+(?:(?!(?:i|we|you|it|"
                         rf"they|he|she|this|that|there)\b)\w+\s+)?{_AUX}\b|\s+(?:much|many|long|often|soon|far|late|early|"
                         rf"about|happens|happened|happen)\b))|"
                         # (an auxiliary opens it after a break, a conjunction or an adverb: "..., can you", "and honestly
                         # can I"; not inside the story's own clause: "when it was your mistake")
                         rf"(?:[,;:)(?!]|\s-|\b(?:and|but|so|or|also|then|\w+ly))\s*(?={_AUX}(?:n['’]?t)?\s+{_SUBJECT}\b)",
                         re.I)
_CONDITION = re.compile(r"^\W*(?:(?:so|and|but|also|ok|okay|then|plus)[,\s]+)*(?:if|when|once|in case)\b", re.I)
# what the customer adds about themselves after the question: "..., I work all week", "... because ...",
# "... when I go home", "... so I can ...", "... as we're ..."
_OWN_TAIL = re.compile(r"(?:\s*[,;–—-]\s*(?:and\s+|but\s+)?(?:i|i['’]m|i['’]ve|i['’]d|im|ive|we|we['’]re|we['’]ve|my|our|"
                       # (", want to be back before the match starts": their plan, the subject left unsaid)
                       r"had|have|got|want(?:ing)?\s+to|wanna|need\s+to|trying\s+to|hoping\s+to|planning\s+to)\b|\s+(?:because|cos|coz|cause|since|as)\s+(?:i|we|my|our|im|i['’]m|we['’]re)\b|"
                       r"\s+because\b|\s+so\s+(?:that\s+)?(?:i|we|my|our|this|it)\b|\s+(?:when|while|whilst|before|after)\s+"
                       r"(?:i|we|im|i['’]m|we['’]re|it\s+(?:was|is|wasn['’]?t|isn['’]?t))\b).*$", re.I | re.S)
# a day or month that dates what they ask about ("in December", "on a Sunday"), and the questions where that day is
# itself what is asked ("open on a Sunday", "staffed on Christmas Day")
_DATING = re.compile(rf"\b(?:in|on|for|over|during|by|before|after|this|next|until|till)\s+(?:a\s+|the\s+)?(?:"
                     rf"{MONTH_PATTERN}|(?:{'|'.join(WEEKDAY_NAMES)})s?|summer|winter|spring|autumn|christmas|xmas|easter|"
                     rf"new year|(?:the\s+)?holidays)\b", re.I)
_HOURS_ASKED = re.compile(r"\b(?:open|opens|opening|closed|close|closes|closing|staffed|manned|working hours)\b", re.I)
# "do I have to / need to / must I ...": whether the customer must do an act
_OBLIGATION = re.compile(r"\b(?:have to|has to|need to|needs to|got to|gotta|must|required to|supposed to)\s+((?:\w+\s+)?\w+)",
                         re.I)
# "can you confirm whether", "let me know how", "tell me if": asking for an answer, not what it is about
_ASKING = re.compile(r"\b(?:(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+|just\s+|also\s+)?(?:confirm|check|tell me|"
                     r"explain|clarify|let me know|advise)|(?:please\s+)?(?:let me know|tell me)|i (?:want|would like|'d like) "
                     r"to know)(?=\s+(?:whether|if|what|which|who|when|where|why|how)\b)", re.I)
_ADVERB = re.compile(r"^(?:[a-z]{3,}ly|whenever|wherever|however|whatever|whoever|somehow|anyway|anyhow|meantime|"
                     r"meanwhile|otherwise)$")


def asked_part(ask: str) -> str:
    """The words of ``ask`` that say what it asks about (see the module's docstring); "" when it asks nothing of its
    own (a statement, or a condition with no question after it)."""
    text = without_times(ask).strip()
    if not (text.endswith("?") or _QUESTION_OPENING.match(text)):
        return ""  # a statement: it tells about their case, it asks nothing
    if _CONDITION.match(text):
        main = _MAIN_START.search(text, pos=len(re.match(r"^\W*\w+(?:\s+\w+)?", text).group(0)) + 1)  # type: ignore[union-attr]
        if main is None:
            return ""  # all condition: "and if we then decide against it"
        text = text[main.end():]
    elif not _QUESTION_OPENING.match(text):
        # a story before the question ("my aunt sent me a postal order, how do I pay it in?", "a man rang and wanted
        # my passcode, is that genuine?"): the question is what is asked
        main = _MAIN_START.search(text)
        if main is not None:
            text = text[main.end():]
    text = _OWN_TAIL.sub("", text)
    text = _ASKING.sub(" ", text)
    if not _HOURS_ASKED.search(text):
        text = _DATING.sub(" ", text)
    return text.strip()


def naming_word(word: str, clause: str) -> bool:
    """Whether ``word`` (lower case, as found in ``clause``) can name what the clause asks about: not an adverb, not a
    verb form ("is that allowed", "by replying": a participle of an English verb used as one), not the act a "do I have
    to ...?" asks about."""
    if _ADVERB.match(word):
        return False
    if re.search(rf"\b(?:(?:is|are|was|were|isn't|aren't)\s+(?:this|that|it|these|those)|(?:this|that|it|these|those)\s+"
                 rf"(?:is|are|was|were))\s+(?:even\s+|actually\s+|really\s+|just\s+|still\s+)?{re.escape(word)}\b", clause, re.I):
        return False  # "is that even allowed", "whether this is correct": a judgement of their case asked for
    if _verb_form(word) and re.search(rf"(?:\b(?:{_VERB_LEADS})|['’](?:m|re|s|ve|d)|\w{{2,}}ly|\b(?:get|got|have|having)\s+"
                                      rf"(?:it|this|that|them|these|those))\s+{re.escape(word)}\b", clause, re.I):
        return False  # ("free tailoring", "do you offer tailoring": the -ing form names a service there)
    if _verb_form(word) and re.search(rf"\b{re.escape(word)}\s+(?:off|back|out|down|up|over|away)\b", clause, re.I):
        return False  # "get a bit taken off the bill": a verb with its particle, naming nothing
    if re.search(rf"\b(?:do|does|did|will|would|can|could|might|may)\s+(?:it|that|this)\s+(?:\w+ly\s+|still\s+|even\s+|"
                 rf"also\s+)?{re.escape(word)}\b", clause, re.I):
        return False  # "does that change anything?": the verb of a question about their case
    return not any(word in m.group(1).lower().split() for m in _OBLIGATION.finditer(clause))


# the words after which an -ing / -ed form is the verb of the clause: "be looking", "more coming", "by replying",
# "even allowed", "I signed"
_VERB_LEADS = ("am|is|are|was|were|be|been|being|have|has|had|i|we|you|they|he|she|it|there|more|not|just|still|even|"
               "already|never|by|to|get|got|keep|keeps")


def _verb_form(word: str) -> bool:
    """"allowed" (allow), "replying" (reply), "coming" (come), "stopped" (stop): an -ed / -ing form of an English verb.
    (A noun made so, "engineering", reads as its verb too: a word the sources lack in that form is rarely the thing
    asked about.)"""
    m = re.fullmatch(r"([a-z]{3,}?)(ing|ed)", word)
    if not m:
        return False
    base = m.group(1)
    known = english_words()
    candidates = {base, base + "e"}
    if len(base) > 3 and base[-1] == base[-2]:
        candidates.add(base[:-1])  # "stopped" -> "stop"
    if base.endswith("i"):
        candidates.add(base[:-1] + "y")  # "tried" -> "try"
    return any(c in known and len(c) >= 3 for c in candidates)
