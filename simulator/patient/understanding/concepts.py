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
    r"\b(?:alcohol|drink(?:s|ing)?|drunk|beer|wine|spirits|vodka|whisky|whiskey|sherry|gin|rum|cider|lager|"
    r"brandy|booze|pints?|cannabis|cocaine|crack|heroin|meth|methamphetamine|amphetamines?|ecstasy|mdma|"
    r"benzodiazepines|street drugs|illegal drugs|"
    r"illicit drugs|recreational drugs|other drugs)\b"
)
_PAST = (
    r"\b(?:in the past|used to|previously|ever used|ever had a problem|years ago|growing up|"
    r"when you were younger|history (?:of|with)|back in|back then|in those days|"
    r"in your (?:teens|twenties|youth)|at (?:the|your|its) (?:worst|heaviest|peak)|"
    # "how much were you drinking?", "what were you having?": the past, asked in its tense (round 11)
    r"were you (?:drinking|having|using|taking|on)|did you use to)\b"
)
_RELATIVE = (
    r"(?:family|mother|father|parents?|brothers?|sisters?|siblings?|relatives?|grand\w+|uncles?|"
    r"aunts?|cousins?|kids|children|son|daughter|blood relatives?)"
)


def _table(*rows: tuple[str, tuple[str, ...]]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(intent, its alternatives as one pattern) for each row; an intent may have several rows."""
    return tuple((intent, re.compile("|".join(alternatives))) for intent, alternatives in rows)


# Read first: the more specific reading of words other concepts share.
SPECIFIC = _table(
    ("history.family", (
        rf"\b{_RELATIVE}\b.{{0,40}}\b(?:{_SUBSTANCE}|addict\w*|abuse|problems? with)",
        r"\bfamily history\b",
        rf"(?:{_SUBSTANCE}|addiction|abuse).{{0,30}}\bin (?:the|your) family\b",
    )),
    ("history.substance_use", (
        rf"{_PAST}.{{0,50}}{_SUBSTANCE}",
        rf"{_SUBSTANCE}.{{0,50}}\b(?:in the past|before|previously|years ago|when you were younger|back then|"
        r"back in the day|in those days|at (?:the|your|its) (?:worst|heaviest|peak))\b",
        # when and how he gave it up ("When did you stop drinking?", "since how long you are off it?")
        r"\b(?:stop|stopped|quit|gave up|give up|came off|come off)(?: the)? (?:drink\w*|alcohol|booze)\b",
        r"\b(?:drinking|using) days\b",
        # what he used before his treatment ("Before the bup, what were you using?")
        r"\bbefore (?:the |your |you (?:started|went on|got on) (?:the )?)?(?:buprenorphine|bup\w*|suboxone|"
        r"subutex|methadone|treatment|programme|program|recovery)\b.{0,40}\b(?:using|use|used|taking|on)\b",
        # "and you yourself, ever any trouble with alcohol?"
        rf"\bever (?:any |had (?:any )?|have (?:any )?)?(?:trouble|problems?|issues?|difficult\w*) "
        rf"with {_SUBSTANCE}",
    )),
    ("safety.suicidal_thoughts", (
        r"suicid\w*",
        r"\bkill(?:ing)? (?:yourself|your self)\b",
        r"\bend(?:ing)? (?:(?:your|their|one's) (?:own )?(?:life|lives)|it all|things)\b",
        r"\b(?:wish|wished|wishing|want|wanted) (?:that )?you were dead\b",
        r"\bbetter off dead\b",
        r"\btake (?:your|their) (?:own )?(?:life|lives)\b",
        # "easier not to be here anymore", "better if you weren't around" (round 12)
        r"\b(?:easier|better|best) (?:for everyone )?(?:not to be|not being|if you (?:were not|weren't)) "
        r"(?:here|around|alive)\b",
        # not the injury asked about: "how did you hurt yourself?", "did you hurt yourself at work?"
        r"(?<!how did you )(?<!how'd you )(?<!how did u )\b(?:harm|hurt)(?:ing)? yourself\b"
        r"(?! (?:at work|in the fall|when you fell|lifting|falling|playing|on the|(?:by|in|with|from|during|"
        r"when|at) (?:the|this|that|your|a) (?:fall|accident|crash|slip|trip|injury|work|job)))"
        r"(?!.{0,30}\b(?:fall|fell|accident|crash|slipped|tripped)\b)",
        # the plan and the means, asked after the thoughts (round 10): "Have you made any plans, or kept
        # anything back that you might use?"
        r"\bmade (?:any )?(?:plans?|preparations)\b", r"\bkept (?:anything|something|any (?:tablets|pills)|"
        r"tablets|pills) back\b", r"\b(?:stockpil\w*|hoard\w*)\b",
        # the screen as it is often put (round 10): "thoughts of harming themselves", "life isn't worth
        # living", "better off without you", "crossed your mind" after either
        r"\b(?:harm|hurt)(?:ing)? themselves\b",
        r"\blife (?:isn'?t|is not|wasn'?t|was not|is n't) worth living\b",
        r"\b(?:better off without (?:you|me|them))\b",
        r"\bself[- ]?harm",
        r"\b(?:don'?t|do not|no longer|not) (?:want|wish|wanting) to (?:live|be alive|be here|wake up)\b",
        r"\bnot being here\b", r"\bplans? (?:or|and) intent\w*\b",
    )),
    ("opioid.overdose", (
        r"\boverdos\w*",
        r"\b(?:hard|difficult|drowsy|sleepy|impossible) to (?:wake|rouse)",
        r"\btrouble waking",
        r"\b(?:could not|cannot|can not) (?:be )?wake",
        r"\bstopped breathing",
        r"\bunresponsive\b",
        r"\bunconscious\b",
    )),
    ("opioid.non_pain_use", (
        r"\b(?:for|to help(?: you)?(?: with)?|to) (?:stress|relax|cope|escape|calm (?:down|your nerves)|"
        r"feel (?:good|normal|better|high))\b",
        r"\b(?:other than|apart from|besides|aside from|except for) (?:for )?(?:the )?pain\b",
        r"\bnot for (?:the )?pain\b",
        r"\bthe buzz\b",
        r"\bget high\b", r"\b(?:get|getting|got|chas\w+) (?:a |the )?(?:high|buzz|hit|rush)\b",
        # "... when the ankle isn't actually sore?"
        r"\b(?:isn'?t|is not|aren'?t|are not|not|wasn'?t) (?:actually |really |even )?"
        r"(?:sore|hurting|painful|in pain)\b",
    )),
    ("opioid.cut_down", (
        r"\bcontrol how much\b",
        r"\b(?:can ?not|unable to|hard to|trouble) (?:control|stop|cut)\b",
        r"\b(?:lose|lost|loss of) control\b",
        r"\bpersistent desire\b",
        r"\bunsuccessful\w* (?:effort|attempt)\w*",
        r"\b(?:tried|try|trying|attempted|wanted|want) to (?:cut (?:down|back)|stop|quit|reduce|control)\b",
        r"\b(?:tried|try|trying|attempted|ever) (?:to )?(?:wean\w*|taper\w*|come off|coming off|get off|"
        r"getting off)\b",
    )),
    ("life.health_harm", (
        r"\b(?:making|make|made|causing|cause|caused) (?:your |you )?\w+ (?:worse|problems?)\b"
        r".{0,40}\b(?:stop|keep|still|anyway|despite)\b",
        r"\bdespite\b.{0,40}\b(?:problems?|harm|worse)\b",
    )),
    ("opioid.time_spent", (
        r"\b(?:great deal of|lot of|much(?: of your)?) time\b.{0,60}"
        r"\b(?:get(?:ting)?|obtain\w*|us(?:e|ing)|recover\w*|taking)\b",
    )),
    ("opioid.tolerance", (
        r"\btolerance\b",
        r"\b(?:same|usual) dose (?:does|do|works|working|is) less\b",
        r"\bneed(?:ed|ing)? (?:more|a higher dose|larger amounts) (?:to get|for) the same\b",
        r"\bdiminished effect\b",
        r"\bless effect\b",
    )),
    ("opioid.other_sources", (
        r"\b(?:other|another|different|multiple|several|more than one|\d+) "
        r"(?:doctors|prescribers|pharmacies|chemists)\b",
        r"\bfrom (?:a )?(?:friends?|someone else|the street|a dealer|dealers|the internet|online)\b",
        r"\b(?:bought|buy|buying|borrow\w*) (?:them|pills|tablets|some|extra)\b",
        r"\boff the street\b",
        r"\b(?:any|another|other) (?:source|sources|supplier|suppliers)\b",
        r"\bwhere (?:do|does|did) (?:the )?(?:extra|other|bought) (?:ones|tablets|pills)\b",
        r"\bother than (?:your |the )?(?:gp|doctor|prescriber|pharmacy)\b",
        r"\b(?:get|getting|got|obtain\w*)\b.{0,30}\b(?:anywhere|anyone|somebody|someone) "
        r"(?:else|apart from|other than|besides)\b",
    )),
    ("life.activities_given_up", (
        r"\b(?:cut back on|stopped|given up|give up|gave up) (?!taking|using|drinking|smoking)\w+ing\b",
    )),
)

# Read when no specific concept is named.
GENERAL = _table(
    ("opioid.other_substances", (
        _OTHER_SUBSTANCE, r"\bsleeping (?:tablets?|pills?)", r"\bzopiclone\b", r"\bsmok\w*",
        r"\btobacco\b", r"\bcigarettes?\b", r"\bvap(?:e|es|ing)\b", r"\bnicotine\b",
    )),
    ("history.substance_use", (r"\bsober\w*", r"\bsobriety\b", r"\bin recovery\b")),
    ("history.trauma", (
        r"\bsexual\w* (?:abuse|assault)", r"\babused\b", r"\bmolest\w*", r"\bassault\w*", r"\btrauma\w*",
        r"\bptsd\b", r"\bviolence\b", r"\brape\b", r"\babuse as a child\b", r"\bpreadolescent\b",
    )),
    ("safety.naloxone", (r"\bnaloxone\b", r"\bnasal spray\b", r"\brescue (?:kit|medication)\b")),
    ("history.mental_health", (
        r"\bmood\b", r"\bdepress\w*", r"\banxi\w*", r"\bhopeless\w*", r"\binterest or pleasure\b",
        r"\bpanic\w*", r"\bnervous\b", r"\bon edge\b", r"\bfeeling (?:down|low|blue)\b", r"\bmental health\b",
        r"\bsad\b", r"\bsadness\b", r"\bunhappy\b",
        r"\bappetite\b", r"\beating (?:ok|okay|alright|all right|well|properly|enough)\b",
    )),
    ("life.sleep", (r"\bsleep(?:ing)?\b(?! (?:tablets?|pills?|medication))", r"\binsomnia\b")),
    ("opioid.craving", (
        r"\bcrav\w*", r"\burges?\b", r"\bstrong desire\b",
        # "have you felt the pull to use again?", "tempted to use"
        r"\bthe pull (?:to|of|towards?)\b", r"\btempt\w* to (?:use|take)\b", r"\b(?:itch|itching) to\b",
    )),
    ("opioid.withdrawal", (
        r"\bwithdrawals?\b", r"\bsweats\b", r"\bshakes\b", r"\bshaky\b", r"\bwithdrawal sick\b",
        r"\bcluck\w*", r"\brattling\b", r"\bdope ?sick\b", r"\bhanging\b",
        r"\b(?:been|gone|went|go|going) without (?:it|them|the \w+|your \w+|any)\b",
        r"\bmiss(?:ed)? a dose\b", r"\bdiarrh\w*", r"\brunny nose\b", r"\bgoose ?bumps\b", r"\byawn\w*",
        r"\brestless\w*",
    )),
    ("opioid.as_prescribed", (
        r"\bas (?:prescribed|directed|rx d|the doctor (?:said|told you))\b",
        r"\bmore than (?:prescribed|intended|you intended|you meant|meant|you should|the (?:label|bottle))\b",
        r"\blarger amounts\b",
        r"\blonger than (?:you )?(?:intended|meant|planned)\b",
        # "You plan take few, but end up take more" (round 13): more than he meant, in plain words
        r"\bend(?:ed|s)? up (?:taking|take|took|using|use|used|having) (?:more|lots more|a lot more|all)\b",
        r"\b(?:extra|additional) (?:tablets?|doses?|pills?|ones?)\b", r"\ban extra one\b",
    )),
    ("opioid.early_refills", (
        r"\b(?:run|ran|running) out (?:early|before)\b", r"\bearly (?:re)?fills?\b",
        r"\b(?:re)?fills? early\b",
        r"\bbefore (?:it was|they were|it is) due\b",
        # the pill count the other way: tablets left over at the end of the month
        r"\bleft ?over\b", r"\b(?:tablets|capsules|pills|some) (?:to spare|spare)\b",
    )),
    ("opioid.route", (r"\bsnort\w*", r"\bcrush\w*", r"\binject\w*", r"\bintravenous\b", r"\bchew\w*")),
    ("opioid.prescriber", (r"\bprescriber\b", r"\bwho (?:prescribes|writes|gives you)\b")),
    ("opioid.side_effects", (
        r"\bside effects?\b", r"\bconstipat\w*", r"\bitch\w*", r"\bdrows\w*", r"\bnause\w*",
        r"\bsleepy\b", r"\bnod(?:ding)? off\b", r"\bdozing\b",
    )),
    ("opioid.last_dose", (
        r"\blast (?:dose|took|taken|tablet|pill|one|used|hit|fix|use|go)\b", r"\bwhen did you last\b",
    )),
    ("opioid.regimen", (
        r"\bover the counter\b", r"\bparacetamol\b", r"\bacetaminophen\b", r"\bibuprofen\b",
        r"\banti inflammator\w*", r"\bwhat (?:medication|tablets|painkillers|pills) (?:are|do) you\b",
        r"\bhow much (?:do you|are you) (?:take|taking|use|using)\b", r"\bdaily (?:use|dose|amount)\b",
        # "How many are you actually taking in a day?" (round 11): the count, not whether as prescribed
        r"\bhow many (?:\w+ )?(?:are|do) you (?:\w+ )?(?:take|taking|use|using|having|getting through)\b"
        r"(?:.{0,20}\b(?:a|per|each|in a) day\b)",
        # "meds?", "current meds?": the medicines asked by the word alone
        r"\byour go[ -]?to\b",
        r"^(?:and |any |your |current |what |which |list of )*(?:meds|medications?|medicines?|dose|dosage)"
        r"(?: (?:now|currently|at the moment|at present|list))?$",
    )),
    ("pain.severity", (
        r"\bin (?:much|a lot of|any|bad) pain\b",
        r"\b(?:0|zero) to 10\b", r"\bout of 10\b", r"\bpain (?:score|scale)\b", r"\brate (?:the|your) pain\b",
    )),
    ("pain.location", (
        r"\bradiat\w*", r"\bgo(?:es)? down (?:the|your) (?:legs?|arms?)\b",
        r"\bwhere(?:'s| is| does| did) (?:the|it|your)",
        # "The pain is going to the arm or it stays in the neck?"
        r"\b(?:go|going|goes|spread\w*|travel\w*|mov(?:e|es|ing)|shoot\w*|run\w*)(?: down| up| out| across)?"
        r" (?:in)?to (?:the |your )?"
        r"(?:arms?|legs?|hands?|feet|foot|shoulders?|buttocks?|groin|fingers|toes)\b",
        r"\bstays? in (?:the |your )?(?:neck|back|shoulder|knee|hip)\b",
        r"\bwhereabouts\b",
        r"\bwhere (?:it|the pain) (?:bothers|hurts|aches)\b", r"\bwhere (?:it|the pain) is (?:worst|most)\b",
    )),
    ("pain.duration", (
        r"\bonset\b", r"\bwhen did (?:the|your) pain (?:start|begin)\b",
        r"\b(?:duration|length) of (?:the |your )?(?:pain|symptoms)\b",
    )),
    ("opioid.duration", (
        r"\b(?:duration|length) of (?:the |your )?(?:opioid |medication |tablet )?(?:use|treatment|opioids?|"
        r"medication|tablets)\b",
    )),
    ("pain.character", (
        r"\b(?:sharp|dull|burning|stabbing|aching|throbbing|shooting)\b",
        r"\bwhat (?:does|is) (?:it|the pain) (?:feel|like)\b", r"\bdescribe (?:the |your )?pain\b",
    )),
    ("pain.allodynia", (r"\blight touch\b", r"\bclothes\b", r"\bclothing\b", r"\bbed ?sheets\b")),
    ("pain.function", (
        r"\bget(?:ting)? (?:a)?round\b", r"\bmanag(?:e|ing) (?:the stairs|at home|day to day)\b",
        r"\bmobilis\w*", r"\bmobiliz\w*", r"\bon (?:the |your )?crutches\b", r"\bgetting about\b",
    )),
    ("pain.new_sites", (r"\bnew (?:places|areas|sites|spots)\b", r"\bother parts of (?:your|the) body\b")),
    ("pain.prior_treatments", (
        r"\bphysiotherapy\b", r"\bacupuncture\b", r"\bother treatments\b", r"\bwhat else have you tried\b",
        r"\bwhat(?:'s| has| else has| have| else have) (?:ever )?helped\b",
    )),
    ("pain.trend_on_opioids", (
        r"\b(?:getting|get|got) (?:any )?(?:better|easier|worse)\b", r"\bworking for (?:the )?pain\b",
        r"\b(?:is it|it's|is the pain|has it been) (?:any )?(?:easier|better)\b",
        r"\bhelp(?:s|ing)? (?:with )?(?:the|your) pain\b", r"\b(?:does|do) (?:it|they|the \w+) help\s*$",
        r"\bhow(?:'s| is| are) (?:it|they|the \w+) working\b", r"\bdoing what (?:it|they) should\b",
        r"\bpain relief (?:adequate|enough|ok|okay|working|good enough|doing the job)\b",
    )),
    ("life.obligations", (
        r"\bjob\b", r"\bemploy\w*", r"\bschool\b", r"\bresponsibilit\w*", r"\bobligations\b", r"\bat work\b",
        r"\byour work\b", r"\bhow(?:'s| is) work\b", r"\bwork going\b", r"\bshifts?\b", r"\bcommitments\b",
        r"\blooking after (?:the )?(?:kids|children|grandchildren)\b",
        r"\b(?:affect\w*|impact\w*|interfer\w*)(?: with| on)? (?:your )?work\b", r"\bworking life\b",
        r"\b(?:with|minding|caring for) (?:the |your )?grand(?:children|kids)\b",
        r"\byour (?:current )?(?:role|duties|occupation)\b", r"\bphysical demands\b",
        r"\b(?:absences?|time off|days off|sick (?:leave|days|notes?))(?: from)? work\b",
        r"\bmissed (?:any )?work\b",
    )),
    ("life.relationships", (
        r"\barguments?\b", r"\brelationships?\b",
        r"\bproblems with (?:your )?(?:family|partner|wife|husband|friends|kids)\b",
    )),
    ("life.activities_given_up", (r"\bgiven up\b", r"\bgive up\b", r"\bhobb(?:y|ies)\b", r"\bused to enjoy\b",
                                  r"\bpastimes?\b")),
    # a medicine for the mood named ("Sertraline you still take or not?"): his mental health and its
    # treatment (round 13), when the classifier is unsure
    ("history.mental_health", (
        r"\b(?:sertraline|citalopram|escitalopram|fluoxetine|paroxetine|mirtazapine|venlafaxine|"
        r"antidepressants?|anti-depressants?|prozac|zoloft|lexapro|lustral|cipramil)\b"
        r"(?=.{0,30}\b(?:still|stopp?\w*|quit|came off|come off|on it|ever been on|restart\w*)\b)",
        r"\b(?:still|stopp?\w*|quit|came off|come off|ever been on|restart\w*)\b.{0,30}"
        r"\b(?:sertraline|citalopram|escitalopram|fluoxetine|paroxetine|mirtazapine|venlafaxine|"
        r"antidepressants?|anti-depressants?|prozac|zoloft|lexapro|lustral|cipramil)\b",
    )),
    # the opioids taken before this time ("Before this time, you take this kind painkiller ever?"):
    # how long he has had them, and whether ever before (round 13)
    ("opioid.duration", (
        r"\b(?:before|ever|previously)\b.{0,40}\b(?:this|these|that|those|such) (?:kinds?|types?|sorts?) "
        r"(?:of )?(?:painkillers?|tablets|pills|medicines?|medications?|opioids?)\b",
        r"\b(?:this|these|that|those|such) (?:kinds?|types?|sorts?) (?:of )?(?:painkillers?|tablets|pills|"
        r"medicines?|medications?|opioids?)\b.{0,30}\b(?:before|ever|previously)\b",
    )),
    ("life.hazardous_use", (
        r"\bdriv\w*", r"\bmachinery\b", r"\bhazardous\b", r"\bdangerous\b",
        r"\b(?:use|using|take|taking) (?:them |it )?(?:on your own|alone|by yourself)\b",
    )),
    ("history.medical", (
        r"\bmedical history\b", r"\b(?:any|other|past) (?:operations|surgery)\b",
        r"\b(?:health|medical) (?:problems|conditions)\b",
        r"\bseizures?\b", r"\bepilep\w*", r"\bconvuls\w*", r"\b(?:a|any) fits?\b",
    )),
    ("history.grief", (r"\bbereave\w*", r"\bpassed away\b", r"\bgrie\w*", r"\blost (?:someone|anyone)\b")),
    ("goals.treatment_views", (
        r"\bbuprenorphine\b", r"\bsuboxone\b", r"\bmethadone\b", r"\bnaltrexone\b",
        r"\bmedication treatment\b",
    )),
    ("goals.concerns", (
        r"\b(?:main|biggest|big|major|chief|greatest) (?:worry|worries|concerns?|fears?)\b",
        r"\bworr(?:y|ies|ying) you (?:most|the most)\b",
    )),
    ("goals.readiness", (
        r"\b(?:want|like|willing|ready|thought about|consider\w*) to (?:come|get) off\b", r"\bcoming off\b",
    )),
    ("opioid.cut_down", (r"\bwean\w*", r"\b(?:new |the )?(?:lower|reduced|smaller) dose\b")),
    ("opioid.tolerance", (
        r"\bdose (?:has )?(?:gone|went|crept) up\b",
        r"\b(?:still )?work(?:ing|s)? (?:like it did|like before|as well as (?:it did|before|it used to))\b",
    )),
    ("safety.falls", (
        r"\bfalls?\b", r"\bfell\b", r"\bfallen\b", r"\bdizz\w*", r"\bunsteady\b",
        r"\bwalking (?:stick|aid|frame)\b", r"\bzimmer\b", r"\bcane\b",
    )),
    ("safety.storage", (
        r"\block\w*", r"\bstored?\b",
        # "where do you keep the films?", "are you keeping any old packets at home?"
        r"\bkeep(?:ing)? (?:any |your |the |old |spare |extra |all |those |these )*"
        r"(?:medications?|medicines?|tablets|pills|packets|packs|boxes|capsules|films|strips|patches|meds)\b",
        r"\bkeep (?:them|it) (?:somewhere|safe|locked|out of|away)\b", r"\b(?:out of|can'?t) reach\b",
    )),
    ("support.people", (
        r"\bsupport\w*", r"\bwho (?:helps|looks after)\b", r"\blean on\b",
        r"\bwho(?:'s| is)? (?:in your corner|on your side|there for you)\b",
        r"\bwho(?:'ll| will)? be (?:at home )?(?:with you|around|at home)\b",
        r"\blives? (?:alone|on your own|by yourself)\b", r"\bhousehold\b",
        r"\bwho (?:else )?(?:lives|is) (?:with you|at home)\b",
        r"\b(?:home|living) (?:situation|set ?up|arrangements?)\b", r"\bhome life\b",
    )),
)

# Phrases no other intent uses (screening-form and DSM-5 wordings): they correct an unsure reading.
DECISIVE = _table(
    ("opioid.as_prescribed", (
        r"\bas (?:prescribed|directed|rx d)\b", r"\blarger amounts\b",
        r"\bmore than (?:prescribed|intended|you intended|you meant)\b",
    )),
    ("opioid.early_refills", (
        r"\b(?:filled|fills?|refills?|refilled|collected) early\b", r"\bearly (?:re)?fills?\b",
    )),
    ("opioid.other_sources", (
        r"\b(?:multiple|several|more than one|\d+) (?:doctors|prescribers|pharmacies)\b",
    )),
    ("safety.suicidal_thoughts", (
        r"\b(?:wish|wished|wishing) (?:that )?you were dead\b", r"\bbetter off dead\b", r"\bsuicid\w*",
        r"\bkill(?:ing)? (?:yourself|themselves)\b",
        # harm done to himself, ever tried (round 11: "have you ever tried to harm yourself before?" is
        # no attempt to cut down); not the injury asked about ("how did you hurt yourself?")
        r"\b(?:tried|try|trying|attempted|wanted|want|thought about|thoughts? of|urges? to) (?:to )?"
        r"(?:harm|hurt)(?:ing)? (?:yourself|your self)\b",
        # safe tonight, asked after the thoughts (round 11): "are you safe to go home tonight?"
        r"\b(?:are|r) (?:you|u) (?:going to be |gonna be |feeling )?safe(?: (?:to go home|going home|at home|"
        r"tonight|on your own|by yourself|right now|now|today|to be (?:alone|on your own)))*\W*$",
        r"\bkeep (?:yourself|you) safe\b",
        # whether the overdose was meant (round 11: "was it intentional?", "did you mean to do it?")
        r"\b(?:was|were) (?:it|that|this|the overdose|the od|they|any of them) (?:intentional|deliberate|"
        r"on purpose|a suicide attempt|an attempt)\b",
        r"\bdid (?:you|u) (?:mean|intend) (?:to do (?:it|that)|"
        r"to take (?:that many|so many|too many|them all|all of them|an overdose))\b",
        r"\b(?:were|was) (?:you|u) (?:trying|meaning|wanting) to (?:die|end|kill|hurt|harm)\b",
        r"\b(?:harm|hurt)(?:ing)? themselves\b", r"\blife (?:isn'?t|is not|wasn'?t|was not) worth living\b",
        r"\bend(?:ing)? (?:your|their) (?:own )?(?:life|lives)\b",
    )),
    ("history.mental_health", (r"\binterest or pleasure\b", r"\bdown,? depressed,? or hopeless\b")),
    ("history.trauma", (r"\bsexual\w* (?:abuse|assault)\b",)),
    # a kit given, offered or kept ("Has anyone ever given you naloxone?"), never the overdose (round 11)
    ("safety.naloxone", (
        r"\b(?:given|offered|prescribed|supplied|handed|issued|shown)(?: you)?(?: with)?(?: a| any| some)? "
        r"naloxone\b(?! to (?:bring|wake|revive))",
        r"\bnaloxone (?:kit|spray|pen|injection|at home|on you|to hand)\b",
        r"\b(?:have|got|carry|own|keep)(?: a| any)? naloxone\b",
    )),
    # screening-form wordings (CAGE-AID, DSM-5) and set phrases no other intent uses
    ("opioid.craving", (r"\b(?:desire|urge|urges|itch) to (?:use|take|have one)\b",)),
    ("opioid.other_substances", (
        r"\b(?:medicines?|medications?|tablets?|pills?) (?:for|to help(?: you)?(?: with)?|to) "
        r"(?:sleep|sleeping|your sleep|"
        r"your nerves|anxiety)\b",
    )),
    ("life.relationships", (r"\bannoyed you\b", r"\bcriticis\w* your (?:drinking|drug|use|using)\b")),
    ("life.health_harm", (
        # using on after the harm it did ("Since the OD, have you kept using?"): DSM-5's use despite harm
        r"\b(?:kept|keep|carried on|carry on|gone on|went on) (?:on )?"
        r"(?:using|taking (?:them|it|the \w+)|buying)\b",
        r"\bcontinu\w* (?:to use|using)\b",
        r"\b(?:felt|feel|feeling) (?:bad or )?guilty about your (?:drinking|drug|use|using)\b",
    )),
    ("opioid.withdrawal", (
        r"\bfirst thing in the morning\b.{0,50}\b(?:steady|nerves|shakes|hangover)\b",
        r"\bget rid of the shakes\b",
    )),
    ("history.mental_health", (r"\bin yourself\b", r"\bhow (?:is|are) your spirits?\b")),
    ("life.obligations", (r"\bphysical demands\b", r"\bfitness for work\b")),
    ("life.relationships", (
        r"\b(?:been like|like|going|been) (?:at home )?with your (?:partner|wife|husband|family)\b",
        # "how have things been at home?", "how's everything on the home front?" (round 9): the open
        # words ask about home, not his main concern
        r"\bhow(?:'s| is| are| have| has)? (?:things|everything|life)(?: been| going)* "
        r"(?:at home|on the home front|in the family|with the family|in the house|between you and)\b",
    )),
    ("pain.trend_on_opioids", (
        r"\b(?:doing|do|does) (?:its|their) job\b", r"\bdoing the trick\b", r"\bstill worth it\b",
        # whether the tablets still work, in everyday idiom (round 9)
        r"\b(?:it|they|them|dose|doses|tablets?|pills?|meds|medications?|medicines?|patch(?:es)?)"
        r"(?: still| really| actually)? (?:do|does|doing|did) the (?:job|trick|business)\b",
        r"\bearn(?:ing|s)? (?:their|its) keep\b",
        r"\b(?:take|takes|taking|took) the edge off (?:the pain|it|the ache)\b",
        r"\bhit(?:ting|s)? the spot\b",
        # "Tablet help or not help? Help how much?" (round 13): how much it helps the pain; helping
        # anything besides the pain is not this
        r"^(?!.*\b(?:besides|apart from|other than|other things?|except|as well as)\b).*"
        r"(?:\bhelps? or not(?: help)?\b|\bhelps? how much\b"
        r"|\bhow much (?:does|do|did) (?:it|they|the \w+) help\b)",
    )),
    ("history.medical", (r"\ban(?:a)?esthe(?:tics?|sia)\b", r"\ballerg\w*")),
    # who is at home with him is his household, never where the tablets are kept (round 9)
    ("support.people", (
        r"\bwho(?: else)? (?:lives|is living|is|are|else is) (?:there |at home |in the house )?with you\b",
        # reaching the people he named, day or night (round 11): "has your sponsor a phone number for the
        # nights?", "can you call your sister if it gets bad?"
        r"\b(?:your|the) (?:sponsor|sister|brother|son|daughter|partner|wife|husband|friend|mum|mother|dad|"
        r"father|family|support worker|key ?worker)\b.{0,30}\b(?:phone|number|mobile|handy|reachable|"
        r"available|contactable|at night|nights|night-time|24 hours|any time|anytime)\b",
        r"\b(?:call|ring|phone|reach|contact|text|get hold of) (?:your|the) (?:sponsor|sister|brother|son|"
        r"daughter|partner|wife|husband|friend|mum|mother|dad|father|family|support worker|key ?worker)\b",
        # someone to turn to when it is bad ("is there someone you could call if it got worse?", "who
        # could you call if things got worse at night?")
        r"\bwho (?:could|would|can|will) you (?:call|ring|phone|text|turn to|talk to|reach out to)\b",
        r"\b(?:someone|anyone|somebody|anybody|people|a person) (?:you could|you can|you'd|you would|to) "
        r"(?:maybe )?(?:call|ring|phone|text|talk to|turn to|reach out to|lean on)\b",
    )),
    # Brief Pain Inventory wordings: "at its least in the last 24 hours", "interfered with your sleep"
    ("pain.severity", (r"\bat (?:its|their) (?:least|worst|lowest|highest|mildest)\b",)),
    ("life.sleep", (r"\b(?:interfered|interfering|interferes) with your sleep\b",)),
    ("opioid.other_substances", (r"\bsleeping (?:tablets?|pills?)\b",)),
    ("opioid.regimen", (r"\b(?:sen[dt]|discharged) you (?:home |out )?with\b",)),
    ("opioid.regimen", (r"\b(?:what|which) (?:dose|strength)\b(?! (?:would|could|should|do you want|to))",)),
    ("history.grief", (
        r"\bwhat happened (?:to|with) your (?:late )?(?:husband|wife|spouse)\b", r"\bdeath of your\b",
    )),
    ("history.substance_use", (  # his own, not a relative's ("did your dad ever have trouble with ...")
        rf"^(?!.*\b{_RELATIVE}\b).*\bever (?:any |had (?:any )?|have (?:any )?)?"
        rf"(?:trouble|problems?|issues?) with {_SUBSTANCE}",
    )),
    ("opioid.overdose", (
        r"\bhard to wake\b", r"\btrouble waking\b", r"\bstopped breathing\b",
        r"\b(?:struggl\w+|hard|difficult|unable|trouble) (?:to )?(?:rous\w+|wak\w+) (?:you|him|her)\b",
        r"\b(?:couldn'?t|could not|can'?t|cannot) (?:rouse|waken)\b",
        r"\b(?:couldn'?t|could not|can'?t|cannot) (?:be )?(?:woken|wake)\b",
    )),
    ("opioid.cut_down", (
        r"\bpersistent desire\b", r"\bunsuccessful\w* (?:effort|attempt)\w*", r"\bcontrol how much\b",
        # someone else's part in stopping ("Did somebody tell you to stop?", "who told you to cut down?")
        r"\b(?:tell|told|telling|advised?|suggested|asked|want(?:s|ed)?|made|make|push(?:ed|ing)?) you to "
        r"(?:stop|cut (?:down|back)|come off|reduce|quit|taper)\b",
    )),
)


def _one(found: set[str]) -> str | None:
    return next(iter(found)) if len(found) == 1 else None


# An injury asked about ("how did you hurt yourself?", "did you hurt yourself in the fall?"): never
# the suicide screen, not even as an option offered when the turn is unclear (round 12).
_INJURY_ASKED = re.compile(
    r"\bhow(?: did|'d) (?:you|u) (?:hurt|injure)\b"
    r"|\b(?:hurt|injure)d? (?:yourself|your self|your \w+) "
    r"(?:at work|in the fall|when you fell|lifting|falling|playing)\b"
    r"|\b(?:hurt|injure)d? (?:yourself|your self|your \w+)\b.{0,30}"
    r"\b(?:fall|fell|accident|crash|slipped|tripped)\b",
    re.I,
)


def asks_about_injury(text: str) -> bool:
    """Whether ``text`` asks how he was hurt (an injury), not whether he harmed himself."""
    return bool(_INJURY_ASKED.search(text))


def concept_intent(prepared: str) -> str | None:
    """The one intent the clinical concepts of ``prepared`` (normalised words) name, or None
    (no concept, or concepts of different intents)."""
    specific = {intent for intent, rx in SPECIFIC if rx.search(prepared)}
    if "history.family" in specific:  # a relative's trouble with drink is family history, not his own
        specific.discard("history.substance_use")
    if specific:
        return _one(specific)
    return _one({intent for intent, rx in GENERAL if rx.search(prepared)})


def decisive_intent(prepared: str) -> str | None:
    """The one intent a decisive phrase of ``prepared`` names, or None."""
    return _one({intent for intent, rx in DECISIVE if rx.search(prepared)})
