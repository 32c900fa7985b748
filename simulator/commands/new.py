"""``python -m simulator new FILE [--id ID]``: start a new case from a commented, complete example.

The file written is a small case that validates and lints without warnings: a patient stable on
a low opioid dose (physical dependence, not opioid use disorder), every core interview intent
answered, a four-step flow and a short rubric citing catalogue guidance. Beside it, in
``playthroughs/``, an expert playthrough is written only if it plays to full marks with no
critical error in the case as written. Nothing is ever overwritten.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from simulator.errors import Problem, ProblemsError

_ID = re.compile(r"^[a-z][a-z0-9_-]*$")

# One answer per core interview intent (the patient's words).
ANSWERS: dict[str, str] = {
    "pain.location": "Both knees, the right one worse. It stays in the knees.",
    "pain.duration": "About six years now; it has been steady for the last two.",
    "pain.severity": "Most days about a four. A six after a lot of walking.",
    "pain.character": "A deep ache, and stiff first thing in the morning.",
    "pain.function": "I can do my shopping and walk the dog for twenty minutes.",
    "pain.trend_on_opioids": "It eased when I started, and it has stayed about the same since.",
    "pain.new_sites": "No, it is only ever the knees.",
    "pain.allodynia": "No, touch and clothes are fine.",
    "pain.prior_treatments": "Physiotherapy helped for a while, and I use paracetamol.",
    "opioid.regimen": "Oxycodone, 5 milligrams, one in the morning and one at night.",
    "opioid.duration": "Two years at the same dose.",
    "opioid.prescriber": "Only my own doctor at this practice.",
    "opioid.as_prescribed": "Exactly as written. I keep to the times.",
    "opioid.early_refills": "Never. I usually have a few left at the end of the month.",
    "opioid.other_sources": "No, never.",
    "opioid.route": "I just swallow them with water.",
    "opioid.non_pain_use": "No, only for the knees.",
    "opioid.craving": "No. I don't think about them between doses.",
    "opioid.cut_down": "I haven't tried. Nobody has suggested it.",
    "opioid.time_spent": "No time at all, apart from collecting the prescription.",
    "opioid.tolerance": "The same dose has worked for two years.",
    "opioid.withdrawal": "Once I forgot them on holiday and felt shivery and achy for a day.",
    "opioid.last_dose": "This morning at eight, as usual.",
    "opioid.other_substances": "A glass of wine at the weekend. Nothing else.",
    "opioid.overdose": "No, never anything like that.",
    "opioid.side_effects": "Some constipation; I take a stool softener.",
    "life.obligations": "No problems. I look after my grandson on Fridays.",
    "life.relationships": "No, my family are fine with it.",
    "life.activities_given_up": "No, the knees limit me more than the tablets.",
    "life.hazardous_use": "I don't drive for a few hours after a dose.",
    "life.health_harm": "I don't think so. I feel well on them.",
    "life.sleep": "I sleep reasonably well.",
    "history.substance_use": "No, never.",
    "history.family": "Not that I know of.",
    "history.mental_health": "My mood is fine.",
    "history.trauma": "Nothing like that.",
    "history.grief": "My husband died four years ago. It was hard, but I have my family.",
    "history.medical": "High blood pressure, on tablets. No operations.",
    "goals.concerns": "That the knees will get worse as I get older.",
    "goals.readiness": "I'd listen to any ideas, as long as I can keep walking.",
    "goals.treatment_views": "I don't know much about them. Aren't they for addiction?",
    "goals.function": "Walking the dog for longer, and gardening again.",
    "safety.naloxone": "No. What is that?",
    "safety.suicidal_thoughts": "No, never.",
    "safety.falls": "No falls.",
    "safety.storage": "In the kitchen cupboard. My grandson visits on Fridays.",
    "support.people": "My daughter lives nearby, and I have good neighbours.",
}
# Intents whose answer discloses a fact (fact id).
REVEALS = {"opioid.tolerance": "same_dose", "opioid.withdrawal": "missed_dose"}
# What the patient says to a follow-up on an answer ("when was that?": docs/AUTHORING.md).
FACETS = {"opioid.withdrawal": {"when": "Last winter, when I forgot my tablets on a weekend away."}}


def _answers_block() -> str:
    from simulator.scenario import vocabulary as vocab

    rows = []
    for intent in vocab.intent_ids():
        text = ANSWERS.get(intent, "I'm not sure; nobody has asked me that before.").replace('"', "'")
        reveals = f"\n        reveals: [{REVEALS[intent]}]" if intent in REVEALS else ""
        facets = "".join(
            f'\n        facets: {{{facet}: "{words}"}}' for facet, words in FACETS.get(intent, {}).items()
        )
        rows.append(f'    {intent}:\n      - text: "{text}"{reveals}{facets}')
    return "\n".join(rows)


TEMPLATE = """\
# A new case for the opioid care simulator (scenario file format 1).
# Field reference: docs/REFERENCE.md (python -m simulator reference); guide: docs/AUTHORING.md.
# Check it as you go:
#   python -m simulator validate {file}    errors, FILE:LINE:COL
#   python -m simulator lint {file}        warnings (add --strict to fail on them)
#   python -m simulator play {file} --actions playthroughs/{stem}.expert.yaml
format: 1
id: {id}                  # lower-case letters, digits, '-' and '_'
title: "Stable on a low dose: knee osteoarthritis"
summary: >-
  A grandmother has taken a low, steady dose of oxycodone for knee osteoarthritis for two years.
  Tell physical dependence apart from opioid use disorder and keep her care safe.
level: introductory       # introductory | intermediate | advanced
minutes: 10
objectives:
  - Tell physical dependence apart from opioid use disorder.
  - Keep a stable regimen safe, with naloxone and safe storage.

patient:
  name: Maria Lopez
  age: 68
  sex: female             # female | male | other
  pronouns: she/her
  occupation: Retired bookkeeper
  chief_complaint: Review of long-term oxycodone for knee pain.
  opening_line: >-
    I'm here for my usual review. The tablets help my knees, but my daughter worries about them.

chart:
  problems:
    - Osteoarthritis of both knees
    - Hypertension
  regimen:                # opioids only; every other medicine goes under co_medications
    - drug: oxycodone
      formulation: immediate-release tablet
      strength: 5
      doses_per_day: 2
      since: "2024-09"
  co_medications:         # non-opioids and alcohol, each with its class
    - {{drug: amlodipine, class: cardiovascular, dose: 5 mg once daily}}
    - {{drug: paracetamol, class: analgesic, dose: 1 g up to three times a day}}
    - {{drug: alcohol, class: alcohol, dose: a glass of wine at the weekend}}
  months_on_opioids: 24
  last_opioid_dose_hours: 7  # at the visit (the 8 am dose, an afternoon visit): times a start
  vitals: {{blood_pressure: 134/82, heart_rate: 72, resp_rate: 14, spo2: 97, pain_score: 4}}

interview:
  # what an opener ("what brings you in today?") is answered with: an intent or topic.<id>, and
  # the reason in a few of her own words when that answer is written for a narrower question
  visit_reason: pain.trend_on_opioids
  visit_reason_says: "My usual review for the knee tablets. They help, but my daughter worries about them."
  rapport_start: 55
  facts:                  # what the patient can disclose; answers list them under `reveals`
    same_dose:
      summary: The same dose has worked for two years.
      criteria: [tolerance]       # DSM-5 criteria this fact is evidence for
    missed_dose:
      summary: Felt achy and shivery for a day after missing doses.
      criteria: [withdrawal]
  answers:                # one list per core intent; the first answer whose conditions hold is used
{answers}

assessment:               # the answer key
  diagnosis: dependence   # none | dependence | oud
  criteria: [tolerance, withdrawal]
  supervised_use: true    # taken only as prescribed: tolerance and withdrawal do not count
  severity: none
  rationale: >-
    She takes a low dose exactly as prescribed. Tolerance and withdrawal are expected with
    regular opioids and do not count toward opioid use disorder under medical supervision.

flow:
  initial: chart
  states:                 # phases: chart, interview, assessment, plan, visit, debrief
    - {{name: chart, phase: chart, title: Chart review}}
    - {{name: interview, phase: interview, title: Interview}}
    - {{name: assessment, phase: assessment, title: Assessment}}
    - {{name: plan, phase: plan, title: Plan}}
    - {{name: debrief, phase: debrief, title: Debrief}}
  transitions:            # `when` guards: the first that holds wins (docs/REFERENCE.md)
    - {{source: chart, dest: interview}}
    - source: interview
      dest: assessment
      when: questions_count >= 3
      blocked: Ask the patient at least three questions before moving on.
    - {{source: assessment, dest: plan}}
    - {{source: plan, dest: debrief}}

rubric:                   # each item cites a guidance id (docs/REFERENCE.md, Guidance ids)
  - id: dependence-not-oud
    guidance: dx.dependence_not_addiction
    domain: assessment
    title: Recognised physical dependence, not opioid use disorder
    points: 10
    expect: dx.diagnosis == 'dependence' and dx.supervised_use
    passed: You saw that tolerance and withdrawal under supervision are not a disorder.
    missed: Tolerance and withdrawal under medical supervision do not count toward the disorder.
  - id: ask-as-prescribed
    guidance: dx.oud_behaviours
    domain: interview
    title: Asked how the medicine is really taken
    points: 5
    expect: "'opioid.as_prescribed' in asked"
    passed: You asked how the tablets are actually taken.
    missed: Ask how the medicine is really taken; behaviour, not dose, points to a disorder.
  - id: naloxone
    guidance: tx.naloxone
    domain: plan
    title: Offered naloxone
    points: 5
    expect: plan.naloxone
    passed: You offered naloxone.
    missed: Offer naloxone to people on opioids; she drinks alcohol, and a child visits her home.
  - id: person-first
    guidance: comm.person_first
    domain: communication
    title: Used person-first language
    points: 5
    expect: stigma_count == 0
    passed: Your language was person-first throughout.
    missed: Words such as 'addict' or 'abuse' harm trust; describe behaviour instead.

debrief:
  key_points:
    - Tolerance and withdrawal under medical supervision are physical dependence.
    - A stable, low dose taken as prescribed can continue, with naloxone and safe storage.
"""

EXPERT = """\
# Expert path of {id}: the written case played to full marks with no critical error.
scenario: {id}
expect:
  score: full
  critical: []
  finished: true
  state: debrief
actions:
  - {{type: advance}}
  - {{type: ask, intent: opioid.regimen}}
  - {{type: ask, intent: opioid.as_prescribed}}
  - {{type: ask, intent: opioid.tolerance}}
  - {{type: ask, intent: opioid.withdrawal}}
  - {{type: advance}}
  - type: assess
    diagnosis: dependence
    criteria: [tolerance, withdrawal]
    supervised_use: true
    severity: none
  - {{type: advance}}
  - type: plan
    opioid: continue
    naloxone: true
    pdmp: true
    followup_days: 90
    counselling: [dependence_vs_addiction, overdose_risk]
  - {{type: advance}}
"""


def add_new_parser(sub: Any) -> None:
    p = sub.add_parser("new", help="write a commented starter case that validates (never overwrites)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--id", metavar="ID", help="the case id (default: from the file name)")


def case_text(path: Path, case_id: str) -> str:
    """The starter case for ``path`` with id ``case_id``."""
    return TEMPLATE.format(id=case_id, file=path.name, stem=path.stem, answers=_answers_block())


def run_new(file: str, case_id: str | None) -> int:
    from simulator.scenario.loader import load_scenario_text

    path = Path(file)
    cid = case_id or path.stem
    if not _ID.match(cid):
        hint = re.sub(r"[^a-z0-9_-]+", "-", cid.lower()).strip("-_") or "new-case"
        if not hint[0].isalpha():
            hint = "case-" + hint
        raise ProblemsError(
            [
                Problem(
                    file,
                    1,
                    1,
                    f"{cid!r} is not a valid case id: use lower-case letters, digits, '-' "
                    f"and '_', starting with a letter; give --id {hint}",
                )
            ]
        )
    if path.suffix not in (".yaml", ".yml"):
        raise ProblemsError([Problem(file, 1, 1, "a scenario file name ends in .yaml, e.g. my-case.yaml")])
    if path.exists():
        raise ProblemsError(
            [Problem(file, 1, 1, "the file already exists; nothing was written (choose a new name)")]
        )
    text = case_text(path, cid)
    scenario = load_scenario_text(text, file)  # the template must always be a valid case
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")
    expert = path.parent / "playthroughs" / f"{path.stem}.expert.yaml"
    if expert.exists():
        print(f"kept {expert}: it already exists")
        return 0
    stub = EXPERT.format(id=cid)
    if _plays_to_full_marks(scenario, stub):
        expert.parent.mkdir(parents=True, exist_ok=True)
        expert.write_text(stub, encoding="utf-8")
        print(f"wrote {expert}")
    else:  # pragma: no cover - the template and its path are tested together
        print("no expert playthrough written: it does not earn full marks in this case", file=sys.stderr)
    return 0


def _plays_to_full_marks(scenario: Any, stub: str) -> bool:
    from simulator.engine.actions import ActionError
    from simulator.engine.session import Session
    from simulator.scenario.yamlio import read_yaml_text
    from simulator.scoring.debrief import build_debrief

    actions = read_yaml_text(stub, "expert").data["actions"]
    try:
        report = build_debrief(Session.replay(scenario, actions))
    except ActionError:
        return False
    return report.finished and report.score == report.max_score and not report.critical
