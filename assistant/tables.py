"""Markdown tables in a passage: their rows, and each row said as a sentence a customer can read.

A policy table holds key facts ("| Notice before pick-up | What you get back |"). A row read out cell by cell
("For 24 to 48 hours, what you get back: Refund minus £25") is no sentence; said with its columns as the subject
("When the notice before pick-up is 24 to 48 hours, what you get back is refund minus £25.") it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.bands import band_of

# a Markdown separator row: "|---|:---:|"
_SEPARATOR = re.compile(r":?-{2,}:?")
# a column header that already reads as a clause or a determined noun ("What you get back", "Your price"): no "the"
_DETERMINED = re.compile(r"^(?:what|how|when|where|which|who|why|whether|the|a|an|your|our|their|its|this|that|these|"
                         r"those|each|every|any|all|no)\b", re.I)
# a key column named by a question ("How late", "When you cancel"): its band cannot be its subject
_QUESTION_HEAD = re.compile(r"^\s*(?:how|when|what|which|where|who|why)\b", re.I)
# a cell that is a plain word or phrase, not a name or abbreviation ("Full refund", "Free"): lowered to run on
_NAME_OR_CODE = re.compile(r"^(?:[A-Z]{2,}|[A-Z][a-z]+[A-Z]|[A-Z][\w-]*\s+[A-Z])")


# a column named by a group it is for ("UK branches", "Members"): its cell is the value for that group, not an attribute
_PLURAL = re.compile(r"(?<![su])s$|\bpeople$|\bchildren$", re.I)


@dataclass(frozen=True)
class Row:
    header: tuple[str, ...]  # the table's column names ("" for an empty one)
    cells: tuple[str, ...]
    table: int  # which table of the passage (0-based)
    index: int  # the row's place in its table (0-based, header excluded)

    @property
    def key(self) -> str:
        return self.cells[0] if self.cells else ""

    @property
    def values(self) -> list[tuple[str, str]]:
        """(column name, cell) for every filled cell after the key."""
        return [(h, c) for h, c in zip(self.header[1:], self.cells[1:]) if c]


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def tables_in(text: str) -> list[list[Row]]:
    """The passage's Markdown tables, each as its rows (a table without a header and one row is none)."""
    out: list[list[Row]] = []
    header: list[str] | None = None
    rows: list[Row] = []
    for line in text.split("\n"):
        if "|" in line:
            cells = _cells(line)
            if all(_SEPARATOR.fullmatch(c) for c in cells if c):
                continue
            if header is None:
                header = cells
                continue
            rows.append(Row(tuple(header), tuple(cells), len(out), len(rows)))
            continue
        if header is not None and line.strip():  # (a blank line between rows does not end the table)
            if rows:
                out.append(rows)
            header, rows = None, []
    if header is not None and rows:
        out.append(rows)
    return out


def _lower(text: str) -> str:
    """A header or cell run on inside a sentence: first letter lowered unless it is a name or abbreviation."""
    if not text or _NAME_OR_CODE.match(text):
        return text
    return text[0].lower() + text[1:]


def column_phrase(name: str) -> str:
    """A column name as the subject of a clause: "Price per day" -> "the price per day"; "What you get back" stays."""
    name = _lower(name.strip())
    return name if _DETERMINED.match(name) else f"the {name}"


def values_clause(row: Row) -> str:
    """What the row's value cells say, as one clause: "the price per day is £12 and the excess is £500"."""
    parts = [(f"{c} for {h}" if _PLURAL.search(h) else f"{column_phrase(h)} is {_lower(c)}") if h else _lower(c)
             for h, c in row.values]
    if len(parts) <= 1:
        return "".join(parts)
    if any(re.search(r",\s", c) for _, c in row.values[:-1]):  # "the access is your home gym, all opening hours; and the ..."
        return "; ".join(parts[:-1]) + "; and " + parts[-1]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


# a key that is already a phrase of place or time ("Between the UK and the EU", "Within 14 days")
_PREPOSITION_KEY = re.compile(r"^(?:between|from|to|within|under|over|up to|in|on|at|after|before|outside|inside|"
                              r"during|until|by)\b", re.I)


def row_sentence(row: Row, condition: bool = False) -> str:
    """The row as a sentence. ``condition``: its key is a band of a quantity ("More than 48 hours"), said as the
    case the row is for ("When the notice before pick-up is more than 48 hours, ..."); otherwise the key names a
    thing ("For Standard Cover, the price per day is £12 / €14 and ..."). A table whose key column has no name lists
    its columns as the cases ("Fuel, per litre missing: £2.35 (UK branches), €2.70 (EU branches).")."""
    values = row.values
    if not row.key or not values:
        return ""
    if not row.header[0]:
        listed = ", ".join(f"{c} ({h})" if h else c for h, c in values)
        return f"{row.key}: {listed}."
    clause = values_clause(row)
    if condition and _QUESTION_HEAD.match(row.header[0]):
        how = re.fullmatch(r"\s*how\s+(late|early|old|long ago|soon)\s*", row.header[0], re.I)
        if how:  # "How late": "If it's more than 2 hours late, the charge is ..."
            return f"If it's {_lower(row.key)} {how.group(1).lower()}, {clause}."
        return f"For {_lower(row.key)}, {clause}."
    if condition:
        return f"When {column_phrase(row.header[0])} is {_lower(row.key)}, {clause}."
    if re.fullmatch(r"\d+(?:[.,]\d+)?", row.key):  # "For a foot length (in) of 9.25, ..."
        return f"For a {_lower(row.header[0])} of {row.key}, {clause}."
    if _PREPOSITION_KEY.match(row.key):  # "Between EU countries, the fee is €450", never "For Between ..."
        return f"{row.key[:1].upper()}{row.key[1:]}, {clause}."
    return f"For {row.key}, {clause}."


def cell_sentence(row: Row) -> str:
    """The row read cell by cell with its column names ("For Standard, delivery time: 5 to 7 business days; cost:
    $5.99."): the form answer selection scores (its wording is close to how customers ask about a column); the reply
    says ``row_sentence`` instead."""
    pairs = row.values
    if not row.key or not pairs:
        return ""
    # (the first letter lowered as answer selection always has: unless an abbreviation or inner capitals)
    body = "; ".join(f"{h if re.match(r'^(?:[A-Z]{2,}|[A-Z][a-z]+[A-Z])', h) else h[:1].lower() + h[1:]}: {c}"
                     if h else c for h, c in pairs)
    return f"For {row.key}, {body}."


def natural_rows(text: str) -> dict[str, str]:
    """Each table row of ``text`` read cell by cell (``cell_sentence``) -> the row said as a sentence
    (``row_sentence``; a row keyed by a band of a quantity said as the case it is for)."""
    out: dict[str, str] = {}
    for rows in tables_in(text):
        for row in rows:
            said = row_sentence(row, condition=bool(row.header and row.header[0]) and band_of(row.key, row.header[0])
                                is not None)
            cells = cell_sentence(row)
            if said and cells:
                out[cells] = said
    return out


__all__ = ["Row", "tables_in", "row_sentence", "cell_sentence", "natural_rows", "values_clause", "column_phrase"]
