#!/usr/bin/env bash
# Pack pkg/ with npm, install the tarball into a throwaway project, and run the suite there with
# node:test on ESM and CJS: the package is imported by its name, the way users do.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tarball=$(cd "$root/pkg" && npm pack --silent --pack-destination "$work" 2>/dev/null | tail -1)
mkdir -p "$work/app/vectors"
cd "$work/app"
printf '{ "name": "wx-open-data-node-consumer", "private": true, "version": "0.0.0" }\n' > package.json
npm install --no-audit --no-fund --silent "$work/$tarball" >/dev/null 2>&1
cp "$root/js-tests/suite.mjs" "$root/js-tests/node/esm.test.mjs" "$root/js-tests/node/cjs.test.cjs" .
cp "$root"/tests/vectors/*.json vectors/
node --test --test-reporter=spec esm.test.mjs cjs.test.cjs
