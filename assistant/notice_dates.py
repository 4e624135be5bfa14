"""Notice a rule asks for before the customer's next recurring date, set against today.

"If you tell us at least 10 working days before your next collection, the new date applies straight away" to a
customer whose profile says "collected on the 1st", on Friday 27 November: "Your next collection is on Tuesday 1
December; 10 working days before it was Tuesday 17 November, so it's too late for that one." The recurring day is the
one day of the month their profile or message gives with the rule's own event word ("collected on the 1st",
"collection date 3rd"); working days are Monday to Friday. Nothing is said when the day is missing or given two ways.

A one-off date still to come is read the same way: "Menus are due 10 days before your event" to a customer whose dinner
"is Friday 18th December": "Your event is on Friday 18 December; 10 days before it is Tuesday 8 December, so you're
still in time." A time counted on from a start they date ("used within 8 weeks of the first class", "starting
Saturday 15 March") gives its last day the same way. The date is the one future date of the message's clause that
names the rule's event (or, for a rule's general word, "your event", "your booking", the one future date the message
gives at all).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from assistant.customer_facts import (MONTH_NAMES, MONTH_PATTERN, WEEKDAY_NAMES, Consequence, add_working_days,
                                     elapsed_events, format_day)
from assistant.grounding.windows import plain
from assistant.grounding.words import family
from assistant.types import CustomerProfile

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30}
_N = r"(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
# "at least 10 working days before your next collection", "7 days' notice before your next collection date",
# "no later than 5 days before the next billing date"
_NOTICE = re.compile(rf"\b(?:at least|no later than|no less than|a minimum of|minimum of)?\s*{_N}\s+"
                     r"(working |business |calendar )?(day|week)s?(?:['’]s?)?(?:\s+notice)?\s+before\s+"
                     r"(?:your|the|each|a|an)\s+next\s+([a-z]+(?:\s+date)?)\b", re.I)
# a day of the month: "on the 1st", "date 3rd", "the 15th of each month"
_DAY_OF_MONTH = re.compile(r"\b(?:on\s+)?(?:the\s+)?(\d{1,2})(st|nd|rd|th)\b|\bdate:?\s+(\d{1,2})(?:st|nd|rd|th)?\b",
                           re.I)
_VAGUE = {family(w) for w in ("date", "day", "next", "your", "the")}
# the words for one recurring payment: a rule's "payment" is the profile's "instalment" or "direct debit"
_RECURRING_PAYMENT = {family(w) for w in ("payment", "instalment", "installment", "debit", "collection")}


def _stems(text: str) -> set[str]:
    return {family(w) for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 2}


def recurring_day(event: str, message: str, customer: CustomerProfile | None) -> int | None:
    """The one day of the month the customer's profile (else their message) gives for ``event`` ("collection":
    "collected on the 1st" -> 1), from a clause that names the event; None when none or several do."""
    wanted = _stems(event) - _VAGUE
    if not wanted:
        return None
    if wanted & _RECURRING_PAYMENT:  # "monthly instalment due 1st" is the payment date a rule counts back from
        wanted |= _RECURRING_PAYMENT
    # the profile's record first: a message asking to move the date names the new day as well ("from the 1st to
    # the 20th")
    for texts in ([item for order in (customer.orders if customer else []) for item in order.items], [message]):
        days: set[int] = set()
        for text in texts:
            for clause in re.split(r"[.;,!?\n()]|\band\b|\bbut\b", text):
                if not _stems(clause) & wanted:
                    continue
                for m in _DAY_OF_MONTH.finditer(clause):
                    day = int(m.group(1) or m.group(3))
                    if 1 <= day <= 31:
                        days.add(day)
        if days:
            return days.pop() if len(days) == 1 else None
    return None


def _last_day(year: int, month: int) -> int:
    """The number of days in the month."""
    return ((date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)).day


def _next_on(day: int, today: date) -> date | None:
    """The first date after today that is day ``day`` of its month (the month's last day where it is shorter)."""
    year, month = today.year, today.month
    for _ in range(3):
        when = date(year, month, min(day, _last_day(year, month)))
        if when > today:
            return when
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def _back(on: date, amount: int, working: bool) -> date:
    if not working:
        return on - timedelta(days=amount)
    when = on
    while amount > 0:
        when -= timedelta(days=1)
        if when.weekday() < 5:
            amount -= 1
    return when


def _notice(m: re.Match[str]) -> tuple[int, str, str, str]:
    """A notice rule's amount, kind of day ("working" or ""), unit and event, as ``_NOTICE`` and ``_BEFORE_ONE`` read
    them."""
    word = m.group(1).lower()
    return (int(word) if word.isdigit() else _NUMBER_WORDS[word], (m.group(2) or "").strip().lower(), m.group(3).lower(),
            m.group(4).lower())


def notice_consequence(sentence: str, message: str, customer: CustomerProfile | None, today: date) -> Consequence | None:
    """Whether the customer is still in time for the notice ``sentence`` asks before their next recurring date, or
    before the one-off date of theirs it counts back from (see the module docstring), or None."""
    found = list(_NOTICE.finditer(plain(sentence)))
    if not found:
        # the date in their words, else in what their profile says they booked ("arrival 19 Feb 2027")
        return _before_their_date(sentence, message, today) or (
            _before_their_date(sentence, _booked(customer), today) if customer and customer.orders else None) or \
            _after_their_start(sentence, message, today)
    if len(found) != 1:
        return None
    amount, kind, unit, event = _notice(found[0])
    day = recurring_day(event, message, customer)
    if day is None:
        return None
    upcoming = _next_on(day, today)
    if upcoming is None:
        return None
    working = kind in ("working", "business")
    days = amount * (7 if unit == "week" else 1)
    latest = _back(upcoming, days, working and unit == "day")
    label = f"{amount} {kind + ' ' if kind else ''}{unit}{'' if amount == 1 else 's'}"
    what = re.sub(r"\s+date$", "", event)
    lead = f"Your next {what} is on {format_day(upcoming)}; {label} before it "
    if latest >= today:
        when = "is today" if latest == today else f"is {format_day(latest)}"
        return Consequence(None, True, lead + f"{when}, so there's still time if you tell us by then.")
    return Consequence(None, False, lead + f"was {format_day(latest)}, so it's too late for that one.")


# "21 days before your event", "at least 6 weeks before the wedding", "14 working days' notice before your booking":
# a time counted back from a one-off date (never "before your next ...", read above, nor a band: "less than 7 days
# before the exam")
_BEFORE_ONE = re.compile(rf"(?<!less than )(?<!more than )(?<!fewer than )(?<!over )(?<!under )(?<!within )"
                         rf"\b{_N}\s+(working |business |calendar )?(day|week|month)s?(?:['’]s?)?(?:\s+notice)?\s+"
                         r"(?:before|prior to)\s+(?:your|the)\s+(?!next\b)([a-z]+(?:-[a-z]+)?)\b", re.I)
# a rule's general word for the customer's own date: any one future date of theirs is it
_GENERAL_EVENTS = {family(w) for w in ("event", "booking", "date", "day", "visit", "stay", "appointment", "arrival",
                                       "start", "celebration", "function", "reservation")}
# a date still to come as customers write it: "Friday 18th December", "the 21st of March next year", "Dec 11",
# "June 12, 2027"
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_PATTERN}\b(?:,?\s+(20\d\d))?|"
                        rf"\b{MONTH_PATTERN}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(20\d\d))?", re.I)
_NEXT_YEAR = re.compile(r"\bnext year\b", re.I)
_WEEKDAY_NTH = re.compile(r"\b(" + "|".join(WEEKDAY_NAMES) + r")\W{0,3}(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b", re.I)
RECENT_PAST_DAYS = 90  # a day and month without a year this far back is a day gone by; further back, next year's


def _month(word: str) -> int:
    return next(n for n, name in enumerate(MONTH_NAMES, start=1) if name.startswith(word.lower()[:3]))


def coming_dates(text: str, today: date) -> list[date]:
    """The dates after today that ``text`` names by day and month: in the year it says, else "next year", else the first
    one after today."""
    out: list[date] = []
    for m in _DAY_MONTH.finditer(text):
        day = int(m.group(1) or m.group(5))
        month = _month(m.group(2) or m.group(4))
        year_word = m.group(3) or m.group(6)
        try:
            if year_word:
                when = date(int(year_word), month, day)
            elif _NEXT_YEAR.search(text[m.end():m.end() + 15]):
                when = date(today.year + 1, month, day)
            else:
                when = date(today.year, month, day)
                if today - timedelta(days=RECENT_PAST_DAYS) <= when <= today:
                    continue  # "I paid on Nov 2" said on 28 November: a day just gone, not next year's
                if when <= today:
                    when = date(today.year + 1, month, day)
        except ValueError:
            continue
        if when > today:
            out.append(when)
    for m in _WEEKDAY_NTH.finditer(text):  # "next Wednesday (the 2nd)": the coming day of that number on that weekday
        day, weekday = int(m.group(2)), WEEKDAY_NAMES.index(m.group(1).lower())
        coming = _next_on(day, today)
        if coming is not None and coming.day == day and coming.weekday() == weekday and coming not in out:
            out.append(coming)
    return out


# days written as a range of one month: "(4-9 Aug)", "3–7 March"
_DAY_RANGE = re.compile(rf"\b(\d{{1,2}})\s*[-–]\s*(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_PATTERN}\b", re.I)
# the event a range of days starts or ends with: a stay's arrival is its first day, its departure its last
_STARTS = {family(w) for w in ("arrival", "arrive", "start", "check-in", "drop-off", "beginning")}
_ENDS = {family(w) for w in ("departure", "depart", "end", "check-out", "leaving")}


def _their_date(event: str, message: str, today: date) -> date | None:
    """The one future date the customer gives for ``event`` (see the module docstring), or None. A range of days
    ("4-9 Aug") gives its first day for an arrival or a start, its last for a departure or an end, else none."""
    wanted = _stems(event)
    ranges = list(_DAY_RANGE.finditer(message))
    if len(ranges) == 1 and (wanted & _STARTS or wanted & _ENDS):
        m = ranges[0]
        written = f"{m.group(1) if wanted & _STARTS else m.group(2)} {m.group(3)}"
        dates = coming_dates(written + message[m.end():m.end() + 15], today)
        return dates[0] if dates else None
    message = _DAY_RANGE.sub(lambda m: f"{m.group(1)} {m.group(3)} to {m.group(2)} {m.group(3)}", message)
    named: set[date] = set()
    every: set[date] = set()
    for clause in re.split(r"[.;!?\n]|\bbut\b", message):
        dates = coming_dates(clause, today)
        every.update(dates)
        if _stems(clause) & wanted:
            named.update(dates)
    if len(named) == 1:
        return named.pop()
    if not named and wanted & _GENERAL_EVENTS and len(every) == 1:
        return every.pop()
    return None


def _booked(customer: CustomerProfile) -> str:
    """What the customer's orders hold, a line an item: the booked dates are said there ("..., arrival 19 Feb 2027")."""
    return "\n".join(item for order in customer.orders for item in order.items)


def _months_back(on: date, months: int) -> date:
    year, month = divmod(on.year * 12 + on.month - 1 - months, 12)
    month += 1
    return date(year, month, min(on.day, _last_day(year, month)))


def _with_year(when: date, today: date) -> str:
    return format_day(when) + ("" if when.year == today.year else f" {when.year}")


def _before_their_date(sentence: str, message: str, today: date) -> Consequence | None:
    """The notice ``sentence`` asks before a one-off date, set against the customer's own date and today."""
    found = list(_BEFORE_ONE.finditer(plain(sentence)))
    if len(found) != 1:
        return None
    amount, kind, unit, event = _notice(found[0])
    on = _their_date(event, message, today)
    if on is None:
        return None
    working = kind in ("working", "business")
    latest = _months_back(on, amount) if unit == "month" else _back(
        on, amount * (7 if unit == "week" else 1), working and unit == "day")
    label = f"{amount} {kind + ' ' if kind else ''}{unit}{'' if amount == 1 else 's'}"
    lead = f"Your {event} is on {_with_year(on, today)}; {label} before it "
    done = _done_on(sentence, event, message, today)
    if done is not None and done < on:
        # what the rule needs done that long before ("given at least 21 days before the start date"), done on a day
        # they give: that day against the latest one, not today
        if done <= latest:
            return Consequence(None, True, lead + f"was {_with_year(latest, today)}, and {_with_year(done, today)} is "
                                                  f"before that, so it meets the {label}.")
        # (working days counted on from their day as the rule counts them back; days, weeks and months as the same
        # distance)
        earliest = add_working_days(done, amount) if working and unit == "day" else done + (on - latest)
        return Consequence(None, False, lead + f"was {_with_year(latest, today)}, and {_with_year(done, today)} is "
                                               f"after that, so it is less than {label} before; counting {label} from "
                                               f"{_with_year(done, today)}, the earliest {event} date is "
                                               f"{_with_year(earliest, today)}.")
    if latest > today:
        return Consequence(None, True, lead + f"is {_with_year(latest, today)}, so you're still in time.")
    if latest == today:
        return Consequence(None, True, lead + "is today, so today is the last day for it.")
    return Consequence(None, False, lead + f"was {_with_year(latest, today)}, so that date has passed.")


# a time to use something counted from its start: "must be used within 8 weeks of the date of the first class",
# "good for 30 days from your first visit", "within 6 months of the start date"
_FROM_START = re.compile(rf"\b(?:within|for)\s+{_N}\s+(working |business |calendar )?(day|week|month)s?\s+(?:of|from|"
                         r"after)\s+(?:the\s+date\s+of\s+)?(?:the\s+|your\s+)?(?:(first)\s+([a-z]+)|(start)(?:\s+date)?)\b",
                         re.I)


def _after_their_start(sentence: str, message: str, today: date) -> Consequence | None:
    """A time counted from a start that the customer dates still to come ("starting Saturday 15 March"): its last
    day ("Your first class is on Saturday 15 March; 8 weeks from it is Saturday 10 May, the last day for it.").
    Months keep the day of the month; working days are not counted this way (none is said)."""
    found = list(_FROM_START.finditer(plain(sentence)))
    if len(found) != 1 or found[0].group(2):
        return None
    m = found[0]
    word = m.group(1).lower()
    amount = int(word) if word.isdigit() else _NUMBER_WORDS[word]
    unit = m.group(3).lower()
    thing = m.group(5).lower() if m.group(4) else "start"
    on = _their_date(f"{thing} start", message, today)
    if on is None or on < today:
        return None  # (a start gone by is measured by the windows of ``customer_facts``)
    end = _months_back(on, -amount) if unit == "month" else on + timedelta(days=amount * (7 if unit == "week" else 1))
    label = f"{amount} {unit}{'' if amount == 1 else 's'}"
    what = f"first {thing} is on" if m.group(4) else "start date is"
    return Consequence(None, True, f"Your {what} {_with_year(on, today)}; {label} from it is "
                                   f"{_with_year(end, today)}, the last day for it.")


# words of a rule that say nothing of what must be done ("at least 21 days before the start date")
# (nor what a notice rule lets them do: "move", "cancel", "tell us")
_RULE_FILLER = {family(w) for w in ("least", "before", "after", "within", "days", "day", "weeks", "months", "date",
                                    "given", "last", "requirement", "required", "must", "what", "covers", "your", "the",
                                    "move", "change", "cancel", "tell", "notify", "book", "booking", "free", "charge",
                                    "working", "business", "notice", "up")}


def _done_on(sentence: str, event: str, message: str, today: date) -> date | None:
    """The past day the customer gives for the thing the rule needs done before their event ("had his tetanus
    jab on the 1st march" for "Tetanus jab: ... at least 21 days before the start date"): a clause of theirs with a
    day gone by that shares a word of the rule's own (not its event's or its timing's); None where none or two do."""
    wanted = _stems(sentence) - _stems(event) - _RULE_FILLER
    # (a part that names the event itself gives its day, not the thing's: "my fitting is booked for the 1st")
    def names_thing(said: str) -> bool:
        return any(wanted & _stems(p) and not _stems(event) & _stems(p) for p in said.split(","))

    days = {today - timedelta(days=int(e.days)) for e in elapsed_events(message, None, today)
            if e.days == int(e.days) and e.days > 0 and names_thing(e.said)}
    return days.pop() if len(days) == 1 else None


# what the rule says happens when the notice comes too late: "If you tell us later than that, ...", "Otherwise, ..."
LATE = re.compile(r"^\W*(?:if\b[^,.]{0,60}\b(?:later|after that|less notice|too late)\b|otherwise\b)", re.I)

__all__ = ["recurring_day", "notice_consequence", "LATE"]
