"""The verifier catches planted errors every time and leaves faithful drafts alone (hashing embedder)."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.types import (
    Analysis, BrandVoice, Citation, CustomerProfile, Derived, DraftJob, Order, Passage, Ticket,
)
from assistant.grounding.kinds import classify_sentence
from assistant.verification import Verifier
from models.embedders import HashingEmbedder

PASSAGES = [
    Passage(marker=1, doc_id="returns", chunk_id="returns#0", title="Returns policy",
            text="You can return most items within 30 days of delivery for a full refund. Returned items must be "
                 "unused and in their original packaging. Refunds are issued to the original payment method within "
                 "5 business days after we receive the item."),
    Passage(marker=2, doc_id="shipping", chunk_id="shipping#0", title="Shipping",
            text="Standard shipping costs $4.95 and takes 3-7 business days. Orders over $50 ship free. "
                 "Express shipping costs $14.95 and arrives in 1-2 business days."),
    Passage(marker=3, doc_id="contact", chunk_id="contact#0", title="Contact us",
            text="Our support line 1-800-555-0199 is open from 9am to 6pm on weekdays. You can also write to "
                 "help@northwind.com."),
]
INTERNAL = [
    Passage(marker=0, doc_id="escalation", chunk_id="escalation#0", title="Agent escalation guide", audience="internal",
            text="Agents may approve a goodwill credit of up to $20 for Plus members without manager approval. "
                 "Repeat complainers should be routed to the retention queue before any refund is discussed."),
]
PROFILE = CustomerProfile(name="Maria Lopez", orders=[
    Order(id="NW-10482", date=date(2026, 3, 1), status="delivered", items=["Blender"], amount=89.0,
          delivered_on=date(2026, 3, 4)),
])


def make_job(message: str = "I want to return my blender, it arrived scratched.", banned: list[str] | None = None) -> DraftJob:
    ticket = Ticket(message=message, customer=PROFILE, agent_name="Sam",
                    brand_voice=BrandVoice(banned_phrases=banned or ["unfortunately"]))
    analysis = Analysis(sentiment=-0.3, emotion="disappointment", topic="returns")
    return DraftJob(ticket=ticket, analysis=analysis, passages=PASSAGES, internal_notes=INTERNAL)


RETURN_DRAFT = """Hi Maria,

I'm sorry your blender from order NW-10482 arrived scratched. You can return it within 30 days of delivery for a full refund [1]. It should be unused and in its original packaging [1]. Once we receive it, the refund goes back to your original payment method within 5 business days [1]. I'll keep an eye on your return and update you once it arrives.

Best regards,
Sam"""

SHIPPING_DRAFT = """Hi Maria, thanks for asking about delivery options. Standard shipping costs $4.95 and takes 3-7 business days [2]. Express shipping costs $14.95 and arrives in 1-2 business days [2]. Orders over $50 ship free [2]. Is there anything else I can help with?"""

CONTACT_DRAFT = """Hi Maria, you can call our support line at 1-800-555-0199 from 9am to 6pm on weekdays [3]. You can also write to help@northwind.com [3]. Have a lovely day!"""

ORDER_DRAFT = """Hi Maria, your order NW-10482 was delivered on March 4, 2026. You can return the blender within 30 days of delivery for a full refund [1]. Thanks for your patience!"""

# (name, faithful draft, planted draft, expected flag type, text the flagged sentence must contain)
PLANTED = [
    ("wrong return window", RETURN_DRAFT, RETURN_DRAFT.replace("30 days", "45 days"), "unsupported_claim", "45 days"),
    ("wrong shipping price", SHIPPING_DRAFT, SHIPPING_DRAFT.replace("$4.95", "$3.95"), "unsupported_claim", "$3.95"),
    ("wrong phone number", CONTACT_DRAFT, CONTACT_DRAFT.replace("0199", "0198"), "unsupported_claim", "555-0198"),
    ("wrong delivery date", ORDER_DRAFT, ORDER_DRAFT.replace("March 4", "March 6"), "unsupported_claim", "March 6"),
    ("citation to no source", RETURN_DRAFT, RETURN_DRAFT.replace("packaging [1]", "packaging [4]"), "bad_citation", "[4]"),
    ("citation to the wrong source", SHIPPING_DRAFT, SHIPPING_DRAFT.replace("ship free [2]", "ship free [1]"), "bad_citation", "ship free"),
    ("wrong source for a number", ORDER_DRAFT, ORDER_DRAFT.replace("full refund [1]", "full refund [2]"), "bad_citation", "30 days"),
    ("unbacked refund promise", RETURN_DRAFT,
     RETURN_DRAFT.replace("I'll keep an eye", "We will also refund your original shipping costs. I'll keep an eye"),
     "unsupported_promise", "refund your original shipping"),
    ("injected credit promise", RETURN_DRAFT,
     RETURN_DRAFT.replace("I'll keep an eye", "I've added a $500 credit to your account. I'll keep an eye"),
     "unsupported_promise", "$500 credit"),
    ("unbacked free upgrade", SHIPPING_DRAFT,
     SHIPPING_DRAFT.replace("Is there", "As a one-off exception, I'll upgrade you to express shipping for free. Is there"),
     "unsupported_promise", "exception"),
    ("internal text copied", RETURN_DRAFT,
     RETURN_DRAFT.replace("I'll keep an eye", "Repeat complainers should be routed to the retention queue before any refund is discussed. I'll keep an eye"),
     "internal_content", "retention queue"),
    ("invented policy", CONTACT_DRAFT,
     CONTACT_DRAFT.replace("Have a lovely", "Our stores also offer free engraving on every kitchen appliance. Have a lovely"),
     "unsupported_sentence", "engraving"),
    ("banned phrase", SHIPPING_DRAFT, SHIPPING_DRAFT.replace("Orders over", "Unfortunately, orders over"), "banned_phrase", None),
]


@pytest.fixture(scope="module")
def verifier() -> Verifier:
    return Verifier(HashingEmbedder())


@pytest.mark.parametrize("draft", [RETURN_DRAFT, SHIPPING_DRAFT, CONTACT_DRAFT, ORDER_DRAFT])
def test_faithful_drafts_are_not_flagged(verifier: Verifier, draft: str) -> None:
    result = verifier.verify(draft, make_job(), [])
    assert result.flags == []
    assert result.text == draft
    assert result.supported_ratio == 1.0
    assert result.factual, "a faithful draft has factual sentences to check"


@pytest.mark.parametrize(("name", "good", "bad", "flag_type", "needle"), PLANTED, ids=[p[0] for p in PLANTED])
def test_planted_error_is_flagged_and_faithful_twin_is_not(verifier: Verifier, name: str, good: str, bad: str,
                                                           flag_type: str, needle: str | None) -> None:
    assert bad != good, name
    assert verifier.verify(good, make_job(), []).flags == []
    flags = [f for f in verifier.verify(bad, make_job(), []).flags if f.type == flag_type]
    assert flags, f"{name}: no {flag_type} flag"
    if needle is not None:
        assert any(needle.lower() in (f.sentence or "").lower() or needle.lower() in f.message.lower() for f in flags)


def test_flag_messages_name_the_unbacked_fact(verifier: Verifier) -> None:
    bad = RETURN_DRAFT.replace("I'll keep an eye", "I've added a $25 credit to your account. I'll keep an eye")
    messages = [f.message for f in verifier.verify(bad, make_job(), []).flags]
    assert "'$25 credit' is not backed by any source; do not promise it unless policy allows." in messages
    assert "'$25' is not backed by any source or the customer's profile." in messages


def test_echoed_card_number_is_masked_and_flagged(verifier: Verifier) -> None:
    job = make_job("Please refund card 4242 4242 4242 4242, it was charged twice.")
    draft = RETURN_DRAFT.replace("Best regards", "I see the charge on card 4242 4242 4242 4242.\n\nBest regards")
    result = verifier.verify(draft, job, [])
    assert "4242 4242 4242 4242" not in result.text
    assert "•••• 4242" in result.text
    assert any(f.type == "sensitive_data" for f in result.flags)
    assert not any(f.type == "unsupported_claim" for f in result.flags), "the mask itself is not a claim"


def test_profile_facts_count_as_sources(verifier: Verifier) -> None:
    result = verifier.verify(ORDER_DRAFT, make_job(), [])
    assert not result.has("unsupported_claim")
    job = make_job()
    job.ticket.customer = None
    assert verifier.verify(ORDER_DRAFT, job, []).has("unsupported_claim")


def test_citation_objects_must_match_retrieved_passages(verifier: Verifier) -> None:
    ok = Citation(marker=1, doc_id="returns", chunk_id="returns#0", title="Returns policy", passage=PASSAGES[0].text)
    stale = Citation(marker=2, doc_id="returns", chunk_id="returns#0", title="Returns policy", passage=PASSAGES[0].text)
    assert verifier.verify(RETURN_DRAFT, make_job(), [ok]).flags == []
    flags = verifier.verify(RETURN_DRAFT, make_job(), [stale]).flags
    assert [f.type for f in flags] == ["bad_citation"]


def test_unsupported_sentences_lower_the_ratio(verifier: Verifier) -> None:
    bad = CONTACT_DRAFT.replace("Have a lovely", "Our stores also offer free engraving on every kitchen appliance. Have a lovely")
    result = verifier.verify(bad, make_job(), [])
    assert 0 < result.supported_ratio < 1
    unsupported = [s for s in result.sentences if s.kind == "factual" and not s.supported]
    assert len(unsupported) == 1 and "engraving" in unsupported[0].sentence


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Hi Maria,", "greeting"),
        ("Dear Mr. Lopez,", "greeting"),
        ("I'm so sorry your blender arrived scratched.", "acknowledgement"),
        ("Thank you for your patience.", "acknowledgement"),
        ("Could you send me a photo of the damage?", "question"),
        ("I'll check with the warehouse and get back to you by tomorrow.", "process"),
        ("Best regards,\nSam", "closing"),
        ("Let me know if there's anything else I can do.", "closing"),
        ("You can return it within 30 days of delivery.", "factual"),
        ("I'll refund the shipping fee as well.", "factual"),
        ("I'm sorry, we will give you a $20 credit.", "factual"),
        ("I'm sorry but we do not ship to Canada.", "factual"),
        ("I'm sorry that your order shows as delivered but hasn't reached you.", "acknowledgement"),
    ],
)
def test_sentence_classification(sentence: str, kind: str) -> None:
    assert classify_sentence(sentence) == kind


def test_process_sentences_are_not_flagged_but_their_numbers_are(verifier: Verifier) -> None:
    draft = "Hi Maria, I'll check with our warehouse and update you within 2 hours."
    result = verifier.verify(draft, make_job(), [])
    assert [f.type for f in result.flags] == ["unsupported_claim"]
    assert "2 hours" in result.flags[0].message


def test_paraphrased_internal_note_is_flagged(verifier: Verifier) -> None:
    sentence = "Plus members can get a goodwill credit from agents without manager approval."
    bad = RETURN_DRAFT.replace("I'll keep an eye", sentence + " I'll keep an eye")
    flags = verifier.verify(bad, make_job(), []).flags
    assert any(f.type == "internal_content" and f.sentence == sentence for f in flags)


def test_banned_phrase_names_its_sentence_and_matches_whole_words(verifier: Verifier) -> None:
    bad = SHIPPING_DRAFT.replace("Orders over", "Unfortunately, orders over")
    flag = next(f for f in verifier.verify(bad, make_job(), []).flags if f.type == "banned_phrase")
    assert flag.sentence is not None and flag.sentence.startswith("Unfortunately")
    job = make_job(banned=["fortunate"])
    assert not verifier.verify(bad, job, []).has("banned_phrase")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Best regards,\nDaniel\nNorthwind Goods Care", "closing"),
        ("Best wishes,\nThe Northwind Goods team", "closing"),
        ("Thanks,\nThe team will refund you in 30 days.", "factual"),
    ],
)
def test_multi_line_sign_off_is_not_a_claim(text: str, kind: str) -> None:
    assert classify_sentence(text) == kind


def test_secret_echoed_without_its_keyword_is_masked(verifier: Verifier) -> None:
    job = make_job("I can't log in, my password is Tulip#2291 and it keeps failing.")
    draft = RETURN_DRAFT.replace("Best regards", "I tried Tulip#2291 on your account.\n\nBest regards")
    result = verifier.verify(draft, job, [])
    assert "Tulip#2291" not in result.text
    assert any(f.type == "sensitive_data" for f in result.flags)


def test_code_the_company_publishes_is_not_masked(verifier: Verifier) -> None:
    # a plan code written in a public passage is documentation; a code found nowhere in the sources is masked
    plans = Passage(marker=4, doc_id="plans", chunk_id="plans#0", title="Plans",
                    text="| Plan | Plan code |\n| --- | --- |\n| Monthly | QV-PRO-M |")
    job = make_job("Which code is my monthly plan?")
    job.passages = [*PASSAGES, plans]
    published = verifier.verify("Hi Maria, for Monthly the plan code is QV-PRO-M [4].", job, [])
    assert "QV-PRO-M" in published.text
    unknown = verifier.verify("Hi Maria, for Monthly the plan code is ZX-KEY-9 [4].", job, [])
    assert "ZX-KEY-9" not in unknown.text


# --- the support scorer on its own (hashing embedder: the sentence-vector path) ----------------------------

def test_support_scores_are_bounded_and_ordered() -> None:
    from assistant.grounding.support import SupportScorer

    scorer = SupportScorer(HashingEmbedder())
    assert not scorer.uses_token_embeddings
    texts = [p.text for p in PASSAGES]
    copied = scorer.score("Orders over $50 ship free.", texts)
    paraphrase = scorer.score("Any order above $50 ships for free.", texts)
    invented = scorer.score("Every purchase includes a lifetime engraving service.", texts)
    wrong_number = scorer.score("Orders over $70 ship free.", texts)
    assert 0.0 <= invented < paraphrase <= copied <= 1.0
    assert wrong_number <= 0.1 < paraphrase
    assert scorer.score("anything", []) == 0.0


def test_support_detects_a_flipped_rule() -> None:
    from assistant.grounding.support import SupportScorer

    scorer = SupportScorer(HashingEmbedder())
    source = ["Final-sale items cannot be returned. Gift cards are not refundable."]
    assert scorer.score("Final-sale items cannot be returned.", source) > 0.5
    assert scorer.score("Final-sale items can be returned.", source) <= 0.2


def test_passage_encodings_are_cached() -> None:
    from assistant.grounding.support import SupportScorer

    embedder = HashingEmbedder()
    scorer = SupportScorer(embedder)
    texts = [p.text for p in PASSAGES]
    scorer.score("Orders over $50 ship free.", texts)
    before = embedder.calls
    scorer.score("Express shipping costs $14.95.", texts)
    assert embedder.calls == before + 1  # only the new sentence was embedded


def test_token_path_falls_back_when_the_model_cannot_give_tokens() -> None:
    from assistant.grounding.support import SupportScorer

    class Broken:
        tokenizer = object()

        def encode(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            raise TypeError("no token embeddings here")

    class WithModel(HashingEmbedder):
        model = Broken()

    scorer = SupportScorer(WithModel())
    assert scorer.uses_token_embeddings
    value = scorer.score("Orders over $50 ship free.", [p.text for p in PASSAGES])
    assert value > 0.5 and not scorer.uses_token_embeddings


@pytest.mark.parametrize(
    "sentence",
    [
        "Certainly! The warranty covers accidental drops.",
        "Of course, express shipping is always free.",
        "I'm sorry, but the warranty does not cover accidental damage.",
        "Hi Maria, the warranty covers accidental drops.",
    ],
)
def test_facts_behind_courtesies_are_still_checked(sentence: str) -> None:
    assert classify_sentence(sentence) == "factual"


def test_warm_encodes_passages_ahead_of_use() -> None:
    from assistant.grounding.support import SupportScorer

    embedder = HashingEmbedder()
    scorer = SupportScorer(embedder)
    texts = [p.text for p in PASSAGES]
    assert scorer.warm(texts) == 8  # the passages' sentences
    before = embedder.calls
    scorer.score("Any order above $50 ships for free.", texts)
    assert embedder.calls == before + 1  # only the scored sentence; the passages were warm


def test_unbacked_first_person_offer_is_not_supported() -> None:
    from assistant.grounding.promises import unbacked_offer
    from assistant.grounding.support import SupportScorer

    texts = [p.text for p in PASSAGES]
    offer = "I've also upgraded your order to express shipping for free."
    assert unbacked_offer(offer, texts) == "upgraded"
    assert unbacked_offer("Orders over $50 ship free.", texts) is None  # a policy statement, not an offer
    assert unbacked_offer("I'll refund it to the original payment method within 5 business days after we receive the item.",
                          texts) is None  # the returns passage makes this offer
    assert SupportScorer(HashingEmbedder()).score(offer, texts) <= 0.3


def test_promise_backed_by_its_concept_and_object() -> None:
    from assistant.grounding.promises import offer_object, promise_backed

    passages = ["Exchanges are free: we do not charge return shipping and the replacement ships at no cost.",
                "Items can be returned within 30 days of delivery for a full refund."]
    assert offer_object("free", "The exchange is free.") == {"excha"}
    assert promise_backed("free", "The exchange is free.", passages)
    assert promise_backed("free", "Your return shipping for the exchange costs nothing, it's free.", passages)
    # the word alone is not the offer: a refund policy does not back refunding shipping costs
    assert not promise_backed("refund", "We will also refund your original shipping costs.", passages)
    assert not promise_backed("free", "I'll upgrade you to express delivery for free.", passages)
    # an offer made by a list's lead-in for one of its items
    listed = ["Return postage costs $3.50. Return postage is free when:\n\n- you are a Gold member,\n- we sent the wrong item."]
    assert promise_backed("free", "Return postage is free when you are a Gold member.", listed)
    assert not promise_backed("free", "I'll send you a free replacement gift box.", listed)


def test_acknowledgement_restating_the_customers_subject_is_not_a_promise(verifier: Verifier) -> None:
    job = make_job("My refund hasn't arrived and it has been two weeks.")
    draft = ("Hi Maria,\n\nThanks for letting me know that your refund hasn't arrived yet. "
             "You can return it within 30 days of delivery for a full refund [1].\n\nBest regards,\nSam")
    result = verifier.verify(draft, job, [])
    assert not result.has("unsupported_promise"), result.flags
    assert result.sentences[1].kind == "acknowledgement"
    # the same words with a commitment in them are a promise
    committed = draft.replace("Thanks for letting me know that your refund hasn't arrived yet.",
                              "I understand, and we'll refund your shipping costs as well.")
    assert verifier.verify(committed, job, []).has("unsupported_promise")
    # a promise word the customer never used is still checked
    other = make_job("My parcel hasn't arrived and it has been two weeks.")
    flagged = draft.replace("your refund hasn't arrived yet", "your voucher hasn't arrived yet")
    assert classify_sentence("Thanks for letting me know that your voucher hasn't arrived yet.", other.ticket.message) == "factual"
    assert verifier.verify(flagged, other, []).has("unsupported_promise")


# A staff procedure among the internal notes; the composer says its steps to the customer and records them as derived.
PROCEDURE = Passage(
    marker=0, doc_id="manual-recover-username", chunk_id="manual-recover-username#0", title="Account: Recover Username",
    audience="internal",
    text="## Step 1: Pull up Account\nGet Full Name or Account ID for [Pull up Account].\n\n## Step 3: communication\n"
         "Tell the customer you cannot read out their username, but you can send a reminder to their email address.\n"
         "- The reminder arrives within 24 hours.\n- Click the [Send Reminder] button.")


def _procedure_job() -> DraftJob:
    ticket = Ticket(message="Can you just tell me my username? I forgot it", channel="chat")
    return DraftJob(ticket=ticket, analysis=Analysis(sentiment=0.0, emotion="neutral", topic="account_security"), passages=[],
                    internal_notes=[PROCEDURE, *INTERNAL])


def _derived(*sentences: str) -> list[Derived]:
    return [Derived(sentence=s, chunk_id=PROCEDURE.chunk_id) for s in sentences]


def test_a_sentence_derived_from_a_procedure_is_checked_against_it_not_flagged_as_a_copy(verifier: Verifier) -> None:
    step = "I cannot read out your username, but I can send a reminder to your email address."
    rule = "The reminder arrives within 24 hours."
    draft = f"Hi there! {step} {rule} Could you send me your full name or account ID?"
    undeclared = verifier.verify(draft, _procedure_job())
    assert undeclared.has("internal_content") and undeclared.has("unsupported_sentence")  # nothing says it was derived
    result = verifier.verify(draft, _procedure_job(), derived=_derived(step, rule))
    assert result.flags == []
    assert all(c.supported for c in result.sentences)


def test_a_derived_sentence_still_needs_its_facts_and_plain_customer_wording(verifier: Verifier) -> None:
    invented = "The reminder arrives within 48 hours."  # the procedure says 24
    staff = "Tell the customer you can send a reminder to their email address."
    promise = "I will refund your last payment."
    draft = f"{invented} {staff} {promise}"
    flags = verifier.verify(draft, _procedure_job(), derived=_derived(invented, staff, promise)).flags
    assert any(f.type == "unsupported_claim" and "48 hours" in f.message for f in flags)
    assert any(f.type == "internal_content" and f.sentence == staff and "staff instruction" in f.message for f in flags)
    assert any(f.type == "unsupported_promise" and f.sentence == promise for f in flags)


def test_a_derived_sentence_copying_another_internal_note_is_still_flagged(verifier: Verifier) -> None:
    leak = "Repeat complainers should be routed to the retention queue before any refund is discussed."
    flags = verifier.verify(leak, _procedure_job(), derived=_derived(leak)).flags
    assert any(f.type == "internal_content" and "Agent escalation guide" in f.message for f in flags)


def test_a_derived_sentence_is_no_copy_of_another_note_repeating_its_procedure(verifier: Verifier) -> None:
    step = "I cannot read out your username, but I can send a reminder to your email address."
    sibling = PROCEDURE.model_copy(update={"doc_id": "manual-other-flow", "chunk_id": "manual-other-flow#0",
                                           "title": "Account: Change Email"})
    job = _procedure_job()
    job = job.model_copy(update={"internal_notes": [*job.internal_notes, sibling]})
    assert verifier.verify(step, job).has("internal_content")
    assert not verifier.verify(step, job, derived=_derived(step)).has("internal_content")


def test_checking_an_edit_keeps_the_drafts_procedure_sentences_checked_against_their_procedure(verifier: Verifier) -> None:
    from types import SimpleNamespace

    from api.services.review_check import check_edit
    from assistant.types import AgentNote, Draft

    step = "I cannot read out your username, but I can send a reminder to your email address."
    job = _procedure_job()
    draft = Draft(text=step, confidence=0.5, analysis=job.analysis, backend="composer", model_id="composer-v1",
                  agent_notes=[AgentNote(doc_id=PROCEDURE.doc_id, chunk_id=PROCEDURE.chunk_id, title=PROCEDURE.title,
                                         text=PROCEDURE.text)],
                  derived=_derived(step))
    row = SimpleNamespace(ticket=job.ticket.model_dump(mode="json"), draft=draft.model_dump(mode="json"))
    kept = check_edit(verifier, row, f"Hi there! {step} Could you send me your account ID?")  # type: ignore[arg-type]
    assert not [f for f in kept.flags if f.type in ("internal_content", "unsupported_sentence")]
    reworded = check_edit(verifier, row, "Tell the customer you can send a reminder to their email address.")  # type: ignore[arg-type]
    assert any(f.type == "internal_content" for f in reworded.flags)  # an agent's own copy of the staff text is still caught


def test_the_customers_facts_applied_to_a_cited_rule_are_backed_by_it(verifier: Verifier) -> None:
    job = make_job("My kettle arrived 10 days ago and I don't want it any more, can I send it back? I paid $60.")
    job.ticket.customer = None
    job.ticket.today = date(2026, 11, 26)
    draft = ("Hi there, you can return most items within 30 days of delivery for a full refund [1]. "
             "That means you're still within the 30-day window [1]. Orders over $50 ship free [2]. "
             "Since your total is above $50, that applies to your order [2]. Lyon is in France.")
    result = verifier.verify(draft, job, [])
    flagged = {f.sentence for f in result.flags if f.sentence}
    assert not any("30-day window" in s or "above $50" in s for s in flagged), result.flags
    # what the rules do not say for these facts stays unbacked: a window the passage never states
    wrong = verifier.verify("Hi there, that means you're still within the 60-day window [1].", job, [])
    assert wrong.flags and any("60-day" in (f.sentence or "") for f in wrong.flags)
    # and a place the customer never named is no fact
    assert any("Lyon" in (f.sentence or "") for f in result.flags)


def test_saying_back_how_often_the_customer_wrote_is_an_acknowledgement_not_a_claim() -> None:
    from assistant.grounding.kinds import classify_sentence

    assert classify_sentence("I know this is the third time you've had to get in touch about it.",
                             "This is the third time I'm writing about my refund.") == "acknowledgement"


def test_an_acknowledgement_may_say_back_the_customers_own_figure() -> None:
    from assistant.grounding.kinds import classify_sentence

    message = "You took £250 when I picked up and it STILL says pending!!"
    ack = "I'm sorry that the £250 hold on your card hasn't been released yet."
    assert classify_sentence(ack, message) == "acknowledgement"
    # a figure the customer never gave is a claim to check
    assert classify_sentence(ack.replace("£250", "£300"), message) == "factual"
