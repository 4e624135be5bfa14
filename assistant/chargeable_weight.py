"""A parcel's chargeable weight from its size, and the size band it falls into, as the sources work them out.

A carrier's page may price a parcel by the greater of its actual weight and a weight worked out from its size ("the
dimensional weight: length × width × height in cm ÷ 4,000"), and list its size bands in a table ("| Size | Max
weight | Max size (L × W × H) | ...") . When the customer gives the parcel's three dimensions in the page's unit
(and its weight, or none), the reply can do the sum for them: "For your 40 × 30 × 30 cm carton, the dimensional
weight is 40 × 30 × 30 = 36,000 ÷ 4,000 = 9 kg, more than its weight on the scales, so it is charged as 9 kg, which
is the Crate band (up to 25 kg, 100 × 60 × 50 cm)." Every figure is the customer's, the
page's, or worked beside its working (the verifier redoes it). Nothing is guessed: dimensions in another unit than
the page's, two weights, or a band the table cannot tell leave the sum unsaid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.grounding.windows import plain
from assistant.tables import tables_in

_NUM = r"(\d+(?:\.\d+)?)"
# "length × width × height in cm, divided by 4,000", "(L x W x H in cm) / 5000", "L × W × H ÷ 6000"
_DIVISOR = re.compile(r"\b(?:length|l)\s*[×x*]\s*(?:width|w)\s*[×x*]\s*(?:height|h)\b([^.;\n]{0,60}?)"
                      r"(?:,?\s*divided\s+by|\s*÷|\s*/)\s*(\d{1,3}(?:,\d{3})+|\d+)", re.I)
_UNITS = {"cm": "cm", "centimetre": "cm", "centimeter": "cm", "centimetres": "cm", "centimeters": "cm",
          "in": "in", "inch": "in", "inches": "in"}
_UNIT_IN = re.compile(r"\b(?:in\s+)?(centimet(?:re|er)s?|cm|inch(?:es)?)\b", re.I)
# the name the page gives the size-worked weight: "the volumetric weight: length × ...", "dimensional weight ="
_NAME = re.compile(r"\b((?:volumetric|dimensional|volume|size)\s+weight)\b", re.I)
# the page charges the greater of the two: "the greater of", "whichever is higher"
_GREATER = re.compile(r"\b(?:greater|higher|larger|heavier|bigger)\s+of\b|\bwhichever\s+is\s+(?:greater|higher|larger|"
                      r"heavier|bigger)\b", re.I)
# the customer's three dimensions: "50cm x 40cm x 30cm", "50 x 40 x 30 cm", "50 by 40 by 30 centimetres"
_U = r"\s*(cm|centimet(?:re|er)s?|mm|millimet(?:re|er)s?|m|metres?|meters?|in|inch(?:es)?|\")?"
_SAID_SIZE = re.compile(rf"\b{_NUM}{_U}\s*(?:[x×*]|by)\s*{_NUM}{_U}\s*(?:[x×*]|by)\s*{_NUM}{_U}(?![\w])", re.I)
# the customer's weight: "weighs about 7 kilos", "7kg", "under 2 kilos" (a bound, not the weight)
_SAID_WEIGHT = re.compile(r"(?:\b(under|less than|below|up to|not even|not over|max(?:imum)?)\s+(?:about\s+|around\s+)?)?"
                          r"\b(\d+(?:\.\d+)?)\s*(kg|kgs|kilos?|kilograms?|lbs?|pounds?)\b", re.I)
_WEIGHT_UNIT = {"kg": "kg", "kgs": "kg", "kilo": "kg", "kilos": "kg", "kilogram": "kg", "kilograms": "kg",
                "lb": "lb", "lbs": "lb", "pound": "lb", "pounds": "lb"}
# a table cell's weight: "2 kg", "Up to 10 kg", "10kg"
_CELL_WEIGHT = re.compile(r"^\W*(?:up to\s+|max(?:imum)?\s+)?(\d+(?:\.\d+)?)\s*(kg|lbs?)\W*$", re.I)
_CELL_SIZE = re.compile(rf"^\W*(?:up to\s+)?{_NUM}\s*[x×*]\s*{_NUM}\s*[x×*]\s*{_NUM}\s*(cm|in)\W*$", re.I)


@dataclass(frozen=True)
class Chargeable:
    weight: float  # what the parcel is charged as
    band: str | None  # the size band's name, when the table tells it
    sentence: str


def _figure(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _unit(word: str | None) -> str | None:
    if not word:
        return None
    word = word.lower().rstrip(".")
    if word.startswith("centimet"):
        return "cm"
    if word.startswith("millimet") or word == "mm":
        return "mm"
    if word in ("m", "metre", "metres", "meter", "meters"):
        return "m"
    if word.startswith("inch") or word in ('"', "in"):
        return "in"
    return _UNITS.get(word)


def said_size(message: str, unit: str) -> tuple[float, float, float] | None:
    """The parcel's three dimensions the customer gives in ``unit`` (a unit on any of them, none in another);
    None when they give none, another unit, or two different sizes."""
    found = set()
    for m in _SAID_SIZE.finditer(message):
        units = {u for u in (_unit(m.group(2)), _unit(m.group(4)), _unit(m.group(6))) if u}
        if units != {unit}:
            return None  # no unit, or another one: the sum would be a guess
        found.add((float(m.group(1)), float(m.group(3)), float(m.group(5))))
    return next(iter(found)) if len(found) == 1 else None


def said_weight(message: str, unit: str) -> tuple[float, bool] | None:
    """The weight the customer gives in ``unit`` and whether it is only a bound ("under 2 kilos"); None for none, two,
    or another unit."""
    found = set()
    for m in _SAID_WEIGHT.finditer(message):
        if _WEIGHT_UNIT.get(m.group(3).lower()) != unit:
            return None
        found.add((float(m.group(2)), bool(m.group(1))))
    return next(iter(found)) if len(found) == 1 else None


def _bands(text: str) -> list[tuple[str, float, tuple[float, float, float] | None, str, str]]:
    """The size bands of the page's table with a weight column: (name, max weight, max dimensions or None, the weight
    cell, the dimensions cell), in the table's order."""
    for rows in tables_in(text):
        header = [h.lower() for h in rows[0].header]
        weight_col = next((i for i, h in enumerate(header) if "weight" in h), None)
        if weight_col is None or weight_col == 0:
            continue
        size_col = next((i for i, h in enumerate(header) if "dimension" in h or "size" in h and i != 0), None)
        out = []
        for row in rows:
            if len(row.cells) <= weight_col:
                return []
            m = _CELL_WEIGHT.match(row.cells[weight_col])
            if m is None:
                return []
            dims = None
            dims_cell = ""
            if size_col is not None and len(row.cells) > size_col:
                d = _CELL_SIZE.match(row.cells[size_col])
                if d:
                    dims = (float(d.group(1)), float(d.group(2)), float(d.group(3)))
                    dims_cell = row.cells[size_col]
            out.append((row.key, float(m.group(1)), dims, row.cells[weight_col], dims_cell))
        weights = [w for _, w, _, _, _ in out]
        if out and weights == sorted(weights) and len(set(weights)) == len(weights):
            return out
    return []


def _fits(size: tuple[float, float, float], limit: tuple[float, float, float] | None) -> bool | None:
    if limit is None:
        return None
    return all(a <= b for a, b in zip(sorted(size), sorted(limit)))


def chargeable(text: str, message: str, rest: str = "") -> Chargeable | None:
    """The parcel's chargeable weight and band worked out under the page ``text`` from the size (and weight) the
    customer gives (see the module docstring); None when the page gives no size formula or an input is missing.
    ``rest``: the other passages of the same document, whose size-band table may stand apart from the formula."""
    page = plain(text)
    m = _DIVISOR.search(page)
    if m is None:
        return None
    unit_m = _UNIT_IN.search(m.group(1))
    if unit_m is None:
        return None
    unit = _unit(unit_m.group(1))
    divisor = float(m.group(2).replace(",", ""))
    size = said_size(message, unit or "")
    if unit is None or size is None or divisor <= 0:
        return None
    start = page.rfind("\n", 0, m.start()) + 1
    name_m = _NAME.search(page[max(start, m.start() - 80):m.end()]) or _NAME.search(page)
    name = name_m.group(1).lower() if name_m else None
    if name is None:
        return None
    weight_unit = "kg" if unit == "cm" else "lb"
    product = size[0] * size[1] * size[2]
    by_size = round(product / divisor, 2)
    if product / divisor != by_size:
        return None  # a quotient the reply cannot show exactly
    dims = " × ".join(_figure(x) for x in size)
    working = f"{dims} = {_figure(product)} ÷ {_figure(divisor)} = {_figure(by_size)} {weight_unit}"
    lead = f"For your {dims} {unit} parcel, the {name} is {working}"
    actual = said_weight(message, weight_unit)
    greater = bool(_GREATER.search(page))
    if actual is None or not greater:
        charged: float | None = None
    elif actual[1]:  # "under 2 kilos": the size decides only when it is past that bound
        charged = by_size if by_size >= actual[0] else None
    else:
        charged = max(by_size, actual[0])
    if charged is None:
        return Chargeable(by_size, None, lead + ".")
    # (the customer's own weight is not restated: a figure outside the working is no figure the sources back)
    if actual is not None and not actual[1]:
        side = ("more than" if by_size > actual[0] else "less than" if by_size < actual[0] else "the same as")
        lead += f", {side} its weight on the scales"
    lead += (f", so it is charged as {_figure(charged)} {weight_unit}" if charged == by_size
             else ", so it is charged on its weight on the scales")
    band = None
    here = _bands(page)
    for key, limit, box, weight_cell, box_cell in here or _bands(plain(rest)):
        if charged > limit:
            continue
        fits = _fits(size, box)
        if fits is False:
            continue
        band = key
        within = f"up to {weight_cell.strip()}" if not weight_cell.lower().startswith("up to") else weight_cell.strip()
        # the band's limits where the passage the sentence cites states them (else the band's own row says them)
        lead += f", which is the {key} band" + ((f" ({within}" + (f", {box_cell.strip()}" if box_cell else "") + ")")
                                                 if here else "")
        break
    return Chargeable(charged, band, lead + ".")


__all__ = ["Chargeable", "chargeable", "said_size", "said_weight"]
