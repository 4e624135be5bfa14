"""What a stay costs where every night is priced by the season it falls in.

Booking businesses (chalets, catteries, boat hire) price a night by a table with one column per season ("| Chalet |
Quiet | Busy |", "| Hutch | Regular night | Holiday night |") and say elsewhere when each season runs ("| Busy | 21
Dec - 6 Jan |", "| Midsummer | 20 December 2026 | 10 January 2027 |" under "First holiday night | Last holiday
night"). For the customer's two dates and the row they name, each night is given its season and the nights are
added up, one product per season:

"From Friday 18 December to Wednesday 23 December is 5 nights; at the Spruce chalet rates, 3 quiet nights: 3 × €110
= €330, and 2 busy nights from 21 December: 2 × €160 = €320, so €330 + €320 = €650 in total."

Every figure is the customer's (their dates), a source's (a rate, a season's first day) or worked out beside it; the
verifier redoes the working and the night counts (``assistant.grounding.ranges.stay_night_counts``). A night no
season claims takes the one column no calendar gives dates for ("regular"); where two columns have none, or a night
falls in two seasons, or the row is not theirs for sure, nothing is worked out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from assistant.currency import CODES, SYMBOL, currencies_in, money, prefixed
from assistant.customer_facts import format_day
from assistant.grounding.ranges import MAX_STAY_NIGHTS, DayOfYear, days_named
from assistant.grounding.words import content_words, stem
from assistant.tables import Row, named_by_key, tables_in
from assistant.types import Passage

# words of a price column that name no season ("Standard night", "Price per night (Peak)")
_NOT_SEASON = {"night", "nights", "nightly", "price", "prices", "rate", "rates", "per", "the", "a", "cost", "from", "in",
               "incl", "including", "vat", "gst", "fee", "each", "one", *(c.lower() for c in CODES)}
_AMOUNT = re.compile(rf"^[\s*(]*(?:({SYMBOL})\s?)?(\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.(\d{{2}}))?[\s*)]*$")
# two days joined as a span: "21 Dec 2026 - 6 Jan 2027", "15 March – 31 October", "2 to 9 May"
_JOIN = re.compile(r"^\s*(?:-|–|—|to|until|till|through)\s*$", re.I)
_CODE_WORD = re.compile(rf"\b({'|'.join(CODES)})\b")
_SEASON_WORDS = {"season", "seasons", "period", "periods", "time", "dates", "rate", "rates"}
_NIGHTLY = re.compile(r"\bnight(?:s|ly)?\b", re.I)


@dataclass(frozen=True)
class Stay:
    arrive: date
    leave: date

    @property
    def nights(self) -> int:
        return (self.leave - self.arrive).days


def _on_or_after(day: DayOfYear, earliest: date) -> date | None:
    """The day in the year the text gives, else the first such day on or after ``earliest``."""
    month, number, year = day
    try:
        if year is not None:
            return date(year, month, number)
        when = date(earliest.year, month, number)
        return when if when >= earliest else date(earliest.year + 1, month, number)
    except ValueError:
        return None


def stay_of(message: str, booking: str, today: date) -> Stay | None:
    """The stay the customer means: the first two days their message names (arrival, departure), else the two its
    booking names ("3 nights (14-17 Dec)"); None where neither names two days, or they are no stay (the second not
    after the first, or further apart than a season)."""
    for text in (message, booking):
        days = [d for _, d in days_named(text)]
        if len(days) < 2:
            continue
        arrive = _on_or_after(days[0], today)
        leave = _on_or_after(days[1], arrive) if arrive else None
        if arrive and leave and 0 < (leave - arrive).days <= MAX_STAY_NIGHTS:
            return Stay(arrive, leave)
        return None
    return None


def stay_facts(message: str, booking: str, today: date) -> list[str]:
    """The stay the customer gives, as a fact of theirs the verifier backs a reply's dates with ("From Friday 18
    December to Wednesday 23 December is 5 nights.")."""
    stay = stay_of(message, booking, today)
    return [f"{_stay_said(stay)}."] if stay else []


def _stay_said(stay: Stay) -> str:
    return f"From {format_day(stay.arrive)} to {format_day(stay.leave)} is {stay.nights} night" + \
        ("s" if stay.nights > 1 else "")


def _season(column: str) -> str | None:
    """The season a price column is for ("Holiday night" -> "holiday", "Quiet" -> "quiet"); None for a column of
    another kind."""
    words = [w for w in re.findall(r"[a-z]+", column.lower()) if w not in _NOT_SEASON]
    return " ".join(words) if 1 <= len(words) <= 2 else None


def _amount(cell: str, currency: str | None) -> tuple[float, str] | None:
    m = _AMOUNT.match(prefixed(cell))
    if not m or not (m.group(1) or currency):
        return None
    return float(m.group(2).replace(",", "") + "." + (m.group(3) or "0")), m.group(1) or str(currency)


@dataclass(frozen=True)
class _PriceTable:
    marker: int
    rows: list[Row]
    seasons: dict[int, str]  # column index -> season
    currency: str | None  # the passage's one currency, for cells written without it ("2,450" under "(NOK)")


def _price_tables(passages: Sequence[tuple[int, str]]) -> list[_PriceTable]:
    """Tables priced per night with two or more season columns whose every cell is an amount."""
    out: list[_PriceTable] = []
    for marker, text in passages:
        if not _NIGHTLY.search(text):
            continue
        said = currencies_in(text) | set(_CODE_WORD.findall(text))
        currency = next(iter(said)) if len(said) == 1 else None
        for rows in tables_in(text):
            header = rows[0].header
            # (where any cell writes its currency, a bare figure is a count: "| Sleeps | 4 |" beside "€110")
            bare = None if any(_amount(c, None) for r in rows for c in r.cells[1:]) else currency
            seasons = {i: s for i, name in enumerate(header) if i > 0 and (s := _season(name)) is not None
                       and all(len(r.cells) > i and _amount(r.cells[i], bare) for r in rows)}
            if len(set(seasons.values())) >= 2:
                out.append(_PriceTable(marker, rows, seasons, bare))
    return out


Span = tuple[DayOfYear, DayOfYear]


def _spans(cell: str) -> list[Span]:
    """The spans of days a cell gives ("2 February – 30 April and 1 October – 15 December")."""
    days = days_named(cell)
    out: list[Span] = []
    for (at, first), (then, last) in zip(days, days[1:]):
        gap = cell[at:then]
        joined = re.sub(r"^.*?\b(?:20\d\d|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|"
                        r"dec\w*)\.?", "", gap, count=1, flags=re.I)
        if _JOIN.match(joined):
            out.append((first, last))
    return out


def _holds(span: Span, night: date) -> bool:
    """Whether the night falls in the span, both ends counted; a span without years recurs every year."""
    (m1, d1, y1), (m2, d2, y2) = span
    years = [y1 or (y2 - (1 if (m2, d2) < (m1, d1) else 0) if y2 else None)]
    if years[0] is None:
        years = [night.year - 1, night.year]
    for year in years:
        assert year is not None
        try:
            start = date(year, m1, d1)
            end = date(y2 or year, m2, d2)
            if end < start and y2 is None:
                end = end.replace(year=end.year + 1)
        except ValueError:  # (a day that does not exist that year: 29 February)
            continue
        if start <= night <= end:
            return True
    return False


def headed(passage: Passage) -> str:
    """The passage's text under its title and section heading, where a table's unit and currency are often said
    ("## Rates per night (NOK, VAT included)")."""
    return f"{passage.title}\n{passage.section or ''}\n{passage.text}"


def season_columns(text: str, customer: str | None = None) -> set[str]:
    """The seasons a passage's price tables have columns for (empty when it has none), only of tables with a row the
    ``customer``'s words name where they are given: a passage worth retrieving for a stay's price."""
    return {s for t in _price_tables([(0, text)]) if customer is None or _their_row(t.rows, customer)
            for s in t.seasons.values()}


def dates_seasons(text: str, seasons: set[str]) -> bool:
    """Whether the passage dates one of the seasons or more: the calendar a stay's price needs."""
    return bool(_calendar([(0, text)], seasons))


def _calendar(passages: Sequence[tuple[int, str]], seasons: set[str]) -> dict[str, list[tuple[int, Span]]]:
    """When each season runs, with the passage that says so: a row named by the season with its spans ("| Busy |
    15 March – 31 October |"), or a row of a table whose header names one season, from its first day to its last ("|
    Midsummer | 20 December 2026 | 10 January 2027 |" under "First holiday night | Last holiday night")."""
    out: dict[str, list[tuple[int, Span]]] = {}
    for marker, text in passages:
        for rows in tables_in(text):
            header = " ".join(rows[0].header)
            headed = [s for s in seasons if re.search(rf"\b{re.escape(s)}\b", header, re.I)]
            for row in rows:
                named = [s for s in seasons if re.search(rf"\b{re.escape(s)}\b", row.key, re.I)]
                # (the row is the season's own: "Busy", "Busy season"; not "Refund of a busy-season voucher")
                rest = set(re.findall(r"[a-z]+", row.key.lower())) - set(" ".join(named).split()) - _SEASON_WORDS
                if len(named) == 1 and not rest:
                    spans = [sp for cell in row.cells[1:] for sp in _spans(cell)]
                    if spans:
                        out.setdefault(named[0], []).extend((marker, sp) for sp in spans)
                elif not named and len(headed) == 1:
                    days = [d for cell in row.cells[1:] if len(found := days_named(cell)) == 1 for _, d in found]
                    if len(days) == 2:
                        out.setdefault(headed[0], []).append((marker, (days[0], days[1])))
    return out


def _their_row(rows: list[Row], customer: str) -> Row | None:
    """The row the customer names: most of its key's words ("spruce chalet"), else a word of another of its cells
    that no other row has ("Lop" among its example breeds); None where no one row is named."""
    named = named_by_key(rows, customer)
    if named is not None:
        return named
    said = {stem(w) for w in content_words(customer) if not w.isdigit()}
    own = [{stem(w) for c in r.cells[1:] for w in content_words(c) if not w.isdigit()} for r in rows]
    hit = [r for r, words in zip(rows, own) if words & said - set().union(*(o for o2, o in zip(rows, own) if o2 != r))]
    return hit[0] if len(hit) == 1 else None


@dataclass(frozen=True)
class StayPrice:
    sentence: str  # cites the calendar and the deposit rule inline where another passage gives them
    marker: int  # the passage of the rates
    total: float
    currency: str
    seasons: frozenset[str]


def _run(nights: list[tuple[date, str]]) -> list[tuple[str, date, int]]:
    """Consecutive nights of one season: (season, first night, count)."""
    out: list[tuple[str, date, int]] = []
    for night, season in nights:
        if out and out[-1][0] == season:
            out[-1] = (season, out[-1][1], out[-1][2] + 1)
        else:
            out.append((season, night, 1))
    return out


def stay_price(message: str, booking: str, passages: Sequence[tuple[int, str]], today: date) -> StayPrice | None:
    """The stay's price for the row the customer names, each night at its season's rate (see the module docstring);
    ``passages``: (marker, text) of the public passages."""
    stay = stay_of(message, booking, today)
    if stay is None:
        return None
    customer = f"{message}\n{booking}"
    for table in _price_tables(passages):
        row = _their_row(table.rows, customer)
        if row is None:
            continue
        seasons = set(table.seasons.values())
        calendar = _calendar(passages, seasons)
        undated = [s for s in seasons if s not in calendar]
        if not calendar:
            continue
        nights: list[tuple[date, str]] = []
        used: list[int] = []
        for n in range(stay.nights):
            night = stay.arrive + timedelta(days=n)
            hits = {s: m for s, spans in calendar.items() for m, sp in spans if _holds(sp, night)}
            if len(hits) > 1 or (not hits and len(undated) != 1):
                nights = []
                break
            season = next(iter(hits)) if hits else undated[0]
            used += list(hits.values())
            nights.append((night, season))
        if not nights:
            continue
        price = {s: _amount(row.cells[i], table.currency) for i, s in table.seasons.items()}
        calendar_at = used[0] if used else table.marker
        cited = f" [{calendar_at}]" if used and calendar_at != table.marker else ""
        runs = _run(nights)
        currency = next(p[1] for p in price.values() if p)
        parts: list[str] = []
        totals: list[float] = []
        for season, first, count in runs:
            rate = price[season]
            assert rate is not None
            total = round(rate[0] * count, 2)
            totals.append(total)
            # (where a season starts or ends mid-stay, its first night, cited to the calendar that gives it)
            start = f" from {format_day(first).split(' ', 1)[1]} [{calendar_at}]" \
                if first != stay.arrive and season in calendar else ""
            parts.append(f"{count} {season} night{'s' if count > 1 else ''}{start}: {count} × "
                         f"{money(rate[0], currency)} = {money(total, currency)}")
        said = _stay_said(stay)
        what = f"at the {row.key} rates" if row.key else "at your rates"
        total = round(sum(totals), 2)
        if len(parts) == 1:
            sentence = f"{said}, all {runs[0][0]} nights{cited}; {what}, {parts[0].split(': ', 1)[1]}"
        else:
            added = " + ".join(money(t, currency) for t in totals)
            sentence = f"{said}; {what}, " + ", and ".join(parts) + f", so {added} = {money(total, currency)} in total"
        seasons_used = frozenset(s for s, _, _ in runs)
        deposit = _deposit(passages, set(table.seasons.values()), seasons_used, total, currency)
        return StayPrice(sentence + (f"; {deposit}" if deposit else "") + ".", table.marker, total, currency, seasons_used)
    return None


_SHARE_OF_TOTAL = re.compile(r"\b(\d{1,2}(?:\.\d+)?)\s?%\s+of\s+the\s+(?:\w+\s+){0,2}(?:total|price|cost)\b", re.I)


def _deposit(passages: Sequence[tuple[int, str]], seasons: set[str], used: frozenset[str], total: float,
             currency: str) -> str | None:
    """The deposit a share of the stay's total ("Holiday booking (any holiday night) | 40% of the booking total"),
    worked out: from the one table row of deposits that names one season alone, a season of their stay; or
    from the one sentence about deposits where no row names a season. None where neither is one."""
    rows: list[tuple[int, float]] = []
    plain_shares: list[tuple[int, float]] = []
    for marker, text in passages:
        for table in tables_in(text):
            for row in table:
                found = next((m for c in row.cells[1:] if (m := _SHARE_OF_TOTAL.search(c))), None)
                if found is None or not re.search(r"\bdeposit", " ".join(row.header + row.cells), re.I):
                    continue
                named = {s for s in seasons if re.search(rf"\b{re.escape(s)}\b", row.key, re.I)}
                if len(named) == 1 and named <= used:
                    rows.append((marker, float(found.group(1))))
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
            if "|" not in sentence and re.search(r"\bdeposit", sentence, re.I) and not any(
                    re.search(rf"\b{re.escape(s)}\b", sentence, re.I) for s in seasons):
                plain_shares += [(marker, float(m.group(1))) for m in _SHARE_OF_TOTAL.finditer(sentence)]
    chosen = rows if rows else plain_shares
    if len({share for _, share in chosen}) != 1:
        return None
    marker, share = chosen[0]
    figure = f"{share:g}%"
    return (f"the deposit is {figure} of that total [{marker}]: {figure} × {money(total, currency)} = "
            f"{money(round(total * share / 100, 2), currency)}")


__all__ = ["headed", "Stay", "StayPrice", "stay_of", "stay_price", "stay_facts", "season_columns", "dates_seasons"]
