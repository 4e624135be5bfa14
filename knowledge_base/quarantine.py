"""Instruction-like text inside documents: found at sync time, withheld from drafts, shown to knowledge managers.

A policy document states facts for customers; it does not talk to the assistant, ask for credentials or send
customers elsewhere. Passages that do (a "SYSTEM:" line, "ignore previous instructions", "the assistant is
authorised to ...", "e-mail your card details to ...", "contact me directly instead of support", or, in a
public document, orders to agents or the assistant about what replies must say) are *quarantined*:

- ``scan_documents`` (called by sync) lists them per document, with what was hidden in the file
  (``knowledge_base.sanitize``); the list goes into the sync report and the version's manifest, and from there
  into ``kb status`` and the documents list;
- ``screen_passages`` (called by the drafting pipeline) removes them from retrieved passages before a
  generator sees them, and says which sources it withheld, so the draft can carry a flag.

Policy numbers a document changes against its own previous version are listed by ``number_changes``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from assistant.safety import injection
from assistant.safety.normalise import normalise
from knowledge_base.sanitize import sanitise
from knowledge_base.types import Document

_NEG = r"(?<!never )(?<!not )(?<!n't )(?<!don't )(?<!do not )(?<!won't )(?<!will never )"
_SECRET_WORDS = (r"(?:(?:full|complete|whole|long) )?(?:card (?:number|details|info\w*|data)|credit card(?: number| details)?|"
                 r"debit card(?: number| details)?|cvv2?|cvc2?|security code|passwords?|passcodes?|one-time (?:pass)?codes?|otp|"
                 r"verification codes?|2fa codes?|bank (?:details|login|account details)|login (?:details|credentials)|credentials|"
                 r"social security(?: number)?|ssn|gift card (?:numbers?|codes?|pins?)|card pins?|pin(?: code| number)?)")
# a contact point: where the text wants the data or the customer to go
_CONTACT = r"(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://\S+|www\.\S+|\+?\d[\d ().-]{7,}\d|@\w{3,}|whatsapp|telegram|signal)"
_CREDENTIAL = re.compile(
    rf"\b(?:send|e-?mail|text|sms|message|dm|forward|reply with|reply to|post|write)\b[^.\n]{{0,60}}?\b{_SECRET_WORDS}\b|"
    rf"\b{_SECRET_WORDS}\b[^.\n]{{0,60}}?\b(?:to|via)\s+{_CONTACT}|"
    rf"(?:\b(?:agents?|representatives?|reps?|staff|we|the assistant|assistants?)\s+(?:should|must|will|need to|have to|are to|can|may)?\s*"
    rf"(?:always\s+)?|(?:^|[.!?]\s+|[-*•]\s*)(?:always\s+)?)(?:ask|request|collect|obtain|require)\w*\s+(?:the |every |each )?"
    rf"(?:customers?|callers?|them|buyers?|shoppers?|members?)\b[^.\n]{{0,30}}?\b(?:passwords?|cvv2?|cvc2?|one-time (?:pass)?codes?|"
    rf"verification codes?|full card numbers?|card details|bank login|pins?)\b", re.I)
_NEGATED = re.compile(r"\b(?:never|not|don't|do not|won't|will not|cannot|can't|shouldn't|should not|no one|nobody|neither)\b", re.I)
_REDIRECT = re.compile(
    rf"\b(?:contact|e-?mail|write to|reach|call|message|text|dm|send)\b[^.\n]{{0,80}}?{_CONTACT}[^.\n]{{0,60}}?\b(?:instead|directly|"
    rf"personally|privately|rather than|not (?:the )?(?:official|support))\b|"
    rf"\b(?:instead of|rather than|bypass(?:ing)?|avoid(?:ing)?|do not use|don't use)\b[^.\n]{{0,20}}\b(?:contacting |calling |"
    rf"e-?mailing |using )?(?:(?:our|the) )?(?:support|customer (?:service|care|support)|help ?desk|official (?:channels?|support|site|"
    rf"website|app))\b[^.\n]{{0,80}}?{_CONTACT}|"
    rf"{_CONTACT}[^.\n]{{0,60}}?\b(?:instead of|rather than)\b[^.\n]{{0,20}}\b(?:support|customer (?:service|care)|help ?desk|official)", re.I)
_ADDRESS = r"(?:agents?|representatives?|reps?|support (?:staff|team|agents?)|the assistant|assistants?|the ai|ai|bots?|chat ?bots?|the model|llms?|drafting (?:tool|system))"
_TO_AGENTS = re.compile(
    rf"(?:^|[.!?\n]\s*)(?:note to |attention |attn:? )?{_ADDRESS}\s*(?:[:,]|\b(?:must|should|shall|will|are to|are required to|"
    rf"need to|have to|always|never)\b)[^.\n]{{0,40}}\b(?:promise|offer|say|state|tell|write|include|confirm|guarantee|grant|issue|"
    rf"refund|approve|add|quote|mention|ask|request|collect|direct|send)\w*\b", re.I)
_REPLY_RULE = re.compile(
    r"\b(?:when|whenever|if|in every|in all|in any)\b[^.\n]{0,30}\b(?:replying|answering|responding|drafting|writing)\b[^.\n]{0,40}\b"
    r"(?:always|must|should|make sure to|be sure to)\b[^.\n]{0,40}\b(?:promise|offer|say|state|tell|include|confirm|guarantee|"
    r"grant|mention|add|quote)\w*\b", re.I)
_DOC_CUES = {"role_marker", "override", "addressed_to_ai", "authority", "prompt_leak", "hidden_markup", "hidden_text"}
_SENTENCE = re.compile(r"[^\n]*?(?:[.!?]+[\"')\]]*(?=\s|$)|\n|$)")  # "a.b@c.example" is one sentence
_NUMBER = re.compile(r"(?:[$€£]\s?)?\d+(?:[.,]\d+)*\s?(?:%|percent|days?|weeks?|months?|years?|hours?|business days?|"
                     r"working days?|(?:usd|eur|gbp|dollars?|euros?|pounds?)\b)?", re.I)


@dataclass(frozen=True)
class Quarantined:
    text: str  # the passage as written (for the knowledge manager)
    reason: str  # why it was quarantined, in a few words


@dataclass
class DocumentSecurity:
    doc_id: str
    title: str
    removed: dict[str, int] = field(default_factory=dict)  # hidden content stripped at load: kind -> count
    quarantined: list[Quarantined] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "title": self.title, "removed": dict(self.removed),
                "quarantined": [{"text": q.text, "reason": q.reason} for q in self.quarantined]}


# Words without which no rule below can match: most sentences of a policy skip the full check.
_TRIGGER = re.compile(
    r"system|ignor|disregard|forget|overrid|bypass|assistant|\bai\b|bot\b|model|llm|gpt|instruct|authori[sz]|prompt|pretend|"
    r"roleplay|jailbr|you are now|from now on|password|passcode|card|cvv|cvc|pin\b|code|otp|credential|ssn|social security|bank|login|"
    r"instead|directly|personally|privately|rather than|agent|rep\b|reps\b|representative|staff|repl|respond|answer|draft|"
    r"<|\[|#|@|http|www\.|:|anweisung|instrucc|istruzion|instruç|instructie|règle|regla|инструк|[^\x00-\x7f]", re.I)


def instruction_reason(sentence: str, *, audience: str = "public") -> str | None:
    """Why ``sentence`` is instruction-like text a document should not contain, or None."""
    if not _TRIGGER.search(sentence):
        return None
    text = normalise(sentence).text
    # quoted words are reported speech ("customers may paste text telling the assistant to 'ignore the rules'")
    unquoted = re.sub(r"[\"“][^\"”\n]{0,200}[\"”]|'[^'\n]{3,200}'", " ", text)
    cues = [f for f in injection.scan(unquoted, "document") if f.category in _DOC_CUES]
    if cues:
        return f"addressed to the assistant ({cues[0].category.replace('_', ' ')})"
    m = _CREDENTIAL.search(text)
    if m and not _NEGATED.search(text[: m.end()]):
        return "asks for credentials or card details"
    if _REDIRECT.search(text):
        return "redirects customers away from official support"
    if audience == "public" and (_TO_AGENTS.search(text) or _REPLY_RULE.search(text)):
        return "tells agents or the assistant what replies must say"
    return None


def find_passages(text: str, *, audience: str = "public") -> list[Quarantined]:
    """The instruction-like sentences of ``text``, in order."""
    return list(_find_passages(text, audience))


@lru_cache(maxsize=4096)
def _find_passages(text: str, audience: str) -> tuple[Quarantined, ...]:
    # every draft screens the passages it retrieved, and the same passages come back draft after draft
    out = []
    for m in _SENTENCE.finditer(text):
        sentence = m.group(0).strip()
        if len(sentence) < 8:
            continue
        reason = instruction_reason(sentence, audience=audience)
        if reason:
            out.append(Quarantined(" ".join(sentence.split())[:300], reason))
    return tuple(out)


def scan_documents(documents: Sequence[Document]) -> tuple[list[Document], list[DocumentSecurity]]:
    """Documents with hidden content stripped, and a security record for each that had any finding."""
    cleaned: list[Document] = []
    records: list[DocumentSecurity] = []
    for doc in documents:
        result = sanitise(doc)
        quarantined = find_passages(result.document.text, audience=doc.audience)
        for hidden in result.hidden_text:  # instructions hidden in a comment: already removed, still reported
            inner = re.sub(r"^<!--|-->$|^<[^>]*>|</[^>]*>$", "", hidden.strip()).strip()
            if inner and (instruction_reason(inner, audience=doc.audience) or injection.scan(inner, "document")):
                quarantined.append(Quarantined(" ".join(inner.split())[:300], "hidden in markup and addressed to the assistant"))
        if result.removed or quarantined:
            records.append(DocumentSecurity(doc.doc_id, doc.title, dict(result.removed), quarantined))
        cleaned.append(result.document)
    return cleaned, records


@dataclass(frozen=True)
class Withheld:
    doc_id: str
    title: str
    passages: tuple[str, ...]


def screen_passages(passages: Sequence[Any]) -> tuple[list[Any], list[Withheld]]:
    """Retrieved passages (anything with ``text``, ``doc_id``, ``title``, ``audience`` and ``marker``) without
    their instruction-like sentences; passages left empty are dropped and markers renumbered."""
    kept: list[Any] = []
    withheld: list[Withheld] = []
    for p in passages:
        bad = find_passages(p.text, audience=getattr(p, "audience", "public"))
        if not bad:
            kept.append(p)
            continue
        text = p.text
        for q in bad:
            text = _remove_sentence(text, q.text)
        withheld.append(Withheld(p.doc_id, p.title, tuple(q.text for q in bad)))
        if len(re.findall(r"[A-Za-z]{3,}", text)) >= 4:
            kept.append(p.model_copy(update={"text": text.strip()}))
    renumbered = [p.model_copy(update={"marker": i}) if p.marker != i else p for i, p in enumerate(kept, start=1)]
    return renumbered, withheld


def _remove_sentence(text: str, sentence: str) -> str:
    words = [re.escape(w) for w in sentence.split()]
    pattern = r"\s+".join(words)
    return re.sub(pattern, " ", text, count=1) if words else text


def number_changes(old_text: str, new_text: str) -> dict[str, list[str]]:
    """Numbers (amounts, percentages, durations) a new version of a document dropped and introduced."""
    old, new = _numbers(old_text), _numbers(new_text)
    return {"removed": sorted(old - new), "added": sorted(new - old)}


def _numbers(text: str) -> set[str]:
    return {" ".join(m.group(0).lower().split()) for m in _NUMBER.finditer(text)
            if any(ch.isdigit() for ch in m.group(0)) and not re.fullmatch(r"\d{1,2}", m.group(0).strip())}
