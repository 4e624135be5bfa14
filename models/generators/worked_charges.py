"""The charges a reply states, worked out for the customer (``assistant.charges``), cited to the passage they use."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from assistant.charges import asks_cost, explained_amount, rates_in, worked_total
from assistant.formulas import plan_prices, work_out
from assistant.types import Passage
from models.generators.composer_policy import PolicySentence


@dataclass(frozen=True)
class Worked:
    quoted: tuple[int, str] | None  # (marker, sentence) explaining an amount the customer quotes
    total: tuple[int, str] | None  # (marker, sentence) working out the charges asked about for their quantity


def worked_charges(answers: Sequence[tuple[object, list[PolicySentence]]],
                   bank_rows: Sequence[tuple[Passage, list[str], NDArray[np.float32]]], message: str,
                   plans: AbstractSet[str] = frozenset()) -> Worked:
    """The charges the reply's answers state, worked out for the customer (``assistant.charges``): the total for
    their quantity from the rates said (or a formula of those documents worked out with their figures; ``plans``: the
    names of the customer's plan, whose price a source row states), and an amount they quote reproduced from a rate
    and a fee of a passage of the documents the answers come from. Each is cited to the passage whose rate it
    uses."""
    said = [s for _, sents in answers for s in sents]
    total = worked_total([s.text for s in said], message, plans)
    total_at = None
    if total is not None:
        marker = next((s.marker for s in said if rates_in(s.text)), None)
        total_at = (marker, total) if marker is not None else None
    docs = {p.marker: p.doc_id for p, _, _ in bank_rows}
    answering = {docs.get(s.marker) for s in said}
    if asks_cost(message):
        # a charge the documents give as a formula ("ETC = months remaining × monthly price × 80%"), worked out with
        # the figures the customer gives: from a sentence said, else from the documents the answers come from
        prices = plan_prices(bank_rows, plans)
        for marker, text in [(s.marker, s.text) for s in said] + [
                (p.marker, t) for p, texts, _ in bank_rows if p.audience == "public" and p.doc_id in answering
                for t in texts]:
            if (formula := work_out(text, message, prices)) is not None:
                # a formula whose every input the customer gives (their months left, their price) is their charge; a
                # rate said for a quantity read from their words is the lesser guess
                total_at = (marker, formula.sentence)
                break
    quoted_at = None
    for passage, texts, _ in bank_rows:
        if passage.audience != "public" or passage.doc_id not in answering:
            continue
        quoted = explained_amount(message, texts)
        if quoted is not None:
            quoted_at = (passage.marker, quoted)
            break
    return Worked(quoted_at, total_at)


__all__ = ["worked_charges", "Worked"]
