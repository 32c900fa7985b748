"""The command line contract (SPEC section 5), run as an instructor or a CI script would run it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading

import pytest
from fixtures.cli import Ran, run_cli
from fixtures.scenario_text import CASES, EXPERT, HOSTILE, POOR, ROOT, SCENARIO, real_text, replace_line

from simulator.commands.cli import main

PROBLEM_LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): error: (?P<message>\S.*)$")


def run(*args: str, timeout: float = 60) -> Ran:
    """The command run in this process (fast); see :func:`run_process` for the real thing."""
    return run_cli(*args)


def run_process(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``python -m simulator ARGS`` as a separate process: the entry point as a user meets it."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
        check=False,
        env=env,
    )


def assert_problem_lines(stderr: str) -> list[re.Match[str]]:
    lines = stderr.splitlines()
    assert lines, "expected at least one problem on stderr"
    matches = []
    for line in lines:
        match = PROBLEM_LINE.match(line)
        assert match, f"not a FILE:LINE:COL: error: line: {line!r}"
        matches.append(match)
    return matches


def play_json(actions) -> dict:
    result = run("play", str(SCENARIO), "--actions", str(actions), "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


# ----------------------------------------------------------------------------- validate


def test_validate_accepts_the_bundled_scenario():
    result = run("validate", str(SCENARIO))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.strip().splitlines() == [
        f"{SCENARIO}: all 6 variants valid (every combination)",  # every patient and dose
        "1 file(s) valid",
    ]


def test_validate_reports_one_line_per_problem_and_exits_1(tmp_path):
    files = []
    expected = []
    for case in CASES[:2]:
        text, line, col, message = case.build()
        path = tmp_path / f"{case.name}.yaml"
        path.write_text(text, encoding="utf-8")
        files.append(str(path))
        expected.append(f"{path}:{line}:{col}: error: {message}")
    result = run("validate", str(SCENARIO), *files)
    assert result.returncode == 1
    assert "valid" not in result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == len(expected)
    for got, want in zip(lines, expected, strict=True):
        assert got.startswith(want)
    assert_problem_lines(result.stderr)


def test_validate_survives_every_hostile_file_without_a_traceback(tmp_path):
    huge = tmp_path / "huge.yaml"
    huge.write_bytes(b"title: " + b"x" * (2 * 1024 * 1024 + 100) + b"\n")
    injection = tmp_path / "injection.yaml"
    injection.write_text(
        replace_line(
            real_text(), "    expect: validated_pain", "    expect: __import__('os').system('touch pwned')"
        )[0],
        encoding="utf-8",
    )
    folder = tmp_path / "a-folder.yaml"
    folder.mkdir()
    hostile = sorted(str(p) for p in HOSTILE.glob("*.yaml"))
    files = [*hostile, str(huge), str(injection), str(folder), str(tmp_path / "missing.yaml")]
    result = run("validate", *files, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    matches = assert_problem_lines(result.stderr)
    reported = {m["file"] for m in matches}
    assert reported == set(files), set(files) - reported
    assert not (ROOT / "pwned").exists() and not (tmp_path / "pwned").exists()
    assert not os.path.exists("/tmp/pwned")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_validate_does_not_hang_on_a_named_pipe(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    done: list[Ran] = []
    runner = threading.Thread(target=lambda: done.append(run("validate", str(fifo))), daemon=True)
    runner.start()
    runner.join(timeout=30)
    if runner.is_alive():  # stuck opening the pipe: a writer lets it go, so the suite does not hang
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        runner.join(timeout=30)
        pytest.fail("validate waited for a writer on a named pipe")
    (result,) = done
    assert result.returncode == 1
    (match,) = assert_problem_lines(result.stderr)
    assert match["file"] == str(fifo)


def test_validate_with_no_files_is_a_usage_error_not_a_traceback():
    result = run("validate")
    assert result.returncode == 2
    assert "usage:" in result.stderr and "Traceback" not in result.stderr


# ----------------------------------------------------------------------------- play


def test_play_expert_earns_full_marks():
    report = play_json(EXPERT)
    assert report["score"] == report["max_score"] > 0
    assert report["critical"] == []
    assert report["items"]
    for item in report["items"]:
        assert {"guidance", "earned", "max"} <= set(item)
        assert item["earned"] == item["max"]
    assert sum(i["max"] for i in report["items"]) == report["max_score"]


def test_play_poor_loses_points_with_named_critical_errors():
    report = play_json(POOR)
    assert report["finished"] is True
    assert report["score"] < report["max_score"]
    assert report["critical"] == ["tx.no_dismissal", "tx.no_abrupt_stop", "tx.mat_for_oud"]
    assert report["score"] == max(0, sum(i["earned"] for i in report["items"]))
    failed = [i["guidance"] for i in report["items"] if i["critical"]]
    assert set(failed) == {"tx.mat_for_oud", "tx.no_abrupt_stop", "tx.no_dismissal"}
    assert "Stopped oxycodone without a taper or medication for OUD" in report["critical_errors"]
    assert any(i["earned"] < i["max"] for i in report["items"])


def test_play_without_json_prints_a_readable_summary():
    result = run("play", str(SCENARIO), "--actions", str(POOR))
    assert result.returncode == 0, result.stderr
    assert "Critical errors: Discharged the patient from the practice" in result.stdout
    assert "Stopped oxycodone without a taper or medication for OUD" in result.stdout


def test_play_of_a_log_that_stops_before_the_debrief_exits_3_with_the_json(tmp_path):
    actions = tmp_path / "actions.yaml"
    actions.write_text(
        "actions:\n  - {type: advance}\n  - {type: ask, intent: pain.location}\n", encoding="utf-8"
    )
    result = run("play", str(SCENARIO), "--actions", str(actions), "--json")
    assert result.returncode == 3, result.stderr
    report = json.loads(result.stdout)
    assert report["finished"] is False and "score" in report
    text = run("play", str(SCENARIO), "--actions", str(actions))
    assert text.returncode == 3
    assert text.stdout.startswith("NOT FINISHED: this log stops at the step \"Interview\"")
    assert "never reaches the debrief" in text.stdout and "only the score so far" in text.stdout


def test_play_reports_an_impossible_action_at_its_line(tmp_path):
    actions = tmp_path / "actions.yaml"
    actions.write_text(
        "actions:\n"
        "  - {type: advance}\n"
        "  - {type: assess, diagnosis: oud, supervised_use: false, severity: moderate}\n",
        encoding="utf-8",
    )
    result = run("play", str(SCENARIO), "--actions", str(actions), "--json")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{actions}:3:5: error: action 2: You can record the assessment only during the assessment step."
    ]


@pytest.mark.parametrize(
    "content",
    [
        "- {type: fly}\n",
        "- {type: ask}\n",
        "- 42\n",
        "just text\n",
        "- {type: plan, opioid: taper, taper: {percent: 500, interval_days: 7}}\n",
        (HOSTILE / "alias_bomb.yaml").read_text(),
        (HOSTILE / "python_object.yaml").read_text(),
    ],
    ids=[
        "unknown-type",
        "missing-field",
        "not-a-mapping",
        "not-a-list",
        "out-of-range",
        "alias-bomb",
        "python-tag",
    ],
)
def test_play_refuses_bad_playthrough_files_cleanly(tmp_path, capsys, content):
    # in-process (the same main() as `python -m simulator`) to keep the suite fast
    actions = tmp_path / "actions.yaml"
    actions.write_text(content, encoding="utf-8")
    assert main(["play", str(SCENARIO), "--actions", str(actions), "--json"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert_problem_lines(err)


def test_play_with_a_broken_scenario_reports_the_scenario(tmp_path):
    text, line, col, message = CASES[0].build()
    scenario = tmp_path / "broken.yaml"
    scenario.write_text(text, encoding="utf-8")
    result = run("play", str(scenario), "--actions", str(EXPERT), "--json")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"{scenario}:{line}:{col}: error: {message}"]


def test_play_with_an_unknown_trigger_is_a_positioned_error(tmp_path):
    actions = tmp_path / "actions.yaml"
    actions.write_text("- {type: advance, trigger: teleport}\n", encoding="utf-8")
    result = run("play", str(SCENARIO), "--actions", str(actions), "--json")
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    (match,) = assert_problem_lines(result.stderr)
    assert (match["file"], match["line"]) == (str(actions), "1")


def test_a_scenario_that_validates_never_crashes_play(tmp_path):
    scenario = tmp_path / "huge-number.yaml"
    huge = "1" + "0" * 400
    scenario.write_text(
        replace_line(real_text(), "    expect: validated_pain", f"    expect: {huge} / 3 > rapport")[0],
        encoding="utf-8",
    )
    assert run("validate", str(scenario)).returncode == 0
    result = run("play", str(scenario), "--actions", str(EXPERT), "--json")
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 1)


def test_play_needs_its_actions_file():
    result = run("play", str(SCENARIO))
    assert result.returncode == 2
    assert "--actions" in result.stderr and "Traceback" not in result.stderr


def test_schema_output_file_matches_the_committed_schema(tmp_path):
    out = tmp_path / "schema.json"
    result = run("schema", "--output", str(out))
    assert result.returncode == 0, result.stderr
    committed = (SCENARIO.parent / "scenario.schema.json").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == committed


def test_intents_reads_questions_and_writes_json_lines():
    result = run_cli("intents", str(SCENARIO), input="where does it hurt?\n\nDid you watch the football?\n")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["question"] for r in rows] == ["where does it hurt?", "Did you watch the football?"]
    assert rows[0]["intent"] == "pain.location" and 0 < rows[0]["confidence"] <= 1
    assert rows[1]["intent"] is None


def test_play_transcript_prints_the_conversation_in_order_with_headings_and_visits():
    result = run("play", str(SCENARIO), "--actions", str(POOR), "--transcript")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    question = "Trainee: Are you an addict? Is that why you keep running out?"
    reply = "Patient: Wow. I'm not some guy off the street."
    assert question in out and reply in out
    heading, plan = out.index("Interview\n---------"), out.index("Plan\n----")
    assert heading < out.index(question) < out.index(reply) < plan
    visit = out.index("Withdrawal crisis\n")
    assert "brought to the emergency department" in out[visit:]  # the visit's narrative
    assert "Decision: What do you do now? Discharge him" in out[visit:]
    assert out.index("Debrief\n") < out.index("Critical errors:")  # the score summary follows


def test_play_transcript_with_json_adds_a_transcript_list(capsys):
    assert main(["play", str(SCENARIO), "--actions", str(EXPERT), "--transcript", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    kinds = [line["kind"] for line in report["transcript"]]
    assert kinds[0] == "heading" and {"trainee", "patient", "narrative", "decision"} <= set(kinds)
    first = kinds.index("trainee")
    assert kinds[first + 1] == "patient"
    assert report["score"] == report["max_score"]


def test_test_command_passes_the_bundled_playthroughs(tmp_path, capsys):
    # one case and its playthroughs (every bundled playthrough is replayed in test_bundled_scenarios)
    (tmp_path / "playthroughs").mkdir()
    (tmp_path / SCENARIO.name).write_bytes(SCENARIO.read_bytes())
    for path in EXPERT.parent.glob("clbp-moderate-oud.*.yaml"):
        (tmp_path / "playthroughs" / path.name).write_bytes(path.read_bytes())
    assert main(["test", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert re.match(r"^ok +clbp-moderate-oud\.expert +score (\d+)/\1$", out[0])
    assert any(re.match(r"^ok +clbp-moderate-oud\.poor +score \d+/\d+$", line) for line in out)
    assert out[-1].endswith("playthrough(s) as expected")


def _copy_case(tmp_path, playthrough_text):
    folder = tmp_path / "playthroughs"
    folder.mkdir()
    (tmp_path / SCENARIO.name).write_text(SCENARIO.read_text(encoding="utf-8"), encoding="utf-8")
    path = folder / "clbp-moderate-oud.expert.yaml"
    path.write_text(playthrough_text, encoding="utf-8")
    return path


def test_test_command_reports_each_mismatch_at_the_expect_line(tmp_path, capsys):
    text = EXPERT.read_text(encoding="utf-8").replace("  critical: []\n", "  critical: [tx.no_abrupt_stop]\n")
    text = text.replace("  score: full\n", "  score: {max: 50}\n")
    text = text.replace("  state: debrief\n", "  state: plan\n")
    bad = _copy_case(tmp_path, text)
    assert main(["test", str(bad)]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("FAIL  clbp-moderate-oud.expert  score 118/118")
    rows = text.splitlines()
    by_line = {int(m["line"]): m["message"] for m in assert_problem_lines(captured.err)}
    assert by_line == {
        rows.index("  score: {max: 50}") + 1: "expected a score of at most 50, got score 118/118",
        rows.index("  critical: [tx.no_abrupt_stop]") + 1:
            "expected critical errors [tx.no_abrupt_stop], got [] (missing: tx.no_abrupt_stop)",
        rows.index("  state: plan") + 1: "expected final step plan, got debrief",
    }


def test_test_command_suggests_the_nearest_valid_value(tmp_path, capsys):
    text = EXPERT.read_text(encoding="utf-8").replace("  state: debrief\n", "  state: week8_stabel\n")
    text = text.replace("  critical: []\n", "  critical: [tx.no_abrupt_stp]\n  finshed: true\n")
    bad = _copy_case(tmp_path, text)
    assert main(["test", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "FAIL  clbp-moderate-oud.expert  not played" in captured.out
    messages = [m["message"] for m in assert_problem_lines(captured.err)]
    allowed = "allowed: score, critical, finished, state, language"
    assert any(m.startswith(f"unknown expectation 'finshed'; {allowed}")
               and m.endswith("did you mean 'finished'?") for m in messages)
    assert any(m.startswith("'tx.no_abrupt_stp' is not a guidance id") and m.endswith("'tx.no_abrupt_stop'?")
               for m in messages)
    assert any(m.startswith("no step 'week8_stabel' in the flow; allowed: chart, interview")
               and m.endswith("did you mean 'week8_stable'?") for m in messages)
    assert bad.is_file()


def test_test_command_with_nothing_to_run_exits_1(tmp_path, capsys):
    assert main(["test", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert_problem_lines(err)
    assert "no playthrough files here" in err


def test_test_command_names_a_scenario_without_playthroughs(tmp_path, capsys):
    (tmp_path / "lonely.yaml").write_text(SCENARIO.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["test", str(tmp_path)]) == 1
    (problem,) = assert_problem_lines(capsys.readouterr().err)
    assert problem["file"].endswith("lonely.yaml")
    assert problem["message"].startswith("no playthroughs for this scenario: add ")
    assert problem["message"].endswith("lonely.expert.yaml")


# ----------------------------------------------------------------------------- smoke, as a process
# Every test above runs the command line in this process (tests/fixtures/cli.py). Here each command
# runs once as a user starts it, through `python -m simulator`: the entry point, the exit status
# through the OS, real stdout and stderr. (`intents` with bytes on stdin: tests/test_input_limits.py;
# `report`: tests/ui/test_report_pdf.py; `validate` on a named pipe: above.)

SMOKE = {
    "validate": (lambda tmp: ["validate", str(SCENARIO)], 0, "1 file(s) valid"),
    "lint": (lambda tmp: ["lint", str(tmp / "missing.yaml")], 1, "missing.yaml:1:1: error:"),
    "play": (lambda tmp: ["play", str(SCENARIO), "--actions", str(EXPERT)], 0, "118/118"),
    "test": (lambda tmp: ["test", str(EXPERT)], 0, "ok  clbp-moderate-oud.expert"),
    "reference": (lambda tmp: ["reference"], 0, "# "),
    "schema": (lambda tmp: ["schema"], 0, '"$schema"'),
    "export": (lambda tmp: ["export", str(SCENARIO), "--actions", str(EXPERT), "--format", "json",
                            "--out", str(tmp / "r.json")],
               0, "wrote"),
    "explore": (lambda tmp: ["explore", str(tmp / "missing.yaml")], 1, "missing.yaml:1:1: error:"),
    "graph": (lambda tmp: ["graph", str(SCENARIO), "--format", "mermaid"], 0, "flowchart"),
    "new": (lambda tmp: ["new", str(tmp / "knee.yaml")], 0, "knee.yaml"),
    "migrate": (lambda tmp: ["migrate", str(SCENARIO)], 0, ""),
    "calc": (lambda tmp: ["calc", "mme", "oxycodone:10:4"], 0, "Daily MME: 60"),
}  # fmt: skip


@pytest.mark.parametrize("command", sorted(SMOKE))
def test_each_command_runs_as_its_own_process(command, tmp_path):
    argv, code, expected = SMOKE[command]
    result = run_process(*argv(tmp_path))
    assert result.returncode == code, result.stderr
    assert expected in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_every_command_has_a_process_smoke_test():
    from simulator.commands.cli import _COMMANDS

    assert set(_COMMANDS) - set(SMOKE) == {"intents", "report"}  # their smoke tests: see above
