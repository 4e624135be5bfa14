"""Staff procedure (an agent manual) turned into the reply's next customer-facing step.

A manual written for agents ("Ask the customer for their full name or Account ID using [Pull up Account]")
must never be quoted to the customer. What the customer needs from it is the next step that concerns them:
what we need from them ("Could you send me your full name or account ID?") and what we tell them ("Tell
the customer you can generate a new password" -> "I can generate a new password for you"). The procedure
itself goes to the agent's notes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from dataclasses import dataclass, field

from assistant.grounding.sentences import split_sentences

# a sentence written to the agent: a button in brackets (not a markdown link, "[open a case](url)"), or an instruction
# about "the customer"
_STAFF = re.compile(
    r"\[[A-Z][\w /&-]{1,40}\](?!\()|\b(?:the|a) customer(?:'s)?\b|\b(?:click|select|enter|input|fill in|look up|pull up|"
    r"use the \w+ (?:subflow|flow|action|button|tool))\b|^\s*(?:ask|get|collect|verify|validate|confirm|check|record|"
    r"note|offer|explain|tell|inform|apologi[sz]e|escalate|transfer|go to|skip|make sure|remember)\b", re.I)
_ASK_FOR = re.compile(
    r"\b(?:ask(?:ing)?|get(?:ting)?|collect(?:ing)?|request(?:ing)?|obtain(?:ing)?)\s+(?:the customer|them|the user)?\s*"
    r"(?:for\s+)?(?:the customer's\s+|their\s+|the\s+)?(?P<what>[^.;:\[\]()]+?)(?=\s+(?:with|using|for|to|in|from|so|then|and (?:then|enter|use|click|"
    r"select|record)|\[)|[.;:,\[(]|$)", re.I)
_TELL = re.compile(r"\b(?:tell|inform|let|assure)\s+(?:the customer|them|the user)(?:\s+know)?\s+(?:that\s+)?(?P<what>[^.;\[]+)", re.I)
_NOT_A_THING = re.compile(r"^(?:it|this|that|started|back|help|the result|their reason|reason|ready|more|all|any|some|"
                          r"started with|through|going)\b", re.I)


@dataclass(frozen=True)
class NextStep:
    needs: list[str]  # what to ask the customer for, in their terms: "full name or account ID"
    tells: list[str]  # what to tell them, already said to them: "I can generate a new password for you."
    tries: list[str] = field(default_factory=list)  # what they can try themselves: "log out and log back in"
    questions: list[str] = field(default_factory=list)  # what to find out from them: "whether the item has shipped"
    rules: list[str] = field(default_factory=list)  # the procedure's rule for this customer, said to them


def is_staff_instruction(sentence: str) -> bool:
    return bool(_STAFF.search(sentence))


# what only a staff manual says: a button in brackets, "the customer", a look-up in a tool
_STAFF_ONLY = re.compile(
    r"\[[A-Z][\w /&-]{1,40}\](?!\()|\b(?:the|a) customer(?:'s)?\b|\b(?:look up|pull up|use the \w+ (?:subflow|flow|action|"
    r"button|tool))\b", re.I)


_BUTTON = re.compile(r"\[[A-Z][\w /&-]{1,40}\](?!\()")


def is_procedural(text: str) -> bool:
    """Whether a passage is mostly instructions to staff (then it is guidance, not customer-facing policy).

    Customer help pages are full of imperatives too ("Check your balance at...", "Go to Account > Orders"), so a
    passage counts as staff procedure only when at least one sentence says what only a staff manual says (a
    button in brackets, "the customer", a look-up in a tool)."""
    sentences = [s for s in split_sentences(text) if len(s.split()) >= 3]
    if not sentences or not any(_STAFF_ONLY.search(s) for s in sentences):
        return False
    staff = sum(1 for s in sentences if is_staff_instruction(s))
    buttons = sum(1 for s in sentences if _BUTTON.search(s))
    # a whole manual page mixes examples and explanations into its steps: several buttons say what it is
    return staff / len(sentences) >= (0.2 if buttons >= 2 else 0.3)


# "Instruct the customer to log out", "Have the customer check the date", "Tell them to clear their cookies"
_TRY = re.compile(r"\b(?:instruct|tell|ask|advise|remind|get)\s+(?:the customer|the user|them)\s+to\s+(?P<what>[^.;:\[]+)|"
                  r"\b(?:have|let)\s+(?:the customer|the user|them)\s+(?P<what2>(?!know\b)[a-z][^.;:\[]+)", re.I)
# "Find out whether the item has already shipped", "Find out how the customer heard about this"
_FIND_OUT = re.compile(r"\b(?:find out|ask|check with the customer)\s+(?:(?:the customer|them|the user)\s+)?(?P<what>(?:whether|if)\s[^.;:\[]+|"
                       r"(?:how|why|where|which|what|when)\b(?:\s+\w+){0,3}?\s+(?:the customer|they|the user)\b[^.;:\[]*)", re.I)
# "they must be able to provide their current number", "you will need their email address"
_PROVIDE = re.compile(r"\b(?:they|the customer)\s+(?:must|should|will need to|needs? to)\s+(?:be able to\s+)?(?:provide|give|confirm)\s+"
                      r"(?:their|the)?\s*(?P<what>[^.;:,\[]+)|\byou(?:'ll| will)?\s+(?:first\s+)?need\s+(?:their|the customer's)\s+"
                      r"(?P<what2>[^.;:,\[]+)", re.I)
_CONDITION = re.compile(r"^\W*(?:if|once|otherwise|unless|\(option|\(only if|in (?:this|that) case)\b(?!\s+(?:they|the customer|"
                        r"the user)\s+(?:is|are|wants?|would like)\s+(?:trying|wanting|looking|calling|to)\b)|\boracle\b|\binstead\b", re.I)
# the end of every conversation, not a step of this one
_WRAP_UP = re.compile(r"\banything else\b|\bfurther assistance\b|\bend(?:ing)? the (?:conversation|chat)\b|\bwrap up\b", re.I)
# a clause a manual appends for the agent ("..., so check if the code is old", "..., and try to make them happy")
_AGENT_TAIL = re.compile(r"\s+and\s+(?:then\s+)?(?:enter|click|select|submit|record|fill|input|use)\b.*$|"
                         r",?\s+(?:so|and)\s+(?=(?:check|ask|make sure|be sure|see|verify|confirm|look|try to|remember)\b).*$|"
                         r",?\s+so (?:that )?(?:they|he|she|it|you|we|i|the \w+ team)\b.*$|\s+\((?:i\.e|e\.g)\b.*$", re.I)
# "Try to convince the customer that prices change", "Explain that many programs can cause a slowdown"
_EXPLAIN = re.compile(r"\b(?:explain|convince|reassure|remind)\s+(?:to\s+)?(?:the customer|them|the user)?\s*that\s+(?P<what>[^;\[]+)", re.I)
# a step reported as done ("Tell them everything has been updated"): said after the action, not before it
_DONE = re.compile(r"\b(?:has|have) been\b|\bthis is (?:their|the|how)\b|\bwhat you (?:did|just did)\b", re.I)
# what a customer should never be asked for in writing, whatever a procedure says
_SECRET = re.compile(r"\b(?:card number|credit card|expiration date|expiry date|cvv|cvc|security code|password|pin\b|"
                     r"pin number|security question|mother'?s maiden)", re.I)
# what only the agent's tools know or do
_TOOLISH = re.compile(r"\b(?:system|oracle|form|field|button|subflow|flow|action|survey|kb query|database|text box|"
                      r"panel|input box|natural language|in your own words|copy|paste|default|random)\b", re.I)
# "Gold members: > ...", "If Gold or Silver: > ...", "Silver member get an extension if ...": a rule for some tiers
_TIER_RULE = re.compile(r"^\W*(?:[Ii]f\s+)?(?P<label>[A-Z][a-z]+(?:(?:,\s*|\s+(?:or|and)\s+)[A-Z][a-z]+)*)\s*"
                        r"(?:(?P<kind>members?)\b\s*:?|(?P<kind2>[a-z]{3,}s)\s*:|:)")
_EXAMPLE = re.compile(r"^\W*(?:for example|for instance|e\.g\.|such as)\b|'[^']+'|\"[^\"]+\"", re.I)
# a branch on how long something has taken: "If they have been waiting for less than a week (7 days or less)"
_UNIT = {"day": 1.0, "week": 7.0, "month": 30.0, "year": 365.0}
_NUM = r"(\d+|an?|one|two|three|four|five|six|seven|ten|fourteen|thirty)"
_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10,
          "fourteen": 14, "thirty": 30}
_BELOW = re.compile(rf"\b(?:less than|under|fewer than|within)\s+{_NUM}\s+(day|week|month|year)s?\b|"
                    rf"\b{_NUM}\s+(day|week|month|year)s?\s+or\s+(?:less|fewer)\b", re.I)
_ABOVE = re.compile(rf"\b(?:more than|over|longer than|at least)\s+{_NUM}\s+(day|week|month|year)s?\b|"
                    rf"\b{_NUM}\s+(day|week|month|year)s?\s+or\s+(?:more|longer)\b", re.I)
# the customer's own wait: "it's been 10 days", "3 days ago", "for two weeks"
_STATED_WAIT = re.compile(rf"\b(?:been|for|over|waited|waiting)\s+(?:about\s+|almost\s+|nearly\s+|over\s+)?{_NUM}\s+"
                          rf"(day|week|month|year)s?\b|\b{_NUM}\s+(day|week|month|year)s?\s+(?:ago|and (?:still|counting)|"
                          rf"now|already|later)\b", re.I)
# "Options include: 'By Mail', 'In Store', or 'Drop off Center'": the choices a question offers
_OPTIONS = re.compile(r"\b(?:options? (?:include|are)|possible options(?: are)?|choices are|either)\s*:?\s*\[?((?:'[^']+'|\"[^\"]+\")"
                      r"(?:\s*,?\s*(?:or\s+)?(?:'[^']+'|\"[^\"]+\"))+)\]?", re.I)
_CONTENT_WORD = re.compile(r"[a-z]{4,}")
_COMMON = set("customer they their them this that with from have will would should could about after before "
              "when where which what your you account order item".split())


def next_step(texts: Sequence[str], *, max_needs: int = 2, message: str = "", tier: str | None = None,
              days: float | None = None) -> NextStep:
    """The customer-facing part of a staff procedure, in the order the procedure takes it.

    ``needs`` and ``questions``: what the procedure needs from the customer first (never a secret such as a card
    number or password, which a written reply must not ask for); ``tells``: what the procedure says to tell them
    before acting (not what it reports once done, nor what a branch says); ``tries``: what the procedure has the
    customer try themselves; ``rules``: the procedure's rule for the customer's ``tier`` and its plain statements
    with a number that share a word with the ``message``, said to the customer."""
    needs: list[str] = []
    questions: list[str] = []
    tells: list[str] = []
    tries: list[str] = []
    rules: list[str] = []
    asked = {w[:5] for w in _CONTENT_WORD.findall(message.lower())} - {w[:5] for w in _COMMON}
    last: list[Any] = []  # the need or question read last: (its list, its index)
    for text in texts:
        conditional_block = False  # the bullets under "If the customer is mistaken, then explain:" are a branch
        for raw_line in text.replace("\u2019", "'").splitlines():
            line = raw_line.strip()
            if not line or line.startswith("#"):
                conditional_block = False
                continue
            bullet = line.startswith(("-", "*"))
            body = re.sub(r"\s*\((?:i\.e|e\.g)\b[^)]*\)", "", line.lstrip("-* ").strip())
            branch = re.match(r"^\W*if\b([^,>:]+)[,>:]\s*(?:then\s+)?", body, re.I)
            if branch and _condition_holds(branch.group(1), days if days is not None else stated_days(message)):
                body = body[branch.end():]  # a branch on how long it has been, which the customer's wait meets
                body = body[:1].upper() + body[1:]
            elif branch and _condition_holds(branch.group(1), days if days is not None else stated_days(message)) is False:
                conditional_block = not bullet or conditional_block
                continue
            if not bullet:
                conditional_block = bool(_CONDITION.search(body))
            tier_rule = _tier_rule(body, tier)
            if tier_rule is not None:
                rules.extend(r for r in tier_rule if r not in rules)
                continue
            conditional = conditional_block or bool(_CONDITION.search(body)) or bool(_tier_line(body))
            for clause in re.split(r"\s+>\s+|\s*<or>\s*", body):
                for sentence in split_sentences(clause):
                    clean = re.sub(r"\s*\[[^\]]+\]", "", sentence).strip()
                    if _CONDITION.search(clean):
                        conditional = True
                    if conditional:
                        continue
                    _read_sentence(clean, needs, questions, tells, tries, rules, max_needs, asked, message, last)
                    if (not _STAFF_ONLY.search(sentence) and not is_staff_instruction(clean) and re.search(r"\d", clean)
                            and not re.match(r"^\W*you\b", clean, re.I)  # said to the agent
                            and not _EXAMPLE.search(clean)
                            and asked & {w[:5] for w in _CONTENT_WORD.findall(clean.lower())} and len(rules) < 2
                            and not _TOOLISH.search(clean)):
                        said = to_customer_voice(_AGENT_TAIL.sub("", clean))
                        if said and said not in rules:
                            rules.append(said)
    return NextStep(needs, tells, tries[:3], questions[:1], rules[:2])


def _read_sentence(clean: str, needs: list[str], questions: list[str], tells: list[str], tries: list[str],
                   rules: list[str], max_needs: int, asked: set[str], asked_text: str, last: list[Any]) -> None:
    """Add what one unconditional sentence of a procedure asks of, says to or has the customer do."""
    options = _OPTIONS.search(clean)
    if not options:
        last.clear()  # choices belong to the need read just before them, not to one read sentences earlier
    if _WRAP_UP.search(clean):
        return
    explained = _EXPLAIN.search(clean)
    told = explained or _TELL.search(clean)
    if told and not re.search(r"\b(?:tell|let|ask|instruct)\s+(?:the customer|them|the user)\s+to\b", clean, re.I):
        what = _AGENT_TAIL.sub("", told.group("what")).strip()
        said = to_customer_voice(what)
        # an explanation says how things are (it answers the customer); so does a statement about what they wrote
        # ("sometimes a package is marked delivered early" to "it says delivered but it's not here"); a tell with "I"
        # says what we do
        about = said is not None and bool(asked & {w[:5] for w in _CONTENT_WORD.findall(said.lower())})
        statement = explained or (about and not re.match(r"^(?:[^,]*,\s*)?I\b", said or ""))
        into = rules if statement else tells
        if said and len(into) < 2 and not _DONE.search(what) and not _TOOLISH.search(said) and said not in into:
            into.append(said)
        return
    tried = _TRY.search(clean)
    if tried:
        what = (tried.group("what") or tried.group("what2") or "").strip()
        what = re.split(r",\s*(?:maybe|such as|for example|e\.g\.|if|so|which|and then)\b|\s+-\s+", what)[0].strip()
        said = to_customer_voice(what)
        if said and not _TOOLISH.search(what) and len(what.split()) <= 14:
            said = said.rstrip(".")
            said = said[0].lower() + said[1:]
            if said not in tries:
                tries.append(said)
        return
    found = _FIND_OUT.search(clean)
    if found and not _TOOLISH.search(found.group("what")) and not _SECRET.search(found.group("what")):
        q = to_customer_voice(re.sub(r"^if\b", "whether", _AGENT_TAIL.sub("", found.group("what").strip()), flags=re.I))
        if q and len(questions) < 1:
            questions.append(q.rstrip(".")[0].lower() + q.rstrip(".")[1:])
            last[:] = [questions, len(questions) - 1]
        return
    if options and last and "(" not in last[0][last[1]]:
        # the choices belong to what was asked just before ("how they would like to process their return")
        listed = [o.strip(" '\"") for o in re.split(r",\s*(?:or\s+)?|\s+or\s+", options.group(1)) if o.strip(" '\"")]
        if 2 <= len(listed) <= 5 and not any(_TOOLISH.search(o) for o in listed):
            listed = [o if o.isupper() else o.lower() for o in listed]
            last[0][last[1]] += " (" + ", ".join(listed[:-1]) + " or " + listed[-1] + ")"
        return
    for pattern in (_ASK_FOR, _PROVIDE):
        for m in pattern.finditer(clean):
            raw = m.groupdict().get("what") or m.groupdict().get("what2") or ""
            need = _tidy(re.sub(r"\s+from (?:the )?customer$", "", _AGENT_TAIL.sub("", raw.strip()), flags=re.I))
            if re.search(r"\b(?:wants?|would like|trying|going) to\s*$", clean[: m.start()], re.I):
                continue  # "the customer wants to ask for an extension": what they want, not what we need
            if need and not _SECRET.search(need) and not _lacks(need, asked_text) and len(needs) < max_needs and \
                    need.lower() not in {n.lower() for n in needs}:
                needs.append(need)
                last[:] = [needs, len(needs) - 1]


def stated_days(message: str) -> float | None:
    """How many days the customer says something has taken ("it's been 10 days", "delivered 3 days ago")."""
    m = _STATED_WAIT.search(message)
    if not m:
        return None
    number, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    return _days(number, unit)


def _days(number: str, unit: str) -> float:
    n = float(number) if number.isdigit() else float(_WORDS.get(number.lower(), 1))
    return n * _UNIT[unit.lower()]


def _condition_holds(condition: str, days: float | None) -> bool | None:
    """Whether a branch on a duration holds for the customer's ``days`` (None: not such a branch, or days unknown)."""
    if days is None:
        return None
    verdicts: list[bool] = []
    for m in _BELOW.finditer(condition):
        number, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        verdicts.append(days <= _days(number, unit))
    for m in _ABOVE.finditer(condition):
        number, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        verdicts.append(days >= _days(number, unit))
    return all(verdicts) if verdicts else None


def _lacks(need: str, message: str) -> bool:
    """The customer says they do not have what the procedure would ask for ("I forgot my username")."""
    head = re.escape(need.split()[-1].lower())
    return bool(re.search(rf"\b(?:forgot|forgotten|lost|don'?t (?:have|know|remember)|can'?t (?:find|remember)|no longer have)"
                          rf"\s+(?:\w+\s+){{0,3}}{head}\b", message.lower()))


def _tier_line(body: str) -> re.Match[str] | None:
    """"Gold members: > ...", "Platinum riders: > ...", "If Gold or Silver: > ...": a line that applies to some tiers."""
    m = _TIER_RULE.match(body)
    return m if m and (m.group("kind") or m.group("kind2") or re.match(r"^\W*[Ii]f\s+[A-Z]", body)) else None


def _tier_rule(body: str, tier: str | None) -> list[str] | None:
    """A rule line for some membership tiers, said to a customer of ``tier`` (None when the line is not a tier rule
    or does not name the tier): "Silver members: > Ask for the purchase date, return possible within the last 6
    months" -> ["As a Silver member, a return is possible within the last 6 months."]."""
    m = _tier_line(body)
    if not m:
        return None
    labels = {w.lower() for w in re.findall(r"[A-Z][a-z]+", m.group("label"))}
    if not tier or tier.lower() not in labels:
        return None if not tier else []
    out: list[str] = []
    rest = body[m.end():]
    if not m.group(0).rstrip().endswith(":"):
        rest = "they " + rest.lstrip()  # "Bronze and Guest members cannot get an extension": the members are its subject
    clauses = [s for part in re.split(r"\s+>\s+|\s*<or>\s*|,\s+(?=[a-z])", rest) for s in split_sentences(part)]
    for clause in clauses:
        c = re.sub(r"\s*\[[^\]]+\]", "", clause).strip(" .:")
        c = re.sub(r"^(?:thus|so|therefore|also|then),?\s+", "", c, flags=re.I)
        if not c or re.match(r"^(?:ask|get|enter|type|click|select|go|move|then|head|apologi|explain|tell|let|"
                             r"thus|we trust|the answer|this)\b", c, re.I) or _TOOLISH.search(c) or _CONDITION.search(c):
            continue
        c = re.sub(rf"^(?:{'|'.join(sorted(labels))})(?:[\w ,]*?)\s+(?:members?|{m.group('kind2') or 'members'})\s+", "they ",
                   c, flags=re.I)
        c = re.sub(r"^(\w+) possible\b", r"a \1 is possible", c)  # "return possible within ..." -> "a return is possible"
        if not re.match(r"^(?:they|a|an|the)\b", c, re.I) or len(c.split()) < 3:
            continue
        said = to_customer_voice(c)
        if said:
            kind = (m.group("kind") or m.group("kind2") or "member").lower()
            kind = kind[:-1] if kind.endswith("s") else kind
            out.append(f"As a {tier.strip().title()} {kind}, {said[0].lower()}{said[1:]}")
    return out


def _tidy(what: str) -> str | None:
    w = re.sub(r"\s+", " ", what).strip(" ,-")
    w = re.sub(r"^(?:their|the customer's|the)\s+", "", w, flags=re.I)
    w = re.sub(r"\s+(?:and|or|to|of|with)$", "", w, flags=re.I)
    if len(w.split()) < 1 or re.search(r"\b(?:below|above|explain|about)\b", w, re.I) or w.lower() in ("answer", "it"):
        return None
    if not w or _NOT_A_THING.match(w) or len(w.split()) > 6 or re.search(
            r"\b(?:you|we|if|when|is|are|was|were|be|been|has|have|had|then|such|customer|that)\b|'", w, re.I):
        return None
    if not any(len(x) >= 4 or (x.isupper() and len(x) >= 2) for x in w.split()):
        return None  # "for", "it": a cut that names nothing
    # "Full Name or Account ID" -> "full name or account ID"
    return " ".join(x if x.isupper() and len(x) > 1 else x.lower() for x in w.split())


def to_customer_voice(clause: str) -> str | None:
    """"you cannot get their password, but you can generate a new one for them" -> "I cannot get your password,
    but I can generate a new one for you"."""
    c = clause.strip().rstrip(".")
    if len(c.split()) < 3 or "[" in c:
        return None
    # the customer, in the manual's third person, becomes "you" (kept apart until the agent's "you" became "I")
    swaps = [(r"\bthe customer has\b", "\x01 have"), (r"\bthe customer is\b", "\x01 are"),
             (r"\bthe customer's\b", "\x02"),
             (r"\bthe customer (want|need|say|think|know|like|feel)s\b", "\x01 \\1"), (r"\bthe customer\b", "\x01"), (r"\byour (?=system|records|team)", "\x03"),
             (r"\byou\b", "\x00I"), (r"\byour\b", "\x00my"), (r"\btheir\b", "your"), (r"\bthey\b", "you"),
             (r"\bthem\b", "you"), (r"\bthemselves\b", "yourself"), (r"\bhe or she\b", "you"), (r"\bhis or her\b", "your")]
    for pattern, repl in swaps:
        c = re.sub(pattern, repl, c, flags=re.I)
    c = c.replace("\x00", "").replace("\x01", "you").replace("\x02", "your").replace("\x03", "our ")
    c = re.sub(r"\bI (?:are|were)\b", lambda m: "I am" if m.group(0).endswith("are") else "I was", c)
    c = re.sub(r"\byou is\b", "you are", c)
    return c[0].upper() + c[1:] + "."


# wording that only makes sense to staff, left in a sentence meant for the customer: a button, "the customer", a
# tool, or an instruction to the agent about the customer ("ask them for ...")
_STAFF_WORDING = re.compile(
    r"\[[A-Z][\w /&-]{1,40}\](?!\()|\b(?:the|a) customer(?:'s)?\b|\b(?:look up|pull up|click(?:ing)? (?:on )?(?:the )?|"
    r"subflow|kb query)\b|\b(?:use|using) the \w+ (?:flow|action|button|tool)\b|"
    r"^\W*(?:ask|tell|inform|instruct|have|get|let|remind|advise)\s+(?:them|the user)\b", re.I)


def staff_wording(sentence: str) -> bool:
    """Whether a reply sentence still reads as an instruction to staff (then it quotes the procedure, it does not say
    the procedure's step to the customer)."""
    return bool(_STAFF_WORDING.search(sentence))


def customer_view(text: str) -> str:
    """A staff procedure's statements as said to the customer, one per line: what a reply sentence derived from the
    procedure is checked against. Buttons and bullets go, "tell the customer that X" / "explain that X" becomes X,
    "have them try X" becomes X, and the agent's "you" becomes "I" while the customer becomes "you" ("Tell the
    customer you can generate a new password for them" -> "I can generate a new password for you.")."""
    out: list[str] = []
    for raw_line in text.replace("\u2019", "'").splitlines():
        line = raw_line.strip().lstrip("-* ").strip()
        if not line or line.startswith("#"):
            continue
        clauses = re.split(r"\s+>\s+|\s*<or>\s*", line)
        if len(clauses) > 1:  # "Gold members: > unlimited returns": the rule reads as one line too
            clauses.append(re.sub(r":?\s+>\s+", ": ", line))
        for clause in clauses:
            for sentence in split_sentences(clause):
                clean = re.sub(r"\s*\[[^\]]+\]", "", sentence).strip()
                told = _EXPLAIN.search(clean) or _TELL.search(clean)
                tried = _TRY.search(clean)
                what = (told.group("what") if told else
                        (tried.group("what") or tried.group("what2")) if tried else clean)
                said = to_customer_voice(what or clean)
                if said and said not in out:
                    out.append(said)
    return "\n".join(out)
