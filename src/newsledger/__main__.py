"""``python -m newsledger``: the newsledger command."""

from newsledger.cli import main

main(prog_name="newsledger")
