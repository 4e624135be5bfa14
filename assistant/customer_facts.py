"""The customer's own facts, and what they mean under the policy the reply quotes.

Events with a time ("I ordered 20 minutes ago", "it arrived 3 weeks ago", the profile's delivery date) are
measured against the windows the quoted sources state (``assistant.grounding.windows``); the consequence
is said plainly and only with numbers the sources or the profile give (the verifier checks every number).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from assistant.grounding.windows import NUMBER, UNIT, UNIT_DAYS, Window, windows_in
from assistant.personalisation import format_date
from assistant.types import Order

_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a few": 3, "a couple of": 2, "couple of": 2,
                 "several": 4, "few": 3}
_AGO = re.compile(rf"\b({NUMBER[1:-1]}|a few|a couple of|couple of|several|few)\s+(minute|hour|day|week|month|year)s?\s+ago\b",
                  re.I)
_FIXED = {"yesterday": 1.0, "last night": 0.7, "this morning": 0.3, "earlier today": 0.2, "today": 0.1, "last week": 7.0,
          "last month": 30.0, "the other day": 3.0, "just now": 0.01}
_FIXED_RE = re.compile(r"\b(" + "|".join(map(re.escape, _FIXED)) + r")\b", re.I)
# "I just placed it", "just ordered": minutes ago
_JUST = re.compile(r"\bjust (?:placed|ordered|bought|paid|made|received|got|checked out)\b", re.I)
_MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                        "september", "october", "november", "december"], start=1)}
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_ON_DATE = re.compile(rf"\b(?:on|since)\s+(?:the\s+)?(?:{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?|(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH})\b",
                      re.I)
_EVENTS = [
    ("order", re.compile(r"\b(?:order\w*|bought|purchas\w*|placed|paid for|got it from you)\b", re.I)),
    ("delivery", re.compile(r"\b(?:arriv\w*|deliver\w*|receiv\w*|came|turned up|showed up|got (?:it|them|the|my))\b", re.I)),
    ("charge", re.compile(r"\b(?:charg\w*|billed|debited|taken from)\b", re.I)),
    ("shipping", re.compile(r"\b(?:shipped|dispatched|sent out)\b", re.I)),
]


@dataclass(frozen=True)
class Elapsed:
    event: str | None  # order, delivery, charge, shipping
    days: float
    profile_wording: str | None  # "your order #NW-1 was delivered on 6 October 2026" when the profile says it


def elapsed_events(message: str, order: Order | None, today: date) -> list[Elapsed]:
    """How long ago the customer's events happened: from the message's own words, then from the profile."""
    out: list[Elapsed] = []
    for clause in re.split(r"[.!?;]|\bbut\b|\band\b", message):
        days = _clause_days(clause, today)
        if days is None:
            continue
        out.append(Elapsed(_event(clause), days, None))
    if order is not None:
        oid = f"#{order.id.lstrip('#')}"
        if order.delivered_on:
            out.append(Elapsed("delivery", float((today - order.delivered_on).days),
                               f"your order {oid} was delivered on {format_date(order.delivered_on)}"))
        if order.date:
            out.append(Elapsed("order", float((today - order.date).days),
                               f"your order {oid} was placed on {format_date(order.date)}"))
    return out


def _clause_days(clause: str, today: date) -> float | None:
    m = _AGO.search(clause)
    if m:
        word = m.group(1).lower()
        amount = float(word) if word[0].isdigit() else float(_NUMBER_WORDS.get(word, 1))
        return amount * UNIT_DAYS[m.group(2).lower()]
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
            when = date(today.year - 1, month, min(day, 28))
        return float((today - when).days)
    m = _FIXED_RE.search(clause)
    if m:
        return _FIXED[m.group(1).lower()]
    if _JUST.search(clause):
        return _FIXED["just now"]
    return None


def _event(clause: str) -> str | None:
    for name, cue in _EVENTS:
        if cue.search(clause):
            return name
    return None


@dataclass(frozen=True)
class Consequence:
    window: Window
    inside: bool
    sentence: str  # said to the customer; numbers only from the source's window or the profile
    for_group: bool = False  # the window is the one the source states for the customer's membership


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


def _windows_for(sentence: str, members: frozenset[str]) -> list[Window]:
    """The sentence's deadline windows that apply to this customer, best first: a window for a group they belong to
    (their tier named in it) before the general one; a window for a group they do not belong to is left out
    ("30 days, or 60 days for Plus members" gives a Plus member 60 days and anyone else 30)."""
    windows = windows_in(sentence, deadlines_only=True)  # never a processing time
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


def consequence(policy_sentence: str, events: list[Elapsed],
                members: frozenset[str] = frozenset()) -> Consequence | None:
    """Whether the customer's event falls inside the window this policy sentence states for them (``members``: the
    words of their membership tier, see ``member_words``), said plainly."""
    if not events:
        return None
    for window in _windows_for(policy_sentence, members):
        for_group = _group_of(policy_sentence, window) is not None
        if window.unit in ("year",) and window.amount >= 1 and window.anchor is None:
            continue  # "a 1-year warranty" without an anchor: not about the customer's dates
        matching = [e for e in events if window.anchor and e.event == window.anchor]
        if not matching and window.anchor is None:
            matching = [e for e in events if e.event in ("delivery", "order")] or [e for e in events if e.event is None]
        if not matching and window.anchor == "delivery":
            matching = [e for e in events if e.event is None]
        if not matching:
            continue
        event = min(matching, key=lambda e: (e.profile_wording is not None, e.days))  # the customer's words first
        if abs(event.days - window.days) <= max(0.02, 0.05 * window.days):
            return None  # on the boundary: the agent should check the exact time
        inside = event.days < window.days
        label = window.label
        what = {"delivery": "delivery", "order": "your order", "charge": "the charge", "shipping": "shipping"}.get(
            window.anchor or event.event or "", "then")
        if event.profile_wording:
            lead = event.profile_wording[0].upper() + event.profile_wording[1:]
            text = (f"{lead}, so you're still within the {label} window." if inside
                    else f"{lead}, so the {label} window has already closed.")
        elif inside:
            text = f"That means you're still within the {label} window."
        else:
            text = f"As it has been longer than that since {what}, the {label} window has unfortunately closed."
        return Consequence(window, inside, text, for_group)
    return None


def today() -> date:
    """Today's date (one place, so tests can reason about it)."""
    return date.today()


__all__ = ["Elapsed", "Consequence", "elapsed_events", "consequence", "member_words", "today", "timedelta"]
