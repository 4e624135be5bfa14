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
# "I want to say how glad we are...", "I'd like to thank...": words about what the message says, asking for nothing
# ... nor is "I need to come in Monday to Wednesday": the customer's own plan, the context of what they ask
_SAYING = (r"(?! to (?:say|thank|tell you|let you know|start|begin|mention|share|express|add|praise|compliment|point out|"
           r"come|go|travel|fly|attend|visit|drive|stay|get (?:there|home|in))\b)")
_REQUEST = re.compile(
    r"\b(?:can|could|would|will) you\b|\bplease\b|\bi(?:'d| would) like\b" + _SAYING + r"|\bi (?:want|need|wish)"
    + _SAYING + r" (?:to|a|an|my|the|it|you)\b|"
    r"\bhelp me\b|\bi(?:'m| am) (?:trying|looking) to\b|\blet me know\b|^\W*(?:(?:and|also|so|then|now)\s+)?(?:cancel|refund|send|change|update|fix|sort|"
    r"process|remove|delete|close|stop|give|tell|explain)\b|\bi demand\b|\bi expect\b|\bi want\b" + _SAYING,
    re.I)
_UNMARKED_QUESTION = re.compile(
    r"^(?:(?:can|could|may|do|does|did|is|are|will|would|should|how|what|when|where|why|which)\s+(?:i|we|you|u|ye|it|they|"
    r"my|the|there|this|that|these|those|your|\w{0,5}(?:one|body)|(?-i:[A-Z][a-z]+))\b|"
    # "what is the difference between...", "what happened to...": a question word and its verb, question mark left off
    r"(?:what|which|who|where|when|how(?: much| long| many| soon| often)?)\s+(?:is|are|was|were|happened|happens|does|do|"
    r"did|will|would|can)|"
    # "how long before it lands in my bank", "how soon until I get it": the wait asked about, its verb left inside
    r"how\s+(?:long|soon)\s+(?:before|until|till|til)\s+(?:i|we|it|they|my|the|this|that|you|u))\b"
    r"(?!.*\b(?:lol|haha)\W*$)",
    re.I)
_POLITE_ONLY = re.compile(r"^\W*(?:please|thanks?|thank you)\W*$", re.I)
# "SORT IT OUT", "just fix it please": the customer wants the rest of the message dealt with, nothing more to answer
_DEMAND_ONLY = re.compile(r"^\W*(?:(?:please|pls|plz|just|now|so)\W+)?(?:sort|fix)\s+(?:it|this|that)(?:\s+out)?"
                          r"(?:\W+(?:now|asap|please|pls|today|already|quickly))*[\W]*(?:@\w+\W*)*$", re.I)
# "WHY DOES MY CARD KEEP GETTING DECLINED!!!": a question shouted with "!" instead of "?"
# (about a thing of theirs: "Why is this so hard!" is a complaint, not a question)
_EXCLAIMED_QUESTION = re.compile(r"^\s*(?:@\w+\s+)*(?:why|how come)\s+(?:do|does|did|is|are|was|were|has|have|can|"
                                 r"can'?t|won'?t|would|will)\s+(?:my|our|the|your|you|it)\b[^?]*!+\W*$", re.I)


def split_message(message: str) -> MessageParts:
    """The message's asks, in order, and the sentences that only state something."""
    asks: list[Ask] = []
    statements: list[str] = []
    for sentence in (piece for chunk in split_sentences(message) for piece in _enumerated(chunk)):
        s = _GREETING.sub("", sentence).strip()
        if not s or _SIGN_OFF.match(s) or _POLITE_ONLY.match(s):
            continue
        if not re.search(r"[^\W\d_]", s) or _CALLING_OUT.match(s):
            continue  # "Hello??" leaves "??"; "anyone there??": a call for attention, not a question to answer
        if _DEMAND_ONLY.match(s):
            statements.append(s)
            continue
        if _EXCLAIMED_QUESTION.match(s):
            s = re.sub(r"^\s*(?:@\w+\s+)*", "", s).rstrip(" !") + "?"
        # "how much is it per month and is there a discount": a question without its mark is split the same way
        pieces = _split_questions(s) if "?" in s or _UNMARKED_QUESTION.match(_lead_trimmed(s)) else [s]
        if len(pieces) == 1 and "?" not in s and conditional_question(s) is not None:
            pieces = [s.rstrip(" .!") + "?"]  # its condition stays with it: the rule for that case is its answer
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


# "1) ...", "2. ...", "(3) ...", "a) ...", "(b) ...": the markers of a numbered or lettered list written on one line
_ENUMERATOR = re.compile(r"(?:^|(?<=\s))(?:\(\d{1,2}\)|\d{1,2}[).]|\([a-h]\)|[a-h]\))\s+(?=[^\W\d_])")
_ITEM_START = re.compile(r"(?:^|[,;:.?!]|\b(?:and|or))\s*$", re.I)
_TRAILING_JOIN = re.compile(r"[\s,;]+(?:and|or)\W*$", re.I)  # "b) do I get money back, and c) ...": the "and" joins


def _enumerated(sentence: str) -> list[str]:
    """A numbered list of questions or points ("1) do you take apple pay 2) can i use two gift cards") as its items:
    each is an ask of its own. A single number ("Step 2. ...", "at 5. then") is no list."""
    # a letter marks an item only where an item can start ("So, a) ...", "..., and c) ..."), not inside a phrase
    # ("plan (a) or plan (b)")
    marks = [m for m in _ENUMERATOR.finditer(sentence) if any(c.isdigit() for c in m.group())
             or _ITEM_START.search(sentence[: m.start()])]
    numbers = [int(d) if (d := re.sub(r"\W", "", m.group())).isdigit() else ord(d) - ord("a") + 1 for m in marks]
    if len(marks) < 2 or numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return [sentence]
    head = sentence[: marks[0].start()].strip()
    items = [_TRAILING_JOIN.sub("", sentence[m.end(): (marks[i + 1].start() if i + 1 < len(marks) else len(sentence))])
             .strip(" ,;") for i, m in enumerate(marks)]
    # an item worded as a question is one, its mark left off or not ("3) do gift cards count toward free shipping")
    items = [f"{x}?" if _QUESTION_WORD.match(x) and not x.endswith(("?", ".", "!")) else x for x in items]
    return [x for x in [head, *items] if x]


_QUESTION_WORD = re.compile(r"^(?:do|does|did|can|could|is|are|am|was|were|will|would|should|may|how|what|when|where|why|"
                            r"which|who)\b", re.I)


def _split_questions(sentence: str) -> list[str]:
    """"How long do I have to send it back, and does the return cost anything?" -> two questions."""
    parts = [p.strip(" ,") for p in _SECOND_QUESTION.split(sentence) if p and p.strip(" ,")]
    if len(parts) <= 1:
        return [sentence]
    out = [p if p.endswith("?") else p + "?" for p in parts]
    return [p for p in out if len(p.split()) >= 2] or [sentence]


# an ask whose subject is a pronoun ("and can it be 100 instead of 130?", "is that allowed?"): what it is about is the
# thing an earlier ask named ("can I move my payment to the 20th?")
_PRONOUN_SUBJECT = re.compile(r"^\W*(?:(?:and|so|but|also|ok|then)\s+)?(?:(?:can|could|will|would|is|was|does|did|should|"
                              r"may|might|has)\s+)?(?:it|that|this|they|these|those)\b(?!\s+(?:is|are)\s+\w+ing\b)",
                              re.I)


def pronoun_subject(text: str) -> bool:
    """Whether the ask's subject is a pronoun for something said before it (see ``_PRONOUN_SUBJECT``)."""
    return bool(_PRONOUN_SUBJECT.match(text))


def explaining_when(text: str) -> bool:
    """Whether the question's "when" only explains and asks no time: "can i move it to the 20th, that's when i get
    paid" is a yes/no question ("do you know when it comes?" asks the time; "will I pay extra when it arrives?" is
    left as it was read)."""
    return bool(_YES_NO.match(_lead_trimmed(text.strip()))) and bool(_EXPLAINING_WHEN.search(text))


# "that's when I get paid", "which is when my salary comes in": a "when" that says why, not a time asked for
_EXPLAINING_WHEN = re.compile(r"\b(?:that'?s|thats|that is|which is|it'?s|this is)\s+(?:usually\s+|normally\s+)?when\b",
                              re.I)


# a question led by another question word, whose "when" opens a clause inside it ("what does the charge have to be
# at when we drop it off"): it asks for that thing, not for a time (a yes/no lead keeps it: "do you know when ...")
_SUBORDINATE_WHEN = re.compile(r"^(?:what|which|who|how much|how many)\b"
                               r"(?:(?!\bwhen\b).)*\s\w+\s+when\b", re.I)
# a question after a condition, its mark left off: "and if we change our minds halfway could we
# leave it at the marina instead" (a subject after its verb is the question's own order)
_CONDITIONAL_QUESTION = re.compile(r"^\W*(?:(?:and|so|but|also|then)\s+)?(?:if|once|say)\s.{3,160}?\s"
                                   r"((?:can|could|may|do|does|will|would|should|is|are|am)\s+(?:i|we|u|you|it|they|there)\b.*)$",
                                   re.I)


_WH_WORD = re.compile(r"\b(?:how|what|which|when|where|why|who)\b", re.I)


def conditional_question(text: str) -> str | None:
    """The question clause of an unmarked question led by its condition ("if it breaks is it covered" -> "is it
    covered"), or None."""
    m = _CONDITIONAL_QUESTION.match(text.strip())
    if not m or _WH_WORD.search(text[: m.start(1)]):
        return None  # "if the boat is late, how much will you refund me?": its question word leads the question
    return m.group(1)


# "I must say how much we love the studio": how much they feel, not a sum they ask about
_EXCLAIMED_HOW_MUCH = re.compile(r"\b(?:say|tell you|express|show)\s+(?:just\s+)?how much\b", re.I)


def ask_kind(text: str) -> AskKind | None:
    """What an ask's answer must carry, or None when the text asks nothing."""
    t = text.strip()
    clause = conditional_question(t)
    if clause is not None:
        return ask_kind(clause.rstrip(" .!?") + "?")
    # customers often leave out the question mark: "and can i split it into payments"
    question = t.endswith("?") or "?" in t or bool(_UNMARKED_QUESTION.match(_lead_trimmed(t)))
    if _REASON.search(t) and question:
        return "reason"
    if _STEPS.search(t):
        return "steps"
    duration = _DURATION.search(t)
    if duration and duration.group().lower() == "when" and (explaining_when(t) or _SUBORDINATE_WHEN.match(
            _lead_trimmed(t))):
        duration = None
    if duration and (question or _REQUEST.search(t)):
        return "duration"
    if (re.search(r"\bhow much\b", t, re.I) and (question or not _EXCLAIMED_HOW_MUCH.search(t))) or (
            question and _AMOUNT.search(t)):
        return "amount"
    if _STATUS.search(t) and question:
        return "status"
    if question and _HEDGED_FACT.search(t) and not _QUESTION_WORD.match(_lead_trimmed(t)):
        return None  # "started in july i think?": a fact they are unsure of, not a question to answer
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


# a statement the customer is unsure of, marked with "?" ("started in july i think?", "about 3 weeks ago maybe?")
_HEDGED_FACT = re.compile(r"\b(?:i think|i believe|i guess|i reckon|i'm not sure|not sure|maybe|probably|or so|ish)\W*\?+\W*$",
                          re.I)


def _lead_trimmed(text: str) -> str:
    # a short label before a colon ("Quick one:", "Question about my order:") is not the question
    text = re.sub(r"^[^:?]{1,30}:\s+(?=\w)", "", text)
    return re.sub(r"^\W*(?:(?:so|and|but|or|also|ok|okay|also|then|i was wondering|just wondering|quick question)\W+)*", "",
                  text, flags=re.I)


# what a customer names with a determiner ("my Northwind Tech earbuds", "the cast iron pan", "a gift card"): up to four
# words, read up to the first word that is not part of a noun phrase
_NAMED = re.compile(r"\b(my|the|our|this|these|those|that|a|an|your|his|her|their|its|some|new)\s+"
                    r"((?:\S+\s+){0,3}\S+)", re.I)
# words that end a noun phrase: verbs, pronouns, prepositions, adverbs and the like
_NOT_IN_PHRASE = re.compile(
    r"^(?:\w{3,}(?:ed|ing)|\w{2,}ly|is|are|was|were|be|been|has|have|had|do|does|did|can|could|will|would|should|may|might|must|"
    r"won't|can't|isn't|doesn't|didn't|hasn't|aren't|wasn't|came|broke|got|went|stopped|fell|arrived|died|keeps?|"
    r"caught|blew|burnt|smelt|tore|took|gave|began|"
    r"and|or|but|so|if|when|then|than|that|which|who|what|where|how|why|to|of|in|on|at|by|for|from|with|into|onto|about|"
    r"after|before|since|over|under|out|off|up|down|back|again|still|just|only|even|too|very|now|today|yesterday|"
    r"never|ever|always|not|no|nor|once|twice|almost|stays?|stayed|remains?|remained|"
    r"i|me|you|it|they|them|we|he|she|him|her|this|that|these|those|my|your|our|their|"
    r"one|two|three|four|five|six|ago|days?|weeks?|months?|years?|hours?|minutes?|anymore|already|yet|any|all|some|"
    r"new|old|same|other|whole|own|first|last|next|second|please|thanks|a|an|the|together|right|away|straight|instead|anyway|here|there|"
    r"though|also|really|soon|later|early|late|take|takes|make|makes|get|gets|go|goes|come|comes|show|shows|work|works|"
    r"arrive|arrives|cost|costs|need|needs|want|wants|use|uses|fit|fits|look|looks|say|says|seem|seems|run|runs|stop|"
    r"stops|break|breaks|charge|keep|let|lets|send|sends|try|tries|turn|turns|give|gives|without|within|through|during|"
    r"between|against|across|around|near|per|via|like|as|because|though|although|unless|until|while)$", re.I)
# nouns too general to say what the customer is asking about: every policy is about an order, an item or a time
_GENERAL_NOUNS = frozenset(
    "order orders item items thing things stuff product products purchase purchases one ones time way question "
    "problem issue account money package parcel delivery website site app page email message help info information "
    "moment while bit lot kind sort mom mum dad mother father wife husband partner son daughter kid kids child "
    "children friend sister brother nephew niece family birthday party christmas holiday gift present refund refunds "
    "return returns exchange exchanges morning afternoon evening night weekend caller person someone guy man woman "
    "lady agent rep staff few couple little".split())
# participles that are verbs of the sentence, never a describing word ("my order got...", "the item arrived")
_VERB_ONLY = re.compile(r"^(?:arrived|ordered|received|bought|returned|opened|tried|used|asked|wanted|needed|started|"
                        r"stopped|changed|placed|charged|cancelled|canceled|delivered|shipped|tracking|getting|using|"
                        r"trying|having|being|doing|going|making|waiting|looking|wondering|thinking|arriving|coming|"
                        r"working|showing|saying|asking|telling|running|leaking|breaking|falling|missing|taking|giving|"
                        r"sending|paying|buying|ordering|expecting|hoping|planning|right|away|straight|soon)$", re.I)


_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")  # a word, hyphenated or not ("e-gift"), never a code cut short ("NW-")


def named_objects(text: str) -> list[str]:
    """The things the customer names, in order, in their words without a brand ("my Northwind Tech earbuds" ->
    "earbuds", "the cast iron pan" -> "cast iron pan", "my gift card PIN" -> "gift card pin"); an order, an item or
    a time is not named (every policy is about those). A policy sentence about these things answers the customer; one
    about a neighbouring thing of the same topic (another product kind, another brand) does not."""
    return [phrase for _, phrase in _named(text)]


def named_objects_said(text: str) -> list[str]:
    """The things the customer names, as the agent says them back: "my gift card" -> "your gift card", "your
    marketing emails" -> "our marketing emails", "a smart speaker" -> "your smart speaker"."""
    out = []
    for determiner, phrase in _named(text):
        d = determiner.lower()
        out.append(f"our {phrase}" if d in ("your", "our") else f"{d} {phrase}" if d in ("his", "her", "their")
                   else f"your {phrase}")
    return out


def named_object_said(text: str) -> str | None:
    """The first thing the customer names, as the agent says it back (see ``named_objects_said``), or None."""
    said = named_objects_said(text)
    return said[0] if said else None


def _named(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    letters = [c for c in text if c.isalpha()]
    shouting = sum(c.isupper() for c in letters) > len(letters) / 2  # "MY COAT": capitals are not names here
    at = 0
    while (m := _NAMED.search(text, at)) is not None:
        words: list[str] = []
        found = []
        for token in m.group(2).split():
            word = token.rstrip(".,;:!?)\"'’")
            found.append(word)
            if word != token:
                break  # punctuation ends the phrase: "my jacket, the blue one"
        for i, w in enumerate(found):
            # "the charging case", "your marketing emails": a participle right after the determiner describes the noun
            # that follows it
            describes = i == 0 and len(found) > 1 and bool(re.fullmatch(r"[a-z]+(?:ing|ed)", w)) and not _NOT_IN_PHRASE.match(
                found[1]) and not _VERB_ONLY.match(w)
            # "the packaging", "my bedding": a noun in -ing
            ing_noun = bool(re.fullmatch(r"[a-z]{4,}ing", w)) and not _VERB_ONLY.match(w)
            if (_NOT_IN_PHRASE.match(w) and not describes and not ing_noun) or not _WORD.fullmatch(w):
                break
            words.append(w)
        # the next phrase is looked for right after this one's words ("my speaker and the grille")
        at = m.start(2) + len(" ".join(words)) if words else m.start(2)
        if not words:
            continue
        # a brand before the noun ("Northwind Tech earbuds") says whose, not what: the plain words (and abbreviations
        # such as "PIN") name the thing
        plain = [w for w in words if not _capitalised(w)] if not all(_capitalised(w) for w in words) else words
        if plain != words and _capitalised(words[-1]):
            continue  # "the Northwind Trail Runner": a name for the thing, matched by its own words elsewhere
        if plain[-1].lower() in _GENERAL_NOUNS:
            continue
        # names and abbreviations keep their capitals ("PowerCube", "PIN"), unless the whole message is shouted
        phrase = " ".join(w if w[:1].isupper() and not shouting else w.lower() for w in plain)
        if phrase not in [p for _, p in out]:
            out.append((m.group(1), phrase))
    return out


def named_object(text: str) -> str | None:
    """The first thing the customer names (see ``named_objects``), or None."""
    found = named_objects(text)
    return found[0] if found else None


def _capitalised(word: str) -> bool:
    """A name ("Northwind"), not an abbreviation written in capitals ("PIN") or a plain word."""
    return word[:1].isupper() and not (len(word) > 1 and word.isupper())
