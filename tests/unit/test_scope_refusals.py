"""What the pages say the company does not do, against what the customer asks (assistant.scope_refusals)."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.scope_refusals import documented_refusal
from assistant.types import Passage

FAQ = """# Questions

**Do you repair bicycles bought elsewhere?**
No. Our mechanics only service bikes from our own hire fleet. For a bike of your own, please contact an independent
cycle workshop.

**Do you sell used bikes?**
No. We only hire bikes out. Please ask a local bike shop about used bikes.

**Do you ship outside Portugal?**
No. We deliver only within mainland Portugal.

**Can I bring my dog on a guided ride?**
No. Dogs cannot join guided rides for their safety.
"""
POLICY = ("Guided rides run daily from the Porto depot. We do not take riders under 14 on guided rides; please ask "
          "the tourist office about family walking tours. Helmets are included.")
PRICES = "A guided ride costs €45 per person, and a day of e-bike hire costs €30. Rides leave at 10:00 and 15:00."
DOCS = [FAQ, POLICY, PRICES, "Our depot opens at 9:00. E-bike batteries are charged overnight."]


def _passages(*texts: str) -> list[Passage]:
    return [Passage(marker=i, doc_id=f"d{i}", chunk_id=f"d{i}-1", title="Page", audience="public", score=0.5, text=t)
            for i, t in enumerate(texts, start=1)]


def _none(texts: Sequence[str]) -> list[float]:
    return [0.0 for _ in texts]


def test_a_question_the_faq_answers_no_and_sends_elsewhere_is_declined_in_its_words() -> None:
    asks = ["Could you repair the gears on my own bike at your workshop?"]
    message = "Hi, the gears on my own bike keep slipping. " + asks[0]
    r = documented_refusal(asks, message, _passages(FAQ, PRICES), lambda: DOCS, lambda texts: [0.45 for _ in texts])
    assert r is not None and r.marker == 1
    assert r.sentences == ("Our mechanics only service bikes from our own hire fleet.",
                           "For a bike of your own, please contact an independent cycle workshop.")
    assert r.question == "Do you repair bicycles bought elsewhere?"
    # one rare word shared ("workshop") and nothing close in meaning is too thin
    assert documented_refusal(asks, message, _passages(FAQ, PRICES), lambda: DOCS, _none) is None


def test_a_no_within_the_business_is_an_answer_not_a_decline() -> None:
    # "We deliver only within ..." and "Dogs cannot join ..." answer within what the company does
    for ask in ["Can you ship my order outside Portugal?", "Can I bring my dog on a guided ride?"]:
        assert documented_refusal([ask], ask, _passages(FAQ), lambda: DOCS, _none) is None


def test_an_age_bound_refuses_only_the_ages_it_names() -> None:
    ask = "Could I book a guided ride for my son and me on Saturday?"
    young = documented_refusal([ask], "My son is 9. " + ask, _passages(POLICY), lambda: DOCS, _none)
    assert young is not None and young.sentences[0].startswith("We do not take riders under 14")
    assert documented_refusal([ask], "My son is 15. " + ask, _passages(POLICY), lambda: DOCS, _none) is None


def test_the_same_verb_for_another_thing_is_no_match() -> None:
    vouchers = "Do you sell gift vouchers for a guided ride?"
    assert documented_refusal([vouchers], vouchers, _passages(FAQ), lambda: DOCS, _none) is None
    used = "Could you sell me one of your used bikes?"
    r = documented_refusal([used], used, _passages(FAQ), lambda: DOCS, _none)
    assert r is not None and r.question == "Do you sell used bikes?"


def test_an_unrelated_request_is_not_declined_for_a_refusal_nearby() -> None:
    ask = "How much is a guided ride for two people?"
    assert documented_refusal([ask], ask, _passages(FAQ, PRICES), lambda: DOCS, _none) is None


def test_a_message_that_also_asks_something_we_answer_is_not_declined() -> None:
    asks = ["Could you repair the gears on my own bike at your workshop?", "And what time do guided rides leave?"]
    message = "Hi, the gears on my own bike keep slipping. " + " ".join(asks)
    assert documented_refusal(asks, message, _passages(FAQ, PRICES), lambda: DOCS, _none) is None


def test_close_meaning_counts_where_the_words_differ() -> None:
    ask = "Can you fix the brakes on my own bicycle?"
    close = documented_refusal([ask], ask, _passages(FAQ), lambda: DOCS, lambda texts: [0.6 for _ in texts])
    far = documented_refusal([ask], ask, _passages(FAQ), lambda: DOCS, lambda texts: [0.1 for _ in texts])
    assert close is not None and far is None


def test_a_decline_may_cite_only_the_pages_own_refusal() -> None:
    from evaluation.metrics.behaviour import form_problems

    said = ("I'm sorry, that isn't something we can help with. Our mechanics only service bikes from our own hire "
            "fleet [1]. For a bike of your own, please contact an independent cycle workshop [1].")
    assert form_problems("decline", said, 1, [FAQ]) == []
    pasted = said + " A guided ride costs €45 per person, and a day of e-bike hire costs €30 [2]."
    assert form_problems("decline", pasted, 2, [FAQ, PRICES]) == ["labelled decline but quotes policy passages"]
    assert form_problems("decline", said, 1) == ["labelled decline but quotes policy passages"]  # pages not known


FAQ2 = """**Can you tell me the sea conditions for my own crossing?**
We do not give sea forecasts for private trips. Check the marine forecast from the Coastguard before you go.

**Do you run diving courses?**
No. Bluefin Paddle runs kayak tours and kayak hire only. We do not run diving or sailing courses.
"""


def test_a_refusal_opening_the_answer_or_naming_the_company_counts() -> None:
    docs = [FAQ2, PRICES, "Kayak tours leave from the harbour at 9:00."]
    ask = "What will the sea conditions be like for our crossing on Saturday?"
    same = documented_refusal([ask], ask, _passages(FAQ2), lambda: docs, lambda texts: [0.6 for _ in texts])
    assert same is not None and same.sentences[0] == "We do not give sea forecasts for private trips."
    # a question about our own tour shares only the pages' common words, and reads far from it
    tour = "Will the weather be ok for the kayak tour on Saturday?"
    assert documented_refusal([tour], tour, _passages(FAQ2), lambda: docs, lambda texts: [0.3 for _ in texts]) is None
    # the thing refused is told, and the asks are of its details: the price and dates of that course
    message = "We'd like to book a diving course for 4 in May. What dates do you have and what's the price per person?"
    asks = ["What dates do you have", "what's the price per person?"]
    got = documented_refusal(asks, message, _passages(FAQ2, PRICES), lambda: docs, lambda texts: [0.45 for _ in texts])
    assert got is not None and got.sentences[0] == "Bluefin Paddle runs kayak tours and kayak hire only."


def test_a_no_that_says_what_we_are_or_where_to_look_is_a_refusal_said_as_a_sentence() -> None:
    faq = _passages("""# Questions

**Can you fit a car stereo, or do other car electrics?**
No. We are bicycle specialists. Our workshop services bikes, but we do not take car electrics of any kind.

**Could you help me pick a bike insurance policy?**
No, we do not give advice on insurance. The cycling club's comparison page at cover.example is a good place to start.
""")
    stereo = "Do you guys fit car stereos too? What would that cost?"
    r = documented_refusal([stereo], stereo, faq, lambda: DOCS + [faq[0].text], lambda texts: [0.5 for _ in texts])
    assert r is not None and r.sentences[0] == "We are bicycle specialists."
    cover = "Could you look at my bike insurance policy and tell me if it's any good?"
    r = documented_refusal([cover], cover, faq, lambda: DOCS + [faq[0].text], lambda texts: [0.5 for _ in texts])
    # (the sentence after "No," starts again with its capital)
    assert r is not None and r.sentences == ("We do not give advice on insurance.",
                                             "The cycling club's comparison page at cover.example is a good place to "
                                             "start.")


def test_a_handover_to_a_named_desk_says_who_follows_up() -> None:
    from evaluation.metrics.behaviour import form_problems
    assert form_problems("handover", "I'm alerting our Priority desk now, and they will call you within 15 minutes.") \
        == []
    assert form_problems("handover", "Thanks for your message. Have a good day.") == [
        "labelled handover but does not say who will follow up"]
