"""Read YAML files defensively, keeping the line and column of every value.

Scenario and playthrough files are data written by people. This reader:

* refuses files that are too big, empty, binary or not UTF-8, before parsing;
* builds plain Python values from ruamel.yaml's node graph itself, so only the
  YAML 1.2 core types (map, list, str, int, float, bool, null) can appear and no
  tag can construct an object;
* rejects anchors and aliases (which also defuses "billion laughs" alias bombs),
  duplicate keys and non-string keys, each with its position;
* records a ``(line, col)`` for every path so later checks can point at the value.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver

from simulator.errors import Problem, ProblemsError

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 60

PathKey = tuple[str | int, ...]

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    # Dates are kept as their text: the simulator never computes with them.
    "tag:yaml.org,2002:timestamp": "str",
}


_COLLECTION_TAGS = {
    SequenceNode: "tag:yaml.org,2002:seq",
    MappingNode: "tag:yaml.org,2002:map",
}


@dataclass
class Document:
    """Plain data read from a YAML file plus the position of every path in it."""

    file: str
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    quoted: set[PathKey] = field(default_factory=set)
    # For each scalar: (style, start line, start col, end line), all 0-based, and the file's lines,
    # so a position inside a multi-line value can be mapped back to the file.
    spans: dict[PathKey, tuple[str | None, int, int, int, int]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def position_in_value(self, path: PathKey, offset: int) -> tuple[int, int]:
        """1-based ``(line, col)`` of character ``offset`` of the text value at ``path``."""
        if path not in self.spans:
            return self.where(path)
        style, line, col, end, end_col = self.spans[path]
        if end_col == 0 and end > line:
            end -= 1  # the value ended at the end of the previous line
        if style in ("'", '"') and line == end and line < len(self.lines):
            return line + 1, _quoted_column(self.lines[line], col, style, offset) + 1
        if style in (None, "'", '"') and line == end:
            return line + 1, col + offset + 1
        if style in (">", "|"):
            rows = [(n, self.lines[n]) for n in range(line + 1, min(end + 1, len(self.lines)))]
            rows = [(n, t) for n, t in rows if t.strip()]
            if not rows:
                return line + 1, col + 1
            indent = min(len(t) - len(t.lstrip(" ")) for _, t in rows)
            segments = [(n, indent, t[indent:].rstrip()) for n, t in rows]
        else:  # a plain or quoted value over several lines
            first = self.lines[line][col:].rstrip() if line < len(self.lines) else ""
            segments = [(line, col, first)]
            for n in range(line + 1, min(end + 1, len(self.lines))):
                text = self.lines[n]
                if text.strip():
                    lead = len(text) - len(text.lstrip())
                    segments.append((n, lead, text.strip()))
        for n, start, text in segments:
            if offset <= len(text):
                return n + 1, start + offset + 1
            offset -= len(text) + 1
        n, start, text = segments[-1]
        return n + 1, start + len(text) + 1

    def where(self, path: PathKey, *, key: bool = False) -> tuple[int, int]:
        """Best known ``(line, col)`` for ``path``, walking up to a parent if needed."""
        table = self.key_positions if key else self.positions
        p = tuple(path)
        while p:
            if p in table:
                return table[p]
            if not key and p in self.positions:
                return self.positions[p]
            p = p[:-1]
        return self.positions.get((), (1, 1))

    def problem(self, path: PathKey, message: str, *, key: bool = False) -> Problem:
        line, col = self.where(path, key=key)
        return Problem(self.file, line, col, message)


def _quoted_column(row: str, col: int, quote: str, offset: int) -> int:
    """0-based column in ``row`` of value character ``offset`` of a quoted scalar at ``col``."""
    i = col + 1
    for _ in range(offset):
        if i >= len(row):
            break
        if quote == '"' and row[i] == "\\":
            nxt = row[i + 1 : i + 2]
            i += {"x": 4, "u": 6, "U": 10}.get(nxt, 2)
        elif quote == "'" and row[i] == "'" and row[i + 1 : i + 2] == "'":
            i += 2
        else:
            i += 1
    return i


class _Builder:
    def __init__(self, file: str) -> None:
        self.doc = Document(file=file, data=None)
        self.problems: list[Problem] = []
        self.count = 0
        self.seen: set[int] = set()
        self.anchored: set[int] = set()

    def _pos(self, node: Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _err(self, node: Node, message: str) -> None:
        line, col = self._pos(node)
        self.problems.append(Problem(self.doc.file, line, col, message))

    def build(self, node: Node, path: PathKey, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(self._pos(node))
        if depth > MAX_DEPTH:
            self._err(node, f"nested more than {MAX_DEPTH} levels deep")
            return None
        if id(node) in self.seen:
            # An alias: the same node again. Report its anchor once (the C composer does not
            # record anchors on nodes, so this is where they are found).
            self._anchor(node)
            return None
        self.seen.add(id(node))
        self.doc.positions[path] = self._pos(node)
        if getattr(node, "anchor", None):
            self._anchor(node)
        if isinstance(node, ScalarNode):
            if node.style in ("'", '"'):
                self.doc.quoted.add(path)
            self.doc.spans[path] = (
                node.style or None,
                node.start_mark.line,
                node.start_mark.column,
                node.end_mark.line,
                node.end_mark.column,
            )
            return self._scalar(node)
        default_tag = _COLLECTION_TAGS.get(type(node))
        if node.tag != default_tag:
            self._err(node, f"unsupported YAML tag {node.tag!r}; use plain values")
            return None
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        self._err(node, "unsupported YAML node")
        return None

    def _anchor(self, node: Node) -> None:
        if id(node) not in self.anchored:
            self.anchored.add(id(node))
            self._err(node, "anchors and aliases (&name / *name) are not allowed in these files")

    def _scalar(self, node: ScalarNode) -> Any:
        kind = _SCALAR_TAGS.get(node.tag)
        text = node.value
        if kind is None:
            self._err(node, f"unsupported YAML tag {node.tag!r}; use plain values")
            return None
        if kind == "str":
            return text
        if kind == "null":
            return None
        if kind == "bool":
            return text.lower() == "true"
        try:
            if kind == "int":
                cleaned = text.replace("_", "")
                if len(cleaned) > 30:
                    self._err(node, "number is too long")
                    return None
                return int(cleaned, 0) if cleaned[:2].lower() in ("0x", "0o") else int(cleaned)
            cleaned = text.replace("_", "").lower()
            if cleaned in (".inf", "+.inf", "-.inf", ".nan"):
                self._err(node, "infinite or not-a-number values are not allowed")
                return None
            return float(cleaned)
        except ValueError:
            self._err(node, f"cannot read {text!r} as a number")
            return None

    def _mapping(self, node: MappingNode, path: PathKey, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in (
                "tag:yaml.org,2002:str",
                "tag:yaml.org,2002:int",
                "tag:yaml.org,2002:bool",
                "tag:yaml.org,2002:null",
                "tag:yaml.org,2002:float",
            ):
                self._err(key_node, "keys must be plain words")
                continue
            if key_node.tag == "tag:yaml.org,2002:str" and key_node.value == "<<":
                self._err(key_node, "merge keys (<<) are not allowed in these files")
                continue
            key = str(key_node.value)
            if key in out:
                first = self.doc.key_positions.get((*path, key), (0, 0))
                self._err(
                    key_node,
                    f"duplicate key {key!r} (first defined at line {first[0]}); "
                    "each key may appear once",
                )
                continue
            self.doc.key_positions[(*path, key)] = self._pos(key_node)
            out[key] = self.build(value_node, (*path, key), depth + 1)
        return out


class _TooBig(Exception):
    def __init__(self, pos: tuple[int, int]) -> None:
        self.pos = pos


def _decode(file: str, raw: bytes) -> str:
    if b"\x00" in raw[:8192] or b"\x00" in raw:
        offset = raw.index(b"\x00")
        line = raw.count(b"\n", 0, offset) + 1
        col = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
        raise ProblemsError([Problem(file, line, col, "this looks like a binary file, not YAML")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ProblemsError(
            [Problem(file, line, col, "the file is not valid UTF-8 text; save it as UTF-8")]
        ) from None
    return text.removeprefix("\ufeff")


class _Resolver(VersionedResolver):
    """ruamel's resolver, asking for the YAML version once per document instead of twice per value.

    ruamel asks for the version of every plain value it resolves; with the C parser (which reports
    no ``%YAML`` directive) each answer costs two caught ``AttributeError``s, about half the time
    of composing a scenario file. The answer cannot change within a document the C parser reads,
    so it is kept; under the pure-Python parser (which can meet a directive) it is asked each time.
    """

    @property
    def processing_version(self) -> Any:
        kept = self.__dict__.get("_kept_version")
        if kept is not None:
            return kept
        version = VersionedResolver.processing_version.fget(self)  # type: ignore[attr-defined]
        if not hasattr(self.loadumper, "_scanner"):  # the C parser: one version for the document
            self.__dict__["_kept_version"] = version
        return version


def safe_yaml() -> YAML:
    """ruamel's safe loader (the C parser when ruamel.yaml.clib is installed) with the resolver above."""
    yaml = YAML(typ="safe")
    yaml.Resolver = _Resolver
    return yaml


def read_yaml_text(text: str, file: str = "<text>") -> Document:
    """Parse YAML ``text`` into a :class:`Document`; raise :class:`ProblemsError`."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise ProblemsError([Problem(file, 1, 1, _too_big_message())])
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise ProblemsError([Problem(file, 1, 1, "the file is empty")])
    _precheck(text, file)
    yaml = safe_yaml()
    try:
        root = yaml.compose(io.StringIO(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(str(x) for x in (exc.problem, exc.context) if x) or "invalid YAML"
        raise ProblemsError([Problem(file, line, col, f"YAML syntax: {message}")]) from None
    except YAMLError as exc:
        raise ProblemsError([Problem(file, 1, 1, f"YAML syntax: {exc}")]) from None
    except RecursionError:
        raise ProblemsError([Problem(file, 1, 1, "the file is nested too deeply")]) from None
    if root is None:
        raise ProblemsError([Problem(file, 1, 1, "the file is empty")])
    builder = _Builder(file)
    builder.doc.lines = text.splitlines()
    try:
        builder.doc.data = builder.build(root, (), 0)
    except _TooBig as big:
        raise ProblemsError(
            [Problem(file, *big.pos, f"the file has more than {MAX_NODES} values")]
        ) from None
    if builder.problems:
        raise ProblemsError(builder.problems)
    return builder.doc


MAX_SEPARATORS = 60_000


def _precheck(text: str, file: str) -> None:
    """Refuse, before the (pure-Python, slow) parser runs, what cannot be a scenario."""
    separators = text.count("\n") + text.count(",")
    if separators > MAX_SEPARATORS:
        raise ProblemsError(
            [Problem(file, 1, 1, f"the file has more than {MAX_SEPARATORS:,} lines and values")]
        )
    depth = deepest = 0
    for number, row in enumerate(text.split("\n"), start=1):
        if "[" not in row and "]" not in row and "{" not in row and "}" not in row:
            continue  # most lines: no bracket to look at
        for ch in _flow_indicators(row):
            if ch in "[{":
                depth += 1
                if depth > deepest:
                    deepest = depth
                    if deepest > MAX_DEPTH:
                        raise ProblemsError(
                            [Problem(file, number, 1, f"nested more than {MAX_DEPTH} levels deep")]
                        )
            else:
                depth = max(0, depth - 1)


def _flow_indicators(row: str) -> list[str]:
    """The brackets on one line that open or close a flow collection: those at the start of a
    token, skipping quoted text, comments and brackets inside plain text."""
    found: list[str] = []
    i, n = 0, len(row)
    token_start = True
    while i < n:
        ch = row[i]
        if ch in " \t":
            i += 1
            continue
        if ch == "#" and (i == 0 or row[i - 1] in " \t"):
            break
        if token_start and ch in "'\"":
            i += 1
            while i < n:
                if ch == '"' and row[i] == "\\":
                    i += 2
                    continue
                if row[i] == ch:
                    if ch == "'" and i + 1 < n and row[i + 1] == "'":
                        i += 2
                        continue
                    break
                i += 1
            i += 1
            token_start = False
            continue
        if ch in "[{" and token_start:
            found.append(ch)
        elif ch in "]}" and found is not None:
            found.append(ch)
        token_start = ch in "[{,:-?"
        i += 1
    return found


def read_yaml_file(path: str | Path) -> Document:
    """Read and parse a YAML file with all the safety checks of :func:`read_yaml_text`."""
    name = str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
        if not p.is_file():
            raise ProblemsError([Problem(name, 1, 1, "not a regular file")])
        if size > MAX_BYTES:
            raise ProblemsError([Problem(name, 1, 1, _too_big_message(size))])
        raw = p.read_bytes()[: MAX_BYTES + 1]
    except FileNotFoundError:
        raise ProblemsError([Problem(name, 1, 1, "file not found")]) from None
    except IsADirectoryError:
        raise ProblemsError([Problem(name, 1, 1, "this is a folder, not a file")]) from None
    except PermissionError:
        raise ProblemsError([Problem(name, 1, 1, "permission denied")]) from None
    except OSError as exc:
        raise ProblemsError([Problem(name, 1, 1, f"cannot read the file: {exc.strerror}")]) from None
    if len(raw) > MAX_BYTES:
        raise ProblemsError([Problem(name, 1, 1, _too_big_message(len(raw)))])
    return read_yaml_text(_decode(name, raw), name)


def _too_big_message(size: int | None = None) -> str:
    shown = f" ({size:,} bytes)" if size else ""
    return f"the file is too large{shown}; the limit is {MAX_BYTES // (1024 * 1024)} MB"
