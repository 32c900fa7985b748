"""`lint` warns an instructor about what may be wrong in a case that loads, each warning at its
line with what would put it right; `--strict` fails on warnings."""

from __future__ import annotations

import shutil

from fixtures.scenario_text import ROOT, SCENARIO, real_text

from simulator.commands.cli import main
from simulator.scenario.lint_checks import scenario_lint_warnings
from simulator.scenario.loader import scenario_from_document
from simulator.scenario.yamlio import read_yaml_text


def warnings_for(change) -> list[str]:
    doc = read_yaml_text(real_text(), "s.yaml")
    change(doc.data)
    scenario = scenario_from_document(doc)
    found = scenario_lint_warnings(scenario, doc)
    assert all(p.severity == "warning" for p in found)
    return [str(p) for p in found]


def test_the_bundled_case_has_no_file_warnings():
    assert warnings_for(lambda data: None) == []


def test_an_intent_left_unanswered_is_named():
    def drop(data):
        del data["interview"]["answers"]["pain.location"]

    (warning,) = [w for w in warnings_for(drop) if "core interview intent" in w]
    assert ": warning: 1 core interview intent(s) have no answer" in warning
    assert "pain.location" in warning and "add an answer" in warning


def test_a_fact_never_revealed_warns_at_the_fact():
    def add(data):
        data["interview"]["facts"]["hidden_pills"] = {"summary": "Keeps spare tablets in the car."}

    (warning,) = warnings_for(add)
    assert "fact 'hidden_pills' is never revealed" in warning
    assert "reveals: [hidden_pills]" in warning


def test_an_answer_key_criterion_no_fact_supports_warns():
    def strip(data):
        for fact in data["interview"]["facts"].values():
            fact["criteria"] = [c for c in fact.get("criteria", []) if c != "craving"]

    (warning,) = warnings_for(strip)
    line = (
        real_text()
        .splitlines()
        .index("  criteria: [larger_longer, cut_down, craving, tolerance, withdrawal]")
    )
    assert warning.startswith(f"s.yaml:{line + 1}:")
    assert "criterion 'craving'" in warning and "no fact the patient can reveal supports it" in warning


def test_a_chart_with_an_opioid_and_no_time_of_the_last_dose_is_named():
    def drop(data):
        del data["chart"]["last_opioid_dose_hours"]

    (warning,) = warnings_for(drop)
    assert "the chart shows an opioid but not when it was last taken" in warning
    assert "chart.last_opioid_dose_hours" in warning
    assert "times a buprenorphine or naltrexone start" in warning


def test_withdrawal_too_soon_after_the_last_dose_is_named():
    def withdrawn(hours):
        def change(data):
            data["chart"]["baseline"]["cows"] = 12
            data["chart"]["last_opioid_dose_hours"] = hours
        return change

    (warning,) = warnings_for(withdrawn(2))  # oxycodone IR: withdrawal this clear takes 6 h or more
    assert "the baseline shows withdrawal (COWS 12) only 2 hours after the last opioid dose" in warning
    assert "6 hours or more" in warning
    assert warnings_for(withdrawn(20)) == []  # many hours since the dose: the story holds


def test_a_misspelt_co_medication_gets_the_nearest_name():
    def add(data):
        data["chart"]["co_medications"] = [{"drug": "alprazolan", "class": "benzodiazepine"}]

    (warning,) = warnings_for(add)
    assert "'alprazolan' is not a medicine the simulator knows; did you mean 'alprazolam'" in warning


def test_a_suggestion_never_crosses_classes():
    def add(data):
        data["chart"]["co_medications"] = [
            {"drug": "hydroclorothiazide", "class": "diuretic"},
            {"drug": "chlordiazepoxyde", "class": "diuretic"},
        ]

    first, second = warnings_for(add)
    assert "did you mean 'hydrochlorothiazide' (also a diuretic)?" in first
    # a benzodiazepine's name typed under a diuretic is never 'corrected' across classes
    assert "chlordiazepoxide" not in second
    assert "not a medicine the simulator knows" in second and "chart.other_medications" in second


def test_a_guard_reading_the_plan_before_it_is_made_warns():
    def guard(data):
        for t in data["flow"]["transitions"]:
            if t["source"] == "interview":
                t["when"] = "questions_count >= 3 or plan.naloxone"

    (warning,) = warnings_for(guard)
    assert "reads plan.naloxone, but the plan is not made yet there" in warning


def test_a_guard_asking_about_a_later_visit_decision_warns():
    def guard(data):
        data["flow"]["transitions"].insert(
            4, {"source": "plan", "dest": "week8_stable", "when": "'week2_bup.adjust_dose' in decisions"}
        )

    found = warnings_for(guard)
    assert any("decision at 'week2_bup', which cannot have happened before 'plan'" in w for w in found)
    assert any("always false" in w for w in found)


def test_taper_figures_read_without_testing_the_plan_warn():
    def guard(data):
        data["flow"]["transitions"].insert(
            4, {"source": "plan", "dest": "week2_no_moud", "when": "plan.taper_percent > 25"}
        )

    (warning,) = warnings_for(guard)
    assert "plan.taper_percent is 0 unless the plan tapers" in warning
    assert "plan.opioid == 'taper' and plan.taper_percent" in warning


def test_strict_turns_warnings_into_a_failure(tmp_path, capsys):
    path = tmp_path / "case.yaml"
    text = real_text().replace("      criteria: [craving]\n", "      criteria: []\n", 1)
    path.write_text(text, encoding="utf-8")
    assert main(["lint", str(path)]) == 0
    err = capsys.readouterr().err
    assert f"{path}:" in err and ": warning: the answer key lists criterion 'craving'" in err
    assert main(["lint", "--strict", str(path)]) == 1
    assert "warnings are errors with --strict" in capsys.readouterr().err


def test_states_no_playthrough_visits_and_items_no_path_earns(tmp_path, capsys):
    """With only the expert playthrough beside it, the case's other visits are named, and a rubric
    item that can never hold is found by playing every plan outcome and visit choice."""
    (tmp_path / "playthroughs").mkdir()
    shutil.copy(
        ROOT / "scenarios" / "playthroughs" / "clbp-moderate-oud.expert.yaml",
        tmp_path / "playthroughs" / "case.expert.yaml",
    )
    impossible = (
        "  - id: never-earned\n    guidance: tx.naloxone\n    domain: plan\n    title: Impossible\n"
        "    points: 1\n    expect: rapport > 100\n"
    )
    text = real_text().replace("\nrubric:\n", "\nrubric:\n" + impossible, 1)
    (tmp_path / "case.yaml").write_text(text, encoding="utf-8")
    assert main(["lint", "--strict", str(tmp_path / "case.yaml")]) == 1
    err = capsys.readouterr().err
    assert "warning: state 'week1_precipitated' is visited by no playthrough (case.expert.yaml)" in err
    assert "warning: rubric item 'never-earned' (1 points) is earned on no path" in err
    assert "week2_bup" not in err  # the expert visits it


def test_the_bundled_cases_lint_clean_in_strict_mode(capsys):
    assert main(["lint", "--strict", str(SCENARIO), str(SCENARIO.with_name("stable-dependence.yaml"))]) == 0
    assert "2 file(s): no warnings" in capsys.readouterr().out


def test_a_key_answer_without_the_facets_trainees_ask_next_is_named():
    def drop(data):
        del data["interview"]["answers"]["opioid.early_refills"][0]["facets"]

    (warning,) = [w for w in warnings_for(drop) if "facet" in w]
    assert "opioid.early_refills" in warning and "why or how_often facet" in warning
    assert "add facets:" in warning


def test_a_guarded_denial_of_what_the_chart_shows_needs_a_confronted_reply():
    def drop(data):
        del data["interview"]["facts"]["other_source"]["confronted"]
        data["interview"]["answers"]["opioid.other_sources"][1]["text"] = "No. Just from my doctor."

    (warning,) = [w for w in warnings_for(drop) if "guarded answer" in w]
    assert "opioid.other_sources" in warning and "other_source" in warning and "`confronted`" in warning


def test_an_answer_that_denies_what_the_pdmp_shows_is_named():
    def deny(data):  # the PDMP lists two prescribers; "No." to other sources would deny it
        data["interview"]["answers"]["opioid.other_sources"][1]["wordings"] = ["No. Nobody else."]

    (warning,) = [w for w in warnings_for(deny) if "opens with a denial" in w]
    assert "opioid.other_sources" in warning and "the PDMP lists 2 prescribers" in warning
    assert "withhold in words that do not deny the chart" in warning


def test_a_single_line_for_an_accusation_is_named():
    def one(data):
        data["interview"]["stigma_reactions"]["accusation"] = "I'm not after anything."

    (warning,) = [w for w in warnings_for(one) if "stigma" in w or "accusation" in w]
    assert "one line" in warning and "a second time gets the same words" in warning
