"""Scoring any reply (a draft, a human agent's reply, another system's) without drafting.

``ReplyScorer(embedder).score(...)`` returns ``{"tone": {...}, "accuracy": {...}}``: tone from
``evaluation.metrics.tone``, accuracy from ``evaluation.metrics.accuracy`` (groundedness through
``assistant.grounding.support.SupportScorer``). ``score_file`` reads the JSONL input of ``caredraft eval score``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.jsonlines import json_lines
from assistant.protocols import Embedder, SentenceSupport
from assistant.types import Channel, Citation, CustomerProfile, Passage
from evaluation.metrics import accuracy as acc
from evaluation.metrics import retrieval as ret
from evaluation.metrics.behaviour import infer_behaviour, judge
from evaluation.metrics.tone import score_tone


class ScoreInputError(ValueError):
    """A bad line in a scoring file; the message names the line."""


class ScoreItem(BaseModel):
    """One line of ``caredraft eval score`` input."""

    model_config = ConfigDict(extra="forbid")
    id: str | int
    message: str = Field(min_length=1)
    reply: str
    passages: list[str] = Field(default_factory=list)
    customer: CustomerProfile | None = None
    channel: Channel = "email"
    expected: dict[str, Any] | None = None


def profile_facts(customer: CustomerProfile | None, extra: Sequence[str | None] = ()) -> str:
    """The customer's profile as sentences (the verifier's own rendering), so facts taken from it count as backed.

    ``extra`` (agent name, company name) is added as the verifier adds it, so a drafted reply is scored against
    exactly the sources it was verified against (and their cached encodings are reused).
    """
    from assistant.verification import profile_text

    return profile_text(customer, extra) if customer is not None or any(extra) else ""


class ReplyScorer:
    """Scores replies; holds the support scorer (and its passage cache) across many replies."""

    def __init__(self, embedder: Embedder | None = None, support: SentenceSupport | None = None) -> None:
        if support is None:
            if embedder is None:
                raise ValueError("ReplyScorer needs an embedder or a support scorer")
            from assistant.grounding.support import SupportScorer

            support = SupportScorer(embedder)
        self.embedder = embedder
        self.support: SentenceSupport = support

    def score(
        self,
        *,
        message: str,
        reply: str,
        passages: Sequence[str],
        customer: CustomerProfile | None = None,
        channel: str = "email",
        expected: dict[str, Any] | None = None,
        citations: Sequence[Citation] | None = None,
        banned: Sequence[str] = (),
        known_names: Sequence[str | None] = (),
    ) -> dict[str, Any]:
        """Tone and accuracy of ``reply``; ``known_names`` (agent, company) count as backed like profile facts."""
        tone = score_tone(reply, message, customer=customer, channel=channel, banned=banned)
        accuracy = accuracy_scores(reply, passages, self.support, customer=customer, expected=expected or {},
                                   citations=citations, known_names=known_names)
        return {"tone": tone, "accuracy": accuracy}

    def prefetch(self, replies: Sequence[str], passage_lists: Sequence[Sequence[str]],
                 customers: Sequence[CustomerProfile | None] = ()) -> None:
        """Encode every sentence the scoring of these replies will need in one batched pass.

        The support scorer caches encodings by text, so the per-reply scoring that follows finds them all;
        one large batch costs far less on a CPU than one small batch per reply.
        """
        sources = [p for ps in passage_lists for p in ps] + [profile_facts(c) for c in customers if c is not None]
        sentences = [s for reply in replies for s in acc.factual_sentences(strip_signoff(reply))]
        self.support.prepare(sentences, list(dict.fromkeys(p for p in sources if p)))

    def retrieval(self, ranked_doc_ids: Sequence[str], gold: Sequence[str], *, k: int = 5) -> dict[str, float]:
        """recall@k, MRR and nDCG@k of a ranked list of document ids against the gold ones."""
        return {
            f"recall@{k}": ret.recall_at_k(ranked_doc_ids, gold, k),
            "mrr": ret.mrr(ranked_doc_ids, gold),
            f"ndcg@{k}": ret.ndcg_at_k(ranked_doc_ids, gold, k),
        }


def strip_signoff(reply: str) -> str:
    """The reply without its sign-off block ("Best regards,\\nDaniel\\nNorthwind Goods Care").

    The block is a closing line ending in a comma followed by up to three short lines (name, team); it states
    no fact, and left in it would be judged as an unsupported sentence.
    """
    lines = reply.rstrip().splitlines()
    for back in range(1, min(5, len(lines)) + 1):
        line = lines[-back].strip()
        if not line or len(line.split()) > 5 or line.endswith((".", "?", ":")) or any(ch.isdigit() for ch in line):
            return reply
        if line.endswith(",") and back > 1:
            return "\n".join(lines[:-back]).rstrip()
    return reply


def accuracy_scores(
    reply: str,
    passages: Sequence[str],
    support: SentenceSupport,
    *,
    customer: CustomerProfile | None = None,
    expected: dict[str, Any] | None = None,
    citations: Sequence[Citation] | None = None,
    known_names: Sequence[str | None] = (),
) -> dict[str, Any]:
    """The accuracy metrics of ``evaluation.metrics.accuracy`` for one reply, as one flat dict.

    Facts taken from the customer's profile (order id, amount, dates) count as backed, as in the verifier.
    With ``citations`` (a draft's), [n] markers are checked against the cited passages by their own numbers.
    """
    expected = expected or {}
    reply = strip_signoff(reply)
    profile = profile_facts(customer, known_names)
    facts = list(expected.get("facts") or [])
    meanings = [str(f["meaning"]) for f in facts if isinstance(f, dict) and "meaning" in f]
    if profile or meanings:
        # One model call for everything new in this reply's checks, instead of one per fact.
        support.warm([t for t in (profile, *meanings) if t])
    sources = [*passages, profile] if profile else list(passages)
    grounded = acc.groundedness(reply, sources, support)
    numbered: list[Any] = list(passages)
    if citations:
        numbered = [Passage(marker=c.marker, doc_id=c.doc_id, chunk_id=c.chunk_id, title=c.title, text=c.passage)
                    for c in sorted(citations, key=lambda c: c.marker)]
    cites = acc.citation_precision_recall(reply, numbered, scorer=support)
    result: dict[str, Any] = {
        "groundedness": grounded["score"],
        "supported_share": round(float(grounded["supported_share"]), 6),
        # Factual sentences under the support threshold: unlike the mean, it can only grow when a sentence is invented.
        "unsupported_sentences": round(len(grounded["sentence_scores"]) * (1 - float(grounded["supported_share"]))),
        "citation_precision": round(float(cites["precision"]), 6),
        "citation_recall": round(float(cites["recall"]), 6),
        "unsupported_claims": acc.unsupported_claims(reply, passages, profile or None),
        "behaviour": infer_behaviour(reply),
        "sentence_support": grounded["sentence_scores"],
    }
    if facts:
        coverage = acc.fact_coverage(reply, facts, support)
        result["fact_coverage"] = round(float(coverage["score"]), 6)
        result["facts_missing"] = [_fact_label(f) for f in coverage["missing"]]
        result["contradictions"] = acc.contradicts(reply, facts)
    if expected.get("must_not"):
        result["must_not_violations"] = must_not_violations(reply, expected["must_not"])
    if expected.get("behaviour"):
        judged = judge(expected["behaviour"], result["behaviour"], reply, len(citations or ()))
        result["behaviour_correct"] = float(judged["correct"])
        result["behaviour_problems"] = judged["problems"]
    return result


def must_not_violations(text: str, items: Sequence[str | dict[str, str]]) -> list[str]:
    """The forbidden strings (case-insensitive) or patterns ({pattern: regex}) that ``text`` contains."""
    found = []
    for item in items:
        if isinstance(item, dict):
            kind, value = next(iter(item.items()))
            hit = re.search(value, text, re.IGNORECASE) if kind == "pattern" else value.lower() in text.lower()
            label = f"{kind}: {value}"
        else:
            hit, label = _stated(item, text), item
        if hit:
            found.append(label)
    return found


def _stated(phrase: str, text: str) -> bool:
    """Whether ``text`` says ``phrase`` (case-insensitive) other than as an indirect question: "I'm checking
    whether you can donate your points" asks, it does not tell the customer "you can donate your points"."""
    return any(not re.search(r"\b(?:whether|if)\s+$", text[: m.start()], re.I)
               for m in re.finditer(re.escape(phrase), text, re.I))


def _fact_label(fact: Any) -> str:
    if isinstance(fact, dict):
        kind, value = next(iter(fact.items()))
        return f"{kind}: {value}"
    return str(fact)


def read_items(path: Path) -> list[ScoreItem]:
    """Every line of a scoring JSONL file, validated; the first bad line raises ``ScoreInputError``."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScoreInputError(f"{path}: cannot read: {exc}") from None
    items = []
    for line in json_lines(text.splitlines(), objects=True):
        number = line.number
        if line.error:
            raise ScoreInputError(f"{path}: line {number}: {line.error}")
        try:
            items.append(ScoreItem.model_validate(line.value))
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"]) or "line"
            raise ScoreInputError(f"{path}: line {number}: {field}: {err['msg']}") from None
    if not items:
        raise ScoreInputError(f"{path}: no replies to score")
    return items


def score_items(items: Sequence[ScoreItem], scorer: ReplyScorer, *, batch: int = 64) -> Iterator[dict[str, Any]]:
    """Scores in input order; sentences are encoded ``batch`` replies at a time (see ``ReplyScorer.prefetch``)."""
    for n, item in enumerate(items):
        if n % batch == 0:
            chunk = items[n : n + batch]
            scorer.prefetch([i.reply for i in chunk], [i.passages for i in chunk], [i.customer for i in chunk])
        result = scorer.score(message=item.message, reply=item.reply, passages=item.passages, customer=item.customer,
                              channel=item.channel, expected=item.expected)
        yield {"id": item.id, **result}
