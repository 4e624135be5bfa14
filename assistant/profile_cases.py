"""Rules written for another case than the one the customer's profile says is theirs.

Documents list the cases a rule depends on: a list of ways to pay ("- **Monthly Direct Debit**: ...", "- **Pay on
receipt**: ..."), a table keyed by plan or payment method ("| How you pay us | ... |" with rows "Direct Debit",
"Debit or credit card"). The customer's profile often says which case is theirs without the message saying it (a tier
"Flex (Direct Debit)", an order item "Monthly Direct Debit"). A sentence that names another case of such a list
and not theirs ("If a pay-on-receipt bill is still unpaid 28 days after the bill date, ...", "Payment is due 14 days
after the bill date" inside the "Pay on receipt" item) is the neighbouring rule, not the one that applies to them.
Nothing here names a company's cases: they are read from the documents' own lists and tables and the profile's words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.grounding.words import STOPWORDS
from assistant.table_choice import asked_about
from assistant.tables import tables_in

# a list item led by its case: "- **Pay on receipt**: you pay ..." or "- Annual plan: ..." (bold or plain, to a colon)
_LABELLED_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])\s+\**([^:*\n]{2,40}?)\**\s*:\**\s*(.*)$", re.M)
_BOLD_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])\s+\*\*([^*:\n]{2,40}?)\*\*(.*)$", re.M)
# a customer asking about another case than theirs without naming it ("can I bump up my cover?", "what would an upgrade
# cost?", "to go whenever I want"): the other cases' rules answer them
_MOVING_CASE = re.compile(r"\b(?:upgrad\w*|downgrad\w*|bump\w* (?:it |me )?up|(?:switch|chang|mov)\w* (?:to|up|down|over|"
                          r"plans?|tiers?|cover|packages?|memberships?|tariffs?)\b|other (?:plans?|options|tiers?|packages?)|"
                          r"what are my options|compare)", re.I)
OWN_SHARE = 0.6  # the share of a case's words the profile must hold for it to be theirs
_MAX_LABEL_WORDS = 4  # a case is named in a few words ("Bank transfer or PayPoint cash" is two of them)


@dataclass(frozen=True)
class CaseSet:
    """One list or table of cases: the customer's case, and the others' names (those the message names left out)."""

    mine: str
    others: tuple[str, ...]
    items: tuple[tuple[str, str], ...]  # (label, the item's own text) for a list; () for a table


def _norm(text: str) -> str:
    """Lower case, markdown and hyphens gone: "pay-on-receipt" meets "Pay on receipt"."""
    return re.sub(r"\s+", " ", re.sub(r"[*_`]", "", text.lower()).replace("-", " ")).strip()


def _names(label: str) -> list[str]:
    """The names a label gives: "Bank transfer or PayPoint cash" -> both; "Core (12 months)" -> "Core"."""
    head = re.sub(r"\([^()]*\)", " ", label)
    return [n for n in (_norm(x) for x in re.split(r",|/|\bor\b|\band\b", head)) if n]


def _open(owned: str) -> str:
    """The profile's words with brackets opened: "Flex (Direct Debit)" has Direct Debit too."""
    return re.sub(r"[()\[\]]", " ", owned)


def case_sets(passages: Iterable[str], owned: str, message: str) -> list[CaseSet]:
    """Every list or table of cases in the passages in which the profile (``owned``) picks exactly one case and the
    message names no other case of it ("can I switch to Direct Debit?" asks about another case: nothing is ruled out)."""
    have = _open(owned)
    if not have.strip() or _MOVING_CASE.search(message):
        return []  # no profile, or a customer asking to move to another case: the other cases are what they ask about
    out: list[CaseSet] = []
    seen: set[tuple[str, ...]] = set()
    for text in passages:
        groups: list[tuple[list[str], list[tuple[str, str]]]] = []
        items = [(m.group(1).strip(), m.group(2)) for m in _LABELLED_ITEM.finditer(text)] or [
            (m.group(1).strip(), m.group(2)) for m in _BOLD_ITEM.finditer(text)]
        if len(items) >= 2:
            groups.append(([label for label, _ in items], items))
        for rows in tables_in(text):
            keys = [r.key for r in rows if r.key]
            if len(keys) >= 2:
                groups.append((keys, []))
        for labels, listed in groups:
            labels = [re.sub(r"[*_`]", "", x).strip() for x in labels]
            if len(labels) < 2 or any(len(x.split()) > 2 * _MAX_LABEL_WORDS for x in labels):
                continue  # a list of steps or of long conditions, not of cases
            if tuple(labels) in seen:
                continue
            seen.add(tuple(labels))
            mine = _theirs(labels, have)
            if mine is None:
                continue
            named = asked_about(labels, message)
            if named - {mine}:
                continue  # the message asks about another case of this list
            others = tuple(x for x in labels if x != mine)
            out.append(CaseSet(mine, others, tuple((re.sub(r"[*_`]", "", a).strip(), b) for a, b in listed)))
    return out


def _tokens(text: str) -> set[str]:
    """The words that name (not "on", "or", "the"): "Pay on receipt" -> {"pay", "receipt"}."""
    return {w for w in re.findall(r"[a-z0-9]+", re.sub(r"\([^()]*\)", " ", text.lower()))
            if w not in STOPWORDS and (len(w) > 2 or w.isdigit())}


def _theirs(labels: list[str], have: str) -> str | None:
    """The one label most of whose words the profile holds ("Monthly Direct Debit" for a tier "... (Direct Debit)"),
    or None (none or several: a list the profile does not place them in; one shared word, "direct" in "Social media
    direct messages", is no match)."""
    words = _tokens(have)
    close = [x for x in labels if _tokens(x) and len(_tokens(x) & words) / len(_tokens(x)) >= OWN_SHARE]
    whole = [x for x in close if _tokens(x) <= words]
    mine = whole[0] if len(whole) == 1 else close[0] if len(close) == 1 else None
    if mine is None or any((_tokens(x) - _tokens(mine)) & words for x in labels if x != mine):
        return None  # the profile holds a word of another case too ("Fibre 500 + Mobile Plus"): no single case is theirs
    return mine


def _said(name: str, text: str) -> bool:
    return bool(name) and re.search(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", text) is not None


def for_other_case(sentence: str, sets: Sequence[CaseSet]) -> bool:
    """Whether the sentence names another case than the customer's of one of ``sets`` and not theirs, or is part of
    another case's list item ("Payment is due 14 days after the bill date." under "Pay on receipt")."""
    said = _norm(sentence)
    for s in sets:
        if any(_said(n, said) for n in _names(s.mine)):
            continue
        own = _tokens(s.mine)
        # a name another case shares with theirs tells nothing ("debit" of "Debit or credit card" beside "Direct Debit")
        if any(_said(n, said) for other in s.others for n in _names(other) if len(n) >= 4 and not _tokens(n) <= own):
            return True
        head = said[:60]
        if head and any(label in s.others and head in _norm(body) for label, body in s.items):
            return True
    return False


__all__ = ["CaseSet", "case_sets", "for_other_case"]
