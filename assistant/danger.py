"""A danger to a person told in words no fixed list holds, and the hand-over rows that only such a case may take.

``behaviour._SAFETY`` names the plain cases (fire, smoke, a gas smell, an injury). A vehicle or a machine failing
while someone relies on it ("the front brake has gone spongy ... and my son is on the back"), a vehicle or a
driver that hit or nearly hit someone, a threat: these read as a danger by meaning. A sentence that names such a
hazard (``HAZARD``) counts when it is also close, by the embedder, to one of a few general descriptions of danger to
a person (``DANGER_CASES``): "the brake pads wore out" or "a parcel left in a safe place" do not.

The same precision holds for the company's own hand-over rows: a row for a safety risk ("a fault that makes the scooter
unsafe to ride ... warning lights") fits only a message that reports a danger (a breakdown days ago, already
recovered, is a complaint about the service); a row for fraud signs fits only a message that says something was
done without the customer, or asks for someone else ("I have never hired a scooter from you", "it's for my nephew"), not
every request to change a booking.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

Similarity = Callable[[Sequence[str]], Sequence[float]]

# a hazard named in the customer's words: a vehicle's controls failing, a collision or someone hit, a threat, a
# thing said to be unsafe, a reaction to something eaten or touched
_PEOPLE = (r"(?:me|us|him|her|them|someone|somebody|a (?:child|kid|boy|girl|man|woman|person|pedestrian|cyclist)|"
           r"(?:my|our|his|her|their) (?:\w+ )?(?:child|children|kids?|son|daughter|baby|toddler|dad|father|mum|mom|"
           r"mother|husband|wife|partner|dog|cat|neighbou?r|friend)(?:'s \w+)?)")
HAZARD = re.compile(
    r"\b(?:brakes?|braking|steering|tyres?|tires?|wheels?|accelerator|throttle|airbags?|seat ?belts?|headlights?)\b"
    r"[^.?!]{0,30}?\b(?:fail\w*|gone|went|soft|spongy|locked|lock(?:ing)? up|not working|stopped working|"
    r"(?:won'?t|don'?t|doesn'?t|isn'?t|aren'?t) (?:work\w*|respond\w*|stop\w*)|grind\w*|came off|fell off|blew|"
    r"burst|loose|wobbl\w*|pull(?:s|ing)? (?:hard )?to|(?:hanging|coming|falling) (?:off|loose))\b|"
    # a crash the customer or theirs was in, not one they sat behind in traffic ("there was a crash on the highway")
    r"\b(?:blow-?out|lost control|skid\w*|(?:crash(?:ed)?|collided)\s+(?:into|with)|"
    r"(?:we|i|he|she|they|it)\s+(?:just\s+|have\s+|had\s+)?(?:crashed|collided)|"
    r"(?:had|was in|were in|been in|involved in)\s+an?\s+(?:\w+\s+)?(?:crash|collision)|"
    r"(?:hit|struck|reversed into|drove into|ran into|knocked (?:down|over)|ran over|run over|nearly hit|almost hit)"
    rf"\s+(?:\w+\s+){{0,2}}?{_PEOPLE}|"
    r"threaten\w*|aggressive\w*|assault\w*|attacked|intimidat\w*|(?:shouted|swore|screamed) at (?:me|us|my)|"
    # harassment of a person: unwanted touching, being followed, indecent exposure
    r"(?:touch\w*|grop\w*|grabb?\w*|rubb\w*|strok\w*)\s+(?:me|her|him|us|my\s+(?:\w+\s+)?(?:leg|legs|thigh|arm|"
    r"knee|bum|backside|chest|body|hair|waist|neck|shoulder|daughter|son|child))|"
    r"follow(?:ed|ing)\s+(?:me|us|her|him)\b|harass\w*|stalk\w*|exposed (?:him|her)self|"
    # a hand put on someone ("keeps putting his hand on my arm"), remarks on a body or clothes
    r"(?:put|puts|putting|placed|placing|rested|resting|kept)\s+(?:putting\s+)?(?:his|her|their)\s+hands?\s+on\s+"
    r"(?:my|her|his|our)\s+(?:\w+\s+)?(?:knees?|legs?|thighs?|arms?|shoulders?|back|waist|hands?|hair|bum|chest)|"
    r"comments?\s+about\s+(?:what\s+(?:she|i|he|we)\s+(?:was|were|is)\s+wearing|(?:her|my|his)\s+(?:body|looks|"
    r"appearance|figure|clothes))|inappropriate(?:ly)?\s+(?:comments?|touch\w*|messages?|behaviou?r|remarks?)|"
    # an adult privately messaging a child and asking for secrecy
    # ("texting my 12 year old son on Snapchat at midnight")
    r"(?:messag\w*|text\w*|dm\w*|contact\w*)\s+(?:her|him|my\s+(?:[\w-]+\s+){0,3}?(?:daughter|son|child|kid|teen\w*))\s+"
    r"(?:\w+\s+)?(?:on|via|through)\s+"
    r"(?:instagram|snapchat|whatsapp|tiktok|facebook|social media|messenger)|asking\s+(?:her|him|them)\s+not\s+to\s+"
    r"(?:tell|mention)|"
    r"(?:felt|feel|feeling)\s+(?:really\s+|so\s+|very\s+)?(?:unsafe|threatened|frightened|scared for)|"
    r"unsafe|(?:not|isn'?t|wasn'?t) safe to (?:drive|use|ride)|dangerous\w*|"
    r"anaphyla\w*|epi-?pen|(?:can'?t|cannot|couldn'?t|struggling to) breathe|rash all over|"
    # skin or a mouth that met a product: "now it's red and stinging", "is it toxic??", "he swallowed some"
    # (blisters alone are a shoe's rub, no danger)
    r"(?:red|sore|raw)\s+and\s+(?:stinging|burning|blistering|itching)|chemical burn\w*|"
    # a hot surface touched and someone hurt by it, or a burn or blister on a hand, arm or face (a blister on a heel is
    # a shoe's rub; "touched the heater and it was cold" hurt no one)
    r"(?:touch\w*|grabb?\w*|leant on|leaned on)\s+(?:the\s+|a\s+|our\s+)?(?:\w+\s+)?(?:heaters?|radiators?|hobs?|stoves?|ovens?|cookers?|irons?|kettles?|"
    r"fireplaces?|grills?|barbecues?|bbqs?|hot pipes?|hot tap)\b[^.?!]{0,80}?\b(?:burn\w*|blister\w*|scald\w*|"
    r"sore|hurt\w*|crying|cried|scream\w*|cold water)\b|"
    r"(?:burns?|blisters?|scalds?)\s+on\s+(?:his|her|my|their|our|the)\s+(?:\w+\s+)?(?:palms?|hands?|fingers?|arms?|"
    r"wrists?|face|cheek|lips?)\b|"
    # sick after something of ours (the embedder tells it from a child off sick with a bug)
    r"(?:thrown up|throwing up|vomit\w*|a rash|red rash|fainted|passed out)\b|"
    r"(?:swallowed|drank|ingested|licked)\s+(?:some|it|the)\b|is (?:it|that|this) (?:toxic|poisonous)|"
    r"stranded|stuck (?:on|at the side of) (?:the|a) (?:road|motorway|highway))\b", re.I)

# what a danger to a person is, in general words: the embedder compares each sentence of the message with these
DANGER_CASES = (
    "The brakes are failing while I am driving on the road.",
    "The car is not safe to drive and we are stuck on the road.",
    "Someone was hurt or injured.",
    "A vehicle hit or nearly hit a child.",
    "The driver was aggressive and threatening.",
    "There is smoke or fire.",
    "I can smell gas.",
    "It sparked and gave an electric shock.",
    "I had an allergic reaction.",
    "My child touched a chemical and her skin is burning.",
    "I am in danger and feel unsafe.",
    "A stranger touched me without my consent and followed me.",
    "A member of staff touched someone inappropriately or made comments about their body or clothes.",
    "A staff member is privately messaging a child and asking them to keep it secret.",
)
# cosine (bundled embedder) of a sentence naming a hazard to the nearest case, at or above which it reports a danger.
# Measured on six development sets and the suites: the dangers 0.42-0.68 (soft brakes on a motorway 0.42, a van that
# hit a child's bike and drove off 0.68); hazard words in no danger ("is that van driver always that aggressive
# about parking?") below 0.38.
DANGER_MIN = 0.40


# what to do in an emergency, as a help centre writes it: call the emergency number, leave the building, keep the
# appliance shut ("Switch off the heater at the wall, leave the room, shut the door and call 999")
_EMERGENCY_STEP = re.compile(r"\bcall\s+(?:110|111|112|113|999|911|000|the (?:fire|emergency|police)\b)|"
                             r"\b(?:leave|evacuate|get (?:everyone )?out of) (?:the )?(?:room|building|house|home|"
                             r"premises|property)\b|\bdo not (?:open|touch|re-?enter)\b[^.]{0,40}\b(?:door|boiler|"
                             r"appliance|switch|socket|heater|stove)\b|\bdo not go back (?:in|inside)\b|"
                             r"\bthe fire (?:service|brigade|department)\b|\bdo not use (?:open )?flames?\b", re.I)


def emergency_step(sentence: str) -> bool:
    """Whether a source sentence is a step for an emergency (see ``_EMERGENCY_STEP``): it serves only a customer who
    reports a danger, never one who thanks us for a repair."""
    return bool(_EMERGENCY_STEP.search(sentence))


def hazard_sentences(message: str) -> list[str]:
    """The sentences of the message that name a hazard (``HAZARD``), for the embedder to confirm."""
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", message) if HAZARD.search(s)]


def reports_danger(message: str, meaning: Similarity | None) -> bool:
    """Whether the message reports a danger to a person that ``HAZARD`` names and the embedder confirms
    (``meaning``: the best cosine of a message sentence to each of some texts)."""
    if meaning is None or not hazard_sentences(message):
        return False
    return max(meaning(DANGER_CASES), default=0.0) >= DANGER_MIN


# a hand-over row for a danger to people, in the company's words ("Safety risk now", "Product safety: overheating")
SAFETY_ROW = re.compile(r"\b(?:safety|unsafe|danger\w*|hazard\w*|injur\w*|emergenc\w*|safeguard\w*)\b", re.I)
# ... and a row for fraud signs
FRAUD_ROW = re.compile(r"\b(?:fraud\w*|scam\w*|takeover|suspicious|unauthori[sz]ed|(?:not|n'?t) recogni[sz]e)\b", re.I)
# the customer says it was done without them, or acts for someone else: "I have never hired a scooter from you", "I
# didn't ask for any transfer code", "someone else", "it's for my nephew", "put her pass on my card instead"
NOT_THEIR_DOING = re.compile(
    r"\bnever\s+(?:\w+\s+){0,2}?(?:been|placed|ordered|made|rented|booked|hired|bought|purchased|signed|joined|"
    r"authori[sz]ed|agreed|asked|requested|used|opened|had)\b|"
    r"\b(?:did ?n[o']?t|didnt|do ?n[o']?t|dont|have ?n[o']?t)\s+(?:\w+\s+)?(?:ask|make|place|book|order|authori[sz]e|"
    r"request|sign|agree|buy|rent|hire|join|recogni[sz]e|open)\w*\b|"
    r"\bnot (?:me|mine)\b|\bsomeone (?:else|has|had|is|was|used|took|changed|got|ordered|booked|opened)\b|"
    r"\b(?:hacked|stolen|in my name)\b|"
    r"\b(?:for|on behalf of)\s+my\s+(?:\w+\s+)?(?:aunt|auntie|uncle|cousin|friend|neighbou?r|mum|mom|mother|dad|"
    r"father|gran\w*|nan|brother|sister|son|daughter|niece|nephew|boss|colleague|partner)\b|"
    r"\b(?:its|it's|it is)\s+for\s+my\s+\w+|"
    # a device locked to someone else's account: "locked to the previous owner's account"
    r"\b(?:locked|stuck)\b[^.?!]{0,60}\b(?:some(?:one|body)(?: else)?|some other|another|other (?:guy|person|people)|"
    r"the seller|(?:the )?previous owner)(?:'?s)?\b[^.?!]{0,20}\b(?:account|id|apple id|google account|icloud|login)\b", re.I)


# A notice that the customer's own sign-in or contact details were changed ("got an email saying my email address was
# changed"): a sign of someone else in their account, unless they say they changed them themselves
_DETAILS_CHANGED = re.compile(
    r"\b(?:e-?mail(?: address)?|password|phone(?: number)?|mobile(?: number)?|(?:delivery |billing |home )?address|"
    r"(?:contact |login |account |bank |card )?details|pin|passcode|log-?in|sign-?in)\s+(?:\w+\s+)?(?:was|were|has been|"
    r"had been|have been|got|being)\s+(?:\w+\s+)?(?:changed|updated|reset|removed|switched)\b", re.I)
# someone else in the customer's account, said outright: "someone is in my account", "my account has been hacked"
_INTRUDER = re.compile(r"\b(?:some ?one|somebody|some(?:one|body) else|a stranger)\s+(?:is|was|has|had|'s|has been|got|"
                       r"has got|has gotten)\s+(?:\w+\s+)?(?:in|into|inside|access to|using|logged into)\s+my\s+account\b|"
                       r"\bmy\s+account\s+(?:has been|was|got|is|has)\s+(?:been\s+)?(?:hacked|compromised|taken over)\b|"
                       r"\b(?:hacked|compromised)\s+my\s+account\b", re.I)
_CHANGED_BY_ME = re.compile(r"\b(?:i|i've|i have|we|we've)\s+(?:just\s+|recently\s+)?(?:changed|updated|reset|moved)\b", re.I)
# ... told to them by a notice, or shut them out, or they say it was not them ("my address was updated last week but
# the parcel went to the old one" is their own change)
_NOT_BY_ME = re.compile(r"\b(?:saying|says|said|notif\w*|alert\w*|(?:can'?t|cannot|can not|could ?n'?t|unable to) "
                        r"(?:log|sign|get) ?(?:in|into|back)|locked out|did ?n[o']?t (?:change|update|reset|do|ask)|"
                        r"was ?n[o']?t me|not me|have ?n[o']?t (?:touched|changed))\b", re.I)
# Someone acting on another person's account: another person named ("my ex's", "her account", "instead of hers"),
# a sign-in or contact detail or record to reset, change or send, and the customer as where it goes ("to me", "my
# email"): "can you reset her code and send it to me", "put my number on the account instead of his"
_OTHER_PERSON = re.compile(
    r"\b(?:my|our)\s+(?:ex|ex-\w+|wife|husband|partner|girlfriend|boyfriend|mum|mom|mother|dad|father|son|daughter|"
    r"brother|sister|friend|flatmate|housemate|neighbou?r|tenant|gran\w*|aunt\w*|uncle|cousin)(?:'s)?\b|"
    r"\b(?:her|his|their)\s+(?:account|pin|passcode|code|password|e-?mail|details|records?|card|login|number)\b|"
    r"\binstead of (?:hers|his|theirs)\b|\b(?:in|under) (?:her|his|their) name\b", re.I)
_ACCESS_ASKED = re.compile(
    r"\b(?:reset|change|switch|swap|update|put|add|replace|send|give|share|forward|email|tell)\s+(?:me\s+)?(?:\w+\s+){0,3}?"
    r"(?:pin|passcode|code|password|e-?mail|phone(?: number)?|number|details|records?|login|card|access)\b", re.I)
_TO_ME = re.compile(r"\b(?:to me|to mine|me (?:the|her|his|their)|my e-?mail|my (?:phone )?number|my details|"
                    r"instead of (?:hers|his|theirs))\b", re.I)
TAKEOVER_WHY = "the customer reports activity they did not authorise"
THIRD_PARTY_WHY = "someone asks us to change or share another person's account details"
# a hand-over row for either case, in the company's words: "Suspected takeover: login details altered that the
# member didn't make", "a caller who is not the account holder wants a code reset", "Requests to view or alter
# another customer's account or records"
ACCOUNT_ROW = re.compile(FRAUD_ROW.pattern + r"|\b(?:another|other) (?:person|people|customer|client|member)'?s?\b|"
                         r"\bsomeone else'?s\b|\b(?:is ?n[o']?t|not) the (?:account |card |policy )?holder\b|"
                         r"\bthird[- ]part(?:y|ies)\b|\b(?:customer|client|member|they) did ?n[o']?t make\b", re.I)


def account_misuse(message: str) -> str | None:
    """``TAKEOVER_WHY`` when the customer was told their own sign-in or contact details were changed (and does not
    say they changed them), ``THIRD_PARTY_WHY`` when they ask us to reset, change or send another person's codes,
    contact details or records to them; None otherwise. Either is a person's case: a reply never does what a third
    party asks, nor confirms anything of another person's account."""
    if _OTHER_PERSON.search(message) and _ACCESS_ASKED.search(message) and _TO_ME.search(message):
        return THIRD_PARTY_WHY
    if _DETAILS_CHANGED.search(message) and _NOT_BY_ME.search(message) and not _CHANGED_BY_ME.search(message):
        return TAKEOVER_WHY
    if _INTRUDER.search(message):
        return TAKEOVER_WHY
    return None


def row_fits(row: str, message: str, danger: bool) -> bool:
    """Whether a hand-over row may take the message: a safety row only a danger, a fraud row only a message that
    says something was done without the customer or for someone else."""
    if SAFETY_ROW.search(row) and not danger:
        return False
    if FRAUD_ROW.search(row) and not NOT_THEIR_DOING.search(message) and not account_misuse(message):
        return False
    return True
