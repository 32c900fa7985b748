"""Generated documentation stays in step with the code that generates it."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from fixtures.cli import run_cli

ROOT = Path(__file__).resolve().parents[1]


def test_field_reference_is_current():
    out = run_cli("reference").stdout
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


FENCE = re.compile(r"^```(\w+)\n(.*?)^```\n", re.S | re.M)


def _tutorial_steps() -> list[tuple[str, str]]:
    text = (ROOT / "docs" / "AUTHORING.md").read_text(encoding="utf-8")
    tutorial = text[: text.index("\n# Reference notes")]
    return [(m.group(1), m.group(2)) for m in FENCE.finditer(tutorial)]


def test_the_authoring_tutorial_runs_as_written(tmp_path):
    """Every file of docs/AUTHORING.md's tutorial is written and every command run in order, in a
    fresh folder: each exits as the page says (0 unless marked `# exit N`) and prints the lines the
    following text block shows (`...` stands for any text)."""
    steps = _tutorial_steps()
    ran, last_output = 0, None
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONPATH=str(ROOT))
    for kind, body in steps:
        if kind == "yaml" and body.startswith("# file: "):
            name = body.split("\n", 1)[0].removeprefix("# file: ").strip()
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name).write_text(body, encoding="utf-8")
        elif kind == "sh":
            output = []
            for line in body.splitlines():
                if not line.strip() or line.startswith("python main.py"):
                    continue
                command, _, note = line.partition("  # exit ")
                want = int(note) if note else 0
                if command.startswith("python -m simulator ") and not set(command) & set("|&;<>$`*?"):
                    # the command line in this process (tests/test_cli.py runs the real entry point)
                    result = run_cli(*shlex.split(command)[3:], cwd=tmp_path)
                else:
                    if command.startswith("python "):
                        command = f'"{sys.executable}" ' + command.removeprefix("python ")
                    result = subprocess.run(command, shell=True, capture_output=True, text=True,
                                            cwd=tmp_path, env=env, timeout=300, check=False)
                assert result.returncode == want, f"{line}\n{result.stdout}{result.stderr}"
                output.append(result.stdout + result.stderr)
                ran += 1
            last_output = "\n".join(output)
        elif kind == "text" and last_output is not None:
            for expected in body.splitlines():
                pattern = ".*".join(re.escape(part) for part in expected.split("..."))
                assert re.search(pattern, last_output), f"{expected!r} not in:\n{last_output}"
            last_output = None
    assert ran >= 6  # validate, the mistake, lint, play, explore, test


def test_the_tutorial_case_is_a_complete_case():
    files = [body for kind, body in _tutorial_steps() if kind == "yaml" and body.startswith("# file: ")]
    names = [body.split("\n", 1)[0] for body in files]
    assert any(n.endswith(".expert.yaml") for n in names) and any(n.endswith(".poor.yaml") for n in names)


def test_the_format_examples_in_authoring_are_cut_from_the_tested_case():
    """docs/AUTHORING.md's "Conditions, orders and rule settings" shows snippets of the teaching
    case that tests/scenario/test_methadone_qtc_case.py plays: each must still be in that file."""
    text = (ROOT / "docs" / "AUTHORING.md").read_text(encoding="utf-8")
    start = text.index("## Conditions, orders and rule settings")
    section = text[start : text.index("\n## ", start + 5)]
    case = (ROOT / "tests" / "fixtures" / "cases" / "methadone-qtc.yaml").read_text(encoding="utf-8")
    blocks = [m.group(2) for m in FENCE.finditer(section) if m.group(1) == "yaml"]
    assert len(blocks) == 4
    for block in blocks:
        assert block in case, block
