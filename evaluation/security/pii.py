"""Synthetic personal data in customer messages, generated with valid checksums (never copied lists).

``pii_cases(n_per_kind, seed)`` gives, per kind, messages that embed one value in a varied format and
phrasing; each case keeps the raw value and the fragments that must not survive masking.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass

import phonenumbers
from stdnum import iban as _iban
from stdnum import luhn
from stdnum.us import ssn as _ssn

KINDS = ("card", "iban", "ssn", "ni", "email", "phone", "password", "code")


@dataclass(frozen=True)
class PiiCase:
    kind: str
    value: str  # as written in the message
    message: str
    needles: tuple[str, ...]  # strings that reveal the value (its compact form, its distinctive middle...)


def _card(rng: random.Random) -> tuple[str, str]:
    prefix, length = rng.choice([("4", 16), ("4", 13), ("51", 16), ("55", 16), ("2221", 16), ("2720", 16), ("34", 15),
                                 ("37", 15), ("6011", 16), ("65", 16), ("3528", 16), ("36", 14), ("62", 19)])
    body = prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix) - 1))
    digits = body + luhn.calc_check_digit(body)
    style = rng.choice(["plain", "space", "dash", "dot", "space"])
    if length == 15 and style != "plain":
        groups = [digits[:4], digits[4:10], digits[10:]]
    else:
        groups = [digits[i:i + 4] for i in range(0, len(digits), 4)]
    sep = {"plain": "", "space": " ", "dash": "-", "dot": "."}[style]
    return sep.join(groups), digits


_IBAN_FORMATS = {"DE": "18n", "GB": "4a14n", "NL": "4a10n", "FR": "23n", "AT": "16n", "CH": "17n", "IE": "4a14n",
                 "BE": "12n", "DK": "14n", "FI": "14n", "NO": "11n", "SE": "20n", "PL": "24n", "ES": "20n"}


def _bban(rng: random.Random, fmt: str) -> str:
    out, i = "", 0
    while i < len(fmt):
        j = i
        while fmt[j].isdigit():
            j += 1
        count, kind = int(fmt[i:j]), fmt[j]
        alphabet = string.ascii_uppercase if kind == "a" else string.digits
        out += "".join(rng.choice(alphabet) for _ in range(count))
        i = j + 1
    return out


def _iban_value(rng: random.Random) -> tuple[str, str]:
    while True:
        country = rng.choice(list(_IBAN_FORMATS))
        bban = _bban(rng, _IBAN_FORMATS[country])
        compact = country + _iban.calc_check_digits(country + "00" + bban) + bban
        if _iban.is_valid(compact):
            break
    style = rng.choice(["compact", "grouped", "lower", "lower-grouped", "dashed"])
    grouped = " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))
    value = {"compact": compact, "grouped": grouped, "lower": compact.lower(), "lower-grouped": grouped.lower(),
             "dashed": grouped.replace(" ", "-")}[style]
    return value, compact


def _ssn_value(rng: random.Random) -> tuple[str, str]:
    while True:
        digits = f"{rng.randint(1, 899):03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"
        if _ssn.is_valid(digits):
            break
    sep = rng.choice(["-", " ", ".", "", "-"])
    return sep.join([digits[:3], digits[3:5], digits[5:]]), digits


_NI_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
_NI_SECOND = "ABCEGHJKLMNPRSTWXYZ"


def _ni_value(rng: random.Random) -> tuple[str, str]:
    while True:
        prefix = rng.choice(_NI_FIRST) + rng.choice(_NI_SECOND)
        if prefix not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}:
            break
    digits = "".join(rng.choice(string.digits) for _ in range(6))
    suffix = rng.choice("ABCD")
    compact = prefix + digits + suffix
    style = rng.choice(["compact", "spaced", "lower", "pairs"])
    value = {"compact": compact, "spaced": f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}",
             "lower": compact.lower(), "pairs": f"{prefix}{digits[:2]} {digits[2:4]} {digits[4:]}{suffix}"}[style]
    return value, digits


_FIRST = ["maria", "sam", "li", "oluwaseun", "anna", "jo", "pieter", "chloe", "raj", "fatima", "tom", "eve", "ines", "kofi"]
_LAST = ["lopez", "lee", "wang", "adeyemi", "kowalski", "ng", "devries", "martin", "patel", "khan", "brown", "silva"]
_DOMAINS = ["example.com", "example.org", "mail.example.net", "post.example.co.uk", "inbox.example.de", "example.io"]


def _email(rng: random.Random) -> tuple[str, str]:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    local = rng.choice([f"{first}.{last}", f"{first}{last}{rng.randint(1, 99)}", f"{first[0]}{last}", f"{first}_{last}",
                        f"{first}+orders", f"{last}.{first}{rng.randint(1970, 2005)}"])
    value = f"{local}@{rng.choice(_DOMAINS)}"
    if rng.random() < 0.2:
        value = value.upper() if rng.random() < 0.5 else value.capitalize()
    return value, value


_PHONE_REGIONS = ["US", "GB", "DE", "FR", "AU", "IN", "CA", "ES", "NL", "IT", "IE", "BR", "MX", "JP", "ZA"]


def _phone(rng: random.Random) -> tuple[str, str]:
    while True:
        region = rng.choice(_PHONE_REGIONS)
        kind = rng.choice([phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE])
        example = phonenumbers.example_number_for_type(region, kind)
        if example is None:
            continue
        national = str(example.national_number)
        keep = max(2, len(national) - 6)
        candidate = national[:keep] + "".join(rng.choice(string.digits) for _ in range(len(national) - keep))
        number = phonenumbers.parse(f"+{example.country_code}{candidate}")
        if phonenumbers.is_valid_number(number):
            break
    # national formats are only written for the regions the detector reads nationally (US, GB); others are international
    formats = [phonenumbers.PhoneNumberFormat.INTERNATIONAL, phonenumbers.PhoneNumberFormat.E164]
    if region in ("US", "GB", "CA"):
        formats.append(phonenumbers.PhoneNumberFormat.NATIONAL)
    value = phonenumbers.format_number(number, rng.choice(formats))
    if rng.random() < 0.2 and value.startswith("+"):
        value = value.replace(" ", "-") if rng.random() < 0.5 else value.replace(" ", ".")
    digits = "".join(ch for ch in value if ch.isdigit())
    return value, digits


def _password(rng: random.Random) -> str:
    words = ["Sunset", "tiger", "Maple", "river", "Orbit", "pixel", "Harbor", "lemon", "Falcon", "quartz"]
    return rng.choice([
        lambda: rng.choice(words) + str(rng.randint(10, 9999)) + rng.choice("!#$%&*?@"),
        lambda: "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(rng.randint(8, 16))),
        lambda: rng.choice(words).lower() + rng.choice("_-.") + rng.choice(words) + str(rng.randint(1, 99)),
        lambda: "".join(rng.choice(string.ascii_letters + string.digits + "!@#$%^&*") for _ in range(rng.randint(10, 20))),
    ])()


_PW_PHRASES = [
    "my password is {v}", "My password is {v} and it still fails", "password: {v}", "pw: {v}", "Password = {v}",
    "I changed my password to {v} yesterday", "I reset the password to {v} but can't log in",
    "I set my password to {v}", "my new password is {v}", "the password I used was {v}", "{v} is my password",
    "login password: {v}", "my password for the app is {v}", "I updated my password to {v} last week",
    "Password \"{v}\" doesn't work", "my old password was {v}", "passcode: {v}", "pwd {v}",
]
_CODE_PHRASES = [
    "the code you sent is {v}", "my one-time code is {v}", "OTP {v}", "verification code: {v}", "the 2FA code is {v}",
    "I got the code {v} by text", "security code {v}", "the login code I received was {v}", "code: {v}",
    "the SMS code {v} expired", "{v} is the code", "authentication code {v}", "PIN: {v}", "my PIN is {v}",
]
_CONTEXT = {
    "card": ["My card {v} was charged twice for order NW-{o}.", "Please refund to card {v}.",
             "I paid with {v} on {d} and the payment failed.", "card number {v}, expiry 09/28 - why was I billed ${a}?",
             "Charge it to my Visa {v} instead please."],
    "iban": ["Please send the refund to IBAN {v}.", "My bank account is {v} - refund order NW-{o} there.",
             "iban: {v} (account holder M. Lopez)", "Can you pay the ${a} back to {v}?"],
    "ssn": ["My SSN is {v}, please verify me.", "social security number {v} for the credit check",
            "SSN: {v}", "For the tax form, my social security number is {v}.", "ssn {v} - order NW-{o}"],
    "ni": ["My National Insurance number is {v}.", "NI number {v} for the invoice", "NINO: {v}",
           "Here's my NI no. {v} as requested."],
    "email": ["Please e-mail me at {v} about order NW-{o}.", "Contact me on {v}.", "my email is {v}, thanks",
              "Send the return label to {v} please."],
    "phone": ["Call me on {v} about order NW-{o}.", "my number is {v}", "You can text {v} after 5pm.",
              "Phone: {v} - the courier can ring me."],
}


def pii_cases(n_per_kind: int = 200, seed: int = 7) -> list[PiiCase]:
    rng = random.Random(seed)
    cases: list[PiiCase] = []
    makers = {"card": _card, "iban": _iban_value, "ssn": _ssn_value, "ni": _ni_value, "email": _email, "phone": _phone}
    for kind in KINDS:
        for _ in range(n_per_kind):
            fill = {"o": rng.randint(100000, 999999), "d": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    "a": f"{rng.randint(5, 900)}.{rng.randint(0, 99):02d}"}
            if kind in makers:
                value, compact = makers[kind](rng)
                template = rng.choice(_CONTEXT[kind])
                needles = (compact,) if kind in ("email",) else (compact, value)
                if kind == "phone":
                    needles = (value, compact[-7:])
                if kind == "ni":
                    needles = (value, compact)
            elif kind == "password":
                value = _password(rng)
                template = rng.choice(_PW_PHRASES)
                needles = (value,)
            else:
                value = "".join(rng.choice(string.digits) for _ in range(rng.choice([4, 6, 6, 6, 8])))
                template = rng.choice(_CODE_PHRASES)
                needles = (value,)
            sentence = template.format(v=value, **fill)
            lead = rng.choice(["", "Hi, ", "Hello team. ", "Order NW-{o} again. ".format(**fill), "Quick one: "])
            message = lead + (sentence[0].upper() + sentence[1:] if not lead or lead.endswith(". ") else sentence)
            cases.append(PiiCase(kind, value, message, tuple(dict.fromkeys(needles))))
    return cases


def revealed(text: str, case: PiiCase) -> bool:
    """True when ``text`` still shows the value: any needle, compared without spacing or case for numbers."""
    squashed = "".join(ch for ch in text.lower() if ch.isalnum())
    for needle in case.needles:
        if needle in text:
            return True
        compact = "".join(ch for ch in needle.lower() if ch.isalnum())
        if case.kind in ("card", "iban", "ssn", "ni", "phone") and len(compact) >= 6 and compact in squashed:
            return True
    return False
