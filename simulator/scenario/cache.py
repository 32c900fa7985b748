"""A cache of validated scenarios, so that an unchanged file is not parsed and checked again.

Loading a scenario means a YAML parse with positions, model validation and the cross-checks
(about 60-100 ms for a bundled case, and the imports of ruamel, pydantic and lark before that).
The library lists every bundled case at start-up, so the result of that work is kept in a small
file per scenario in the user's cache folder:

- the key is a SHA-256 of the file's bytes together with the cache format and a fingerprint of
  the app's core code and data (which changes with every version, and with any edit to the
  validator or its vocabularies); a file that changed, or another version of the app, misses;
- a valid file keeps its listing (title, patient, level, ...) and the validated model as JSON;
  a broken one keeps its problems (line, column, message), shown again without re-reading it;
- an entry is never trusted blindly: anything unreadable, of another format, for another key or
  that does not validate against the models is ignored (and rewritten), and loading falls back
  to the file itself. Nothing is ever evaluated: the entry is JSON read by the pydantic models.

The listing needs only :mod:`json`; the models are imported when a scenario is actually loaded.
Pure Python, no Qt: the UI passes the folder (its per-user cache location).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.errors import Problem, ProblemsError

if TYPE_CHECKING:
    from simulator.scenario.models import Scenario

FORMAT = 1
# Larger files are not cached (the loader refuses anything over 2 MB anyway).
MAX_CACHED_BYTES = 4 * 1024 * 1024
# What validation can depend on, besides the file: the core's code and data (not the UI, not
# the intent model's large binaries). Hashing it all takes a few milliseconds, off the GUI thread.
_FINGERPRINTED_SUFFIXES = (".py", ".yaml", ".json")


@dataclass(frozen=True)
class PatientListing:
    name: str
    age: int


@dataclass(frozen=True)
class ScenarioListing:
    """What the library shows about a valid scenario (the same attribute names as the model)."""

    title: str
    summary: str
    level: str
    minutes: int
    objectives: tuple[str, ...]
    patient: PatientListing
    patients: int = 1  # how many patients the case's variants can show (a retry meets another)


@dataclass(frozen=True)
class Listed:
    """One scenario file as the library lists it: a listing, or the problems that stop it."""

    path: Path
    scenario: ScenarioListing | None
    problems: tuple[str, ...]
    from_cache: bool = False


def listing_of(scenario: Scenario, raw_summary: str | None = None) -> ScenarioListing:
    """The library's view of a validated scenario. For a case whose variants show different
    patients, the summary (``raw_summary``: as written, with its placeholders) names none of
    them: the session may open with any (see :func:`neutral_text`)."""
    summary = scenario.summary
    if raw_summary is not None and patient_count(scenario) > 1:
        summary = neutral_text(raw_summary, scenario)
    return ScenarioListing(
        title=scenario.title,
        summary=summary,
        level=scenario.level,
        minutes=scenario.minutes,
        objectives=tuple(scenario.objectives),
        patient=PatientListing(scenario.patient.name, scenario.patient.age),
        patients=patient_count(scenario),
    )


def patient_count(scenario: Scenario) -> int:
    """How many different patients the case's variants can show: the product of the option
    counts of the axes whose options change the ``patient`` block (1 for a case without)."""
    count = 1
    for axis in scenario.variants:
        if any("patient" in option.overlay for option in axis.options):
            count *= len(axis.options)
    return count


# the words a placeholder that differs between patients takes in the library's summary, by the
# set of words the options give it: a subject becomes "the patient", so every verb still agrees;
# the other forms take the singular "they" ("no longer hold their back pain", not "the
# patient's back pain" after "a patient ... says")
_NEUTRAL = {
    frozenset({"he", "she"}): "the patient",
    frozenset({"him", "her"}): "them",
    frozenset({"his", "her"}): "their",
    frozenset({"his", "hers"}): "theirs",
    frozenset({"himself", "herself"}): "themselves",
    frozenset({"wife", "husband"}): "partner",
    frozenset({"man", "woman"}): "person",
}


def neutral_text(text: str, scenario: Scenario) -> str:
    """``text`` with its placeholders filled so that it fits every patient of the case's
    variants: a word all options share is kept; one that differs becomes a neutral word
    ("the patient", "their"), "a patient" for a description like "A warehouse
    supervisor", a range for a number ("160 to 200") and the choices for a common word
    ("sertraline or venlafaxine"). ``{Name}`` is capitalised as in the session."""
    import re

    words: dict[str, set[str]] = {}
    for axis in scenario.variants:
        for option in axis.options:
            for name, value in option.values.items():
                words.setdefault(name, set()).add(str(value))

    def fill(match: re.Match) -> str:
        name = match.group(1)
        options = words.get(name.lower()) or words.get(name)
        if not options:
            return match.group(0)
        numbers = sorted(float(o) for o in options if _is_number(o))
        if len(options) == 1:
            word = next(iter(options))
        elif len(numbers) == len(options):  # a dose that differs: its range ("160 to 200 MME")
            word = f"{numbers[0]:g} to {numbers[-1]:g}"
        else:
            lowered = frozenset(o.lower() for o in options)
            word = _NEUTRAL.get(lowered) or (
                "a patient" if all(o.lower().startswith(("a ", "an ")) for o in options)
                # a medicine or other common word that differs: each of them ("sertraline or
                # venlafaxine"); a name or anything else: "the patient"
                else " or ".join(sorted(options)) if all(o[:1].islower() for o in options)
                else "the patient"
            )
        return word[:1].upper() + word[1:] if name[:1].isupper() else word

    return re.sub(r"\{([A-Za-z_][A-Za-z0-9_]*)\}", fill, text)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _raw_summary(path: Path) -> str | None:
    """The case's summary as written in the file, placeholders and all (None if unreadable)."""
    from simulator.scenario.yamlio import read_yaml_file

    try:
        data = read_yaml_file(path).data
    except (ProblemsError, OSError, RecursionError):  # just validated; should it fail now, no neutral text
        return None
    summary = data.get("summary") if isinstance(data, dict) else None
    return summary if isinstance(summary, str) else None


class ScenarioCache:
    """Validated scenarios by content hash, in ``folder`` (``None``: no cache, always load)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._fingerprint: str | None = None
        self.hits = 0
        self.misses = 0

    def scan(self, folder: Path) -> list[Listed]:
        """Every ``*.yaml`` scenario in ``folder`` (not its sub-folders), sorted by name."""
        return [self.listed(path) for path in sorted(folder.glob("*.yaml"))]

    def listed(self, path: Path) -> Listed:
        """The listing of one file, from the cache when its content is unchanged."""
        key = self._key_of(path)
        entry = self._read(key) if key else None
        listed = _listed_from_entry(path, entry) if entry is not None else None
        if listed is not None:
            self.hits += 1
            return listed
        self.misses += 1
        scenario, problems, summary = self._validate_and_store(path, key)
        if scenario is None:
            return Listed(path, None, tuple(str(p) for p in problems))
        return Listed(path, listing_of(scenario, summary), ())

    def load(self, path: Path) -> Scenario:
        """The validated scenario in ``path``; raises :class:`ProblemsError` like the loader."""
        key = self._key_of(path)
        entry = self._read(key) if key else None
        if entry is not None:
            if entry.get("problems"):
                problems = _problems_from_entry(path, entry)
                if problems is not None:
                    self.hits += 1
                    raise ProblemsError(problems)
            elif isinstance(entry.get("scenario"), str):
                scenario = _scenario_from_json(entry["scenario"])
                if scenario is not None:
                    if scenario.variants:  # which variant it is (the file as written), for its hash
                        from simulator.scenario.variants import variant_from_json

                        scenario._variant = variant_from_json(entry.get("variant"))
                    self.hits += 1
                    return scenario
        self.misses += 1
        scenario, problems, _ = self._validate_and_store(path, key)
        if scenario is None:
            raise ProblemsError(problems)
        return scenario

    def key(self, content: bytes) -> str:
        """The cache key of a file's bytes under this app's code and format."""
        digest = hashlib.sha256()
        digest.update(f"format {FORMAT}\0{self.fingerprint()}\0".encode())
        digest.update(content)
        return digest.hexdigest()

    def fingerprint(self) -> str:
        """A hash of the code and data validation depends on (see :func:`code_fingerprint`)."""
        if self._fingerprint is None:
            self._fingerprint = code_fingerprint()
        return self._fingerprint

    def _key_of(self, path: Path) -> str | None:
        """The key of the file's current content; None when there is nothing to cache."""
        if self.folder is None:
            return None
        try:
            with open(path, "rb") as handle:
                content = handle.read(MAX_CACHED_BYTES + 1)
        except OSError:
            return None  # the loader reports it, with its own words
        return None if len(content) > MAX_CACHED_BYTES else self.key(content)

    def _validate_and_store(
        self, path: Path, key: str | None
    ) -> tuple[Scenario | None, list[Problem], str | None]:
        """The scenario or its problems, and its summary as written (the file read once for it)."""
        from simulator.scenario.loader import load_scenario

        try:
            scenario = load_scenario(path)
        except ProblemsError as exc:
            self._store(
                path,
                key,
                {"problems": [_problem_json(p) for p in exc.problems], "scenario": None, "listing": None},
            )
            return None, list(exc.problems), None
        except RecursionError:
            return None, [Problem(str(path), 1, 1, "the file is nested too deeply")], None
        summary = _raw_summary(path)
        self._store(
            path,
            key,
            {
                "problems": [],
                "listing": _listing_json(listing_of(scenario, summary)),
                "scenario": scenario.model_dump_json(),
                "variant": _variant_json(scenario),
            },
        )
        return scenario, [], summary

    def _store(self, path: Path, key: str | None, body: dict[str, Any]) -> None:
        if key is None or self._key_of(path) != key:
            return  # no cache, or the file changed while it was being read: keep nothing
        entry_path = self._entry_path(key)
        entry = {"format": FORMAT, "key": key, **body}
        try:
            entry_path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=entry_path.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(entry, out, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, entry_path)  # readers see the old entry or the new one, never half
        except OSError:
            pass  # a cache that cannot be written only costs time

    def _entry_path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / f"{key}.json"

    def _read(self, key: str) -> dict[str, Any] | None:
        try:
            entry = json.loads(self._entry_path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # missing, unreadable or not JSON: a miss
        if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != key:
            return None
        return entry


def _variant_json(scenario: Scenario) -> Any:
    from simulator.scenario.variants import variant_json

    return variant_json(scenario._variant)


def code_fingerprint() -> str:
    """A hash of the core's code and data files: any change to the app changes it.

    (This is stricter than the version number and needs no ``importlib.metadata``, whose import
    costs 25-95 ms. A frozen app has no source files; its executable, which carries the code,
    stands in for them.)
    """
    from importlib import resources

    digest = hashlib.sha256()
    if getattr(sys, "frozen", False):
        stat = os.stat(sys.executable)
        digest.update(f"frozen {stat.st_size} {stat.st_mtime_ns}".encode())
    for name, data in sorted(_core_files(resources.files("simulator"), "")):
        digest.update(name.encode() + b"\0" + data)
    return digest.hexdigest()[:16]


def _core_files(folder: Any, prefix: str) -> list[tuple[str, bytes]]:
    """(relative name, bytes) of every code and data file under ``folder`` except the UI's."""
    found: list[tuple[str, bytes]] = []
    try:
        children = list(folder.iterdir())
    except OSError:
        return found
    for child in children:
        name = f"{prefix}{child.name}"
        if child.is_dir():
            if child.name not in ("ui", "__pycache__") and not child.name.startswith("_"):
                found += _core_files(child, name + "/")
        elif child.name.endswith(_FINGERPRINTED_SUFFIXES):
            try:
                found.append((name, child.read_bytes()))
            except OSError:
                found.append((name, b"unreadable"))
    return found


def _problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "line": problem.line,
        "col": problem.col,
        "message": problem.message,
        "severity": problem.severity,
    }


def _problems_from_entry(path: Path, entry: dict[str, Any]) -> list[Problem] | None:
    """The problems an entry holds, with the file's current name; None when malformed."""
    try:
        return [
            Problem(
                str(path),
                _typed(p["line"], int),
                _typed(p["col"], int),
                _typed(p["message"], str),
                _typed(p["severity"], str),
            )
            for p in entry["problems"]
        ]
    except (KeyError, TypeError):
        return None


def _listing_json(listing: ScenarioListing) -> dict[str, Any]:
    return {
        "title": listing.title,
        "summary": listing.summary,
        "level": listing.level,
        "minutes": listing.minutes,
        "objectives": list(listing.objectives),
        "patient": {"name": listing.patient.name, "age": listing.patient.age},
        "patients": listing.patients,
    }


def _listed_from_entry(path: Path, entry: dict[str, Any]) -> Listed | None:
    """The listing an entry holds, or None when it is not well formed."""
    try:
        if entry.get("problems"):
            problems = _problems_from_entry(path, entry)
            return None if problems is None else Listed(path, None, tuple(map(str, problems)), True)
        raw = entry["listing"]
        patient = raw["patient"]
        listing = ScenarioListing(
            title=_typed(raw["title"], str),
            summary=_typed(raw["summary"], str),
            level=_typed(raw["level"], str),
            minutes=_typed(raw["minutes"], int),
            objectives=tuple(_typed(o, str) for o in raw["objectives"]),
            patient=PatientListing(_typed(patient["name"], str), _typed(patient["age"], int)),
            patients=_typed(raw.get("patients", 1), int),
        )
        if not isinstance(entry.get("scenario"), str):
            return None
        return Listed(path, listing, (), from_cache=True)
    except (KeyError, TypeError, ValueError):
        return None


def _scenario_from_json(text: str) -> Scenario | None:
    """The model an entry holds, validated again by the models (strict, as when loaded)."""
    from pydantic import ValidationError

    from simulator.scenario.models import Scenario

    try:
        return Scenario.model_validate_json(text)
    except ValidationError:
        return None


def _typed(value: Any, kind: type) -> Any:
    if not isinstance(value, kind) or isinstance(value, bool):
        raise TypeError(f"expected {kind.__name__}")
    return value
