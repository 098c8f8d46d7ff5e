#!/usr/bin/env bash
# Deno (from the npm package `deno`): pack + install the tarball into a throwaway project and run the
# suite with `deno test`, importing 'wx-open-data' by name, with no permission flags at all.
set -euo pipefail
deno="$(cd "$(dirname "$0")/../.." && pwd)/node_modules/.bin/deno"
source "$(dirname "$0")/../lib/consumer.sh"
cp "$root/js-tests/deno/suite.test.mjs" .
"$deno" --version | head -1
NO_COLOR=1 "$deno" test --no-lock --no-check --no-prompt suite.test.mjs
