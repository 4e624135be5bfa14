"""Price table cells the customer's words pick out, and their total with the working: over an invented bakery's
price list."""

from __future__ import annotations

from assistant.grounding.arithmetic import worked_values
from assistant.named_prices import asks_total, named_prices, total_sentence
from assistant.types import Passage

CAKES = Passage(marker=1, doc_id="cakes", chunk_id="cakes#0", title="Cake prices", text=(
    "| Cake | Small | Medium | Large |\n|---|---|---|---|\n"
    "| Lemon drizzle | £18 | £26 | £34 |\n| Chocolate fudge | £21 | £29.50 | £38 |\n"
    "| Wedding tier | not offered | £90 | £140 |\n"))
DELIVERY = Passage(marker=2, doc_id="delivery", chunk_id="delivery#0", title="Delivery", text=(
    "| Area | Weekday | Saturday |\n|---|---|---|\n| Area A | £4.50 | £6.50 |\n| Area B | £7.25 | £9.75 |\n"))
CLUB = Passage(marker=3, doc_id="club", chunk_id="club#0", title="Cake Club", text=(
    "| Plan | Yearly fee |\n|---|---|\n| Crumb | £15 |\n| Crust | £30 |\n"))


def test_a_cell_is_picked_by_its_row_and_column_and_a_total_shows_its_working() -> None:
    message = "I'd like a large chocolate fudge cake delivered on Saturday to Area B. What's the total?"
    prices = named_prices(message, [CAKES, DELIVERY, CLUB])
    assert [(p.row, p.column, p.figure) for p in prices] == [("Chocolate fudge", "Large", "£38"),
                                                                ("Area B", "Saturday", "£9.75")]
    assert prices[0].sentence() == "For Chocolate fudge, Large is £38"
    assert asks_total(message)
    total = total_sentence(prices)
    assert total == "Together that comes to £38 + £9.75 = £47.75"
    # the verifier redoes the sum from the sources' figures
    assert 47.75 in worked_values(total, [CAKES.text, DELIVERY.text])


def test_nothing_is_picked_where_the_row_or_column_is_not_told_apart() -> None:
    # two sizes named, or no size: which cell is theirs is not known
    assert not named_prices("lemon drizzle, small or medium?", [CAKES])
    assert not named_prices("how much is a lemon drizzle?", [CAKES])
    # a cell with no price in it
    assert not named_prices("price of a small wedding tier?", [CAKES])


def test_the_plan_the_customer_holds_is_not_a_thing_they_buy_and_counts_block_a_plain_sum() -> None:
    message = "As a Crust member, what's the total for a medium lemon drizzle on a weekday to Area A?"
    assert [p.row for p in named_prices(message, [CAKES, DELIVERY, CLUB])] == ["Lemon drizzle", "Area A"]
    assert [p.row for p in named_prices("what is the Crust fee?", [CLUB])] == ["Crust"]
    assert [p.row for p in named_prices("what is the Crust fee?", [CLUB], plans=["Crust"])] == []
    # three cakes: adding one of each cell would leave the count out
    assert not asks_total("three large lemon drizzle cakes to Area A on Saturday, what's the total?")
    assert not asks_total("how much is a large lemon drizzle?")


def test_the_composer_says_the_cells_and_their_total_and_the_verifier_accepts_the_sum() -> None:
    from assistant.analysis import MessageAnalyser
    from assistant.types import DraftJob, Ticket
    from assistant.verification import Verifier
    from models.embedders import HashingEmbedder
    from models.generators.composer import ComposerGenerator

    message = "Hi, I want a large chocolate fudge cake delivered this Saturday to Area B. What's the total?"
    passages = [CAKES.model_copy(update={"score": 0.7}), DELIVERY.model_copy(update={"score": 0.6})]
    job = DraftJob(ticket=Ticket(message=message), analysis=MessageAnalyser().analyse(message), passages=passages,
                   behaviour="answer", evidence_ok=True)
    text = ComposerGenerator(HashingEmbedder()).generate(job).text
    assert "£38 + £9.75 = £47.75" in text
    result = Verifier(HashingEmbedder()).verify(text, job, [])
    assert not result.has("unsupported_claim"), [f.message for f in result.flags]


def test_a_price_that_needs_a_choice_is_asked_for_and_the_other_questions_are_still_answered() -> None:
    from assistant.analysis import MessageAnalyser
    from assistant.price_choice import REASON
    from assistant.types import DraftJob, Ticket
    from models.embedders import HashingEmbedder
    from models.generators.composer import ComposerGenerator

    opening = Passage(marker=3, doc_id="shop", chunk_id="shop#0", title="Opening hours", score=0.7,
                      text="The bakery opens at 07:30 on Saturdays and closes at 14:00.")
    message = "What time do you open on Saturdays? And how much is a lemon drizzle cake?"
    job = DraftJob(ticket=Ticket(message=message), analysis=MessageAnalyser().analyse(message),
                   passages=[opening, CAKES.model_copy(update={"score": 0.6})], behaviour="clarify",
                   behaviour_reason=f"{REASON}: Cake ; Lemon drizzle | Chocolate fudge ; Small | Medium | Large ; ",
                   evidence_ok=True)
    text = ComposerGenerator(HashingEmbedder()).generate(job).text
    assert "07:30" in text  # the question the sources answer is answered ...
    assert "?" in text.split("07:30")[-1]  # ... and the reply still asks for the size


def test_a_row_of_the_total_chosen_for_another_ask_is_said_once_and_prose_with_the_price_stays() -> None:
    import numpy as np

    from assistant.analysis import MessageAnalyser
    from assistant.asks import split_message
    from assistant.types import DraftJob, Ticket
    from models.generators.composer import ComposerGenerator, Coverage, _Plan
    from models.generators.composer_policy import PolicySentence

    message = "I want a large chocolate fudge cake delivered on Saturday to Area B. What's the total? How many does it serve?"
    cakes = CAKES.model_copy(update={"text": CAKES.text + "\nOur large chocolate fudge cake (£38) serves 16 people.\n"})
    job = DraftJob(ticket=Ticket(message=message), analysis=MessageAnalyser().analyse(message),
                   passages=[cakes, DELIVERY], behaviour="answer", evidence_ok=True)
    total, serves = (next(a for a in split_message(message).asks if a.text.startswith(w)) for w in ("What", "How"))
    vec = np.zeros(4, dtype=np.float32)
    row = PolicySentence(1, 2, "For Chocolate fudge, Small: £21; Medium: £29.50; Large: £38.", 0.6, vec)
    prose = PolicySentence(1, 4, "Our large chocolate fudge cake (£38) serves 16 people.", 0.6, vec)
    answers = [(total, []), (serves, [row, prose])]
    priced = ComposerGenerator._add_named_prices(_Plan(), job, answers, Coverage("answer", 2))
    assert priced.asks == {0} and priced.restated == {(1, 2)}
