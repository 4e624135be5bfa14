"""The answer stays whole: a verbless tail is read with its sentence, and the answering section goes on before a
sentence of another section that scores about as well (invented bike-shop sources)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from assistant.types import Passage
from models.generators import composer_policy
from models.generators.composer_policy import SentenceBank, content_words, select_policy, usable_sentences


def test_a_verbless_tail_is_read_with_the_sentence_before_it() -> None:
    text = ("- **Carbon frames**: wipe with a damp cloth and dry straight away. Not pressure-washer safe.\n"
            "- Chains: degrease monthly and oil every 300 km.")
    assert usable_sentences(text) == [
        "Carbon frames: wipe with a damp cloth and dry straight away. Not pressure-washer safe.",
        "Chains: degrease monthly and oil every 300 km.",
    ]


def test_a_short_line_of_its_own_or_a_pleasantry_is_no_tail() -> None:
    text = "Wheels are trued for free within 30 days.\nFree for members.\n\nWe inspect every frame by hand. Thanks."
    sentences = usable_sentences(text)
    assert sentences == ["Wheels are trued for free within 30 days.", "We inspect every frame by hand."]


class TableEmbedder:
    """Vectors set by hand for the few texts of a test, each text by its first word: how close each sentence is to the
    ask is then known exactly (the hashing embedder's closeness follows shared words, too coarse for this)."""

    model_id = "table"
    dimension = 5
    max_tokens = 64
    # the ask; the direct answer; its passage's next sentence; two sentences of another section, a little closer to the
    # ask than that next sentence, each as far from the direct answer as it is
    TABLE = {"why": (1, 0, 0, 0, 0), "ride": (0.8, 0.6, 0, 0, 0), "any": (0.78, 0, 0.626, 0, 0),
             "shared": (0.81, 0, 0, 0.586, 0), "gifted": (0.81, 0, 0, 0, 0.586)}

    def _vec(self, text: str) -> NDArray[np.float32]:
        v = np.asarray(self.TABLE.get(text.split()[0].lower(), (0, 0, 0, 0, 1)), dtype=np.float32)
        return v / np.linalg.norm(v)

    def embed_documents(self, texts: Sequence[str]) -> NDArray[np.float32]:
        return np.stack([self._vec(t) for t in texts]) if texts else np.zeros((0, 5), np.float32)

    def embed_query(self, text: str) -> NDArray[np.float32]:
        return self._vec(text)


POINTS = Passage(marker=1, doc_id="points", chunk_id="p1", title="Ride points", section="When points lapse", score=0.6,
                 text=("Ride points lapse after 12 months without activity. Any purchase restarts the clock, and points "
                       "only lapse after a full year with no purchase."))
SHARING = Passage(marker=2, doc_id="points", chunk_id="p2", title="Ride points", section="Sharing points", score=0.6,
                  text=("Shared ride points are only valid on one account. Gifted ride points must be used within a "
                        "year."))


def _chosen(bonus: float, monkeypatch) -> list[str]:  # noqa: ANN001
    monkeypatch.setattr(composer_policy, "SAME_SECTION_BONUS", bonus)
    embedder = TableEmbedder()
    ask = "Why did my ride points lapse?"
    chosen = select_policy(SentenceBank(embedder), [POINTS, SHARING], embedder.embed_query(ask), content_words(ask),
                           max_sentences=3, question=ask, about=ask, ask_vec=embedder.embed_query(ask))
    return [c.text.split()[0] for c in chosen]


def test_the_answering_section_goes_on_before_a_sentence_of_another_section_scoring_about_as_well(monkeypatch) -> None:  # noqa: ANN001
    assert _chosen(composer_policy.SAME_SECTION_BONUS, monkeypatch) == ["Ride", "Any", "Shared"]
    # without the bonus the reply would leave its own section for both rules about sharing
    assert _chosen(0.0, monkeypatch) == ["Ride", "Shared", "Gifted"]


def test_a_numbered_list_of_questions_on_one_line_is_one_ask_per_item() -> None:
    from assistant.asks import split_message

    parts = split_message("1) do you fit tubeless tyres 2) can i pay in two parts 3) do repairs come with a warranty")
    assert [a.text for a in parts.asks] == ["do you fit tubeless tyres?", "can i pay in two parts?",
                                            "do repairs come with a warranty?"]
    # one number is no list, nor are numbers out of sequence
    assert split_message("I ordered 2. then 3 more").asks == []
    assert len(split_message("1) do you fit tyres 3) can i pay later").asks) <= 1


def test_a_short_imperative_is_no_tail() -> None:
    assert usable_sentences("Report transport damage within 3 days of delivery. Keep the box.") == [
        "Report transport damage within 3 days of delivery."]


def test_a_lettered_list_of_questions_in_one_sentence_is_one_ask_per_item() -> None:
    from assistant.asks import split_message

    parts = split_message("So, a) what will you do about the noise, b) do I get money back for this week, and c) if it "
                          "can't be fixed can I cancel?")
    assert [a.text for a in parts.asks] == ["what will you do about the noise?", "do I get money back for this week?",
                                            "if it can't be fixed can I cancel?"]
    # letters inside a phrase name options, not items
    assert [a.text for a in split_message("Is it plan (a) or plan (b) that covers the frame?").asks] == [
        "Is it plan (a) or plan (b) that covers the frame?"]


def test_a_formula_on_its_own_line_is_read_with_its_lead_in() -> None:
    text = ("If you cancel a service plan early, we charge a cancellation fee:\n\n"
            "> Fee = visits left × visit price × 50%\n\n"
            "Visits left are rounded up.")
    assert usable_sentences(text)[0] == ("If you cancel a service plan early, we charge a cancellation fee: "
                                         "Fee = visits left × visit price × 50%.")
    # a plain heading after a lead-in is still no sentence
    assert "Opening hours" not in " ".join(usable_sentences("We are open:\n\nOpening hours\n\nMonday to Friday, 9 to 5."))


def test_what_the_customer_can_do_in_the_app_under_a_menu_is_a_way_to_do_it() -> None:
    from models.generators.composer_policy import bears_kind

    assert bears_kind("steps", "You can turn off paper receipts at any time in the app under Receipt settings.")
    assert not bears_kind("steps", "Receipts: free by email or in the app.")
    assert not bears_kind("steps", "The parcel is kept under the counter for 7 days.")


def test_a_fact_the_customer_is_unsure_of_is_no_ask() -> None:
    from assistant.asks import split_message

    # "started in july i think?" states when; the question is the one after it
    parts = split_message("want to cancel my policy. started in july i think? what do i get back")
    assert [a.text for a in parts.asks] == ["what do i get back"]
    assert "started in july i think?" in parts.statements
    # a question that hedges is still one
    assert [a.text for a in split_message("is it 250 or 400 maybe?").asks] == ["is it 250 or 400 maybe?"]


def test_a_further_rule_for_a_situation_the_customer_tells_nothing_of_is_left_out() -> None:
    from assistant.asks import split_message
    from models.embedders import HashingEmbedder
    from models.generators.composer import ComposerGenerator
    from models.generators.composer_policy import PolicySentence

    message = "My employer now gives me travel cover, so I want to cancel my policy. Can I get my money back?"
    parts = split_message(message)
    answer = PolicySentence(1, 0, "You can cancel within 14 days of buying the policy and get your money back.", 0.8)
    medical = PolicySentence(2, 4, "If we are unable to insure a declared heart condition, we refund the unused part.",
                             0.6)
    same_passage = PolicySentence(1, 2, "If we are unable to insure a declared heart condition, we refund the rest.",
                                  0.6)
    theirs = PolicySentence(3, 1, "If your employer now gives you travel cover and you want to cancel your policy, tell us.",
                            0.6)
    composer = ComposerGenerator(HashingEmbedder())
    kept = composer._without_other_cases([(parts.asks[0], [answer, medical, same_passage, theirs])], parts)
    # another passage's rule for a medical case they never mention goes; the rule of their own case stays, and so
    # does a sentence of the direct answer's own passage (what it goes on to say)
    assert [s.position for s in kept[0][1]] == [0, 2, 1], kept


def test_a_bold_line_over_a_sentence_is_its_heading_never_its_first_words() -> None:
    text = ("You can pick one of three plans:\n\n**1. Starter badge**\nWe give you a badge at no cost.\n\n"
            "**2. Your own badge (bought through us)**\nEngraved with your name, and valid at any branch.\n\n"
            "**Before you write** to us, have your member number ready.")
    said = usable_sentences(text)
    assert "We give you a badge at no cost." in said
    assert "Your own badge (bought through us): engraved with your name, and valid at any branch." in said
    assert "Before you write to us, have your member number ready." in said
    assert not any(s.startswith("Starter badge") for s in said), said
