"""The ``newsledger`` command: thin faces over ``newsledger.ledger.Ledger``, one module per group of commands.

``app`` holds the group and what every command shares; each other module
registers its commands on it when imported here, and none imports another,
so ``python -m newsledger --help`` (and ``python -m newsledger.cli``) lists
every command.
"""

import sys

try:
    from newsledger.cli import articles, bench, evaluate, export, facts, ingest, schema, serve, stories  # noqa: F401
    from newsledger.cli.app import main
except KeyboardInterrupt:  # Ctrl-C while the command starts (importing takes a second or two): no traceback
    sys.stderr.write("newsledger: interrupted\n")
    raise SystemExit(130) from None

__all__ = ["main"]
