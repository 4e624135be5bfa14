"""What a bare "how much?" leaves open when the documents price it by two choices at once.

"how much to ship a box to my aunt?" over a price table whose rows are size bands and whose columns are
services ("Size | Max weight | Economy | Express") has no one answer: every cell is a price for some
parcel, and quoting one guesses both the band and the service. The reply asks for what picks the cell, in the
table's own words: the measures its rows are limited by (weight, dimensions) or the row names, and the column
names. A message or profile that names a row or a column, or a measure of theirs (a weight, a size) that places
them in a band, settles it, and the question is answered from the table as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.quantities import stated_measures
from assistant.tables import Row, tables_in
from assistant.types import CustomerProfile, Passage

# a price asked for: "how much is it", "what's the charge", "what does it cost", "the price of"; ("how much do I get
# back" asks for a refund, "why was I charged a fee" about a charge already taken)
PRICE_ASK = re.compile(r"\bhow much\s+(?:is|are|will|would|does|do\s+you|to|for|it|it['’]s|extra|would\s+it|"
                        r"does\s+it|will\s+it)\b|\bhow much\W*$|"
                        r"\bwhat(?:['’]s|s| is| are| would| will| does| do)\b[^.?!]{0,30}"
                        r"\b(?:cost|costs|price|prices|charge|charges|fee|fees)\b|"
                        r"\b(?:cost|costs|price|prices)\s+(?:to|of|for)\b", re.I)
# a money column that is a limit or an amount paid out, not a price ("Standard cover", "Maximum with top-up cover")
_NOT_PRICE = re.compile(r"\b(?:cover|covered|max|maximum|min|minimum|limit|excess|compensation|refund|payout|deposit|"
                        r"allowance|balance)\b", re.I)
_MONEY = re.compile(r"[€£$]\s?\d|\d(?:[.,]\d+)?\s?(?:EUR|GBP|USD|euro|euros|pounds|dollars)\b", re.I)
# a column that states the limit a row stands for ("Max weight", "Max size (L × W × H)"): what the customer
# can tell us to pick the row
_MEASURE_HEAD = re.compile(r"\b(?:weight|dimensions?|size|length|height|width|volume|distance|duration|age)\b", re.I)
_LIMIT_WORD = re.compile(r"^\s*(?:max(?:imum)?|min(?:imum)?|up to|limit)\.?\s+", re.I)
REASON = "the price depends on choices the message does not make"
# how many passages, best first, are read for the table: the answer's own document, not a neighbour's table
TOP_PASSAGES = 2


def _key(row: Row) -> str:
    return row.key.strip("* ").strip()


def _names(text: str, name: str) -> bool:
    name = re.sub(r"\s*\([^)]*\)", "", name).strip()
    return bool(name) and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.I) is not None


def _price_matrix(rows: list[Row]) -> tuple[str, list[str], list[str], list[str]] | None:
    """(what the rows are, row names, price columns, measure columns) of a table priced by row and column."""
    if len(rows) < 2 or not rows[0].header:
        return None
    header = rows[0].header
    price_cols = [i for i in range(1, len(header)) if header[i].strip() and not _NOT_PRICE.search(header[i])
                  and sum(1 for r in rows if i < len(r.cells) and _MONEY.search(r.cells[i])) >= 2]
    keys = [k for k in dict.fromkeys(_key(r) for r in rows) if k]
    if len(price_cols) < 2 or len(keys) < 2 or any(_MONEY.search(k) or re.match(r"^[\d.,%]", k) for k in keys):
        return None  # one price per row (a list to read out), or rows that are amounts (a worked example)
    measures = [_LIMIT_WORD.sub("", header[i]).strip() for i in range(1, len(header))
                if i not in price_cols and _MEASURE_HEAD.search(header[i])]
    return header[0].strip("* ").strip(), keys, [header[i].strip("* ").strip() for i in price_cols], measures


def _amounts(text: str) -> set[float]:
    return {float(n.replace(",", "")) for n in re.findall(r"(?<![\w.])\d[\d,]*(?:\.\d+)?", text)}


# an amount written as a price: with a currency sign or with cents ("€15", "8.95"), not a count or a day of the month
_PRICE_SAID = re.compile(r"[€£$]\s?(\d[\d,]*(?:\.\d+)?)|(?<![\w.])(\d+\.\d{2})(?![\d.])")


def _states_a_cell(message: str, rows: list[Row]) -> bool:
    """The message quotes an amount the table holds ("paid the 8.95"): their row and column are known."""
    said = {float((m.group(1) or m.group(2)).replace(",", "")) for m in _PRICE_SAID.finditer(message)}
    return bool(said) and any(said & _amounts(c) for r in rows for c in r.cells[1:])


def price_choice(message: str, profile: CustomerProfile | None, passages: Sequence[Passage],
                 documents: Callable[[], Sequence[Passage]] = tuple) -> str | None:
    """The clarify reason for a price asked with neither of the two choices a price table splits it by (see module
    docstring): ``REASON: kind ; rows | ... ; columns | ... ; measures | ...``; None when the message or profile makes
    either choice, states a measure, or the best passages' documents hold no such table. ``documents``: the
    published documents whole (a passage is often a subsection beside the section holding the table)."""
    if not PRICE_ASK.search(message):
        return None
    if stated_measures(message):
        return None  # their weight or size places them in a row
    said = message  # what settles a choice: the message, the customer's plan and what they ordered
    if profile is not None:
        said = " ".join([message, profile.tier or "", *(item for o in profile.orders for item in o.items)])
    public = [p for p in passages if p.audience == "public"][:TOP_PASSAGES]
    whole = {d.doc_id: d.text for d in documents()} if public else {}
    for text in dict.fromkeys(whole.get(p.doc_id, p.text) for p in public):
        for rows in tables_in(text):
            found = _price_matrix(rows)
            if found is None:
                continue
            kind, keys, columns, measures = found
            if any(_names(said, n) for n in keys + columns) or _states_a_cell(message, rows):
                return None  # they said which row or which column, or what they paid: the table answers them
            return f"{REASON}: " + " ; ".join([kind, " | ".join(keys), " | ".join(columns), " | ".join(measures)])
    return None


def _listed(options: list[str]) -> str:
    return options[0] if len(options) == 1 else ", ".join(options[:-1]) + f" or {options[-1]}"


def price_question(reason: str) -> str | None:
    """The one question for a ``price_choice`` reason: the measures (or the row names) and the column names."""
    if not reason.startswith(REASON + ": "):
        return None
    kind, rows, columns, measures = (part.strip() for part in reason[len(REASON) + 2:].split(" ; "))
    listed = _listed([r for r in rows.split(" | ") if r])
    if re.match(r"(?:when|what|which|how|who|where)\b", kind, re.I):
        # rows named by a question ("When we come"): which of them applies
        kind, asked = kind[0].lower() + kind[1:], f"which of these applies ({listed})"
    else:
        kind = f"the {kind.lower()}" if kind else "what you send"
        asked = f"which {kind.removeprefix('the ')} you need ({listed})"
    if measures:
        asked = "the " + " and ".join(m[0].lower() + m[1:] for m in measures.split(" | ") if m)
    cols = _listed([c for c in columns.split(" | ") if c])
    return (f"The price depends on {kind} and on the option you choose ({cols}): could you tell me {asked}, and "
            "which option you'd like, so I can give you the exact price?")
