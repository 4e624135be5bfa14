"""Which sentences of the documents are worked examples about someone else's case, not rules.

A document's worked example ("A Basic stay of £240 cancelled 5 days before arrival: £120 refunded", a table of
sample charges under "### Examples", "For example, if the list price is £80, the lowest we sell at is £72") shows
how a rule works out for a made-up customer. Quoted in a reply, its figures read as the customer's own (raters: "another
booking's €205 refund", "irrelevant 7-day €84 example"), so the composer never quotes one; the rule it illustrates
is quoted instead, and the example stays evidence of how that rule is applied.
"""

from __future__ import annotations

import re

# a heading over worked examples ("Examples", "Worked examples", "Examples (no customs duty due)", "Pricing
# examples"), not a heading over a list of the things a rule names ("Examples of prohibited items")
_EXAMPLE_HEADING = re.compile(r"\b(?:examples?|sample calculations?|illustrations?)\b(?!\s+of\b)", re.I)
# a sentence that opens as an illustration ("For example, if ...", "Example: your power goes off ...", "Say you
# paid ...", "Suppose ...")
_EXAMPLE_OPENER = re.compile(
    r"^\W*(?:for (?:example|instance)\b|e\.g\.|example\b[^:.]{0,30}:|(?:let's |let us )?say (?:you|your|a|an|we)\b|"
    r"suppose\b|imagine\b)", re.I)
_FIGURE = re.compile(r"\d")
_HEADING_LINE = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.M)


def example_heading(heading: str) -> bool:
    """Whether a heading (the last part of a section path such as "Fees > Worked examples") is over worked examples."""
    last = re.split(r"\s*>\s*", heading.strip())[-1] if heading else ""
    return bool(last) and bool(_EXAMPLE_HEADING.search(last))


def example_opener(sentence: str) -> bool:
    """Whether a sentence opens as an illustration with figures of its own ("For example, if the list price is £80, the
    lowest we can sell for is £72."). One without figures ("For example, residents of X can ask for cash") states who
    a rule covers: it stays a rule."""
    return bool(_EXAMPLE_OPENER.match(sentence)) and bool(_FIGURE.search(sentence))


def example_sentences(text: str, section: str, sentences: list[str]) -> set[int]:
    """The positions in ``sentences`` (the passage's usable sentences, in order) that are worked examples: all of a
    passage whose section is an examples heading, those under an examples heading inside the passage's text, and
    those that open as an illustration with figures."""
    if example_heading(section or ""):
        return set(range(len(sentences)))
    # where each heading in the text starts, and whether it is over examples
    headings = [(m.start(), example_heading(m.group(1))) for m in _HEADING_LINE.finditer(text)]
    out: set[int] = set()
    cursor = 0
    for i, sentence in enumerate(sentences):
        if example_opener(sentence):
            out.add(i)
            continue
        if not headings:
            continue
        probe = sentence[:40].rstrip(".")
        at = text.find(probe, cursor) if probe else -1
        if at < 0:
            continue  # rebuilt from a table or a list: its place is unknown, read by its own words only
        cursor = at
        under = [flag for start, flag in headings if start < at]
        if under and under[-1]:
            out.add(i)
    return out
