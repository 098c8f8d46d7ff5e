#!/usr/bin/env bash
# Packaging tests with bundlers: Vite and webpack (pinned in js-tests/bundlers/package-lock.json) build a
# page that imports wx-open-data from the packed tarball; headless Chromium runs each build (run.mjs).
# Needs `make build`. Usage: run.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
stamp="$here/node_modules/.install-stamp"
if [ ! -f "$stamp" ] || [ "$here/package-lock.json" -nt "$stamp" ]; then
  echo "bundlers: npm ci in js-tests/bundlers"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
  touch "$stamp"
fi
source "$here/../lib/consumer.sh"
node "$here/run.mjs" "$app"
