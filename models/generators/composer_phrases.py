"""The composer's own words: acknowledgements, next steps, closings, and the brand voice's style rules.

Every slot offers several phrasings; ``pick`` chooses one by a stable hash of the message, so the same
ticket always gets the same reply while different tickets read differently. Nothing here states a policy
fact (numbers, periods, fees): those only ever come from cited passages.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable

from assistant.analysis import sarcastic
from assistant.asks import named_objects_said
from assistant.grounding.words import mentions, word_keys, words_of
from assistant.issue import BEREAVEMENT_PHRASE

ORDER_TOPICS = {"shipping", "lost_damaged", "parcel_trace", "order_changes", "refunds", "returns", "exchanges", "billing", "warranty",
                "price_adjustment"}
# problems where nothing reached the customer (see assistant.issue): a photo of "what arrived" makes no sense
NOTHING_ARRIVED = frozenset({"lost", "stalled", "stolen"})

TOPIC_PHRASES = {
    "returns": "returning an item", "refunds": "your return", "exchanges": "exchanging an item", "shipping": "your delivery",
    "lost_damaged": "your order", "order_changes": "changing your order", "billing": "the charges on your account",
    "payments": "paying for your order", "price_adjustment": "price adjustments", "promotions_gift_cards": "your promo code",
    "membership": "your membership", "warranty": "the warranty", "product_care": "caring for your item", "sizing": "sizing",
    "account_security": "your account's security", "privacy": "your personal data", "loyalty": "your rewards points",
    "international": "international orders", "accessibility": "accessibility", "other": "this",
}


_PLURAL_PHRASES = {"price adjustments", "international orders", "your rewards points", "the charges on your account"}
# words of a topic phrase that name no particular thing: every message is about an order, a delivery, an account
_PHRASE_GENERAL = frozenset("your the an a on of to for this order orders delivery return account charges security "
                            "item".split())


def topic_phrase(topic: str, message: str, headings: str = "", *, own_only: bool = False) -> str:
    """How an acknowledgement names what the message is about, in the customer's terms: the topic's phrase when the
    customer's words name its thing ("your membership" to a member asking about it) or it names none ("your
    delivery"), else the thing they name themselves where the sources' titles and headings (``headings``) name it too
    ("your gift card" for a gift-card question filed under a topic whose phrase is about promo codes, not "your fee"
    for a caller's fake fee), else "this". A topic groups neighbouring things; the customer named one."""
    phrase = TOPIC_PHRASES.get(topic, "this")
    words = words_of(phrase)
    if not words or words[0].endswith("ing"):
        return phrase  # "returning an item": an activity the topic is, not a thing
    things = [w for w in words if w not in _PHRASE_GENERAL and len(w) > 2]
    keys = word_keys(message)
    if (not things or any(mentions(keys, w) for w in things)) and (
            not own_only or any(mentions(keys, w) for w in words if len(w) > 3 and w not in ("your", "this", "that"))):
        return phrase
    titled = word_keys(headings)
    heads = " ".join(words_of(headings))

    def in_headings(named: str) -> bool:
        """The sources' headings name the thing: its head noun ("your gift card"), or the compound before a last word
        they do not name ("gift card" of "your gift card PIN")."""
        said = words_of(named)[1:]
        return bool(said) and (mentions(titled, said[-1]) or (len(said) > 2 and f" {' '.join(said[:-1])}" in f" {heads}"))

    named = next((n for n in named_objects_said(message) if in_headings(n)), None)
    if named and not own_only:  # (the thing they name may not be what went wrong: "the $300 isn't back on my card")
        return named
    # the topic's thing where the sources found for them are about it ("your membership" to a question about a
    # "Plus plan" answered from the membership pages); ``own_only``: only what the customer names (an apology for "the
    # hassle with your return" to someone who never mentioned one reads as a form letter)
    return phrase if not own_only and any(mentions(titled, w) for w in things) else "this"


def _many(about: str) -> bool:
    """The phrase names several things ("your rewards points", "your earbuds")."""
    return about in _PLURAL_PHRASES or (about not in TOPIC_PHRASES.values() and bool(re.search(r"[^s]s$", about)))

# The noun each topic phrase and topic next step stands on. The topic labels come from a retail lexicon, so a
# ferry booking or a software subscription can land on "lost_damaged" or "payments": a phrase is said only where
# its noun is the conversation's or the cited documents' own word ("your order" to a customer who has no order
# reads as a form letter from another company).
# "order" as a noun ("your order", "orders over"), not the verb ("ordered before 5 pm", "order a replacement online")
# (nor an order of things: "in order to", "the same order", "in reverse order")
_ORDER_NOUN = (r"(?<!\bin )(?<!same )(?<!following )(?<!reverse )(?<!chronological )(?<!alphabetical )(?<!working )"
               r"(?<!good )orders?\b(?! (?:a|an|one|it|them|online|by|before|from|through|via|to|of)\b)")
_PHRASE_NOUNS = {
    "returns": r"return", "refunds": r"return", "exchanges": r"exchang", "shipping": r"deliver|ship",
    "lost_damaged": _ORDER_NOUN, "order_changes": _ORDER_NOUN, "billing": r"charg", "payments": _ORDER_NOUN,
    "price_adjustment": r"price", "promotions_gift_cards": r"promo", "membership": r"member",
    "warranty": r"warrant", "product_care": r"care|wash|clean", "sizing": r"size|sizing", "privacy": r"data|privacy",
    "account_security": r"account", "loyalty": r"point|reward", "international": r"international|abroad|countr",
    "accessibility": r"accessib",
}
# the next steps of these topics ask for or act on an order, a parcel or an item that arrived
_ORDER_STEP_NOUN = rf"{_ORDER_NOUN}|parcel|package|deliver"


def speaks_of(topic: str, vocabulary: str) -> bool:
    """Whether ``topic``'s phrase names something the conversation or its documents name (see ``_PHRASE_NOUNS``)."""
    noun = _PHRASE_NOUNS.get(topic)
    return noun is None or re.search(rf"\b(?:{noun})", vocabulary, re.I) is not None


# what a topic's next step itself names, where that is narrower than the topic: "I'll check exactly where your
# parcel is" fits a conversation about parcels, not one about an engineer's visit that shares the shipping topic
_STEP_NOUNS = {"shipping": r"parcel|package|shipp|track|courier", "parcel_trace": r"parcel|package|shipp|track|courier",
               # "the shipping options ... where you'd like it sent": not for roaming abroad or a trip to France
               "international": r"shipp|parcel|package|courier",
               # "a photo of what arrived": something was delivered, not a rental car's scratch or a deposit held
               "lost_damaged": r"parcel|package|shipp|courier|postage|in the post|deliver(?:y|ies|ed)\b"}


def step_fits(topic: str, vocabulary: str) -> bool:
    """Whether ``topic``'s next step (``next_step``) speaks of things the conversation or its documents deal in."""
    if topic in ORDER_TOPICS | {"payments", "parcel_trace"} and not order_steps_fit(vocabulary):
        return False
    noun = _STEP_NOUNS.get(topic)
    return noun is None or re.search(rf"\b(?:{noun})", vocabulary, re.I) is not None


# what the customer's own words name when a topic's next step is about their case: "I'll check the latest tracking"
# answers someone whose train ran late only because the documents also speak of tracked post, and "I'll help you
# set up the return" a question about recycling cool packs only because both share the returns topic
_CASE_WORDS = {
    "shipping": r"parcel|package|deliver|shipp|courier|track|arriv|order|box|dispatch|post(?:ed|age)?\b|came|turn(?:ed)? up",
    "parcel_trace": r"parcel|package|deliver|shipp|courier|track|arriv|order|box|dispatch|post(?:ed|age)?\b",
    "lost_damaged": r"parcel|package|deliver|shipp|courier|arriv|order|box|came|received|got (?:it|them|my|the)|opened",
    "returns": r"return|send(?:ing)?\b[^.?!]{0,40}?\bback\b|exchange|refund|money back",
    # "tell me your usual size and the item you're looking at" is for something worn, not a storage unit or a van
    "sizing": r"fit|fits|fitting|wear|worn|tight|loose|too (?:big|small|long|short)|usual size|size \d|sized?\s+up|"
              r"sized?\s+down|shoes?|boots?|trainers|dress|shirts?|jackets?|jeans|trousers|coat",
    # "questions about caring for it" is for a thing of theirs to wash or look after, not a cleaning visit
    "product_care": r"wash\w*|care for|caring for|look(?:ing)? after|dry(?:er|ing)?\b|iron\w*|dishwasher|tumble|"
                    r"maintain\w*|waterproof\w*",
    # "send me a link to the lower price" is for a price seen lower elsewhere or since
    "price_adjustment": r"lower price|cheaper|price match|match (?:a|the|their) price|price (?:drop|went down)|"
                        r"dropped|on sale|in the sale|reduced|discount\w*",
    "payment_failed": r"declin\w*|fail\w*|didn'?t go through|won'?t go through|rejected|bounced",
}


def case_fits_step(topic: str, customer_words: str) -> bool:
    """Whether the customer's own words (``customer_words``: the message and their earlier turns) speak of what
    ``topic``'s next step acts on (``_CASE_WORDS``); True for topics whose step needs nothing of theirs."""
    words = _CASE_WORDS.get(topic)
    return words is None or re.search(rf"\b(?:{words})", customer_words, re.I) is not None


def order_steps_fit(vocabulary: str) -> bool:
    """Whether an order-centred next step ("send me your order number") fits: the conversation or the documents
    deal in orders, parcels or delivered items."""
    return re.search(rf"\b(?:{_ORDER_STEP_NOUN})", vocabulary, re.I) is not None


def pick(options: list[str], seed: str, slot: str) -> list[str]:
    """``options`` rotated so the stable choice for this ticket and slot comes first (the rest are fallbacks)."""
    if not options:
        return []
    h = int.from_bytes(hashlib.blake2b(f"{slot}\x00{seed}".encode(), digest_size=4).digest(), "little")
    i = h % len(options)
    return options[i:] + options[:i]


# thanks said to a person by name: "a big thank you to Ana at the front desk", "thanks to Rui, our guide"
_THANKED = re.compile(r"\b(?i:thanks?(?:\s+you)?\s+(?:so\s+much\s+|very\s+much\s+|a\s+lot\s+)?to)\s+([A-Z][a-z]{2,})\b"
                      r"(?!\s+[A-Z])")
_NOT_A_NAME = {"You", "The", "Our", "Your", "Everyone", "Everybody", "All", "Team", "Staff", "Whoever", "Monday",
               "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "God", "Him", "Her", "Them"}


# an ask that the thanks reach that person: "could you let her know?", "please pass it on to him"
PASS_ON_THANKS = re.compile(r"\b(?:make sure|let)\s+(?:him|her|them|he|she|they)\s+(?:hears?|knows?|gets?)\b|"
                            r"\bpass\s+(?:this|it|that|my thanks|on)\b|\b(?:he|she|they)\s+(?:hears?|gets?)\s+"
                            r"(?:this|it|that|the message)\b", re.I)


def thanked_person(message: str) -> str | None:
    """The first name of the one person the customer thanks by name ("a big thank you to Ana who fitted it"), so
    the reply can say the thanks will reach them; None for thanks to no one named, or to two."""
    names = {m.group(1) for m in _THANKED.finditer(message) if m.group(1) not in _NOT_A_NAME}
    return names.pop() if len(names) == 1 else None


def acknowledgement(emotion: str, problem: str | None, topic: str, sentiment: float, *, social: bool = False,
                    fault: bool = False, explains: bool = True, about: str | None = None,
                    stated: bool = True) -> list[str]:
    """Opening sentence(s) that name the customer's problem and meet their emotion. Variants, best first.

    ``problem`` is the analysis's paraphrase ("your lamp arrived damaged"), never the customer's words. An apology
    only comes when something went wrong for the customer: always for anger and frustration (what upset them went
    wrong for them), and for worry, confusion or a neutral report only when ``fault`` says the problem is one (a
    damaged item, a wrong charge), not for a question, a deadline or a login. A plain question with no problem and
    no feeling gets no acknowledgement: the answer comes first. ``explains``: the reply goes on to explain something
    (else a confused customer is not promised an explanation: the reply asks a question or hands over). ``about``:
    what the message is about in the customer's terms (``topic_phrase``); the topic's own phrase by default.
    ``stated``: the message says the feeling in words (``states_feeling``); a worry or a frustration read from its
    tone alone, with no problem named, gets no acknowledgement (a stock "I know how worrying questions about X can
    be", "I'm sorry this has been such a hassle" to someone happily moving house)."""
    about = about or TOPIC_PHRASES.get(topic, "this")
    p = problem
    if p and BEREAVEMENT_PHRASE.match(p):  # a death: condolences first, whatever thanks the message also gives
        return [f"I'm so sorry that {p} — please accept my condolences.",
                f"I'm so sorry that {p}; please accept my condolences at this difficult time."]
    if emotion == "gratitude":
        return [
            "Thank you so much for your kind message — it really made our day.",
            "Thanks so much for taking the time to write in; it's lovely to hear.",
            "What a lovely message to receive — thank you for sharing it with us.",
        ]
    if p and re.search(r"\bgot hurt$", p):  # someone was injured: care for the person, never "how disappointing"
        if emotion in ("anger", "frustration"):
            return [f"I'm so sorry that {p} — I can understand why you're upset, and I want to make sure this is looked "
                    "into properly."]
        return [f"I'm sorry to hear that {p}, and I hope the recovery is going well.",
                f"I'm sorry to hear that {p}; I hope things are on the mend."]
    if p and re.search(r"\bwas stolen$", p) and emotion not in ("anger", "frustration"):  # a crime against them
        return [f"I'm sorry to hear that {p} — that's a horrible thing to happen, so let's get you sorted.",
                f"I'm sorry to hear that {p}; let's get things sorted for you as quickly as possible."]
    if emotion == "anger":
        if p and not fault:  # a coat that doesn't fit, a locked account: upsetting, but nobody says we caused it
            return [f"I'm sorry that {p} — I can see why you're upset, and I'll help you sort it out.",
                    f"I can see why you're upset that {p}, and I'll help you sort it out."]
        if p:
            return [
                f"I'm really sorry that {p} — that's not good enough, and I can see why you're upset.",
                f"I'm sorry that {p} — that should never have happened, and I want to put it right for you.",
                f"I'm sorry that {p} — you have every right to be upset, and it's on us to put it right.",
            ]
        if about == "this":
            # nothing named that went wrong: no stock "sorry about the trouble with this", and no promise to put right
            # what may be no fault of ours
            return (["I can see why you're upset, so let me explain what happens here.",
                     "I understand why you're upset, so let me go through how this works."] if explains else
                    ["I can see why you're upset, and I'll help you sort it out.",
                     "I understand why you're upset, and I'll help you get this sorted."])
        return [
            f"I'm sorry about the trouble with {about} — I can see why you're upset, and I want to put it right.",
            f"I'm really sorry about how {about} {'have' if _many(about) else 'has'} gone so far; "
            "I can understand why you're upset.",
        ]
    if emotion in ("frustration", "anxiety", "confusion") and not p and not stated:
        return []
    if emotion == "frustration":
        if p:
            return [
                f"I'm sorry that {p} — I know how frustrating that is.",
                f"I can see why you're frustrated that {p}, and I'm sorry for the hassle.",
                f"I'm sorry that {p}; I can see how frustrating this has been.",
            ]
        return [f"I'm sorry for the hassle with {about} — I can see how frustrating this has been.",
                f"I'm sorry {about} {'have' if _many(about) else 'has'} been such a hassle; "
                "I know how frustrating that is."]
    if emotion == "anxiety":
        noticed = re.match(r"^(?:you (?:can )?(?:see|noticed|have noticed|found|spotted)|you've (?:noticed|found|spotted)|"
                           r"there(?:'s| is| are))\s+(.+)$", p or "")
        if noticed:
            return [f"I can understand why {noticed.group(1)} is worrying, so let's look at it right away.",
                    f"I know how worrying {noticed.group(1)} is, so let's get it sorted out."]
        if p and fault:
            return [f"I'm sorry that {p} — I can understand how worrying that is, so let's sort it out right away.",
                    f"I'm sorry that {p}; I know how worrying that is, and I'll help you sort it out."]
        if p:
            return [
                f"I can understand why you're worried that {p}, so let's look at it right away.",
                f"I know how worrying it is that {p}, so let's get it sorted out.",
            ]
        if topic != "other":
            return [f"I can understand why you're worried about {about}, so let's go through it together."]
        return ["I can understand why this is worrying you, so let's go through it together.",
                "I know how worrying this is, so let's go through it together."]
    if emotion == "confusion" and not explains:
        if p and fault:
            return [f"I'm sorry that {p} — I can see why that's confusing, and I'll help you get to the bottom of it."]
        if p:
            return [f"I'm sorry to hear that {p}; I'll help you sort it out."]
        subject = f"{about} {'are' if _many(about) else 'is'}" if topic != "other" else "this is"
        return [f"I can see why {subject} confusing, and I'll help you get to the bottom of it.",
                f"I can understand why {subject} confusing — I'll help you get to the bottom of it."]
    if emotion == "confusion":
        if p and fault:
            return [f"I'm sorry that {p} — I can see why that's confusing, so let me explain what happens next.",
                    f"I'm sorry that {p}; I can understand why it's confusing, so let me clear it up."]
        if p and re.match(r"^(?:how|what|why|which|when|whether|where|who|the (?:difference|rules?|policy|process|options?))\b",
                          p, re.I):
            if not stated:  # a question asked, with no confusion said: the answer comes first
                return []
            return [f"I can see why {p} is confusing, so let me clear it up for you.",
                    f"I can understand why {p} is confusing — let me explain."]
        if p:  # the problem is not what confuses them ("your jacket doesn't fit"): their options are
            return [f"I'm sorry to hear that {p}; let me walk you through your options.",
                    f"I'm sorry that {p} — let me explain what you can do."]
        if topic != "other":
            plural = _many(about)
            return [f"I can see why {about} {'are' if plural else 'is'} confusing, so let me explain how "
                    f"{'they work' if plural else 'it works'}.",
                    f"I can understand why {about} can be confusing — let me walk you through "
                    f"{'them' if plural else 'it'}."]
        return ["I can see why this is confusing, so let me clear it up for you.",
                "I can understand why this is confusing — let me explain."]
    if emotion == "disappointment":
        if p:
            return [
                f"I'm sorry that {p} — I know you were expecting better from us.",
                f"I'm sorry to hear that {p}; I can understand how disappointing that is.",
            ]
        if topic != "other":
            return [f"I'm sorry {about} hasn't worked out the way you hoped; I can understand how disappointing that is.",
                    f"I'm sorry to hear about {about} — I can see how disappointing this is."]
        return ["I'm sorry this wasn't what you were hoping for; I can understand how disappointing that is.",
                "I'm sorry we let you down here — I can see how disappointing this is."]
    # neutral
    if p and not social:
        if fault or sentiment < -0.05 or re.search(r"n't\b|\b(?:not|never|nobody|no one|wrong|broken|broke|damaged|missing|late|twice|"
                                                   r"fail\w*|declined|cancel\w*|lost|stuck|hurt|charged)\b", p):
            return [f"I'm sorry to hear that {p}.", f"I'm sorry that {p} — let's get it sorted."]
        return [f"Thanks for letting me know that {p}."]
    # a plain question with no problem and no feeling: the answer comes first, with no acknowledgement
    return []


ORDINALS = {2: "second", 3: "third", 4: "fourth", 5: "fifth"}


def repeated_contact_sentence(times: int = 2, *, apologised: bool = False, exact: bool = True) -> list[str]:
    """Said when the customer has written before: a third contact is named as such (``apologised``: the
    acknowledgement already said sorry, so this one does not say it twice). ``exact``: the customer named which
    contact this is; a count of earlier ones ("I've emailed three times") gets no ordinal, which could be one off."""
    if times >= 3 and not exact:
        return ["I know this isn't the first time you've had to get in touch about it." if apologised
                else "I'm sorry you've had to contact us about this more than once."]
    if apologised:
        nth = ORDINALS.get(times, "another") if times >= 3 else "second"
        return [f"I know this is the {nth} time you've had to get in touch about it." if nth != "another"
                else "I know you've had to get in touch about this several times."]
    if times >= 3:
        nth = ORDINALS.get(times, "another")
        return [f"I'm sorry you've had to contact us a {nth} time about this." if nth != "another"
                else "I'm sorry you've had to contact us so many times about this.",
                f"I'm sorry this is the {nth} time you've had to get in touch about it." if nth != "another"
                else "I'm sorry you've had to chase us so many times about this."]
    return ["I'm sorry you've had to get in touch about this more than once, too.",
            "I'm sorry you've had to chase us about this."]


# "I'm replying in English; I hope that's all right." in the languages the detector names most, so a customer who
# does not read English is told so in their own words, before the English (the agent sees the language flag and may
# translate the rest)
_ENGLISH_REPLY = {
    "es": "Le respondo en inglés; espero que no le importe.",
    "fr": "Je vous réponds en anglais ; j'espère que cela vous convient.",
    "de": "Ich antworte Ihnen auf Englisch; ich hoffe, das ist in Ordnung.",
    "it": "Le rispondo in inglese; spero che vada bene.",
    "pt": "Respondo em inglês; espero que não se importe.",
    "nl": "Ik antwoord u in het Engels; ik hoop dat dat goed is.",
}
# the greeting word of a reply in those languages ("Hola Ana,")
GREETING_WORD = {"es": "Hola", "fr": "Bonjour", "de": "Hallo", "it": "Buongiorno", "pt": "Olá", "nl": "Hallo"}


def english_reply_sentence(language: str = "") -> list[str]:
    """Said where the customer wrote in another language: the reply is in English (the agent may translate it); in
    the customer's own language where we have the words for it."""
    if language in _ENGLISH_REPLY:  # (then the same in English, for a reader of either)
        return [f"{_ENGLISH_REPLY[language]} I'm replying in English; I hope that's all right."]
    return ["I'm replying in English; I hope that's all right.",
            "I'm answering in English, I hope that's OK."]


def injection_sentence() -> list[str]:
    return ["I'll gladly help with your order, though I can only offer what our policies allow.",
            "I'll help with anything our policies cover, but I can't make commitments beyond them."]


# Next-step sentences start with "I'll ..." / "Let me ..." (or are questions): they describe what the agent
# does, not policy, so they carry no facts and no promises of money.
def next_step(topic: str, order_label: str | None, *, has_order_ref: bool, urgent: bool,
              photos: bool = True) -> tuple[list[str], str | None]:
    """What happens next and who does it, and what is missing (e.g. the order number) when it must be asked for.
    ``photos``: the documentation asks for photos or videos of a problem (``asks_for_photos``); where it never
    does, no step asks the customer for one."""
    o = order_label
    soon = "right away" if urgent else "as soon as I can"
    if not photos and topic in ("lost_damaged", "warranty"):
        if not has_order_ref and topic in ORDER_TOPICS:
            return ["Could you send me your order number? I'll look into it from there."], "order number"
        return [], None  # the closing invites the reply; no step the documentation never asks for
    if topic in ORDER_TOPICS and not has_order_ref:
        asks = {
            "returns": "Could you send me your order number? I'll help you set up the return from there.",
            "refunds": "Could you send me your order number? I'll check where things stand and come back to you.",
            "exchanges": "Could you send me your order number and the size or colour you'd like? I'll set up the exchange and confirm it.",
            "shipping": "Could you send me your order number? I'll check exactly where your parcel is.",
            "lost_damaged": "Could you send me your order number and, if you can, a photo of what arrived? I'll take care of it from there.",
            "parcel_trace": "Could you send me your order number? I'll check the tracking with the carrier and come back to you with what happens next.",
            "order_changes": "Could you send me your order number? I'll check what can still be changed.",
            "billing": "Could you send me the order number the charge relates to? I'll look into it straight away.",
            "warranty": "Could you send me your order number and a photo or short video of the problem? I'll review it from there.",
            "price_adjustment": "Could you send me your order number and a link to the lower price? I'll check it for you.",
        }
        return [asks[topic]], "order number"
    on_o = f" for {o}" if o else ""
    steps = {
        "returns": [f"I'll help you set up the return{on_o} as soon as you tell me you'd like to go ahead."],
        "refunds": [f"I'll check where things stand with {o or 'your order'} on our side and update you {soon}."],
        "exchanges": [f"I'll set up the exchange{on_o} and confirm it as soon as you tell me which size or colour you'd like."],
        "shipping": [f"I'll check the latest tracking{on_o} and update you {soon}."],
        "lost_damaged": [f"Could you reply with a photo of what arrived? I'll take care of {o or 'it'} from there."],
        "parcel_trace": [f"I'll check the tracking{on_o} with the carrier and come back to you {soon} with what happens next."],
        "order_changes": [f"I'll look at {o or 'your order'} {soon} and confirm what can still be changed."],
        "billing": [f"I'll check the billing details for {o or 'your account'} and confirm exactly what I find."],
        "payments": ["I'm happy to help with anything else about paying for your order."],
        "payment_failed": ["I'll look into it with you if the payment still doesn't go through."],
        "price_adjustment": [f"Could you send me a link to the lower price? I'll check it against {o or 'your order'} for you."],
        "promotions_gift_cards": ["I'll look into it for you if anything still doesn't look right — just let me know."],
        "membership": ["I'll help with any changes to your membership — just let me know."],
        "warranty": [f"Could you send me a photo or short video of the problem? I'll review it and take care of the claim{on_o}."],
        "product_care": ["I'm happy to help if you have any other questions about caring for it."],
        "sizing": ["I'll help you pick the right size if you tell me your usual size and the item you're looking at."],
        # (not urgent: the answer is what they can do themselves, so the follow-up is offered, not promised)
        "account_security": [f"I'll review your account's recent activity with our security team and get back to you {soon}."
                             if urgent else "If it still doesn't work after that, let me know and I'll look into it with you."],
        "privacy": ["I'll pass your request to our privacy team as soon as you confirm you'd like to go ahead."],
        "loyalty": ["If anything still looks wrong with your points, let me know and I'll check your balance."],
        "international": ["I'll confirm the shipping options for you once you let me know where you'd like it sent."],
        "accessibility": ["I'll make sure it's arranged — just let me know what would help most."],
    }
    # a topic without a step of its own gets none: the closing already invites the customer's next question
    return steps.get(topic, []), None


def closed_window_step(order_label: str | None) -> list[str]:
    """After telling the customer a window has closed: what the agent can still do, promising nothing."""
    o = order_label or "your order"
    return [f"If you'd like, I can check with the team whether anything else can be done for {o}.",
            f"Just let me know if you'd like me to check whether any other option applies to {o}."]


_ASK = re.compile(r"^Could you (send me|reply with) (.+?)\? (I'll .+)$")


def as_offer(step: str) -> str:
    """"Could you send me your order number? I'll check it." -> "If you send me your order number, I'll check it."

    After a reply that already answers the question, asking for details back reads as holding the answer
    hostage; offering the follow-up does not."""
    m = _ASK.match(step)
    if not m:
        return step
    return f"If you {m.group(1)} {m.group(2)}, {m.group(3)}"


def gratitude_next_step() -> list[str]:
    return ["I'll make sure the team hears your kind words.", "I'll pass this on to the team — they'll be thrilled."]


def unanswered_sentence() -> list[str]:
    """When no source answers the question: say the agent will check, never guess."""
    return [
        "I want to make sure I give you the right answer on this, so I'm checking with the team and will come back to you.",
        "Let me check this with the team so I can give you an accurate answer — I'll come back to you shortly.",
    ]


# Partial, hand-over and decline sentences say what the agent does (first person, "I'm checking...", "I've
# passed..."): they state no policy, so they carry no facts to check.
def partial_sentence(about: str | None, *, whole: bool = False) -> list[str]:
    """After answering what the sources cover: say plainly what they do not, and that the agent follows up
    (``whole``: what was found is related, but does not answer the question itself)."""
    if not about and whole:
        return ["What I found is related, but our information doesn't answer your question exactly, so I'm checking "
                "it with the team and will follow up with you.",
                "Our information doesn't answer your exact question; I'm checking it with the team and will get back "
                "to you."]
    if not about:
        return ["Our information doesn't cover the rest of your question, so I'm checking that with the team and will "
                "follow up with you.",
                "I couldn't confirm the rest of your question from our information; I'm checking it with the team and "
                "will get back to you."]
    return [f"Our information doesn't cover {about}, so I'm checking that with the team and will follow up with you.",
            f"I couldn't find anything in our information about {about}; I'm checking it with the team and will get "
            "back to you."]


# an ask for tax advice about what they paid us: "can I write it off against tax?", "is it tax-deductible?"
TAX_ADVICE = re.compile(r"\b(?:deduct(?:ible|ed)?|tax[- ]deductible|write (?:it|this|that) off|claim (?:it|this|that|them) "
                        r"(?:on|against|back on) (?:my |our )?tax(?:es)?|(?:business|tax) expenses?|tax relief|"
                        r"reclaim (?:the )?(?:vat|gst))\b", re.I)


def tax_advice_sentence() -> list[str]:
    """For an ask of tax advice the documentation cannot answer: said honestly to be someone else's to give, not
    promised as a follow-up that will never come."""
    return ["I'm unable to give tax advice, so whether you can claim it is best checked with your accountant or tax "
            "adviser.",
            "Our information doesn't cover tax, and we can't give tax advice: whether you can claim it is a question for "
            "your accountant or tax adviser."]


def handover_sentences(reason: str, *, urgent: bool) -> list[str]:
    """What happens when a person must take the case over; worded for why."""
    # no time is promised: when a colleague can reply is not in any source ("today" read as an unbacked promise)
    soon = "as a priority" if urgent else "as soon as possible"
    r = reason.lower()
    if "manager" in r:
        return [f"I've passed your case to my manager, who will review it and contact you {soon}.",
                f"I'm passing your case to a manager now; they'll review everything and get back to you {soon}."]
    if "legal" in r:
        return [f"I've passed your case to a senior colleague, who will review it and contact you {soon}.",
                f"I'm passing your case to a senior member of the team, who will review it and reply {soon}."]
    if "safety" in r:
        return [f"I've passed this straight to a specialist colleague, who will contact you {soon}.",
                f"I'm escalating this to a specialist colleague now, who will contact you {soon}."]
    if "before" in r:
        return [f"I've passed your case to a senior colleague who will see it through, and they will contact you {soon}.",
                f"I'm passing your case to a senior colleague who will see it through; they'll contact you {soon}."]
    if "authorise" in r:
        return [f"I've passed this to our security team, who will investigate and contact you {soon}.",
                f"I'm passing this to our security team now; they will investigate and get back to you {soon}."]
    if "compensation" in r:
        return [f"I've passed your request to a senior colleague who can review it, and they will get back to you {soon}.",
                f"I'm passing your request to a senior colleague, who will review it and get back to you {soon}."]
    if "accessibility" in r:
        return [f"I've passed this to the team responsible so it can be fixed, and I'll get back to you {soon}.",
                f"I'm reporting this to the team responsible now, and I'll come back to you {soon}."]
    if "press" in r or "media" in r:
        return [f"I've passed your enquiry to the colleagues who handle media requests, and they will get back to you {soon}.",
                f"I'm passing your request to the colleagues who handle media enquiries; they'll reply to you {soon}."]
    if "instruct" in r:
        return ["I've passed your message to a colleague, who will review your request and reply to you.",
                "I'm passing your request to a colleague, who will review it and get back to you."]
    if "bereavement" in r or "struggling" in r:  # a person takes care of it all: nothing to "check" or "guess"
        return [f"I've passed this to a colleague who will take care of everything for you, and they will contact "
                f"you {soon}.",
                f"I'm passing this to a colleague who will look after it all for you; they'll be in touch {soon}."]
    if "escalation rule" in r:
        return [f"I've passed your case to the team that handles these cases, and they will contact you {soon}.",
                f"I'm passing this to the team that handles these cases; they'll contact you {soon}."]
    # the sources do not answer: the agent finds out
    return ["I'm checking this with the team, as I don't have a confirmed answer in our information, and I'll come "
            "back to you with one.",
            "I'll check this with the team and get back to you, as I don't want to guess on it."]


def third_party_sentences() -> list[str]:
    """A request to change or share another person's account details: what we can do, and that nothing is done or
    confirmed here (the person who takes the case tells them what the account holder can do)."""
    return ["I can't make changes to an account, or share or confirm any of its details, for anyone but the account "
            "holder: that keeps every account safe.",
            "I can't change, share or confirm any account details at anyone's request but the account holder's own, as "
            "that keeps every account safe."]


def rule_handover_sentences(team: str | None, when: str | None, *, urgent: bool) -> list[str]:
    """A hand-over the company's escalation rule covers: who takes the case and by when, as the rule states them
    (and nothing else of the rule: its condition is the agent's business)."""
    who = team or "the team that handles these cases"
    if when == "immediately":
        return [f"I'm alerting {who} now, and they will get in touch with you as a priority.",
                f"I'm passing this to {who} right now, and they will contact you as a priority."]
    if urgent and when and re.match(r"within \S+ (?:minutes?|hours?)$", when):  # a danger: acted on now, with the time
        return [f"I'm alerting {who} now, and they will get in touch with you {when}.",
                f"I'm passing this to {who} right now, and they will contact you {when}."]
    if when == "today":
        return [f"I've passed your case to {who} as urgent, and they will contact you today.",
                f"I'm passing your case to {who} as urgent; they will contact you today."]
    if when:
        return [f"I've passed your case to {who}, who will reply to you {when}.",
                f"I'm passing your case to {who}, and they will reply to you {when}."]
    soon = "as a priority" if urgent else "as soon as possible"
    return [f"I've passed your case to {who}, who will review it and contact you {soon}.",
            f"I'm passing your case to {who}; they will review it and contact you {soon}."]


def urgent_acknowledgement() -> list[str]:
    """An urgent case a specialist takes (a takeover, a dependent person without a lifeline): it is acted on now."""
    return ["I'm sorry this has happened — I understand it's urgent, and I'm acting on it straight away.",
            "I'm really sorry to hear this; I understand how urgent it is, so I'm acting on it right away."]


def thanks_beside_request() -> list[str]:
    """Kind words in a message that asks for something else (a refund, an ending): a short thanks, then the answer."""
    return ["Thank you for your kind words.", "Thanks for the kind words — they're much appreciated."]


def unconfirmed_charge_acknowledgement() -> list[str]:
    """A charge the customer questions, before we know what it is: sorry for the worry, no admission of a mistake."""
    return ["I'm sorry for the worry this has caused — let's get to the bottom of it straight away.",
            "I'm sorry for the worry — let's find out exactly what this is."]


def legal_acknowledgement(problem: str | None) -> list[str]:
    """A customer who speaks of legal action: sorry for what happened to them, with nothing that admits fault or
    promises an outcome ("it's on us to put it right" is for the team reviewing the case to say)."""
    if problem:
        return [f"I'm sorry that {problem}, and I understand why you're upset.",
                f"I'm sorry that {problem} — I can understand why you're upset."]
    return ["I'm sorry to hear about this, and I understand why you're upset.",
            "I'm sorry to hear what has happened, and I can understand why you're upset."]


def struggling_acknowledgement() -> list[str]:
    """A customer who says they are struggling (distress, hardship): care for the person first, and the reassurance
    that they need not carry it alone; no "let's get it sorted" as if it were a fault to fix."""
    return ["I'm really sorry you're going through all of this, and thank you for telling us — you don't have to sort "
            "it out on your own.",
            "I'm so sorry things are this hard at the moment, and thank you for letting us know — we'll help you "
            "with this."]


def urgent_care_acknowledgement(problem: str | None) -> list[str]:
    """Someone at risk at home without heat, power or water: the worry met first, and the case said to be urgent."""
    if problem:
        return [f"I'm so sorry that {problem} — I know how worrying that is, and we're treating it as urgent.",
                f"I'm really sorry that {problem}; I understand how worrying this is, and we're treating it as urgent."]
    return ["I'm so sorry — I know how worrying this is, and we're treating it as urgent.",
            "I'm really sorry to hear this; I understand how worrying it is, and we're treating it as urgent."]


def gentle_acknowledgement(problem: str | None) -> list[str]:
    """An older customer, or one who says technology is hard for them: a warm, plain opening that promises a simple
    explanation (never "use the app")."""
    if problem:
        return [f"I'm sorry that {problem} — don't worry, I'll explain simply what happens now.",
                f"Thank you for letting us know that {problem}; don't worry, I'll keep this simple."]
    return ["Thank you for getting in touch — don't worry, I'll explain it simply.",
            "Thanks so much for writing to us; don't worry, I'll keep this simple."]


def safety_acknowledgement() -> list[str]:
    """A safety risk or an emergency: concern for the people first, not for the inconvenience."""
    return ["I'm so sorry this has happened, and I hope everyone is safe.",
            "I'm really sorry to hear this — your safety and everyone's with you comes first."]


def _plural(noun: str) -> str:
    if re.search(r"(?:s|x|z|ch|sh)$", noun):
        return noun + "es"
    return noun[:-1] + "ies" if re.search(r"[^aeiou]y$", noun) else noun + "s"


def decline_sentences(company: str | None, reason: str = "") -> list[str]:
    """A request outside what customer care does: said kindly, with no policy text (and no company name guessed:
    ``company`` None speaks for "us"); a recommendation asked for is named as the kind of thing it is ("hotels")."""
    ours = (f"{company}'" if company.endswith("s") else f"{company}'s") if company else "our"
    asked = re.match(r"the customer asks us to recommend an? ([a-z]+)\b", reason)
    if asked:
        kinds = _plural(asked.group(1))
        return [f"I'm sorry, recommending {kinds} isn't something I can help with here, as I look after your account "
                f"and {ours} products and services. I'll gladly help with anything about those.",
                f"I'm afraid I can't recommend {kinds}, as that's outside what I look after here: your account and "
                f"{ours} products and services. I'll gladly help with anything about those."]
    others = re.match(r"the customer asks about an? (.+?) from (.+?), not a charge of ours$", reason)
    if others:
        charge, issuer = others.groups()
        return [f"I'm sorry, a {charge} from {issuer} isn't something we can appeal or cancel for you, as it isn't one "
                f"of ours. The details on the notice, or {issuer} itself, will tell you how to challenge it. I'll gladly "
                "help with anything about your account.",
                f"I'm afraid we can't appeal or cancel a {charge} from {issuer}, as it's not one of ours: the notice "
                f"should say how to challenge it with {issuer}. I'll gladly help with anything about your account."]
    return [f"I'm sorry, I can only help with questions about your account and {ours} products and services here. "
            "I'll gladly help with any of those.",
            f"I'm sorry, that's outside what I can help with here. I'll gladly help with anything about your account "
            f"or {ours} products and services."]


def refusal_leads() -> list[str]:
    """Before the pages' own words that we do not do what is asked ("We only hire out bikes. Please book ...")."""
    return ["I'm sorry, that isn't something we can help with.", "I'm sorry, that's not something we can do for you."]


def chat_closing() -> list[str]:
    return ["Anything else I can help with?", "Is there anything else I can do for you?"]


def email_closing(style: str, *, gratitude: bool = False) -> list[str]:
    if style == "formal":
        return ["Please do not hesitate to contact us if you have any further questions."]
    if style == "brief":
        return []
    if gratitude:
        return ["Thanks again for writing to us."]
    return ["If you have any other questions, just reply to this email.", "Just reply to this email if anything is unclear."]


def social_invite(known: bool = False) -> list[str]:
    """The move to a private channel; ``known``: their profile already shows their orders, so none is asked for."""
    if known:
        return ["Send us a DM and we'll look into it for you there.",
                "Feel free to send us a DM and we'll take it from there."]
    return ["We'll look into it as soon as you send us a DM with your order number.",
            "Feel free to send us a DM with your order details and we'll take it from there."]


def social_followup() -> list[str]:
    """After answering a general question in public: an open door, not a request for order details."""
    return ["Hope that helps!", "Let us know if there's anything else we can help with."]


def warm_extra() -> list[str]:
    return ["Thank you for your patience while we sort this out.", "I appreciate you bearing with us."]


_CONTRACTIONS = [
    (r"\bI'm\b", "I am"), (r"\byou're\b", "you are"), (r"\bwe're\b", "we are"), (r"\bthat's\b", "that is"),
    (r"\bit's\b", "it is"), (r"\bhere's\b", "here is"), (r"\bwhat's\b", "what is"), (r"\blet's\b", "let us"),
    (r"\bdon't\b", "do not"), (r"\bdoesn't\b", "does not"), (r"\bdidn't\b", "did not"), (r"\bcan't\b", "cannot"),
    (r"\bwon't\b", "will not"), (r"\bisn't\b", "is not"), (r"\baren't\b", "are not"), (r"\bwasn't\b", "was not"),
    (r"\bhasn't\b", "has not"), (r"\bhaven't\b", "have not"), (r"\bshouldn't\b", "should not"), (r"\bI'll\b", "I will"),
    (r"\byou'll\b", "you will"), (r"\bwe'll\b", "we will"), (r"\bthey'll\b", "they will"), (r"\bI've\b", "I have"),
    (r"\byou've\b", "you have"), (r"\bwe've\b", "we have"), (r"\bI'd\b", "I would"), (r"\byou'd\b", "you would"),
    (r"\banything's\b", "anything is"), (r"\bthere's\b", "there is"), (r"\bthey're\b", "they are"),
]
_FORMAL_WORDS = [(r"\bI'm happy to help\b", "I will gladly help"),
                 (r"\bI'm happy to clear this up\b", "I will gladly help clear this up"),
                 (r"\bI'm happy to (?:clear up|explain|walk you through)\b", "I will gladly help explain"),
                 (r"\bIt's frustrating that\b", "I understand how frustrating it is that"),(r"\bHappy to\b", "I would be glad to"), (r"\bjust\s+", ""), (r"\bsorted\b", "resolved"),
                 (r"\bthe hassle\b", "the inconvenience"), (r"\bsend it over\b", "send it to us"),
                 (r"\bDrop us\b", "Please send us"), (r"\bparcel\b", "package"), (r"\bright away\b", "promptly")]


def _keep_case(repl: str) -> Callable[[re.Match[str]], str]:
    """A replacement that keeps the matched word's capital initial ("Can't" -> "Cannot")."""
    return lambda m: repl[0].upper() + repl[1:] if m.group(0)[0].isupper() else repl


def formalise(sentence: str) -> str:
    """No contractions or chatty words, for a formal brand voice."""
    s = sentence
    for pattern, repl in _FORMAL_WORDS:
        s = re.sub(pattern, repl, s)
    for pattern, repl in _CONTRACTIONS:
        s = re.sub(pattern, _keep_case(repl), s, flags=re.I)
    return s[0].upper() + s[1:] if s else s


# a feeling said in words: worry ("I'm worried", "urgent"), frustration ("fed up", "a nightmare", "again")
_FEELING_WORDS = {
    "anxiety": re.compile(r"\b(?:worr\w*|anxious\w*|nervous\w*|concern\w*|scared|afraid(?! (?:i|we|that|so|not|it|you|this|there)\b)|fear\w*|panic\w*|stress\w*|"
                          r"urgent\w*|desperate\w*|upset\w*|distress\w*|freak\w*)\b|!!", re.I),
    # confusion said in words ("I don't understand", "makes no sense", "whatever that means"), not a question's marks
    "confusion": re.compile(r"\b(?:confus\w*|puzzl\w*|baffl\w*|don'?t (?:get|understand)|do not understand|"
                            r"(?:makes?|making) no sense|(?:doesn'?t|does not) make (?:any )?sense|unclear|not clear|"
                            r"not sure|no idea|what (?:does|do) (?:that|this|it) (?:even |actually )?mean|"
                            r"whatever (?:that|this) means|can you explain|i thought|am i missing something|or not|"
                            r"can'?t (?:find|figure out|work out)|supposed to)\b|\b(?:why|how come)\b[^.!?]*\?{2,}",
                            re.I),
    "frustration": re.compile(r"\b(?:frustrat\w*|annoy\w*|fed up|sick of|tired of|hassle|nightmare|ridiculous|joke|"
                              r"useless|unacceptable|disappoint\w*|(?:not working|broken|wrong|happened) again|"
                              r"waste\w*|for ages|forever|not happy|unhappy|fuming|livid|angry|furious)\b|!!|\?\?",
                              re.I),
}


def states_feeling(emotion: str, message: str) -> bool:
    """The message says the feeling the analysis read, in words or marks, not in tone alone."""
    cue = _FEELING_WORDS.get(emotion)
    # (praise said of a failure, or sarcasm, says the frustration as plainly as the word: "Arrived at 2.10pm. Fantastic.")
    return cue is None or bool(cue.search(message)) or (emotion == "frustration" and sarcastic(message))


_PHOTO = re.compile(r"\b(?:photos?|photograph\w*|pictures?|images?|videos?|pics?)\b", re.I)


def asks_for_photos(texts: Iterable[str]) -> bool:
    """Whether the documentation speaks of photos or videos (of damage, of a fault): only then may a next step ask
    the customer for one."""
    return any(_PHOTO.search(t) for t in texts)
