"""Urgent visits: the unscheduled contact a dangerous course brings, in every case with a course.

When the course reaches precipitated or severe withdrawal (COWS 13 or more), an overdose or a
return to use (``course.urgent``), the next contact is an urgent one: a call the next morning or
the emergency department, on the day the model puts it. A case may write its own visit for it
(a transition whose guard reads ``course.event`` or another urgent state, or a visit whose
``handles`` names the contact: its text and choices are written for it); where it does not, the
loader adds one after each step that can lead to it (``urgent-<step>``), with choices that fit
the event and the plan (more buprenorphine after precipitated withdrawal, supportive care after
naltrexone, naloxone and medication after an overdose...), each scored against cited guidance
and each changing the course. After the urgent visit the case's own flow goes on as it would
have from that step.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.scenario.models import Choice, Decision, RubricItem, Scenario, State, Transition

#: Words in a guard that show the case handles urgent contacts itself.
HANDLED_BY = ("course.event", "course.urgent", "course.precipitated", "course.overdosed", "course.using",
              "course.returned_to_use")
PREFIX = "urgent-"


@dataclass(frozen=True)
class UrgentChoice:
    id: str
    text: str
    effects: tuple[str, ...]
    feedback: str
    good: bool
    when: str = ""  # offered only when this holds too (what the patient takes on the day)


#: Buprenorphine can be started: the patient takes neither it nor methadone, and no naltrexone
#: blocks it. On buprenorphine the dose is raised instead; on methadone the programme adjusts it.
CAN_START_BUP = ("course.medication != 'buprenorphine' and course.medication != 'methadone' "
                 "and course.medication != 'naltrexone_xr'")
ON_BUP = "course.medication == 'buprenorphine'"
ON_METHADONE = "course.medication == 'methadone'"
#: A prescribed opioid to go back to (the chart held one at the plan).
HAD_PRESCRIPTION = "course.start_mme > 0"
#: Still the practice's patient: discharge is offered only to someone not discharged already.
NOT_DISCHARGED = "not course.discharged"


@dataclass(frozen=True)
class UrgentKind:
    """One kind of urgent contact: when it applies, its title, its choices and the guidance;
    ``contact``: the name a visit's ``handles`` gives it."""

    key: str
    contact: str
    when: str
    title: str
    guidance: str
    item_title: str
    missed: str
    choices: tuple[UrgentChoice, ...]
    routed_by: tuple[str, ...] = ()  # words a case's guard must name to route this kind itself


KINDS: tuple[UrgentKind, ...] = (
    UrgentKind(
        "precipitated-buprenorphine",
        "precipitated",
        "course.event == 'precipitated' and plan.moud == 'buprenorphine'",
        "Urgent call: withdrawal after the first buprenorphine dose",
        "tx.bup_induction",
        "Treated precipitated withdrawal with more buprenorphine and symptom relief",
        "Precipitated withdrawal after buprenorphine is treated with more buprenorphine (2-4 mg "
        "every 1-2 hours until it settles) and symptom relief, not by stopping it.",
        (
            UrgentChoice(
                "more-buprenorphine",
                "Give more buprenorphine now, 2-4 mg every 1-2 hours until the withdrawal settles, with "
                "clonidine, an antiemetic and loperamide for the symptoms; call again tomorrow morning.",
                ("adjust_buprenorphine", "support", "close_follow_up"),
                "More buprenorphine fills the receptors and ends precipitated withdrawal; symptom relief "
                "bridges the hours until it does.",
                True,
            ),
            UrgentChoice(
                "stop-buprenorphine",
                "Stop the buprenorphine and go back to the previous opioid.",
                ("stop_moud", "restore_dose"),
                "Buprenorphine holds the receptors for days: the old opioid barely works, and stopping "
                "throws away the start.",
                False,
            ),
            UrgentChoice(
                "wait-it-out",
                "Explain that it will pass in a day or two and review at the next planned visit.",
                ("keep_plan",),
                "Leaves the patient in severe withdrawal for a day or more: the point at which many "
                "leave treatment or use.",
                False,
            ),
        ),
    ),
    UrgentKind(
        "precipitated-naltrexone",
        "precipitated",
        "course.event == 'precipitated' and plan.moud == 'naltrexone_xr'",
        "Emergency department: withdrawal after the naltrexone injection",
        "tx.xr_naltrexone",
        "Gave supportive care and a higher level of care after naltrexone precipitated withdrawal",
        "Withdrawal precipitated by extended-release naltrexone cannot be reversed with opioids; it "
        "needs supportive care in the emergency department and a higher level of care.",
        (
            UrgentChoice(
                "supportive-care",
                "Arrange emergency department care now: fluids, clonidine, an antiemetic and loperamide, "
                "with admission or a higher level of care while the injection lasts.",
                ("support", "close_follow_up"),
                "Naltrexone blocks the receptors for weeks; supportive care and close monitoring are "
                "what helps.",
                True,
            ),
            UrgentChoice(
                "override-blockade",
                "Prescribe a strong opioid to overcome the blockade.",
                ("add_full_agonist",),
                "Overriding the blockade takes doses that can stop breathing as the blockade wears off.",
                False,
            ),
            UrgentChoice(
                "wait-it-out",
                "Explain that it will pass and review at the next planned visit.",
                ("keep_plan",),
                "Severe precipitated withdrawal needs care now, not at the next visit.",
                False,
            ),
        ),
        ("naltrexone",),
    ),
    UrgentKind(
        "overdose",
        "overdose",
        "course.event == 'overdose' or (course.event == 'return_to_use' and course.overdosed)",
        "Emergency department: overdose",
        "tx.naloxone",
        "After the overdose: naloxone, medication for OUD and a safety plan",
        "After an overdose, give naloxone to keep at home, offer buprenorphine or methadone at once "
        "and make a safety plan; do not discharge or simply restart the old prescription.",
        (
            UrgentChoice(
                "naloxone-moud-safety",
                "Give naloxone to keep at home, start buprenorphine today, and make a safety plan with "
                "the patient and family; see them again within days.",
                ("give_naloxone", "start_buprenorphine", "support", "close_follow_up"),
                "Naloxone, medication for OUD and close follow-up are what lower the risk of dying after "
                "an overdose.",
                True,
                CAN_START_BUP,
            ),
            UrgentChoice(
                "naloxone-raise-buprenorphine",
                "Give naloxone to keep at home, raise the buprenorphine and split it through the day, and "
                "make a safety plan with the patient and family; see them again within days.",
                ("give_naloxone", "adjust_buprenorphine", "support", "close_follow_up"),
                "Keeping the buprenorphine going at a dose that holds, with naloxone and close follow-up, "
                "lowers the risk of dying after an overdose.",
                True,
                ON_BUP,
            ),
            UrgentChoice(
                "naloxone-methadone-review",
                "Give naloxone to keep at home, ask the programme to hold the next methadone dose and "
                "review it, stop any other sedatives, and make a safety plan; see them again within days.",
                ("give_naloxone", "support", "close_follow_up"),
                "Methadone builds up over its first days; a dose review, no other sedatives, naloxone and "
                "close follow-up keep the patient on treatment and alive.",
                True,
                ON_METHADONE,
            ),
            UrgentChoice(
                "restart-old-dose",
                "Restart the previous prescription at its old full dose.",
                ("restore_dose",),
                "The old full dose after lost tolerance, with no treatment for the use disorder, keeps "
                "the overdose risk high.",
                False,
                f"{HAD_PRESCRIPTION} and course.mme == 0 and course.medication != 'naltrexone_xr'",
            ),
            UrgentChoice(
                "discharge",
                "Discharge the patient from the practice.",
                ("discharge",),
                "Discharge after an overdose cuts the patient off from care when the risk of dying is "
                "highest.",
                False,
                NOT_DISCHARGED,
            ),
        ),
    ),
    UrgentKind(
        "return-to-use",
        "return_to_use",
        "course.event == 'return_to_use' and not course.overdosed",
        "Urgent call: using again",
        "tx.mat_for_oud",
        "After a return to use: medication for OUD and naloxone, without blame",
        "A return to use calls for medication for OUD and naloxone, offered without blame; "
        "discharge or a stop raises the overdose risk.",
        (
            UrgentChoice(
                "offer-moud",
                "Without blame, offer buprenorphine now and naloxone to keep at home; review within days.",
                ("start_buprenorphine", "give_naloxone", "support", "close_follow_up"),
                "Medication for OUD and naloxone, offered without judgement, keep people alive and in care.",
                True,
                CAN_START_BUP,
            ),
            UrgentChoice(
                "raise-buprenorphine",
                "Without blame, raise the buprenorphine dose, give naloxone to keep at home, and review "
                "within days.",
                ("adjust_buprenorphine", "give_naloxone", "support", "close_follow_up"),
                "A return to use on buprenorphine calls for a dose that holds and closer care, not a stop.",
                True,
                ON_BUP,
            ),
            UrgentChoice(
                "methadone-review",
                "Without blame, ask the programme to review the methadone dose, give naloxone to keep at "
                "home, and review within days.",
                ("give_naloxone", "support", "close_follow_up"),
                "A return to use on methadone calls for a dose review and closer care, not a stop.",
                True,
                ON_METHADONE,
            ),
            UrgentChoice(
                "stop-prescribing",
                "Stop prescribing opioids because the agreement was broken.",
                ("stop_opioid",),
                "Stopping the supply pushes the patient to street opioids with less tolerance.",
                False,
                "course.mme > 0",  # an opioid is prescribed to stop
            ),
            UrgentChoice(
                "discharge",
                "Discharge the patient from the practice.",
                ("discharge",),
                "Discharge after a return to use cuts the patient off from care.",
                False,
                NOT_DISCHARGED,
            ),
        ),
    ),
    UrgentKind(
        "severe-withdrawal",
        "withdrawal",
        "course.event == 'withdrawal'",
        "Urgent call: severe withdrawal",
        "tx.no_abrupt_stop",
        "Treated severe withdrawal instead of telling the patient to push through",
        "Severe withdrawal after a stop or a fast cut is treated: restart at a lower dose and taper "
        "slowly, or start buprenorphine now that withdrawal is objective; not 'push through'.",
        (
            UrgentChoice(
                "restart-and-taper",
                "Restart the opioid close to the last dose that was tolerated, then taper slowly with "
                "pauses allowed; warn that tolerance has already fallen.",
                ("step_back", "slow_taper", "support", "close_follow_up"),
                "Going back to a tolerated dose and slowing down is what the guidance advises.",
                True,
                f"{HAD_PRESCRIPTION} and course.medication != 'naltrexone_xr'",
            ),
            UrgentChoice(
                "supportive-care",
                "Treat the symptoms now (clonidine, an antiemetic, loperamide, fluids) and see the patient "
                "every day until they settle; no opioid can work through the naltrexone.",
                ("support", "close_follow_up"),
                "Under a naltrexone blockade withdrawal is treated with symptom relief and close care.",
                True,
                "course.medication == 'naltrexone_xr'",
            ),
            UrgentChoice(
                "start-buprenorphine",
                "Start buprenorphine now that the withdrawal is objective (COWS 13 or more), and review "
                "tomorrow.",
                ("start_buprenorphine", "support", "close_follow_up"),
                "Buprenorphine started in objective withdrawal relieves it without precipitating more.",
                True,
                CAN_START_BUP,
            ),
            UrgentChoice(
                "restore-buprenorphine",
                "Take the buprenorphine again at the dose that held, split through the day, and review "
                "tomorrow.",
                ("adjust_buprenorphine", "support", "close_follow_up"),
                "Withdrawal on a falling or stopped buprenorphine dose is relieved by the dose that held.",
                True,
                ON_BUP,
            ),
            UrgentChoice(
                "push-through",
                "Explain that the worst will pass in a few days and that the patient should push through.",
                ("keep_plan",),
                "Leaves the patient in severe withdrawal and pain, with falling tolerance: the situation "
                "in which overdoses happen.",
                False,
            ),
        ),
    ),
)


def _routes_urgent(transition: Transition, kind: UrgentKind) -> bool:
    """The case routes this kind of urgent contact itself here: the transition's guard reads the
    event (and, for a kind that needs its own care, names it: a withdrawal visit written for a stop
    does not route the reaction to naltrexone, which no opioid can treat)."""
    when = transition.when or ""
    if not any(word in when for word in HANDLED_BY):
        return False
    return not kind.routed_by or any(word in when for word in kind.routed_by)


def _written_for(scenario: Scenario, transition: Transition) -> frozenset[str]:
    """The urgent contacts the transition's destination is written for (its ``handles``). Words in
    its narratives are not enough: a routine visit may say a line about use and still offer choices
    about logistics."""
    dest = next((s for s in scenario.flow.states if s.name == transition.dest), None)
    return frozenset(dest.handles) if dest is not None else frozenset()


def _taken(own: list[Transition], index: int) -> str:
    """When ``own[index]`` is the transition taken: its guard holds and no earlier one's does."""
    parts = [f"not ({t.when})" for t in own[:index] if t.when]
    parts.append(f"({own[index].when})" if own[index].when else "true")
    return " and ".join(parts)


def _sources(transition: Transition) -> list[str]:
    return [transition.source] if isinstance(transition.source, str) else list(transition.source)


def _applies_to(scenario: Scenario, t: Transition, name: str) -> bool:
    sources = _sources(t)
    return name in sources or "*" in sources


def add_urgent_visits(scenario: Scenario) -> Scenario:
    """The scenario with an urgent visit after each step that can lead to one (a case with a course
    block only); a case whose own flow reads ``course.event`` keeps its own visit for that contact."""
    if scenario.course is None:
        return scenario
    flow = scenario.flow
    states, before, after, rubric = list(flow.states), [], [], list(scenario.rubric)
    for state in flow.states:
        if state.phase not in ("plan", "visit") or (state.phase == "visit" and state.contact == "end"):
            continue
        own = [t for t in flow.transitions if _applies_to(scenario, t, state.name)]
        if not own or any(s.name == PREFIX + state.name for s in states):
            continue
        name = PREFIX + state.name
        per_kind = []
        for kind in KINDS:
            routed = [f"not ({t.when or 'true'})" for t in own if _routes_urgent(t, kind)]
            written = [f"not ({_taken(own, i)})" for i, t in enumerate(own)
                       if kind.contact in _written_for(scenario, t)]
            per_kind.append(" and ".join([f"({kind.when})", *routed, *written]))
        kinds_when = " or ".join(f"({k})" for k in per_kind)
        guard = " and ".join(["course.urgent", f"({kinds_when})"])
        choices = []
        for kind in KINDS:
            for c in kind.choices:
                when = f"({kind.when}) and ({c.when})" if c.when else kind.when
                choices.append(Choice(id=f"{kind.key}.{c.id}".replace(".", "--"), text=c.text,
                                      feedback=c.feedback, effects=list(c.effects), when=when))
        states.append(State(
            name=name,
            phase="visit",
            title="Urgent visit",
            decision=Decision(prompt="What do you do now?", choices=choices),
        ))
        before.append(Transition(source=state.name, dest=name, when=guard))
        for t in own:
            if t.dest != name:
                after.append(t.model_copy(update={"source": name}))
        for kind in KINDS:
            ids = [f"'{name}.{kind.key}--{c.id}' in decisions" for c in kind.choices]
            good = [f"'{name}.{kind.key}--{c.id}' in decisions" for c in kind.choices if c.good]
            rubric.append(RubricItem(
                id=f"{name}-{kind.key}",
                guidance=kind.guidance,
                domain="course",
                title=kind.item_title,
                points=5,
                expect=" or ".join(good),
                applies=" or ".join(ids),
                missed=kind.missed,
                passed="",
            ))
    if not before:
        return scenario
    # the urgent transitions come first: "first passing guard wins"
    new_flow = flow.model_copy(update={"states": states, "transitions": [*before, *flow.transitions, *after]})
    return scenario.model_copy(update={"flow": new_flow, "rubric": rubric})


def urgent_state(name: str) -> bool:
    """True for a visit this module added."""
    return name.startswith(PREFIX)


def authored(scenario: Scenario) -> Scenario:
    """The scenario as its file writes it, without the urgent visits added here (for file lint)."""
    flow = scenario.flow
    states = [s for s in flow.states if not urgent_state(s.name)]
    transitions = [
        t for t in flow.transitions
        if not urgent_state(t.dest) and not any(urgent_state(s) for s in _sources(t))
    ]
    if len(states) == len(flow.states):
        return scenario
    new_flow = flow.model_copy(update={"states": states, "transitions": transitions})
    rubric = [item for item in scenario.rubric if not urgent_state(item.id)]
    return scenario.model_copy(update={"flow": new_flow, "rubric": rubric})
