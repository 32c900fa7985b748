"""Trainee actions: the only input a session has. A session is a list of these.

Actions are plain mappings (``{"type": "ask", "intent": "pain.location"}``) so that
they can be stored as JSON, written by hand in playthrough files and replayed. They
are validated here with pydantic; anything malformed raises :class:`ActionError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, create_model

from simulator.clinical import cows
from simulator.clinical import plan as plan_decl
from simulator.clinical.plan import PlanChoices, PlanField
from simulator.scenario import vocabulary as vocab
from simulator.scenario.textlimits import MAX_TURN_CHARS, has_lone_surrogate, too_long

_C = vocab.ids


class ActionError(Exception):
    """An action that cannot be applied now, with a message for the trainee."""

    def __init__(self, message: str, index: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.index = index


class _A(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Advance(_A):
    type: Literal["advance"]
    trigger: str = "advance"


class Ask(_A):
    """A question. ``intent`` is what it was taken to mean (null if not understood)."""

    type: Literal["ask"]
    intent: str | None
    text: str = Field("", max_length=MAX_TURN_CHARS)
    via: Literal["bank", "free"] = "bank"
    off_topic: bool = False
    # How a typed turn was read (issue 9), stored so replay never depends on the model:
    # resolved from the conversation so far ("and the pills?", "why?"); "anything else?" with
    # nothing left to say; the topics the patient offered when asking what was meant.
    follow_up: bool = False
    nothing_more: bool = False
    suggestions: list[str] = Field([], max_length=3)
    # Issue 19: further parts of a compound question, answered and credited too; the facet a
    # follow-up asked for ("why?" -> why); the fact whose chart entry the trainee named.
    also: list[str] = Field([], max_length=2)
    facet: Literal["why", "when", "how_often", "how_much", "who", "more"] | None = None
    confronts: str | None = None
    # Round 12: a further part asking a facet of the first part's answer ("Do you have naloxone at
    # home, and does anyone know how to use it?"): said after that answer.
    with_facet: Literal["why", "when", "how_often", "how_much", "who"] | None = None
    # Round 12: the questionnaire items read aloud ("phq9.tired"), answered from the case's
    # interview.questionnaires, not with the intent's answer again.
    items: list[Annotated[str, Field(pattern=r"^(?:phq9|gad7)\.[a-z_]+$")]] = Field(
        [], max_length=16, description="PHQ-9 or GAD-7 items read aloud (round 12), e.g. phq9.tired."
    )


class VisitAsk(Ask):
    """A question at a follow-up visit, read as the interview reads one (``SessionController.ask_at_visit``)
    and answered from the visit's day (engine.visit_talk); it earns no interview points."""

    type: Literal["visit_ask"]  # type: ignore[assignment]


class Cows(_A):
    """The trainee's COWS score at a visit, from the patient's signs: a score for each of the
    eleven signs (clinical.cows.ITEMS; a sign left out scores 0)."""

    type: Literal["cows"]
    items: dict[str, int] = Field(max_length=len(cows.ITEMS))


class Say(_A):
    """A statement to the patient (validation, empathy, anything typed)."""

    type: Literal["say"]
    text: str = Field(min_length=1, max_length=MAX_TURN_CHARS)
    # How a typed statement was read (the dialogue-act classifier), stored for replay.
    # round 11: "does that make sense?" (understood), "tell me back the plan" (teach_back), "how do
    # you feel about that?" after news (feelings)
    # round 12: a greeting with small talk ("Come on in. Cold one out there, eh?") (greeting), "what do
    # you understand by opioid use disorder?" (understanding)
    kind: Literal["validate_pain", "empathy", "accusation", "social", "closing", "understood", "teach_back",
                  "feelings", "greeting", "understanding"] | None = None


class Mark(_A):
    """The trainee marks a DSM-5 criterion in the live tracker, with optional evidence."""

    type: Literal["mark"]
    criterion: Literal[_C(vocab.DSM5_CRITERIA)]  # type: ignore[valid-type]
    present: bool = True
    evidence: str = Field("", max_length=MAX_TURN_CHARS)


class Assess(_A):
    type: Literal["assess"]
    diagnosis: Literal[_C(vocab.DIAGNOSES)]  # type: ignore[valid-type]
    criteria: list[Literal[_C(vocab.DSM5_CRITERIA)]] = []  # type: ignore[valid-type]
    supervised_use: bool
    severity: Literal[_C(vocab.SEVERITIES)]  # type: ignore[valid-type]
    oih: bool = False
    risk_factors: list[Literal[_C(vocab.RISK_FACTORS)]] = []  # type: ignore[valid-type]


def _plan_field(spec: PlanField, default: Any, in_group: bool) -> tuple[Any, Any]:
    """The pydantic type and default of one declared plan field."""
    limits: dict[str, Any] = {}
    if spec.low is not None:
        limits["gt" if spec.above else "ge"] = spec.low
    if spec.high is not None:
        limits["le"] = spec.high
    kind: Any
    if spec.kind == "bool":
        kind = bool
    elif spec.kind == "number":
        kind = int if spec.integer else float
    elif spec.kind == "set":
        kind = list[Literal[vocab.ids(spec.choices or ())]]  # type: ignore[misc]
    else:
        kind = Literal[vocab.ids(spec.choices)] if spec.choices else str  # type: ignore[misc]
    if spec.kind == "set":
        default = list(default)
    if spec.required and (in_group or spec.group is None):
        return kind, Field(**limits)
    return kind, Field(default, **limits)


def _plan_models() -> tuple[dict[str, type[BaseModel]], type[BaseModel]]:
    """The ``plan`` action (and its nested maps) from the one plan declaration."""
    groups: dict[str, type[BaseModel]] = {}
    for group in plan_decl.GROUPS:
        members = {
            spec.key or name: _plan_field(spec, plan_decl.DEFAULTS[name], True)
            for name, spec in plan_decl.declared()
            if spec.group == group
        }
        groups[group] = create_model(group.capitalize(), __base__=_A, **members)  # type: ignore[call-overload]
    fields: dict[str, Any] = {"type": (Literal["plan"], ...)}
    for name, spec in plan_decl.declared():
        if spec.group is None:
            fields[name] = _plan_field(spec, plan_decl.DEFAULTS[name], False)
        elif spec.group not in fields:
            fields[spec.group] = (groups[spec.group] | None, None)
    model = create_model("Plan", __base__=_A, __doc__="The treatment plan (fields: clinical.plan).", **fields)
    return groups, model


PLAN_GROUPS, Plan = _plan_models()
Taper = PLAN_GROUPS["taper"]


def plan_choices(plan: Any) -> PlanChoices:
    """The plain-data plan of a recorded ``plan`` action (None: no plan, every default)."""
    return plan_decl.from_action(None if plan is None else plan.model_dump())


class Decide(_A):
    type: Literal["decide"]
    choice: str


class Check(_A):
    """An answer to one check item, before the chart or after the debrief (or skipping a stage).

    ``answer`` holds the indices of the chosen options: the one best answer, or for a
    true/false item the statements marked true. ``skip`` passes over the rest of the stage.
    """

    type: Literal["check"]
    stage: Literal["before", "after"]
    item: str = ""
    answer: list[int] = Field([], max_length=6)
    skip: bool = False


Action = Annotated[
    Advance | Ask | VisitAsk | Say | Mark | Assess | Plan | Decide | Check | Cows,  # type: ignore[valid-type]
    Field(discriminator="type"),
]
_ADAPTER: TypeAdapter[Any] = TypeAdapter(Action)
ACTION_TYPES = ("advance", "ask", "visit_ask", "say", "mark", "assess", "plan", "decide", "check", "cows")
_MODELS: dict[str, type[BaseModel]] = {
    "advance": Advance, "ask": Ask, "say": Say, "mark": Mark, "assess": Assess, "plan": Plan,
    "decide": Decide, "check": Check, "visit_ask": VisitAsk, "cows": Cows,
}


def parse_action(data: Mapping[str, Any] | BaseModel) -> Any:
    """Validate a mapping as an action; raise :class:`ActionError` with a readable message."""
    if isinstance(data, BaseModel):
        return data
    if not isinstance(data, Mapping):
        raise ActionError("an action must be a mapping with a 'type'")
    if data.get("type") not in ACTION_TYPES:
        raise ActionError(
            f"unknown action type {data.get('type')!r}; expected one of {', '.join(ACTION_TYPES)}"
        )
    for key in ("text", "evidence"):
        value = data.get(key)
        if isinstance(value, str):
            if too_long(value):
                raise ActionError(too_long(value) or "")
            if has_lone_surrogate(value):
                raise ActionError(f"{data.get('type')} action: {key}: has a character that is not valid text")
    try:
        return _ADAPTER.validate_python(dict(data))
    except ValidationError as exc:
        from simulator.scenario.messages import plain_message

        first = exc.errors(include_url=False)[0]
        loc = first["loc"][1:]  # the first part is the action type (the union's tag)
        where = ".".join(str(p) for p in loc)
        message = plain_message(first, _MODELS[data["type"]], loc)
        raise ActionError(f"{data.get('type')} action: {where + ': ' if where else ''}{message}") from None


def action_to_dict(action: Any) -> dict[str, Any]:
    """The plain JSON-ready form of an action (defaults left out)."""
    return action.model_dump(mode="json", exclude_defaults=True) | {"type": action.type}
