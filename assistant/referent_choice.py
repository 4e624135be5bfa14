"""Which one a follow-up means, when nothing in the sources answers it as asked.

A follow-up such as "What is the current price of the bond?", "What are the best practices for using the SDK?" or
"How does it differ between these types of stars?" leans on a thing the conversation spoke of only as a kind, or as
several of a kind ("Server-side SDKs, Client-side SDKs and Admin SDKs"). When no source answers the question as
asked, the customer most likely has one of them in mind: the reply asks which one, naming the kinds the
conversation and the sources mention, instead of handing the question over unanswered.

Read only on that path (nothing answers) and only in a conversation: in a first message "the X" is usually the
customer's own thing, and a question the sources answer was understood.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.types import Passage

# Words that follow "the/this" without naming a thing the customer could mean one of: ways of speaking, times,
# measures, parts of a question ("the best practices", "the difference", "the same"), the customer's own things.
_NOT_A_THING = frozenset(
    """case kind type sort way time point amount number part side matter reason question answer information info
    particular different same whole entire other another huge large small little big great good bad new old last next
    first second current previous recent specific certain exact main best worst most least latest overall general
    difference differences process rest remainder others morning evening afternoon night today year week month weekend
    moment stage step past future present world internet public government law market situation end beginning start
    middle top bottom following above below team company conversation chat answer order orders account parcel package
    item items refund return delivery card payment website site app price code points membership subscription charge
    box bill""".split())
# Words that end a noun phrase: prepositions, conjunctions, question words, auxiliaries, pronouns.
_STOP = frozenset("""of between in on for with from to at by about into over under than as and or but nor which who whom
    whose what where when how that is are was were be been do does did can could will would should may might must have
    has had it its they them their i we you he she this these those there here not""".split())
# "the X of ...", "the X who ...": what follows says which one
_RESTRICTED_AFTER = re.compile(r"\s+(?:of|who|whom|whose|which|that|named|called|between|among|from|in|on|at|for|"
                               r"with|by)\b", re.I)
_POINTER = re.compile(r"\b(the|this|that|these|those)\s+((?:particular|specific)\s+)?", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
# the customer's own case in an earlier turn ("my order", "our account", an order reference): "the X" is theirs
_OWN_EARLIER = re.compile(r"\b(?:my|our)\s+(?!(?:question|questions|opinion|understanding|knowledge|view|mind|own)\b)"
                          r"[a-z]{3,}\b|\border\s*(?:number|no\.?|#)", re.I)
MAX_OPTIONS = 3
_DETERMINERS = frozenset("the a an my your our his her their its any some every each no all both".split())


def _plural(word: str) -> bool:
    return len(word) > 3 and word.lower().endswith("s") and not re.search(r"(?:ss|us|is|series|species)$", word.lower())


def singular(word: str) -> str:
    w = word
    if not _plural(w):
        return w
    if w.lower().endswith("ies"):
        return w[:-3] + "y"
    return w[:-1]


# verbs a subject is followed by ("did the update action cause ..."): the phrase ends before them
_COMMON_VERBS = frozenset(
    """be have get go come take make give keep let put run set show start stop end last need want mean cost cover
    include apply require allow accept offer work look seem happen change affect help use pay charge ship arrive
    open close return replace refund expire renew count matter hold contain support provide appear live die win lose
    play air premiere release say tell know think feel become remain stay grow fall rise carry sell buy send receive
    leave lead follow mention differ exist occur qualify belong cause file own establish compare serve handle
    publish receive issue affect protect""".split())
# an auxiliary or question word right before "the X": X is the question's subject ("did the defendant file ...")
_SUBJECT_BEFORE = re.compile(r"\b(?:do|does|did|is|are|was|were|can|could|will|would|has|have|had)\s+$", re.I)


def _phrases(message: str) -> list[tuple[str, str, bool]]:
    """(phrase, head noun, demonstrative) for each "this / these X" of ``message``, then each "the X" that ends the
    question or is its subject, whose words do not go on to say which one ("the actor who played ...", "the price
    of ..." are skipped)."""
    found: list[tuple[str, str, bool]] = []
    for m in _POINTER.finditer(message):
        pointer = m.group(1).lower()
        words: list[str] = []
        at = m.end()
        for w in _WORD.finditer(message[m.end():]):
            if message[at:m.end() + w.start()].strip():
                break  # punctuation between: the phrase has ended
            if w.group(0).lower() in _STOP or len(words) >= 4:
                break
            words.append(w.group(0))
            at = m.end() + w.end()
        # "that my computer is ...", "those the only steps", "does this mean ...": a conjunction or a pronoun before
        # a determiner or a verb, not a pointer at a thing
        if not words or words[0].lower() in _DETERMINERS or words[0].lower() in _COMMON_VERBS or \
                words[0].lower() in ("means", "meant", "only"):
            continue
        if re.match(r"['\u2019]s\b", message[at:]):
            continue  # "the bond's coupon": what is asked about is the coupon
        # "these types of stars": the kind is what follows "types of"
        if words[-1].lower() in ("type", "types", "kind", "kinds", "sort", "sorts") and re.match(r"\s+of\s+", message[at:]):
            tail = _WORD.match(message[at:].split("of", 1)[1].strip())
            if not tail:
                continue
            words = [tail.group(0)]
        elif _RESTRICTED_AFTER.match(message[at:]):
            continue  # the rest says which: "the name of the actor", "the clinic in Denver"
        demonstrative = pointer != "the"
        if demonstrative and len(words) > 1 and words[-1].lower() in _COMMON_VERBS:
            words.pop()  # "does this partner own": the last word is the verb
        if not demonstrative:
            subject = bool(_SUBJECT_BEFORE.search(message[:m.start()]))
            if subject and len(words) > 1 and words[-1].lower() in _COMMON_VERBS:
                words.pop()  # "did the update action cause": the last word is the verb
            elif subject and len(words) > 1:
                continue  # no verb after the subject: not read as one phrase
            elif not subject and not re.match(r"\s*[?]", message[at:]):
                continue  # "the X" inside the question says what it is about only at its end or as its subject
        head = words[-1]
        low = head.lower()
        if low in _NOT_A_THING or any(w.lower() in _NOT_A_THING for w in words) or len(low) < 3:
            continue
        if not head.isupper() and (low.endswith(("ing", "ly", "ed")) or head[:1].isupper()):
            continue  # a verb or an adverb; a capitalised word names a thing ("the Library of Congress")
        if not demonstrative and _plural(head) and not head.isupper():
            continue  # "the goals": all of a kind
        found.append((" ".join(words), head, demonstrative))
    # a demonstrative points harder than "the"
    return [f for f in found if f[2]] + [f for f in found if not f[2]]


def _kinds(head: str, text: str) -> list[str]:
    """The kinds of ``head`` that ``text`` names with a modifier before it ("Server-side SDKs", "AAA bonds",
    "zero-coupon bond"), distinct, in order of first mention."""
    noun = singular(head)
    forms = rf"{re.escape(noun)}(?:s|es)?" if not noun.lower().endswith("y") else \
        rf"(?:{re.escape(noun)}|{re.escape(noun[:-1])}ies)"
    seen: dict[str, str] = {}
    for m in re.finditer(rf"\b((?:[A-Za-z0-9][\w-]*\s+)?[A-Za-z0-9][\w-]*)\s+({forms})\b", text, re.I):
        mods = m.group(1).split()
        # keep the modifiers that say which kind: not articles, numbers of things, or verbs of the sentence
        keep = [w for w in mods if w.lower() not in _STOP and w.lower() not in _GENERAL
                and not w.isdigit() and w.lower() not in _NOT_A_THING]
        # only a modifier that names a kind by itself: a name or initials ("AAA", "Admin"), a compound
        # ("Server-side", "zero-coupon") or a figure ("10-year"); a common word before the noun may be any word of
        # the sentence ("offers plans")
        if not keep or not all(_NAMING.search(w) for w in keep) or any(w.endswith("ing") and w.islower() for w in keep):
            continue
        # "Understanding bond prices": a verb capitalised because it starts a sentence
        if keep[0].endswith("ing") and (m.start() == 0 or re.search(r"[.!?:\n]\s*$", text[:m.start()])):
            continue
        label = f"{' '.join(keep)} {m.group(2)}"
        key = " ".join(keep).lower()
        if key not in seen:
            seen[key] = label
    return list(seen.values())


_NAMING = re.compile(r"^(?:[A-Z][\w-]*|[\w]+-[\w-]+|\w*\d\w*)$")
_GENERAL = frozenset("""a an any each every some many most all several such no other another more less few both either
    neither one two three four five main different various certain our your my his her its their the these those this
    that same such own new""".split())


def leaning_reference(message: str, history: Sequence[str], earlier_customer: Sequence[str],
                      passages: Sequence[Passage]) -> tuple[str, list[str]] | None:
    """(the thing, the kinds of it named so far) a follow-up leans on without saying which one it means: "the SDK"
    after a turn about "Server-side SDKs, Client-side SDKs and Admin SDKs", "the defendant" after a general
    explanation. None in a first message, after an earlier turn about the customer's own case ("my order"), or when
    the conversation named exactly one kind of it (then that one is meant). ``history``: every earlier turn's text;
    ``earlier_customer``: the customer's earlier turns."""
    if not any(h.strip() for h in history):
        return None
    if any(_OWN_EARLIER.search(h) for h in earlier_customer[-2:]):
        return None
    said = " ".join(history)
    sources = " ".join(f"{p.title} {p.text}" for p in passages)
    for phrase, head, _ in _phrases(message):
        if len(phrase.split()) > 1 and re.search(rf"\b{re.escape(phrase)}\b", said, re.I):
            continue  # the conversation used the phrase whole ("the new document"): it is the one it spoke of
        kinds = _kinds(head, said) or _kinds(head, sources)
        kinds = [k for k in kinds if k.lower() != phrase.lower() and not re.search(rf"\b{re.escape(k)}\b", message, re.I)]
        if len(kinds) == 1 and re.search(rf"\b{re.escape(kinds[0])}\b", said, re.I) and len(phrase.split()) == 1:
            continue  # the conversation spoke of one kind of it only: that one is meant
        return phrase, kinds[:MAX_OPTIONS]
    return None
