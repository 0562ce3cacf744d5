#!/usr/bin/env bash
# Create .venv (Python 3.11+) and install newsledger with hash-pinned dependencies.
# Usage: scripts/bootstrap.sh [runtime|dev|train]   (default: runtime; train adds scikit-learn to retrain the cue tagger)
# Idempotent: a second run only checks that everything is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-runtime}"
lock=requirements.lock
[ "$kind" = dev ] && lock=requirements-dev.lock
[ "$kind" = train ] && lock=requirements-train.lock

py=""
for candidate in python3.11 python3.12 python3.13 python3; do
  if command -v "$candidate" >/dev/null 2>&1 &&
     "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
    py="$candidate"; break
  fi
done
if [ -z "$py" ]; then
  echo "newsledger: Python 3.11 or newer is needed (none found on PATH)" >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  "$py" -m venv .venv
fi
stamp=".venv/.installed-$kind-$(sha256sum "$lock" pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r "$lock"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
  # The lock is complete, so it is installed without resolving (a newer release
  # on PyPI cannot slip in through an extra such as lxml[html_clean]); pip check
  # then checks the installed packages' version requirements, the project's own
  # included (it does not look at extras: the lock, made by pip-compile, lists them).
  if ! broken=$(.venv/bin/python -m pip check --disable-pip-version-check); then
    echo "newsledger: $lock does not satisfy every requirement: $broken" >&2
    exit 1
  fi
  touch "$stamp"
fi
