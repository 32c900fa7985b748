"""Scenario file format v1: the pydantic models that are its single source of truth.

The JSON Schema in ``scenarios/scenario.schema.json`` and the field reference in
``docs/AUTHORING.md`` are generated from these models (``python -m simulator schema``).
Checks that span several parts of a file (references, expressions, reachability) are
in :mod:`simulator.scenario.checks`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from simulator.clinical import catalogue
from simulator.scenario import vocabulary as vocab
from simulator.scenario.course_format import Course, Effect, Narrative
from simulator.scenario.textlimits import AssetId

Criterion = Literal[vocab.ids(vocab.DSM5_CRITERIA)]  # type: ignore[valid-type]
RiskFactor = Literal[vocab.ids(vocab.RISK_FACTORS)]  # type: ignore[valid-type]
Diagnosis = Literal[vocab.ids(vocab.DIAGNOSES)]  # type: ignore[valid-type]
Severity = Literal[vocab.ids(vocab.SEVERITIES)]  # type: ignore[valid-type]
Phase = Literal[vocab.ids(vocab.PHASES)]  # type: ignore[valid-type]
Slug = str

_SLUG = r"^[a-z][a-z0-9_-]*$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Patient(_Model):
    """Who the trainee meets."""

    name: str = Field(min_length=1, description="Full name shown on the patient card.")
    age: int = Field(ge=0, le=120)
    sex: Literal["female", "male", "other"]
    pronouns: str = "they/them"
    occupation: str = ""
    portrait: AssetId | None = Field(
        None, description="Portrait id: a file assets/portraits/<id>.svg; omitted = initials."
    )
    chief_complaint: str = Field(min_length=1)
    opening_line: str = Field(min_length=1, description="What the patient says first.")


class RegimenItem(_Model):
    """One current medicine on the chart."""

    drug: str = Field(min_length=1, description="Generic name, e.g. oxycodone.")
    formulation: str = ""
    strength: float = Field(gt=0)
    unit: Literal["mg", "mcg/hr"] = "mg"
    units_per_dose: float = Field(1, gt=0)
    doses_per_day: float = Field(gt=0)
    prn: bool = False
    since: str = ""
    prescriber: str = ""
    strengths: list[float] = Field(
        [],
        max_length=12,
        description=(
            "Strengths available for a taper of this medicine (mg, or mcg/hr for patches), when "
            "they differ from the marketed ones (e.g. only 10 mg tablets in stock). Empty: the "
            "marketed strengths, halves of scored tablets and liquid methadone or morphine."
        ),
    )


class Prescription(_Model):
    """One fill in the prescription history."""

    date: str
    drug: str
    quantity: int = Field(ge=0)
    days_supply: int = Field(ge=0)
    prescriber: str = ""
    pharmacy: str = ""
    note: str = ""
    flagged: bool = Field(False, description="Highlight this fill (e.g. an early refill).")


class Pdmp(_Model):
    """Prescription drug monitoring programme summary."""

    summary: str
    prescribers: int = Field(1, ge=0)
    pharmacies: int = Field(1, ge=0)
    flags: list[str] = []


class UdsResult(_Model):
    substance: str
    result: Literal["positive", "negative"]
    expected: bool = True
    note: str = ""


class Uds(_Model):
    """Urine drug screen."""

    date: str = ""
    results: list[UdsResult]


class Vitals(_Model):
    blood_pressure: str = ""
    heart_rate: int | None = Field(None, ge=0, le=300)
    resp_rate: int | None = Field(None, ge=0, le=80)
    temperature_c: float | None = Field(None, ge=25, le=45)
    spo2: int | None = Field(None, ge=0, le=100)
    pain_score: int | None = Field(None, ge=0, le=10)


class Measures(_Model):
    """The patient's state at a visit (0-10 scales; COWS 0-48)."""

    pain: float = Field(ge=0, le=10)
    cows: int = Field(0, ge=0, le=48)
    craving: float = Field(0, ge=0, le=10)
    function: float = Field(5, ge=0, le=10, description="0 = cannot function, 10 = fully active.")


# --- co-medications (plan safety, issue 7): non-opioids with their class, so that the safety
# rules can see sedatives and the validator can refuse a non-opioid in the opioid regimen.
DrugClass = Literal[vocab.ids(vocab.DRUG_CLASSES)]  # type: ignore[valid-type]


class CoMedication(_Model):
    """A medicine (or alcohol) the patient takes besides the opioid regimen."""

    model_config = ConfigDict(populate_by_name=True)

    drug: str = Field(min_length=1, description="Generic name, e.g. alprazolam, or alcohol.")
    drug_class: DrugClass = Field(
        alias="class", description="Drug class; sedating classes matter to the safety rules."
    )
    dose: str = Field("", description="As the chart shows it, e.g. '0.5 mg at night'.")


# --- end co-medications

# --- structured conditions (issue 22): what the safety rules read besides the medicines
SleepApnoea = Literal[vocab.ids(vocab.SLEEP_APNOEA)]  # type: ignore[valid-type]
LungDisease = Literal[vocab.ids(vocab.LUNG_DISEASE)]  # type: ignore[valid-type]
OrganFunction = Literal[vocab.ids(vocab.ORGAN_FUNCTION)]  # type: ignore[valid-type]
OrderId = Literal[vocab.ids(vocab.ORDERS)]  # type: ignore[valid-type]


class Ecg(_Model):
    """The latest ECG on the chart."""

    qtc_ms: int = Field(ge=300, le=700, description="Corrected QT interval in milliseconds.")
    date: str = ""
    note: str = Field("", description="Anything else the ECG shows, in plain words.")


class Conditions(_Model):
    """Conditions and findings the safety rules read (QTc, sleep apnoea, lung, kidney and liver
    disease, pregnancy); the patient's age is ``patient.age``. Free text stays in ``problems``."""

    ecg: Ecg | None = Field(None, description="The latest ECG; none = no ECG on the chart.")
    heart_disease: bool = Field(
        False, description="Structural heart disease, arrhythmia or unexplained fainting."
    )
    sleep_apnoea: SleepApnoea = Field(
        "none", description="none, suspected, untreated or treated (CPAP)."
    )
    lung_disease: LungDisease = Field("none", description="none, asthma, copd or other.")
    kidney_function: OrganFunction = Field("normal", description="normal, reduced or failure.")
    liver_function: OrganFunction = Field("normal", description="normal, reduced or failure.")
    pregnant: bool = False


class OrderResult(_Model):
    """What an order's result shows when it arrives at a later visit."""

    text: str = Field(
        min_length=1, description="The result in plain words, e.g. 'Repeat ECG: QTc 482 ms.'"
    )
    days: int | None = Field(
        None, ge=0, le=365, description="Days from the order to the result; omitted = the order's usual time."
    )


class RaisedRule(_Model):
    """A safety rule this case treats more seriously than the default, with the reason."""

    rule: str = Field(pattern=_SLUG, description="The rule's id, e.g. escalation (docs/SAFETY.md).")
    severity: Literal["critical", "error", "caution"]
    reason: str = Field(min_length=1, description="Why, shown with the finding in the debrief.")


class AcceptedPlan(_Model):
    """A plan other than the expert's that this case accepts as equally good, named in its words."""

    id: str = Field(pattern=_SLUG, description="Read as `'<id>' in plan.accepted` in expressions.")
    when: str = Field(description="Expression on the plan that picks out this alternative.")
    label: str = Field(
        min_length=1, description="How the plan is named, e.g. 'Rotation to buprenorphine for pain'."
    )
    reason: str = Field(min_length=1, description="Why it is as good as the expert's plan.")


class RuleSettings(_Model):
    """Per-case settings of the safety rules, each with a stated reason."""

    model_config = ConfigDict(populate_by_name=True)

    raise_: list[RaisedRule] = Field([], alias="raise", description="Rules raised to a higher severity.")
    accept: list[AcceptedPlan] = Field([], description="Alternative plans accepted as expert-equivalent.")


# --- end structured conditions


class Chart(_Model):
    """What the trainee reads before meeting the patient."""

    problems: list[str] = []
    regimen: list[RegimenItem] = []
    other_medications: list[str] = []
    co_medications: list[CoMedication] = Field(
        [], description="Non-opioid medicines and alcohol, each with its class (plan safety)."
    )
    overdose_history: bool = Field(False, description="The patient has had an opioid overdose.")
    conditions: Conditions = Field(
        Conditions(), description="Conditions and findings the safety rules read (ECG, sleep apnoea, ...)."
    )
    allergies: str = "No known drug allergies"
    months_on_opioids: int = Field(0, ge=0, description="Duration of opioid therapy so far.")
    last_opioid_dose_hours: float | None = Field(
        None, ge=0, le=720, description="Hours since the last opioid dose, at the visit (what a start needs)."
    )
    prescriptions: list[Prescription] = []
    pdmp: Pdmp | None = None
    urine_drug_screen: Uds | None = None
    vitals: Vitals = Vitals()
    social_history: str = ""
    notes: str = ""
    baseline: Measures | None = Field(
        None, description="The patient's state today (week 0 of the course chart)."
    )


class Fact(_Model):
    """Something the patient can disclose; rubric checks may ask whether it was revealed."""

    summary: str = Field(min_length=1, description="One line shown in the interview notes.")
    criteria: list[Criterion] = Field(
        [], description="DSM-5 criteria this fact is evidence for (shown to the tracker)."
    )
    confronted: str = Field(
        "",
        description="What the patient says when the trainee names what the chart shows about "
        "this fact (a PDMP entry, a urine result, early fills): never a denial of the chart.",
    )


FACETS = ("why", "when", "how_often", "how_much", "who", "more")


class Facets(_Model):
    """What the patient says to a follow-up on an answer ("why?", "since when?", ...)."""

    model_config = ConfigDict(populate_by_name=True)

    why: str = ""
    # Named ``when`` in the file; ``when_`` here, since a field called ``when`` is an expression
    # everywhere else in a scenario.
    when_: str = Field("", alias="when", description="'Since when?', 'when was that?'")
    how_often: str = ""
    how_much: str = ""
    who: str = ""
    more: str = Field("", description="'Tell me more', 'and then?': the next thing on this topic.")

    def get(self, facet: str) -> str:
        """The words for ``facet`` (one of FACETS), or ""."""
        return str(getattr(self, "when_" if facet == "when" else facet, ""))


class Answer(_Model):
    """One way the patient can answer an intent. The first whose conditions hold is used."""

    text: str = Field(min_length=1)
    min_rapport: int | None = Field(None, ge=0, le=100)
    when: str | None = Field(None, description="Expression that must hold for this answer.")
    reveals: list[Slug] = Field([], description="Fact ids disclosed by this answer.")
    rapport: int = Field(0, ge=-50, le=50, description="Rapport change when given.")
    affect: str = Field("", description="How the patient seems while answering.")
    wordings: list[str] = Field(
        [], description="Other ways of saying the same answer, used in turn when asked again."
    )
    facets: Facets = Facets()


class Topic(_Model):
    """A case-specific interview topic, matched from its example phrasings (no retraining)."""

    id: str = Field(pattern=_SLUG, description="Asked as `topic.<id>` in rubric expressions.")
    question: str = Field(min_length=1, description="The question-bank wording for this topic.")
    label: str = Field(
        "", description="How the patient names it when asking back, e.g. 'the pharmacy running out'."
    )
    phrasings: list[str] = Field(
        min_length=3, description="Example questions a trainee might type (3 or more, varied)."
    )
    answers: list[Answer] = Field(min_length=1, description="As for an intent: first that holds.")


class StigmaReactions(_Model):
    """How the patient answers the tone of stigmatising words (empty = a sensible default).
    Each is one line or a list of lines, said in turn, so a second accusation is not met with
    the same words."""

    label: str | list[str] = Field("", description="Being called a name: addict, junkie, abuser, user.")
    accusation: str | list[str] = Field(
        "", description="Being accused: drug-seeking, doctor shopping, lying."
    )
    test: str | list[str] = Field("", description="'Clean' or 'dirty' for a person or a test result.")

    def lines(self, category: str) -> list[str]:
        """The case's lines for ``category`` (label, accusation, test), in the order said."""
        own = getattr(self, category, "")
        if isinstance(own, str):
            return [own] if own else []
        return [line for line in own if line]


class NewsReactions(_Model):
    """How the patient takes news told to him, by kind (empty = the persona's default). Each is a
    list of lines, said in turn; the next one also answers "how do you feel about that?" after it."""

    diagnosis: list[str] = Field([], description="A diagnosis or a risk named (opioid use disorder, "
                                 "the opioid making the pain worse, a high risk of overdose).")
    refusal: list[str] = Field(
        [], description="A limit on his opioids (no more, no increase, no month's supply)."
    )
    taper: list[str] = Field([], description="The dose to come down slowly.")
    good: list[str] = Field(
        [], description="Good news or reassurance (keep the medicine, this is not addiction)."
    )
    action: list[str] = Field(
        [], description="Something the clinician will do for him (write, ring, arrange)."
    )
    safety: list[str] = Field([], description="Safety advice (don't mix with alcohol, never use alone).")
    plan: list[str] = Field([], description="The plan told.")


class Reactions(_Model):
    """The patient's own words for turns that are not questions (empty = the persona's default).
    Each is a list of lines, said in turn."""

    empathy: list[str] = []
    validation: list[str] = []
    greeting: list[str] = []
    thanks: list[str] = []
    closing: list[str] = []
    statement: list[str] = Field([], description="Anything else said to the patient.")
    naloxone_offer: list[str] = Field(
        [],
        description="Naloxone offered to take home ('would that be okay?'): taking it, in the patient's "
        "words.",
    )
    means_offer: list[str] = Field(
        [],
        description="Asked to let spare tablets go (to the pharmacy, or a relative to keep): agreeing, "
        "in the patient's words.",
    )
    firearms: list[str] = Field(
        [],
        description="Asked whether there are guns at home: his answer (empty = a persona's no; write it "
        "only when the case has a gun or a reason to say more).",
    )
    news: NewsReactions = Field(NewsReactions(), description="His reactions to news told to him, by kind.")


class ScreenItem(_Model):
    """How the patient answers one questionnaire item read aloud to him (PHQ-9, GAD-7)."""

    often: int = Field(
        ge=0, le=3, description="Over the last two weeks: 0 not at all, 1 several days, 2 more than "
        "half the days, 3 nearly every day (the item's score).",
    )
    says: str = Field(
        "", description="His answer in his own words (should agree with `often`); empty: the frequency "
        "said plainly in the persona's voice.",
    )


class Phq9(_Model):
    """The PHQ-9 items, each as the patient would answer it (absent: not written for this case)."""

    interest: ScreenItem | None = Field(None, description="Little interest or pleasure in doing things.")
    down: ScreenItem | None = Field(None, description="Feeling down, depressed, or hopeless.")
    sleep: ScreenItem | None = Field(
        None, description="Trouble falling or staying asleep, or sleeping too much (asked as life.sleep "
        "when the case answers that).",
    )
    tired: ScreenItem | None = Field(None, description="Feeling tired or having little energy.")
    appetite: ScreenItem | None = Field(None, description="Poor appetite or overeating.")
    failure: ScreenItem | None = Field(
        None, description="Feeling bad about yourself, or that you are a failure or have let yourself or "
        "your family down.",
    )
    concentration: ScreenItem | None = Field(
        None, description="Trouble concentrating on things, such as reading or watching television."
    )
    moving: ScreenItem | None = Field(
        None, description="Moving or speaking so slowly that others could notice, or so fidgety or "
        "restless that you move around more than usual.",
    )
    self_harm: ScreenItem | None = Field(
        None, description="Thoughts that you would be better off dead or of hurting yourself (asked, it "
        "is the suicide screen, safety.suicidal_thoughts; its score must agree with that answer).",
    )


class Gad7(_Model):
    """The GAD-7 items, each as the patient would answer it (absent: not written for this case)."""

    nervous: ScreenItem | None = Field(None, description="Feeling nervous, anxious, or on edge.")
    control_worry: ScreenItem | None = Field(None, description="Not being able to stop or control worrying.")
    worry_too_much: ScreenItem | None = Field(
        None, description="Worrying too much about different things."
    )
    relaxing: ScreenItem | None = Field(None, description="Trouble relaxing.")
    restless: ScreenItem | None = Field(None, description="Being so restless that it is hard to sit still.")
    irritable: ScreenItem | None = Field(None, description="Becoming easily annoyed or irritable.")
    afraid: ScreenItem | None = Field(None, description="Feeling afraid, as if something awful might happen.")


class Questionnaires(_Model):
    """How the patient answers the depression and anxiety questionnaires read item by item (asked,
    an item is history.mental_health: this is his answer to that item, not his mood history again)."""

    phq9: Phq9 = Phq9()
    gad7: Gad7 = Gad7()

    def item(self, name: str) -> ScreenItem | None:
        """The item ``name`` ("phq9.tired", "gad7.afraid"), or None when the case has not written it."""
        group, _, item = name.partition(".")
        return getattr(getattr(self, group, None), item, None)


class Interview(_Model):
    rapport_start: int = Field(50, ge=0, le=100)
    facts: dict[str, Fact] = {}
    answers: dict[str, list[Answer]] = Field(
        description="Answers keyed by interview intent id (see the intent list)."
    )
    topics: list[Topic] = Field([], description="Case-specific topics beyond the core intents.")
    visit_reason: str | None = Field(
        None,
        description=(
            "The reason for the visit: the interview intent id (e.g. goals.readiness) or case topic "
            "(topic.<id>, e.g. topic.dose_increase) whose answer the patient gives to an opener such "
            "as 'what brings you in today?' or 'what can I do for you?'. It must name an intent the "
            "case answers or one of its topics. Omitted: an opener is answered as goals.concerns."
        ),
    )
    visit_reason_says: str | None = Field(
        None,
        min_length=1,
        description=(
            "What the patient says to an opener ('what brings you in today?'): the reason for the "
            "visit in a few words of his or her own, when the visit_reason answer is written for a "
            "narrower question ('In July. My partner found me...'). The detail is left for the "
            "questions on it. Needs visit_reason. Omitted: the visit_reason answer is said."
        ),
    )
    not_understood: str = "Sorry, I'm not sure what you mean. Could you put it another way?"
    ask_back: str = Field(
        "Sorry, do you mean {options}?",
        description="Asking what an unclear question meant; {options} lists two or three topics.",
    )
    nothing_more: str = Field(
        "That's about it, I think.", description="Reply to 'anything else?' with nothing left."
    )
    questions: list[str] = Field(
        [], description="The patient's own questions, asked in turn when he is offered the floor "
        "('any questions?') and has nothing more to tell; then nothing_more."
    )
    stigma_reactions: StigmaReactions = StigmaReactions()
    reactions: Reactions = Reactions()
    questionnaires: Questionnaires = Field(
        Questionnaires(), description="PHQ-9 and GAD-7 items read aloud: how often, in his words."
    )
    deflection: str = "I'd rather not get into that right now."
    repeat_prefix: str = "Like I said, "


class AssessmentTruth(_Model):
    """The answer key: what an expert concludes."""

    diagnosis: Diagnosis
    criteria: list[Criterion] = []
    supervised_use: bool = Field(
        description="True if opioids are taken solely as prescribed under supervision."
    )
    severity: Severity
    oih: bool = False
    risk_factors: list[RiskFactor] = []
    rationale: str = ""


class Choice(_Model):
    id: str = Field(pattern=_SLUG)
    text: str = Field(min_length=1)
    when: str | None = Field(
        None,
        description="Offered only when this holds on the visit's day (e.g. 'course.mme > 0'); a choice whose "
        "words contradict the course state is never offered, whatever this says.",
    )
    feedback: str = ""
    effects: list[Effect] = Field([], description="What this choice does to the course model.")
    orders: list[OrderId] = Field([], description="Orders placed with this choice (tests, referrals).")


class Decision(_Model):
    prompt: str = Field(min_length=1)
    choices: list[Choice] = Field(min_length=2)
    effects: list[Effect] = Field(
        [], description="Effects on the course model of the visit itself, whatever is chosen."
    )


class State(_Model):
    """A step of the session: a phase of the encounter or a follow-up visit."""

    name: str = Field(pattern=_SLUG)
    phase: Phase
    title: str = ""
    week: int | None = Field(None, ge=0, le=104, description="Course week (visits).")
    narrative: str = ""
    patient_says: str = ""
    measures: Measures | None = None
    decision: Decision | None = None
    contact: Literal["next", "end"] = Field(
        "next",
        description="With a course block: 'next' = the next contact the model brings (an event or "
        "the next follow-up); 'end' = the review at the end of the course.",
    )
    narratives: list[Narrative] = Field(
        [], description="Parts of the visit's text, each shown when its condition holds, in order."
    )
    handles: list[Literal["precipitated", "overdose", "return_to_use", "withdrawal"]] = Field(
        [],
        description="With a course block: the urgent contacts this visit is written for (its text and "
        "choices fit them), so the engine adds no urgent visit of its own before it for those. Without "
        "it, a precipitated start, an overdose, a return to use or severe withdrawal that brings the "
        "patient here brings the engine's urgent visit first, unless the transition's own guard reads "
        "the event.",
    )
    day: int | None = Field(
        None, ge=1, le=728,
        description="With a course block: a 'next' visit that comes on this day after the plan (e.g. the "
        "emergency department a few days after a new medicine), unless an event or a follow-up comes first.",
    )
    answers: dict[str, list[Answer]] = Field(
        {},
        description="At a visit: the patient's answers to questions asked there, by interview intent "
        "(the first whose 'when' holds and whose words fit the day's course state). An intent not "
        "listed is answered from the course state of the day (withdrawal, pain, craving, use, mood).",
    )


class Transition(_Model):
    trigger: str = Field("advance", pattern=_SLUG)
    source: str | list[str]
    dest: str
    when: str | None = Field(None, description="Guard expression; first passing one wins.")
    blocked: str = Field(
        "", description="Shown when this is the only way on and its guard does not hold."
    )


class Flow(_Model):
    initial: str
    states: list[State] = Field(min_length=2)
    transitions: list[Transition] = Field(min_length=1)


Domain = Literal["interview", "assessment", "plan", "course", "communication"]


class RubricPart(_Model):
    """One part of a multi-part item: credit is shared among the parts that hold."""

    expect: str = Field(description="Expression that holds when this part is done.")
    text: str = Field(min_length=1, description="The part in words, e.g. 'asked about other sources'.")


class RubricItem(_Model):
    id: str = Field(pattern=_SLUG)
    guidance: str = Field(
        description="Guidance id from the catalogue (docs/REFERENCE.md), e.g. tx.no_abrupt_stop, or one of "
        "the case's own `guidance:` entries."
    )
    domain: Domain
    title: str = Field(min_length=1, description="What the trainee was expected to do.")
    points: int = Field(ge=0, le=100)
    expect: str = Field("", description="Expression that holds when the item is earned (or use parts).")
    parts: list[RubricPart] = Field(
        [], description="Parts earning a share of the points each; missing ones are named."
    )
    applies: str | None = Field(
        None,
        description="Expression: the item counts only when it holds (e.g. only if the harm was "
        "possible); otherwise it is left out of the score and the maximum.",
    )
    critical: bool = Field(False, description="Failing it is a critical error.")
    error: str = Field(
        "", description="For a critical item: what went wrong when it is missed, in plain words."
    )
    passed: str = Field("", description="Feedback when earned.")
    missed: str = Field("", description="Feedback when missed: what the guidance expected.")


class GuidanceSource(_Model):
    """Where a case's own teaching point comes from."""

    document: str = Field(min_length=1, description="The document, e.g. a guideline's full title and year.")
    section: str = Field(min_length=1, description="The section, recommendation or page within it.")


class CaseGuidance(_Model):
    """A teaching point the catalogue lacks, declared by the case; rubric items may cite its id."""

    id: str = Field(
        pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$",
        description="A new id with a prefix, e.g. case.sedative_review; not a catalogue id.",
    )
    title: str = Field(min_length=1, description="The point in a few words, shown in the debrief.")
    summary: str = Field(min_length=1, description="What the guidance says, in your own words.")
    source: GuidanceSource = Field(description="Required: the document and section it comes from.")


class CheckOption(_Model):
    """One answer of a check item: a choice (single best answer) or a statement (true or false)."""

    text: str = Field(min_length=1, description="The option as the trainee reads it.")
    correct: bool = Field(
        False, description="Single best answer: this is the answer. True/false: the statement is true."
    )
    why: str = Field(min_length=1, description="One line: why it is right or wrong, in plain words.")


class CheckItem(_Model):
    """A short question asked before the chart and again after the debrief (learning gain)."""

    id: str = Field(pattern=_SLUG)
    kind: Literal["single", "true_false"] = Field(
        "single",
        description="`single`: one best answer among the options; `true_false`: each option is a "
        "statement the trainee marks true or false.",
    )
    stem: str = Field(min_length=1, description="The question (or, for true/false, the lead-in).")
    guidance: list[str] = Field(
        min_length=1, max_length=3,
        description="The guidance ids the item tests (catalogue or the case's own).",
    )
    options: list[CheckOption] = Field(min_length=2, max_length=6)


class DebriefInfo(_Model):
    expert_path: list[str] = Field([], description="Steps an expert would take, in order.")
    key_points: list[str] = []


class VariantOption(_Model):
    """One option of a variant axis (docs/AUTHORING.md, "Variants")."""

    id: str = Field(pattern=_SLUG)
    label: str = Field("", description="How the debrief and records name it, e.g. 'Ruth Alvarez, 63'.")
    overlay: dict[str, Any] = Field(
        {}, description="Parts of the case this option replaces: maps are merged, lists and text replaced."
    )
    values: dict[str, str | int | float] = Field(
        {}, description="Words filled into {name} placeholders in the case's text."
    )


class VariantAxis(_Model):
    """One way the case varies between retries; a seed picks one option."""

    id: str = Field(pattern=_SLUG)
    label: str = Field("", description="What varies, in plain words, e.g. 'Patient'.")
    options: list[VariantOption] = Field(min_length=2)


#: Each list of flow states' positions by name (by the list's id, checked on every hit), for
#: :meth:`Scenario.state`, asked on every step and guard (not a private attribute: pydantic
#: compares those, and two loads of one file are equal).
_STATE_AT: dict[int, tuple[int, dict[str, int]]] = {}


class Scenario(_Model):
    """A whole scenario file."""

    format: Literal[1] = Field(
        description="File format version; this is version 1 (`migrate` rewrites older files)."
    )
    id: str = Field(pattern=_SLUG)
    title: str = Field(min_length=1)
    summary: str = ""
    level: Literal["introductory", "intermediate", "advanced"] = "intermediate"
    minutes: int = Field(20, ge=1, le=240)
    objectives: list[str] = []
    patient: Patient
    chart: Chart
    interview: Interview
    assessment: AssessmentTruth
    flow: Flow
    rubric: list[RubricItem] = Field(min_length=1)
    debrief: DebriefInfo = DebriefInfo()
    course: Course | None = Field(
        None, description="The patient-course model that drives the follow-up visits (docs/COURSE.md)."
    )
    guidance: list[CaseGuidance] = Field(
        [], description="The case's own teaching points, for what the guidance catalogue lacks."
    )
    orders: dict[OrderId, OrderResult] = Field(
        {}, description="The result each order brings to a later visit (an order not listed has none)."
    )
    rules: RuleSettings = Field(
        RuleSettings(), description="Per-case safety rule settings: raised severities, accepted plans."
    )
    variants: list[VariantAxis] = Field(
        [], description="Variations for retries, one option per axis chosen by the session's seed."
    )
    check: list[CheckItem] = Field(
        [],
        max_length=10,
        description="Short check items asked before the chart and again after the debrief "
        "(docs/AUTHORING.md, \"Before and after\"); 5-10 for a case that uses them.",
    )
    # Which variant this is (simulator.scenario.variants.Variant), set by the loader; not a field.
    _variant: Any = PrivateAttr(None)

    def case_guidance(self) -> dict[str, Any]:
        """The case's own guidance entries by id, shaped like catalogue entries."""
        return {
            g.id: catalogue.case_entry(g.id, g.title, g.summary, g.source.document, g.source.section)
            for g in self.guidance
        }

    def guidance_entry(self, guidance_id: str) -> Any:
        """The guidance a rubric item cites: the case's own entry, or the catalogue's."""
        return catalogue.lookup(guidance_id, self.case_guidance())

    def state(self, name: str) -> State:
        """The flow state called ``name``."""
        states = self.flow.states
        where = _STATE_AT.get(id(states))
        if where is None or where[0] != len(states):
            if len(_STATE_AT) > 256:
                _STATE_AT.clear()
            first = {s.name: i for i, s in reversed(list(enumerate(states)))}  # (the first of a name)
            where = _STATE_AT[id(states)] = (len(states), first)
        i = where[1].get(name)
        if i is not None and states[i].name == name:  # (checked: a list or state changed since is searched)
            return states[i]
        for s in states:
            if s.name == name:
                return s
        raise KeyError(name)

    @property
    def max_score(self) -> int:
        """All rubric points; a session's own maximum leaves out items whose ``applies`` fails
        (:func:`simulator.scoring.rubric.max_score`)."""
        return sum(item.points for item in self.rubric)
