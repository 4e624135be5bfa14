"""The customer's own facts, and what they mean under the policy the reply quotes.

Events with a time ("I ordered 20 minutes ago", "it arrived 3 weeks ago", the profile's delivery date) are
measured against the windows the quoted sources state (``assistant.grounding.windows``); the consequence
is said plainly and only with numbers the sources or the profile give (the verifier checks every number).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from assistant.currency import CODES, KRONE, SYMBOL
from assistant.grounding.words import content_words, family, stem
from assistant.grounding.windows import NUMBER, UNIT, UNIT_DAYS, Window, plain, windows_in
from assistant.personalisation import format_date
from assistant.types import Order

_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a few": 3, "a couple of": 2, "couple of": 2,
                 "several": 4, "few": 3, "a couple": 2, "couple": 2, "half a": 0.5, "half an": 0.5}
_AGO = re.compile(rf"\b({NUMBER[1:-1]}|a few|a couple(?: of)?|couple(?: of)?|several|few|half an?)\s+(minute|hour|day|week|"
                  rf"fortnight|month|year)s?\s+(?:ago|back|before now)\b", re.I)
# how long they have had it: "I've had these 6 weeks", "had it for about two weeks" (since it reached them)
_HAD_FOR = re.compile(rf"\b(?:had|owned|used|worn|been using|been wearing)\s+(?:it|them|(?:this|these|those|that|the|my|our)"
                      rf"(?:\s+\w+)?)\s+(?:for\s+)?(?:about\s+|around\s+|roughly\s+|nearly\s+|almost\s+|just\s+|"
                      rf"only\s+|over\s+)?({NUMBER[1:-1]}|a few|a couple(?: of)?|couple(?: of)?|several|few|half an?)\s+"
                      rf"(day|week|fortnight|month|year)s?\b(?!\s+(?:ago|back|before now)\b)", re.I)
_FIXED = {"yesterday": 1.0, "last night": 0.7, "this morning": 0.3, "earlier today": 0.2, "today": 0.1, "last week": 7.0,
          "last month": 30.0, "the other day": 3.0, "just now": 0.01, "a fortnight ago": 14.0, "the day before yesterday": 2.0}
_FIXED_RE = re.compile(r"\b(" + "|".join(map(re.escape, sorted(_FIXED, key=len, reverse=True))) + r")\b", re.I)
# "I just placed it", "just ordered": minutes ago
_JUST = re.compile(r"\bjust (?:placed|ordered|bought|paid|made|received|got|checked out)\b", re.I)
MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december"]
WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = {m: i for i, m in enumerate(MONTH_NAMES, start=1)}
# a month as customers write it, one group ("Dec", "december", "Sept")
MONTH_PATTERN = _MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_ON_DATE = re.compile(rf"\b(?:on|since)\s+(?:the\s+)?(?:{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?|(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH})\b",
                      re.I)
# "last Tuesday", "on Monday", "this Saturday": the most recent such day before today
_WEEKDAYS = WEEKDAY_NAMES
_WEEKDAY = re.compile(r"\b(?:last|on|this(?= past)|this past|past)\s+(?:past\s+)?(" + "|".join(_WEEKDAYS) + r")\b", re.I)
# "on the 3rd", "since the 20th", "got here the 3rd": a day of this month (of last month when it is still to come)
_ON_DAY = re.compile(r"\b(?:on|since|the)\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?" + _MONTH
                     + r"|\s+(?:time|attempt|call|e-?mail|message|try|order|item|one)\b)", re.I)
# a day named as a date or a weekday (not "3 weeks ago"): the exact day it happened
_NAMED_DAY = re.compile(r"\b(?:on|since|the)\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?"
                        + _MONTH + r"\b|\b" + _MONTH + r"\s+\d{1,2}\b|\b(?:monday|tuesday|wednesday|thursday|friday|"
                        r"saturday|sunday)\b|\byesterday\b", re.I)
_WEEKDAY_DAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b", re.I)
_FUTURE_WORDS = re.compile(r"\b(?:this|next|coming|will|going to)\b", re.I)


# a weekday with no "on" or "last" before it, in a clause told in the past ("they tried to deliver monday", "got a text
# wednesday"): the most recent one; never in a clause about what is to come ("can you bring it thursday")
_BARE_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b(?!\s+(?:the\s+)?\d)", re.I)
_PAST_VERB = re.compile(r"\b(?:tried|got|came|arrived|was|were|had|did|went|sent|took|left|paid|received|returned|"
                        r"booked|ordered|bought|delivered|dropped|picked|collected|moved|missed|rang|called|emailed|"
                        r"texted|said|told)\b", re.I)
# a question in the present or future about us ("do you open", "are you busy", "can my son play")
_PRESENT_QUESTION = re.compile(r"\b(?:do|does|are|is|will|can|could|would)\s+(?:you|we|i|it|they|my\s+\w+)\b|"
                               r"\bwhat time\b|\bopen(?:ing)?\b", re.I)
# a question or request to change an arrangement: the day it names is the arranged one, still to come
_MOVE_ASKED = re.compile(r"\b(?:can|could|may|do|would|want to|need to|like to|have to)\b[^.?!]{0,30}\b(?:move|moving|"
                         r"reschedule|rearrange|rebook|change|postpone|push (?:it |that )?back|bring (?:it )?forward|"
                         r"swap|cancel)\b", re.I)
_COMING = re.compile(r"\b(?:will|won't|can you|could you|going to|gonna|next|coming|til|till|until|from tomorrow|"
                     r"tomorrow|tonight|hoping to|want to|need to|plan to|planning)\b", re.I)


def _weekday_date(weekday: int, day: int, today: date, *, ahead: bool) -> date | None:
    """The date that is day ``day`` and falls on ``weekday``: ``ahead``, after today and within about a month
    ("Wednesday the 2nd" said on 27 November: 2 December); else on or before today, in this month or the two before it
    ("Tuesday 17th"). None when there is none."""
    year, month = today.year, today.month
    for _ in range(2 if ahead else 3):
        try:
            when = date(year, month, day)
        except ValueError:
            when = None
        if when is not None and when.weekday() == weekday and (
                today < when <= today + timedelta(days=40) if ahead else when <= today):
            return when
        step = 1 if ahead else -1  # walk month by month, forwards or back
        month += step
        if month > 12 or month < 1:
            year, month = year + step, 1 if month > 12 else 12
    return None


_EVENTS = [
    # the start of a membership, subscription, booking or account: the customer bought it then
    ("start", re.compile(r"\b(?:join\w*|sign\w*\s+up|signed-up|subscrib\w*|enrol\w*|regist\w*|book\w*|upgrad\w*|"
                         r"went live|gone live|go(?:es)? live|was activated|got activated|"
                         r"(?:opened|started|activated|took out|began)\s+(?:\w+\s+){0,3}?(?:account|plan|membership|"
                         r"subscription|trial|policy|contract|service)|became an?\s+(?:\w+\s+)?(?:member|subscriber))\b", re.I)),
    ("order", re.compile(r"\b(?:ordered|ordering|order(?:ed)? (?:it|them|one)|bought|purchas(?:ed|ing)|placed|paid|"
                         r"got it from you|checked out)\b", re.I)),
    ("delivery", re.compile(r"\b(?:arriv\w*|deliver\w*|receiv\w*|came|turned up|showed up|got here|landed|"
                            r"got (?:it|them|the|my))\b", re.I)),
    ("charge", re.compile(r"\b(?:charg\w*|billed|debited|taken from)\b", re.I)),
    ("shipping", re.compile(r"\b(?:shipped|dispatched|sent out)\b", re.I)),
]


@dataclass(frozen=True)
class Elapsed:
    event: str | None  # start (joined, signed up, booked), order, delivery, charge, shipping
    days: float
    profile_wording: str | None  # "your order #NW-1 was delivered on 6 October 2026" when the profile says it
    on: date | None = None  # the day it happened, when the customer names that day ("on Tuesday 17th")
    said: str = ""  # the customer's clause that names it ("car went back on Tuesday 17th")
    recorded: date | None = None  # the day the profile records for it (``profile_wording``'s date)


# a record of the profile that is an invoice: "status: invoiced", "INV-2026-118"
_INVOICED = re.compile(r"\b(?:invoiced|billed|unpaid|overdue)\b|^\S*\s+#?INV\b", re.I)


def elapsed_events(message: str, order: Order | None, today: date) -> list[Elapsed]:
    """How long ago the customer's events happened: from the message's own words, then from the profile."""
    out: list[Elapsed] = []
    for clause in re.split(r"[.!?;]|\bbut\b|\band\b", message):
        days = _clause_days(clause, today)
        if days is None or _LIFE_EVENT.search(clause):  # "my dad died on Sunday": no date of the customer's case
            continue
        event = _event(clause)
        if event == "attempt":
            # the day of the try is the one said beside it ("tried to deliver on Monday, rebooked for yesterday" tried
            # on Monday): the comma-bounded part that names the try, else no day for it
            part = next((x for x in clause.split(",") if _ATTEMPT.search(x)), clause)
            days = _clause_days(part, today)
            if days is None:
                continue
            clause = part
        on = today - timedelta(days=int(days)) if days == int(days) and _NAMED_DAY.search(clause) else None
        out.append(Elapsed(event, days, None, on, clause.strip()))
    if order is not None:
        oid = f"#{order.id.lstrip('#')}"
        if order.delivered_on:
            out.append(Elapsed("delivery", float((today - order.delivered_on).days),
                               f"your order {oid} was delivered on {format_date(order.delivered_on)}",
                               recorded=order.delivered_on))
        if order.date and _INVOICED.search(f"{order.status} {order.id}"):
            # an invoice on record: its date is the bill's ("Pay within 20 days of the invoice date")
            out.append(Elapsed("bill", float((today - order.date).days),
                               f"your invoice {oid} is dated {format_date(order.date)}", recorded=order.date))
        elif order.date:
            out.append(Elapsed("order", float((today - order.date).days),
                               f"your order {oid} was placed on {format_date(order.date)}", recorded=order.date))
    return out


# a day written with its year ("got the pass 14 Feb 2028", "on March 3, 2029"): that very day, however long ago
_DATED = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\.?,?\s+(20\d\d)\b|"
                    rf"\b{_MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(20\d\d)\b", re.I)


def _clause_days(clause: str, today: date) -> float | None:
    dated = _DATED.search(clause)
    if dated:
        month_word = (dated.group(2) or dated.group(4)).lower()
        month = next((n for name, n in _MONTHS.items() if name.startswith(month_word[:3])), None)
        try:
            when = date(int(dated.group(3) or dated.group(6)), month or 0, int(dated.group(1) or dated.group(5)))
        except ValueError:
            when = None
        if when is not None and when <= today:
            return float((today - when).days)
        if when is not None:
            return None  # a day still to come: no time since
    m = _AGO.search(clause) or _HAD_FOR.search(clause)
    if m:
        word = m.group(1).lower()
        amount = float(word) if word[0].isdigit() else float(_NUMBER_WORDS.get(word, 1))
        unit = m.group(2).lower()
        return amount * (14.0 if unit == "fortnight" else UNIT_DAYS[unit])
    m = _ON_DATE.search(clause)
    if m:
        month_word = (m.group(1) or m.group(4) or "").lower()
        day = int(m.group(2) or m.group(3))
        month = next((n for name, n in _MONTHS.items() if name.startswith(month_word[:3])), None)
        if month is None or not 1 <= day <= 31:
            return None
        try:
            when = date(today.year, month, day)
        except ValueError:
            return None
        if when > today:
            if (when - today).days <= 90 or _FUTURE_WORDS.search(clause):
                return None  # "my flight is on 2 December": still to come, no time since (not 359 days ago)
            when = date(today.year - 1, month, min(day, 28))
        return float((today - when).days)
    m = _WEEKDAY_DAY.search(clause)
    if m:  # "on Tuesday 17th": the day of this month or the one before that falls on that weekday, not next week's
        weekday, day = _WEEKDAYS.index(m.group(1).lower()), int(m.group(2))
        past = _weekday_date(weekday, day, today, ahead=False)
        if _weekday_date(weekday, day, today, ahead=True) and (past is None or (today - past).days > 31):
            return None  # "til Wednesday the 2nd": the coming one, not one months ago
        if past is not None:
            return float((today - past).days)
        if _FUTURE_WORDS.search(clause):
            return None  # "this Sunday 29th": still to come, no time since
    m = _WEEKDAY.search(clause) or _BARE_WEEKDAY.search(clause) if not _COMING.search(clause) else _WEEKDAY.search(clause)
    if m and m.group(0).lower().startswith("on") and _MOVE_ASKED.search(clause) and not _PAST_VERB.search(
            clause[:m.start()]) and not re.search(r"\b\w+ed\s+(?:\w+\s+){0,2}$", clause[:m.start()]):
        return None  # "could I move my fitting on Thursday?": the day still to come that they want to change
    if m and not _PAST_VERB.search(clause) and not re.search(r"\b(?:did|was|were|had)n['’]?t\b|\b\w+ed\b", clause, re.I) \
            and _PRESENT_QUESTION.search(clause):
        return None  # "are you open late on Friday?": a day of the week asked about, no day gone by
    if m and (m.re is _WEEKDAY or _PAST_VERB.search(clause)):
        back = (today.weekday() - _WEEKDAYS.index(m.group(1).lower())) % 7
        if m.group(0).lower().startswith("last") and re.match(r"\s+week\b", clause[m.end():], re.I):
            back = (back or 7) + 7  # "last Tuesday week": the Tuesday a week before last Tuesday
        return float(back or 7)
    m = _ON_DAY.search(clause)
    if m:
        day = int(m.group(1))
        if not 1 <= day <= 31:
            return None
        year, month = today.year, today.month
        if day > today.day:  # "the 28th" said on the 26th is last month's
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        try:
            return float((today - date(year, month, day)).days)
        except ValueError:  # "the 31st" of a 30-day month
            return None
    m = _FIXED_RE.search(clause)
    if m:
        return _FIXED[m.group(1).lower()]
    if _JUST.search(clause):
        return _FIXED["just now"]
    return None


_ORDER_NOUN = re.compile(r"\b(?:order|purchase)s?\b", re.I)


def _event(clause: str) -> str | None:
    """What happened then, read from the verb ("it arrived", "I joined"); the noun alone ("my order ... on the 3rd")
    means the order when no verb says otherwise ("my order got here on the 3rd" is its delivery)."""
    if _ATTEMPT.search(clause):
        return "attempt"  # "they tried to deliver on Monday": nothing was delivered then
    if _HAD_FOR.search(clause) and not _AGO.search(clause):
        return "delivery"  # "I've had these 6 weeks": theirs since they arrived
    for name, cue in _EVENTS:
        if cue.search(clause):
            return name
    return "order" if _ORDER_NOUN.search(clause) else None


# a delivery that did not happen: "tried to deliver Monday", "missed the delivery", "the driver couldn't deliver it"
_ATTEMPT = re.compile(r"\b(?:tried|try|trying|attempted|attempting|failed|couldn'?t|could not|didn'?t|did not|never)\s+"
                      r"(?:to\s+)?(?:deliver|collect|pick)\w*|\b(?:missed|failed|attempted)\s+(?:\w+\s+)?"
                      r"(?:deliver|collect)\w*|\b(?:delivery|collection)\s+attempt", re.I)


# what happened to the customer or their family on the date they give: not when they ordered, whatever noun follows
_LIFE_EVENT = re.compile(r"\b(?:died|passed away|passed on|was born|got married|funeral|in hospital|was admitted|fell ill|"
                         r"got sick|broke (?:my|his|her) \w+|moved (?:house|home|out))\b", re.I)


# events that are the same moment for a window's purposes when the customer names only one of them: joining a plan,
# buying and being charged for it happen together (a delivery or a shipment does not stand in for them)
_PURCHASE = ("start", "order", "charge")


@dataclass(frozen=True)
class Consequence:
    window: Window | None  # None for an amount measured against a money limit
    inside: bool
    sentence: str  # said to the customer; numbers only from the source's window or the profile
    for_group: bool = False  # the window is the one the source states for the customer's membership
    overdue: bool = False  # a time something takes, or a wait a step needs, that the customer's wait has passed
    ends: date | None = None  # the day a dated wait ends (``dated_wait``)


# what a window is for when the sentence says so right after it: "60 days for Plus members", "14 days if you are a
# member of ...": a window meant for a group of customers
_FOR_GROUP = re.compile(r"^\s*(?:\w+\s+){0,4}?(?:for|if you(?:'re| are)(?: an?)?)\s+([^,;.()]+)", re.I)
_GROUP_WORD = re.compile(r"\b(?:members?|membership|subscribers?|holders?|tier|plan|customers? (?:on|with|in))\b", re.I)
_SAID_MEMBER = re.compile(r"\bI(?:'m| am)\s+(?:a|an)\s+((?:[A-Za-z]+\s+){0,2}?)(?:member|subscriber)\b", re.I)


def member_words(message: str, tier: str | None) -> frozenset[str]:
    """The words naming the customer's membership, from the profile's tier or their own words ("I'm a Plus
    member"); empty when neither says so."""
    words = set(re.findall(r"[a-z]{2,}", (tier or "").lower()))
    for m in _SAID_MEMBER.finditer(message):
        words |= set(re.findall(r"[a-z]{2,}", m.group(1).lower())) or {"member"}
    return frozenset(words)


# the plan, fare or tier the customer says is theirs, by its name: "I'm on Flex", "we're on the Business plan", "I have
# a Standard ticket", "I'm a Gold member" (a capitalised name: "I'm on holiday" names no plan)
_NAME = r"([A-Z][\w-]*(?:\s+(?:[A-Z][\w-]*|\d+))?)"
_SAID_PLAN = re.compile(rf"\b(?:I'?m|I am|[Ww]e'?re|[Ww]e are)\s+(?:currently\s+|still\s+)?on\s+(?:the\s+|an?\s+|our\s+|my\s+)?{_NAME}|"
                        rf"\b(?:I|[Ww]e)\s+(?:have|had|bought|booked|got|pay for)\s+(?:the\s+|an?\s+)?{_NAME}\s+"
                        rf"(?:ticket|fare|plan|pass|policy|membership|subscription|account|tariff|package|contract)\b|"
                        rf"\b(?:I'?m|I am|[Ww]e'?re|[Ww]e are)\s+(?:an?\s+)?{_NAME}\s+(?:member|subscriber|customer|"
                        rf"plan holder|policyholder)s?\b")
_NOT_PLAN = frozenset(_MONTHS) | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "the",
                                  "my", "our", "a", "an", "i", "it", "this", "that", "time", "day", "christmas"}


def stated_plans(message: str) -> frozenset[str]:
    """The names of the plans, fares or tiers the customer says are theirs, lower-cased ("I'm on Core 12" ->
    {"core 12"})."""
    names: set[str] = set()
    for m in _SAID_PLAN.finditer(message):
        words = [w for w in re.findall(r"[A-Za-z][\w-]*|\d+", next(g for g in m.groups() if g))]
        while words and words[0].lower() in _NOT_PLAN:
            words.pop(0)
        if words and words[0].lower() not in _NOT_PLAN:
            names.add(" ".join(words).lower())
    return frozenset(names)


def stated_plan_words(message: str) -> frozenset[str]:
    """The words of the plan, fare or tier the customer names as theirs ("I'm on Flex" -> {"flex"}); a rule written
    for that plan is the one meant for them."""
    return frozenset(w for name in stated_plans(message) for w in name.split() if len(w) > 2 and not w.isdigit()
                     and w not in _NOT_PLAN)


_ALTERNATIVE = re.compile(rf",?\s+(?:or|and|but)\s+{NUMBER}[\s-]+{UNIT}(?=\s+(?:for|if)\b)", re.I)


def _amount(word: str) -> float:
    return float(word) if word[0].isdigit() else float(_NUMBER_WORDS.get(word.lower(), 1))


def _group_of(sentence: str, window: Window) -> set[str] | None:
    """The group of customers the window is for ("Northwind Plus members" -> its words), None when the sentence
    states it for everyone."""
    at = sentence.find(window.text)
    if at < 0:
        return None
    m = _FOR_GROUP.match(sentence[at + len(window.text):])
    if m and _GROUP_WORD.search(m.group(1)):
        return set(re.findall(r"[a-z]{2,}", m.group(1).lower())) - _NOT_GROUP_NAME
    # the group as the subject of the window's clause: "Plus members can return items within 60 days"
    clause = re.split(r"[.;:]|,\s+(?:or|and|but)\b", sentence[:at])[-1]
    m = _GROUP_SUBJECT.search(clause)
    if m and not re.search(r"\bnon-?$", clause[:m.start()]):
        return set(re.findall(r"[a-z]{2,}", m.group(1).lower())) - _NOT_GROUP_NAME
    return None


_NOT_GROUP_NAME = {"members", "member", "membership", "the", "our", "all", "are", "you", "if", "for", "an"}
_GROUP_SUBJECT = re.compile(r"\b((?:[A-Za-z]+\s+){0,3})(?:members?|subscribers?)\b(?!hip)", re.I)


def member_windows(sentence: str, members: frozenset[str]) -> list[Window]:
    """The deadline windows the sentence states for a group the customer belongs to (``members``: see
    ``member_words``): "60 days for Plus members" for a Plus member."""
    if not members:
        return []
    sentence = plain(sentence)
    return [w for w in _windows_for(sentence, members) if _group_of(sentence, w) is not None]


def _windows_for(sentence: str, members: frozenset[str]) -> list[Window]:
    """The sentence's deadline windows that apply to this customer, best first: a window for a group they belong to
    (their tier named in it) before the general one; a window for a group they do not belong to is left out
    ("30 days, or 60 days for Plus members" gives a Plus member 60 days and anyone else 30)."""
    windows = windows_in(sentence, deadlines_only=True)  # never a processing time
    if any(w.anchor for w in windows):
        # "within 14 days of the bill date | reissue the bill within 5 working days": beside a window that says what
        # it counts from, one that does not is how long the next step takes, never a window for the customer's dates
        windows = [w for w in windows if w.anchor]
    if windows:
        # "30 days from delivery, or 60 days for Plus members": the alternative is counted like the window it follows
        first = windows[0]
        for m in _ALTERNATIVE.finditer(sentence, max(0, sentence.find(first.text))):
            if not any(m.group(0).strip(" ,").endswith(w.text) or w.text in m.group(0) for w in windows):
                unit = m.group(3).lower()
                windows.append(Window(_amount(m.group(1)), unit, bool(m.group(2) and m.group(2).strip().lower()
                                                                      != "calendar"),
                                      first.anchor, sentence[m.start(1):m.end()], first.deadline))
    groups = [(w, _group_of(sentence, w)) for w in windows]
    mine = [w for w, g in groups if g is not None and members and (not g or g & members)]
    general = [w for w, g in groups if g is None]
    return mine + general


# a condition the rule sets beside its window: "and you have not used any benefits", "as long as it is unworn"
_NOT_DONE = re.compile(r"\b(?:have|has|had|is|are|was|were)?\s*(?:not|never)\s+(?:been\s+)?([a-z]+ed|worn|"
                       r"taken|begun|shipped|started)\b", re.I)
_UN_DONE = re.compile(r"\b(?:un|never-)((?:us|open|wash|wear|activat|redeem|assembl|register)\w*)\b", re.I)
_NEGATED = re.compile(r"(?:\b(?:not|never|havent|hasnt|didnt|dont|nor|without)|n't|n’t)\s+(?:\w+\s+){0,2}$", re.I)


def breaks_condition(policy_sentence: str, message: str) -> bool:
    """Whether the customer says they did what the rule requires them not to have done ("used the free shipping
    once" against "and you have not used any benefits"; "I've worn them" against "unworn"): the window alone does
    not decide it then."""
    done = {m.group(1).lower() for m in _NOT_DONE.finditer(policy_sentence)}
    done |= {m.group(1).lower() for m in _UN_DONE.finditer(policy_sentence)}
    # what they state, not what they ask ("has it shipped?")
    said = " ".join(x for x in re.split(r"(?<=[.!?])\s+", message) if not x.rstrip().endswith("?"))
    for verb in done:
        root = verb[:-2] if verb.endswith("ed") and len(verb) > 4 else verb[:4]
        for m in re.finditer(rf"\b{re.escape(root)}\w*\b", said, re.I):
            if not _NEGATED.search(said[max(0, m.start() - 30):m.start()]):
                return True
    return False


# "If a final-sale item arrives damaged or faulty, contact us within 7 days": a condition leading the rule, then its
# window in the main clause
_LEADING_CONDITION = re.compile(r"^\W*(?:if|when|where|once|for)\s+([^,;:]{3,120}),", re.I)
# words of a condition that name no particular case ("if your item ..." says nothing of which)
_ANY_CASE = {stem(w) for w in ("item", "items", "order", "orders", "product", "products", "you", "your", "customer",
                               "purchase", "thing", "one", "something", "anything", "someone",
                               # adverbs that name no case ("if you still can't locate it" is about locating it)
                               "still", "already", "also", "ever", "really", "just", "even", "yet")}


def unmet_condition(policy_sentence: str, message: str) -> bool:
    """Whether the rule's window is for a case the customer never mentions: the sentence leads with a condition
    ("If a final-sale item arrives damaged or faulty,") that shares no word with the message, and its window comes
    after it. A window inside the condition ("If you cancel within 14 days, ...") is the rule itself: False."""
    sentence = plain(policy_sentence)
    m = _LEADING_CONDITION.match(sentence)
    if not m or not message:
        return False
    if windows_in(m.group(1), deadlines_only=True) or not windows_in(sentence[m.end():], deadlines_only=True):
        return False
    named = {stem(w.lower()) for w in content_words(m.group(1))} - _ANY_CASE
    said = {stem(w.lower()) for w in content_words(message)}
    return bool(named) and not (named & said)


def state_words(message: str) -> frozenset[str]:
    """The words a policy uses for the state the customer says their item is in ("still in the box" -> unopened,
    sealed; "I opened it" -> opened): what picks the rule for their case (see ``contrary_state``)."""
    said = " ".join(x for x in re.split(r"(?<=[.!?])\s+", message) if not x.rstrip().endswith("?")) or message
    if _SAID_SEALED.search(said):
        return frozenset({"unopened", "sealed"})
    if _SAID_OPENED.search(said):
        return frozenset({"opened"})
    return frozenset()


# what the profile's dates are: its order date is when the order was placed and paid for; its delivery date is the
# delivery (not the start of a plan, a bill date, or any other event a window may count from)
_PROFILE_STANDS_FOR = {"order": ("order", "charge"), "delivery": ("delivery",)}


def stands_for(event: Elapsed, anchor: str) -> bool:
    """Whether the customer's event is the one a window counts from (``anchor``: see ``Window.anchor``). The
    customer's own words: the same event, or for a purchase any of joining, buying and paying (they happen together
    when the customer names only one), and a charge they name for a bill date. The profile's dates: only the events
    they record (``_PROFILE_STANDS_FOR``)."""
    if event.event is None:
        return False
    if event.profile_wording is not None:
        return anchor in _PROFILE_STANDS_FOR.get(event.event, (event.event,))
    if event.event == anchor:
        return True
    if anchor in _PURCHASE:
        return event.event in _PURCHASE
    return anchor == "bill" and event.event == "charge"


# a customer asking whether they can still act: "can I still cancel?", "is it too late to change it?"
_ACTING_NOW = re.compile(r"\b(?:still|too late|in time|cancel\w*|chang\w*|amend\w*|undo|switch\w*|swap\w*|edit\w*)\b",
                         re.I)


def consequence(policy_sentence: str, events: list[Elapsed],
                members: frozenset[str] = frozenset(), message: str = "") -> Consequence | None:
    """Whether the customer's event falls inside the window this policy sentence states for them (``members``: the
    words of their membership tier, see ``member_words``), said plainly; none where the customer's ``message`` says
    they broke the rule's other condition (see ``breaks_condition``)."""
    if not events:
        return None
    policy_sentence = plain(policy_sentence)
    if message and (breaks_condition(policy_sentence, message) or unmet_condition(policy_sentence, message)):
        return None
    acting_now = bool(_ACTING_NOW.search(message))  # (read once: every window of the sentence asks it)
    for window in _windows_for(policy_sentence, members):
        for_group = _group_of(policy_sentence, window) is not None
        if window.unit in ("year",) and window.amount >= 1 and window.anchor is None:
            continue  # "a 1-year warranty" without an anchor: not about the customer's dates
        matching = [e for e in events if window.anchor and stands_for(e, window.anchor)]
        if not matching and window.anchor is None:
            # a window that does not say what it counts from is read from the delivery or the customer's own words;
            # the profile's order date is the day it was placed, which such a window ("if the fee is not paid within 10
            # days", "starts a new 7-day period") is rarely counted from
            matching = [e for e in events if e.event in ("delivery", "order")
                        and not (e.event == "order" and e.profile_wording)] or \
                [e for e in events if e.event is None]
            if window.days < 1:
                # "a 2-hour grace period" without its event: only a time the customer gives in minutes or hours
                # ("20 minutes ago") can be measured against it, never a day
                matching = [e for e in matching if e.profile_wording is None and e.days < 1]
        if not matching and window.anchor == "delivery":
            matching = [e for e in events if e.event is None]
        if not matching and window.anchor in ("delivery", "shipping") and window.deadline:
            # a delivery comes after the purchase: bought or joined 10 days ago is received at most 10 days ago, so a
            # 14-day window from receipt is still open (a purchase longer ago than the window says nothing)
            matching = [e for e in events if e.event in _PURCHASE and e.days < window.days * 0.95]
        if not matching:
            continue
        event = min(matching, key=lambda e: (e.profile_wording is not None, e.days))  # the customer's words first
        if window.anchor == "attempt" and re.search(r"\bfirst\b", window.text, re.I):
            # "from the first missed attempt": the earliest of the tries they name
            event = max(matching, key=lambda e: (e.profile_wording is None, e.days))
        # ... unless the profile records the same event on the same day: its date says it plainly ("bought on the
        # 5th" is the order the profile has placed on 5 November)
        event = next((e for e in matching if e.profile_wording and e.event == event.event
                      and abs(e.days - event.days) <= 1), event)
        if event.profile_wording and window.days <= 1 and not acting_now:
            # the profile dates its orders by the day: "placed on 24 November, more than 4 hours ago, so the 4-hour
            # window has closed" tells a customer who asks what a charge was for nothing (an arrival slot, a pass's
            # validity); only one who asks whether they can still act hears that a window of hours has closed
            continue
        dated = event.recorded or event.on
        exact = window_end(dated, window) if dated is not None and not window.business and window.days >= 2 else None
        if exact is not None and dated is not None:
            # a day the record or the customer gives, and a window of calendar days, months or years: the day it ends
            # is known, so only that very day is too close to call ("3 years from 18 December 2023" ends on 18
            # December 2026, whatever a year's length)
            now = dated + timedelta(days=int(event.days))
            if now == exact:
                return None
            inside = now < exact
        elif abs(event.days - window.days) <= max(0.02, 0.05 * window.days):
            return None  # on the boundary: the agent should check the exact time
        else:
            inside = event.days < window.days
        label = window.label
        # the customer's own event when it stood in for the window's ("I joined" for "14 days of being charged")
        said = event.event if event.event in _PURCHASE and window.anchor != event.event else window.anchor
        what = {"delivery": "delivery", "order": "your order", "charge": "the charge", "bill": "the bill",
                "shipping": "shipping", "start": "you signed up", "attempt": "the attempt"}.get(said or event.event or "",
                                                                                        "then")
        if event.profile_wording:
            lead = event.profile_wording[0].upper() + event.profile_wording[1:]
            # how far past it they are, in the window's own unit where that is plain (calendar units only: the
            # profile's dates are calendar days), so the customer can see the count
            amount = int(window.amount) if window.amount == int(window.amount) else window.amount
            past = "" if window.business else f", more than {amount} {window.unit}{'' if amount == 1 else 's'} ago"
            # the days they have left, counted from the profile's date (calendar-day windows: a count the customer
            # can check on a calendar)
            left = int(window.days - event.days) if inside and not window.business and window.unit in ("day", "week") \
                else 0
            # ... and the day it ends, counted from the profile's date ("until Friday 4 December"; working days
            # Monday to Friday): the date the customer acts by, or when it closed
            ends = window_end(event.recorded, window)
            until = ""
            if ends is not None and event.recorded is not None:
                now = event.recorded + timedelta(days=int(event.days))
                until = format_day(ends) + (f" {ends.year}" if ends.year != now.year else "")
            still = f" ({left} day{'' if left == 1 else 's'} left, until {until})" if left >= 1 and until else \
                f" ({left} day{'' if left == 1 else 's'} left)" if left >= 1 else f" (until {until})" if until else ""
            closed = f" (it ended on {until})" if until else ""
            text = (f"{lead}, so you're still within the {label} window{still}." if inside
                    else f"{lead}{past}, so the {label} window has already closed{closed}.")
        elif inside and (ends := window_end(event.on, window)) is not None:
            # the day they named, so the last day can be said ("14 days from Friday 20 November": until 4 December)
            # (with its year where it ends in another one: "until Monday 22 November 2027", never a day that reads
            # as past)
            year = f" {ends.year}" if event.on is not None and ends.year != event.on.year else ""
            text = f"That means you're still within the {label} window, until {format_day(ends)}{year}."
        elif inside:
            text = f"That means you're still within the {label} window."
        elif not window.deadline:  # a time we take ("we acknowledge it within 5 working days"): it is overdue
            text = ("That time has now passed." if what == "then"
                    else f"It has been longer than that since {what}, so that time has now passed.")
        elif what == "then":  # never "since then" with nothing said before it
            text = f"That {label} window has unfortunately closed."
        else:
            text = f"As it has been longer than that since {what}, the {label} window has unfortunately closed."
        return Consequence(window, inside, text, for_group)
    return None


# -- waits the customer has passed -------------------------------------------------------------------------------
# a state that must have lasted a while before a step applies: "If tracking has not changed for 7 days, ...", "if your
# refund has not arrived after 10 business days, ..."
_THRESHOLD = re.compile(rf"\b(?:not|no|never|n't)\b[^.;,]{{0,40}}?\b(?:for|after|in)\s+(?:more than\s+|over\s+)?"
                        rf"{NUMBER}[\s-]+{UNIT}", re.I)
# something reaching the customer in a stated time: "It arrives by e-mail within 30 minutes of signing up"
_ARRIVES = re.compile(r"\b(?:arriv\w*|reach\w*|show(?:s)? up|appear\w*|(?:is|are|be|gets?) (?:sent|delivered|credited|"
                      r"refunded|e-?mailed))\b", re.I)
_SINCE = {"delivery": "delivery", "order": "your order", "charge": "the charge", "bill": "the bill", "shipping": "shipping",
          "start": "you signed up"}


def overdue(policy_sentence: str, events: list[Elapsed]) -> Consequence | None:
    """Whether the customer has waited past what the sentence states: a state that must last a while before a step
    applies ("If tracking has not changed for 7 days") measured from the time they give ("since the 16th"), or the
    time something takes to reach them ("arrives within 30 minutes of signing up") from the event it counts from.
    Said plainly with the source's own number; None when they have not (or the boundary is too close to say)."""
    sentence = plain(policy_sentence)
    said = [e for e in events if e.profile_wording is None]  # how long they have waited is theirs to say
    for m in _THRESHOLD.finditer(sentence):
        if not said:
            break
        amount = _amount(m.group(1))
        unit = m.group(3).lower()
        business = bool(m.group(2) and m.group(2).strip().lower() != "calendar")
        days = amount * UNIT_DAYS[unit] * (7 / 5 if business else 1)
        waited = max(e.days for e in said)
        if waited > days * 1.05 + 0.02:
            shown = int(amount) if amount == int(amount) else amount
            label = f"{shown} {'business ' if business else ''}{unit}{'' if shown == 1 else 's'}"
            return Consequence(None, True, f"It has now been more than {label}, so this applies to you.", overdue=True)
    for window in windows_in(sentence):
        # what reaches them is said outside the window's own anchor ("within 3 business days of it arriving" is a
        # time counted from an arrival, not one for something to arrive)
        if window.deadline or window.anchor is None or not _ARRIVES.search(sentence.replace(window.text, " ")):
            continue
        matching = [e for e in said if stands_for(e, window.anchor)]
        if not matching:
            continue
        event = min(matching, key=lambda e: e.days)
        if event.days > window.days * 1.05 + 0.002:
            shown = int(window.amount) if window.amount == int(window.amount) else window.amount
            label = f"{shown} {'business ' if window.business else ''}{window.unit}{'' if shown == 1 else 's'}"
            return Consequence(window, True, f"As it has been more than {label} since {_SINCE[window.anchor]}, it "
                                             f"should have reached you by now.", overdue=True)
    return None


# a time counted in days from an event: "within 2 working days of the return", "12 working days after you returned
# the car", "5 business days from the cancellation"
_DAYS_FROM = re.compile(r"\b(?:within\s+|up to\s+|after\s+)?(\d{1,3})\s+((?:working|business|calendar)\s+)?days?\s+"
                        r"(?:after|of|from|following|since)\b", re.I)


# everyday words for the events a wait counts from, to one word each (general English)
_EVENT_SAME = {
    **{w: "arrive" for w in ("arrive", "arrives", "arrived", "arriving", "arrival", "got", "get", "gets", "received",
                             "receive", "receives", "receiving", "delivered", "delivery", "came", "reached")},
    **{w: "return" for w in ("return", "returned", "returning", "returns", "back", "dropped", "drop-off")},
    **{w: "charge" for w in ("charge", "charged", "charges", "took", "taken", "paid", "payment", "debited", "billed")},
    **{w: "cancel" for w in ("cancel", "cancelled", "canceled", "cancelling", "cancellation")},
    **{w: "confirm" for w in ("confirm", "confirmed", "confirmation")},
    **{w: "approve" for w in ("approve", "approved", "approval", "approving")},
}
_EVENT_NOISE = {"the", "you", "your", "our", "its", "being", "been", "was", "were", "have", "has", "had", "that", "this",
                "with", "from", "for", "and", "day", "days", "working", "business", "calendar", "after", "within",
                "since", "of", "it", "we", "us", "my", "me", "on", "at", "to", "a", "an", "in", "is", "are", "still",
                "date"}  # "the bill date" and "the date I paid" name different events


def _event_words(text: str) -> set[str]:
    """The words naming an event, with everyday words for the same event made one ("went back" and "returned")."""
    # whole words of 3 letters or more: the "th" of "the 11th" and "the 16th" is no shared event
    words = re.findall(r"(?<![\w-])[a-z][a-z-]{2,}", text.lower())
    return {_EVENT_SAME.get(w, stem(w)) for w in words if w not in _EVENT_NOISE and not w.endswith("day")}


def dated_wait(policy_sentence: str, events: list[Elapsed]) -> Consequence | None:
    """A time in days counted from an event, against the day the customer names for it ("returned on Tuesday 17th"
    and "12 working days after you returned the car"): the date it ends, and whether that has passed ("12 working
    days after Tuesday 17 November is Thursday 3 December, so that time has not passed yet."). Working days are
    counted Monday to Friday. None when they name no day, or name several."""
    sentence = plain(policy_sentence)
    m = _DAYS_FROM.search(sentence)
    if not m:
        return None
    # the event the wait counts from must be the one they date ("after you returned the car" and "the car went back
    # on the 17th"; not "of being approved" and "you took it on 1 November")
    anchor = _event_words(sentence[m.end():m.end() + 60])
    # ... and a wait from a failed try counts only from a try they date ("after the first failed collection attempt")
    tried = bool(re.match(r"[^.;,]{0,40}?\battempts?\b", sentence[m.end():]))
    dated = {e.on for e in events if e.on is not None and e.profile_wording is None
             and (e.event == "attempt" if tried else anchor & _event_words(e.said))}
    if len(dated) != 1:
        return None
    on = dated.pop()
    now = next(e.on + timedelta(days=int(e.days)) for e in events if e.on == on)
    amount = int(m.group(1))
    kind = (m.group(2) or "").strip().lower()
    ends = add_working_days(on, amount) if kind in ("working", "business") else on + timedelta(days=amount)
    if ends == now:
        return None  # the last day: the agent checks
    inside = now < ends
    span = f"{amount} {kind + ' ' if kind else ''}day{'' if amount == 1 else 's'}"
    text = (f"{span[0].upper()}{span[1:]} after {format_day(on)} is {format_day(ends)}, so "
            f"{'that time has not passed yet' if inside else 'that time has now passed'}.")
    return Consequence(None, inside, text, overdue=not inside, ends=ends)


# a heading about the time after a window: "After the first hour", "Defects after the first 7 days", "Missed the window?"
# (not an event: "Charged after cancelling", "Changing the address after shipping" are cases of their own)
AFTER_HEADING = re.compile(r"\bafter (?:the (?:first|initial|\d)|that\b|this\b|\d|one\b|an? (?:hour|day|week|month)|"
                           r"(?:the )?(?:window|deadline|period)\b)|\b(?:later|missed|too late|past the|outside the|"
                           r"beyond the|expired)\b", re.I)

# what a source says to do when the time has passed: "If it does not, check your spam folder."
FALLBACK = re.compile(r"^\W*(?:if (?:it|they|this|that|you|the \w+) (?:does|do|did|has|have|is|are)(?:n't| not)\b|"
                      r"if not\b|otherwise\b)", re.I)


# -- which case of a list a rule is for ---------------------------------------------------------------------------
# "- **Annual plan:** if you cancel within 14 days ...", "- Monthly plan: ...": list items headed by the case they cover
_CASE_LABEL = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])\s+\**([^:*\n]{2,40}?)\**\s*:\**\s*(.*)$", re.M)
# a list item led by a bold name without a colon ("- **Flexi** fares can be changed ..."): the bold words name the case
_BOLD_LEAD = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])\s+\*\*([^*:\n]{2,40}?)\*\*(?!\s*:)\s*(.*)$", re.M)


_DURATION = re.compile(rf"\b{NUMBER}\s+{UNIT}\b", re.I)


def without_times(text: str) -> str:
    """The text without its expressions of time ("3 weeks ago", "last Wednesday", "on the 3rd", "yesterday"):
    when something happened is a fact to apply, never a subject the customer asks about."""
    for when in (_AGO, _FIXED_RE, _WEEKDAY, _ON_DAY, _ON_DATE, _DURATION):
        text = when.sub(" ", text)
    return re.sub(r"[ \t]{2,}", " ", text)


def _label_names(label: str) -> set[str]:
    """The names a case label gives, lower-cased: "Core 12" -> {"core 12"}; "Rolling passes (Basic, Peak)" -> {"rolling
    passes", "basic", "peak"}."""
    head, _, listed = label.partition("(")
    return {head.strip().lower()} | {x.strip().lower() for x in re.split(r",|\bor\b|\band\b", listed.rstrip(") "))
                                     if x.strip()}


def _label_words(label: str) -> set[str]:
    """A case label's words by family ("E-mail" meets "emailing", "Annual" meets "yearly")."""
    return {family(w) for w in content_words(label) if len(w) > 2}


# "Monthly subscriptions are ...", "Yearly subscriptions are ...": sentences whose subject is the same noun told
# apart by one word name the cases of a rule in prose, as a list does with labels
_SUBJECT = re.compile(r"^\W*([A-Z][a-z]+(?:-[a-z]+)?)\s+([a-z]{3,})\b")
_NOT_CASE_WORDS = frozenset("""the a an our your their his her its this that these those all any some each every no if when
    you we it they there most many other such both either neither only to for in on at of by with from as once after
    before during while please here what which who how why where can may must will should new""".split())


def _subject_cases(sentence: str, passage: str) -> list[tuple[str, str]]:
    """The cases told apart by their subject's first word among the passage's sentences with the same subject noun as
    ``sentence`` ("Monthly subscriptions" beside "Yearly subscriptions"); [] when there are not two of them."""
    own = _SUBJECT.match(plain(sentence).strip())
    if own is None or own.group(1).lower() in _NOT_CASE_WORDS:
        return []
    noun = stem(own.group(2))
    cases: dict[str, str] = {}
    for text in re.split(r"(?<=[.!?])\s+|\n+", plain(passage)):
        m = _SUBJECT.match(text.strip().lstrip("-*+ "))
        if m and stem(m.group(2)) == noun and m.group(1).lower() not in _NOT_CASE_WORDS:
            cases.setdefault(m.group(1).lower(), text.strip())
    if len(cases) < 2:
        return []
    return [(f"{word} {own.group(2)}", text) for word, text in cases.items()]


def for_other_case(sentence: str, passage: str, message: str) -> bool:
    """Whether the sentence is the rule for one case of a list ("Annual plan: ...") and the customer names another
    case of that list ("the monthly plan") and not this one: its window or limit is not theirs."""
    items = [(m.group(1), m.group(2)) for m in _CASE_LABEL.finditer(passage)]
    if items:
        # a list may mix both forms ("- **SIM-only plans** on a rolling contract: ..." beside "- **Contracts**: ..."):
        # a bold lead whose label goes on to a colon is a case too (a bold phrase in a sentence, "- **Free shipping**
        # on orders over $50.", is not)
        labelled = {m.start(): (m.group(1), m.group(2)) for m in _CASE_LABEL.finditer(passage)}
        for m in _BOLD_LEAD.finditer(passage):
            if re.match(r"[^.;:]{0,40}:", m.group(2)):
                # the cases a label lists after it are its own: "**No-contract memberships** (Basic, Core): ..."
                listed = re.match(r"\s*(\([^()]{2,60}\))", m.group(2))
                label = f"{m.group(1)} {listed.group(1)}" if listed else m.group(1)
                labelled.setdefault(m.start(), (label, m.group(1) + " " + m.group(2)))
        items = [labelled[at] for at in sorted(labelled)]
    if len(items) < 2:
        items = _subject_cases(sentence, passage)
    if len(items) < 2:
        return False
    bare = re.sub(r"\s+", " ", plain(sentence)).strip().lstrip("-*+ ")
    own = next((label for label, body in items
                if bare.lower().startswith(label.lower()) or bare[:40].lower() in plain(body).lower()), None)
    if own is None:
        return False
    # the plan they name is a case by its exact name ("I'm on Core" is the case listing Core, not "Core 12")
    plans = stated_plans(message)
    exact = [label for label, _ in items if plans & _label_names(label)]
    if exact:
        return own not in exact
    # when something happened is not which case it is ("a month ago" does not say "the monthly plan")
    said = {family(w) for w in content_words(without_times(message))}
    own_words = _label_words(own)
    others = [_label_words(label) for label, _ in items if label != own]
    if (own_words - set().union(*others)) & said:  # "annual" said for the "Annual plan" rule ("plan" tells nothing)
        return False
    return any((words - own_words) & said for words in others)


# -- the item's state the rule is for -----------------------------------------------------------------------------
# a rule for opened items ("opened electronics have a 15-day window") and one for items still sealed ("unopened
# electronics in their sealed packaging follow the normal window"): the customer's own words say which is theirs
_RULE_OPENED = re.compile(r"(?<![\w-])(?<!not )(?<!never )opened\b", re.I)
_RULE_SEALED = re.compile(r"\b(?:unopened|still sealed|in (?:its|their|the) (?:original )?sealed packaging)\b", re.I)
_SAID_SEALED = re.compile(r"\b(?:unopened|sealed|still (?:in|inside) (?:the|its|their|it's|original) (?:original )?"
                          r"(?:box|packaging|package|wrapping|plastic)|still (?:boxed|wrapped)|(?:never|not|haven'?t|"
                          r"hasn'?t|didn'?t|did not|have not|has not) (?:been |even |yet )?open(?:ed)?(?! a\b)|"
                          r"(?:haven'?t|didn'?t|never|not) (?:even )?(?:taken|took) (?:it|them) out)\b", re.I)
# what a customer opens that is not the item itself: the parcel it came in, an e-mail, a case with their bank
_NOT_THE_ITEM = (r"(?:the |my |a |an |your |this |that )?(?:parcel|package|delivery|shipment|e-?mail|mail|letter|link|"
                 r"account|app|dispute|chargeback|claim|case|ticket|door|complaint|return|order)")
_SAID_OPENED = re.compile(rf"\b(?:(?<!un)opened|open(?:ed)? (?:it|them)|(?:used|set up|plugged in|switched on|"
                          rf"turned on) (?:it|them)|(?:used|set up) (?:the|my) \w+)\b(?!\s+{_NOT_THE_ITEM}\b)", re.I)
# the state as the rule's condition, not its case: "can only be returned if they are unopened" is the answer to
# someone who opened it (they cannot), never a rule for another case
_STATE_CONDITION = re.compile(r"\b(?:only|if|unless|as long as|provided|must be|must still be|need to be)\b[^.;]{0,60}?"
                              r"\b(?:unopened|opened|sealed)\b", re.I)


def contrary_state(policy_sentence: str, message: str) -> bool:
    """Whether the rule is for items in the other state than the customer's: the opened-item rule to someone whose
    item is "still in the box", the sealed-item rule to someone who opened or used it. Neither said: False."""
    sentence = plain(policy_sentence)
    said = " ".join(x for x in re.split(r"(?<=[.!?])\s+", message) if not x.rstrip().endswith("?")) or message
    sealed = bool(_SAID_SEALED.search(said))
    opened = not sealed and bool(_SAID_OPENED.search(re.sub(_SAID_SEALED, " ", said)))
    if _STATE_CONDITION.search(sentence):
        return False
    rule_sealed = bool(_RULE_SEALED.search(sentence))
    rule_opened = bool(_RULE_OPENED.search(_RULE_SEALED.sub(" ", sentence)))
    if rule_sealed == rule_opened:
        return False  # neither, or a sentence that states both cases side by side
    return (rule_opened and sealed) or (rule_sealed and opened)


# -- amounts ----------------------------------------------------------------------------------------------------
_CURRENCY_WORDS = {"dollar": "$", "dollars": "$", "bucks": "$", "usd": "$", "euro": "€", "euros": "€", "eur": "€",
                   "pound": "£", "pounds": "£", "gbp": "£", "quid": "£",
                   # a code after the figure ("1500 NOK") is that currency; crowns ("1500 kr") are the Nordic ones
                   **{code.lower(): code for code in CODES if code not in ("USD", "EUR", "GBP")},
                   "kr": KRONE, "kroner": KRONE, "kronor": KRONE, "krone": KRONE, "krona": KRONE,
                   "francs": "CHF", "franc": "CHF", "franken": "CHF"}
# never starting inside a longer number: without the look-behind a long digit run is tried from every digit (quadratic)
_FIGURE = r"(?<![\d,.])(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)"
_MONEY = re.compile(rf"({SYMBOL})\s?{_FIGURE}|{_FIGURE}\s?({'|'.join(_CURRENCY_WORDS)})\b", re.I)
# what the customer's amount is: the total they paid or are about to pay, not a price they saw elsewhere
_PAID = re.compile(r"\b(?:paid|pay|spent|spend|total|subtotal|basket|cart|order(?:ed)?|comes? to|came to|costs?|cost me|"
                   r"charged|worth|bought|purchase)\b", re.I)
# an amount that is a fee or charge on top of the order ("charged me $7.99 for shipping", "a $5 fee"): not its total
_FEE_AFTER = re.compile(r"^\s*(?:(?:for|in|as)\s+(?:the\s+|a\s+|an\s+)?)?(?:shipping|delivery|postage|fees?|charges?|"
                        r"surcharges?|penalty|interest|tax|vat|duties|duty)\b", re.I)
# the customer gives a bound, not a figure: "I ordered over $50", "spent less than €20"
_BOUND_BEFORE = re.compile(r"\b(?:(?P<over>over|above|more than)|(?P<under>under|below|less than))\s*$", re.I)
# a limit in a policy: "orders of $150 or more", "over $50", "at least €20" (the rule applies from it on) and
# "under $35", "below £20" (up to it); counted on a purchase, order, refund or the like
_AT_LEAST = re.compile(rf"\b(over|above|more than|exceeding|at least|from|of)\s+(?:{_MONEY.pattern})"
                       r"(\s+(?:or|and)\s+(?:more|over|above|up)|\+)?", re.I)
_BELOW = re.compile(rf"\b(under|below|less than)\s+(?:{_MONEY.pattern})", re.I)
_AMOUNT_OF = re.compile(r"\b(?:orders?|purchases?|baskets?|carts?|totals?|subtotals?|spend|spending|refunds?|items?|"
                        r"amounts?|transactions?|payments?|bookings?|claims?|bills?|checkouts?)\b", re.I)


@dataclass(frozen=True)
class Amount:
    value: float
    currency: str  # "$", "€", "£"
    bound: str = "exact"  # "over" / "under": the customer said "over $50", so only the side of a limit is known


def _money(m: re.Match[str], at: int = 1) -> Amount:
    symbol, figure, figure2, word = m.group(at), m.group(at + 1), m.group(at + 2), m.group(at + 3)
    value = float((figure or figure2).replace(",", ""))
    return Amount(value, (symbol.upper() if symbol.isalpha() else symbol) if symbol else _CURRENCY_WORDS[word.lower()])


def stated_amounts(message: str) -> list[Amount]:
    """The amounts the customer says they paid or are paying ("I paid $45", "my basket comes to €162"): an amount
    with a word of paying near it, in the clause it stands in."""
    out: list[Amount] = []
    for clause in re.split(r"[.!?;,](?!\d)|\bbut\b|\band\b", message):  # "$84.50", "1,200 dollars" stay whole
        for m in _MONEY.finditer(clause):
            if _FEE_AFTER.match(clause[m.end():]):
                continue  # "charged me $7.99 for shipping": a fee, not what the order came to
            if _PAID.search(clause[max(0, m.start() - 40):m.end() + 25]):
                bound = _BOUND_BEFORE.search(clause[max(0, m.start() - 12):m.start()])
                said = _money(m)
                out.append(Amount(said.value, said.currency, "exact" if bound is None else
                                  "over" if bound.group("over") else "under"))
    return out


@dataclass(frozen=True)
class Limit:
    value: float
    currency: str
    at_least: bool  # the rule applies from the value on (else: below it)
    strict: bool  # "over $50": $50 itself is not over
    text: str  # as the source writes the figure ("$150")


def limits_in(sentence: str) -> list[Limit]:
    """The money limits the sentence sets on an order, a purchase or a refund ("free shipping on orders of $150 or
    more", "refunds above $500 need a manager"): a price or fee on its own ("a flat rate of $19.95") is none."""
    sentence = plain(sentence)
    out: list[Limit] = []
    for m in _AT_LEAST.finditer(sentence):
        word, tail = m.group(1).lower(), m.group(6)
        if word in ("of", "from") and not tail:
            continue  # "a refund of $49", "prices from $20": an amount, not a limit
        if not _AMOUNT_OF.search(sentence[max(0, m.start() - 45):m.start()]):
            continue
        amount = _money(m, 2)
        out.append(Limit(amount.value, amount.currency, True, word in ("over", "above", "more than", "exceeding")
                         and not tail, _figure(m)))
    for m in _BELOW.finditer(sentence):
        if not _AMOUNT_OF.search(sentence[max(0, m.start() - 45):m.start()]):
            continue
        amount = _money(m, 2)
        out.append(Limit(amount.value, amount.currency, False, True, _figure(m)))
    return out


def _figure(m: re.Match[str]) -> str:
    """The money as the source writes it ("$150", "20 euros"): groups 2 to 5 of a limit's match."""
    spans = [m.span(g) for g in range(2, 6) if m.group(g)]
    return m.string[spans[0][0]:spans[-1][1]]


def amount_consequence(policy_sentence: str, amounts: list[Amount]) -> Consequence | None:
    """Whether the amount the customer states meets the limit this policy sentence sets, said plainly without their
    figure (only the source's figure is said; the verifier checks every number)."""
    if len({(a.value, a.currency) for a in amounts}) != 1:
        return None  # none, or several with no telling which is the total
    amount = amounts[0]
    for limit in limits_in(policy_sentence):
        if limit.currency != amount.currency:
            continue
        if amount.bound != "exact":
            # "over $50" against a $50 limit is above it; against $150 nothing is known
            known = amount.value >= limit.value if amount.bound == "over" else amount.value <= limit.value
            if not known:
                continue
            above = amount.bound == "over"
            applies = above if limit.at_least else not above
            total = f"your total is {'above' if above else 'below'} {limit.text}"
            return Consequence(None, applies, f"Since {total}, that applies to your order." if applies
                               else f"Since {total}, that doesn't apply to your order.")
        if amount.value == limit.value and (limit.strict or not limit.at_least):
            return None  # on the limit of "over $50" or "under $50": the agent checks
        above = amount.value >= limit.value
        applies = above if limit.at_least else not above
        side = "above" if above and amount.value != limit.value else ("at" if above else "below")
        total = f"your total is {side} {limit.text}" if side != "at" else f"your total is {limit.text}"
        text = (f"Since {total}, that applies to your order." if applies
                else f"Since {total}, that doesn't apply to your order.")
        return Consequence(None, applies, text)
    return None


def applied_facts(message: str, order: Order | None, when: date, tier: str | None,
                  passages: list[tuple[int, str]]) -> dict[int, list[str]]:
    """Every sentence this module would say about the customer's dates and amounts against each passage's rules
    (marker -> sentences): what a reply may state as backed by that passage and the customer's own message (the
    verifier holds a reply's "That means you're still within the 14-day window [1]" against these)."""
    events = elapsed_events(message, order, when)
    amounts = stated_amounts(message)
    if not events and not amounts:
        return {}
    members = member_words(message, tier)
    out: dict[int, list[str]] = {}
    for marker, text in passages:
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
            # (each reading: a reply may say the rule reworded, which one of them reads and another does not)
            found = [r.sentence for r in (consequence(sentence, events, members, message), overdue(sentence, events),
                                          dated_wait(sentence, events), amount_consequence(sentence, amounts))
                     if r is not None]
            if found:
                out.setdefault(marker, []).extend(found)
    return out


def window_end(on: date | None, window: Window) -> date | None:
    """The day a window counted from ``on`` ends: ``on`` plus its days, weeks, months or years (working days Monday to
    Friday; a month is the same day of the month, or the month's last day); None without a day or for a window in
    hours or minutes."""
    if on is None or window.amount != int(window.amount) or window.unit not in ("day", "week", "month", "year"):
        return None
    amount = int(window.amount)
    if window.unit == "year":  # the same day N years on (29 February: the 28th)
        return date(on.year + amount, on.month, min(on.day, 28 if on.month == 2 else on.day))
    if window.unit == "month":
        month = on.month - 1 + amount
        year, month = on.year + month // 12, month % 12 + 1
        last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
        return date(year, month, min(on.day, last))
    days = amount * (7 if window.unit == "week" else 1)
    return add_working_days(on, days) if window.business else on + timedelta(days=days)


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days (Monday to Friday) after ``start``."""
    when = start
    while days > 0:
        when += timedelta(days=1)
        if when.weekday() < 5:
            days -= 1
    return when


def format_day(when: date) -> str:
    """"Tuesday 17 November"."""
    return f"{when.strftime('%A')} {when.day} {when.strftime('%B')}"


def today() -> date:
    """Today's date (one place, so tests can reason about it)."""
    return date.today()


__all__ = ["MONTH_NAMES", "WEEKDAY_NAMES", "MONTH_PATTERN", "Elapsed", "Consequence", "Amount", "Limit", "elapsed_events", "consequence", "member_words", "member_windows",
           "stated_amounts", "dated_wait", "add_working_days", "window_end", "stands_for", "stated_plan_words", "limits_in", "amount_consequence", "for_other_case", "contrary_state", "state_words", "unmet_condition", "overdue", "FALLBACK", "AFTER_HEADING", "applied_facts", "without_times", "today",
           "timedelta"]
