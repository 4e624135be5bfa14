"""What a draft should do: answer, answer in part, ask one question, hand over to a person, or decline.

Decided before any text is written (so every backend gets the same decision on its ``DraftJob``) from the
message, the conversation, the retrieved evidence and the internal notes:

- ``handover``: the customer asks for a manager; a repeated contact; a legal threat; a safety risk; a
  security or fraud report; a demand for compensation (a person decides exceptions); an accessibility
  barrier; an attempt to instruct the assistant; or an internal note's escalation rule that fits the message.
- ``decline``: a request outside what a company's customer care does (no source is close and the request
  is a task for someone else: homework, tax forms, poems...).
- ``clarify``: the message does not say what it is about (a bare "it stopped working"), or it is about one
  of the customer's orders and nothing says which.
- ``answer`` otherwise; the composer turns it into ``partial`` (some asks not covered by the sources) or
  ``handover`` (nothing covered: the agent must find out) once it knows what the sources answer.

``certainty`` (0..1) says how sure the rule is; confidence uses it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from assistant.analysis import LEGAL_THREAT as _LEGAL
from assistant.asks import MessageParts
from assistant.danger import (ACCOUNT_ROW, SAFETY_ROW, TAKEOVER_WHY, account_misuse, emergency_step, hazard_sentences, reports_danger,
                              row_fits)
from assistant.ending_choice import ending_choice, tier_among
from assistant.price_choice import price_choice
from assistant.scope_refusals import Refusal, documented_refusal
from assistant.customer_facts import MONTH_NAMES, MONTH_PATTERN, elapsed_events, today
from assistant.grounding.words import STOPWORDS
from assistant.issue import BODY_PART, FIGURATIVE_DEATH
from assistant.issue import PET as _PET
from assistant.off_domain import asks_outside, clearly_outside, closeness, reads_as_ours
from assistant.handover_promises import number_to_give, promises, row_promises, untold_referral
from assistant.escalation import GENERIC_TEAM, EscalationRule, match_meaning, match_rule, public_name, situations
from assistant.personalisation import REFERENCE_TOKEN
from assistant.places import places_in
from assistant.types import Analysis, Behaviour, Order, Passage, Ticket
from knowledge_base.spelling import english_words

Similarity = Callable[[Sequence[str]], Sequence[float]]

# a request for a manager, not any mention of one ("a cover letter for a product manager job")
_MANAGER = re.compile(r"\b(?:want|need|demand|get|speak|speaking|talk|talking|put\s+me\s+through|transfer\s+me|escalat\w*|see|"
                      r"ask(?:ing)?\s+for|where(?:'s| is))\b[^.?!]{0,25}\b(?:manager|supervisor|team leader)s?\b|"
                      r"\b(?:manager|supervisor)s?\s+(?:now|please|asap|immediately|right now)\b|"
                      r"\b(?:someone (?:senior|in charge)|(?:a|your) boss|escalate (?:this|it|my)|"
                      r"(?:speak|talk) to (?:a )?(?:real |actual )?(?:human|person|someone else))\b", re.I)
_SAFETY = re.compile(r"\b(?:smok(?:e|ed|ing)|fire|flames?|caught fire|burn(?:t|ed|ing|s)?|scorch\w*|sparks?|sparking|"
                     # a reaction on the skin: "red itchy bumps all over his legs", "came out in hives", "welts"
                     r"(?:itchy|itching|raised|angry)\s+(?:red\s+)?(?:bumps|spots|blotches|welts|patches|lumps)\b|"
                     r"\bhives\b|\bwelts\b|"
                     # someone hurt: a wound on them, or something that came down on them ("she's got a cut and a
                     # lump", "his ladder came down on my son's head")
                     r"(?:she|he|they|(?:my|our) (?:son|daughter|child|kid|boy|girl|baby|toddler|dad|mum|mom|husband|"
                     r"wife|partner))(?:['’]s| has| have| had|['’]ve)?\s+(?:got\s+)?(?:a |some )?(?:nasty |big |deep |"
                     r"bad |huge |massive )?(?:cut|gash|lump|bump|bruise|graze|wound)s?\b(?!\s+(?:in|on)\s+(?:the|its)\b)|"
                     r"(?:hit|came down on|landed on|fell on|struck|smacked)\s+(?:my|her|his|their|our|me|him)\s+"
                     r"(?:[\w']+\s+){0,3}?(?:head|face|eye|arm|leg|hand|foot|back|shoulder)\b|"
                     # (a thing that sparked, not a talk someone sparked)
                     r"sparked(?!\s+(?:a|an|the|my|our|his|her|their|some|lots|interest|debate|conversations?)\b)|"
                     r"scald(?:ed|ing|s)?|"
                     # boiling water or oil that went over someone: a scald
                     r"(?:boiling|scalding)\s+(?:hot\s+)?(?:water|oil|milk|liquid)\s+(?:\w+\s+){0,3}?(?:on|over|onto)\s+"
                     r"(?:my|his|her|their|our|me|him)\b|"
                     r"electric shock|shocked me|electrocut\w*|injur\w*|hurt (?:me|my|him|her|his|them|their|our)|"
                     # someone taken into or lying in hospital reports harm; a hospital named otherwise is a place
                     # or evidence ("a hospital letter", "still being kept in at the other hospital" told in a complaint)
                     r"(?:taken|rushed|admitted|ended up)\s+(?:\w+\s+)?(?:to|in|into)\s+(?:the\s+|a\s+)?(?:\w+\s+)?"
                     r"hospital|(?:is|was|are|were|am|been|still|now)\s+in\s+(?:the\s+)?hospital|hospitali[sz]ed|choking|"
                     r"(?:fell|fallen) (?:down|over|on|off|from)|slipped (?:on|and|over)|tripped (?:on|over)|"
                     # ("buy some poison" is a product; being poisoned, or sick after something, is harm)
                     r"allergic reaction|explod\w*|melt(?:ed|ing)|overheat\w*|poison(?:ed|ing|ous)\b|"
                     # something swollen or too hot to touch: a fire risk or an injury (a puffed-up or bulging thing
                     # only where it is a battery or a powered device, below: a puffed-up jacket is no risk)
                     r"swollen|swelling|hot to (?:the )?touch|"
                     # someone hurt: taken to an emergency department, or in danger now
                     r"ambulance|paramedics?|emergency (?:room|department|services)|A ?& ?E|unconscious|bleeding|"
                     # a bite or a wound found on someone or a pet ("a puncture wound on his paw", "she was bitten")
                     r"(?:was|were|got|been|is|being)\s+bitten\b|\bbite (?:wounds?|marks?)\b|\bit'?s a bite\b|"
                     r"puncture wounds?|open wounds?|"
                     r"concussion|(?:is|are|was|were|got|been|badly|seriously) (?:hurt|injured|wounded)|"
                     # cold injury, or a doctor's word for harm done ("the GP thinks I got mildly hypothermic")
                     r"hypotherm\w*|frostbit\w*|heat ?stroke|(?:doctor|gp|nurse|medic)\s+(?:said|says|thinks|told me)\b[^.?!]{0,40}"
                     r"\b(?:injur\w*|hypotherm\w*|concuss\w*|fractur\w*|sprain\w*|burn\w*|poison\w*|infect\w*)|"
                     # a strain told the way people feel it, or treatment sought for it ("felt something snap in my
                     # knee", "pulled my hamstring", "booked a chiropractor")
                     r"(?:felt|heard) something (?:pop|snap|tear|rip|give)\b|(?:pulled|popped|tore|torn|strained|ricked|"
                     r"put out|wrenched) (?:my|his|her|their|our) (?:lower |upper )?(?:back|neck|shoulder|knee|hamstring|"
                     r"calf|groin|ankle|wrist|hip)\b|(?:seeing|saw|see|booked) (?:a |an |my )?(?:physio\w*|chiropractor|"
                     r"osteopath)\b|"
                     # a person bruised or struck by something of ours, or nearly killed ("it hit his arm, he's
                     # bruised"); bruised fruit is no person
                     r"\b(?:(?:she|he)(?:'s|s| is| was| got| has been)|i(?:'m| am| was| got)|(?:they|we)(?:'re| are| were|"
                     r" got| have been))\s+(?:\w+\s+)?bruised|could have (?:been )?killed|"
                     rf"(?:caught|hit|struck) (?:her|his|my|their|our) {BODY_PART}\b|"
                     # a bone broken or a joint sprained in the same sentence as something of ours ("the brake on one
                     # of your bikes failed and I fractured my wrist"); one broken skiing is the reason they can't come
                     rf"\byour\b[^.?!]{{0,160}}\b(?:broke|broken|fractured|sprained|dislocated) (?:my|his|her|their|our) "
                     rf"{BODY_PART}\b|\b(?:broke|broken|fractured|sprained|dislocated) (?:my|his|her|their|our) {BODY_PART}"
                     r"\b[^.?!]{0,80}\b(?:on|at|in|from|by|off) (?:one of )?your\b|"
                     # a gas leak, fumes, carbon monoxide, live wiring: a danger in the home now
                     r"smell(?:s|ing|ed|t)? (?:of )?gas|gas(?:sy)? (?:leak\w*|smell\w*|odou?r)|leak\w* gas|carbon monoxide|"
                     r"CO (?:alarm|detector)|fumes|(?:exposed|live|bare) wires?|"
                     # gas as people smell it: "a kind of rotten egg smell around the cooker"
                     r"rotten[- ]eggs?\s+(?:smell|odou?r)|smell\w*\s+(?:of\s+|like\s+)?rotten[- ]eggs?|sulph?ur(?:ous)?\s+smell|"
                     # a smell of fuel, chemicals or burning where people are ("a strong petrol/chemical smell")
                     r"(?:petrol|gasoline|fuel|chemical|burning)(?:\s*/\s*\w+)?\s+(?:smell|odou?r)|"
                     r"smell(?:s|ing|ed|t)?\s+(?:of\s+)?(?:petrol|gasoline|chemicals?|burning)|"
                     # a lithium battery or a powered device swelling, or hot while charging ("my power bank is like
                     # puffed up", "really hot when I unplugged it")
                     r"(?:batter(?:y|ies)|power ?banks?|chargers?|phones?|laptops?|tablets?|vapes?|e-?bikes?|scooters?)\b"
                     r"[^.?!]{0,30}\b(?:swoll\w*|swell\w*|puff(?:ed|ing|y)|bulg\w*|balloon\w*)|"
                     r"(?:swoll\w*|swelling|bulging|puffed[- ]up) batter(?:y|ies)|"
                     r"(?:really|very|too|so|extremely|super|scalding|burning) hot (?:when|while|after|as) (?:i |it )?"
                     r"(?:was |is )?(?:charg|plug|unplug|us)\w*)\b", re.I)
_SECURITY = re.compile(r"\b(?:did ?n[o']t (?:place|make|order|authori[sz]e|buy)(?! an? account)|never (?:placed|ordered|authori[sz]ed|made)|"
                       # "I have never hired a scooter from you in my life", "I've never had an account with you"
                       r"never (?:\w+ )?(?:rented|booked|hired|signed up|joined|been a (?:member|customer))\b[^.?!]{0,25}\b(?:you|your)|"
                       r"(?:do|does|did) ?n[o']?t recogni[sz]e (?:this|the|these|a|an|any|that)? ?(?:payments?|charges?|"
                       r"transactions?|bookings?|orders?|debits?)|"
                       r"unauthori[sz]ed|hacked|fraud\w*|someone (?:else )?(?:used|accessed|logged|got into)|"
                       # "has somebody got into my account?", "never heard of your company and never signed up for this"
                       r"(?:did|has|have) (?:some ?one|somebody) (?:\w+ )?(?:get|got|gotten|broken|break|hacked) (?:into|in) "
                       r"(?:my|our) account|never (?:even )?heard of (?:you|your company|this company)|"
                       r"never signed up (?:to|for) (?:anything|this|it|any\w*)|"
                       r"stolen (?:card|account|identity))\b", re.I)
# a refund asked to be paid somewhere other than where the money came from, a classic sign of fraud: "send my deposit
# refund to my nephew's account instead", "pay it to this new email instead of back to her debit card"
_ELSEWHERE_REFUND = re.compile(
    r"\b(?:refund|deposit|money|payment|balance)\b[^.?!]{0,80}\b(?:to|into)\s+(?:my|his|her|their)\s+(?:\w+\s+)?"
    r"(?:cousin|friend|brother|sister|wife|husband|partner|mother|father|mum|mom|dad|son|daughter|uncle|aunt|"
    r"colleague|boss|landlord)'?s\b[^.?!]{0,30}\b(?:account|card|bank|iban)\b|"
    r"\b(?:refund|deposit|money|payment)\b[^.?!]{0,120}\binstead of (?:back )?(?:to |into |on )?(?:his|her|my|their|the) "
    r"(?:original |own )?(?:card|credit card|debit card|account|bank account|payment method)\b|"
    # "pay the refund onto my own card instead": away from the card that paid
    r"\b(?:refund|deposit|money)\b[^.?!]{0,60}\b(?:to|into|onto)\s+(?:my|a|another|a different|a new)\s+(?:own\s+)?"
    r"(?:bank\s+)?(?:account|card)\s+instead\b", re.I)
# a death in the customer's family, or of the account holder: a specialist takes it whatever else is asked (a phone,
# a battery or a connection "died" too, so "died" counts only after a person)
_PERSON = (r"(?:dad|father|mum|mom|mother|husband|wife|partner|son|daughter|brother|sister|grand\w+|gran|nan|grandma|"
           r"grandad|uncle|aunt|auntie|friend|parents?|relative|spouse|fianc[eé]e?|account holder|baby|child|twins?)")
# (a pet's death, for a company that cares for animals, is the same hand-over, in the words owners use: "we had to
# put her to sleep", "we said goodbye to Biscuit at the weekend")
# ("Funeral Home" as an address is a place a delivery went, no death told)
_BEREAVEMENT = re.compile(rf"\b(?:passed away|passing of|bereave\w*|death (?:of|certificate)|deceased|"
                          rf"funeral(?!\s+(?:homes?|parlou?rs?|directors?['’]?s?)\b)|"
                          rf"(?:{_PERSON}|{_PET})(?:,? [A-Z][a-z]+(?: [A-Z][a-z]+)?,?)? (?:\w+ ){{0,2}}?died|"
                          rf"late (?:beloved |dear )?{_PERSON}|"
                          # ("lost our baby in the spring", never "lost my child's coat" or "our baby monitor")
                          rf"lost (?:my|our) (?:beloved |dear )?{_PERSON}(?=\s*(?:[.,;:!?)]|$)|\s+(?:last|this|"
                          rf"yesterday|on|in|at|to|recently|suddenly|and|earlier|after|during|before|when|over|just)\b)|"
                          rf"put (?:him|her|them|(?-i:[A-Z])\w+|(?:my|our) (?:\w+ )?{_PET}) to sleep|"
                          rf"had to put (?:him|her|(?-i:[A-Z])\w+|(?:my|our) (?:\w+ )?{_PET}) down|euthan[aio]\w*|"
                          rf"{_PET} (?:was|were|had to be|has been) put (?:to sleep|down)|"
                          # a pregnancy lost: "a miscarriage", "our son was stillborn"
                          rf"miscarri\w*|stillb\w+|"
                          rf"said (?:our |my )?(?:final |last )?goodbyes? to (?:(?-i:[A-Z])[a-z]+\b|(?:my|our) (?:\w+ )?"
                          rf"(?:{_PERSON}|{_PET}))|rainbow bridge)\b", re.I)
_BEREAVEMENT_WHY = "the customer reports a bereavement"
# a step for someone hurt or a vehicle unsafe: "seek medical help", "call 112", "do not drive the car"
_MEDICAL_STEP = re.compile(r"\b(?:seek|get)\s+(?:urgent\s+)?medical\b|\bdo not (?:drive|use) (?:the|your) (?:car|vehicle|bike)\b|"
                           r"\b(?:see|call|contact) (?:a|your) (?:doctor|gp|pharmacist)\b", re.I)
# A customer who says they are struggling: in distress ("I'm not coping", "my mental health"), at risk of harm, or in
# hardship that takes away what they live on ("made redundant", "can't afford to heat the house"). Said alone it is
# answered with care; where the company's notes have a hand-over row for vulnerable customers, that row takes it,
# before any row for how the case is going (a third contact, a complaint).
_DISTRESS = re.compile(r"\b(?:not coping|(?:can'?t|cannot|can ?not|struggling to) cope|end of my tether|(?:at|reached) "
                       r"(?:my )?breaking point|falling apart|mental health|suicid\w*|self[- ]harm\w*|"
                       r"(?:kill|hurt) myself|panic attacks?|(?:i'?m|i am|been) (?:so |really |very )?depressed|"
                       r"(?:feel|feeling|felt) (?:like )?(?:i'?m |i am )?(?:drowning|overwhelmed))\b", re.I)
_HARDSHIP = re.compile(r"\b(?:made redundant|lost (?:my|our) (?:job|jobs|income)|food ?banks?|"
                       r"(?:can'?t|cannot|can ?not) afford (?:to )?(?:eat|food|heat\w*|feed|(?:the |my |our )?rent)|"
                       r"behind (?:on|with) (?:my |the |our )?(?:rent|mortgage))\b", re.I)
# how a note's row names such a customer: "Vulnerable member", "Signs of vulnerability: ... severe financial
# hardship", "customer in crisis", "at risk of harm, mentions self-harm"
_VULNERABLE_ROW = re.compile(r"\b(?:vulnerab\w*|hardship|mental health|crisis|distress\w*|self-harm|at risk of harm|"
                             r"wellbeing|well-being)\b", re.I)


def says_struggling(message: str) -> bool:
    """The customer says they are struggling: in distress, or in hardship told by two signs ("made redundant",
    "behind on my rent"); hardship alone is a fact of their case ("made redundant, so can I claim?"); or someone at
    risk in their home is without heat, power or water (``at_risk_without_essentials``)."""
    return bool(_DISTRESS.search(message)) or len({m.group().lower() for m in _HARDSHIP.finditer(message)}) >= 2 or \
        at_risk_without_essentials(message)


# someone a cold or dark home puts at risk: a very old person ("my dad is 88", "a 90-year-old"), a baby, someone
# whose medical equipment needs power
_AT_RISK = re.compile(r"\b(?:is|he'?s|she'?s|aged|turned|turns)\s+(?:now\s+)?(?:7[5-9]|[89]\d|1[01]\d)\b(?!\s*(?:%|percent|"
                      r"minutes|mins|hours|days|weeks|months|kr|[£$€]))|\b(?:7[5-9]|[89]\d|1[01]\d)[- ]year[- ]old\b|"
                      r"\b(?:newborn|new-born|(?:our|my|a) (?:tiny |young |new )?baby|infant)\b|"
                      r"\b(?:oxygen (?:machine|concentrator)|dialysis|ventilator|stair ?lift|medical equipment)\b|"
                      r"\b(?:frail|elderly)\b", re.I)
# ... without what keeps them safe at home: heat, power or water gone, or the cold setting in
_WITHOUT_ESSENTIALS = re.compile(r"\b(?:no|without)\s+(?:any\s+)?(?:heat|heating|power|electricity|hot water|water)\b|"
                                 r"\b(?:heating|boiler|heat pump|furnace|power|electricity)\b[^.!?]{0,40}"
                                 r"\b(?:stopped|died|dead|gone|off|out|broken|failed|not working|cut)\b|"
                                 r"\b(?:freezing|getting cold|so cold|minus \d+|-\d+\s?°)", re.I)


def at_risk_without_essentials(message: str) -> bool:
    """Someone at risk in the home (very old, a baby, on medical equipment) is without heat, power or water: a case
    the notes of utilities and repair firms hand to a priority team."""
    return bool(_AT_RISK.search(message)) and bool(_WITHOUT_ESSENTIALS.search(message))


# "I'm 74", "at 81 I don't do computers", "I'm not very good with the phone app": someone for whom a plain, warm
# reply matters more than a quick one
_OLDER = re.compile(r"\b(?:i'?m|i am|aged)\s+(6[5-9]|[7-9]\d|1[01]\d)\b(?!\s*(?:%|percent|pounds|quid|minutes|mins|"
                    r"hours|days|weeks|months|[£$€]))|\b(?:i'?m|i am)\s+(?:a\s+)?pensioner\b|"
                    r"\b(?:(?:i'?m|i am) not (?:very |that |too |so )?(?:good|great|confident) with|i (?:don'?t|do not) "
                    r"(?:do|understand|get on with)|i (?:struggle|find it hard) with) (?:the |these |this |my )?"
                    r"(?:phone |mobile )?(?:apps?|computers?|technology|tech|internet|online|smartphones?)\b", re.I)


def needs_gentle_reply(message: str) -> bool:
    """The customer says they are older or that technology is hard for them (see ``_OLDER``)."""
    return bool(_OLDER.search(message))


_VULNERABLE_WHY = "the customer says they are struggling, and the notes hand such cases to a specialist"
_AT_RISK_WHY = "someone at risk is without heat, power or water at home, and the notes hand such cases to a specialist"
# words that name the subject, not a loss of the writer's: "an arrangement with a funeral home", "deceased estates"
_SUBJECT_ONLY = frozenset({"funeral", "deceased"})


# what to do in an emergency, as the sources say it: "call the National Gas Emergency line on ...", "dial 999"
EMERGENCY_STEP = re.compile(r"\b(?:call|dial|ring|phone)\s+(?:the\s+)?(?:(?:[\w-]+\s+){0,3}?emergenc(?:y|ies)\b|"
                            r"(?:police|ambulance|fire (?:brigade|service))\b|\d{3}\b)", re.I)


# a danger told in words ``_SAFETY`` does not hold, that the embedder confirms (``assistant.danger``): the safety
# rows are its rows
_DANGER = SAFETY_ROW
_DANGER_WHY = "a possible safety risk is reported"


def danger_sentences(message: str) -> list[str]:
    """The sentences of the message that report a danger to the customer or their home ("theres been a faint gassy
    smell near the boiler since last night"): the sources' emergency steps are looked up with them."""
    if not (_FIRST_PERSON.search(message) or _REPORTED_HERE.search(message)):
        return []
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+|\s+(?:but|and|oh and)\s+(?=(?:unrelated\b|there|my|the|i)\b)", message)
            if _SAFETY.search(s)] or hazard_sentences(message)


def reports_bereavement(message: str) -> bool:
    """Whether the message tells of a death: "passed away", "my dad died", a death certificate; a funeral or the
    deceased only where the writer speaks of themselves (a question about funeral homes is a question)."""
    if any(m.group().lower() not in _SUBJECT_ONLY or _FIRST_PERSON.search(message)
           for m in _BEREAVEMENT.finditer(message)):
        return True
    # "My husband Tom had a membership with you. He died in October": the death said of someone of theirs named before
    return bool(_HE_OR_SHE_DIED.search(message) and _THEIR_PERSON.search(message))


# ("she passed her test" is no death: only "passed away" or "passed on")
_HE_OR_SHE_DIED = re.compile(r"\b(?:he|she)\s+(?:sadly\s+|suddenly\s+|recently\s+|has\s+|had\s+)?(?:died|passed away|"
                             rf"passed on)\b{FIGURATIVE_DEATH}", re.I)
_THEIR_PERSON = re.compile(rf"\b(?:my|our)\s+(?:\w+\s+)?(?:{_PERSON}|{_PET})\b", re.I)
_COMPENSATION_WHY = "the customer asks for compensation, which a person must decide"
_COMPENSATION = re.compile(r"\b(?:compensat\w*|goodwill|make (?:it|this) up to me|reimburse me for|pay (?:me )?for my)\b", re.I)
# "what compensation do I get?" asks what a rule the sources state gives (a late sailing, a power cut); "I expect
# compensation" asks a person to decide one
_ENTITLEMENT_QUESTION = re.compile(
    r"\b(?:what|how much|which)\b[^.?!]{0,40}\bcompensat\w*[^.?!]*\?|"
    r"\b(?:do|will|would|can|could|am|are|is)\s+(?:i|we|there)\b[^.?!]{0,40}\b(?:compensat\w*|entitled)\b[^.?!]*\?|"
    # "are you going to pay for my lock?", "will you cover the damage?"
    r"\b(?:are|will|would|do|can|could)\s+(?:you|u|they)\s+(?:going to\s+|gonna\s+)?(?:pay|refund|reimburse|replace|"
    r"cover|compensate)\b[^.?!]*\?", re.I)
_DEMANDS = re.compile(r"\b(?:i|we)\s+(?:want|demand|expect|insist on|deserve)\b|\byou (?:should|must|owe|need to)\b", re.I)
_STATED_COMPENSATION = re.compile(r"\bcompensat\w*\b[^.]{0,80}?(?:[£$€]\s?\d|\b\d+\s?%)|"
                                  r"(?:[£$€]\s?\d|\b\d+\s?%)[^.]{0,80}?\bcompensat\w*", re.I)
_ACCESSIBILITY = re.compile(r"\b(?:blind|deaf|screen ?reader|wheelchair|disabilit\w*|disabled|impair\w*)\b", re.I)
_FAILED = re.compile(r"\b(?:couldn'?t|could not|can'?t|cannot|didn'?t|did not|doesn'?t|does not|won'?t|wouldn'?t|"
                     r"isn'?t|not (?:work|read|load)\w*|broken|fail\w*|impossible|unable)\b", re.I)
_OUR_SERVICE = re.compile(r"\b(?:site|website|app|checkout|page|button|form|chat|menu|link|screen)\b", re.I)
_PRESS = re.compile(r"\b(?:reporter|journalist|press (?:office|enquiry|inquiry)|media (?:enquiry|inquiry)|"
                    r"(?:writing|working on) (?:a|an) (?:story|article|piece)|for comment|comment on the record)\b", re.I)
# Contacting us again, said in the customer's words: an ordinal or a count of contacts, not of anything else
# ("the second time I'm writing", "I've emailed you three times", "writing again"), as opposed to a problem that
# recurred ("too big again", "tried the code 5 times").
_CONTACT = r"(?:writ\w*|wrote|contact\w*|call\w*|email\w*|e-mail\w*|messag\w*|chas\w*|reach\w* out|ask\w*|explain\w*|told|tell\w*|" \
           r"chat\w*|phon\w*|rang|ring\w*|report\w*|complain\w*|rais\w*)"
_NTH = {"second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5}
_NUM = {"twice": 2, "two": 2, "three": 3, "four": 4, "five": 5, "several": 3, "multiple": 3, "many": 3}
_REPEAT_NTH = re.compile(rf"\b(second|third|fourth|fifth|2nd|3rd|4th|5th)\s+(?:(?:message|email|e-mail|call|request|"
                         rf"chaser)\b|time\s+(?:(?:(?:this|in a|in the last)\s+\w+\s+)?(?:that\s+)?(?:i'?m|i am|i've|i have|i)\s+(?:\w+\s+){{0,2}}?{_CONTACT}|{_CONTACT}))"
                         # "asking for the third time", "I'm writing now for the 3rd time"
                         rf"|\b{_CONTACT}\s+(?:\w+\s+){{0,3}}?for\s+the\s+(second|third|fourth|fifth|2nd|3rd|4th|5th)\s+time\b",
                         re.I)
_REPEAT_COUNT = re.compile(rf"\b{_CONTACT}(?: \w+){{0,4}} (twice|(?:two|three|four|five|several|multiple|many|\d+) times)\b|"
                           rf"\b{_CONTACT} (?:you |us |support )?(?:again|already|before)\b|\b(?:writing|messaging|emailing) again\b",
                           re.I)
_DEMAND = re.compile(r"\b(?:i (?:want|need|expect|demand) (?:this|it|my \w+|you to|an? \w+|someone)|sort (?:this|it) out|"
                     r"fix (?:this|it)|(?:do|get) something|right now|immediately|asap|right away|not (?:another|again))\b",
                     re.I)


# The built-in cues for a hand-over, in the order they decide the reason (a repeated contact comes after the first
# three), each with the reason an agent reads and how sure it is
_CUES: list[tuple[re.Pattern[str], str, float]] = [
    (_MANAGER, "the customer asks for a manager", 0.95),
    # someone hurt comes before the legal threat it leads to: the reply meets the injury first and keeps the steps
    # the sources give for it (the legal row still takes the case where it fits)
    (_SAFETY, "a possible safety risk is reported", 0.9),
    (_LEGAL, "the customer mentions legal action", 0.95),
    (_SECURITY, "the customer reports activity they did not authorise", 0.9),
    (_ELSEWHERE_REFUND, "the customer asks for a refund to be paid somewhere other than where it came from", 0.85),
    (_COMPENSATION, _COMPENSATION_WHY, 0.85),
    (_PRESS, "a press or media enquiry", 0.85),
]
_NEVER = re.compile(r"(?!)")
# a booking called off or moved by the customer
_CHANGING = re.compile(r"\b(?:cancel\w*|postpone\w*|reschedul\w*|move (?:our|my|the) (?:booking|trip|tour|stay|date)|"
                       r"can(?:no|')t (?:make|come|go|travel))\b", re.I)
# harm done in an activity of their own, named after the hurt part: "twisted his ankle running", "broke my wrist
# playing"
_OWN_ACTIVITY_HARM = re.compile(r"\b(?:hurt|injured|broke|sprained|twisted|fractured|tore|pulled)\s+"
                                r"(?:my|his|her|their|our)\s+(?:\w+\s+)?"
                                r"(?:knee|ankle|wrist|back|leg|arm|hip|shoulder|foot|hand|neck)\s+(?!using\b)[a-z]+ing\b",
                                re.I)
# something of ours in the sentence: "your", "you", "with you", "on the tour"
_OURS = re.compile(r"\b(?:you|your|yours)\b|\bwith us\b|\bon the (?:tour|trip|hike|walk|course|class|ride)\b", re.I)
# what something was called off for: "cancelled our river trip on 3 May because of the smoke from the fires"
_CALLED_OFF_FOR = re.compile(r"\b(?:cancel+ed|postponed|called off|closed|shut)\b[^.?!]{0,60}?\b(?:because of|due to|"
                             r"owing to|on account of)\b[^.?!,;]{0,40}", re.I)
# a danger reported without "I" or "my": "there's been a smell of gas in the kitchen", "can someone come and check"
_REPORTED_HERE = re.compile(r"\bthere(?:'s|s| is| are| has been| have been| was| were)\b|"
                            r"\bcan (?:someone|somebody|anyone|you) (?:come|send|check)\b", re.I)
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i've|ive|i'd|me|my|mine|we|we're|we've|our|us)\b", re.I)


_RHETORICAL = re.compile(r"^\W*(?:am i missing something|what gives|really|seriously|are you (?:kidding|serious)(?: me)?|"
                         r"is that (?:it|all|fair)|why|how come|what now|hello|anyone|any news)\W*$", re.I)
_ASKING = re.compile(r"^\W*(?:(?:also|and|so|but|ok|okay|then)\W+)*(?:can|could|would|will|do|does|did|is|are|was|were|how|what|"
                     r"when|where|why|which|who|whom|whose|should|may|might|am|have|has)\b|"
                     r"\b(?:can|could|would|will|do|does|did|is|are|am|should|may|must|have|has|wd|cud|cn|shd)\s+(?:i|you|u|we|they|it|"
                     r"there|my|the|this|that|these|those|he|she)\b|\b(?:how|what|when|where|why|which|who)\b[^.?!]*\?$|"
                     r"\b(?:please|i(?:'d| would) like|i want|let me know|tell me)\b", re.I)


# "Is this how you treat your customers?": an accusation in the form of a question
# (not "is this how you reset it?": the company addressed as a group, or its treatment of people, makes it one)
_ACCUSATION = re.compile(r"^\W*(?:(?:and|so|but|honestly)\W+)*(?:is|was) (?:this|that) how (?:you|u) (?:lot|people|guys|lads|all)\b|"
                         r"^\W*(?:(?:and|so|but|honestly)\W+)*(?:is|was) (?:this|that) how (?:you|u|your \w+) (?:treat|"
                         r"look after|deal with)\b", re.I)


def rhetorical(ask: str) -> bool:
    """An "ask" that wants no answer of its own: "Am I missing something?", "Really??", "Is this how you treat
    people?", or a complaint said with question marks ("I ordered M and got L??"): its answer is the reply to the rest
    of the message."""
    return bool(_RHETORICAL.match(ask) or _ACCUSATION.match(ask)) or (not _ASKING.search(ask) and ask.rstrip().endswith("?"))


_SAID_BY_ME = re.compile(r"\b(?:i|i've|ive|i have|i had|we|we've|we have|i'd)\s+(?:\w+\s+){0,2}$", re.I)


def said_contacts(message: str) -> int:
    """The number of contacts the customer says this one is (0 when they do not say): "third time I'm writing" ->
    3, "I've emailed you twice" -> 3 (twice before, and now), "writing again" -> 2."""
    best = 0
    for m in _REPEAT_NTH.finditer(message):
        best = max(best, _NTH[(m.group(1) or m.group(2)).lower()])
    for m in _REPEAT_COUNT.finditer(message):
        if re.match(r"explain|told|tell|ask", m.group(0), re.I) and not _SAID_BY_ME.search(message[:m.start()]):
            continue  # "the engineer explained everything twice": someone else telling twice, not their contacts
        count = m.group(1)
        if count:
            word = count.split()[0].lower()
            n = _NUM.get(word) or (int(word) if word.isdigit() else 2)
            best = max(best, n + 1)
        else:
            best = max(best, 2)
    return best


def says_which_contact(message: str) -> bool:
    """The customer names which contact this is ("the third time I'm writing"), not only how many came before
    ("I've emailed three times": this message may be the third or the fourth, so a reply names no ordinal)."""
    return bool(_REPEAT_NTH.search(message))


# Requests that are not customer care for any company.
_WRITING_FOR_THEM = (r"write (?:me |us )?(?:a|an|some|my)\s+(?:[\w-]+\s+){0,3}(?:e-?mails?|letters?|poems?|speech|posts?|"
                     r"captions?|messages?|cards?|toast|bio|newsletters?)\b[^.?!]{0,40}\bfor (?:my|our) (?:clients|"
                     r"customers|friends|family|boss|team|colleagues|wedding|business|followers|staff|students)")
_OFF_TOPIC = re.compile(
    # ("THIS IS A JOKE" and "because of the weather" tell their story: only a joke or a forecast asked for counts)
    r"\b(?:homework|essay|tax (?:return|form|filing)|fill (?:in|out) my tax|poem|song lyrics|"
    r"(?:tell|give|send|write|know|got)\s+(?:me\s+|us\s+)?(?:a|any|some)\s+(?:good\s+)?jokes?|recipe|"
    r"(?:what(?:'s| is| will)|how(?:'s| is)|tell me about|forecast (?:for|of))\s+(?:be\s+)?(?:the\s+)?weather|"
    r"stock tips?|crypto|bitcoin|write (?:me )?(?:a|an|some) (?:code|program|script|story|letter|cover letter|cv|resume)|"
    r"translate (?:this|my)|solve (?:this|my) (?:math|equation)|capital of|who won|horoscope|dating advice|medical advice|"
    r"diagnos\w*|(?:proof-?read|edit|review|check|correct|rewrite|improve|polish|grade|mark|punch up|look over|tweak|"
    r"help (?:me )?with)\w* (?:my|a|an|this|the) "
    r"(?:essay|cover letter|cv|resume|résumé|homework|assignment|thesis|dissertation|speech|poem|story|code|application|"
    r"report|paper)|(?:buy|sell|invest in|invest)\b[^.?!]{0,30}\b(?:stocks?|shares|crypto\w*|etfs?|index funds?|bonds)\b|"
    r"\bwhich (?:\w+ )?(?:stocks?|shares|etfs?|funds?|bonds) (?:should|to|would|do)\b|"
    # writing for the customer's own business or people: "write a fun christmas email for my clients"
    + _WRITING_FOR_THEM + r"|"
    # a referral to a professional for the customer's own life: no shop's customer care gives one
    r"(?:recommend|suggest|find|know|refer me to)\s+(?:me\s+)?(?:a|an|any|some)\s+(?:good\s+|decent\s+|reliable\s+|local\s+)?"
    r"(?:lawyers?|attorneys?|solicitors?|doctors?|dentists?|therapists?|accountants?|financial advis[eo]rs?|"
    r"plumbers?|electricians?|mechanics?|vets?|tutors?|babysitters?|realtors?|estate agents?|"
    r"(?:\w+ )?(?:insurance )?brokers?|mortgage advis[eo]rs?|builders?|removal(?:ist)?s?|cleaners?))\b", re.I)
# A request for a recommendation or advice ("can you recommend a ...", "what's the nicest ...", "any tips for ..."):
# ours to give only where the sources speak of it
_RECOMMENDATION = re.compile(r"\b(?:(?:can|could|would) (?:you|u) (?:guys |all )?(?:please )?(?:recommend|suggest)|recommendations? for|"
                             r"any (?:tips|ideas|suggestions|recommendations)|(?:do|would) you (?:know|recommend)|"
                             r"what(?:'s|s| is| are) (?:the|a) (?:best|nicest|prettiest|quickest|cheapest|fastest|most scenic|"
                             r"good|decent|nice)\b|where (?:should|can|could) (?:i|we) (?:eat|stay|go|visit|park up))\b", re.I)
# the customer says the thing is not ours: "it's not one of yours", "I didn't buy it from you"
_NOT_OURS = re.compile(r"\bnot (?:one of )?yours\b|\bnot (?:bought|from|one of) (?:from )?(?:you|your)\b|"
                       r"\b(?:didn'?t|did not) (?:buy|get) (?:it|them|this|that) (?:from|with|through) you\b", re.I)
_QUALITY = set("""a an the some any good decent nice nicest best cheap cheapest great lovely quiet quick quickest fast
    fastest scenic most really reasonably affordable local nearby few couple of""".split())


def _recommends_elsewhere(message: str, passages: Sequence[Passage]) -> str | None:
    """The customer asks us to recommend something the sources never speak of ("a decent hotel near the airport"
    from a company whose documents never mention one): a recommendation for their own plans, not ours to give. A
    recommendation among what the sources do speak of ("a good car for five") is ours, answered or followed up.
    Returns the kind of thing asked for ("hotel"), or None."""
    known = " ".join(f"{p.title} {p.text}" for p in passages).lower()
    for m in _RECOMMENDATION.finditer(message):
        words = re.findall(r"[a-z]+", message[m.end():m.end() + 60].lower())
        head = next((w for w in words if w not in _QUALITY and len(w) >= 3), None)
        if head in _FILLER or head is None:
            continue
        if not re.search(rf"\b{re.escape(head.rstrip('s'))}", known):
            # the thing asked for is the last word of its phrase ("a good 65 inch tv for ...": a tv, not an inch);
            # one that is no plain word ("tv", "all inclusive") is declined without naming it
            phrase = re.split(r"[^\w' ]|\b(?:for|under|with|in|near|that|which|to|at|on|from|and|or|so|but|under)\b",
                              message[m.end():m.end() + 60].lower())[0].split()
            last = phrase[-1] if phrase else ""
            return last if len(last) >= 3 and last.isalpha() and last in english_words() and last == head else ""
    return None


# A task for the customer's own life, whatever the sources say about its words ("my tax return", "buy your stock")
SUBSTANTIVE_WORDS = 4  # words of four letters or more an ask needs to ask something itself ("can you help?" does not)
_PERSONAL_TASK = re.compile(r"\b(?:" + _WRITING_FOR_THEM + r"|"
                            r"homework|essay|tax (?:return|form|filing)|fill (?:in|out) my tax|poem|cover letter|"
                            r"(?:buy|sell|invest in)\b[^.?!]{0,30}\b(?:stocks?|shares))\b", re.I)
# the customer says themselves that what they ask is an aside, not about us: "random q but ...", "bit of an off-topic
# question", "unrelated, but ..."
# ("silly question, but can I ...?" asks about us: no cue)
_ASIDE = re.compile(r"\b(?:random|unrelated|off[- ]topic)\s+(?:q|qn|qu|question)\b|"
                    r"^\W*(?:(?:ok|okay|so|hey|hi|hiya|hello|um|erm)\W+)?(?:bit of a |a )?random one\b|"
                    r"^\W*(?:totally |completely )?(?:unrelated|off[- ]topic)\b|"
                    r"\b(?:not|nothing) (?:really |exactly )?(?:related|to do with) (?:to )?(?:you|your|my (?:order|account))",
                    re.I)
_ASIDE_OPENING = 20  # characters: the cue opens the message ("Hi! Random q but ...")
# Wanting to buy something from us, however the sources word it ("we'd like 80 branded fleeces"): never declined
_COMMERCE = re.compile(r"\b(?:buy|purchase|order|bulk|wholesale|quote|in stock|deliver|ship)\w*\b|\b(?:we|i)(?:'d| would) like\b",
                       re.I)
# A price asked ("how much r shots", "what's the cost for a trim"): what we charge, though the thing is named in words
# no source uses; asked of the company it is ours to answer or to ask about, not to decline
_PRICE_ASK = re.compile(r"\bhow much (?:is|are|r|does|do|would|will|to|for)\b|\b(?:price|cost)s? (?:of|for)\b|"
                        r"\bwhat(?:'s|s| is| are| r) (?:the |ur |your )?(?:price|cost|fee|charge)s?\b", re.I)
# Another company's product or order: "ordered a couch from <Shop>", "my <BRAND> wardrobe"
# ("got back early from Tarrowby", "got home from the coast": a trip, not a purchase)
_FROM_SHOP = re.compile(r"\b(?:bought|ordered|purchased|got(?!\s+(?:back|home|in|out|away|off|here|there)\b))\b[^.?!]{0,40}?"
                        r"\b(?:from|at|on)\s+([A-Z][\w&'.-]+)")
_MY_BRAND = re.compile(r"(?<!to )(?<!at )(?<!via )(?<!with )(?<!using )\b[Mm]y\s+([A-Z]{2,}[\w&'-]*|[A-Z][a-z]+[A-Z][\w-]*)\s+[a-z]{3,}")
# (days and months written short too: "a launch on Dec 12" names a date, not a shop)
_NOT_NAMES = re.compile(r"^(?:I|I'm|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
                        r"April|May|June|July|August|September|October|November|December|Christmas|Black|"
                        r"Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|"
                        r"Dec|Easter|New)$")
_OWN_THING = re.compile(r"\b(?:my|our) (?:order|parcel|package|delivery|refund|return|account|card|payment|subscription|"
                        r"membership|item|purchase|"
                        # what a customer books or holds with a company ("my place on the evening", "our booking")
                        r"booking|reservation|ticket|seat|spot|place|slot|appointment|session|class|course|lesson|"
                        r"voucher|rental|policy|plan|licen[cs]e|stay|tour)s?\b", re.I)
_OWN_CASE = re.compile(_OWN_THING.pattern + r"|\b(?:you|your)\b", re.I)  # ... or the company's part in it
# a polite frame around a question, not the company's part in it: "can you tell me when the museum opens?"
_POLITE_FRAME = re.compile(r"\b(?:can|could|would|will) (?:you|u) (?:please )?(?:tell|let|show|give|advise) me\b|"
                           r"\bdo (?:you|u) (?:happen to )?know\b", re.I)
_ORDER_REF = re.compile(rf"{REFERENCE_TOKEN}|\border (?:number|no\.?|id)\s*:?\s*\S*\d", re.I)
# what a customer holds with a company besides an order: "cancel my policy" with two policies is about one of them
_HELD = "policy|plan|subscription|contract|booking|reservation|claim|loan|ticket|membership|rental"
# a short message (in words) that names nothing we could look up is asked about before any policy is said
SHORT_VAGUE_WORDS = 15
# "my thing", "my stuff": the customer's own thing, unnamed
_OWN_VAGUE_THING = re.compile(r"\b(?:my|our)\s+(?:thing|things|stuff|item|one)\b", re.I)
_NOT_WORKING = re.compile(r"\b(?:(?:is|are|was|were|isn'?t|aren'?t|is not|are not|not|stopped|doesn'?t|don'?t|won'?t)\s+"
                          r"(?:working|work|scanning|scan|showing|loading|opening)|broken|not right|wrong|fixed)\b", re.I)
# a demand or complaint about their own case with no thing named: money back, a charge, a bill, "sort it out"
_VAGUE_DEMAND = re.compile(r"\b(?:money back|refund\w*|charged|charge|billing|bill|sort (?:it|this) out|fix (?:it|this)|"
                           r"not happy|cancel (?:it|this)|change (?:it|this))\b", re.I)
_HELD_NAMED = re.compile(rf"\b(?:my|our)\s+(?:\w+\s+)?({_HELD})\b", re.I)


def held_kind(message: str) -> str:
    """What the customer calls the thing of theirs the message is about ("my policy"): "order" unless they say."""
    found = _HELD_NAMED.search(message)
    return found.group(1).lower() if found else "order"
_HELLO = re.compile(r"^\W*(?:hi|hiya|hey|hello|morning|afternoon|evening)\b[\s,.!]*", re.I)
_VAGUE_SUBJECT = re.compile(r"^\W*(?:it|it'?s|this|that|they|these|those|the thing|everything|something)\b|"
                            r"\b(?:change|return|fix|cancel|send|do) (?:it|this|that|them)\b", re.I)
_CONTENT = re.compile(r"[a-z]{3,}", re.I)
_VAGUE_NOUNS = set("order orders stuff thing things item items question questions issue problem pls plz sent size "
                   "refund charge charged payment parcel package delivery account says said doesnt didnt dont cant "
                   "wont isnt where wheres".split())
_GENERAL_QUESTION = re.compile(r"^\W*(?:do|does|is|are|can|could|will|would)\s+(?:you|your|there|the|my|our|it|they)\b(?!\s+\w+\s+it\b)|"
                               r"^\W*(?:how|what|when|which)\s+(?:much|long|many|time|days?|hours?|do you|does|is your|"
                               r"are your)\b", re.I)
_FILLER = set("the and but for you your with this that have has had was were are is can could would will not just "
              "still now please help thanks thank it its they them their there here what when where why how which "
              "who stopped working work works broke broken wrong want need like get got did does don doesn didn "
              "again any some all really very".split())

_FILLER_WORDS = frozenset(_FILLER)


@dataclass(frozen=True)
class Decision:
    behaviour: Behaviour
    reason: str | None
    certainty: float  # how sure the rule that decided is, 0..1
    # a hand-over an internal escalation rule covers: who takes the case and by when, as the rule states them
    team: str | None = None
    when: str | None = None
    # what the notes say to tell the customer in that case ("We will stop all collections.")
    promises: tuple[str, ...] = ()
    # the notes say never to tell the customer of the referral: the reply says only what the notes give to say
    quiet: bool = False
    # a decline the pages themselves give ("No. We only hire out bikes. Please book rooms directly with ..."): said
    refusal: Refusal | None = None


def decide(
    ticket: Ticket,
    analysis: Analysis,
    parts: MessageParts,
    *,
    evidence_ok: bool,
    best_score: float,
    internal_notes: Sequence[Passage] = (),
    min_evidence: float = 0.35,
    passages: Sequence[Passage] = (),
    names_topic: Callable[[str], bool] | None = None,
    procedure: bool = False,
    related: Callable[[], float | None] = lambda: None,
    withheld: Sequence[str] = (),
    rule_documents: Sequence[Passage] = (),
    meaning: Similarity | None = None,
    documents: Callable[[], Sequence[Passage]] = tuple,
    asked_meaning: Similarity | None = None,
) -> Decision:
    """The behaviour the reply must have, with the reason an agent reads (see module docstring). ``procedure``: a
    staff procedure for this kind of request was found (the request is ours to handle, even with no public source).
    ``related``: how close the message comes to the documentation's subjects (``Container.relatedness``), asked
    only before declining a message no source answers. ``withheld``: what the knowledge base's internal notes say
    never to name to a customer (``Container.withheld_names``). ``rule_documents``: the internal notes whole (their
    hand-over tables read as tables); ``meaning``: the best cosine of a message sentence to each of some texts;
    ``documents``: the published documents whole (read only for a price asked without its choices);
    ``asked_meaning``: as ``meaning``, against the message's asks only (``meaning`` where not given)."""
    message = ticket.message
    history = [t.text for t in ticket.history if t.role == "customer"]
    handover = _handover_reason(message, history, analysis, internal_notes, min_evidence, names_topic, withheld,
                                documents=rule_documents, meaning=meaning,
                                legal_asked=legal_route_asked(message, passages))
    if handover and handover[0].startswith(_COMPENSATION_WHY) and documented_compensation(message, passages):
        # what the published rule gives them is an answer; no person needs to decide it (a note's row that lists
        # "compensation" among its signs, or a goodwill limit, is for a claim or a demand, not this question)
        handover = None
    if handover:
        reason, certainty, rule = handover
        # a rule that only says "our specialist team" (its team may not be named) and gives no time tells the
        # customer nothing the hand-over's own wording does not
        # a time frame an agent already gave in this conversation, and the customer is back: said again it is hollow
        when = rule.when if rule and rule.when and not any(
            rule.when.lower() in t.text.lower() for t in ticket.history if t.role == "agent") else None
        told = rule is not None and (when is not None or rule.team not in (None, GENERIC_TEAM))
        # a row of a hand-over table names its situation first ("Bereavement — ..."): what the notes say to tell
        # the customer in that situation comes with the hand-over
        situation = rule.text.split(" — ")[0] if rule and " — " in rule.text else ""
        if rule and not situation and rule.heading:  # a sign listed under its situation's heading ("Fraud signs")
            situation = rule.heading.split(" > ")[-1]
        said = promises(rule_documents or internal_notes, situation, when or "", message) if situation else []
        # ... and what the row itself says to tell them or to do at once ("Advise the customer to reset their PIN")
        said += [x for x in row_promises(rule.whole or rule.text, message) if x not in said] if rule else []
        if not danger_sentences(message):
            # (an emergency's or a doctor's step is for a danger reported: never for a double charge or a third contact)
            said = [x for x in said if not emergency_step(x) and not _MEDICAL_STEP.search(x)]
        # the notes give the reply's words and say never to tell of the referral: the reply says those words only
        quiet = bool(said) and untold_referral(rule_documents or internal_notes, situation)
        number = number_to_give(rule.text) if rule else None
        if number and number.split(" on ")[-1].rstrip(".") not in " ".join(said):
            said.append(number)
        # (the notes may say how to name whoever takes it: "one of our senior advisers", never the desk's name)
        named = public_name([d.text for d in rule_documents or internal_notes]) if rule and told else None
        return Decision("handover", reason, certainty, team=(named or rule.team) if rule and told else None,
                        when=when if rule and told else None, promises=tuple(said), quiet=quiet)
    refusal = documented_refusal([a.text for a in parts.asks], message, passages,
                                 lambda: [d.text for d in documents() if d.audience == "public"],
                                 meaning) if not history else None
    if refusal:
        # the pages say we do not do what they ask, and where to go instead: declined in the pages' words
        return Decision("decline", "the pages say this is not something we do", 0.75, refusal=refusal)
    # what the customer asks of us is off-topic, not a word of their story ("sorry for the essay!")
    # ("Can you help?" asks nothing itself: what it asks for is in the message)
    requested = " ".join(a.text for a in parts.asks if _substantive(a.text)) or message
    # (a message that also asks something of ours, "who do I complain to? Separately, can I claim the fees on my tax
    # return?", is answered for that and not declined)
    ours_too = any(not _OFF_TOPIC.search(a.text) and _substantive(a.text) for a in parts.asks)
    if _OFF_TOPIC.search(requested) and not ours_too and (not evidence_ok or best_score < min_evidence + 0.15 or
                                                          _PERSONAL_TASK.search(requested)):
        return Decision("decline", "the request is outside what customer care handles", 0.8)
    if _RECOMMENDATION.search(message) and _NOT_OURS.search(message) and not history:
        # "could you suggest a decent shop to fix my own kayak? I didn't buy it from you": another company's thing
        return Decision("decline", "the customer asks us to recommend somewhere for something that is not ours", 0.7)
    if not history and analysis.language == "en" and best_score < min_evidence + CLEAR_OUTSIDE_EVIDENCE \
            and not _OWN_THING.search(" ".join(a.text for a in parts.asks) or message) and not danger_sentences(message) \
            and clearly_outside(closeness(asked_meaning or meaning)) and (related() or 0.0) < RELATED_CLOSE:
        # plainly a request no customer care offers (a restaurant table, a clinic to recommend), read in what they
        # ask, not in what they tell ("my physio says rest it" after an injury in a class is a complaint):
        # the passages retrieval found for its words answer it only loosely (a source that answers it well, a
        # concierge page that books tables, or documentation about that very subject keeps it ours)
        return Decision("decline", "the message asks for something we do not offer", 0.65)
    kind = _recommends_elsewhere(message, passages) if not evidence_ok and not procedure and not history \
        and not _COMMERCE.search(message) and analysis.language == "en" else None
    if kind == "":
        return Decision("decline", "the customer asks us for a recommendation outside what we do", 0.7)
    if kind:
        # a recommendation or advice for the customer's own plans that no source comes close to: not ours to give
        article = "an" if kind[0] in "aeiou" else "a"
        return Decision("decline", f"the customer asks us to recommend {article} {kind}, which is outside what we do", 0.7)
    aside = _ASIDE.search(message)
    if aside and aside.start() <= _ASIDE_OPENING and not history and (
            not evidence_ok or best_score < min_evidence + 0.15):
        # a message that opens as an aside of their own, which no source answers well ("random q, should I lease or buy
        # a van?"): said kindly to be outside what we handle, not promised a follow-up that will never come
        # (an aside after a question of theirs, "Also random q but do you take cheques at the counter?", may well be ours; a
        # recommendation asked, above, is declined in words that name it)
        return Decision("decline", "the customer asks an aside that is not about us, and no source answers it", 0.7)
    charge = others_charge(message, passages) if not history else None
    if charge:
        return Decision("decline", f"the customer asks about a {charge[0]} from {charge[1]}, not a charge of ours", 0.7)
    shop = other_company(ticket, passages)
    if shop and not history:
        return Decision("decline", f"the message is about {shop}, not an order or product of ours", 0.7)
    one = pointed_thing(message) if not evidence_ok and not procedure and not history else None
    if one:
        # "what services does this state library offer?" with nothing found: which one they mean comes first, not a
        # refusal of a subject we cannot yet tell
        return Decision("clarify", f"the message does not say which {one}, and the conversation has not named one", 0.6)
    # (the company's part is read in what they ask: "you guys are the only chat open today lol. any ideas what to do
    # with leftover turkey?" asks nothing of us; "my order" anywhere is theirs)
    asked = " ".join(a.text for a in parts.asks)
    unanswered = not evidence_ok and not procedure and not history and bool(parts.asks) and analysis.language == "en"
    # (embedded only for a message nothing answers; read in what it asks of us)
    kind_of_ask = closeness(asked_meaning or meaning) if unanswered else None
    if unanswered and analysis.topic == "other" and not _OWN_CASE.search(_POLITE_FRAME.sub(" ", asked)) \
            and not _OWN_THING.search(message) and not _COMMERCE.search(message) and not _PRICE_ASK.search(asked) \
            and not _about_our_subjects(message, related) and not reads_as_ours(kind_of_ask):
        # (the cue lists are English: a message in another language is not declined; one that reads as a request
        # of ours by meaning, "can u shift it to another day", is not declined for its words)
        return Decision("decline", "the message asks about something no source or policy area covers", 0.55)
    if unanswered and not _OWN_THING.search(message) and not _ORDER_REF.search(message) \
            and (related() or 0.0) < RELATED_ANY and asks_outside(kind_of_ask):
        # a request for something no company's customer care offers (a recommendation, writing, general knowledge),
        # by meaning, that the documentation's subjects do not come close to: declined, not checked with the team
        return Decision("decline", "the message asks for something we do not offer, and no source covers it", 0.6)
    clarify = _clarify_reason(ticket, parts)
    if clarify is None and not procedure and not history and not (ticket.customer and ticket.customer.orders) \
            and not _ORDER_REF.search(message) and _NOT_ARRIVED.search(message):
        # "my box never came": theirs is missing, and only its reference lets us look at it (whatever they call it);
        # a staff procedure for the case says itself what to ask for
        clarify = "the customer's order is not identified"
    ambiguous = ambiguous_reference(message, " ".join(t.text for t in ticket.history), passages)
    if clarify is None and ambiguous:
        noun, names = ambiguous
        clarify = which_of(noun, names)
    if clarify is None:
        dangling = dangling_reference(message, " ".join(t.text for t in ticket.history), passages)
        if dangling:
            clarify = which_unnamed(dangling)
    if clarify is None and not history:
        pointed = unseen_subject(message, passages)
        if pointed:
            noun, names = pointed
            clarify = which_of(noun, names)
    if clarify is None and not history:
        clarify = ending_choice(message, ticket.customer, passages)
    if clarify is None and not history:
        # "how much to send a parcel?" over prices split by size and by service: which of each comes first
        clarify = price_choice(message, ticket.customer, passages, documents)
    if clarify is None:
        kind = unnamed_kind(message, " ".join(t.text for t in ticket.history), passages)
        if kind:
            clarify = which_unnamed(kind)
    if clarify:
        return Decision("clarify", clarify, 0.7)
    return Decision("answer", None, 0.8 if evidence_ok else 0.4)


# "the actor's", "this animal", "the animal": one thing of a kind pointed at; "the actor of ...", "the animal that ..."
# say which themselves
_KIND_POINTER = re.compile(r"\b(?:(the)\s+([a-z]{3,})['\u2019]s\b|(this|that|the)\s+([a-z]{3,})\b"
                           r"(?!['\u2019]|\s+(?:of|that|which|who|whom|whose|named|called|between|among|from)\b))", re.I)


def unnamed_kind(message: str, history: str, passages: Sequence[Passage]) -> str | None:
    """The kind of thing a question points at as one ("the actor's approach to fitness", "hunt the animal in
    California") when neither the conversation nor any source uses that word: the sources speak only of particular
    ones (Harrison Ford, mallards), so the customer has one in mind we cannot tell, and the reply asks which. In a
    first message only a possessive counts ("this jacket", "the parcel" there is the customer's own thing); later in
    a conversation any "this/that/the X" of a question does."""
    if not passages or "?" not in message:
        return None
    known = " ".join([history, *(f"{p.title} {p.section or ''} {p.text}" for p in passages)])
    words = english_words()
    for m in _KIND_POINTER.finditer(message):
        noun = (m.group(2) or m.group(4)).lower()
        if m.group(3) and not history.strip():
            continue
        if m.group(3) and m.group(3).lower() == "the" and not re.search(r"\?", message[m.end():]):
            continue  # a definite noun after the question has ended is no part of it
        if noun in _NOT_POINTED or noun in _NOT_A_REFERENT or noun in _FILLER or noun in _OWN_THINGS \
                or noun in _ARTICLES or noun in _PHRASE_STOP or noun.endswith(("ing", "ly", "ed")) or _plural(noun) \
                or noun not in words:
            continue  # a way of speaking, the customer's own things, a verb, a superlative ("the most ..."), a plural
        if not re.search(rf"\b{re.escape(noun)}\b", message):
            continue  # written capitalised: a name ("the Library"), not a kind
        if _own_named(noun, f"{history} {message}"):
            continue  # "our toddler Ruby ... the toddler's fees": the customer's own, named in their own words
        stem = noun[:-1] if noun.endswith("e") else noun
        if re.search(rf"\b{re.escape(stem)}", known, re.I):
            continue  # the conversation or the sources speak of it: it can be understood
        return noun
    return None


# a message whose subject is a bare "this" / "it" ("This is one of few football stadiums with retractable roofs."): it
# speaks of one thing without naming it
_BARE_SUBJECT = re.compile(r"^\W*(?:this|that|it)\s+(?:is|was|has|had|does|did|can|will)\b", re.I)


def unseen_subject(message: str, passages: Sequence[Passage]) -> tuple[str, list[str]] | None:
    """(kind, names) when a first message speaks of one thing only as "this" / "it" and the sources are about two or
    more different things of a kind it names ("Mercedes-Benz Stadium", "Wembley Stadium" for "football stadiums"):
    which one is meant comes first."""
    if not _BARE_SUBJECT.match(message):
        return None
    for word in re.findall(r"\b[a-z]{4,}\b", message):
        noun = word[:-1] if _plural(word) else word
        if noun in _FILLER or noun in _NOT_POINTED or noun in _NOT_A_REFERENT or noun.endswith(("ing", "ly", "ed")):
            continue
        names = _title_kinds(noun, passages, people=False)
        if len(names) >= 2 and not any(re.search(rf"\b{re.escape(n)}\b", message, re.I) for n in names):
            return noun, names[:2]
    return None


# A customer's own thing ("my internet", "our booking") near a documented subject is theirs to ask us about, in
# whatever words: cosine of the message to the closest "title: section" label (``Container.relatedness``). Measured
# with the bundled embedder: a home-broadband outage message scores 0.43 against an "Outages and faults" label of
# an unseen knowledge base, a car fault 0.09-0.15, a weather question 0.19-0.39.
_MY_THING = re.compile(r"\b(?:my|our)\s+[a-z]{3,}", re.I)
RELATED_OWN = 0.35
# how far above the evidence floor the best passage may score for a plainly outside request to be declined: measured
# 0.11-0.22 above it on the declines of three development sets; a source that really answers scores higher
CLEAR_OUTSIDE_EVIDENCE = 0.25
# ... and how close the message may come to the documentation's subjects (those declines: 0.35-0.49; a party's
# catering asked of a holiday park, ours to answer in part: 0.57)
RELATED_CLOSE = 0.55
RELATED_ANY = 0.45


def _about_our_subjects(message: str, related: Callable[[], float | None]) -> bool:
    """The message is about something the documentation covers, though no passage answered it."""
    score = related()
    if score is None:
        return False
    return score >= RELATED_ANY or (score >= RELATED_OWN and bool(_MY_THING.search(message)))


# "a £100 parking charge from the retail park car park", "a fine from the council": a charge someone else issued
_OTHERS_CHARGE = re.compile(r"\b(?:a|an|the|my|this|that)\s+(?:[£$€]\s?[\d,.]+\s+)?([a-z]+)\s+(charge|fine|ticket|penalty|"
                            r"notice|bill|invoice)\b[^.?!]{0,40}?\b(?:from|by|issued by)\s+(?:the|a|an|some)\s+"
                            r"((?:[a-z]+\s+){0,3}?[a-z]+)\b(?=\s+(?:from|on|for|while|when|after|last|this|yesterday|today|"
                            r"because|as|and|but|which|that)\b|\s*[.,;!?]|\s*$)", re.I)
# asking us to act on it or get them out of it: "can you appeal it", "how do I get out of paying it"
_ACT_ON_IT = re.compile(r"\b(?:appeal|cancel|contest|dispute|challenge|get (?:me )?out of|avoid paying|get (?:it|this) "
                        r"(?:cancelled|dropped|waived|removed)|pay (?:it|this) for me|cover (?:it|this))\b", re.I)


def others_charge(message: str, passages: Sequence[Passage]) -> tuple[str, str] | None:
    """(charge, issuer) when the message asks us to appeal, cancel or get them out of a charge someone else issued
    ("a £100 parking charge from the retail park car park"): a kind of charge and an issuer that no source
    mentions. A charge of ours (a kind the sources name, "a late payment charge") is answered."""
    found = _OTHERS_CHARGE.search(message)
    if not found or not _ACT_ON_IT.search(message[found.end():]):
        return None
    known = " ".join(f"{p.title} {p.text}" for p in passages).lower()
    kind, issuer = found.group(1).lower(), found.group(3).lower()
    if kind in _FILLER or kind in ("late", "extra", "new", "monthly", "annual", "first", "last", "final") or \
            re.search(rf"\b{re.escape(kind)}", known) or \
            any(re.search(rf"\b{re.escape(w)}", known) for w in issuer.split() if len(w) > 3 and w not in _FILLER):
        return None
    return f"{kind} {found.group(2).lower()}", f"the {issuer}"


# what the company did or must do in the customer's case ("how much would you pay", "are you lot charging extra", "your
# driver"): a message about that is ours, whatever other shop it names in passing ("I bought the coat at <Shop>")
_OUR_PART = re.compile(r"\b(?:you|u)\s+(?:guys\s+|all\s+)?(?:\w+\s+)?(?:pay|paid|charge[sd]?|charging|take|taking|took|"
                       r"refund(?:ed)?|owe|damaged|lost|ripped|broke|sent|cleaned|bill(?:ed)?|deduct(?:ed)?)\b|"
                       r"\byour (?:service|driver|drivers|staff|team|statement|bill|invoice|app|website|centre|center|"
                       r"store|shop|site|branch|office)\b", re.I)


def _substantive(ask: str) -> bool:
    """Whether an ask names something itself ("who do I complain to, and how long does that take?"), unlike "can you
    help?"."""
    return len(re.findall(r"[a-z]{4,}", ask.lower())) >= SUBSTANTIVE_WORDS


def other_company(ticket: Ticket, passages: Sequence[Passage]) -> str | None:
    """The other shop or brand a message is about ("ordered a couch from <Shop>", "my <BRAND> wardrobe"): a name
    that none of the passages, the company's own name or the customer's orders mention. None when the message
    refers to one of our orders."""
    message = ticket.message
    if _ORDER_REF.search(message) or _OUR_PART.search(message):
        return None
    ours = " ".join([ticket.brand_voice.company_name or "", *(p.text for p in passages), *(p.title for p in passages)]).lower()
    if ticket.customer:
        ours += " " + " ".join(item for o in ticket.customer.orders for item in o.items).lower()
    places: set[str] | None = None
    for m in [*_FROM_SHOP.finditer(message), *_MY_BRAND.finditer(message)]:
        name = m.group(1).rstrip(".,'")
        if _NOT_NAMES.match(name) or len(name) < 3:
            continue
        if places is None:  # "got back from Spain", "bought it at Heathrow": a place, not another shop
            places = {p.name.lower() for p in places_in(message)}
        if name.lower() in places:
            continue
        if not re.search(rf"\b{re.escape(name.lower())}\b", ours):
            return name
    return None


def _handover_reason(message: str, history: list[str], analysis: Analysis, notes: Sequence[Passage],
                     min_evidence: float, names_topic: Callable[[str], bool] | None = None,
                     withheld: Sequence[str] = (), documents: Sequence[Passage] = (),
                     meaning: Similarity | None = None,
                     legal_asked: bool = False) -> tuple[str, float, EscalationRule | None] | None:
    """Why a person must take the case (the first built-in cue that fires), and the company's own rule for it
    where an internal note has one: a rule whose condition raises the same cue, names the same contact count, or
    fits the message on its own (see ``assistant.escalation``), or a hand-over row of the whole notes
    (``documents``) whose case the message is by meaning (``meaning``: the best cosine of a message sentence to
    each text)."""
    upset = analysis.emotion in ("anger", "frustration", "disappointment")
    # a long conversation is not a repeated contact by itself: the customer coming back upset and pressing is (a
    # third contact, or a second one with a demand); a second contact that only asks is answered
    contacts = max(len(history) + 1, said_contacts(message))
    repeated = upset and (contacts >= 3 or (contacts >= 2 and bool(_DEMAND.search(message))))
    # (the reason something was called off, "you called off our river trip because of the smoke from the fires", is
    # no danger reported now)
    told = _CALLED_OFF_FOR.sub(" ", message)
    if _CHANGING.search(message):
        # an injury from something of their own that is why they cancel ("my husband twisted his ankle running, so we
        # have to cancel"): no harm that came to anyone with us
        told = " ".join(x for x in re.split(r"(?<=[.!?])\s+", told)
                        if not (_OWN_ACTIVITY_HARM.search(x) and not _OURS.search(x)))
    fired = [(pattern, why, certainty) for pattern, why, certainty in _CUES[:3]
             if pattern.search(told if pattern is _SAFETY else message)
             and not (pattern is _LEGAL and legal_asked)
             # a risk is one to the customer or theirs ("my charger smoked"), not a subject they ask about ("is the
             # burning mountain still smoking?")
             and (pattern is not _SAFETY or _FIRST_PERSON.search(message) or _REPORTED_HERE.search(message))]
    # a danger in the customer's own words ("the front brake has gone spongy ... and my son is on the back"),
    # confirmed by meaning: the same cue as a fire or an injury, its rows the company's safety rows
    danger = any(p is _SAFETY for p, _, _ in fired)
    if not danger and told.strip() and reports_danger(told, meaning):
        danger = True
        fired.insert(sum(1 for p, _, _ in fired if p is _MANAGER), (_DANGER, _DANGER_WHY, 0.85))
    if reports_bereavement(message):
        fired.append((_BEREAVEMENT, _BEREAVEMENT_WHY, 0.9))
    struggling = says_struggling(message)
    if struggling:
        fired.append((_VULNERABLE_ROW, _AT_RISK_WHY if at_risk_without_essentials(message) else _VULNERABLE_WHY, 0.85))
    if repeated:
        fired.append((_REPEAT_NTH, "the customer has contacted us about this before", 0.85))
    fired += [(pattern, why, certainty) for pattern, why, certainty in _CUES[3:5] if pattern.search(message)]
    misuse = account_misuse(message)
    if misuse and not (misuse == TAKEOVER_WHY and _SECURITY.search(message)):
        # someone else in the customer's account, or a request about another person's: the company's row for it
        # (fraud signs, someone else's account) takes it
        fired.insert(next((i for i, f in enumerate(fired) if f[0] is _COMPENSATION), len(fired)), (ACCOUNT_ROW, misuse, 0.9))
    if _ACCESSIBILITY.search(message) and _FAILED.search(message) and _OUR_SERVICE.search(message):
        fired.append((_ACCESSIBILITY, "the customer reports an accessibility barrier", 0.8))
    fired += [(pattern, why, certainty) for pattern, why, certainty in _CUES[5:] if pattern.search(message)]
    if analysis.injection:
        fired.append((_NEVER, "the message tries to instruct the assistant", 0.85))
    cues = [_cue(pattern, message) for pattern, _, _ in fired if pattern not in (_REPEAT_NTH, _NEVER, _VULNERABLE_ROW)]
    # the customer's safety, a death, a customer struggling: their rows outrank the rows for how the case is going
    first = [_cue(pattern, message) for pattern, _, _ in fired if pattern in (_SAFETY, _DANGER, _BEREAVEMENT)]
    # a safety row only for a danger, a fraud row only where something was done without the customer
    fits: Callable[[str], bool] = lambda row: row_fits(row, message, danger)
    if struggling:
        first.append(lambda text: bool(_VULNERABLE_ROW.search(text)))
    # the hand-over is decided already: a note that matched the message only weakly may still name the team ("a
    # third report in 30 days goes to Resolutions")
    # (a decided hand-over reads the whole notes, so the rule is found though retrieval brought another part)
    rule = match_rule(message, documents if fired and documents else notes, 0.0 if fired else min_evidence,
                      filler=_FILLER_WORDS, names_topic=names_topic, cues=cues, contacts=contacts, forbidden=withheld,
                      first=first, fits=fits)
    if struggling and not (rule and _VULNERABLE_ROW.search(rule.text)):
        # no row of the notes is for a struggling customer: their words alone hand nothing over
        fired = [f for f in fired if f[0] is not _VULNERABLE_ROW]
        if not fired:
            rule = match_rule(message, notes, min_evidence, filler=_FILLER_WORDS, names_topic=names_topic,
                              contacts=contacts, forbidden=withheld, fits=fits)
    if rule is None and documents and meaning is not None:
        # the situation a hand-over row of the notes describes, in the customer's words, not the row's ("my
        # mother's telecare alarm is dead" is the row "Telecare or personal alarm on the line")
        found = [f for f in situations(documents, message, withheld) if fits(f.rule.text)]
        texts = [t for f in found for t in f.texts]
        said = frozenset(w.lower() for w in _CONTENT.findall(message)) - _FILLER_WORDS
        rule = match_meaning(found, meaning(texts), said) if texts else None
    if fired:
        # the reason opens with the cue the chosen row is for ("a bereavement", not the hospital the husband was in
        # before he died): the reply's wording follows it
        lead = next((f for f in fired if rule and f[0] not in (_REPEAT_NTH, _NEVER) and _cue(f[0], message)(rule.text)),
                    fired[0])
        _, why, certainty = lead
        return (f"{why}; an internal escalation rule applies: {rule.text}" if rule else why), certainty, rule
    if rule:
        urgent = "an urgent" if rule.urgent else "an"
        return f"{urgent} internal escalation rule applies: {rule.text}", 0.8, rule
    return None


def _own_named(noun: str, text: str) -> bool:
    """Whether ``text`` names the thing as the customer's own ("our toddler Ruby" before "the toddler's fees")."""
    return bool(re.search(rf"\b(?:my|our|his|her|their)\s+(?:\w+\s+)?{re.escape(noun)}\b", text, re.I))


def which_of(noun: str, names: Sequence[str]) -> str:
    """The clarify reason for "this library" when the sources name several."""
    return f"the message does not say which {noun}: the sources name {' and '.join(names[:2])}"


def which_unnamed(noun: str) -> str:
    """The clarify reason for "the loan" when no turn has named one."""
    return f"the message does not say which {noun}, and the conversation has not named one"


# a question about a route the customer may take ("Can I go to the ombudsman now?", "how do I do a chargeback?"): the
# asker wants the process, not a fight
_ROUTE_QUESTION = re.compile(r"^\W*(?:(?:and|so|also|but)\W+)?(?:can|could|may|should|do|does|how|when|where|what|is|am|"
                             r"would|will)\b[^?]*\?", re.I)


def legal_route_asked(message: str, passages: Sequence[Passage]) -> bool:
    """Every legal word of the message is in a question about that route ("Can I go to the ombudsman now, or do I
    have to wait?"), and the public sources describe it: the customer asks how it works, which the sources
    answer, and threatens no one. "I'll take this to the ombudsman" or "my solicitor" stay a legal threat."""
    found = list(_LEGAL.finditer(message))
    if not found:
        return False
    public = " ".join(p.text for p in passages if p.audience == "public").lower()
    for m in found:
        start = max(message.rfind(c, 0, m.start()) for c in ".?!\n") + 1
        end = message.find("?", m.end())
        question = message[start:end + 1] if end >= 0 and not re.search(r"[.!\n]", message[m.end():end]) else ""
        if not question or not _ROUTE_QUESTION.match(question) or re.search(r"\b(?:my|our)\b", m.group(), re.I):
            return False
        if not re.search(rf"\b{re.escape(m.group().lower())}", public):
            return False
    return True


def documented_compensation(message: str, passages: Sequence[Passage]) -> bool:
    """The customer asks what compensation they get (not demanding one) and a public source states it: with an
    amount or a share ("pays £95 in compensation", "compensation of 25% of the fare"), as amounts on a page about
    compensation or its guarantees, or as the rule for the very thing they ask us to pay for ("are you going to pay
    for my lock?" and "We don't replace or pay for padlocks that have to be cut off")."""
    if not _ENTITLEMENT_QUESTION.search(message) or _DEMANDS.search(message):
        return False
    thing = _PAY_FOR_THING.search(message)
    about = re.compile(rf"\b(?:pay|refund|replace|reimburse|compensate|cover)\w*\b[^.]{{0,40}}\w*{re.escape(thing.group(1))}",
                       re.I) if thing else None
    for p in passages:
        if p.audience != "public":
            continue
        if _STATED_COMPENSATION.search(p.text) or (about is not None and about.search(p.text)) or (
                _COMPENSATION_PAGE.search(f"{p.title} {p.section}") and _AMOUNT_SAID.search(p.text)):
            return True
    return False


# "are you going to pay for my lock?", "will you replace my phone?": the thing they ask us to pay for
_PAY_FOR_THING = re.compile(r"\b(?:pay|paying|refund|reimburse|replace|cover)\s+(?:me\s+)?(?:for\s+)?(?:my|our|the)\s+"
                            r"(?:\w+\s+)??([a-z]{3,})\b(?=[^.?!]*\?)", re.I)
# a page or section about what the company pays when it gets something wrong
_COMPENSATION_PAGE = re.compile(r"\b(?:compensat\w*|service guarantees?|guaranteed (?:standards?|payments?))\b", re.I)
_AMOUNT_SAID = re.compile(r"[£$€]\s?\d")


# how a note's row names legal action ("Legal threat, mention of a lawyer, lawsuit or regulator"): a row's words,
# not the customer's ("my lawyer")
_LEGAL_ROW = re.compile(r"\b(?:legal|lawyers?|lawsuits?|attorneys?|solicitors?|court|regulators?|ombudsman)\b", re.I)


def _cue(pattern: re.Pattern[str], message: str) -> Callable[[str], bool]:
    """Whether a row's condition is the case of a cue the message raised. A legal threat fits the row naming legal
    action; the cue's other words ("chargeback") fit a row only where the message says them too (a threat of a lawyer
    over a refund is no chargeback already opened)."""
    def fits(text: str) -> bool:
        if pattern is _LEGAL and _LEGAL_ROW.search(text):
            return True
        if pattern is _ELSEWHERE_REFUND and ACCOUNT_ROW.search(text):  # (the fraud row lists it in its own words)
            return True
        found = pattern.search(text)
        return found is not None and (pattern is not _LEGAL or found.group().lower() in message.lower())
    return fits


def escalation_rule(message: str, notes: Sequence[Passage], min_evidence: float,
                    names_topic: Callable[[str], bool] | None = None) -> str | None:
    """The rule of a relevant internal note that sends cases like this one to someone else (its text), or None."""
    rule = match_rule(message, notes, min_evidence, filler=_FILLER_WORDS, names_topic=names_topic)
    return rule.text if rule else None



# "this library", "the hurricane's", or a question about "the actor" / "the loan" (not "the order I placed": a clause
# after the noun says which one)
_DEMONSTRATIVE = re.compile(r"\b(?:this|that|these|those)\s+([a-z]{3,})\b|\bthe\s+([a-z]{3,})'s\b|"
                            r"^\W*(?:\w+\s+){0,8}?(?:the|this)\s+((?:[a-z]{3,}\s+){0,2}[a-z]{3,})\b"
                            r"(?!\s+(?:that|which|who|i|we|you|from|in|on|with|for|of|at|to|by)\b)(?=[^.?!]*\?)", re.I)
# the customer's own things: "the order" means theirs (which one is the profile's question, not the sources')
_OWN_THINGS = set("order orders account parcel package item items refund return delivery card payment website site app "
                  "price code points membership subscription charge box money fee deposit bill booking stay visit".split())
_QUESTION_WORDS = ("which", "what", "who", "when", "where", "why", "how", "call", "see", "visit", "contact", "each", "every")
_ARTICLES = ("the", "a", "an", "this", "that", "our", "your", "their", "its", "his", "her", "my")


def ambiguous_reference(message: str, history: str, passages: Sequence[Passage]) -> tuple[str, list[str]] | None:
    """"this library" (or "the hurricane's impact") when the sources name two different ones ("Monterey Park
    Library", "Hurricane Isaac", "Prime Minister of Canada") and the conversation has named none of them; or "this
    ocean" when the conversation never mentioned one at all (the sources' one is offered as the example).

    The candidates come first from the passages' titles (what each passage is about: "Grey's Anatomy (season 9)",
    "County of Alameda"), then from names in their text."""
    said = history + " " + message
    texts = " ".join(p.text for p in passages)
    for noun, phrase, strong in _references(message):
        # a word the customer capitalises names a thing ("the Northwind pan": the brand), not a kind of thing
        if re.search(rf"\b{re.escape(noun)}\b", message, re.I) and not re.search(rf"\b{re.escape(noun)}\b", message) \
                and not _titled_role(noun, message, passages,
                                     pointed=strong and bool(re.search(rf"\b(?:this|that)\s+{re.escape(noun)}\b", message, re.I))):
            continue
        # "-ing", "-ly", "-ed": a verb or an adverb of the question ("the role ... evolved"), never a kind of thing
        if noun in _FILLER or noun.endswith(("ing", "ly", "ed")) or noun in _ARTICLES or (
                not strong and noun in _OWN_THINGS):
            continue
        # a function word ("cheaper than"), an adverb ("what is that even for"), a time ("this year") or a way of
        # speaking ("some kind of joke"): no kind of thing the sources could name several of
        if _own_named(noun, said):
            continue  # the customer's own, named in their own words (see ``_own_named``)
        if noun in STOPWORDS or noun in _UNPOINTED_ADVERBS or (noun in _NOT_POINTED and not re.search(
                rf"\b(?:this|that)\s+{noun}\s+of\s+[a-z]{{3,}}", message, re.I)):
            continue  # ("this type of violence" still points at one kind the sources may split)
        if not strong and not re.search(rf"\b{re.escape(noun)}s?\b", texts, re.I):
            continue  # "the bridge open": a word the passages never use as a word is no kind of thing they name
        names = _title_kinds(noun, passages, people=True)
        if len(names) < 2:
            names = _merge(names, _named_kinds(noun, phrase, passages))
        if any(re.search(rf"\b{re.escape(n)}\b", said, re.I) for n in names):
            continue
        # the conversation already names one of them ("Israel" said before "the country"): the reference is resolved
        # (the words of the reference itself do not count: "the Prime Minister" names no one of "Prime Minister of
        # Canada" and "Prime Minister of the United Kingdom")
        own = _reference_words(noun, phrase, message)
        # (a word of a name counts when it is a name's own word, not a common noun that a title capitalises,
        # "Services": the passages write a common noun in lower case more often than capitalised)
        if not strong and any(re.search(rf"\b{re.escape(w)}\b", said) for n in names
                              for w in re.findall(r"\b[A-Z][a-z]{3,}\b", n)
                              if w.lower() not in own and not _common_noun(w, texts)):
            continue
        # the sources' ones must be names ("Hurricane Isaac", "Monterey Park Library"), not a table's row keys that
        # start a line with a capital ("By email", "Any time"): those are ways or options, not things to pick from
        names = [n for n in names if _PROPER_NAME.search(n) or " " not in n.strip()]
        if len(names) >= 2:
            return noun, names[:2]
        # "this ocean" with no ocean anywhere in the conversation: the customer means one we cannot tell
        if names and strong and not _plural(noun) and re.search(rf"\b{re.escape(noun)}", names[0], re.I) and \
                not re.search(rf"\b{re.escape(noun[:5])}", history, re.I):
            return noun, names[:1]
    return None


# a name of several words has a capital past its first word ("Hurricane Isaac", "County of Alameda")
_PROPER_NAME = re.compile(r"\s\(?[A-Z0-9]")


def _common_noun(word: str, text: str) -> bool:
    """Whether ``text`` uses a capitalised word of a title as a common noun: in lower case more often than not."""
    lower = len(re.findall(rf"\b{re.escape(word.lower())}\b", text))
    return lower > len(re.findall(rf"\b{re.escape(word)}\b", text))


# "this X" / "the X's" where X is no thing pointed at: a way of speaking ("in this case", "this kind of", "that
# sounds"), an adjective ("this particular fund", "this huge amount"), or a time
_NOT_POINTED = frozenset(
    """case kind type sort way time point amount number part side matter reason question answer information info
    particular different same whole entire other another huge large small little big great good bad new old last next
    first second current previous recent specific certain exact main sound sounds seem seems look looks mean means
    make makes happen happens work works those these rest remainder others
    morning evening afternoon night today year week month weekend moment stage step past future present""".split())
# "this lighthouse", "that radio show", "this particular fund", "the country's": a singular pointer at a noun (an
# upper-case short word before it is part of the name of the kind: "TV show")
_SINGULAR_POINTER = re.compile(r"\b(?i:this|that)\s+((?i:particular|specific|certain)\s+)?((?:[A-Z]{2,}\s+)?(?i:[a-z]{4,}))"
                               r"(?:\s+((?i:[a-z]{3,})))?\b|\b(?i:the)\s+((?i:[a-z]{4,}))['\u2019]s\b")
# what makes an earlier mention general rather than one thing: "a store card", "each member", "any fund"
_GENERAL_DETERMINERS = frozenset("a an any each every other another some no many most all several such".split())
_SPECIFIC_DETERMINERS = frozenset("the this that my our your his her their its".split())


def dangling_reference(message: str, history: str, passages: Sequence[Passage] = ()) -> str | None:
    """The kind of thing a follow-up points at ("this burger", "the country's stadium", "this store card") that the
    conversation so far never named as one thing: the customer has one in mind we cannot know, so the reply asks
    which. Only in a conversation (a first message's "this jacket" is the customer's own item) and only for a
    singular pointer at a noun. A kind the conversation spoke of only in general ("a store card", "bond funds",
    "each member") names none of them; "this particular X" points at one of a kind spoken of in general, so it is
    asked about only when the conversation did speak of Xs."""
    if not history.strip():
        return None
    known = " ".join([history, *(p.text for p in passages)]).lower()
    for m in _SINGULAR_POINTER.finditer(message):
        particular = bool(m.group(1))
        head = m.group(2) or m.group(4)
        noun = head.split()[-1].lower()
        if noun in _NOT_POINTED or noun in _NOT_A_REFERENT or noun in _FILLER or noun in _OWN_THINGS \
                or noun in _ARTICLES or noun.endswith(("ing", "ly", "ed")):
            continue
        # the word as the customer wrote it capitalised names a thing ("this Northwind kettle"), not a kind
        if not re.search(rf"\b{re.escape(noun)}\b", message):
            continue
        phrase = " ".join(w if w.isupper() else w.lower() for w in head.split()) if m.group(2) else noun
        following = (m.group(3) or "").lower()
        # "this store card": a compound the conversation or the sources use is the kind, said whole
        if m.group(2) and following and following not in _NOT_A_REFERENT and \
                re.search(rf"\b{re.escape(noun)}\s+{re.escape(following)}(?:s|es)?\b", known):
            noun, phrase = following, f"{phrase} {following}"
        mentions = _mentions_of(noun, history)
        if any(mentions):
            continue  # named before as one thing: the conversation says which one
        if particular and not mentions:
            continue  # "this particular model" of a kind never discussed: the customer's own one
        return phrase
    return None


# what may end a pointed noun phrase after its second word: the question's end, or a preposition ("this state
# library?", "that clinic in Hillbury")
# verbs that follow a subject "this" / "that" in a question ("does this cost extra?", "will that affect my bill?")
_POINTER_VERBS = frozenset("""cost costs take work mean matter apply count happen affect include need require change
    help last cover qualify show appear come go""".split())
_AUX_THEN_POINTER = re.compile(r"\b(?:do|does|did|will|would|can|could|should|shall|may|might|must)\s+$", re.I)
_AFTER_PREPOSITION = re.compile(r"\b(?:by|in|at|of|for|from|with|about|to|on|near)\s+$", re.I)
_PHRASE_END = re.compile(r"\s*(?:$|[?.!,;:]|(?:in|on|at|for|of|near|about|from|with)\b)", re.I)


def pointed_thing(message: str) -> str | None:
    """The thing a first message points at as one ("this state library", "that clinic") when nothing the company
    publishes answers it: the customer has one in mind we cannot tell, so the reply asks which before anything else
    (rather than declining a question about it as off-topic). None for the customer's own things ("this order", "this
    charge"), a way of speaking ("in this case", "this time"), a capitalised name, or "this particular X"."""
    for m in _SINGULAR_POINTER.finditer(message):
        if m.group(1) or not m.group(2):
            continue
        head = m.group(2)
        noun = head.split()[-1]
        if not re.fullmatch(r"[a-z]+", noun) or noun in _NOT_POINTED or noun in _NOT_A_REFERENT or noun in _FILLER \
                or noun in _OWN_THINGS or noun in _ARTICLES or noun.endswith(("ing", "ly", "ed")) or _plural(noun):
            continue
        if _AUX_THEN_POINTER.search(message[:m.start()]) and (noun in _POINTER_VERBS or not m.group(3) and
                                                              re.match(r"\s*(?:$|[?.!,;])", message[m.end():])):
            continue  # "how long does this take?", "does this cost extra?": "this" is the subject, then its verb
        phrase = noun
        following = m.group(3)
        # "offered by this state library?": after a preposition the pointer ends its clause, so a second noun before
        # the question's end is the kind ("is this jacket waterproof?" has the kind first and a word about it after)
        if following and following.islower() and following not in _NOT_A_REFERENT and following not in _FILLER \
                and not following.endswith(("ing", "ly", "ed")) and _PHRASE_END.match(message[m.end():]) \
                and _AFTER_PREPOSITION.search(message[:m.start()]):
            phrase = f"{noun} {following}"
        return phrase
    return None


# "it" / "they" standing for a thing: not the "it" of a way of speaking ("is it possible", "how long does it take",
# "it's been a week", "it seems")
_PRONOUN = re.compile(r"\b(it|its|they|them|their)\b", re.I)
_EXPLETIVE_IT = re.compile(
    r"\bit(?:'s| is| was| would be| will be)\s+(?:\w+\s+)?(?:to|that|if|whether|for|when)\b|"
    r"\b(?:is|was|would|will)\s+it\s+(?:be\s+)?(?:possible|true|okay|ok|safe|worth|better|best|wise|necessary|normal|"
    r"allowed|legal|easy|hard|likely|common|too late|enough)\b|"
    r"\bit\s+(?:takes?|took|costs?|seems?|seemed|looks? like|depends|matters?|means?|says|said|happens?|happened)\b|"
    r"\b(?:does|did|will|would)\s+it\s+(?:take|cost|matter|mean|seem|depend)\b|\bit(?:'s| has) been\b|"
    r"\b(?:make|get|take|do)\s+it\b", re.I)
_OWN_EARLIER = re.compile(r"\b(?:my|our)\s+(?!(?:memory|mind|question|questions|opinion|understanding|knowledge|view|"
                          r"head|life|curiosity|doubt|concern|concerns|point|interest|own)\b)(?:[a-z-]+\s+){0,2}[a-z]{3,}\b", re.I)
# "the API", "the coffee chain", "the plan": a definite noun phrase a question leans on
_DEFINITE = re.compile(r"\b(?i:the)\s+((?:(?!(?:the|this|that|and)\b)(?:[A-Z]{2,}|[a-z]{3,})\s+){0,3}(?!the\b)[a-z]{3,})\b(?!['\u2019]s)")
_COMPLEMENT = re.compile(r"\s+(?:of|between|in|on|for|with|from|at|to|by|about|that|which|who|whose)\b", re.I)
# words that end a noun phrase: a preposition, a conjunction, a question word, a superlative's head
_PHRASE_STOP = frozenset("""of between in on for with from to at by about into over under than as and or but nor which who
    whom whose what where when how that most least best worst away""".split())
# an auxiliary before the subject: the subject's phrase ends before the main verb ("did the chain grow")
_AUX_BEFORE = re.compile(r"\b(?:do|does|did|can|could|will|would|should|may|might|must)\s+$", re.I)


def unresolved_pronoun(message: str, history: Sequence[str]) -> str | None:
    """The pronoun ("it", "they") a follow-up leans on when the customer's earlier turns named nothing of their own
    that it could stand for: "How much dividend does it pay?" after a general question about companies. The caller
    asks which one is meant only when no source answers the question as asked (a pronoun the sources can answer for
    was understood). None for a first message, an "it" of a way of speaking ("how long does it take"), or after an
    earlier turn about the customer's own order, item or account."""
    if not history or not any(h.strip() for h in history):
        return None
    if any(_OWN_EARLIER.search(h) or _ORDER_REF.search(h) for h in history[-2:]):
        return None  # "my order arrived broken ... can I return it?": it is theirs
    spoken = _EXPLETIVE_IT.sub(" ", message)
    hit = _PRONOUN.search(spoken)
    if not hit:
        return None
    pronoun = hit.group(1).lower()
    last = next((h for h in reversed(history) if h.strip()), "")
    plural = pronoun in ("they", "them", "their")
    if (_PLURAL_THING if plural else _ONE_THING).search(last) and not re.search(r"\bor\b", last, re.I):
        # the last turn named something it can stand for ("who is the man in the tower" -> "could it be..."), and
        # not a choice between two ("which is better: the A chart or the B chart?" -> "how does it help?")
        return None
    return pronoun


# One named or pointed-at thing in a turn: a name within the sentence ("in Lumo", "Acme Cloud Vault"; not "an API", a
# kind), or "the/this/that <noun>" in the singular ("the keeper of the lighthouse")
_ONE_THING = re.compile(r"(?<![.?!]\s)(?<!^)(?<!\ban\s)(?<!\ba\s)\b(?-i:[A-Z][\w-]*)(?<![a-z]s)\b(?<!\bI)|"
                        r"\b(?:the|this|that)\s+(?:[a-z-]+\s+){0,2}?[a-z]{3,}(?<!s)\b(?!\s+(?:[a-z]+s)\b)", re.I)
# Things in the plural ("corporate bonds", "the goals") that "they" can stand for
_PLURAL_THING = re.compile(r"\b(?!(?:this|is|was|has|does|its|us|his|yes|less|unless|always|perhaps|across)\b)[a-z]{3,}s\b", re.I)


def unresolved_definite(message: str, history: Sequence[str]) -> str | None:
    """The definite noun phrase ("the coffee chain", "the plan") a follow-up leans on when the conversation never
    named one such thing (not at all, or only in general: "plans", "a plan"). As for ``unresolved_pronoun``, the
    caller asks which one only when no source answers the question as asked."""
    said = " ".join(history)
    if not said.strip() or any(_OWN_EARLIER.search(h) or _ORDER_REF.search(h) for h in history[-2:]):
        return None
    # "in this case", "in that case": a way of speaking, no complement saying which
    message = re.sub(r"\s+in (?:this|that|which|each|any) case\b", "", message, flags=re.I)
    for m in _DEFINITE.finditer(message):
        words = m.group(1).split()
        cut = next((i for i, w in enumerate(words) if w.lower() in _PHRASE_STOP), None)
        restricted = cut is not None  # "the cost of ...", "the symbol on the keyboard": the rest says which
        linker = words[cut].lower() if cut is not None else ""
        words = words[:cut] if cut is not None else words
        verb_first = len(words) > 1 and bool(_AUX_BEFORE.search(message[:m.start()]))
        if restricted and verb_first:
            restricted = False  # "did the levy apply to ...": the preposition is the verb's
        complement = _COMPLEMENT.match(message[m.end():]) if cut is None and not verb_first else None
        if complement:
            restricted, linker = True, complement.group(0).strip().lower()
        if restricted:
            if linker == "of":
                # "the price of the bond", "the author of the book": the phrase after "of" is what is asked about, a
                # reference of its own
                continue
            # what follows is the phrase's setting or a clause about it ("the symbol on the keyboard"): it says which
            return None
        if not words:
            continue
        while len(words) > 1 and (words[-1].lower().endswith("ly") or words[-1].lower() in _FILLER):
            words.pop()  # "the cloud platform recently"
        if verb_first and len(words) > 1:
            words.pop()  # "does the clinic provide": the last word is the verb
        noun = words[-1].lower()
        if noun in _NOT_POINTED or noun in _NOT_A_REFERENT or noun in _FILLER or noun in _OWN_THINGS \
                or noun in _ARTICLES or noun.endswith(("ing", "ly", "ed")) or _plural(noun):
            continue  # a way of speaking, the customer's own things, a verb, or a plural (all of a kind)
        if any(w.lower() in _NOT_POINTED for w in words[:-1]):
            continue  # "the same plan", "the whole process"
        if any(_mentions_of(noun, said)):
            continue
        return " ".join(w if w.isupper() else w.lower() for w in words)
    return None


# nouns in -s that name one thing: "the series", "the species", "the status", "the analysis", "the class"
_SINGULAR_S = re.compile(r"(?:ss|us|is|series|species)$")


def _plural(noun: str) -> bool:
    return noun.endswith("s") and not _SINGULAR_S.search(noun)


def _mentions_of(noun: str, text: str) -> list[bool]:
    """Each mention of ``noun`` in ``text`` (singular or plural), True where it names one thing ("the router", "my
    router", "Harbor Bridge") and False where it speaks of the kind ("routers", "a router", "each router")."""
    out: list[bool] = []
    plural = rf"{re.escape(noun)}(?:s|es)" if not noun.endswith("y") else rf"(?:{re.escape(noun)}s|{re.escape(noun[:-1])}ies)"
    for hit in re.finditer(rf"\b({re.escape(noun)}|{plural})\b", text, re.I):
        if hit.group(1).lower() != noun:
            out.append(False)
            continue
        before = re.findall(r"[\w'\u2019]+", text[max(0, hit.start() - 40):hit.start()])[-3:]
        determiner = next((w.lower() for w in reversed(before)
                           if w.lower() in _GENERAL_DETERMINERS | _SPECIFIC_DETERMINERS), None)
        # part of a name: "Harbor Bridge", "Alder Street Clinic"
        named = hit.group(1)[:1].isupper() or (bool(before) and before[-1][:1].isupper() and
                                               before[-1].lower() not in _GENERAL_DETERMINERS | _SPECIFIC_DETERMINERS)
        out.append(determiner not in _GENERAL_DETERMINERS or named)
    return out


def _titled_role(noun: str, message: str, passages: Sequence[Passage], *, pointed: bool = False) -> bool:
    """A capitalised reference that is a role or title the passages' titles complete differently ("the Prime
    Minister": "Prime Minister of Canada", "Prime Minister of the United Kingdom"), not a brand naming one thing.
    ``pointed`` ("this County"): one title completing it ("County of Alameda") is enough, since the customer points
    at one they have in mind and the sources name one they may not mean."""
    written = re.search(rf"((?:\b(?-i:[A-Z])[a-z]+\s+){{0,2}}){re.escape(noun)}\b", message, re.I)
    if not written:
        return False
    phrase = written.group(0).lower()
    kinds = _title_kinds(noun, passages, people=False)
    # a role is completed by what it is of ("Prime Minister of Canada"); a brand names a line of things after it
    # ("Ridgeway Kitchen", "Ridgeway Garden") and stays a name
    return len(kinds) >= (1 if pointed else 2) and all(k.lower().startswith(phrase + " of ") for k in kinds)


def _reference_words(noun: str, phrase: str, message: str) -> set[str]:
    """The words of a reference as the message writes it, with the capitalised words just before its noun ("Prime"
    of "the Prime Minister")."""
    words = set(phrase.split()) | {noun}
    before = re.search(rf"((?:\b(?-i:[A-Z])[a-z]+\s+){{0,2}}){re.escape(noun)}\b", message, re.I)
    if before:
        words |= {w.lower() for w in before.group(1).split()}
    return words


# "this ocean currents", "the animal's breed": a reference to one thing of a kind, which the message does not name
# what follows "that"/"this" when it starts a clause rather than pointing at a thing
_NOT_A_REFERENT = frozenset(
    """is was are were be been has have had do does did doesn dosent doesnt dont don didn didnt isn isnt wasn wasnt
    will would can could should may might must never not still just also only now then there here you your they
    back off out down away again sorted fixed done
    we she he it its him her them one way much many from with into onto about over under after before than for""".split())
# adverbs without "-ly" that follow a demonstrative ("is that even", "that still", "this again")
_UNPOINTED_ADVERBS = frozenset("even still again also too only just ever already yet anyway".split())
# an adverb in -ly ("actually", "really", "usually"); a few nouns end so too ("family", "supply", "assembly")
_ADVERB = re.compile(r"^(?!(?:family|supply|assembly|reply|rally|ally|belly|jelly|bully|lily|fly)$)[a-z]{2,}ly$", re.I)
# what follows a verb, not a noun: an object pronoun, an article, a preposition, the end of the question
_OBJECT_AFTER = re.compile(r"\s*(?:$|[?!.,]|(?:me|us|you|him|her|it|them|the|a|an|my|your|our|to|for|in|on|at|with|"
                           r"into|up|out|off|long|much)\b)", re.I)
_BE_BEFORE = re.compile(r"\b(?:is|was|are|were|isn'?t|wasn'?t|aren'?t)\s+$", re.I)
_PREDICATE_END = re.compile(r"\s*(?:$|[?!.,;]|(?:or|and|though|then|at all|anymore)\b)", re.I)
_SENTENCE_END = re.compile(r"[.!?;:]\s")


def _earlier_statement(text: str) -> bool:
    """Whether ``text`` holds an ended sentence of the customer's own (five words or more before a sentence end): what
    "those details" after it points back at. (Counted, not matched by one pattern: a nested repeat backtracked for
    seconds on a long unpunctuated message.)"""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    return bool(ends) and len(re.findall(r"\w+", text[:ends[-1]])) >= 5
_THIS = re.compile(r"\b(?:this|that|these|those)\s+([a-z]{3,})(?:\s+([a-z]{3,}))?", re.I)
_POSSESSIVE = re.compile(r"\bthe\s+([a-z]{3,})['\u2019]s\b", re.I)
# "the Grey's Anatomy season": a kind within a named thing
_NAMED_KIND = re.compile(r"\bthe\s+(?:[A-Z][\w'\u2019]*\s+){1,3}([a-z]{3,})\b(?=[^.?!]*\?)")


def _references(message: str) -> list[tuple[str, str, bool]]:
    """(noun, phrase, strong) for each reference in the message, the surest first: a demonstrative or a possessive
    ("strong": the customer points at one thing), then a definite noun in a question."""
    out: list[tuple[str, str, bool]] = []
    for m in _THIS.finditer(message):
        if m.group(1).lower() in _NOT_A_REFERENT:
            continue  # "a jacket that doesn't fit", "this is": a relative or a subject, no thing pointed at
        if message[m.end(1):m.end(1) + 1] == "-":
            continue  # "that cancel-for-any-reason option": the first word of a compound, not the thing pointed at
        if _ADVERB.match(m.group(1)):
            # "does this actually take", "is that really true": an adverb after the demonstrative makes it the
            # pronoun subject of a verb, so the next word is that verb, never a kind of thing
            continue
        if _AUX_BEFORE.search(message[:m.start()]) and _OBJECT_AFTER.match(message[m.end(1):]):
            # "what will that cost me?", "how long does this take?": after a modal or "do", the demonstrative is
            # the subject and the next word its verb (taking an object or ending the question), no kind of thing
            continue
        if _BE_BEFORE.search(message[:m.start()]) and _PREDICATE_END.match(message[m.end(1):]):
            continue  # "is that normal?", "is this right or ...": a word said of "that", no kind of thing pointed at
        if m.group(0).lower().startswith(("these", "those")) and _earlier_statement(message[:m.start()]):
            continue  # "... company name and our tax ID. Could you re-issue it with those details?": the things just said
        out.append((m.group(1).lower(), m.group(1).lower(), True))
        if m.group(2):
            out.append((m.group(2).lower(), f"{m.group(1)} {m.group(2)}".lower(), True))
    out += [(m.group(1).lower(), m.group(1).lower(), True) for m in _POSSESSIVE.finditer(message)]
    out += [(m.group(1).lower(), m.group(1).lower(), False) for m in _NAMED_KIND.finditer(message)]
    for m in _DEMONSTRATIVE.finditer(message):
        if m.group(3):
            phrase = m.group(3).lower()
            before = re.sub(r"(?:the|this)\s+$", "", message[:m.start(3)], flags=re.I)
            if " " in phrase and _AUX_BEFORE.search(before):
                phrase = phrase.rsplit(" ", 1)[0]  # "does the clinic provide": the last word is the verb
            # "the bridge open", "the famous basketball player": the noun is the last word, or an earlier one
            out += [(word, phrase, False) for word in reversed(phrase.split())]
    return out


def _merge(first: list[str], more: list[str]) -> list[str]:
    out = list(first)
    for name in more:
        if not any(name.lower() in n.lower() or n.lower() in name.lower() for n in out):
            out.append(name)
    return out


_TITLE_SPLIT = re.compile(r"\s+[|•–—-]\s+|\s*\|\s*")


def _title_kinds(noun: str, passages: Sequence[Passage], *, people: bool) -> list[str]:
    """Distinct things of the kind ``noun`` that the passages are about, read from their titles: the title part that
    names the noun ("County of Alameda" in "Local Rules | Superior Court | County of Alameda"; "season 9" in "Grey's
    Anatomy (season 9)"). With ``people`` (a "this actor" / "the animal's" reference) and no title naming the noun,
    short titles that are different names are the candidates ("James Dean", "George Takei")."""
    # the noun as the thing the title is about, not as a modifier of another word ("Gift cards", "gift wrapping" are no
    # kinds of gift): a lower-case word right after it other than a preposition makes it a modifier
    word = re.compile(rf"(?<![\w-]){re.escape(noun)}s?\b(?!\s+(?!(?:of|in|for|at|on|and|or|to)\b)(?-i:[a-z]))", re.I)
    named: list[str] = []
    plain: list[str] = []
    for p in passages:
        parts = [t.strip() for t in _TITLE_SPLIT.split(p.title or "") if t.strip()]
        for part in parts:
            bracket = re.search(r"\(([^)]*)\)", part)
            if bracket and word.search(bracket.group(1)):
                named.append(bracket.group(1).strip())
                break
            if word.search(part) and len(part.split()) <= 6:
                named.append(re.sub(r"\s*\([^)]*\)", "", part).strip())
                break
        head = re.sub(r"\s*\([^)]*\)", "", parts[0]).strip() if parts else ""
        # a proper name ("LeBron James", "Bull Terrier"), not a page title ("Returns or refunds policy")
        if head and len(head.split()) <= 4 and all(w[:1].isupper() or w[:1].isdigit() for w in head.split() if len(w) > 2):
            plain.append(head)
    out = _merge([], [n for n in named if n.lower() != noun and n.lower() != noun + "s"])
    if len(out) < 2 and people and not named and len(_merge([], plain)) >= 2:
        out = _merge([], plain)
    return out


def _named_kinds(noun: str, phrase: str, passages: Sequence[Passage]) -> list[str]:
    """Distinct proper names of the kind ``noun`` in the passages: "<Name> library", "Hurricane <Name>", "minister
    of <Name>"."""
    word = rf"(?i:{re.escape(noun)}s?)"
    # case-sensitive: a name, not any word; a full stop only inside it ("St.Ives", "U.S"), never ending a sentence
    cap = r"(?:[A-Z][\w'-]*(?:\.[\w'-]+)*|\d+)"
    # the kind word written as part of the name ("Hurricane Isaac"), or followed by a number ("season 3"): a verb
    # that happens to precede a capitalised word ("take Full Cover") names nothing
    titled = rf"(?:(?-i:[A-Z]){re.escape(noun[1:])}s?)" if noun[:1].isalpha() else word
    patterns = [
        re.compile(rf"\b((?:{cap}[ \t]+){{1,3}}){word}\b"),  # Monterey Park Library
        re.compile(rf"\b(?:{titled}[ \t]+((?:{cap}[ \t]?){{1,3}})|{word}[ \t]+(\d+))"),  # Hurricane Isaac, season 3
        re.compile(rf"\b{word}[ \t]+of[ \t]+(?:the[ \t]+)?((?:{cap}[ \t]?){{1,3}})"),  # Prime Minister of Canada
    ]
    names: list[str] = []
    for p in passages:
        for i, pattern in enumerate(patterns):
            for hit in pattern.finditer(p.text):
                words = next((g for g in hit.groups() if g), "").split()
                if not words or words[0].lower() in _ARTICLES or not all(w[0].isupper() or w.isdigit() for w in words):
                    continue
                if (i == 0 and any(w.isdigit() for w in words)) or words[0].lower() in _QUESTION_WORDS:
                    continue  # "4 points" is a count; "Which type" a question
                if i == 0 and phrase != noun and " ".join(words).lower().endswith(phrase.split()[0]):
                    words = words[:-1]  # "Prime Minister" asked: "Canadian Prime Minister" names "Canadian"
                if not words:
                    continue
                name = hit.group(0).strip()
                key = " ".join(w.lower() for w in words)
                known = {re.sub(rf"\b{word}\b|\bof\b|\bthe\b", "", n.lower(), flags=re.I).strip() for n in names}
                # "State Library" adds nothing to "California State Library": one name within another is the same
                if key != noun and not any(key in k or k in key for k in known if k):
                    names.append(name)
    return names


# A problem reported without saying what it is: "there's a problem with my booking", "something's wrong with my
# account, can someone sort it"
# "my bill is wrong" says that something is wrong with it, not what (the amount, a reading, a charge on it)
_PROBLEM_WORD = re.compile(r"\b(?:problems?|issues?|trouble|something(?:'s| is)? (?:wrong|not right|off)|"
                           r"(?:a )?mix-?up|mistake|(?:is|are|'s|looks?|seems?)\s+(?:all\s+)?(?:wrong|incorrect|not right))\b",
                           re.I)
# what such a message says besides the problem: greetings, a plea for help, words for "someone"
_PLEA = set("""hi hiya hey hello dear morning afternoon evening someone anyone somebody anybody sort sorted
    fix fixed look looked into out asap soon possible urgently urgent thanks cheers regards theres there's seems
    seem seeing having had has got have with about regarding re from pls plz please thx ta
    today yesterday week month weekend recently lately""".split())
# a charge named by no amount or date ("what you took from my account"): which one it is, is what the reply must ask
_VAGUE_CHARGE = set("took taken take off charged charge charges billed paid payment payments".split())


_HAPPENED = set("stopped working work works broke broken wrong".split())


def vague_problem(message: str) -> str | None:
    """The customer's thing (possibly "") a message reports a problem with, when it says nothing of what the problem
    is ("hi, there's a problem with my booking, can someone sort it"): one question (what happened, and the
    reference) comes before any policy. None when the message says anything more."""
    if not _PROBLEM_WORD.search(message) or _ORDER_REF.search(message) or re.search(r"\d", message):
        return None  # (a figure, a date or a reading says what is wrong)
    own = [m.group(1).lower() for m in re.finditer(r"\b(?:my|our|the)\s+([a-z]{3,})\b", message, re.I)]
    things = {w for w in own if w not in _FILLER and w not in ("problem", "issue", "trouble", "mistake")}
    # (what happened, said in the filler's words, is still said: "the zip broke", "it stopped working")
    words = {w.lower() for w in _CONTENT.findall(_PROBLEM_WORD.sub(" ", message))} - (_FILLER - _HAPPENED) - _VAGUE_NOUNS - _PLEA \
        - _VAGUE_CHARGE
    if len(things) > 1 or words - things:
        return None
    return next(iter(things), "")


def _on_said_day(message: str, orders: Sequence[Order], on: date) -> list[Order]:
    """The orders placed, delivered or booked on a day the customer names ("came out yesterday", "your 12-5 slot on
    Tuesday"): the one they mean, where only one is."""
    days = {on - timedelta(days=int(e.days)) for e in elapsed_events(message, None, on) if e.days == int(e.days)}
    return [o for o in orders if days & ({d for d in (o.date, o.delivered_on) if d} | _item_days(o, on))]


_ITEM_DAY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTH_PATTERN}\b", re.I)


def _item_days(order: Order, on: date) -> set[date]:
    """The days an order's items name ("Engineer visit, Thu 26 Nov, 12pm-5pm"), in the year around ``on``."""
    out: set[date] = set()
    for item in order.items:
        for day, month in _ITEM_DAY.findall(item):
            number = next(i for i, name in enumerate(MONTH_NAMES, 1) if name.lower().startswith(month.lower()[:3]))
            for year in (on.year - 1, on.year, on.year + 1):
                try:
                    out.add(date(year, number, int(day)))
                except ValueError:
                    continue
    return out


def _thanks_only(ticket: Ticket) -> bool:
    """Praise to pass on, with no question asked: no order needs telling apart."""
    return "?" not in ticket.message and bool(_THANKS.search(ticket.message))


_THANKS = re.compile(r"\b(?:thank(?:s| you)|grateful|pass (?:it|this|that|on)|well done|brilliant|lovely)\b", re.I)


def _clarify_reason(ticket: Ticket, parts: MessageParts) -> str | None:
    message = ticket.message
    history = [t for t in ticket.history if t.role == "customer"]
    if history:
        return None  # the earlier turns say what "it" is
    thing = vague_problem(message)
    if thing is not None:
        return f"the message reports a problem{f' with the customer{chr(39)}s {thing}' if thing else ''} but not what it is"
    words = {w.lower() for w in _CONTENT.findall(message)} - _FILLER
    # ("hi its not working again": the greeting said, "it" is still no thing named)
    if _VAGUE_SUBJECT.search(_HELLO.sub("", message)) and len(words) <= 1:
        return "the message does not say which item or order it is about"
    # a few words about their own case that name nothing specific ("refund pls", "doesnt work", "what size should
    # i get"): a general question ("do you deliver to PO boxes?") is answered, this needs one detail first
    if len(message.split()) <= 5 and len(words - _VAGUE_NOUNS) <= 1 and not _GENERAL_QUESTION.search(message) \
            and not _ORDER_REF.search(message) and not (ticket.customer and ticket.customer.orders):
        return "the message does not say which item or order it is about, or what happened"
    profile = ticket.customer
    orders = profile.orders if profile else []
    if not orders and _CHARGE_UNNAMED.search(message) and _WHAT_FOR.search(message) and not re.search(r"\d", message):
        return UNNAMED_CHARGE
    if not orders and _TAKEN_TWICE.search(message) and not re.search(r"\d", message) and not _WHAT_FOR.search(message) \
            and not _CHARGED_FOR.search(message):
        # "you've taken money out TWICE this month": a duplicate, a retry or two different payments, which only
        # their dates and amounts tell apart ("why was I charged twice?" asks what the sources explain: pending
        # authorisations)
        return UNNAMED_PAYMENTS
    own_order = re.search(rf"\b(?:my|our)\s+(?:\w+\s+)?(?:order|parcel|package|delivery|stuff|shipment|purchase|{_HELD})s?\b",
                          message, re.I)
    if not orders and not _ORDER_REF.search(message) and (own_order or _OWN_VAGUE_THING.search(message)) and \
            _NOT_WORKING.search(message) and len(message.split()) <= SHORT_VAGUE_WORDS:
        # "my passes won't scan and we go in an hour", "the gadget isnt working, can someone call round": nothing on
        # the profile says which, and the message names nothing we could look up
        return "the message does not say which item or order it is about"
    if len(orders) >= 2 and not _ORDER_REF.search(message) and len(message.split()) <= SHORT_VAGUE_WORDS and \
            _VAGUE_DEMAND.search(message) and not any(_mentions(message, item) for o in orders for item in o.items) \
            and not _names_several(message, orders):
        # "I want a refund. Not impressed. Fix it." from someone with two bookings: which one, and what for
        return "more than one of the customer's orders could be meant"
    # "the order came and it's not right" from someone with two orders: one of theirs, which we cannot tell
    the_order = re.search(r"\bthe\s+order\b(?!\s+(?:number|no\b|id\b))", message, re.I)
    if any(a.kind in ("status", "reason") for a in parts.asks) and not orders and not _ORDER_REF.search(message) and \
            (own_order or re.search(r"\bwhere(?:'s| is| are) my\b", message, re.I)):
        return "the customer's order is not identified"  # "where is my order?" is answered by looking it up
    # "thanks for sorting my freeze ... when does my contract finish?": the order that is their plan (the profile's
    # tier) is the one meant where the message speaks of each other order as a thing of its own ("cancel my policy"
    # from someone holding two policies names neither: which one comes first)
    plan = [o for o in orders if profile and profile.tier and tier_among(profile.tier, [o])]
    if len(plan) == 1 and _PLAN_NAMED.search(message) and all(
            any(_mentions(message, item) for item in o.items) for o in orders if o is not plan[0]):
        return None
    if len(orders) >= 2 and (own_order or (the_order and not _GENERAL_QUESTION.search(message))) and \
            not _ORDER_REF.search(message) and not any(_mentions(message, item) for o in orders for item in o.items):
        return "more than one of the customer's orders could be meant"
    # "please call off my lesson" from someone with two lessons still to come: which one (a visit done is no
    # longer theirs to change)
    # ... and "the part your plumber replaced is dripping again" from someone with two jobs done: which one
    coming = [o for o in orders if not _CLOSED.match(o.status or "")]
    meant = coming if _OWN_VISIT.search(message) else orders if _JOB_THING.search(message) else []
    if len(meant) >= 2 and not _ORDER_REF.search(message) and \
            not any(_mentions(message, item) for o in meant for item in o.items) and \
            len(_on_said_day(message, meant, ticket.today or today())) != 1:
        return "more than one of the customer's orders could be meant"
    own = re.search(r"\bmy (?:order|parcel|package|delivery)\b|\bi was charged\b|\bcharged (?:me )?the wrong\b", message, re.I)
    # ("how do I get a receipt for my order?" asks for the general steps, which need no order number)
    if own and not _ORDER_REF.search(message) and not orders and len(words) <= 3 and \
            not any(a.kind == "steps" for a in parts.asks):
        return "the customer's order is not identified"
    if orders and len(orders) >= 2 and not _ORDER_REF.search(message):
        # "I want to return the shoes" with two orders holding shoes: which one?
        # a product named in full picks its order; a bare "the shoes" does not (a loafer is a shoe too)
        strong = [o for o in orders if any(_mentions(message, item) >= min(2, _size(item)) for item in o.items)]
        weak = [o for o in orders if any(_mentions(message, item) for item in o.items)]
        # (one order weakly named beside orders that are only the customer's plan or membership, "my key card" beside
        # a past replacement card and a Resident membership, is no choice between things: a loafer beside "the shoes"
        # might be)
        held_only = len(weak) == 1 and all(re.search(rf"\b(?:{_HELD})\b", item, re.I) for o in orders if o not in weak
                                           for item in o.items)
        # ... and a thing named in full beside the plan that covers it ("I lost my trail camera; I'm on the Gadget
        # Shield plan") is that thing, under that plan: no choice between them
        things = [o for o in strong if not all(re.search(rf"\b(?:{_HELD})\b", item, re.I) for item in o.items)]
        if len(strong) >= 2 and len(things) == 1:
            return None
        # ... and the boxes of one plan ("Office plan box" delivered twice) are that plan, not a choice between them
        if len(strong) >= 2 and not things and len({tuple(o.items) for o in strong}) == 1:
            return None
        if len(strong) != 1 and weak and not held_only and _OWN_ITEM.search(message) and \
                not _names_several(message, weak) and \
                len(_on_said_day(message, weak, ticket.today or today())) != 1 and not _thanks_only(ticket):
            return "more than one of the customer's orders matches the message"
    return None


# a visit or session of theirs, unnamed: "my appointment", "our lesson", "my stay"
_OWN_VISIT = re.compile(r"\b(?:my|our)\s+(?:\w+\s+)?(?:appointment|visit|lesson|session|class|stay|trip|tour)s?\b", re.I)
# a thing of a job we did, unnamed: "the bit your fitter changed", "the part you replaced"
_JOB_THING = re.compile(r"\b(?:the|that|this)\s+(?:thing|part|bit|one)\s+(?:you|your\s+\w+|the\s+\w+|they|he|she)\s+"
                        r"(?:fixed|repaired|replaced|installed|fitted|serviced|changed)\b", re.I)
# a record the customer can no longer change
_CLOSED = re.compile(r"(?:completed|delivered|cancel+ed|refunded|returned|closed|past|attended|done)\b", re.I)


# the customer's own thing reported as never having arrived ("my box never came", "our delivery still hasn't
# turned up")
_NOT_ARRIVED = re.compile(r"\b(?:my|our)\s+(?:[a-z]+\s+){0,2}?[a-z]+\s+(?:has\s+|have\s+)?(?:never|still\s+(?:hasn'?t|"
                          r"has\s+not|not)|hasn'?t|has\s+not|didn'?t|did\s+not)\s+(?:yet\s+)?(?:came|come|arrived?|"
                          r"turned\s+up|showed\s+up|shown\s+up|been\s+delivered|got\s+here)\b", re.I)
_PLAN_NAMED = re.compile(r"\b(?:my|our)\s+(?:\w+\s+)?(?:contract|plan|membership|subscription|policy|tariff)\b", re.I)


def _names_several(message: str, orders: Sequence[Order]) -> bool:
    """The message states the amounts of two or more of these orders ("£86 on the 2nd and another £86 on the 3rd",
    "my salary (£1,800) goes in every month"): it is about them all, not one of them to pick."""
    said = {float(n.replace(",", "")) for n in re.findall(r"(?<![\w.])\d[\d,]*(?:\.\d+)?", message)}
    # ("our three units", "both bookings", "all my orders": the customer speaks of them together)
    return sum(1 for o in orders if o.amount and o.amount in said) >= 2 or bool(_SEVERAL_OWN.search(message))


_SEVERAL_OWN = re.compile(r"\b(?:our|my|i have|i've got|there are)\s+(?:two|three|four|five|six|\d+)\s+"
                          r"(?!(?:days|weeks|months|hours|minutes|years|times|nights)\b)[a-z]+s\b|"
                          r"\bboth\s+(?:of\s+)?(?:my|our|the)\b|\ball\s+(?:of\s+)?(?:my|our)\s+[a-z]+s\b", re.I)


# what the payments were for, said: "charged twice for the same order" (the sources explain a duplicate on an order)
_CHARGED_FOR = re.compile(r"\bfor\s+(?:the|my|one|an?|this|our)\s+(?:same\s+)?[a-z]{3,}|\b(?:order|purchase|booking|invoice|"
                          r"subscription)\b", re.I)
UNNAMED_PAYMENTS = "the message does not say which payments it is about (their amounts and dates)"
_TAKEN_TWICE = re.compile(r"\b(?:charged|billed|debited|taken|took|paid|came out|gone out|went out)\b[^.?!]{0,40}"
                          r"\b(?:twice|two times|double|three times)\b|\b(?:double|duplicate)[- ]?(?:charged|payments?|"
                          r"charges?|debits?)\b", re.I)
# "I've been charged a fee and I don't understand what it's for": a charge named by no amount, date or name
UNNAMED_CHARGE = "the message does not say which charge it is about (its amount and date)"
_CHARGE_UNNAMED = re.compile(r"\b(?:charged|billed|debited|taken)\b[^.?!]{0,20}\b(?:a|an|some|this|that)\s+(?:\w+\s+)?"
                             r"(?:fee|charge|payment|amount)\b|\b(?:a|an|some|this)\s+(?:\w+\s+)?(?:fee|charge)\b[^.?!]{0,30}"
                             r"\b(?:on my|taken|charged|came out)\b", re.I)
_WHAT_FOR = re.compile(r"\bwhat\b[^.?!]{0,25}\bfor\b|\bexplain\b|\bwhy\b|\bwhat (?:is|was) (?:it|this|that)\b|"
                       r"\b(?:don'?t|do not|dont) (?:understand|recogni[sz]e|know)\b", re.I)


def _mentions(message: str, item: str) -> int:
    """How many of the item's words the message names."""
    item_words = {w.lower().rstrip("s") for w in re.findall(r"[a-z0-9]+", item, re.I) if len(w) > 1 or w.isdigit()}
    msg = {w.lower().rstrip("s") for w in re.findall(r"[a-z0-9]+", message, re.I)}
    return len(item_words & msg)


def _size(item: str) -> int:
    return len({w for w in re.findall(r"[a-z0-9]+", item, re.I) if len(w) > 1 or w.isdigit()})


_OWN_ITEM = re.compile(r"\b(?:the|my|these|those|this|that)\s+\w+", re.I)
