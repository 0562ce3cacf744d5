#!/usr/bin/env bash
# Set up (with the test extras and, as root on Debian, the chromium package), then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh dev
browser="$(bash scripts/browser.sh)"
if [ -n "$browser" ]; then
  # installed: the browser tests must run, not skip
  export NEWSLEDGER_CHROMIUM="$browser" NEWSLEDGER_REQUIRE_BROWSER=1
fi
exec .venv/bin/python -m pytest "$@"
