"""The steps of a session, in order (id, label): :data:`simulator.scenario.vocabulary.PHASES`.

A module of its own so that the library can name the step a saved session is at without
importing the vocabulary, which reads the clinical catalogues and imports ruamel and lark.
"""

from __future__ import annotations

PHASES: tuple[tuple[str, str], ...] = (
    ("chart", "Chart"),
    ("interview", "Interview"),
    ("assessment", "Assessment"),
    ("plan", "Plan"),
    ("visit", "Follow-up"),
    ("debrief", "Debrief"),
)
