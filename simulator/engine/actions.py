"""Trainee actions: the only input a session has. A session is a list of these.

Actions are plain mappings (``{"type": "ask", "intent": "pain.location"}``) so that
they can be stored as JSON, written by hand in playthrough files and replayed. They
are validated here with pydantic; anything malformed raises :class:`ActionError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

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


class Say(_A):
    """A statement to the patient (validation, empathy, anything typed)."""

    type: Literal["say"]
    text: str = Field(min_length=1, max_length=MAX_TURN_CHARS)
    # How a typed statement was read (the dialogue-act classifier), stored for replay.
    kind: Literal["validate_pain", "empathy", "accusation", "social", "closing"] | None = None


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


class Taper(_A):
    percent: float = Field(gt=0, le=100)
    interval_days: int = Field(ge=1, le=365)
    basis: Literal["original", "current"] = "original"
    pauses: bool = False


class Plan(_A):
    type: Literal["plan"]
    opioid: Literal[_C(vocab.OPIOID_PLANS)]  # type: ignore[valid-type]
    taper: Taper | None = None
    moud: Literal[_C(vocab.MOUD)] = "none"  # type: ignore[valid-type]
    induction: Literal[_C(vocab.INDUCTIONS)] = "none"  # type: ignore[valid-type]
    induction_cows: int = Field(0, ge=0, le=48)
    induction_wait_hours: float = Field(0, ge=0, le=240)
    methadone_route: Literal[_C(vocab.METHADONE_ROUTES)] = "none"  # type: ignore[valid-type]
    naltrexone_free_days: int = Field(0, ge=0, le=60)
    nonopioid: list[Literal[_C(vocab.NONOPIOID)]] = []  # type: ignore[valid-type]
    psych_care: bool = False
    trauma_informed: bool = False
    naloxone: bool = False
    setting: Literal[_C(vocab.SETTINGS)] = "outpatient"  # type: ignore[valid-type]
    followup_days: int = Field(28, ge=1, le=365)
    pdmp: bool = False
    urine_testing: bool = False
    counselling: list[Literal[_C(vocab.COUNSELLING)]] = []  # type: ignore[valid-type]
    end_date_days: int = Field(0, ge=0, le=365)
    orders: list[Literal[_C(vocab.ORDERS)]] = []  # type: ignore[valid-type]


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


Action = Annotated[Advance | Ask | Say | Mark | Assess | Plan | Decide | Check, Field(discriminator="type")]
_ADAPTER: TypeAdapter[Any] = TypeAdapter(Action)
ACTION_TYPES = ("advance", "ask", "say", "mark", "assess", "plan", "decide", "check")
_MODELS: dict[str, type[BaseModel]] = {
    "advance": Advance, "ask": Ask, "say": Say, "mark": Mark, "assess": Assess, "plan": Plan,
    "decide": Decide, "check": Check,
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
