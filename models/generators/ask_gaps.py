"""What of a question the passages leave open, and how to name it to the customer in clean words.

``focus_gap`` finds a question whose own subject the passages never mention ("the categories of people for whom a
flu vaccine matters" over passages about vaccines in general): most of the words that say what is asked about are
absent from every passage, so what the passages say is related but is not the answer. The reply then answers what
the passages cover and says plainly what it could not confirm.

``indirect_question`` turns the customer's question into the words a reply uses to name it ("Who was the last Kolb
to live in the house?" -> "who the last Kolb to live in the house was"): the customer recognises their own question,
and no stemmed or clipped token reaches the reply.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.analysis import shouted_words
from assistant.grounding.sentences import split_sentences
from assistant.grounding.words import content_words, mentions, stem, word_keys, words_of
from assistant.safety.echo import MAX_SAFE_WORDS
from assistant.types import Passage
from models.generators.asked_terms import naming_word

# Words that say how something is asked, not what about: light verbs, hedges, question fillers. A passage need
# not use them for its text to answer the question.
_LIGHT = frozenset(
    """ask asking also actually another anyone anything appear around available become best better come could
    currently definitely describe detail details difference different does doing done else especially even ever
    every example explain find general give given good great happen happened happening happens help here important
    info information just know known kind kinds like look looking lot lots main make many matter maybe mean means
    might more most much must need needs okay one ones other please possible probably provide really right said say
    rid says see seem seems should show some something sort specific still stuff such sure take talk tell thank thanks thing
    things think type types usually use used using very want way ways well whole work works would
    latest earliest soonest""".split())
# The share of the question's subject words no passage mentions above which the passages do not answer it.
MIN_MISSING_SHARE = 0.4
MIN_MISSING = 2


_LIGHT_STEMS = _LIGHT | {stem(w) for w in _LIGHT}  # "details", "happening", "explained" ask as lightly


def _source_keys(passages: Sequence[Passage]) -> set[str]:
    # the section heading names what its text is about ("Check-in times" over "at least 45 minutes before")
    return word_keys(" ".join(f"{p.title or ''} {p.section or ''} {p.text}" for p in passages))


# "i'm", "we've", "it's": a pronoun with its verb, never what a question is about
_PRONOUN_CONTRACTION = re.compile(r"^(?:i|you|we|they|he|she|it|that|there|here|who|what|let)['’]")


def subject_words(question: str) -> list[str]:
    """The words of a question that say what it is about (content words minus the way of asking), as written."""
    out: list[str] = []
    # "how long", "how much": the way of asking for a measure, not what is asked about
    question = re.sub(r"\bhow (?:long|much|many|soon|often|far|late)\b", "how", question, flags=re.I)
    for w in content_words(question):
        lw = w.lower()
        if len(lw) < 3 or lw.isdigit() or stem(lw) in _LIGHT_STEMS or lw in _LIGHT or _PRONOUN_CONTRACTION.match(lw):
            continue
        if w not in out:
            out.append(w)
    return out


def missing_subject_words(question: str, passages: Sequence[Passage]) -> tuple[list[str], list[str]]:
    """(subject words, those no passage mentions even by a shared stem)."""
    keys = _source_keys(passages)
    words = subject_words(question)
    missing = [w for w in words if not mentions(keys, w)]
    return words, missing


_WH_START = re.compile(r"^\W*(?:(?:so|and|but|also|ok|okay|then|well)[,\s]+)*(?:what|which|who|whom|whose|when|where|how)\b",
                       re.I)


def _wh_question(question: str) -> str | None:
    """The question's own clause when it asks "what / which / who / when / where / how": its last sentence, from the
    question word on ("Quick question: how long do I have...?" -> "how long do I have...?"). None for a yes/no
    question or a "why": those carry the customer's situation ("If my nephew doesn't like it, can he still return
    it?", "why do my points still say pending?"), whose words no policy repeats."""
    last = re.split(r"(?<=[.:;!])\s+", question.strip())[-1]
    if not _WH_START.match(last):
        return None
    return last


def focus_gap(question: str, passages: Sequence[Passage]) -> bool:
    """Is ``question`` (one question, as the customer wrote it) about something the passages never mention: at
    least two of its subject words, and a large share of them, absent from every passage? A statement is never a
    gap (it asks nothing); nor is a question whose subject the passages name (their words may differ from the
    customer's in one word: "sneakers" for "shoes"). Only "what / which / who / when / where / how" questions are
    read this way (see ``_wh_question``)."""
    asked = _wh_question(question)
    if not passages or asked is None or _CONSEQUENCE.match(asked):
        return False
    words, missing = missing_subject_words(asked, passages)
    # a place they send to or are in ("to her in Donegal") is a fact of their case: the rules for its area answer it
    placed = {m.group(1).lower() for m in _PLACED.finditer(asked)}
    missing = [w for w in missing if w.lower() not in placed]
    # nor do its adverbs and verb forms ("how do I get this fixed ... for now?")
    missing = [w for w in missing if naming_word(w.lower(), asked)]
    # the words describing the customer's own thing ("my merino wool sweater") are theirs, not the subject a policy
    # names: a care guide for wool answers it without saying "merino"
    described = {w.lower() for m in _OWN_THING.finditer(asked) for w in m.group(1).split()}
    missing = [w for w in missing if w.lower() not in described]
    return len(missing) >= MIN_MISSING and len(missing) >= MIN_MISSING_SHARE * len(words)


# "what happens if ...": the consequence of their own situation, which the rule for that situation answers in its own
# words (their situation's words are theirs)
_CONSEQUENCE = re.compile(r"^\W*(?:(?:so|and|but|also)\s+)*what\s+(?:happens|will happen|would happen|happened)\s+"
                          r"(?:if|when|to)\b", re.I)
_PLACED = re.compile(r"\b(?:in|to|from|near|at)\s+([A-Z][a-z]{2,})\b")
# "my / our / your" and the modifiers before the noun they describe (the noun itself is not captured)
_OWN_THING = re.compile(r"\b(?:my|our|your)\s+((?:[a-z'’-]+\s+){1,3})(?=[a-z-]+\b)", re.I)  # ("my mum's parcel")


# -- naming the question in the reply ------------------------------------------------------------------------------

_BE = r"is|are|was|were"
_AUX = r"do|does|did"
_MODAL = r"can|could|may|might|will|would|should|shall|must|has|have|had"
_PRONOUNS = {"i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself", "we": "you", "us": "you",
             "our": "your", "ours": "yours", "am": "are", "i'm": "you're", "i've": "you've", "i'd": "you'd",
             "i'll": "you'll", "your": "our", "yours": "ours"}
_LEAD = re.compile(r"^\W*(?:(?:so|and|but|also|ok|okay|then|well|hi|hello)[,\s]+)+", re.I)
_POLITE = re.compile(r"^(?:(?:can|could|would) you (?:(?:please|also|just|kindly)\s+){0,2}(?:tell|show|let) me|"
                     r"(?:can|could|would) you (?:(?:please|also|just|kindly)\s+){0,2}(?:confirm|check|explain|clarify)"
                     r"(?=\s+(?:whether|if|what|which|who|when|where|why|how)\b)|do you know|"
                     r"i (?:want|would like|'d like) to know|(?:please |also |and )?tell me(?: about)?)\s+", re.I)
# what the customer adds about their own circumstances after the question itself: "... because I'm going to Spain on
# Sunday", "..., I need it for my bank", "... so we can sort out the funeral"; the reply names the question alone
_CIRCUMSTANCE = re.compile(r"(?:\s*,\s*(?:and\s+)?(?:i|we)\s+(?:need|want|have|had|use|am|'m|really)\b|\s+because\b|\s+since (?:i|we)\b|"
                           r"\s+so (?:that )?(?:i|we|my|our)\b|\s+as (?:i|we)(?:'m| am| are| have|'ve)?\b).*$", re.I)
# informal spellings a reply does not repeat
_INFORMAL = {"gonna": "going to", "wanna": "want to", "gotta": "have to", "im": "I'm", "ive": "I've", "id": "I'd",
             "dont": "don't", "doesnt": "doesn't", "didnt": "didn't", "cant": "can't", "wont": "won't", "isnt": "isn't",
             "arent": "aren't", "wasnt": "wasn't", "u": "you", "ur": "your", "pls": "please", "plz": "please"}
MAX_WORDS = 18
_HEDGE = re.compile(r"\s+(?:actually|really|just|somehow|basically|honestly|literally)\b(?=\s)", re.I)
# ("this thing", "the thing" stay: there the word is the noun itself)
_VAGUE_TAIL = re.compile(r"\b([a-z]+)\s+(?:thing|things|stuff|thingy|thingies)\b(?=\W*$|\s+(?:or|and|is|are|was|were|for|"
                         r"in|on|at|to|with)\b|,)", re.I)
_DETERMINER_WORDS = frozenset("the a an this that these those my your our their his her its any some every each no".split())
# a verb form after "is/are" that makes what follows the subject's own predicate: "how much is easyjet meant to pay"
# -> "how much easyjet is meant to pay", not "... meant to pay is"
_PREDICATE = frozenset("meant supposed allowed able going likely due required expected entitled eligible".split())
_NEGATIVE_QUESTION = re.compile(r"\b(?:don'?t|doesn'?t|didn'?t|isn'?t|aren'?t|wasn'?t|won'?t|can'?t)\s+(?:you|it|they|i|we|"
                                r"he|she|there)\b|^\W*(?:isn'?t|aren'?t|don'?t|doesn'?t|didn'?t|wasn'?t)\b", re.I)
# "does it still have": an adverb between the subject and the verb that takes the ending
_ADVERBS = frozenset("still also ever really actually usually just even already always never only often".split())
_IRREGULAR_PAST = {"go": "went", "do": "did", "get": "got", "make": "made", "take": "took", "have": "had", "say": "said",
                   "come": "came", "see": "saw", "give": "gave", "find": "found", "know": "knew", "become": "became",
                   "begin": "began", "run": "ran", "win": "won", "buy": "bought", "pay": "paid", "leave": "left",
                   "build": "built", "send": "sent", "spend": "spent", "cost": "cost", "put": "put", "set": "set",
                   "hit": "hit", "let": "let", "cut": "cut", "hold": "held", "keep": "kept", "lose": "lost",
                   "bring": "brought", "think": "thought", "tell": "told", "sell": "sold", "write": "wrote",
                   "read": "read", "meet": "met", "grow": "grew", "fall": "fell", "eat": "ate", "be": "was",
                   "break": "broke", "choose": "chose", "drive": "drove", "fly": "flew", "ride": "rode", "rise": "rose",
                   "speak": "spoke", "steal": "stole", "wear": "wore", "sing": "sang", "swim": "swam", "draw": "drew",
                   "show": "showed", "shut": "shut", "die": "died", "lie": "lay", "feel": "felt", "mean": "meant",
                   "hear": "heard", "stand": "stood", "understand": "understood", "teach": "taught", "catch": "caught",
                   "fight": "fought", "seek": "sought", "lead": "led", "feed": "fed", "sit": "sat", "light": "lit"}


def _person(text: str) -> str:
    """The customer's words said back to them: "my job" -> "your job", "I" -> "you", and "you" (us, to the customer)
    -> "we" where it is the company that acts ("do you recommend", "do you have"); a generic "you" stays ("can you
    still climb it"). Capitalised "Me"/"My" inside a name are left alone."""
    def swap(m: re.Match[str]) -> str:
        word = m.group(0)
        if not word.startswith("I") and word[:1].isupper() and m.start() > 0:
            return word  # "Me Before You": part of a name
        return _PRONOUNS.get(word.lower().replace("’", "'"), word)
    # "you" as the object of an act towards the company ("do we need to tell you?") is the company: "tell us"
    text = re.sub(r"\b(tell|let|contact|call|phone|ring|inform|notify|ask|send|give|pay|show|email|e-mail|message|write to|"
                  r"with|from)"
                  r"\s+you\b", "\\1 \x00", text, flags=re.I)
    # the company's "you" is marked before the customer's "I"/"we" become "you" ("do I actually have to pay" stays
    # "you ... have to pay", not "we")
    text = re.sub(r"\byou\s+(?:guys|lot|folks|people|all)\b", "you", text, flags=re.I)  # "you guys": the company
    # ("are you going to pay me back", "can you send me": up to three words before the company's act)
    text = re.sub(r"\byou\b(?=\s+(?:\w+\s+){0,3}?(?:recommend|suggest|advise|have|offer|sell|carry|stock|provide|"
                  r"support|accept|ship|deliver|know|mean|do|open|closed|price-match|match|allow|take|pay|refund|reimburse|"
                  r"charge|cover|replace|repair|compensate|send|issue|waive|extend|cancel|arrange|collect|book)\b)",
                  "\x01", text)
    # (the customer's "your" is the company's: "are your deliveries carbon neutral" -> "our deliveries")
    out = re.sub(r"\b(?:[Ii]['’](?:m|ve|d|ll)|I|i|me|my|mine|myself|we|us|our|ours|am|your|yours)\b(?!-)", swap, text)
    return out.replace("\x00", "us").replace("\x01", "we")


def _third_person(verb: str) -> str:
    """"carry" -> "carries", "have" -> "has": the verb after a dropped "does"."""
    v = verb.lower()
    if v == "have":
        return "has"
    if v in ("be",):
        return "is"
    if v in ("do", "go"):
        return verb + "es"
    if re.search(r"[^aeiou]y$", v):
        return verb[:-1] + "ies"
    if re.search(r"(?:s|sh|ch|x|z|o)$", v):
        return verb + "es"
    return verb + "s"


def _past(verb: str) -> str:
    """"appear" -> "appeared", "win" -> "won": the verb after a dropped "did"."""
    v = verb.lower()
    if v in _IRREGULAR_PAST:
        return _IRREGULAR_PAST[v]
    if v.endswith("e"):
        return verb + "d"
    if re.search(r"[^aeiou]y$", v):
        return verb[:-1] + "ied"
    if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", v) and len(re.findall(r"[aeiouy]+", v)) == 1:
        return verb + verb[-1] + "ed"  # "star" -> "starred": one syllable ending consonant-vowel-consonant
    return verb + "ed"


def _inflect(verb_rest: list[str], aux: str, subject: str) -> list[str] | None:
    """The verb phrase after a dropped "do/does/did" with its verb inflected ("still have" -> "still has" after
    "does"); None when there is no verb to inflect."""
    at = 0
    while at < len(verb_rest) and verb_rest[at].lower() in _ADVERBS:
        at += 1
    if at >= len(verb_rest) or not re.fullmatch(r"[a-z]+", verb_rest[at]):
        return None
    verb = verb_rest[at]
    if aux == "did":
        verb = _past(verb)
    elif aux == "does" and subject.lower() not in ("i", "you", "we", "they"):
        verb = _third_person(verb)
    return verb_rest[:at] + [verb] + verb_rest[at + 1:]


# a wish run on after the question with its subject left out ("do you do vouchers, want one for my nan"): the
# customer's reason, no part of what is asked
_WISH_TAIL = re.compile(r",\s+(?:want|wanted|wanting|need|needed|hoping|looking|thinking|trying|planning)\s+"
                        r"(?:to|one|it|some|a|an)\b[^?]*", re.I)


def indirect_question(question: str) -> str | None:
    """The question as a clause a reply can name (see ``_restate``); None when it cannot be restated cleanly, or
    when the clause would copy more of the customer's words in a row than a reply may (the echo guard drops such a
    sentence)."""
    clause = _restate(_WISH_TAIL.sub("", question))
    if clause is None or casual(clause) or len(clause.split()) < 3:
        return None  # ("how deposit": a clipped question is no clause to name)
    asked = re.findall(r"[a-z0-9]+", question.lower())
    said = re.findall(r"[a-z0-9]+", clause.lower())
    n = MAX_SAFE_WORDS + 1
    grams = {tuple(asked[i:i + n]) for i in range(len(asked) - n + 1)}
    if any(tuple(said[i:i + n]) in grams for i in range(len(said) - n + 1)):
        return None
    return clause


# the customer's way of writing, which a reply never copies into its own sentence: chat abbreviations, "its" for
# "it's", a day or month in lower case or run into a possessive ("decembers one"), a hedge of theirs ("you think")
_CASUAL = re.compile(
    r"\b(?:atm|tbh|lol|pls|plz|cos|coz|cuz|u|ur|ya|thx|imo|idk|btw|smh|omg|abt|bc|rn|tho|nvm|asap)\b|"
    r"\bits\s+(?:a|an|the|not|going|so|too|very|really|been|ok|okay|just|still|all)\b|"
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|april|june|july|august|"
    r"september|october|november|december)s?\b|"
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|June|July|August|"
    r"September|October|November|December)s\b|"
    r"\byou\s+(?:think|reckon|guess|suppose|believe)\b")
# a second clause run on after a comma ("..., its a lot atm", "..., you think it ends in May or how much"): the
# restated question would carry the customer's aside with it
_RUN_ON = re.compile(r",\s+(?:it|its|it's|that|that's|thats|this|i|i'm|im|you|you're|we|we're|they|cheers|thanks|"
                     r"thank|please|or\s+(?:how|what|which|when|where|why|whether|if))\b", re.I)


# the customer's own circumstance run on after the question ("..., I work all week", "..., we're away then"); one
# followed by another question ("..., i think it runs out in June or how much would that cost") is no aside
_ASIDE = re.compile(r",\s+(?:i|we)(?:['’]m|['’]re|\s+am|\s+are)?\s+[a-z]+", re.I)
_LOWER_DAY = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|april|june|"
                        r"july|august|september|october|november|december)\b")


def casual(clause: str) -> bool:
    """Whether a restated question still carries the customer's own way of writing (see ``_CASUAL``, ``_RUN_ON``):
    the gap is then said in the general wording, never with their words in our sentence."""
    return bool(_CASUAL.search(clause) or _RUN_ON.search(clause))


# the subject of a restated question that stands for something said elsewhere ("whether that is ok")
_POINTING_SUBJECT = re.compile(r"^(?:whether|what|which|who|when|where|why|how(?: much| many| long)?)\s+"
                               r"(?:it|that|this|they|these|those|one)\s+(\w+)\b(.*)$", re.I)
# particles and words of judgement that name no subject: "comes back too", "is ok", "is 250 or 400"
_EMPTY_PREDICATE = frozenset("""back too also out off away over again there here then now yet ok okay fine alright allowed
    possible normal true right wrong enough correct legit safe same different better worse covered included available
    free valid""".split())


# a request to us to check their own case, around what it asks ("whether you can confirm whether this is correct")
_CHECK_FRAME = re.compile(r"^whether (?:you|we) (?:can|could) (?:please )?(?:confirm|check|tell (?:me|you)|let (?:me|you) "
                          r"know|explain)(?: to (?:me|you))? (?:whether|if|that) ", re.I)
# what every message could ask ("what are my options?", "what are the next steps?"): no subject of its own
_GENERIC_ASK = frozenset("option choice step next thing something anything".split())


def generic_ask_word(word: str) -> bool:
    """"options", "steps": a word any message could ask about, which names no subject a source could leave out."""
    return word.lower().rstrip("s") in _GENERIC_ASK


def names_nothing(clause: str) -> bool:
    """Whether a restated question names nothing the customer could recognise out of context: its subject points
    elsewhere ("it", "that") and the rest is a verb with particles, numbers or a judgement ("whether that is ok",
    "whether that comes back too", "whether it is 250 or 400"), or all it names is what any message could ask ("your
    options"). A gap line naming it would say nothing."""
    clause = _CHECK_FRAME.sub("whether ", clause.strip())  # "whether you can confirm whether this is correct"
    said = subject_words(clause)
    if said and all(w.lower().rstrip("s") in _GENERIC_ASK for w in said):
        return True  # "what your options are", "what your next steps are": the question of the whole message
    m = _POINTING_SUBJECT.match(clause)
    if not m:
        return False
    rest = [w for w in subject_words(m.group(2)) if w.lower() not in _EMPTY_PREDICATE and not re.search(r"\d", w)
            and not re.fullmatch(r"[a-z]+(?:ed|en)", w)]  # "whether it is something you've reported"
    return not rest


def _restate(question: str) -> str | None:
    """The question as a clause a reply can name ("whether MontanaVA carries J&J booster shots", "what you should
    do if you lose your job"); None when it is not one question of a form this can restate, or too long to read
    well inside a sentence."""
    q = re.sub(r"[?!]+(?=\W*$)", "?", question.strip())  # "Can someone come today??" is one question
    # the question itself, after a story told before it in the same sentence ("my nan gave me a cheque, how do I pay
    # a cheque in?")
    after = re.search(r",\s+((?:how|what|which|when|where|who|why|can|could|do|does|is|are|will|should)\b[^,]*)$", q, re.I)
    if after and len(after.group(1).split()) >= 3 and not re.match(r"\W*(?:if|when|unless|once|after|before)\b", q, re.I):
        q = after.group(1)
    # shouting is not repeated: a question all in capitals in sentence case, a shouted word in lower case
    if len(q.split()) > 1 and q.upper() == q:
        q = q.lower()
    q = re.sub(r"(?<![\w-])[A-Z]{3,}(?![\w-])", lambda m: m.group(0).lower() if shouted_words(m.group(0)) else m.group(0), q)
    q = _LEAD.sub("", q.strip("\"'“”")).strip()
    # a day or month typed in lower case is said as a reply writes it ("open on a sunday" -> "open on a Sunday")
    q = _LOWER_DAY.sub(lambda m: m.group(0).capitalize(), q)
    # what the customer adds after the question as a clause of its own ("is the depot open on a saturday, I'm away
    # all week and can't get there"): the question is what comes before it
    aside = _ASIDE.search(q)
    if aside and len(q[:aside.start()].split()) >= 3 and not re.search(r"\?|\bor\s+(?:how|what|which|when|where|why)\b",
                                                                      q[aside.start():].rstrip("?!. "), re.I):
        q = q[:aside.start()]
    q = re.sub(r"\b[A-Za-z]+\b", lambda m: _INFORMAL.get(m.group(0).lower(), m.group(0)) if m.group(0) != "U" else "U", q)
    # hedges and vague tails are the customer's way of talking, not part of what is asked: "do I actually have to
    # pay", "the router thing" -> "do I have to pay", "the router"
    q = _HEDGE.sub("", q)
    q = _VAGUE_TAIL.sub(lambda m: m.group(0) if m.group(1).lower() in _DETERMINER_WORDS else m.group(1), q)
    framed = bool(_POLITE.match(q))
    q = _POLITE.sub("", q)
    # "will it work out there or is it going to cost a fortune": the first question names what is asked
    cut = re.sub(r",?\s+or\s+(?:is|are|will|would|does|do|can|could)\s+(?:it|there|they|that|this)\b.*$", "", q, flags=re.I)
    cut = _CIRCUMSTANCE.sub("", cut)
    if len(cut.split()) >= 3:
        q = cut
    if q.count("?") > 1 or not q:
        return None
    q = re.sub(r"[?.!\s]+$", "", q)
    if len(q.split()) > MAX_WORDS or re.search(r"[;:\n?!]|\.\s", q) or _NEGATIVE_QUESTION.search(q):
        return None  # more than one sentence, or "don't you use...?": not one plain question to restate
    words = q.split()
    head = words[0].lower()
    wh = head in ("what", "which", "who", "whom", "whose", "when", "where", "why", "how")
    rest = words[1:]
    if wh:
        # "how much does it cost", "which one": the question word may take a word or two with it
        take = 1
        while take < len(words) and take <= 2 and re.fullmatch(r"much|many|long|often|far|soon|old|big|one|ones|"
                                                                r"kind|type|sort", words[take], re.I):
            take += 1
        counted = head == "how" and take == 2 and words[1].lower() in ("many", "much")
        if take < len(words) and (head in ("which", "what", "whose") or counted) and not re.fullmatch(
                rf"{_BE}|{_AUX}|{_MODAL}", words[take], re.I):
            # "which documents are needed", "what sporting events are hosted", "how many full phone charges does it
            # give": the noun goes with the question word
            while take < len(words) and not re.fullmatch(rf"{_BE}|{_AUX}|{_MODAL}", words[take], re.I) and \
                    take < (6 if counted else 4):
                take += 1
        lead, rest = " ".join(words[:take]), words[take:]
        lead = lead[0].lower() + lead[1:]
        if not rest:
            return None
        verb = rest[0].lower()
        if re.fullmatch(_BE, verb) and len(rest) >= 2 and re.fullmatch(r"in|on|at|inside|under|behind|within|left|"
                                                                       r"included|involved", rest[1], re.I):
            # "how much is in his account", "what is included": the question word is the subject, the order stays
            return _person(f"{lead} {' '.join(rest)}")
        if re.fullmatch(_BE, verb) and len(rest) >= 2 and re.fullmatch(r"[a-z]+(?:ed|en)", rest[1]):
            # "what courses are offered during the training": the question's noun is the subject, the order stays
            return _person(f"{lead} {' '.join(rest)}")
        if lead.lower() == "what" and re.fullmatch(r"is|are", verb) and len(rest) >= 3 and re.fullmatch(
                r"the|some|its|his|her|their|my|your|our", rest[1], re.I) and not any(
                w.lower() in _COMMON_VERBS or w.lower() in ("do", "does", "did") for w in rest[2:]):
            # "what is the default timeout", "what are some likely reasons for X": the thing asked about, named
            return _person(" ".join(rest[2:] if rest[1].lower() == "some" else rest[1:]))
        if re.fullmatch(_BE, verb) and len(rest) >= 2:
            tail = rest[1:]
            done = next((i for i in range(1, len(tail)) if (re.fullmatch(r"[a-z]+(?:ed|en)", tail[i]) and i >= 2
                                                             or tail[i].lower() in _PREDICATE)
                         and not tail[i - 1].lower().endswith("ly")), None)
            if done is not None:
                # a passive: "why are the islanders called Velmari" -> "why the islanders are called Velmari"
                return _person(f"{lead} {' '.join(tail[:done])} {verb} {' '.join(tail[done:])}")
            # "why is the timeout so short" -> "why the timeout is so short": the verb before a degree word
            degree = next((i for i in range(2, len(tail)) if re.match(r"[£$€]?\d", tail[i]) or tail[i].lower() in ("so", "too", "very", "not", "still",
                                                                                  "always", "never", "really", "more",
                                                                                  "less", "higher", "lower")), None)
            if degree is not None:
                return _person(f"{lead} {' '.join(tail[:degree])} {verb} {' '.join(tail[degree:])}")
            # "who is Ben" -> "who Ben is"
            return _person(f"{lead} {' '.join(rest[1:])} {rest[0].lower()}")
        if re.fullmatch(_AUX, verb) and len(rest) >= 3:
            # "what should I do" is modal; "how do I create one" -> "how you create one"
            subject, verb_rest = _split_subject(rest[1:])
            inflected = _inflect(verb_rest, verb, subject) if subject else None
            if subject is None or inflected is None:
                return None
            return _person(f"{lead} {subject} {' '.join(inflected)}")
        if re.fullmatch(_MODAL, verb) and len(rest) >= 3:
            subject, verb_rest = _split_subject(rest[1:])
            if subject is None:
                return None
            return _person(f"{lead} {subject} {verb} {' '.join(verb_rest)}")
        # "what happens to people's bodies", "who founded the company": the order stays
        return _person(f"{lead} {' '.join(rest)}")
    if framed and head in ("if", "whether") and len(rest) >= 3:
        # "can you confirm whether the fee applies" -> "whether the fee applies" (never "whether you can confirm ...")
        return _person(f"whether {' '.join(rest)}")
    if framed and not re.fullmatch(rf"{_BE}|{_AUX}|{_MODAL}|if|whether", head, re.I) and len(words) <= 8:
        # "tell me today's VIX at NASDAQ": what they ask to be told is named as they name it
        return _person(q)
    if re.fullmatch(rf"{_BE}|{_AUX}|{_MODAL}|am", head, re.I) and len(rest) >= 2:
        if head.lower() in ("is", "are", "was", "were") and rest[0].lower() == "there":
            return _person(f"whether there {head.lower()} {' '.join(rest[1:])}")
        head = head.lower()
        subject, verb_rest = _split_subject(rest)
        if subject is None and head in ("are", "were") and rest[0].lower() in _DETERMINERS:
            # "are your deliveries carbon neutral": the plural subject ends at its plural noun
            end = next((i for i in range(1, min(len(rest) - 1, 4)) if re.fullmatch(r"[a-z]{3,}s", rest[i])
                        and not re.search(r"(?:ss|us|is)$", rest[i])), None)
            if end is not None:
                subject, verb_rest = " ".join(rest[:end + 1]), rest[end + 1:]
        if subject is None or not verb_rest:
            return None
        if head in ("do", "does", "did"):
            inflected = _inflect(verb_rest, head, subject)
            return None if inflected is None else _person(f"whether {subject} {' '.join(inflected)}")
        return _person(f"whether {subject} {head} {' '.join(verb_rest)}")
    return None


_COMMON_VERBS = frozenset(
    """be have get go come take make give keep let put run set show start stop end last need want mean cost cover
    include apply require allow accept offer work look seem happen change affect help use pay charge ship arrive
    open close return replace refund expire renew count matter hold contain support provide appear live die win lose
    play air premiere release say tell know think feel become remain stay grow fall rise carry sell buy send receive
    leave lead follow mention differ exist occur qualify belong connect integrate link sync plug print""".split())
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "my", "your", "our", "their", "his", "her",
                "its", "some", "any", "all", "each", "every", "no"}


def _verb_like(word: str) -> bool:
    """A verb, an adverb before one, or a participle ("covered"), told apart from a noun without word classes."""
    w = word.lower()
    return w in _COMMON_VERBS or w in _ADVERBS or bool(re.fullmatch(r"[a-z]{3,}(?:ed|en)", w))


def _split_subject(words: list[str]) -> tuple[str | None, list[str]]:
    """Split "I lose my job" / "the Montana VA carry shots" into its subject and the verb phrase after it: a pronoun
    is a subject alone; a determiner takes the words up to the first lower-case word after a noun; a name takes its
    capitalised words."""
    if not words:
        return None, []
    first = words[0]
    if first.lower() in ("this", "that", "these", "those") and len(words) > 2 and _verb_like(words[2]) \
            and not _verb_like(words[1]):
        return " ".join(words[:2]), words[2:]  # "is this thing covered": "this" is the noun's determiner
    if first.lower() in ("i", "you", "we", "they", "he", "she", "it", "there", "this", "that", "someone", "somebody",
                         "anyone", "anybody", "everyone", "nobody"):
        return (first if first == "I" else first.lower()), words[1:] if len(words) > 1 else []
    if first[:1].isupper() and first.lower() not in _DETERMINERS:
        n = 1
        while n < len(words) and (words[n][:1].isupper() or words[n] in ("&", "of", "and")):
            n += 1
        if re.search(r"['’]s$", words[n - 1]):
            # a name's possessive is a determiner ("will Harbour Rail's ticket office keep it"): its noun follows
            return _after_determiner(words, n + 1)
        return (" ".join(words[:n]), words[n:]) if n < len(words) else (None, [])
    if first.lower() in _DETERMINERS:
        return _after_determiner(words, 2)
    return None, []


def _after_determiner(words: list[str], start: int) -> tuple[str | None, list[str]]:
    """A subject that opens with a determiner: "the pilot episode get filmed". Without word classes, it ends at the
    first common verb from ``start`` on (or an adverb before it: "will your phone even work")."""
    for n in range(start, min(len(words), start + 5)):
        if words[n].lower() in _COMMON_VERBS or words[n].lower() in _ADVERBS:
            return " ".join(words[:n]), words[n:]
    return None, []


# -- what stored documents cannot confirm ---------------------------------------------------------------------------

# A value that changes from day to day: "today's rate", "the current price", "availability for next week", "right
# now". Documents state rules and descriptions; the live figure is something the agent looks up.
_VALUE_NOUNS = (r"price|prices|rate|rates|cost|costs|fee|fees|value|values|level|levels|figure|figures|number|numbers|"
                r"policy|policies|availability|stock|status|balance|wait|waiting time|queue|schedule|quote|quotes|"
                r"index|yield|yields|exchange rate|conditions?|opening|openings|vacanc(?:y|ies)")
_LIVE = re.compile(
    rf"\b(?:today['’]s|tonight['’]s|this week['’]s)\s+(?:[\w&'’.-]+\s+){{0,2}}?(?:{_VALUE_NOUNS}|(?-i:[A-Z])[\w&'’.-]+)"
    rf"(?:\s+(?:at|on|in|for)\s+(?:the\s+)?[\w&'’.-]+)?|"
    rf"\b(?:the )?(?:current|latest|live|real-time|up-to-date)(?:\s+[\w&'’-]+){{0,3}}?\s+(?:{_VALUE_NOUNS})\b"
    rf"(?:\s+(?:[\w&'’.-]+\s+){{0,2}}?(?:at|of|for|on|in)\s+(?:the\s+)?[\w&'’.-]+)?|"
    rf"\b(?:availability|vacanc(?:y|ies)|openings?|in stock|(?:spaces?|spots?|places?|tickets?|rooms?|sites?) (?:left|free|open))"
    rf"\b[^.?!,;]{{0,25}}?\b(?:today|tonight|tomorrow|(?:this|next|coming) (?:week(?:end)?|month|few days)|"
    rf"right now|at the moment)\b",
    re.I)
# The passage itself states the figure as of a time: then it does answer.
_DATED = re.compile(r"\b(?:as of|updated|today|currently|at present|this week)\b", re.I)


def live_value(ask: str, passages: Sequence[Passage]) -> str | None:
    """The part of ``ask`` that wants a value of the moment ("today's VIX at NASDAQ", "its availability for the next
    week", "the current price"), which policy text cannot confirm: the agent looks it up. None when the ask wants
    none, or when a passage itself states such a value as of a time (and names the thing asked about)."""
    m = _LIVE.search(ask)
    if not m:
        return None
    phrase = re.sub(r"^(?:its|their|the)\s+", "", m.group(0).strip(" ,"), flags=re.I)
    words = [w for w in subject_words(phrase) if w.lower() not in ("current", "latest", "today", "tonight")]
    for p in passages:
        for sentence in re.split(r"(?<=[.!?])\s+", p.text):
            if _DATED.search(sentence) and words and {stem(w.lower()) for w in words} <= set(map(stem, words_of(sentence))):
                return None
    if re.match(r"(?:current|latest|live|real-time|up-to-date)\b", phrase, re.I):
        phrase = "the " + phrase
    elif re.match(r"in stock\b", phrase, re.I):
        phrase = "whether it is " + phrase
    return _person_phrase(phrase)


# Asking the company for its own recommendation or opinion: "which one do you recommend", "wd u recommend a site",
# "what would you suggest", "which is better for me".
_RECOMMEND_ASK = re.compile(
    r"\b(?:which|what)\b[^.?!]{0,40}\b(?:you|u)\s+(?:would\s+|wd\s+)?(?:recommend|suggest|advise)\b|"
    r"\b(?:you|u)\s+(?:\w+\s+)?(?:recommend|suggest)\s+(?:a|an|one|some|any)\b|"
    r"\bwhat(?:'s| is| would be) (?:your|the best) (?:recommendation|advice|pick)\b|"
    r"\bwhich (?:one |option )?(?:is|would be) (?:better|best) for (?:me|us|my)\b",
    re.I)
# Sources that make a recommendation themselves
_RECOMMENDS = re.compile(r"\b(?:recommend\w*|suggest\w*|advis\w*|we prefer|best (?:choice|option|suited)|ideal for|"
                         r"better suited|is a good (?:choice|option|fit))\b", re.I)


def wants_recommendation(ask: str, passages: Sequence[Passage]) -> bool:
    """Does ``ask`` want the company to pick for the customer ("which one do you recommend?") while no passage makes
    any recommendation? The passages' facts can be given; the pick is the agent's to make or decline."""
    if not _RECOMMEND_ASK.search(ask):
        return False
    return not any(_RECOMMENDS.search(p.text) for p in passages)


def _person_phrase(text: str) -> str:
    """The customer's words said back ("my balance" -> "your balance"), without trailing punctuation."""
    return _person(text).strip(" ?.!,")


# "do you have a phone number for the depot?", "does the shop sell gift cards?": the thing the customer asks us for
_ASKED_THING = re.compile(
    r"^\W*(?:(?:so|and|also|ok|okay|then|or)[,\s]+)*(?:do|does|did)\s+(?:you|u|ye|they|the \w+|your \w+)\s+(?:\w+ly\s+)?"
    r"(?:have|offer|sell|provide|carry|stock|give out|do|serve|accept)\s+((?:(?:a|an|any|some|the)\s+)?([^?.!]+))", re.I)
_PREPOSITION = re.compile(r"\s+(?:for|of|to|in|at|on|from|with|about|by|near|that|which|who|where)\b.*$", re.I)
# How a thing asked for is qualified, not what it is: "some basic information", "any further details".
_ASKING_QUALIFIERS = frozenset("basic further additional extra brief quick short full complete detailed".split())


# "... gift vouchers or something", "... or anything like that": a vague tail, no part of the thing asked for
_VAGUE_END = re.compile(r"\s+(?:or|and) (?:something|anything|similar|whatever|so on|the like)\b[^?.!]*", re.I)


def asked_thing_gap(ask: str, passages: Sequence[Passage]) -> str | None:
    """The thing a "do you have / offer / sell ...?" ask wants from us ("a number for Vanguard"), when no passage
    mentions what it is (the words before its "for ..."), though they may mention what it is for."""
    m = _ASKED_THING.match(_VAGUE_END.sub("", ask))
    if not m or not passages:
        return None
    thing = _PREPOSITION.sub("", m.group(2)).strip()
    words = [w for w in subject_words(thing) if w.lower() not in _ASKING_QUALIFIERS]
    if not words:
        return None
    _, missing = missing_subject_words(" ".join(words), passages)
    # ... or none names the kind asked for: "halal chicken" where the sources name chicken but never "halal" (the
    # word before the thing's name says which kind)
    if len(missing) < len(words) and not (len(words) >= 2 and words[0] in missing):
        return None
    # "whether we have a number for Vanguard" reads as the customer's own question; the bare thing when it cannot be
    # restated
    return indirect_question(ask) or _person_phrase(re.sub(r"\s+", " ", m.group(1)).strip())


def unconfirmable_parts(ask: str, passages: Sequence[Passage]) -> list[str]:
    """The parts of one ask that the passages leave open, named for the reply: a value of the moment ("today's VIX
    at NASDAQ"), the company's own pick between options ("which option we would recommend for you"), or a thing
    asked for that no passage mentions ("a number for Vanguard")."""
    out: list[str] = []
    thing = asked_thing_gap(ask, passages)
    if thing:
        out.append(thing)
    value = live_value(ask, passages)
    if value:
        out.append(value)
    if wants_recommendation(ask, passages):
        out.append("which option we would recommend for you")
    return out


# A question about the customer's own case ("why was my order cancelled?"): the policy that governs it is the answer
_OWN_CASE = re.compile(r"\b(?:my|our|mine|i|me|we|us)\b", re.I)


def own_case(ask: str) -> bool:
    """Whether a question is about the customer's own case ("why was my order cancelled?", "can I return it?")."""
    return bool(_OWN_CASE.search(ask))
# A general question that asks for a value: "what is the default timeout", "how many domains", "what year"
VALUE_ASKED = re.compile(
    r"\bhow (?:many|much|long|often|old|far|big|large|tall|fast)\b|\bwhat (?:year|percentage|age|date)\b|"
    r"\bwhat(?:'s| is| are| was| were) the (?:\w+ )?(?:duration|timeout|time limit|limit|price|cost|fee|rate|"
    r"percentage|number|amount|size|length|age|population|salary|minimum|maximum)s?\b", re.I)
# (a zero is a value too: "there are no fees", "at no extra cost")
_VALUE_SAID = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|hundred|"
                         r"thousand|million|billion|half|once|twice|dozen|free|unlimited|none|nothing|"
                         r"no (?:\w+ )?(?:fees?|charges?|costs?|limits?|minimum|maximum))\b", re.I)


# the measures a question asks for, which name no subject of their own ("how much would that cost?")
_MEASURES = frozenset("cost costs price prices fee fees charge charges take takes long time much many".split())


def _points_back(ask: str) -> bool:
    """"How much would that cost?", "when will she get it?": a question whose subject is a pronoun for what the message
    named before (the customer's case), with no subject word of its own beyond the measure it asks for."""
    return bool(re.search(r"\b(?:it|that|this|these|those|she|he|they|them|her|him)\b", ask, re.I)) and all(
        w.lower() in _MEASURES for w in subject_words(ask))


def answer_type_gap(ask: str, kind: str, said: Sequence[str], passages: Sequence[Passage] = ()) -> str | None:
    """A value ("value") that a general question asks for ("how many", "how long", "what is the fee") and that neither
    the sentences chosen to answer it nor any passage sentence about its subject states: no number. The passages are
    then about the question's subject without answering it: the reply says what it found and that the rest is being
    checked. None when a value is there (a selection that missed it is no gap of the sources), or when the question
    is about the customer's own case (the policy that governs it is the answer).

    (A "why" is not read this way: explanations are given without "because" as often as with it, so the absence of
    causal words says too little.)"""
    text = " ".join(said)
    if not text.strip() or own_case(ask) or _points_back(ask) or not (kind in ("duration", "amount") or
                                                                    VALUE_ASKED.search(ask)):
        return None
    needed, marker = "value", _VALUE_SAID
    if marker.search(text):
        return None
    subject = subject_words(ask)
    for passage in passages:
        for sentence in split_sentences(passage.text):
            if marker.search(sentence) and any(mentions(word_keys(sentence), w) for w in subject):
                return None
    return needed


# -- a thing of ours the customer names that the sources never mention ----------------------------------------------

# "your Reno warehouse", "your Camden Road store": the company's own place or thing, named by the customer
_OUR_NAMED = re.compile(r"\b(?:your|ur)\s+((?:[A-Z][\w'’-]*\s+){1,3})([a-z]{3,})\b")


def unknown_named_thing(ask: str, passages: Sequence[Passage]) -> str | None:
    """"our Reno warehouse" when the customer asks about a thing of the company's by a name ("your Reno warehouse")
    that no passage mentions: what the passages say about warehouses in general does not say whether that one exists
    or what it does. None when a passage names it."""
    m = _OUR_NAMED.search(ask)
    if not m or not passages:
        return None
    name = m.group(1).split()
    source = set(words_of(" ".join(f"{p.title or ''} {p.text}" for p in passages)))
    if all(w.lower().strip("'’") in source for w in name):
        return None
    return f"our {' '.join(name)} {m.group(2)}"


# "how many full phone charges does it give", "how many days do I have": the thing counted, before the verb
_HOW_MANY = re.compile(r"\bhow many\s+((?:[a-z-]+\s+){0,2}?)([a-z]{3,}s)\b(?=\s+(?:do|does|did|can|could|will|would|"
                       r"is|are|was|were|should|must|has|have|i|we|you|it|they)\b|\W*$|\?)", re.I)
# counted nouns a count is said of in other words ("twice", "for several purposes")
_VAGUE_COUNTED = frozenset("things times ways types kinds sorts reasons purposes people ones".split())
_NUMBER = re.compile(r"\d[\d,.]*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
                     r"hundred|thousand|a|an|unlimited|no)\b", re.I)


def counted_thing_gap(ask: str, said: Sequence[str], passages: Sequence[Passage] = ()) -> bool:
    """Whether a "how many <things>" question gets no count of those things: no number within three words before
    the counted noun ("2 points", "4 guest passes", "unlimited classes") in the chosen sentences or any passage. A
    price or a model number is a number, not the count asked for."""
    m = _HOW_MANY.search(ask)
    if not m or m.group(2).lower() in _VAGUE_COUNTED:
        return False
    noun = stem(m.group(2).lower())
    texts = list(said) + [s for p in passages for s in split_sentences(p.text)]
    for text in texts:
        words = re.findall(r"[\w$£€.,-]+", text)
        for i, w in enumerate(words):
            # "4 guest passes", and a table's "Pages 326", "pages: 326"
            if stem(w.lower().strip(".,:")) == noun and any(_NUMBER.fullmatch(x.strip(".,:")) for x in
                                                           words[max(0, i - 3):i] + words[i + 1:i + 3]):
                return False
    return True
