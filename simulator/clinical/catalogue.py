"""The guidance catalogue: stable ids for every fact the simulator scores against.

The data lives in ``guidance.yaml`` beside this module and is loaded once. Every entry names
the documents and sections it comes from, so feedback can always say where a rule comes from.

Source keys: ``A`` and ``B`` are the two seed articles, ``CDC22`` the CDC 2022 opioid guideline,
``DSM5`` the DSM-5 opioid use disorder criteria, ``NIDA`` the NIDA "Words Matter" page, plus
``ASAM``, ``FDA``, ``CFR42``, ``COWS``, ``KRANTZ`` and ``ORT`` for the calculators' own references.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ruamel.yaml import YAML

LEVELS = frozenset(
    {
        "seed",
        "CDC 2022",
        "DSM-5",
        "NIDA",
        "ASAM 2020",
        "FDA label",
        "regulation",
        "instrument",
        "expert consensus",
    }
)


@dataclass(frozen=True)
class Source:
    """One place a piece of guidance comes from."""

    key: str
    document: str
    section: str

    def cite(self) -> str:
        """Short human-readable citation, e.g. ``CDC22, "Recommendation 5"``."""
        return f'{self.key}, "{self.section}"'

    def cite_document(self) -> str:
        """Citation with the document's title, for trainees, e.g.
        ``Chronic Pain and Opioid Addiction, "Opioid-Induced Hyperalgesia..."``."""
        return f'{self.document.split(" (")[0]}, "{self.section}"'


@dataclass(frozen=True)
class Guidance:
    """One catalogued fact, in the project's own words, with its sources."""

    id: str
    title: str
    summary: str
    sources: tuple[Source, ...]
    level: str
    conflict: str | None
    scoring_note: str | None

    def cite(self) -> str:
        """All sources joined, e.g. ``A, "..."; CDC22, "Recommendation 5"``."""
        return "; ".join(source.cite() for source in self.sources)

    def cite_documents(self) -> str:
        """All sources joined, each document's title once, followed by its sections."""
        groups: dict[str, list[str]] = {}
        for source in self.sources:
            groups.setdefault(source.document.split(" (")[0], []).append(f'"{source.section}"')
        return "; ".join(f"{doc}, {', '.join(sections)}" for doc, sections in groups.items())


class CatalogueError(ValueError):
    """The bundled guidance.yaml is malformed (a packaging bug, not a user error)."""


def _text(entry: dict[str, Any], field: str, where: str, *, optional: bool = False) -> str | None:
    value = entry.get(field)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        raise CatalogueError(f"{where}: field '{field}' must be a non-empty string")
    return " ".join(value.split())


def _parse(raw: Any) -> dict[str, Guidance]:
    if not isinstance(raw, dict):
        raise CatalogueError("guidance.yaml: top level must be a mapping")
    documents = raw.get("documents")
    entries = raw.get("guidance")
    if not isinstance(documents, dict) or not isinstance(entries, list):
        raise CatalogueError("guidance.yaml: needs a 'documents' mapping and a 'guidance' list")
    catalogue: dict[str, Guidance] = {}
    for index, entry in enumerate(entries):
        where = f"guidance.yaml: entry {index}"
        if not isinstance(entry, dict):
            raise CatalogueError(f"{where}: must be a mapping")
        gid = _text(entry, "id", where)
        where = f"guidance.yaml: {gid}"
        if gid in catalogue:
            raise CatalogueError(f"{where}: duplicate id")
        level = _text(entry, "level", where)
        if level not in LEVELS:
            raise CatalogueError(f"{where}: unknown level {level!r}")
        raw_sources = entry.get("sources")
        if not isinstance(raw_sources, list) or not raw_sources:
            raise CatalogueError(f"{where}: needs at least one source")
        sources = []
        for raw_source in raw_sources:
            key = raw_source.get("key") if isinstance(raw_source, dict) else None
            if key not in documents:
                raise CatalogueError(f"{where}: source key {key!r} is not in 'documents'")
            section = _text(raw_source, "section", where)
            sources.append(Source(key=key, document=str(documents[key]), section=section))
        catalogue[gid] = Guidance(
            id=gid,
            title=_text(entry, "title", where),
            summary=_text(entry, "summary", where),
            sources=tuple(sources),
            level=level,
            conflict=_text(entry, "conflict", where, optional=True),
            scoring_note=_text(entry, "scoring_note", where, optional=True),
        )
    return catalogue


@functools.cache
def _catalogue() -> dict[str, Guidance]:
    text = resources.files(__package__).joinpath("guidance.yaml").read_text(encoding="utf-8")
    return _parse(YAML(typ="safe").load(text))


def get(guidance_id: str) -> Guidance:
    """Return the guidance with this id; ``KeyError`` naming the id if it is not catalogued."""
    try:
        return _catalogue()[guidance_id]
    except KeyError:
        raise KeyError(
            f"unknown guidance id {guidance_id!r}: not in the guidance catalogue "
            f"(simulator/clinical/guidance.yaml)"
        ) from None


def case_entry(guidance_id: str, title: str, summary: str, document: str, section: str) -> Guidance:
    """A teaching point a scenario declares for itself (``guidance:`` in the file), shaped like a
    catalogue entry so that the debrief cites it the same way. Its level is ``case``."""
    return Guidance(
        id=guidance_id,
        title=" ".join(title.split()),
        summary=" ".join(summary.split()),
        sources=(Source(key="case", document=" ".join(document.split()), section=" ".join(section.split())),),
        level="case",
        conflict=None,
        scoring_note=None,
    )


def lookup(guidance_id: str, case: dict[str, Guidance] | None = None) -> Guidance:
    """The entry for ``guidance_id``: the case's own entries first, then the catalogue."""
    if case and guidance_id in case:
        return case[guidance_id]
    return get(guidance_id)


def all_ids() -> frozenset[str]:
    """Every catalogued guidance id."""
    return frozenset(_catalogue())


def all_guidance() -> list[Guidance]:
    """Every catalogued entry, in file order."""
    return list(_catalogue().values())
