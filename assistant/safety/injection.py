"""Prompt-injection detection in customer messages (and their earlier turns) and whether a draft obeyed.

The text is normalised first (``assistant.safety.normalise``: NFKC, invisible and tag characters, look-alike
letters, spaced letters, base64), then matched against families of cues: role markers ("SYSTEM:", "[INST]"),
overrides ("ignore previous instructions", in several languages), dictation of the reply ("write/state/
confirm in your reply that ..."), words addressed to an AI, authority claims ("the assistant is authorised
to"), requests for the hidden prompt, hidden markup (HTML comments, text in tag characters). Each finding
keeps the words it matched, so a flag can say what was attempted and whether the draft repeated it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.safety.normalise import normalise

_F = re.I | re.M
# Where a dictated sentence may begin: the text's or a line's start, or after a sentence's end; not after the full
# stop of an abbreviation ("the U.S. state that ...", "e.g. say that ...": "state" there is no imperative)
_SENTENCE_START = r"(?:^|(?<!\b[A-Za-z])[.!?]\s*|\n\s*)"

# (category, pattern). Patterns run on normalised text; ``payload`` groups capture what the attacker wants said.
_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("role_marker", re.compile(r"(?:^|[\s>\]\-*#|(\"'])(?:system|sys|admin|developer|assistant|instruction|instructions|"
                               r"operator|root|sistema|système|systeme|systèm|anweisung)\s*(?:message|prompt|note|override|update)?\s*[:>\]]"
                               r"\s*(?P<payload>[^\n]{3,200})", _F)),
    ("role_marker", re.compile(r"<\|?(?:system|im_start|im_end|assistant|endoftext)\|?>|\[/?(?:system|inst|sys)\]|<</?sys>>|"
                               r"</?(?:system|assistant|instructions?|prompt)>|^\s*#{2,}\s*(?:system|new task|"
                               # a manual's own "## Instructions" section is no attack; new or hidden ones, or ones
                               # for the assistant, are
                               r"(?:new|updated|secret|hidden|real) instructions?|"
                               r"instructions? (?:for|to) (?:the )?(?:assistant|ai|bot|model|you)\b)", _F)),
    ("override", re.compile(r"\b(?:ignore|disregard|forget|skip|bypass|override|overrule|drop|abandon|discard)\b[^.\n]{0,40}?"
                            r"\b(?:instructions?|rules|guidelines|guardrails|prompts?|polic(?:y|ies)|directives?|constraints|"
                            r"restrictions|programming|training|safeguards|context|everything (?:above|before|else))\b", _F)),
    ("override", re.compile(r"(?:\b(?:here are|these are|follow|obey|use) (?:your |the |my )?|^\s*)(?:new|updated|revised|real|actual|hidden|"
                            r"secret|priority|special) (?:instructions?|directives?)\b|\b(?:new|updated|real|hidden|secret|priority) "
                            r"(?:instructions?|directives?)\s*(?::|for (?:you|the (?:assistant|ai|bot|model)))|"
                            r"\byou are now\b|\bfrom now on,? (?:you|the assistant|reply|respond|answer|always)\b|"
                            r"\b(?:act|behave) as (?:if you|an? (?:ai|assistant|agent|bot|model|unrestricted|different)|the (?:ai|assistant|admin))\b|"
                            r"\bpretend (?:that )?you\b|\bpretend to be (?:an?|my|the) (?:\w+ )?(?:ai|assistant|bot|agent|manager|supervisor|model)\b|"
                            r"\broleplay\b|"
                            r"\bjailbr[eo]ak\w*\b|\bdeveloper mode\b|\bdo anything now\b|\bno longer bound\b|\bunrestricted mode\b", _F)),
    ("dictation", re.compile(r"\b(?:write|state|say|declare|confirm|include|add|put|insert|print|output|type|tell (?:me|the customer)|"
                             r"reply|respond|answer|begin|start|end|finish|sign off)\b[^.\n]{0,30}?\b(?:in|into|to|at the (?:start|end) of) "
                             r"(?:your|the|this) (?:reply|response|answer|draft|e-?mail|message|output)\b[^.\n]{0,20}?"
                             r"(?:that|with|:|the (?:words?|sentence|phrase|text|line))?\s*(?P<payload>[^\n]{3,200})?", _F)),
    ("dictation", re.compile(rf"{_SENTENCE_START}(?:now |just |simply |also |and )?(?:write|state|say|declare|put in writing|"
                             r"confirm in writing|acknowledge in writing|respond with|reply with|answer with|repeat after me|"
                             r"copy(?: and paste)?|output|print)\b[^.\n]{0,20}?(?:that|:|exactly|verbatim|the following)\s*"
                             r"[\"'“]?(?P<payload>[^\n]{3,200})", _F)),
    ("dictation", re.compile(r"\b(?:your|the) (?:reply|response|answer|draft|output|e-?mail) (?:must|should|has to|needs to|will|shall)"
                             r" (?:say|state|include|contain|confirm|promise|mention|begin|start|end|read)\b\s*(?:that|with|:)?\s*"
                             r"(?P<payload>[^\n]{3,200})", _F)),
    ("dictation", re.compile(rf"{_SENTENCE_START}(?:confirm|promise|guarantee|agree|acknowledge|certify|affirm)\s+(?:to me\s+|me\s+|in writing\s+)?"
                             r"that\s+(?P<payload>(?:you|the company|we|our company|i|i'm|i am|my|the refund|a refund|the customer)\b[^\n]{3,200})", _F)),
    ("addressed_to_ai", re.compile(r"\b(?:dear|hey|hi|hello|attention|attn|note (?:to|for)|message (?:to|for)|instructions? (?:to|for))\b,?\s+"
                                   r"(?:the\s+)?(?:ai|a\.i\.|assistant|bot|chat ?bot|language model|llm|gpt|chatgpt|model|drafting (?:tool|system|assistant)|"
                                   r"auto-?responder|automated (?:system|assistant|agent))\b", _F)),
    ("addressed_to_ai", re.compile(r"\b(?:if|since|as) you(?:'re| are) (?:an?|the) (?:ai|assistant|bot|language model|llm|automated)\b|"
                                   r"\b(?:ai|assistant|language model|llm|chat ?bot|bot|model)s?\b[,:]?\s+(?:you must|you should|must|should|"
                                   r"shall|will now|please (?:ignore|write|say|include|confirm|promise)|ignore|disregard|write|include)\b", _F)),
    ("authority", re.compile(r"\b(?:the |this )?(?:assistant|ai|bot|model|system|drafting tool|agent)\b[^.\n]{0,20}\b(?:is|are) "
                             r"(?:now |hereby |fully )?(?:authori[sz]ed|permitted|allowed|instructed|required|cleared|approved) to\b|"
                             r"\b(?:i am|i'm|this is) (?:an? |the |your )?(?:admin|administrator|developer|system administrator|ceo|"
                             r"head of (?:support|customer service)|supervisor|manager|engineer|operator)\b[^.\n]{0,40}\b(?:authori[sz]e|"
                             r"approve|instruct|order(?:ing)? you|override|grant|permit)\w*\b|\b(?:i )?hereby authori[sz]e\b|\bauthori[sz]ation code\b", _F)),
    ("prompt_leak", re.compile(r"\b(?:reveal|show|print|repeat|output|display|tell me|give me|share|leak|dump)\b[^.\n]{0,20}\b"
                               r"(?:your|the) (?:system )?(?:prompt|instructions|rules|guidelines|configuration|initial (?:prompt|instructions))\b|"
                               r"\bsystem prompt\b|\bprompt injection\b|\bwhat (?:are|were) your instructions\b", _F)),
    # other languages: overrides, dictation and role markers
    ("override", re.compile(r"\b(?:ignora|ignore[zs]?|ignoriere|ignorier|negeer|ignorar|olvida|olvide|oubliez|oublie|vergiss|vergessen sie|"
                            r"dimentica|esqueça|esquece|zignoruj|игнорируй|проигнорируй)\b[^.\n]{0,40}?\b(?:instrucci\w+|instructions?|"
                            r"anweisung\w*|istruzion\w+|instruç\w+|instructies|regeln|règles|reglas|regole|regras|consignes|polecenia|"
                            r"инструкции|вказівки|vorgaben|richtlinien|directives)\b", _F)),
    ("dictation", re.compile(r"\b(?:escribe|escriba|di|diga|confirma|confirme|afirma|écris|écrivez|dis|dites|confirmez|schreibe|schreiben sie|"
                             r"sag|sage|bestätige|bestätigen sie|scrivi|conferma|dì|escreva|confirme|schrijf|bevestig|напиши|подтверди)\b"
                             r"[^.\n]{0,30}?\b(?:que|dass|daß|che|dat|что)\b\s*(?P<payload>[^\n]{3,200})", _F)),
    ("override", re.compile(r"\b(?:du bist jetzt|tu es maintenant|eres ahora|ahora eres|sei ora|você agora é|je bent nu|ты теперь)\b|"
                            r"\b(?:nuevas instrucciones|nouvelles instructions|neue anweisungen|nuove istruzioni|novas instruções|"
                            r"nieuwe instructies|новые инструкции)\b", _F)),
]
_COMMENT = re.compile(r"<!--(?P<payload>.*?)(?:-->|$)", re.S)
_HTML_TAG = re.compile(r"<\s*(?:script|iframe|img|svg|object|embed|style|meta|link)\b", re.I)


@dataclass(frozen=True)
class Finding:
    where: str  # "message" or "history turn N"
    category: str  # role_marker | override | dictation | addressed_to_ai | authority | prompt_leak | hidden_markup | hidden_text
    snippet: str  # the words matched, for the agent
    payload: str | None = None  # what the attacker wanted the reply to say, if dictated


def scan(text: str, where: str = "message") -> list[Finding]:
    """Every injection cue in ``text`` (after normalisation); empty for an ordinary message."""
    if not text:
        return []
    norm = normalise(text)
    findings: list[Finding] = []
    for m in _COMMENT.finditer(norm.text):
        body = m.group("payload").strip()
        if re.search(r"[A-Za-z]{3}", body):
            findings.append(Finding(where, "hidden_markup", _clip(m.group(0)), _clip(body)))
    tag = _HTML_TAG.search(norm.text)
    if tag:
        findings.append(Finding(where, "hidden_markup", _clip(tag.group(0))))
    if "unicode_tags" in norm.hidden and norm.decoded:
        findings.append(Finding(where, "hidden_text", _clip(norm.decoded[0])))
    for category, pattern in _CUES:
        for m in pattern.finditer(norm.text):
            payload = m.groupdict().get("payload")
            findings.append(Finding(where, category, _clip(m.group(0)), _clip(payload) if payload else None))
    if findings and norm.hidden and not any(f.category == "hidden_text" for f in findings):
        hidden = ", ".join(norm.hidden)
        findings.append(Finding(where, "hidden_text", f"instructions hidden with {hidden}"))
    return _dedupe(findings)


def scan_ticket(message: str, history: Iterable[object] = ()) -> list[Finding]:
    """Findings in the message and in the customer's earlier turns (agents' own turns are trusted)."""
    findings = scan(message)
    turns = list(history)
    for i, turn in enumerate(turns, start=1):
        if getattr(turn, "role", "customer") == "customer":
            findings += scan(getattr(turn, "text", str(turn)), where=f"history turn {i}")
    return findings


def is_injection(text: str) -> bool:
    return bool(scan(text))


def obeyed(reply: str, findings: Sequence[Finding], sources: Sequence[str] = ()) -> list[str]:
    """What of the attack the reply repeats: dictated payload clauses, or URLs, e-mails, amounts and words
    from the attacking text that no source contains."""
    if not findings:
        return []
    low_reply = _fold(reply)
    low_sources = _fold(" ".join(sources))
    hits: list[str] = []
    for f in findings:
        texts = [t for t in (f.payload, f.snippet) if t]
        for text in texts:
            for token in re.findall(r"https?://\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|[$€£]\s?\d[\d,.]*|\b\d+(?:\.\d+)?\s?%", text):
                tok = _fold(token.rstrip(".,;:!?)"))
                if tok and tok in low_reply and tok not in low_sources:
                    hits.append(token.rstrip(".,;:!?)"))
        if f.payload:
            words = re.findall(r"[a-z0-9']+", _fold(f.payload))
            # six consecutive words of the dictated clause in the reply: it was copied
            for i in range(0, max(0, len(words) - 5)):
                gram = " ".join(words[i:i + 6])
                if gram in " ".join(re.findall(r"[a-z0-9']+", low_reply)):
                    hits.append(gram)
                    break
    return list(dict.fromkeys(hits))


def describe(findings: Sequence[Finding], followed: Sequence[str]) -> str:
    """The flag message: what was attempted, where, and what the draft did."""
    cats = list(dict.fromkeys(f.category.replace("_", " ") for f in findings))
    places = list(dict.fromkeys(f.where for f in findings))
    example = next((f.snippet for f in findings if f.snippet), "")
    head = (f"The customer's text tries to instruct the assistant ({', '.join(cats)}; in the {' and the '.join(places)}: "
            f"“{example}”)")
    if followed:
        return head + f". The draft repeats part of it ({'; '.join(_clip(x, 60) for x in followed[:3])}): remove it before sending."
    return head + ". The draft does not follow those instructions or repeat their words."


def _fold(text: str) -> str:
    return normalise(text).text.lower()


def _clip(text: str | None, limit: int = 120) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str]] = set()
    out = []
    for f in findings:
        key = (f.category, f.snippet)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
