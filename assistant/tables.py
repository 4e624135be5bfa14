"""Markdown tables in a passage: their rows, and each row said as a sentence a customer can read.

A policy table holds key facts ("| Notice before pick-up | What you get back |"). A row read out cell by cell
("For 24 to 48 hours, what you get back: Refund minus £25") is no sentence; said with its columns as the subject
("When the notice before pick-up is 24 to 48 hours, what you get back is refund minus £25.") it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.bands import band_of
from assistant.grounding.sentences import split_sentences
from assistant.grounding.words import content_words, stem

# a Markdown separator row: "|---|:---:|"
_SEPARATOR = re.compile(r":?-{2,}:?")
# a column header that already reads as a clause or a determined noun ("What you get back", "Your price"): no "the"
_DETERMINED = re.compile(r"^(?:what|how|when|where|which|who|why|whether|the|a|an|your|our|their|its|this|that|these|"
                         r"those|each|every|any|all|no)\b", re.I)
# a key column named by a question ("How late", "When you cancel"): its band cannot be its subject
_QUESTION_HEAD = re.compile(r"^\s*(?:how|when|what|which|where|who|why)\b", re.I)
# a cell that is a plain word or phrase, not a name or abbreviation ("Full refund", "Free"): lowered to run on
_NAME_OR_CODE = re.compile(r"^(?:[A-Z]{2,}|[A-Z][a-z]+[A-Z]|[A-Z][\w-]*\s+[A-Z])")



@dataclass(frozen=True)
class Row:
    header: tuple[str, ...]  # the table's column names ("" for an empty one)
    cells: tuple[str, ...]
    table: int  # which table of the passage (0-based)
    index: int  # the row's place in its table (0-based, header excluded)

    @property
    def key(self) -> str:
        return self.cells[0] if self.cells else ""

    @property
    def values(self) -> list[tuple[str, str]]:
        """(column name, cell) for every filled cell after the key."""
        return [(h, c) for h, c in zip(self.header[1:], self.cells[1:]) if c and not re.fullmatch(r"[–—-]+", c)]


def named_by_key(rows: list[Row], text: str) -> Row | None:
    """The row whose key ``text`` names with most of its words ("spruce chalet" for "Spruce chalet (sleeps 4)"),
    and more of them than any other row's; None where no one row is named so."""
    said = {stem(w) for w in content_words(text) if not w.isdigit()}

    def share(row: Row) -> float:
        words = {stem(w) for w in content_words(row.key) if not w.isdigit()}
        return len(words & said) / len(words) if words else 0.0

    ranked = sorted(rows, key=share, reverse=True)
    if ranked and share(ranked[0]) > 0.5 and (len(ranked) == 1 or share(ranked[0]) > share(ranked[1])):
        return ranked[0]
    return None


def _cells(line: str) -> list[str]:
    # (emphasis is the page's layout, never part of what a cell says: "**£10 failed payment fee**"; an abbreviation's
    # full stop, "max. 1 theft", would end the row's sentence inside the cell)
    return [without_abbreviation_stops(re.sub(r"\*\*|__", "", c)).strip() for c in line.strip().strip("|").split("|")]


_ABBREVIATION_STOP = re.compile(r"\b(max|min|approx|incl|excl|est|avg|ca)\.(?=\s+\S)", re.I)


def without_abbreviation_stops(cell: str) -> str:
    """"4 (max. 1 theft)" -> "4 (max 1 theft)": a table cell's abbreviations without the full stop that would end a
    sentence read from the row."""
    return _ABBREVIATION_STOP.sub(r"\1", cell)


def tables_in(text: str) -> list[list[Row]]:
    """The passage's Markdown tables, each as its rows (a table without a header and one row is none)."""
    out: list[list[Row]] = []
    header: list[str] | None = None
    rows: list[Row] = []
    for line in text.split("\n"):
        if "|" in line:
            cells = _cells(line)
            if all(_SEPARATOR.fullmatch(c) for c in cells if c):
                continue
            if header is None:
                header = cells
                continue
            rows.append(Row(tuple(header), tuple(cells), len(out), len(rows)))
            continue
        if header is not None and line.strip():  # (a blank line between rows does not end the table)
            if rows:
                out.append(rows)
            header, rows = None, []
    if header is not None and rows:
        out.append(rows)
    return out


# a first word that is a determiner, never part of a name ("Every Acme club", "All UK branches")
_NUMBERED_UNIT = re.compile(r"^(?:Minutes?|Hours?|Days?|Weeks?|Months?|Years?|Nights?)\s+\d", re.I)
_DETERMINER_FIRST = re.compile(r"^(?:Every|Each|All|Any|Some|No|The|A|An|Your|Our|Both|Either|Neither)\s", re.I)


# a day or month name, always capitalised ("Monday to Friday", "January")
_CALENDAR_NAME = re.compile(r"^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|^(?:January|February|March|April|June|July|"
                            r"August|September|October|November|December)\b")


def _lower(text: str) -> str:
    """A header or cell run on inside a sentence: first letter lowered unless it is a name or abbreviation."""
    if not text or (_NAME_OR_CODE.match(text) and not _DETERMINER_FIRST.match(text)) or _CALENDAR_NAME.match(text):
        return text
    return text[0].lower() + text[1:]


def column_phrase(name: str) -> str:
    """A column name as the subject of a clause: "Price per day" -> "the price per day"; "What you get back" stays."""
    name = _lower(name.strip())
    return name if _DETERMINED.match(name) else f"the {name}"


# a row key that is a clause with its own subject ("You're not in when the engineer arrives", "Our engineer doesn't
# turn up"): the case it is for is said with "If"
_CLAUSE_KEY = re.compile(r"^(?:(?:you|we|they|I|someone|nobody|no one)(?:'re|'ve|'m|'ll)?\b|"
                         r"(?:our|your|their|the customer's|my)\s+(?:[\w-]+\s+){1,3}?"
                         r"(?:is|are|isn't|aren't|was|wasn't|has|hasn't|have|haven't|can|can't|cannot|will|won't|does|"
                         r"doesn't|do|don't|did|didn't|needs?|gets?)\b)", re.I)
# a column asking where something goes ("Where the money goes", "Where refunds are sent"): its cell is the place
_WHERE_TO = re.compile(r"^\s*where\s+(.+?\b(?:goes|go|is sent|are sent|is paid|are paid|is refunded|are refunded|"
                       r"ends up|end up|lands|arrives|is returned|are returned))\s*$", re.I)
# a column asking how long ("How long", "Timescale"): its cell times the others
_HOW_LONG_HEAD = re.compile(r"^\s*(?:how long(?: it takes)?|how quickly|time(?:scale|frame)?s?|timing)\s*\??\s*$", re.I)
# a cell that is a clause of its own ("We send it within 5 working days")
_CLAUSE_CELL = re.compile(r"^\s*(?:we|you|it|they|your|our)\s+\w+", re.I)
# a cell with a subject and verb of its own: a few words, then "is kept", "are refunded", "is restricted", "is due"
_OWN_CLAUSE = re.compile(r"^\s*(?:[\w%£$€.,'-]+\s+){1,6}?(?:is|are|gets|get|stays|stay)\s+(?:not\s+)?(?:[a-z]+ed|kept|held|"
                         r"lost|due|paid|withheld|frozen|forfeited)\b", re.I)
# a column named by its subject and verb ("We pay", "You get"): its cell completes it ("we pay £40")
_SUBJECT_VERB_HEAD = re.compile(r"^\s*(?:we|you|they)\s+(?:pay|get|receive|give|refund|charge|credit|owe|keep|send)\s*$",
                                re.I)
# a column named by a condition ("If the new home needs a new line installed"): its cell is what applies then
_CONDITION_HEAD = re.compile(r"^\s*(?:if|when|where|unless)\s+\w", re.I)
# a cell that says when ("3–5 working days after you order", "Within 5 working days", "Next working day")
_TIME_CELL = re.compile(r"^\s*(?:\d|next|within|up to|usually|same|immediately|straight away|the same|by|on|before|"
                        r"after)\b", re.I)
# a column named by a phrase that its cell completes ("Raise it with us within" + "120 days")
_OPEN_HEAD = re.compile(r"\b(?:within|by|before|after|from|until|at|in|on|for|of|to|up to|with)\s*$", re.I)
# a yes/no question asked of the row's case ("Contact the merchant first?"), its verb first
_AUX_FIRST = re.compile(r"^\s*(?:is|are|do|does|can|will|was|were|has|have|should|must|may)\b", re.I)
# a parenthesis in a column name that says its cells are examples ("Destinations (examples)")
_EXAMPLES = re.compile(r"^\s*(?:examples?|e\.g\.?|for example|such as|some examples)\s*$", re.I)
# an amount that names what it is ("£25 late change fee"): said with "a" ("the charge is a £25 late change fee");
# an amount followed by its rate or case ("£4.00 a day", "£30 for each ...") is not
_AMOUNT_NOUN = re.compile(r"^[£$€]\d[\d,]*(?:\.\d+)?\s+(?!(?:a|an|per|each|for|every|of|off|or|and|to|plus|minus|max|min|"
                          r"up|on|in|if|from|with|after|before|until|x|×)\b)[a-z]", re.I)


# a cell that is a clause with its own subject ("We need a dated photo", "You'll need to pay by card"): said as it
# is, never "the result is we need ..."
_PRONOUN_CLAUSE = re.compile(r"^\s*(?:we|you|they|it|there)(?:'ll|'re|'ve|'s|'d)?\s+(?:\w+)", re.I)
# a column asking what someone does ("What we'll do", "What you need to do"): its cell is the action
_DO_HEAD = re.compile(r"^\s*what\s+(we|you|they)('ll|\s+will|\s+can|\s+should|\s+must|\s+may|\s+need to|\s+have to)?"
                      r"\s+do\s*\??\s*$", re.I)
# a column asking what someone gets or pays ("What you get back", "What we offer"): its cell is the object
_GET_HEAD = re.compile(r"^\s*what\s+(we|you|they)('ll|\s+will|\s+can)?\s+(get|receive|pay|offer|refund|charge|give|owe|"
                       r"keep)(\s+(?:back|off|out))?\s*\??\s*$", re.I)
# a column listing what something includes ("What's included", "Includes")
_INCLUDED_HEAD = re.compile(r"^\s*(?:what's included|what is included|included|includes|what it includes)\s*$", re.I)
# a column naming how the case is done ("How you pay us", "How you contact us"): its key is the way ("by card")
_HOW_WAY_HEAD = re.compile(r"^\s*how\s+((?:you|we|they)\s+(?!much\b|long\b|many\b|often\b)[a-z]+(?:\s+(?:us|it|them))?)"
                           r"\s*\??\s*$", re.I)
# a key column that only labels the case ("Situation", "What happened"): never its subject ("the situation is ...")
_CASE_LABEL_HEAD = re.compile(r"^\s*(?:situations?|cases?|scenarios?|circumstances?|what happened|what happens|event|"
                              r"type|issue|problem|reason)\s*$", re.I)
# a cell that is an amount or a one-word value ("£80 connection charge", "Free", "Included"): what a condition gives
_VALUE_CELL = re.compile(r"^\s*(?:[£$€]?\d|free\b|included\b|none\b|nothing\b|no charge\b|not available\b|"
                         r"yes\b|no\b|n/a\b)", re.I)
# a column naming the case ("What it's called", "Name"): its cell goes beside the key ("... (late cancellation)")
_NAME_HEAD = re.compile(r"^\s*(?:what (?:it's|it is|this is) called|what we call it|name|known as|called)\s*$", re.I)
# a cross-reference to another page ("(see *Smart meters*)"): nothing the customer can follow in a reply
_SEE_REF = re.compile(r"\s*\((?:see|see also)\s+[^()]*\)", re.I)
_SEE_CELL = re.compile(r"^\s*(?:see|see also)\s+\S.*$", re.I)


# a cell naming a charge, then its amount: "Late-change fee: 40% of the class price, capped at £12"
_LABELLED_AMOUNT = re.compile(r"^([A-Z][\w -]{1,30}?\b(?:fee|charge|surcharge|penalty|credit|refund|discount)):\s+"
                              r"((?:[£$€]?\d|half|a quarter).+)$")


def _a(phrase: str) -> str:
    """``phrase`` with its indefinite article by its first letter: "a late-change fee", "an evening slot"."""
    return f"{'an' if phrase[:1] in 'aeiou' else 'a'} {phrase}"


def _object(cell: str) -> str:
    """A cell said as the object of a verb: "Full refund" -> "a full refund"; "Nothing" stays."""
    labelled = _LABELLED_AMOUNT.match(cell)
    if labelled:  # "Late-change fee: 40% of the class price" -> "a late-change fee of 40% of ..."
        name = _lower(labelled.group(1))
        return f"{_a(name)} of {labelled.group(2)}"
    said = _article(_lower(cell))
    if said == _lower(cell) and re.match(r"(?:[a-z-]+ )?(?:price|cost|amount|value|balance|total)\b", said):
        return f"the {said}"  # "Package price, minus ...": "you get back the package price, minus ..."
    if said != _lower(cell) or len(cell.split()) > 4 or not _sentence_case(cell):
        return said
    return key_phrase(cell)


def _article(cell: str) -> str:
    """A cell that is an amount naming what it is, with its article ("£25 late change fee" -> "a £25 late change
    fee")."""
    if not _AMOUNT_NOUN.match(cell):
        return cell
    figure = re.match(r"[£$€](\d+)", cell)
    spoken_vowel = figure is not None and (figure.group(1).startswith("8") or figure.group(1) in ("11", "18"))
    return f"{'an' if spoken_vowel else 'a'} {cell}"


def _split_head(name: str) -> tuple[str, str]:
    """A column name and its parenthesis: "Interest rate (variable)" -> ("Interest rate", "variable")."""
    m = re.fullmatch(r"\s*(.*?)\s*\(([^()]*)\)\s*", name)
    return (m.group(1), m.group(2).strip()) if m and m.group(1) else (name.strip(), "")


def _plural(name: str) -> bool:
    """Whether a column name is a plural noun ("Your options", "Destinations"; not "What happens")."""
    if _QUESTION_HEAD.match(name):
        return False
    # the head noun comes before its phrase: "Last collection time for arrival before New Year" is one time
    name = re.split(r"\s+(?:for|of|in|on|to|before|after|with|per|from|by|at|during|under|over)\s+", name, maxsplit=1)[0]
    last = name.split()[-1].lower() if name.split() else ""
    return bool(re.search(r"(?<![su])s$", last)) or last in ("people", "children")


# a column named by an action ("Adding players", "Changing your date"); "-ing" nouns name things ("Booking fee")
_ACTION_HEAD = re.compile(r"^\s*[A-Z]?[a-z]{2,}ing\s+(?:your\s+|the\s+|a\s+)?[a-z]", re.I)
_ING_NOUN = re.compile(r"^\s*(?:booking|building|clothing|housing|parking|bedding|pricing|packaging|shipping|wedding|evening|"
                       r"morning|lighting|catering|heating|flooring|seating|setting|listing|meeting|ring|thing|string|"
                       r"spring|king|ceiling|training|handling|joining|billing|funding|opening|closing|cleaning|"
                       r"boarding|landing|filling|living|sibling|outstanding|pending|remaining|existing|standing|"
                       r"upcoming|ongoing|incoming|outgoing|starting|missing|matching|sending|reporting|safeguarding)\b",
                       re.I)


def _value_part(head: str, cell: str, groups: bool) -> str | None:
    """One column's cell as a clause: "the excess is £39"; "the destinations include USA, Canada"; "if the new home
    needs a new line installed, it's a £60 connection charge"; "raise it with us within 120 days"; "we'll reissue the
    bill" ("What we'll do"); "you get back a full refund" ("What you get back"). None where the column and its cell
    form no clause ("How the price works" + "Unit rates fixed for the term"): the row is then quoted plainly."""
    if not head:
        return _lower(cell)
    if groups and _plural(head) and not _DETERMINED.match(head):
        return f"{cell} for {head}"  # a column for a group ("UK branches"): the cell is the value for that group
    base, aside = _split_head(head)
    if base.endswith("?"):
        question = _lower(base.rstrip("? "))
        yes = re.match(r"\s*yes\b[.,;:]?\s*(.*)", cell, re.I)
        no = re.match(r"\s*no\b[.,;:]?\s*(.*)", cell, re.I)
        if not _AUX_FIRST.match(base) and (yes or no):
            rest = (yes or no).group(1)  # type: ignore[union-attr]
            rest = f", {_lower(rest)}" if rest else ""
            return f"{question}{rest}" if yes else f"there's no need to {question}{rest}"
        return f"{question}: {_lower(cell)}"
    if _CONDITION_HEAD.match(base) and _PRONOUN_CLAUSE.match(cell):  # "If it's late" + "We pay £40"
        return f"{_lower(base)}, {_lower(cell)}"
    if _PRONOUN_CLAUSE.match(cell) and not _WHERE_TO.match(base):  # "Result" + "We cancel ...": "we cancel ..."
        return _lower(cell)
    do = _DO_HEAD.match(base)
    if do:  # "What we'll do" + "Reissue the bill": "we'll reissue the bill"
        if re.match(r"(?:free|full|priority|partial)\b|[a-z]+ing\b|[a-z]+\s+[a-z]+ing\b", cell, re.I) and \
                do.group(1).lower().startswith("we"):
            return f"you get {_lower(cell)}"  # "Priority rebooking plus a £8 credit": what they get, no act of ours
        if re.match(r"(?:the|a|an|no|nothing|none|[£$€\d])", cell, re.I):
            return None
        return f"{do.group(1).lower()}{(do.group(2) or '').lower()} {_lower(cell)}"
    get = _GET_HEAD.match(base)
    if get:  # "What you get back" + "Full refund": "you get back a full refund"; "No refund": "there's no refund"
        if re.match(r"no\s", cell, re.I):
            return f"there's {_lower(cell)}"
        verb = f"{get.group(1).lower()}{(get.group(2) or '').lower()} {get.group(3).lower()}{(get.group(4) or '').lower()}"
        return f"{verb} {_object(cell)}"
    if _INCLUDED_HEAD.match(base):  # "What's included" + "Gym floor, classes": "it includes gym floor, classes"
        return f"it includes {_lower(cell)}"
    where_to = _WHERE_TO.match(base)
    if where_to:  # "Where the money goes" + "A UK bank account": "the money goes to a UK bank account"
        to = "" if re.match(r"\s*(?:back\s+)?(?:to|into|onto|straight to)\b", cell, re.I) else "to "
        cell = re.sub(r"^(A|An)\s+(?=[A-Z])", lambda m: f"{m.group(1).lower()} ", cell)  # "A UK bank account"
        return f"{_lower(where_to.group(1))} {to}{_article(_lower(cell))}"
    when = re.match(r"\s*(?:when|where)\s+(.+)", base, re.I)
    if when and _TIME_CELL.match(cell):  # "When it arrives" + "3–5 working days": "it arrives 3–5 working days ..."
        return f"{_lower(when.group(1))} {_lower(cell)}"
    if _CONDITION_HEAD.match(base):  # "When a payment is due" + "Power off for 24 hours": no clause of its own
        return f"{_lower(base)}, it's {_article(_lower(cell))}" if _VALUE_CELL.match(cell) else None
    if _OPEN_HEAD.search(base):
        if re.match(r"(?:available|valid|offered|included|open|sold|accepted|allowed|required)\b", base, re.I):
            # "Available on" + "All services": "it's available on all services", never "... and available on ..."
            return f"it's {_lower(base)} {_lower(cell)}"
        return f"{_lower(base)} {_lower(cell)}"
    if re.match(r"[a-z]+ly\s+[a-z]+s\b", base, re.I):  # "Usually arrives" + "1 working day": "it usually arrives in ..."
        return f"it {_lower(base)} {'in ' if cell[:1].isdigit() else ''}{_lower(cell)}"
    if _SUBJECT_VERB_HEAD.match(base):  # "We pay" + "£40": "we pay £40", never "the we pay is £40"
        return f"{_lower(base)} {_lower(cell)}"
    if _OWN_CLAUSE.match(cell) and not _CLAUSE_CELL.match(cell):
        # a cell that is a clause of its own ("40% of the bond is withheld, the rest returned") says it: never "what
        # happens to your bond is 40% of the bond is withheld"
        return _lower(cell)
    happens_to = re.match(r"\s*what happens to\s+(.+?)\s*$", base, re.I)
    if happens_to and re.match(r"(?:[a-z]+ed|kept|held|lost|paid|withheld|frozen|forfeited)\b", cell, re.I):
        return f"{_lower(happens_to.group(1))} is {_lower(cell)}"  # "What happens to your bond" + "Withheld in full"
    if re.match(r"\s*what happens\b", base, re.I):  # "what happens is a £5 fee" reads; "... is handed to" does not
        return None if re.match(r"[A-Za-z]+ed\b", cell) else f"{_lower(base)} is {_article(_lower(cell))}"
    if _QUESTION_HEAD.match(base):  # "How the price works" + a description: "how the price works is ..." is none
        return None
    if re.fullmatch(r"\s*(?:free|free of charge|no charge|none)\.?\s*", cell, re.I) and \
            re.search(r"\b(?:fee|fees|charge|charges|cost|price|surcharge)$", base, re.I):
        # "Fee" + "Free": "there's no fee", never "the fee is free"
        return f"there's no {_lower(base)}" if not re.search(r"\b(?:cost|price)$", base, re.I) else "it's free"
    if len(base.split()) >= 2 and _name(base) and _VALUE_CELL.match(cell) and not _DETERMINED.match(base):
        # a plan's own column beside the general one ("Call-out fee | Home Plus" over "£18 | Free"): "it's free on Home
        # Plus", never "the Home Plus is free"
        return f"it's {_lower(cell)} on {base}" if not re.match(r"[£$€\d]", cell) else f"it's {cell} on {base}"
    if _ACTION_HEAD.match(base) and not _ING_NOUN.match(base):
        # a column named by what the customer does ("Adding players" + "Accepted if the pitch allows"): "adding players is
        # accepted ...", never "the adding guests are accepted"; a bare "No changes" is said after a colon
        joint = ": " if re.match(r"no\b", cell, re.I) else " is "
        return f"{_lower(base)}{joint}{_lower(cell)}"
    subject = column_phrase(base)
    if aside and _EXAMPLES.match(aside):
        return f"{subject} {'include' if _plural(base) else 'includes'} {cell}"
    verb = "are" if _plural(base) and not re.search(r"\bis\b", subject) else "is"
    said = f"{subject} {verb} {_article(_lower(cell))}"
    return f"{said} ({aside})" if aside else said


def _group_columns(row: Row) -> bool:
    """Whether the row's value columns are groups it is priced for ("UK branches | EU branches"): more than one
    plural column name (a remark column, "Notes", or an action, "Adding players", is none)."""
    return sum(1 for h, _ in row.values if h and _plural(h) and not _DETERMINED.match(h) and not _NOTE_HEAD.match(h)
               and not (_ACTION_HEAD.match(h) and not _ING_NOUN.match(h))) >= 2


def values_clause(row: Row) -> str:
    """What the row's value cells say, as one clause: "the price per day is £12 and the excess is £500"."""
    groups = _group_columns(row)
    # a "How long" cell that is a time or a clause of its own ("Within 10 working days", "We send it within 5 working
    # days") follows what it times, never "how long is within 10 working days"
    values, timed = _timed_split(row)
    values = [(h, c) for h, c in values if not _NAME_HEAD.match(h)]  # (said beside the key: see ``row_sentence``)
    # a remark column ("Good to know") is said in brackets after the rest, never "the good to know is ..."
    notes = [c.rstrip(".") for h, c in values if _NOTE_HEAD.match(h) and c.strip()]
    kept = [(h, c) for h, c in values if not _NOTE_HEAD.match(h)]
    if notes and kept:
        values = kept
    aside = f" ({_lower('; '.join(notes))})" if notes and kept else ""
    if timed and values:
        said = _joined(_parts(values, groups), any(re.search(r",\s", c) for _, c in values[:-1]))
        return f"{said}{', ' if _TIME_CELL.match(timed[0]) else '; '}{_lower(timed[0])}{aside}"
    return _joined(_parts(values, groups), any(re.search(r",\s", c) for _, c in values[:-1])) + aside


def _parts(values: list[tuple[str, str]], groups: bool) -> list[str]:
    """Each column's clause; a column that forms none is quoted with its name ("how the price works: ...")."""
    # (a cell's own full stops end no part: "we place our own lock on your unit. and the fee ..." is one sentence)
    values = [(h, one_clause(c)) for h, c in values]
    return [(said if said is not None else f"{_lower(h)}: {_lower(c)}").rstrip(". ")
            for (h, c), said in ((hc, _value_part(*hc, groups)) for hc in values)]


def one_clause(cell: str) -> str:
    """A cell of two sentences as one clause ("Your card stops working. Second reminder sent." -> "Your card stops
    working; second reminder sent"), so the row stays one sentence."""
    return re.sub(r"\.\s+([A-Z])(?=[a-z])", lambda m: "; " + m.group(1).lower(), cell.strip()).rstrip(".")


def speakable(row: Row) -> bool:
    """Whether every value column of the row forms a clause with its cell (see ``_value_part``; a "How long" cell
    that is a time follows the clause it times, and a name column goes beside the key)."""
    groups = _group_columns(row)
    return all(_value_part(h, c, groups) is not None for h, c in _timed_split(row)[0]
               if not _NAME_HEAD.match(h) and not _NOTE_HEAD.match(h))


def _timed_split(row: Row) -> tuple[list[tuple[str, str]], list[str]]:
    """The row's value columns less its "How long" cells that are a time or a clause, and those cells."""
    timed = [c for h, c in row.values if _HOW_LONG_HEAD.match(h) and (_TIME_CELL.match(c) or _CLAUSE_CELL.match(c))]
    return [(h, c) for h, c in row.values if not (_HOW_LONG_HEAD.match(h) and c in timed)], timed


def plain_row(row: Row) -> str:
    """The row's facts quoted plainly, each with its column's name: "Fixed 12 — how the price works: unit rates
    fixed for the term; length: 12 months; early exit fee: £40 per fuel." (for a row no sentence can carry)."""
    facts = "; ".join(f"{_lower(h)}: {_lower(one_clause(c))}" if h else _lower(one_clause(c)) for h, c in row.values)
    return f"{row.key} — {facts}."


def _joined(parts: list[str], commas: bool) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    if commas:  # "the access is your home gym, all opening hours; and the ..."
        return "; ".join(parts[:-1]) + "; and " + parts[-1]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


# a key that is an instruction, a verb and what it acts on ("Move it to a locker", "Leave it with a neighbour")
_IMPERATIVE_KEY = re.compile(r"^[A-Z][a-z]+\s+(?:it|them|your|the|a|an)\s+\w", re.I)
# a column of remarks, named by no noun the cell could be ("Good to know", "Notes"): never "the good to know is ..."
_NOTE_HEAD = re.compile(r"^\s*(?:(?:good|useful|nice|handy|important|worth) to know|notes?|remarks?|comments?|"
                        r"details?|more info(?:rmation)?|tips?)\s*$", re.I)


# a key that is already a phrase of place or time ("Between the UK and the EU", "Within 14 days")
_PREPOSITION_KEY = re.compile(r"^(?:between|from|to|within|under|over|up to|in|on|at|after|before|outside|inside|"
                              r"during|until|by|with|without)\b", re.I)
# nouns said without "a" ("For liquid damage", "For other accidental damage")
_MASS = frozenset({"damage", "data", "information", "equipment", "insurance", "cover", "service", "support", "access",
                   "advice", "luggage", "baggage", "fuel", "money", "cash", "interest", "credit", "mail", "post",
                   "software", "hardware", "furniture", "water", "power", "electricity", "gas", "broadband", "travel",
                   "delivery", "shipping", "postage", "parking", "use", "usage", "roaming", "time", "work", "repair",
                   "else", "abuse", "harm", "difficulty"})
_FUNCTION = frozenset({"of", "per", "in", "on", "at", "to", "for", "with", "from", "by", "after", "before", "not", "no",
                       "and", "the", "other", "any", "all", "some", "more", "less", "each", "extra", "than", "your",
                       "our", "their", "its", "once", "twice", "late", "early", "abroad", "away", "back", "up", "down",
                       "out", "off", "again", "only"})


def _sentence_case(key: str) -> bool:
    """A phrase written with only its first letter capital ("Cracked or broken screen"), not a name."""
    base = _split_head(key)[0]
    words = re.findall(r"[A-Za-z][\w'-]*", base)
    return (len(words) >= 2 and not _NAME_OR_CODE.match(base) and not re.search(r"\d", base)
            and all(w.islower() for w in words[1:]))


def key_phrase(key: str) -> str:
    """A noun key as said after "For": "Cracked or broken screen" -> "a cracked or broken screen"; "Liquid damage" ->
    "liquid damage"; a name stays ("Roam Further", "Standard")."""
    if not _sentence_case(key):
        # ("Each further lost card in 12 months": a determiner is no name, whatever follows it)
        # ("Days 8–21": a unit of time numbered, no name either)
        return _lower(key) if _DETERMINER_FIRST.match(key) or _NUMBERED_UNIT.match(key) else key
    said = _lower(key)
    pair = re.fullmatch(r"([a-z]+) (lost|stolen|broken|damaged|delayed|cancell?ed|missed|returned|refused)", said)
    if pair:  # "Parcel lost": "a lost parcel", never "a parcel lost"
        return f"a {pair.group(2)} {pair.group(1)}"
    if re.match(r"same\s", said):
        return f"the {said}"  # "Same city": "For the same city", never "For same city"
    words = said.split()
    if (len(words) <= 4 and all(re.fullmatch(r"[a-z-]+", w) for w in words) and not set(words) & _FUNCTION
            and not any(re.search(r"(?<!s)s$", w) for w in words) and not re.search(r"ing$|ness$", words[-1])
            and not any(w.endswith("ed") for w in words[1:])  # "Item never arrived": a case, not a thing
            and not words[0].endswith("ing")  # "Adding a traveller": an act, never "an adding a traveller"
            and words[-1] not in _MASS):
        return _a(said)  # a countable thing: "a cracked or broken screen"
    return said


def _clause(key: str) -> bool:
    """Whether a key is a clause with its own verb ("You're not in when ...", "Only slower plans are available")."""
    if ":" in key or len(key.split()) > (30 if _CLAUSE_KEY.match(key) else 14):
        return False  # a description of a case ("Scam in progress: customer was told ..."), not a condition
    return bool(_CLAUSE_KEY.match(key) or _CONDITION_HEAD.match(key) or re.match(
        r"^(?:\S+\s+){1,3}(?:is|are|isn't|aren't|can|can't|cannot|won't|doesn't|don't)\s", key)
        or _NOUN_VERB_KEY.match(key) or _EVENT_KEY.match(key))


# a key that is a subject and an event's verb ("Driver arrives and the pickup cannot happen", "Customer cancels late")
_EVENT_KEY = re.compile(r"^(?:the\s+)?[A-Za-z-]+(?<!s)\s+(?:arrives|leaves|cancels|fails|misses|refuses|changes|stops|"
                        r"returns|forgets|loses|damages|breaks|moves|postpones)\s+\w", re.I)


# a key that is a noun and its verb ("Retry also fails", "Our engineer missed your visit", "Payments fail in two
# months in a row"): an adverb before the verb, a determiner before a noun and a past tense, or a plural noun and a
# plain verb before a preposition
_NOUN_VERB_KEY = re.compile(
    r"^(?:[A-Za-z-]+\s+(?:also|never|still|already|just|then|again)\s+[a-z]+(?:s|ed)\b|"
    r"(?:our|your|the|their|my|a|an)\s+[a-z-]+\s+(?!(?:fee|need|speed|feed|bed|seed|shed)\b)[a-z]+ed\s|"
    r"[A-Za-z-]+s\s+(?!(?:lost|stolen|broken|made|sent|paid|given|taken|sold|left|held|kept|found|bought)\b)"
    r"[a-z]+(?<![sd])\s+(?:in|on|at|for|to|by|after|before|within|more|twice|again|when|while|during)\b)", re.I)


def _names_in_prose(text: str) -> frozenset[str]:
    """The capitalised words the passage uses inside its sentences (not first in one, not in a table): "on Plus or
    Premier" -> {"Plus", "Premier"}; what a column is named by, when it is a name."""
    prose = "\n".join(line for line in text.split("\n") if "|" not in line)
    return frozenset(m.group(1) for m in re.finditer(r"(?<![.!?:\n*#-])\s+\(?([A-Z][\w-]+)", prose))


_MONEY_CELL = re.compile(r"^\s*[£$€]\s?\d")


def _count_cell(cell: str) -> bool:
    """A cell that is a bare count ("140", "1,200"): a fact of the row, never a price or a case."""
    return re.fullmatch(r"\d[\d,.]*", cell.strip()) is not None


def case_columns(rows: list[Row], text: str = "", owned: str = "") -> frozenset[str]:
    """The value columns of a table that are named by cases of it ("Mobile Go | Mobile Plus | Mobile Max", "Standard
    | Plus | Premier": plans, tiers): at least two names (every word capitalised, no parenthesis), of which one has
    more than one word, or is used as a name in the passage's sentences, or names the customer's own plan
    (``owned``: their tier, orders and the plans they say are theirs)."""
    if not rows:
        return frozenset()
    named = [h for h in rows[0].header[1:] if h and _name(h) and "(" not in h]
    # cases price (or give) the same kind of thing: a money column beside counts ("Standing | Weekdays | Fri & Sun"
    # over "140 | £700 | £950") is a case and the count is a fact of the row; a money column whose name only
    # starts with a capital ("Sat & holidays") is one of the cases too
    cells = [dict(r.values) for r in rows]
    money = {h for h in rows[0].header[1:] if h and any(h in c for c in cells)
             and all(_MONEY_CELL.match(c[h]) for c in cells if h in c)}
    counts = {h for h in rows[0].header[1:] if h and any(h in c for c in cells)
              and all(_count_cell(c[h]) for c in cells if h in c)}
    if money & set(named) and counts & set(named):
        named = [h for h in rows[0].header[1:] if h in money and h[:1].isupper() and "(" not in h]
    if len(named) < 2:
        return frozenset()
    prose = _names_in_prose(text)
    mine = set(re.findall(r"[a-z0-9]+", owned.lower()))
    if any(len(h.split()) > 1 or h in prose or h.lower() in mine for h in named):
        return frozenset(named)
    return frozenset()


def _name(text: str) -> bool:
    """Whether a key or column is a name ("Roam Further", "Mobile Max", "Plus"): every word capitalised or a number."""
    words = re.findall(r"[\w'-]+", _split_head(text)[0])
    return bool(words) and all(w[:1].isupper() or w[:1].isdigit() for w in words)


def _case_sentence(row: Row, cases: frozenset[str], mine: str | None) -> str:
    """A row of a table with columns for cases (see ``case_columns``), each case said with its cell, equal ones once:
    "On Mobile Go and Mobile Plus, Roam Further (USA, Canada, ...) is £6.00 a day; on Mobile Max, £4.00 a day.";
    with the customer's case known (``mine``), only theirs: "On Mobile Max, Roam Further (...) is £4.00 a day."."""
    others = [(h, c) for h, c in row.values if h not in cases]
    theirs = [(h, c) for h, c in row.values if h in cases and (mine is None or h == mine)]
    if not theirs:
        return _case_sentence(row, cases, None) if mine is not None else ""
    subject = row.key if _name(row.key) else _lower(row.key) if re.match(r"\w+ing\b", row.key) else column_phrase(row.key)
    if len(others) == 1 and "," in others[0][1] and _EXAMPLES.match(_split_head(others[0][0])[1] or "-"):
        subject, others = f"{subject} ({others[0][1]})", []  # "Roam Further (USA, Canada, ...)"
    verb = "are" if _plural(_split_head(row.key)[0].split(",")[0]) else "is"
    groups: dict[str, list[str]] = {}
    for h, c in theirs:
        groups.setdefault(c.rstrip("."), []).append(h)
    said_cases = [(_joined(hs, False), _article(_lower(c))) for c, hs in groups.items()]
    said = f"On {said_cases[0][0]}, {subject} {verb} {said_cases[0][1]}"
    rest = [f"on {h}, {c}" for h, c in said_cases[1:]]
    if rest:
        said += "; " + "; ".join(rest[:-1] + [("and " if len(rest) > 1 else "") + rest[-1]])
    # a bare count beside the cases ("Standing | 140") is said with its column's name: never "the standing is 220"
    counts = [f"{_lower(h)}: {c}" for h, c in others if _count_cell(c)]
    extra = "; ".join(_parts([(h, c) for h, c in others if not _count_cell(c)], False)
                      + ([_joined(counts, False)] if counts else []))
    return f"{said}{'; ' + extra if extra else ''}."


# a key that names a case, then says what it is: "No-show – you are not in the studio within 10 minutes"
_NAMED_CASE_KEY = re.compile(r"^([A-Z][\w-]*(?:\s[\w-]+){0,2})\s+[–—]\s+((?:you|we|they|it|the|your|there|nobody|"
                             r"no one)\b.+)$")


def row_sentence(row: Row, condition: bool = False, cases: frozenset[str] = frozenset(), mine: str | None = None) -> str:
    """The row as a sentence. ``condition``: its key is a band of a quantity ("More than 48 hours"), said as the
    case the row is for ("When the notice before pick-up is more than 48 hours, ..."); a key that is a clause is
    said with "If" ("If you're not in when the engineer arrives, the charge is £50."); otherwise the key names a
    thing ("For Standard Cover, the price per day is £12 / €14 and ..."). ``cases``: the columns named by cases (plans)
    and ``mine`` the customer's, whose cell alone is said. A table whose key column has no name lists its columns as
    the cases ("Fuel, per litre missing: £2.35 (UK branches), €2.70 (EU branches).")."""
    if _SEE_REF.search("|".join(row.cells)) or any(_SEE_CELL.match(c) for c in row.cells[1:]):
        # "(see *Smart meters*)", or a whole cell "See *Pets and keys*": a page the reply does not carry
        row = Row(row.header, tuple("" if i and _SEE_CELL.match(c) else _SEE_REF.sub("", c)
                                    for i, c in enumerate(row.cells)), row.table, row.index)
    values = row.values
    if not row.key or not values:
        return ""
    if not row.header[0]:
        # (a plan table with no name over its key column: only the customer's plan where it is known)
        own = [(h, c) for h, c in values if h == mine and h in cases]
        listed = ", ".join(f"{c} ({h})" if h else c for h, c in own or values)
        return f"{row.key}: {listed}."
    if cases & {h for h, _ in values} and not re.fullmatch(r"[\d.,\s–-]+", row.key):  # (a size chart reads by its key)
        return _case_sentence(row, cases, mine)
    if len(values) == 1 and re.fullmatch(r"\s*(?:when|how long|time)\s*", values[0][0], re.I) and _TIME_CELL.match(
            values[0][1]):  # a stage and when it happens: "The merchant can respond up to 45 days."
        return f"{row.key}{' ' if _clause(row.key) else ': '}{_lower(values[0][1]).rstrip('.')}."
    if not speakable(row):  # a column its cell forms no clause with: the row's facts quoted plainly
        return plain_row(row)
    named = [c for h, c in values if _NAME_HEAD.match(h)]
    if named and len(named) < len(values):  # "If you cancel ... (late cancellation), the fee is £3."
        row = Row(row.header, (f"{row.key} ({_lower(named[0])})", *row.cells[1:]), row.table, row.index)
    clause = values_clause(row).rstrip(".")
    named_case = _NAMED_CASE_KEY.match(row.key)
    if named_case:  # "No-show – you are not in the studio ...": "If it's a no-show (you are not in ...), ..."
        label = _lower(named_case.group(1))
        return f"If it's {_a(label)} ({named_case.group(2)}), {clause}."
    if re.match(r"[A-Za-z]+ed\s+by\b", row.key):
        return f"If it's {_lower(row.key)}, {clause}."  # "Resolved by the end of ...": "If it's resolved by ..."
    when = re.fullmatch(r"\s*when\s+(.+?)\s*", row.header[0], re.I)
    if condition and when:  # "When you tell us" + "Less than 24 hours before ...": "If you tell us less than ..."
        return f"If {_lower(when.group(1))} {_lower(row.key)}, {clause}."
    if _clause(row.key):  # never "For You're not in ..."
        case = re.sub(r"^\s*(?:if|when)\s+", "", row.key, flags=re.I)
        case = case if re.match(r"I\b", case) else _lower(case)
        if _NOUN_VERB_KEY.match(case) and re.match(r"[a-z-]+(?<!s)\s", case) and not _DETERMINER_FIRST.match(case):
            case = f"the {case}"  # "Retry also fails": "If the retry also fails"
        return f"If {case}, {clause}."
    if _PREPOSITION_KEY.match(row.key) and (not condition or _CASE_LABEL_HEAD.match(row.header[0])):
        # "Within 14 days of purchase, you get back ...", never "When the situation is within ..."
        return f"{row.key[:1].upper()}{row.key[1:]}, {clause}."
    if re.fullmatch(r"[A-Z0-9]{1,2}", row.key) and re.fullmatch(r"[A-Za-z][a-z]+", row.header[0] or ""):
        return f"For {row.header[0].lower()} {row.key}, {clause}."  # "B" under "Band": "For band B, ...", never "For B"
    if condition and _CASE_LABEL_HEAD.match(row.header[0]):
        return f"For {key_phrase(row.key)}, {clause}."
    if condition and _QUESTION_HEAD.match(row.header[0]):
        how = re.fullmatch(r"\s*how\s+(late|early|old|long ago|soon)\s*", row.header[0], re.I)
        if how:  # "How late": "If it's more than 2 hours late, the charge is ..."
            return f"If it's {_lower(row.key)} {how.group(1).lower()}, {clause}."
        return f"For {_lower(row.key)}, {clause}."
    done = re.fullmatch(r"\s*([A-Za-z]+)\s+([a-z]+ed)\s*", row.header[0])
    if condition and done:  # "Payment received" + "More than 7 days after ...": "When the payment is received more ..."
        return f"When {column_phrase(done.group(1))} is {done.group(2)} {_lower(row.key)}, {clause}."
    if condition:
        return f"When {column_phrase(row.header[0])} is {_lower(row.key)}, {clause}."
    if re.fullmatch(r"[£$€]?\s?\d+(?:[.,]\d+)*(?:\s?(?:kg|g|cm|mm|m|km|ml|l|%))?", row.key):
        # "For a foot length (in) of 9.25, ...", "For a goods value of €40.00, ..." (never "For €40.00, ...")
        return f"For a {_lower(row.header[0])} of {row.key}, {clause}."
    if _IMPERATIVE_KEY.match(row.key):  # "Move it to a locker": "If you move it to a locker, ..."
        return f"If you {_lower(row.key)}, {clause}."
    way = _HOW_WAY_HEAD.match(row.header[0])
    if way:  # "How you pay us" + "Bank transfer": "If you pay us by bank transfer, ..."
        by = "" if re.match(r"(?:by|in|at|on|online|via|through|over|with|from)\b", row.key, re.I) else "by "
        return f"If {_lower(way.group(1))} {by}{_lower(row.key)}, {clause}."
    return f"For {key_phrase(row.key)}, {clause}."


def cell_sentence(row: Row) -> str:
    """The row read cell by cell with its column names ("For Standard, delivery time: 5 to 7 business days; cost:
    $5.99."): the form answer selection scores (its wording is close to how customers ask about a column); the reply
    says ``row_sentence`` instead."""
    pairs = row.values
    if not row.key or not pairs:
        return ""
    # (the first letter lowered as answer selection always has: unless an abbreviation or inner capitals)
    body = "; ".join(f"{h if re.match(r'^(?:[A-Z]{2,}|[A-Z][a-z]+[A-Z])', h) else h[:1].lower() + h[1:]}: {c}"
                     if h else c for h, c in pairs)
    return f"For {row.key}, {body}."


def natural_rows(text: str, owned: str = "", column: Callable[[list[Row], str, str], str | None] | None = None
                 ) -> dict[str, str]:
    """Each table row of ``text`` read cell by cell (``cell_sentence``) -> the row said as a sentence
    (``row_sentence``; a row keyed by a band of a quantity said as the case it is for). ``column`` chooses the
    customer's column of a table priced by plan from ``owned`` (what they have): only that column is said."""
    out: dict[str, str] = {}
    for rows in tables_in(text):
        cases = case_columns(rows, text, owned)
        mine = column(rows, text, owned) if column is not None and cases else None
        for row in rows:
            said = row_sentence(row, condition=bool(row.header and row.header[0]) and band_of(row.key, row.header[0])
                                is not None, cases=cases, mine=mine)
            cells = cell_sentence(row)
            if said and cells:
                out[cells] = said
            pieces = split_sentences(cells)
            first = _first_sentence_row(row) if len(pieces) > 1 else None
            if first is not None and split_sentences(cell_sentence(first))[0].strip() == pieces[0].strip():
                # a cell of several sentences: its row is read in pieces, and the first piece is said as the row's
                # sentence up to there (the pieces after it are sentences of the cell, standing alone)
                out[pieces[0].strip()] = row_sentence(first, condition=bool(row.header[0]) and band_of(
                    row.key, row.header[0]) is not None, cases=cases, mine=mine)
    return out


def _first_sentence_row(row: Row) -> Row | None:
    """The row up to the end of the first sentence of its first cell of several sentences ("Free repair for ...
    customers. Otherwise we'll ..." -> "Free repair for ... customers"), the cells after it dropped."""
    for i, cell in enumerate(row.cells[1:], start=1):
        pieces = split_sentences(cell)
        if len(pieces) > 1:
            return Row(row.header, (*row.cells[:i], pieces[0].strip().rstrip(".")), row.table, row.index)
    return None


__all__ = ["Row", "tables_in", "row_sentence", "cell_sentence", "natural_rows", "values_clause", "column_phrase",
           "case_columns", "key_phrase", "plain_row", "speakable"]
