"""What the simulator keeps and what leaves the machine (docs/RECORDS.md).

``store`` (sessions and their actions) and ``migrations`` (schema versions); ``trainees`` (name-only
profiles, cached attempt results) and ``progress`` (what changed between attempts); ``xapi``
(statements), ``export`` (CSV/JSON/xAPI files and reading them back), ``outbox`` (delivery to a
learning record store), ``cohort`` (most-missed guidance points) and ``paths`` (where the app's
store is). None of them imports the engine, scoring or Qt: they work on attempt records, which
``simulator.control.results`` builds from sessions.
"""
