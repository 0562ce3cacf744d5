#!/usr/bin/env bash
# Set up (with the test extras), then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh dev
exec .venv/bin/python -m pytest "$@"
