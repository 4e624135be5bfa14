"""An FAQ's answer is matched by the question over it; a case named in a sentence's opening is read as far as it goes."""
from __future__ import annotations

import numpy as np

from assistant.types import Passage
from models.embedders import HashingEmbedder
from models.generators.composer_policy import (
    SentenceBank, _out_of_scope, _stems, answered_questions, content_words, select_policy, usable_sentences,
)

FAQ = ("# Questions we are asked\n\n"
       "**Can I collect the kayaks the evening before?**\n"
       "Yes. Boats can be picked up after 17:30 the night before your hire starts. That night costs nothing extra.\n\n"
       "**Do you repair dinghies?**\n"
       "No. We only look after our own boats.\n\n"
       "## Opening hours\n\nThe jetty kiosk is staffed from half past seven daily.\n")


def test_each_answer_sentence_keeps_the_question_above_it() -> None:
    pairs = answered_questions(FAQ)
    asked = dict(pairs)
    assert asked["Boats can be picked up after 17:30 the night before your hire starts."] == \
        "Can I collect the kayaks the evening before?"
    assert asked["That night costs nothing extra."] == "Can I collect the kayaks the evening before?"
    assert asked["No. We only look after our own boats."] == "Do you repair dinghies?"
    # a heading that asks nothing ends the question before it
    assert asked["The jetty kiosk is staffed from half past seven daily."] == ""
    assert [s for s, _ in pairs] == usable_sentences(FAQ)  # the same sentences, in the same order


def test_a_question_heading_is_what_its_section_answers() -> None:
    text = "## When does my voucher run out?\n\nVouchers stay usable for eighteen months after purchase.\n"
    assert answered_questions(text) == [("Vouchers stay usable for eighteen months after purchase.",
                                         "When does my voucher run out?")]
    # a question in a passage's section title (a chunk cut under its heading) counts too
    assert answered_questions("Vouchers stay usable for eighteen months.", "When does my voucher run out?")[0][1] == \
        "When does my voucher run out?"


def test_the_bank_embeds_each_sentences_question_and_none_where_it_has_none() -> None:
    embedder = HashingEmbedder()
    bank = SentenceBank(embedder)
    passage = Passage(marker=1, doc_id="faq", chunk_id="faq-1", title="FAQ", text=FAQ, score=0.5)
    (_, sentences, _), = bank.get([passage])
    ((_, _, _, questions),) = bank.entries([passage])
    assert questions.shape[0] == len(sentences)
    row = sentences.index("The jetty kiosk is staffed from half past seven daily.")
    assert not questions[row].any()
    first = sentences.index("That night costs nothing extra.")
    expected = embedder.embed_documents(["Can I collect the kayaks the evening before?"])[0]
    assert np.allclose(questions[first], expected, atol=1e-5)


def test_an_answer_whose_question_repeats_the_ask_is_chosen_though_its_own_words_differ() -> None:
    embedder = HashingEmbedder()
    other = Passage(marker=2, doc_id="rates", chunk_id="rates-1", title="Rates", score=0.5,
                    text="Collection and return are at the boathouse. Kayaks are rented by the day or the week.")
    faq = Passage(marker=1, doc_id="faq", chunk_id="faq-2", title="FAQ", score=0.5,
                  text="**Can I collect the kayaks the evening before?**\nEvening collection starts at 16:00 on the day before.")
    question = "can i collect the kayaks the evening before?"
    chosen = select_policy(SentenceBank(embedder), [other, faq], embedder.embed_query(question),
                           content_words(question), max_sentences=1, question=question, about=question,
                           ask_vec=embedder.embed_query(question))
    assert [c.text for c in chosen] == ["Evening collection starts at 16:00 on the day before."]
    # an answer that is about something else than the ask gains nothing from a question that only looks like it
    unrelated = Passage(marker=1, doc_id="faq", chunk_id="faq-3", title="FAQ", score=0.5,
                        text="**Can I collect the kayaks the evening before?**\nPaddles are cleaned after each hire.")
    chosen = select_policy(SentenceBank(embedder), [other, unrelated], embedder.embed_query(question),
                           content_words(question), max_sentences=1, question=question, about=question,
                           ask_vec=embedder.embed_query(question))
    assert [c.text for c in chosen] == ["Kayaks are rented by the day or the week."]


def test_a_case_opening_a_sentence_ends_where_its_own_subject_starts() -> None:
    asked = _stems(content_words("could the boats come to our cottage in brant?"))
    # "In Kessel and Brant" is the case (one of two places, and the customer's is one); "our driver ..." is the rule
    assert not _out_of_scope("In Kessel and Brant our driver drops the boats at your cottage, lodge or campsite.", asked)
    assert _out_of_scope("In Moorfield our driver drops the boats at your cottage, lodge or campsite.", asked)
    # one of alternatives named is the customer's case; none named is someone else's
    assert not _out_of_scope("For cottages or lodges, the drop-off is free.", asked)
    assert _out_of_scope("For schools or clubs, the drop-off is free.", asked)
    # conditions joined by "and" must all be theirs
    assert _out_of_scope("If you booked online and paid by invoice, the drop-off is free.", asked)


def test_a_table_row_with_an_aside_in_its_key_is_an_answer_not_a_case() -> None:
    asked = _stems(content_words("what does a safety test cost for my camper?"))
    assert not _out_of_scope("For Campers (motorhome or caravan, under 3 t), test fee: $140.", asked)


def _cand(score: float, i: int, text: str) -> tuple:
    passage = Passage(marker=1, doc_id="d", chunk_id="c", title="t", text=text, score=0.5)
    return (score, passage, i, text, np.zeros(3, np.float32))


def test_a_sentence_scoring_about_as_well_that_fits_the_ask_far_better_leads() -> None:
    from models.generators.composer_policy import _answer_bearing_lead
    near = _cand(0.58, 0, "Should a hired boat get damaged, you must cover the first $500 of the repair.")
    fits = _cand(0.565, 1, "For hull, paint or storm damage, talk to your own insurer or a boatyard.")
    fit = {(1, 0): 0.49, (1, 1): 0.72}
    asked = _stems(content_words("can you fix storm damage on my boat?"))
    assert _answer_bearing_lead([near, fits], fit, "rule", asked=asked) is fits
    # not when it scores clearly lower, nor when its fit is only a little better
    assert _answer_bearing_lead([near, _cand(0.50, 1, fits[3])], fit, "rule", asked=asked) is near
    assert _answer_bearing_lead([near, fits], {(1, 0): 0.65, (1, 1): 0.72}, "rule", asked=asked) is near
    # never a bare "No." replying to an FAQ's own question, nor a rule for a case the customer is not in
    no = _cand(0.565, 1, "No. We only rent out our own boats.")
    assert _answer_bearing_lead([near, no], fit, "rule", asked=asked) is near
    other = _cand(0.565, 1, "For items that are very large, we may tell you to keep the item.")
    assert _answer_bearing_lead([near, other], fit, "rule", asked=asked) is near
