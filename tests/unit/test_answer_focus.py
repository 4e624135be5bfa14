"""The lead sentence answers the ask: the thing the customer names, pointers never leading, parallel rules for other
things left out, the acknowledgement naming the customer's thing, one stemmer (invented outdoor-shop sources)."""

from __future__ import annotations

from assistant.asks import named_object_said, named_objects
from assistant.grounding.words import family, mentions, word_keys
from assistant.issue import describe_issue
from assistant.types import Passage
from models.embedders import HashingEmbedder
from models.generators import composer_phrases as ph
from models.generators.composer_policy import (
    SentenceBank,
    _out_of_scope,
    _stems,
    content_words,
    pointer_only,
    select_policy,
)

GUARANTEE = Passage(
    marker=1, doc_id="guarantee", chunk_id="gu-1", title="Ridgeline guarantee", section="Guarantee periods", score=0.6,
    text=("- Ridgeline tents: 3 years.\n- Ridgeline boots: 6 months against split soles.\n\n"
          "Gear from other makers is covered by its maker."),
)
REPAIRS = Passage(
    marker=2, doc_id="repairs", chunk_id="re-1", title="Repairs", section="Paid repairs", score=0.6,
    text=("See our guarantee page for what is covered. "
          "Ridgeline gear that is past its guarantee or was damaged by misuse can be mended for a fee."),
)
HYGIENE = Passage(
    marker=3, doc_id="hygiene", chunk_id="hy-1", title="Hygiene items", section="Sealed items", score=0.6,
    text=("For hygiene reasons, the following can only be sent back sealed:\n\n- sleeping bag liners,\n"
          "- mouthpieces of hydration packs.\n"),
)


def _select(ask: str, passages: list[Passage], *, objects: list[str], max_sentences: int = 3, context: str = "") -> list[str]:
    embedder = HashingEmbedder()
    own = f"{ask} ({context})" if context else ask  # as the composer reads an ask that points back at what was said
    chosen = select_policy(SentenceBank(embedder), passages, embedder.embed_query(own), content_words(own),
                           max_sentences=max_sentences, question=ask, about=own, ask_vec=embedder.embed_query(own),
                           objects=[(o, embedder.embed_query(o)) for o in objects])
    return [c.text for c in chosen]


def test_the_thing_the_customer_names_is_read_without_its_brand_or_the_order() -> None:
    assert named_objects("My Ridgeline Trek tent pole snapped. Is that covered?") == ["tent pole"]
    assert named_objects("I sent my dad an e-gift card and the charging case of my lamp broke") == [
        "e-gift card", "charging case", "lamp"]  # people and orders are not what is asked about
    assert named_objects("Where is my order? I placed it this morning.") == []
    assert named_objects("My order NW-10442 arrived with a torn seam") == ["torn seam"]  # a code is not a word
    # said back by the agent: the customer's "your" is ours, their "my" is theirs
    assert named_object_said("Stop sending me your marketing emails") == "our marketing emails"
    assert named_object_said("someone asked for my gift card PIN") == "your gift card PIN"
    assert named_object_said("MY TENT IS TORN") == "your tent"  # capitals shouted, not an abbreviation


def test_a_pointed_at_thing_picks_the_rule_for_it_and_leaves_out_the_rules_for_other_things() -> None:
    chosen = _select("Is that covered by the guarantee?", [GUARANTEE, REPAIRS], objects=["tents"],
                     context="my Ridgeline tents leak")
    assert chosen[0] == "Ridgeline tents: 3 years."
    # the boots' period and the other makers' rule are about other things than the customer's tent
    assert not any("boots" in c or "other makers" in c for c in chosen)


def test_a_pointer_to_other_text_never_leads_and_goes_when_a_sentence_says_it() -> None:
    assert pointer_only("See our guarantee page for what is covered.")
    assert pointer_only("The full list is on our page about sealed items.")
    assert not pointer_only("See our guarantee page or call 555-0100-200.")  # a contact detail is an answer
    assert not pointer_only("Ridgeline tents: 3 years.")
    chosen = _select("what is covered by the guarantee page?", [REPAIRS, GUARANTEE], objects=[])
    assert chosen and not pointer_only(chosen[0])
    assert not any(pointer_only(c) for c in chosen[1:])


def test_a_subject_narrowed_to_another_case_is_a_rule_for_someone_else() -> None:
    rule = "Ridgeline gear that is past its guarantee or was damaged by misuse can be mended for a fee."
    assert _out_of_scope(rule, _stems(content_words("my tent pole snapped, is that covered?")))
    assert not _out_of_scope(rule, _stems(content_words("my tent is past its guarantee and damaged by misuse")))


def test_one_of_two_parallel_rules_is_said_when_the_customer_names_its_thing() -> None:
    # two items of one list read with the same lead-in are one rule said for two things: only the asked one is said,
    # whether or not the message names the thing with a determiner
    for objects in (["mouthpieces"], []):
        chosen = _select("for hygiene reasons, can mouthpieces of hydration packs only be sent back sealed?", [HYGIENE],
                         objects=objects)
        assert chosen == ["For hygiene reasons, mouthpieces of hydration packs can only be sent back sealed."]
    chosen = _select("for hygiene reasons, can sleeping bag liners only be sent back sealed?", [HYGIENE], objects=[])
    assert chosen == ["For hygiene reasons, sleeping bag liners can only be sent back sealed."]


def test_the_acknowledgement_names_the_customers_thing_not_the_topics_neighbour() -> None:
    headings = "Gift cards and e-gift cards Gift card scams"  # the sources found for a gift card question
    # a topic named for vouchers, a message about a gift card: the gift card is acknowledged
    ph.TOPIC_PHRASES.setdefault("test_vouchers", "your voucher code")
    try:
        said = ph.topic_phrase("test_vouchers", "A caller asked for my gift card number, is that real?", headings)
        assert said == "your gift card number"
        assert ph.topic_phrase("test_vouchers", "my voucher code will not apply", headings) == "your voucher code"
        # sources about the topic's own thing keep its phrase ("your membership" for a "Plus plan" question)
        assert ph.topic_phrase("test_vouchers", "A caller asked for my gift card number", "Voucher codes") == \
            "your voucher code"
        # a thing the sources' headings never name ("a fee" a caller invented) is not acknowledged as theirs
        assert ph.topic_phrase("test_vouchers", "A caller says I owe a fee. Is that real?", headings) == "this"
    finally:
        del ph.TOPIC_PHRASES["test_vouchers"]
    ack = ph.acknowledgement("anxiety", None, "returns", -0.4, about="your gift card number")
    assert all("gift card number" in a for a in ack)
    assert describe_issue("My Ridgeline Trek lantern stopped working").phrase == "your lantern isn't working as it should"


def test_the_composer_matches_words_with_the_grounding_stemmer() -> None:
    # one family key per word, agreeing with the grounding package's ``mentions``
    for a, b in [("deliver", "delivery"), ("refund", "refunded"), ("pause", "paused"), ("policy", "policies"),
                 ("box", "boxes")]:
        assert family(a) == family(b)
        assert mentions(word_keys(a), b) and mentions(word_keys(b), a)
    assert _stems({"delivery", "policies"}) == {family("deliver"), family("policy")}
    # a one-letter prefix is written with and without its hyphen ("e-gift card", "egift card")
    assert family("e-gift") == family("egift") and family("E-bike") == family("ebikes")
    assert family("re-entry") != family("reentry")  # (a word prefix keeps its hyphen)
    # a count joined to its noun, and two full words joined, match by their parts; a prefix or a particle does not
    assert {family("4"), family("bed")} <= _stems({"4-bed"}) and family("semi") in _stems({"semi-detached"})
    assert family("clean") not in _stems({"re-clean"}) and family("one") not in _stems({"one-off"})


def test_a_label_that_says_what_to_do_is_said_as_for_not_means() -> None:
    from models.generators.composer_policy import to_customer

    assert to_customer("Text messages: reply STOP to any marketing text.") == \
        "For text messages, reply STOP to any marketing text."
    assert to_customer("On hold: we are waiting for your payment.") == "On hold means we are waiting for your payment."
    assert to_customer("New Zealand: we ship in 5 days.").startswith("For New Zealand,")
    assert to_customer("During the free trial: cancel before it ends and you pay nothing.") == \
        "During the free trial, cancel before it ends and you pay nothing."
    # never "For with your receipt, ..."
    assert to_customer("With your receipt: we refund to the card you paid with.") == \
        "With your receipt, we refund to the card you paid with."


def test_a_hassle_is_apologised_for_only_about_what_the_customer_names() -> None:
    message = "it's $49 in the sale now and I paid $64 last week. Kind of annoying. Can you refund me the difference?"
    assert ph.topic_phrase("refunds", message, "Price adjustments Returns") == ph.TOPIC_PHRASES["refunds"]
    assert ph.topic_phrase("refunds", message, "Price adjustments Returns", own_only=True) == "this"
    assert ph.topic_phrase("refunds", "my return still isn't refunded, so annoying", "Returns", own_only=True) == \
        ph.TOPIC_PHRASES["refunds"]


def test_a_quantity_of_time_is_no_thing_the_customer_names() -> None:
    assert named_objects("we got it a few weeks ago and a couple of days later the kettle broke") == ["kettle"]


def test_a_topics_closing_step_is_said_only_where_the_customer_speaks_of_what_it_acts_on() -> None:
    from models.generators.composer_phrases import case_fits_step
    assert not case_fits_step("product_care", "the cleaner bleached a patch on our rug, will you pay for a new one?")
    assert case_fits_step("product_care", "can the wool throw go in the washing machine?")
    assert not case_fits_step("price_adjustment", "we're moving our event to the Friday, what will it cost?")
    assert case_fits_step("price_adjustment", "it's cheaper on your website today, can you match it?")
