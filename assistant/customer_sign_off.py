"""The customer's own closing line: "Thanks, Maria", "Cheers\\nDave", "Danke, Jonas", "- Tom".

Two things read it: the greeting (a customer with no profile who signs their name is greeted by it) and the emotion
analysis (a closing "Thanks, Maria Lopez" is politeness, not a grateful customer).
"""

from __future__ import annotations

import re

from assistant.grounding.sentences import split_sentences

# Closing words in the languages customers write in most; what follows them on the same line may be a name.
_THANKS = (
    r"(?:many |big |huge )?(?:thanks|thank you|thanx|thx|cheers)(?: (?:so much|very much|a lot|a million|again))?"
    r"(?: (?:in advance|for (?:your|any|the) (?:help|time|reply)))?"
    r"|danke(?: schön| sehr)?|vielen dank|gracias|muchas gracias|merci(?: beaucoup)?|grazie|obrigad[oa]|bedankt|tack"
)
# closings that are also everyday words ("best", "yours") only close when punctuation sets the name apart
_FAREWELL = (
    r"(?:kind |best |warm |warmest |many )?regards|best(?: wishes)?|all the best|sincerely|yours(?: sincerely| truly)?"
    r"|saludos|cordialement|groetjes|mvh|ta"
)
_CLOSING = f"{_THANKS}|{_FAREWELL}"
_CLOSING_LINE = re.compile(rf"^\W*(?:{_CLOSING})\W*$", re.I)
# "Maria", "O'Neill", "McDonald", "Ana-Maria"
_NAME_WORD = r"[A-ZÀ-Þ](?:[a-zß-ÿ]+(?:[A-ZÀ-Þ][a-zß-ÿ]+)?|['’][A-ZÀ-Þ][a-zß-ÿ]+)(?:-[A-ZÀ-Þ][a-zß-ÿ]+)?"
_NAME = rf"{_NAME_WORD}(?: {_NAME_WORD}){{0,2}}(?: [A-Z]\.?)?"
_CLOSING_AND_NAME = re.compile(
    rf"^\W*(?:(?:{_THANKS})\s*[,.!\-–—]*|(?:{_FAREWELL})\s*[,.!\-–—]+)\s*(?P<name>{_NAME})\W*$", re.I)
_DASH_NAME = re.compile(rf"^\s*[-–—~]+\s*(?P<name>{_NAME})\s*$")
_NAME_ONLY = re.compile(rf"^\s*(?P<name>{_NAME})\W*$")
# a name with who the writer is to the account holder: "Siobhan (his daughter)", "Anna, Tom's wife", "Joe - her son"
_NAME_AND_ROLE = re.compile(rf"^\s*(?P<name>{_NAME})\s*(?:\(\s*|,\s*|[-–—]\s*)(?:his|her|their|[A-Z]\w+'s)\s+"
                            r"(?:\w+\s+)?(?:daughter|son|wife|husband|partner|mother|mum|mom|father|dad|sister|"
                            r"brother|niece|nephew|grand\w+|carer|executor|neighbou?r|friend)\s*\)?\W*$")
# capitalised words that follow a closing without being a name ("Thanks Team", "Cheers Guys", "Thanks Again")
_NOT_NAMES = {"team", "guys", "all", "everyone", "again", "so", "much", "lot", "advance", "mate", "folks", "heaps",
              "you", "for", "in", "very", "sir", "madam", "regards", "thanks", "bye", "love", "ok", "okay", "please",
              "help", "anyway", "x", "xx", "lol", "urgent", "asap"}


def _name_or_none(name: str | None) -> str | None:
    # the closing words are matched without case, so the name's capitals are checked on the text as written
    if not name or not re.fullmatch(_NAME, name):
        return None
    words = name.replace(".", "").split()
    if any(w.lower() in _NOT_NAMES for w in words):
        return None
    return name


def signed_name(message: str) -> str | None:
    """The name the customer signs with at the end of the message, if any (as written: "Maria Lopez")."""
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    if not lines:
        return None
    last = lines[-1]
    if len(lines) >= 2 and _CLOSING_LINE.match(lines[-2]):  # "Thanks,\nTom"
        only = _NAME_ONLY.match(last)
        if only:
            return _name_or_none(only.group("name"))
    role = _NAME_AND_ROLE.match(last)
    if role:  # the writer signs with who they are to the account holder
        return _name_or_none(role.group("name"))
    dash = _DASH_NAME.match(last)
    if dash:
        return _name_or_none(dash.group("name"))
    above = _NAME_ONLY.match(lines[-2]) if len(lines) >= 3 and _NAME_ONLY.match(last) else None
    if above and _name_or_none(above.group("name")):
        # a signature block: the person's name, then their business or role ("Niamh\nLough Candle Co.")
        return _name_or_none(above.group("name"))
    if len(lines) >= 3 and not _CLOSING_LINE.match(last):
        # a letter signed with the name alone on its last line ("...\n\nFiona Doyle"), a full name, not a word
        bare = _NAME_ONLY.match(last)
        if bare and " " in bare.group("name").strip():
            return _name_or_none(bare.group("name"))
    sentences = split_sentences(last)
    tail = sentences[-1].strip() if sentences else last
    closing = _CLOSING_AND_NAME.match(tail)
    if closing:
        return _name_or_none(closing.group("name"))
    bare = _NAME_ONLY.match(tail) if len(sentences) >= 2 and re.search(r"[.!?]\W*$", sentences[-2]) else None
    # a message written on one line and signed with a full name after its last sentence ("... what you need. Ada Moss")
    # (not a closing's words read as a name: "Best Buy" after a question is a shop)
    if bare and " " in bare.group("name").strip() and not re.match(rf"(?:{_CLOSING})\b", bare.group("name"), re.I):
        return _name_or_none(bare.group("name"))
    return None


def is_closing(sentence: str) -> bool:
    """The sentence only closes the message ("Thanks!", "Thanks so much, Ana", "Kind regards"): no thanks for anything."""
    text = sentence.strip()
    if _CLOSING_LINE.match(text):
        return True
    closing = _CLOSING_AND_NAME.match(text)
    return bool(closing and _name_or_none(closing.group("name")))


# a line of a signature: a name, a role, a company (a few capitalised words, no question, no sentence's verb)
_SIGNATURE_LINE = re.compile(r"^(?:[A-Z][\w&.'-]*,?\s*){1,6}$")


def without_signature(sentence: str) -> str:
    """A sentence's first line where every line after it is a signature's ("Thanks,\\nMarcus Webb\\nOperations"): the
    closing "Thanks," is then read on its own (``is_closing``)."""
    first, *rest = sentence.strip().split("\n")
    return first if rest and all(_SIGNATURE_LINE.match(x.strip()) for x in rest if x.strip()) else sentence
