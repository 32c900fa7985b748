"""Statements as well as questions: validation, empathy and stigmatising language.

``classify_statement(text)`` returns the kinds a statement shows, from
``{"validate_pain", "empathy", "stigma"}``, and every stigmatising term with its offsets in the
original text and the person-first wording to use instead (NIDA "Words Matter", cited by the
guidance catalogue as comm.person_first). Rules are regular expressions over the text with
word boundaries, case-insensitive, plural-aware; "abuse" counts only when it is about
substances (so "have you ever been abused?" is a trauma question, not stigma), and
"clean"/"dirty" only when they describe a person's use or a test result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = frozenset({"validate_pain", "empathy", "stigma"})


@dataclass(frozen=True)
class StigmaHit:
    term: str  # the words as written in the statement
    start: int
    end: int
    alternative: str  # person-first wording to use instead
    # "label" (calls the person a name: addict, junkie, abuser), "others" (the same words about
    # someone else: "family history of drug abuse"; noted, not aimed at the patient),
    # "accusation" (drug-seeking, doctor shopping, lying, selling) or "test" (clean/dirty for
    # results or for the person).
    category: str = "label"


@dataclass(frozen=True)
class Statement:
    kinds: frozenset[str]
    stigma_terms: tuple[StigmaHit, ...]


_SUBSTANCE = (
    r"(?:drugs?|substances?|opioids?|opiates?|narcotics?|pills?|prescriptions?|"
    r"medications?|meds|painkillers?|pain\s+killers?|alcohol|heroin|oxy(?:codone|contin)?|"
    r"fentanyl|benzos?|cocaine|meth|stimulants?|tablets?|morphine|codeine|tramadol|"
    r"hydrocodone|hydromorphone|methadone|buprenorphine|suboxone|subutex|tapentadol|"
    r"diazepam|valium|xanax|gabapentin|pregabalin|ketamine|cannabis|weed|dope|smack|"
    r"sleeping\s+(?:pills|tablets)|scripts?)"
)
_TEST = (
    r"(?:urines?|urine\s+(?:drug\s+)?(?:screens?|tests?|samples?)|"
    r"(?:drug\s+|tox(?:icology)?\s+)?screens?|tox|tests?|uds|samples?|results?)"
)

# (pattern, person-first alternative), by how the patient hears it (StigmaHit.category).
_LABELS: tuple[tuple[str, str], ...] = (
    # (pattern, person-first alternative)
    (
        r"\b(?:(?:drug|opioid|opiate|pill|heroin|dope)\s+)?addicts?\b",
        'person with opioid use disorder (or "person with a substance use disorder")',
    ),
    (
        r"\b(?:(?:drug|substance|opioid|pill|alcohol)\s+)?abusers?\b",
        'person who uses drugs / person with a substance use disorder',
    ),
    (
        rf"\b(?:{_SUBSTANCE}\s+)abus(?:e|es|ed|ing)\b",
        '"use" (or "misuse" for use other than prescribed); for the disorder, '
        '"substance use disorder"',
    ),
    (
        rf"\babus(?:e|es|ed|ing)\s+(?:of\s+)?(?:(?:your|the|his|her|their|those|these|my|any)\s+)?"
        rf"{_SUBSTANCE}",
        '"use" (or "misuse" for use other than prescribed)',
    ),
    (r"\bjunk(?:ie|ies|y)\b", "person who uses drugs"),
    # "Being an alcoholic, I'd have thought ...": the label given as a reason (round 10)
    (r"\b(?:being|as) an? (?:alcoholic|drunk|addict|druggie|junkie)\b"
     # "a recovering drunk", "some old alky" (round 11)
     r"|\b(?:an?|some|another|the)\s+(?:recovering|former|ex-?|old|typical|functioning|bloody|known|)\s*"
     r"(?:drunk|alky|alkie|lush|druggie)s?\b(?!\s+(?:driv|driving|when|at|on|and))",
     "person with alcohol use disorder / person in recovery"),
    (r"\b(?:you|u) (?:idiot|moron|fool|stupid (?:man|woman|person))\b",
     "say what worries you about what happened"),
    (
        r"\b(?:are\s+you|you(?:'re|\s+are)|is\s+she|is\s+he)\s+(?:a\s+|an\s+)?(?:bit\s+of\s+an?\s+)?"
        r"(?:alcoholic|alky|alkie|drunk|lush|stoner|smack\s*head|dope\s*head|crack\s*head)s?\b",
        'person with alcohol use disorder / person who uses drugs',
    ),
    (r"\b(?:druggies?|druggy|crack\s*heads?|smack\s*heads?|dope\s*heads?|pill\s*heads?|pill\s*poppers?|dope\s*fiends?)\b",
     "person who uses drugs"),
    (
        r"\b(?:drug|heroin|opioid|iv|needle|pill)\s+users?\b",
        "person who uses drugs (or person who injects drugs)",
    ),
    (
        rf"\b(?:{_SUBSTANCE}|opioid|pill)\s+habits?\b|\bhabit\s+of\s+using\b",
        '"substance use" / "opioid use disorder"',
    ),
    (
        r"\b(?:opioid\s+|drug\s+)?(?:replacement|substitution)\s+(?:therapy|treatment)\b",
        '"medication for opioid use disorder" (e.g. buprenorphine or methadone treatment)',
    ),
    (
        r"\b(?:are\s+you|you(?:'re|\s+are)|is\s+she|is\s+he)\s+(?:a\s+|an\s+)?(?:drug\s+)?users?\b",
        "person who uses drugs",
    ),
    (
        r"\b(?:feed(?:ing|s)?|support(?:ing|s)?|kick(?:ing|s)?|fund(?:ing|s)?)\s+(?:your|the|a|his|her|their)\s+"
        r"habits?\b|\byour\s+habit\b",
        '"substance use" / "opioid use disorder"',
    ),
)
_TESTS: tuple[tuple[str, str], ...] = (
    (rf"\bclean\s+{_TEST}", '"negative" result (e.g. "the urine test was negative")'),
    (rf"\bdirty\s+{_TEST}", '"positive" result (e.g. "the urine test was positive for ...")'),
    (
        rf"\b{_TEST}\s+(?:(?:came|come|comes|coming)\s+back|was|were|is|are|be|been)\s+clean\b",
        '"negative" result',
    ),
    (
        rf"\b{_TEST}\s+(?:(?:came|come|comes|coming)\s+back|was|were|is|are|be|been)\s+dirty\b",
        '"positive" result',
    ),
    (
        r"\b(?:are\s+you|you(?:'re|\s+are)|you\s+were|stay(?:ed|ing|s)?|been|get(?:ting)?|got|"
        r"keep(?:ing)?|remain(?:ed|ing)?|be)\s+clean\b",
        '"not using" / "in recovery" / "abstinent"',
    ),
    (r"\bclean\s+(?:and|&)\s+sober\b", '"in recovery" / "not using"'),
    (r"\bclean\s+time\b", '"time in recovery"'),
    (
        r"\b(?:are\s+you|you(?:'re|\s+are)|you\s+were|been|was|were)\s+dirty\b",
        '"currently using" / "had a positive result"',
    ),
)
_TESTS = (
    *_TESTS,
    (
        rf"\b(?:was|were|is|are)\s+(?:your|the|his|her|their)\s+(?:last\s+|latest\s+|recent\s+)?"
        rf"{_TEST}\s+dirty\b",
        '"positive" result',
    ),
    (
        rf"\b(?:was|were|is|are)\s+(?:your|the|his|her|their)\s+(?:last\s+|latest\s+|recent\s+)?"
        rf"{_TEST}\s+clean\b",
        '"negative" result',
    ),
)
_ACCUSATIONS: tuple[tuple[str, str], ...] = (
    (
        r"\bdrug[\s-]*seek(?:ing|ers?)\b|\bseeking\s+drugs\b",
        'describe the behaviour instead (e.g. "asked for an early refill twice this month")',
    ),
    (
        r"\bmanipulat(?:ive|ing|ion)\b",
        'describe the behaviour instead (e.g. "asked several prescribers for opioids")',
    ),
    (r"\bfrequent\s+flyers?\b", "describe the visits (e.g. \"three emergency visits this month\")"),
    (
        r"\bdoctor[\s-]*shop(?:ping|per|pers)?\b|\bshopping\s+(?:around\s+)?for\s+(?:doctors|prescribers|pills)\b",
        'describe the behaviour instead (e.g. "has prescriptions from three prescribers")',
    ),
    (
        r"\b(?:are\s+you|you(?:'re|\s+are)|you\s+were)\s+(?:just\s+)?(?:lying|faking(?:\s+it)?|conning|scamming)\b|"
        r"\b(?:are\s+you|you(?:'re|\s+are))\s+(?:not\s+)?(?:selling|dealing|diverting)\b|"
        r"\bsell(?:ing)?\s+(?:them|your\s+(?:pills|tablets|meds))\s+on\b|"
        # "not planning to flog a few to your mates, are ya?", "selling some on the side?" (round 12)
        r"\bflog(?:s|ging)?\s+(?:a\s+few|some|any|them|your|the)\b|"
        r"\bsell(?:s|ing)?\s+(?:a\s+few|some|any|them)\b[\w\s]{0,30}\bon\s+the\s+side\b|"
        # "... usually means someone is selling them. Are you?": the suspicion, then the question
        r"\b(?:someone|somebody|people|patients?)\s+(?:is|are|were)\s+(?:selling|dealing|diverting)\b"
        r"(?=.{0,60}\b(?:are|were)\s+you\b)",
        'ask openly (e.g. "has anyone else ever used some of your tablets?")',
    ),
    (
        r"\b(?:you(?:'re|\s+are)|are\s+you)\s+(?:just\s+|only\s+)?(?:here|after|in\s+here)\s+(?:for|to\s+get)\s+"
        r"(?:the\s+|more\s+)?(?:pills|drugs|tablets|meds|opioids|a\s+fix)\b|\bjust\s+want(?:s|ed)?\s+"
        r"(?:more\s+)?(?:pills|drugs|a\s+fix)\b",
        'name the request and ask about it (e.g. "you are asking for a higher dose; tell me why")',
    ),
    (
        # the same said without its subject, as people type and as second-language speakers put
        # it ("Just here to get high on bup?", "only looking for drugs, no?", "you only after the
        # high?"): "just/only" + being here, after, looking or wanting + the high or the drugs
        r"(?:(?:^|[.!?,;]\s*)(?:(?:so|and|but|or|oh|then)\s+)?|\b(?:you(?:'re|\s+are)?|are\s+you|u|ur|r\s+u)\s+)"
        r"(?:just|only)\s+(?:(?:came|come|coming)\s+"
        r"(?:in\s+|here\s+)?|here\s+|in\s+it\s+|after\s+|looking\s+|want(?:s|ed|ing)?\s+|wanna\s+)"
        r"(?:for\s+|to\s+get\s+|to\s+|on\s+)?(?:the\s+|some\s+|more\s+|a\s+)?"
        r"(?:get(?:ting)?\s+high|high|buzz|drugs|pills|tablets|meds|opioids|fix|scripts?|oxy\w*)\b",
        'name the request and ask about it (e.g. "you are asking for a higher dose; tell me why")',
    ),
)
_STIGMA: tuple[tuple[str, str, str], ...] = (
    *((p, a, "label") for p, a in _LABELS),
    *((p, a, "test") for p, a in _TESTS),
    *((p, a, "accusation") for p, a in _ACCUSATIONS),
)

_STIGMA_RE = tuple((re.compile(p, re.IGNORECASE), alt, cat) for p, alt, cat in _STIGMA)

_BE = r"(?:is|are|'s|'re|was|feels?|seems?|sounds?)"
_PAIN = r"(?:pain|back|hurt(?:ing)?|suffering|symptoms?|it)"

_VALIDATE = (
    rf"\b(?:your|the|this|that)\s+{_PAIN}\s+(?:{_BE}\s+)?(?:very\s+|really\s+|completely\s+|absolutely\s+|definitely\s+)?(?:real|genuine|valid|legitimate)\b",
    r"\bi\s+(?:do\s+)?believe\s+(?:you|that\s+you|your|what\s+you)",
    r"\bi\s+(?:don't|do\s+not|never)\s+doubt\s+(?:you|your|that)",
    r"\bno(?:body|\s+one)\s+(?:thinks|is\s+saying|'s\s+saying|says)\s+(?:that\s+)?you(?:'re|\s+are)\s+(?:making|faking|imagining)",
    r"\byou(?:'re|\s+are)\s+not\s+(?:making\s+(?:it|this)\s+up|imagining\s+(?:it|this|things)|faking|exaggerating)",
    r"\bi\s+(?:take|am\s+taking)\s+your\s+pain\s+seriously\b",
    r"\byour\s+pain\s+(?:matters|is\s+important|counts)\b",
    r"\bi\s+(?:can\s+)?(?:see|tell|hear)\s+(?:that\s+|how\s+much\s+)?you(?:'re|\s+are)\s+(?:in\s+(?:a\s+lot\s+of\s+|so\s+much\s+)?pain|hurting|suffering)",
    r"\bi\s+(?:can\s+)?see\s+how\s+much\s+(?:pain|it\s+hurts|you\s+(?:hurt|suffer))",
    r"\b(?:that|it|this)\s+(?:must|would|has\s+to|must\s+really|must\s+have)\s+(?:really\s+)?(?:hurt|be\s+(?:very\s+|so\s+|really\s+)?painful)",
    r"\b(?:living|dealing|coping|putting\s+up)\s+with\s+(?:this\s+|that\s+|chronic\s+|constant\s+|daily\s+|such\s+)?pain\b.{0,40}\b(?:hard|exhausting|tough|draining|difficult|wearing)",
    r"\b(?:sounds|must\s+be|seems|looks)\s+(?:really\s+|so\s+|very\s+|incredibly\s+|absolutely\s+)?(?:exhausting|draining|debilitating|agonising|agonizing|excruciating|unbearable|awful)\b",
    r"\bchronic\s+pain\s+is\s+(?:a\s+)?real\b",
    r"\byour\s+pain\s+is\s+not\s+in\s+your\s+head\b|\bit(?:'s|\s+is)\s+not\s+(?:all\s+)?in\s+your\s+head\b",
    r"\bthe\s+pain\s+you(?:'re|\s+are)?\s+(?:feeling|describing|having|in)\s+is\s+real\b",
)

_EMPATHY = (
    r"\b(?:that|it|this)\s+(?:sounds|must\s+be|must\s+have\s+been|seems|looks)\s+(?:really\s+|so\s+|very\s+|incredibly\s+|pretty\s+|quite\s+)?(?:hard|difficult|tough|frightening|scary|stressful|overwhelming|frustrating|upsetting|lonely|painful|awful|terrible|rough|exhausting|draining|distressing|worrying|isolating|heartbreaking)\b",
    r"\bi(?:'m|\s+am)\s+(?:so\s+|really\s+|very\s+|truly\s+)?sorry\s+(?:you|to\s+hear|that|for)",
    r"\bi\s+(?:can\s+)?(?:only\s+)?imagine\s+(?:how|what|that)",
    r"\bi\s+(?:can\s+)?(?:understand|see|hear)\s+(?:why|how|that)\s+(?:you|this|that|it)",
    r"(?<!\bif )\bi\s+understand\b(?!\s+(?:correctly|right(?:ly)?)\b)(?!\s*:)",
    r"\b(?:it|that)(?:'s|\s+is)\s+(?:completely\s+|totally\s+|perfectly\s+|very\s+)?(?:understandable|natural|normal)\s+(?:to|that|you)",
    r"\bit\s+makes\s+(?:complete\s+|total\s+|perfect\s+)?sense\s+(?:that\s+)?(?:you|to)",
    r"\bthank\s+you\s+(?:so\s+much\s+|very\s+much\s+)?for\s+(?:telling|sharing|being\s+(?:honest|open)|trusting|opening\s+up)",
    r"\bthanks\s+for\s+(?:telling|sharing|being\s+(?:honest|open)|trusting|opening\s+up)",
    # thanks and praise in other words (round 13): "thank you for tell me", "thank you share with me",
    # "you are very honest", "you're so brave to say that"
    r"\b(?:thank\s+you|thanks|thank\s+u)\s+(?:so\s+much\s+|very\s+much\s+)?(?:for\s+)?(?:tell|share|open\s+up|trust)"
    r"(?:ing)?\s+(?:me|with\s+me|this|that|it|us)\b",
    r"(?<!\bif\s)(?<!\bare\s)\byou(?:'re|\s+are|\s+were|\s+have\s+been|'ve\s+been)\s+(?:very\s+|so\s+|really\s+|"
    r"incredibly\s+|being\s+)?(?:honest|brave|open|courageous)\b(?!\s+(?:with\s+me\s+)?(?:about|when|if|that)\b)(?![^.!]*\?)",
    # normalising a hard question (round 13): "don't worry, I ask everybody", "I ask all my patients this"
    r"\bi\s+(?:always\s+)?(?:ask|am\s+asking)\s+(?:this\s+(?:of\s+|to\s+)?|these\s+(?:questions\s+)?(?:of\s+|to\s+)?)?"
    r"(?:every(?:body|one)|all\s+(?:my\s+)?(?:patients|people))\b",
    r"\bi\s+(?:really\s+)?appreciate\s+(?:you|your)\s+(?:telling|sharing|being|honesty|openness|trust)",
    r"\byou(?:'re|\s+are)\s+not\s+alone\b",
    r"\b(?:we(?:'ll|\s+will)|we\s+can|let's)\s+(?:work\s+(?:on\s+)?(?:this|it)\s+(?:out\s+)?together|figure\s+(?:this|it)\s+out\s+together|get\s+through\s+this\s+together)",
    r"\bi(?:'m|\s+am)\s+(?:here|on\s+your\s+side)\s+(?:to\s+(?:help|support|listen)|for\s+you|with\s+you)",
    r"\bi(?:'m|\s+am)\s+on\s+your\s+side\b",
    r"\bi\s+(?:want|would\s+like)\s+to\s+(?:help|support)\s+you\b",
    r"\byou(?:'ve|\s+have)\s+(?:been\s+through|had\s+to\s+deal\s+with)\s+(?:a\s+lot|so\s+much|such\s+a\s+lot)",
    r"\b(?:no|there(?:'s|\s+is)\s+no)\s+(?:judg(?:e)?ment|shame)\b",
    r"\bi(?:'m|\s+am)\s+not\s+(?:here\s+to\s+)?judg(?:e|ing)\b",
    r"\bthat\s+takes\s+(?:a\s+lot\s+of\s+)?(?:courage|strength)\b",
    # "you did the right thing coming in", "I'm glad you came", "well done for coming"
    r"\byou(?:'ve|\s+have)?\s+(?:did|done|made)\s+(?:exactly\s+|absolutely\s+|definitely\s+|totally\s+|really\s+)?"
    r"the\s+right\s+(?:thing|call|decision|choice)\b",
    # reassurance that he will not be left alone with it (round 11): "we will not leave you without
    # treatment", "I'm not going to abandon you", "you won't be alone", "we do it together"
    r"\b(?:i|we)\b[^.?!]{0,20}?(?:\bnot|n't|\bnever)\s+(?:going\s+to\s+|gonna\s+)?(?:abandon\s+you|"
    r"leave\s+you\s+(?:alone|without|in\s+pain|on\s+your\s+own|high\s+and\s+dry|to\s+(?:cope|manage|suffer|deal))|"
    r"let\s+you\s+(?:down|suffer|without|go\s+without))",
    r"\byou\s+(?:will\s+not|won't|wont|are\s+not\s+going\s+to|'re\s+not\s+going\s+to)\s+be\s+(?:alone|"
    r"on\s+your\s+own|left\s+(?:alone|without|on\s+your\s+own))",
    r"\bwe(?:'ll|\s+will)?\s+(?:do|take|tackle|face|go\s+through|manage)\s+(?:it|this|that)\s+together\b",
    r"\bi(?:'m|\s+am)\s+(?:really\s+|so\s+|very\s+)?glad\s+you\s+(?:came|come|asked|told|rang|called)\b",
    r"\bwell\s+done\s+(?:for|on)\s+(?:coming|asking|telling|getting)\b",
    # encouragement: "you can do this", "you've already done the hard part"
    r"\byou\s+can\s+do\s+(?:this|it)\b",
    r"\byou(?:'ve|\s+have)?\s+(?:already\s+)?done\s+the\s+(?:hard|hardest|difficult)\s+(?:part|thing|bit)\b",
    r"\bit\s+took\s+(?:a\s+lot\s+of\s+)?(?:courage|strength)\b",
    r"\byou(?:'re|\s+are)\s+(?:doing|coping)\s+(?:really\s+|so\s+)?(?:well|your\s+best)\b",
    r"\bhow\s+(?:hard|difficult|frustrating|frightening|scary|lonely)\s+(?:this|that|it)\s+(?:must|has\s+to)\s+be\b",
    # sympathy put plainly (round 10): "sorry about your friend. thats rough.", "oh bless her"
    r"\b(?:so\s+|really\s+|very\s+)?sorry\s+(?:about|for)\s+(?:your|the)\s+(?:loss|friend|husband|wife|partner|"
    r"son|daughter|mum|mom|dad|brother|sister|granddaughter|grandson|family|accident|fall|injury)\b",
    r"\b(?:that|it)(?:'s|s|\s+is|\s+was)\s+(?:really\s+|so\s+|pretty\s+)?(?:rough|awful|tough|hard|horrible|"
    r"terrible|heartbreaking|grim)\b",
    r"\b(?:sorry\s+for\s+your\s+loss|my\s+condolences)\b",
    # praise for what he has done (round 10): "well done you on the drinking", "that's really impressive"
    r"\bwell\s+done(?:\s+you)?\b",
    r"\b(?:that|it)(?:'s|s|\s+is)\s+(?:really\s+|so\s+|very\s+|hugely\s+|a\s+)?(?:impressive|amazing|"
    r"brilliant|fantastic|great\s+achievement|massive\s+achievement|real\s+achievement|huge\s+achievement|"
    r"achievement)\b",
    r"\byou\s+should\s+be\s+(?:really\s+|very\s+)?proud\b",
    r"\bi(?:'m|\s+am)\s+(?:really\s+|so\s+)?(?:proud\s+of|impressed\s+(?:by|with))\s+(?:you|that)\b",
)

_VALIDATE_RE = tuple(re.compile(p, re.IGNORECASE) for p in _VALIDATE)
_EMPATHY_RE = tuple(re.compile(p, re.IGNORECASE) for p in _EMPATHY)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})


# A label that is denied or reported rather than given ("that doesn't make you an addict",
# "your son called you an addict", "the word addict"): the patient hears reassurance or an
# echo of someone else, not a judgement, so it is not counted.
_DENIED = re.compile(
    # (not across "to"/"for": "I'm not handing narcotics to a recovering drunk" gives the label)
    r"(?:\bnot|n't|\bnever|\bno\s+longer)\s+(?:(?!(?:to|for|with|from)\s)[\w']+\s+){0,3}(?:an?\s+)?(?:(?!(?:to|for|with|from)\s)\w+\s+)?$"
    r"|\b(?:call(?:s|ed|ing)?|label(?:s|led|ed|ling)?)\s+(?:you|yourself|her|him|them|me)\s+(?:an?\s+)?$"
    r"|\b(?:word|label|term)\s+[\"']?$|\bsaid\s+(?:you(?:'re|\s+are|\s+were)|i'?m)\s+(?:an?\s+)?$"
    # "ye're no an addict", "you're no junkie", "she's nae addict": "no" after the verb denies (Scots
    # and plain English alike; "no, you're an addict" has no verb before the "no")
    r"|(?:'re|'s|'m|\b(?:re|are|is|am|was|were|be))\s+(?:no|nae)\s+(?:\w+\s+)?(?:an?\s+)?$",
    re.I,
)

# A label quoted as the topic, not given ("we'll come back to the addict bit", "that 'addict'
# thing your son said", "the junkie question"): the word named as something to talk about.
_QUOTED_BEFORE = re.compile(r"\b(?:the|that|this|your|his|her|whole)\s+[\"']?$", re.I)
_QUOTED_AFTER = re.compile(
    r"^[\"']?\s*(?:bit|thing|part|question|word|label|comment|remark|talk|issue|worry|worries|business|"
    r"stuff|side|conversation|discussion|fear|idea|point)\b", re.I)
_IN_QUOTES = re.compile(r"[\"']$")


# "You're not abusing your meds, are you?": a denial turned into an accusation by its tag.
_TAG_QUESTION = re.compile(
    r"^(?:\s+\w+){0,4}?\s*,?\s*(?:are|is|were|was|do|does|did|have|has)(?:n't)?\s+"
    r"(?:you|she|he|they|it)\b",
    re.I,
)


def find_stigma(text: str) -> tuple[StigmaHit, ...]:
    """Every stigmatising term in ``text``, in order, non-overlapping (longest first)."""
    text_n = text.translate(_APOSTROPHES)
    spans: list[tuple[int, int, str, str]] = []
    for rx, alt, cat in _STIGMA_RE:
        for m in rx.finditer(text_n):
            spans.append((m.start(), m.end(), alt, cat))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    hits: list[StigmaHit] = []
    last_end = -1
    for start, end, alt, cat in spans:
        if start < last_end:
            continue
        if (
            cat == "label"
            and _DENIED.search(text_n[max(0, start - 48) : start])
            and not _TAG_QUESTION.match(text_n[end : end + 40])
        ):
            continue  # "you're not an addict", "your son called you an addict": not a label given
        if cat == "label" and (
            (_QUOTED_BEFORE.search(text_n[max(0, start - 20) : start])
             and _QUOTED_AFTER.match(text_n[end : end + 30]))
            or (_IN_QUOTES.search(text_n[max(0, start - 1) : start])
                and text_n[end : end + 1] in ("'", '"'))
        ):
            continue  # "we'll come back to the addict bit", "the word 'addict'": the word named, not given
        if cat == "label" and (
            _ABOUT_OTHERS.search(text_n[max(0, start - 60) : start])
            or _HISTORY_OF.search(text_n[max(0, start - 40) : start])
        ):
            # "a family history of drug abuse", "personal history of substance abuse" (the Opioid
            # Risk Tool's own words): a history question, the term noted, not a name aimed at him
            cat = "others"
        hits.append(StigmaHit(text[start:end], start, end, alt, cat))
        last_end = end
    return tuple(hits)


# Words before a label that make it about someone else, not the patient (issue 19).
_ABOUT_OTHERS = re.compile(
    r"\b(?:family|families|relatives?|parents?|father|mother|dad|mum|mom|brothers?|sisters?|"
    r"siblings?|grand(?:parents?|father|mother)|uncles?|aunts?|cousins?|in the family|"
    r"anyone (?:else )?in your)\b",
    re.I,
)


# A history asked for in the dated words of a form: "(any) history of", "hx of" just before the term.
_HISTORY_OF = re.compile(r"\b(?:history|hx) of\s+(?:[\w-]+\s+){0,2}$", re.I)


def classify_statement(text: str) -> Statement:
    """The kinds of a trainee's statement (validation, empathy, stigma) and the stigma terms."""
    text_n = " ".join(text.translate(_APOSTROPHES).split())
    kinds: set[str] = set()
    if any(rx.search(text_n) for rx in _VALIDATE_RE):
        kinds.add("validate_pain")
    if any(rx.search(text_n) for rx in _EMPATHY_RE):
        kinds.add("empathy")
    hits = find_stigma(text)
    if hits:
        kinds.add("stigma")
    return Statement(frozenset(kinds), hits)
