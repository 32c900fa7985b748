"""Stage 4a of reading a turn: the frame of the whole turn, which decides before its topic words.

A clinician hears what a turn does before what it is about. "Would you go along with physio
and regular paracetamol instead of more oxycodone?" asks whether the patient accepts a plan, not
about paracetamol; "On a scale of nought to ten, how important is it to you to keep coming
down?" asks how ready he is, not how bad the pain is; "What keeps you going on the hardest
days?" and "What matters most to you?" are open questions a person answers with what holds
him up or what he hopes for, not questions to ask back. Each frame is a pattern over the whole
turn's words naming one intent (``frame_intent``); it overrides the topic read from the words
(a case topic included). "So the taper's been hard and you're worried about..." is a
reflection: a statement the patient confirms (``is_reflection``); "We'll start a low dose next
week" tells the plan (``tells_plan``); neither is a question.
"""

from __future__ import annotations

import re

_YOU_ACCEPT = "|".join((
    r"(?:would|will|could) you (?:go along with|be (?:willing|open|happy|prepared|keen|up for|"
    r"ok(?:ay)? with|alright with|all right with|interested in)|consider|accept|agree to|"
    r"give .{1,30}? a (?:go|try)|try)",
    r"how (?:would|do) you feel about",
    r"(?:could|can) you imagine",
    r"what (?:do|would) you (?:think|feel|reckon|say) (?:about|of|to)",
    r"are you (?:open|willing|prepared|keen|happy) to",
    r"(?:are )?you up for (?:that|this|it|trying|giving)",  # "Physio. You up for that?"
    r"what (?:are|were) you thinking (?:about|of)",
    r"you are thinking (?:about|of)",
    r"(?:how|what) about (?:trying|starting|switching)",
    r"(?:(?:will|would|are) you|you (?:will|would)) (?:be )?(?:ok(?:ay)?|alright|all right|happy|fine) with "
    r"(?:that|this|it|the idea)",
    # "If we diminish slowly, in some weeks, is okay for you?"
    r"(?:is|it's|would be|will be) (?:it |that |this )?(?:ok(?:ay)?|alright|all right|fine|good) "
    r"(?:for|with) you",
    # "..., how does that sound?", "does that work for you?" (round 10)
    r"how does (?:that|this) sound",
    r"does (?:that|this) (?:work|sound (?:ok(?:ay)?|good|right|fair)|seem fair)",
))
_ACCEPTING = re.compile(rf"(?:{_YOU_ACCEPT})\b", re.I)
# What the frame may be asked about: a treatment or a plan (treatment views) ...
_TREATMENT = re.compile(
    r"\b(?:physio\w*|therap\w+|pain (?:management|clinic|programme|program|course|service)|course|"
    r"buprenorphine|bupe|bup|methadone|suboxone|naltrexone|counsell?ing|psycholog\w*|cbt|exercise|"
    r"injections?|acupuncture|paracetamol|ibuprofen|nsaids?|anti-?inflammator\w*|medicines?|medications?|"
    r"treatment|plan|option|switch\w*|rotat\w+|referr\w+|refer|programme|program|group|tens|"
    r"instead|alternative|something else|other (?:ways|options|treatment)|anti-?depressants?|"
    r"duloxetine|amitriptyline|gabapentin|pregabalin|continu\w+|nerve block|block|extra opioids?|"
    r"different (?:one|medicine|drug|tablet|antidepressant))\b",
    re.I,
)
# ... or taking less (readiness to change).
_LESS = re.compile(
    r"\b(?:reduc\w+|taper\w*|cut(?:ting)? (?:down|back)|c(?:o|a)m(?:e|ing) (?:down|off)|stop(?:ping)?|"
    r"wean\w*|lower\w*|step(?:ping)? down|less|smaller dose|fewer|slowly|slow|all at once|gradually|"
    r"diminish\w*|"
    r"(?:bring|brought|bringing|take|took|taking) (?:it|them|the dose|things) down|"
    r"decreas\w*)\b",
    re.I,
)
# ... or the dose he is on ("How do you feel about the amount you're on?").
# When the household is asked of ("who's at home with you in the evenings?", "... these days?").
_WHEN_HOME = (r"(?: these days| now| at the moment| at night| (?:in|during) the (?:evenings?|day|daytime|"
              r"nights?|week|mornings?|afternoons?)| (?:in|of) an evening| most (?:days|nights|evenings)| "
              r"(?:day to day|day-to-day)| on weekdays| at weekends)?")
_DOSE_NOW = re.compile(r"\b(?:the|your) (?:amount|dose|dosage|quantity)\b", re.I)
# Motivational-interviewing rulers: how important, confident, ready.
_RULER = re.compile(
    r"\bhow (?:important|confident|ready|motivated|committed|determined|willing)\b"
    r"(?:(?! the pain| your pain| it hurts).){0,40}"
    r"\b(?:to|about|that you|you can|you could|you'll|you will)\b",
    re.I,
)
# "How have things been at home?", "how are things going with your wife?": an open question on a
# topic it names is that topic's question (round 9), read by the classifier, not the main concern.
_NO_TOPIC = (r"(?![^?]*\b(?:home|house|work|job|family|wife|husband|partner|son|daughter|kids|children|"
             r"marriage|relationship|sleep|sleeping|nights|pain|back|mood|tablets?|pills|medications?|meds|"
             r"money|friends)\b)")
# The part that hurts, as a clinician names it in an open question about the pain.
_BODY = (r"(?:pain|back|lower back|low back|neck|spine|knees?|hips?|shoulders?|legs?|ankles?|foot|feet|"
         r"arms?|wrists?|hands?|elbows?|joints?|injury|fracture|leg pain|back pain|neck pain|knee pain|"
         r"hip pain|shoulder pain)")
# What holds him back from acting on the thoughts (round 11): "is there anything that stops you from
# acting on those thoughts?", "what are your reasons for living?" (who and what he lives for; after he
# has told of the thoughts, what more he says of them: ``turn._held_back``).
PROTECTIVE = (
    r"\b(?:stops?|stopped|stopping|keeps?|kept|holds?|held) (?:you|u) (?:back )?(?:from )?"
    r"(?:acting on|doing (?:it|anything|something)|going through with)\b|"
    r"\b(?:would|could|might) (?:stop|hold back|keep) (?:you|u) (?:from )?(?:acting|doing)\b|"
    r"\breasons? (?:for|to) (?:live|living|keep going|stay alive)\b|\bwhat keeps (?:you|u) safe\b"
)
_PROTECTIVE = re.compile(PROTECTIVE, re.I)


def asks_what_holds_back(text: str) -> bool:
    """Whether ``text`` asks what stops him acting on thoughts of ending his life."""
    return bool(_PROTECTIVE.search(text))


# His medicine, named ("the tablets", "this hydrocodone", "them").
_HIS_MEDICINE = (r"(?:(?:the|this|that|these|those|your|ur|yer) )?(?:tablets?|pills?|meds|medicines?|"
                 r"medications?|prescriptions?|scripts?|painkillers?|opioids?|oxy\w*|morphine|tramadol|codeine|hydrocodone|"
                 r"hydromorphone|tapentadol|fentanyl|buprenorphine|suboxone|methadone|co-codamol|"
                 r"dihydrocodeine|percocet|vicodin|norco)")
_WHO_GAVE = (r"who(?:'s| has|'d| had| did)? (?:gave|give|gives|given|prescribed|prescribes|prescribe|writes|"
             r"wrote|write|started|start|put)")

# Open questions, and the intent a person answers each with.
_OPEN = (
    # "who gave ye them?", "who prescribed you the tablets?", "This hydrocodone who give you?": who
    # prescribes them, never the people he would turn to (round 13)
    ("opioid.prescriber", re.compile(
        rf"^(?:\w+\W+){{0,3}}?{_WHO_GAVE} (?:you |u )?(?:on )?(?:them|it|those|these|{_HIS_MEDICINE})"
        r"(?: to you| for you| for (?:it|the pain))?\W*$"
        rf"|^(?:(?:and|so|ok(?:ay)?|right)\W+)*{_HIS_MEDICINE}\W*,? {_WHO_GAVE} (?:you|u)?"
        r"(?: (?:them|it|this|that|those|these))?\W*$", re.I)),
    # "Anyone in your family with depression?", "does depression run in the family?", "any family
    # history of mental illness?": his relatives' history, never his own (round 12)
    ("history.family", re.compile(
        r"\b(?:(?:any|anyone|anybody|someone|somebody|who|members?|relatives?|people|others?)\b[^?]{0,30}?"
        r"\b(?:in|of) (?:your|the|ur) (?:close |immediate |wider )?family|family (?:history|members?|hx)|"
        r"(?:your|ur) (?:mum|mom|mother|dad|father|parents?|siblings?|brothers?|sisters?|relatives?)\b)"
        r"[^?]{0,60}?\b(?:depress\w*|anxi\w+|mental (?:health|illness)|bipolar|schizo\w*|psych\w*|suicid\w*|"
        r"nerves|breakdowns?|addict\w*|alcohol\w*|drink\w*|drugs?|substances?)\b|"
        r"\b(?:depress\w*|anxiety|mental (?:health|illness)|bipolar|addiction|alcoholism|drinking|drugs?)\b"
        r"[^?]{0,40}?\b(?:runs?|running|ran) in (?:your|the|ur) family\b|"
        r"\b(?:depress\w*|anxiety|mental (?:health|illness)|bipolar|addiction|alcoholism|substance use)\b"
        r"(?: problems| issues)? in (?:your|the|ur) family\b", re.I)),
    # "Tell me about your back", "what's going on with the knee?": where it is and what it is like,
    # the patient's first words about his pain (round 10)
    ("pain.location", re.compile(
        # the part that hurts, named alone: "Ankle?", "and the back?" (where it is, and what it is like)
        rf"^(?:(?:and|so|ok(?:ay)?)\W+)?(?:(?:the|your|that) )?{_BODY}\s*\?\s*$|"
        rf"^(?:\w+\W+){{0,3}}?(?:tell me|talk me through|can you tell me|could you tell me)"
        rf"(?: (?:a (?:bit|little)|some(?:thing)?|more))? about (?:the|your|that|this) {_BODY}"
        r"(?: (?:itself|then|first|pain|problem|trouble))?\W*$|"
        rf"^(?:\w+\W+){{0,3}}?what(?:'s|s| is) (?:been )?(?:going on|happening|the (?:matter|trouble|story)) "
        rf"with (?:the|your|that|this) {_BODY}\W*$", re.I)),
    # "hows the ankle doing", "how's your back been this week?", "back still bad?": how bad it is
    ("pain.severity", re.compile(
        rf"^(?:\w+\W+){{0,2}}?how(?:'s|s| is| has| have| are)? (?:the|your|that|this) {_BODY}"
        r"(?: (?:doing|been|going|treating you|today|now|at the moment|these days))?"
        r"(?: (?:today|now|this week|lately|recently|at the moment|these days))?\W*$|"
        rf"^(?:(?:and|so)\W+)?(?:(?:the|your) )?{_BODY} still (?:bad|sore|painful|hurting|bothering you)\W*$",
        re.I)),
    # "what makes it worse?", "anything that makes the pain better?": what moves the pain (round 10)
    ("pain.severity", re.compile(
        r"^(?:\w+\W+){0,3}?(?:what|anything|does anything|is there anything that) (?:makes?|made) "
        r"(?:it|the pain|your pain|the ache|things) (?:any )?(?:worse|better)"
        r"(?: (?:or|and) (?:worse|better))?\W*$", re.I)),
    # "So what happened to your back?", "how did you do your knee?": the story of how it began
    ("pain.duration", re.compile(
        rf"^(?:\w+\W+){{0,3}}?(?:what happened (?:to|with) (?:the|your) {_BODY}|"
        rf"how did you (?:hurt|injure|do|damage|break) (?:the|your) {_BODY}|"
        r"how did you (?:hurt|injure|break|fracture|damage) (?:it|that))\W*$", re.I)),
    # "Do you have extra tablets at home, like tramadol you kept?", "any pills saved up?": what is
    # kept in the house, not whether he takes extra (round 11)
    ("safety.storage", re.compile(
        r"\b(?:extra|spare|leftover|left-over|old|any|other)\s+(?:\w+\s+){0,2}?(?:tablets?|pills?|meds|"
        r"medications?|tramadol|oxycodone|morphine)\b[^?]{0,30}?\b(?:at home|in the house|kept|saved|stored|"
        r"put (?:aside|away|by)|lying around|in (?:a|the) drawer)\b"
        r"|\b(?:tablets?|pills?|tramadol|oxycodone|morphine) (?:that )?you(?:'ve| have)? "
        r"(?:kept|saved|stored|put (?:aside|by|away))\b|\bstockpil\w*", re.I)),
    # "Who lives with you?", "who's at home with you (in the evenings)?": the household, told with his
    # family, not the list of people he would turn to (round 11)
    ("life.relationships", re.compile(
        r"^(?:\w+\W+){0,3}?who(?:'s|s| is| else is)? (?:lives?|living|stays?|staying|at home|in the house|"
        rf"there|home) (?:with you|at home|in the house|with you at home)?{_WHEN_HOME}\W*$|"
        r"^(?:\w+\W+){0,3}?who(?:'s|s| is| else is) (?:with you )?(?:at home|in the house)(?: with you)?"
        rf"{_WHEN_HOME}\W*$|"
        r"^(?:\w+\W+){0,3}?do you live (?:alone|on your own|by yourself|with anyone)\W*$", re.I)),
    # "How is your son coping with you being laid up?", "how's the wife taking it all?": how the
    # people at home are with it (round 11)
    ("life.relationships", re.compile(
        r"^(?:\w+\W+){0,3}?how(?:'s|s| is| are| has| have)? (?:your|the) (?:son|daughter|kids|children|wife|"
        r"husband|partner|family|mum|mom|mother|dad|father|sister|brother|grandchildren|grandkids|boys|girls)"
        r" (?:been )?(?:coping|doing|taking (?:it|this|that|all)|handling|managing|finding|getting on|"
        r"dealing)\b",
        re.I)),
    ("support.people", re.compile(
        PROTECTIVE + "|"
        r"\bwhat (?:keeps|gets|has kept|has got|helps) you (?:going|through)\b|"
        r"\bwhere do you (?:find|get|draw) (?:your )?strength\b|\bwhat helps you (?:cope|keep going)\b|"
        r"\bwho (?:or what )?(?:keeps|gets) you (?:going|through)\b", re.I)),
    ("goals.function", re.compile(
        r"\bwhat (?:matters|counts) (?:most |the most )?to you\b|"
        r"\bwhat(?:'s| is| would be) (?:most |really |the most )?important to you(?: in (?:your )?life)?\W*$|"
        r"\bwhat (?:do|would) you (?:value|care about) most\b|\bwhat are your hopes\b|"
        r"\bwhat would a good (?:day|week|life) look like\b|\bwhat do you hope for\b", re.I)),
    ("goals.concerns", re.compile(
        r"\bwhat (?:do|would) you (?:actually |really |most )?(?:want|need|hope|like) (?:to get )?"
        r"(?:out of|from) (?:today|this (?:visit|appointment|consultation)|coming in|seeing me|us)\b|"
        r"\btell me (?:a (?:bit|little) )?about (?:your|how your) (?:week|day|days|last few (?:days|weeks)|"
        r"situation|life at the moment)\b|"
        r"\bhow(?:'s| has| have)? (?:your |the )?(?:week|weeks|last few (?:days|weeks)|things|life) "
        r"(?:been|going)\b" + _NO_TOPIC + r"|\bwhat(?:'s| is| has been) (?:been )?on your mind\b|"
        r"\bwhat(?:'s| is) (?:been )?(?:worrying|bothering|troubling) you (?:most|the most)\b|"
        r"^(?:\w+\W+){0,4}?what(?:'s|s| is) (?:been )?(?:going on|happening|up)(?: with you)?(?: today)?\W*$|"
        r"\bwhat brings you (?:in|here|along)\b|"
        # the agenda asked (round 10): "what would you like us to cover today?", "what are the main
        # things you'd want to get out of today?"
        r"\bwhat (?:would|do) you (?:like|want) (?:us|me) to "
        r"(?:cover|talk about|focus on|look at|sort out)\b|"
        r"\bwhat (?:are|is) (?:the )?(?:main )?(?:things?|goals?) (?:you(?:'d| would)?|you) "
        r"(?:want|like|hope)(?: to)? (?:get out of|cover|talk about|sort out)\b|"
        r"\bwhat(?:'s| has) brought you (?:in|here|along|"
        r"to (?:the )?(?:ed|a&e|hospital|clinic|surgery|us))\b|"
        r"\bwhat can (?:i|we) (?:do|help you with)(?: for you)?(?: today)?\W*$|"
        r"\bwhat (?:do|would) you (?:want|like|need) (?:us|me) to do(?: for you)?\b|"
        # the folksy and everyday openers (round 9): "what's got you down here?", "what can we do
        # you for?", "what's the matter, then?", "what are you in for?", "how are we today?"
        r"\bwhat(?:'s| has) (?:got|fetched|dragged|sent) you (?:down |in |along |over |up |out )?"
        r"(?:here|in|along|by|over|to (?:see )?(?:me|us|the \w+))\b|"
        r"\bwhat can (?:i|we) do you for\b|"
        r"^(?:\w+\W+){0,3}?what(?:'s| is| seems to be) (?:the matter|the trouble|the problem|wrong|"
        r"eating you|ailing you|up with you)(?:,? (?:then|today|with you|this time))?\W*$|"
        r"^(?:\w+\W+){0,3}?what are (?:you|we) (?:in|here) (?:for|about)(?:,? (?:today|then|this time))?\W*$|"
        r"\bhow(?:'s| is| are) (?:tricks|we|we doing|we getting on|you keeping)"
        r"(?:,? (?:today|this morning|this afternoon|then))?\W*$|"
        # "How're you going this arvo?" (Australian), "how are ya doing, mate?" (round 12)
        r"^(?:\w+\W+){0,3}?how(?:'re| are) (?:you|ya|u) (?:going|doing|travelling|getting on)"
        r"(?:,? (?:today|this morning|this afternoon|this arvo|then|mate|love))*\W*$", re.I)),
)


# The amount taken, however the rest of the turn is put ("How much were you taking before you
# stopped?", "how many of the 10s do you take a day?"): the dose, whatever the time words say. Not
# a named substance ("how much cannabis are you using?") or time ("how much time do you spend").
_AMOUNT = re.compile(
    r"^(?:(?:and|so|ok(?:ay)?|right|roughly|about)\W+)*how (?:much|many)"
    r"(?: (?:tablets?|pills?|mg|milligrams?|doses?|capsules?|patches"
    r"|of (?:them|it|those|these|the \w+|your \w+)))?"
    r"(?: (?:a|per|each) (?:day|night|week))? (?:do|did|are|were|was|have|had|would) you "
    r"(?:been |normally |usually )?(?:take|taking|took|use|using|used|on|have|having|"
    r"getting through|going through|get through|go through)\b",
    re.I,
)


# What he takes, asked with nothing else ("what are you using", "what dose of the buprenorphine are
# you on at the moment?"): the regimen, never an open question about his concerns.
_WHAT_TAKEN = re.compile(
    r"^(?:(?:and|so|ok(?:ay)?|right)\W+)*(?:what|which) "
    r"(?:(?:\w+ or )?(?:else|exactly|drugs|meds|medications?|medicines?|treatments?|painkillers|"
    r"pills|tablets|stuff|dose|strength|amount)(?: of (?:the |your )?[\w-]+)? )?"
    r"(?:(?:are|do|did|have) you|you are|you're|you have|you've) (?:been )?"
    r"(?:using|taking|on|use|take|receiving|getting|prescribed)(?: (?:at the moment|now|currently|these days|"
    r"right now|day to day|"
    r"most days|at present|for (?:it|the pain|your pain)))*\W*$"
    # the dose asked in a word or two ("Dose?", "current dose?", "what dose?", "dosage?", round 12)
    r"|^(?:(?:and|so|ok(?:ay)?|right)\W+)*(?:(?:what|which|the|your|current|present|daily|usual) )?"
    r"(?:dose|doses|dosage|dosing)(?: now| currently| at the moment| these days)?\W*$"
    # "How are you taking it now?": how he takes what was just named
    r"|^(?:(?:and|so)\W+)*how (?:are|do) you (?:actually )?(?:take|taking|use|using) "
    r"(?:it|them|the [\w-]+|your [\w-]+)"
    r"(?: (?:now|at the moment|these days|day to day|each day|at present))?\W*$",
    re.I,
)


# How long he has been using, asked with nothing else ("how long you been buying", "how long have
# you been using daily?"): how long he has been on them (a named drink or drug is its own question).
_HOW_LONG_USING = re.compile(
    r"^(?:(?:and|so|ok(?:ay)?|right)\W+)*how long (?:have |has |'ve )?(?:you|u) (?:been )?"
    r"(?:using|buying|taking|on|getting|scoring)(?: (?:them|it|these|those|pills|tablets|opioids|"
    r"daily|every day|regularly|like this|like that|from him|from them|off the street))*\W*$",
    re.I,
)


# How he really takes them, against the label ("how many are you actually taking?", "how are you
# actually taking them these days?"): whether he takes them as prescribed (round 10).
_REALLY_TAKEN = re.compile(
    r"\bhow (?:many|much|often)?\s*(?:of (?:them|those|these) )?(?:are|do|did|were) (?:you|u) "
    r"(?:actually|really) (?:take|taking|use|using|going through|getting through|get through|go through)\b"
    r"|\bhow (?:many|much) (?:are|do) (?:you|u) (?:actually|really)\b"
    r"|\bhow (?:are|do) (?:you|u) (?:actually|really) (?:take|taking|use|using) (?:them|it|the \w+)\b",
    re.I,
)


# Naloxone as a clinician names it when offering it ("a naloxone spray", "the nasal spray", "a kit").
NALOXONE = re.compile(
    r"\b(?:naloxone|narcan|nyxoid|prenoxad|(?:nasal|nose) spray|(?:overdose|rescue|reversal|naloxone) "
    r"(?:kits?|sprays?|medicine)|"
    r"spray (?:that|which|to) (?:reverses?|can reverse|brings? (?:you|people) round))\b",
    re.I,
)
# An offer, or willingness asked ("I'd like you to have ...", "would you be willing to carry ...",
# "would that be okay?", "I'm giving you two today ... Got it?"): he is asked to take something, not
# whether he has it (round 11).
_OFFER = re.compile(
    r"\b(?:would|will|could) (?:you|your \w+) (?:be )?(?:willing|happy|ok(?:ay)?|alright|all right|open|"
    r"prepared|keen|comfortable|content|agreeable) (?:to|with|for)\b"
    r"|\b(?:ok(?:ay)?|alright|all right|happy|fine) (?:with you )?if (?:we|i) (?:gave|give|get|got|sent|send|"
    r"prescribed?|sorted)\b"
    r"|\b(?:are|r) (?:you|u) (?:ok(?:ay)?|happy|alright|all right|willing|open) "
    r"(?:to (?:have|take|keep|carry|get|learn)|with (?:that|this|it|us|me|having|taking|keeping|carrying))\b"
    r"|\bwould (?:you|u) (?:like|want|take|carry|keep|accept)\b(?! to (?:tell|talk|say|ask|know|share))"
    r"|\b(?:would|will|is|does) (?:that|this|it) (?:be )?(?:ok(?:ay)?|alright|all right|fine|work)"
    r"(?: (?:with|for) (?:you|u))?\W*$"
    r"|\b(?:is|it's) ok(?:ay)? (?:for|with) (?:you|u)\W*$"
    r"|\bi(?:'d| would) (?:also |really )?like (?:you|u) to (?:have|take|keep|carry|get)\b"
    r"|\bi(?:'d| would) like to (?:give|get|offer|prescribe) (?:you|u)\b"
    r"|\b(?:i(?:'m| am)|we(?:'re| are)) (?:going to |gonna )?(?:giv|gett|send|prescrib|sort)\w* (?:you|u)\b"
    r"|\b(?:i|we)(?:'ll| will) (?:get|give|prescribe|send|sort) (?:you|u)\b"
    r"|\b(?:can|could|may|shall) (?:i|we) (?:give|offer|get|prescribe|send you home with) (?:you|u)?\b"
    r"|\bfancy (?:keeping|having|taking|carrying)\b"
    r"|\bhow (?:would|do) (?:you|u) feel about (?:having|keeping|carrying|taking)\b"
    r"|\b(?:take|keep|carry) (?:one|it|this|these|some|them|a couple) (?:home|with you|on you)\b"
    r"|\bgot (?:it|that)\?\s*$"
    # "You should have naloxone in the house. I'll prescribe a spray. Fine?" (round 11)
    r"|\b(?:i|we)(?:'ll| will) (?:prescribe|write (?:you )?(?:a|up|one))\b|\byou should (?:have|keep|carry)\b"
    r"|(?:^|[.!?]\s+)(?:fine|ok(?:ay)?|alright|all right|yeah|good)\s*\?\s*$",
    re.I,
)
# Whether he has it, or has heard of it, asked in the same turn ("Have you heard of naloxone, and
# would your family be willing to keep some?"): answered too.
_ASKS_HAS = re.compile(
    r"\b(?:have|has|do|did) (?:you|u|anyone|anybody|your \w+) (?:already |ever |got |still )*"
    r"(?:got|have|had|heard|know|use[ds]?|carr(?:y|ies)|been (?:given|shown|offered))\b"
    r"|\bis there (?:any |a )?(?:naloxone|narcan|kit|spray)\b",
    re.I,
)


def offers(text: str) -> bool:
    """Whether ``text`` offers something or asks if he is willing to take it ("would that be okay?")."""
    return bool(_OFFER.search(" ".join(text.replace("\u2019", "'").split())))


def offers_naloxone(text: str) -> bool:
    """Whether ``text`` offers naloxone ("I'd like you to have a naloxone spray at home. Would that be
    okay?"), not a treatment plan that only mentions it."""
    return bool(NALOXONE.search(text)) and offers(text) and not _TREATMENT.search(text)


def asks_if_has(text: str) -> bool:
    """Whether ``text`` also asks if he has, or knows of, what is offered."""
    return bool(_ASKS_HAS.search(text.replace("\u2019", "'")))


# Means restricted ("would you be willing to give those tablets to the pharmacy, or let your sister
# take them?", "do you own a gun?"): where his tablets are kept and what else is at home.
_WEAPONS = re.compile(
    r"\b(?:guns?|firearms?|shotguns?|rifles?|weapons?|lethal means|other means|means at home|"
    r"means to (?:do it|end|harm|hurt|kill))\b",
    re.I,
)
_GIVE_UP = re.compile(
    r"\b(?:give|hand|take|bring|return|drop)(?: (?:back|over|in))? (?:(?:those|these|the|your|any|spare|old|"
    r"extra|leftover|left-over|unused|remaining|unwanted)\s+)*(?:tablets?|pills?|meds|medications?|medicines?|"
    r"packets?|them|it)? ?(?:back |in |over )?(?:to|into) (?:the |a |your )?(?:pharmacy|chemist|"
    r"(?:someone|somebody|your \w+) to (?:keep|hold|look after|mind|lock (?:up|away)))\b"
    r"|\blet (?:your \w+|someone|somebody|someone else|them|him|her) (?:take|keep|hold(?: on to| onto)?|"
    r"look after|mind|have|lock up|hang on to|look after) (?:them|those|these|the (?:tablets|pills|spare|old|"
    r"extra)|it|your (?:tablets|pills))\b"
    r"|\b(?:get rid of|dispose of|clear out) (?:them|those|these|the (?:spare |old |extra )?(?:tablets|pills|"
    r"packets?))\b",
    re.I,
)
# Views asked after a plan or options ("Options: ... Thoughts?", "any thoughts on that?", "what are
# your thoughts?"): what he thinks of it, never the suicide screen (round 11). Thoughts of anything
# else ("thoughts of harming yourself", "those thoughts") are not this frame.
_VIEWS = re.compile(
    r"(?:^|[.!?:]\s+)(?:(?:and|so|ok(?:ay)?|well|right)\W+)?(?:any |your |what are your |what're your |"
    r"what's your |got any |have you got any |do you have any |first )?(?:thoughts?|views?)"
    r"(?: (?:on|about|of) (?:that|this|it|them|those|these|all (?:that|this)|what i(?:'ve| have)? (?:said|"
    r"suggested|proposed)|the (?:plan|options?|idea|suggestion|proposal|choices?|two|treatment|switch|"
    r"taper|referral|medicines?|medications?)|either(?: of them| one)?|both))?"
    r"(?: so far| at all)?\W*$",
    re.I,
)


_REQUEST_YOU = re.compile(r"\b(?:could|can|would|will) (?:you|u)\b|\bhow about\b|\bwhat about\b", re.I)


# Guns asked of by name ("any firearms in the home?", "do you own a gun?"): not his tablets' storage.
_GUNS = re.compile(r"\b(?:guns?|firearms?|shotguns?|rifles?|pistols?|handguns?|weapons?)\b", re.I)
# What else the same turn asks of (his tablets, "other means"): the storage answer is owed too.
_OTHER_MEANS = re.compile(
    r"\b(?:other means|lethal means|means at home|tablets?|pills?|meds|medications?|medicines?|"
    r"stockpiles?|stash|spare|leftover|left-over)\b",
    re.I,
)


# Medicines bought or taken besides what is prescribed (round 13): "anything from the chemist or the
# health-food shop, St John's wort, triptans for migraine?" asks of his medicines, not his drinking
_OTHER_MEDICINES = re.compile(
    r"\b(?:herbal|herbs?|health[- ]?food|st\.? john'?s wort|supplements?|vitamins?|remed(?:y|ies)|"
    r"triptans?|sumatriptan|cough (?:and|or|&) cold|cold and flu|over[- ]the[- ]counter|otc|"
    r"from the (?:pharmacy|chemist|supermarket|shops?)|nytol|antihistamines?)\b",
    re.I,
)
_DRINK_OR_DRUGS = re.compile(
    r"\b(?:alcohol|drink\w*|beers?|wine|spirits|cannabis|weed|cocaine|heroin|street|drugs?|recreational)\b",
    re.I,
)


def asks_other_medicines(text: str) -> bool:
    """Whether ``text`` asks of medicines besides the prescribed ones (over the counter, herbal),
    and not of drink or drugs."""
    return bool(_OTHER_MEDICINES.search(text)) and not _DRINK_OR_DRUGS.search(text)


def asks_about_guns(text: str) -> bool:
    """Whether ``text`` asks about guns at home ("Any firearms in the house?")."""
    return bool(_GUNS.search(text))


def asks_other_means_too(text: str) -> bool:
    """Whether a question about guns also asks about his tablets or other means."""
    return bool(_OTHER_MEANS.search(text))


def asks_to_give_up_means(text: str) -> bool:
    """Whether ``text`` asks him to let his spare tablets go ("would you be willing to give those
    tablets to the pharmacy, or let your sister take them?")."""
    flat = " ".join(text.replace("\u2019", "'").split())
    return bool(_GIVE_UP.search(flat)) and (offers(flat) or bool(_REQUEST_YOU.search(flat)))


# What else has helped the pain ("Other than tablets, what has helped the back over the years?",
# "what's helped in the past?"): the treatments tried, whatever the time words say (round 12).
_HELPED = re.compile(
    r"^(?:(?:and|so|ok(?:ay)?|right)\W+)*(?:(?:other than|apart from|besides|aside from) (?:the )?"
    r"(?:tablets|pills|medications?|medicines?|meds|painkillers|opioids)\W+)?what(?:'s| has| have)? "
    r"(?:else )?(?:ever )?helped\b(?! you (?:decide|choose|make up))",
    re.I,
)


# The opener: why he came today ("what brings you in today?", "what's brought you to see me?",
# "now then, what can I do for you?", "what is your complaint today?", "today you come for what
# problem?", "so. why did you come today?"): answered with the case's reason for the visit
# (``interview.visit_reason``), or as his concerns when the case names none (round 13).
_WHERE_TO = (r"(?:in|here|along|down|over|up|by|back|today|this (?:morning|afternoon|evening)|"
             r"to (?:see )?(?:me|us|the \w+|ed|a&e|hospital|clinic|surgery)|"
             r"to (?:see )?(?:a |the )?(?:doctor|gp))")
_OPENER = re.compile(
    r"\b(?:what|wat|wot)(?:'s|s)?(?: [\w']+){0,5}? "
    r"(?:brings?|brought|bring|dragged|fetched|sent) (?:you|ya|u|yourself)(?: \w+)? "
    + _WHERE_TO + r"\b|"
    r"\b(?:what|wat|wot)(?:'s|s| is| has)? (?:brings?|brought|bring) (?:you|ya|u)\W*$|"
    # "What has you in with us today?" (Irish English, round 13)
    r"\bwhat(?:'s| has) (?:you|ya|u) " + _WHERE_TO + r"\b|"
    r"\bwhat can (?:i|we) (?:do|help you with|help with)(?: for you)?(?: today| this (?:morning|afternoon))?"
    r"(?:,? (?:then|love|mate|bud|bro|dear|my dear|sir|madam|ma'am))?\W*$|"
    r"\bwhat can (?:i|we) do you for\b|"
    r"\bwhat(?:'s| is| was)? (?:your|the) (?:main )?(?:complaint|problem|trouble|issue|reason (?:for|you)"
    r"[\w ]{0,30})(?: (?:today|this time|then|that brings? you[\w ]*))?\W*$|"
    r"\b(?:you )?(?:come|came|are here|here) (?:in )?(?:today )?(?:for|about) what"
    r"(?: problem| reason| issue)?(?: today)?\W*$|"
    r"\bwhy (?:did|do|have) you (?:come|came)(?: in| here| along| down| back)?"
    r"(?: to (?:see )?(?:me|us|the \w+))?"
    r"(?: today| this (?:morning|afternoon|evening))?\W*$|"
    r"\bwhy are you here(?: today)?\W*$|"
    r"\bwhat (?:made|makes) you (?:come|book|make (?:the|this|an) appointment)(?: in| here| today)*\W*$|"
    r"\bwhat (?:did|do) you (?:come|want to (?:see|talk to) (?:me|us)) (?:in )?(?:about|for)"
    r"(?: today)?\W*$|"
    r"^(?:\w+\W+){0,3}?what are (?:you|we) (?:in|here) (?:for|about)(?:,? (?:today|then|this time))?\W*$|"
    r"^(?:\w+\W+){0,3}?what(?:'s| is| seems to be) (?:the matter|the trouble|the problem)"
    r"(?:,? (?:then|today|with you|this time))?\W*$",
    re.I,
)


# The dose put up over time ("How many times has it been put up, and when was the last increase?",
# "have ye needed it put up?"): how the pain has been on it as the dose climbed, never the last dose
# taken (round 13)
_RAISED = (r"(?:put up|increased|raised|upped|gone up|go(?:ne)? up|went up|titrated up|bumped up|"
           r"turned up)")
_DOSE_NAMED = (r"(?:the |your )?(?:dose|doses|morphine|oxycodone|tablets|medication|medicine|\w+done|"
               r"\w+phine|\w+dol)")
_DOSE_RAISED = re.compile(
    r"\b(?:how many times|how often|when) (?:has|have|did|was|were) (?:it|they|that|the (?:\w+ )?dose|"
    + _DOSE_NAMED + r") (?:last |first |ever )?(?:been |had to be |needed to be |have to be |need to be )?"
    + _RAISED
    # "How often have they put the morphine up?", "when did they last increase your dose?"
    + r"|\b(?:how many times|how often|when) (?:has|have|did|was|were) (?:they|he|she|the doctors?|\w+) "
    r"(?:last |first |ever )?(?:put|bumped|turned) (?:it|them|" + _DOSE_NAMED + r") up\b"
    + r"|\b(?:how many times|how often|when) (?:has|have|did|was|were) (?:they|he|she|the doctors?|\w+) "
    r"(?:last |first |ever )?(?:increas|rais)(?:e|ed|ing)? (?:it|" + _DOSE_NAMED + r")\b"
    + r"|\b(?:the |your )?(?:last|latest|most recent|first) (?:dose )?(?:increase|rise|raise|uptitration)\b"
    r"|\b(?:needed|need|had|have|has) (?:it|them|" + _DOSE_NAMED + ") " + _RAISED
    + r"|\b(?:has|have) (?:it|the dose|your dose) (?:ever |often |had to be |needed to be )?(?:been )?"
    + _RAISED,
    re.I,
)


def opens_visit(text: str) -> bool:
    """Whether ``text`` asks why he came today (the opener), not what worries him."""
    flat = " ".join(text.replace("\u2019", "'").split())
    return bool(_OPENER.search(flat)) and not _WORRY.search(flat)


def _accepting(text: str) -> str | None:
    """What a turn that asks whether he would accept something asks: less of the tablets (his
    readiness), or a treatment (his views of it)."""
    less, treatment = _LESS.search(text), _TREATMENT.search(text)
    if less and (treatment is None or less.start() < treatment.start()):
        return "goals.readiness"
    if treatment is None and _DOSE_NOW.search(text):
        return "goals.readiness"
    if treatment:
        return "goals.treatment_views"
    return None


# The medicine still working ("has it kept workin?", "have the tablets kept working?", "do they still
# work as well?"): how the pain is on it, never his job nor where the tablets are kept (round 13)
_STILL_WORKS = re.compile(
    r"\b(?:has|have|is|are|does|do|did) (?:it|they|them|the (?:tablets?|pills?|medicines?|medication|meds|"
    r"painkillers?|patch(?:es)?|dose|morphine|oxycodone|tramadol|codeine|\w+done|\w+phine))"
    r" (?:still |always )?(?:kept |been |stopped |keep |stop )?(?:on )?work(?:in|ing|ed|s)?\b"
    # ("do they work less well than they used to?", "as well as they did" compare: left to the model)
    r"(?! (?:hours|shifts|days|nights|from home|less|as well|like (?:it|they) (?:used to|did)|the same))",
    re.I,
)


def frame_intent(text: str) -> str | None:
    """The intent the whole turn's frame asks, or None when it has no frame of its own."""
    flat = " ".join(text.replace("\u2019", "'").split())
    if _DOSE_RAISED.search(flat) and not _LESS.search(flat):
        return "pain.trend_on_opioids"
    if _STILL_WORKS.search(flat):
        return "pain.trend_on_opioids"
    if offers_naloxone(flat):
        return "safety.naloxone"
    if _WEAPONS.search(flat) or _GIVE_UP.search(flat):
        return "safety.storage"
    if _VIEWS.search(flat):
        return "goals.treatment_views"
    if _REALLY_TAKEN.search(flat):
        return "opioid.as_prescribed"
    if _AMOUNT.search(flat) or _WHAT_TAKEN.search(flat):
        return "opioid.regimen"
    if _HOW_LONG_USING.search(flat):
        return "opioid.duration"
    if _HELPED.search(flat):
        return "pain.prior_treatments"
    if _RULER.search(text):
        return "goals.readiness"
    if _ACCEPTING.search(text) and (accepted := _accepting(text)) is not None:
        return accepted
    if _OPENER.search(flat) and not _WORRY.search(flat):
        return "goals.concerns"  # the opener (``opens_visit``): the visit's reason where the case names one
    for intent, rx in _OPEN:
        if rx.search(text):
            return intent
    return None


# A turn that asks what worries him asks his concerns, whatever else it says.
_WORRY = re.compile(r"\b(?:worr\w*|concern\w*|afraid|scared|fear\w*|frighten\w*|anxious|nervous)\b", re.I)


_FILLER = (r"(?:(?:ok(?:ay)?|right|alright|mm+|hmm+|yeah|well|i see|good|great|fine|perfect|lovely|um+|uh+|"
           r"er+|thanks|thank you)[\s,.!-]+)*")
# A reflection or a summary: the trainee says back what he heard.
_NOT_AFTER_SO = (
    r"tell|describe|talk|explain|let's|lets|can|could|would|will|do|does|did|is|are|was|were|have|has|"
    r"had|how|what|when|where|why|who|which|any|anything|ever|u|r|whats|hows|wheres|whos|whens|wat|wot|wats"
)
_REFLECTION = re.compile(
    rf"^{_FILLER}(?:" + "|".join((
        rf"so[,:]?\s+(?!(?:{_NOT_AFTER_SO})\b)\w",
        r"(?:it )?sounds (?:like|as if|as though)",
        r"(?:it )?seems (?:like|as if|that)",
        r"(?:it )?looks like you",
        r"what i(?:'m| am) hearing|i(?:'m| am) hearing",
        r"if i(?:'ve| have) (?:got|understood)",
        r"if i understand(?: (?:you|this|that|it))?(?: (?:correctly|right(?:ly)?))?[,:]",  # round 11
        r"let me (?:see if|check) i",
        r"you(?:'re| are) (?:feeling|worried|not sure|unsure|saying|telling me|finding|wondering|"
        r"frightened|scared|afraid|tired|fed up|torn)",
        r"you(?:'ve| have) been (?:feeling|finding|struggling|having|through)",
        r"you feel|you sound|you seem|on (?:the )?one hand|part of you",
        r"it must (?:be|have been)|that must (?:be|have been)",
        r"i get the (?:sense|feeling|impression)",
        r"in other words|to sum up|summing up|let me sum up|so far you(?:'ve| have)",
        r"let me (?:summari[sz]e|recap)",  # round 11
        # "OK I summarize: ...", "In summary, ...", "Summary: ..." (round 13)
        r"i(?:'ll| will)? (?:summari[sz]e|recap)\b|in summary\b|summary\s*:",
        # round 10: "Ok so, um, just to sum up: ...", "Sorry if I've got this wrong: ...", "Let me check
        # I've got it: ..."
        r"(?:so,? )?(?:um+,? )?(?:just )?to (?:sum (?:it )?up|summari[sz]e|recap)|(?:so,? )?recap\b",
        r"sorry if i(?:'ve| have) got (?:this|that|it|any of (?:this|that)) wrong",
        r"let me (?:check|make sure) i(?:'ve| have) got (?:it|this|that)",
        # round 12: "Let me make sure I understood: ...", "just to check I heard you right: ..."
        r"(?:let me (?:just )?(?:check|make sure)|(?:just )?to (?:check|make sure)) i(?:'ve| have)? "
        r"(?:understood|understand|heard)\b",
    )) + ")",
    re.I,
)
# "We'll start a low-dose buprenorphine..." / "I'm going to refer you": the plan, told.
_PLAN = re.compile(
    rf"^{_FILLER}(?:we(?:'ll| will| are going to|'re going to)|i(?:'ll| will| am going to|'m going to)|"
    r"let's (?:start|try|keep|reduce|begin|plan|book|arrange|aim|switch|go with|get you)|the plan is|"
    r"my plan is|what we(?:'ll| will) do|i(?:'d| would) (?:suggest|recommend))\s"
    r"(?!(?:ask|talk|go over|go through|hear|discuss|look at|start with|move on|turn to|come back|"
    r"need to ask|just ask|check)\b)"
    # shorthand with the subject left out: "will discuss w/ attending, back shortly"
    rf"|^{_FILLER}(?:will|gonna|going to)\s+(?:discuss|check|come back|be back|talk to|speak to|sort|arrange|"
    r"review|run|get back|look into|chat with|write|order|send|book)\b",
    re.I,
)
_TAG = re.compile(r"[,.\s-]*(?:right|is that(?:,? um+,?)? right|have i got that right|is that fair|fair|yeah|"
                  r"no|correct|is that correct|that right|am i right|did i get that right|"
                  r"does that sound right|sound right|ok(?:ay)?|yes|did i miss anything|"
                  r"have i missed anything|"
                  r"anything i(?:'ve)? missed|is that about right|about right|"
                  r"how does that sound(?: to you)?|"
                  r"does that (?:work|sound ok(?:ay)?|sound good|seem fair)(?: for you| to you)?)\?$", re.I)


# A summary said with a rising voice ("so if I've got it right, you broke it on the 26th and you've
# got one left?"): the opener makes it a summary, whatever mark ends it (round 13).
_SUMMARY_OPENER = re.compile(
    rf"^{_FILLER}(?:so,? )?(?:if i(?:'ve| have) got (?:it|this|that|you) right|if i(?:'ve| have) understood "
    r"(?:you |it |that )?(?:right|correctly)|(?:just )?to (?:sum (?:it )?up|summari[sz]e|recap)|"
    r"let me (?:see if|check|make sure) i(?:'ve| have) got (?:it|this|that)(?: right)?|"
    r"i(?:'ll| will)? (?:summari[sz]e|recap)|in summary)\b",
    re.I,
)


def _declarative(text: str) -> str | None:
    """``text`` without a confirming tag question ("..., is that right?"); None for a question."""
    t = " ".join(text.replace("\u2019", "'").split())
    if t.endswith("?") and t.count("?") == 1 and _SUMMARY_OPENER.match(t):
        return t[:-1].rstrip() + "."
    if t.endswith("?"):
        stripped = _TAG.sub("", t)
        if stripped == t or stripped.endswith("?"):
            return None
        t = stripped
    return None if "?" in t else t


def is_reflection(text: str) -> bool:
    """Whether ``text`` is a reflection or a summary said back to the patient ("So the taper's
    been hard, and you're worried ..."): a statement, not a question (a question mark only as a
    tag: "..., is that right?"). Too short to say anything back ("So, the back.") it is not."""
    t = _declarative(text)
    return t is not None and len(t.split()) >= 5 and bool(_REFLECTION.match(t))


def tells_plan(text: str) -> bool:
    """Whether ``text`` tells the patient the plan ("We'll start a low dose ...", "I'm going to
    refer you"): a statement, never a question about its topic."""
    t = _declarative(text)
    return t is not None and bool(_PLAN.match(t))
