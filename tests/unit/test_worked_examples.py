"""A document's worked example is never quoted as the customer's figures; unmarked questions after a condition and
"when" inside a question are read as asks (invented bicycle-hire and boat-storage sources)."""

from __future__ import annotations

from assistant.asks import ask_kind, split_message
from assistant.grounding.examples import example_heading, example_opener, example_sentences
from assistant.types import DraftJob, Passage, Ticket
from assistant.analysis import MessageAnalyser
from models.embedders import HashingEmbedder
from models.generators.composer import ComposerGenerator
from models.generators.composer_policy import usable_sentences

RULES = Passage(
    marker=1, doc_id="hire", chunk_id="hire-1", title="Bike hire", section="Late returns", score=0.7,
    text="Bikes returned late are charged €6 for each hour late. The charge is capped at €40 per hire.",
)
EXAMPLES = Passage(
    marker=2, doc_id="hire", chunk_id="hire-2", title="Bike hire", section="Late returns > Worked examples", score=0.69,
    text=("- A tandem returned 3 hours late is charged 3 × €6 = €18.\n"
          "- A city bike returned 9 hours late would owe 9 × €6 = €54, but the cap applies, so it pays €40."),
)


def test_example_headings_and_openers() -> None:
    assert example_heading("Late returns > Worked examples")
    assert example_heading("Examples (no storage fee due)")
    assert not example_heading("Examples of items we cannot store")  # a list of what a rule names
    assert not example_heading("Late returns")
    assert example_opener("For example, if we quote £120, the lowest deposit is £108.")
    assert example_opener("Example: your mooring is booked for 30 nights and costs £15 a night; you pay £450.")
    assert not example_opener("For example, members of the rowing club can ask for a locker.")  # who a rule covers


def test_examples_under_a_heading_in_the_text() -> None:
    text = ("## Storage fees\n\nStorage costs £3 per day.\n\n## Examples\n\n"
            "- A dinghy stored for 10 days pays 10 × £3 = £30.\n\n## Collection\n\nCollect your boat by 18:00.")
    sents = usable_sentences(text)
    marked = {sents[i] for i in example_sentences(text, "", sents)}
    assert marked == {s for s in sents if "dinghy" in s}
    assert any("£3 per day" in s for s in sents) and not any("£3 per day" in s for s in marked)


def test_the_composer_quotes_the_rule_not_the_worked_example() -> None:
    composer = ComposerGenerator(HashingEmbedder())
    message = "I brought the bike back 3 hours late. How much is the late charge?"
    ticket = Ticket(message=message)
    job = DraftJob(ticket=ticket, analysis=MessageAnalyser().analyse(message), passages=[RULES, EXAMPLES],
                   behaviour="answer", evidence_ok=True)
    text = composer.generate(job).text
    assert "€6" in text
    assert "€18" not in text and "tandem" not in text and "€54" not in text


def test_unmarked_question_after_its_condition() -> None:
    parts = split_message("We are taking it out on Monday. and if we change our minds halfway can we just leave it "
                          "at the marina instead")
    assert [a.kind for a in parts.asks] == ["yes_no"]
    assert parts.asks[0].text.startswith("and if we change")
    assert ask_kind("if it is late, how much do I get back?") == "amount"  # its question word leads
    assert split_message("If you can help that would be great.").asks == []


def test_when_inside_a_question_is_not_a_time_asked_for() -> None:
    assert ask_kind("what does the fuel need to be at when we hand it back?") != "duration"
    assert ask_kind("when can I collect it?") == "duration"


def test_a_route_row_is_theirs_only_when_they_name_both_ends() -> None:
    from assistant.route_rows import other_route

    message = "I filled the tank at a garage 5 mins from Harbour Station before I dropped the van back"
    assert other_route("For Harbour Station ↔ Hill Airport, distance: 80 km; fee: £30.", message)
    assert not other_route("For Harbour Station ↔ Hill Airport, distance: 80 km; fee: £30.",
                           "pick up at harbour station, drop off at Hill airport: what is the fee?")
    assert not other_route("For Over 250 km, one-way fee: £90.", message)  # a rule over all routes
    assert not other_route("For Same town (e.g. Harbour Station ↔ Harbour Quay), fee: Free.", message)


def test_a_chat_trim_keeps_each_asks_only_answer() -> None:
    from models.generators.composer import _Slot, _trim_chat

    picked = [(2, "The first ask's rule is this one here.", _Slot(["a"], 2, "policy", 0.9, 0)),
              (2, "The first ask's further detail is this one.", _Slot(["b"], 2, "policy", 0.7, 0)),
              (2, "The second ask's only answer is this one.", _Slot(["c"], 2, "policy", 0.5, 1))]
    kept = [text for _, text, _ in _trim_chat(picked, limit=2)]
    assert "The second ask's only answer is this one." in kept
    assert "The first ask's further detail is this one." not in kept
