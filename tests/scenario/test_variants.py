"""Case variants for retries: a seed picks the patient and dose; the teaching point holds for all."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from fixtures.cases import case
from fixtures.scenario_text import ROOT

from simulator.commands.cli import main
from simulator.control.controller import SessionController
from simulator.control.dialogs import ScriptedDialogs
from simulator.engine.playthrough import load_actions
from simulator.errors import ProblemsError
from simulator.records.store import SessionStore
from simulator.scenario.fingerprint import content_hash
from simulator.scenario.loader import load_scenario, load_scenario_text
from simulator.scenario.variants import RUNTIME_PLACEHOLDERS
from simulator.scoring.debrief import build_debrief

SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
PLAYTHROUGHS = sorted((ROOT / "scenarios" / "playthroughs").glob("*.yaml"))
SEEDS = range(8)
RUNTIME = {f"{{{name}}}" for name in RUNTIME_PLACEHOLDERS}  # filled when the trainee reads them


def _scenario_of(playthrough: Path) -> Path:
    return ROOT / "scenarios" / (playthrough.name.split(".")[0] + ".yaml")


def _expect(playthrough: Path) -> dict:
    from simulator.scenario.yamlio import read_yaml_file

    data = read_yaml_file(playthrough).data
    return data.get("expect", {}) if isinstance(data, dict) else {}


def test_two_seeds_give_different_patients_and_the_same_seed_the_same_one():
    path = ROOT / "scenarios" / "stable-dependence.yaml"
    names = {seed: case(path, seed).patient.name for seed in SEEDS}
    assert len(set(names.values())) == 3
    again = {seed: load_scenario(path, seed) for seed in SEEDS}  # read again: the same patient
    assert all(again[seed].patient.name == names[seed] for seed in SEEDS)
    # the content hash is about the file, not the seed
    assert len({content_hash(scenario) for scenario in again.values()}) == 1


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_the_trainee_never_sees_a_raw_placeholder(path):
    for seed in [None, *SEEDS]:
        scenario = case(path, seed)
        text = json.dumps(scenario.model_dump(exclude={"variants"}), ensure_ascii=False)
        left = set(re.findall(r"\{[A-Za-z_]+\}", text)) - RUNTIME
        assert not left, (seed, left)


def test_a_stored_session_resumes_to_the_same_patient_and_score(tmp_path):
    path = ROOT / "scenarios" / "stable-dependence.yaml"
    actions, _ = load_actions(ROOT / "scenarios" / "playthroughs" / "stable-dependence.expert.yaml")
    store = SessionStore(tmp_path / "s.db")
    ctl = SessionController.start(load_scenario(path), str(path), store, ScriptedDialogs(), seed=5)
    assert ctl is not None and ctl.session.seed == 5
    patient = ctl.session.scenario.patient.name
    assert patient == load_scenario(path, 5).patient.name
    for action in actions[:10]:
        assert ctl.apply(action).accepted
    ctl.close()
    assert store.session(ctl.session_id).seed == 5
    again = SessionController.resume(store, ctl.session_id, ScriptedDialogs())
    assert again is not None and again.note == ""  # same case, same variant: nothing to explain
    assert again.session.scenario.patient.name == patient
    for action in actions[10:]:
        assert again.apply(action).accepted
    assert again.final_score == (78, 78)
    assert patient in build_debrief(again.session).variant


def test_starting_the_case_again_meets_someone_else():
    path = ROOT / "scenarios" / "clbp-moderate-oud.yaml"
    ctl = SessionController.start(load_scenario(path), str(path), None, ScriptedDialogs())
    assert ctl is not None
    for _ in range(5):  # each retry (the debrief's "try again" calls start) changes the patient
        retry = SessionController.start(ctl.session.scenario, str(path), None, ScriptedDialogs())
        assert retry is not None
        assert retry.session.scenario.patient.name != ctl.session.scenario.patient.name
        assert retry.session.scenario.chart.regimen != ctl.session.scenario.chart.regimen
        ctl = retry


def test_an_old_store_gains_a_seed_column_and_its_sessions_play_the_case_as_written(tmp_path):
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.executescript((ROOT / "tests" / "fixtures" / "stores" / "v1.sql").read_text(encoding="utf-8"))
    conn.commit()
    conn.close()
    store = SessionStore(db)
    assert store._conn.execute("PRAGMA user_version").fetchone()[0] >= 3
    records = store.history()
    assert records and all(r.seed is None for r in records)
    sid = store.start("stable-dependence", "x.yaml", seed=42)
    assert store.session(sid).seed == 42


def _with_variants(block: str) -> str:
    text = (ROOT / "scenarios" / "stable-dependence.yaml").read_text(encoding="utf-8")
    return text[: text.index("\nvariants:")] + "\nvariants:\n" + block


def test_an_overlay_key_the_case_lacks_is_a_positioned_error_with_a_suggestion():
    text = _with_variants(
        "  - id: patient\n"
        "    options:\n"
        "      - {id: a, values: {first_name: A, he_she: she, him_her: her, his_her: her, who: x,"
        " spouse: husband, spouse_name: B, spouse_him_her: him}}\n"
        "      - id: b\n"
        "        overlay:\n"
        "          patient: {nmae: Bea}\n"
        "        values: {first_name: A, he_she: she, him_her: her, his_her: her, who: x,"
        " spouse: husband, spouse_name: B, spouse_him_her: him}\n"
        "  - id: dose\n    options:\n"
        "      - {id: a, values: {dose_mg: 15, dose_words: fifteen, daily_mme: 30}}\n"
        "      - {id: b, values: {dose_mg: 15, dose_words: fifteen, daily_mme: 30}}\n"
    )
    line = text.splitlines().index("          patient: {nmae: Bea}") + 1
    with pytest.raises(ProblemsError) as info:
        load_scenario_text(text, "s.yaml", seed=0)
    assert [str(p) for p in info.value.problems] == [
        f"s.yaml:{line}:21: error: the overlay sets patient.nmae, which the case does not have; "
        "did you mean 'name'?"
    ]


def test_a_placeholder_no_option_fills_is_an_error_naming_the_nearest(tmp_path, capsys):
    text = _with_variants(
        "  - id: patient\n"
        "    options:\n"
        "      - {id: a, values: {first_nam: A}}\n"
        "      - {id: b, values: {first_nam: B}}\n"
    )
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "error: unknown placeholder {first_name}: no variant gives a value called 'first_name'; " in err
    assert "did you mean {first_nam}?" in err
    assert re.search(r"s\.yaml:\d+:\d+: error", err)


def test_an_option_missing_a_value_the_others_give_is_an_error():
    text = _with_variants(
        "  - id: patient\n    options:\n      - {id: a, values: {first_name: A}}\n      - {id: b}\n"
    )
    with pytest.raises(ProblemsError) as info:
        load_scenario_text(text, "s.yaml")
    assert "does not give the value 'first_name'" in str(info.value.problems[0])


def test_validate_checks_every_variant_and_says_so(capsys):
    assert main(["validate", str(ROOT / "scenarios" / "stable-dependence.yaml")]) == 0
    out = capsys.readouterr().out
    assert "stable-dependence.yaml: all 6 variants valid (every combination)" in out


def test_play_takes_a_seed_and_names_the_variant(capsys):
    path = ROOT / "scenarios" / "stable-dependence.yaml"
    actions = ROOT / "scenarios" / "playthroughs" / "stable-dependence.expert.yaml"
    name = load_scenario(path, 3).patient.name
    assert main(["play", str(path), "--actions", str(actions), "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert f"Variant: Patient: {name}" in out
    assert main(["play", str(path), "--actions", str(actions), "--seed", "3", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["seed"] == 3 and name in report["variant"]


def _bomb(copies: int, value_chars: int) -> str:
    """stable-dependence with one text holding ``copies`` placeholders and a long first name."""
    text = (ROOT / "scenarios" / "stable-dependence.yaml").read_text(encoding="utf-8")
    text = text.replace('text: "{first_name} calls', 'text: "' + "{first_name}" * copies + " calls", 1)
    return text.replace("first_name: Ruth", "first_name: " + "R" * value_chars, 1)


@pytest.mark.parametrize("copies, value_chars", [(2000, 100), (1, 60_000)])
def test_a_placeholder_expansion_bomb_is_a_positioned_error_before_any_filling(tmp_path, capsys, copies,
                                                                              value_chars):  # fmt: skip
    import tracemalloc

    path = tmp_path / "bomb.yaml"
    path.write_text(_bomb(copies, value_chars), encoding="utf-8")
    assert path.stat().st_size < 2 * 1024 * 1024
    tracemalloc.start()
    try:
        assert main(["validate", str(path)]) == 1
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    err = capsys.readouterr().err
    found = re.search(r"bomb\.yaml:(\d+):(\d+): error: this text would be [\d,]+ characters long once", err)
    assert found, err
    line, col = int(found[1]), int(found[2])
    assert (
        path.read_text(encoding="utf-8").splitlines()[line - 1][col - 1 :].lower().startswith("{first_name}")
    )
    assert "Traceback" not in err
    assert peak < 150 * 1024 * 1024, f"validating used {peak / 1e6:.0f} MB"
