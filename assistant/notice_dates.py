"""Notice a rule asks for before the customer's next recurring date, set against today.

"If you tell us at least 10 working days before your next collection, the new date applies straight away" to a
customer whose profile says "collected on the 1st", on Friday 27 November: "Your next collection is on Tuesday 1
December; 10 working days before it was Tuesday 17 November, so it's too late for that one." The recurring day is the
one day of the month their profile or message gives with the rule's own event word ("collected on the 1st",
"collection date 3rd"); working days are Monday to Friday. Nothing is said when the day is missing or given two ways.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from assistant.customer_facts import Consequence, format_day
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


def _next_on(day: int, today: date) -> date | None:
    """The first date after today that is day ``day`` of its month (the month's last day where it is shorter)."""
    year, month = today.year, today.month
    for _ in range(3):
        last = ((date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)).day
        when = date(year, month, min(day, last))
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


def notice_consequence(sentence: str, message: str, customer: CustomerProfile | None, today: date) -> Consequence | None:
    """Whether the customer is still in time for the notice ``sentence`` asks before their next recurring date (see
    the module docstring), or None."""
    found = list(_NOTICE.finditer(plain(sentence)))
    if len(found) != 1:
        return None
    m = found[0]
    word = m.group(1).lower()
    amount = int(word) if word.isdigit() else _NUMBER_WORDS[word]
    kind = (m.group(2) or "").strip().lower()
    unit = m.group(3).lower()
    event = m.group(4).lower()
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


# what the rule says happens when the notice comes too late: "If you tell us later than that, ...", "Otherwise, ..."
LATE = re.compile(r"^\W*(?:if\b[^,.]{0,60}\b(?:later|after that|less notice|too late)\b|otherwise\b)", re.I)

__all__ = ["recurring_day", "notice_consequence", "LATE"]
