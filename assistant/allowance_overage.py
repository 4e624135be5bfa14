"""What a customer pays over an allowance per period, worked out from their own usage and length of time.

A page may include a quantity per period ("100 miles per hire day are included", "includes 500 minutes per month") and
charge what goes above the total ("Miles beyond that cost £0.40 per mile"). When the customer gives how many periods
they have (their message, else their booking's items: "3 days") and how much they will use ("around 450 miles"), the
reply does the sum: "For 3 days at 100 miles per day, 3 × 100 = 300 miles are included; at about 450 miles that is
450 − 300 = 150 miles over, charged at £0.40 per mile: 150 × £0.40 = £60." A rule the page writes for a named case
("**Vans:** ...") is worked out only when the customer's words or booking name that case;
a period count or usage given twice, or none, leaves it unworked.
"""

from __future__ import annotations

import re

from assistant.grounding.windows import plain

_UNIT = r"(km|kilomet(?:re|er)s?|miles?|minutes?|GB|texts?|hours?)"
_PERIOD = r"(day|week|month|night|year)"
# "100 miles per hire day are included", "90 km a day included", "includes 80 km per day", "an allowance of 60 km/day"
_ALLOWANCE = re.compile(rf"\b(\d{{1,3}}(?:,\d{{3}})*|\d+)\s*{_UNIT}\s+(?:per|a|each|every)\s+(?:[a-z]+\s+)?"
                        rf"{_PERIOD}\b", re.I)
_INCLUDED = re.compile(r"\b(?:includ\w*|free|allowance|allowed)\b", re.I)
# "beyond the allowance are charged at £0.40 per mile", "over your allowance cost 5p per minute"
_RATE = re.compile(rf"\b(?:above|over|beyond|in excess of|more than)\b[^.;]{{0,60}}?\b(?:charged at|cost|costs|at|is|are)\s+"
                   rf"([£€$])(\d+(?:\.\d+)?)\s+(?:per|a|each|every)\s+{_UNIT}\b", re.I)
# the case a rule is written for, leading its line: "**Vans:** ...", "- Unlimited plan: ..."
_LABEL = re.compile(r"^\W*\*\*([^*:]{2,40}):?\*\*:?|^\W*([A-Z][\w -]{1,30}):\s", re.M)
_SAID_PERIODS = re.compile(rf"\b(\d{{1,3}})[\s-]+{_PERIOD}s?\b(?!\s+(?:ago|before|after|later|notice|old|late|early))",
                           re.I)


def _canon(unit: str) -> str:
    u = unit.lower()
    if u.startswith("kilomet") or u == "km" or u == "kms":
        return "km"
    return u.rstrip("s")


def _figure(value: float) -> str:
    return f"{int(value):,}" if value == int(value) else f"{value:,.2f}"


def _money(symbol: str, value: float) -> str:
    return f"{symbol}{value:,.2f}" if value != int(value) else f"{symbol}{int(value):,}"


def _said_usage(message: str, unit: str) -> tuple[float, bool] | None:
    """The customer's usage in ``unit`` and whether they give it as a rough figure ("roughly 1300km")."""
    found = {(float(m.group(2).replace(",", "")), bool(m.group(1))) for m in
             re.finditer(r"(\b(?:about|around|roughly|approx\w*|nearly|almost)\s+|~\s*)?\b(\d{1,3}(?:,\d{3})+|\d+)\s*"
                         r"(km|kms|kilomet(?:re|er)s?|miles?|minutes?|GB|texts?|hours?)\b", message, re.I)
             if _canon(m.group(3)) == unit}
    return next(iter(found)) if len(found) == 1 else None


def _said_periods(texts: list[str], period: str) -> int | None:
    for text in texts:  # the message first, then the booking
        found = {int(m.group(1)) for m in _SAID_PERIODS.finditer(text) if m.group(2).lower() == period}
        if len(found) == 1:
            return next(iter(found))
        if found:
            return None
    return None


def overage(text: str, message: str, booking: str = "") -> str | None:
    """The charge over the allowance the passage ``text`` states, worked out for the customer (see the module
    docstring); ``booking``: the items of the booking the message is about. None when anything is missing."""
    page = plain(text)
    for line in page.split("\n"):
        m = _ALLOWANCE.search(line)
        if m is None or not _INCLUDED.search(line):
            continue
        unit, period = _canon(m.group(2)), m.group(3).lower()
        rate = next((r for r in _RATE.finditer(line) if _canon(r.group(3)) == unit), None) or next(
            (r for r in _RATE.finditer(page) if _canon(r.group(3)) == unit), None)
        if rate is None:
            continue
        label = _LABEL.match(line)
        if label is not None:
            name = (label.group(1) or label.group(2)).strip().lower()
            if name not in f"{message}\n{booking}".lower():
                continue  # a rule for another case than theirs
        periods = _said_periods([message, booking], period)
        said = _said_usage(message, unit)
        if periods is None or said is None:
            continue
        usage, rough = said
        about = "about " if rough else ""
        plural = "" if periods == 1 else "s"
        per = float(m.group(1).replace(",", ""))
        included = periods * per
        price = float(rate.group(2))
        shown_unit = m.group(2)
        if usage <= included:
            return (f"For {periods} {period}{plural} at {_figure(per)} {shown_unit} per {period}, {periods} × {_figure(per)} = "
                    f"{_figure(included)} {shown_unit} are included, so {about}{_figure(usage)} {shown_unit} is within "
                    f"the allowance.")
        over = usage - included
        cost = round(over * price, 2)
        return (f"For {periods} {period}{plural} at {_figure(per)} {shown_unit} per {period}, {periods} × {_figure(per)} = "
                f"{_figure(included)} {shown_unit} are included; at {about}{_figure(usage)} {shown_unit} that is "
                f"{_figure(usage)} − {_figure(included)} = {_figure(over)} {shown_unit} over, charged at "
                f"{rate.group(1)}{rate.group(2)} per {rate.group(3)}: {_figure(over)} × {rate.group(1)}{rate.group(2)} = "
                f"{_money(rate.group(1), cost)}.")
    return None


__all__ = ["overage"]
