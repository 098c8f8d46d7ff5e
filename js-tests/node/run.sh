#!/usr/bin/env bash
# Pack pkg/ with npm, install the tarball into a throwaway project, and run the suite there with
# node:test on ESM and CJS: the package is imported by its name, the way users do.
set -euo pipefail
source "$(dirname "$0")/../lib/consumer.sh"
cp "$root/js-tests/node/esm.test.mjs" "$root/js-tests/node/cjs.test.cjs" "$root/js-tests/node/cli.test.mjs" "$root/js-tests/node/simd.test.mjs" "$root/js-tests/node/webcrypto.test.mjs" .
node --test --test-reporter=spec esm.test.mjs cjs.test.cjs cli.test.mjs simd.test.mjs webcrypto.test.mjs
