"""Which row of a banded table is the customer's, said as the consequence for them.

A table keyed by bands of a quantity ("Notice before pick-up: More than 48 hours | 24 to 48 hours | Less than 24
hours"; "Age: Under 25 | 25 and over") has one row for each customer. Their figure comes from their own message
(``assistant.bands``: the date of the event they name against ``ticket.today``, their stated age); the row whose
band holds all of that figure is theirs, and it is said as what it means for them ("Your pick-up is on Sunday 29
November at 10am, more than 48 hours away, so what you get back is full refund."). The other rows of that table
are left out of the reply. Nothing is chosen when the figure straddles a boundary or the message gives none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from assistant.bands import Band, band_of, counts_down, event_word, names_event, stated_ages, upcoming
from assistant.charges import money
from assistant.customer_facts import MONTH_NAMES, MONTH_PATTERN, elapsed_events, stated_amounts
from assistant.quantities import stated_measures
from assistant.tables import Row, tables_in, values_clause


@dataclass(frozen=True)
class RowFact:
    row: Row  # the customer's row
    table: tuple[Row, ...]  # every row of its table (the others are not theirs)
    sentence: str  # the consequence, said to the customer; numbers only from the row and the customer's message


def _band_words(key: str) -> str:
    """The band as the key writes it, without a case joined to it ("7 days or less, or no-show" -> "7 days or
    less")."""
    return re.split(r",\s*(?:or|and)\b", key.strip())[0].strip().rstrip(".")


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:1].isupper() and not text[:2].isupper() else text


_FULL = re.compile(r"^\W*full refund\W*$", re.I)
_MINUS = re.compile(r"^\W*refund (?:minus|less) (.+)$", re.I)
_NONE = re.compile(r"^\W*no refund\W*$", re.I)


def _refund_clause(row: Row, message: str) -> str | None:
    """A refund row said with the amount the customer paid ("so you get a full refund of the £310 you paid"; "so you
    get back £310 − £25 = £285"), where the row is about one refund and they state one amount in its currency."""
    cells = [c for _, c in row.values]
    if len(cells) != 1:
        return None
    cell = cells[0]
    if _NONE.match(cell):
        return "there is no refund"
    paid = stated_amounts(message)
    if len({(a.value, a.currency) for a in paid}) != 1:
        return "you get a full refund" if _FULL.match(cell) else None
    amount = paid[0]
    if _FULL.match(cell):
        return f"you get a full refund of the {money(amount.value, amount.currency)} you paid"
    m = _MINUS.match(cell)
    if m:
        fee = next((v for c, v in _money_in(m.group(1)) if c == amount.currency), None)
        if fee is None or fee >= amount.value or re.search(r"\bcost of\b|\bdays?\b", m.group(1)):
            return None
        rest = round(amount.value - fee, 2)
        return (f"you get back {money(amount.value, amount.currency)} − {money(fee, amount.currency)} = "
                f"{money(rest, amount.currency)}")
    return None


def _money_in(text: str) -> list[tuple[str, float]]:
    return [(m.group(1), float(m.group(2).replace(",", ""))) for m in re.finditer(r"([£€$])\s?(\d[\d,]*(?:\.\d+)?)", text)]


# what a customer did or had happen that starts a time since: buying, ordering, receiving, joining, starting
_GOT = re.compile(r"\b(?:bought|buy|purchased?|got|ordered|order|received|arrived|came|delivered|joined|signed up|"
                  r"started|took out|taken out|paid|booked|upgraded|opened|renewed|switched|moved|activated|went live)\b",
                  re.I)


def _figure(header: str, dimension: str, message: str, today: date) -> tuple[float, float, str] | None:
    """The customer's figure for the table's quantity as (lowest, highest, how to say it), or None."""
    if dimension == "time" and counts_down(header):
        events = upcoming(message, today)
        event = event_word(header)
        named = [u for u in events if names_event(u.clause, event)]
        chosen = named if named else events
        if len({u.when for u in chosen}) != 1:
            return None  # none, or several dates with no telling which is the event
        u = chosen[0]
        lo, hi = u.hours_from(today)
        lead = f"Your {event} is on {u.wording()}" if event and named else f"The date you give, {u.wording()}, is"
        return lo, hi, lead if lead.endswith(" is") else lead + ","
    if dimension == "time" and (measured := _measured(header, message)) is not None:
        return measured
    if dimension == "time":
        # the time since an event they name ("I bought it 20 days ago", "delivered on the 3rd")
        event = event_word(header)
        # a day they give for no event ("from monday till friday last week") counts only where its clause tells of
        # getting something or of the table's event: an outage's dates are not the time since a delivery
        past = [e for e in elapsed_events(message, None, today) if e.days >= 1]
        if not past:
            return _in_month(message, event, today)
        if len({e.days for e in past}) != 1 or not any(
                e.event is not None or _GOT.search(e.said) or names_event(e.said, event) for e in past):
            return None
        days = past[0].days
        if days != int(days):
            return None
        slack = 1.0 if past[0].on is not None else max(1.0, 0.1 * days)
        n = int(days)
        what = f"Your {event} was" if event else "That was"
        return (days - slack) * 24, (days + slack) * 24, f"{what} {n} day{'' if n == 1 else 's'} ago ("
    if dimension == "age":
        ages = set(stated_ages(message))
        if len(ages) != 1:
            return None
        age = ages.pop()
        return float(age), float(age), f"At {age},"
    return None


# a month named alone for when something started or was bought ("started in july i think?", "bought it back in March")
_IN_MONTH = re.compile(rf"\b(?:in|since|from|back in|around|about)\s+(?:early\s+|late\s+|mid-?\s*)?{MONTH_PATTERN}\b"
                       r"(?!\s*\d)(?!\s+(?:next|this coming)\b)", re.I)


def _in_month(message: str, event: str | None, today: date) -> tuple[float, float, str] | None:
    """The time since an event the customer dates by its month alone ("started in july"), as the whole month's span
    in hours (its first day to its last, or to today in the current month); None for none, several, or a clause that
    tells of no getting or starting."""
    found = [(m, clause) for clause in re.split(r"[.!?;]|\bbut\b", message) for m in _IN_MONTH.finditer(clause)
             if _GOT.search(clause) or names_event(clause, event)]
    if len({m.group(1).lower()[:3] for m, _ in found}) != 1:
        return None
    m, clause = found[0]
    month = next(i for i, name in enumerate(MONTH_NAMES, 1) if name.startswith(m.group(1).lower()[:3]))
    year = today.year if month <= today.month else today.year - 1
    if re.search(r"\blast year\b", clause, re.I):
        year -= 1
    first = date(year, month, 1)
    last = min(today, date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))
    if last < first:
        return None
    what = f"Your {event} was" if event else "That was"
    return (today - last).days * 24.0, (today - first).days * 24.0, f"{what} in {MONTH_NAMES[month - 1].title()} {year} ("


def _measured(header: str, message: str) -> tuple[float, float, str] | None:
    """A length of time the customer states of their case, where the message says what of ("3 hrs late" under a "How
    late" column): their one measure in hours, said back ("At 3 hours late,")."""
    words = [w for w in re.findall(r"[a-z]+", header.lower()) if len(w) > 3 and w not in ("what", "when", "time")]
    times = {v for d, v in stated_measures(message) if d == "time"}
    if len(times) != 1 or not words or not any(re.search(rf"\b{w}", message, re.I) for w in words):
        return None
    minutes = times.pop()
    shown = (f"{minutes / 60:g} hour{'' if minutes == 60 else 's'}" if minutes % 60 == 0
             else f"{minutes:g} minute{'' if minutes == 1 else 's'}")
    how = re.fullmatch(r"\s*how\s+(late|early|long)\s*", header, re.I)
    return minutes / 60, minutes / 60, f"At {shown}{' ' + how.group(1).lower() if how else ''}, that's"


def _banded(text: str, message: str, today: date) -> Iterator[tuple[list[tuple[Row, bool | None]], tuple[Row, ...], str]]:
    """For each banded table of ``text`` the customer's figure can be set against: whether each banded row holds it
    (True), does not (False) or may (None), all the table's rows and how to say their figure."""
    for rows in tables_in(text):
        if not rows or not rows[0].header or not rows[0].header[0]:
            continue
        header = rows[0].header[0]
        bands: list[tuple[Row, Band]] = [(r, b) for r in rows if (b := band_of(r.key, header)) is not None]
        if len(bands) < 2 or len({b.dimension for _, b in bands}) != 1:
            continue
        figure = _figure(header, bands[0][1].dimension, message, today)
        if figure is None:
            continue
        lo, hi, lead = figure
        yield [(r, b.holds(lo, hi)) for r, b in bands], tuple(rows), lead


def band_keys(text: str, message: str, today: date) -> tuple[list[str], list[str]]:
    """The keys of the rows of ``text``'s banded tables whose band holds the customer's own figure (where exactly one
    does), and of those whose band it is outside ("Over 9 months" to a policy started 7 days ago): the rule for their
    case and rules for other cases than theirs."""
    own: list[str] = []
    other: list[str] = []
    for verdicts, _, _ in _banded(text, message, today):
        mine = [r.key for r, v in verdicts if v is True]
        own += mine if len(mine) == 1 else []
        other += [r.key for r, v in verdicts if v is False]
    return own, other


def row_facts(text: str, message: str, today: date) -> list[RowFact]:
    """The customer's row of each banded table of ``text`` (see the module docstring)."""
    out: list[RowFact] = []
    for verdicts, rows, lead in _banded(text, message, today):
        mine = [r for r, v in verdicts if v is True]
        if len(mine) != 1 or any(v is None for _, v in verdicts):
            continue
        row = mine[0]
        clause = _refund_clause(row, message) or values_clause(row)
        if not clause:
            continue
        band = _lower(_band_words(row.key))
        if lead.endswith(", that's"):
            sentence = f"{lead} {band}, so {clause}."
        elif lead.startswith("At "):
            sentence = f"{lead} you're in the {band} band, so {clause}."
        elif lead.endswith("("):
            sentence = f"{lead}{band}), so {clause}."
        else:
            sentence = f"{lead} {band} away, so {clause}."
        out.append(RowFact(row, rows, sentence))
    return out


def applied_rows(message: str, today: date, passages: list[tuple[int, str]]) -> dict[int, list[str]]:
    """marker -> the row consequences this module would say against that passage (what the verifier accepts as
    backed by the passage and the customer's own message)."""
    out: dict[int, list[str]] = {}
    for marker, text in passages:
        if "|" not in text:
            continue
        found = [f.sentence for f in row_facts(text, message, today)]
        if found:
            out.setdefault(marker, []).extend(found)
    return out


__all__ = ["RowFact", "row_facts", "applied_rows", "band_keys"]
