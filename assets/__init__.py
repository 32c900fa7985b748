"""The app's portraits, themes and icons; installed as the package ``simulator._assets``.

The folder stays at the top of the repository; pyproject.toml maps it into the package so that a
wheel or an app bundle carries it (read through :mod:`simulator.ui.resources`).
"""
