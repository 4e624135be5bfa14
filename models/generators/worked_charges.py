"""The charges a reply states, worked out for the customer (``assistant.charges``), cited to the passage they use."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from assistant.age_rules import ASKS_AGE, age_consequence, minimum_ages
from assistant.allowance_overage import overage
from assistant.chargeable_weight import chargeable
from assistant.charges import (ON_TOP, items_total, asks_cost, counted_price, explained_amount, on_top_total, rates_in, row_subject,
                               worked_total)
from assistant.formulas import plan_prices, work_out
from assistant.customer_facts import for_other_case
from assistant.notice_dates import notice_consequence
from assistant.package_prices import package_price
from assistant.spend_gap import spend_gap
from assistant.stay_prices import headed, stay_price
from assistant.share_limits import share_consequence, share_proposed
from assistant.tables import cell_sentence, tables_in
from assistant.types import CustomerProfile, Passage
from models.generators.composer_policy import PolicySentence, clean_markdown

A = TypeVar("A")


@dataclass(frozen=True)
class Worked:
    quoted: tuple[int, str] | None  # (marker, sentence) explaining an amount the customer quotes
    total: tuple[int, str] | None  # (marker, sentence) working out the charges asked about for their quantity
    # a table row chosen for another band than the one the customer's figures put them in -> their band's row, read
    # the same way (marker, row as answer selection reads it): the prices of the band they are charged at
    swap: dict[tuple[int, str], str] = field(default_factory=dict)
    # the total is a stay's or a package's price: it answers their question, so it leads the answers
    leads: bool = False
    replaces: frozenset[tuple[int, str]] = frozenset()  # (marker, sentence) of the answers the total says instead


def worked_charges(answers: Sequence[tuple[object, list[PolicySentence]]],
                   bank_rows: Sequence[tuple[Passage, list[str], NDArray[np.float32]]], message: str,
                   plans: AbstractSet[str] = frozenset(), booking: str = "", today: date | None = None) -> Worked:
    """The charges the reply's answers state, worked out for the customer (``assistant.charges``): the total for
    their quantity from the rates said (or a formula of those documents worked out with their figures; ``plans``: the
    names of the customer's plan, whose price a source row states), and an amount they quote reproduced from a rate
    and a fee of a passage of the documents the answers come from. Each is cited to the passage whose rate it
    uses. A stay between two dates (theirs, or their ``booking``'s, counted from ``today``) priced night by night
    at its seasons' rates comes before all of them (``assistant.stay_prices``), then a package's price for their
    number of people or kilos (``assistant.package_prices``), or what is left to spend to reach a threshold said
    (``assistant.spend_gap``)."""
    said = [s for _, sents in answers for s in sents]
    total = worked_total([s.text for s in said], message, plans)
    total_at = None
    pages = [(p.marker, headed(p)) for p, _, _ in bank_rows if p.audience == "public"]
    if asks_cost(message) and today is not None and (
            stay := stay_price(message, booking, pages, today)) is not None:
        # a stay between their two dates, each night at its season's rate: their stay's price, not one rate's
        return Worked(None, (stay.marker, stay.sentence), leads=True)
    if asks_cost(message) and today is not None and (package := package_price(
            [(s.marker, s.text) for s in said], pages, message, today,
            {p.marker: p.doc_id for p, _, _ in bank_rows})) is not None:
        # a package priced for a first number of people or kilos and a rate for each one above, for their number
        return Worked(None, (package.marker, package.sentence), leads=True,
                      replaces=frozenset((package.marker, s) for s in package.said))
    if (gap := spend_gap([(s.marker, s.text) for s in said], message)) is not None:
        # how much more they must spend to reach the threshold said ("free delivery from $60"): their answer
        return Worked(None, (gap.marker, gap.sentence), leads=True)
    if total is not None:
        marker = next((s.marker for s in said if rates_in(s.text)), None)
        total_at = (marker, total) if marker is not None else None
    docs = {p.marker: p.doc_id for p, _, _ in bank_rows}
    formula_found = False
    swap: dict[tuple[int, str], str] = {}
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
                formula_found = True
                break
    if not formula_found:
        # the weight a parcel is charged at from the size the customer gives, and its band, on a page that works it
        # out ("length × width × height ÷ 5,000"): whole pages, as the formula, the rule and the table stand apart
        public = [p for p, _, _ in bank_rows if p.audience == "public"]
        for passage in sorted(public, key=lambda p: p.doc_id not in answering):
            rest = "\n\n".join(p.text for p in public if p.doc_id == passage.doc_id and p.marker != passage.marker)
            if (weighed := chargeable(passage.text, message, rest)) is not None:
                marker = passage.marker
                total_at = (marker, weighed.sentence)
                if weighed.band is not None:
                    swap = _band_rows(weighed.band, [p for p in public if p.doc_id == passage.doc_id])
                break
    if not formula_found and total_at is None:
        # what goes over an allowance per period ("100 miles per hire day are included ... £0.40 per mile"), for the
        # periods their message or booking (``booking``: its items) gives and the usage they give
        for passage, _, _ in sorted(bank_rows, key=lambda r: r[0].doc_id not in answering):
            if passage.audience == "public" and (over := overage(passage.text, message, booking)) is not None:
                total_at = (passage.marker, over)
                break
    if total_at is None and asks_cost(message):
        # several of one priced thing ("I bought 2 of the refill packs"): the row's price times how many
        counted = counted_price([x.text for x in said], message)
        marker = next((x.marker for x in said if counted and (subject := row_subject(x.text))
                       and subject.lower() in counted.lower()), None)
        if counted is not None and marker is not None:
            total_at = (marker, counted)
    if total_at is None and asks_cost(message):
        # several priced things they name, each with its count, added up ("the gloves and three glaze
        # samplers ... in total?"): rows of one passage
        rows = [x for x in said if row_subject(x.text)]
        for marker in dict.fromkeys(x.marker for x in rows):
            summed = items_total([x.text for x in rows if x.marker == marker], message)
            if summed is not None:
                total_at = (marker, summed)
                break
    if total_at is None and asks_cost(message):
        # an amount of their choosing and the one charge put on top of it ("a gift card for 500 kr ... in total?")
        on_top = on_top_total([x.text for x in said], message)
        marker = next((x.marker for x in said if on_top and ON_TOP.search(x.text)), None)
        if on_top is not None and marker is not None:
            total_at = (marker, on_top)
    quoted_at = None
    for passage, texts, _ in bank_rows:
        if passage.audience != "public" or passage.doc_id not in answering:
            continue
        quoted = explained_amount(message, texts)
        if quoted is not None:
            quoted_at = (passage.marker, quoted)
            break
    return Worked(quoted_at, total_at, swap)


def _band_rows(band: str, passages: Sequence[Passage]) -> dict[tuple[int, str], str]:
    """Each other row of the table that has a row for ``band`` -> that row, as answer selection reads rows (one
    table of one passage; none when no passage has it)."""
    for passage in passages:
        for rows in tables_in(passage.text):
            mine = [r for r in rows if r.key.strip().lower() == band.strip().lower()]
            if len(mine) == 1:
                theirs = clean_markdown(cell_sentence(mine[0]))
                return {(passage.marker, clean_markdown(cell_sentence(r))): theirs for r in rows if r is not mine[0]}
    return {}




def with_share_rule(answers: list[tuple[A, list[PolicySentence]]],
                    bank_rows: Sequence[tuple[Passage, list[str], NDArray[np.float32]]], message: str,
                    customer: CustomerProfile | None) -> list[tuple[A, list[PolicySentence]]]:
    """``answers`` with the rule that limits an amount the customer proposes to a share of another amount of theirs
    ("at least 90% of our recommended amount" to "can it be 100 instead of 130?") added to the ask that names the
    amount, where no answer states it yet: the rule is what settles that ask, and its consequence is said after it
    (``assistant.share_limits``). One such rule of the retrieved public passages, or none is added."""
    chosen = {(s.marker, s.position) for _, sents in answers for s in sents}
    found = [(p.marker, i, text, vecs[i]) for p, texts, vecs in bank_rows if p.audience == "public"
             for i, text in enumerate(texts) if share_consequence(text, message, customer) is not None]
    if len({text for _, _, text, _ in found}) != 1 or any((m, i) in chosen for m, i, _, _ in found):
        return answers
    marker, position, text, vec = found[0]
    proposed = share_proposed(text, message, customer)
    if proposed is None:
        return answers
    figure = f"{proposed:g}" if proposed == int(proposed) else f"{proposed:.2f}"
    out: list[tuple[A, list[PolicySentence]]] = []
    added = False
    for ask, sents in answers:
        asked = getattr(ask, "text", "") or ""
        if not added and re.search(rf"(?<![\d.,]){re.escape(figure)}(?![\d])", asked.replace(",", "")):
            score = max((s.score for s in sents), default=1.0)
            out.append((ask, [PolicySentence(marker, position, text, score, vec), *sents]))
            added = True
        else:
            out.append((ask, sents))
    return out



def with_notice_rule(answers: list[tuple[A, list[PolicySentence]]],
                     bank_rows: Sequence[tuple[Passage, list[str], NDArray[np.float32]]], message: str,
                     customer: CustomerProfile | None, today: date) -> list[tuple[A, list[PolicySentence]]]:
    """``answers`` with the rule asking for notice before the customer's next recurring date ("at least 10 working
    days before your next collection", ``assistant.notice_dates``) put right after a sentence chosen from the same
    passage, where it was not chosen itself: the section answers the ask, and that rule is what decides it for their
    date. Once in all; a rule for another case of the passage than theirs is not added."""
    chosen = {(s.marker, s.position) for _, sents in answers for s in sents}
    by_marker = {p.marker: (p, texts, vecs) for p, texts, vecs in bank_rows if p.audience == "public"}
    out: list[tuple[A, list[PolicySentence]]] = []
    added = False
    for ask, sents in answers:
        kept: list[PolicySentence] = []
        for s in sents:
            kept.append(s)
            if added or s.marker not in by_marker:
                continue
            passage, texts, vecs = by_marker[s.marker]
            for i, text in enumerate(texts):
                if (s.marker, i) in chosen or notice_consequence(text, message, customer, today) is None \
                        or for_other_case(text, passage.text, message):
                    continue
                kept.append(PolicySentence(s.marker, i, text, s.score, vecs[i]))
                added = True
                break
        out.append((ask, kept))
    return out


def with_age_rule(answers: list[tuple[A, list[PolicySentence]]],
                  bank_rows: Sequence[tuple[Passage, list[str], NDArray[np.float32]]],
                  message: str) -> tuple[list[tuple[A, list[PolicySentence]]], tuple[int, str] | None]:
    """``answers`` with the minimum-age rule given to an ask of being old enough ("is she old enough to join?") that no
    sentence answers, and the consequence for the age the customer gives (``assistant.age_rules``). The rule must come
    from a passage the other answers already use (the thing being booked), and state one minimum age there."""
    chosen = {s.marker for _, sents in answers for s in sents}
    # (a rule among the sentences said comes first: the row of the course they book, not the table's other rows)
    rules = [(s, ages) for _, sents in answers for s in sents if (ages := minimum_ages(s.text))] or [
        (PolicySentence(p.marker, i, text, 0.0, vecs[i]), ages) for p, texts, vecs in bank_rows
        if p.audience == "public" and p.marker in chosen for i, text in enumerate(texts)
        if (ages := minimum_ages(text))]
    if len({a for _, ages in rules for a in ages}) != 1:
        return answers, None
    rule, ages = rules[0]
    out: list[tuple[A, list[PolicySentence]]] = []
    consequence: tuple[int, str] | None = None
    for ask, sents in answers:
        asked = getattr(ask, "text", "") or ""
        if consequence is None and ASKS_AGE.search(asked) and not any(minimum_ages(x.text) for x in sents):
            said = age_consequence(asked, message, next(iter(ages)))
            if said is not None:
                consequence = (rule.marker, said)
                out.append((ask, [rule, *sents]))
                continue
        out.append((ask, sents))
    return out, consequence


__all__ = ["worked_charges", "Worked", "with_share_rule", "with_notice_rule", "with_age_rule"]
