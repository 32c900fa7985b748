"""The YAML reader: whatever an instructor (or an attacker) saves, they get a clear, positioned
error quickly, and nothing in the file can construct objects or run code."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from fixtures.scenario_text import HOSTILE, ROOT, SCENARIO, line_of, real_text

from simulator.errors import ProblemsError
from simulator.scenario import yamlio
from simulator.scenario.yamlio import read_yaml_file, read_yaml_text


def problems_of(call, *args) -> list[str]:
    with pytest.raises(ProblemsError) as info:
        call(*args)
    return [str(p) for p in info.value.problems]


def write(tmp_path, name: str, data: bytes | str):
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


# ----------------------------------------------------------------------------- empty files


@pytest.mark.parametrize(
    "content",
    ["", "\n\n", "   \n\t\n  ", "# only a comment\n", "# one\n   # two\n\n# three"],
    ids=["empty", "newlines", "whitespace", "comment", "comments"],
)
def test_an_empty_file_says_so(tmp_path, content):
    path = write(tmp_path, "s.yaml", content)
    assert problems_of(read_yaml_file, path) == [f"{path}:1:1: error: the file is empty"]


# ----------------------------------------------------------------------------- not text


def test_latin1_text_is_reported_at_the_first_bad_byte(tmp_path):
    path = write(tmp_path, "s.yaml", "format: 1\ntitle: Caf\u00e9\n".encode("latin-1"))
    assert problems_of(read_yaml_file, path) == [
        f"{path}:2:11: error: the file is not valid UTF-8 text; save it as UTF-8"
    ]


def test_a_binary_file_with_nul_bytes_is_not_parsed(tmp_path):
    path = write(tmp_path, "s.yaml", b"format: 1\nid: \x00\x01\x02\n")
    assert problems_of(read_yaml_file, path) == [
        f"{path}:2:5: error: this looks like a binary file, not YAML"
    ]


def test_a_nul_far_into_a_file_is_still_found(tmp_path):
    path = write(tmp_path, "s.yaml", b"a: 1\n" * 5000 + b"b: \x00\n")
    (problem,) = problems_of(read_yaml_file, path)
    assert problem.startswith(f"{path}:5001:4: error: this looks like a binary file")


def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    path = write(tmp_path, "s.yaml", "\ufeffa: 1\n".encode())
    assert read_yaml_file(path).data == {"a": 1}


def test_missing_files_and_folders_are_clean_errors(tmp_path):
    assert problems_of(read_yaml_file, tmp_path / "nope.yaml") == [
        f"{tmp_path / 'nope.yaml'}:1:1: error: file not found"
    ]
    (problem,) = problems_of(read_yaml_file, tmp_path)
    assert problem.startswith(f"{tmp_path}:1:1: error: ")


# ----------------------------------------------------------------------------- huge files


def test_a_file_over_2_mb_is_refused_before_parsing(tmp_path):
    path = write(tmp_path, "big.yaml", b"key: " + b"x" * (yamlio.MAX_BYTES + 10) + b"\n")
    start = time.perf_counter()
    (problem,) = problems_of(read_yaml_file, path)
    assert time.perf_counter() - start < 1.0
    assert problem.startswith(f"{path}:1:1: error: the file is too large")
    assert "the limit is 2 MB" in problem


def test_huge_text_in_memory_is_refused_too():
    (problem,) = problems_of(read_yaml_text, "a: " + "x" * (yamlio.MAX_BYTES + 1), "x.yaml")
    assert problem.startswith("x.yaml:1:1: error: the file is too large")


def test_a_file_of_too_many_values_is_refused(monkeypatch):
    monkeypatch.setattr(yamlio, "MAX_NODES", 1000)
    text = "[" + ",".join(["1"] * 1005) + "]\n"
    (problem,) = problems_of(read_yaml_text, text, "x.yaml")
    assert problem.startswith("x.yaml:1:") and "more than 1000 values" in problem


def test_a_file_of_a_million_tiny_values_is_refused_within_seconds(tmp_path):
    path = tmp_path / "many.yaml"
    path.write_text("[" + "1," * 1_000_000 + "1]\n")
    assert path.stat().st_size < yamlio.MAX_BYTES
    code = f"from simulator.scenario.yamlio import read_yaml_file\nread_yaml_file({str(path)!r})\n"
    try:
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=3, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.fail("still parsing after 3 s")
    assert "ProblemsError" in result.stderr


# ----------------------------------------------------------------------------- alias bombs


def test_billion_laughs_is_rejected_quickly():
    text = (HOSTILE / "alias_bomb.yaml").read_text()
    start = time.perf_counter()
    problems = problems_of(read_yaml_text, text, "bomb.yaml")
    assert time.perf_counter() - start < 1.0
    # the first anchor is on line 2 (after the comment), at the '&'
    assert problems[0] == (
        "bomb.yaml:2:4: error: anchors and aliases (&name / *name) are not allowed in these files"
    )


def test_a_single_alias_is_refused_with_its_anchor_position():
    problems = problems_of(read_yaml_text, "a: &x 1\nb: *x\n", "x.yaml")
    assert problems == [
        "x.yaml:1:4: error: anchors and aliases (&name / *name) are not allowed in these files"
    ]


def test_merge_keys_are_refused():
    problems = problems_of(read_yaml_text, (HOSTILE / "merge_key.yaml").read_text(), "m.yaml")
    assert "m.yaml:3:3: error: keys must be plain words" in problems or any(
        "merge keys" in p for p in problems
    )


# ----------------------------------------------------------------------------- deep nesting


def test_deep_block_nesting_is_reported_where_it_gets_too_deep():
    depth = yamlio.MAX_DEPTH + 5
    text = "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "v: 1\n"
    (problem,) = problems_of(read_yaml_text, text, "x.yaml")
    assert problem.startswith("x.yaml:") and f"nested more than {yamlio.MAX_DEPTH} levels deep" in problem


def test_deep_flow_nesting_gives_a_clean_error():
    text = "a: " + "[" * 600 + "]" * 600 + "\n"
    (problem,) = problems_of(read_yaml_text, text, "x.yaml")
    assert problem.startswith("x.yaml:1:") and "nested" in problem and "deep" in problem


def test_deep_flow_nesting_is_rejected_quickly():
    start = time.perf_counter()
    with pytest.raises(ProblemsError):
        read_yaml_text("[" * 1000, "x.yaml")
    assert time.perf_counter() - start < 0.1


# ----------------------------------------------------------------------------- duplicate keys


def test_duplicate_keys_name_both_lines():
    text = "format: 1\nid: one\ntitle: First\nid: two\n"
    assert problems_of(read_yaml_text, text, "d.yaml") == [
        "d.yaml:4:1: error: duplicate key 'id' (first defined at line 2); each key may appear once"
    ]


def test_nested_duplicate_keys_in_the_real_scenario():
    text = real_text()
    first = line_of(text, "  age: 46")
    broken = text.replace("  age: 46\n", "  age: 46\n  sex: male\n  age: 47\n", 1)
    problems = problems_of(read_yaml_text, broken, "s.yaml")
    assert (
        f"s.yaml:{first + 2}:3: error: duplicate key 'age' (first defined at line {first}); "
        "each key may appear once" in problems
    )
    assert (
        f"s.yaml:{first + 3}:3: error: duplicate key 'sex' (first defined at line {first + 1}); "
        "each key may appear once" in problems
    )


def test_every_duplicate_is_reported_not_just_the_first():
    problems = problems_of(read_yaml_text, "a: 1\na: 2\nb: 1\nb: 2\n", "d.yaml")
    assert [p.split(":")[1] for p in problems] == ["2", "4"]


# ----------------------------------------------------------------------------- tags


@pytest.mark.parametrize(
    "text",
    [
        "id: !!python/object:os.system echo\n",
        "id: !!python/name:os.system\n",
        "id: !!python/object/apply:os.system echo\n",
        "id: !custom thing\n",
        "id: !!binary aGVsbG8=\n",
    ],
)
def test_tags_on_values_are_refused(text):
    (problem,) = problems_of(read_yaml_text, text, "t.yaml")
    assert problem.startswith("t.yaml:1:5: error: unsupported YAML tag")


@pytest.mark.parametrize(
    "text",
    [
        "id: !!python/object/apply:os.system [echo pwned]\n",
        "id: !!python/object:os.system {cmd: echo}\n",
        "id: !!set {a, b}\n",
    ],
)
def test_tags_on_lists_and_mappings_are_refused(text):
    (problem,) = problems_of(read_yaml_text, text, "t.yaml")
    assert problem.startswith("t.yaml:1:5: error: unsupported YAML tag")


def test_the_hostile_python_object_file_never_runs_anything(tmp_path, monkeypatch):
    import os
    import subprocess

    def refuse(*args, **kwargs):
        raise AssertionError("the YAML reader tried to run a command")

    monkeypatch.setattr(os, "system", refuse)
    monkeypatch.setattr(subprocess, "Popen", refuse)
    # Whether the tag is refused (see the xfail above) or dropped, nothing may run
    # and no Python object may come out of the file.
    try:
        doc = read_yaml_file(HOSTILE / "python_object.yaml")
    except ProblemsError:
        return
    assert _plain(doc.data)


def _plain(value) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, str | int | float | bool)


# ----------------------------------------------------------------------------- YAML 1.2 scalars


def test_yaml_1_2_keeps_yes_no_on_off_as_words():
    doc = read_yaml_text("a: no\nb: yes\nc: on\nd: off\ne: y\nf: n\nNO: x\n", "x.yaml")
    assert doc.data == {"a": "no", "b": "yes", "c": "on", "d": "off", "e": "y", "f": "n", "NO": "x"}


def test_core_scalars_keep_their_types():
    doc = read_yaml_text(
        "t: true\nf: false\nn: null\ntilde: ~\ni: 42\nneg: -3\nx: 0x1F\no: 0o17\nlead: 017\n"
        "u: 1_000\nfl: 2.5\nq: '5'\ndate: 2026-05-02\n",
        "x.yaml",
    )
    assert doc.data == {
        "t": True,
        "f": False,
        "n": None,
        "tilde": None,
        "i": 42,
        "neg": -3,
        "x": 31,
        "o": 15,
        "lead": 17,
        "u": 1000,
        "fl": 2.5,
        "q": "5",
        "date": "2026-05-02",
    }
    assert all(type(doc.data[k]) is bool for k in ("t", "f"))


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", "9" * 40, "0x" + "f" * 40])
def test_infinite_or_absurd_numbers_are_refused(value):
    (problem,) = problems_of(read_yaml_text, f"a: {value}\n", "x.yaml")
    assert problem.startswith("x.yaml:1:4: error: ")


# ----------------------------------------------------------------------------- syntax and shape


def test_a_syntax_error_points_at_the_problem():
    (problem,) = problems_of(read_yaml_text, (HOSTILE / "not_yaml.yaml").read_text(), "n.yaml")
    assert problem.startswith("n.yaml:3:3: error: YAML syntax: ")


def test_a_tab_for_indentation_is_a_syntax_error_at_the_tab():
    (problem,) = problems_of(read_yaml_text, "a:\n\tb: 1\n", "x.yaml")
    assert problem.startswith("x.yaml:2:1: error: YAML syntax:")


def test_two_documents_in_one_file_are_refused():
    (problem,) = problems_of(read_yaml_text, "a: 1\n---\nb: 2\n", "x.yaml")
    assert problem.startswith("x.yaml:2:1: error: YAML syntax:")


def test_complex_keys_are_refused():
    (problem,) = problems_of(read_yaml_text, "? [a, b]\n: 1\n", "x.yaml")
    assert problem == "x.yaml:1:3: error: keys must be plain words"


# ----------------------------------------------------------------------------- positions


def test_positions_point_at_values_and_keys_of_the_real_scenario():
    text = real_text()
    doc = read_yaml_file(SCENARIO)
    age_line = line_of(text, "  age: 46")
    assert doc.where(("patient", "age")) == (age_line, 8)
    assert doc.where(("patient", "age"), key=True) == (age_line, 3)
    # a path that does not exist falls back to its nearest parent
    assert doc.where(("patient", "nope", 3)) == doc.where(("patient",))
    source = "    - {source: chart, dest: interview}"
    assert doc.where(("flow", "transitions", 0, "dest")) == (
        line_of(text, source),
        source.index("interview") + 1,
    )
    assert ("flow", "transitions", 3, "when") in doc.quoted


def test_brackets_inside_text_are_not_nesting():
    text = "".join(f'k{i}: "pain score [0-10 scale"\n' for i in range(yamlio.MAX_DEPTH + 1))
    text += "".join(f"# note {i}: see [ref\n" for i in range(yamlio.MAX_DEPTH + 1))
    assert len(read_yaml_text(text, "x.yaml").data) == yamlio.MAX_DEPTH + 1
