#!/usr/bin/env bash
# Set up, then ingest the bundled sample into ./newsledger.db and summarise what was found (articles, claims, counts, stories).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh runtime
.venv/bin/newsledger ingest samples/seed-dump.txt "$@"
.venv/bin/newsledger articles
.venv/bin/newsledger claims --limit 12
.venv/bin/newsledger counts
.venv/bin/newsledger stories --limit 5
