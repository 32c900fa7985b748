"""Questionnaire items read aloud (round 12): the PHQ-9 and GAD-7, item by item.

A psychiatry trainee reads the published items, often as bare fragments ("Feeling tired or having
little energy?", "Trouble relaxing?", "Becoming easily annoyed or irritable?"). Each is a question
about one symptom over the last two weeks, answered with how often and in the patient's words
(``interview.questionnaires``), not with his mood history again. An item is recognised by the
item's own wording or a close paraphrase, never by one loose word: "restless" when a dose is
missed is withdrawal, "appetite" on the tablets a side effect, "hopeless" or "better off dead"
the suicide screen (PHQ-9 item 9 is not read here: it stays the screen), and the sleep item is
his sleep (``life.sleep``) whenever the case answers that.

``screen_item(text)`` names the item ("phq9.tired", "gad7.afraid"); ``asks_how_often(text)``
tells a frequency follow-up ("how often - several days, more than half the days, nearly every
day?"), which answers the item read just before.
"""

from __future__ import annotations

import re

# The item's own words, or a close paraphrase, by item (in the order they are tried).
_ITEMS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (item, re.compile(rx, re.I)) for item, rx in (
        ("phq9.interest",
         r"\blittle (?:interest|pleasure) (?:or|and) (?:interest|pleasure)\b|"
         r"\b(?:little|lost|less|no|loss of) (?:interest|pleasure|enjoyment) (?:or (?:pleasure|interest) )?"
         r"in (?:doing )?things\b"),
        ("phq9.down",
         r"\bdown,? (?:depressed,? )?(?:or|and) hopeless\b|\bdepressed,? (?:or|and) hopeless\b|"
         r"^\W*(?:(?:and|next|okay|ok|so)\W+)?(?:feeling|felt) (?:down|low),? (?:(?:or|and) )?depressed\W*$"),
        ("phq9.sleep",
         r"\b(?:trouble|difficulty|problems?) (?:falling|getting) (?:or staying )?asleep\b"
         r"[^?]*\bsleeping too much\b"),
        ("phq9.tired",
         r"\btired,? (?:or|and) (?:having )?(?:little|low|no|not much) energy\b|"
         r"\b(?:little|low|no) energy,? (?:or|and) (?:feeling )?tired\b|"
         r"^\W*(?:(?:and|next|okay|ok|so)\W+)?(?:feeling tired|little energy|low energy|tiredness)\W*$"),
        ("phq9.appetite",
         r"\b(?:poor|low|loss of|change(?:s)? in (?:your )?|reduced|decreased) appetite,? (?:or|and) "
         r"(?:over-?eating|eating too much)\b|\bover-?eating,? (?:or|and) (?:poor|low|loss of) appetite\b|"
         r"^\W*(?:(?:and|next|okay|ok|so)\W+)?(?:poor appetite|appetite|over-?eating)\W*$"),
        ("phq9.failure",
         r"\bfeeling bad about yourself\b|\b(?:that )?you(?:'re| are| were) a failure\b|"
         r"\blet (?:yourself|your family)(?: or (?:yourself|your family))? down\b"),
        ("phq9.concentration",
         r"\bconcentrat\w* on things\b|"
         r"\b(?:trouble|difficulty|problems?|hard) (?:with )?concentrat\w*[^?]{0,60}\b(?:newspaper|reading|"
         r"television|tv|telly)\b|"
         r"^\W*(?:(?:and|next|okay|ok|so)\W+)?(?:any )?(?:trouble|difficulty|problems?) concentrating\W*$"),
        ("phq9.moving",
         r"\b(?:moving|speaking|talking) (?:or (?:speaking|talking|moving) )?so slowly\b|"
         r"\bso fidgety\b|\bfidgety,? or restless\b"),
        ("gad7.nervous",
         r"\bnervous,? anxious\b|\banxious,? (?:or|and) on edge\b|\bnervous,? (?:or|and) on edge\b"),
        ("gad7.control_worry",
         r"\b(?:not (?:being )?able|unable|can't|cannot|couldn't|could not) (?:to )?(?:stop|control) "
         r"(?:or (?:stop|control) )?(?:your |the )?worr(?:y|ying|ies)\b|\bstop or control (?:your )?worr"),
        ("gad7.worry_too_much",
         r"\bworr(?:y|ying|ied) too much\b"),
        ("gad7.relaxing",
         r"\b(?:trouble|difficulty|problems?|a hard time) relaxing\b|\b(?:hard|difficult) to relax\b|"
         r"\b(?:can't|cannot|unable to) relax\b"),
        ("gad7.restless",
         r"\bso restless that\b|\b(?:hard|difficult) to sit still\b|\b(?:can't|cannot) sit still\b"),
        ("gad7.irritable",
         r"\b(?:easily )?annoyed,? or irritable\b|\birritable,? or (?:easily )?annoyed\b|"
         r"\b(?:becoming|getting|feeling) easily (?:annoyed|irritated)\b|"
         r"^\W*(?:(?:and|next|okay|ok|so)\W+)?(?:feeling |becoming |been )?irritable\W*$"),
        ("gad7.afraid",
         r"\bafraid,? (?:as if|that|like) something (?:awful|terrible|bad)\b|"
         r"\bsomething awful (?:might|may|will|is going to|could) happen\b"),
    )
)
# A turn about his medicines is about them ("restless when you miss a dose", "appetite on the
# tablets", "trouble concentrating since the dose went up"): never a questionnaire item.
_MEDICINE = re.compile(
    r"\b(?:dose|doses|tablets?|pills?|meds|medications?|medicines?|opioids?|oxy\w*|morphine|tramadol|"
    r"fentanyl|methadone|buprenorphine|suboxone|withdraw\w*|miss(?:ed|ing)?|late|without|side[- ]effects?|"
    r"coming off|cut(?:ting)? down|taper\w*|use|using|high|drink\w*|alcohol|take|takes|taking|took)\b",
    re.I,
)
# The frequency the items are scored by, offered as choices, or asked plainly.
_FREQUENCY_CHOICES = re.compile(
    r"\b(?:several days|more than half (?:of )?the days|nearly every day|not at all,? several)\b", re.I
)
_HOW_OFTEN = re.compile(
    r"^\W*(?:(?:and|so|okay|ok|right)\W+)?(?:how often|how many days|how frequently|on how many days)"
    r"(?:\W+(?:would you say|is that|was that|does that happen|do you get (?:it|that|them)|for (?:that|this)"
    r"(?: one)?|in the last (?:two|2) weeks|over the last (?:two|2) weeks))?\W*$",
    re.I,
)


def screen_item(text: str, answers_sleep: bool = True) -> str | None:
    """The questionnaire item ``text`` reads aloud ("phq9.tired"), or None. The sleep item is his
    sleep when the case answers that (``answers_sleep``); item 9 is the suicide screen."""
    flat = " ".join(text.replace("\u2019", "'").split())
    if _MEDICINE.search(flat):
        return None
    for item, rx in _ITEMS:
        if rx.search(flat):
            if item == "phq9.sleep" and answers_sleep:
                return None
            return item
    return None


def asks_how_often(text: str) -> bool:
    """Whether ``text`` asks how often, as a questionnaire scores it ("how often, would you say -
    several days, more than half the days, nearly every day?", "how many days?")."""
    flat = " ".join(text.replace("\u2019", "'").split())
    if _MEDICINE.search(flat):  # "how often do you have a drink?" asks of that
        return False
    return bool(_FREQUENCY_CHOICES.search(flat) or _HOW_OFTEN.match(flat))


def questionnaire_turn(text: str, before: str = "") -> bool:
    """Whether ``text`` read a questionnaire item aloud, or asked how often of the item read in
    ``before`` (the trainee's turn before it)."""
    return screen_item(text) is not None or (
        bool(before) and asks_how_often(text) and screen_item(before) is not None
    )


# ----------------------------------------------------------------------------- misuse screens (round 13)
# The screening and misuse questionnaires read item by item, each item matched by its published
# wording or a close paraphrase and answered as the interview intent a correct patient answers it
# with (SPEC section 4). Wordings as published:
# - CAGE-AID (Brown & Rounds 1995): "Have you ever felt that you ought to cut down on your drinking or
#   drug use?", "Have people annoyed you by criticizing your drinking or drug use?", "Have you ever felt
#   bad or guilty about your drinking or drug use?", "Have you ever had a drink or used drugs first thing
#   in the morning to steady your nerves or to get rid of a hangover (eye-opener)?"
#   (https://www.opioidrisk.com/node/1268, https://relevancerecovery.com/substance-abuse-quiz/)
# - DAST-10 (Skinner 1982): items 1-10 as listed at
#   https://fpnotebook.com/legacy/Psych/Exam/DrgAbsScrngTst.htm
#   ("Have you used drugs other than those required for medical reasons?" ... "Have you had medical
#   problems as a result of your drug use (e.g. memory loss, hepatitis, convulsions, bleeding)?").
# - AUDIT-C (Bush 1998): "How often do you have a drink containing alcohol?", "How many drinks containing
#   alcohol do you have on a typical day when you are drinking?", "How often do you have six or more
#   drinks on one occasion?" (https://mobile.fpnotebook.com/Psych/Exam/AdtC.htm; the UK form counts units).
# - Opioid Risk Tool (Webster & Webster 2005): family and personal history of substance abuse (alcohol,
#   illegal drugs, prescription drugs), age 16-45, history of preadolescent sexual abuse, psychological
#   disease (ADD, OCD, bipolar, schizophrenia; depression) (http://www.cfp.ca Table 1, adapted from
#   Webster; http://www.lynnwebstermd.com/opioid-risk-tool/). Age has no interview intent: not read here.
# - PC-PTSD-5 (Prins et al. 2016): the lead-in ("Sometimes things happen to people that are unusually or
#   especially frightening, horrible, or traumatic ... Have you ever experienced this kind of event?")
#   and items 1-5 (nightmares / tried hard not to think about / constantly on guard, watchful, or easily
#   startled / numb or detached / guilty or unable to stop blaming yourself or others)
#   (https://comorbidityguidelines.org.au/appendices/appendix-r-primary-care-ptsd-screen-for-dsm5-pcptsd5).
# - COWS (Wesson & Ling 2003), the items a clinician asks (pulse, pupils, tremor and observed yawning are
#   seen, not asked): sweating (chills or flushing), restlessness, bone or joint aches, runny nose or
#   tearing, GI upset (stomach cramps, nausea, loose stools, vomiting, diarrhoea), yawning, anxiety or
#   irritability, gooseflesh skin
#   (https://www.emcdda.europa.eu/drugs-library/clinical-opiate-withdrawal-scale_en,
#   https://confidanthealth.com/opioid-treatment-information/what-is-the-cow-scale).
_USE = r"(?:drinking(?: or (?:drug use|using(?: drugs)?|drugs))?|drug use|use of drugs|using|drugs|use)"
_EVENT = r"(?:the|that|this|those|these) (?:event|experience|thing)s?(?:\(s\))?"
_FORM_ITEMS: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (item, intent, re.compile(rx, re.I)) for item, intent, rx in (
        # PC-PTSD-5 first: its guilt item is about the event, not the use
        ("pcptsd5.event", "history.trauma",
         r"\b(?:unusually|especially) (?:or especially )?frightening\b|\bfrightening, horrible\b|"
         r"\bexperienced (?:this|that|any such) (?:kind|type|sort) of (?:event|thing)\b"),
        ("pcptsd5.nightmares", "history.trauma",
         rf"\bnightmares about {_EVENT}|\bthought about {_EVENT} when you did(?:n't| not) want"),
        ("pcptsd5.avoid", "history.trauma",
         rf"\b(?:tried|try|trying) hard not to think about {_EVENT}|"
         r"\bavoid(?:ed|ing)? (?:situations|places|people|things) that remind(?:ed)? you of (?:the|that|"
         r"it)\b"),
        ("pcptsd5.on_guard", "history.trauma",
         r"\bconstantly on (?:your )?guard\b|\bon guard,? (?:or )?watchful\b|\bwatchful,? (?:or|"
         r"and) easily startled\b"),
        ("pcptsd5.numb", "history.trauma",
         r"\b(?:numb|detached),? (?:or|and) (?:numb|detached) from\b|\bdetached from people,? activities\b"),
        ("pcptsd5.blame", "history.trauma",
         rf"\bblam(?:e|ing) yourself or others for {_EVENT}|\bunable to stop blaming yourself\b"),
        # CAGE-AID
        ("cage_aid.cut_down", "opioid.cut_down",
         rf"\b(?:ought to|need(?:ed)? to|should|have to) cut down on your {_USE}\b"),
        ("cage_aid.annoyed", "life.relationships",
         r"\b(?:annoyed|bothered|irritated|upset) you by critici[sz]\w*\b"),
        ("cage_aid.guilty", "goals.concerns",  # DAST-10 item 5 too: his own worry about his use
         r"\b(?:felt|feel|feeling) (?:bad (?:or|and) )?guilty about (?:your )?(?:drinking or "
         r"(?:drug use|using(?: drugs)?|drugs)|drug use|use of drugs|using drugs)\b"),
        ("cage_aid.eye_opener", "opioid.withdrawal",
         r"\bfirst thing in the morning\b[^?]*\b(?:steady|nerves|hangover|shakes|get going)\b|"
         r"\beye[- ]?opener\b"),
        # DAST-10
        ("dast10.non_medical", "opioid.other_substances",
         r"\bdrugs other than (?:those|the ones|what(?:'s| is| was)?) (?:required|needed|prescribed)\b"),
        ("dast10.more_than_one", "opioid.other_substances",
         r"\b(?:use|abuse|take|used|taken|using|taking) more than one (?:drug|substance) at (?:a|"
         r"the same) time\b"),
        ("dast10.stop", "opioid.cut_down",
         r"\b(?:always )?able to stop using(?: drugs)? when(?:ever)? you want\b"),
        ("dast10.blackouts", "life.health_harm",
         r"\bblack-?outs? (?:or|and) flashbacks?\b"),
        ("dast10.complain", "life.relationships",
         r"\bcomplain(?:ed|s|ing)? about your (?:involvement with drugs|drug use|use of drugs|using)\b"),
        ("dast10.neglected", "life.obligations",
         r"\bneglected your (?:family|children|kids|responsibilities)\b[^?]*\b(?:drugs|drug use|using)\b"),
        ("dast10.illegal", "opioid.other_sources",
         r"\billegal (?:activities|things)\b[^?]*\b(?:to |in order to )(?:obtain|get|buy)\b"),
        ("dast10.withdrawal", "opioid.withdrawal",
         r"\bwithdrawal symptoms\b[^?]*\bwhen you (?:stopped|stop) (?:taking|using)\b"),
        ("dast10.medical", "life.health_harm",
         r"\bmedical problems (?:as a result of|because of|from) your (?:drug use|use of drugs|using)\b"),
        # AUDIT-C
        ("auditc.frequency", "opioid.other_substances",
         r"\bhow often do you (?:have|drink) a drink containing alcohol\b"),
        ("auditc.typical", "opioid.other_substances",
         r"\bhow many (?:standard )?(?:drinks|units)(?: containing alcohol|"
         r" of alcohol)?\b[^?]*\btypical day\b|"
         r"\btypical day\b[^?]*\bhow many (?:standard )?(?:drinks|units)\b"),
        ("auditc.heavy", "opioid.other_substances",
         r"\b(?:six|6|eight|8) or more (?:drinks|units)\b[^?]*\b(?:one|a single) occasion\b"),
        # Opioid Risk Tool (personal history before family: "a family history" names the family)
        ("ort.family", "history.family",
         r"\bfamily history of (?:substance|alcohol|drug|illegal|prescription|addiction)\w*"),
        ("ort.personal", "history.substance_use",
         r"\bpersonal history of (?:substance|alcohol|drug|illegal|prescription|addiction)\w*"),
        ("ort.sexual_abuse", "history.trauma",
         r"\b(?:pre-?adolescent|childhood) sexual abuse\b|\bsexual abuse (?:as a child|"
         r"in (?:your )?childhood|"
         r"before (?:adolescence|puberty|your teens))\b|\bsexually abused (?:as a child|in childhood|before "
         r"(?:adolescence|puberty|your teens)|when you were (?:a child|young|little))\b"),
        ("ort.psychological", "history.mental_health",
         r"^(?!.*\b(?:family|mother|mum|mom|father|dad|brother|sister|parents?|relatives?)\b).*"
         r"\b(?:attention deficit|obsessive[- ]compulsive|bipolar|schizophreni\w*)\b"),
        # COWS, asked
        ("cows.sweating", "opioid.withdrawal",
         r"\bsweat\w*,? (?:or|and) (?:chills|flush\w*)\b|\bchills,? (?:or|and) (?:sweat\w*|flush\w*)\b"),
        ("cows.runny_nose", "opioid.withdrawal",
         r"\brunny nose\b|\bnose (?:running|streaming)\b|\b(?:watery|watering|streaming) eyes\b|"
         r"\beyes watering\b"),
        ("cows.gi_upset", "opioid.withdrawal",
         r"\b(?:stomach cramps|loose stools?|vomit\w*|nausea)\b[^?]*\bdiarrho?ea\b|"
         r"\bdiarrho?ea\b[^?]*\b(?:stomach cramps|vomit\w*|nausea)\b"),
        ("cows.yawning", "opioid.withdrawal", r"\byawn(?:s|ing)?\b"),
        ("cows.gooseflesh", "opioid.withdrawal", r"\bgoose ?(?:bumps|flesh|pimples)\b|\bpiloerection\b"),
    )
)
# COWS items that share their words with the anxiety questionnaire, his pain or his side effects
# ("restless", "anxious or irritable", "aches", "sweating"): the withdrawal scale only right after
# one of its items (or withdrawal) was asked.
_COWS_AFTER: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (item, re.compile(rx, re.I)) for item, rx in (
        ("cows.restless", r"\brestless\w*\b|\bsit still\b"),
        ("cows.anxiety", r"\b(?:anxious|anxiety)\b[^?]*\birrita\w*|\birrita\w*[^?]*\b(?:anxious|anxiety)\b"),
        ("cows.aches",
         r"\b(?:bone|joint|muscle)s? (?:or (?:joint|muscle)s? )?(?:aches?|aching|pains?)\b|\baching\b|"
         r"\bachy\b|\baches? in (?:your )?(?:bones|joints|muscles)\b"),
        ("cows.sweating", r"\bsweat\w*\b|\bchills\b|\bflush\w*\b"),
    )
)
_WITHDRAWAL_ASKED = re.compile(r"\bwithdraw\w*|\bCOWS\b", re.I)
_PAIN_ASKED = re.compile(r"\b(?:pain|painful|hurts?|hurting|back|knee|hip|neck|shoulder|leg)\b", re.I)


def form_item(text: str, before: str = "", after_withdrawal: bool = False) -> tuple[str, str] | None:
    """The misuse or screening questionnaire item ``text`` reads aloud and the interview intent it
    asks ("dast10.illegal", "opioid.other_sources"), or None. A withdrawal-scale item that shares its
    words with others is one only right after withdrawal was asked: ``before`` (the trainee's turn
    before it) names it or reads a COWS item, or that turn was read as withdrawal (``after_withdrawal``)."""
    flat = " ".join(text.replace("\u2019", "'").split())
    for item, intent, rx in _FORM_ITEMS:
        if rx.search(flat):
            return item, intent
    prior = " ".join(before.replace("\u2019", "'").split())
    if _PAIN_ASKED.search(flat):  # "and the aching in your back?" is his pain
        return None
    if after_withdrawal or (prior and (_WITHDRAWAL_ASKED.search(prior) or any(
        rx.search(prior) for item, intent, rx in _FORM_ITEMS if item.startswith("cows.")
    ))):
        for item, rx in _COWS_AFTER:
            if rx.search(flat):
                return item, "opioid.withdrawal"
    return None
