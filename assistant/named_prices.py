"""Prices the customer's own words pick out of the documents' price tables, and their total where they ask for it.

A price table has a key column (what each row is: a collection, a zone, a bike) and price columns (sizes, days,
options). A cell is the customer's when their message names its row and its column ("a large Harvest Loaf
hamper" picks row "Harvest Loaf", column "Large"; "on Sunday ... to Area 2" picks row "Area 2", column
"Sunday"); a table with a single price column needs only its row named. A table where two rows, or two price
columns, are named picks nothing: which one is theirs is not known. Each cell is said on its own, with its source;
asked for a total ("and the total, delivered?"), the cells of different tables are added up with the working
shown, which the verifier redoes (``assistant.grounding.arithmetic``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.charges import money
from assistant.tables import Row, tables_in
from assistant.types import Passage

# one amount of money in a cell: "$89", "24 stems – $119", "£12.95", "CHF 45", "45 EUR"
_AMOUNT = re.compile(r"(?P<sym>[£€$])\s?(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)|"
                     r"\b(?P<code>CHF|EUR|GBP|USD|CAD|AUD|NZD)\s?(?P<m>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)\b")
# a cell whose amount is conditional or not a plain price ("free over £75 spent", "from $20", "+$5")
_NOT_PLAIN = re.compile(r"\b(?:free|from|up to|min(?:imum)?|max(?:imum)?|per cent|%|or more|each extra|plus)\b|[+%]",
                        re.I)
# a column that is not a price to pay ("Refund", "Deposit", "Limit", "Cover")
_NOT_PRICE_HEAD = re.compile(r"\b(?:refund\w*|deposit|limit|cover\w*|excess|compensation|max\w*|min\w*|fine|"
                             r"allowance|balance|value)\b", re.I)
# "what's the total", "how much altogether", "what will it come to"
_TOTAL_ASK = re.compile(r"\b(?:total|altogether|all together|all in|in all|all up|come to|comes to|add up|adds up)\b",
                        re.I)


@dataclass(frozen=True)
class NamedPrice:
    """A cell of a price table that the customer's words pick out."""

    marker: int  # the passage's citation marker
    row: str
    column: str  # "" where the table has a single price column
    amount: float
    figure: str  # the amount as the source writes it ("$21.95")
    table: tuple[int, int]  # (marker, table index): cells of one table are never added up
    head: str = "price"  # the price column's name, said where the table has only that one

    def sentence(self) -> str:
        """"For Harvest Loaf, Large is $64"; a single price column names what it is: "For Area 2, the
        delivery fee is $7.50"."""
        if self.column:
            return f"For {self.row}, {self.column} is {self.figure}"
        return f"For {self.row}, the {self.head[:1].lower() + self.head[1:]} is {self.figure}"


def _cased(name: str, text: str) -> str:
    """A row name in sentence case said mid-sentence: "Kiln gloves" -> "kiln gloves" where the page writes its first
    word in lower case elsewhere; a name ("Harvest Loaf", "Lindvik", "EV charger") keeps its capitals."""
    words = name.split()
    first = words[0] if words else ""
    if not re.fullmatch(r"[A-Z][a-z]+", first) or any(w[:1].isupper() for w in words[1:]):
        return name
    return first.lower() + name[len(first):] if re.search(rf"\b{first.lower()}\b", text) else name


def _name(text: str) -> str:
    """A row or column name without its asides ("Standard (Mon–Fri)" -> "Standard") or emphasis."""
    return re.sub(r"\s+", " ", re.sub(r"\([^)]*\)|\*+", " ", text)).strip(" .:-–—")


def _phrase(name: str) -> str:
    """A pattern for the name's words in order, whatever lies between them ("Area 2" matches "area-2")."""
    return r"\W+".join(re.escape(w) for w in re.findall(r"[^\W_]+", name.lower()))


def _named(name: str, message: str) -> bool:
    """Whether the message says the name as written (its words in order; a plural "s" allowed on the last)."""
    words = re.findall(r"[^\W_]+", name.lower())
    if not words or all(w.isdigit() for w in words) or len("".join(words)) < 3:
        return False
    return re.search(rf"(?<![^\W_]){_phrase(name)}s?(?![^\W_])", message.lower()) is not None


def _position(name: str, message: str) -> int:
    m = re.search(_phrase(name), message.lower()) if _phrase(name) else None
    return m.start() if m else len(message)


def _one_amount(cell: str) -> tuple[float, str] | None:
    found = list(_AMOUNT.finditer(cell))
    if len(found) != 1 or _NOT_PLAIN.search(cell):
        return None
    m = found[0]
    number = m.group("n") or m.group("m")
    return float(number.replace(",", "")), m.group(0).strip()


def _price_columns(rows: list[Row]) -> list[int]:
    """The columns after the key whose cells are amounts in most rows, and whose names are no limit or refund."""
    header = rows[0].header
    return [i for i in range(1, len(header)) if header[i].strip() and not _NOT_PRICE_HEAD.search(header[i])
            and sum(1 for r in rows if i < len(r.cells) and _AMOUNT.search(r.cells[i])) * 2 > len(rows)]


def _as_their_plan(row: str, message: str, plans: Sequence[str]) -> bool:
    return any(row.lower() == p.lower() for p in plans) or re.search(
        rf"(?<![^\W_]){_phrase(row)}\s+(?:members?|membership|plan|subscri\w+|tier|customer|account)\b",
        message.lower()) is not None


def named_prices(message: str, passages: Sequence[Passage], plans: Sequence[str] = ()) -> list[NamedPrice]:
    """The cells of the public passages' price tables that the message picks out (see the module docstring), one per
    table, in the order the message names them. ``plans``: what the customer holds (their profile's tier), never a
    thing they buy."""
    out: list[NamedPrice] = []
    seen: set[tuple[str, str, float]] = set()
    for passage in passages:
        if passage.audience != "public":
            continue
        for t, rows in enumerate(tables_in(passage.text)):
            if len(rows) < 2 or not rows[0].header:
                continue
            columns = _price_columns(rows)
            if not columns:
                continue
            named_rows = [r for r in rows if _named(_name(r.key), message)]
            named_cols = [i for i in columns if _named(_name(rows[0].header[i]), message)]
            if len(named_rows) != 1:
                continue
            if len(columns) == 1:
                col, column = columns[0], ""
            elif len(named_cols) == 1:
                col, column = named_cols[0], _name(rows[0].header[named_cols[0]])
            else:
                continue
            row = named_rows[0]
            price = _one_amount(row.cells[col]) if col < len(row.cells) else None
            if price is None:
                continue
            key = (_name(row.key).lower(), column.lower(), price[0])
            if key in seen:  # the same table in two chunks of one document
                continue
            seen.add(key)
            if _as_their_plan(_name(row.key), message, plans):
                continue  # "as a Larder Club member": the plan they hold, not a thing they are buying
            out.append(NamedPrice(passage.marker, _cased(_name(row.key), passage.text), column, price[0], price[1],
                                  (passage.marker, t),
                                  _name(rows[0].header[col]) or "price"))
    # in the order the customer names them
    return sorted(out, key=lambda p: _position(p.row, message))


# a count of something bought ("six people", "3 hampers", "2 kayaks", "each"): a total then needs the count
# (nights and days too: a price per night is multiplied by them)
_COUNT = re.compile(r"\b(?:each|every one|\d+\s+[a-z]+s|two|three|four|five|six|seven|eight|nine|ten|dozen|couple|pair|"
                    r"several)\b", re.I)


def asks_total(message: str) -> bool:
    """Whether the message asks what its things come to together, each bought once (no count or "each" to multiply
    by, which the sum of the cells would leave out)."""
    return _TOTAL_ASK.search(message) is not None and _COUNT.search(message) is None


def total_sentence(prices: Sequence[NamedPrice]) -> str | None:
    """"Together that comes to $64 + $12.50 = $76.50": the cells of different tables in one currency added up, with
    the working; None for fewer than two such cells."""
    tables = {p.table for p in prices}
    currencies = {re.match(r"[£€$]|[A-Z]{3}", p.figure).group(0) for p in prices}  # type: ignore[union-attr]
    if len(prices) < 2 or len(tables) != len(prices) or len(currencies) != 1:
        return None
    total = round(sum(p.amount for p in prices), 2)
    currency = currencies.pop()
    working = " + ".join(p.figure for p in prices)
    # ("CHF 45" is written with its code and a space; "$21.95" with its sign)
    return f"Together that comes to {working} = {money(total, currency + ' ' if currency.isalpha() else currency)}"
