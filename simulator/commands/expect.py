"""``expect:`` blocks of playthrough files and ``python -m simulator test PATH...``.

A playthrough file (``scenarios/playthroughs/<scenario-id>.<name>.yaml``) is a map::

    scenario: clbp-moderate-oud
    seed: 3                          # optional (case variants)
    expect:
      score: full                    # `full`, a number, or {min: N, max: M}
      critical: [tx.no_abrupt_stop]  # exact set of critical guidance ids; [] = none
      finished: true                 # the log reaches the debrief
      state: debrief                 # optional: the final flow state
      language: [addict]             # optional: stigmatising words the debrief must name
    actions: [...]

:func:`check_playthrough` replays one file against its scenario and compares the debrief with
its ``expect:`` block; every mismatch is a ``FILE:LINE:COL`` problem at the expected value.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.errors import Problem, ProblemsError
from simulator.scenario.yamlio import Document, read_yaml_file

TOP_KEYS = ("scenario", "seed", "expect", "actions")
EXPECT_KEYS = ("score", "critical", "finished", "state", "language")
SCORE_RANGE_KEYS = ("min", "max")


@dataclass
class Expect:
    """What a playthrough must produce. ``None`` = not checked."""

    score: str | int | tuple[int | None, int | None] | None = None
    critical: frozenset[str] | None = None
    finished: bool | None = None
    state: str | None = None
    language: tuple[str, ...] | None = None


@dataclass
class Playthrough:
    """A playthrough file read with the position of every value."""

    path: Path
    doc: Document
    scenario_id: str
    actions: list[dict[str, Any]]
    expect: Expect | None
    seed: int | None = None
    problems: list[Problem] = field(default_factory=list)  # mistakes in its form (not fatal)

    @property
    def name(self) -> str:
        return self.path.stem

    def problem(self, path: tuple[str | int, ...], message: str) -> Problem:
        return self.doc.problem(path, message)


def _nearest(word: str, allowed: Iterable[str]) -> str:
    near = difflib.get_close_matches(str(word), list(allowed), n=1, cutoff=0.5)
    return f"; did you mean {near[0]!r}?" if near else ""


def _allowed(names: Sequence[str]) -> str:
    return ", ".join(names)


def load_playthrough(path: str | Path, *, strict: bool = True) -> Playthrough:
    """Read a playthrough file; ``ProblemsError`` with positions if its form is wrong.

    With ``strict=False`` mistakes that do not stop it being read are kept in ``problems``."""
    path = Path(path)
    doc = read_yaml_file(path)
    data = doc.data
    problems: list[Problem] = []
    if isinstance(data, list):  # the old form: a bare list of actions
        return Playthrough(path, doc, _scenario_from_name(path), data, None)
    if not isinstance(data, dict) or "actions" not in data:
        raise ProblemsError(
            [doc.problem((), "a playthrough is a map with 'scenario', 'expect' and 'actions: [...]'")]
        )
    for key in data:
        if key not in TOP_KEYS:
            problems.append(
                doc.problem(
                    (key,),
                    f"unknown key {key!r}; allowed: {_allowed(TOP_KEYS)}{_nearest(key, TOP_KEYS)}",
                    key=True,
                )
            )
    actions = data["actions"]
    if not isinstance(actions, list):
        problems.append(doc.problem(("actions",), "'actions' is a list of actions, e.g. [{type: advance}]"))
    scenario_id = data.get("scenario", _scenario_from_name(path))
    if not isinstance(scenario_id, str) or not scenario_id:
        problems.append(
            doc.problem(("scenario",), "'scenario' is the id of the scenario, e.g. clbp-moderate-oud")
        )
        scenario_id = _scenario_from_name(path)
    seed = data.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        problems.append(doc.problem(("seed",), f"'seed' is a whole number of 0 or more, got {seed!r}"))
        seed = None
    expect = _read_expect(doc, data["expect"], problems) if "expect" in data else None
    if problems and (strict or not isinstance(actions, list)):
        raise ProblemsError(problems)
    return Playthrough(path, doc, scenario_id, actions, expect, seed, problems)


def _scenario_from_name(path: Path) -> str:
    return path.name.split(".", 1)[0]


def _word_list(doc: Document, value: Any, key: str, problems: list[Problem]) -> tuple[str, ...] | None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        problems.append(
            doc.problem(("expect", key), f"'{key}' is a list of ids, e.g. [] or [tx.no_abrupt_stop]")
        )
        return None
    return tuple(value)


def _read_expect(doc: Document, block: Any, problems: list[Problem]) -> Expect | None:
    if not isinstance(block, dict):
        problems.append(doc.problem(("expect",), "'expect' is a map with any of: " + _allowed(EXPECT_KEYS)))
        return None
    out = Expect()
    for key in block:
        if key not in EXPECT_KEYS:
            problems.append(
                doc.problem(
                    ("expect", key),
                    f"unknown expectation {key!r}; allowed: "
                    f"{_allowed(EXPECT_KEYS)}{_nearest(key, EXPECT_KEYS)}",
                    key=True,
                )
            )
    if "score" in block:
        out.score = _read_score(doc, block["score"], problems)
    if "critical" in block:
        words = _word_list(doc, block["critical"], "critical", problems)
        out.critical = frozenset(words) if words is not None else None
    if "finished" in block:
        if isinstance(block["finished"], bool):
            out.finished = block["finished"]
        else:
            problems.append(doc.problem(("expect", "finished"), "'finished' is true or false"))
    if "state" in block:
        if isinstance(block["state"], str) and block["state"]:
            out.state = block["state"]
        else:
            problems.append(
                doc.problem(("expect", "state"), "'state' is the name of a step of the flow, e.g. debrief")
            )
    if "language" in block:
        out.language = _word_list(doc, block["language"], "language", problems)
    return out


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _read_score(doc: Document, value: Any, problems: list[Problem]) -> Any:
    where = ("expect", "score")
    if value == "full" or (_is_int(value) and value >= 0):
        return value
    if isinstance(value, dict):
        for key in value:
            if key not in SCORE_RANGE_KEYS:
                problems.append(
                    doc.problem(
                        (*where, key),
                        f"unknown score bound {key!r}; allowed: min, max{_nearest(key, SCORE_RANGE_KEYS)}",
                        key=True,
                    )
                )
        low, high = value.get("min"), value.get("max")
        bad = [k for k in SCORE_RANGE_KEYS if k in value and not (_is_int(value[k]) and value[k] >= 0)]
        for k in bad:
            problems.append(
                doc.problem((*where, k), f"score {k} is a whole number of points, got {value[k]!r}")
            )
        if not bad and low is None and high is None:
            problems.append(
                doc.problem(where, "a score range needs min, max or both, e.g. {min: 10, max: 20}")
            )
        elif not bad and low is not None and high is not None and low > high:
            problems.append(doc.problem(where, f"score min {low} is above max {high}"))
        return None if bad else (low, high)
    near = (
        " (did you mean 'full'?)"
        if isinstance(value, str) and value.strip().lower() in ("full", "max")
        else ""
    )
    problems.append(
        doc.problem(
            where, f"score is `full`, a whole number of points or {{min: N, max: M}}, got {value!r}{near}"
        )
    )
    return None


# ---------------------------------------------------------------------------- checking


@dataclass
class Outcome:
    """The result of one playthrough: what it scored and what did not match."""

    playthrough: Path
    name: str
    score: int | None = None
    max_score: int | None = None
    problems: list[Problem] = field(default_factory=list)
    debrief: Any = None  # the debrief it reached (None if it was not played)

    @property
    def passed(self) -> bool:
        return not self.problems

    def line(self) -> str:
        score = f"score {self.score}/{self.max_score}" if self.score is not None else "not played"
        return f"{'ok' if self.passed else 'FAIL'}  {self.name}  {score}"


def check_playthrough(pt: Playthrough, scenario: Any) -> Outcome:
    """Replay ``pt`` against ``scenario`` and compare the debrief with its ``expect:`` block."""
    from simulator.engine.playthrough import replay_file_actions
    from simulator.scoring.debrief import build_debrief

    out = Outcome(pt.path, pt.name, problems=list(pt.problems))
    if scenario.id != pt.scenario_id:
        out.problems.append(
            pt.problem(
                ("scenario",),
                f"this playthrough is for {pt.scenario_id!r} but the scenario file is {scenario.id!r}",
            )
        )
        return out
    expect = pt.expect
    if expect is not None:
        out.problems += _static_problems(pt, expect, scenario)
    if out.problems:
        return out
    try:
        session = replay_file_actions(scenario, pt)
    except ProblemsError as exc:
        out.problems += exc.problems
        return out
    report = build_debrief(session)
    out.score, out.max_score, out.debrief = report.score, report.max_score, report
    if expect is None:
        out.problems.append(
            pt.problem(
                (), "no 'expect:' block: add one, e.g. expect: {score: full, critical: [], finished: true}"
            )
        )
        return out
    out.problems += _compare(pt, expect, report, session)
    return out


def _static_problems(pt: Playthrough, expect: Expect, scenario: Any) -> list[Problem]:
    problems = []
    if expect.critical is not None:
        known = known_guidance_ids(scenario)
        for index, gid in enumerate(pt.doc.data["expect"]["critical"]):
            if gid not in known:
                problems.append(
                    pt.problem(
                        ("expect", "critical", index),
                        f"{gid!r} is not a guidance id this "
                        f"case can report (docs/REFERENCE.md lists them)"
                        f"{_nearest(gid, known)}",
                    )
                )
    if expect.state is not None:
        names = [s.name for s in scenario.flow.states]
        if expect.state not in names:
            problems.append(
                pt.problem(
                    ("expect", "state"),
                    f"no step {expect.state!r} in the flow; allowed: "
                    f"{_allowed(names)}{_nearest(expect.state, names)}",
                )
            )
    return problems


def known_guidance_ids(scenario: Any) -> list[str]:
    """Guidance ids a debrief of ``scenario`` can name: the catalogue's, its rubric's, its own entries'."""
    from simulator.clinical import catalogue

    ids = set(catalogue.all_ids()) | {item.guidance for item in scenario.rubric}
    own = getattr(scenario, "guidance", None) or ()
    ids |= {str(getattr(entry, "id", entry)) for entry in (own.keys() if isinstance(own, dict) else own)}
    return sorted(ids)


def _ids(values: Iterable[str]) -> str:
    values = sorted(values)
    return "[" + ", ".join(values) + "]"


def _compare(pt: Playthrough, expect: Expect, report: Any, session: Any) -> list[Problem]:
    problems = []

    def mismatch(key: str, wanted: str, got: str) -> None:
        problems.append(pt.problem(("expect", key), f"expected {wanted}, got {got}"))

    got_score = f"score {report.score}/{report.max_score}"
    if expect.score == "full" and report.score != report.max_score:
        mismatch("score", f"full marks ({report.max_score})", got_score)
    elif _is_int(expect.score) and report.score != expect.score:
        mismatch("score", f"score {expect.score}", got_score)
    elif isinstance(expect.score, tuple):
        low, high = expect.score
        if (low is not None and report.score < low) or (high is not None and report.score > high):
            wanted = (
                f"a score from {low} to {high}"
                if low is not None and high is not None
                else f"a score of at least {low}"
                if low is not None
                else f"a score of at most {high}"
            )
            mismatch("score", wanted, got_score)
    if expect.critical is not None and set(report.critical) != set(expect.critical):
        got = set(report.critical)
        extra, missing = sorted(got - expect.critical), sorted(expect.critical - got)
        detail = "; ".join(
            part
            for part in (
                f"not expected: {', '.join(extra)}" if extra else "",
                f"missing: {', '.join(missing)}" if missing else "",
            )
            if part
        )
        mismatch("critical", f"critical errors {_ids(expect.critical)}", f"{_ids(got)} ({detail})")
    if expect.finished is not None and report.finished != expect.finished:
        mismatch(
            "finished",
            "a log that reaches the debrief" if expect.finished else "a log that stops before the debrief",
            f"finished: {str(report.finished).lower()} (the log stops at {session.state.name})"
            if not report.finished
            else "finished: true",
        )
    if expect.state is not None and session.state.name != expect.state:
        mismatch("state", f"final step {expect.state}", session.state.name)
    if expect.language is not None:
        named = {entry["term"].casefold() for entry in report.language}
        missing = [w for w in expect.language if w.casefold() not in named]
        if missing:
            got = ", ".join(sorted(named)) or "none"
            mismatch(
                "language", f"the debrief to name {', '.join(missing)}", f"stigmatising words named: {got}"
            )
    return problems


# ---------------------------------------------------------------------------- finding files


def _is_playthrough_file(path: Path) -> bool:
    return path.parent.name == "playthroughs"


def scenario_files(folder: Path) -> list[Path]:
    """The scenario files of a folder (YAML files beside ``playthroughs/``)."""
    return sorted(p for p in folder.glob("*.yaml") if p.is_file())


def playthroughs_of(scenario_file: Path, scenario_id: str | None = None) -> list[Path]:
    """Playthrough files for a scenario: ``playthroughs/<id>.<name>.yaml`` beside it."""
    folder = scenario_file.parent / "playthroughs"
    names = {scenario_file.stem, scenario_id or scenario_file.stem}
    return sorted(p for n in names for p in folder.glob(f"{n}.*.yaml") if p.is_file())


def scenario_file_for(pt: Playthrough) -> Path | None:
    """The scenario file a playthrough belongs to: ``../<scenario>.yaml``, or one declaring that id."""
    from simulator.scenario.loader import load_scenario

    folder = pt.path.parent.parent if _is_playthrough_file(pt.path) else pt.path.parent
    direct = folder / f"{pt.scenario_id}.yaml"
    if direct.is_file():
        return direct
    for candidate in scenario_files(folder):
        try:
            if load_scenario(candidate).id == pt.scenario_id:
                return candidate
        except ProblemsError:
            continue
    return None


def collect(paths: Sequence[str]) -> tuple[list[tuple[Path, Path | None]], list[Problem]]:
    """(playthrough, scenario file or None to find) pairs for the given paths, in order, no repeats."""
    pairs: list[tuple[Path, Path | None]] = []
    problems: list[Problem] = []
    seen: set[Path] = set()

    def add(pt: Path, scenario: Path | None) -> None:
        key = pt.resolve()
        if key not in seen:
            seen.add(key)
            pairs.append((pt, scenario))

    for name in paths:
        path = Path(name)
        if path.is_dir():
            if path.name == "playthroughs":
                found = sorted(path.glob("*.yaml"))
                for pt in found:
                    add(pt, None)
            else:
                found = []
                for scenario in scenario_files(path):
                    own = playthroughs_of(scenario)
                    found += own
                    for pt in own:
                        add(pt, scenario)
                    if not own:
                        problems.append(
                            Problem(
                                str(scenario),
                                1,
                                1,
                                "no playthroughs for this scenario: add "
                                f"{path / 'playthroughs' / (scenario.stem + '.expert.yaml')}",
                            )
                        )
                for pt in sorted((path / "playthroughs").glob("*.yaml")):  # ones named after an id
                    found.append(pt)
                    add(pt, None)
            if not found and not (path.name != "playthroughs" and scenario_files(path)):
                problems.append(
                    Problem(
                        name,
                        1,
                        1,
                        "no playthrough files here: they live in playthroughs/"
                        "<scenario-id>.<name>.yaml beside the scenario",
                    )
                )
        elif not path.is_file():
            problems.append(Problem(name, 1, 1, "no such file or folder"))
        elif _is_playthrough_file(path):
            add(path, None)
        else:
            own = playthroughs_of(path)
            if not own:
                problems.append(
                    Problem(
                        name,
                        1,
                        1,
                        f"no playthroughs for this scenario: add "
                        f"{path.parent / 'playthroughs' / (path.stem + '.expert.yaml')}",
                    )
                )
            for pt in own:
                add(pt, path)
    return pairs, problems


def run_tests(paths: Sequence[str], out: Any, err: Any) -> int:
    """``python -m simulator test PATH...``: one line per playthrough; exit 1 on any mismatch."""
    from simulator.scenario.loader import load_scenario

    pairs, problems = collect(paths)
    for problem in problems:
        print(problem, file=err, flush=True)
    scenarios: dict[tuple[Path, int | None], Any] = {}
    failed = bool(problems)
    passed = 0
    for pt_path, scenario_path in pairs:
        try:
            pt = load_playthrough(pt_path, strict=False)
            scenario_path = scenario_path or scenario_file_for(pt)
            if scenario_path is None:
                raise ProblemsError(
                    [
                        pt.problem(
                            ("scenario",),
                            f"no scenario file with id {pt.scenario_id!r} in {pt_path.parent.parent}",
                        )
                    ]
                )
            key = (scenario_path.resolve(), pt.seed)  # the seed picks the case's variant
            if key not in scenarios:
                scenarios[key] = load_scenario(scenario_path, pt.seed)
            outcome = check_playthrough(pt, scenarios[key])
        except ProblemsError as exc:
            outcome = Outcome(pt_path, pt_path.stem, problems=exc.problems)
        print(outcome.line(), file=out, flush=True)
        for problem in outcome.problems:
            print(problem, file=err, flush=True)
        failed = failed or not outcome.passed
        passed += outcome.passed
    total = len(pairs)
    print(f"{passed} of {total} playthrough(s) as expected", file=out)
    return 1 if failed else 0
