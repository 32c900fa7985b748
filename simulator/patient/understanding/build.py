"""Rebuild ``model/intent_classifier.npz`` from ``phrasings.yaml``.

    python -m simulator.patient.understanding.build

Run after editing the phrasings (a test fails while the shipped classifier is stale). Takes
about half a minute; numpy only.
"""

from __future__ import annotations

import time

from .model import CLASSIFIER, build


def main() -> int:
    t0 = time.perf_counter()
    model = build()
    model.save(CLASSIFIER)
    print(f"wrote {CLASSIFIER} ({CLASSIFIER.stat().st_size // 1024} KiB, "
          f"{len(model.classes)} classes) in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
