"""The quick plan sweep over its whole grid, for every bundled case, held against the tests' sample.

The suite (tests/scoring/test_plan_sweep.py, test_clinical_sweep.py, test_plain_words.py) sweeps
a stratified sample of the quick grid (``stratify=4`` of
:func:`simulator.scoring.plan_sweep.plan_space`: every opioid choice with every MOUD choice, a
quarter of the naloxone and follow-up choices under them in turn plus naloxone with the follow-up
nearest the expert's, the expert's own opioid and MOUD choices whole; about 3,400 plans a case).
This sweeps the whole grid (7,616 plans a case), prints what it found, and checks that the sample
reaches the same: the best score, the safety rules that fire, the critical guidance, the
clinical questions of test_clinical_sweep and the reviewer's harms of test_plan_sweep. It exits 1
when the sample misses anything the whole grid reaches, and names any closest unsafe score (of a
plan with a finding, of a plan each clinical question names) the sample does not reach.

    python bench/plan_sweep.py [CASE ...]

Measured on 2026-12-07 (2 shared cores): about 20 s of CPU for the eleven cases; the sample
reached the same on every case, and the same closest unsafe scores but one (stable-dependence,
"stacks two full agonists": 61 in the sample, 63 in the whole grid, against the expert's 78).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "scoring")]

from fixtures import loads  # noqa: E402

loads.install()  # the tests' fixtures read bundled cases through it, as under tests/conftest.py

from fixtures.sweeps import QUICK, SAMPLE, expert_run, plan_scores  # noqa: E402
from test_clinical_sweep import NAMES, QUESTIONS  # noqa: E402
from test_plan_sweep import harms  # noqa: E402

from simulator.engine.actions import action_to_dict  # noqa: E402
from simulator.scoring.plan_sweep import plan_space  # noqa: E402


def reached(name: str, space: dict[str, Any]) -> dict[str, Any]:
    """What the plans of ``space`` reach in the case: the best score, the rules, the critical
    guidance, the clinical questions (the gabapentinoid tried every fourth plan, as the test
    does) and the reviewer's harms."""
    expert = expert_run(name)
    scenario, scored = expert.scenario, plan_scores(name)
    seen: dict[str, Any] = {"plans": 0, "best": 0, "rules": set(), "critical": set(), "questions": set(),
                            "harms": set(), "closest": {}}
    for n, plan in enumerate(plan_space(action_to_dict(expert.data.plan), **space)):
        tries = [plan]
        if n % 4 == 0 and "gabapentinoid" not in plan["nonopioid"]:
            tries.append(plan | {"nonopioid": [*plan["nonopioid"], "gabapentinoid"]})
        for candidate in tries:
            for q in (q for q, unsafe in QUESTIONS.items() if unsafe(candidate, scenario)):
                seen["questions"].add(q)
                seen["closest"][q] = max(seen["closest"].get(q, 0), scored(candidate)[0])
        total, found = scored(plan)
        if found:
            seen["closest"]["any finding"] = max(seen["closest"].get("any finding", 0), total)
        seen["plans"] += 1
        seen["best"] = max(seen["best"], total)
        seen["rules"] |= {f.rule for f in found}
        seen["critical"] |= {f.guidance for f in found if f.critical}
        seen["harms"] |= harms(plan, scenario)
    return seen


def main(argv: list[str]) -> int:
    missed = 0
    for name in argv or NAMES:
        start = time.process_time()
        whole, sample = reached(name, QUICK), reached(name, SAMPLE)
        gaps = {k: sorted(whole[k] - sample[k]) for k in ("rules", "critical", "questions", "harms")}
        gaps = {k: v for k, v in gaps.items() if v}
        if sample["best"] != whole["best"]:
            gaps["best"] = [f"{sample['best']} of {whole['best']}"]
        missed += bool(gaps)
        closer = {q: f"{sample['closest'].get(q)} of {top}" for q, top in whole["closest"].items()
                  if sample["closest"].get(q) != top}
        print(f"{name}: {whole['plans']} plans, sample {sample['plans']}; best {whole['best']}; "
              f"{len(whole['rules'])} rules, {len(whole['critical'])} critical, "
              f"{len(whole['questions'])} questions, {len(whole['harms'])} harms; "
              f"{'sample misses ' + str(gaps) if gaps else 'sample reaches the same'}"
              f"{'; best unsafe scores, sample of whole: ' + str(closer) if closer else ''} "
              f"({time.process_time() - start:.1f} s)", flush=True)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
