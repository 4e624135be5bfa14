"""Which readings the passages distinguish (clarify) and which parts of an ask they leave out (partial), on
passages invented here."""

from __future__ import annotations

from assistant.behaviour import ambiguous_reference
from assistant.types import Passage
from models.generators.composer import uncovered_parts, unmentioned_names


def _p(title: str, text: str, n: int = 1) -> Passage:
    return Passage(marker=n, doc_id=f"d{n}", chunk_id=f"c{n}", title=title, text=text)


BRIDGES = [
    _p("Harbor Bridge (Tallin County)", "Harbor Bridge opened to traffic in 1932 after six years of work.", 1),
    _p("Bay Bridge | Port Selin - Official Website", "The Bay Bridge carries four lanes and opened in 1958.", 2),
]
PAINTERS = [
    _p("Ada Lind", "Ada Lind was born in 1901 in a fishing village and painted harbours.", 1),
    _p("Joan Moro", "Joan Moro was born in 1888 and trained in the capital.", 2),
]


def test_a_definite_reference_the_passages_split_between_two_things_is_asked_about() -> None:
    assert ambiguous_reference("When did the bridge open?", "", BRIDGES) == ("bridge", ["Harbor Bridge", "Bay Bridge"])


def test_the_conversation_resolves_the_reference() -> None:
    history = "Tell me about the Harbor Bridge. It is a steel arch bridge."
    assert ambiguous_reference("When did the bridge open?", history, BRIDGES) is None


def test_this_person_with_passages_about_different_people_offers_them() -> None:
    assert ambiguous_reference("When was this painter born?", "", PAINTERS) == ("painter", ["Ada Lind", "Joan Moro"])
    # named in the message: nothing to ask
    assert ambiguous_reference("When was the painter Ada Lind born?", "", PAINTERS) is None


def test_one_thing_pointed_at_that_the_conversation_never_mentioned_is_asked_about() -> None:
    rivers = [_p("Amber River", "The Amber River floods every spring.")]
    assert ambiguous_reference("Does this river freeze in winter?", "We talked about taxes.", rivers) == (
        "river", ["Amber River"])
    assert ambiguous_reference("Does this river freeze in winter?", "The river by my house floods.", rivers) is None


def test_a_name_the_passages_never_mention_is_the_uncovered_part() -> None:
    films = [_p("Blue Harbour (film)", "Blue Harbour is a 2001 film starring Mara Vos as a lighthouse keeper.")]
    assert uncovered_parts("Did Mara Vos also star in Blue Harbour and Night Orchard?", films) == ["Night Orchard"]
    assert uncovered_parts("Did Mara Vos star in Blue Harbour?", films) == []


def test_a_compound_part_with_a_long_word_of_its_own_that_the_passages_never_use_is_uncovered() -> None:
    sources = [_p("Sources", "A primary source is a document created at the time under study, such as a diary.")]
    assert uncovered_parts("What is the difference between primary and archaeological sources?", sources) == [
        "archaeological sources"]
    both = [_p("Sources", "A primary source is created at the time under study; a secondary source interprets it.")]
    assert uncovered_parts("What is the difference between primary and archaeological sources?", both) == [
        "archaeological sources"]
    assert uncovered_parts("What is the difference between primary and secondary sources?", both) == []


def test_a_place_or_order_named_inside_a_covered_ask_is_not_a_missing_part() -> None:
    sources = [_p("Shipping", "International shipping takes 5 to 7 business days and costs $5.99.")]
    # "Toronto" is where they ship to, which the passages cover by kind; an order number is theirs, not ours to cover
    assert uncovered_parts("How much is shipping to Toronto and how long does it take?", sources) == []
    assert uncovered_parts("Can I get an invoice for order NW-118240?", sources) == []
    # their own street address is a fact of their case, never a part the passages must cover
    assert uncovered_parts("Can you send it to 27 Fenwick Rd, Apt 4, Dunmore OH 43015 instead?", sources) == []


def test_a_street_address_is_no_name_the_passages_must_mention() -> None:
    sources = [_p("Changing an address", "We can change the delivery address for a $6 fee until the order ships.")]
    assert unmentioned_names("Could you change it to 27 Fenwick Rd, Apt 4, Dunmore OH 43015?", sources) == []
    assert unmentioned_names("What about Calder Express?", sources) == ["Calder Express"]


def test_the_other_answer_to_a_yes_no_question_is_not_a_missing_part() -> None:
    sources = [_p("Warranty", "Faults in materials are covered for two years. Cancelled plans are refunded in full.")]
    assert uncovered_parts("Is a broken strap covered or am I out of luck?", sources) == []
    assert uncovered_parts("I want to cancel my plan, will I get my money back?", sources) == []
    # an alternative that names a thing of its own still counts
    assert uncovered_parts("Is it covered by the warranty or by the engraving guarantee?", sources) == [
        "engraving guarantee"]


def test_a_relative_that_and_a_capitalised_brand_are_no_reference_to_clarify() -> None:
    fits = [_p("Size guide | Slim fit", "Slim fit sits close to the body.", 1),
            _p("Size guide | Loose fit", "Loose fit gives room throughout.", 2)]
    # "a coat that doesnt fit": a relative clause, not "that fit" pointing at one of the fits
    assert ambiguous_reference("how long do i have to return a coat that doesnt fit?", "", fits) is None
    brands = [_p("Care | Ridgeway Kitchen", "Ridgeway Kitchen enamel pots are hand wash only.", 1),
              _p("Care | Ridgeway Garden", "Ridgeway Garden hoses drain after use.", 2)]
    # the customer names the brand; "which ridgeway" is no question to ask
    assert ambiguous_reference("Is the Ridgeway enamel pot dishwasher safe?", "", brands) is None


def test_the_words_of_the_reference_itself_do_not_resolve_it() -> None:
    # "the Chief Warden" names neither of the two chief wardens the passages are about
    wardens = [_p("Chief Warden of Norland", "The Chief Warden of Norland leads the park service.", 1),
               _p("Chief Warden of Estmere", "The Chief Warden of Estmere is appointed for five years.", 2)]
    found = ambiguous_reference("How has the role of the Chief Warden changed over time?", "", wardens)
    assert found is not None and found[1] == ["Chief Warden of Norland", "Chief Warden of Estmere"]
    assert ambiguous_reference("How has the role of the Chief Warden of Estmere changed?", "", wardens) is None


def test_a_verb_of_the_question_is_never_the_thing_asked_about() -> None:
    # "received" is no kind of thing: the question asks "which singer"
    singers = [_p("Mira Sol", "Mira Sol is a singer from the coast who won two prizes.", 1),
               _p("Tom Vey", "Tom Vey is a singer who received a medal.", 2)]
    assert ambiguous_reference("What prizes has the singer received?", "", singers) == ("singer", ["Mira Sol", "Tom Vey"])


def test_a_follow_up_pointing_at_a_thing_the_conversation_never_named_is_asked_about() -> None:
    from assistant.behaviour import dangling_reference

    history = "How do I reset my router? Hold the reset button for ten seconds."
    assert dangling_reference("What is the history of this lighthouse?", history) == "lighthouse"
    assert dangling_reference("Which events are held in the region's arena?", history) == "region"
    # named before: the conversation says which one
    assert dangling_reference("Does this router have a guest network?", history) is None
    # a way of speaking, an adjective or the customer's own order is no thing pointed at
    assert dangling_reference("Does this kind of plan cost more?", history) is None
    assert dangling_reference("Is this particular model waterproof?", history) is None
    assert dangling_reference("Can I still cancel this order?", history) is None
    # a first message's "this jacket" is the customer's own item
    assert dangling_reference("Can I return this jacket?", "") is None


def test_a_kind_spoken_of_only_in_general_names_none_of_its_things() -> None:
    from assistant.behaviour import dangling_reference

    general = "Should I get a store card? There are several advantages to having a store card."
    assert dangling_reference("What are the perks of this store card?", general) == "store card"
    # the conversation named one: nothing to ask
    assert dangling_reference("What are the perks of this store card?", "I have the Lumo store card.") is None
    assert dangling_reference("What are the perks of this store card?", "My store card was declined.") is None
    # "this particular X" points at one of a kind the conversation spoke of in general ("lenders")
    lenders = "Are online lenders cheaper than banks?"
    assert dangling_reference("Is this particular lender regulated?", lenders) == "lender"
    # an upper-case short word is part of the kind's name
    assert dangling_reference("Who hosted this TV show?", "Was the storm strong?") == "TV show"


def test_a_follow_up_pronoun_the_conversation_never_tied_to_one_thing() -> None:
    from assistant.behaviour import unresolved_pronoun

    earlier = ["Why do firms issue bonds?"]
    assert unresolved_pronoun("How much interest does it pay each year?", earlier) == "it"
    assert unresolved_pronoun("Did they win any awards?", ["How did the jazz age start?"]) == "they"
    # a choice between two things named: "it" could be either
    assert unresolved_pronoun("How does it help?", ["Which is better: the runtime chart or the throughput chart?"]) == "it"
    # a way of speaking is no pronoun for a thing
    assert unresolved_pronoun("How long does it take to settle?", earlier) is None
    assert unresolved_pronoun("Is it possible to sell early?", earlier) is None
    # a first message, or a follow-up to the customer's own thing
    assert unresolved_pronoun("How much does it pay?", []) is None
    assert unresolved_pronoun("Can I still return it?", ["My blender arrived cracked."]) is None
    # "refresh my memory" is no thing of the customer's that "it" could stand for
    assert unresolved_pronoun("What else did it inspire?", ["Can you refresh my memory about early architecture?"]) == "it"


def test_a_follow_up_definite_noun_the_conversation_never_named() -> None:
    from assistant.behaviour import unresolved_definite

    earlier = ["What kinds of hosting do providers offer?"]
    assert unresolved_definite("How many sites are included in the plan?", earlier) == "plan"
    assert unresolved_definite("How did the coffee chain grow so fast?", ["Where did the troops go?"]) == "coffee chain"
    # named before as one thing, a plural, or a way of speaking: nothing to ask
    assert unresolved_definite("How many sites are included in the plan?", ["Tell me about the Basic plan."]) is None
    assert unresolved_definite("What do the providers charge?", earlier) is None
    assert unresolved_definite("Is the same true for the rest?", earlier) is None
    assert unresolved_definite("How many sites are included in the plan?", []) is None


def test_a_definite_after_another_phrases_complement_is_a_reference_of_its_own() -> None:
    from assistant.behaviour import unresolved_definite

    earlier = ["When did the steam engine first appear?"]
    # "the name of" says which name; "the radio drama" after it is still one the conversation never named
    assert unresolved_definite("Could you give me the name of the radio drama?", earlier) == "radio drama"
    assert unresolved_definite("What is the current price of the voucher?", earlier) == "voucher"
    # ... and stays resolved when the conversation named it as one thing
    assert unresolved_definite("What is the current price of the voucher?", ["I got the voucher from my aunt."]) is None
    # a setting is no second reference: "the symbol on the keyboard" says which symbol
    assert unresolved_definite("What does the symbol on the keyboard mean?", earlier) is None


def test_a_word_that_only_modifies_another_in_the_titles_is_no_kind_to_choose_between() -> None:
    wraps = [_p("Vouchers and e-voucher codes", "A voucher code is valid for a year.", 1),
             _p("Voucher wrapping and voucher receipts", "Wrapping costs $4 per order.", 2)]
    # "voucher" in both titles only qualifies another word ("voucher codes", "voucher wrapping"): nothing to ask
    assert ambiguous_reference("Can I get the parcel voucher wrapped for my dad?", "", wraps) is None


def test_the_gap_is_named_only_in_the_customers_own_phrase() -> None:
    from models.generators.composer import _gap_phrase

    message = "Can it be sent straight to my mum with no receipt inside, and do you engrave background check letters?"
    assert _gap_phrase([], ["background check letters"], message) == "background check letters"
    # content words picked out of a longer clause read as noise: the general wording instead
    assert _gap_phrase([], ["sent straight receipt inside"], message) is None
    assert _gap_phrase([], ["which option we would recommend for you"], message) == \
        "which option we would recommend for you"


def test_an_open_ask_that_only_points_elsewhere_is_not_named_in_the_gap_line() -> None:
    from assistant.asks import Ask
    from models.generators.composer import _gap_phrase

    message = "How much is the airline meant to pay me under that rule, is it 250 or 400??"
    # "whether it is 250 or 400" would say nothing out of context: the general wording instead
    assert _gap_phrase([Ask("is it 250 or 400??", "yes_no", 1)], [], message) is None
    named = "how much the airline is meant to pay you under that rule"
    assert _gap_phrase([Ask("How much is the airline meant to pay me under that rule?", "amount", 0)], [], message) == named
    # beside the ask it details, the ask is named alone
    assert _gap_phrase([Ask("How much is the airline meant to pay me under that rule?", "amount", 0),
                        Ask("is it 250 or 400??", "yes_no", 1)], [], message) == named


def test_a_name_a_general_question_asks_about_that_no_passage_mentions_is_uncovered() -> None:
    from models.generators.composer import unmentioned_names

    passages = [_p("Tide gauges", "Tide gauges record sea level every six minutes along the Velmar coast.", 1)]
    assert unmentioned_names("Are tide gauges accurate enough for the Ostrava canal?", passages) == ["Ostrava canal"]
    # named by the passages, by its word family too ("Velmaran" is named by "Velmar"), or a question's own capital
    assert unmentioned_names("How accurate are the Velmaran tide gauges?", passages) == []
    assert unmentioned_names("Are tide gauges accurate?", passages) == []
    # the customer's own case names their thing in their words: not a gap of the sources
    assert unmentioned_names("Can I return my Ostrava kettle?", passages) == []
    # the first word of a later sentence is capitalised anyway: no name
    assert unmentioned_names("Hi! Biscuit is due a gauge check. Are tide gauges accurate?", passages) == []
    # a month is no name, and a name never runs on across a full stop
    assert unmentioned_names("Are tide gauges checked in July. Is there one on the Ostrava canal?", passages) == [
        "Ostrava canal"]


def test_a_title_cased_question_word_is_no_name_the_sources_miss() -> None:
    from models.generators.composer import unmentioned_names

    passages = [_p("Tide gauges", "A TGX network is a group of tide gauges along the coast. What defines the network is "
                   "the spacing of the gauges. The gauges record the sea level every six minutes.", 1)]
    # "Defines" and "the" are capitalised by the customer's style: the passages write them in lower case
    assert unmentioned_names("What Defines the TGX network?", passages) == []
    assert unmentioned_names("What Shapes the TGX network?", passages) == []  # a verb before an article
    assert unmentioned_names("What Defines the Ostrava canal network?", passages) == ["Ostrava"]
    # a name at the start stays a name ("Did Emilia Clarke ..."): the passages never write it in lower case
    assert unmentioned_names("Did Emilia Clarke visit the tide gauges?", passages) == ["Emilia Clarke"]


def test_a_common_noun_a_title_capitalises_does_not_resolve_the_reference() -> None:
    # "Services" in a title is a common noun (the passages write it in lower case), not one of the things' names
    clinics = [_p("Alder VA Clinic", "The clinic offers physical therapy services and lab tests.", 1),
               _p("Birch VA Clinic", "Our services include dental care.", 2),
               _p("Outpatient Services Clinic", "Services for outpatients.", 3)]
    history = "When are the evening Services open? They open at five."
    found = ambiguous_reference("What services does the clinic provide?", history, clinics)
    # the auxiliary before "the clinic" makes "provide" the verb, not the thing asked about
    assert found is not None and found[0] == "clinic" and found[1][:2] == ["Alder VA Clinic", "Birch VA Clinic"]
    # a name's own word said before does resolve it
    assert ambiguous_reference("What services does the clinic provide?", "I go to Alder.", clinics) is None


def test_a_place_the_customer_names_is_a_fact_of_their_case_not_a_gap() -> None:
    from models.generators.composer import unmentioned_names

    shipping = [_p("Shipping", "We deliver to Canada and Australia. We cannot deliver to other countries yet.", 1)]
    # the rule for its area, or for "other countries", answers it
    assert unmentioned_names("How long is shipping to Toronto?", shipping) == []
    assert unmentioned_names("Do you ship to Japan?", shipping) == []
    # a name that is no place still is
    assert unmentioned_names("Do you ship the Ostrava kettle?", shipping) == ["Ostrava kettle"]


def test_a_plain_text_heading_line_is_no_sentence_of_the_answer() -> None:
    from models.generators.composer_policy import usable_sentences

    text = "Getting started with the billing console \n\nThe billing console shows each account's usage by month."
    assert usable_sentences(text) == ["The billing console shows each account's usage by month."]
    # a line that ends a sentence with its punctuation stays
    assert usable_sentences("The console shows usage by month.\n\nIt updates once a day.") == [
        "The console shows usage by month.", "It updates once a day."]


def test_a_name_with_a_possessive_is_found_in_the_passages() -> None:
    from models.generators.composer import unmentioned_names

    law = [_p("Boating", "As required by Mara's Law, every operator must complete a safety course.", 1)]
    assert unmentioned_names("What is Mara's Law?", law) == []


def test_a_title_word_the_passages_write_as_a_name_resolves_the_reference() -> None:
    grounds = [_p("Frequently Asked Questions", "Parking at the Showgrounds opens at 8 and the grounds at 9.", 1),
               _p("Lakeside Showgrounds | Directions", "Drive to the Showgrounds via Route 9; showgrounds parking is free.", 2)]
    question = "Do you have directions to the show grounds?"
    assert ambiguous_reference(question, "Is there a midway? Yes, it opens at 11.", grounds) is not None
    # "Showgrounds" said before: the passages write it capitalised more often than not, so it is a name's word
    assert ambiguous_reference(question, "What food is at the Showgrounds? Many vendors.", grounds) is None


def test_a_restricted_definite_or_a_pronoun_with_an_antecedent_is_no_reference_to_ask_about() -> None:
    from assistant.behaviour import unresolved_definite, unresolved_pronoun

    earlier = ["Where did the troops go?"]
    # the complement says which one: "the cost of ...", "the symbol on the keyboard"
    assert unresolved_definite("What is the cost of restoring a pipeline?", earlier) is None
    assert unresolved_definite("How do you type the symbol on the keyboard?", earlier) is None
    assert unresolved_definite("Which city has the most and which the least parks?", earlier) is None
    # "in this case" is a way of speaking, no complement
    assert unresolved_definite("Did the tenant sign in this case?", earlier) == "tenant"
    # the last turn named one thing "it" can stand for: a name, or "the <noun>"
    assert unresolved_pronoun("Is it a paid service?", ["What is Acme Cloud Vault?"]) is None
    assert unresolved_pronoun("Could it be the old keeper?", ["who is the man in the tower"]) is None
    assert unresolved_pronoun("Are they safer than bank bonds?", ["Corporate bonds held to maturity are safer."]) is None
    # a kind ("an API") or a plural is nothing "it" can stand for
    assert unresolved_pronoun("Did it get any updates?", ["Can you explain what an API is?"]) == "it"
    assert unresolved_pronoun("Did it win any awards?", ["What are the objectives?"]) == "it"


def test_what_the_customer_tells_before_the_question_is_their_story_not_a_part_asked_about() -> None:
    bank = [_p("Staying safe", "Our staff will never ask for your card's security code by phone or text. If someone "
                               "asks you for it, it is a scam.")]
    assert uncovered_parts("Someone called and asked for my card security code, is that legit?", bank) == []
    # a part of the question itself is still a part
    assert uncovered_parts("Someone texted me, do you ask for the security code and the hovercraft licence?",
                           bank) == ["hovercraft licence"]


def test_this_with_a_capitalised_kind_the_sources_complete_as_one_of_many_is_asked_about() -> None:
    rules = [_p("Local Rules | District Court | County of Larkmoor", "The court's local rules cover civil filings.", 1),
             _p("Rules & Forms | District Court | County of Larkmoor", "Forms for small claims are online.", 2)]
    # "this County": a kind written with a capital that the sources complete as "County of ...": which one is meant
    assert ambiguous_reference("Are there rules for the District Court in this County?", "", rules) == \
        ("county", ["County of Larkmoor"])
    # without "this" one such title is the one the sources are about: nothing to ask
    assert ambiguous_reference("Are there rules for the District Court in the County?", "", rules) is None


def test_an_ampersand_joins_two_things_asked_about() -> None:
    wrap = [_p("Gift wrap", "Gift wrap costs $4 per order and includes a card.", 1)]
    assert uncovered_parts("Do you offer gift wrap & engraving?", wrap) == ["engraving"]


def test_a_typo_of_the_customers_is_never_said_back_in_a_gap_line() -> None:
    from assistant.asks import Ask
    from models.generators.composer import _gap_phrase

    assert _gap_phrase([Ask("when will i recieve my refund?", "duration", 0)], [], "when will i recieve my refund?") is None
    assert _gap_phrase([], ["warrenty"], "does the warrenty cover the descaler?") is None
    assert _gap_phrase([Ask("when will i receive my refund?", "duration", 0)], [], "when will i receive my refund?") == \
        "when you will receive your refund"
    # a word the sources use is no typo ("esim" in a mobile company's pages)
    assert _gap_phrase([Ask("can i move my esim to a new phone?", "yes_no", 0)], [], "can i move my esim to a new phone?",
                       known={"esim"}) == "whether you can move your esim to a new phone"


def test_a_function_word_a_time_or_a_way_of_speaking_is_no_thing_to_clarify() -> None:
    # "cheaper than", "this year", "some kind of joke": nothing the sources could name several of
    for said in ("is the harbour tour cheaper than the bridge one?", "the bridge closed twice this year, when did it open?",
                 "this is some kind of joke, when did the bridge open?"):
        found = ambiguous_reference(said, "", BRIDGES)
        assert found is None or found[0] == "bridge", (said, found)
    # ... but "this type of bridge" still points at one kind
    assert ambiguous_reference("Who paid for this type of bridge?", "", BRIDGES) is not None


def test_a_time_said_in_passing_is_no_gap() -> None:
    from models.generators.composer import _gap_phrase
    message = "Can you collect the bookcase this week? I'm a member if that changes the fee"
    assert _gap_phrase([], ["week"], message) is None
    assert _gap_phrase([], ["bookcase"], message) == "bookcase"


def test_their_own_money_or_booking_is_no_thing_to_ask_which_of() -> None:
    from assistant.behaviour import pointed_thing
    assert pointed_thing("can I collect her early? do I get anything back or is that money gone") is None
    assert pointed_thing("what services does this state library offer?") is not None


def test_a_wish_run_on_after_the_question_is_no_part_of_it() -> None:
    from models.generators.ask_gaps import indirect_question
    assert indirect_question("do you do gift vouchers, want one for my nan for her birthday") == \
        "whether we do gift vouchers"


def test_a_name_the_customer_gives_as_their_own_detail_is_no_gap() -> None:
    sources = [_p("Invoices", "Invoices can show a company name and VAT number: use Edit details on the invoice.")]
    ask = "could you redo the invoice with my trading name, Harbour Kite Works, and my VAT number?"
    assert uncovered_parts(ask, sources) == [] and unmentioned_names(ask, sources) == []
    # a name asked about is still one
    assert uncovered_parts("Can I get an invoice and a Kestrel voucher?", sources) == ["Kestrel voucher"]
