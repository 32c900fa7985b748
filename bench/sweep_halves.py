"""One bar swept on whole turns, per half of the development files (issue 19, round 8).

    python bench/sweep_halves.py MODULE NAME VALUE [VALUE ...]

Plays every development file through ``SessionController.ask`` once per value of
``simulator.patient.MODULE.NAME`` and prints wrong and answered per file and per half
(``ask_back_study.TUNE`` / ``CHECK``).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main(argv: list[str]) -> int:
    import realistic_turns as rt
    from ask_back_study import CHECK, DATA, TUNE

    module = importlib.import_module(f"simulator.patient.{argv[0]}")
    name = argv[1]
    for raw in argv[2:]:
        setattr(module, name, float(raw))
        for label, files in (("tune", TUNE), ("check", CHECK)):
            total = [0, 0, 0, 0]
            for f in files:
                outcomes = rt.play([{**c, "split": "all"} for c in rt.load(DATA / f)], "all")
                parts = [v for o in outcomes for _i, v in o.parts]
                turns = len(outcomes) + len(parts)
                wrong = sum(o.verdict == "wrong" for o in outcomes) + parts.count("wrong")
                n_ans = sum(o.answerable for o in outcomes) + len(parts)
                answered = sum(o.answerable and o.verdict == "right" for o in outcomes) + parts.count("right")
                print(f"{name}={raw} {label} {f}: wrong {wrong}/{turns} answered {answered}/{n_ans}",
                      flush=True)
                total = [total[0] + wrong, total[1] + turns, total[2] + answered, total[3] + n_ans]
            print(f"{name}={raw} {label} TOTAL: wrong {total[0]}/{total[1]} answered {total[2]}/{total[3]}",
                  flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
