"""The customer's problem in the agent's own words: an issue type, the thing it is about, its impact.

The acknowledgement of a reply names the specific problem without copying the customer's text (copying
echoes typos, shouting, sarcasm and anything an attacker wrote). The issue type comes from cue lists; the
object is the customer's product when the profile names it, else one plain noun from the message ("jacket"),
else the order; the impact is a deadline or event the customer mentions ("before a trip").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.asks import named_objects
from assistant.types import Order

_BODY = r"(?:arm|leg|wrist|ankle|foot|hand|finger|thumb|head|back|knee|hip|shoulder|toe|neck|nose|rib|elbow)s?"
BODY_PART = _BODY  # (the hand-over's safety cue reads a broken bone the same way)
# (someone who "could get hurt", "is going to get seriously hurt" is a risk, not an injury: the safety kinds read it)
_PET_WORDS = r"(?:dog|cat|puppy|kitten|horse|pony|rabbit)"
_INJURY = re.compile(rf"\b(?:(?:got|was|were|been|being|is|am|are|(?<!going to )(?<!gonna )(?<!could )(?<!will )"
                     rf"(?<!would )(?<!might )(?<!may )(?<!can )(?<!to )get) (?:badly |seriously )?hurt|"
                     rf"hurt (?:my|his|her|their|our|him|them|me|myself|himself|herself|themselves)(?! feelings)\b|"
                     rf"injur(?:ed|y|ies|ing)|fell (?:down|over|on|off|from)|slipped (?:on|and|over)|"
                     rf"tripped (?:on|over)|(?:broke|broken|sprained|twisted|cut|burn(?:ed|t)|fractured) (?:my|his|her|their|our)"
                     rf" {_BODY}|"
                     # an animal in our care hurt: "the walker nicked my dog's paw"
                     rf"(?:cut|nicked|burn(?:ed|t)|injured|hurt|bit|scratched) (?:my|our) {_PET_WORDS}(?:['’]s \w+)?)\b",
                     re.I)
# a product that became unsafe hurting someone is the product's safety issue
_UNSAFE_THING = re.compile(r"\b(?:smok\w+|caught fire|sparks?|overheat\w*|melt\w*|explod\w*|electric shock|shocked)\b", re.I)
# a service the customer is without (telecoms, utilities, software): what is out, said back as "you've had no signal"
_SERVICES = r"(?:signal|service|internet|connection|power|electricity|water|hot water|heating|gas|coverage|reception|" \
            r"wi-?fi|broadband|phone line|dial tone|network|mobile data|data)"
_OUTAGE = re.compile(rf"\b(?:no|zero) ({_SERVICES})\b(?! (?:charge|fee|cost|problem|issue)s?\b)|"
                     rf"\b(?:(?:my|our|the|your) )?({_SERVICES}|app|site|website|system|platform|account)\s+"
                     rf"(?:has|have|had) been (?:completely )?(?:down|out|off|cut off)\b|"
                     rf"\b(?:(?:my|our|the|your) )?({_SERVICES}) (?:is|was|are|were|went|keeps going|goes) (?:completely )?"
                     rf"(?:down|out|off|cut off)\b|\b(?-i:(?!I\b)([A-Z][\w-]+)) (?:has|have) been down\b", re.I)
_NOT_LOST = (r"(?:parcel|package|order|delivery|shipment|refund|money|patience|job|temper|track|count|interest|faith|"
             r"trust|mind|way|"
             # a pronoun names nothing the acknowledgement can say back ("lost mine": never "you've lost your mine")
             r"mine|ours|yours|hers|his|theirs|it|them|one|something|everything|"
             # a quantity or a time lost, not a thing: "lost some hours at work", "lost a lot of sleep"
             r"some|any|all|most|much|many|several|lots|hours?|days?|weeks?|months?|time|sleep|weight|sight|touch|hope)")
# (a side or a spare is no thing: "lost my left earring" is an earring, its second word a compound's)
_LOST_OWN = re.compile(rf"\b(?P<lost>lost|misplaced)\s+(?:my\s+|our\s+|the\s+)?(?:(?:left|right|spare|other|second)\s+)?"
                       rf"(?!{_NOT_LOST}\b)(?P<what>[a-z]{{3,}}(?:\s+(?:card|aids?|keys?|pass|case|bag|charger|glasses|"
                       rf"phone|ring|tag|fob))?)\b|"
                       r"\b(?:left|forgot)\s+(?:my|our)\s+(?P<behind>(?:[a-z]+\s+){0,2}?[a-z]{3,})\s+(?:on|in|at)\s+(?:the|your|a)\b",
                       re.I)
# whom it happened to: "my son" -> "your son"; else the customer
_PERSON = re.compile(r"\bmy (son|daughter|child|kid|boy|girl|husband|wife|partner|father|mother|dad|mum|mom|friend|"
                     rf"brother|sister|grandson|granddaughter|baby|{_PET_WORDS[3:-1]})\b", re.I)

# the people a customer waits for at an appointment, and the ways of saying they never came (or missed it)
_VISITOR = (r"engineer|technician|installer|fitter|plumber|electrician|courier|driver|instructor|trainer|tutor|teacher|"
            r"guide|nurse|doctor|therapist|inspector|surveyor|assessor|cleaner|contractor|builder|mechanic|repair ?(?:man|person)")
_NO_SHOW = re.compile(
    rf"\b(?P<who>{_VISITOR})s?\b[^.?!]{{0,30}}\b(?:never|didn'?t|did not|hasn'?t|has not|haven'?t|have not|failed to|"
    r"still (?:hasn'?t|has not))\s+(?:(?:yet|even)\s+)?(?:turn(?:ed)? up|show(?:ed|n)? up|come|came|arrived?|appeared?)\b|"
    r"\bno[- ]show\b|\b(?:nobody|no one|no-one)\s+(?:ever\s+)?(?:came|turned up|showed up|arrived)\b|"
    rf"\b(?:(?P<whom>{_VISITOR})s?|you)\s+(?:missed|skipped|didn'?t (?:come to|attend|keep)) (?:my|our|the) "
    r"(?P<what>(?:\w+ )?(?:appointment|visit|booking|slot|session|lesson|class|installation|pick-?up|collection))\b",
    re.I)

# an amount charged to the customer ("£95.50 on my statement", "I owe £320 for a scratch", "£150 because ..."), and
# the words that say they question it; money held (a deposit still pending) is its own problem
_AMOUNT = r"[£$€]\s?\d[\d,]*(?:\.\d{2})?"
_CHARGED_AMOUNT = re.compile(
    rf"\b(?:charged|billed|owe|taken|took|debited|deducted)\b[^.?!]{{0,25}}(?P<a1>{_AMOUNT})|"
    rf"(?P<a2>{_AMOUNT})[^.?!]{{0,25}}\b(?:(?:on|to|off|from) my (?:card|statement|bill|account)|charge[sd]?|fee|taken|debited)\b|"
    rf"(?P<a3>{_AMOUNT})\s+(?:just\s+)?(?:because|for (?:a|an|the|my|some|what))\b", re.I)


def _amount(match: re.Match[str]) -> str:
    """The amount a money cue matched, written without a space ("£95.50")."""
    groups = match.groupdict()
    said = next((groups[g] for g in ("a1", "a2", "a3") if groups.get(g)), match.group(0))
    return said.replace(" ", "")
_QUESTIONED = re.compile(
    r"\?\?|!{2,}|\b(?:daylight )?robbery\b|\brip[- ]?off\b|\bscam\b|\bsurely\b|\b(?:nobody|no one|never) (?:told|mentioned|"
    r"said|agreed)\b|\bhow (?:do|can|did|could) you\b|\bdispute\w*|\bunfair\b|\bnot fair\b|\btiny\b|\bbarely\b|"
    r"\bfor what\b|\bbecause\b|\b(?:wasn'?t|not) (?:me|my fault)\b|\bjoke\b|\bridiculous\b|\bextort\w*|\babsurd\b|"
    r"\balready (?:there|on (?:the|it))\b|\bwhy (?:have|has|did|was|were|am|are) (?:you|i|we)\b", re.I)
# a charge still to come: "will I pay", "would I be charged", "if I switch ... the £100 fee"
_HYPOTHETICAL = re.compile(r"\b(?:will|would|could|shall|going to|gonna|if)\b(?![^.?!]*\b(?:already|now)\b)[^.?!]*$", re.I)
_HELD_MONEY = re.compile(
    rf"\b(?:hold|held|pending|frozen|blocked|pre-?authori[sz]\w*)\b[^.?!]{{0,60}}\b(?:still|yet|not (?:been )?(?:released|back))\b|"
    rf"\b(?:still|yet)\b[^.?!]{{0,60}}\b(?:hold|held|pending|frozen|blocked)\b", re.I)

# (issue type, cue, how the agent says it: {obj} is "your jacket" / "your order")
# someone close to the customer died: said with care, before anything else ("my dad died" is no device that died)
_RELATIVE = (r"dad|father|mum|mom|mother|husband|wife|partner|son|daughter|brother|sister|grandma|grandpa|grandmother|"
             r"grandfather|gran|granny|nan|nana|grandad|uncle|aunt|auntie|friend|child|baby|fianc[ée]e?")
# a pet, whose death a company caring for animals meets as any other ("we had to put her to sleep")
PET = r"(?:dog|cat|puppy|kitten|pet|horse|pony|rabbit|bunny|parrot|budgie|ferret|guinea pig|hamster)"
FIGURATIVE_DEATH = r"(?!\s+(?:laughing|of (?:laughter|embarrassment|shame|boredom)))"  # "he died laughing" is no death
_BEREAVED = re.compile(
    rf"\b(?:my|our)\s+(?:late\s+)?(?P<who>{_RELATIVE}|{PET})\b[^.?!]{{0,30}}\b(?:died|passed away|passed on|has passed|"
    rf"is dead|was killed|(?:was|were|had to be) put to sleep|(?:was|were|had to be) euthani[sz]ed)\b{FIGURATIVE_DEATH}|"
    rf"\blost (?:my|our) (?P<lost>{_RELATIVE})\b|\b(?:bereavement|funeral)\b|"
    # "on behalf of my mother, Ada Moss. She passed away last week": the death told of her in the next sentence
    # ("my wife Ada always kept the accounts but she passed away")
    rf"\b(?:my|our)\s+(?:late\s+)?(?P<told>{_RELATIVE})\b[^?!]{{0,100}}?(?:[.,;]\s+|\s+(?:but|and)\s+)(?:he|she|they|who)\s+"
    r"(?:has\s+|have\s+|sadly\s+)?"
    rf"(?:died|passed away|passed on)\b{FIGURATIVE_DEATH}|"
    # "we said goodbye to Biscuit at the weekend", "we had to put Rosie to sleep": a pet named as the customer calls it
    r"\bsaid (?:our |my )?(?:final |last )?goodbyes? to (?P<named>(?-i:[A-Z])[a-z]+)\b|"
    rf"\bsaid (?:our |my )?(?:final |last )?goodbyes? to (?:my|our) (?:\w+ )?(?P<bye>{_RELATIVE}|{PET})\b|"
    r"\bput (?P<slept>(?-i:[A-Z])[a-z]+) to sleep\b|\bhad to put (?P<down>(?-i:[A-Z])[a-z]+) down\b|"
    # "Our sweet boy Rusty passed away": someone of theirs named as they call them
    r"\b(?:my|our)\s+(?:\w+\s+){0,2}?(?:girl|boy|baby|darling|friend|companion)\s+(?P<passed>(?-i:[A-Z])[a-z]+)\s+"
    r"(?:has\s+|sadly\s+)?(?:died|passed away|passed on)\b|"
    # "Dad passed away on the 9th": a parent named as the customer calls them (not "her mother died")
    r"(?<!his )(?<!her )(?<!their )(?<!your )(?<!a )(?<!the )\b(?P<bare>dad|mum|mom|mother|father|grandma|grandpa|"
    r"gran|granny|nan|nana|grandad)\s+(?:has\s+)?(?:died|passed away|passed on|passed)\b", re.I)
# how ``describe_issue`` says a bereavement (the acknowledgement meets it with condolences)
BEREAVEMENT_PHRASE = re.compile(rf"^you've (?:lost your (?:{_RELATIVE}|{PET})|lost (?-i:[A-Z])[a-z]+|had a bereavement)$",
                                re.I)

# "of the apartment", "of my van": a place one is locked out of (an account is not one)
_OF_A_PLACE = (r" of (?:the|my|our|his|her) (?:\w+ )?(?:apartment|flat|house|home|room|unit|car|van|building|office|place|"
               r"garage|shed)\b")

_ISSUES: list[tuple[str, re.Pattern[str], str]] = [
    (kind, re.compile(cue, re.I), phrase) for kind, cue, phrase in [
        # a delivery the driver marked as missed ("your van man says no one was home, AGAIN"): before the charges, since
        # such a message often disputes the redelivery fee too
        ("missed_attempt", r"\b(?:says?|said|claim(?:s|ed)?|mark(?:s|ed)?|card(?:s|ed)?|note|wrote)\b[^.?!]{0,40}\b"
                           r"(?:(?:nobody|no one|no-one|noone)\s+(?:was\s+)?|(?:i|we)\s+(?:wasn'?t|was not|weren'?t|were not|"
                           r"wasnt|werent)\s+)(?:home|in|in the house|there|answered|available)\b|"
                           r"\b(?:missed|failed) delivery\b|\bdelivery attempt\b",
         "your delivery was marked as missed"),
        # a claim, an application or an appeal of theirs turned down ("your repairs desk rejected my warranty claim"):
        # said as that, never as a failed payment or as something that arrived damaged
        ("claim_refused", r"\b(?:rejected|declined|refused|turned down|denied)\s+(?:my|our|his|her|their|the)\s+"
                          r"(?P<what>(?:[a-z-]+\s+)?(?:claim|application|appeal|request|complaint))\b|"
                          r"\b(?:my|our|his|her|their|the)\s+(?P<what2>(?:[a-z-]+\s+)?(?:claim|application|appeal))\s+"
                          r"(?:was|has been|got|had been)\s+(?:rejected|declined|refused|turned down|denied)\b",
         "your {what} was turned down"),
        ("double_charge", r"\b(?:charged|charging|billed|billing|taken|debited)\b(?:[^.?!]|(?<=\d)\.(?=\d)){0,30}\b(?:twice|two times|double|2x)\b|"
                          r"\bdouble[- ]charged\b|\bduplicate (?:charge|payment)s?\b|"
                          r"\btwo (?:identical |duplicate |separate |matching )?(?:charges|payments|transactions)\b",
         "you were charged twice"),
        # a payment taken after the customer cancelled: "you took £29.99 even though I cancelled in September"
        ("charged_after_cancel", r"\b(?:charged|billed|took|taken|debited|deducted|came out|went out)\b(?:[^.?!]|(?<=\d)\.(?=\d)){0,60}"
                                 r"\b(?:after|even though|although|though|despite)\b[^.?!]{0,30}\bcancell?(?:ed|ing|ation)\b|"
                                 r"\bcancell?ed\b[^.?!]{0,60}\b(?:still|but|yet)\b[^.?!]{0,20}\b(?:charged|billed|took|taken|"
                                 r"debited)\b",
         "you were charged after you cancelled"),
        ("wrong_charge", r"\b(?:over ?charged|wrong amount|charged (?:me )?(?:more|too much|the wrong)|extra (?:fee|charge))\b",
         "the amount you were charged doesn't look right"),
        ("wrong_charge", r"\b(?:still|also) (?:charged|billed)\b|\b(?:charged|billed) (?:me )?(?:again|anyway|after)\b",
         "you were charged when you didn't expect to be"),
        ("unknown_charge", r"\b(?:charge|payment) (?:i|that i) (?:don'?t|do not) recogni[sz]e\b|\bunknown charge\b|"
                            r"\bwhat is\b[^.?!]{1,40}\bon my (?:card|statement|bill|bank)\b|"
                            r"\b(?:don'?t|do not) remember (?:signing up|subscribing|ordering|buying)\b",
         "there's a charge you don't recognise"),
        # ("declined" and "rejected" of a payment or a card: a claim or an application rejected is no failed payment)
        ("declined", r"\b(?:(?<!claim )(?<!claim was )(?<!claim has been )(?<!application was )(?<!application )"
                     r"(?:declined|rejected)(?! (?:my|our|the|his|her) (?:claim|application|request|appeal|complaint)\b)|"
                     r"won'?t go through|didn'?t go through|payment failed|failed payment|"
                     # a direct debit or a cheque that came back unpaid
                     r"(?:debit|payment|cheque|check)s? (?:has |have )?bounced|bounced (?:debit|payment|cheque|check)s?|"
                     r"(?:debit|payment) (?:has |have )?failed)\b",
         "your payment didn't go through"),
        ("bereavement", _BEREAVED.pattern, "you've lost your {who}"),
        # someone hurt (on our premises, or the reason they cannot travel or come): said about the person, never an item
        ("injury", _INJURY.pattern, "{who} got hurt"),
        # money the customer says we hold or took and they question: said with its amount, never their words
        ("held_money", _HELD_MONEY.pattern, "the {amount} hold on your card hasn't been released yet"),
        ("disputed_charge", _CHARGED_AMOUNT.pattern, "you've been charged {amount}"),
        # "I've broken my leg" is something that happened to the customer, not an item that arrived damaged
        ("damaged", r"(?<!\bi )(?<!\bi've )(?<!\bi have )(?<!\bwe've )(?<!\bwe )"
                    r"\b(?:damaged|broken|broke|cracked|shattered|dented|smashed|torn|ripped(?! off)|crushed|scratched|leak\w*)\b",
         "{obj} arrived damaged"),
        ("damaged", r"\b(?:tear|hole|dent|crack|scratch|rip|chip)s? (?:in|on|at|along|across)\b", "{obj} arrived damaged"),
        ("wrong_item", r"\b(?:received|got|sent|arrived|came|delivered)\b[^.?!]{0,25}\bwrong (?:item|product|size|colou?r|one|"
                       r"thing|order)\b|\bwrong (?:item|product|one|thing) (?:arrived|came|was sent)\b|\bnot what i ordered\b|"
                       r"\bsent me (?:a|the) wrong\b|\bordered\b[^.?!]{1,50}(?:,|\band\b|\bbut\b)\s*(?:i )?(?:got|received|they sent|you sent)\b",
         "you received the wrong item"),
        # a person who was to come (an engineer's visit, a lesson, a pick-up) and did not: an appointment missed, not a
        # parcel that has not arrived
        ("no_show", _NO_SHOW.pattern, "{who} didn't turn up as arranged"),
        # a parcel or a refund that is "missing" never arrived: not an item missing from a box
        ("not_arrived", r"\b(?:parcel|package|order|delivery|shipment)\s+(?:is\s+|was\s+)?(?:still\s+)?missing\b",
         "{obj} hasn't reached you yet"),
        ("refund_missing", r"\bmissing (?:refund|money|payment)\b", "your refund hasn't reached you yet"),
        ("missing", r"\b(?:isn'?t|aren'?t|wasn'?t|weren'?t|not) in the (?:box|parcel|package)\b|"
                    r"\bonly the \w+(?: \w+)? (?:came|arrived)\b|"
                    r"\bmissing\b(?! something)|\bonly (?:\d+|one|two|three|half|some|part) (?:of|out of)\b|\b(?:only|just) (?:got|received) (?:one|two|\d+|part)\b", "something is missing from {obj}"),
        ("refund_missing", r"\b(?:no|(?:haven'?t|have not|hasn'?t|has not|didn'?t|did not|not|never|still not)\s+"
                           r"(?:yet\s+)?(?:got(?:ten)?|received|seen|had)|still (?:no|waiting for|waiting on))"
                           r"(?:\s+(?:my|the|a|any|your|our))?\s+(?:refund|money back)\b|"
                           r"\brefund (?:hasn'?t|has not|never|still)\b|\bwhere(?:'s| is) my (?:refund|money)\b",
         "your refund hasn't reached you yet"),
        ("stolen", r"\b(?:stole|stolen|took|taken)\b[^.?!]{0,30}\b(?:package|parcel|delivery|box)\b|"
                   r"\b(?:package|parcel)\b[^.?!]{0,30}\bstolen\b", "{obj} was taken after it was delivered"),
        # the customer's own thing stolen from them (a phone, a bag, a card): not a delivery that went missing
        ("theft", r"\b(?:my|our)\s+(?:[a-z]+\s+){0,2}?(?:was|were|got|has been|have been|had been)\s+stolen\b|"
                  r"\bsomeone stole (?:my|our)\b", "{obj} was stolen"),
        ("lost", r"\b(?:says|said|shows?|showed|marked(?: as)?) (?:it was |as )?delivered\b[^?!]{0,60}"
                 r"(?:\bnot\b|\bnever\b|\bnothing\b|n't\b)", "{obj} shows as delivered but hasn't reached you"),
        # stalled for days, said with its duration: a parcel that may be lost (not yet: "hasn't moved" alone)
        ("stalled", r"\b(?:tracking|it|parcel|package|order)\b[^.?!]{0,30}\b(?:hasn'?t|has not|not|haven'?t) (?:moved|updated|"
                    r"changed)\s+(?:in|for|since|over)\s+(?:\d+|a|two|three|four|five|six|seven|ten|several|many)?\s*(?:days?|weeks?)\b",
         "the tracking for {obj} has stopped moving"),
        # tracking stuck on one status since a date, or with nothing since: "has said 'in transit' since the 16th"
        ("stalled", r"\b(?:tracking\b[^.?!]{0,60}|stuck (?:at|on|in)\b[^.?!]{0,40})\b(?:since|for (?:days|a week|weeks|ages))\b|"
                    r"\bnothing since\b|"
                    r"\bno (?:tracking )?(?:updates?|movement|scans?) (?:since|for|in)\b",
         "the tracking for {obj} has stopped moving"),
        ("not_arrived", r"\b(?:still|never)\s+(?:hasn'?t\s+|has not\s+|not\s+)?(?:been\s+)?shipped\b",
         "{obj} hasn't shipped yet"),
        ("not_arrived", r"\b(?:hasn'?t|has not|haven'?t|have not|never|didn'?t|did not|still not|not yet)\s+"
                        # ("didn't come back" on: a supply restored late, not a delivery)
                        # (nor "never received any letters": a notice or a reply not received, not a delivery)
                        r"(?:arrived|come|turned up|been delivered|received|got(?:ten)?)\b(?!\s+(?:back|on|through)\b)"
                        r"(?!\s+(?:any\s+|a\s+|an\s+|the\s+|your\s+|one\s+)?(?:letters?|e-?mails?|notices?|messages?|"
                        r"texts?|calls?|repl(?:y|ies)|responses?|notifications?|reminders?|warnings?|invoices?|"
                        r"statements?)\b)|"
                        r"\bwhere(?:'s| is) my\b|"
                        r"\bstill waiting\b|\b(?:lost|stuck) (?:in transit|parcel|package)\b",
         "{obj} hasn't reached you yet"),
        ("deadline", r"\b(?:won'?t|will not|might not|may not|wouldn'?t|not going to)\s+(?:arrive|get here|be here|come|"
                     r"make it|be delivered)\b", "{obj} might not reach you in time"),
        # a journey, a visit or a delivery that came late by a stated time: said in the past, as it happened
        ("arrived_late", r"\b(?:arrived|came|got (?:in|there|here|back)|docked|landed|turned up|showed up)\s+"
                         r"(?:about\s+|over\s+|nearly\s+|almost\s+|more than\s+)?(?:\d+|an?|one|two|three|four|five|six|"
                         r"half an?)(?:\s+and\s+a\s+half)?\s+(?:minutes?|mins?|hours?|hrs?|days?)\s+late\b",
         "{obj} arrived late"),
        ("late", r"\b(?:is|are|was|were|running|arrived|been|came|still) (?:\w+ )?late\b|\bdelayed\b",
         "{obj} is running late"),
        # the website failing comes before a device failing: "checkout doesn't work with my screen reader"
        ("site", r"\b(?:website|site|app|checkout|page|button)\b[^.?!]{0,40}(?:\b(?:doesn'?t|didn'?t|won'?t|isn'?t|wasn'?t|"
                 r"not|can'?t)\s+(?:work\w*|load\w*|read\w*|let\w*|open\w*|respond\w*|show\w*|there|appear\w*)|"
                 r"\bis gone\b|\bbroken\b|\berror\b|\bcrash\w*)", "part of our website didn't work for you"),
        # a service that is down or missing: "no signal since Saturday", "the internet has been down all day"
        ("no_service", _OUTAGE.pattern, "{service}"),
        ("not_working", r"(?<!\bi )(?<!\bwe )\b(?:didn'?t|don'?t) (?:work\b(?! out)|charge|turn on|switch on|power on|connect|pair)|"
                        r"\b(?:stopped|quit|won'?t|doesn'?t|does not|isn'?t|wasn'?t|aren'?t|weren'?t|not) (?:working|work|charge|charging|turn on|"
                        r"switch on|power on|connect|pair)\b|\bdied\b|\bfaulty\b|\bdefective\b|\bmalfunction\w*",
         "{obj} isn't working as it should"),
        ("fit", r"\b(?:too (?:small|big|large|tight|loose|short|long)|(?:doesn'?t|dosen'?t|dosent|don'?t|does not|do not) fit)\b",
         "{obj} doesn't fit"),
        ("quality", r"\b(?:shrunk|shrank|faded|fading|pilling|peeling|separating|coming apart|fell apart|came apart|falling apart|poor quality|"
                    r"cheaply made|stain\w*)\b", "{obj} hasn't held up the way it should"),
        # locked out of a place: their home, a unit, a car (not an account)
        ("locked_out", rf"\blocked out{_OF_A_PLACE}|\b(?:locked|lost) (?:my|our|the) (?:\w+ )?keys?\b[^.?!]{{0,40}}"
                       r"\b(?:can'?t|cannot) get in\b", "you're locked out"),
        ("login", rf"\b(?:can'?t|cannot|unable to|won'?t let me) (?:log ?in|sign ?in|access)\b|\blocked out\b(?!{_OF_A_PLACE})|"
                  r"\bpassword\b[^.?!]{0,30}\b(?:doesn'?t|not|won'?t)\b", "you can't get into your account"),
        # something of the customer's own that they lost or left behind (a phone, a card, glasses on a ferry): not
        # a parcel that went missing, which the delivery kinds read; after a
        # login problem it causes ("lost my phone and can't log in" is about the account)
        ("lost_own", _LOST_OWN.pattern, "{thing}"),
        ("cancelled", r"\b(?:was|got|been) cancell?ed\b|\byou(?: guys)? cancell?ed (?:my|our|the)\b", "{obj} was cancelled"),
        ("unauthorised", r"\b(?:did ?n[o']t (?:place|make|order|authori[sz]e)(?! an? account)|never (?:placed|ordered|authori[sz]ed)|"
                         r"unauthori[sz]ed|hacked|fraud\w*)\b", "there's activity on your account you didn't authorise"),
        ("safety", r"\b(?:smok\w+|caught fire|fire|spark\w*|scorch\w*|overheat\w*|melt\w*|burn\w*|shock\w*)\b",
         "{obj} became unsafe to use"),
    ]
]
_IMPACT = re.compile(r"\b(?:(?:my|our)\s+(\w+)'s\s+)?(birthday|wedding|anniversary|holiday|trip|flight|event|party|funeral|"
                     r"christmas|exam|interview)\b", re.I)
# plain product nouns a customer names; we repeat the noun, never their sentence
# (a word cut by an apostrophe is a contraction, "hasn't", never a noun)
_NOUN_AFTER = re.compile(r"\b(?:my|the|our|this|these|a|an|new)\s+([a-z]{3,}(?![-'’])(?:\s+[a-z]{3,}(?![a-z'’-]))?)\b", re.I)
_VERBISH = re.compile(r"^(?:\w+ed|\w+ing|is|are|was|were|has|have|had|came|broke|got|with|from|for|and|but|that|which|"
                      r"just|still|only|isn|doesn|won|didn|hasn|haven|wasn|weren|aren|couldn|shouldn|wouldn|(?:is|does|wo|did|has|have|was|were|are|could|should|would|ca|do)nt|can|its|one|two|some|all|any|not|never|today|yesterday|now|again|"
                      r"off|out|back|too|very|really|days|weeks|months|ago|"
                      r"you|your|they|them|she|him|her|his|its|we|me|it|this|that|those|these|who|what|here|there|"
                      r"lost|stuck|gone|late|missing|yet|ok|okay|fine|done|at|in|on|to|of|by|as|so|is|am|be|without|about|after|"
                      r"before|since|into|onto|over|under|again|anymore|"
                      # a quantity or a stretch of time, never the thing: "a few weeks ago", "a bit", "a while"
                      r"few|couple|lot|lots|bit|while|little|number)$", re.I)
_NOT_OBJECTS = set("order parcel package delivery refund return account card money payment item items stuff thing things "
                   "time week weeks day days month months year website site app page button price amount charge "
                   "email message manager lawyer way issue problem experience fault birthday trip wedding daughter son "
                   "kid wife husband desk store warehouse team service people company point points same other first "
                   "last next door doorstep porch address house home building neighbour neighbours neighbor neighbors "
                   "mailbox letterbox garden street apartment flat office camera tracking carrier courier driver".split())


# what a phrase never ends in when it names the customer's thing (a place, a person, a time, the problem itself)
_NOT_HEADS = frozenset("order parcel package delivery refund account money payment time week day month year website site "
                       "app page button price amount charge email message manager lawyer way issue problem experience "
                       "fault door doorstep porch address house home building mailbox letterbox street apartment flat "
                       "office tracking carrier courier driver engineer technician plumber electrician installer fitter "
                       "mechanic staff guide instructor".split())


# adjectives that describe rather than name the thing: "a new kettle" is "your kettle", "a power bank" stays whole
_PLAIN_ADJECTIVES = set("new old big small little large huge tiny whole same other wrong right nice good bad cheap "
                        "expensive brand lovely beautiful entire second first last next only".split())
# problems with the delivery itself: the object is the parcel, not a noun that happens to follow ("off the porch")
_DELIVERY_KINDS = frozenset({"stolen", "lost", "stalled", "not_arrived", "late", "arrived_late", "deadline"})


_PLURAL = [(r"\bdoesn't\b", "don't"), (r"\bisn't\b", "aren't"), (r"\bhasn't\b", "haven't"), (r"\bis\b", "are"),
           (r"\bwas\b", "were"), (r"\bhas\b", "have"), (r"\bas it should\b", "as they should")]


# what to do next follows the problem the customer reports, when there is one, rather than the words they use
ISSUE_TOPICS = {"missed_attempt": "shipping", "deadline": "shipping", "damaged": "lost_damaged", "broke_in_use": "warranty", "wrong_item": "lost_damaged", "missing": "lost_damaged",
                 "not_arrived": "shipping", "lost": "lost_damaged", "stolen": "lost_damaged", "stalled": "lost_damaged", "late": "shipping", "double_charge": "billing", "wrong_charge": "billing",
                 "unknown_charge": "billing", "charged_after_cancel": "billing", "declined": "payments", "refund_missing": "refunds",
                 "not_working": "warranty", "quality": "warranty", "fit": "exchanges", "login": "account_security",
                 "unauthorised": "account_security"}


# a topic that gathers several cases is searched by the case the customer reports: "(lost damaged)" added to "my
# parcel arrived damaged" drew the lost-parcel policy above the damaged-items one
_CASE_WORDS = {"damaged": "damaged", "wrong_item": "wrong item", "missing": "missing item", "lost": "lost",
               "stolen": "stolen"}


def topic_words(topic: str, message: str) -> str:
    """The words of the policy area to add to a search for ``message`` (customers describe a problem in their own
    words, policies name its category): the reported case where the topic gathers several, else the topic's name;
    empty for no topic."""
    if topic == "other":
        return ""
    kind = describe_issue(message).kind
    if kind in _CASE_WORDS and ISSUE_TOPICS.get(kind) == topic:
        return _CASE_WORDS[kind]
    return topic.replace("_", " ")


# problems where something went wrong for the customer on our side (worth an apology whatever their mood); a
# question, a deadline, a size that does not suit or a login they forgot are not
FAULT_KINDS = frozenset({"missed_attempt", "arrived_late", "double_charge", "wrong_charge", "charged_after_cancel", "no_service", "damaged", "broke_in_use", "wrong_item", "missing", "refund_missing", "late",
                         "lost", "stolen", "stalled", "not_working", "quality", "cancelled", "site", "safety"})


# the question a report of each problem implies when the customer asks none ("I still haven't got my refund." asks
# when it will come): what the sources are searched with for a message of statements only
IMPLIED_QUESTIONS = {
    "missed_attempt": "What happens after a missed delivery, and how do I get it delivered again?",
    "refund_missing": "When will I get my refund, and what if it has not arrived?",
    "not_arrived": "Where is my order and when will it arrive?",
    "late": "Why is my order late and when will it arrive?",
    "stalled": "What happens when tracking has not updated for several days?",
    "lost": "What can I do when tracking says delivered but I do not have the parcel?",
    "stolen": "What can I do when my parcel was stolen after delivery?",
    "theft": "What should I do now that it has been stolen?",
    "lost_own": "What should I do now that I have lost it, and how do I get it back?",
    "damaged": "What can I do about an item that arrived damaged?",
    "broke_in_use": "What can I do about an item that broke soon after I got it?",
    "wrong_item": "What can I do when I received the wrong item?",
    "missing": "What can I do when an item is missing from my parcel?",
    "not_working": "What can I do about a product that is not working?",
    "quality": "What can I do about a product that has not held up?",
    "fit": "How do I return or exchange an item that does not fit?",
    "double_charge": "Why was I charged twice for one order?",
    "wrong_charge": "Why was I charged this amount?",
    "charged_after_cancel": "Why was I charged after I cancelled, and how do I get that payment back?",
    "no_service": "What can I do when the service is down, and what do I get if it lasts?",
    "unknown_charge": "What is this charge on my statement?",
    "declined": "Why was my payment declined and what can I do?",
    "login": "How do I get back into my account?",
    "locked_out": "What do I do if I'm locked out or have lost my keys, and what does a call-out cost?",
    "cancelled": "Why was my order cancelled?",
    # {who}: the visitor the customer names ("engineer"): the documents name the role, not "a visit"
    "bereavement": "What happens to my booking, order or plan after a death in the family?",
    "disputed_charge": "What is this charge for and how is it worked out?",
    "arrived_late": "What can I claim when it arrives late?",
    "held_money": "When is the money held on my card released?",
    "no_show": "What do you do if your {who} misses my appointment?",
}


@dataclass(frozen=True)
class Issue:
    kind: str  # e.g. damaged, late, double_charge, or "" when the message reports no problem
    phrase: str | None  # the agent's wording, "your jacket arrived damaged"
    impact: str | None  # "your trip", when the customer names an event that depends on it
    who: str | None = None  # the person the problem is about, where it is one ("engineer" for a missed visit)

    @property
    def implied_question(self) -> str | None:
        """The question a message of statements about this problem asks (see ``IMPLIED_QUESTIONS``)."""
        question = IMPLIED_QUESTIONS.get(self.kind)
        return question.format(who=self.who or "visitor") if question else None

    @property
    def fault(self) -> bool:
        """Whether something went wrong for the customer (see ``FAULT_KINDS``)."""
        return self.kind in FAULT_KINDS


# "they're not faulty", "it isn't broken": a problem the customer rules out is not the problem
_NEGATED = re.compile(r"\b(?:not|isn'?t|aren'?t|wasn'?t|weren'?t|never|no)\s+(?:(?:really|even|actually)\s+)?"
                      r"(?:faulty|broken|damaged|defective|torn|late|missing)\b", re.I)


# Damage reported with how long the customer has had or used the thing ("5 weeks ago", "after a few washes",
# "already") and nothing about the delivery happened in use: a fault for the warranty, not a damaged delivery.
_IN_USE = re.compile(r"\b(?:after|within|in)\s+(?:only\s+|just\s+|about\s+)?(?:\d+|a|an|one|two|three|four|five|six|"
                     r"a few|few|several|a couple of)\s+(?:days?|weeks?|months?|years?|uses?|wears?|washe?s?)\b|"
                     r"\balready\b|\b(?:weeks?|months?|years?)\s+ago\b|\b(?:wore|worn|wearing|used|using|washed|washing)\b",
                     re.I)
_ARRIVAL = re.compile(r"\b(?:arriv\w*|came|deliver\w*|opened|unbox\w*|out of the box|in the (?:box|parcel|package|post)|"
                      r"shipping|transit|packag\w*|parcel|courier)\b", re.I)
# problems a thing has, not an order: without a named thing they are said of "it"
_THING_KINDS = frozenset({"not_working", "fit", "quality", "broke_in_use"})


_OWN_PERSON = re.compile(r"\b(?:i|i'm|im|i've|ive|me|my|mine|we|we're|our|us)\b", re.I)


def _wanted(thing: str, message: str) -> bool:
    """Whether the customer names ``thing`` ("your replacement") only as what they would like to get ("can I get a
    replacement?"): what they want is not what the problem happened to."""
    noun = re.escape(thing.removeprefix("your ").split()[-1])
    said = len(re.findall(rf"\b{noun}\b", message, re.I))
    return said > 0 and said == len(re.findall(
        rf"\b(?:get|want|need|like|send(?:\s+me)?|receive|offer(?:\s+me)?|have)\s+(?:a|an|another|some)\s+"
        rf"(?:new\s+|free\s+)?(?:\w+\s+)?{noun}\b", message, re.I))


# "declined"/"rejected" alone is a failed payment only where the customer speaks of paying: a cover, a file or a
# form can be rejected too
_REJECTED_ONLY = re.compile(r"declined|rejected", re.I)
_PAYING = re.compile(r"\b(?:card|cards|payment|payments|pay|paying|paid|transaction|checkout|purchase|bank|paypal|"
                     r"debit|credit|billing|top[- ]?up|apple pay|google pay|till)\b", re.I)


def describe_issue(message: str, order: Order | None = None) -> Issue:
    """The problem in the agent's words (see module docstring); ``phrase`` is None when none is reported."""
    message = _NEGATED.sub(" ", message)
    obj = _object(message, order)
    if obj != "your order" and _wanted(obj, message):
        obj = "your order"  # "my parcel arrived damaged, can I get a replacement?": the order arrived damaged
    impact_m = _IMPACT.search(message)
    impact = None
    if impact_m:
        # "her birthday" is someone else's: said as the customer said it
        other = re.search(r"\b(her|his|their)\s+$", message[: impact_m.start()], re.I)
        whose = f"your {impact_m.group(1).lower()}'s" if impact_m.group(1) else other.group(1).lower() if other else "your"
        impact = f"{whose} {impact_m.group(2).lower()}"
    for kind, cue, phrase in _ISSUES:
        # the cue's own match: the kinds below read its named groups (what was lost, who never came)
        if (cue_match := cue.search(message)) is not None:
            if kind == "declined" and _REJECTED_ONLY.fullmatch(cue_match.group(0)) and not _PAYING.search(message):
                continue  # "rejected my poster artwork twice": a file or a form refused, with no payment in sight
            box = re.search(r"\b(?:parcel|package|box)(?:es|s)?\b", message, re.I)
            if kind == "damaged" and _IN_USE.search(message) and not _ARRIVAL.search(message):
                kind, phrase = "broke_in_use", "{obj} let you down so soon"
            elif kind == "damaged" and not _ARRIVAL.search(message):
                # damage with nothing said of a delivery (a dropped speaker, a rental car's scratch, a crash on the
                # hard shoulder): "arrived damaged" would be wrong, and the damaged thing is not safely named
                return Issue(kind, None, impact)
            if kind in _DELIVERY_KINDS and not _names_an_item(obj, order) and box and box.group(0).lower() != "box":
                obj = "your parcel"
            elif kind == "missing":  # missing from the delivery, never "missing from your shoes"
                if not (box or _ARRIVAL.search(message) or re.search(r"\border\b", message, re.I)):
                    continue  # "I've only got one bill", "my missing payment": nothing was delivered to miss a part of
                obj = "your parcel" if box else "your order"
            elif kind in _THING_KINDS and obj == "your order":
                obj = "it"  # "it didn't work", "the code isn't working on my order": an order neither works nor fits
            if kind == "safety" and not _OWN_PERSON.search(message) and "?" in message:
                continue  # "is the burning mountain still smoking?": a subject asked about, nothing of theirs unsafe
            if kind == "injury" and _UNSAFE_THING.search(message):
                continue  # "the vest overheated and burned my arm": the product became unsafe, said about the product
            if kind == "theft" and (stolen := re.match(r"(?:my|our)\s+([a-z]{3,})\b", cue_match.group(), re.I)):
                # the thing the cue says was stolen ("my watch that was stolen"), not the first thing named ("my claim")
                obj = f"your {stolen.group(1).lower()}"
            if kind == "claim_refused":
                if re.search(r"\b(?:stolen|stole|injur\w*|hurt)\b", message, re.I):
                    continue  # what the claim was for (a theft, an injury) is the problem to acknowledge
                what = (cue_match.group("what") or cue_match.group("what2")).lower()
                return Issue(kind, phrase.format(what=what), impact)
            if kind == "lost_own":
                if cue_match.group("what"):
                    return Issue(kind, f"you've lost your {cue_match.group('what').lower()}", impact)
                if cue_match.group("behind"):
                    return Issue(kind, f"you left your {cue_match.group('behind').lower()} behind", impact)
                continue
            if kind == "no_service":
                said = cue_match.group(1) or None
                thing = next((g for g in cue_match.groups()[1:3] if g), None)
                state = "off" if thing and thing.lower() in ("power", "electricity", "water", "hot water", "heating", "gas") \
                    else "down"
                text = (f"you've had no {said.lower()}" if said else f"your {thing.lower()} has been {state}"
                        if thing and thing.lower() not in ("app", "site", "website", "system", "platform", "account")
                        else "our service has been down for you")
                return Issue(kind, text, impact)
            if kind == "held_money":
                amount = _CHARGED_AMOUNT.search(message) or re.search(_AMOUNT, message)
                if amount is None or not re.search(r"\b(?:deposit|hold|held|card|account|money)\b", message, re.I):
                    continue
                return Issue(kind, phrase.format(amount=_amount(amount)), impact)
            if kind == "disputed_charge":
                if not _QUESTIONED.search(message):
                    continue  # "I was charged £20 for delivery, is that right?" asks; it does not dispute
                if _HYPOTHETICAL.search(message[max(0, cue_match.start() - 40):cue_match.start()]):
                    continue  # "will I pay the £100 exit fee??": a charge they fear, not one taken
                return Issue(kind, phrase.format(amount=_amount(cue_match)), impact)
            if kind == "bereavement":
                who = cue_match.group("who") or cue_match.group("lost") or cue_match.group("bare") or cue_match.group(
                    "bye") or cue_match.group("told")
                named = cue_match.group("named") or cue_match.group("slept") or cue_match.group("down") or \
                    cue_match.group("passed")
                if named:  # a pet the customer calls by its name
                    return Issue(kind, f"you've lost {named}", impact)
                return Issue(kind, f"you've lost your {who.lower()}" if who else "you've had a bereavement", impact)
            if kind == "no_show":
                role = cue_match.group("who") or cue_match.group("whom")
                what = cue_match.group("what")
                said = (f"the {role.lower()} didn't turn up as arranged" if role else
                        f"we missed your {what.lower()}" if what else "nobody turned up as arranged")
                return Issue(kind, said, impact, who=role.lower() if role else None)
            if kind == "injury":
                # whom it happened to: the person named in the sentence that tells of it ("my mum's 80th ... my sister
                # broke her ankle": the sister), else the first one named
                start = max(message.rfind(c, 0, cue_match.start()) for c in ".!?\n") + 1
                end = min((i for i in (message.find(c, cue_match.end()) for c in ".!?\n") if i >= 0), default=len(message))
                person = _PERSON.search(message[start:end]) or _PERSON.search(message)
                return Issue(kind, f"your {person.group(1).lower()} got hurt" if person else "you got hurt", impact)
            if kind == "site" and re.match(r"app\b", cue_match.group(), re.I):
                return Issue(kind, "part of our app didn't work for you", impact)  # the app, not the website
            if "{obj}" in phrase and kind != "theft" and not _names_an_item(obj, order) and \
                    obj not in ("your order", "your parcel", "it"):
                # the thing the customer names elsewhere may not be what the event happened to ("... got cancelled and
                # I gave up in the end": not "your end"): the thing named in the event's own clause, or none
                subject = _event_subject(message, cue_match, obj, order)
                if subject is None:
                    return Issue(kind, None, impact)
                obj = subject
            text = phrase.format(obj=obj)
            if kind in ("deadline", "late", "not_arrived") and impact:
                text += f" for {impact}"
            if phrase.startswith("{obj}") and re.search(r"[^s]s$", obj):  # "your runners don't fit"
                for one, many in _PLURAL:
                    text = re.sub(one, many, text, count=1)
            return Issue(kind, text, impact)
    return Issue("", None, impact)


_DELIVERED_THING = re.compile(r"\b(?:order|parcel|package|box|delivery)\b", re.I)


def _event_subject(message: str, cue: re.Match[str], obj: str, order: Order | None) -> str | None:
    """What the reported event happened to: ``obj`` (the thing the message names) where the event's sentence names it
    other than as a place; else the thing named in the event's own clause ("the late ferry back to the island was
    cancelled": your ferry); ``obj`` again where the clause points back at it ("It was cancelled"); "your order" for
    a delivery; None where the clause names nothing an acknowledgement could say safely ("my 08:05 got cancelled and
    I gave up in the end": never "your end") or someone else's thing ("their phone line stopped working")."""
    start = max(message.rfind(stop, 0, cue.start()) for stop in (".", "!", "?", "\n", ";")) + 1
    sentence = re.sub(r"\b\d+(?:[:.]\d+)?\s*", "", message[start:cue.start()])  # "the 9:15 ferry": the ferry
    # the event's own clause: after the last "and"/"but"/comma before it
    clause = re.split(r",|\band\b|\bbut\b|\bthen\b|\bso\b", sentence, flags=re.I)[-1]
    found = _object(clause, order)
    if found != "your order" and re.search(rf"\b(?:their|his|her)\s+(?:\w+\s+)?{_head(found)}\b", clause, re.I):
        return None  # "their phone line stopped working": someone else's thing, not the customer's problem
    named = re.search(rf"\b{_head(obj)}s?\b", sentence + cue.group(), re.I)
    # "the ferry to the island was cancelled": a place it went to or from is not what the event happened to
    place = re.search(rf"\b(?:to|from|at|in|on|near|into|outside)\s+(?:the\s+|my\s+|our\s+)?(?:\w+\s+)?{_head(obj)}\b",
                      sentence, re.I)
    if named and not place:
        return obj  # the event's sentence names it ("I bought this coat ... and the zip already broke")
    if found != "your order":
        return found
    if re.match(r"\s*(?:it|they|this|that|these|those)\b", clause, re.I):
        return obj  # "I ordered a lamp. It was cancelled": the thing named before
    return found if _DELIVERED_THING.search(message) else None


def _head(thing: str) -> str:
    """The last word of "your <thing>", escaped for a pattern."""
    return re.escape(thing.removeprefix("your ").split()[-1])


def _names_an_item(obj: str, order: Order | None) -> bool:
    return order is not None and obj.removeprefix("your ") in order.items


_THIRD_PERSON_VERBS = frozenset("needs seems looks keeps means happens takes goes sucks feels says shows makes".split())


_FILED_UNDER = re.compile(r"^[^:]{2,30}:\s+(?=\S)")


def _object(message: str, order: Order | None) -> str:
    if order is not None and order.items:
        words = set(re.findall(r"[a-z]+", message.lower()))
        for item in order.items:
            if re.search(r",|\s[–—]\s|\b\d+\s+(?:days?|nights?|weeks?|months?)\b", item):
                continue  # a booking's description ("Cabin B – Lakeside, 3 nights, Basic rate") names no thing
            if {w for w in re.findall(r"[a-z]+", item.lower()) if len(w) > 2} & words:
                # an order line filed under its service ("Dry cleaning: wool overcoat") is named by the thing itself
                return "your " + _FILED_UNDER.sub("", item)
    # the thing the customer names, read past brands, codes and people ("my Acme earbuds", "my mom an e-gift card");
    # a lone word for an order, a card or a place is not the thing
    named = [n for n in named_objects(message) if not (" " not in n and n.lower() in _NOT_OBJECTS)
             and n.split()[-1].lower() not in _NOT_HEADS]
    if named:
        # "my padded jacket": the jacket (a participle describes it, the acknowledgement names it)
        return "your " + re.sub(r"^[a-z]+ed\s+(?=\S)", "", named[0])
    for m in _NOUN_AFTER.finditer(message):
        phrase = m.group(1).lower().split()
        # "a smart speaker" -> speaker; "my jacket arrived" -> jacket: the last word that is not a verb
        nouns = [w for w in phrase if not _VERBISH.match(w)]
        if not nouns:
            continue  # "this sorted": no noun here
        # "my jacket arrived": the noun, then a verb; "the heated vest": a participle, then the noun
        noun = nouns[-1] if nouns[-1] == phrase[len(nouns) - 1] or _VERBISH.match(phrase[0]) else phrase[0]
        if noun in _NOT_OBJECTS or not noun.isalpha():
            continue
        if noun.endswith("ing") or noun.endswith("ly") or noun in ("was", "were", "has", "have", "just", "still", "only") \
                or noun in _THIRD_PERSON_VERBS:  # "this needs fixing", "that seems wrong": a verb, no thing
            continue
        if any(w[:1].isupper() and not w.isupper() for w in m.group(1).split()) and not message.isupper():
            # a brand ("my Acme Tech earbuds"): the thing is the plain noun the customer names after it
            named = [n for n in named_objects(message[m.start():]) if n.split()[-1].lower() not in _NOT_OBJECTS]
            if named:
                return f"your {named[0]}"
        if len(nouns) == 2 and nouns == phrase and nouns[0] not in _PLAIN_ADJECTIVES:
            return f"your {nouns[0]} {noun}"  # a compound noun: "power bank", "picture frame", "screen reader"
        return f"your {noun}"
    return "your order"
