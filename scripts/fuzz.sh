#!/usr/bin/env bash
# Fuzz the CLI with hostile input files and ledgers (tests/fuzz) for longer than the test suite does.
#
#   scripts/fuzz.sh [N] [pytest args...]
#
# N (default 1000) random cases per in-process property, N/25 per property that needs a subprocess per
# case. Prints each failure Hypothesis shrank to a minimal case, then how many cases ran and how many
# runs hung, printed a traceback, exited outside 0/1/2, or changed a ledger they should not have.
set -euo pipefail
cd "$(dirname "$0")/.."
examples="${1:-1000}"
if [[ $# -gt 0 ]]; then shift; fi
if ! [[ "$examples" =~ ^[0-9]+$ ]]; then
  echo "fuzz.sh: N must be a number of cases, not '$examples'" >&2
  exit 2
fi
export NEWSLEDGER_FUZZ_EXAMPLES="$examples"
export PYTHONPATH="tests${PYTHONPATH:+:$PYTHONPATH}"
exec .venv/bin/python -m pytest tests/fuzz --fuzz-long -p fuzz.report -p no:cacheprovider -q "$@"
