"""A tier's discount worked out on the price said (assistant.member_discounts)."""

from assistant.grounding.arithmetic import worked_values
from assistant.member_discounts import discounted_price, discounted_total, named_tier, tier_discounts

PAGE = """# Membership

**Member prices:** Amber members get 10 % and Cobalt members 20 % off their own workshop seat. The discount is
taken at checkout.

| Tier | Yearly fee | Hire | Workshops |
|---|---|---|---|
| Amber | CHF 90 | 15 % off | 10 % off |
| Cobalt | CHF 240 | 25 % off | 20 % off |

Member discounts do not apply to voucher purchases.
"""


def test_sentence_pairs_each_tier_with_its_own_percentage() -> None:
    found = {(d.percent, d.scope) for d in tier_discounts(PAGE, "Cobalt")}
    assert (20.0, "their own workshop seat") in found
    assert (10.0, "their own workshop seat") not in found  # Amber's figure, said first in the same sentence


def test_table_row_per_tier_gives_a_discount_per_column() -> None:
    found = {(d.percent, d.scope) for d in tier_discounts(PAGE, "Amber")}
    assert {(15.0, "Hire"), (10.0, "Workshops")} <= found


def test_price_worked_out_for_the_thing_asked_about() -> None:
    worked = discounted_price("Cobalt", ["Glazing workshop: 4 evenings, CHF 1,250 per seat."],
                              "What does the glazing workshop cost me?", [(3, PAGE)])
    assert worked is not None and worked.marker == 3
    assert worked.sentence == ("As a Cobalt member you get 20% off: 20% × CHF 1,250 = CHF 250, "
                               "so CHF 1,250 − CHF 250 = CHF 1,000.")
    # the verifier proves every figure of the working from the page and the price
    assert 1000.0 in worked_values(worked.sentence, [PAGE, "CHF 1,250 per seat"])


def test_tier_written_with_a_brand_before_it_is_found_by_its_last_word() -> None:
    worked = discounted_price("Studio Cobalt", ["Glazing workshop: CHF 1,250 per seat."], "how much is the workshop?",
                              [(1, PAGE)])
    assert worked is not None and "CHF 1,000" in worked.sentence


def test_nothing_when_the_discount_is_for_something_else() -> None:
    # a kiln firing is neither hire nor a workshop: no discount of the page is for it
    assert discounted_price("Cobalt", ["A kiln firing costs CHF 40."], "What does a kiln firing cost?",
                            [(1, PAGE)]) is None


def test_nothing_when_the_page_excludes_what_is_asked() -> None:
    assert discounted_price("Cobalt", ["Workshop vouchers: CHF 300."], "How much is a workshop voucher for me?",
                            [(1, PAGE)]) is None


def test_nothing_with_two_prices_or_a_member_price() -> None:
    two = ["Glazing workshop: CHF 1,250.", "Throwing workshop: CHF 900."]
    assert discounted_price("Cobalt", two, "What does the workshop cost?", [(1, PAGE)]) is None
    member = ["Glazing workshop: CHF 1,250, or CHF 1,000 for Cobalt members."]
    assert discounted_price("Cobalt", member, "What does the workshop cost?", [(1, PAGE)]) is None


def test_named_tier_is_read_from_the_customer_words() -> None:
    assert named_tier("What will it cost with my Cobalt discount?") == "Cobalt"
    assert named_tier("As an Amber member, do I get money off?") == "Amber"
    assert named_tier("My parcel is late, where is it?") is None


def test_of_two_rows_the_one_the_customer_names_is_discounted() -> None:
    rows = ["Glazing workshop, it includes 4 evenings and the price is CHF 1,250.",
            "For a throwing workshop, the price is CHF 900."]
    worked = discounted_price("Cobalt", rows, "How much is it for me?", [(1, PAGE)],
                              message="I'd love to join the glazing workshop. How much is it for me?")
    assert worked is not None
    assert worked.sentence.startswith("As a Cobalt member you get 20% off glazing workshop: 20% × CHF 1,250")


def test_discount_taken_off_a_worked_total() -> None:
    worked = discounted_total("Amber", "For your 3 days: CHF 40 × 3 = CHF 120 for a hire kayak.", ["Hire kayak: CHF 40 a day."],
                              "How much is the hire for me?", [(2, PAGE)])
    assert worked is not None and worked.marker == 2
    assert worked.sentence == "As an Amber member you get 15% off: 15% × CHF 120 = CHF 18, so CHF 120 − CHF 18 = CHF 102."
    assert discounted_total("Amber", "The fee is CHF 40.", [], "How much is the hire?", [(2, PAGE)]) is None  # no working
    member_rate = ["Hire kayak (Amber members): CHF 40 a day."]  # the rate is already the member's
    assert discounted_total("Amber", "For your 3 days: CHF 40 × 3 = CHF 120.", member_rate, "How much?", [(2, PAGE)]) is None


def test_a_discount_fits_what_the_price_is_for_not_every_word_of_the_ask() -> None:
    # the ask names a workshop, but the locker is priced apart: the workshop discount is not the locker's
    assert discounted_price("Cobalt", ["A locker costs CHF 25 a term."], "What would a locker for my workshop come to?",
                            [(1, PAGE)]) is None


def test_things_named_with_their_counts_are_added_up() -> None:
    from assistant.charges import items_total

    rows = ["For Kiln gloves, price: CHF 35.", "For Glaze sampler, pack of 12, price: CHF 48.",
            "For Apron, price: CHF 22."]
    message = "I'd like the kiln gloves and three glaze sampler packs. What's the total?"
    assert items_total(rows, message) == ("For the kiln gloves and your 3 glaze sampler packs: 3 × CHF 48 = CHF 144, "
                                          "and CHF 35 + CHF 144 = CHF 179.")
    assert items_total(rows, "Is the apron or the kiln gloves cheaper in total?") is None  # alternatives
    assert items_total(rows, "I'd like the kiln gloves and three glaze sampler packs.") is None  # no total asked
    assert items_total(rows[:1], "What do the kiln gloves cost in total?") is None  # one thing


def test_a_counted_total_gets_the_tier_discount_in_one_checked_sentence() -> None:
    import numpy as np

    from assistant.analysis import MessageAnalyser
    from assistant.asks import split_message
    from assistant.types import CustomerProfile, DraftJob, Passage, Ticket
    from assistant.verification import Verifier
    from models.embedders import HashingEmbedder
    from models.generators.composer import ComposerGenerator, Coverage, _Plan
    from models.generators.composer_policy import PolicySentence

    shop = Passage(marker=1, doc_id="shop", chunk_id="shop#1", title="Shop", audience="public", score=0.7, text=(
        "| Item | Price |\n|---|---|\n| Kiln gloves | CHF 35 |\n| Glaze sampler | CHF 48 |\n| Apron | CHF 22 |\n"))
    tiers = Passage(marker=2, doc_id="tiers", chunk_id="tiers#1", title="Membership", audience="public", score=0.6,
                    text="Cobalt members get 20 % off everything in the shop, kiln gloves and glaze samplers included.")
    message = "Hi, I want the kiln gloves and 2 glaze samplers from the shop. What will I pay in total?"
    ticket = Ticket(message=message, customer=CustomerProfile(name="Mia Roth", tier="Cobalt"))
    job = DraftJob(ticket=ticket, analysis=MessageAnalyser().analyse(message), passages=[shop, tiers],
                   behaviour="answer", evidence_ok=True)
    # the rows answer selection chose for the asks, as the bank words them
    vec = np.zeros(4, dtype=np.float32)
    rows = [PolicySentence(1, 1, "For Kiln gloves, price: CHF 35.", 0.6, vec),
            PolicySentence(1, 2, "For Glaze sampler, price: CHF 48.", 0.6, vec)]
    answers = [(ask, rows if "total" in ask.text else []) for ask in split_message(message).asks]
    priced = ComposerGenerator._add_named_prices(_Plan(), job, answers, Coverage("answer", len(answers)))
    assert priced.discounted and priced.later == [
        "For the kiln gloves and your 2 glaze samplers: 2 × CHF 48 = CHF 96, and CHF 35 + CHF 96 = CHF 131 [1]; as a "
        "Cobalt member you get 20% off: 20% × CHF 131 = CHF 26.20, so CHF 131 − CHF 26.20 = CHF 104.80 [2]."]
    # the verifier redoes the whole chain from the table, the customer's count and the tier's discount
    result = Verifier(HashingEmbedder()).verify(priced.later[0], job, [])
    assert not result.has("unsupported_claim"), [f.message for f in result.flags]


def test_a_plan_the_customer_says_they_have_is_their_tier() -> None:
    assert named_tier("We live in Sandvika and we have the Comfort plan with you.") == "Comfort"
    assert named_tier("I'm on the Comfort plan, how much is a visit?") == "Comfort"
    assert named_tier("our Comfort plan covers this, right?") == "Comfort"
    assert named_tier("what does a plan cost?") is None


def test_a_discount_off_the_pages_prices_fits_a_price_of_that_page_not_the_tiers_own_fee() -> None:
    pages = [(2, "| Plan | Price per month |\n|---|---|\n| Comfort | 89 kr |\n\nComfort members get 10 % off repairs."),
             (4, "Comfort members get 15 % off the prices above."),
             (6, "| Appliance | Zone A | Zone B |\n|---|---|---|\n| Wood stove | 1 990 kr | 2 190 kr |")]
    said = ["On Zone B, the wood stove is 2 190 kr.", "For Comfort, the price per month is 89 kr."]
    ask = "what does the sweep cost for our wood stove?"
    # "the prices above" says only which page it is for: it fits a price of that page (passages 4 and 6 are one page)
    worked = discounted_price("Comfort", said, ask, pages, ask, home=6, same_page=frozenset({4, 6}))
    assert worked is not None and worked.marker == 4
    assert "15% × 2,190 kr = 328.50 kr, so 2,190 kr − 328.50 kr = 1,861.50 kr" in worked.sentence
    assert "off the wood stove" in worked.sentence
    assert {328.5, 1861.5} <= set(worked_values(worked.sentence, [p for _, p in pages], ask))
    # ... and not a price of another page, where the tier has another discount too
    assert discounted_price("Comfort", said, ask, pages, ask, home=6, same_page=frozenset({6})) is None
