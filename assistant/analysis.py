"""Message analysis: sentiment, emotion, urgency, topic, the customer's specific problem, prompt injection.

Deterministic and explainable on purpose: every score comes from a cue list, VADER's compound score or
punctuation, so an agent (or a test) can see why a message was read as angry or urgent. ``emotion_scores``
carries the per-emotion evidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cached_property

from assistant.asks import split_message
from assistant.customer_sign_off import is_closing, without_signature
from assistant.grounding.sentences import split_sentences
from assistant.issue import ISSUE_TOPICS, describe_issue
from assistant.gloss import english_gist
from assistant.language import detect_language
from assistant.safety import injection
from assistant.topic_hints import TopicHints
from assistant.types import Analysis, Turn
from knowledge_base.spelling import english_words

# a statement that carries a fact the reply may need: a time, an amount, a tier, a place, something tried
_STATES_FACT = re.compile(r"\d|\b(?:ago|yesterday|last (?:week|month|night)|today|member|tier|premium|gold|silver|"
                          r"moving|move|ship(?:ping)? to|live in|already (?:tried|did|asked|sent|called)|i tried|"
                          r"i've tried|restarted|reset)\b", re.I)
# policy areas a reported problem overrides: words about delivery frame a damaged item, not a shipping question
# the policy area a reported problem overrides: the problem's cue is more precise than topic words (a device that
# "stopped charging" is a fault for the warranty, not a billing question; billing problems are matched first)
_ISSUE_OVERRIDES = {"lost_damaged": ("shipping", "returns", "other", "refunds"), "warranty": ("other", "lost_damaged", "returns", "billing", "payments"),
                    "billing": ("other", "payments", "membership"), "account_security": ("other", "order_changes")}
# Praise wrapped around a complaint ("Great, another late parcel", "thanks for nothing") is frustration.
_SARCASM = re.compile(r"\b(?:thanks|thank you) (?:a lot |so much )?for nothing\b|^\W*(?:oh )?(?:great|wonderful|brilliant|"
                      r"fantastic|perfect|lovely|awesome)[,.!]+\s+(?:another|so|now|just|again|my|the|your|it)\b|"
                      r"\b(?:love|loving) (?:how|that) (?:you|your|i|my|it)\b|\byeah,? right\b|"
                      r"^\W*oh,? (?:great|wonderful|brilliant|perfect|lovely|fantastic|amazing|marvell?ous|superb)\b"
                      r"(?![\s,.!]*(?:thank|thanks|cheers|ty)\b)|"
                      r"\blove that for me\b|(?<!\bor )\b(?:is|was) (?:that|it|this) too much to ask\b|\bjust (?:great|perfect|brilliant|wonderful|lovely)\b|"
                      r"\bthanks? (?:you )?(?:so much |a lot )?for (?:charging|wasting|losing|breaking|ignoring|cancell?ing|making me|"
                      r"sending (?:me )?(?:the )?wrong)\b|\bwell done,? (?:guys|team)?\W*"
                      r"(?:another|again)\b|\bgreat (?:job|work|service)\b[^.!?]*\b(?:not|never|again|still)\b", re.I)

# Praise said of a failure: a sentence of praise alone ("Great stuff.", "Fantastic.", "Really worth the money.")
# or "was that too much to ask" beside a service that failed them ("Came at 6pm", "still not here"), with nothing
# put right ("sorted", "came through", "working perfectly" are a real thank-you's story)
_PRAISE_ALONE = re.compile(r"^\W*(?:oh\W+)?(?:(?:really|just|so|very|absolutely)\s+)?(?:great|fantastic|brilliant|lovely|superb|"
                           r"amazing|wonderful|excellent|perfect|marvell?ous|top|nice|well done|cheers|thanks|thank you)"
                           r"(?:\s+(?:stuff|job|work|one|service|lads|guys|folks|team|all|again|a lot|so much|for that|"
                           r"altogether))*\W*$|^\W*(?:really|so|well)\s+worth\s+(?:the|every)\s+(?:money|penny|cent|wait)\W*$",
                           re.I)
# ("could you fit us in this week, or is that too much to ask?" hedges a request: no failure)
_TOO_MUCH = re.compile(r"(?<!\bor )(?<!\bor is )\b(?:is )?that too much to ask\b|\bwhat a (?:great|fantastic|brilliant|lovely) (?:service|job|way)\b|"
                       r"\b(?:thanks?|thank you) (?-i:SO+|S+O+) much\b|"
                       # a cost put on them, then thanks: "$185 thanks very much"
                       r"[£$€]\s?\d[\d,.]*\W{0,3}(?:thanks|thank you) (?:very much|a lot|so much|for that)\b", re.I)
# ("turned up on time" is the opposite)
_FAILED_SERVICE = re.compile(r"\b(?:arrived|turned up|came|showed up|got here|was delivered)\s+(?!on time\b|on the dot\b)"
                             r"(?:at|after|on|only|late|"
                             r"\d+\s+(?:days?|hours?)\s+late)\b|\blate\b|\bnever (?:arrived|came|turned up|showed)\b|"
                             r"\bstill (?:waiting|not|no|hasn'?t|haven'?t)\b|\b(?:broken|damaged|missing|wrong|lost)\b|"
                             r"\b(?:didn'?t|did not|wasn'?t|was not|hasn'?t|has not|never) (?:arrive|come|turn up|show|work|get)\b|"
                             r"\bmissed\b|\b(?:get|have) (?:anything|something|my money|money) back\b|"
                             # brought home ill or hurt from our care: "comes home with a cough"
                             r"\b(?:came|comes|come|got|gets) (?:home|back) with\b", re.I)
_PUT_RIGHT = re.compile(r"\b(?:sorted|came through|all good|fixed|resolved|working (?:perfectly|fine|again)|went above|"
                        r"who (?:sorted|helped|carried|delivered|went))\b", re.I)


# a sign-off, "Cheers," or "Thanks," on its own line above the name: no praise
_SIGN_OFF = re.compile(r"^\W*(?:cheers|thanks|thank you|many thanks|ta)\s*,\s*$", re.I)


def sarcastic(text: str) -> bool:
    """Praise or thanks that means its opposite ("Oh fantastic, another delay", "thanks for nothing")."""
    return bool(_SARCASM.search(text)) or ironic_praise(text)


def ironic_praise(text: str) -> bool:
    """Praise said of a failure (see ``_PRAISE_ALONE``): frustration, not thanks."""
    if not _FAILED_SERVICE.search(text) or _PUT_RIGHT.search(text):
        return False
    return bool(_TOO_MUCH.search(text)) or any(_PRAISE_ALONE.match(s) and not _SIGN_OFF.match(s)
                                               for s in re.split(r"(?<=[.!?])\s+|\n+", text))


# A legal threat, not any mention of the law: "my lawyer", "contacting a solicitor", "I'll sue" threaten; "can you
# recommend a lawyer for my divorce" does not (behaviour declines it as outside customer care). Read as anger here and
# as a reason to hand over in assistant.behaviour.
_LEGAL_PARTY = r"(?:lawyers?|attorneys?|solicitors?|legal (?:team|counsel|advis[eo]rs?))"
# a tribunal or regulator known by its initials ("VCAT", "the FTC"), not a company's own officers ("the CEO")
_BODY = r"(?!(?-i:CEO|CFO|COO|CTO|HR|MD)\b)(?-i:[A-Z]{3,6})"
LEGAL_THREAT_PATTERN = (
    # ("sue" as a verb, never the name a message is signed with: "Best wishes, Sue")
    r"\bsu(?:e|ing)\s+(?:you|u|them|your|the|this|for|over)\b|\b(?:going to|gonna|will|'ll|to|and|or)\s+sue\b|"
    r"\b(?:suing|legal action|legal proceedings|take (?:you|this|it|them) to court|small claims|"
    r"better business bureau|trading standards|ombudsman|consumer protection|attorney general|chargeback|tribunal|"
    # a claim lodged with a tribunal, a complaint to a regulator known by its initials ("reporting you to the ACCC")
    rf"(?:lodg\w*|fil\w*|mak\w*|bring\w*)\s+(?:a\s+)?(?:formal\s+)?(?:claim|complaint)\s+(?:with|to|at)\s+(?:the\s+)?{_BODY}|"
    rf"report\w*\s+(?:you|\w+)\s+to\s+(?:the\s+)?{_BODY})\b|"
    # an ultimatum to take the matter to a body they name ("or else we'll take this to the Consumer Board")
    r"\b(?:otherwise|or else|if not)\b,?\s+(?:i|we)(?:'m|'re|'ll| am| are| will| shall)?\s+(?:going to\s+)?"
    r"(?:tak\w*|bring\w*|escalat\w*|report\w*)\s+(?:this|it further|the matter|the case|my (?:case|complaint)|you)"
    r"\s+(?:further\s+)?to\s+(?:the\s+)?(?-i:[A-Z])\w+\b(?!\s+(?:depot|shop|store|branch|office|workshop|centre|center)\b)|"
    rf"\b(?:my|our)\s+(?:[a-z]+\s+)?{_LEGAL_PARTY}\b|"
    r"\b(?:call|calling|contact|contacting|get|getting|hire|hiring|involve|involving|consult|consulting|instruct|"
    r"instructing|see|seeing|seen|speak(?:ing)? (?:to|with)|spoken? (?:to|with)|talk(?:ing|ed)? (?:to|with)|"
    r"go(?:ing)? to|pass(?:ing)? this to)"
    rf"\s+(?:a|an|my|our)\s+{_LEGAL_PARTY}\b")
LEGAL_THREAT = re.compile(LEGAL_THREAT_PATTERN, re.I)

# --- emotion cues: (pattern, weight). Patterns are regexes matched on the lower-cased message. ---------
_EMOTION_CUES: dict[str, list[tuple[str, float]]] = {
    "anger": [
        (r"\bunacceptable\b", 1.5), (r"\bridiculous\b", 1.3), (r"\boutrag\w*", 1.5), (r"\bfurious\b", 2.0),
        (r"\bangry\b", 1.6), (r"\blivid\b", 2.0), (r"\bdisgust\w*", 1.6), (r"\bscam\w*\b(?![^.!?]*\?)", 1.5),
        (r"\brip[- ]?off\b|\b(?:daylight |highway )?robbery\b|\bextort\w*|\bdaylight theft\b", 1.5),
        # disbelief at how a charge or decision was reached ("how do you even work that out")
        (r"\bhow (?:do|can|did|could) you (?:even|possibly|seriously|honestly)\b", 1.3), (r"\bworst\b", 1.3), (r"\bpathetic\b", 1.5), (r"\bincompeten\w*", 1.5),
        (r"\buseless\b", 1.2), (r"\bis a joke\b", 1.3), (r"\bnever (?:again|shopping|ordering|buy)\w*", 1.3),
        (LEGAL_THREAT_PATTERN + r"|\breport you\b", 1.3), (r"\bfed up\b", 1.2),
        (r"\bsick of\b", 1.2), (r"\bterrible\b", 0.9), (r"\bawful\b", 0.9), (r"\bhorrible\b", 0.9),
        (r"\bwhat the hell\b", 1.5), (r"\bdamn\w*\b", 1.0), (r"\bshameful\b", 1.2), (r"\bdemand\b", 1.0),
        # exclamations that judge the company ("Unbelievable.", "Are you kidding me?")
        (r"\bunbelievable\b|\bincredible\.|\bare you (?:kidding|serious|joking)\b|\bunreal\b|\babsurd\b|\binsane\b|"
         r"\bdisgrace\w*|\bnot good enough\b|\bhow hard (?:is|can) it be\b|\bwhat a joke\b", 1.6),
        # demands: an order to fix it, now ("Fix this now", "I want this fixed immediately", "I expect ...")
        # (never a product named by the verb and a number: "Fix 24" is a tariff)
        # ("refund it to me today if possible, thanks" asks politely: no demand)
        # (a demand, never the case a question asks about: "if I end it now, does the app stop working?")
        # (nor what it costs to do it: "what's the charge to cancel now?")
        (r"(?<!if i )(?<!if we )(?<!can i )(?<!can we )(?<!should i )(?<!when i )(?<!do i )(?<!could i )(?<!fee to )"
         r"(?<!cost to )(?<!charge to )(?<!much to )"
         r"\b(?:fix|sort|cancel|refund|reverse|take|give|send|stop|remove)\b(?!\s+\d)[^.!?]{0,30}\b(?:now|immediately|right away|asap|today)\b"
         r"(?!,? (?:if (?:possible|you can|that's ok|that is ok)|please))|"
         r"\bi want (?:this|it|that|my \w+) (?:fixed|sorted|refunded|cancell?ed|back|resolved)\b|\bi expect\b|\bi insist\b|"
         r"\bwhat (?:are|will) you (?:going to )?do(?:ing)? about (?:it|this|that)\b|\bdo something\b", 1.6),
        # money lost on us, and damage done to them
        (r"\bpaid good money\b|\b(?:waste|wasted) (?:of )?(?:my )?(?:money|time)\b|\bthrow(?:n|ing)? (?:my )?money\b|"
         # damage done, not feared: "you ruined it", never "before I ruin it"
         r"\bruin(?:ed|s)\b|\bstole\b", 1.3),
    ],
    "frustration": [
        (r"\bfrustrat\w*", 2.0), (r"\bannoy\w*", 1.5), (r"\bstill (?:not|no|haven'?t|hasn'?t|waiting|nothing)\b", 1.5),
        (r"\bstill\b", 0.5), (r"\bagain\b", 0.6), (r"\b(?:second|third|fourth|fifth) time\b", 1.5),
        (r"\b(?:several|multiple|many|three|four|five) times\b", 1.3), (r"\bno (?:one|response|reply|answer|update)\b", 1.2),
        (r"\bnobody\b", 1.0), (r"\b(?:it|this|that|they|site|app|link|page|code|card|payment) keeps? \w+ing\b", 0.8), (r"\bon hold\b", 1.0), (r"\bwaited\b|\bwaiting\b", 0.7),
        (r"\bhaven'?t heard\b", 1.2), (r"\balready (?:tried|asked|called|emailed|told)\b|\btried (?:\d+|like \d+|three|four|five|several|multiple|many) times\b", 1.2),
        (r"\bfor (?:weeks|days|ages)\b", 0.9), (r"\bcan'?t believe\b", 0.8), (r"\bhassle\b", 0.8),
        (r"\bdoesn'?t work\b|\bnot working\b|\bwon'?t work\b", 0.7), (r"\bseriously\b", 0.6),
        (r"\bi never (?:asked|ordered|agreed|authori[sz]ed|requested)\b", 1.3), (r"!\?|\?!", 0.6),
        (r"\bugh+\b|\bargh+\b|\bforever\b|\bages\b", 0.8),
        (r"\bhello\?+|\banyone\?+|\bwithout (?:asking|telling|warning|any notice)\b|\bi'?m done\b|\bevery single\b", 1.3),
    ],
    "anxiety": [
        (r"\bworr\w*", 1.8), (r"\banxious\b", 2.0), (r"\bnervous\b", 1.6), (r"\bconcern\w*", 1.0),
        (r"\bscared\b|\bafraid\b", 1.6), (r"\bpanic\w*", 1.8), (r"\bstress\w*", 1.2),
        (r"\bwhat if\b", 0.8), (r"\bin time\b", 1.0), (r"\bbefore (?:the|my|our) \w+", 0.5),
        (r"\b(?:birthday|wedding|anniversary|christmas|holiday|trip|flight|funeral)\b", 0.7),
        (r"\bfraud\w*\b|\bunauthori[sz]ed\b|\bhacked\b|\bstolen\b|\bsomeone (?:used|accessed|logged)\b", 1.6),
        (r"\bi hope\b|\bhopefully\b", 0.6), (r"\bplease help\b", 0.8), (r"\bdesperate\w*", 1.5),
        (r"\bneed (?:it|this|them) by\b", 1.0), (r"\bis (?:my|it) safe\b", 1.0),
        # fear of loss or of being too late ("Am I too late?", "can't afford to lose", "locked out forever?")
        (r"\b(?:am i|is it) too late\b|\bcan'?t afford\b|\b(?:lose|losing) (?:my|the|all|\$)|"
         r"\bforever\?|\bwhat (?:do|should|can) i do\b|\bwhat now\b|\bis (?:this|it|that) (?:a scam|legit|real|safe)\b|"
         r"\bnever been to\b|\bdon'?t remember (?:signing|ordering|buying|making)\b", 1.2),
        # a hazard, and who is at risk
        (r"\b(?:smok(?:e|ed|ing)|fire|sparks?|scorch\w*|overheat\w*|melt(?:ed|ing)|recall\w*)\b", 1.5),
        (r"\b(?:my|our) (?:kids?|child|children|baby|son|daughter)\b", 0.5),
        # a deadline tonight/today for something that has not come
        (r"\b(?:tonight|this (?:evening|afternoon)|tomorrow)\b", 0.8),
    ],
    "confusion": [
        (r"\bconfus\w*", 2.0), (r"\bdon'?t understand\b|\bdo not understand\b", 1.8), (r"\bnot sure\b", 1.3),
        (r"\bunclear\b", 1.4), (r"\bmakes? no sense\b|\bdoesn'?t make sense\b", 1.6), (r"\bcan you explain\b", 1.2),
        (r"\bwhat does\b|\bwhat do you mean\b", 0.9), (r"\bhow (?:do|does|can|would) i\b", 0.7), (r"\bwhich\b", 0.3),
        (r"\bi thought\b", 0.8), (r"\bwondering\b", 0.5), (r"\bdo i (?:need|have) to\b", 0.7),
        (r"\bam i (?:supposed|able|allowed)\b", 0.9), (r"\bis it possible\b", 0.4), (r"\bmixed up\b|\blost\b", 0.4),
        (r"\bam i missing something\b|\bcan'?t (?:find|see|figure out|work out)\b|\bor not\b|\bsupposed to\b", 1.2),
        (r"\?\?", 0.6),
    ],
    "disappointment": [
        (r"\bdisappoint\w*", 2.0), (r"\bupset\b|\bgutted\b", 1.6), (r"\blet down\b|\blet me down\b", 1.6), (r"\bexpected (?:better|more)\b", 1.5),
        (r"\bsad\b|\bsadly\b", 1.0), (r"\bshame\b", 0.9), (r"\bused to love\b", 1.5), (r"\bnot what i expected\b", 1.4),
        (r"\bunderwhelm\w*", 1.5), (r"\bbummed\b", 1.4), (r"\blooking forward\b|\blooked forward\b", 0.9),
        (r"\bunfortunately\b", 0.6), (r"\bhad high hopes\b", 1.4), (r"\bcheap(?:ly)? made\b|\bpoor quality\b", 1.0),
        (r"\bfeels? (?:bad|awful|terrible|rubbish)\b|\bbummer\b|\bwhat a (?:shame|pity)\b|\bnot what i (?:hoped|wanted)\b|"
         r"(?:^|\s)[:;]-?\((?:\s|$)|☹|😞|😢|😔", 1.6),
        # the product let their body down ("gave me blisters", "so uncomfortable")
        (r"\b(?:gave|giving|gives) me (?:blisters|a rash|a headache)\b|\buncomfortable\b|\bhurts? my\b", 1.2),
    ],
    "gratitude": [
        (r"\bthank you so much\b|\bthanks so much\b|\bthanks a lot\b|\bmany thanks\b|"
         r"\b(?:massive|huge|big|enormous|special|heartfelt|sincere|warm) (?:thank(?:s| you)|shout[- ]?out)\b|"
         r"\bplease pass (?:it|this|that|my thanks) on\b", 2.2),
        (r"\bthank(?:s|s+|ful|you)?\b|\bty\b", 1.2), (r"\bappreciat\w*", 1.4), (r"\bgrateful\b", 2.0), (r"\bgreat (?:job|service|work)\b", 1.8),
        (r"\bamazing\b|\bwonderful\b|\bfantastic\b|\bexcellent\b|\bbrilliant\b", 1.0), (r"\bkudos\b|\bshout[- ]?out\b", 1.6),
        (r"\bso helpful\b|\bvery helpful\b|\bwent above\b", 1.6), (r"\blove (?:my|the|it|your)\b", 1.0),
        (r"\bjust wanted to (?:say|let you know)\b", 0.8), (r"\bhappy with\b|\bdelighted\b|\bthrilled\b", 1.2),
    ],
}
_PUZZLED_TWICE = re.compile(r"\b(?:why|how come|what|how)\b[^.!?]*\?{2,}", re.I)
_NEGATIVE = ("anger", "frustration", "anxiety", "confusion", "disappointment")

# A thank-you that only closes a complaint ("Thanks in advance", "Thanks, Ana") is politeness, not gratitude.
# (and one that closes a request in the same breath: "Can you sort it by Friday please, thanks")
# (thanks for "understanding", "your patience", "reading" ask the reader's goodwill: they praise nothing done)
_POLITE_THANKS = re.compile(r"\bthanks? (?:you )?in advance\b|^\s*(?:thanks|thank you|cheers)\W*(?:\w+\W*)?$|"
                            r"\bplease\W+(?:thanks|thank you|thx|cheers|ta)\W*$|"
                            r"\b(?:thanks|thank you|many thanks)\s+(?:so much\s+|in advance\s+)?for\s+(?:your\s+)?"
                            r"(?:understanding|patience|reading|listening|your time|the time|bearing with me)\b", re.I)

# --- urgency -------------------------------------------------------------------------------------------
_URGENT = [
    r"\burgent\w*", r"\basap\b", r"\bimmediately\b", r"\bright now\b", r"\bright away\b", r"\bemergency\b",
    r"\btoday\b", r"\btonight\b", r"\btomorrow\b", r"\bthis (?:morning|afternoon|evening|weekend)\b",
    r"\bby (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the \d+\w*|\d)", r"\bneed (?:it|this|them) by\b",
    r"\bdeadline\b", r"\bbefore (?:my|the|our) (?:trip|flight|wedding|birthday|event|party)\b", r"\bin time for\b",
    r"\b(?:fire|smoke|smoking|sparks?|burn\w*|shock\w*|injur\w*|choking|hazard\w*|unsafe|dangerous|melt\w*|overheat\w*)\b",
    r"\bfraud\w*\b", r"\bunauthori[sz]ed\b", r"\bhacked\b", r"\bstolen\b", r"\bdidn'?t (?:make|authori[sz]e) (?:this|these|that)\b",
    r"\b(?:third|fourth|fifth) time\b", r"\b(?:several|multiple|many) times\b", r"\bstill (?:haven'?t|hasn'?t|no)\b",
]
_LOW_URGENCY = [r"\bno rush\b", r"\bwhenever\b", r"\bjust curious\b", r"\bno hurry\b", r"\bat your convenience\b", r"\bjust wondering\b"]

# --- topics: policy areas scored by keyword hits ---------------------------------------------------------
TOPICS: dict[str, list[tuple[str, float]]] = {
    "returns": [(r"(?<!tax )(?<!income )\breturn\w*", 2.0), (r"\b(?:sen[dt]|bring|take|ship|post) (?:\w+ ){0,5}back\b", 2.0),
                (r"\brestocking\b", 1.5), (r"\breturn label\b", 1.0), (r"\bdrop[- ]off\b", 0.6)],
    "refunds": [(r"\brefund\w*", 2.5), (r"\bmoney back\b", 2.0), (r"\bwhere(?:'s| is) my money\b|\bno refund\b", 1.5), (r"\breimburs\w*", 1.5), (r"\bcredit(?:ed)? back\b", 1.2)],
    "exchanges": [(r"\bexchang\w*", 2.5), (r"\bswap\w*", 2.5), (r"\b(?:half )?a size (?:up|down|bigger|smaller|larger)\b|\bfor (?:a|the) (?:bigger|smaller|larger|different) (?:size|one|colou?r)\b", 1.0), (r"\bdifferent (?:size|colou?r)\b", 1.2), (r"\breplace (?:it|them) with\b", 1.0)],
    "shipping": [
        (r"\bship\w*", 1.3), (r"\bdeliver\w*", 1.2), (r"\btracking\b", 1.8), (r"\bparcel\b|\bpackage\b", 1.0),
        (r"\bcourier\b|\bcarrier\b|\bups\b|\bfedex\b|\busps\b", 1.2), (r"\bexpress\b|\bexpedited\b|\bovernight\b|\bnext[- ]day\b|\bstandard shipping\b", 1.2),
        (r"\barriv\w*", 0.8), (r"\bin time\b", 0.8), (r"\b(?:faster|quicker|free|cheaper) (?:shipping|delivery)\b", 1.5), (r"\bleaves? the warehouse\b|\bdispatch\w*", 1.5), (r"\bhasn'?t arrived\b|\bnot arrived\b|\bwhere(?:'s| is) my\b|\bstill waiting\b|\bnot (?:yet )?received\b", 1.5), (r"\blate\b|\bdelay\w*", 1.0),
    ],
    "lost_damaged": [
        (r"\bdamag\w*", 2.0), (r"\bbroken\b|\bbroke\b|\bcracked\b|\bshattered\b|\bdented\b", 2.0), (r"\btorn\b|\bripped\b|\bripped\b", 1.8),
        (r"\bmissing\b(?! something)(?! (?:refund|money|payment|credit|points))", 1.5),
        (r"\b(?:aren'?t|isn'?t|wasn'?t|weren'?t|not) in (?:the|my) (?:box|parcel|package)\b|\ba (?:big |small |huge )?(?:tear|hole|dent)\b", 2.0), (r"\blost\b(?! my (?:phone|password|card))", 1.3),
        (r"\bnever (?:arrived|received|came|got)\b", 2.0), (r"\bstolen\b", 1.0),
        # a parcel that vanished: taken from the door, marked delivered but not there, tracking stalled
        (r"\b(?:stole|stolen|took|taken|nicked)\b[^.?!]{0,30}\b(?:package|parcel|delivery|order|box)\b|"
         r"\b(?:package|parcel|delivery|box)\b[^.?!]{0,30}\b(?:stole|stolen)\b", 3.0),
        (r"\b(?:says|said|shows?|showed|marked(?: as)?) (?:it was |as )?delivered\b", 1.5),
        (r"\bnothing (?:at|on|outside) (?:my|the) (?:door|doorstep|porch)\b|\bnot (?:at|on) (?:my|the) (?:door|doorstep|porch)\b", 2.0),
        (r"\b(?:hasn'?t|has not|haven'?t|not) (?:moved|updated|changed) (?:in|for|since|over) (?:\d+|a|two|three|four|five|"
         r"six|seven|ten|several|many)? ?(?:days?|weeks?)\b|\b(?:stuck|stalled|frozen)\b", 2.5),
        (r"\bin pieces\b|\bsmashed\b|\bcrushed\b|\bdestroyed\b", 2.0),
        (r"\bonly (?:\d+|one|two|three|half|some|part) (?:of|out of)\b|\b(?:were|was) missing\b", 2.0),
        (r"\bordered\b[^.?!]{1,50}(?:,|\band\b|\bbut\b) (?:i )?(?:got|received|they sent|you sent)\b", 2.0),
        (r"\bwrong (?:item|product|size|colou?r)\b", 1.5), (r"\bdefect\w*|\bfaulty\b", 1.2),
    ],
    "order_changes": [
        (r"\bcancel\w*", 2.0), (r"\bchange (?:my|the) (?:order|address|size)\b", 2.0), (r"\bmodify\b|\bedit (?:my|the) order\b", 1.5),
        (r"\bwrong address\b|\b(?:update|change|correct|edit) (?:my |the )?(?:delivery |shipping )?address\b", 2.5), (r"\badd (?:an |another )?item\b", 1.2),
        (r"\badd\b[^.?!]{0,40}\bto (?:my|the|an|this) order\b|\bjust placed\b", 2.0),
        (r"\b(?:picked|chose|selected|clicked|put) the wrong\b|\b(?:change|edit|modify|update) (?:it|that|this)\b", 1.5),
    ],
    "billing": [
        (r"\bcharged?\b|\bcharges\b|\bcharging\b", 1.6), (r"\bdouble[- ]charged\b|\bcharged twice\b", 2.5), (r"\binvoice\w*|\breceipt\w*", 1.5),
        (r"\bbill\w*", 1.5), (r"\bstatement\b", 1.0), (r"\btax\w*\b|\bvat\b", 1.0), (r"\bovercharg\w*", 2.0),
        (r"\b(?:charge|payment|transaction)\b[^.?!]{0,60}\b(?:don'?t|do not|didn'?t|did not) (?:recogni[sz]e|remember|know)\b", 2.5),
    ],
    "payments": [
        (r"\bpay(?:ment|ing)?\b", 1.4), (r"\bcard\b|\bcredit card\b|\bdebit\b", 1.0), (r"\bpaypal\b|\bapple pay\b|\bklarna\b|\bafterpay\b", 2.0),
        (r"\binstal+ments?\b|\bpay later\b", 2.0), (r"\bdeclined\b", 2.0), (r"\bpayment method\b", 1.5),
        (r"\bcheckout\b", 1.0), (r"\bfail(?:ed|ing|s)?\b", 0.8),
    ],
    "price_adjustment": [
        (r"\bprice (?:adjust|match|drop|protection)\w*", 3.0), (r"\bwent on sale\b|\bnow on sale\b|\bcheaper now\b", 2.5),
        (r"\bprice (?:went|has gone|dropped)\b", 2.0), (r"\bcheaper\b", 2.0), (r"\b(?:the|a) (?:price )?difference (?:back|in price|refunded)\b", 2.0),
        (r"\bprice\b", 0.8), (r"\badjust\w*", 2.0), (r"\b(?:get|refund|pay) (?:me )?the difference\b", 1.5), (r"\bfor less\b|\bless than (?:i|we) paid\b", 2.0), (r"\bon sale (?:now|this week|today)\b|\bnow on sale\b|\bmarked down\b", 2.0), (r"\bdifference in price\b|\bprice difference\b", 2.5), (r"\blower price\b", 1.5),
    ],
    "promotions_gift_cards": [
        (r"\bpromo\w*|\bdiscount\w*|\bcoupon\w*|\bvoucher\w*", 2.0), (r"\bgift ?cards?\b", 2.5), (r"\bcode\b", 0.8),
        (r"\bsale\b", 0.8), (r"\bbalance\b", 0.5), (r"\boffer\b", 0.6), (r"\b\d+ ?% (?:off )?code\b|\bnewsletter\b", 1.5),
        (r"\b(?:gift ?card|card) pin\b|\b\d+ ?% off (?:code|coupon|voucher)\b|\bapply (?:it|the code|a code|this code|the coupon|the discount)\b", 2.0),
    ],
    "membership": [
        (r"\bmembership\b|\bmember\b", 2.0), (r"\bsubscri\w*", 1.8), (r"\bpremium\b|\btier\b", 1.0),
        (r"\brenew\w*|\bauto-?renew\w*", 1.5), (r"\bannual fee\b|\bmonthly fee\b", 1.5),
        (r"\bfree trial\b|\btrial\b", 2.0), (r"\bjoined\b|\bsigned up\b", 1.0),
        (r"\bi'?m (?:a|an) (?:\w+ )?member\b|\bas (?:a|an) (?:\w+ )?member\b", -1.5),  # who they are, not what they ask (r"\b(?:annual|monthly|yearly) (?:plan|subscription)\b", 1.5), (r"\bplan\b", 0.6),
    ],
    "warranty": [
        (r"\bwarrant\w*", 3.0), (r"\bguarantee\w*", 1.5), (r"\bstopped working\b|\bquit working\b|\bdied\b", 1.5),
        (r"\brepair\w*", 1.5), (r"\bmanufactur\w* defect\b|\bdefect\w*", 1.2),
        (r"\bis (?:that|it|this) covered\b|\bcovered by\b|\bcover (?:it|that|this)\b", 2.5), (r"\brecall\w*", 2.5),
        (r"\b(?:separat|peel|delaminat|com(?:e|ing) apart|fall(?:ing)? apart)\w*", 1.2),
        (r"\b(?:smok(?:e|ed|ing)|sparks?|scorch\w*|overheat\w*|melt(?:ed|ing)|caught fire|burning)\b", 1.5), (r"\bafter (?:a few|\d+|two|three|six) (?:weeks|months)\b", 0.8),
    ],
    "product_care": [(r"\blook after\b|\btake care of (?:my|the|it|them)\b", 2.0),
        (r"\bwash\w*\b|\bclean\w*\b|\bdry(?:er|ing)?\b|\biron\w*\b|\bbleach\b", 1.5), (r"\bcare (?:label|instructions)\b", 2.5),
        (r"\bshrunk\b|\bshrink\w*\b|\bfad\w+\b|\bpilling\b|\bstain\w*", 1.2), (r"\bmaterial\b|\bfabric\b|\bleather\b|\bwool\b", 0.8),
    ],
    "sizing": [
        (r"\bsize\b|\bsizes\b|\bsizing\b", 2.0), (r"\bfit\b|\bfits\b|\bfitting\b", 1.2), (r"\btoo (?:small|big|large|tight|loose|short|long)\b", 1.8),
        (r"\bsize (?:chart|guide)\b", 2.0), (r"\bmeasurement\w*", 1.2),
    ],
    "account_security": [
        (r"\bpassword\w*", 2.0), (r"\blog[- ]?in\b|\blogin\b|\bsign[- ]?in\b|\blocked out\b|\blocked\b", 1.6),
        (r"\bauthenticator\b|\bbackup codes?\b|\bhow do i get (?:in|back in)\b|\bnever placed\b|\bdid ?n[o']t place\b", 2.5),
        (r"\bis (?:this|it|that) (?:really )?(?:you|from you)\b|\b(?:confirm|verify|enter) my (?:card|password|details|account)\b", 2.5), (r"\baccount\b", 0.8),
        (r"\bhack\w*|\bunauthori[sz]ed\b|\bsuspicious\b|\bphishing\b", 2.0), (r"\btwo[- ]factor\b|\b2fa\b|\bverification code\b", 2.0),
    ],
    "privacy": [
        (r"\bprivacy\b|\bpersonal (?:data|information)\b|\bmy data\b", 2.5), (r"\bgdpr\b|\bccpa\b", 2.5),
        (r"\bdelete my (?:account|data)\b|\bclose my account\b", 2.5), (r"\bunsubscribe\b|\bmarketing emails?\b|\bspam\w*\b|\bstop (?:emailing|texting|messaging|calling) me\b", 2.0),
        (r"\bshare my\b|\bsell my\b|\bcookies?\b", 1.2),
        (r"\b(?:information|data|details) (?:do )?you (?:hold|have|keep|store|collect)\b|\ba copy of (?:it|my|the|all)\b", 2.5),
    ],
    "loyalty": [
        (r"\bloyalty\b", 2.5), (r"\bpoints?\b", 1.6), (r"\brewards?\b", 2.0), (r"\bredeem\w*", 1.5), (r"\bexpire\w*|\bexpiry\b", 0.6),
    ],
    "international": [
        (r"\binternational\w*", 2.5), (r"\bcustoms\b|\bduties\b|\bduty\b|\bimport\w*", 2.0), (r"\boverseas\b|\babroad\b", 2.0),
        (r"\b(?:canada|uk|united kingdom|europe|australia|mexico|germany|france|japan)\b", 1.5), (r"\bcurrency\b", 1.0),
        (r"\b(?:from|on|via) (?:the|your) (?:canad\w+|uk|british|european|eu|australian|mexican|german|french|japanese|us|american) "
         r"(?:site|store|website|shop)\b", 4.0),
    ],
    "accessibility": [
        (r"\baccessib\w*", 2.5), (r"\bscreen reader\b|\bwheelchair\b|\bdisabilit\w*|\bblind\b|\bdeaf\b", 3.0),
        (r"\blarge print\b|\bcaptions?\b|\bhearing\b|\bvisual\w* impair\w*", 2.0), (r"\bassistance\b", 0.6),
    ],
}

# --- prompt injection ---------------------------------------------------------------------------------
_INJECTION = [
    r"\bignore (?:all |any |your |the |previous |prior |above )*(?:instructions|rules|guidelines|prompts?|policy|policies)\b",
    r"\bdisregard (?:all |any |your |the |previous |prior )*(?:instructions|rules|guidelines|policy|policies)\b",
    r"\bforget (?:all |your |the |previous )*(?:instructions|rules|guidelines)\b",
    r"\byou are now\b", r"\bfrom now on,? you\b", r"\bact as\b", r"\bpretend (?:to be|you)\b", r"\broleplay\b",
    r"\bsystem prompt\b", r"\bdeveloper mode\b", r"\bjailbreak\b", r"\bnew instructions\b", r"\boverride\b",
    r"\bpromise (?:me|that|to)\b", r"\bguarantee me\b", r"\bconfirm in writing that\b", r"\bsay (?:that|yes)\b",
    r"\b(?:write|reply|respond) (?:that|with) (?:i|you)\b", r"\breveal (?:your|the) (?:instructions|prompt)\b",
    r"</?(?:system|assistant|instructions?)>", r"\[(?:system|inst)\]",
]

# --- problem extraction -------------------------------------------------------------------------------
# Words that mark a sentence as describing what went wrong, in rough order of how telling they are.
_ISSUE_WORDS = re.compile(
    r"\b(?:arriv\w*|came|received|broken|broke|damag\w*|torn|ripped|cracked|missing|lost|wrong|late|delay\w*|never|"
    r"charged|charge|double|twice|declined|refund\w*|stopped|doesn'?t|don'?t|didn'?t|won'?t|can'?t|cannot|isn'?t|"
    r"hasn'?t|haven'?t|wasn'?t|not|still|defect\w*|faulty|shrunk|fad\w+|stain\w*|expired?|locked|hacked|fit|small|big|"
    r"tight|loose|cancel\w*|return\w*|exchange\w*|stuck|error|started|pill\w*|peel\w*|fell|falling|came apart|shr[ai]nk\w*|"
    r"leak\w*|smell\w*|scratch\w*|dent\w*|smash\w*|shatter\w*|fail\w*|keeps?|ruin\w*)\b",
    re.I,
)
_PERSON = [
    (r"\bI'm\b", "you're"), (r"\bI am\b", "you are"), (r"\bI've\b", "you've"), (r"\bI have\b", "you have"),
    (r"\bI'd\b", "you'd"), (r"\bI'll\b", "you'll"), (r"\bI was\b", "you were"), (r"\bI\b", "you"), (r"\bmy\b", "your"),
    (r"\bme\b", "you"), (r"\bmine\b", "yours"), (r"\bmyself\b", "yourself"), (r"\bwe\b", "you"), (r"\bour\b", "your"),
    (r"\bus\b", "you"), (r"\bwe're\b", "you're"), (r"\bwe've\b", "you've"),
]
_LEADING_FILLER = re.compile(
    r"^(?:(?:hi|hello|hey|dear)\b[^,.!?]*[,.!]?\s*|(?:so|well|ok|okay|um|also|and|but|basically|honestly|seriously|"
    r"unfortunately|sadly|frankly|look|listen|yesterday|today|last week|this morning)\b,?\s*|"
    r"(?:i'?m |i am )?(?:really |so |very |quite |a bit |a little |extremely )?(?:disappointed|frustrated|upset|annoyed|"
    r"angry|furious|confused|worried|gutted)\b[,.!:;-]+\s*|(?:urgent|important|help|please help|update|re)\s*[:!-]+\s*)+",
    re.I,
)
_CLAUSE_END = re.compile(
    r"(?:,?\s+(?:and|but|so|because|which|although|though|while)\s+(?:i|i'm|i've|it's|this|that|now|you|nobody|no one)\b|"
    r"[,;:!?()]|\s+-\s+|\.\s|\.$|\s+(?:please|thanks|thank you)\b)",
    re.I,
)


_URL = re.compile(r"\b(?:https?://)?(?:[\w-]+\.)+(?:com|net|org|co|io|shop|store|info|biz|uk|de|fr|es|eu)\b\S*", re.I)
# a promo code as customers type it: capitals then a few digits (SAVE20, WELCOME10), not an order id (NW-104823)
_PROMO_CODE = re.compile(r"(?<![\w-])[A-Z]{3,}\d{1,3}(?![\w-])")
_QUOTED = re.compile(r"[\"“'‘][^\"”'’]{2,80}[\"”'’]")
_ACRONYMS = re.compile(r"^(?:USD|EUR|GBP|UPS|USPS|DHL|FAQ|ASAP|GDPR|CCPA|PIN|SMS|URL|VAT|OK|ID|TV|PC|USB|LED|ETA|"
                       r"FYI|PDF|CEO|UK|USA|EU|AM|PM)$")


_PERSISTENCE = re.compile(r"^(?:STILL|AGAIN|ALREADY|TIMES|NEVER|EVER|WEEKS|DAYS|MONTHS)$")
_DEADLINE = re.compile(r"\b(?:tonight|tomorrow|this (?:evening|afternoon)|in time for|before (?:my|the|our|her|his) "
                       r"(?:trip|flight|wedding|birthday|party|event|exam|holiday))\b")
_LABEL = re.compile(r"^\s*(?:[A-Z]{2,}\s+)*[A-Z]{2,}\s*:|(?<![\w-])[A-Z]{3,}:")


def all_capitals(text: str) -> bool:
    """Nearly every letter of the message is a capital (at least 20 letters)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 20 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


def shouted_words(text: str) -> list[str]:
    """Words the customer wrote in capitals to shout ("I did NOT order this"): not acronyms, product codes, or a
    label they quote ('a charge from "ACME SUBS"'), and not a message written all in capitals by habit."""
    unquoted = _LABEL.sub(" ", _QUOTED.sub(" ", text))  # a quoted label or a "SUBJECT:" heading is not shouting
    words = re.findall(r"(?<![\w-])[A-Z]{3,}(?![\w-])", unquoted)
    # one shouts words English knows ("NOT", "TWICE"); a word it does not know is a name or an abbreviation written
    # as such ("today's VIX at NASDAQ", "my IBM account")
    known = english_words()
    return [w for w in words if not _ACRONYMS.match(w) and w.lower() in known]


class MessageAnalyser:
    """Reads a customer's message the way an experienced agent would, deterministically."""

    def __init__(self) -> None:
        self._emotion = {e: [(re.compile(p), w) for p, w in cues] for e, cues in _EMOTION_CUES.items()}
        self._topics = {t: [(re.compile(p), w) for p, w in cues] for t, cues in TOPICS.items()}
        self._urgent = [re.compile(p) for p in _URGENT]
        self._low = [re.compile(p) for p in _LOW_URGENCY]
        self._injection = [re.compile(p, re.I) for p in _INJECTION]

    @cached_property
    def _vader(self):  # noqa: ANN202 - vaderSentiment has no type hints
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        return SentimentIntensityAnalyzer()

    def analyse(self, message: str, history: Sequence[Turn] = (), hints: TopicHints | None = None) -> Analysis:
        """Read ``message`` (with the conversation's earlier ``history``); ``hints`` are the topic words of the indexed
        documents (``assistant.topic_hints``), so a company's own names count for their policy area."""
        text = message.strip()
        lower = text.lower()
        sentiment = float(self._vader.polarity_scores(text)["compound"]) if text else 0.0
        scores = self._emotion_scores(text, lower, sentiment)
        emotion = max(scores, key=lambda e: (scores[e], e == "neutral"))
        parts = split_message(text)
        language = detect_language(text)
        # another language is read through its English gist (assistant.gloss): the cue lists are English
        gist = english_gist(text) if language not in ("en", "und") else ""
        read = gist or text
        topic, topic_conf = self.topic(read.lower(), [a.text for a in split_message(read).asks], read, hints)
        earlier = [t.text for t in history if t.role == "customer"][-2:]
        if topic == "other" and earlier:  # "What do I send you?" is about what they wrote before
            topic, topic_conf = self.topic(" ".join([lower, *earlier]).lower(), hints=hints)
        issue = describe_issue(read)
        # the problem reported decides the policy area over the words around it ("arrived" + "cracked": damage)
        by_issue = ISSUE_TOPICS.get(issue.kind)
        if by_issue and by_issue != topic and topic in _ISSUE_OVERRIDES.get(by_issue, ()):
            topic, topic_conf = by_issue, max(topic_conf, 0.5)
        problem = extract_problem(text)
        if problem is None and earlier:
            problem = extract_problem(earlier[-1])
        return Analysis(
            sentiment=max(-1.0, min(1.0, sentiment)),
            emotion=emotion,  # type: ignore[arg-type]
            emotion_scores={k: round(v, 3) for k, v in scores.items()},
            urgency=self._urgency(lower, history, emotion),  # type: ignore[arg-type]
            topic=topic,
            topic_confidence=round(topic_conf, 3),
            problem=problem,
            injection=self.is_injection(text) or any(self.is_injection(t.text) for t in history if t.role == "customer"),
            language=language,
            asks=[a.text for a in parts.asks],
            facts=[f for f in parts.statements if _STATES_FACT.search(f)][:5],
        )

    # -- parts ------------------------------------------------------------------------------------------
    def _emotion_scores(self, text: str, lower: str, sentiment: float) -> dict[str, float]:
        raw = {e: sum(w * len(p.findall(lower)) for p, w in cues) for e, cues in self._emotion.items()}
        if raw["gratitude"]:
            raw["gratitude"] -= self._polite_thanks_discount(text, raw)
        # VADER: strong negativity feeds anger/frustration/disappointment; positivity feeds gratitude.
        if sentiment <= -0.05:
            raw["frustration"] += -sentiment * 0.8
            raw["disappointment"] += -sentiment * 0.4
            raw["anger"] += max(0.0, -sentiment - 0.6) * 2.0
        elif sentiment >= 0.5 and raw["gratitude"] > 0:
            raw["gratitude"] += sentiment
        # Shouting: repeated exclamation marks and words in capitals.
        exclaims = text.count("!")
        caps = shouted_words(text)
        if caps and all_capitals(text):
            # a whole message in capitals is said loudly, not each word shouted: urgency or frustration, and anger
            # only from what it says ("WHAT DOES A GAS SAFETY VISIT COST FOR A FLAT??")
            raw["frustration"] += 0.8
            caps = []
        if raw["gratitude"] <= 0.5:
            # shouting is anger, or frustration when the word shouted is about persistence ("I'm STILL waiting");
            # the first word in capitals counts most, more of them add less
            persist = [w for w in caps if _PERSISTENCE.match(w)]
            raw["anger"] += 0.4 * max(0, exclaims - 1) + (0.6 + 0.4 * (len(caps) - len(persist)) if len(caps) > len(persist) else 0.0)
            raw["frustration"] += 0.8 * len(persist)
        # a deadline close at hand for something not there yet: fear of missing it ("... and the party is tonight")
        if _DEADLINE.search(lower):
            raw["anxiety"] += 1.0
        # "can I still ...??": an intense question about whether it is still possible
        if re.search(r"\b(?:can|could) (?:i|we) still\b", lower) and re.search(r"[!?]{2}", text):
            raw["anxiety"] += 1.2
        if sarcastic(text):  # praise that means its opposite
            raw["frustration"] += 2.0 + raw["gratitude"]
            raw["gratitude"] = 0.0
        # "can I bring my dog??" is one question said emphatically; "why do my points still say pending??" asks,
        # twice over, for an explanation of something that puzzles them
        questions = len(re.findall(r"\?+", text)) + len(_PUZZLED_TWICE.findall(text))
        if questions and max(raw["anger"], raw["frustration"]) < 1.0:
            raw["confusion"] += 0.25 * min(questions, 3)
        # Anger usually comes with frustration; a strongly angry message is anger, not both.
        scores = {e: max(0.0, v) for e, v in raw.items()}
        scores["neutral"] = 1.0
        return scores

    @staticmethod
    def _polite_thanks_discount(text: str, raw: dict[str, float]) -> float:
        """How much of the gratitude score is just a polite closing on a message about something else."""
        negative = max(raw[e] for e in _NEGATIVE)
        sentences = split_sentences(text)
        # a closing line ("Thanks, Maria Lopez") after a question or request is politeness too; after "All sorted
        # now", the same "Thank you for your help!" is the message
        asking = asks_for_something(text)
        # (the whole of what that line scored: "Many thanks, Sarah" is as polite as "Thanks, Sarah")
        # (the closing is the last line before a signature: "Thanks, / Marcus Webb / Operations, Webb Electrical")
        sentences = [without_signature(s) for s in sentences]
        polite = sum(max(1.2, sum(w * len(re.findall(p, s.lower())) for p, w in _EMOTION_CUES["gratitude"]))
                     for i, s in enumerate(sentences)
                     if _POLITE_THANKS.search(s.strip()) or (asking and i == len(sentences) - 1 > 0 and is_closing(s)))
        if negative >= 1.0:
            polite = max(polite, min(raw["gratitude"], 1.4))
        return min(raw["gratitude"], polite)

    def _urgency(self, lower: str, history: Sequence[Turn], emotion: str) -> str:
        hits = sum(1 for p in self._urgent if p.search(lower))
        repeated = sum(1 for t in history if t.role == "customer") >= 2
        if hits or repeated or (emotion == "anger" and "!" in lower):
            return "high"
        if any(p.search(lower) for p in self._low) or emotion == "gratitude":
            return "low"
        return "normal"

    def topic(self, lower: str, asks: Sequence[str] = (), original: str = "",
              hints: TopicHints | None = None) -> tuple[str, float]:
        """The policy area with the most keyword evidence, and a confidence in [0, 1].

        What the customer asks counts again on top of the whole message ("thanks, the refund came; how long do I
        have to return the shirt?" is about returns); web addresses count for nothing (a phishing link's name is
        not the topic); a code written like a promo code ("SAVE20 doesn't work") counts for promotions. The
        documents' own words (``hints``) add to their area; a document topic no area names wins only when no area
        has any evidence."""
        lower = _URL.sub(" ", lower)
        scores = self._scores(lower)
        base = dict(scores)  # the evidence the confidence is read from (the asks' second count only picks the area)
        doc_topics: dict[str, float] = {}
        if hints is not None and not hints.empty:
            known, doc_topics = hints.scores(lower)
            for t, v in known.items():
                scores[t] = scores.get(t, 0.0) + v
                base[t] = base.get(t, 0.0) + v
        for ask in asks:
            for t, v in self._scores(_URL.sub(" ", ask.lower())).items():
                scores[t] += 0.5 * v
        if original and "promotions_gift_cards" in scores and _PROMO_CODE.search(_URL.sub(" ", original)):
            scores["promotions_gift_cards"] += 2.5
        best = max(scores, key=lambda t: scores[t])
        # money after a return ("I sent it back, do I keep paying the instalments?") is a refund question
        if best in ("payments", "billing") and scores.get("returns", 0) >= 2.0 and "refunds" in scores:
            best = "refunds"
            scores["refunds"] = max(scores["refunds"], scores["payments"], scores["billing"])
        total = sum(v for v in scores.values() if v > 0)
        if scores[best] < 1.0:
            if doc_topics:
                name = max(sorted(doc_topics), key=lambda t: doc_topics[t])
                return name, min(1.0, 0.3 * doc_topics[name])
            return "other", 0.0
        share = scores[best] / total
        return best, min(1.0, share * min(1.0, max(base.get(best, 0.0), 1.0) / 3.0))

    def _scores(self, lower: str) -> dict[str, float]:
        return {t: sum(w * len(p.findall(lower)) for p, w in cues) for t, cues in self._topics.items()}

    def topics(self) -> list[str]:
        return list(self._topics)

    def names_topic(self, topic: str, text: str) -> bool:
        """Whether a document's tags/title ``text`` name this policy area (its cues match them)."""
        return any(p.search(text.lower()) for p, _ in self._topics.get(topic, ()))

    def is_injection(self, text: str) -> bool:
        return injection.is_injection(text)


_ASKS = re.compile(
    r"\?|\b(?:can|could|would|will) (?:you|i|we)\b|\bplease\b|\bi (?:want|need|would like|'d like)\b|\bhow (?:do|can|long)\b|"
    r"\bhelp me\b|\bis it possible\b|\bi(?:'m| am) (?:trying|looking) to\b",
    re.I,
)


# the request a compliment makes ("please pass it on", "no question, just..."): to share the thanks, nothing to answer
_PASS_ON = re.compile(r"\b(?:please\s+)?pass (?:it|this|that|them|my thanks|my compliments|it all) on\b|"
                      r"\b(?:please\s+)?pass on my (?:thanks|compliments|gratitude)\b|\bno questions?\b", re.I)


def asks_for_something(message: str) -> bool:
    """Whether the message asks for anything (a question or a request), as opposed to only giving thanks."""
    return bool(_ASKS.search(_PASS_ON.sub(" ", message)))


def to_second_person(text: str) -> str:
    """Turn the customer's first-person words into the agent's second-person ones ("my order" -> "your order")."""
    out = text
    for pattern, repl in _PERSON:
        out = re.sub(pattern, repl, out, flags=re.I)
    return out


def extract_problem(message: str) -> str | None:
    """A short phrase naming the customer's specific problem, in the agent's words.

    Takes the clause that reports what went wrong (the first sentence with the most issue words),
    drops greetings and fillers, cuts it at the first clause break and turns it to second person:
    "Hi, my jacket arrived with a torn seam and I'm furious!" -> "your jacket arrived with a torn seam".
    """
    for pattern, template in _QUESTION_PROBLEMS:
        m = pattern.search(message)
        if m:
            return template.format(*(g.lower() for g in m.groups()))
    sentences = [s for s in split_sentences(message) if s.strip()]
    best: tuple[int, int, str] | None = None
    for i, sentence in enumerate(sentences):
        core = _core_clause(sentence)
        if not core or len(core.split()) < 3:
            continue
        if _INJECTION_RE.search(core):
            continue
        if re.match(r"^\W*(?:if|unless|otherwise)\b", core, re.I):
            continue  # a condition or threat ("If my refund isn't here by Friday...") is not what went wrong
        hits = len(_ISSUE_WORDS.findall(core))
        if hits == 0:
            continue
        key = (hits, -i)
        if best is None or key > best[:2]:
            best = (hits, -i, core)
    if best is None:
        return None
    phrase = to_second_person(best[2])
    phrase = re.sub(r"\s+", " ", phrase).strip(" .,-–—")
    phrase = re.sub(r"^(?:you just|you)\s+(?:wanted|want|need|would like) to (?:say|tell you|let you know)(?: that)?\s+", "", phrase, flags=re.I)
    phrase = _BELIEF_PREFIX.sub("", _EMOTION_PREFIX.sub("", phrase))
    phrase = re.sub(r"^(?:(?:what a |such a |it's a |a )?(?:shame|pity)|sadly|unfortunately|honestly|basically|ugh|argh|"
                    r"(?:so |really )?(?:bummed|gutted|sad|annoyed|upset|disappointed|frustrated)(?: that)?)\b[,!]?\s+",
                    "", phrase, flags=re.I)  # an interjection, not part of the problem
    # the customer's own numbers (dates, amounts, order ids) stay out of the phrase: the reply only states
    # numbers its sources or the profile back
    # a price or discount ("at 65% off", "for $430") goes alone, so the rest of the clause stays
    phrase = re.sub(r"\s+(?:at|for|with)\s+(?:[$€£])?\d[\d.,]*\s*(?:%|percent)?(?:\s+off)?(?=\W|$)", "", phrase)
    phrase = re.sub(r"\s+(?:after|for|within|in|on|by|since|over|from|of|about|around|nearly|almost)\s+[^,;]*\d.*$", "", phrase)
    phrase = re.sub(r"\s+(?:(?:after|for|within|in|over|about|nearly|almost)\s+)?(?:a|an|one|two|three|four|five|six|seven|"
                    r"eight|nine|ten|a few|a couple of|several|few)\s+(?:days?|weeks?|months?|years?|hours?|minutes?)(?:\s+ago)?\b.*$",
                    "", phrase)
    phrase = re.sub(r"\s+(?:#\s?)?\S*\d{3,}\S*", "", phrase)
    # a clause left ending on a bare count ("came today but only 2") says nothing without what it counted
    phrase = re.sub(r"\s*,?\s+(?:but|and|with|yet)\s+[^,;]*\b\d+\W*$", "", phrase)
    phrase = _strip_dangling(phrase.strip(" .,-"))
    if re.match(r"^(?:can|could|would|will|do|does|did|is|are|how|what|when|where|why|which|who)\b", phrase, re.I):
        return None  # a question, not a problem statement
    if phrase[:1].isupper() and not re.match(r"^[A-Z]{2,}|^I\b", phrase):
        phrase = phrase[0].lower() + phrase[1:]
    return phrase or None


_INJECTION_RE = re.compile("|".join(_INJECTION), re.I)
_THING = r"(refund|parcel|package|order|delivery|replacement|exchange|money|credit|item|items|return label|invoice)"
# Problems customers state as questions or complaints about waiting: "where is my refund??"
_QUESTION_PROBLEMS = [
    (re.compile(r"\bwhy (?:did|was|has|have|is) (?:my|the) (order|payment|account|card|refund|return|parcel|package|delivery)"
                r" (?:get |been |be |just )?(cancel\w*|declined|rejected|locked|suspended|delayed|held|returned|charged)\b", re.I),
     "your {0} was {1}"),
    (re.compile(rf"\bwhere(?:'s| is| are)? (?:my|the) {_THING}\b", re.I), "you're still waiting for your {0}"),
    (re.compile(rf"\b(?:still )?(?:haven'?t|have not|never|didn'?t|did not) (?:yet )?(?:received|got|gotten|get) (?:my|the|a|any) {_THING}\b", re.I),
     "you still haven't received your {0}"),
    (re.compile(rf"\bstill (?:no|waiting (?:for|on)) (?:my |the |a )?{_THING}\b", re.I), "you're still waiting for your {0}"),
]
# "you're really worried (that) your order..." -> "your order...": the emotion is named separately.
_BELIEF_PREFIX = re.compile(
    r"^(?:you (?:think|believe|suspect|feel like|guess)(?: that)?|it (?:seems|looks) like|"
    r"you (?:don't|do not|can't|cannot) (?:understand|figure out|work out|tell)|you(?:'re| are) (?:not sure|unsure)(?: about| of)?)\s+",
    re.I,
)
_EMOTION_PREFIX = re.compile(
    r"^(?:you(?:'re| are)|you feel|you've been)\s+(?:really |so |very |quite |a bit |a little |extremely |getting )?"
    r"(?:worried|concerned|anxious|nervous|confused|frustrated|disappointed|upset|annoyed|angry|furious|scared)\s*"
    r"(?:that |about |because |as |since |with |by )?",
    re.I,
)


_DANGLING = re.compile(r"\s+(?:on|in|at|for|to|of|by|with|the|a|an|and|or|but|from|your|my|\S+'s)$", re.I)
_PARTICLE_VERBS = re.compile(r"\b(?:log|logged|sign|signed|check|checked|plug|plugged|turn|turned|switch|switched|get|got|"
                             r"come|came|put|turns?|logs?|signs?|checks?)\s+(?:in|on|at)$", re.I)


def _strip_dangling(phrase: str) -> str:
    """Drop words left hanging at the end of a cut phrase ("...birthday on"), but keep "log in", "turn on"."""
    while _DANGLING.search(phrase) and not _PARTICLE_VERBS.search(phrase):
        phrase = _DANGLING.sub("", phrase)
    return phrase


def _core_clause(sentence: str) -> str:
    s = sentence.strip()
    s = _LEADING_FILLER.sub("", s)
    # Cut at the first clause break after a few words, so the phrase stays short and on point.
    for match in _CLAUSE_END.finditer(s):
        if len(s[: match.start()].split()) >= 3:
            s = s[: match.start()]
            break
    words = s.split()
    if len(words) > 18:
        s = " ".join(words[:18])
    return s.strip(" ,.;:!?-")
