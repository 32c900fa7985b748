"""The headless command line (``python -m simulator COMMAND``, SPEC section 5).

One module per command; :mod:`simulator.commands.cli` parses the arguments and dispatches.
Commands drive the core through :mod:`simulator.control`, the same application layer the desktop
app uses, so a command and a click take one path.
"""
