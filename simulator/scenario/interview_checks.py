"""``lint`` warnings about the interview's replies (issue 19): facets and consistency.

* key intents whose disclosing answer leaves out the facets trainees ask for next ("why?",
  "since when?", "how often?", "who?"), so the patient can only say he couldn't tell;
* a kind of stigma reaction the case writes in one line only, so a second accusation gets the
  same words;
* a guarded answer on what the chart shows (fills, prescribers, urine results) that denies
  ("No. Just from my doctor.") what another answer of the same intent discloses, when the fact
  has no ``confronted`` reply: a trainee who names the chart would hear only a denial. (That a
  disclosed fact is never taken back later is a rule of the patient, patient.reply.)
* an answer that opens by denying what the chart plainly shows (other prescribers on the PDMP,
  early fills it flags, a substance the urine screen found that nobody expected);
* a PHQ-9 item 9 score that disagrees with the answers to the suicide screen.
"""

from __future__ import annotations

import re

from simulator.errors import Problem
from simulator.scenario.models import Scenario
from simulator.scenario.yamlio import Document

# The facets a disclosing answer of each key intent should carry.
KEY_FACETS: dict[str, tuple[str, ...]] = {
    "opioid.as_prescribed": ("why", "how_often"),
    "opioid.early_refills": ("why", "how_often"),
    "opioid.other_sources": ("who", "when"),
    "opioid.cut_down": ("when", "why"),
    "opioid.craving": ("when",),
    "opioid.withdrawal": ("when",),
    "opioid.non_pain_use": ("why",),
}
_DENIAL = re.compile(r"^\W*(?:no|nope|never|nothing|not|none|just)\b", re.I)


def _warn(doc: Document, path: tuple, message: str) -> Problem:
    p = doc.problem(path, message)
    return Problem(p.file, p.line, p.col, p.message, "warning")


def missing_facets(scenario: Scenario, doc: Document) -> list[Problem]:
    out = []
    for intent, facets in KEY_FACETS.items():
        for n, answer in enumerate(scenario.interview.answers.get(intent, ())):
            if not answer.reveals:
                continue
            missing = [f for f in facets if not answer.facets.get(f)]
            if missing:
                out.append(
                    _warn(
                        doc,
                        ("interview", "answers", intent, n),
                        f"the answer to {intent} that discloses {', '.join(answer.reveals)} has no "
                        f"{' or '.join(missing)} facet, so a follow-up gets only 'I couldn't tell you'; "
                        f"add facets: {{{', '.join(f + ': ...' for f in missing)}}}",
                    )
                )
    return out


# Intents whose subject the chart shows (PDMP fills and prescribers, urine results).
CHART_INTENTS = (
    "opioid.as_prescribed", "opioid.early_refills", "opioid.other_sources", "opioid.other_substances"
)


def chart_flags(scenario: Scenario) -> bool:
    """Whether the chart shows something a trainee may put to the patient (PDMP flags, a urine
    result that was not expected)."""
    chart = scenario.chart
    pdmp = bool(chart.pdmp and chart.pdmp.flags)
    uds = chart.urine_drug_screen
    unexpected = bool(uds and any(r.result == "positive" and not r.expected for r in uds.results))
    return pdmp or unexpected


def guarded_denials(scenario: Scenario, doc: Document) -> list[Problem]:
    interview = scenario.interview
    out: list[Problem] = []
    if not chart_flags(scenario):
        return out
    for intent in CHART_INTENTS:
        answers = interview.answers.get(intent, [])
        told = [f for a in answers for f in a.reveals if f in interview.facts]
        unconfronted = [f for f in dict.fromkeys(told) if not interview.facts[f].confronted]
        if not unconfronted:
            continue
        for n, answer in enumerate(answers):
            if answer.reveals or not _DENIAL.match(answer.text):
                continue
            out.append(
                _warn(
                    doc,
                    ("interview", "answers", intent, n),
                    f"this guarded answer to {intent} denies what another answer discloses "
                    f"({', '.join(unconfronted)}); give the fact a `confronted` reply, said when the "
                    "trainee names what the chart shows, so the patient never denies the chart",
                )
            )
    return out


def _chart_shows(scenario: Scenario) -> dict[str, str]:
    """What the chart shows about each chart intent, in words for a warning ({} when nothing)."""
    chart = scenario.chart
    shows: dict[str, str] = {}
    pdmp = chart.pdmp
    if pdmp is not None and pdmp.prescribers > 1:
        shows["opioid.other_sources"] = f"the PDMP lists {pdmp.prescribers} prescribers"
    if pdmp is not None and any("early" in flag.lower() for flag in pdmp.flags):
        shows["opioid.early_refills"] = "the PDMP flags early fills"
    uds = chart.urine_drug_screen
    results = uds.results if uds else []
    unexpected = [r.substance for r in results if r.result == "positive" and not r.expected]
    if unexpected:
        shows["opioid.other_substances"] = f"the urine screen shows {', '.join(unexpected)}"
    return shows


def chart_denials(scenario: Scenario, doc: Document) -> list[Problem]:
    """An answer that opens by denying what the chart shows ("No." to other prescribers when the
    PDMP lists two): said to a trainee who has the chart in front of them, it contradicts it."""
    out: list[Problem] = []
    for intent, shows in _chart_shows(scenario).items():
        for n, answer in enumerate(scenario.interview.answers.get(intent, ())):
            if answer.reveals or not any(_DENIAL.match(w) for w in (answer.text, *answer.wordings)):
                continue
            out.append(
                _warn(
                    doc,
                    ("interview", "answers", intent, n),
                    f"this answer to {intent} (or a wording of it) opens with a denial, but {shows}; "
                    "let the patient minimise or withhold in words that do not deny the chart",
                )
            )
    return out


def single_stigma_lines(scenario: Scenario, doc: Document) -> list[Problem]:
    """A case that writes one line for a kind of stigma reaction says the same words to a second
    accusation (issue 19, item 5); two or three, said in turn, sound like a person."""
    reactions = scenario.interview.stigma_reactions
    return [
        _warn(
            doc,
            ("interview", "stigma_reactions", kind),
            f"the patient has one line for being met with {kind} words, so a second time gets the "
            "same words; give two or three as a list, said in turn",
        )
        for kind in ("label", "accusation", "test")
        if len(reactions.lines(kind)) == 1
    ]


def questionnaire_safety(scenario: Scenario, doc: Document) -> list[Problem]:
    """PHQ-9 item 9 (thoughts of being better off dead or of hurting himself) scored against what
    his answers to the suicide screen tell: a score above 0 when every disclosing answer denies the
    thoughts, or 0 when one tells of them, is a patient who contradicts himself (round 12)."""
    item = scenario.interview.questionnaires.phq9.self_harm
    answers = scenario.interview.answers.get("safety.suicidal_thoughts", ())
    if item is None or not answers:
        return []
    tells = any(not _DENIAL.match(a.text) and (a.reveals or n == 0) for n, a in enumerate(answers))
    if (item.often > 0) == tells:
        return []
    said = "tell of such thoughts" if tells else "deny any such thoughts"
    return [_warn(
        doc, ("interview", "questionnaires", "phq9", "self_harm"),
        f"PHQ-9 item 9 is scored {item.often} but the answers to safety.suicidal_thoughts {said}; "
        "make the score agree with the suicide screen",
    )]


def interview_warnings(scenario: Scenario, doc: Document) -> list[Problem]:
    return [
        *missing_facets(scenario, doc), *guarded_denials(scenario, doc), *chart_denials(scenario, doc),
        *single_stigma_lines(scenario, doc), *questionnaire_safety(scenario, doc),
    ]
