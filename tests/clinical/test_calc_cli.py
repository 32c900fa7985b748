"""The ``calc`` subcommand, driven through a small argparse parser of our own."""

import argparse
import json

import pytest

from simulator.commands.calc import add_calc_parser, run_calc


def run(capsys, *argv):
    parser = argparse.ArgumentParser(prog="sim")
    sub = parser.add_subparsers(dest="command")
    add_calc_parser(sub)
    args = parser.parse_args(["calc", *argv])
    code = run_calc(args)
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv):
    code, out, err = run(capsys, *argv, "--json")
    assert (code, err) == (0, "")
    return json.loads(out)


def test_mme_text_and_json(capsys):
    code, out, err = run(capsys, "mme", "oxycodone:10:4", "morphine:15:2")
    assert code == 0 and err == ""
    assert out.startswith("Daily MME: 90 (high)")
    assert "oxycodone: 40 mg/day x 1.5 = 60" in out
    assert "Source: calc.mme; CDC22" in out
    data = run_json(capsys, "mme", "fentanyl_patch:25")
    assert data["value"] == 60
    assert data["breakdown"][0]["unit"] == "mcg/hr"
    assert data["citation"]["guidance_id"] == "calc.mme"
    assert run_json(capsys, "mme", "oxycodone:10:2:0.5")["value"] == 15  # half tablets


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["mme", "buprenorphine:16:1"], "error: buprenorphine has no MME conversion factor"),
        (["mme", "oxycodone:-5:4"], "error: oxycodone strength (mg) must be more than zero"),
        (["mme", "aspirin:100:2"], "error: unknown opioid 'aspirin'"),
        (["mme", "oxycodone:ten:4"], "error: order 'oxycodone:ten:4': strength and counts"),
        (["mme", "oxycodone"], "error: order 'oxycodone' should look like"),
        (["mme", ":10:4"], "error: order ':10:4' should look like"),
        (["oud", "cravings"], "error: unknown DSM-5 criterion 'cravings'"),
        (["oud", "craving@soon"], "error: 'craving@soon': months ago must be numbers"),
        (["cows", "--pulse", "3"], "error: rate every COWS item"),
        (
            ["taper", "oxycodone", "30", "3", "--percent", "10", "--every", "7", "--months", "-2"],
            "error: months on opioids",
        ),
        (
            [
                "taper",
                "oxycodone",
                "30",
                "3",
                "--percent",
                "10",
                "--every",
                "7",
                "--months",
                "3",
                "--pause",
                "x",
            ],
            "error: pause 'x' should be STEP:DAYS",
        ),
        (
            [
                "taper",
                "oxycodone",
                "30",
                "3",
                "--percent",
                "10",
                "--every",
                "7",
                "--months",
                "3",
                "--strengths",
                "5,ten",
            ],
            "error: strengths '5,ten' should be numbers",
        ),
        (
            ["induction", "--last", "short_acting", "--hours", "6", "--cows", "60"],
            "error: COWS total must be a whole number",
        ),
        (["ort", "--sex", "other", "--age", "30"], "error: sex must be female or male"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith(message)
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_oud(capsys):
    code, out, _ = run(capsys, "oud", "tolerance", "withdrawal", "--supervised")
    assert code == 0
    assert out.startswith("No opioid use disorder")
    assert "dx.supervised_exclusion" in out
    data = run_json(capsys, "oud", "craving", "larger_longer", "tolerance", "withdrawal")
    assert (data["count"], data["severity"], data["has_oud"]) == (4, "moderate", True)
    data = run_json(
        capsys,
        "oud",
        "larger_longer@14,20",
        "cut_down@14",
        "craving@0,14",
        "--maintenance",
        "--controlled-environment",
    )
    assert data["label"] == (
        "Opioid use disorder, mild, in sustained remission, on maintenance therapy, "
        "in a controlled environment"
    )


def test_cows(capsys):
    items = [
        "--sweating",
        "1",
        "--restlessness",
        "1",
        "--pupils",
        "1",
        "--aches",
        "1",
        "--runny-nose",
        "1",
        "--gi-upset",
        "2",
        "--tremor",
        "0",
        "--yawning",
        "1",
        "--anxiety",
        "1",
        "--gooseflesh",
        "0",
    ]
    code, out, _ = run(capsys, "cows", "--pulse-rate", "104", *items)
    assert code == 0 and out.startswith("COWS total: 11 (mild)")
    data = run_json(capsys, "cows", "--pulse", "4", *items)
    assert (data["total"], data["band"]) == (13, "moderate")
    code, _, err = run(capsys, "cows", "--pulse", "4", *items[:-2], "--gooseflesh", "4")
    assert code == 2 and "gooseflesh cannot score 4" in err


def test_taper(capsys):
    code, out, _ = run(
        capsys,
        "taper",
        "oxycodone",
        "30",
        "3",
        "--percent",
        "25",
        "--every",
        "7",
        "--months",
        "36",
        "--pause",
        "2:14",
    )
    assert code == 0
    assert "step  0, day    0: 90 mg/day (30 + 30 + 30 mg), 135 MME" in out
    assert "(stop)" in out and "hold 14 extra days" in out
    assert "[CRITICAL]" in out and "tx.taper_rate; CDC22" in out  # the scorer says critical too
    data = run_json(
        capsys,
        "taper",
        "fentanyl_patch",
        "50",
        "1",
        "--percent",
        "10",
        "--every",
        "30",
        "--months",
        "24",
        "--of",
        "current",
        "--strengths",
        "12,25,50",
    )
    assert data["steps"][0]["daily_mme"] == 120
    # patches of 12, 25 and 50 mcg/hr force larger cuts near the end: those steps wait longer,
    # so the played taper keeps the planned rate; only the stop from a 12 mcg/hr patch (24% of
    # the start) is flagged, as the scorer judges it
    (final,) = data["findings"]
    assert final["severity"] == "flag" and "stops from 24% of the starting dose" in final["message"]
    assert any("wait longer" in note for note in data["notes"])
    days = [s["day"] for s in data["steps"]]
    assert max(b - a for a, b in zip(days, days[1:], strict=False)) > 30
    assert data["total_days"] == data["steps"][-1]["day"]
    code, out, _ = run(
        capsys,
        "taper",
        "morphine",
        "30",
        "2",
        "--percent",
        "100",
        "--every",
        "1",
        "--months",
        "24",
        "--target",
        "0",
        "--units-per-dose",
        "2",
    )
    assert "[CRITICAL]" in out and "tx.no_abrupt_stop" in out
    assert (
        "mcg/hr"
        in run(
            capsys,
            "taper",
            "fentanyl_patch",
            "25",
            "1",
            "--percent",
            "25",
            "--every",
            "7",
            "--months",
            "2",
        )[1]
    )


def test_induction(capsys):
    code, out, _ = run(capsys, "induction", "--last", "fentanyl", "--hours", "3", "--cows", "3")
    assert code == 0
    assert out.startswith("Ready for buprenorphine: no; precipitated-withdrawal risk: high")
    assert "[FAIL]" in out and "advice:" in out
    data = run_json(
        capsys,
        "induction",
        "--last",
        "short_acting",
        "--hours",
        "14",
        "--cows",
        "13",
        "--first-dose",
        "4",
        "--day1-total",
        "8",
    )
    assert data["ready"] is True and data["risk"] == "low"
    data = run_json(
        capsys,
        "induction",
        "--last",
        "methadone",
        "--hours",
        "2",
        "--methadone-dose",
        "80",
        "--low-dose",
    )
    assert data["findings"][0]["guidance_id"] == "tx.low_dose_induction"


def test_ort(capsys):
    code, out, _ = run(capsys, "ort", "--sex", "female", "--age", "35", "personal_alcohol", "depression")
    assert code == 0 and out.startswith("Opioid Risk Tool: 5 (moderate risk)")
    assert "risk factor: Past substance use." in out
    data = run_json(
        capsys, "ort", "--sex", "m", "--age", "28", "personal_prescription_drugs", "family_prescription_drugs"
    )
    assert (data["score"], data["band"]) == (10, "high")


def test_bare_calc_prints_help_and_exits_2(capsys):
    code, out, err = run(capsys)
    assert code == 2 and out == ""
    assert "mme" in err and err.rstrip().endswith("ort")


def test_run_calc_without_a_parser(capsys):
    assert run_calc(argparse.Namespace(calc_command=None)) == 2
    assert capsys.readouterr().err.startswith("error: choose a calculator")


@pytest.mark.parametrize("name", ["mme", "oud", "cows", "taper", "induction", "ort"])
def test_every_calculator_has_help_and_json(capsys, name):
    parser = argparse.ArgumentParser(prog="sim")
    add_calc_parser(parser.add_subparsers(dest="command"))
    with pytest.raises(SystemExit) as exit_info:
        parser.parse_args(["calc", name, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "--json" in out and "example" in out


def test_argparse_number_errors_exit_2(capsys):
    parser = argparse.ArgumentParser(prog="sim")
    add_calc_parser(parser.add_subparsers(dest="command"))
    for argv in (
        ["calc", "induction", "--last", "short_acting", "--hours", "soon"],
        ["calc", "induction", "--last", "short_acting", "--hours", "6", "--cows", "high"],
    ):
        with pytest.raises(SystemExit) as exit_info:
            parser.parse_args(argv)
        assert exit_info.value.code == 2
    assert "is not a number" in capsys.readouterr().err


class _ClosedPipe:
    def __init__(self, fd=None):
        self.fd = fd

    def write(self, text):
        raise BrokenPipeError

    def flush(self):
        raise BrokenPipeError

    def fileno(self):
        if self.fd is None:
            raise ValueError("no file descriptor")
        return self.fd


def test_a_closed_pipe_is_not_a_traceback(monkeypatch, tmp_path):
    parser = argparse.ArgumentParser(prog="sim")
    add_calc_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["calc", "mme", "morphine:10:1"])
    monkeypatch.setattr("sys.stdout", _ClosedPipe())
    assert run_calc(args) == 0
    with open(tmp_path / "out", "w") as handle:
        monkeypatch.setattr("sys.stdout", _ClosedPipe(handle.fileno()))
        assert run_calc(args) == 0
