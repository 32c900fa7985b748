"""Findings and citations: how every clinical check says what applies and where it comes from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from simulator.clinical import catalogue

Severity = Literal["pass", "flag", "fail", "critical"]
SEVERITIES: tuple[Severity, ...] = ("pass", "flag", "fail", "critical")


@dataclass(frozen=True)
class Citation:
    """A guidance id from the catalogue and its sources, ready to print."""

    guidance_id: str
    source: str
    documents: str = ""  # the same sources with the documents' titles, for trainees

    @classmethod
    def of(cls, guidance_id: str, keys: tuple[str, ...] = ()) -> Citation:
        """Cite a catalogue entry (``KeyError`` if the id is not catalogued).

        ``keys`` narrows the citation to the sources that apply (e.g. ``("CDC22",)``); by
        default every source of the entry is cited.
        """
        entry = catalogue.get(guidance_id)
        sources = [s for s in entry.sources if not keys or s.key in keys]
        if not sources:
            raise ValueError(f"{guidance_id} has no source with key in {keys}")
        titled = "; ".join(s.cite_document() for s in sources)
        return cls(guidance_id, "; ".join(s.cite() for s in sources), titled)


@dataclass(frozen=True)
class Finding:
    """The result of one check against one piece of guidance.

    ``severity``: ``pass`` (meets the guidance), ``flag`` (questionable, worth discussing),
    ``fail`` (goes against the guidance) or ``critical`` (a critical error, shown first).
    """

    guidance_id: str
    severity: Severity
    message: str
    source: str
    documents: str = ""  # the sources with the documents' titles, for trainees

    @property
    def passed(self) -> bool:
        return self.severity == "pass"

    @property
    def critical(self) -> bool:
        return self.severity == "critical"


def finding(guidance_id: str, severity: Severity, message: str, keys: tuple[str, ...] = ()) -> Finding:
    """Build a finding, filling its source from the catalogue (narrowed to ``keys`` if given)."""
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}")
    citation = Citation.of(guidance_id, keys)
    return Finding(guidance_id, severity, message, citation.source, citation.documents)
