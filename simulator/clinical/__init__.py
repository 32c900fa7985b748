"""Pure clinical rules and calculators (no Qt): each result says which guidance it applies.

- ``catalogue``: the guidance ids, summaries and sources (``guidance.yaml``)
- ``mme``: morphine milligram equivalents; ``dsm5``: opioid use disorder; ``cows``: withdrawal
- ``taper``: taper plans and rate checks; ``moud`` and ``naloxone``: treatment checks
- ``risk``: seed risk factors and the Opioid Risk Tool
- ``safety``: plan safety (every rule a plan can break, docs/SAFETY.md); ``drugs``: drug classes
- ``rules``: the one home of every wait, washout, threshold, taper limit and dose limit
"""
