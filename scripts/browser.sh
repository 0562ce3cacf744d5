#!/usr/bin/env bash
# Make sure Debian's Chromium is there for the web app's browser tests (Playwright drives it through
# executable_path; Playwright's own browser download cannot work offline). Installs it with apt-get
# when missing and running as root; otherwise says why the browser tests will skip.
# Prints the path of the browser on stdout when there is one.
set -euo pipefail
browser="${NEWSLEDGER_CHROMIUM:-$(command -v chromium || true)}"
if [ -z "$browser" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "newsledger: installing Debian's chromium for the browser tests" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends chromium fonts-liberation >&2
  browser="$(command -v chromium || true)"
fi
if [ -z "$browser" ]; then
  echo "newsledger: no chromium (apt-get install chromium, or set NEWSLEDGER_CHROMIUM): browser tests will skip" >&2
  exit 0
fi
echo "$browser"
