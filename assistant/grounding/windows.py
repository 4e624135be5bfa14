"""Time windows and durations stated by the sources: "within 30 days of delivery", "a 7-day window", "1 hour".

Parsed generically from numbers and units (any company's policy words windows this way), so a draft can
tell a customer whether their own dates fall inside a window ("delivered 40 days ago" vs "30 days").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15, "twenty": 20,
                 "thirty": 30, "sixty": 60, "ninety": 90}
NUMBER = r"(\d+(?:\.\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
UNIT = r"(business |working |calendar )?(minute|hour|day|week|month|year)s?"
_ANCHORS = {
    "delivery": r"deliver\w*|receipt|receiv\w*|arrival|arriv\w*",
    "order": r"order\w*|purchas\w*|placed|placing|making|checkout|buying|sale",
    "charge": r"charge\w*|payment|debit\w*|(?:left|leaving|taken from|came out of)\s+(?:your|the)\s+account",
    # a bill or statement date: a periodic event of the account, not the day something was bought
    "bill": r"billing|bill|statement|invoic\w*",
    "shipping": r"ship\w*|dispatch\w*",
    # the start of a membership, subscription, booking or contract
    "start": r"join\w*|sign\w*|sign-?up|subscri\w*|enrol\w*|regist\w*|book\w*|activat\w*|start\w*|opening|renew\w*|"
             r"upgrad\w*|(?:go(?:es)?|went|going)[\s-]live|live",
    # a try that failed: "5 days after the first failed collection attempt"
    "attempt": r"attempts?",
}
ANCHOR_EVENTS = tuple(_ANCHORS)
# a window counted from an event the sentence names that is none of the above ("within 30 days of our notice", "within
# 28 days of service coming back"): no date the customer's profile or words give for another event measures it
OTHER = "other"
# (and a demonstrative before the event's noun: "within 10 days of that letter's date", "of this notice")
_DET = r"(?:the|your|their|its|our|us|you|it|they|we|being|having been|(?:that|this|these|those)(?=\s+[a-z]))\s+"
# "of delivery", "from the date of purchase", "after the date it left your account", "from the day your service goes live"
_ANCHOR = (rf"(?:of|from|after|since|following)\s+(?:{_DET})?(?:(?:date|day)\s+(?:of\s+|the\s+|when\s+)?"
           r"(?:(?:your|their|the|its)\s+\w+\s+(?=go(?:es)?[\s-]live\b|went live\b|is activated\b|starts\b|begins\b)|"
           rf"{_DET})?)?(\w+(?:[\s-]live\b|\s+(?:your|the)\s+account\b)?)")
_WITHIN = re.compile(rf"\b(?:within|up to|for|in the first|no later than)\s+{NUMBER}[\s-]+{UNIT}"
                     rf"(?:\s+{_ANCHOR})?", re.I)
_ADJ = re.compile(rf"\b{NUMBER}-{UNIT}(?:[- ](?!\d|ago\b)([a-z]+(?:-(?:off|in|out|up|back))?))?(?:\s+(window|period|limit|guarantee|warranty|deadline))?"
                  rf"(?:\s+{_ANCHOR})?", re.I)
# "30 days from the delivery date", "1 hour after placing": a duration counted from something
_FROM = re.compile(rf"\b{NUMBER}\s+{UNIT}\s+{_ANCHOR}", re.I)
UNIT_DAYS = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 30.0, "year": 365.0}


@dataclass(frozen=True)
class Window:
    amount: float
    unit: str  # minute, hour, day, week, month, year
    business: bool
    anchor: str | None  # delivery, order, charge, bill, shipping, start, OTHER (another event), None: not said
    text: str  # as written in the source
    deadline: bool = True  # a time the customer has to act in; False for how long something takes us


    @property
    def days(self) -> float:
        """Length in calendar days (business days count as 7/5 of a day)."""
        value = self.amount * UNIT_DAYS[self.unit]
        return value * 7 / 5 if self.business else value

    @property
    def label(self) -> str:
        """"30-day", "1-hour", "5-business-day": the source's own number, so a reply can name it."""
        amount = int(self.amount) if self.amount == int(self.amount) else self.amount
        # (the source's own word for them: "10 working days" is a "10-working-day" window, never "business")
        kind = ("working-" if re.search(r"\bworking\b", self.text, re.I) else "business-") if self.business else ""
        return f"{amount}-{kind}{self.unit}"


def _number(text: str) -> float:
    return float(text) if text[0].isdigit() else float(_NUMBER_WORDS[text.lower()])


def anchor_of(word: str | None) -> str | None:
    """The event a window's anchor word names (delivery, order, charge, bill, shipping, start); None for any other
    word."""
    if not word:
        return None
    for name, pattern in _ANCHORS.items():
        if re.fullmatch(pattern, word, re.I):
            return name
    return None


# words after "of"/"from" that name no event: "within 30 days of each other", "of it", "of them"
_NOT_EVENT = re.compile(r"each|one|it|them|this|that|these|those|which|a|an|any|up|at|least|more|less|time|now|today|"
                        r"then|here|there|its|their", re.I)


def _stated_anchor(word: str | None) -> str | None:
    """The anchor a window's own "of/from/after ..." word gives: a known event, OTHER for an event of another kind
    ("of our notice", "of service coming back"), None when no event word follows."""
    if not word or _NOT_EVENT.fullmatch(word) or word[0].isdigit():
        return None
    return anchor_of(word) or OTHER


# a window inside a clause led by the event it follows: "When your broadband ends, return your hub within 30 days"
_LEAD_EVENT = re.compile(r"^\W*(?:when|once|after|as soon as|following)\s+([^,;:]{3,100}),", re.I)


def _lead_anchor(sentence: str, start: int) -> str | None:
    """The anchor of a window with none of its own, read from a clause leading the sentence that names the event
    ("Once your parcel arrives, ..." -> delivery; "When your service ends, ..." -> OTHER); None without one."""
    m = _LEAD_EVENT.match(sentence)
    if not m or m.end() > start:
        return None
    for word in re.findall(r"[A-Za-z]+", m.group(1)):
        if (name := anchor_of(word)) is not None:
            return name
    return OTHER


# a window that is an allowance per recurring period, not a time since an event: "60 days in each 12-month period",
# "twice in any 12 months", "per calendar month"
_PER_PERIOD = re.compile(r"\b(?:each|every|any|per|in a)\s+$|\brolling\s+$", re.I)
_IN_EACH = re.compile(r"^\s*(?:in|of|within)\s+(?:each|every|any|per)\b", re.I)


# How long something takes us or a carrier ("usually within 1 business day", "can take up to 24 hours", "we
# investigate within 2 business days"): a processing time, never a deadline the customer's dates can miss.
_PROCESSING = re.compile(
    r"\b(?:usually|normally|typically|generally|often|take|takes|taking|took|arriv\w*|appear\w*|show up|shows? up|"
    r"becom(?:e|es|ing)|unlock\w*|stay|stays|remain|remains|pending|held|"
    r"reach(?:es)?|expect|allow|wait)\b|\bwe(?:'ll| will| aim to| try to| then)?\s+(?!(?:accept|allow|offer|honou?r)\b)"
    r"[a-z]+|\b(?:is|are|be|been|gets?|get)\s+(?:usually\s+|normally\s+)?(?:issued|processed|reviewed|inspected|shipped|"
    r"sent|delivered|credited|released|refunded|repaired|replaced|dispatched|posted|updated|approved|completed|"
    r"answered|handled|resolved)\b|(?:\bnot|n't|n\u2019t)\s+(?:\w+\s+)?receiv\w*|"
    # "Our Claims team will acknowledge your letter within 5 working days": the company's people act, not the customer
    r"\b(?:our|the)\s+(?:[\w&-]+\s+){0,3}?(?:team|staff|agents?|engineers?|specialists?|department|desk|"
    r"colleagues?|advisers?|advisors?)\s+(?:will|aims? to|tr(?:y|ies) to|should)\b|\bthey(?:'ll| will)\b", re.I)
_PRICED_THINGS = {"rate", "rates", "price", "prices", "fee", "fees", "cost", "costs", "charge", "plan", "plans", "pass",
                  "passes", "pack", "packs", "membership", "subscription", "contract", "term", "stay", "course",
                  "rental", "hire", "ticket", "tickets", "bundle", "package", "minimum"}
_WE_MAY = re.compile(r"\bwe\s+(?:can|could|may)\s+(?:still\s+)?[a-z]+", re.I)
# a time the customer has to act in: "you can return within", "report it within", "a 30-day window"
_CUSTOMER_ACT = re.compile(
    r"\b(?:you|your|customers?|members?|please|report|tell us|contact us|let us know|request|ask|claim|cancel|return|"
    r"exchange|change|start|submit|send|can be|may be|must be|eligible|returnable|valid)\b", re.I)
# "on a date you choose up to 12 months ahead": a choice forward in time, not a window since an event
_FORWARD = re.compile(r"^\s*(?:ahead|in advance|later|from now)\b", re.I)
# "your money back, or a new date of your choice within 9 months": when the new date may fall, not a time since an
# event (one counted from an event is: "shift it to a later slot within 3 hours of ordering")
_SINCE = re.compile(r"^\s*(?:of|from|after|since)\b", re.I)
_NEW_DATE_BEFORE = re.compile(r"\b(?:new|another|later|different|replacement)\s+(?:\w+\s+)?(?:date|day|time|slot|session|"
                              r"trip|tour|booking|appointment|class|lesson)(?:\s+(?:of your choice|you choose|you pick))?\s*$",
                              re.I)


def is_deadline(sentence: str, start: int, end: int, *, anchored: bool, window_word: bool) -> bool:
    """Whether the window at ``sentence[start:end]`` is a time the customer must act within (a deadline their
    dates can miss), rather than how long something takes ("usually within 1 business day")."""
    if _FORWARD.match(sentence[end:]) or (_NEW_DATE_BEFORE.search(sentence[:start]) and not anchored
                                          and not _SINCE.match(sentence[end:])):
        return False
    clause = re.split(r"[.;:,()]|\s[-\u2013\u2014]\s", sentence[:start])[-1]
    if anchored and sentence[start:end].lower().startswith("within"):
        # "we can apply it within 14 days of your booking": what we may still do for them, the time they have to ask
        clause = _WE_MAY.sub(" ", clause)
    if _PROCESSING.search(clause):
        return False
    if window_word:
        return True
    return anchored or bool(_CUSTOMER_ACT.search(clause))


_EMPHASIS = re.compile(r"\*\*|__|`")


def plain(sentence: str) -> str:
    """The sentence without Markdown emphasis ("within **14 days** of") so its words read as one phrase."""
    return _EMPHASIS.sub("", sentence)


def windows_in(sentence: str, *, deadlines_only: bool = False) -> list[Window]:
    """Every window or duration the sentence states, with what it is counted from when it says so
    (``deadlines_only``: only the windows the customer must act within; see ``is_deadline``). Markdown emphasis is
    read through: a window's ``text`` is as it stands in ``plain(sentence)``."""
    found = _windows(plain(sentence))
    return [w for w in found if w.deadline] if deadlines_only else found


def _windows(sentence: str) -> list[Window]:
    out: list[Window] = []
    seen: set[tuple[int, int]] = set()
    for m in _WITHIN.finditer(sentence):
        if m.group(0).lower().startswith("for ") and not m.group(4):
            continue  # "has not changed for 7 days" is a threshold to pass, not a window to act in
        anchor = _stated_anchor(m.group(4)) or _anchor_nearby(sentence, m.end())
        if anchor in (None, OTHER) and m.group(0).lower().startswith("for "):
            continue  # "valid for 90 days from the date they are issued": how long something lasts, from its own start
        anchor = _elsewhere(sentence, m.start(), m.end(), anchor or _lead_anchor(sentence, m.start()))
        out.append(Window(_number(m.group(1)), m.group(3).lower(), bool(m.group(2) and m.group(2).strip().lower() != "calendar"),
                          anchor, m.group(0),
                          is_deadline(sentence, m.start(), m.end(), anchored=anchor is not None, window_word=False)
                          and not _periodic(sentence, m.start(), m.end())))
        seen.add((m.start(1), m.end()))
    for m in _FROM.finditer(sentence):
        if any(a <= m.start(1) < b for a, b in seen):
            continue
        anchor = _elsewhere(sentence, m.start(), m.end(), anchor_of(m.group(4)))
        if anchor is None:
            continue
        out.append(Window(_number(m.group(1)), m.group(3).lower(), bool(m.group(2) and m.group(2).strip().lower() != "calendar"),
                          anchor, m.group(0), is_deadline(sentence, m.start(), m.end(), anchored=True, window_word=False)))
        seen.add((m.start(1), m.end()))
    for m in _ADJ.finditer(sentence):
        if any(a <= m.start(1) < b for a, b in seen):
            continue
        if not (m.group(4) or m.group(5)):
            continue  # a bare "30 days" is a duration, caught above when a window word leads it
        if not m.group(5) and (m.group(4) or "").lower() in _PRICED_THINGS:
            continue  # "your 4-week rate", "a 7-day pass": a price or a product by its length, no time to act in
        anchor = (_stated_anchor(m.group(6)) or anchor_of(m.group(4)) or _anchor_nearby(sentence, m.end())
                  or _lead_anchor(sentence, m.start()))
        if (m.group(4) or "").lower() == "grace":
            anchor = OTHER  # "a 2-hour grace period": an allowance past a booked time, not a time since an event
        anchor = _elsewhere(sentence, m.start(), m.end(), anchor)
        named = bool(m.group(5)) or (m.group(4) or "").lower() in ("return", "returns", "window", "period", "trial",
                                                                   "cancellation", "refund", "exchange", "guarantee",
                                                                   "cooling-off")
        out.append(Window(_number(m.group(1)), m.group(3).lower(), bool(m.group(2) and m.group(2).strip().lower() != "calendar"),
                          anchor, m.group(0), is_deadline(sentence, m.start(), m.end(), anchored=anchor is not None,
                                                          window_word=named)
                          and not _periodic(sentence, m.start(), m.end())))
    return out


# "up to 72 hours before departure", "at least 24 hours prior to the start": a time counted back from an event still to
# come, which no past date of the customer's opens or closes
_BEFORE = re.compile(r"^\s*(?:before|prior to|ahead of|in advance)\b", re.I)
# "5 days from the date it lands there", "7 days after it reaches the branch": an arrival somewhere other than at the
# customer's door (a pick-up point, a depot, a branch), which their delivery date does not give
_AT_OTHER_PLACE = re.compile(r"^\s*(?:there|at\s+(?:the|a|an|our|one of)\b|in\s+(?:the|a|an|our)\b)", re.I)


# "after the first failed collection attempt", "since the second failed attempt": a try, whatever words lead the noun
_FROM_ATTEMPT = re.compile(r"\b(?:of|from|after|since|following)\s+(?:the\s+|your\s+|our\s+|its\s+)?(?:(?:first|last|latest|"
                           r"second|third|final)\s+)?(?:(?:missed|failed|unsuccessful)\s+)?(?:delivery\s+|collection\s+|"
                           r"payment\s+)?attempts?\b", re.I)


# a period the sentence's subject opens: "Renewing a pass ... starts a new 7-day period", "a renewal begins a year"
_STARTS = re.compile(r"\b(?:starts?|begins?|restarts?|opens?|triggers?|gives you)\s+(?:a|an|the|another|your)?\s*"
                     r"(?:new|fresh|further|second)?\s*$", re.I)


def _elsewhere(sentence: str, start: int, end: int, anchor: str | None) -> str | None:
    """``anchor``, or what the words right after the window say it counts from instead: OTHER for an event other than
    the customer's own, back from one still to come ("72 hours before departure") or an arrival at another place ("from
    the date it lands there"); "attempt" for a try that failed ("after the first failed collection attempt")."""
    if _FROM_ATTEMPT.search(sentence[start:end + 45]) and not re.search(r"\d", sentence[end:end + 45].split(",")[0]):
        return "attempt"
    if _STARTS.search(sentence[max(0, start - 40):start]):
        return OTHER  # "Renewing it starts a new 7-day period": counted from what the sentence's subject does
    tail = sentence[end:]
    if _BEFORE.match(tail):
        return OTHER
    if anchor == "delivery" and _AT_OTHER_PLACE.match(tail):
        return OTHER
    return anchor


def _periodic(sentence: str, start: int, end: int) -> bool:
    """Whether the window is an allowance per recurring period ("in each 12-month period", "60 days in any 12
    months"), which no single date of the customer's opens or closes."""
    return bool(_PER_PERIOD.search(sentence[max(0, start - 20):start]) or _IN_EACH.match(sentence[end:]))


def _anchor_nearby(sentence: str, end: int) -> str | None:
    """"30 days. Counted from delivery" style: the anchor named within a few words after the number."""
    tail = sentence[end:end + 40]
    m = re.match(rf"\s*(?:,\s*)?(?:counted\s+|measured\s+)?{_ANCHOR}", tail, re.I)
    return _stated_anchor(m.group(1)) if m else None
