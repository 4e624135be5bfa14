"""What a draft does (answer, partial, clarify, handover, decline) and whether it does it in earnest.

A draft that records its behaviour (``Draft.behaviour``) is judged on that label; a reply without one (an agent's,
another system's) has it inferred from its wording. Either way the label only counts when the text carries it
out: a ``clarify`` must ask the customer a real question, a ``partial`` must say what it could not cover, a
``handover`` must say that someone will follow up, and a ``decline`` must not quote policy passages. A label
the text does not bear out is wrong, however well the rest reads.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from assistant.grounding import citations
from assistant.grounding.sentences import split_sentences
from assistant.grounding.kinds import classify_sentence
from assistant.scope_refusals import refusal_sentences
from evaluation.metrics import accuracy as acc
from evaluation.suite import BEHAVIOURS, allowed_behaviours

# Says what it could not cover: "I couldn't find", "our sources don't mention", "no information about".
GAP = re.compile(
    r"\b(couldn'?t|could not|can'?t|cannot|don'?t|do not|wasn'?t|was not|isn'?t|is not|doesn'?t|does not)\s+"
    r"(find|see|cover|confirm|say|tell|answer|covered|mentioned|included|available|able|have|mention|include|state)\b"
    r"|\b(not|isn'?t)\s+(covered|mentioned|stated|included|something (?:i|we) can)\b"
    r"|\bno (information|details|source|mention)\b|\b(sources?|passages?|documents?|articles?)\s+(don'?t|do not|doesn'?t|does not)\b"
    r"|\b(check|confirm) (with|on) (a colleague|the team|that|this)\b|\bfollow up (on|about)\b|\bunable to\b",
    re.IGNORECASE,
)
_DECLINE = re.compile(
    r"\b(outside|beyond) (of )?(what|the (?:help|support|things?)|our)\b|\bnot something (?:i|we) (?:can|are able to)\b"
    r"|\b(?:can'?t|cannot|can not|am not able to|are not able to|unable to) (?:help|assist) (?:you )?with (?:that|this)\b"
    r"|\bonly (?:able to )?help with\b|\b(?:isn'?t|is not) something (?:i|we)\b",
    re.IGNORECASE,
)


def infer_behaviour(text: str) -> str:
    """The behaviour a reply's wording shows, for replies that record none."""
    legacy = acc.behaviour(text)
    if legacy == "clarify":
        return "clarify"
    if _DECLINE.search(text) and not citations.markers(text):
        return "decline"
    if legacy == "escalate":
        answers = [s for s in split_sentences(text) if classify_sentence(s) == "factual" and not GAP.search(s)]
        return "partial" if len(answers) >= 2 and GAP.search(text) else "handover"
    return "answer"


def asks_question(text: str) -> bool:
    """A real question to the customer (not "anything else I can help with?")."""
    for sentence in split_sentences(text.replace("’", "'")):
        if "?" in sentence and not acc._NOT_CLARIFY.search(sentence):
            return True
    return False


def _cites_only_refusals(text: str, cited: Sequence[str]) -> bool:
    """Every cited sentence of ``text`` is one of the cited pages' own refusals ("No. We only hire out bikes. Please
    book tours directly with the guide."): a decline in the company's words, not policy pasted beside one."""
    allowed = {" ".join(s.split()).rstrip(".").lower() for page in cited for s in refusal_sentences(page)}
    quoted = [" ".join(citations.strip_citations(s).split()).rstrip(".").lower()
              for s in split_sentences(text) if citations.markers(s)]
    return bool(quoted) and all(q in allowed for q in quoted)


def form_problems(behaviour: str, text: str, n_citations: int = 0, cited: Sequence[str] = ()) -> list[str]:
    """Why ``text`` does not carry out ``behaviour`` (empty when it does). ``cited``: the texts of the passages the
    reply cites, where known."""
    text = text.replace("’", "'")
    if behaviour == "clarify" and not asks_question(text):
        return ["labelled clarify but asks the customer no question"]
    if behaviour == "partial" and not GAP.search(text):
        return ["labelled partial but does not say what it could not cover"]
    if behaviour == "handover" and not (acc._ESCALATE.search(text) or re.search(
            r"\b(colleague|specialist|team|manager|supervisor|someone|desk|department|unit|lead|officer|adviser|"
            r"advisor|coordinator|engineer)s?\b[^.?!]*\b(will|'ll|is going to)\b", text, re.I)):
        return ["labelled handover but does not say who will follow up"]
    if behaviour == "decline" and (n_citations or citations.markers(text)) and not _cites_only_refusals(text, cited):
        return ["labelled decline but quotes policy passages"]
    return []


def draft_behaviour(draft: Any) -> tuple[str, str]:
    """(behaviour, source): the draft's own label when it records one in the known classes, else inferred."""
    declared = getattr(draft, "behaviour", None)
    if isinstance(declared, str) and declared in BEHAVIOURS:
        return declared, "declared"
    return infer_behaviour(getattr(draft, "text", "") or ""), "inferred"


def judge(expected: str | None, behaviour: str, text: str, n_citations: int = 0,
          cited: Sequence[str] = ()) -> dict[str, Any]:
    """``behaviour`` against ``expected`` (``"answer|handover"``): correct when allowed and carried out."""
    problems = form_problems(behaviour, text, n_citations, cited)
    result: dict[str, Any] = {"behaviour": behaviour, "problems": problems}
    if expected:
        allowed = allowed_behaviours(expected)
        result["expected_class"] = allowed[0]
        result["correct"] = behaviour in allowed and not problems
    return result


def confusion(rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """``{expected class: {produced behaviour: count}}`` over rows with ``expected_class`` and ``behaviour``."""
    table: dict[str, dict[str, int]] = {}
    for row in rows:
        if row.get("expected_class"):
            cell = table.setdefault(row["expected_class"], {})
            cell[row["behaviour"]] = cell.get(row["behaviour"], 0) + 1
    return {k: table[k] for k in BEHAVIOURS if k in table}
