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
