"""How a policy sentence stands to what the customer says of their own case.

Two kinds of statement decide which of several rules is the customer's, whatever the documents are about:

- what they say they do not have or have lost ("I don't have backup codes", "I lost my receipt"): the rule whose
  condition is exactly that ("If you have no backup codes, ...") is theirs; a rule or step that needs it ("Sign in
  with one of your backup codes", "If you have your receipt, ...") is not;
- a share they quote ("my refund was 15% less"): the sentence stating that same share explains it.

``own_case`` returns +1 (the rule for their case), -1 (a rule they cannot follow) or 0 (neither said);
``states_quoted_figure`` says whether a sentence states a figure they quote.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.grounding.words import STOPWORDS, family

# a noun phrase of up to three words after the verb ("backup codes", "the original receipt")
_NP = r"((?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)"
_DET = r"(?:(?:any|a|an|the|my|our|your|their|those|these|them|its|one of (?:my|the|our))\s+)?"
# "I don't have any backup codes", "we no longer have the receipt", "I can't access my e-mail"
_LACK_VERB = re.compile(
    r"\b(?:i|we)\s+(?:do not|don't|dont|did not|didn't|didnt|no longer|never|can't|cant|cannot|can not|could not|"
    r"couldn't)\s+(?:have|has|had|got|get|find|access|remember|know|make|made|create|created|open|set up)\s+"
    + _DET + _NP, re.I)
# "I have no receipt", "I've lost my phone", "lost my card", "without a receipt", "with no backup codes"
_LACK_NO = re.compile(r"\b(?:(?:i|we)\s*(?:have|had|'ve|’ve)\s+(?:no|lost)|(?<!if you )lost|without|with no)\s+"
                      + _DET + _NP, re.I)
# the rule's condition is the lack: "If you have no backup codes, ...", "If you do not have a receipt", "Without a
# receipt, ...", "If you have lost your phone", "... by showing the QR code, without printing a label"
_RULE_LACK = re.compile(
    r"\b(?:if|when|where|in case)\s+(?:you|they|the customer)\s+(?:have no|has no|do not have|does not have|don't have|"
    r"doesn't have|no longer have|cannot find|can't find|cannot access|can't access|have lost|has lost|lost|"
    r"do not know|don't know|forgot|forget|no longer (?:have|know|remember))\s+" + _DET + _NP
    + r"|\bwithout\s+" + _DET + _NP, re.I)
# a rule for having it: "If you have your receipt, ...", "If you still have the box"
_RULE_HAS = re.compile(r"\b(?:if|when|once)\s+(?:you|they)\s+(?:still\s+)?(?:have|has|know|remember)\s+"
                       r"(?:(?:any|a|an|the|your|their|one of (?:your|the))\s+)" + _NP, re.I)
# a step that uses it: "Sign in with one of your backup codes", "enter your code", "using your phone"
_USES = re.compile(r"\b(?:with|using|use|enter|type|scan|show|bring|one of)\s+(?:one of\s+)?(?:your|the)\s+" + _NP,
                   re.I)
# words that say the sentence is about not having it ("in case you lose your phone")
_ABOUT_LACK = re.compile(r"\b(?:no|not|without|lose|lost|losing|forgot|forget|missing)\b", re.I)
_CUT = re.compile(r"\b(?:and|or|but|so|because|on|in|at|to|for|from|with|then|since|anymore|any ?more|now|either|"
                  r"too|yet|that|which|who)\b.*", re.I)
# a share ("15% less"); sums of money are matched by the composer's own amount check
_SHARE = re.compile(r"\b\d[\d,]*(?:\.\d{1,2})?\s?%")
_LIGHT = {family(w) for w in "thing things one ones stuff anything something way access".split()}


def _families(phrase: str) -> frozenset[str]:
    """The word families of a noun phrase, cut at the first word that ends it ("my phone with the app" -> phone)."""
    phrase = _CUT.sub("", phrase.lower()).strip()
    return frozenset(family(w) for w in re.findall(r"[a-z][\w-]*", phrase)
                     if w not in STOPWORDS and len(w) > 2) - _LIGHT


_SUPPOSED = re.compile(r"\b(?:what|and|but|so)?\s*(?:if|suppose|say|in case|unless)\b[^,.;!?]*", re.I)


def _statements(message: str) -> str:
    """What the customer states of their case: the message less what they only suppose ("what if I don't have a
    receipt?" says nothing of theirs)."""
    return _SUPPOSED.sub(" ", message)


@lru_cache(maxsize=1024)
def lacking(message: str) -> tuple[frozenset[str], ...]:
    """The things the customer says they do not have or have lost, each as its word families."""
    said = _statements(message)
    found = [_families(m.group(1)) for rx in (_LACK_VERB, _LACK_NO) for m in rx.finditer(said)]
    return tuple(f for f in found if f)


def quoted_figures(message: str) -> frozenset[str]:
    """The percentages the customer quotes, normalised ("15 %" -> "15%")."""
    return frozenset(_figure(m.group(0)) for m in _SHARE.finditer(message))


def _figure(text: str) -> str:
    return re.sub(r"[\s,]", "", text).replace(".00", "")


def _meets(phrase: str, lacks: tuple[frozenset[str], ...]) -> bool:
    """The phrase names one of the lacking things: it holds all the words of the thing's name (a lone word: that
    word)."""
    words = _families(phrase)
    return bool(words) and any(thing and thing <= words or words <= thing for thing in lacks)


def names_lacking(phrase: str, message: str) -> bool:
    """Whether the phrase names something the customer says they do not have ("order number" to "I don't have the
    order number"): what is never asked of them."""
    lacks = lacking(message)
    return bool(lacks) and _meets(phrase, lacks)


def without_lacking(need: str, message: str) -> str:
    """A request for details less the alternatives the customer says they lack ("full name or account ID" -> "full
    name" to "I don't have an account"); empty when every alternative is lacking."""
    parts = [p for p in re.split(r"\s+or\s+", need) if p.strip()]
    kept = [p for p in parts if not names_lacking(p, message)]
    return " or ".join(kept)


def own_case(sentence: str, message: str) -> int:
    """+1 where the sentence is the rule for the case the customer states (its condition is what they lack), -1 where
    it needs what they say they lack, else 0."""
    lacks = lacking(message)
    if lacks:
        if any(_meets(next(g for g in m.groups() if g), lacks) for m in _RULE_LACK.finditer(sentence)):
            return 1
        if any(_meets(m.group(1), lacks) for m in _RULE_HAS.finditer(sentence)):
            return -1
        if not _ABOUT_LACK.search(sentence) and any(_meets(m.group(1), lacks) for m in _USES.finditer(sentence)):
            return -1
    return 0


def states_quoted_figure(sentence: str, message: str) -> bool:
    """Whether the sentence states a share the customer quotes ("15% less than I paid")."""
    figures = quoted_figures(message)
    return bool(figures) and bool(figures & {_figure(m.group(0)) for m in _SHARE.finditer(sentence)})
