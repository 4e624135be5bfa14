"""Undo the usual ways of hiding text from a reader: compatibility forms, invisible characters, look-alike
letters, letter-by-letter spacing and base64. Used on customer messages and on documents alike.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from dataclasses import dataclass, field

# Zero-width and other invisible format characters (Unicode category Cf) that people never type on purpose.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u180e\u00ad\u034f\u115f\u1160\u3164\uffa0"
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE = re.compile(f"[{ZERO_WIDTH}]")
_BIDI = re.compile(f"[{BIDI}]")
_TAGS = re.compile("[\U000e0000-\U000e007f]+")  # Unicode tag characters: invisible ASCII ("ASCII smuggling")
_VARIATION = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")
# Letters from other scripts that render like Latin ones (after NFKC, which already folds full-width forms).
_CONFUSABLES = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
    "ɡ": "g", "ӏ": "l", "һ": "h", "ԛ": "q", "ԝ": "w", "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H",
    "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ѕ": "S", "Ј": "J", "α": "a", "ο": "o",
    "ν": "v", "Α": "A", "Β": "B", "Ε": "E", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T",
    "Χ": "X", "Υ": "Y", "Ζ": "Z",
})
_SPACED = re.compile(r"\b(?:[A-Za-z][ .\-_*]){3,}[A-Za-z]\b")  # "i g n o r e", "S.Y.S.T.E.M"
_BASE64 = re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{16,}={0,2}(?![A-Za-z0-9+/=])")


@dataclass
class Normalised:
    text: str  # what a reader would understand, one string to run detectors on
    hidden: list[str] = field(default_factory=list)  # the kinds of hiding undone: "zero_width", "unicode_tags", ...
    decoded: list[str] = field(default_factory=list)  # texts decoded from base64 or tag characters


def strip_invisible(text: str) -> tuple[str, list[str]]:
    """``text`` without zero-width, bidi-control and tag characters, and which of them were there."""
    found = []
    if _INVISIBLE.search(text):
        found.append("zero_width")
        text = _INVISIBLE.sub("", text)
    if _BIDI.search(text):
        found.append("bidi_control")
        text = _BIDI.sub("", text)
    if _TAGS.search(text):
        found.append("unicode_tags")
        text = _TAGS.sub("", text)
    if _VARIATION.search(text):
        text = _VARIATION.sub("", text)
    return text, found


def decode_tags(text: str) -> list[str]:
    """The ASCII text smuggled in Unicode tag characters (U+E0020..U+E007E map to ' '..'~')."""
    out = []
    for run in _TAGS.finditer(text):
        decoded = "".join(chr(ord(ch) - 0xE0000) for ch in run.group(0) if 0xE0020 <= ord(ch) <= 0xE007E)
        if decoded.strip():
            out.append(decoded)
    return out


def decode_base64(text: str) -> list[str]:
    """Readable text hidden as base64 tokens (at least 16 characters, decoding to mostly printable UTF-8)."""
    out = []
    for m in _BASE64.finditer(text):
        token = m.group(0)
        try:
            raw = base64.b64decode(token + "=" * (-len(token) % 4), validate=True)
            decoded = raw.decode("utf-8")
        except (binascii.Error, ValueError, UnicodeDecodeError):
            continue
        printable = sum(ch.isprintable() or ch.isspace() for ch in decoded)
        if decoded and printable / len(decoded) > 0.95 and sum(ch.isalpha() for ch in decoded) >= 0.5 * len(decoded):
            out.append(decoded)
    return out


def normalise(text: str) -> Normalised:
    """NFKC, invisible characters removed (tag characters decoded), look-alikes folded, spaced letters joined,
    base64 decoded; decoded texts are appended so one scan sees everything."""
    decoded = decode_tags(text)
    clean, hidden = strip_invisible(text)
    clean = unicodedata.normalize("NFKC", clean).translate(_CONFUSABLES)
    clean = _SPACED.sub(lambda m: re.sub(r"[ .\-_*]", "", m.group(0)), clean)
    b64 = decode_base64(clean)
    if b64:
        hidden.append("base64")
    decoded += b64
    joined = "\n".join([clean, *(unicodedata.normalize("NFKC", d).translate(_CONFUSABLES) for d in decoded)])
    return Normalised(joined, hidden, decoded)
