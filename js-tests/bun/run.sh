#!/usr/bin/env bash
# Bun (from the npm package `bun`): pack + install the tarball into a throwaway project and run the
# suite with `bun test`, importing 'wx-open-data' by name.
set -euo pipefail
bun="$(cd "$(dirname "$0")/../.." && pwd)/node_modules/.bin/bun"
source "$(dirname "$0")/../lib/consumer.sh"
cp "$root/js-tests/bun/suite.test.mjs" .
echo "bun $("$bun" --version)"
NO_COLOR=1 "$bun" test ./suite.test.mjs
