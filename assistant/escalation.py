"""An internal note's escalation rules, read as rules: what case each is for, who takes it and by when.

A knowledge base's internal guidance for agents often says which cases go to someone else ("Legal threats: pass the
case to Legal & Complaints ... they will hear from us within 5 working days", a table row "| Lost parcel over
$1,000 | Tier 2 | 1 business day |"). This module finds the rule that fits a customer's message and reads from it
the two things a hand-over may tell the customer: the team (or role) that will handle the case and the time frame.
Nothing else of the rule is said: its condition ("suspected fraud") is for the agent, in the agent notes.

A rule fits a message when
- its condition raises the same built-in cue as the message (a legal threat, a safety risk, unauthorised activity, a
  manager request...: the condition of "If a customer mentions a solicitor ..." is a legal threat, and so is
  "I'm going to my solicitor"), or names the same contact count ("the third time");
- or an amount or duration threshold in the condition ("over $1,000", "more than 30 minutes") is passed by one the
  message states, and the two share a content word or the rule names the message's policy area;
- or it shares content words with the message: two for a sentence that says to escalate, three for a bare row of a
  list or table under a heading or lead-in that says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from assistant.currency import CODES, SYMBOL
from assistant.grounding.sentences import split_sentences
from assistant.grounding.words import content_words, stem
from assistant.types import Passage

# A line that sends a case to someone else.
ESCALATES = re.compile(r"\b(?:escalat\w*|transfer (?:it|the (?:case|chat|call)) to|hand (?:it |the case )?over|"
                       r"refer (?:it|the case|them) to|route (?:it|the case) to|supervisor|tier[- ]?2|specialist team|"
                       # "pass it to a team leader", "Pass to the Fraud team", "pass the case to Legal & Complaints"
                       r"pass(?:es)? (?:it |this |them |the (?:case|ticket|chat|call) )?(?:straight |directly )?to|"
                       # "goes to the Resolutions team", "is passed to the Complaints team the same day"
                       r"(?:goes|go|(?:is|are) (?:passed|sent|forwarded|referred|routed)) to (?:the|a|our) "
                       r"[\w&-]+(?: [\w&-]+)? (?:team|department|desk|queue|unit|manager|lead|leader))\b"
                       r"|\bgo(?:es)? to (?-i:[A-Z])\w+", re.I)

_CONTENT = re.compile(r"[a-z]{3,}", re.I)
_ASKS_FOR = re.compile(r"\b(?:asks?|asking|requests?|requesting|wants?)\b", re.I)
# the customer asking us to do something: "can you move ...", "please change ...", "I'd like to ..."
_REQUESTS = re.compile(r"\b(?:can|could|would|will) (?:you|u)\b(?! (?:tell|explain|confirm if|confirm whether))|\bplease\b|"
                       r"\bi(?:'d| would) like\b|\bi (?:want|need) (?:to|you)\b|(?:^|[.!?]\s+)(?:change|move|put|make|send|"
                       r"refund|cancel|switch|transfer|add|remove)\b", re.I)
# an amount in any currency, its sign or code before the figure or after it ("£1,000", "NOK 3,000", "18 500 kr")
# (a figure starts where no digit stands before it, so a long run of digits is read once, not from each of its digits)
_FIGURE = r"(?<![\d.,])(\d{1,3}(?:[ ,\u00a0\u202f]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
# (a dollar may carry its country's letters: "above S$150", "NZ$500")
_MONEY = rf"(?:(?:[A-Z]{{1,2}}(?=\$))?(?:{SYMBOL})\s?{_FIGURE}|{_FIGURE}\s?(?:kr|kroner|kronor|{'|'.join(CODES)})\b)"
_AMOUNT = re.compile(_MONEY)
_THRESHOLD = re.compile(rf"\b(?:over|above|more than|exceeding|greater than)\s+{_MONEY}", re.I)


def _value(m: re.Match[str]) -> float:
    """The figure of an amount ``_AMOUNT`` or ``_THRESHOLD`` found."""
    return float(re.sub(r"[ ,\u00a0\u202f]", "", m.group(1) or m.group(2)))


def _amounts(text: str) -> list[float]:
    return [_value(m) for m in _AMOUNT.finditer(text)]
# a duration limit in a condition ("waited more than 30 minutes", "over 24 hours overdue") and one the customer states
_UNITS = {"min": 1.0, "minute": 1.0, "hr": 60.0, "hour": 60.0, "day": 1440.0, "week": 10080.0}
_UNIT = r"(mins?|minutes?|hrs?|hours?|days?|weeks?)"
_DURATION_LIMIT = re.compile(rf"\b(?:over|above|more than|longer than|exceeding)\s+(\d+)\s+{_UNIT}\b", re.I)
_DURATION = re.compile(rf"\b(\d+)\s*{_UNIT}\b", re.I)

# who takes the case: "to the Claims team", "to a team leader", "to Legal & Complaints", "to the Roadside Duty Manager"
_ROLE = r"(?:(?:[a-z-]+ )?(?:team lead(?:er)?|supervisor|manager|specialist team|officer|coordinator)|on-call \w+ lead|[a-z]+ team)"
_NAME = r"(?-i:[A-Z][\w'-]*)(?:\s+(?:&|and)\s+(?-i:[A-Z])[\w'-]*|\s+(?-i:[A-Z])[\w'-]*|\s+\d+\b){0,3}"
_TARGET = re.compile(rf"\b(?:to|from)\s+(?:(the|a|an|our|your)\s+)?({_NAME}(?:\s+(?:team|department|desk|unit|queue))?|{_ROLE})\b",
                     re.I)
_NOT_TEAMS = re.compile(r"^(?:Roadside Assistance|Manage|Customer|Customers|Care|Internal|Escalat\w*|If|When|Tell|Don't|"
                        r"Do|Never|Only)$")
# by when: "within 5 working days", "within 1 business day", "the same day", "immediately"
_WHEN = re.compile(r"\bwithin\s+(?:\d+|one|two|three|four|five)\s+(?:working |business )?(?:minutes?|hours?|days?|weeks?)\b|"
                   r"\b(?:the )?same (?:working |business )?day\b|\bimmediately\b|\bstraight away\b|"
                   r"^\s*(?:acknowledge\s+)?(\d+\s+(?:working |business )?(?:minutes?|hours?|days?))\b", re.I)
_URGENT = re.compile(r"\b(?:urgent\w*|immediately|same day|top priority|emergency|straight away)\b", re.I)
# a note that tells agents not to name its teams ("Do not name internal teams, queues or individual managers")
_NO_NAMES = re.compile(r"\b(?:do not|don'?t|never)\s+(?:name|mention|reveal|share)\b[^.\n]{0,30}\b(?:teams?|queues?)\b", re.I)
_TEAM_HEADER = re.compile(r"\b(?:escalate to|team|owner|goes to|route to|who|hand(?:ed)? (?:over )?to|handled by|"
                          r"pass(?:ed)? to|refer(?:red)? to)\b", re.I)
_TIME_HEADER = re.compile(r"\b(?:response|time|target|sla|within|by when|deadline)\b", re.I)
_TELL_HEADER = re.compile(r"\b(?:tell|say|inform)\b|\bcustomer message\b|\bwhat (?:to|we) (?:tell|say)\b", re.I)


@dataclass(frozen=True)
class EscalationRule:
    """A rule that fits the message: its text (for the agent), who takes the case and by when (for the customer)."""

    text: str
    team: str | None
    when: str | None
    urgent: bool
    chunk_id: str
    heading: str = ""  # the heading the rule sits under ("Fraud signs"): its notes may say what to reply
    whole: str = ""  # the rule's text uncut (``text`` is cut for display): what its notes say to tell the customer


Cue = Callable[[str], bool]


@dataclass(frozen=True)
class _Rule:
    """One rule of a note as written: its sentence (or row), the line it is on, and what frames it."""

    sentence: str
    line: str
    row: bool
    cells: list[str]
    header: list[str]
    lead: str
    heading: str
    explicit: bool  # the sentence itself says to escalate (not only its heading or lead-in)


def _rules(note: Passage) -> Iterator[_Rule]:
    """Every rule of a note: a sentence that says to escalate, or a row of a list or table under a heading or
    lead-in that says so."""
    # (a chunk may start below its heading: the note's title and section stand for it)
    heading = " ".join(x for x in (note.title, note.section) if x)
    lead = ""  # a heading or lead-in line ("Pass to the Fraud team when:"): its rows are rules
    # the nearest heading decides: a section "Exceptions you can grant" of a handbook titled "escalations,
    # exceptions and ..." lists no escalations
    escalating = bool(ESCALATES.search(note.section or note.title or ""))
    header: list[str] = []
    untold = _untold((note.section or "").split(" > ")[-1])
    for line in note.text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#") or (not stripped.startswith(("|", "-", "*")) and stripped.endswith(":")):
            escalating = bool(ESCALATES.search(stripped))
            if stripped.startswith("#"):
                heading, lead, header = stripped.lstrip("# "), "", []
                untold = _untold(heading)
            else:
                lead = stripped
            continue
        if re.match(r"^\|?\s*:?-{3,}", stripped):
            continue
        row = stripped.startswith(("|", "-", "*"))
        cells = [c.strip() for c in stripped.strip("|").split("|")] if stripped.startswith("|") else []
        if cells and not header and len(cells) > 1:
            header = cells  # a table's first row names its columns
            # a table with a column for who takes each case ("Escalate to", "Who handles it") is a table of rules
            escalating = escalating or any(_TEAM_HEADER.search(c) for c in cells[1:])
            continue
        if cells and _approval_levels(header, cells):
            continue  # who may approve how much of an offer ("| Free extra service | Up to £20 | Up to £50 | Any |")
        if untold:
            continue  # "Never tell customers": what not to say, not cases to pass on ("say only that a specialist
            # team needs to check some details" is wording for a fraud case, not a rule of its own)
        for sentence in ([stripped] if row else split_sentences(stripped)):
            explicit = bool(ESCALATES.search(sentence))
            if explicit or (row and escalating):
                yield _Rule(sentence, stripped, row, cells, header, lead, heading, explicit)


# a heading over what agents must not say: "Never tell customers", "What must never be told to members", "What not to
# say"
_UNTOLD = re.compile(r"\b(?:never|not|n'?t)\s+(?:be\s+)?(?:tell|told|say|said|share|shared|mention|reveal)\w*|\bwhat not to\b", re.I)


def _untold(heading: str) -> bool:
    """A heading over what not to say, and over no escalations ("escalations, exceptions and what not to say" heads
    the hand-over rules too)."""
    return bool(_UNTOLD.search(heading)) and not ESCALATES.search(heading)


GENERIC_TEAM = "our specialist team"
SENIOR_COLLEAGUE = "a senior colleague"  # a person's role kept inside ("duty manager"), to the customer
# the notes' own words for whoever takes a case: 'Refer to whoever takes it as "one of our senior advisers"'
_CALLED_AS = re.compile(r"\b(?:refer to|call|describe)\s+(?:whoever|the person|the people|the team|them|anyone)\b"
                        r"[^.]{0,40}?\bas\s+[\"“]([^\"”]{4,60}?)[\"”]", re.I)


def public_name(notes: Sequence[str]) -> str | None:
    """How the notes say to name, to the customer, whoever a case is handed to ("one of our senior advisers"), or
    None where they say nothing of it."""
    return next((" ".join(m.group(1).split()) for text in notes if (m := _CALLED_AS.search(text))), None)
TEAMS = "internal teams"  # what ``forbidden_names`` returns for "do not name internal teams"
# "do not mention Loss Prevention, the $750 rule or any other threshold": what an agent must not say
_DO_NOT_NAME = re.compile(r"\b(?:do not|don'?t|never)\s+(?:name|mention|reveal|share|say)\s+([^.\n]{2,120})", re.I)


def forbidden_names(texts: Sequence[str]) -> list[str]:
    """What internal notes tell agents not to name to a customer: ``TEAMS`` for "internal teams" in general, and the
    capitalised names an instruction lists ("do not mention Loss Prevention")."""
    out: list[str] = []
    for text in texts:
        if _NO_NAMES.search(text) and TEAMS not in out:
            out.append(TEAMS)
        for m in _DO_NOT_NAME.finditer(text):
            for name in re.findall(r"(?-i:[A-Z][\w&'-]*)(?:\s+(?:&\s+)?(?-i:[A-Z0-9][\w'-]*))*", m.group(1)):
                if name not in out and len(name) > 2:
                    out.append(name)
    return out


# a team whose name says what the company suspects ("the Fraud team", "Loss Prevention"): naming it to the customer
# tells them the rule that applied
_SUSPICION = re.compile(r"\b(?:fraud|loss prevention|risk|investigat\w*|compliance|abuse|security|trust (?:and|&) safety|"
                        r"(?:financial )?crime|money laundering|aml|sanctions?)\b",
                        re.I)


def said_team(team: str | None, forbidden: Sequence[str]) -> str | None:
    """The team as the customer may hear it: ``GENERIC_TEAM`` where the notes forbid naming internal teams or this
    one, or where its name says what is suspected; else the team (a role, "a team leader", is no team's name)."""
    if not team or not re.search(r"(?-i:[A-Z])", team):
        return team
    if TEAMS in forbidden or _SUSPICION.search(team) or \
            any(name.lower() in team.lower() for name in forbidden if name != TEAMS):
        return GENERIC_TEAM
    return team


def _withheld(notes: Sequence[Passage]) -> list[str]:
    return forbidden_names([n.text for n in notes])




def targets(notes: Sequence[Passage], forbidden: Sequence[str] = ()) -> list[tuple[str | None, str | None]]:
    """(team, time frame) of every escalation rule in the notes, as a hand-over may tell them to the customer
    (``forbidden``: what the knowledge base's notes say never to name, beyond these notes' own)."""
    withheld = [*_withheld(notes), *forbidden]
    out: list[tuple[str | None, str | None]] = []
    for note in notes:
        for r in _rules(note):
            team, when = _target(r.line, r.cells, r.header, r.lead, r.heading)
            if team or when:
                out.append((said_team(team, withheld), when))
    return out


def match_rule(message: str, notes: Sequence[Passage], min_evidence: float, *, filler: frozenset[str],
               names_topic: Callable[[str], bool] | None = None, cues: Sequence[Cue] = (),
               contacts: int = 0, forbidden: Sequence[str] = (), first: Sequence[Cue] = (),
               fits: Callable[[str], bool] | None = None) -> EscalationRule | None:
    """The rule of the notes that fits the message best (see the module docstring). ``cues``: the built-in cues the
    message raises (a rule whose condition raises one of them fits); ``first``: those of them about the customer's
    safety or vulnerability, whose rules outrank the rules for how a case is going (a third contact, a complaint):
    a customer on a third contact who says they are not coping goes to the people who help the vulnerable, and
    hears it from them; ``contacts``: the contact this message is (a
    rule for the third contact fits a third or later one); ``filler``: words that say nothing of the subject;
    ``forbidden``: what the knowledge base's notes say never to name (see ``forbidden_names``); ``fits``: whether a
    row no cue raised may take the message at all (``assistant.danger.row_fits``: a safety row only a danger)."""
    words = {w.lower() for w in _CONTENT.findall(message)} - filler
    amounts = _amounts(message)
    durations = [_minutes(n, u) for n, u in _DURATION.findall(message)]
    withheld = [*_withheld(notes), *forbidden]
    found: list[tuple[tuple[int, int, int, int], EscalationRule]] = []
    for note in notes:
        weak = bool(note.score and note.score < min_evidence)  # a weakly matching note: only threshold or cue rules
        for r in _rules(note):
            condition = _condition(r.sentence, r.cells, r.header)
            passed = _thresholds_passed(condition, amounts, durations, message)
            if passed is None:
                continue
            threshold = passed
            nth = _condition_contacts(condition)
            if nth > max(contacts, 1):
                continue  # a rule for the fourth contact does not fit the second
            cue = any(c(condition) for c in [*cues, *first]) or (contacts >= 2 and 2 <= nth <= contacts)
            rank = 2 if any(c(condition) for c in first) else int(cue)
            if not cue and fits is not None and not fits(condition):
                continue
            if weak and not (threshold or cue):
                continue
            overlap = words & {w.lower() for w in _CONTENT.findall(condition)}
            if not overlap and threshold:  # a row's wording ("parcels") against the message's ("parcel")
                overlap = {stem(w) for w in words} & {stem(w) for w in _CONTENT.findall(condition)}
            on_topic = bool(names_topic and names_topic(condition))
            # a row for someone asking for something ("a request to pay in gift cards") fits a customer asking for it,
            # not one who tells of a caller who asked it of them
            asked = not _ASKS_FOR.search(condition) or bool(_REQUESTS.search(message))
            # a bare row of a list shares three words with the message (two is too loose: a privacy request listed
            # there is still answered with the public process)
            if cue or (r.explicit and len(overlap) >= 2) or (threshold and (on_topic or overlap)) or \
                    (r.row and not weak and len(overlap) >= 3 and asked):
                block = " ".join(x for x in (r.line if r.row else r.sentence, r.lead, r.heading) if x)
                team, when = _target(r.line, r.cells, r.header, r.lead, r.heading)
                text = re.sub(r"\s*\|\s*", " — ", r.sentence.strip(" |")).strip()
                if r.row and r.lead and not r.explicit:  # the lead-in says what to do with the row's case
                    text = r.lead + " " + re.sub(r"^[-*+]\s+", "", text)
                text = re.sub(r"\*\*", "", text)
                rule = EscalationRule(text=text[:300], whole=text, team=said_team(team, withheld), when=when,
                                      urgent=bool(_URGENT.search(block)), chunk_id=note.chunk_id,
                                      heading=r.heading)
                # the surest fit first: the same cue, then a threshold passed, then the most shared words, then the
                # most shared stems ("messaging" and "private messages": a tie of two safety rows broken by the case)
                stems = {stem(w) for w in words} & {stem(w) for w in _CONTENT.findall(condition.lower())}
                found.append(((rank, int(threshold), len(overlap), len(stems)), rule))
    return max(found, key=lambda f: f[0])[1] if found else None


def _thresholds_passed(condition: str, amounts: Sequence[float], durations: Sequence[float],
                       message: str = "") -> bool | None:
    """For a rule's condition with an amount or a duration threshold ("lost parcel over $1,000", "waited more than 30
    minutes"): True when a figure of the message passes it, None (the rule does not fit) when none does; False for a
    condition without a threshold. An amount threshold on a named sum ("where the amount withheld is over €300") fits only
    a ``message`` that speaks of that sum: a €900 bond paid is no €900 withheld."""
    amount = _THRESHOLD.search(condition)
    if amount and not any(a > _value(amount) for a in amounts):
        return None
    if amount and message and not _names_the_sum(condition[:amount.start()], message):
        return None
    limit = _DURATION_LIMIT.search(condition)
    if limit and not any(d > _minutes(limit.group(1), limit.group(2)) for d in durations):
        return None
    return bool(amount or limit)


# the words of a condition before its threshold that say nothing of what the sum is ("... where the ... is over")
_SUM_FILLER = {"where", "when", "which", "that", "with", "than", "more", "over", "above", "total", "value", "worth",
               "amount", "cost", "costs", "case", "cases", "customer", "customers", "any"}


def _names_the_sum(before: str, message: str) -> bool:
    """Whether the message names what a threshold is on: one of the last two content words before it ("lost parcel",
    "the deduction") in the message; True where the condition names nothing before its threshold."""
    named = [w for w in content_words(before) if len(w) > 3 and w.lower() not in _SUM_FILLER][-2:]
    # (by the stem's first five letters: "deduction" and "deducted", "damages" and "damaged")
    said = {stem(w).lower()[:5] for w in content_words(message)}
    return not named or any(stem(w).lower()[:5] in said for w in named)


def _minutes(number: str, unit: str) -> float:
    u = unit.lower().rstrip("s")
    return float(number) * next(v for k, v in _UNITS.items() if u.startswith(k))


def _condition(sentence: str, cells: list[str], header: Sequence[str] = ()) -> str:
    """The case a rule is for: a table row's first cell, with its other cells that describe the case ("Signs to
    look for"), not who takes it, by when or how; a list item's bold label and its "if ..." clause; a sentence's
    "if/when ..." clause ("If you confirm someone else got in: lock it and escalate" fits on its condition, not
    its action)."""
    if len(cells) > 1:
        return " ".join(_situation_cells(cells, header))
    text = re.sub(r"^[-*+]\s+", "", sentence.strip())
    label = re.match(r"^\*\*([^*]+)\*\*:?\s*", text)
    rest = text[label.end():] if label else text
    conditional = re.match(rf"^\W*(?:if|when|where)\b([^:;]+?)(?::|;|,\s+(?:then\s+)?(?={_ACTION}\b))", rest, re.I)
    if conditional:
        rest = conditional.group(1)
    else:
        # "Accidents without injuries go to Claims ...", "**Accident with injuries:** pass to the Claims team": the
        # case is what comes before the action
        action = ESCALATES.search(rest)
        rest = rest[:action.start()] if action and action.start() > 0 else rest
        if label:
            rest = re.split(rf"\b{_ACTION}\b", rest, maxsplit=1, flags=re.I)[0]
    return f"{label.group(1)} {rest}" if label else rest


# what an agent does with a case, opening the action after its condition ("If ..., pass the case to ...")
_ACTION = (r"(?:pass|passes|send|refer|escalate|go|goes|transfer|hand|route|forward|lock|tell|contact|call|give|raise|"
           r"flag|mark|open|log|create|add|make|stop|do|don't|never|check|ask|offer)")


_CONTACT_ORDINAL = re.compile(r"\b(second|third|fourth|fifth|2nd|3rd|4th|5th)\s+(?:contact|complaint|time|message|"
                              r"request|report|call|email)\b", re.I)
_ORDINALS = {"second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5}


def _condition_contacts(condition: str) -> int:
    """The contact a rule's condition is about ("Third contact about ...", "contacts us for the third time")."""
    m = _CONTACT_ORDINAL.search(condition)
    return _ORDINALS[m.group(1).lower()] if m else 0


def _target(line: str, cells: list[str], header: list[str], lead: str, heading: str) -> tuple[str | None, str | None]:
    """Who takes the case and by when, as the rule states them (a table's team and time columns; else the rule's
    line, then its lead-in, then its heading)."""
    team: str | None = None
    when: str | None = None
    if len(cells) > 1 and len(header) == len(cells):
        for name, cell in zip(header[1:], cells[1:]):
            if team is None and _TEAM_HEADER.search(name):
                # the cell may say how as well as who: "Warm transfer to Assist", "Complaints Team; log a complaint"
                # (a bracket that says how, "(put through by phone; in the app chat, give ...)", goes first: its ";" is
                # no end of the team's name; a unit's initials "(BSIT)" stay for the check below)
                plain = re.sub(r"\s*\([^)]*[a-z;][^)]*\)", "", cell)
                who = _TRANSFER_LEAD.sub("", re.split(r"\s*(?:;|—|–|\s-\s)\s*", plain)[0])
                # "Give 0800 111 999 immediately in your first line, then log with the **Safety Desk**": what the
                # agent does, then who takes it; the team is the one the instruction names
                if _INSTRUCTION.match(who):  # (an instruction naming no team names none: its words are no name)
                    told = _INSTRUCTED_TEAM.search(cell)
                    who = told.group(1) if told else ""
                team = re.sub(r"\s*\([^)]*\)", "", who).strip() or None
                if team and _INTERNAL_ACRONYM.search(who) and not _ROLE_PERSON.search(team):
                    # "Bereavement & Serious Incident Team (BSIT)": a unit known inside by its initials; the
                    # customer hears what it does, not its internal name
                    team = " ".join(w if w.isupper() else w.lower() for w in team.replace("&", "and").split())
                if team:
                    team = _named(re.sub(r"^(?i:your|our)\s+", "a ", team))
            elif when is None and (_TIME_HEADER.search(name) or _TELL_HEADER.search(name)):
                # (a column of what to tell the customer gives the time they hear it by: "Our duty lead calls
                # them back within 4 hours")
                when = _when(cell)
    for text in (line, lead, heading):
        if team is None:
            team = _team(text)
    if when is None:
        # the time said where the case is passed on, or in what to tell the customer; not another time of the rule
        # ("refunds are issued by Tier 2 ... within 5 business days" is no reply time)
        for sentence in split_sentences(line):
            if _PASSES.search(sentence) or _TELL.search(sentence):
                when = _when(sentence)
                if when:
                    break
    if when is None:
        when = _when(lead) or _when(heading)
    return team, when


# what the agent is to tell the customer: "Tell the customer they will hear from ...", "say a team leader will reply"
# the act of passing a case on (not a mere mention of a team: "refunds are issued by Tier 2")
_PASSES = re.compile(r"\b(?:pass(?:es|ed)?|escalat\w*|refer\w*|transfer\w*|hand\w* (?:it |the case )?over|rout(?:e|es|ed)|"
                     r"forward\w*|go(?:es)? to|sen[dt])\b", re.I)
_TELL = re.compile(r"\b(?:tell|say|inform)\b|\blet (?:the )?\w+ know\b|\bin your reply\b", re.I)


def _team(text: str) -> str | None:
    for m in _TARGET.finditer(text):
        name = m.group(2).strip()
        first = name.split()[0]
        if _NOT_TEAMS.match(first) or _NOT_TEAMS.match(name):
            continue
        if not (re.search(r"(?-i:[A-Z])", first) or re.search(_ROLE, name, re.I)):
            continue
        article = (m.group(1) or "").lower()
        if article in ("your", "our") or (article == "" and not re.search(r"(?-i:[A-Z])", first)):
            article = "a"  # "your team lead": to the customer, "a team lead"
        return _named(f"{article} {name}".strip() if article else name)
    return None


_ROLE_WORD = re.compile(r"\b(?:team|lead|leader|manager|department|queue|desk|unit|supervisor|colleague|officer|director|"
                        r"coordinator|specialist|adviser|advisor|controller|head|vet|nurse|doctor|pharmacist|engineer|person|"
                        r"technician)s?(?: on (?:duty|call))?$", re.I)
# how a case is passed, before who takes it: "Warm transfer to", "Pass to", "Escalate the case to"
_TRANSFER_LEAD = re.compile(r"^(?:(?:warm|live|cold|direct|immediate)\s+)?(?:transfer|pass|hand|refer|escalate|send|route|"
                            r"forward)(?:red|ed|s)?\s+(?:(?:it|the case|the call|the customer)\s+)?(?:over\s+)?to\s+",
                            re.I)


# a team cell that opens with what the agent does, not who takes the case, and the team it names after "to"/"with"
_INSTRUCTION = re.compile(r"^\W*(?:give|tell|call|advise|say|ask|log|read|send|offer|explain|check)\b", re.I)
# ("log with the Safety Desk", "pass to Claims", "then alert the Duty Vet")
_INSTRUCTED_TEAM = re.compile(r"\b(?:to|with|alert|notify|page|inform)\s+(?:the\s+)?\**((?-i:[A-Z])[\w&'-]*(?:\s+(?:&\s+)?(?-i:[A-Z])[\w'-]*)*)", re.I)
# an internal unit's initials after its name ("(BSIT)", "(CVU)"); a person's role is said as it is
_INTERNAL_ACRONYM = re.compile(r"\(\s*[A-Z]{2,6}\s*\)")
_ROLE_PERSON = re.compile(r"\b(?:lead|leader|manager|supervisor|officer|director|coordinator|controller|head|person)\b",
                          re.I)


def _named(team: str) -> str:
    """"Claims" -> "our Claims team", "Legal & Complaints" -> "our Legal & Complaints team"; a team or role said with
    its article stays as it is; markdown emphasis is the notes' layout, not the name ("**Estates team**")."""
    team = re.sub(r"\*+|(?<!\w)_+|_+(?!\w)|`+", "", team).strip()
    # how the case is passed, in brackets after who takes it ("duty lead (put through by phone; ...)"), is the
    # agent's instruction, never part of the name
    team = re.sub(r"\s*\(.*$", "", team).strip() or team
    # "Depot Duty Manager for that depot": which one is the agent's to find; the customer hears the role
    team = re.sub(r"\s+(?:for|at|of|in)\s+(?:that|the|this|each|their|your|the relevant|the customer's)\s+\w+"
                  r"(?:\s+(?:involved|concerned|affected|in question))?$", "", team).strip() or team
    # "Duty Property Manager via the emergency line": how it reaches them is the agent's
    # (and the comma before it: "Safety Desk, via the Duty Lead")
    team = re.sub(r"\s+(?:via|through|using|by phone|by email)\b.*$", "", team).strip(" ,;:-\u2013\u2014") or team
    # "Service desk, priority 'Code Blue'": a team named in full before the comma; what follows is the agent's label
    team = re.sub(r"^(.{3,}?\b(?:team|desk|department|unit|queue))\s*,.*$", r"\1", team, flags=re.I)
    if re.match(r"(?i)(?:the|a|an|our)\b", team):
        return team if _ROLE_WORD.search(team) else f"{team} team"
    return f"our {team}" if _ROLE_WORD.search(team) else f"our {team} team"


def _when(text: str) -> str | None:
    text = re.sub(r"\*\*|__", "", text)  # "**4 hours**": a time in bold is the same time
    found = list(_WHEN.finditer(text))
    # "Immediately – within 15 minutes": the time the customer can hold us to, not the word before it
    m = next((x for x in found if x.group(1) or x.group(0).lower().startswith("within")), found[0] if found else None)
    if not m:
        return None
    if m.group(1):  # a table cell: "1 business day"
        return f"within {m.group(1).strip()}"
    said = m.group(0).strip().lower()
    return "today" if said.endswith(" day") and "same" in said else said


_HOW_HEADER = re.compile(r"\b(?:how|action|flag|notes?|what to do|steps?)\b", re.I)


def _approval_levels(header: Sequence[str], cells: Sequence[str]) -> bool:
    """A row of a table keyed by what may be offered whose columns are the people who may approve it and whose cells
    are only amounts or limits ("| Goodwill | Agent alone | Team Lead |" over "| Account credit | Up to £20 | Up to
    £100 |"): it says who may approve how much, not which cases to pass on."""
    levels = [c for h, c in zip(header[1:], cells[1:]) if _TEAM_HEADER.search(h)]
    return bool(header) and bool(_OFFER_HEADER.search(header[0])) and bool(levels) and all(
        _LIMIT_CELL.search(c) and not re.search(r"\b(?:lead|manager|team|agent|supervisor|director)\b", c, re.I)
        for c in levels)


_LIMIT_CELL = re.compile(r"[£$€¥]\s?\d|\d\s?(?:kr|[A-Z]{3})\b|\bup to\b|\bover\b|^\W*(?:any|none|n/a|no limit)\W*$", re.I)


# a goodwill table's columns of what may be offered and its limits: the remedy, not the case
_OFFER_HEADER = re.compile(r"\b(?:offer|remedy|compensation|goodwill|limits?|caps?|maximum|approv\w*|authori[sz]\w*)\b",
                           re.I)


def _situation_cells(cells: list[str], header: Sequence[str]) -> list[str]:
    """A table row's cells that describe the case: the first, and any later one whose column is not who takes
    it, by when or how ("Signs to look for"), what to tell the customer, or what may be offered and its limit ("A free
    extra hour by water taxi" is the remedy for a boat not ready, not a case of asking about water taxis)."""
    if len(header) != len(cells):
        return cells[:1]
    return [cells[0]] + [c for h, c in zip(header[1:], cells[1:])
                         if not (_TEAM_HEADER.search(h) or _TIME_HEADER.search(h) or _HOW_HEADER.search(h)
                                 or _TELL_HEADER.search(h) or _OFFER_HEADER.search(h))]


@dataclass(frozen=True)
class Situation:
    """A row of a hand-over table, with the texts that say its case: each sign on its own ("Telecare or personal
    alarm on the line"), and the row's cells whole."""

    rule: EscalationRule
    texts: tuple[str, ...]
    words: frozenset[str] = frozenset()  # the content words of its case
    listed: int = 0  # how many of ``texts``, at their end, are items of a comma-separated list of signs


# the words of an amount band ("£40.01 to £120", "up to $500", "over €1,000")
_BAND_WORDS = re.compile(r"(?:[$€£]|\b(?:EUR|GBP|USD|CHF|CAD|AUD|NZD)\b)\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s?(?:EUR|GBP|USD|CHF|CAD|AUD|NZD)?|"
                         r"\b(?:to|up|over|under|above|below|from|and|or|more|less|than|between|plus)\b", re.I)


def situations(notes: Sequence[Passage], message: str, forbidden: Sequence[str] = ()) -> list[Situation]:
    """Every row of the notes' hand-over tables (situation, who takes it, by when), with the texts its case is
    matched on by meaning; a row whose amount or duration threshold the message does not pass is left out. (A list
    of red flags is no such table: "a request to be refunded in gift cards" is not every gift card question.)"""
    withheld = [*_withheld(notes), *forbidden]
    amounts = _amounts(message)
    durations = [_minutes(n, u) for n, u in _DURATION.findall(message)]
    out: list[Situation] = []
    for note in notes:
        for r in _rules(note):
            if not r.row or len(r.cells) < 2 or len(r.header) != len(r.cells):
                continue
            condition = _condition(r.sentence, r.cells, r.header)
            if _thresholds_passed(condition, amounts, durations, message) is None:
                continue
            if not re.search(r"[^\W\d_]{3}", _BAND_WORDS.sub(" ", condition)):
                # a row whose case is an amount band alone ("£40.01 to £120": who approves a goodwill sum of that size)
                # describes no situation to recognise by meaning; an amount the customer names is no such case
                continue
            cells = _situation_cells(r.cells, r.header)
            texts: list[str] = []
            listed: list[str] = []
            for cell in cells:
                cell = re.sub(r"\*\*", "", cell).strip()
                # signs listed with ";" or after a label ("Scam in progress: customer was told ...") are each a case
                signs = [x.strip() for x in re.split(r";|:\s", cell) if len(x.strip()) > 3]
                texts += signs if len(signs) > 1 else []
                # signs listed with commas ("Switch the customer didn't ask for, someone else's name added, a request
                # to change bank details ..."): each one of several words is a case of its own
                items = [x for x in _listed(cell) if len(x.split()) >= 3]
                listed += items if len(items) > 1 else []
                texts.append(cell)
            team, when = _target(r.line, r.cells, r.header, r.lead, r.heading)
            text = re.sub(r"\*\*", "", re.sub(r"\s*\|\s*", " — ", r.sentence.strip(" |")).strip())
            block = " ".join(x for x in (r.line, r.lead, r.heading) if x)
            rule = EscalationRule(text=text[:300], whole=text, team=said_team(team, withheld), when=when,
                                  urgent=bool(_URGENT.search(block)), chunk_id=note.chunk_id)
            words = frozenset(w.lower() for w in _CONTENT.findall(condition))
            texts = list(dict.fromkeys(t for t in texts if t))
            listed = [t for t in dict.fromkeys(listed) if t not in texts]
            out.append(Situation(rule, tuple(texts + listed), words, len(listed)))
    return out


# Cosine (bundled embedder) between a sentence of the message and a sign of a hand-over row, at or above which the
# message is that row's case, and by how much it must beat every other row. Measured on two unseen handbooks: the
# rows' own cases score 0.57-0.69 ("my mother's telecare pendant alarm ... has been dead" against "Telecare or
# personal alarm on the line" 0.63); ordinary questions score at most 0.48-0.53, and their best row leads the next
# by less than the rows' own cases do.
MEANING_MIN = 0.55
MEANING_MARGIN = 0.08


# A row that leads every other by meaning less clearly, but shares this many content words with the message
# (stems): two signals agree. Measured on two unseen handbooks: a relative asking to move a customer's credit to
# their own bank account scores 0.45 against "a request to change bank details and refund credit to a new account"
# (next row 0.34) and shares five words with it; ordinary questions' best rows score 0.30-0.46 and share at most two.
MEANING_SHARED_MIN = 0.42
SHARED_WORDS = 3


def _listed(cell: str) -> list[str]:
    """The items of a comma-separated list, brackets kept whole ("Financial hardship (job loss, debt, benefits)")."""
    items, depth, current = [], 0, ""
    for ch in cell:
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            items.append(current)
            current = ""
        else:
            current += ch
    items.append(current)
    return [re.sub(r"^\s*(?:or|and)\s+", "", x).strip() for x in items if x.strip()]


def match_meaning(found: Sequence[Situation], scores: Sequence[float],
                  message_words: frozenset[str] = frozenset()) -> EscalationRule | None:
    """The row whose case the message is, by meaning: ``scores`` holds, for every text of every situation in
    order, the best cosine of a message sentence to it; ``message_words``: the message's content words (without
    filler), for a row that leads by less but shares words with the message (``MEANING_SHARED_MIN``)."""
    best: list[float] = []
    every: list[float] = []  # ... counting the items of listed signs too
    i = 0
    for situation in found:
        n = len(situation.texts)
        best.append(max(scores[i:i + n - situation.listed], default=0.0))
        every.append(max(scores[i:i + n], default=0.0))
        i += n
    if not best:
        return None
    order = sorted(range(len(best)), key=lambda k: -best[k])
    top = best[order[0]]
    second = best[order[1]] if len(order) > 1 else 0.0
    if top >= MEANING_MIN and top - second >= MEANING_MARGIN:
        return found[order[0]].rule
    order = sorted(range(len(every)), key=lambda k: -every[k])
    top = every[order[0]]
    second = every[order[1]] if len(order) > 1 else 0.0
    if top >= MEANING_SHARED_MIN and top - second >= MEANING_MARGIN and message_words:
        stems = {stem(w) for w in message_words}
        if len(stems & {stem(w) for w in found[order[0]].words}) >= SHARED_WORDS:
            return found[order[0]].rule
    return None
