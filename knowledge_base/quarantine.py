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
from typing import Any

from assistant.safety import injection
from assistant.safety.normalise import normalise
from knowledge_base.sanitize import sanitise
from knowledge_base.types import Document

_NEG = r"(?<!never )(?<!not )(?<!n't )(?<!don't )(?<!do not )(?<!won't )(?<!will never )"
_CREDENTIAL = re.compile(
    r"\b(?:send|e-?mail|share|provide|give|text|message|dm|forward|reply with|tell (?:us|me|them)|write|post|upload|enter|type|read out)\b"
    r"[^.\n]{0,50}?\b(?:(?:full|complete|whole|long) )?(?:card (?:number|details|info\w*|data)|credit card|debit card|cvv2?|cvc2?|"
    r"security code|pin(?: code| number)?|passwords?|passcodes?|one-time (?:pass)?code|otp|verification code|2fa code|bank (?:details|login|account details)|"
    r"login (?:details|credentials)|credentials|social security|ssn|gift card (?:number|code|pin)s?|card pin)\b", re.I)
_NEGATED = re.compile(r"\b(?:never|not|don't|do not|won't|will not|cannot|can't|shouldn't|should not|no one|nobody|neither)\b", re.I)
_REDIRECT = re.compile(
    r"\b(?:contact|e-?mail|write to|reach|call|message|text|dm|whatsapp|telegram|send)\b[^.\n]{0,80}?\b(?:instead|directly|personally|privately|"
    r"rather than|outside (?:of )?(?:the )?(?:official|normal|usual))\b|\b(?:instead of|rather than|bypass(?:ing)?|avoid(?:ing)?|do not use|don't use)\b"
    r"[^.\n]{0,20}\b(?:contacting |calling |e-?mailing |using )?(?:(?:our|the) )?(?:support|customer (?:service|care|support)|help ?desk|"
    r"official (?:channels?|support|site|website|app))\b", re.I)
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
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"')\]]*|\n|$)")
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


def instruction_reason(sentence: str, *, audience: str = "public") -> str | None:
    """Why ``sentence`` is instruction-like text a document should not contain, or None."""
    text = normalise(sentence).text
    cues = [f for f in injection.scan(text, "document") if f.category in _DOC_CUES]
    if cues:
        return f"addressed to the assistant ({cues[0].category.replace('_', ' ')})"
    m = _CREDENTIAL.search(text)
    if m and not _NEGATED.search(text[: m.end()]):
        return "asks for credentials or card details"
    if _REDIRECT.search(text) and not _NEGATED.search(text):
        return "redirects customers away from official support"
    if audience == "public" and (_TO_AGENTS.search(text) or _REPLY_RULE.search(text)):
        return "tells agents or the assistant what replies must say"
    return None


def find_passages(text: str, *, audience: str = "public") -> list[Quarantined]:
    """The instruction-like sentences of ``text``, in order."""
    out = []
    for m in _SENTENCE.finditer(text):
        sentence = m.group(0).strip()
        if len(sentence) < 8:
            continue
        reason = instruction_reason(sentence, audience=audience)
        if reason:
            out.append(Quarantined(" ".join(sentence.split())[:300], reason))
    return out


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
