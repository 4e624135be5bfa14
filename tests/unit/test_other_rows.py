"""The customer's own table row (their area, their named key) is said without the rows for other customers."""

from __future__ import annotations

import numpy as np

from assistant.places import places_in
from assistant.types import Passage
from models.generators.composer_policy import _row_key, _rows_of_the_page_asked, _stems, _without_other_rows

POSTAGE = Passage(marker=1, doc_id="post", chunk_id="post#0", title="Postage", score=0.7, text=(
    "| Destination | Standard | Tracked |\n|---|---|---|\n| United Kingdom | £3 | £5 |\n"
    "| European Union | £8 | £12 |\n| North America | £11 | £16 |\n"))
EU = "For European Union, the standard is £8 and the tracked is £12."
NA = "For North America, the standard is £11 and the tracked is £16."
RULE = "Tracked parcels need a signature on delivery."


def cand(i: int, text: str) -> tuple:
    return (1.0 - i / 10, POSTAGE, i, text, np.zeros(3, dtype=np.float32))


def test_a_row_sentence_is_known_by_its_key_in_the_passages_table() -> None:
    assert _row_key(EU, POSTAGE) == "European Union"
    assert _row_key("For returns, use the label.", POSTAGE) is None


def test_the_row_for_the_customers_area_keeps_only_the_rows_they_name() -> None:
    chosen = [cand(0, EU), cand(1, NA), cand(2, RULE)]
    kept = _without_other_rows(chosen, {"postag"}, places_in("I live in Lyon, what does postage cost?"))
    assert [c[3] for c in kept] == [EU, RULE]
    # a row they name as well stays; with no place or key of theirs the table is said as chosen
    assert len(_without_other_rows(chosen, {"north", "america"}, places_in("I live in Lyon"))) == 3
    assert len(_without_other_rows(chosen, {"postag"}, [])) == 3


STOVES = Passage(marker=2, doc_id="sweeping", chunk_id="sweeping#0", title="Chimney sweeping prices", score=0.7,
                 section="Price by stove", text=(
                     "| Stove | Sweep |\n|---|---|\n| Wood stove | £70 |\n| Multi-fuel stove (coal or logs) | £85 |\n"))
FITTING = Passage(marker=3, doc_id="fitting", chunk_id="fitting#0", title="Stove fitting", score=0.7,
                  section="Typical prices", text="| Stove | Fitted from |\n|---|---|\n| Wood stove | £1,900 |\n")
SWEEP = "For Wood stove, the sweep is £70."
FITTED = "For Wood stove, the fitted from is £1,900."
MULTI = "For Multi-fuel stove (coal or logs), the sweep is £85."


def _on(passage: Passage, i: int, text: str) -> tuple:
    return (1.0 - i / 10, passage, i, text, np.zeros(3, dtype=np.float32))


def test_a_row_they_name_only_in_part_is_not_theirs_beside_the_row_they_name_in_full() -> None:
    named = _stems({"sweep", "wood", "stove"})
    kept = _without_other_rows([_on(STOVES, 0, SWEEP), _on(STOVES, 1, MULTI)], named, [])
    assert [c[3] for c in kept] == [SWEEP]


def test_the_same_things_row_from_the_page_the_ask_does_not_name_is_left_out() -> None:
    chosen = [_on(FITTING, 0, FITTED), _on(STOVES, 0, SWEEP)]
    assert [c[3] for c in _rows_of_the_page_asked(chosen, _stems({"sweep", "wood", "stove"}))] == [SWEEP]
    # an ask naming both pages, or neither, keeps both
    assert len(_rows_of_the_page_asked(chosen, _stems({"sweep", "fitting", "stove"}))) == 2
    assert len(_rows_of_the_page_asked(chosen, _stems({"wood", "stove"}))) == 2
