"""``python -m simulator calc ...``: the clinical calculators on the command line.

The main CLI registers the subcommand with ``add_calc_parser(subparsers)`` and hands parsed
arguments for ``calc`` to ``run_calc(args)``, which prints the result (text, or JSON with
``--json``) and returns the exit code: 0 done, 2 bad input (one ``error: ...`` line on stderr).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from typing import Any

from simulator.clinical import cows, dsm5, moud, risk, taper
from simulator.clinical.errors import ClinicalInputError
from simulator.clinical.findings import Finding
from simulator.clinical.mme import FACTORS_2022, Regimen, total_mme

_RAW = argparse.RawDescriptionHelpFormatter


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def _add(sub: Any, name: str, help_text: str, description: str, epilog: str) -> Any:
    parser = sub.add_parser(
        name, help=help_text, description=description, epilog=epilog, formatter_class=_RAW
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    return parser


def _add_mme(sub: Any) -> None:
    p = _add(
        sub,
        "mme",
        "daily morphine milligram equivalents (CDC 2022 factors)",
        "Total daily MME of one or more opioid orders, with the CDC 2022 conversion factors.\n"
        "Buprenorphine has no factor and is refused. MME estimates overdose risk; do not use it\n"
        "to choose the dose of a new opioid.",
        "ORDER is DRUG:STRENGTH:TIMES_PER_DAY[:UNITS_PER_DOSE]\n"
        "  strength in mg; fentanyl_patch strength in mcg/hr (TIMES_PER_DAY 1, UNITS = patches)\n"
        "  count PRN orders at the most allowed in a day\n"
        f"drugs: {', '.join(sorted(FACTORS_2022))}\n\n"
        "examples:\n"
        "  calc mme hydrocodone:5:4            hydrocodone 5 mg four times a day -> 20\n"
        "  calc mme oxycodone:10:4 morphine:15:2\n"
        "  calc mme fentanyl_patch:25:1        one 25 mcg/hr patch -> 60",
    )
    p.add_argument("orders", nargs="+", metavar="ORDER", help="an opioid order (see below)")


def _add_oud(sub: Any) -> None:
    p = _add(
        sub,
        "oud",
        "DSM-5 opioid use disorder: criteria count, severity, remission",
        "Count the DSM-5 criteria for opioid use disorder met within one 12-month period and\n"
        "give the severity (2-3 mild, 4-5 moderate, 6+ severe). Tolerance and withdrawal do not\n"
        "count when opioids are taken only as prescribed under medical supervision.",
        "CRITERION is an id, optionally with when it was present in months ago: craving@0,5\n"
        "(without @, present within the last 12 months)\n"
        f"criteria: {', '.join(dsm5.CRITERION_IDS)}\n\n"
        "examples:\n"
        "  calc oud tolerance withdrawal --supervised         -> no opioid use disorder\n"
        "  calc oud craving larger_longer tolerance withdrawal  -> moderate\n"
        "  calc oud larger_longer@14 cut_down@14 craving@0 --maintenance",
    )
    p.add_argument("criteria", nargs="*", metavar="CRITERION", help="a criterion met")
    p.add_argument(
        "--supervised",
        action="store_true",
        help="opioids taken only as prescribed under appropriate medical supervision",
    )
    p.add_argument(
        "--maintenance",
        action="store_true",
        help="on maintenance therapy (methadone, buprenorphine or naltrexone for OUD)",
    )
    p.add_argument("--controlled-environment", action="store_true", help="access to opioids is restricted")


def _add_cows(sub: Any) -> None:
    lines = [
        f"  --{item.id.replace('_', '-'):13} "
        + "; ".join(f"{score} {text}" for score, text in item.anchors.items())
        for item in cows.ITEMS
    ]
    p = _add(
        sub,
        "cows",
        "Clinical Opiate Withdrawal Scale total and band",
        "Score the 11 COWS items; total 0-48. Bands: 0-4 none, 5-12 mild, 13-24 moderate,\n"
        "25-36 moderately severe, 37+ severe. Rate each sign only as far as it is due to\n"
        "opioid withdrawal.",
        "allowed scores:\n" + "\n".join(lines) + "\n\nexample:\n"
        "  calc cows --pulse-rate 104 --sweating 1 --restlessness 1 --pupils 1 --aches 1 \\\n"
        "    --runny-nose 1 --gi-upset 2 --tremor 0 --yawning 1 --anxiety 1 --gooseflesh 0",
    )
    for item in cows.ITEMS:
        p.add_argument(
            f"--{item.id.replace('_', '-')}",
            dest=f"cows_{item.id}",
            type=_whole,
            metavar="N",
            help=f"{item.title} ({', '.join(map(str, item.allowed))})",
        )
    p.add_argument("--pulse-rate", type=_number, metavar="BPM", help="resting pulse; sets the pulse item")


def _add_taper(sub: Any) -> None:
    p = _add(
        sub,
        "taper",
        "plan an opioid taper and check its speed",
        "Plan a taper from the current regimen, with doses that real tablet strengths can give,\n"
        "each step's daily MME, and checks of the printed steps, each against the dose before\n"
        "it (a month is 30 days): stopping at once is a critical error; after a year or more on\n"
        "opioids 10% a month or slower (CDC 2022); otherwise about 10% a week or slower (CDC\n"
        "2016; seed A says 10-25% a week); cuts should not grow as the dose falls.",
        "examples:\n"
        "  calc taper oxycodone 30 3 --percent 10 --every 28 --months 36\n"
        "  calc taper morphine 60 2 --percent 10 --every 7 --of current --months 4 --pause 3:14",
    )
    p.add_argument("drug", help="the opioid (e.g. oxycodone, fentanyl_patch)")
    p.add_argument("strength", type=_number, help="strength of each unit (mg; patch mcg/hr)")
    p.add_argument("doses_per_day", type=_whole, help="doses a day (1 for patches)")
    p.add_argument("--units-per-dose", type=_number, default=1, metavar="N", help="default 1")
    p.add_argument("--percent", type=_number, required=True, help="reduction at each step (%%)")
    p.add_argument("--every", type=_number, required=True, metavar="DAYS", help="days per step")
    p.add_argument("--months", type=_number, required=True, help="months the patient has taken opioids")
    p.add_argument(
        "--of",
        choices=("original", "current"),
        default="original",
        help="percent of the original dose (default) or of the current dose",
    )
    p.add_argument(
        "--pause",
        action="append",
        default=[],
        metavar="STEP:DAYS",
        help="hold a step for extra days (repeatable)",
    )
    p.add_argument("--target", type=_number, default=0, help="daily dose to stop at (default 0)")
    p.add_argument("--strengths", metavar="LIST", help="tablet strengths to use, e.g. 5,10,15")
    p.add_argument(
        "--life-threatening-signs",
        action="store_true",
        help="signs such as confusion, sedation or slurred speech (allows stopping at once)",
    )


def _add_induction(sub: Any) -> None:
    p = _add(
        sub,
        "induction",
        "check the timing of a buprenorphine start",
        "Check a buprenorphine start: objective withdrawal (COWS about 8-12 or more) and time\n"
        "since the last opioid (6-12 h short-acting, 24-72 h long-acting or methadone), the\n"
        "risk of precipitated withdrawal, and low-dose induction as the alternative.",
        "examples:\n"
        "  calc induction --last short_acting --hours 14 --cows 13 --first-dose 4\n"
        "  calc induction --last methadone --hours 24 --methadone-dose 80\n"
        "  calc induction --last methadone --hours 2 --low-dose",
    )
    p.add_argument("--last", required=True, choices=tuple(moud.MIN_WAIT_HOURS), help="last opioid")
    p.add_argument("--hours", type=_number, required=True, help="hours since the last dose")
    p.add_argument("--cows", type=_whole, help="current COWS total")
    p.add_argument("--first-dose", type=_number, metavar="MG", help="first buprenorphine dose")
    p.add_argument("--day1-total", type=_number, metavar="MG", help="planned day 1 total")
    p.add_argument("--methadone-dose", type=_number, metavar="MG", help="methadone mg a day")
    p.add_argument("--low-dose", action="store_true", help="low-dose (micro) induction")


def _add_ort(sub: Any) -> None:
    p = _add(
        sub,
        "ort",
        "Opioid Risk Tool score and band",
        "Score the Opioid Risk Tool (Webster 2005): 0-3 low, 4-7 moderate, 8+ high risk.\n"
        "The age item is set from --age.",
        "items:\n"
        + "\n".join(
            f"  {i.id:28} {i.title} (F {i.female}, M {i.male})" for i in risk.ORT_ITEMS if i.id != "age_16_45"
        )
        + "\n\nexample:\n  calc ort --sex female --age 35 personal_alcohol depression",
    )
    p.add_argument("items", nargs="*", metavar="ITEM", help="an item that applies")
    p.add_argument("--sex", required=True, help="female or male")
    p.add_argument("--age", type=_number, required=True, help="age in years")


def add_calc_parser(subparsers: Any) -> None:
    """Register ``calc`` and its calculators on the main CLI's subparsers."""
    calc = subparsers.add_parser(
        "calc",
        help="clinical calculators: mme, oud, cows, taper, induction, ort",
        description="Clinical calculators. Each says where its rule comes from.",
    )
    calc.set_defaults(calc_parser=calc)
    sub = calc.add_subparsers(dest="calc_command", metavar="CALCULATOR")
    for add in (_add_mme, _add_oud, _add_cows, _add_taper, _add_induction, _add_ort):
        add(sub)


# ---------------------------------------------------------------- running


def _order(text: str) -> Regimen:
    parts = text.split(":")
    if not 2 <= len(parts) <= 4 or not parts[0]:
        raise ClinicalInputError(
            f"order {text!r} should look like DRUG:STRENGTH:TIMES_PER_DAY[:UNITS_PER_DOSE]"
        )
    try:
        numbers = [float(p) for p in parts[1:]]
    except ValueError:
        raise ClinicalInputError(f"order {text!r}: strength and counts must be numbers") from None
    times = numbers[1] if len(numbers) > 1 else 1
    units = numbers[2] if len(numbers) > 2 else 1
    return Regimen(parts[0], numbers[0], units, times)


def _criteria(items: list[str]) -> dict[str, list[float]] | list[str]:
    if not any("@" in item for item in items):
        return items
    timeline: dict[str, list[float]] = {}
    for item in items:
        name, _, when = item.partition("@")
        try:
            times = [float(t) for t in when.split(",")] if when else [0.0]
        except ValueError:
            raise ClinicalInputError(f"{item!r}: months ago must be numbers, e.g. craving@0,5") from None
        timeline.setdefault(name, []).extend(times)
    return timeline


def _pauses(items: list[str]) -> dict[int, int]:
    pauses: dict[int, int] = {}
    for item in items:
        step, _, days = item.partition(":")
        try:
            pauses[int(step)] = int(days)
        except ValueError:
            raise ClinicalInputError(f"pause {item!r} should be STEP:DAYS, e.g. 3:14") from None
    return pauses


def _strengths(text: str | None) -> tuple[float, ...] | None:
    if text is None:
        return None
    try:
        return tuple(float(s) for s in text.split(",") if s.strip())
    except ValueError:
        raise ClinicalInputError(f"strengths {text!r} should be numbers, e.g. 5,10,15") from None


def _finding_line(item: Finding) -> str:
    return f"  [{item.severity.upper()}] {item.message} ({item.guidance_id}; {item.source})"


def _text_mme(result: Any) -> list[str]:
    lines = [f"Daily MME: {result.value:g} ({result.band})"]
    for line in result.breakdown:
        lines.append(f"  {line.drug}: {line.daily_dose:g} {line.unit} x {line.factor:g} = {line.mme:g}")
    lines += [f"  note: {note}" for note in result.notes]
    lines.append(f"Source: {result.citation.guidance_id}; {result.citation.source}")
    return lines


def _run_mme(args: argparse.Namespace) -> tuple[Any, list[str]]:
    result = total_mme([_order(o) for o in args.orders])
    return result, _text_mme(result)


def _run_oud(args: argparse.Namespace) -> tuple[Any, list[str]]:
    result = dsm5.assess(
        _criteria(args.criteria),
        args.supervised,
        on_maintenance_therapy=args.maintenance,
        controlled_environment=args.controlled_environment,
    )
    lines = [result.label, f"Criteria counted ({result.count}): {', '.join(result.counted) or '-'}"]
    lines += [f"  {text}" for text in result.explanation]
    lines += [f"Source: {c.guidance_id}; {c.source}" for c in result.citations]
    return {**asdict(result), "label": result.label, "has_oud": result.has_oud}, lines


def _run_cows(args: argparse.Namespace) -> tuple[Any, list[str]]:
    items = {
        item.id: getattr(args, f"cows_{item.id}")
        for item in cows.ITEMS
        if getattr(args, f"cows_{item.id}") is not None
    }
    result = cows.score(items, pulse_bpm=args.pulse_rate)
    lines = [f"COWS total: {result.total} ({result.band})"]
    lines += [f"  {item}: {value}" for item, value in result.items]
    lines.append(f"Source: {result.citation.guidance_id}; {result.citation.source}")
    return result, lines


def _run_taper(args: argparse.Namespace) -> tuple[Any, list[str]]:
    plan = taper.plan_taper(
        args.drug,
        args.strength,
        args.doses_per_day,
        args.percent,
        args.every,
        args.months,
        per_dose=args.units_per_dose,
        basis=args.of,
        pauses=_pauses(args.pause),
        target_daily=args.target,
        strengths=_strengths(args.strengths),
        life_threatening_signs=args.life_threatening_signs,
    )
    each = "mcg/hr" if plan.unit == "mcg/hr" else "mg"
    lines = [f"Taper plan for {plan.drug} ({plan.total_days} days):"]
    for s in plan.steps:
        doses = " + ".join(f"{d:g}" for d in s.doses) + f" {each}" if s.doses else "stop"
        doses += " as oral solution" if s.oral_solution else ""
        pause = f"; hold {s.pause_days} extra days" if s.pause_days else ""
        lines.append(
            f"  step {s.number:>2}, day {s.day:>4}: {s.daily_dose:g} {plan.unit} ({doses}), "
            f"{s.daily_mme:g} MME, {s.percent_of_start:g}% of start{pause}"
        )
    lines.append("Checks:")
    lines += [_finding_line(f) for f in plan.findings]
    lines += [f"  note: {note}" for note in plan.notes]
    return {**asdict(plan), "total_days": plan.total_days}, lines


def _run_induction(args: argparse.Namespace) -> tuple[Any, list[str]]:
    result = moud.check_induction(
        args.last,
        args.hours,
        args.cows,
        first_dose_mg=args.first_dose,
        day1_total_mg=args.day1_total,
        methadone_daily_mg=args.methadone_dose,
        low_dose=args.low_dose,
    )
    lines = [
        f"Ready for buprenorphine: {'yes' if result.ready else 'no'}; "
        f"precipitated-withdrawal risk: {result.risk}"
    ]
    lines += [_finding_line(f) for f in result.findings]
    lines += [f"  advice: {a}" for a in result.advice]
    return result, lines


def _run_ort(args: argparse.Namespace) -> tuple[Any, list[str]]:
    result = risk.ort_score(args.sex, args.age, args.items)
    lines = [f"Opioid Risk Tool: {result.score} ({result.band} risk)"]
    lines += [f"  {item}: {points}" for item, points in result.points]
    lines += [f"  risk factor: {f.title}. {f.implication}" for f in result.factors]
    lines.append(f"Source: {result.citation.guidance_id}; {result.citation.source}")
    return result, lines


_RUNNERS: dict[str, Callable[[argparse.Namespace], tuple[Any, list[str]]]] = {
    "mme": _run_mme,
    "oud": _run_oud,
    "cows": _run_cows,
    "taper": _run_taper,
    "induction": _run_induction,
    "ort": _run_ort,
}


def _to_json(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")  # pragma: no cover


def run_calc(args: argparse.Namespace) -> int:
    """Run the calculator chosen in ``args``; return the exit code (0 ok, 2 bad input)."""
    command = getattr(args, "calc_command", None)
    if command not in _RUNNERS:
        parser = getattr(args, "calc_parser", None)
        if parser is not None:
            parser.print_help(sys.stderr)
        print("error: choose a calculator: " + ", ".join(_RUNNERS), file=sys.stderr)
        return 2
    try:
        result, lines = _RUNNERS[command](args)
    except ClinicalInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _emit(json.dumps(result, default=_to_json, indent=2) if args.json else "\n".join(lines))
    return 0


def _emit(text: str) -> None:
    """Print, quietly accepting a reader that went away (e.g. piped into ``head``)."""
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:
        try:  # stop the interpreter's own flush at exit from failing too
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
