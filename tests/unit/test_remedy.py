"""A damage or fault report hears what we will do about it where the documents say it: over an invented bike-hire
company's pages."""

from __future__ import annotations

import numpy as np

from assistant.types import Passage
from models.generators.composer_policy import PolicySentence
from models.generators.remedy import remedy_sentence

REPORT = Passage(marker=1, doc_id="faults", chunk_id="f1", title="Faulty bikes", section="Report a fault", audience="public",
                 text="Tell us within 3 days of collection.")
DO = Passage(marker=2, doc_id="faults", chunk_id="f2", title="Faulty bikes", section="What we will do", audience="public",
             text="x")
OTHER = Passage(marker=3, doc_id="hire", chunk_id="h1", title="Hire", audience="public", text="x")


def _rows(do_sentences: list[str], other: list[str]):  # noqa: ANN202
    def vecs(n: int) -> np.ndarray:
        return np.ones((n, 2), np.float32) / np.sqrt(2)
    return [(REPORT, ["Tell us within 3 days of collection."], vecs(1)), (DO, do_sentences, vecs(len(do_sentences))),
            (OTHER, other, vecs(len(other)))]


def test_the_sentence_saying_what_we_will_do_joins_the_rules_around_it() -> None:
    query = np.ones(2, np.float32) / np.sqrt(2)
    chosen = [PolicySentence(1, 0, "Tell us within 3 days of collection.", 0.6)]
    rows = _rows(["A loan bike is free if a repair takes longer than 5 days.",
                  "You can choose a free replacement bike or a full refund of the hire."],
                 ["We'll replace any helmet you break."])
    found = remedy_sentence(rows, query, chosen)
    assert found is not None and found.text.startswith("You can choose a free replacement")  # (another page's: not)
    # a chosen sentence that says it already, or a refusal, adds nothing
    said = [PolicySentence(2, 1, "You can choose a free replacement bike or a full refund of the hire.", 0.6)]
    assert remedy_sentence(rows, query, said) is None
    assert remedy_sentence(_rows(["We don't replace bikes damaged by misuse."], []), query, chosen) is None
    # a rule chosen from a list of what is not covered: no promise to repair beside it
    excluded = Passage(marker=1, doc_id="faults", chunk_id="f0", title="Faulty bikes", section="Bike warranty",
                       audience="public", text="3. What is not covered\n- Crash damage, such as bent wheels.")
    rows = [(excluded, ["Crash damage, such as bent wheels."], np.ones((1, 2), np.float32) / np.sqrt(2)),
            *_rows(["You can choose a free replacement bike or a full refund of the hire."], [])[1:]]
    assert remedy_sentence(rows, query, [PolicySentence(1, 0, "Crash damage, such as bent wheels.", 0.6)]) is None


def test_kind_words_beside_a_refund_request_get_a_short_thanks_not_a_reply_to_praise() -> None:
    from assistant.analysis import MessageAnalyser
    from assistant.types import DraftJob, Ticket
    from models.embedders import HashingEmbedder
    from models.generators.composer import ComposerGenerator
    message = ("Hi, I bought a 10-ride bike pass and Sam at the desk has been brilliant, thanks so much. I can't use "
               "the rest now, can I get my money back for the unused rides?")
    analysis = MessageAnalyser().analyse(message)
    passes = Passage(marker=1, doc_id="passes", chunk_id="p1", title="Ride passes", audience="public", score=0.7,
                     text="Unused rides on a pass are refunded at the single-ride price difference within 30 days.")
    job = DraftJob(ticket=Ticket(message=message), analysis=analysis.model_copy(update={"emotion": "gratitude"}),
                   passages=[passes])
    text = ComposerGenerator(HashingEmbedder()).generate(job).text
    assert "kind words" in text and "made our day" not in text and "lovely to hear" not in text
