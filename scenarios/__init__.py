"""The bundled scenarios and their playthroughs; installed as the package ``simulator._scenarios``.

Only the ``*.yaml`` files here are scenarios. pyproject.toml maps this folder into the package so
that a wheel or an app bundle carries it (see :func:`simulator.resources.bundled_scenarios`).
"""
