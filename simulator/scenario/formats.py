"""Scenario file format versions and the steps that upgrade an older file to the current one.

Every file says ``format: N``. When the format changes, a step from N to N + 1 is registered in
:data:`UPGRADES`; it edits the raw YAML data (before the models see it) and says in words what it
changed. Two things use the steps:

* the loader (:func:`upgrade_data`), on a copy of plain data, so that older files keep loading;
* ``python -m simulator migrate FILE`` (:func:`migrate_text`), on ruamel's round-trip data, so
  that the file is rewritten in the current format with its comments, order and layout kept.

Format 1 is current: no step is registered yet. Tests register a step from a made-up format 0 to
check the machinery.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from simulator.errors import Problem, ProblemsError

CURRENT_FORMAT = 1


@dataclass(frozen=True)
class Upgrade:
    """One step from ``source`` to ``source + 1``: ``apply`` edits the data in place and returns
    what it changed, one plain sentence each (an empty list if nothing needed changing)."""

    source: int
    summary: str
    apply: Callable[[MutableMapping[str, Any]], list[str]]


#: Steps by the format they upgrade from.
UPGRADES: dict[int, Upgrade] = {}


def register(step: Upgrade) -> Upgrade:
    """Add ``step`` to the registry (one step per source format)."""
    if step.source in UPGRADES:
        raise ValueError(f"an upgrade from format {step.source} is already registered")
    UPGRADES[step.source] = step
    return step


def oldest_format() -> int:
    """The oldest format this simulator can still read."""
    version = CURRENT_FORMAT
    while version - 1 in UPGRADES:
        version -= 1
    return version


def rename_key(mapping: MutableMapping[str, Any], old: str, new: str) -> bool:
    """Rename ``old`` to ``new`` in place, keeping the key's position (and, in round-trip data,
    its comments). False if ``old`` is absent or ``new`` already exists."""
    if old not in mapping or new in mapping:
        return False
    keys = list(mapping)
    position = keys.index(old)
    value = mapping[old]
    comment = None
    ca = getattr(mapping, "ca", None)
    if ca is not None:
        comment = ca.items.pop(old, None)
    del mapping[old]
    if hasattr(mapping, "insert"):
        mapping.insert(position, new, value)  # type: ignore[attr-defined]
    else:  # a plain dict: rebuild the order
        rest = [(k, mapping.pop(k)) for k in keys[position + 1 :]]
        mapping[new] = value
        mapping.update(rest)
    if ca is not None and comment is not None:
        ca.items[new] = comment
    return True


def _version(data: Any, file: str, where: tuple[int, int]) -> int | None:
    if not isinstance(data, MutableMapping):
        return None
    version = data.get("format")
    if not isinstance(version, int) or isinstance(version, bool):
        return None  # the models report a missing or wrong format
    if version > CURRENT_FORMAT:
        raise ProblemsError(
            [
                Problem(
                    file,
                    *where,
                    f"format: {version} is newer than this simulator reads (format {CURRENT_FORMAT}); "
                    "update the simulator",
                )
            ]
        )
    if version < oldest_format():
        raise ProblemsError(
            [
                Problem(
                    file,
                    *where,
                    f"format: {version} is too old to read; formats {oldest_format()} to "
                    f"{CURRENT_FORMAT} can be read",
                )
            ]
        )
    return version


def _upgrade(data: MutableMapping[str, Any], version: int) -> list[str]:
    changes: list[str] = []
    while version < CURRENT_FORMAT:
        step = UPGRADES[version]
        changes += step.apply(data)
        version += 1
        data["format"] = version
        changes.append(f"format: {version - 1} -> {version} ({step.summary})")
    return changes


def upgrade_data(data: Any, file: str = "<data>", where: tuple[int, int] = (1, 1)) -> Any:
    """``data`` in the current format: the same object if it is current, else an upgraded copy."""
    version = _version(data, file, where)
    if version is None or version == CURRENT_FORMAT:
        return data
    upgraded = copy.deepcopy(data)
    _upgrade(upgraded, version)
    return upgraded


def migrate_text(text: str, file: str = "<text>") -> tuple[str, list[str]]:
    """(the text rewritten in the current format, what changed); the text itself if current.

    Comments, key order and layout are kept by ruamel's round-trip mode.
    """
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = yaml.load(text)
    version = _version(data, file, (1, 1))
    if version is None:
        raise ProblemsError(
            [Problem(file, 1, 1, "the file has no 'format: N' line, so it cannot be migrated")]
        )
    if version == CURRENT_FORMAT:
        return text, []
    changes = _upgrade(data, version)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue(), changes
