"""Which language a customer wrote in.

English messages are recognised by their function words first (short English questions such as "Can I
pause my Plus membership?" fool character-based identifiers); anything else is identified by ``langid``
(a small bundled model, loaded on first use) and only believed when it is sure.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from knowledge_base.spelling import english_words

_ENGLISH = set(
    "the a an and or but if of to in on at for from by with about is are was were be been it this that my your i you "
    "we our me can could would will do does did have has had not no what when where why how which there please thanks "
    "hi hello order my just still get got want need".split())
# short words English shares with the other languages customers write in ("no", "me", "a", "in", "do")
_SHARED = set("a an in no me i do on".split())
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_lock = threading.Lock()
_identifier = None
MIN_PROBABILITY = 0.9
UNSURE_ENGLISH_SHARE = 0.1  # share of English function words below which an unsure identification stands


def _langid():  # noqa: ANN202 - langid has no type hints
    global _identifier
    with _lock:
        if _identifier is None:
            from langid.langid import LanguageIdentifier, model

            _identifier = LanguageIdentifier.from_modelstring(model, norm_probs=True)
        return _identifier


# cached: the drafter asks before spell-correcting (only English is corrected) and the analysis asks again on the
# same text for any other language
@lru_cache(maxsize=1024)
def detect_language(text: str) -> str:
    """ISO 639-1 code of the message's language; 'en' when it reads as English or is too short to tell."""
    words = [w.lower() for w in _WORD.findall(text)]
    latin = all(ord(ch) < 0x250 for ch in text if ch.isalpha())
    if latin and len(words) < 3:
        return "en"
    marked = any(0xC0 <= ord(ch) < 0x250 or ch in "¿¡" for ch in text)
    if latin and not marked and all(w[:1].isupper() for w in _WORD.findall(text)) and \
            sum(w in english_words() for w in words) * 2 >= len(words):
        # only names ("Benjamin Denton & Hilary Briss"), most of them words an English dictionary knows: nothing
        # says another language ("Hola Necesito Ayuda" has no such words)
        return "en"
    english = sum(1 for w in words if w in _ENGLISH and w not in _SHARED) / max(1, len(words))
    # letters English does not use ("olvidé", "contraseña", "¿"): the function words must say English more clearly
    if latin and english >= (0.35 if marked else 0.2):
        return "en"
    code, probability = _langid().classify(text)
    # an unsure identification is believed only where English function words are rare: short English questions
    # read as Walloon or Portuguese at 0.8 ("do my rewards points ever expire?")
    if code != "en" and (probability >= MIN_PROBABILITY or (probability >= 0.5 and english < UNSURE_ENGLISH_SHARE)):
        return str(code)
    return "en" if english >= 0.1 or code == "en" else "und"


_NAMES = {"es": "Spanish", "fr": "French", "de": "German", "pt": "Portuguese", "it": "Italian", "nl": "Dutch",
          "pl": "Polish", "sv": "Swedish", "da": "Danish", "no": "Norwegian", "nb": "Norwegian", "fi": "Finnish",
          "ro": "Romanian", "cs": "Czech", "hu": "Hungarian", "el": "Greek", "tr": "Turkish", "ru": "Russian",
          "uk": "Ukrainian", "ar": "Arabic", "he": "Hebrew", "hi": "Hindi", "ur": "Urdu", "bn": "Bengali",
          "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "vi": "Vietnamese", "th": "Thai", "id": "Indonesian",
          "ms": "Malay", "tl": "Tagalog", "ca": "Catalan", "ga": "Irish", "cy": "Welsh"}


def language_name(code: str) -> str:
    """The English name of a language code ("es" -> "Spanish"); the code itself for one not listed."""
    return _NAMES.get(code, f"'{code}'")


def warm_up() -> None:
    """Load the identifier now (server start-up) so the first non-English message does not wait for it."""
    _langid()
