"""``python -m newsledger.cli``: the newsledger command."""

from newsledger.cli import main

main(prog_name="newsledger")
