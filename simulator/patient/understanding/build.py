"""Rebuild ``model/intent_classifier.npz`` from ``phrasings.yaml``.

    python -m simulator.patient.understanding.build          # the classifier, then the index
    python -m simulator.patient.understanding.build --index  # the core phrasing index alone

Run after editing the phrasings (a test fails while the shipped classifier is stale). Takes
about half a minute; numpy only. The core phrasing index (``model/core_index.npz``) is written
after the classifier, from the classifier as read back from its file; ``--index`` rewrites it
alone (a few seconds), after a change to the code that builds it (a test says when).
"""

from __future__ import annotations

import sys
import time

from .model import CLASSIFIER, build
from .topics import CORE_INDEX, save_core_index


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    t0 = time.perf_counter()
    if "--index" not in args:
        model = build()
        model.save(CLASSIFIER)
        print(f"wrote {CLASSIFIER} ({CLASSIFIER.stat().st_size // 1024} KiB, "
              f"{len(model.classes)} classes) in {time.perf_counter() - t0:.1f} s")
    # the index reads the model every process reads: the one just written, loaded from its file
    index = save_core_index(CORE_INDEX)
    print(f"wrote {CORE_INDEX} ({CORE_INDEX.stat().st_size // 1024} KiB, "
          f"{index.size} phrasings) in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
