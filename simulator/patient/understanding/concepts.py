"""Stage 4b of reading a turn: clinical concepts, when the topic classifier is unsure.

The classifier reads a question as a whole and is unsure of wordings far from its phrasings
("Is there any history of preadolescent sexual abuse?", "etoh", "Do you ever have a drink with
them? No judgement, honestly!"), while a clinician hears one unmistakable clinical concept in
them. Each concept is a pattern over the normalised words (``text.normalise``: shorthand
expanded, typos corrected) naming one intent. A turn is backed off to a concept's intent only
when that is the one intent its concepts name; concepts of the ``SPECIFIC`` tier (family
history, past use, suicide, overdose, loss of control, ...) are read first, so "family history
of drug problems" is family history and not the patient's own use.

``DECISIVE`` concepts are phrases no other intent uses (the DSM-5 and screening-form wordings:
"more than prescribed", "wished you were dead", "several prescribers"); they correct a
classifier that is not sure (below ``turn.SURE_ALONE``) and reads the question as another intent.
"""

from __future__ import annotations

import re

_SUBSTANCE = (
    r"(?:alcohol|drink(?:s|ing)?|drunk|beer|wine|spirits|vodka|whisky|whiskey|cannabis|cocaine|crack|"
    r"heroin|meth\w*|amphetamines?|speed|ecstasy|mdma|benzodiazepines|street drugs|illegal drugs|"
    r"illicit drugs|recreational drugs|drugs|substances?|anything else)"
)
# The patient's own use now: a named substance, not "drugs" in general ("prescription drugs?").
_OTHER_SUBSTANCE = (
    r"\b(?:alcohol|drink(?:s|ing)?|drunk|beer|wine|spirits|vodka|whisky|whiskey|cannabis|cocaine|crack|"
    r"heroin|meth|methamphetamine|amphetamines?|ecstasy|mdma|benzodiazepines|street drugs|illegal drugs|"
    r"illicit drugs|recreational drugs|other drugs)\b"
)
_RELATIVE = (
    r"(?:family|mother|father|parents?|brothers?|sisters?|siblings?|relatives?|grand\w+|uncles?|"
    r"aunts?|cousins?|kids|children|son|daughter|blood relatives?)"
)


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# (intent, pattern) read first: the more specific reading of words other concepts share.
SPECIFIC: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (intent, _rx(p))
    for intent, p in (
        ("history.family", rf"\b{_RELATIVE}\b.{{0,40}}\b(?:{_SUBSTANCE}|addict\w*|abuse|problems? with)"
         rf"|\bfamily history\b|(?:{_SUBSTANCE}|addiction|abuse).{{0,30}}\bin (?:the|your) family\b"),
        ("history.substance_use", rf"\b(?:in the past|used to|previously|ever used|ever had a problem|"
         rf"years ago|growing up|when you were younger|history of|back in|"
         rf"in your (?:teens|twenties|youth))\b.{{0,50}}{_SUBSTANCE}"
         rf"|{_SUBSTANCE}.{{0,50}}\b(?:in the past|before|previously|years ago|when you were younger)\b"),
        ("safety.suicidal_thoughts", r"suicid\w*|\bkill(?:ing)? (?:yourself|your self)\b|\bend(?:ing)? "
         r"(?:your (?:own )?life|it all)\b|\b(?:wish|wished|wishing|want|wanted) (?:that )?you were dead\b|"
         r"\bbetter off dead\b|\btake your (?:own )?life\b|\b(?:harm|hurt)(?:ing)? yourself\b|\bself harm"),
        ("opioid.overdose", r"\boverdos\w*|\b(?:hard|difficult|drowsy|sleepy|impossible) to (?:wake|"
                            r"rouse)|\btrouble waking|\b(?:could not|cannot|can not) "
         r"(?:be )?wake|\bstopped breathing|\bunresponsive\b|\bunconscious\b"),
        ("opioid.non_pain_use", r"\b(?:for|to help(?: you)?(?: with)?|to) (?:stress|relax|cope|escape|"
         r"calm (?:down|your nerves)|feel (?:good|normal|better|high))\b|"
         r"\bother than (?:for )?(?:the )?pain\b|"
         r"\bnot for (?:the )?pain\b|\bthe buzz\b|\bget high\b"),
        ("opioid.cut_down", r"\b(?:control how much|(?:can ?not|unable to|hard to|trouble) (?:control|"
                            r"stop|cut)|"
         r"(?:lose|lost|loss of) control|persistent desire|unsuccessful\w* (?:effort|attempt)\w*|"
         r"(?:tried|try|trying|attempted|wanted|want) to (?:cut (?:down|back)|stop|quit|reduce|control))\b"),
        ("life.health_harm", r"\b(?:making|make|made|causing|cause|caused) (?:your |you )?\w+ (?:worse|"
                             r"problems?)\b"
         r".{0,40}\b(?:stop|keep|still|anyway|despite)\b|\bdespite\b.{0,40}\b(?:problems?|harm|worse)\b"),
        ("opioid.time_spent", r"\b(?:great deal of|lot of|much(?: of your)?) time\b.{0,60}"
         r"\b(?:get(?:ting)?|obtain\w*|us(?:e|ing)|recover\w*|taking)\b"),
        ("opioid.tolerance", r"\btolerance\b|\b(?:same|usual) dose (?:does|do|works|working|is) less\b|"
         r"\bneed(?:ed|ing)? (?:more|a higher dose|larger amounts) (?:to get|for) the same\b|"
         r"\bdiminished effect\b|\bless effect\b"),
        ("opioid.other_sources", r"\b(?:other|another|different|multiple|several|more than one|\d+) "
         r"(?:doctors|prescribers|pharmacies|chemists)\b|\bfrom (?:a )?(?:friends?|someone else|the street|"
         r"a dealer|dealers|the internet|online)\b|\b(?:bought|buy|buying|borrow\w*) (?:them|pills|tablets|"
         r"some|extra)\b|\boff the street\b"),
        ("opioid.cut_down", r"\b(?:tried|try|trying|attempted|ever) (?:to )?(?:wean\w*|taper\w*|come off|"
         r"coming off|get off|getting off)\b"),
        ("opioid.other_sources", r"\b(?:get|getting|got|obtain\w*)\b.{0,30}"
         r"\b(?:anywhere|anyone|somebody|someone) (?:else|apart from|other than|besides)\b"),
        ("life.activities_given_up", r"\b(?:cut back on|stopped|given up|give up|gave up) "
         r"(?!taking|using|drinking|smoking)\w+ing\b"),
    )
)

# (intent, pattern) read when no specific concept is named.
GENERAL: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (intent, _rx(p))
    for intent, p in (
        ("opioid.other_substances", rf"{_OTHER_SUBSTANCE}|\bsleeping (?:tablets|pills)|\bzopiclone\b|"
                                    rf"\bsmok\w*"),
        ("history.trauma", r"\bsexual\w* (?:abuse|assault)|\babused\b|\bmolest\w*|\bassault\w*|\btrauma\w*|"
         r"\bptsd\b|\bviolence\b|\brape\b|\babuse as a child\b|\bpreadolescent\b"),
        ("safety.naloxone", r"\bnaloxone\b|\bnasal spray\b|\brescue (?:kit|medication)\b"),
        ("history.mental_health", r"\bmood\b|\bdepress\w*|\banxi\w*|\bhopeless\w*|\binterest or pleasure\b|"
         r"\bpanic\w*|\bnervous\b|\bon edge\b|\bfeeling (?:down|low)\b|\bmental health\b"),
        ("life.sleep", r"\bsleep(?:ing)?\b(?! (?:tablets|pills|medication))|\binsomnia\b"),
        ("opioid.craving", r"\bcrav\w*|\burges?\b|\bstrong desire\b"),
        ("opioid.withdrawal", r"\bwithdrawals?\b|\bsweats\b|\bshakes\b|\bshaky\b|\bwithdrawal sick\b|"
         r"\bmiss(?:ed)? a dose\b"),
        ("opioid.as_prescribed", r"\bas (?:prescribed|directed|rx d|the doctor (?:said|told you))\b|"
         r"\bmore than (?:prescribed|intended|you intended|you meant|meant|you should|the (?:label|"
         r"bottle))\b|"
         r"\blarger amounts\b|\blonger than (?:you )?(?:intended|meant|planned)\b|\bextra (?:tablets|"
         r"doses|pills)\b"),
        ("opioid.early_refills", r"\b(?:run|ran|running) out (?:early|before)\b|\bearly (?:re)?fills?\b|"
         r"\b(?:re)?fills? early\b|\bbefore (?:it was|they were|it is) due\b"),
        ("opioid.route", r"\bsnort\w*|\bcrush\w*|\binject\w*|\bintravenous\b|\bchew\w*"),
        ("opioid.prescriber", r"\bprescriber\b|\bwho (?:prescribes|writes|gives you)\b"),
        ("opioid.side_effects", r"\bside effects?\b|\bconstipat\w*|\bitch\w*|\bdrows\w*|\bnause\w*"),
        ("opioid.last_dose", r"\blast (?:dose|took|taken|tablet|pill|one|used)\b|\bwhen did you last\b"),
        ("opioid.regimen", r"\bover the counter\b|\bparacetamol\b|\bacetaminophen\b|\bibuprofen\b|"
         r"\banti inflammator\w*|\bwhat (?:medication|tablets|painkillers|pills) (?:are|do) you\b"),
        ("pain.severity", r"\b(?:0|zero) to 10\b|\bout of 10\b|\bpain (?:score|scale)\b|\brate (?:the|"
                          r"your) pain\b"),
        ("pain.location", r"\bradiat\w*|\bgo(?:es)? down (?:the|your) leg\b|\bwhere (?:is|does) (?:the|"
                          r"it|your)"),
        ("pain.duration", r"\bonset\b|\bwhen did (?:the|your) pain (?:start|begin)\b"),
        ("pain.character", r"\b(?:sharp|dull|burning|stabbing|aching|throbbing|shooting)\b|"
         r"\bwhat (?:does|is) (?:it|the pain) (?:feel|like)\b|\bdescribe (?:the |your )?pain\b"),
        ("pain.allodynia", r"\blight touch\b|\bclothes\b|\bclothing\b|\bbed ?sheets\b"),
        ("pain.new_sites", r"\bnew (?:places|areas|sites|spots)\b|\bother parts of (?:your|the) body\b"),
        ("pain.prior_treatments", r"\bphysiotherapy\b|\bacupuncture\b|\bother treatments\b|"
         r"\bwhat else have you tried\b"),
        ("pain.trend_on_opioids", r"\b(?:getting|get|got) (?:any )?(?:better|easier|worse)\b|"
         r"\bworking for (?:the )?pain\b"),
        ("life.obligations", r"\bjob\b|\bemploy\w*|\bschool\b|\bresponsibilit\w*|\bobligations\b|"
         r"\bat work\b|\byour work\b"),
        ("life.relationships", r"\barguments?\b|\brelationships?\b|\bproblems with (?:your )?(?:family|"
                               r"partner|"
         r"wife|husband|friends|kids)\b"),
        ("life.activities_given_up", r"\bgiven up\b|\bgive up\b|\bhobbies\b|\bused to enjoy\b"),
        ("life.hazardous_use", r"\bdriv\w*|\bmachinery\b|\bhazardous\b|\bdangerous\b"),
        ("history.medical", r"\bmedical history\b|\b(?:any|other|past) (?:operations|surgery)\b|"
                            r"\bhealth (?:problems|conditions)\b|"
         r"\bmedical (?:problems|conditions)\b"),
        ("history.grief", r"\bbereave\w*|\bpassed away\b|\bgrie\w*|\blost (?:someone|anyone)\b"),
        ("goals.treatment_views", r"\bbuprenorphine\b|\bsuboxone\b|\bmethadone\b|\bnaltrexone\b|"
         r"\bmedication treatment\b"),
        ("safety.falls", r"\bfalls?\b|\bfell\b|\bfallen\b|\bdizz\w*|\bunsteady\b"),
        ("safety.storage", r"\block\w*|\bstored?\b|\bkeep (?:your|the) (?:medication|tablets|pills)\b"),
        ("support.people", r"\bsupport\w*|\bwho (?:helps|looks after)\b|\blean on\b"),
        ("opioid.cut_down", r"\bwean\w*"),
        ("opioid.withdrawal", r"\bdiarrh\w*|\brunny nose\b|\bgoose ?bumps\b|\byawn\w*|\brestless\w*"),
        ("history.mental_health", r"\bsad\b|\bsadness\b|\bunhappy\b|\bfeeling blue\b"),
        ("safety.falls", r"\bwalking (?:stick|aid|frame)\b|\bzimmer\b|\bcane\b"),
        ("support.people", r"\blives? (?:alone|on your own|by yourself)\b|\bhousehold\b|"
         r"\bwho (?:else )?(?:lives|is) (?:with you|at home)\b"),
        ("life.obligations", r"\bhow(?:'s| is) work\b|\bwork going\b|\bshifts?\b|\bcommitments\b|"
         r"\blooking after (?:the )?(?:kids|children|grandchildren)\b"),
        ("pain.location", r"\bwhere (?:it|the pain) (?:bothers|hurts|aches)\b|"
         r"\bwhere (?:it|the pain) is (?:worst|most)\b"),
        ("opioid.regimen", r"\bhow much (?:do you|are you) (?:take|taking|use|using)\b|"
         r"\bdaily (?:use|dose|amount)\b"),
        ("opioid.tolerance", r"\bdose (?:has )?(?:gone|went|crept) up\b|\b(?:still )?work(?:ing|s)? "
         r"(?:like it did|like before|as well as (?:it did|before|it used to))\b"),
        ("goals.readiness", r"\b(?:want|like|willing|ready|thought about|consider\w*) to (?:come|get) off\b|"
         r"\bcoming off\b"),
    )
)

# Phrases no other intent uses (screening-form and DSM-5 wordings): they correct an unsure reading.
DECISIVE: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (intent, _rx(p))
    for intent, p in (
        ("opioid.as_prescribed", r"\bas (?:prescribed|directed|rx d)\b|\blarger amounts\b|"
         r"\bmore than (?:prescribed|intended|you intended|you meant)\b"),
        ("opioid.early_refills", r"\b(?:filled|fills?|refills?|refilled|collected) early\b|"
         r"\bearly (?:re)?fills?\b"),
        ("opioid.other_sources", r"\b(?:multiple|several|more than one|\d+) "
         r"(?:doctors|prescribers|pharmacies)\b"),
        ("safety.suicidal_thoughts", r"\b(?:wish|wished|wishing) (?:that )?you were dead\b|"
         r"\bbetter off dead\b|\bsuicid\w*|\bkill(?:ing)? yourself\b"),
        ("history.mental_health", r"\binterest or pleasure\b|\bdown,? depressed,? or hopeless\b"),
        ("history.trauma", r"\bsexual\w* (?:abuse|assault)\b"),
        ("opioid.overdose", r"\bhard to wake\b|\btrouble waking\b|\bstopped breathing\b"),
        ("opioid.cut_down", r"\b(?:persistent desire|unsuccessful\w* (?:effort|attempt)\w*|"
         r"control how much)\b"),
    )
)


def _one(found: set[str]) -> str | None:
    return next(iter(found)) if len(found) == 1 else None


def concept_intent(prepared: str) -> str | None:
    """The one intent the clinical concepts of ``prepared`` (normalised words) name, or None
    (no concept, or concepts of different intents)."""
    specific = {intent for intent, rx in SPECIFIC if rx.search(prepared)}
    if specific:
        return _one(specific)
    return _one({intent for intent, rx in GENERAL if rx.search(prepared)})


def decisive_intent(prepared: str) -> str | None:
    """The one intent a decisive phrase of ``prepared`` names, or None."""
    return _one({intent for intent, rx in DECISIVE if rx.search(prepared)})
