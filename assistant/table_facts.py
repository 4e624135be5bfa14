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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from assistant.band_amounts import PRICED_ITEM, each_unit_clause, fee_share_clause, paid_amount, percent_clause
from assistant.bands import (Band, band_of, counts_down, now_clock, event_word, named_band, named_edges, names_event,
                             period_lengths, stated_ages, upcoming)
from assistant.charges import money, quantities
from assistant.currency import SYMBOL, prefixed
from assistant.customer_facts import elapsed_events, stated_amounts
from assistant.day_columns import day_column
from assistant.grounding.words import content_words, stem
from assistant.personalisation import format_date
from assistant.profile_dates import event_dates
from assistant.quantities import stated_measures
from assistant.table_choice import addon_column, customer_column, owned_text
from assistant.tables import Row, tables_in, values_clause
from assistant.time_span import stated_span
from assistant.types import CustomerProfile


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
# "refund minus a £25 fee", "Full term fee, less a €15 admin fee", "full price less the booking fee"
_MINUS = re.compile(r"^\W*(?:refund|full\s+(?:refund|(?:\w+\s+)?(?:fee|price|amount|cost)))\s*,?\s+(?:minus|less)\s+(.+)$",
                    re.I)
_NONE = re.compile(r"^\W*no refund\W*$", re.I)


def _refund_clause(row: Row, message: str, customer: CustomerProfile | None = None) -> str | None:
    """A refund row said with the amount the customer paid ("so you get a full refund of the £310 you paid"; "so you
    get back £310 − £25 = £285"), where the row is about one refund and they state one amount in its currency, or
    their profile records one."""
    cells = [c for _, c in row.values]
    if len(cells) != 1:
        return None
    cell = cells[0]
    if _NONE.match(cell):
        return "there is no refund"
    # what they paid: the one amount they state, else their booking's amount on the profile
    paid = paid_amount(message, customer)
    if paid is None:
        return "you get a full refund" if _FULL.match(cell) else None
    value, currency = paid
    if _FULL.match(cell):
        return f"you get a full refund of the {money(value, currency)} you paid"
    m = _MINUS.match(cell)
    if m:
        fee = next((v for c, v in _money_in(m.group(1)) if c == currency), None)
        if fee is None or fee >= value or re.search(r"\bcost of\b|\bdays?\b", m.group(1)):
            return None
        rest = round(value - fee, 2)
        return f"you get back {money(value, currency)} − {money(fee, currency)} = {money(rest, currency)}"
    return None


# a share of the customer's amount in a cell: "20%", "25% of the plan total" (not money off or back: those are said
# as such by ``percent_clause``)
_SHARE_CELL = re.compile(r"^\W*(\d{1,3}(?:\.\d+)?)\s?%\W*(?:of\b[^|]*)?$")


_INSTALMENTS = re.compile(r"\binstal+ments?\b|\bmonthly payments?\b|\bmonths\b", re.I)


def _named_column(row: Row, message: str) -> str | None:
    """The price column the customer names most fully, with more than half its words ("wall rack" for "Wall rack"
    beside "Floor bay under cover"), in a row of prices for different options; None when they name none, or two
    as fully."""
    if not all(re.search(rf"{SYMBOL}\s?\d", prefixed(c)) or not re.search(r"\d", c) for _, c in row.values):
        return None  # columns of different things (a deposit, a count of instalments) are all the row says
    said = {stem(w) for w in content_words(message) if not w.isdigit()}

    def named(head: str) -> float:  # the share of the column's words the customer uses
        words = {stem(w) for w in content_words(head) if not w.isdigit()}
        return len(words & said) / len(words) if words else 0.0

    if len(row.values) < 2:
        return None
    ranked = sorted((h for h, _ in row.values), key=named, reverse=True)
    return ranked[0] if named(ranked[0]) > 0.5 and named(ranked[0]) > named(ranked[1]) else None


# a price for each of the people who come ("All prices are per bowler", "per guest")
_PER_HEAD = re.compile(r"\bper (?:player|person|guest|head|participant|adult|child|kid|swimmer|rider|diner)\b|"
                       r"\beach (?:player|person|guest|participant)\b", re.I)


def _per_head_total(cell: str, lead: str, text: str) -> str:
    """" per person, so 4 × $48 = $192 for the 4 of you": a price per person, for the headcount the row was chosen
    by ("For 4 people,"); "" where the page prices no head or the count is not one number."""
    count = re.match(r"For (\d+) (?:people|person),$", lead)
    amounts = [(m.group(1), float(m.group(2).replace(",", ""))) for m in re.finditer(
        rf"({SYMBOL})\s?(\d{{1,3}}(?:,\d{{3}})+(?:\.\d{{1,2}})?|\d+(?:\.\d{{1,2}})?)", prefixed(cell))]
    if not count or len(amounts) != 1 or not _PER_HEAD.search(text):
        return ""
    n, (currency, price) = int(count.group(1)), amounts[0]
    return f" per person, so {n} × {money(price, currency)} = {money(round(n * price, 2), currency)} for the {n} of you"


def _share_worked(row: Row, message: str, customer: CustomerProfile | None) -> str:
    """The one cell of the row that is a share of the customer's amount, worked out on it ("; your deposit is 20% ×
    $2,400 = $480", and the rest over the row's monthly instalments); "" when there is none, or two."""
    paid = paid_amount(message, customer)
    shares = [(h, float(m.group(1))) for h, c in row.values if (m := _SHARE_CELL.match(c))
              and not re.search(r"\b(?:off|discount|refund|back|interest|apr)\b", h, re.I)]
    if paid is None or len(shares) != 1 or not shares[0][0].strip():
        return ""
    head, percent = shares[0]
    shown = f"{percent:g}%"
    amount, currency = paid
    part = round(amount * percent / 100, 2)
    out = f"; your {_lower(head.strip())} is {shown} × {money(amount, currency)} = {money(part, currency)}"
    # the rest over the row's number of monthly instalments, where a column gives one ("Instalments | 10")
    counts = [int(m.group(1)) for h, c in row.values if _INSTALMENTS.search(h)
              and (m := re.fullmatch(r"\W*(?:up to\s+)?(\d{1,2})\W*", c))]
    if len(counts) == 1 and counts[0] > 1 and re.search(r"\bdeposit|\bdown\b|\bupfront\b", head, re.I):
        rest = round(amount - part, 2)
        each = round(rest / counts[0], 2)
        if abs(each * counts[0] - rest) <= 0.005:  # (an uneven split is the agent's to word)
            out += (f", and the rest, {money(amount, currency)} − {money(part, currency)} = {money(rest, currency)}, "
                    f"over {counts[0]} monthly instalments is {money(rest, currency)} ÷ {counts[0]} = "
                    f"{money(each, currency)} a month")
    return out


def _money_in(text: str) -> list[tuple[str, float]]:
    return [(m.group(1), float(m.group(2).replace(",", ""))) for m in re.finditer(
        f"({SYMBOL})" + r"\s?(\d[\d,]*(?:\.\d+)?)", prefixed(text))]


# a share of what they paid, inside a cell: "50% of the booking value as a credit voucher"
_SHARE_OF_PAID = re.compile(r"\b(\d{1,3}(?:\.\d+)?)\s?%\s+of\s+(?:the|your)\s+(?:(?:booking|order|ticket|course|term|"
                            r"party|class|session|lesson|event|trip|tour|stay|package|room|hire|rental)\s+)?"
                            r"(?:value|price|total|amount paid|fee|cost)\b", re.I)


def _share_of_paid(clause: str, message: str, customer: CustomerProfile | None) -> str:
    """The clause with its one share of what they paid worked out beside it ("50% of the booking value (50% × $264 =
    $132) as a credit voucher"), where their message or profile gives the one amount paid."""
    found = list(_SHARE_OF_PAID.finditer(clause))
    worked = re.search(r"%\s*×", clause)  # (worked out already, as the fee it is)
    # (an order whose items carry prices of their own has extras in its amount: not the booking's value alone)
    extras = any(PRICED_ITEM.search(item) for o in (customer.orders if customer else []) for item in o.items)
    paid = paid_amount(message, customer) if len(found) == 1 and not worked and not extras else None
    if paid is None:
        return clause
    m, (value, currency) = found[0], paid
    share = float(m.group(1))
    part = round(value * share / 100, 2)
    return (f"{clause[:m.end()]} ({share:g}% × {money(value, currency)} = {money(part, currency)})"
            f"{clause[m.end():]}")


# a rule that a fee comes out of the deposit: "it is kept from your deposit", "deducted from the deposit"
_FROM_DEPOSIT = re.compile(r"\b(?:taken|deducted|kept|paid|charged)\s+(?:out\s+)?(?:of|from)\s+(?:your|the)\s+deposit\b",
                           re.I)


def _from_deposit(clause: str, message: str, pages: Sequence[str]) -> str:
    """The customer's one fee of the row taken from the deposit they name ("my £40 deposit"), where a page says fees
    come out of the deposit: ", taken from your £40 deposit: £40 − £15 = £25 comes back to you"; "" otherwise."""
    fees = _money_in(clause)
    said = re.findall(f"(?:my|our|the|a)\\s+({SYMBOL})\\s?(\\d[\\d,]*(?:\\.\\d+)?)\\s+deposit\\b", prefixed(message), re.I)
    if len(fees) != 1 or len(set(said)) != 1 or not any(_FROM_DEPOSIT.search(p) for p in pages):
        return ""
    currency, fee = fees[0]
    sign, figure = said[0]
    deposit = float(figure.replace(",", ""))
    if sign != currency or fee >= deposit:
        return ""
    return (f", taken from your {money(deposit, currency)} deposit: {money(deposit, currency)} − {money(fee, currency)} "
            f"= {money(round(deposit - fee, 2), currency)} comes back to you")


# a booking's status after which it is no longer to come
_DONE = re.compile(r"\b(?:cancell?ed|refunded|completed?|attended|used|expired|closed|no-?show)\b", re.I)


# what a customer did or had happen that starts a time since: buying, ordering, receiving, joining, starting
_GOT = re.compile(r"\b(?:bought|buy|purchased?|got|ordered|order|received|arrived|came|delivered|joined|signed up|"
                  r"started|took out|taken out|paid|booked|upgraded|opened|renewed|switched|moved|activated|went live)\b",
                  re.I)
_SINCE_HEAD = re.compile(r"\b(?:since|after|from|age|old|elapsed|passed)\b", re.I)


def _figure(header: str, dimension: str, message: str, today: date, customer: CustomerProfile | None = None,
            coarse: bool = False) -> tuple[float, float, str] | None:
    """The customer's figure for the table's quantity as (lowest, highest, how to say it), or None. ``coarse``: the
    bands are in months or years, whose lengths vary, so a date near an edge is not placed on either side of it."""
    if dimension == "time" and counts_down(header):
        events = upcoming(message, today)
        event = event_word(header)
        named = [u for u in events if names_event(u.clause, event)]
        chosen = named if named else events
        ahead = {d for d in event_dates(customer, event) if d >= today} if not events else set()
        if len(ahead) == 1:
            # no date in their words, and one on their record for the event the table counts to ("start
            # date 2031-07-25"): the time until it, from any time today to the start of that day
            on = ahead.pop()
            until = (on - today).days
            return max(0.0, until - 1.0) * 24, until * 24.0, f"Your {event} is on {format_date(on)},"
        if not events and customer is not None:
            # no date in their words: the one date still to come written in what their profile says they booked
            # ("Escape room - Sat 28 Nov 2031 7:30 pm - 6 players"), with its time where it gives one
            booked = [u for o in customer.orders if not _DONE.search(o.status or "")
                      for u in upcoming(" ".join(o.items), today)]
            if len({(u.when, u.clock) for u in booked}) == 1:
                u = booked[0]
                lo, hi = u.hours_from(today, now_clock(message))
                said = event if event and " " not in event else "booking"  # ("session starts": their booking)
                return lo, hi, f"Your {said} is on {u.wording()},"
        if len({u.when for u in chosen}) != 1:
            return None  # none, or several dates with no telling which is the event
        u = chosen[0]
        lo, hi = u.hours_from(today, now_clock(message))
        lead = f"Your {event} is on {u.wording()}" if event and named else f"The date you give, {u.wording()}, is"
        return lo, hi, lead if lead.endswith(" is") else lead + ","
    if dimension == "time" and (measured := _measured(header, message)) is not None:
        return measured
    if dimension == "time" and not re.search(r"\b(?:since|after)\b", header, re.I) \
            and (span := stated_span(message, today)) is not None:
        # how long it lasted, from the two moments they name ("about 10am on Saturday ... back on Thursday around
        # 9pm"); a time said "about" is taken as within an hour
        hours = span.hours
        shown = f"{hours:g} hours" if hours == int(hours) else f"{int(hours)} hours {round((hours % 1) * 60)} minutes"
        return max(0.0, hours - 1), hours + 1, f"From {span.wording()} is {shown}, that's"
    if dimension == "time":
        # the time since an event, for a column that counts from one ("Days after delivery", "Time since policy start
        # date"), not one that measures how long something lasted ("Time without service", "Length of outage": how
        # long ago the outage was says nothing of its length)
        if not _SINCE_HEAD.search(header):
            return None
        event = event_word(header)
        # the time since the event the table counts from, as the profile records it ("cover start 2026-07-10")
        recorded = event_dates(customer, event)
        past = [e for e in elapsed_events(message, None, today) if e.days >= 1]
        if len(recorded) == 1 and (on := recorded.pop()) < today:
            n = (today - on).days
            if any(abs(e.days - n) > max(1.0, 0.1 * e.days) for e in past):
                return None  # their own words date it otherwise: which is the event the table counts from?
            slack = 3.0 if coarse else 1.0
            subject = f"Your {event} date was" if re.search(rf"\b{re.escape(event or '')}\s+date\b", header, re.I) \
                else f"Your {event} was on"
            return ((n - slack) * 24, (n + slack) * 24,
                    f"{subject} {format_date(on)}, {n} day{'' if n == 1 else 's'} ago (")
        # the time since an event they name ("I bought it 20 days ago", "delivered on the 3rd"); a day they give for no
        # event ("from monday till friday last week") counts only where its clause tells of getting something or of
        # the table's event: an outage's dates are not the time since a delivery
        if len({e.days for e in past}) != 1 or not any(
                e.event is not None or _GOT.search(e.said) or names_event(e.said, event) for e in past):
            return None
        days = past[0].days
        if days != int(days):
            return None
        slack = (1.0 if past[0].on is not None else max(1.0, 0.1 * days)) + (2.0 if coarse else 0.0)
        n = int(days)
        what = f"Your {event} was" if event else "That was"
        return (days - slack) * 24, (days + slack) * 24, f"{what} {n} day{'' if n == 1 else 's'} ago ("
    if dimension == "age":
        ages = set(stated_ages(message))
        if len(ages) != 1:
            return None
        age = ages.pop()
        return float(age), float(age), f"At {age},"
    if dimension == "length":
        lengths = {v for d, v in stated_measures(message) if d == "length"}
        if len(lengths) != 1:
            return None
        mm = lengths.pop()
        shown = f"{mm / 1000:g} m" if mm >= 1000 else f"{mm / 10:g} cm"
        return mm, mm, f"At {shown},"
    if dimension == "money" and (paid := paid_amount(message, customer)) is not None:
        # the amount of theirs the bands are of: the one they state, else their one order's
        return paid[0], paid[0], f"For your {money(paid[0], paid[1])},"
    if dimension == "people" and (heads := quantities(message).get("person")) is not None:
        return heads, heads, f"For {heads:g} {'person' if heads == 1 else 'people'},"
    return None


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


def _banded(text: str, message: str, today: date, customer: CustomerProfile | None = None,
            context: Sequence[str] = ()) -> Iterator[tuple[tuple[Row, ...], list[tuple[Row, Band]], dict[str, float],
                                                             list[tuple[Row, bool | None]], float, float, str]]:
    """For each banded table of ``text`` the customer's figure can be set against: its rows, its bands, the lengths
    of the periods its keys name, whether each band holds the figure (True), does not (False) or may (None), the
    figure (lowest, highest) and how to say it."""
    for rows in tables_in(text):
        if not rows or not rows[0].header or not rows[0].header[0]:
            continue
        header = rows[0].header[0]
        bands: list[tuple[Row, Band]] = [(r, b) for r in rows
                                         if (b := band_of(r.key, header) or named_band(r.key)) is not None]
        names = {n for _, b in bands for n in (b.low_named, b.high_named) if n}
        lengths = period_lengths(names, [text, *context]) if names else {}
        bands = [(r, named_edges(b, lengths)) for r, b in bands]
        # a period of unknown length ends where the band after it starts: "Within the cooling-off period" lies below
        # the top of "After cooling-off, up to 3 months", so a figure above that top is in neither
        tops = {b.low_named: b.high for _, b in bands if b.low_named and b.high is not None}
        bands = [(r, Band(b.dimension, b.low, tops[b.high_named], b.low_strict, True, b.low_named, b.high_named))
                 if b.high_named and b.high is None and b.high_named in tops else (r, b) for r, b in bands]
        if len(bands) < 2 or len({b.dimension for _, b in bands}) != 1:
            continue
        coarse = any(re.search(r"\b(?:months?|years?)\b", r.key, re.I) for r, _ in bands)
        figure = _figure(header, bands[0][1].dimension, message, today, customer, coarse)
        if figure is None:
            continue
        lo, hi, lead = figure
        yield tuple(rows), bands, lengths, [(r, b.holds(lo, hi)) for r, b in bands], lo, hi, lead


def band_keys(text: str, message: str, today: date, customer: CustomerProfile | None = None,
              context: Sequence[str] = ()) -> tuple[list[str], list[str]]:
    """The keys of the rows of ``text``'s banded tables whose band holds the customer's own figure (where exactly one
    does), and of those whose band it is outside ("Over 9 months" to a policy started 7 days ago): the rule for their
    case and rules for other cases than theirs."""
    own: list[str] = []
    other: list[str] = []
    for _, _, _, verdicts, _, _, _ in _banded(text, message, today, customer, context):
        mine = [r.key for r, v in verdicts if v is True]
        own += mine if len(mine) == 1 else []
        other += [r.key for r, v in verdicts if v is False]
    return own, other


def row_facts(text: str, message: str, today: date, customer: CustomerProfile | None = None,
              context: Sequence[str] = ()) -> list[RowFact]:
    """The customer's row of each banded table of ``text`` (see the module docstring). ``customer``: their profile,
    whose records date the event a table counts from; ``context``: the other passages, which may give the length of
    a period a key names ("After cooling-off, up to 3 months")."""
    out: list[RowFact] = []
    for rows, bands, lengths, verdicts, lo, hi, lead in _banded(text, message, today, customer, context):
        mine = [r for r, v in verdicts if v is True]
        if len(mine) != 1 or any(v is None for _, v in verdicts):
            continue
        row = mine[0]
        band = next(b for r, b in bands if r is row)
        # a table priced by plan ("| Length of delay | Essentials | Classic | Premier |"): the customer's plan's cell
        # only, where their plan is known and they ask about no other
        plan_column = customer_column(list(rows), text, owned_text(message, customer), message)
        heads = [h for h, _ in row.values]
        chosen = plan_column or _named_column(row, message) or addon_column(heads, message, customer)
        # (the column of their day and time, only where nothing else picks one: its price is then worked per head)
        by_day = None if chosen else day_column(heads, message, today)
        column = chosen or by_day
        said = row if column is None else Row(row.header, tuple(
            c if i == 0 or h == column else "" for i, (h, c) in enumerate(zip(row.header, row.cells))), row.table,
            row.index)
        cells = [(h, c) for h, c in said.values]
        worked = percent_clause(cells[0][1], cells[0][0], band, text, message, customer, lengths) \
            if len(cells) == 1 else None
        if worked is None and len(cells) == 1 and lead.startswith("From "):
            worked = each_unit_clause(cells[0][1], lo, hi, text)
        if worked is None and len(cells) == 1:
            worked = fee_share_clause(cells[0][1], cells[0][0], text, customer, message)
        clause = worked or _refund_clause(row, message, customer) or (
            f"on {column} it is {_lower(cells[0][1])}" if plan_column is not None and len(cells) == 1
            else values_clause(said))
        if not clause:
            continue
        clause += _from_deposit(clause, message, [text, *context])
        clause = _share_of_paid(clause, message, customer)
        if by_day is not None and len(cells) == 1:
            clause += _per_head_total(cells[0][1], lead, text)
        words = _lower(_band_words(row.key))
        if lead.endswith(", that's"):
            sentence = f"{lead} {words}, so {clause}."
        elif lead.startswith("At ") or re.match(r"For \d+ (?:people|person),$", lead):
            sentence = f"{lead} you're in the {words} band, so {clause}."
        elif band.dimension == "money":
            sentence = f"{lead} you're in the {words} band, so {clause}{_share_worked(said, message, customer)}."
        elif lead.endswith("ago ("):
            sentence = f"{lead}{words}), so {clause}."
        else:
            sentence = f"{lead} {words} away, so {clause}."
        out.append(RowFact(row, tuple(rows), sentence))
    return out


def applied_rows(message: str, today: date, passages: list[tuple[int, str]],
                 customer: CustomerProfile | None = None, headings: Sequence[str] = ()) -> dict[int, list[str]]:
    """marker -> the row consequences this module would say against that passage (what the verifier accepts as
    backed by the passage, the customer's own message and profile; the other passages and the passages' headings
    give the lengths of periods a key names)."""
    out: dict[int, list[str]] = {}
    for marker, text in passages:
        if "|" not in text:
            continue
        others = [t for m, t in passages if m != marker] + list(headings)
        found = [f.sentence for f in row_facts(text, message, today, customer, others)]
        if found:
            out.setdefault(marker, []).extend(found)
    return out


__all__ = ["RowFact", "row_facts", "applied_rows", "band_keys"]
