#!/usr/bin/env bash
# Install the npm dependencies of examples/<name> for each name given, when missing or out of date
# (package.json or package-lock.json newer than the last install). The examples depend on the built
# package through `file:../../pkg`, the way a user's project would; run `make build` first.
# examples/node compiles better-sqlite3 with node-gyp on first install (about 70-140 s on 2 cores).
# The Workers' dev dependency (wrangler, which needs Node 22) is skipped: the tests run the pinned
# Wrangler of scripts/edge under its own Node 22 (scripts/wrangler.sh).
set -euo pipefail
cd "$(dirname "$0")/../examples"
for name in "$@"; do
  stamp="$name/node_modules/.install-stamp"
  if [ -f "$stamp" ] && [ ! "$name/package.json" -nt "$stamp" ] && { [ ! -f "$name/package-lock.json" ] || [ ! "$name/package-lock.json" -nt "$stamp" ]; }; then
    continue
  fi
  echo "examples-install: npm install in examples/$name"
  omit=()
  case $name in worker*) omit=(--omit=dev) ;; esac
  (cd "$name" && npm install --no-audit --no-fund --loglevel=error "${omit[@]}")
  touch "$stamp"
done
