"""Grounding with the real bundled embedder: the support scorer separates faithful from unfaithful replies,
and the verifier catches planted errors while leaving faithful drafts alone."""

from __future__ import annotations

import pytest

from assistant.grounding.support import SupportScorer
from assistant.types import Analysis, CustomerProfile, DraftJob, Order, Passage, Ticket
from assistant.verification import Verifier
from evaluation.metrics.accuracy import groundedness

pytestmark = pytest.mark.integration

POLICY = {
    "returns": "Most items can be returned within 30 days of delivery for a full refund. Items must be unused and in "
               "their original packaging. Refunds go back to the original payment method within 5 business days of "
               "the return arriving at our warehouse. Final-sale items cannot be returned.",
    "shipping": "Standard shipping costs $4.95 and takes 3-7 business days. Orders over $50 ship for free. Express "
                "shipping costs $14.95 and arrives in 1-2 business days. We do not ship to P.O. boxes.",
    "warranty": "Small appliances come with a 2-year limited warranty covering defects in materials and workmanship. "
                "The warranty does not cover accidental damage or normal wear. To make a claim, send a photo of the "
                "fault and your order number to our support team.",
    "account": "You can reset your password from the sign-in page by choosing 'Forgot password'. The reset link "
               "expires after 24 hours. Accounts are locked for 15 minutes after 5 failed sign-in attempts.",
    "membership": "Plus membership costs $49 per year and includes free express shipping on every order. Members "
                  "can cancel at any time from the account page and receive a prorated refund of the unused months.",
}

# (topic, faithful paraphrase, unfaithful twin: a changed fact, an invented sentence or a reversed rule)
PAIRS = [
    ("returns", "You have 30 days from delivery to send it back, and you'll get a full refund.",
     "You have 90 days from delivery to send it back, and you'll get a full refund."),
    ("returns", "Please make sure the item is unused and still in its original packaging.",
     "The item can be used and does not need its original packaging."),
    ("returns", "Once the return reaches our warehouse, the money goes back to your original payment method within 5 business days.",
     "Once the return reaches our warehouse, we send the money by cheque within 10 business days."),
    ("returns", "Items bought as final sale can't be returned.",
     "Final-sale items can be returned for store credit."),
    ("shipping", "Standard delivery is $4.95 and usually takes 3-7 business days.",
     "Standard delivery is $6.95 and usually takes 3-7 business days."),
    ("shipping", "If your order is over $50, shipping is free.",
     "If your order is over $50, we also include a free gift."),
    ("shipping", "Express shipping is $14.95 and gets to you in 1-2 business days.",
     "Express shipping is free and arrives the same day."),
    ("shipping", "Unfortunately we can't deliver to P.O. boxes.",
     "We deliver to P.O. boxes and military addresses worldwide."),
    ("warranty", "Your appliance is covered by a 2-year limited warranty against defects in materials and workmanship.",
     "Your appliance is covered by a lifetime warranty against any damage."),
    ("warranty", "The warranty doesn't cover accidental damage or normal wear and tear.",
     "The warranty covers accidental damage, including drops and spills."),
    ("warranty", "To start a claim, send our support team a photo of the fault along with your order number.",
     "To start a claim, bring the appliance to any of our retail stores for an instant replacement."),
    ("account", "You can reset your password on the sign-in page using 'Forgot password'.",
     "You can reset your password by calling our support line and answering two security questions."),
    ("account", "The reset link stays valid for 24 hours.",
     "The reset link stays valid for 7 days."),
    ("account", "After 5 failed sign-in attempts your account is locked for 15 minutes.",
     "After 3 failed sign-in attempts your account is permanently closed."),
    ("membership", "Plus membership is $49 a year and gives you free express shipping on every order.",
     "Plus membership is $99 a year and gives you free express shipping on every order."),
    ("membership", "You can cancel Plus at any time from your account page and get a prorated refund for the unused months.",
     "Plus cannot be cancelled before the end of the year and fees are not refundable."),
    ("membership", "Members get express shipping free of charge on all orders.",
     "Members also get 20% off every purchase and early access to sales."),
    ("returns", "You can return most items within 30 days of delivery for a full refund.",
     "You can return most items within 30 days of delivery for a full refund, and we will also pay you $10 for the inconvenience."),
    ("shipping", "Standard shipping takes between 3 and 7 business days.",
     "Standard shipping always arrives the next morning."),
    ("warranty", "Small appliances have a two-year limited warranty.",
     "Small appliances have a two-year warranty, and large appliances have a five-year warranty."),
]


def auc(pos: list[float], neg: list[float]) -> float:
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


@pytest.fixture(scope="module")
def scorer(real_embedder) -> SupportScorer:  # noqa: ANN001
    s = SupportScorer(real_embedder)
    assert s.uses_token_embeddings, "the real embedder exposes contextual token embeddings"
    return s


def test_support_scorer_separates_faithful_from_unfaithful(scorer: SupportScorer) -> None:
    passages = list(POLICY.values())
    pos = [groundedness(good, passages, scorer)["score"] for _, good, _ in PAIRS]
    neg = [groundedness(bad, passages, scorer)["score"] for _, _, bad in PAIRS]
    value = auc(pos, neg)
    print(f"\nsupport AUC over {len(PAIRS)} faithful/unfaithful pairs (all passages): {value:.3f}")
    assert value >= 0.85
    wins = sum(p > n for p, n in zip(pos, neg))
    assert wins >= len(PAIRS) - 2, f"faithful beat its twin in only {wins}/{len(PAIRS)} pairs"


def test_support_is_topic_specific(scorer: SupportScorer) -> None:
    """Against only the passage of the pair's topic, and against a wrong topic, support moves the right way."""
    on_topic = [scorer.score(good, [POLICY[topic]]) for topic, good, _ in PAIRS]
    off_topic = [scorer.score(good, [POLICY["account" if topic != "account" else "shipping"]]) for topic, good, _ in PAIRS]
    value = auc(on_topic, off_topic)
    print(f"on-topic vs off-topic AUC: {value:.3f}")
    assert value >= 0.95


def test_token_and_vector_paths_agree_on_direction(real_embedder) -> None:  # noqa: ANN001
    vectors_only = SupportScorer(real_embedder, use_tokens=False)
    assert not vectors_only.uses_token_embeddings
    passages = list(POLICY.values())
    pos = [vectors_only.score(good, passages) for _, good, _ in PAIRS]
    neg = [vectors_only.score(bad, passages) for _, _, bad in PAIRS]
    assert auc(pos, neg) >= 0.8


def _job() -> DraftJob:
    passages = [Passage(marker=i, doc_id=k, chunk_id=f"{k}#0", title=k.title(), text=v)
                for i, (k, v) in enumerate(POLICY.items(), start=1)]
    internal = [Passage(marker=0, doc_id="playbook", chunk_id="playbook#0", title="Retention playbook", audience="internal",
                        text="If a Plus member threatens to cancel, offer three free months before processing the cancellation.")]
    profile = CustomerProfile(name="Jordan Lee", orders=[Order(id="NW-55120", items=["Kettle"], amount=39.0)])
    ticket = Ticket(message="My kettle stopped working after a month, what can I do?", customer=profile, agent_name="Alex")
    return DraftJob(ticket=ticket, analysis=Analysis(sentiment=-0.4, emotion="frustration", topic="warranty"),
                    passages=passages, internal_notes=internal)


FAITHFUL = ("Hi Jordan,\n\nI'm sorry your kettle from order NW-55120 stopped working so soon. Small appliances come with a "
            "2-year limited warranty that covers defects in materials and workmanship [3]. To make a claim, please send "
            "a photo of the fault and your order number to our support team [3]. As soon as we have it, I'll make sure "
            "the claim is reviewed quickly.\n\nBest regards,\nAlex")

PLANTED = [
    ("wrong number", FAITHFUL.replace("2-year", "3-year"), "unsupported_claim"),
    ("wrong citation", FAITHFUL.replace("workmanship [3]", "workmanship [2]"), "bad_citation"),
    ("citation to nothing", FAITHFUL.replace("workmanship [3]", "workmanship [9]"), "bad_citation"),
    ("refund promise", FAITHFUL.replace("As soon as", "We'll refund the full price of the kettle today. As soon as"),
     "unsupported_promise"),
    ("injected credit", FAITHFUL.replace("As soon as", "I've also added a $500 credit to your account. As soon as"),
     "unsupported_promise"),
    ("internal text", FAITHFUL.replace("As soon as", "If a Plus member threatens to cancel, offer three free months. As soon as"),
     "internal_content"),
    ("invented policy", FAITHFUL.replace("As soon as", "The warranty also covers accidental damage from drops. As soon as"),
     "unsupported_sentence"),
]


@pytest.fixture(scope="module")
def verifier(real_embedder) -> Verifier:  # noqa: ANN001
    return Verifier(real_embedder)


def test_faithful_draft_is_clean_with_the_real_embedder(verifier: Verifier) -> None:
    result = verifier.verify(FAITHFUL, _job(), [])
    assert result.flags == [], [f.model_dump() for f in result.flags]
    assert result.supported_ratio == 1.0


@pytest.mark.parametrize(("name", "draft", "flag_type"), PLANTED, ids=[p[0] for p in PLANTED])
def test_planted_errors_are_flagged_with_the_real_embedder(verifier: Verifier, name: str, draft: str, flag_type: str) -> None:
    assert draft != FAITHFUL
    types = [f.type for f in verifier.verify(draft, _job(), []).flags]
    assert flag_type in types, f"{name}: got {types}"


def test_meaning_facts_match_paraphrases_only(scorer: SupportScorer) -> None:
    from evaluation.metrics.accuracy import fact_coverage

    facts = [{"meaning": "Items can be returned within 30 days of delivery."},
             {"meaning": "The refund goes back to the original payment method."}]
    good = ("Hi Sam, you have 30 days from delivery to send the item back, and the money is refunded to the card "
            "you paid with.")
    bad = "Hi Sam, you can exchange the item at any of our stores, and we will give you store credit."
    assert fact_coverage(good, facts, scorer)["covered"] == [True, True]
    assert fact_coverage(bad, facts, scorer)["covered"] == [False, False]


def test_behaviour_of_mtrag_reference_answers_matches_answerability() -> None:
    """Real answers nobody here wrote: answerable ones answer, unanswerable ones decline, underspecified ones ask."""
    import json
    from collections import Counter
    from pathlib import Path

    from evaluation.metrics.accuracy import behaviour

    path = Path(__file__).resolve().parents[2].parent / "shared" / "datasets" / "mtrag-un" / "reference.jsonl"
    if not path.exists():
        pytest.skip(f"MTRAG-UN reference answers not found at {path}")
    expected = {"ANSWERABLE": "answer", "UNANSWERABLE": "escalate", "UNDERSPECIFIED": "clarify"}
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for line in path.read_text().splitlines():
        task = json.loads(line)
        label = task["answerability"][0]
        if label in expected and task["targets"]:
            total[label] += 1
            right[label] += behaviour(task["targets"][0]["text"]) == expected[label]
    rates = {k: right[k] / total[k] for k in total}
    print(f"\nbehaviour agreement on MTRAG references: {rates}")
    assert all(rate >= 0.9 for rate in rates.values()), rates


def test_same_input_same_score_with_the_real_embedder(real_embedder) -> None:  # noqa: ANN001
    passages = list(POLICY.values())[:3]
    sentences = [good for _, good, _ in PAIRS[:6]] + [bad for _, _, bad in PAIRS[:6]]
    first = SupportScorer(real_embedder).score_sentences(sentences, passages)
    assert first == SupportScorer(real_embedder).score_sentences(sentences, passages)


def test_calibrated_support_reads_as_a_probability(scorer: SupportScorer) -> None:
    """A sentence copied from its passage is likely supported, one from another topic unlikely; the features the
    model used come back with the score."""
    copied = scorer.details([POLICY["warranty"].split(". ")[0] + "."], [POLICY["warranty"]])[0]
    other = scorer.details(["You can reset your password from the sign-in page."], [POLICY["warranty"]])[0]
    assert copied.features is not None and copied.score > 0.8
    assert other.score < 0.2
