"""Generated documentation stays in step with the code that generates it."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_field_reference_is_current():
    out = subprocess.run([sys.executable, "-m", "simulator", "reference"], capture_output=True,
                         text=True, cwd=ROOT, check=True).stdout
    assert (ROOT / "docs" / "REFERENCE.md").read_text(encoding="utf-8") == out, (
        "docs/REFERENCE.md is stale: run `python -m simulator reference > docs/REFERENCE.md`"
    )


def test_readme_starts_with_the_two_command_lines():
    lines = [ln for ln in (ROOT / "README.md").read_text(encoding="utf-8").splitlines() if ln.strip()]
    commands = [ln for ln in lines[:12] if ln.startswith("python -m pip install")]
    assert len(commands) == 2
    assert commands[0].endswith("python main.py")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1].split("&& ", 1)[1] in ci  # CI runs the README's test command
