"""The customer's row of a banded table in place of the rows chosen for an ask (``assistant.table_facts``).

Answer selection reads a table row by row and may choose rows that are not the customer's ("Less than 24 hours"
to someone picking up in three days). Where a chosen row belongs to a table whose row for this customer is known,
the customer's own row, said as its consequence for them, leads that ask's answer, and the table's other rows are
dropped from every ask. Likewise a table of plans: the row of the customer's own plan in place of another plan's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from assistant.places import Place
from assistant.table_choice import asked_about, customer_column, customer_row, place_row
from assistant.table_facts import RowFact, row_facts
from assistant.tables import Row, cell_sentence, natural_rows, tables_in
from assistant.types import CustomerProfile, Passage
from models.generators.composer_policy import PolicySentence, clean_markdown

A = TypeVar("A")


def _position(sentences: Sequence[str], row: Row) -> int | None:
    rendered = clean_markdown(cell_sentence(row))
    return next((i for i, s in enumerate(sentences) if s == rendered), None)


def apply_rows(answers: list[tuple[A, list[PolicySentence]]],
               bank_rows: Sequence[tuple[Passage, list[str], NDArray[np.float32]]], message: str,
               today: date, customer: CustomerProfile | None = None
               ) -> tuple[list[tuple[A, list[PolicySentence]]], set[tuple[int, int]]]:
    """``answers`` with each banded table's chosen rows replaced by the customer's row (see the module docstring),
    and the (marker, position) of the consequences put in (said as facts, not as rules to apply again).
    ``customer``: their profile, whose records date the event a table counts from."""
    public = [(p.marker, p.text) for p, _, _ in bank_rows if p.audience == "public"]
    headings = [f"{p.title}\n{p.section}" for p, _, _ in bank_rows if p.audience == "public"]
    # (marker, position) of a table row -> the fact for its table, and where the customer's own row stands
    table_of: dict[tuple[int, int], tuple[RowFact, int, NDArray[np.float32]]] = {}
    # every fact, with the passage and document it is in: what an ask for what they get may lead with
    found: list[tuple[int, str, RowFact, int, NDArray[np.float32]]] = []
    for passage, texts, vecs in bank_rows:
        if "|" not in passage.text:
            continue
        others = [t for m, t in public if m != passage.marker] + headings
        for fact in row_facts(passage.text, message, today, customer, others):
            mine = _position(texts, fact.row)
            if mine is None:
                continue
            found.append((passage.marker, passage.doc_id, fact, mine, vecs[mine]))
            for row in fact.table:
                at = _position(texts, row)
                if at is not None:
                    table_of[(passage.marker, at)] = (fact, mine, vecs[mine])
    if not found:
        return answers, set()
    said: set[int] = set()  # id of the facts said
    put: set[tuple[int, int]] = set()
    out: list[tuple[A, list[PolicySentence]]] = []
    for ask, sentences in answers:
        kept: list[PolicySentence] = []
        for s in sentences:
            hit = table_of.get((s.marker, s.position))
            if hit is None:
                kept.append(s)
                continue
            fact, mine, vec = hit
            if id(fact) in said:
                continue  # another row of a table already answered for this customer
            said.add(id(fact))
            put.add((s.marker, mine))
            # the customer's row is the direct answer to the ask: it leads
            kept.insert(0, PolicySentence(s.marker, mine, fact.sentence, s.score, vec))
        out.append((ask, kept))
    return _lead_unchosen(out, found, said, put, {p.marker: p.doc_id for p, _, _ in bank_rows})


# an ask for what the customer gets or pays: "what am I getting back?", "how much do I get?", "what's owed?"
_WHAT_THEY_GET = re.compile(r"\bhow much\b|\bwhat\b[^?.!]{0,25}\b(?:get|getting|receive|owed|due|entitled|back)\b|"
                            r"\bcompensation\b", re.I)


def _lead_unchosen(answers: list[tuple[A, list[PolicySentence]]],
                   found: list[tuple[int, str, RowFact, int, NDArray[np.float32]]], said: set[int],
                   put: set[tuple[int, int]], docs: dict[int, str]
                   ) -> tuple[list[tuple[A, list[PolicySentence]]], set[tuple[int, int]]]:
    """An ask for what the customer gets whose answers chose no row of a table worked out for them leads with the
    one fact of a table in the passage its answers come from (else in their document): the table answers it for
    them, though selection chose the sentences around it ("The clock starts when you report the fault ...")."""
    out: list[tuple[A, list[PolicySentence]]] = []
    for ask, sentences in answers:
        text = getattr(ask, "text", "") or ""
        if not sentences or not _WHAT_THEY_GET.search(text) or any((s.marker, s.position) in put for s in sentences):
            out.append((ask, sentences))
            continue
        markers = {s.marker for s in sentences}
        chosen_docs = {docs.get(m) for m in markers}
        fresh = [f for f in found if id(f[2]) not in said]
        here = [f for f in fresh if f[0] in markers] or [f for f in fresh if f[1] in chosen_docs]
        if len({f[2].sentence for f in here}) != 1:
            out.append((ask, sentences))
            continue
        marker, _, fact, mine, vec = here[0]
        said.add(id(fact))
        put.add((marker, mine))
        score = max(s.score for s in sentences)
        out.append((ask, [PolicySentence(marker, mine, fact.sentence, score, vec), *sentences]))
    return out, put


def own_rows(answers: list[tuple[A, list[PolicySentence]]],
             bank_rows: Sequence[tuple[Passage, list[str], NDArray[np.float32]]], owned: str,
             places: list[Place] | None = None, message: str = "") -> list[tuple[A, list[PolicySentence]]]:
    """``answers`` with the rows chosen from a table of plans replaced, in place, by the customer's own plan's row
    (``owned``: what they have), and those of a table of places by the row of the place they name; a table's row is
    said once. A row the message itself names ("how much is Fibre 900?") is what they ask about: it stays."""
    mine_at: dict[tuple[int, int], tuple[int, str, NDArray[np.float32]]] = {}  # a row -> the customer's row
    for passage, texts, vecs in bank_rows:
        if "|" not in passage.text:
            continue
        for rows in tables_in(passage.text):
            row = customer_row(rows, owned) or place_row(rows, places or [])
            mine = _position(texts, row) if row is not None else None
            if mine is None:
                continue
            named = asked_about([r.key for r in rows], message)
            for other in rows:
                at = _position(texts, other)
                if at is not None and other.key not in named:
                    mine_at[(passage.marker, at)] = (mine, texts[mine], vecs[mine])
    if not mine_at:
        return answers
    said: set[tuple[int, int]] = set()
    out: list[tuple[A, list[PolicySentence]]] = []
    for ask, sentences in answers:
        kept: list[PolicySentence] = []
        for s in sentences:
            hit = mine_at.get((s.marker, s.position))
            if hit is None:
                kept.append(s)
                continue
            mine, text, vec = hit
            if (s.marker, mine) in said:
                continue  # the customer's row is said already: another plan's row adds nothing for them
            said.add((s.marker, mine))
            kept.append(PolicySentence(s.marker, mine, text, s.score, vec))
        out.append((ask, kept))
    return out


def row_wording(passages: Sequence[Passage], owned: str = "", message: str = "") -> dict[str, str]:
    """Each table row as answer selection reads it (cell by cell) -> the row said as a sentence to the customer (of
    a table priced by plan, only the column of the customer's plan, where ``owned`` names it and ``message`` asks
    about no other)."""
    def column(rows: list[Row], text: str, have: str) -> str | None:
        return customer_column(rows, text, have, message)

    return {clean_markdown(cells): said for p in passages if "|" in p.text
            for cells, said in natural_rows(p.text, owned, column).items()}


__all__ = ["apply_rows", "own_rows", "row_wording"]
