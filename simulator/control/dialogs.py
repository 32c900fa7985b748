"""The one interface through which the core asks the user something or tells them something.

The app passes a Qt implementation (``simulator.ui.dialogs.QtDialogs``); tests and headless
callers pass :class:`ScriptedDialogs`. Nothing in the core opens a window itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Choice:
    """One button of a question: ``id`` is what :meth:`Dialogs.ask` returns."""

    id: str
    label: str


class Dialogs(Protocol):
    def ask(self, title: str, text: str, choices: Sequence[Choice]) -> str | None:
        """Show ``text`` with one button per choice; the chosen id, or None if dismissed."""
        ...

    def inform(self, title: str, text: str, *, warning: bool = False) -> None:
        """Show ``text`` until the user has read it."""
        ...

    def save_path(self, title: str, suggested: str, kinds: Sequence[tuple[str, str]]) -> str | None:
        """Ask where to save a file. ``kinds`` are (description, extension) pairs, e.g.
        ("PDF report", "pdf"); the path chosen, ending in one of the extensions, or None."""
        ...


@dataclass
class Shown:
    title: str
    text: str
    choices: tuple[str, ...] = ()


@dataclass
class ScriptedDialogs:
    """Answers questions from a list (None once it runs out) and keeps everything shown."""

    answers: list[str | None] = field(default_factory=list)
    shown: list[Shown] = field(default_factory=list)
    paths: list[str | None] = field(default_factory=list)
    """What :meth:`save_path` answers, in turn (None once it runs out: the user cancelled)."""

    def __init__(self, answers: Iterable[str | None] = (), paths: Iterable[str | None] = ()) -> None:
        self.answers = list(answers)
        self.shown = []
        self.paths = list(paths)

    def ask(self, title: str, text: str, choices: Sequence[Choice]) -> str | None:
        self.shown.append(Shown(title, text, tuple(c.id for c in choices)))
        return self.answers.pop(0) if self.answers else None

    def inform(self, title: str, text: str, *, warning: bool = False) -> None:
        self.shown.append(Shown(title, text))

    def save_path(self, title: str, suggested: str, kinds: Sequence[tuple[str, str]]) -> str | None:
        self.shown.append(Shown(title, suggested, tuple(ext for _d, ext in kinds)))
        return self.paths.pop(0) if self.paths else None
