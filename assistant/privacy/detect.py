"""Find personal data in free text: cards, IBANs, US SSNs, UK NI numbers, e-mails, phones, passwords, codes.

Each detector finds candidates with a permissive pattern and keeps only those a validator accepts:
Luhn and an issuer prefix for cards, the ISO 13616 checksum and per-country length for IBANs (any case,
any grouping), the SSA rules for SSNs (a plain nine-digit run needs an SSN word nearby), the HMRC prefix
rules for NI numbers, libphonenumber's validity check for phones. Passwords and one-time codes have no
checksum, so they need a phrase that introduces them ("my password is", "changed my password to",
"the code you sent is", ...); bare words after a weak connector ("changed my password to something")
are not taken for passwords.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from stdnum import iban as _iban
from stdnum import luhn as _luhn
from stdnum.us import ssn as _ssn

# Order matters: when spans overlap, the kind listed first wins (a card number is not also a phone).
KINDS = ("email", "card", "iban", "ssn", "ni", "password", "code", "phone", "cvv")  # the "code" detector reports "cvv" too
MASK = "••••"


@dataclass(frozen=True)
class Found:
    kind: str
    start: int
    end: int
    value: str  # the raw text as written
    mask: str  # what replaces it


# --- cards ------------------------------------------------------------------------------------------
_CARD_RUN = re.compile(r"(?<![\d\w])\d{1,19}(?:(?:[ .\-\u00a0]|\s?[-.]\s?)\d{1,19}){0,7}(?![\d])")
_GROUP = re.compile(r"\d+")


def _cards(text: str) -> list[Found]:
    out: list[Found] = []
    for run in _CARD_RUN.finditer(text):
        groups = [(m.start() + run.start(), m.end() + run.start(), m.group(0)) for m in _GROUP.finditer(run.group(0))]
        i = 0
        while i < len(groups):
            hit = None
            for j in range(len(groups), i, -1):  # the longest run of groups from i that is a card
                digits = "".join(g[2] for g in groups[i:j])
                if 13 <= len(digits) <= 19 and _is_card(digits):
                    hit = j
                    break
            if hit is None:
                i += 1
                continue
            start, end = groups[i][0], groups[hit - 1][1]
            digits = "".join(g[2] for g in groups[i:hit])
            out.append(Found("card", start, end, text[start:end], f"{MASK} {digits[-4:]}"))
            i = hit
    return out


def _is_card(digits: str) -> bool:
    # issuer prefixes start with 2-6 (Mastercard 2-series, Amex/Diners/JCB 3, Visa 4, Mastercard/Maestro 5, Discover/UnionPay 6)
    return digits[0] in "23456" and len(set(digits)) > 1 and _luhn.is_valid(digits)


# --- IBAN -------------------------------------------------------------------------------------------
_IBAN_START = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?=[ \-]?[A-Za-z0-9])")
_IBAN_CHAR = re.compile(r"[ \-]?[A-Za-z0-9]")


def _ibans(text: str) -> list[Found]:
    out: list[Found] = []
    for m in _IBAN_START.finditer(text):
        pos, compact, best = m.end(), m.group(0).upper(), None
        while len(compact) < 34:
            c = _IBAN_CHAR.match(text, pos)
            if c is None:
                break
            pos = c.end()
            compact += c.group(0)[-1].upper()
            at_boundary = pos >= len(text) or not text[pos].isalnum()
            if at_boundary and len(compact) >= 15 and _iban.is_valid(compact):
                best = (pos, compact)
        if best:
            end, compact = best
            out.append(Found("iban", m.start(), end, text[m.start():end], f"{compact[:2]}{MASK}{compact[-4:]}"))
    return out


# --- US SSN -------------------------------------------------------------------------------------------
_SSN_FORMATTED = re.compile(r"(?<![\d\-./])(\d{3})([ .\-])(\d{2})\2(\d{4})(?![\d\-]|\.\d)")
_SSN_PLAIN = re.compile(r"(?<![\d\-./])(\d{9})(?![\d\-]|\.\d)")
_SSN_WORDS = re.compile(r"\b(?:ssn|ss#|ss no|social security|social|soc\.? sec\.?|tax (?:id|number)|itin|tin)\b", re.I)


def _ssns(text: str) -> list[Found]:
    out: list[Found] = []
    for m in _SSN_FORMATTED.finditer(text):
        digits = m.group(1) + m.group(3) + m.group(4)
        if _ssn.is_valid(digits):
            out.append(Found("ssn", m.start(), m.end(), m.group(0), f"•••-••-{digits[-4:]}"))
    for m in _SSN_PLAIN.finditer(text):
        before = text[max(0, m.start() - 48):m.start()]
        if _ssn.is_valid(m.group(1)) and _SSN_WORDS.search(before):
            out.append(Found("ssn", m.start(), m.end(), m.group(0), f"•••-••-{m.group(1)[-4:]}"))
    return out


# --- UK National Insurance number -------------------------------------------------------------------
_NI = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2})[ \-]?(\d{2})[ \-]?(\d{2})[ \-]?(\d{2})[ \-]?([A-Da-d])(?![A-Za-z0-9])")
_NI_BAD_PREFIX = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def _ni_numbers(text: str) -> list[Found]:
    out: list[Found] = []
    for m in _NI.finditer(text):
        prefix = m.group(1).upper()
        if prefix[0] in "DFIQUV" or prefix[1] in "DFIOQUV" or prefix in _NI_BAD_PREFIX:
            continue
        out.append(Found("ni", m.start(), m.end(), m.group(0), f"{MASK} NI {m.group(5).upper()}"))
    return out


# --- e-mail -----------------------------------------------------------------------------------------
_EMAIL = re.compile(r"(?<![\w.+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![\w\-])")


def _emails(text: str) -> list[Found]:
    return [Found("email", m.start(), m.end(), m.group(0), "[email]") for m in _EMAIL.finditer(text)]


# --- phone ------------------------------------------------------------------------------------------
# Regions whose national formats are tried besides "+<country code>" numbers (which parse in any region).
PHONE_REGIONS = ("US", "GB")
_PHONE_HINT = re.compile(r"\d[\d\s().\-]{5,}\d")


def _phones(text: str) -> list[Found]:
    if not _PHONE_HINT.search(text):  # most messages have no long digit run: skip the matcher entirely
        return []
    out: dict[tuple[int, int], Found] = {}
    for region in PHONE_REGIONS:
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
            out.setdefault((match.start, match.end), Found("phone", match.start, match.end, match.raw_string, "[phone]"))
    return list(out.values())


# --- passwords and one-time codes ---------------------------------------------------------------------
# ("pw" never as the letters of a reference: "#PW-20418")
_PW_KEY = r"(?:pass\s?words?|passwd|pwd|(?<![#\w-])pw(?![-#]?\d)|pass\s?codes?|passphrase|pass\s?phrase|login password|log-in password)"
_STRONG_SEP = r"\s*(?:(?:is|was|=|:|-)\s*(?:now\s*)?[:=]?\s*|\s+now\s*[:=]?\s*)"
_WEAK_SEP = r"\s+(?:(?:is\s+)?now\s+|(?:has been |was |got |been )?(?:changed|set|reset|updated|switched)\s+(?:it\s+)?to\s+|to\s+|as\s+|of\s+)"
_VALUE = r"[\"'“‘]?(?P<val>[^\s\"'”’]{3,64}?)[\"'”’]?(?=[\s,;)]|[.!?](?:\s|$)|$)"
_PASSWORD = [
    re.compile(rf"\b{_PW_KEY}(?:\s+(?:for|on)\s+(?:my|the)\s+\w+)?(?P<sep>{_STRONG_SEP}){_VALUE}", re.I),
    re.compile(rf"\b{_PW_KEY}(?P<sep>{_WEAK_SEP}){_VALUE}", re.I),
    re.compile(rf"\b{_PW_KEY}(?P<sep>\s+)[\"'“‘](?P<val>[^\"'”’\n]{{3,64}})[\"'”’]", re.I),
    re.compile(rf"\b(?:changed|set|reset|updated|made)\s+(?:it|my\s+{_PW_KEY}|the\s+{_PW_KEY})(?P<sep>\s+to\s+){_VALUE}", re.I),
    re.compile(rf"(?<!\S)[\"'“‘]?(?P<val>[^\s\"'”’]{{4,64}}?)[\"'”’]?(?P<sep>\s+(?:is|was)\s+(?:my|the)\s+(?:new\s+|old\s+|current\s+)?){_PW_KEY}\b", re.I),
    re.compile(rf"\b(?:log(?:in|ged in|ging in)|sign(?:ed|ing)? in)\s+with\s+(?:the\s+)?{_PW_KEY}(?P<sep>\s+){_VALUE}", re.I),
    # "the password I used was X", "the password we set is X"
    re.compile(rf"\b{_PW_KEY}(?P<sep>\s+(?:i|we)\s+(?:used|use|tried|entered|typed|chose|picked|set|gave you)\s+(?:was|is)\s+){_VALUE}", re.I),
    # "pwd X9!k..." with no connector: only a value that is clearly not a word (checked by _looks_password)
    re.compile(rf"\b{_PW_KEY}(?P<sep>\s+){_VALUE}", re.I),
]
# Words that follow "password is/to" in prose, not secrets ("my password is not working").
_PROSE = {
    "not", "wrong", "incorrect", "invalid", "correct", "right", "fine", "ok", "okay", "expired", "locked", "blocked",
    "too", "very", "still", "being", "rejected", "accepted", "working", "broken", "reset", "changed", "the", "a", "an",
    "my", "your", "it", "that", "this", "something", "anything", "nothing", "same", "different", "new", "old", "strong",
    "weak", "long", "short", "case", "sensitive", "required", "needed", "forgotten", "lost", "stolen", "compromised",
    "and", "but", "so", "because", "when", "if", "then", "again", "now", "yesterday", "today", "recently", "work",
    "unknown", "set", "saved", "stored", "shared", "hacked", "change", "reset", "remember", "update", "updated", "for",
    "with", "without", "in", "on", "at", "by", "from", "manager", "field", "box", "page", "link", "email", "e-mail",
    "reset link", "recovery", "hint", "twice", "once", "every", "each", "all", "no", "any", "some", "one", "two",
    "secure", "safe", "unsafe", "mine", "yours", "there", "here", "what", "which", "who", "how", "why", "where",
}
_CODE_KEY = (r"(?P<key>\b(?:one[- ]time\s+(?:pass)?code|one[- ]time\s+password|otp|2fa(?:\s+code)?|mfa(?:\s+code)?|"
             r"verification\s+(?:code|number|pin)|security\s+(?:code|pin)|confirmation\s+code|auth(?:entication|entification|orisation|orization)?\s+code|"
             r"log-?in\s+code|sign-?in\s+code|sms\s+code|text(?:ed)?\s+code|access\s+code|pass\s?code|pin(?:\s+(?:code|number))?|"
             r"cvv2?|cvc2?|csc|cid|card\s+verification\s+(?:code|value)|code)\b)")
_CODE_EXCLUDE = re.compile(
    r"\b(?:zip|postal|post|promo|promotion(?:al)?|discount|coupon|voucher|gift|tracking|order|reference|ref|area|country|"
    r"dialling|dialing|product|error|status|item|sku|colour|color|style|dress|source|qr|bar|barcode|return|rma|sort|swift|bic|"
    r"tax|hs|class|reason|fault|response|http|region|branch|bank|offer|referral|invite|invitation|booking)\W*$", re.I)
_CODE = re.compile(_CODE_KEY + r"(?P<sep>(?:\s+(?:is|was|=|:|-|of|number|no\.?|you\s+(?:sent|texted|gave)(?:\s+me)?|i\s+(?:got|received|was\s+sent)|"
                   r"(?:that\s+)?(?:came|arrived)|sent\s+to\s+me|on\s+the\s+back|from\s+the\s+(?:text|sms|e-?mail|app)|"
                   r"(?:it\s+)?says|reads|shows))*\s*[:=#\-]?\s*)(?P<val>\d{3,8}(?:[ \-]\d{2,4})?|[A-Z0-9]{2,6}-[A-Z0-9]{2,6})(?![\d\w])",
                   re.I)
_CODE_BEFORE = re.compile(r"(?<![\w\-])(?P<val>\d{4,8})(?P<sep>\s+(?:is|was)\s+(?:my|the)\s+)" + _CODE_KEY, re.I)


def _looks_password(val: str, sep: str) -> bool:
    word = val.strip(".,;:!?)(").lower()
    if MASK in val or len(word) < 3 or word in _PROSE or re.fullmatch(r"\[\d{1,3}\][.,;:!?]?", val):
        return False  # (a citation marker, "passwords [1].", is no secret)
    strong = bool(re.search(r"[:=]", sep)) or bool(re.search(r"\b(?:is|was)\b", sep)) and not re.search(r"\b(?:to|as)\b", sep)
    has_mixed = any(not ch.isalpha() for ch in val) or (any(ch.isupper() for ch in val[1:]) and any(ch.islower() for ch in val))
    if has_mixed:
        return True
    # a plain word: a secret after "is"/":" unless a common prose word; after "to"/"as" only when quoted
    return strong and len(word) >= 4 and word.isalpha() and not word.endswith(("ing", "ed", "ly"))


def _passwords(text: str) -> list[Found]:
    out: list[Found] = []
    for pattern in _PASSWORD:
        for m in pattern.finditer(text):
            val, sep = m.group("val"), m.group("sep")
            quoted = m.group(0)[m.start("val") - m.start() - 1: m.start("val") - m.start()] in "\"'“‘" if m.start("val") > m.start() else False
            if quoted and len(val) >= 3 and MASK not in val or _looks_password(val, sep):
                out.append(Found("password", m.start("val"), m.end("val"), val, MASK))
    return out


def _codes(text: str) -> list[Found]:
    out: list[Found] = []
    for m in _CODE.finditer(text):
        key = m.group("key").lower()
        if _CODE_EXCLUDE.search(text[max(0, m.start() - 24):m.start()]):
            continue
        digits = re.sub(r"\D", "", m.group("val"))
        short_ok = key.startswith(("cvv", "cvc", "csc", "cid", "card", "pin", "security"))
        if m.group("val").isdigit() or digits == m.group("val").replace(" ", "").replace("-", ""):
            if len(digits) < (3 if short_ok else 4):
                continue
        elif key == "code" and not re.search(r"\s(?:is|was)\s|[:=]", m.group("sep")):
            continue  # an alphanumeric "code" needs "is"/":" (promo codes look the same)
        kind = "cvv" if key.startswith(("cvv", "cvc", "csc", "cid", "card")) else "code"
        out.append(Found(kind, m.start("val"), m.end("val"), m.group("val"), MASK))
    for m in _CODE_BEFORE.finditer(text):
        out.append(Found("code", m.start("val"), m.end("val"), m.group("val"), MASK))
    return out


_DETECTORS = {"email": _emails, "card": _cards, "iban": _ibans, "ssn": _ssns, "ni": _ni_numbers, "cvv": lambda _t: [],
              "password": _passwords, "code": _codes, "phone": _phones}


def detect(text: str, kinds: tuple[str, ...] = KINDS) -> list[Found]:
    """Every piece of personal data in ``text``, in order, without overlaps (earlier ``KINDS`` win)."""
    return list(_detect_cached(text, tuple(kinds)))


@lru_cache(maxsize=256)
def _detect_cached(text: str, kinds: tuple[str, ...]) -> tuple[Found, ...]:
    if not text or not any(ch.isdigit() or ch == "@" for ch in text) and not re.search(r"pass|pw|pwd", text, re.I):
        return ()
    taken: list[Found] = []
    for kind in KINDS:
        if kind not in kinds and not (kind == "code" and "cvv" in kinds):
            continue
        for found in _DETECTORS[kind](text):
            if found.kind in kinds and all(found.end <= t.start or found.start >= t.end for t in taken):
                taken.append(found)
    return tuple(sorted(taken, key=lambda f: f.start))
