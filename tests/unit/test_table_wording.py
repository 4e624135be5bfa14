"""Table rows said as sentences a customer can read, and the customer's own row and column of a table of plans."""

from __future__ import annotations

from assistant.table_choice import customer_column, customer_row, owned_text, theirs
from assistant.tables import natural_rows, tables_in
from assistant.types import CustomerProfile, Order

CHANGES = """| When you tell us | Charge |
|---|---|
| 48 hours or more before the visit | Free |
| Less than 48 hours before the visit | £20 rebooking fee |
| Nobody is home when the fitter arrives | £40 |
| You're not in when the fitter arrives (missed visit) | £40 |
"""

EXCESS = "| Type of claim | Excess |\n|---|---|\n| Lost or stolen bike | £60 |\n| Water damage | £90 |\n"

MOVE = """| Your plan | Transfer fee | If the new site needs a new meter |
|---|---|---|
| Basic | £30 | £80 connection charge |
| Pro | Free | Free |
"""

ZONES = """Ferry passes on Coastal or Island Hopper include a free cabin.

| Route | Ports (examples) | Coastal | Island Hopper |
|---|---|---|---|
| Northern | Arden, Bray, Colm | £9 a trip | £7 a trip |
| Southern | Dunmore, Eske | £12 a trip | Included |
"""

QUESTION = """| Problem | Ask the seller first? | Tell us within |
|---|---|---|
| Item never arrived | Yes, and wait 7 days for a reply | 90 days from the expected date |
| Charged twice | No | 90 days from the payment |
"""


def _said(table: str, owned: str = "") -> list[str]:
    return list(natural_rows(table, owned, customer_column).values())


def test_a_key_that_is_a_clause_is_said_as_a_condition_and_an_amount_naming_its_kind_gets_its_article() -> None:
    said = _said(CHANGES)
    assert "If you tell us less than 48 hours before the visit, the charge is a £20 rebooking fee." in said
    assert "If you're not in when the fitter arrives (missed visit), the charge is £40." in said
    assert "If nobody is home when the fitter arrives, the charge is £40." in said
    assert not any(s.startswith("For You") or s.startswith("For Nobody") for s in said), said


def test_a_noun_key_is_lowered_with_its_article_where_it_counts() -> None:
    assert _said(EXCESS) == ["For a lost or stolen bike, the excess is £60.", "For water damage, the excess is £90."]


def test_a_column_named_by_a_condition_reads_as_one_never_the_if() -> None:
    said = _said(MOVE)
    assert said[0] == "For Basic, the transfer fee is £30 and if the new site needs a new meter, it's an £80 connection " \
                      "charge."
    assert not any("the if" in s for s in said), said


def test_columns_named_by_plans_are_said_per_plan_and_only_the_customers_when_known() -> None:
    said = _said(ZONES)
    assert said[0] == "On Coastal, Northern (Arden, Bray, Colm) is £9 a trip; on Island Hopper, £7 a trip."
    assert not any("(examples) is" in s or "the Coastal is" in s for s in said), said
    assert _said(ZONES, "Island Hopper")[1] == "On Island Hopper, Southern (Dunmore, Eske) is included."
    assert _said(ZONES, "hopper")[0] == "On Island Hopper, Northern (Arden, Bray, Colm) is £7 a trip."


def test_a_question_column_answered_yes_or_no_and_a_column_its_cell_completes() -> None:
    said = _said(QUESTION)
    assert said == ["If the item never arrived, ask the seller first, and wait 7 days for a reply; and tell us within 90 "
                    "days from the expected date.",
                    "For charged twice, there's no need to ask the seller first and tell us within 90 days from the "
                    "payment."]


def test_the_customers_plan_is_chosen_from_their_profile_and_words_and_never_guessed() -> None:
    plans = "| Plan | Monthly price |\n|---|---|\n| Home 100 | £20 |\n| Home 900 | £40 |\n| Mobile Lite | £8 |\n"
    (rows,) = tables_in(plans)
    customer = CustomerProfile(name="A B", orders=[Order(id="X1", items=["Home 900 broadband, 18-month term"])])
    row = customer_row(rows, owned_text("how much to leave?", customer))
    assert row is not None and row.key == "Home 900"
    assert customer_row(rows, owned_text("I'm on Mobile Lite", None)) is not None
    assert customer_row(rows, owned_text("how much to leave?", None)) is None  # nothing says which: said whole
    assert theirs(["Home 100", "Home 900"], "home") is None  # both share the word: neither is theirs
    # a key column that does not name what a customer is on ("Delivery option") is no choice of theirs
    options = "| Delivery option | Cost |\n|---|---|\n| Standard | Free |\n| Express | £5 |\n"
    assert customer_row(tables_in(options)[0], "Standard") is None


def test_a_table_of_places_gives_the_row_of_the_place_the_customer_names() -> None:
    from assistant.places import places_in
    from assistant.table_choice import place_row

    zones = "| Zone | Countries | Price |\n|---|---|---|\n| Zone A | France, Spain, Italy | £2 |\n" \
            "| Zone B | Canada, Mexico | £5 |\n"
    (rows,) = tables_in(zones)
    row = place_row(rows, places_in("I'm flying to Toronto next week"))
    assert row is not None and row.key == "Zone B"
    assert place_row(rows, places_in("going to Madrid and then to Toronto")) is None  # two rows: which is asked is unsaid
    fees = "| Service | Fee |\n|---|---|\n| UK cash withdrawals | Free |\n| Transfers abroad | £3 |\n"
    assert place_row(tables_in(fees)[0], places_in("I live in London")) is None  # no column of places


def test_a_band_column_named_by_a_thing_done_reads_as_when_it_was_done() -> None:
    table = "| Form returned | What happens |\n|---|---|\n| Within 10 days | Nothing |\n" \
            "| More than 10 days after the deadline | £5 admin fee |\n"
    assert "When the form is returned more than 10 days after the deadline, what happens is a £5 admin fee." in \
        _said(table)


def test_a_plan_the_customer_asks_about_is_said_though_it_is_not_theirs() -> None:
    from assistant.table_choice import asked_about

    assert _said(ZONES, "Coastal")[0] == "On Coastal, Northern (Arden, Bray, Colm) is £9 a trip."
    (rows,) = tables_in(ZONES)
    assert customer_column(rows, ZONES, "Coastal", "what would Northern cost me on Island Hopper?") is None
    assert customer_column(rows, ZONES, "Coastal", "how much is Northern for me?") == "Coastal"
    assert asked_about(["Home 100", "Home 900"], "is Home 900 faster?") == {"Home 900"}
    assert asked_about(["Mobile Go", "Mobile Max"], "Go on, tell me, can I go abroad?") == set()


def test_a_cell_of_several_sentences_read_in_pieces_says_its_first_piece_as_the_rows_sentence() -> None:
    table = "| Time since purchase | What we offer |\n|---|---|\n| 1–2 years | Free repair for Gold members. " \
            "Otherwise we quote for the repair. |\n| Over 2 years | A repair quote |\n"
    said = natural_rows(table)
    assert said["For 1–2 years, what we offer: Free repair for Gold members."] == \
        "When the time since purchase is 1–2 years, we offer free repair for Gold members."


def test_customers_of_a_named_plan_stay_a_group_when_a_row_is_said_to_the_customer() -> None:
    from models.generators.composer_policy import to_customer

    assert to_customer("For 1–2 years, what we offer is free repair for Gold customers and anyone with Care.") == \
        "For 1–2 years, what we offer is free repair for Gold customers and anyone with Care."
    assert to_customer("Customers can return items within 30 days.") == "You can return items within 30 days."


def test_a_row_reads_as_a_sentence_only_where_its_key_and_columns_form_one() -> None:
    from assistant.tables import Row, row_sentence

    result = ("What happens", "Result")
    # a key that is a noun and its verb is a condition; a cell that is a clause is said as it is
    assert row_sentence(Row(result, ("Payments fail in two months in a row", "We cancel the plan"), 0, 0)) == \
        "If payments fail in two months in a row, we cancel the plan."
    assert row_sentence(Row(result, ("Retry also fails", "We charge £10"), 0, 0)) == "If the retry also fails, we charge £10."
    # "What we'll do" + an action; a key column saying how the case is done
    assert row_sentence(Row(("When you tell us", "What we'll do"), ("Within 14 days", "Reissue the bill"), 0, 0),
                        condition=True) == "If you tell us within 14 days, we'll reissue the bill."
    assert row_sentence(Row(("How you pay us", "Where the money goes"), ("Bank transfer", "Your bank account"), 0, 0)) \
        == "If you pay us by bank transfer, the money goes to your bank account."
    # a column that forms no clause with its cell: the row's facts quoted plainly, never "how the price works is"
    plans = ("Plan", "How the price works", "Length")
    said = row_sentence(Row(plans, ("Fix 12", "Prices fixed for the term", "12 months"), 0, 0))
    assert said == "Fix 12 — how the price works: prices fixed for the term; length: 12 months.", said
    # a cross-reference to another page is left out; a column naming the case goes beside the key
    assert row_sentence(Row(("What went wrong", "We pay"), ("Our engineer missed your visit (see *Visits*)", "£40"),
                            0, 0)) == "If our engineer missed your visit, we pay £40."
    fees = ("When you cancel", "What it's called", "Fee")
    assert row_sentence(Row(fees, ("Less than 2 hours before", "Late cancellation", "£3"), 0, 0), condition=True) == \
        "If you cancel less than 2 hours before (late cancellation), the fee is £3."


def test_a_cell_that_is_a_clause_of_its_own_is_said_as_that_clause() -> None:
    from assistant.tables import row_sentence
    table = ("| Notice before the collection | What happens to your bond |\n|---|---|\n"
             "| 10 days or more | Returned in full |\n| 3–9 days | 40% of the bond is kept, the rest returned |\n"
             "| Driver arrives and the collection cannot happen | Kept in full |\n")
    said = [row_sentence(r, condition=True) for t in tables_in(table) for r in t]
    assert said == ["When the notice before the collection is 10 days or more, your bond is returned in full.",
                    "When the notice before the collection is 3–9 days, 40% of the bond is kept, the rest returned.",
                    "If driver arrives and the collection cannot happen, your bond is kept in full."]


HALLS = """| Hall | Seated | Standing | Weekdays | Fri & Sun | Sat & holidays |
|---|---|---|---|---|---|
| The Loft | 90 | 140 | £700 | £950 | £1,300 |
| The Cellar | 30 | 50 | £250 | £400 | £520 |
"""

DESK = """| Channel | Details | Hours |
|---|---|---|
| Phone | 0161 496 0011 | Monday to Friday 08:00–18:00, Saturday 09:00–13:00 |
| Post | 4 Quay Lane, Tarrow | Letters answered within 10 working days |
"""


def test_price_columns_beside_counts_are_the_cases_and_the_counts_are_said_with_their_names() -> None:
    said = _said(HALLS)
    assert said[0] == ("On Weekdays, The Loft is £700; on Fri & Sun, £950; and on Sat & holidays, £1,300; "
                       "seated: 90 and standing: 140.")
    assert not any("the standing is" in s for s in said), said


def test_a_remark_column_beside_one_plural_column_makes_no_groups_priced_for() -> None:
    said = _said(DESK)
    assert said[0] == "For Phone, the hours are Monday to Friday 08:00–18:00, Saturday 09:00–13:00 (0161 496 0011)."
    assert not any(" for Hours" in s for s in said), said


LATE_CHANGES = """| When you tell us | Adding players | Dropping players |
|---|---|---|
| 10 to 4 days before | Accepted if the pitch allows, plus a £3 late fee each | Not possible: you pay for your final squad |
| 3 days or less before | No changes | No changes |
"""


def test_a_column_named_by_an_action_is_the_subject_of_its_cell() -> None:
    said = _said(LATE_CHANGES)
    assert said[0] == ("If you tell us 10 to 4 days before, adding players is accepted if the pitch allows, plus a £3 late "
                       "fee each; and dropping players is not possible: you pay for your final squad.")
    assert said[1] == "If you tell us 3 days or less before, adding players: no changes and dropping players: no changes."


EXTRAS = """| Extra | Price | Available with |
|---|---|---|
| Window wash | $8 per window | Standard and deep only |
| Fur removal | $20 | See *Pets and keys* |
"""


def test_a_column_ending_in_a_preposition_opens_its_cell_and_a_pointer_cell_is_left_out() -> None:
    said = _said(EXTRAS)
    assert said[0] == "For a window wash, the price is $8 per window and it's available with standard and deep only."
    assert "See" not in said[1] and "Pets and keys" not in said[1], said


COVER = """| | Shield Lite | Shield Max |
|---|---|---|
| Excess per claim | £60 | £25 |
| Claims in any 12 months | 2 | 4 (max. 1 theft) |
"""


def test_a_plan_table_with_no_key_name_says_the_customers_plan_and_keeps_an_abbreviation_whole() -> None:
    assert _said(COVER, "Shield Max") == ["Excess per claim: £25 (Shield Max).",
                                          "Claims in any 12 months: 4 (max 1 theft) (Shield Max)."]
    assert _said(COVER)[1] == "Claims in any 12 months: 2 (Shield Lite), 4 (max 1 theft) (Shield Max)."


ZONES_BY_BAND = """| Band | Distance from the depot | Call-out fee | Home Plus |
|---|---|---|---|
| A | 0–8 km | Free | Free |
| B | 8.1–20 km | £18 | Free |
"""


def test_a_band_code_is_said_with_its_column_and_a_plans_own_column_reads_as_that_plans() -> None:
    said = _said(ZONES_BY_BAND)
    assert said[1] == ("For band B, the distance from the depot is 8.1–20 km, the call-out fee is £18 and it's free on "
                       "Home Plus.")
    assert not any(s.startswith("For B,") for s in said), said


LESSON_NOTICE = """| Notice given before the class | What you pay |
|---|---|
| 48 hours or more | Nothing |
| 12 to 48 hours | Late-change fee: 40% of the class price, capped at £12 |
| No-show – you are not in the studio within 10 minutes of the start | The full class price |
"""


def test_a_named_charge_in_a_cell_and_a_named_case_key_read_as_sentences() -> None:
    said = _said(LESSON_NOTICE)
    assert said[1] == ("When the notice given before the class is 12 to 48 hours, you pay a late-change fee of 40% of the "
                       "class price, capped at £12.")
    assert said[2] == "If it's a no-show (you are not in the studio within 10 minutes of the start), you pay the full " \
                      "class price."


def test_a_row_with_a_dash_cell_is_said_in_its_own_words_not_cell_by_cell() -> None:
    from assistant.types import Passage
    from models.generators.composer_policy import clean_markdown, usable_sentences
    from models.generators.table_rows import row_wording
    text = """| Package | Price | Saving |
|---|---|---|
| Single class | £12 | – |
| Ten classes | £100 | £20 |
"""
    wording = row_wording([Passage(marker=1, doc_id="d", chunk_id="c", title="Prices", text=text)])
    rows = [s for s in usable_sentences(text) if s.startswith("For ")]
    assert rows and all(clean_markdown(s) in wording for s in rows), (rows, list(wording))


def test_what_we_do_over_a_thing_given_reads_as_what_they_get() -> None:
    said = _said("""| When we cancel | What we do |
|---|---|
| 24 to 72 hours before | Priority rebooking plus a £8 class credit |
| Less than 24 hours before | Refund the class in full |
""")
    assert said == ["If we cancel 24 to 72 hours before, you get priority rebooking plus a £8 class credit.",
                    "If we cancel less than 24 hours before, we refund the class in full."]
