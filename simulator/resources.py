"""Where the installed package keeps its data: bundled scenarios and the UI's assets (no Qt).

The repository keeps ``assets/`` and ``scenarios/`` at its top level; pyproject.toml installs
them inside the package as ``simulator._assets`` and ``simulator._scenarios``, so a wheel, an
editable install and the one-folder app all find them with :mod:`importlib.resources`.
"""

from __future__ import annotations

import importlib
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[1]


def _folder(package: str, checkout_name: str) -> Path:
    try:
        module = importlib.import_module(package)
    except ModuleNotFoundError:
        # An editable install made before the folders were mapped into the package
        # (re-run ``pip install -e .`` to fix it): read them from the source checkout.
        return _CHECKOUT / checkout_name
    # A package on disk (a checkout, a wheel, the one-folder app) names its folder directly;
    # importlib.resources (a dozen modules, before the first paint) only for anything else.
    for entry in getattr(module, "__path__", ()):
        if Path(entry).is_dir():
            return Path(entry)
    from importlib import resources

    root = resources.files(package)
    return root if isinstance(root, Path) else Path(str(root))


def assets_folder() -> Path:
    """The folder of portraits, themes and icons."""
    return _folder("simulator._assets", "assets")


def scenarios_folder() -> Path:
    """The folder of bundled scenario files (``*.yaml``) and their ``playthroughs/``."""
    return _folder("simulator._scenarios", "scenarios")


def bundled_scenarios() -> list[Path]:
    """Every bundled scenario file, sorted by name."""
    return sorted(scenarios_folder().glob("*.yaml"))
